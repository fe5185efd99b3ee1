//! Whether a plan's result depends on the order rows arrive in: row numbers, `fill`,
//! `dedup … keep`, `first`/`last`/`list` of a group, `lag` without an `order by`. Such
//! plans must read their input in one stream, in order (see `engine::session`).

use datafusion::common::tree_node::{TreeNode, TreeNodeRecursion};
use datafusion::logical_expr::expr::{AggregateFunction, WindowFunction};
use datafusion::logical_expr::{Expr, LogicalPlan};

/// Window and aggregate functions whose value follows row order unless ordered.
const ORDER_SENSITIVE: &[&str] = &[
    "row_number",
    "lag",
    "lead",
    "first_value",
    "last_value",
    "nth_value",
    "array_agg",
    "string_agg",
];

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

/// Whether `plan` is a sort, under projections.
fn sorted(plan: &LogicalPlan) -> bool {
    match plan {
        LogicalPlan::Sort(_) => true,
        LogicalPlan::Projection(p) => sorted(&p.input),
        LogicalPlan::SubqueryAlias(a) => sorted(&a.input),
        _ => false,
    }
}

fn order_sensitive(expr: &Expr) -> bool {
    match expr {
        Expr::WindowFunction(w) => {
            let WindowFunction { fun, params } = w.as_ref();
            params.order_by.is_empty() && ORDER_SENSITIVE.contains(&fun.name())
        }
        Expr::AggregateFunction(AggregateFunction { func, params }) => {
            params.order_by.is_empty() && ORDER_SENSITIVE.contains(&func.name())
        }
        _ => false,
    }
}
