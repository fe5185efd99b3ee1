//! Integer arithmetic that fails on overflow instead of wrapping around. DataFusion's
//! `+`, `-` and `*` on integers wrap (9223372036854775807 + 1 is negative); its physical
//! binary expression can check instead, but a logical plan cannot ask for that. This
//! physical optimizer rule, last in every session, asks for it in the expressions of
//! projections (`derive`, `set`) and filters (`keep rows`, `delete rows`). A run that
//! overflows fails with "Arithmetic overflow", never a wrong number.

use datafusion::arrow::datatypes::Schema;
use datafusion::common::config::ConfigOptions;
use datafusion::common::tree_node::{Transformed, TreeNode};
use datafusion::error::Result;
use datafusion::logical_expr::Operator;
use datafusion::physical_expr::expressions::BinaryExpr;
use datafusion::physical_expr::PhysicalExpr;
use datafusion::physical_optimizer::PhysicalOptimizerRule;
use datafusion::physical_plan::filter::{FilterExec, FilterExecBuilder};
use datafusion::physical_plan::projection::{ProjectionExec, ProjectionExpr};
use datafusion::physical_plan::ExecutionPlan;
use std::sync::Arc;

#[derive(Debug, Default)]
pub struct CheckedArithmetic;

/// The expression with integer `+`, `-` and `*` checked; whether anything changed.
fn checked(expr: &Arc<dyn PhysicalExpr>, schema: &Schema) -> Result<(Arc<dyn PhysicalExpr>, bool)> {
    let mut changed = false;
    let rewritten = Arc::clone(expr)
        .transform_up(|e| {
            let Some(binary) = e.downcast_ref::<BinaryExpr>() else {
                return Ok(Transformed::no(e));
            };
            let arithmetic = matches!(
                binary.op(),
                Operator::Plus | Operator::Minus | Operator::Multiply
            );
            if !arithmetic || !binary.data_type(schema)?.is_integer() {
                return Ok(Transformed::no(e));
            }
            changed = true;
            let checked = BinaryExpr::new(
                Arc::clone(binary.left()),
                *binary.op(),
                Arc::clone(binary.right()),
            )
            .with_fail_on_overflow(true);
            Ok(Transformed::yes(Arc::new(checked) as Arc<dyn PhysicalExpr>))
        })?
        .data;
    Ok((rewritten, changed))
}

impl PhysicalOptimizerRule for CheckedArithmetic {
    fn optimize(
        &self,
        plan: Arc<dyn ExecutionPlan>,
        _config: &ConfigOptions,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        plan.transform_up(|node| {
            if let Some(projection) = node.downcast_ref::<ProjectionExec>() {
                let schema = projection.input().schema();
                let mut any = false;
                let mut exprs = Vec::new();
                for e in projection.expr() {
                    let (expr, changed) = checked(&e.expr, &schema)?;
                    any |= changed;
                    exprs.push(ProjectionExpr {
                        expr,
                        alias: e.alias.clone(),
                    });
                }
                if any {
                    let rebuilt = ProjectionExec::try_new(exprs, Arc::clone(projection.input()))?;
                    return Ok(Transformed::yes(Arc::new(rebuilt) as Arc<dyn ExecutionPlan>));
                }
            } else if let Some(filter) = node.downcast_ref::<FilterExec>() {
                let (predicate, changed) = checked(filter.predicate(), &filter.input().schema())?;
                if changed {
                    let rebuilt = FilterExecBuilder::from(filter)
                        .with_predicate(predicate)
                        .build()?;
                    return Ok(Transformed::yes(Arc::new(rebuilt) as Arc<dyn ExecutionPlan>));
                }
            }
            Ok(Transformed::no(node))
        })
        .map(|t| t.data)
    }

    fn name(&self) -> &str {
        "checked_arithmetic"
    }

    fn schema_check(&self) -> bool {
        true
    }
}
