//! Recipe → DataFusion `LogicalPlan`, built with `LogicalPlanBuilder` and expression APIs
//! (never SQL text). The same plan previews in the browser and runs in batch.

mod error;
mod expr;
pub mod functions;
mod input_order;
pub mod pivot_values;
mod plan;
pub(crate) mod steps;
mod table_order;
mod types;

pub use error::{CompileError, Result};
pub use expr::{column, compile_expr, ExprScope};
pub use input_order::{depends_on_input_order, keep_input_order};
pub use types::{arrow_type, literal_value};

use crate::accounting::{self, Accounting, Counting};
use datafusion::logical_expr::LogicalPlan;
use std::borrow::Cow;
use std::collections::HashMap;
use wrangle_dsl::ast::{Severity, StepKind};
use wrangle_dsl::check::CheckedStep;
use wrangle_dsl::Span;

/// The plans a recipe reads: its main input, and each named input it joins, looks up or
/// appends, bound by the caller (files, the working set, test tables).
pub struct Inputs {
    pub main: LogicalPlan,
    pub tables: HashMap<String, LogicalPlan>,
}

/// A data-quality rule of the recipe, evaluated by the runner on the table as it was at
/// that step.
#[derive(Clone, Debug)]
pub struct Expectation {
    pub span: Span,
    /// The condition, compiled against `plan`.
    pub condition: datafusion::logical_expr::Expr,
    /// The table the condition is about: the plan after the previous step.
    pub plan: LogicalPlan,
    /// True when the condition aggregates (about the whole table), false when it must hold
    /// on every row.
    pub table_level: bool,
    pub severity: Severity,
}

/// The values a `settype` step converts, to count those that do not fit (mismatched:
/// present before, null after).
#[derive(Clone, Debug)]
pub struct Conversion {
    pub span: Span,
    /// The table before the step.
    pub plan: LogicalPlan,
    /// Each converted column with its converted value, as an expression over `plan`.
    pub columns: Vec<(String, datafusion::logical_expr::Expr)>,
}

/// One compiled step: the plan of the table after it.
#[derive(Clone, Debug)]
pub struct CompiledStep {
    pub span: Span,
    pub keyword: &'static str,
    pub plan: LogicalPlan,
}

/// A compiled recipe.
#[derive(Clone, Debug)]
pub struct Compiled {
    /// The plan of the whole recipe.
    pub plan: LogicalPlan,
    /// The plan after each step, for previews ("the data as it was after step 3") and
    /// for row accounting (with counter nodes when compiled by [`compile_counted`]).
    pub steps: Vec<CompiledStep>,
    pub expectations: Vec<Expectation>,
    pub conversions: Vec<Conversion>,
}

/// Compiles the checked, typed recipe (`wrangle_dsl::check::Checked::steps`, without
/// errors) over its inputs. What the checker could not see is reported here, with the
/// span of the step.
pub fn compile(steps: &[CheckedStep], inputs: &Inputs) -> Result<Compiled> {
    compile_with(steps, inputs, None)
}

/// Compiles like [`compile`], with row counters in the plan: on the main input and after
/// every step that can change the number of rows. Run the plan once in an
/// [`accounting::session`]; the [`Accounting`] then reports each step's rows. Every row
/// of every step is read (a `limit` does not stop early unless it takes the top of a
/// sort), and the plans of expectations and conversions hold no counters.
pub fn compile_counted(steps: &[CheckedStep], inputs: &Inputs) -> Result<(Compiled, Accounting)> {
    let mut counting = Counting::new(steps);
    let compiled = compile_with(steps, inputs, Some(&mut counting))?;
    let accounting = counting
        .finish(&compiled.plan)
        .map_err(|e| CompileError::plan(Span::default(), e))?;
    Ok((compiled, accounting))
}

fn compile_with(
    checked: &[CheckedStep],
    inputs: &Inputs,
    mut counting: Option<&mut Counting>,
) -> Result<Compiled> {
    let counted = counting.is_some();
    // Plans run besides the recipe's (rules, conversions) must not add to its counts.
    let uncounted = |plan: &LogicalPlan, span: Span| -> Result<LogicalPlan> {
        if counted {
            accounting::without_counters(plan).map_err(|e| CompileError::plan(span, e))
        } else {
            Ok(plan.clone())
        }
    };
    let mut plan = inputs.main.clone();
    if let Some(counting) = counting.as_deref_mut() {
        plan = counting
            .input(plan)
            .map_err(|e| CompileError::plan(Span::default(), e))?;
    }
    let mut steps = Vec::new();
    let mut expectations = Vec::new();
    let mut conversions = Vec::new();
    for step in checked.iter().map(|c| &c.step) {
        if let StepKind::SetType { columns } = &step.kind {
            let converted = steps::columns::conversions(&plan, columns)?;
            conversions.push(Conversion {
                span: step.span,
                plan: uncounted(&plan, step.span)?,
                columns: converted,
            });
        }
        if let StepKind::Expect {
            condition,
            severity,
        } = &step.kind
        {
            let table = if counted {
                Cow::Owned(uncounted(&plan, step.span)?)
            } else {
                Cow::Borrowed(&plan)
            };
            expectations.push(steps::quality::expectation(
                &table,
                condition,
                severity.unwrap_or(Severity::Fail),
                step.span,
            )?);
        } else if let (StepKind::SetType { columns }, Some(counting)) =
            (&step.kind, counting.as_deref_mut())
        {
            // Mismatches are counted in the same run as everything else.
            let (flagged, flags) = steps::columns::settype_flagged(plan, columns, step.span)?;
            plan = counting
                .mismatches(flagged, flags, step.span)
                .map_err(|e| CompileError::plan(step.span, e))?;
        } else {
            plan = steps::compile_step(plan, step, inputs, counted)?;
        }
        plan = plan::without_untyped_columns(plan, step.span)?;
        if let Some(counting) = counting.as_deref_mut() {
            plan = counting
                .step(plan, step)
                .map_err(|e| CompileError::plan(step.span, e))?;
        }
        steps.push(CompiledStep {
            span: step.span,
            keyword: step.kind.keyword(),
            plan: plan.clone(),
        });
    }
    Ok(Compiled {
        plan,
        steps,
        expectations,
        conversions,
    })
}
