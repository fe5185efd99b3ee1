//! Recipe → DataFusion `LogicalPlan`, built with `LogicalPlanBuilder` and expression APIs
//! (never SQL text). The same plan previews in the browser and runs in batch.

mod error;
mod expr;
pub mod functions;
mod plan;
pub(crate) mod steps;
mod types;

pub use error::{CompileError, Result};
pub use expr::{column, compile_expr, ExprScope};
pub use types::{arrow_type, literal_value};

use datafusion::logical_expr::LogicalPlan;
use std::collections::HashMap;
use wrangle_dsl::ast::{Recipe, Severity, StepKind};
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
    /// for row accounting.
    pub steps: Vec<CompiledStep>,
    pub expectations: Vec<Expectation>,
    pub conversions: Vec<Conversion>,
}

/// Compiles a checked recipe over its inputs. A recipe should pass `wrangle_dsl::check`
/// first; what the checker could not see (types only the data tells) is reported here,
/// with the span of the step.
pub fn compile(recipe: &Recipe, inputs: &Inputs) -> Result<Compiled> {
    let mut plan = inputs.main.clone();
    let mut steps = Vec::new();
    let mut expectations = Vec::new();
    let mut conversions = Vec::new();
    for step in recipe.steps() {
        if let StepKind::SetType { columns } = &step.kind {
            let converted = steps::columns::conversions(&plan, columns)?;
            conversions.push(Conversion {
                span: step.span,
                plan: plan.clone(),
                columns: converted,
            });
        }
        if let StepKind::Expect {
            condition,
            severity,
        } = &step.kind
        {
            expectations.push(steps::quality::expectation(
                &plan,
                condition,
                severity.unwrap_or(Severity::Fail),
                step.span,
            )?);
        } else {
            plan = steps::compile_step(plan, step, inputs)?;
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
