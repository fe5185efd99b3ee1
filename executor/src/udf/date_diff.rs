//! `date_diff(start, end, unit)`: the whole units from start to end, negative when end is
//! earlier. Weeks, days, hours, minutes and seconds count elapsed time; months, quarters
//! and years count calendar months, less one when the end's day and time of the month
//! come before the start's (Jan 31 → Feb 29 is 0 months, Jan 15 → Feb 15 is 1).

use super::singleton::udf_singleton;
use super::util::{arrays, datetimes, finish, strings, unit, Unit};
use chrono::{Datelike, NaiveDateTime};
use datafusion::arrow::array::{ArrayRef, Int64Array};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use std::sync::Arc;

#[derive(Debug, PartialEq, Eq, Hash)]
struct DateDiff {
    signature: Signature,
}

/// The whole units from `start` to `end`.
pub(crate) fn diff(start: NaiveDateTime, end: NaiveDateTime, unit: Unit) -> Option<i64> {
    if let Some(length) = unit.micros() {
        return Some(end.signed_duration_since(start).num_microseconds()? / length);
    }
    // The most whole months `date_add` can add to `start` without passing `end` (fewer
    // when going back), so the two agree at month ends: 2024-01-31 plus one month is
    // 2024-02-29, and from the one to the other is one month.
    let month_index = |d: &NaiveDateTime| i64::from(d.year()) * 12 + i64::from(d.month0());
    let mut months = month_index(&end) - month_index(&start);
    let shifted = |n: i64| super::date_add::add(start, n, Unit::Month);
    while months > 0 && shifted(months).is_none_or(|d| d > end) {
        months -= 1;
    }
    while months < 0 && shifted(months).is_none_or(|d| d < end) {
        months += 1;
    }
    Some(match unit {
        Unit::Year => months / 12,
        Unit::Quarter => months / 3,
        _ => months,
    })
}

impl ScalarUDFImpl for DateDiff {
    fn name(&self) -> &str {
        "date_diff"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _args: &[DataType]) -> Result<DataType> {
        Ok(DataType::Int64)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let (arrays, scalar) = arrays(&args.args, args.number_rows)?;
        let starts = datetimes(&arrays[0])?;
        let ends = datetimes(&arrays[1])?;
        let units = strings(&arrays[2])?;
        let mut out = Vec::with_capacity(starts.len());
        for ((start, end), u) in starts.iter().zip(ends.iter()).zip(units.iter()) {
            out.push(match (start, end, u) {
                (Some(start), Some(end), Some(u)) => diff(*start, *end, unit(u)?),
                _ => None,
            });
        }
        finish(Arc::new(Int64Array::from(out)) as ArrayRef, scalar)
    }
}

udf_singleton! {
    /// `date_diff(start: date or timestamp, end: date or timestamp, unit: Utf8) -> Int64`.
    pub fn date_diff() -> ScalarUDF = DateDiff {
        signature: Signature::any(3, Volatility::Immutable),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::udf::test_support::{invoke, text};
    use chrono::NaiveDate;
    use datafusion::arrow::array::Date32Array;

    fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    #[test]
    fn counts_whole_units_either_way() {
        assert_eq!(
            diff(at(2024, 1, 1, 0), at(2024, 3, 15, 0), Unit::Day),
            Some(74)
        );
        assert_eq!(
            diff(at(2024, 3, 15, 0), at(2024, 1, 1, 0), Unit::Day),
            Some(-74)
        );
        assert_eq!(
            diff(at(2024, 1, 1, 0), at(2024, 1, 1, 23), Unit::Day),
            Some(0)
        );
        // As `date_add` counts: 2024-01-31 plus a month is 2024-02-29.
        assert_eq!(
            diff(at(2024, 1, 31, 0), at(2024, 2, 29, 0), Unit::Month),
            Some(1)
        );
        assert_eq!(
            diff(at(2024, 1, 31, 0), at(2024, 2, 28, 0), Unit::Month),
            Some(0)
        );
        assert_eq!(
            diff(at(2024, 1, 15, 0), at(2024, 2, 15, 0), Unit::Month),
            Some(1)
        );
        assert_eq!(
            diff(at(2024, 2, 15, 0), at(2024, 1, 15, 1), Unit::Month),
            Some(0)
        );
        assert_eq!(
            diff(at(2020, 2, 29, 0), at(2024, 2, 28, 0), Unit::Year),
            Some(3)
        );
        assert_eq!(
            diff(at(2024, 1, 1, 0), at(2024, 12, 31, 0), Unit::Quarter),
            Some(3)
        );
        assert_eq!(
            diff(at(2024, 1, 1, 0), at(2024, 1, 15, 0), Unit::Week),
            Some(2)
        );
    }

    #[test]
    fn dates_and_nulls() {
        let start = ColumnarValue::Array(Arc::new(Date32Array::from(vec![Some(0), None, Some(0)])));
        let end = ColumnarValue::Array(Arc::new(Date32Array::from(vec![Some(31), Some(1), None])));
        let out = invoke(&date_diff(), vec![start, end, text("day")]);
        assert_eq!(out, vec![Some("31".into()), None, None]);
    }
}
