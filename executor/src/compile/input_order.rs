//! Whether a plan's result depends on the order rows arrive in: row numbers, `fill`,
//! `dedup … keep`, `first`/`last`/`list` of a group, `lag` without an `order by`. Such
//! plans must read their input in one stream, in order (see `engine::session`).

use datafusion::common::tree_node::{TreeNode, TreeNodeRecursion};
use datafusion::execution::context::SessionContext;
use datafusion::logical_expr::expr::{AggregateFunction, WindowFunction};
use datafusion::logical_expr::{Expr, LogicalPlan};

/// Window functions whose value follows row order unless ordered.
const ORDER_SENSITIVE_WINDOWS: &[&str] = &["row_number", "lag", "lead"];

/// Aggregates (in `aggregate` and in windows) that take their values in row order unless
/// ordered; `table_order` gives them the order of an earlier `sort`.
pub(super) const ORDER_SENSITIVE_AGGREGATES: &[&str] = &[
    "first_value",
    "last_value",
    "nth_value",
    "array_agg",
    "string_agg",
];

fn order_sensitive_name(name: &str) -> bool {
    ORDER_SENSITIVE_WINDOWS.contains(&name) || ORDER_SENSITIVE_AGGREGATES.contains(&name)
}

/// True when some expression of `plan` numbers or picks rows by their input order.
pub fn depends_on_input_order(plan: &LogicalPlan) -> bool {
    let mut found = false;
    let _ = plan.apply(|node| {
        // The first N rows, unless sorted first.
        if let LogicalPlan::Limit(limit) = node {
            found |= !sorted(&limit.input);
        }
        for expr in node.expressions() {
            let _ = expr.apply(|e| {
                found |= order_sensitive(e);
                Ok(if found {
                    TreeNodeRecursion::Stop
                } else {
                    TreeNodeRecursion::Continue
                })
            });
        }
        Ok(if found {
            TreeNodeRecursion::Stop
        } else {
            TreeNodeRecursion::Continue
        })
    });
    found
}

/// Whether `plan` is a sort, under projections and nodes that keep the order of rows.
fn sorted(plan: &LogicalPlan) -> bool {
    match plan {
        LogicalPlan::Sort(_) => true,
        LogicalPlan::Projection(p) => sorted(&p.input),
        LogicalPlan::SubqueryAlias(a) => sorted(&a.input),
        // Row counters and step marks pass rows through in order.
        LogicalPlan::Extension(e) if e.node.inputs().len() == 1 => sorted(e.node.inputs()[0]),
        _ => false,
    }
}

fn order_sensitive(expr: &Expr) -> bool {
    match expr {
        Expr::WindowFunction(w) => {
            let WindowFunction { fun, params } = w.as_ref();
            params.order_by.is_empty() && order_sensitive_name(fun.name())
        }
        Expr::AggregateFunction(AggregateFunction { func, params }) => {
            params.order_by.is_empty() && order_sensitive_name(func.name())
        }
        _ => false,
    }
}

/// From now on, read and process rows in one stream, in input order: for plans whose
/// result depends on it (`compile::depends_on_input_order`: `fill`, `dedup … keep`,
/// `first`, `last`, …). DataFusion otherwise deals rows out to every core and the order of
/// a file is lost.
pub fn keep_input_order(ctx: &SessionContext) {
    let state = ctx.state_ref();
    let mut state = state.write();
    state.config_mut().options_mut().execution.target_partitions = 1;
}
