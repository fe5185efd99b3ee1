//! `holds`: a condition of the language evaluated on the output, like an `expect` step
//! after the recipe.

use super::{rows, Failure};
use crate::engine::expectations;
use datafusion::arrow::array::RecordBatch;
use datafusion::execution::context::SessionContext;
use wrangle_dsl::ast::{Severity, StepKind};

/// A condition of the language that must hold on every row (or, with aggregates, for the
/// table), evaluated like an `expect` step after the recipe.
pub(super) async fn holds(
    ctx: &SessionContext,
    output: &RecordBatch,
    condition: &str,
) -> Option<Failure> {
    let source = format!("expect {condition}");
    let schema = crate::schema::checker_schema(output.schema().as_ref());
    let (parsed, checked) = wrangle_dsl::check::parse_and_check(&source, Some(schema));
    let fail = |why: String| Some(Failure::Message(format!("holds `{condition}`: {why}")));
    if checked.has_errors() {
        let messages: Vec<String> = checked
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| match &d.hint {
                Some(hint) => format!("{} ({hint})", d.message),
                None => d.message.clone(),
            })
            .collect();
        return fail(messages.join("; "));
    }
    let steps: Vec<_> = parsed.recipe.steps().collect();
    let [step] = steps.as_slice() else {
        return fail("is one condition, on one line".into());
    };
    let StepKind::Expect {
        condition: ast,
        severity: None,
    } = &step.kind
    else {
        return fail("is one condition, without `else`".into());
    };
    let plan = match crate::planning::in_memory("output", output) {
        Ok(p) => p,
        Err(e) => return fail(e.strip_backtrace()),
    };
    let (typed, _) = wrangle_dsl::check::typed_expr(
        ast,
        &crate::schema::checker_schema(output.schema().as_ref()),
        wrangle_dsl::check::Allow::Aggregate,
    );
    let expectation =
        match crate::compile::steps::quality::expectation(&plan, &typed, Severity::Fail, step.span)
        {
            Ok(e) => e,
            Err(e) => return fail(e.message),
        };
    match expectations::evaluate(ctx, &expectation).await {
        Ok(o) if o.passed() => None,
        Ok(o) if o.table_level => fail("does not hold".into()),
        Ok(o) => fail(format!(
            "is broken by {} of {}",
            o.violations,
            rows(output.num_rows() as u64)
        )),
        Err(e) => fail(e.to_string()),
    }
}
