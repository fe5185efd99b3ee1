//! Small helpers over `LogicalPlanBuilder` that every step uses.

use super::error::{CompileError, Result};
use super::expr::column;
use datafusion::arrow::datatypes::DataType;
use datafusion::logical_expr::{Expr, LogicalPlan, LogicalPlanBuilder};
use wrangle_dsl::Span;

/// The column names of a plan's output, in order.
pub fn names(plan: &LogicalPlan) -> Vec<String> {
    plan.schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect()
}

/// The Arrow type of a column of the plan.
pub fn type_of(plan: &LogicalPlan, name: &str, span: Span) -> Result<DataType> {
    plan.schema()
        .fields()
        .iter()
        .find(|f| f.name() == name)
        .map(|f| f.data_type().clone())
        .ok_or_else(|| CompileError::new(span, format!("unknown column `{name}`")))
}

/// Checks that every name is a column of the plan; the checker does this when it knows
/// the input's schema, the compiler always does.
pub fn require(plan: &LogicalPlan, name: &wrangle_dsl::ast::Name) -> Result<()> {
    if plan
        .schema()
        .fields()
        .iter()
        .any(|f| f.name() == &name.text)
    {
        Ok(())
    } else {
        let names = names(plan);
        let hint =
            wrangle_dsl::diagnostics::did_you_mean(&name.text, names.iter().map(String::as_str))
                .map(|best| format!("did you mean `{best}`?"));
        let mut error = CompileError::new(name.span, format!("unknown column `{}`", name.text));
        error.hint = hint;
        Err(error)
    }
}

/// Projects the plan to `exprs` (each already aliased as it should be named).
pub fn project(plan: LogicalPlan, exprs: Vec<Expr>, span: Span) -> Result<LogicalPlan> {
    LogicalPlanBuilder::from(plan)
        .project(exprs)
        .and_then(|b| b.build())
        .map_err(|e| CompileError::plan(span, e))
}

/// Every column of the plan as it is, with `replace` deciding what to put in place of a
/// column (`Some(exprs)`, which may be empty to remove it), in order.
pub fn map_columns(
    plan: LogicalPlan,
    span: Span,
    mut replace: impl FnMut(&str) -> Result<Option<Vec<Expr>>>,
) -> Result<LogicalPlan> {
    let mut exprs = Vec::new();
    for name in names(&plan) {
        match replace(&name)? {
            Some(new) => exprs.extend(new),
            None => exprs.push(column(&name)),
        }
    }
    project(plan, exprs, span)
}

/// Runs a builder step and names its errors after the recipe step.
pub fn build(
    plan: LogicalPlan,
    span: Span,
    f: impl FnOnce(LogicalPlanBuilder) -> datafusion::error::Result<LogicalPlanBuilder>,
) -> Result<LogicalPlan> {
    f(LogicalPlanBuilder::from(plan))
        .and_then(|b| b.build())
        .map_err(|e| CompileError::plan(span, e))
}

/// The plan with every column of no type (all null: `derive x = null`, an item of `[]`)
/// made text, as a CSV column without values is. DataFusion's kernels do not all take
/// such columns (`make_array` of one returns a single row), and a file has no such type.
pub fn without_untyped_columns(plan: LogicalPlan, span: Span) -> Result<LogicalPlan> {
    use datafusion::arrow::datatypes::DataType;
    if !plan
        .schema()
        .fields()
        .iter()
        .any(|f| f.data_type() == &DataType::Null)
    {
        return Ok(plan);
    }
    map_columns(plan.clone(), span, |name| {
        let untyped = plan
            .schema()
            .field_with_unqualified_name(name)
            .is_ok_and(|f| f.data_type() == &DataType::Null);
        Ok(untyped.then(|| {
            vec![datafusion::logical_expr::cast(super::column(name), DataType::Utf8).alias(name)]
        }))
    })
}
