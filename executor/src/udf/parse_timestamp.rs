//! `parse_timestamp(text, format)`: a timestamp read from text in a chrono strftime format;
//! null when the text does not fit. A format with an offset (`%z`) gives the UTC time; a
//! format with only a date gives its midnight.

use super::singleton::udf_singleton;
use super::strftime::{read_rows, read_timestamp};
use super::util::micros_from_datetime;
use datafusion::arrow::datatypes::{DataType, TimeUnit, TimestampMicrosecondType};
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

#[derive(Debug, PartialEq, Eq, Hash)]
struct ParseTimestamp {
    signature: Signature,
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
        read_rows::<TimestampMicrosecondType>(&args.args, args.number_rows, |t, f| {
            read_timestamp(t, f).map(micros_from_datetime)
        })
    }
}

udf_singleton! {
    /// `parse_timestamp(text: Utf8, format: Utf8) -> Timestamp(µs)`.
    pub fn parse_timestamp() -> ScalarUDF = ParseTimestamp {
        signature: Signature::exact(vec![DataType::Utf8; 2], Volatility::Immutable),
    };
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
        let offset = invoke(
            &parse_timestamp(),
            vec![text("2024-02-29 13:45 +0200"), text("%Y-%m-%d %H:%M %z")],
        );
        assert_eq!(offset, vec![Some("2024-02-29T11:45:00".into())]);
        let date_only = invoke(
            &parse_timestamp(),
            vec![text("29.02.2024"), text("%d.%m.%Y")],
        );
        assert_eq!(date_only, vec![Some("2024-02-29T00:00:00".into())]);
    }
}
