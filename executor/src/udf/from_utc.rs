//! `from_utc(ts, zone)`: a UTC timestamp as the local time of an IANA time zone
//! ("Europe/Paris"); null for an unknown zone.

use super::singleton::udf_singleton;
use super::util::{arrays, datetimes, finish, micros_from_datetime, strings};
use chrono::TimeZone;
use chrono_tz::Tz;
use datafusion::arrow::array::{ArrayRef, TimestampMicrosecondArray};
use datafusion::arrow::datatypes::{DataType, TimeUnit};
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use std::sync::Arc;

#[derive(Debug, PartialEq, Eq, Hash)]
struct FromUtc {
    signature: Signature,
}

impl ScalarUDFImpl for FromUtc {
    fn name(&self) -> &str {
        "from_utc"
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
                Some(micros_from_datetime(
                    zone.from_utc_datetime(time.as_ref()?).naive_local(),
                ))
            })
            .collect();
        finish(Arc::new(out) as ArrayRef, scalar)
    }
}

udf_singleton! {
    /// `from_utc(ts: timestamp, zone: Utf8) -> Timestamp(µs)`.
    pub fn from_utc() -> ScalarUDF = FromUtc {
        signature: Signature::any(2, Volatility::Immutable),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::udf::test_support::{invoke, strings_of};
    use datafusion::common::ScalarValue;

    #[test]
    fn converts_to_local_time_with_daylight_saving() {
        // 2024-07-01T12:00:00 and 2024-01-01T12:00:00 UTC.
        let ts = ColumnarValue::Array(Arc::new(TimestampMicrosecondArray::from(vec![
            Some(1_719_835_200_000_000),
            Some(1_704_110_400_000_000),
            None,
            Some(0),
        ])));
        let zones = strings_of(&[
            Some("America/New_York"),
            Some("America/New_York"),
            Some("UTC"),
            Some("Mars/Base"),
        ]);
        let out = invoke(&from_utc(), vec![ts, zones]);
        assert_eq!(
            out,
            vec![
                Some("2024-07-01T08:00:00".into()),
                Some("2024-01-01T07:00:00".into()),
                None,
                None
            ]
        );
        let null = invoke(
            &from_utc(),
            vec![
                ColumnarValue::Scalar(ScalarValue::Null),
                strings_of(&[Some("UTC")]),
            ],
        );
        assert_eq!(null, vec![None]);
    }
}
