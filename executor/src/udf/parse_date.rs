//! `parse_date(text, format)`: a date read from text in a chrono strftime format; null when
//! the text does not fit the format.

use super::singleton::udf_singleton;
use super::strftime::{read_date, read_rows};
use super::util::days_from_date;
use datafusion::arrow::datatypes::{DataType, Date32Type};
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

#[derive(Debug, PartialEq, Eq, Hash)]
struct ParseDate {
    signature: Signature,
}

impl ScalarUDFImpl for ParseDate {
    fn name(&self) -> &str {
        "parse_date"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _args: &[DataType]) -> Result<DataType> {
        Ok(DataType::Date32)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        read_rows::<Date32Type>(&args.args, args.number_rows, |t, f| {
            read_date(t, f).and_then(days_from_date)
        })
    }
}

udf_singleton! {
    /// `parse_date(text: Utf8, format: Utf8) -> Date32`.
    pub fn parse_date() -> ScalarUDF = ParseDate {
        signature: Signature::exact(vec![DataType::Utf8; 2], Volatility::Immutable),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::udf::test_support::{invoke, strings_of, text};

    #[test]
    fn reads_dates_and_gives_null_for_what_does_not_fit() {
        let out = invoke(
            &parse_date(),
            vec![
                strings_of(&[Some("02/29/2024"), Some("02/30/2024"), Some("soon"), None]),
                text("%m/%d/%Y"),
            ],
        );
        assert_eq!(out, vec![Some("2024-02-29".into()), None, None, None]);
    }
}
