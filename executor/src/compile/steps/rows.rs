//! Row operations: keep/delete rows, dedup, sort, fill, header, limit.

use super::super::error::{CompileError, Result};
use super::super::expr::{column, compile_expr, ExprScope};
use super::super::plan::{build, names, project, require};
use datafusion::common::ScalarValue;
use datafusion::functions::core::expr_fn::coalesce;
use datafusion::functions_aggregate::count::count_udaf;
use datafusion::functions_aggregate::first_last::first_value_udaf;
use datafusion::functions_window::expr_fn::row_number;
use datafusion::logical_expr::expr::{NullTreatment, WindowFunction};
use datafusion::logical_expr::{
    lit, Expr, ExprFunctionExt, LogicalPlan, SortExpr, WindowFrame, WindowFrameBound,
    WindowFrameUnits, WindowFunctionDefinition,
};
use wrangle_dsl::ast::{FillWith, Keep, Name, SortKey};
use wrangle_dsl::check::Typed as AstExpr;
use wrangle_dsl::Span;

/// The column that numbers rows in input order while a step needs it.
pub(super) const ORDINAL: &str = "__wrangle_row";

/// The column holding a volatile condition while rows are kept by it.
const KEEP: &str = "__wrangle_keep";

pub fn keep_rows(
    plan: LogicalPlan,
    condition: &AstExpr,
    counted: bool,
    span: Span,
) -> Result<LogicalPlan> {
    // A row stays only where the condition is true: false and null both remove it.
    let condition = compile_expr(condition, ExprScope::default())?;
    filter(plan, condition, counted, span)
}

pub fn delete_rows(
    plan: LogicalPlan,
    condition: &AstExpr,
    counted: bool,
    span: Span,
) -> Result<LogicalPlan> {
    // A row goes only where the condition is true: a null condition keeps it.
    let condition = compile_expr(condition, ExprScope::default())?;
    let keep = Expr::Not(Box::new(coalesce(vec![condition, lit(false)])));
    filter(plan, keep, counted, span)
}

/// Keeps the rows where `keep` is true. When rows are `counted`, a volatile condition
/// (`random()`) is computed in a column first: DataFusion moves a condition on no column
/// below the row counters, which would then count rows it removed as never read.
fn filter(plan: LogicalPlan, keep: Expr, counted: bool, span: Span) -> Result<LogicalPlan> {
    if !(counted && keep.is_volatile()) {
        return build(plan, span, |b| b.filter(keep));
    }
    let columns = names(&plan);
    let mut exprs: Vec<Expr> = columns.iter().map(|n| column(n)).collect();
    exprs.push(keep.alias(KEEP));
    let plan = project(plan, exprs, span)?;
    let plan = build(plan, span, |b| b.filter(column(KEEP)))?;
    project(plan, columns.iter().map(|n| column(n)).collect(), span)
}

/// Sort keys: missing values last, ascending or descending, unless told (as analysts
/// expect from spreadsheets, pandas and Trifacta; not DataFusion's default, which puts
/// them first when descending).
pub fn sort_exprs(keys: &[SortKey<AstExpr>]) -> Result<Vec<SortExpr>> {
    keys.iter()
        .map(|k| {
            let e = compile_expr(&k.expr, ExprScope::default())?;
            Ok(e.sort(!k.descending, k.nulls_first.unwrap_or(false)))
        })
        .collect()
}

/// A stable sort: rows that tie on every key keep the order they had (the last sort's, or
/// the input's). DataFusion's sort is not stable (it sorts batches with an unstable sort
/// and merges them), so ties are broken by each row's place, numbered first.
pub fn sort(plan: LogicalPlan, keys: &[SortKey<AstExpr>], span: Span) -> Result<LogicalPlan> {
    let mut exprs = sort_exprs(keys)?;
    exprs.extend(ordinal_order(false));
    let numbered = with_ordinal(plan, span)?;
    let sorted = build(numbered, span, |b| b.sort(exprs))?;
    without_ordinal(sorted, span)
}

/// Numbers the rows in the table's order (the last `sort`'s, or the input's) in a column
/// named [`ORDINAL`].
pub(super) fn with_ordinal(plan: LogicalPlan, span: Span) -> Result<LogicalPlan> {
    let (plan, keys, place) = super::super::table_order::sorted_by(plan);
    let (plan, number, hidden) = match keys {
        Some(keys) => {
            let (plan, keys, hidden) = keys_as_columns(plan, keys, span)?;
            let number = row_number()
                .order_by(keys)
                .build()
                .map_err(|e| CompileError::plan(span, e))?;
            (plan, number, hidden)
        }
        None => (plan, row_number(), Vec::new()),
    };
    let numbered = build(plan, span, |b| b.window(vec![number.alias(ORDINAL)]))?;
    if place.is_none() && hidden.is_empty() {
        return Ok(numbered);
    }
    let keep: Vec<Expr> = names(&numbered)
        .iter()
        .filter(|n| Some(n.as_str()) != place.as_deref() && !hidden.contains(n))
        .map(|n| column(n))
        .collect();
    project(numbered, keep, span)
}

/// Order keys that are expressions (`sort by log10(x)`), computed into hidden columns
/// first, and the keys over those columns. A window ordered by an expression such as
/// `log10(CASE … CAST(x) … END)` fails DataFusion's plan check: its planner does not see
/// that the sort below it gives that order. Over columns it does. Returns the plan, the
/// keys and the hidden columns' names, for the caller to drop.
pub(super) fn keys_as_columns(
    plan: LogicalPlan,
    keys: Vec<SortExpr>,
    span: Span,
) -> Result<(LogicalPlan, Vec<SortExpr>, Vec<String>)> {
    if keys.iter().all(|k| matches!(k.expr, Expr::Column(_))) {
        return Ok((plan, keys, Vec::new()));
    }
    let mut exprs: Vec<Expr> = names(&plan).iter().map(|n| column(n)).collect();
    let mut hidden = Vec::new();
    let keys = keys
        .into_iter()
        .map(|k| match k.expr {
            Expr::Column(_) => k,
            expr => {
                let name = format!("__wrangle_order_{}", hidden.len());
                exprs.push(expr.alias(&name));
                hidden.push(name.clone());
                SortExpr {
                    expr: column(&name),
                    ..k
                }
            }
        })
        .collect();
    Ok((project(plan, exprs, span)?, keys, hidden))
}

pub(super) fn without_ordinal(plan: LogicalPlan, span: Span) -> Result<LogicalPlan> {
    let keep: Vec<Expr> = names(&plan)
        .iter()
        .filter(|n| *n != ORDINAL)
        .map(|n| column(n))
        .collect();
    project(plan, keep, span)
}

pub(super) fn ordinal_order(descending: bool) -> Vec<SortExpr> {
    vec![column(ORDINAL).sort(!descending, false)]
}

pub fn dedup(
    plan: LogicalPlan,
    by: &[Name],
    keep: Option<Keep>,
    span: Span,
) -> Result<LogicalPlan> {
    for n in by {
        require(&plan, n)?;
    }
    if by.is_empty() {
        return build(plan, span, |b| b.distinct());
    }
    // One row per key: the first (or last) in input order.
    let plan = with_ordinal(plan, span)?;
    let on: Vec<Expr> = by.iter().map(|n| column(&n.text)).collect();
    let select: Vec<Expr> = names(&plan).iter().map(|n| column(n)).collect();
    let mut order: Vec<SortExpr> = on.iter().map(|e| e.clone().sort(true, false)).collect();
    order.extend(ordinal_order(keep == Some(Keep::Last)));
    let deduped = build(plan, span, |b| b.distinct_on(on, select, Some(order)))?;
    // The rows that stay keep their order.
    let ordered = build(deduped, span, |b| b.sort(ordinal_order(false)))?;
    without_ordinal(ordered, span)
}

/// For `fill`: how many values of `arg` are not null so far, in input order (`down`) or
/// in reverse (`up`). Rows with the same count form a block that starts with a value and
/// continues with the nulls it fills.
fn block_number(arg: Expr, reverse: bool, span: Span) -> Result<Expr> {
    let frame = WindowFrame::new_bounds(
        WindowFrameUnits::Rows,
        WindowFrameBound::Preceding(ScalarValue::UInt64(None)),
        WindowFrameBound::CurrentRow,
    );
    Expr::from(WindowFunction::new(
        WindowFunctionDefinition::AggregateUDF(count_udaf()),
        vec![arg],
    ))
    .order_by(ordinal_order(reverse))
    .window_frame(frame)
    .build()
    .map_err(|e| CompileError::plan(span, e))
}

/// The one value of a block: the first non-null value among its rows.
fn block_value(arg: Expr, block: Expr, span: Span) -> Result<Expr> {
    Expr::from(WindowFunction::new(
        WindowFunctionDefinition::AggregateUDF(first_value_udaf()),
        vec![arg],
    ))
    .partition_by(vec![block])
    .null_treatment(NullTreatment::IgnoreNulls)
    .build()
    .map_err(|e| CompileError::plan(span, e))
}

pub fn fill(
    plan: LogicalPlan,
    columns: &[Name],
    with: &FillWith<AstExpr>,
    span: Span,
) -> Result<LogicalPlan> {
    for c in columns {
        require(&plan, c)?;
    }
    let value = match with {
        FillWith::Value(v) => Some(compile_expr(v, ExprScope::default())?),
        _ => None,
    };
    if let Some(value) = value {
        return super::super::plan::map_columns(plan, span, |name| {
            Ok(columns
                .iter()
                .any(|c| c.text == name)
                .then(|| vec![coalesce(vec![column(name), value.clone()]).alias(name)]))
        });
    }
    // Down: the last value seen so far; up: the next value to come. Nulls are skipped.
    // Done with whole-partition windows, which DataFusion computes without retracting.
    let plan = with_ordinal(plan, span)?;
    let up = matches!(with, FillWith::Up);
    let block = |n: &str| format!("__wrangle_block_{n}");
    let filled = |n: &str| format!("__wrangle_fill_{n}");
    let blocks = columns
        .iter()
        .map(|c| Ok(block_number(column(&c.text), up, span)?.alias(block(&c.text))))
        .collect::<Result<Vec<_>>>()?;
    let plan = build(plan, span, |b| b.window(blocks))?;
    // Each column's value is partitioned by its own blocks, and a window node needs one
    // partitioning for all its expressions: one node per column.
    let mut plan = plan;
    for c in columns {
        let value =
            block_value(column(&c.text), column(&block(&c.text)), span)?.alias(filled(&c.text));
        plan = build(plan, span, |b| b.window(vec![value]))?;
    }
    // Rows come out of a partitioned window grouped by block; put them back in order.
    let plan = build(plan, span, |b| b.sort(ordinal_order(false)))?;
    let exprs: Vec<Expr> = names(&plan)
        .iter()
        .filter(|n| {
            *n != ORDINAL && !n.starts_with("__wrangle_block_") && !n.starts_with("__wrangle_fill_")
        })
        .map(|n| {
            if columns.iter().any(|c| c.text == *n) {
                column(&filled(n)).alias(n)
            } else {
                column(n)
            }
        })
        .collect();
    let plan = project(plan, exprs, span)?;
    Ok(plan)
}

pub fn header(span: Span) -> Result<LogicalPlan> {
    Err(
        CompileError::new(span, "`header` is applied when the input is read").with_hint(
            "read the input without a header row; the run names the columns from the row given",
        ),
    )
}

/// `count` rows after skipping `offset`. When rows are `counted` the input is
/// read to its end, so every row before the limit is counted: rows are numbered and kept
/// by number, unless the input is a sort, which reads all its input anyway (and a limit on
/// it is a top-k).
pub fn limit(
    plan: LogicalPlan,
    count: u64,
    offset: Option<u64>,
    counted: bool,
    span: Span,
) -> Result<LogicalPlan> {
    if counted && !is_sorted(&plan) {
        let skip = offset.unwrap_or(0);
        let (first, last) = (skip.saturating_add(1), skip.saturating_add(count));
        let numbered = with_ordinal(plan, span)?;
        // The filter may run in parallel: the rows kept go back in order.
        let kept = build(numbered, span, |b| {
            b.filter(column(ORDINAL).between(lit(first), lit(last)))?
                .sort(ordinal_order(false))
        })?;
        return without_ordinal(kept, span);
    }
    let skip = usize::try_from(offset.unwrap_or(0)).unwrap_or(usize::MAX);
    let fetch = usize::try_from(count).unwrap_or(usize::MAX);
    build(plan, span, |b| b.limit(skip, Some(fetch)))
}

/// Whether the plan is a sort, under projections and step marks (not row counters: a
/// limit below one would cut its count short).
fn is_sorted(plan: &LogicalPlan) -> bool {
    match plan {
        LogicalPlan::Sort(_) => true,
        LogicalPlan::Projection(p) => is_sorted(&p.input),
        LogicalPlan::Extension(e) if e.node.name() == "StepMark" => e
            .node
            .inputs()
            .first()
            .is_some_and(|input| is_sorted(input)),
        _ => false,
    }
}
