//! Window functions, only in `window` steps: ranks and offsets follow the window's order;
//! `first_value`, `last_value` and `nth_value` look at the whole window; `running_*` cover
//! the rows from the first to the current one, rows that tie with it in the order included;
//! `rolling_*` cover a fixed number of rows around the current one.

use super::aggregate::{over, over_keys, whole_window, Aggregate};
use super::helpers::{float, integer, needs_window, plan_error, unknown, Args};
use super::{Call, WindowSpec};
use crate::compile::error::Result;
use datafusion::common::ScalarValue;
use datafusion::functions_aggregate as agg;
use datafusion::functions_window::expr_fn as w;
use datafusion::logical_expr::{lit, when, Expr, WindowFrame, WindowFrameBound, WindowFrameUnits};

pub(super) fn compile(args: Vec<Expr>, call: &Call) -> Result<Expr> {
    let Some(window) = call.window else {
        return Err(needs_window(call));
    };
    let mut a = Args::new(args, call);
    // A window function over the window with its default frame, or a given one.
    let place = |function: Expr, frame: Option<WindowFrame>| {
        let frame = frame
            .unwrap_or_else(|| WindowFrame::new((!window.order_by.is_empty()).then_some(false)));
        over(function, window, frame)
            .build()
            .map_err(|e| plan_error(call, e))
    };
    // Ranks follow the step's own order: rows that tie in it share a rank.
    let ranked = |function: Expr| {
        over_keys(
            function,
            window,
            &window.order_by,
            WindowFrame::new((!window.order_by.is_empty()).then_some(false)),
        )
        .build()
        .map_err(|e| plan_error(call, e))
    };
    Ok(match call.def.name {
        "row_number" => integer(place(w::row_number(), None)?),
        "rank" => integer(ranked(w::rank())?),
        "dense_rank" => integer(ranked(w::dense_rank())?),
        "percent_rank" => ranked(w::percent_rank())?,
        "cume_dist" => ranked(w::cume_dist())?,
        "ntile" => {
            let n = call.integer(0)?;
            if n < 1 {
                return Err(call.needs_literal(0, "a whole number of at least 1"));
            }
            integer(place(w::ntile(lit(n)), None)?)
        }
        "lag" | "lead" => {
            let value = a.next()?;
            let offset = match a.optional() {
                Some(_) => call.integer(1)?,
                None => 1,
            };
            let shift = |value: Expr, default: Option<ScalarValue>| {
                if call.def.name == "lag" {
                    w::lag(value, Some(offset), default)
                } else {
                    w::lead(value, Some(offset), default)
                }
            };
            match a.optional() {
                None => place(shift(value, None), None)?,
                Some(Expr::Literal(default, _)) => place(shift(value, Some(default)), None)?,
                // A default that is not a literal: taken where there is no such row, which
                // is where a shifted constant is null.
                Some(default) => {
                    let missing = place(shift(lit(true), None), None)?.is_null();
                    when(missing, default)
                        .otherwise(place(shift(value, None), None)?)
                        .map_err(|e| plan_error(call, e))?
                }
            }
        }
        "first_value" => place(w::first_value(a.next()?), Some(whole_window()))?,
        "last_value" => place(w::last_value(a.next()?), Some(whole_window()))?,
        "nth_value" => {
            let value = a.next()?;
            let n = call.integer(1)?;
            if n < 1 {
                return Err(call.needs_literal(1, "a whole number of at least 1"));
            }
            place(w::nth_value(value, n), Some(whole_window()))?
        }
        "running_sum" => running(agg::sum::sum_udaf(), a.next()?, window, call)?,
        "running_count" => running(agg::count::count_udaf(), a.next()?, window, call)?,
        "running_max" => running(agg::min_max::max_udaf(), a.next()?, window, call)?,
        "running_min" => running(agg::min_max::min_udaf(), a.next()?, window, call)?,
        "rolling_sum" | "rolling_avg" => {
            let x = a.next()?;
            let before = rows(call, 1)?;
            let after = if call.written.len() > 2 {
                rows(call, 2)?
            } else {
                0
            };
            let frame = WindowFrame::new_bounds(
                WindowFrameUnits::Rows,
                WindowFrameBound::Preceding(ScalarValue::UInt64(Some(before))),
                WindowFrameBound::Following(ScalarValue::UInt64(Some(after))),
            );
            if call.def.name == "rolling_sum" {
                Aggregate::new(agg::sum::sum_udaf(), vec![x]).build(call, Some(frame))?
            } else {
                float(Aggregate::new(agg::average::avg_udaf(), vec![x]).build(call, Some(frame))?)
            }
        }
        _ => return Err(unknown(call)),
    })
}

/// An aggregate from the window's first row to the current one and the rows tying with it.
fn running(
    udaf: std::sync::Arc<datafusion::logical_expr::AggregateUDF>,
    x: Expr,
    window: &WindowSpec,
    call: &Call,
) -> Result<Expr> {
    // RANGE … CURRENT ROW includes the ties; without an order every row ties.
    if window.order_by.is_empty() {
        return Aggregate::new(udaf, vec![x]).build(call, Some(whole_window()));
    }
    let function = Expr::WindowFunction(Box::new(
        datafusion::logical_expr::expr::WindowFunction::new(udaf, vec![x]),
    ));
    over_keys(
        function,
        window,
        &window.order_by,
        WindowFrame::new(Some(false)),
    )
    .build()
    .map_err(|e| plan_error(call, e))
}

/// A count of rows written as argument `i`.
fn rows(call: &Call, i: usize) -> Result<u64> {
    u64::try_from(call.integer(i)?)
        .map_err(|_| call.needs_literal(i, "a whole number of rows, 0 or more"))
}
