//! `make_timestamp(year, month, day, hour, minute, second)`: a timestamp from its parts,
//! seconds with a fraction (to the microsecond); null when there is no such time.

use super::singleton::udf_singleton;
use super::util::{arrays, finish, floats, integers, micros_from_datetime};
use chrono::{NaiveDate, NaiveDateTime};
use datafusion::arrow::array::{Array, ArrayRef, TimestampMicrosecondArray};
use datafusion::arrow::datatypes::{DataType, TimeUnit};
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use std::sync::Arc;

#[derive(Debug, PartialEq, Eq, Hash)]
struct MakeTimestamp {
    signature: Signature,
}

/// The time with these parts, if there is one.
pub(crate) fn make(parts: [i64; 5], second: f64) -> Option<NaiveDateTime> {
    let [year, month, day, hour, minute] = parts;
    if !(0.0..60.0).contains(&second) {
        return None;
    }
    let whole = second.trunc();
    // At most 999 999: a fraction that rounds up to a whole second is capped.
    let micros = ((second - whole) * 1e6).round().min(999_999.0) as u32;
    NaiveDate::from_ymd_opt(
        i32::try_from(year).ok()?,
        u32::try_from(month).ok()?,
        u32::try_from(day).ok()?,
    )?
    .and_hms_micro_opt(
        u32::try_from(hour).ok()?,
        u32::try_from(minute).ok()?,
        whole as u32,
        micros,
    )
}

impl ScalarUDFImpl for MakeTimestamp {
    fn name(&self) -> &str {
        "make_timestamp"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _args: &[DataType]) -> Result<DataType> {
        Ok(DataType::Timestamp(TimeUnit::Microsecond, None))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let (arrays, scalar) = arrays(&args.args, args.number_rows)?;
        let parts = arrays[..5]
            .iter()
            .map(integers)
            .collect::<Result<Vec<_>>>()?;
        let seconds = floats(&arrays[5])?;
        let out: TimestampMicrosecondArray = (0..seconds.len())
            .map(|row| {
                if seconds.is_null(row) || parts.iter().any(|p| p.is_null(row)) {
                    return None;
                }
                let values = [0, 1, 2, 3, 4].map(|i| parts[i].value(row));
                make(values, seconds.value(row)).map(micros_from_datetime)
            })
            .collect();
        finish(Arc::new(out) as ArrayRef, scalar)
    }
}

udf_singleton! {
    /// `make_timestamp(year, month, day, hour, minute: Int64, second: Float64) -> Timestamp(µs)`.
    pub fn make_timestamp() -> ScalarUDF = MakeTimestamp {
        signature: Signature::exact(
            [vec![DataType::Int64; 5], vec![DataType::Float64]].concat(),
            Volatility::Immutable,
        ),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::udf::test_support::{floats_of, ints_of, invoke};
    use datafusion::common::ScalarValue;

    #[test]
    fn makes_times_that_exist_and_null_otherwise() {
        assert_eq!(
            make([2024, 2, 29, 13, 45], 30.25).unwrap().to_string(),
            "2024-02-29 13:45:30.250"
        );
        assert_eq!(make([2023, 2, 29, 13, 45], 30.0), None);
        assert_eq!(make([2024, 2, 29, 24, 0], 0.0), None);
        assert_eq!(make([2024, 2, 29, 23, 59], 60.0), None);
        assert_eq!(make([2024, 2, 29, 23, 59], f64::NAN), None);
        assert_eq!(make([i64::MAX, 1, 1, 0, 0], 0.0), None);
    }

    #[test]
    fn nulls_give_null() {
        let int = |v: i64| ColumnarValue::Scalar(ScalarValue::Int64(Some(v)));
        let out = invoke(
            &make_timestamp(),
            vec![
                ints_of(&[Some(2024), None]),
                int(2),
                int(29),
                int(13),
                int(45),
                floats_of(&[Some(30.0), Some(1.0)]),
            ],
        );
        assert_eq!(out, vec![Some("2024-02-29T13:45:30".into()), None]);
    }
}
