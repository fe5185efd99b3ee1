//! The case's compiled plan run: its output as one batch, the rows each step changed, and
//! the recipe's own `expect` steps.

use super::errors::Errors;
use super::{failed, rows, CaseResult, Failure};
use crate::accounting::Accounting;
use crate::compile::Compiled;
use crate::engine::expectations;
use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::compute::concat_batches;
use datafusion::execution::context::SessionContext;
use wrangle_dsl::LineCol;

/// Runs the plan to one batch, or the case's result when it fails.
pub(super) async fn run_plan(
    ctx: &SessionContext,
    compiled: &Compiled,
    errors: &Errors<'_>,
) -> Result<RecordBatch, CaseResult> {
    // The schema is the physical plan's: after type coercion, as the batches have it.
    let ran = async {
        let frame = ctx.execute_logical_plan(compiled.plan.clone()).await?;
        let physical = frame.create_physical_plan().await?;
        let schema = physical.schema();
        let batches = datafusion::physical_plan::collect(physical, ctx.task_ctx()).await?;
        Ok::<_, datafusion::error::DataFusionError>((schema, batches))
    };
    let (schema, batches) = match ran.await {
        Ok(b) => b,
        Err(e) => {
            let message = match crate::error::Error::engine(e) {
                crate::error::Error::Step {
                    span,
                    keyword,
                    message,
                } => format!(
                    "line {}: the `{keyword}` step failed: {message}",
                    LineCol::of(errors.source, span.start).line
                ),
                other => other.to_string(),
            };
            return Err(errors.judge(message));
        }
    };
    concat_batches(&schema, &batches).map_err(|e| failed(e.to_string()))
}

/// `rows: 3 in → 2 out (line 4 filter −1)`: the rows, and the steps that changed them.
pub(super) fn step_lines(
    accounting: &Accounting,
    source: &str,
    output: &RecordBatch,
) -> Vec<String> {
    let changed: Vec<String> = accounting
        .report()
        .iter()
        .filter(|s| s.rows_in != s.rows_out)
        .map(|s| {
            let change = s.rows_out as i128 - s.rows_in as i128;
            format!(
                "line {} {} {}{}",
                LineCol::of(source, s.span.start).line,
                s.keyword,
                if change > 0 { "+" } else { "−" },
                change.unsigned_abs()
            )
        })
        .collect();
    let mut line = format!(
        "rows: {} in → {} out",
        accounting.rows_in(),
        output.num_rows()
    );
    if !changed.is_empty() {
        line.push_str(&format!(" ({})", changed.join(", ")));
    }
    vec![line]
}

/// The recipe's own rules: the broken ones as failures, or `None` when one is broken
/// with the message the case expects.
pub(super) async fn recipe_rules(
    ctx: &SessionContext,
    compiled: &Compiled,
    errors: &Errors<'_>,
) -> Option<Vec<Failure>> {
    let source = errors.source;
    let mut failures = Vec::new();
    for expectation in &compiled.expectations {
        match expectations::evaluate(ctx, expectation).await {
            Ok(outcome) if outcome.passed() => {}
            Ok(outcome) => {
                let rule = &source[outcome.span.range()];
                let what = if outcome.table_level {
                    "does not hold".to_string()
                } else {
                    format!("is broken by {}", rows(outcome.violations))
                };
                let message = format!(
                    "line {}: `{rule}` {what}",
                    LineCol::of(source, outcome.span.start).line
                );
                if errors.wanted(&message) {
                    return None;
                }
                failures.push(Failure::Message(message));
            }
            Err(e) => failures.push(Failure::Message(e.to_string())),
        }
    }
    Some(failures)
}
