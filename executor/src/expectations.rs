//! Evaluating a recipe's `expect` steps on the data: how many rows break a row rule, and
//! whether a table rule holds. Shared by batch runs, tests and the browser's preview.

use crate::compile::Expectation;
use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::{DataType, Int64Type};
use datafusion::error::{DataFusionError, Result};
use datafusion::execution::context::SessionContext;
use datafusion::functions::core::expr_fn::coalesce;
use datafusion::logical_expr::{cast, lit, Expr, LogicalPlanBuilder};
use wrangle_dsl::ast::Severity;
use wrangle_dsl::Span;

#[derive(Clone, Debug)]
pub struct Outcome {
    pub span: Span,
    pub severity: Severity,
    /// For a row rule, the rows where it is false or null; for a table rule, 1 when it does
    /// not hold.
    pub violations: u64,
    pub table_level: bool,
}

impl Outcome {
    pub fn passed(&self) -> bool {
        self.violations == 0
    }
}

async fn single_i64(
    ctx: &SessionContext,
    plan: datafusion::logical_expr::LogicalPlan,
) -> Result<i64> {
    let batches = ctx.execute_logical_plan(plan).await?.collect().await?;
    let value = batches
        .iter()
        .find(|b| b.num_rows() > 0)
        .map(|b| {
            let column = b.column(0);
            let column = datafusion::arrow::compute::cast(column, &DataType::Int64)?;
            let ints = column.as_primitive::<Int64Type>();
            Ok::<i64, DataFusionError>(if ints.is_null(0) { 0 } else { ints.value(0) })
        })
        .transpose()?;
    Ok(value.unwrap_or(0))
}

pub async fn evaluate(ctx: &SessionContext, expectation: &Expectation) -> Result<Outcome> {
    let build = |b: datafusion::error::Result<LogicalPlanBuilder>| b.and_then(|b| b.build());
    let violations = if expectation.table_level {
        let mut aggregates = Vec::new();
        let rest = crate::compile::steps::reshape::extract(
            expectation.condition.clone(),
            "__wrangle_expect_",
            &mut aggregates,
            crate::compile::steps::reshape::is_aggregate,
            expectation.span,
        )
        .map_err(|e| DataFusionError::Plan(e.message))?;
        let holds = cast(coalesce(vec![rest, lit(false)]), DataType::Int64);
        let plan = build(
            LogicalPlanBuilder::from(expectation.plan.clone())
                .aggregate(Vec::<Expr>::new(), aggregates)
                .and_then(|b| b.project(vec![holds])),
        )?;
        u64::from(single_i64(ctx, plan).await? == 0)
    } else {
        let broken = Expr::Not(Box::new(coalesce(vec![
            expectation.condition.clone(),
            lit(false),
        ])));
        let count = datafusion::functions_aggregate::expr_fn::count(lit(1));
        let plan = build(
            LogicalPlanBuilder::from(expectation.plan.clone())
                .filter(broken)
                .and_then(|b| b.aggregate(Vec::<Expr>::new(), vec![count])),
        )?;
        u64::try_from(single_i64(ctx, plan).await?).unwrap_or(0)
    };
    Ok(Outcome {
        span: expectation.span,
        severity: expectation.severity,
        violations,
        table_level: expectation.table_level,
    })
}
