//! What the family compilers share: taking arguments in order, casts, guards and literal
//! matchers.

use super::Call;
use crate::compile::error::{CompileError, Result};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::ScalarValue;
use datafusion::logical_expr::{cast, lit, when, Expr};
use std::collections::VecDeque;

/// A call's compiled arguments, taken in order.
pub(super) struct Args<'a> {
    items: VecDeque<Expr>,
    call: &'a Call<'a>,
}

impl<'a> Args<'a> {
    pub(super) fn new(args: Vec<Expr>, call: &'a Call<'a>) -> Self {
        Args {
            items: args.into(),
            call,
        }
    }

    /// The next argument, which the call must have.
    pub(super) fn next(&mut self) -> Result<Expr> {
        self.items.pop_front().ok_or_else(|| {
            CompileError::new(
                self.call.span,
                format!(
                    "`{}` needs more arguments: {}",
                    self.call.def.name,
                    self.call.def.signature()
                ),
            )
        })
    }

    /// The next argument, if the call has one.
    pub(super) fn optional(&mut self) -> Option<Expr> {
        self.items.pop_front()
    }

    /// Every argument not taken yet.
    pub(super) fn rest(&mut self) -> Vec<Expr> {
        self.items.drain(..).collect()
    }
}

/// `e` as `data_type`: a cast, unless `e` is a literal of that type already (functions
/// that read literal arguments while planning then still see one).
pub(super) fn as_type(e: Expr, data_type: DataType) -> Expr {
    match &e {
        Expr::Literal(value, _) if value.data_type() == data_type => e,
        _ => cast(e, data_type),
    }
}

pub(super) fn text(e: Expr) -> Expr {
    as_type(e, DataType::Utf8)
}

/// Any value as text, lists and structs as JSON (as `to_string` writes them): for the
/// functions that join values of any kind into text.
pub(super) fn any_text(e: Expr) -> Expr {
    match &e {
        Expr::Literal(value, _) if value.data_type() == DataType::Utf8 => e,
        _ => crate::udf::to_string::to_string().call(vec![e]),
    }
}

pub(super) fn float(e: Expr) -> Expr {
    as_type(e, DataType::Float64)
}

pub(super) fn integer(e: Expr) -> Expr {
    as_type(e, DataType::Int64)
}

/// A typed null.
pub(super) fn null(data_type: &DataType) -> Expr {
    lit(ScalarValue::try_from(data_type).unwrap_or(ScalarValue::Null))
}

/// `value` where `condition` is true, null elsewhere (also where it is null).
pub(super) fn only_where(condition: Expr, value: Expr, call: &Call) -> Result<Expr> {
    when(condition, value)
        .end()
        .map_err(|e| CompileError::plan(call.span, e))
}

/// `n`, or 0 where it is negative.
pub(super) fn at_least_zero(n: Expr, call: &Call) -> Result<Expr> {
    when(n.clone().lt(lit(0i64)), lit(0i64))
        .otherwise(n)
        .map_err(|e| CompileError::plan(call.span, e))
}

/// `n` kept within `least..=most`: positions and lengths far beyond any text or list
/// (which the engine's kernels refuse, or overflow on) mean the same as the bound.
/// A null stays null.
pub(super) fn within(n: Expr, least: i64, most: i64) -> Expr {
    use datafusion::logical_expr::expr::Case;
    Expr::Case(Case::new(
        None,
        vec![
            (Box::new(n.clone().lt(lit(least))), Box::new(lit(least))),
            (Box::new(n.clone().gt(lit(most))), Box::new(lit(most))),
        ],
        Some(Box::new(n)),
    ))
}

/// Text made longer than this by padding is an error of the recipe, not a value: the
/// longest `pad_left`/`pad_right`/`repeat` result (characters).
pub(super) const LONGEST_TEXT: i64 = 1 << 24;

/// The regex of a matcher argument (always a literal by the time it is compiled); `None`
/// for a null matcher.
pub(super) fn regex_of(matcher: &Expr) -> Option<String> {
    match matcher {
        Expr::Literal(ScalarValue::Utf8(Some(s)), _) => Some(s.clone()),
        _ => None,
    }
}

/// A DataFusion error while building an expression, at the call.
pub(super) fn plan_error(call: &Call, e: datafusion::error::DataFusionError) -> CompileError {
    CompileError::plan(call.span, e)
}

/// The error for a name the family compiler does not know.
pub(super) fn unknown(call: &Call) -> CompileError {
    CompileError::new(call.span, format!("unknown function `{}`", call.def.name))
}

/// The error for a window-only function used outside a `window` step.
pub(super) fn needs_window(call: &Call) -> CompileError {
    call.unsupported("can only be used in a `window` step")
}
