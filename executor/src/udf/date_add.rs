//! `date_add(d, n, unit)`: a date or timestamp moved by n units (negative n moves back). A
//! day past the end of the month becomes its last day (Jan 31 + 1 month = Feb 29); a date
//! moved by hours, minutes or seconds stays a date (the day it falls on).

use super::singleton::udf_singleton;
use super::util::{
    arrays, datetimes, days_from_date, finish, integers, micros_from_datetime, strings, unit, Unit,
};
use chrono::{Months, NaiveDateTime, TimeDelta};
use datafusion::arrow::array::{new_null_array, ArrayRef, Date32Array, TimestampMicrosecondArray};
use datafusion::arrow::datatypes::{DataType, TimeUnit};
use datafusion::common::{plan_err, Result};
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use std::sync::Arc;

#[derive(Debug, PartialEq, Eq, Hash)]
struct DateAdd {
    signature: Signature,
}

/// `datetime` moved by `n` units; `None` when the result is out of range.
pub(crate) fn add(datetime: NaiveDateTime, n: i64, unit: Unit) -> Option<NaiveDateTime> {
    let months = |m: i64| {
        let count = Months::new(u32::try_from(m.unsigned_abs()).ok()?);
        if m >= 0 {
            datetime.checked_add_months(count)
        } else {
            datetime.checked_sub_months(count)
        }
    };
    match unit {
        Unit::Year => months(n.checked_mul(12)?),
        Unit::Quarter => months(n.checked_mul(3)?),
        Unit::Month => months(n),
        fixed => {
            datetime.checked_add_signed(TimeDelta::microseconds(n.checked_mul(fixed.micros()?)?))
        }
    }
}

impl ScalarUDFImpl for DateAdd {
    fn name(&self) -> &str {
        "date_add"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, args: &[DataType]) -> Result<DataType> {
        match args.first() {
            Some(DataType::Date32 | DataType::Date64) => Ok(DataType::Date32),
            Some(DataType::Timestamp(_, zone)) => {
                Ok(DataType::Timestamp(TimeUnit::Microsecond, zone.clone()))
            }
            Some(DataType::Null) => Ok(DataType::Null),
            Some(other) => plan_err!("date_add needs a date or timestamp, not {other}"),
            None => plan_err!("date_add takes 3 arguments"),
        }
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let return_type = args.return_type().clone();
        let (arrays, scalar) = arrays(&args.args, args.number_rows)?;
        let values = datetimes(&arrays[0])?;
        let counts = integers(&arrays[1])?;
        let units = strings(&arrays[2])?;
        let mut moved = Vec::with_capacity(values.len());
        for ((value, n), u) in values.iter().zip(counts.iter()).zip(units.iter()) {
            moved.push(match (value, n, u) {
                (Some(value), Some(n), Some(u)) => add(*value, n, unit(u)?),
                _ => None,
            });
        }
        let out: ArrayRef = match return_type {
            DataType::Date32 => Arc::new(Date32Array::from(
                moved
                    .iter()
                    .map(|m| m.and_then(|m| days_from_date(m.date())))
                    .collect::<Vec<_>>(),
            )),
            DataType::Timestamp(_, zone) => Arc::new(
                TimestampMicrosecondArray::from(
                    moved
                        .iter()
                        .map(|m| m.map(micros_from_datetime))
                        .collect::<Vec<_>>(),
                )
                .with_timezone_opt(zone),
            ),
            other => new_null_array(&other, moved.len()),
        };
        finish(out, scalar)
    }
}

udf_singleton! {
    /// `date_add(d: date or timestamp, n: Int64, unit: Utf8) -> same kind as d`.
    pub fn date_add() -> ScalarUDF = DateAdd {
        signature: Signature::any(3, Volatility::Immutable),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::udf::test_support::{ints_of, invoke, text};
    use datafusion::common::ScalarValue;

    fn date(days: i32) -> ColumnarValue {
        ColumnarValue::Scalar(ScalarValue::Date32(Some(days)))
    }

    #[test]
    fn months_clamp_to_the_end_of_the_month() {
        // 2024-01-31 is day 19753.
        let out = invoke(
            &date_add(),
            vec![
                date(19753),
                ints_of(&[Some(1), Some(-1), Some(13), None]),
                text("month"),
            ],
        );
        assert_eq!(
            out,
            vec![
                Some("2024-02-29".into()),
                Some("2023-12-31".into()),
                Some("2025-02-28".into()),
                None
            ]
        );
    }

    #[test]
    fn timestamps_keep_their_zone_and_move_by_fixed_units() {
        let ts = ColumnarValue::Scalar(ScalarValue::TimestampMicrosecond(
            Some(0),
            Some("UTC".into()),
        ));
        let out = invoke(
            &date_add(),
            vec![ts, ints_of(&[Some(90), Some(-1)]), text("minutes")],
        );
        assert_eq!(
            out,
            vec![
                Some("1970-01-01T01:30:00Z".into()),
                Some("1969-12-31T23:59:00Z".into())
            ]
        );
    }

    #[test]
    fn a_date_moved_by_hours_is_the_day_it_falls_on() {
        let out = invoke(
            &date_add(),
            vec![date(0), ints_of(&[Some(25), Some(-1)]), text("hour")],
        );
        assert_eq!(
            out,
            vec![Some("1970-01-02".into()), Some("1969-12-31".into())]
        );
    }

    #[test]
    fn an_unknown_unit_is_an_error() {
        assert!(unit("fortnight").is_err());
        assert_eq!(add(chrono::NaiveDateTime::MAX, 1, Unit::Year), None);
    }
}
