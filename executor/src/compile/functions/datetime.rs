//! Date and time functions. Timestamps are microseconds without a zone (UTC); a date is
//! `Date32`. Units are validated here when they are written in the recipe.

use super::helpers::{float, integer, text, unknown, Args};
use super::Call;
use crate::compile::error::{CompileError, Result};
use crate::udf;
use crate::udf::util::Unit;
use datafusion::arrow::datatypes::{DataType, TimeUnit};
use datafusion::functions::expr_fn as f;
use datafusion::logical_expr::{cast, lit, try_cast, Expr};

fn timestamp_type() -> DataType {
    DataType::Timestamp(TimeUnit::Microsecond, None)
}

/// A part of a date or timestamp, as an integer.
fn part(name: &str, d: Expr) -> Expr {
    integer(f::date_part(lit(name), d))
}

/// The unit written as argument `i`; `None` when it is not a literal (it is then read
/// while running).
fn unit(call: &Call, i: usize) -> Result<Option<Unit>> {
    let Ok(written) = call.string(i) else {
        return Ok(None);
    };
    Unit::parse(&written).map(Some).ok_or_else(|| {
        let span = call.written.get(i).map_or(call.span, |e| e.span);
        CompileError::new(span, format!("unknown unit {written:?}"))
            .with_hint("use \"year\", \"quarter\", \"month\", \"week\", \"day\", \"hour\", \"minute\" or \"second\"")
    })
}

pub(super) fn compile(args: Vec<Expr>, call: &Call) -> Result<Expr> {
    let mut a = Args::new(args, call);
    Ok(match call.def.name {
        "year" => part("year", a.next()?),
        "month" => part("month", a.next()?),
        "day" => part("day", a.next()?),
        "hour" => part("hour", a.next()?),
        "minute" => part("minute", a.next()?),
        "second" => part("second", a.next()?),
        "weekday" => part("isodow", a.next()?),
        "day_of_year" => part("doy", a.next()?),
        "quarter" => part("quarter", a.next()?),
        "week" => part("week", a.next()?),
        "now" => cast(f::now(), timestamp_type()),
        "today" => f::current_date(),
        "date_add" => {
            let (d, n, u) = (a.next()?, integer(a.next()?), text(a.next()?));
            unit(call, 2)?;
            udf::date_add::date_add().call(vec![d, n, u])
        }
        "date_diff" => {
            let (start, end, u) = (a.next()?, a.next()?, text(a.next()?));
            unit(call, 2)?;
            udf::date_diff::date_diff().call(vec![start, end, u])
        }
        "date_trunc" => {
            let d = a.next()?;
            let Some(unit) = unit(call, 1)? else {
                return Err(call.needs_literal(1, "a unit"));
            };
            // DataFusion truncates dates as timestamps; a date stays a date.
            f::cast_to_type(f::date_trunc(lit(unit.name()), d.clone()), d)
        }
        "parse_date" => udf::parse_date::parse_date().call(vec![text(a.next()?), text(a.next()?)]),
        "parse_timestamp" => {
            udf::parse_timestamp::parse_timestamp().call(vec![text(a.next()?), text(a.next()?)])
        }
        "format_date" => f::to_char(a.next()?, text(a.next()?)),
        "make_date" => {
            let (y, m, d) = (integer(a.next()?), integer(a.next()?), integer(a.next()?));
            let midnight = udf::make_timestamp::make_timestamp().call(vec![
                y,
                m,
                d,
                lit(0i64),
                lit(0i64),
                lit(0.0),
            ]);
            cast(midnight, DataType::Date32)
        }
        "make_timestamp" => {
            let mut parts: Vec<Expr> = (0..5)
                .map(|_| a.next().map(integer))
                .collect::<Result<_>>()?;
            parts.push(float(a.next()?));
            udf::make_timestamp::make_timestamp().call(parts)
        }
        "last_day" => {
            let first = cast(f::date_trunc(lit("month"), a.next()?), DataType::Date32);
            let add = |d: Expr, n: i64, unit: &str| {
                udf::date_add::date_add().call(vec![d, lit(n), lit(unit)])
            };
            add(add(first, 1, "month"), -1, "day")
        }
        "is_weekend" => part("isodow", a.next()?).gt_eq(lit(6i64)),
        "month_name" => f::to_char(a.next()?, lit("%B")),
        "day_name" => f::to_char(a.next()?, lit("%A")),
        "to_unix" => f::to_unixtime(vec![a.next()?]),
        "from_unix" => {
            let micros = f::round(vec![float(a.next()?) * lit(1_000_000.0)]);
            cast(try_cast(micros, DataType::Int64), timestamp_type())
        }
        "from_utc" => udf::from_utc::from_utc().call(vec![a.next()?, text(a.next()?)]),
        "to_utc" => udf::to_utc::to_utc().call(vec![a.next()?, text(a.next()?)]),
        _ => return Err(unknown(call)),
    })
}
