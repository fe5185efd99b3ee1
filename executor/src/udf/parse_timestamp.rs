//! `parse_timestamp(text, format)`: a timestamp read from text in a chrono strftime format;
//! null when the text does not fit. A format with an offset (`%z`) gives the UTC time; a
//! format with only a date gives its midnight.

use super::util::{arrays, finish, micros_from_datetime, strings};
use chrono::{DateTime, NaiveDate, NaiveDateTime};
use datafusion::arrow::array::{ArrayRef, TimestampMicrosecondArray};
use datafusion::arrow::datatypes::{DataType, TimeUnit};
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};
use std::sync::{Arc, LazyLock};

#[derive(Debug, PartialEq, Eq, Hash)]
struct ParseTimestamp {
    signature: Signature,
}

/// One timestamp (UTC), or `None` when `text` does not fit `format`.
pub(crate) fn parse(text: &str, format: &str) -> Option<NaiveDateTime> {
    if let Ok(with_offset) = DateTime::parse_from_str(text, format) {
        return Some(with_offset.naive_utc());
    }
    NaiveDateTime::parse_from_str(text, format)
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(text, format)
                .ok()?
                .and_hms_opt(0, 0, 0)
        })
}

impl ScalarUDFImpl for ParseTimestamp {
    fn name(&self) -> &str {
        "parse_timestamp"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _args: &[DataType]) -> Result<DataType> {
        Ok(DataType::Timestamp(TimeUnit::Microsecond, None))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let (arrays, scalar) = arrays(&args.args, args.number_rows)?;
        let text = strings(&arrays[0])?;
        let format = strings(&arrays[1])?;
        let out: TimestampMicrosecondArray = text
            .iter()
            .zip(format.iter())
            .map(|(t, f)| parse(t?, f?).map(micros_from_datetime))
            .collect();
        finish(Arc::new(out) as ArrayRef, scalar)
    }
}

/// `parse_timestamp(text: Utf8, format: Utf8) -> Timestamp(µs)`.
pub fn parse_timestamp() -> Arc<ScalarUDF> {
    static UDF: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
        Arc::new(ScalarUDF::new_from_impl(ParseTimestamp {
            signature: Signature::exact(
                vec![DataType::Utf8, DataType::Utf8],
                Volatility::Immutable,
            ),
        }))
    });
    Arc::clone(&UDF)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::udf::test_support::{invoke, strings_of, text};

    #[test]
    fn reads_timestamps_with_and_without_offsets() {
        let out = invoke(
            &parse_timestamp(),
            vec![
                strings_of(&[Some("2024-02-29 13:45"), Some("2024-02-30 13:45"), None]),
                text("%Y-%m-%d %H:%M"),
            ],
        );
        assert_eq!(out, vec![Some("2024-02-29T13:45:00".into()), None, None]);
        assert_eq!(
            parse("2024-02-29 13:45 +0200", "%Y-%m-%d %H:%M %z")
                .unwrap()
                .to_string(),
            "2024-02-29 11:45:00"
        );
        assert_eq!(
            parse("29.02.2024", "%d.%m.%Y").unwrap().to_string(),
            "2024-02-29 00:00:00"
        );
    }
}
