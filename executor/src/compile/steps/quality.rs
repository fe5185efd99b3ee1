//! `expect`: compiled into a condition the runner evaluates; the table flows on unchanged.

use super::super::error::Result;
use super::super::expr::{compile_expr, ExprScope};
use super::super::Expectation;
use datafusion::common::tree_node::TreeNode;
use datafusion::logical_expr::{Expr, LogicalPlan};
use wrangle_dsl::ast::Severity;
use wrangle_dsl::check::Typed as AstExpr;
use wrangle_dsl::Span;

pub fn expectation(
    plan: &LogicalPlan,
    condition: &AstExpr,
    severity: Severity,
    span: Span,
) -> Result<Expectation> {
    let condition = compile_expr(condition, ExprScope::default())?;
    let mut table_level = false;
    let _ = condition.apply(|e| {
        table_level |= matches!(e, Expr::AggregateFunction(_));
        Ok(datafusion::common::tree_node::TreeNodeRecursion::Continue)
    });
    Ok(Expectation {
        span,
        condition,
        plan: plan.clone(),
        table_level,
        severity,
    })
}
