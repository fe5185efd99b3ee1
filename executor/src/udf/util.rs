//! What the UDFs share: their arguments as arrays, their result as a scalar when every
//! argument was one, text, numbers and date/time values read from any Arrow type, and a
//! regex cache. Not a function itself.

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use datafusion::arrow::array::{Array, ArrayRef, AsArray, Float64Array, Int64Array, StringArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Date32Type, Date64Type, Int64Type, TimeUnit};
use datafusion::common::{exec_err, DataFusionError, Result, ScalarValue};
use datafusion::logical_expr::ColumnarValue;
use regex::Regex;

/// The arguments as arrays of the same length, and whether all of them were scalars (then
/// the arrays have one row and the result should be a scalar too).
pub(crate) fn arrays(args: &[ColumnarValue], rows: usize) -> Result<(Vec<ArrayRef>, bool)> {
    let scalar = args.iter().all(|a| matches!(a, ColumnarValue::Scalar(_)));
    let rows = if scalar { 1 } else { rows };
    let arrays = args
        .iter()
        .map(|a| a.to_array(rows))
        .collect::<Result<Vec<_>>>()?;
    Ok((arrays, scalar))
}

/// The result of a function: its only value when every argument was a scalar.
pub(crate) fn finish(out: ArrayRef, scalar: bool) -> Result<ColumnarValue> {
    if scalar && out.len() == 1 {
        Ok(ColumnarValue::Scalar(ScalarValue::try_from_array(
            out.as_ref(),
            0,
        )?))
    } else {
        Ok(ColumnarValue::Array(out))
    }
}

/// Any array as text (`Utf8`); nulls stay null.
pub(crate) fn strings(array: &ArrayRef) -> Result<StringArray> {
    Ok(cast(array, &DataType::Utf8)?.as_string::<i32>().clone())
}

/// Any numeric array as `Int64`.
pub(crate) fn integers(array: &ArrayRef) -> Result<Int64Array> {
    Ok(cast(array, &DataType::Int64)?
        .as_primitive::<Int64Type>()
        .clone())
}

/// Any numeric array as `Float64`.
pub(crate) fn floats(array: &ArrayRef) -> Result<Float64Array> {
    Ok(cast(array, &DataType::Float64)?
        .as_primitive::<datafusion::arrow::datatypes::Float64Type>()
        .clone())
}

/// Whether a type holds text.
pub(crate) fn is_text(data_type: &DataType) -> bool {
    matches!(
        data_type,
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
    )
}

/// 1970-01-01, day 0 of `Date32`.
pub(crate) fn epoch() -> NaiveDate {
    DateTime::UNIX_EPOCH.date_naive()
}

/// A `Date32` value as a date.
pub(crate) fn date_from_days(days: i32) -> Option<NaiveDate> {
    epoch().checked_add_signed(chrono::TimeDelta::try_days(i64::from(days))?)
}

/// A date as a `Date32` value.
pub(crate) fn days_from_date(date: NaiveDate) -> Option<i32> {
    i32::try_from((date - epoch()).num_days()).ok()
}

/// Microseconds since the epoch as a date and time (UTC).
pub(crate) fn datetime_from_micros(micros: i64) -> Option<NaiveDateTime> {
    DateTime::from_timestamp_micros(micros).map(|d| d.naive_utc())
}

/// A date and time (UTC) as microseconds since the epoch.
pub(crate) fn micros_from_datetime(datetime: NaiveDateTime) -> i64 {
    datetime.and_utc().timestamp_micros()
}

/// The values of a date or timestamp array as dates and times; a date is its midnight and a
/// timestamp with a zone is read as the UTC instant it stores.
pub(crate) fn datetimes(array: &ArrayRef) -> Result<Vec<Option<NaiveDateTime>>> {
    let midnight = |d: NaiveDate| d.and_hms_opt(0, 0, 0);
    Ok(match array.data_type() {
        DataType::Null => vec![None; array.len()],
        DataType::Date32 => array
            .as_primitive::<Date32Type>()
            .iter()
            .map(|v| v.and_then(date_from_days).and_then(midnight))
            .collect(),
        DataType::Date64 => array
            .as_primitive::<Date64Type>()
            .iter()
            .map(|v| v.and_then(|ms| DateTime::from_timestamp_millis(ms).map(|d| d.naive_utc())))
            .collect(),
        DataType::Timestamp(unit, _) => {
            let raw = cast(array, &DataType::Int64)?;
            let per_second: i64 = match unit {
                TimeUnit::Second => 1,
                TimeUnit::Millisecond => 1_000,
                TimeUnit::Microsecond => 1_000_000,
                TimeUnit::Nanosecond => 1_000_000_000,
            };
            raw.as_primitive::<Int64Type>()
                .iter()
                .map(|v| {
                    v.and_then(|v| {
                        let micros = if per_second >= 1_000_000 {
                            v.div_euclid(per_second / 1_000_000)
                        } else {
                            v.checked_mul(1_000_000 / per_second)?
                        };
                        datetime_from_micros(micros)
                    })
                })
                .collect()
        }
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => {
            let as_timestamp = cast(array, &DataType::Timestamp(TimeUnit::Microsecond, None))?;
            return datetimes(&as_timestamp);
        }
        other => return exec_err!("expected a date or timestamp, found {other}"),
    })
}

/// A date/time unit, as the language writes it ("day", "month"…; plurals too).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    Year,
    Quarter,
    Month,
    Week,
    Day,
    Hour,
    Minute,
    Second,
}

impl Unit {
    pub(crate) fn parse(text: &str) -> Option<Unit> {
        let lower = text.trim().to_ascii_lowercase();
        Some(match lower.strip_suffix('s').unwrap_or(&lower) {
            "year" => Unit::Year,
            "quarter" => Unit::Quarter,
            "month" => Unit::Month,
            "week" => Unit::Week,
            "day" => Unit::Day,
            "hour" => Unit::Hour,
            "minute" => Unit::Minute,
            "second" => Unit::Second,
            _ => return None,
        })
    }

    /// The name DataFusion's `date_trunc` and `date_part` know it by.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Unit::Year => "year",
            Unit::Quarter => "quarter",
            Unit::Month => "month",
            Unit::Week => "week",
            Unit::Day => "day",
            Unit::Hour => "hour",
            Unit::Minute => "minute",
            Unit::Second => "second",
        }
    }

    /// Its length in microseconds, for the units that always have the same length.
    pub(crate) fn micros(self) -> Option<i64> {
        const SECOND: i64 = 1_000_000;
        match self {
            Unit::Week => Some(7 * 86_400 * SECOND),
            Unit::Day => Some(86_400 * SECOND),
            Unit::Hour => Some(3_600 * SECOND),
            Unit::Minute => Some(60 * SECOND),
            Unit::Second => Some(SECOND),
            Unit::Year | Unit::Quarter | Unit::Month => None,
        }
    }
}

/// A unit read from an argument, or the error that names it.
pub(crate) fn unit(text: &str) -> Result<Unit> {
    match Unit::parse(text) {
        Some(unit) => Ok(unit),
        None => exec_err!(
            "unknown unit {text:?}: use year, quarter, month, week, day, hour, minute or second"
        ),
    }
}

/// Compiles regexes, keeping the last one: matchers are literals, so a batch usually needs
/// exactly one.
#[derive(Default)]
pub(crate) struct RegexCache {
    last: Option<(String, Regex)>,
}

impl RegexCache {
    pub(crate) fn get(&mut self, pattern: &str) -> Result<&Regex> {
        let stale = !matches!(&self.last, Some((p, _)) if p == pattern);
        if stale {
            let regex = Regex::new(pattern).map_err(|e| {
                DataFusionError::Execution(format!("invalid regular expression {pattern:?}: {e}"))
            })?;
            self.last = Some((pattern.to_string(), regex));
        }
        match &self.last {
            Some((_, regex)) => Ok(regex),
            None => exec_err!("no regular expression"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::{Date32Array, TimestampMillisecondArray};
    use std::sync::Arc;

    #[test]
    fn dates_and_timestamps_read_as_datetimes() {
        let dates: ArrayRef = Arc::new(Date32Array::from(vec![Some(19782), None]));
        let read = datetimes(&dates).unwrap();
        assert_eq!(read[0].unwrap().to_string(), "2024-02-29 00:00:00");
        assert_eq!(read[1], None);
        let ts: ArrayRef = Arc::new(TimestampMillisecondArray::from(vec![Some(-1), None]));
        let read = datetimes(&ts).unwrap();
        assert_eq!(read[0].unwrap().to_string(), "1969-12-31 23:59:59.999");
    }

    #[test]
    fn scalar_arguments_give_a_scalar() {
        let (arrays, scalar) =
            arrays(&[ColumnarValue::Scalar(ScalarValue::Int64(Some(1)))], 10).unwrap();
        assert!(scalar);
        assert_eq!(arrays[0].len(), 1);
        assert!(matches!(
            finish(arrays[0].clone(), scalar).unwrap(),
            ColumnarValue::Scalar(ScalarValue::Int64(Some(1)))
        ));
    }

    #[test]
    fn the_regex_cache_recompiles_only_on_change() {
        let mut cache = RegexCache::default();
        assert!(cache.get("a+").unwrap().is_match("caab"));
        assert!(!cache.get("^b").unwrap().is_match("caab"));
        assert!(cache.get("(").is_err());
    }
}
