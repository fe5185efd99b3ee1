//! Logical and conditional functions.

use super::helpers::{integer, plan_error, unknown, Args};
use super::Call;
use crate::compile::error::Result;
use datafusion::logical_expr::{case, lit, when, Expr};

pub(super) fn compile(args: Vec<Expr>, call: &Call) -> Result<Expr> {
    let mut a = Args::new(args, call);
    Ok(match call.def.name {
        // A null condition is not true, so it chooses else.
        "if" => {
            let condition = a.next()?;
            let mut values = vec![a.next()?];
            values.extend(a.optional());
            let mut values = crate::compile::types::literals_of_one_type(values).into_iter();
            let then = values.next().expect("then is given");
            let mut choice = when(condition, then);
            match values.next() {
                Some(otherwise) => choice.otherwise(otherwise),
                None => choice.end(),
            }
            .map_err(|e| plan_error(call, e))?
        }
        // Null when either is null, as `!=` on booleans is.
        "xor" => a.next()?.not_eq(a.next()?),
        "choose" => {
            let index = integer(a.next()?);
            let values = crate::compile::types::literals_of_one_type(a.rest());
            if values.is_empty() {
                return Err(a_value_needed(call));
            }
            let mut choice = case(index);
            for (position, value) in (1i64..).zip(values) {
                choice = choice.when(lit(position), value);
            }
            choice.end().map_err(|e| plan_error(call, e))?
        }
        "all_of" | "any_of" => {
            let conditions = a.rest().into_iter().map(is_true);
            let joined = if call.def.name == "all_of" {
                conditions.reduce(Expr::and)
            } else {
                conditions.reduce(Expr::or)
            };
            joined.ok_or_else(|| a_value_needed(call))?
        }
        "is_true" => is_true(a.next()?),
        "is_false" => is_true(Expr::Not(Box::new(a.next()?))),
        _ => return Err(unknown(call)),
    })
}

fn a_value_needed(call: &Call) -> crate::compile::error::CompileError {
    call.unsupported("needs at least one value to choose from")
}

/// True where `value` is true; false where it is false or null. Written as
/// `coalesce(value, false)` rather than DataFusion's `IS TRUE`, whose physical expression
/// says it may be null while its logical one says not: an aggregate over such a column
/// then fails DataFusion's own schema check (an internal error).
pub(super) fn is_true(value: Expr) -> Expr {
    datafusion::functions::expr_fn::coalesce(vec![value, lit(false)])
}
