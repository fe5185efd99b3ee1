//! Counting mismatched values: what a `settype` step could not convert (present before,
//! null after). They are never dropped; the run reports how many there were, per column.

use crate::compile::Conversion;
use crate::error::{Error, Result};
use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::{DataType, Int64Type};
use datafusion::execution::context::SessionContext;
use datafusion::functions_aggregate::expr_fn::sum;
use datafusion::logical_expr::{cast, lit, when, Expr, LogicalPlanBuilder};
use wrangle_dsl::Span;

#[derive(Clone, Debug)]
pub struct Mismatches {
    pub span: Span,
    pub column: String,
    pub count: u64,
}

pub async fn count(ctx: &SessionContext, conversion: &Conversion) -> Result<Vec<Mismatches>> {
    let engine = |e: datafusion::error::DataFusionError| Error::Engine(e.strip_backtrace());
    let counts: Vec<Expr> = conversion
        .columns
        .iter()
        .map(|(name, converted)| {
            let lost = crate::compile::column(name)
                .is_not_null()
                .and(converted.clone().is_null());
            let one = when(lost, lit(1i64)).otherwise(lit(0i64)).map_err(engine)?;
            Ok(cast(sum(one), DataType::Int64).alias(name))
        })
        .collect::<Result<_>>()?;
    let plan = LogicalPlanBuilder::from(conversion.plan.clone())
        .aggregate(Vec::<Expr>::new(), counts)
        .and_then(|b| b.build())
        .map_err(engine)?;
    let batches = ctx
        .execute_logical_plan(plan)
        .await
        .map_err(engine)?
        .collect()
        .await
        .map_err(engine)?;
    let Some(batch) = batches.iter().find(|b| b.num_rows() > 0) else {
        return Ok(Vec::new());
    };
    Ok(conversion
        .columns
        .iter()
        .enumerate()
        .map(|(i, (name, _))| {
            let values = batch.column(i).as_primitive::<Int64Type>();
            let count = if values.is_null(0) {
                0
            } else {
                u64::try_from(values.value(0)).unwrap_or(0)
            };
            Mismatches {
                span: conversion.span,
                column: name.clone(),
                count,
            }
        })
        .collect())
}
