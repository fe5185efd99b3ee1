//! Combining tables: join, lookup, union. The other inputs are bound by the caller.

use super::super::error::{CompileError, Result};
use super::super::expr::{column, compile_expr, ExprScope};
use super::super::plan::{build, names};
use super::super::Inputs;
use datafusion::common::{Column, JoinType};
use datafusion::logical_expr::{Expr, LogicalPlan, LogicalPlanBuilder};
use wrangle_dsl::ast::{BinaryOp, Expr as AstExpr, ExprKind, JoinKind, Name, UnionBy};
use wrangle_dsl::Span;

const LEFT: &str = "__wrangle_left";

fn bound<'a>(inputs: &'a Inputs, table: &Name) -> Result<&'a LogicalPlan> {
    inputs.tables.get(&table.text).ok_or_else(|| {
        CompileError::new(table.span, format!("input `{}` is not bound", table.text)).with_hint(
            format!("tell the run where it is: --with {}=PATH", table.text),
        )
    })
}

fn qualified(table: &str, name: &str) -> Expr {
    Expr::Column(Column::new(Some(table), name))
}

/// The joined table: the recipe's columns first, then the other input's, a name the
/// recipe already has getting `_<input>` added.
fn joined_columns(left: &[String], right: &[String], table: &str) -> Vec<Expr> {
    let mut exprs: Vec<Expr> = left.iter().map(|n| qualified(LEFT, n).alias(n)).collect();
    for n in right {
        let name = if left.contains(n) {
            format!("{n}_{table}")
        } else {
            n.clone()
        };
        exprs.push(qualified(table, n).alias(name));
    }
    exprs
}

fn join_plans(
    left: LogicalPlan,
    right: LogicalPlan,
    table: &Name,
    on: &AstExpr,
    kind: JoinType,
    span: Span,
) -> Result<LogicalPlanBuilder> {
    let scope = ExprScope {
        table: Some((&table.text, &table.text)),
        left: Some(LEFT),
        ..ExprScope::default()
    };
    let condition = compile_expr(on, scope)?;
    let right = build(right, span, |b| b.alias(table.text.as_str()))?;
    LogicalPlanBuilder::from(left)
        .alias(LEFT)
        .and_then(|b| b.join_on(right, kind, vec![condition]))
        .map_err(|e| CompileError::plan(span, e))
}

pub fn join(
    plan: LogicalPlan,
    table: &Name,
    on: &AstExpr,
    kind: Option<JoinKind>,
    inputs: &Inputs,
    span: Span,
) -> Result<LogicalPlan> {
    let right = bound(inputs, table)?.clone();
    let kind = match kind.unwrap_or(JoinKind::Inner) {
        JoinKind::Inner => JoinType::Inner,
        JoinKind::Left => JoinType::Left,
        JoinKind::Right => JoinType::Right,
        JoinKind::Full => JoinType::Full,
        JoinKind::Semi => JoinType::LeftSemi,
        JoinKind::Anti => JoinType::LeftAnti,
    };
    let (left_names, right_names) = (names(&plan), names(&right));
    let joined = join_plans(plan, right, table, on, kind, span)?;
    let exprs = if matches!(kind, JoinType::LeftSemi | JoinType::LeftAnti) {
        left_names
            .iter()
            .map(|n| qualified(LEFT, n).alias(n))
            .collect()
    } else {
        joined_columns(&left_names, &right_names, &table.text)
    };
    joined
        .project(exprs)
        .and_then(|b| b.build())
        .map_err(|e| CompileError::plan(span, e))
}

/// The other input's columns that the condition compares for equality: the keys a lookup
/// keeps one row per.
fn lookup_keys(on: &AstExpr, table: &str, keys: &mut Vec<String>) {
    match &on.kind {
        ExprKind::Binary {
            op: BinaryOp::And,
            left,
            right,
        } => {
            lookup_keys(left, table, keys);
            lookup_keys(right, table, keys);
        }
        ExprKind::Binary {
            op: BinaryOp::Eq,
            left,
            right,
        } => {
            for side in [left, right] {
                if let ExprKind::Qualified { table: t, column } = &side.kind {
                    if t.text == table && !keys.contains(&column.text) {
                        keys.push(column.text.clone());
                    }
                }
            }
        }
        _ => {}
    }
}

pub fn lookup(
    plan: LogicalPlan,
    table: &Name,
    on: &AstExpr,
    columns: &[Name],
    inputs: &Inputs,
    span: Span,
) -> Result<LogicalPlan> {
    let right = bound(inputs, table)?.clone();
    let right_names = names(&right);
    for c in columns {
        if !right_names.contains(&c.text) {
            return Err(CompileError::new(
                c.span,
                format!("input `{}` has no column `{}`", table.text, c.text),
            ));
        }
    }
    let mut keys = Vec::new();
    lookup_keys(on, &table.text, &mut keys);
    if keys.is_empty() {
        return Err(CompileError::new(on.span, "a lookup matches keys with `=`")
            .with_hint(format!("for example: on code = {}.code", table.text)));
    }
    // One row per key in the other input, so no row of the recipe's table is repeated.
    let on_keys: Vec<Expr> = keys.iter().map(|k| column(k)).collect();
    let all: Vec<Expr> = right_names.iter().map(|n| column(n)).collect();
    let right = build(right, span, |b| b.distinct_on(on_keys, all, None))?;
    let left_names = names(&plan);
    let joined = join_plans(plan, right, table, on, JoinType::Left, span)?;
    let brought: Vec<String> = if columns.is_empty() {
        right_names
            .into_iter()
            .filter(|n| !keys.contains(n))
            .collect()
    } else {
        columns.iter().map(|c| c.text.clone()).collect()
    };
    let exprs = joined_columns(&left_names, &brought, &table.text);
    joined
        .project(exprs)
        .and_then(|b| b.build())
        .map_err(|e| CompileError::plan(span, e))
}

pub fn union(
    plan: LogicalPlan,
    tables: &[Name],
    by: Option<UnionBy>,
    inputs: &Inputs,
    span: Span,
) -> Result<LogicalPlan> {
    let mut builder = LogicalPlanBuilder::from(plan);
    for t in tables {
        let other = bound(inputs, t)?.clone();
        builder = match by.unwrap_or(UnionBy::Name) {
            UnionBy::Name => builder.union_by_name(other),
            UnionBy::Position => builder.union(other),
        }
        .map_err(|e| CompileError::plan(span, e))?;
    }
    builder.build().map_err(|e| CompileError::plan(span, e))
}
