//! Combining tables: join, lookup, union. The other inputs are bound by the caller.

use super::super::error::{CompileError, Result};
use super::super::expr::{column, compile_expr, ExprScope};
use super::super::plan::{build, names, project};
use super::super::types::common_type;
use super::super::Inputs;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::ScalarValue;
use datafusion::common::{Column, JoinType, TableReference};
use datafusion::logical_expr::{cast, lit};
use datafusion::logical_expr::{Expr, LogicalPlan, LogicalPlanBuilder};
use wrangle_dsl::ast::ExprNode;
use wrangle_dsl::ast::{JoinKind, Name, UnionBy};
use wrangle_dsl::check::Typed as AstExpr;
use wrangle_dsl::Span;

const LEFT: &str = "__wrangle_left";

fn bound<'a>(inputs: &'a Inputs, table: &Name) -> Result<&'a LogicalPlan> {
    inputs.tables.get(&table.text).ok_or_else(|| {
        CompileError::new(table.span, format!("input `{}` is not bound", table.text)).with_hint(
            format!("tell the run where it is: --with {}=PATH", table.text),
        )
    })
}

/// A column of one side of a join, by exact names (a table reference given as text would be
/// parsed: lower-cased, and split at dots).
fn qualified(table: &str, name: &str) -> Expr {
    Expr::Column(Column::new(Some(TableReference::bare(table)), name))
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
    let right = build(right, span, |b| {
        b.alias(TableReference::bare(table.text.as_str()))
    })?;
    LogicalPlanBuilder::from(left)
        .alias(TableReference::bare(LEFT))
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
    let keys = on.equality_keys(&table.text);
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
    let mut plan = plan;
    for t in tables {
        let other = bound(inputs, t)?.clone();
        plan = match by.unwrap_or(UnionBy::Name) {
            UnionBy::Name => union_by_name(plan, other, span)?,
            UnionBy::Position => union_by_position(plan, other, t, span)?,
        };
    }
    Ok(plan)
}

/// The type of each column where both sides meet: the one both fit (`types::common_type`,
/// the checker's `Kind::common`), so the union never depends on DataFusion's coercion.
fn meet(name: &str, types: &[DataType], span: Span) -> Result<DataType> {
    common_type(types).ok_or_else(|| {
        CompileError::new(
            span,
            format!("`{name}` has types no one column can hold on the two sides"),
        )
        .with_hint("convert one of them first (settype, or to_json)")
    })
}

/// Each side projected onto `columns` (name, type): its own column cast, or null.
fn aligned(plan: LogicalPlan, columns: &[(String, DataType)], span: Span) -> Result<LogicalPlan> {
    let own = names(&plan);
    let exprs = columns
        .iter()
        .map(|(name, ty)| {
            let value = if own.contains(name) {
                column(name)
            } else {
                lit(ScalarValue::Null)
            };
            cast(value, ty.clone()).alias(name)
        })
        .collect();
    project(plan, exprs, span)
}

fn union_by_name(left: LogicalPlan, right: LogicalPlan, span: Span) -> Result<LogicalPlan> {
    let (left_schema, right_schema) = (left.schema().clone(), right.schema().clone());
    let mut columns: Vec<(String, Vec<DataType>)> = Vec::new();
    for field in left_schema
        .fields()
        .iter()
        .chain(right_schema.fields().iter())
    {
        match columns.iter_mut().find(|(n, _)| n == field.name()) {
            Some((_, types)) => types.push(field.data_type().clone()),
            None => columns.push((field.name().clone(), vec![field.data_type().clone()])),
        }
    }
    let columns = columns
        .into_iter()
        .map(|(name, types)| Ok((name.clone(), meet(&name, &types, span)?)))
        .collect::<Result<Vec<_>>>()?;
    let right = aligned(right, &columns, span)?;
    let left = aligned(left, &columns, span)?;
    build(left, span, |b| b.union(right))
}

fn union_by_position(
    left: LogicalPlan,
    right: LogicalPlan,
    table: &Name,
    span: Span,
) -> Result<LogicalPlan> {
    let (left_fields, right_fields) = (
        left.schema().fields().clone(),
        right.schema().fields().clone(),
    );
    if left_fields.len() != right_fields.len() {
        return Err(CompileError::new(
            table.span,
            format!(
                "`{}` has {} columns and the table here has {}",
                table.text,
                right_fields.len(),
                left_fields.len()
            ),
        )
        .with_hint("a union by position needs as many columns on both sides; `union … by name` matches them by name"));
    }
    let mut columns = Vec::new();
    let mut right_exprs = Vec::new();
    for (l, r) in left_fields.iter().zip(right_fields.iter()) {
        let ty = meet(
            l.name(),
            &[l.data_type().clone(), r.data_type().clone()],
            span,
        )?;
        right_exprs.push(cast(column(r.name()), ty.clone()).alias(l.name()));
        columns.push((l.name().clone(), ty));
    }
    let right = project(right, right_exprs, span)?;
    let left = aligned(left, &columns, span)?;
    build(left, span, |b| b.union(right))
}
