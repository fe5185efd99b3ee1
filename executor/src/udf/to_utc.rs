//! `to_utc(ts, zone)`: a local time of an IANA time zone ("Europe/Paris") as UTC; null for
//! an unknown zone. A local time that happens twice (when clocks go back) is taken at its
//! first occurrence; one that does not happen (when clocks go forward) is moved forward by
//! the gap, as the clocks were.

use super::singleton::udf_singleton;
use super::util::{arrays, datetimes, finish, micros_from_datetime, strings};
use chrono::{LocalResult, NaiveDateTime, Offset, TimeDelta, TimeZone};
use chrono_tz::Tz;
use datafusion::arrow::array::{ArrayRef, TimestampMicrosecondArray};
use datafusion::arrow::datatypes::{DataType, TimeUnit};
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use std::sync::Arc;

#[derive(Debug, PartialEq, Eq, Hash)]
struct ToUtc {
    signature: Signature,
}

/// The UTC time of `local` in `zone`.
pub(crate) fn to_utc_time(local: NaiveDateTime, zone: Tz) -> Option<NaiveDateTime> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Some(t.naive_utc()),
        LocalResult::None => {
            // In a gap: read it with the offset in force a day before.
            let before = local.checked_sub_signed(TimeDelta::days(1))?;
            let offset = zone.offset_from_local_datetime(&before).earliest()?.fix();
            local.checked_sub_signed(TimeDelta::seconds(i64::from(offset.local_minus_utc())))
        }
    }
}

impl ScalarUDFImpl for ToUtc {
    fn name(&self) -> &str {
        "to_utc"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _args: &[DataType]) -> Result<DataType> {
        Ok(DataType::Timestamp(TimeUnit::Microsecond, None))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let (arrays, scalar) = arrays(&args.args, args.number_rows)?;
        let times = datetimes(&arrays[0])?;
        let zones = strings(&arrays[1])?;
        let out: TimestampMicrosecondArray = times
            .iter()
            .zip(zones.iter())
            .map(|(time, zone)| {
                let zone: Tz = zone?.parse().ok()?;
                to_utc_time((*time)?, zone).map(micros_from_datetime)
            })
            .collect();
        finish(Arc::new(out) as ArrayRef, scalar)
    }
}

udf_singleton! {
    /// `to_utc(ts: timestamp, zone: Utf8) -> Timestamp(µs)`.
    pub fn to_utc() -> ScalarUDF = ToUtc {
        signature: Signature::any(2, Volatility::Immutable),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::udf::test_support::{invoke, strings_of};
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    #[test]
    fn converts_local_times_including_gaps_and_repeats() {
        let ny: Tz = "America/New_York".parse().unwrap();
        assert_eq!(
            to_utc_time(at(2024, 7, 1, 8, 0), ny),
            Some(at(2024, 7, 1, 12, 0))
        );
        // 02:30 does not exist on 2024-03-10 in New York: it is read as 03:30 EDT.
        assert_eq!(
            to_utc_time(at(2024, 3, 10, 2, 30), ny),
            Some(at(2024, 3, 10, 7, 30))
        );
        // 01:30 happens twice on 2024-11-03: the first (EDT) is taken.
        assert_eq!(
            to_utc_time(at(2024, 11, 3, 1, 30), ny),
            Some(at(2024, 11, 3, 5, 30))
        );
        let paris: Tz = "Europe/Paris".parse().unwrap();
        assert_eq!(
            to_utc_time(at(2024, 3, 31, 2, 30), paris),
            Some(at(2024, 3, 31, 1, 30))
        );
    }

    #[test]
    fn unknown_zones_and_nulls_give_null() {
        let ts = ColumnarValue::Array(Arc::new(TimestampMicrosecondArray::from(vec![
            Some(0),
            None,
            Some(0),
        ])));
        let out = invoke(
            &to_utc(),
            vec![ts, strings_of(&[Some("Nowhere"), Some("UTC"), None])],
        );
        assert_eq!(out, vec![None, None, None]);
    }
}
