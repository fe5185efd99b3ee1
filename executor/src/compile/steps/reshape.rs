//! Reshaping: aggregate, pivot, unpivot, splitrows, nest, unnest, flatten, window.

use super::super::error::{CompileError, Result};
use super::super::expr::{column, compile_expr, matcher, ExprScope};
use super::super::functions::WindowSpec;
use super::super::plan::{build, map_columns, names, project, require, type_of};
use super::rows::{keys_as_columns, ordinal_order, sort_exprs, with_ordinal};
use crate::udf;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::tree_node::{Transformed, TreeNode};
use datafusion::common::{Column, ScalarValue, UnnestOptions};
use datafusion::functions::core::expr_fn::{get_field, named_struct};
use datafusion::functions_nested::expr_fn::{array_empty, make_array};
use datafusion::logical_expr::{cast, lit, when, Expr, LogicalPlan, LogicalPlanBuilder};
use wrangle_dsl::ast::{Assignment, ExprKind, GroupKey, Matcher, Name, NestAs, SortKey};
use wrangle_dsl::check::Typed as AstExpr;
use wrangle_dsl::Span;

/// Pulls the sub-expressions `is_target` picks (aggregates, window functions) out of
/// `expr`, naming each, and returns what is left with columns in their place. The same
/// sub-expression twice (`sum(v)` and `v / sum(v)`) is pulled out once: DataFusion cannot
/// plan a window node that computes one window expression under two names.
pub(crate) fn extract(
    expr: Expr,
    prefix: &str,
    found: &mut Vec<Expr>,
    is_target: fn(&Expr) -> bool,
    span: Span,
) -> Result<Expr> {
    expr.transform_up(|e| {
        if is_target(&e) {
            let known = found.iter().find_map(|f| match f {
                Expr::Alias(a) if *a.expr == e => Some(a.name.clone()),
                _ => None,
            });
            if let Some(name) = known {
                return Ok(Transformed::yes(column(&name)));
            }
            let name = format!("{prefix}{}", found.len());
            found.push(e.alias(&name));
            Ok(Transformed::yes(column(&name)))
        } else {
            Ok(Transformed::no(e))
        }
    })
    .map(|t| t.data)
    .map_err(|e| CompileError::plan(span, e))
}

pub(crate) fn is_aggregate(e: &Expr) -> bool {
    matches!(e, Expr::AggregateFunction(_))
}

fn is_window(e: &Expr) -> bool {
    matches!(e, Expr::WindowFunction(_))
}

fn key_name(key: &GroupKey<AstExpr>) -> Result<String> {
    match (&key.alias, &key.expr.kind) {
        (Some(alias), _) => Ok(alias.text.clone()),
        (None, ExprKind::Column(n)) => Ok(n.text.clone()),
        (None, _) => Err(CompileError::new(
            key.expr.span,
            "this group key needs a name: add `as name`",
        )),
    }
}

pub fn aggregate(
    plan: LogicalPlan,
    by: &[GroupKey<AstExpr>],
    values: &[Assignment<AstExpr>],
    span: Span,
) -> Result<LogicalPlan> {
    let mut groups = Vec::new();
    let mut key_names = Vec::new();
    for key in by {
        let name = key_name(key)?;
        groups.push(compile_expr(&key.expr, ExprScope::default())?.alias(&name));
        key_names.push(name);
    }
    let mut aggregates = Vec::new();
    let mut outputs = Vec::new();
    for a in values {
        let value = compile_expr(&a.value, ExprScope::default())?;
        let rest = extract(
            value,
            "__wrangle_agg_",
            &mut aggregates,
            is_aggregate,
            a.value.span,
        )?;
        outputs.push(rest.alias(&a.target.text));
    }
    // Values taken in the table's order follow the last sort: by its keys, or by each
    // row's place in it when the keys are gone.
    let mut plan = plan;
    let mut order = None;
    if aggregates
        .iter()
        .any(super::super::table_order::reads_in_order)
    {
        (plan, order, _) = super::super::table_order::sorted_by(plan);
    }
    if let Some(order) = order {
        aggregates = aggregates
            .into_iter()
            .map(|a| {
                super::super::table_order::in_table_order(a, &order)
                    .map_err(|e| CompileError::plan(span, e))
            })
            .collect::<Result<Vec<_>>>()?;
    }
    let grouped = build(plan, span, |b| b.aggregate(groups, aggregates))?;
    let mut exprs: Vec<Expr> = key_names.iter().map(|n| column(n)).collect();
    exprs.extend(outputs);
    project(grouped, exprs, span)
}

/// The column name a pivot value becomes.
fn pivot_name(value: &AstExpr) -> String {
    match &value.kind {
        ExprKind::Literal(literal) => literal.pivot_column_name(),
        _ => wrangle_dsl::print_expr(&value.untyped()),
    }
}

pub fn pivot(
    plan: LogicalPlan,
    source: &Name,
    values: Option<&[AstExpr]>,
    using: &AstExpr,
    by: &[Name],
    span: Span,
) -> Result<LogicalPlan> {
    require(&plan, source)?;
    for n in by {
        require(&plan, n)?;
    }
    let Some(values) = values else {
        return Err(
            CompileError::new(span, "pivot needs the values that become columns").with_hint(
                format!(
                    "list them: pivot {} in [\"a\", \"b\"] using …",
                    wrangle_dsl::print::print_name(&source.text)
                ),
            ),
        );
    };
    // Values taken from the data are not seen by the checker: each must make a new column.
    let mut seen: Vec<String> = by.iter().map(|n| n.text.clone()).collect();
    for v in values {
        let name = pivot_name(v);
        if seen.contains(&name) {
            return Err(CompileError::new(
                v.span,
                format!(
                    "the value `{name}` of `{}` would make a second column named `{name}`",
                    source.text
                ),
            )
            .with_hint("rename the `by` column first, or list the values with `in [...]`"));
        }
        seen.push(name);
    }
    let using = compile_expr(using, ExprScope::default())?;
    let mut aggregates = Vec::new();
    let mut outputs = Vec::new();
    for (i, v) in values.iter().enumerate() {
        let matches = column(&source.text).eq(compile_expr(v, ExprScope::default())?);
        // Each aggregate of `using` counts only the rows of this value.
        let filtered = using
            .clone()
            .transform_up(|e| match e {
                Expr::AggregateFunction(mut f) => {
                    f.params.filter = Some(Box::new(match f.params.filter.take() {
                        Some(existing) => existing.and(matches.clone()),
                        None => matches.clone(),
                    }));
                    Ok(Transformed::yes(Expr::AggregateFunction(f)))
                }
                other => Ok(Transformed::no(other)),
            })
            .map_err(|e| CompileError::plan(span, e))?
            .data;
        let rest = extract(
            filtered,
            &format!("__wrangle_pivot_{i}_"),
            &mut aggregates,
            is_aggregate,
            span,
        )?;
        outputs.push(rest.alias(pivot_name(v)));
    }
    let groups: Vec<Expr> = by.iter().map(|n| column(&n.text)).collect();
    // No values (taken from a column with none) and no `by`: still one row, of no columns,
    // as an aggregate of the whole table is.
    if groups.is_empty() && aggregates.is_empty() {
        aggregates
            .push(datafusion::functions_aggregate::count::count(lit(1i64)).alias("__wrangle_rows"));
    }
    let grouped = build(plan, span, |b| b.aggregate(groups, aggregates))?;
    let mut exprs: Vec<Expr> = by.iter().map(|n| column(&n.text)).collect();
    exprs.extend(outputs);
    project(grouped, exprs, span)
}

pub fn unpivot(
    plan: LogicalPlan,
    columns: &[Name],
    key: &Name,
    value: &Name,
    span: Span,
) -> Result<LogicalPlan> {
    let mut types = Vec::new();
    for c in columns {
        types.push(type_of(&plan, &c.text, c.span)?);
    }
    // One value column, of the type all the values fit (the checker's `Kind::common`).
    let common = super::super::types::common_type(&types).ok_or_else(|| {
        CompileError::new(
            span,
            "the unpivoted columns have types no one column can hold",
        )
        .with_hint("convert them to one type first (settype, or to_json)")
    })?;
    let others: Vec<String> = names(&plan)
        .into_iter()
        .filter(|n| !columns.iter().any(|c| c.text == *n))
        .collect();
    let mut union: Option<LogicalPlanBuilder> = None;
    for c in columns {
        let mut exprs: Vec<Expr> = others.iter().map(|n| column(n)).collect();
        exprs.push(lit(c.text.clone()).alias(&key.text));
        exprs.push(cast(column(&c.text), common.clone()).alias(&value.text));
        let part = project(plan.clone(), exprs, span)?;
        union = Some(match union {
            None => LogicalPlanBuilder::from(part),
            Some(b) => b.union(part).map_err(|e| CompileError::plan(span, e))?,
        });
    }
    let union =
        union.ok_or_else(|| CompileError::new(span, "unpivot needs at least one column"))?;
    union.build().map_err(|e| CompileError::plan(span, e))
}

pub fn split_rows(
    plan: LogicalPlan,
    source: &Name,
    on: &Matcher,
    span: Span,
) -> Result<LogicalPlan> {
    require(&plan, source)?;
    let regex = matcher(&on.literal, on.span)?;
    let list = udf::split_parts::split_parts(
        cast(column(&source.text), DataType::Utf8),
        lit(regex),
        lit(0i64),
    );
    let plan = map_columns(plan, span, |name| {
        Ok((name == source.text).then(|| vec![list.clone().alias(name)]))
    })?;
    let options = UnnestOptions::new().with_preserve_nulls(true);
    build(plan, span, |b| {
        b.unnest_column_with_options(Column::new_unqualified(source.text.as_str()), options)
    })
}

pub fn nest(
    plan: LogicalPlan,
    columns: &[Name],
    into: &Name,
    kind: Option<NestAs>,
    span: Span,
) -> Result<LogicalPlan> {
    for c in columns {
        require(&plan, c)?;
    }
    let nested = match kind {
        Some(NestAs::List) => make_array(columns.iter().map(|c| column(&c.text)).collect()),
        _ => named_struct(
            columns
                .iter()
                .flat_map(|c| [lit(c.text.clone()), column(&c.text)])
                .collect(),
        ),
    };
    let mut exprs: Vec<Expr> = names(&plan).iter().map(|n| column(n)).collect();
    exprs.push(nested.alias(&into.text));
    project(plan, exprs, span)
}

pub fn unnest(
    plan: LogicalPlan,
    source: &Name,
    prefix: Option<&str>,
    span: Span,
) -> Result<LogicalPlan> {
    let DataType::Struct(fields) = type_of(&plan, &source.text, source.span)? else {
        return Err(
            CompileError::new(source.span, format!("`{}` is not a struct", source.text))
                .with_hint("to turn a list into rows use `flatten`"),
        );
    };
    // Named as the language names them (`wrangle_dsl::names::unnested`).
    let taken: Vec<String> = names(&plan)
        .into_iter()
        .filter(|n| *n != source.text)
        .collect();
    let made =
        wrangle_dsl::names::unnested(&source.text, prefix, fields.iter().map(|f| f.name()), taken);
    let named: Vec<(String, String)> = fields.iter().map(|f| f.name().clone()).zip(made).collect();
    map_columns(plan, span, |name| {
        Ok((name == source.text).then(|| {
            named
                .iter()
                .map(|(field, out)| get_field(column(name), field.as_str()).alias(out))
                .collect()
        }))
    })
}

pub fn flatten(plan: LogicalPlan, source: &Name, span: Span) -> Result<LogicalPlan> {
    require(&plan, source)?;
    // An unnest makes no row for an empty list; a null list makes one row with null.
    let dt = type_of(&plan, &source.text, source.span)?;
    let plan = if matches!(
        dt,
        DataType::List(_) | DataType::LargeList(_) | DataType::FixedSizeList(..)
    ) {
        let null = ScalarValue::try_from(&dt).map_err(|e| CompileError::plan(span, e))?;
        let list = column(&source.text);
        let emptied = when(array_empty(list.clone()), lit(null))
            .otherwise(list)
            .map_err(|e| CompileError::plan(span, e))?;
        map_columns(plan, span, |name| {
            Ok((name == source.text).then(|| vec![emptied.clone().alias(name)]))
        })?
    } else {
        plan
    };
    let options = UnnestOptions::new().with_preserve_nulls(true);
    build(plan, span, |b| {
        b.unnest_column_with_options(Column::new_unqualified(source.text.as_str()), options)
    })
}

pub fn window(
    plan: LogicalPlan,
    by: &[Name],
    order: &[SortKey<AstExpr>],
    values: &[Assignment<AstExpr>],
    span: Span,
) -> Result<LogicalPlan> {
    for n in by {
        require(&plan, n)?;
    }
    let existing = names(&plan);
    // Rows are numbered in the table's order: functions that take rows one by one follow
    // it among ties and without an `order by`, and the rows come out in it.
    let plan = with_ordinal(plan, span)?;
    let (plan, order_by, _hidden) = keys_as_columns(plan, sort_exprs(order)?, span)?;
    let mut row_order = order_by.clone();
    row_order.extend(ordinal_order(false));
    let spec = WindowSpec {
        partition_by: by.iter().map(|n| column(&n.text)).collect(),
        order_by,
        row_order,
    };
    let scope = ExprScope {
        window: Some(&spec),
        ..ExprScope::default()
    };
    let mut windows = Vec::new();
    let mut outputs = Vec::new();
    for a in values {
        let value = compile_expr(&a.value, scope)?;
        let rest = extract(
            value,
            "__wrangle_window_",
            &mut windows,
            is_window,
            a.value.span,
        )?;
        outputs.push(rest.alias(&a.target.text));
    }
    let plan = if windows.is_empty() {
        plan
    } else {
        // One window node per order: ranks and running aggregates follow the step's order,
        // the others its order and then the table's.
        let mut groups: Vec<(Vec<datafusion::logical_expr::SortExpr>, Vec<Expr>)> = Vec::new();
        for w in windows {
            let keys = match &w {
                Expr::Alias(a) => match a.expr.as_ref() {
                    Expr::WindowFunction(f) => f.params.order_by.clone(),
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            };
            match groups.iter_mut().find(|(k, _)| *k == keys) {
                Some((_, group)) => group.push(w),
                None => groups.push((keys, vec![w])),
            }
        }
        let mut plan = plan;
        for (_, group) in groups {
            plan = build(plan, span, |b| b.window(group))?;
        }
        plan
    };
    // A partitioned window gives its rows grouped by partition: put them back in order.
    let plan = build(plan, span, |b| b.sort(ordinal_order(false)))?;
    let mut exprs: Vec<Expr> = existing.iter().map(|n| column(n)).collect();
    exprs.extend(outputs);
    project(plan, exprs, span)
}
