//! One file per family of transforms; `compile_step` sends each step to its compiler.

pub(crate) mod columns;
mod combine;
pub(crate) mod quality;
pub(crate) mod reshape;
mod rows;

use super::error::Result;
use super::Inputs;
use datafusion::logical_expr::LogicalPlan;
use wrangle_dsl::ast::{Step, StepKind};
use wrangle_dsl::check::Typed;

/// The plan after `step`, given the plan before it. When `counted` (row counters follow
/// the steps), steps are built so the counters count exactly: a limit reads its whole input
/// and a volatile condition stays above the counters.
pub(super) fn compile_step(
    plan: LogicalPlan,
    step: &Step<Typed>,
    inputs: &Inputs,
    counted: bool,
) -> Result<LogicalPlan> {
    let span = step.span;
    match &step.kind {
        StepKind::Rename { pairs } => columns::rename(plan, pairs, span),
        StepKind::Drop { columns } => columns::drop(plan, columns, span),
        StepKind::KeepColumns { columns } => columns::keep(plan, columns, span),
        StepKind::Move { columns, place } => columns::move_columns(plan, columns, place, span),
        StepKind::Derive { assignments } => columns::derive(plan, assignments, span),
        StepKind::Set {
            assignments,
            condition,
        } => columns::set(plan, assignments, condition.as_ref(), span),
        StepKind::SetType { columns } => columns::settype(plan, columns, span),
        StepKind::Merge {
            columns,
            separator,
            into,
        } => columns::merge(plan, columns, separator.as_deref(), into, span),
        StepKind::Split {
            column,
            on,
            limit,
            into,
        } => columns::split(plan, column, on, *limit, into, span),
        StepKind::Extract {
            targets,
            from,
            matching,
        } => columns::extract(plan, targets, from, matching, span),
        StepKind::Replace {
            columns,
            matching,
            with,
        } => columns::replace(plan, columns, matching, with, span),
        StepKind::CountPattern {
            target,
            from,
            matching,
        } => columns::count_pattern(plan, target, from, matching, span),
        StepKind::KeepRows { condition } => rows::keep_rows(plan, condition, counted, span),
        StepKind::DeleteRows { condition } => rows::delete_rows(plan, condition, counted, span),
        StepKind::Dedup { by, keep } => rows::dedup(plan, by, *keep, span),
        StepKind::Sort { keys } => rows::sort(plan, keys, span),
        StepKind::Fill { columns, with } => rows::fill(plan, columns, with, span),
        StepKind::Header { .. } => rows::header(span),
        StepKind::Limit { count, offset } => rows::limit(plan, *count, *offset, counted, span),
        StepKind::Aggregate { by, values } => reshape::aggregate(plan, by, values, span),
        StepKind::Pivot {
            column,
            values,
            using,
            by,
        } => reshape::pivot(plan, column, values.as_deref(), using, by, span),
        StepKind::Unpivot {
            columns,
            key,
            value,
        } => reshape::unpivot(plan, columns, key, value, span),
        StepKind::SplitRows { column, on } => reshape::split_rows(plan, column, on, span),
        StepKind::Nest {
            columns,
            into,
            kind,
        } => reshape::nest(plan, columns, into, *kind, span),
        StepKind::Unnest { column, prefix } => {
            reshape::unnest(plan, column, prefix.as_deref(), span)
        }
        StepKind::Flatten { column } => reshape::flatten(plan, column, span),
        StepKind::Window { by, order, values } => reshape::window(plan, by, order, values, span),
        StepKind::Join { table, on, kind } => combine::join(plan, table, on, *kind, inputs, span),
        StepKind::Lookup { table, on, columns } => {
            combine::lookup(plan, table, on, columns, inputs, span)
        }
        StepKind::Union { tables, by } => combine::union(plan, tables, *by, inputs, span),
        StepKind::Expect { .. } => Ok(plan),
    }
}
