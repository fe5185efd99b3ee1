//! The order of a table after a `sort`. DataFusion drops a sort that no later operator
//! needs, so `sort by amount desc` followed by `dedup … keep first`, `fill` or
//! `first(…)` would see the rows in some other order. Steps that take rows in the table's
//! order ask [`order_of`] for the keys of the last sort and order by them explicitly.

use datafusion::common::tree_node::{Transformed, TreeNode};
use datafusion::logical_expr::{Expr, LogicalPlan, SortExpr};

/// The columns an expression reads.
fn columns_of(expr: &Expr) -> Vec<String> {
    expr.column_refs()
        .into_iter()
        .map(|c| c.name.clone())
        .collect()
}

/// The keys of the last `sort` under `plan`, seen through the nodes that keep the order of
/// rows: filters, limits, row counters, aliases, projections that pass the keys through
/// unchanged, and the numbering and sorting back by an ordinal that `fill` and `dedup`
/// do. `None` when the order is the input's (or unknown).
pub fn order_of(plan: &LogicalPlan) -> Option<Vec<SortExpr>> {
    let keys = match plan {
        LogicalPlan::Sort(sort) => match ordinal_of(sort) {
            // Sorted back by an ordinal: the order the rows were numbered in.
            Some(name) => numbered_order(&sort.input, &name)?,
            None => sort.expr.clone(),
        },
        LogicalPlan::Filter(f) => order_of(&f.input)?,
        LogicalPlan::Limit(l) => order_of(&l.input)?,
        LogicalPlan::SubqueryAlias(a) => order_of(&a.input)?,
        LogicalPlan::Extension(e) if e.node.inputs().len() == 1 => order_of(e.node.inputs()[0])?,
        LogicalPlan::Projection(p) => {
            // Each key column must come out of the projection unchanged, under its own
            // name or a new one (`rename`).
            let output = |name: &str| -> Option<String> {
                p.expr.iter().find_map(|e| match e {
                    Expr::Column(c) if c.name == name => Some(c.name.clone()),
                    Expr::Alias(a) => match a.expr.as_ref() {
                        Expr::Column(c) if c.name == name => Some(a.name.clone()),
                        _ => None,
                    },
                    _ => None,
                })
            };
            let mut renamed = Vec::new();
            for key in order_of(&p.input)? {
                let mut lost = false;
                let expr = key
                    .expr
                    .clone()
                    .transform(|e| match e {
                        Expr::Column(c) => match output(&c.name) {
                            Some(name) => Ok(Transformed::yes(crate::compile::column(&name))),
                            None => {
                                lost = true;
                                Ok(Transformed::no(Expr::Column(c)))
                            }
                        },
                        other => Ok(Transformed::no(other)),
                    })
                    .ok()?
                    .data;
                if lost {
                    return None;
                }
                renamed.push(SortExpr { expr, ..key });
            }
            renamed
        }
        _ => return None,
    };
    let schema = plan.schema();
    keys.iter()
        .all(|k| {
            columns_of(&k.expr)
                .iter()
                .all(|c| schema.has_column_with_unqualified_name(c))
        })
        .then_some(keys)
}

/// The column a sort orders by when it sorts by one internal row number.
fn ordinal_of(sort: &datafusion::logical_expr::Sort) -> Option<String> {
    match sort.expr.as_slice() {
        [key] => match &key.expr {
            Expr::Column(c) if c.name.starts_with("__wrangle_row") => Some(c.name.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// The order the `row_number()` defining `name` numbered its rows in.
fn numbered_order(plan: &LogicalPlan, name: &str) -> Option<Vec<SortExpr>> {
    match plan {
        LogicalPlan::Window(w) => {
            for e in &w.window_expr {
                if let Expr::Alias(alias) = e {
                    if alias.name == name {
                        if let Expr::WindowFunction(f) = alias.expr.as_ref() {
                            return if f.params.order_by.is_empty() {
                                order_of(&w.input)
                            } else {
                                Some(f.params.order_by.clone())
                            };
                        }
                    }
                }
            }
            numbered_order(&w.input, name)
        }
        _ => plan
            .inputs()
            .first()
            .and_then(|input| numbered_order(input, name)),
    }
}

/// Whether an expression holds an aggregate that takes values in the table's order and
/// has no order of its own.
pub fn reads_in_order(expr: &Expr) -> bool {
    let mut found = false;
    let _ = expr.apply(|e| {
        if let Expr::AggregateFunction(f) = e {
            found |= f.params.order_by.is_empty()
                && super::input_order::ORDER_SENSITIVE_AGGREGATES.contains(&f.func.name());
        }
        Ok(datafusion::common::tree_node::TreeNodeRecursion::Continue)
    });
    found
}

/// Aggregates that take values in the table's order (`first`, `last`, `list`,
/// `string_agg`) and were given no order of their own read them in `order`.
pub fn in_table_order(expr: Expr, order: &[SortExpr]) -> datafusion::error::Result<Expr> {
    expr.transform(|e| match e {
        Expr::AggregateFunction(mut f)
            if f.params.order_by.is_empty()
                && super::input_order::ORDER_SENSITIVE_AGGREGATES.contains(&f.func.name()) =>
        {
            f.params.order_by = order.to_vec();
            Ok(Transformed::yes(Expr::AggregateFunction(f)))
        }
        other => Ok(Transformed::no(other)),
    })
    .map(|t| t.data)
}

/// The order of the table's rows as sort keys, for a step that takes rows in order: the
/// last sort's keys ([`order_of`]) or, when they are gone, a hidden column holding each
/// row's place in the sort ([`numbered_at_sort`]), added to the returned plan and named
/// in the third value. No keys: the rows are in the input's order.
pub fn sorted_by(plan: LogicalPlan) -> (LogicalPlan, Option<Vec<SortExpr>>, Option<String>) {
    if let Some(keys) = order_of(&plan) {
        return (plan, Some(keys), None);
    }
    match numbered_at_sort(&plan) {
        Some((numbered, place)) => {
            let keys = vec![crate::compile::column(&place).sort(true, false)];
            (numbered, Some(keys), Some(place))
        }
        None => (plan, None, None),
    }
}

/// When [`order_of`] cannot name the order with the table's own columns (a key was
/// dropped or recomputed after the sort), the rows are numbered at the sort itself: a
/// hidden column, carried up through the nodes that keep the order of rows, holds each
/// row's place in the sorted table. Returns the plan with it and the column's name.
pub fn numbered_at_sort(plan: &LogicalPlan) -> Option<(LogicalPlan, String)> {
    let name = (0..)
        .map(|i| format!("__wrangle_sorted_{i}"))
        .find(|n| !mentions(plan, n))?;
    let numbered = number(plan, &name)?;
    Some((numbered, name))
}

/// Whether a column of this name appears anywhere in the plan.
fn mentions(plan: &LogicalPlan, name: &str) -> bool {
    plan.schema().has_column_with_unqualified_name(name)
        || plan.inputs().iter().any(|input| mentions(input, name))
}

fn number(plan: &LogicalPlan, name: &str) -> Option<LogicalPlan> {
    use datafusion::functions_window::expr_fn::row_number;
    use datafusion::logical_expr::{ExprFunctionExt, LogicalPlanBuilder, Projection};
    use std::sync::Arc;
    match plan {
        LogicalPlan::Sort(sort) if sort.expr.iter().all(|k| matches!(k.expr, Expr::Column(_))) => {
            let number = row_number()
                .order_by(sort.expr.clone())
                .build()
                .ok()?
                .alias(name);
            LogicalPlanBuilder::from(plan.clone())
                .window(vec![number])
                .ok()?
                .build()
                .ok()
        }
        LogicalPlan::Sort(sort) => {
            // Sorted by expressions: a window ordered by some of them (`log10(…)` over a
            // cast) fails DataFusion's plan check, so the keys are computed into hidden
            // columns, sorted and numbered by those, and dropped again.
            let columns: Vec<Expr> = sort
                .input
                .schema()
                .columns()
                .into_iter()
                .map(Expr::Column)
                .collect();
            let mut exprs = columns.clone();
            let mut keys = Vec::new();
            let mut free = (0..)
                .map(|i| format!("__wrangle_order_{i}"))
                .filter(|n| !mentions(plan, n));
            for key in &sort.expr {
                let hidden = free.next()?;
                exprs.push(key.expr.clone().alias(&hidden));
                keys.push(SortExpr {
                    expr: crate::compile::column(&hidden),
                    ..key.clone()
                });
            }
            let number = row_number()
                .order_by(keys.clone())
                .build()
                .ok()?
                .alias(name);
            let mut kept = columns;
            kept.push(crate::compile::column(name));
            LogicalPlanBuilder::from(sort.input.as_ref().clone())
                .project(exprs)
                .ok()?
                .sort_with_limit(keys, sort.fetch)
                .ok()?
                .window(vec![number])
                .ok()?
                .project(kept)
                .ok()?
                .build()
                .ok()
        }
        LogicalPlan::Projection(p) => {
            let input = number(&p.input, name)?;
            let mut exprs = p.expr.clone();
            exprs.push(crate::compile::column(name));
            Projection::try_new(exprs, Arc::new(input))
                .ok()
                .map(LogicalPlan::Projection)
        }
        LogicalPlan::Filter(_)
        | LogicalPlan::Limit(_)
        | LogicalPlan::SubqueryAlias(_)
        | LogicalPlan::Extension(_)
            if plan.inputs().len() == 1 =>
        {
            let input = number(plan.inputs()[0], name)?;
            plan.with_new_exprs(plan.expressions(), vec![input]).ok()
        }
        _ => None,
    }
}
