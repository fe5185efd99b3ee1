//! Planning `CountRows` into `CountRowsExec`, and the session that knows how.

use super::count_exec::CountRowsExec;
use super::counter_node::CountRows;
use super::step_mark::{StepMark, StepMarkExec};
use async_trait::async_trait;
use datafusion::catalog::Session;
use datafusion::common::{plan_err, Result};
use datafusion::execution::context::{QueryPlanner, SessionContext};
use datafusion::execution::{SessionState, SessionStateBuilder};
use datafusion::logical_expr::physical_planning_context::PhysicalPlanningContext;
use datafusion::logical_expr::{LogicalPlan, UserDefinedLogicalNode};
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_planner::{DefaultPhysicalPlanner, ExtensionPlanner, PhysicalPlanner};
use datafusion::prelude::SessionConfig;
use std::sync::Arc;

/// Turns `CountRows` nodes into `CountRowsExec` and `StepMark` nodes into `StepMarkExec`;
/// other nodes are left to other planners.
#[derive(Debug, Default)]
pub struct CountRowsPlanner;

#[async_trait]
impl ExtensionPlanner for CountRowsPlanner {
    async fn plan_extension(
        &self,
        _planner: &dyn PhysicalPlanner,
        node: &dyn UserDefinedLogicalNode,
        _logical_inputs: &[&LogicalPlan],
        physical_inputs: &[Arc<dyn ExecutionPlan>],
        _session: &dyn Session,
        _planning_ctx: &PhysicalPlanningContext,
    ) -> Result<Option<Arc<dyn ExecutionPlan>>> {
        if let Some(mark) = node.as_any().downcast_ref::<StepMark>() {
            let [input] = physical_inputs else {
                return plan_err!("StepMark has one input");
            };
            let exec = StepMarkExec::new(Arc::clone(input), mark.label().clone());
            return Ok(Some(Arc::new(exec)));
        }
        let Some(count) = node.as_any().downcast_ref::<CountRows>() else {
            return Ok(None);
        };
        let [input] = physical_inputs else {
            return plan_err!("CountRows has one input");
        };
        let exec = CountRowsExec::new(Arc::clone(input), count.slot(), Arc::clone(count.counts()))?
            .with_flags(count.flags())?;
        Ok(Some(Arc::new(exec)))
    }
}

/// DataFusion's physical planner with [`CountRowsPlanner`].
#[derive(Debug, Default)]
pub struct AccountingQueryPlanner;

#[async_trait]
impl QueryPlanner for AccountingQueryPlanner {
    async fn create_physical_plan(
        &self,
        logical_plan: &LogicalPlan,
        session: &dyn Session,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        DefaultPhysicalPlanner::with_extension_planners(vec![Arc::new(CountRowsPlanner)])
            .create_physical_plan(logical_plan, session)
            .await
    }
}

/// A session state with DataFusion's defaults that can run plans with `CountRows` nodes.
pub fn session_state(config: SessionConfig) -> SessionState {
    session_state_with(config, None)
}

/// Like [`session_state`], on a given runtime (memory pool, spill folders).
pub fn session_state_with(
    mut config: SessionConfig,
    runtime: Option<Arc<datafusion::execution::runtime_env::RuntimeEnv>>,
) -> SessionState {
    // DataFusion checks that an aggregate's input planned physically has exactly the
    // schema of its logical plan, nullability included. Several of its expressions (`IS
    // TRUE`, `IN`, `CASE` over them) are nullable physically and not logically; once the
    // optimizer moves one into a projection below an aggregate (common subexpressions),
    // the check fails the run with an internal error. A column that may be null where the
    // logical plan says it cannot is harmless, so the check is left out (DataFusion's own
    // switch for planner bugs of this kind).
    config
        .options_mut()
        .execution
        .skip_physical_aggregate_schema_check = true;
    let mut builder = SessionStateBuilder::new()
        .with_config(config)
        .with_default_features()
        .with_query_planner(Arc::new(AccountingQueryPlanner))
        .with_optimizer_rules(optimizer_rules())
        // Integer overflow is an error, not a wrapped-around number.
        .with_physical_optimizer_rule(Arc::new(crate::checked_arithmetic::CheckedArithmetic));
    if let Some(runtime) = runtime {
        builder = builder.with_runtime_env(runtime);
    }
    builder.build()
}

/// DataFusion's logical optimizer rules, less the two that move struct field access towards
/// the scan: after a join (whose columns the plan qualifies), they build projections with
/// the same name qualified and bare ("Schema contains qualified field name … and
/// unqualified field name …"): `join` then `unnest` failed. Nothing we read pushes field
/// access into its source, so leaving them out costs nothing.
fn optimizer_rules() -> Vec<Arc<dyn datafusion::optimizer::OptimizerRule + Send + Sync>> {
    datafusion::optimizer::Optimizer::new()
        .rules
        .into_iter()
        .filter(|rule| {
            !matches!(
                rule.name(),
                "extract_leaf_expressions" | "push_down_leaf_projections"
            )
        })
        .collect()
}

/// A session over [`session_state`].
pub fn session(config: SessionConfig) -> SessionContext {
    SessionContext::new_with_state(session_state(config))
}
