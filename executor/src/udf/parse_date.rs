//! `parse_date(text, format)`: a date read from text in a chrono strftime format; null when
//! the text does not fit the format.

use super::util::{arrays, days_from_date, finish, strings};
use chrono::NaiveDate;
use datafusion::arrow::array::{ArrayRef, Date32Array};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};
use std::sync::{Arc, LazyLock};

#[derive(Debug, PartialEq, Eq, Hash)]
struct ParseDate {
    signature: Signature,
}

/// One date, or `None` when `text` does not fit `format`.
pub(crate) fn parse(text: &str, format: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, format).ok()
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
        let (arrays, scalar) = arrays(&args.args, args.number_rows)?;
        let text = strings(&arrays[0])?;
        let format = strings(&arrays[1])?;
        let out: Date32Array = text
            .iter()
            .zip(format.iter())
            .map(|(t, f)| parse(t?, f?).and_then(days_from_date))
            .collect();
        finish(Arc::new(out) as ArrayRef, scalar)
    }
}

/// `parse_date(text: Utf8, format: Utf8) -> Date32`.
pub fn parse_date() -> Arc<ScalarUDF> {
    static UDF: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
        Arc::new(ScalarUDF::new_from_impl(ParseDate {
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
