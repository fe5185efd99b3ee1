//! Running one case: its tables become the recipe's inputs, the recipe is checked and
//! compiled as `wrangle run` does (`check_and_compile`), the plan runs with row counters,
//! the recipe's `expect` steps are evaluated, and then the case's assertions.
//!
//! | file | what it does |
//! | --- | --- |
//! | `mod.rs` | what a case comes to (`CaseResult`), and running one, step by step |
//! | `recipe.rs` | the recipe text a case runs, cut after its `up_to` step |
//! | `inputs.rs` | the case's tables as the recipe's inputs, cut at a `header row` |
//! | `errors.rs` | what a case says of errors: an expected error passes it |
//! | `execution.rs` | the plan run to one batch, its rows per step, the recipe's `expect` steps |
//! | `assertions.rs` | the case's assertions on the output: columns, rows, the `expect` table |
//! | `column_rules.rs` | `unique`, `not_null` and `accepted` on a column of the output |
//! | `holds.rs` | `holds`: a condition of the language on the output |

mod assertions;
mod column_rules;
mod errors;
mod execution;
mod holds;
mod inputs;
mod recipe;

use self::assertions::assertions;
use self::errors::Errors;
use self::execution::{recipe_rules, run_plan, step_lines};
use self::inputs::case_inputs;
use self::recipe::recipe_text;
use super::compare::RowDiff;
use super::file::{Case, TestFile};
use crate::engine::session::{keep_input_order, session, SessionOptions};
use crate::planning::{check_and_compile, Unplanned};
use datafusion::arrow::array::RecordBatch;

/// Why a case failed: one or more of these.
#[derive(Clone, Debug)]
pub enum Failure {
    /// A sentence (or a few lines: drawn diagnostics).
    Message(String),
    /// The output's rows against the expected table's.
    Rows { columns: Vec<String>, diff: RowDiff },
}

#[derive(Clone, Debug)]
pub enum Verdict {
    Passed,
    Failed(Vec<Failure>),
    /// The case cannot run as written (a named input without a table, `up_to` naming no
    /// step): a mistake in the test file, at a location.
    Invalid(String),
}

#[derive(Clone, Debug)]
pub struct CaseResult {
    pub verdict: Verdict,
    /// The output, when the recipe ran (for `--update`).
    pub output: Option<RecordBatch>,
    /// Each step's rows, `keyword in → out`, when the recipe ran.
    pub steps: Vec<String>,
    /// The output differs from the case's `expect` table (what `--update` rewrites).
    pub expect_differs: bool,
}

impl CaseResult {
    fn of(verdict: Verdict) -> Self {
        CaseResult {
            verdict,
            output: None,
            steps: Vec::new(),
            expect_differs: false,
        }
    }
}

fn failed(message: impl Into<String>) -> CaseResult {
    CaseResult::of(Verdict::Failed(vec![Failure::Message(message.into())]))
}

/// Runs a case on the same compiled plan `wrangle run` uses.
pub async fn run_case(file: &TestFile, case: &Case) -> CaseResult {
    let (source, recipe_name) = match recipe_text(file, case) {
        Ok(found) => found,
        Err(why) => return CaseResult::of(Verdict::Invalid(why)),
    };
    let ctx = match session(SessionOptions { memory_limit: None }) {
        Ok(ctx) => ctx,
        Err(e) => return failed(e.to_string()),
    };
    // One stream: outputs come in a stable order, and in input order where the recipe
    // keeps it.
    keep_input_order(&ctx);
    let errors = Errors {
        case,
        recipe_name: &recipe_name,
        source: &source,
    };
    let parsed = wrangle_dsl::parse(&source);
    let Some((input_text, input)) = &case.input else {
        return errors.must_not_check(&parsed);
    };
    let inputs = match case_inputs(&errors, &parsed, input_text, input) {
        Ok(inputs) => inputs,
        Err(result) => return result,
    };
    let (compiled, accounting) = match check_and_compile(&ctx, &parsed, &inputs, true).await {
        Ok(done) => done,
        Err(Unplanned::Problems(diagnostics)) => return errors.problems(diagnostics),
        Err(Unplanned::MissingInputs(names)) => return errors.missing_inputs(file, &names),
    };
    let output = match run_plan(&ctx, &compiled, &errors).await {
        Ok(output) => output,
        Err(result) => return result,
    };
    let steps = accounting
        .map(|a| step_lines(&a, &source, &output))
        .unwrap_or_default();
    let Some(mut failures) = recipe_rules(&ctx, &compiled, &errors).await else {
        return CaseResult {
            verdict: Verdict::Passed,
            output: Some(output),
            steps,
            expect_differs: false,
        };
    };
    if let Some(expected) = &case.error {
        failures.insert(
            0,
            Failure::Message(format!(
                "expected an error containing \"{expected}\", but the recipe ran and gave {}",
                rows(output.num_rows() as u64)
            )),
        );
    }
    let (more, expect_differs) = assertions(file, case, &ctx, &output).await;
    failures.extend(more);
    let verdict = if failures.is_empty() {
        Verdict::Passed
    } else {
        Verdict::Failed(failures)
    };
    CaseResult {
        verdict,
        output: Some(output),
        steps,
        expect_differs,
    }
}

/// "1 row", "3 rows".
pub fn rows(n: u64) -> String {
    if n == 1 {
        "1 row".into()
    } else {
        format!("{n} rows")
    }
}
