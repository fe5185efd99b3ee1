//! `is_valid(value, type)`: whether a value converts to a type the way `settype` converts
//! it (text is trimmed first; a date or timestamp format reads text with chrono); false for
//! null. The type is fixed when the call is compiled, so each call has its own instance.

use super::strftime::{read_date, read_timestamp};
use super::util::{arrays, finish, is_text, strings};
use datafusion::arrow::array::{Array, ArrayRef, BooleanArray, StringArray};
use datafusion::arrow::compute::{can_cast_types, cast_with_options, CastOptions};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};
use std::sync::Arc;

/// The white space `settype` trims from text before converting it.
const TRIMMED: &[char] = &[' ', '\t', '\r', '\n'];

#[derive(Debug, PartialEq, Eq, Hash)]
struct IsValid {
    signature: Signature,
    /// The type converted to.
    target: DataType,
    /// The strftime format text is read with, for dates and timestamps.
    format: Option<String>,
}

impl IsValid {
    /// Which values of `values` convert.
    fn check(&self, values: &ArrayRef) -> Result<BooleanArray> {
        if !is_text(values.data_type()) {
            return self.check_cast(values);
        }
        let trimmed: StringArray = strings(values)?
            .iter()
            .map(|v| v.map(|v| v.trim_matches(TRIMMED)))
            .collect();
        match (&self.format, &self.target) {
            (Some(format), DataType::Date32) => Ok(trimmed
                .iter()
                .map(|v| Some(v.and_then(|v| read_date(v, format)).is_some()))
                .collect()),
            (Some(format), _) => Ok(trimmed
                .iter()
                .map(|v| Some(v.and_then(|v| read_timestamp(v, format)).is_some()))
                .collect()),
            (None, _) => self.check_cast(&(Arc::new(trimmed) as ArrayRef)),
        }
    }

    /// Which values of `values` survive a cast to the target.
    fn check_cast(&self, values: &ArrayRef) -> Result<BooleanArray> {
        if !can_cast_types(values.data_type(), &self.target) {
            return Ok((0..values.len()).map(|_| Some(false)).collect());
        }
        let options = CastOptions {
            safe: true,
            ..Default::default()
        };
        let cast = cast_with_options(values, &self.target, &options)?;
        let nulls = values.logical_nulls();
        let valid = |i: usize| !nulls.as_ref().is_some_and(|n| n.is_null(i));
        Ok((0..values.len())
            .map(|i| Some(valid(i) && cast.is_valid(i)))
            .collect())
    }
}

impl ScalarUDFImpl for IsValid {
    fn name(&self) -> &str {
        "is_valid"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _args: &[DataType]) -> Result<DataType> {
        Ok(DataType::Boolean)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let (arrays, scalar) = arrays(&args.args, args.number_rows)?;
        finish(Arc::new(self.check(&arrays[0])?) as ArrayRef, scalar)
    }
}

/// `is_valid(value: any) -> Boolean` for one target type (and, for a date or timestamp,
/// the format text is read with).
pub fn is_valid(target: DataType, format: Option<String>) -> Arc<ScalarUDF> {
    Arc::new(ScalarUDF::new_from_impl(IsValid {
        signature: Signature::any(1, Volatility::Immutable),
        target,
        format,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::udf::test_support::{floats_of, invoke, some, strings_of};
    use datafusion::arrow::datatypes::TimeUnit;
    use datafusion::common::ScalarValue;

    #[test]
    fn text_is_trimmed_then_converted() {
        let values = || strings_of(&[Some(" 12 "), Some("1.5"), Some("x"), None]);
        let out = invoke(&is_valid(DataType::Int64, None), vec![values()]);
        assert_eq!(out, some(&["true", "false", "false", "false"]));
        let out = invoke(&is_valid(DataType::Float64, None), vec![values()]);
        assert_eq!(out, some(&["true", "true", "false", "false"]));
        let out = invoke(&is_valid(DataType::Utf8, None), vec![values()]);
        assert_eq!(out, some(&["true", "true", "true", "false"]));
    }

    #[test]
    fn dates_and_timestamps_with_formats() {
        let out = invoke(
            &is_valid(DataType::Date32, Some("%m/%d/%Y".into())),
            vec![strings_of(&[Some("02/29/2024"), Some("2024-02-29")])],
        );
        assert_eq!(out, some(&["true", "false"]));
        let ts = DataType::Timestamp(TimeUnit::Microsecond, None);
        let out = invoke(
            &is_valid(ts, None),
            vec![strings_of(&[Some("2024-02-29 13:45:00"), Some("noon")])],
        );
        assert_eq!(out, some(&["true", "false"]));
    }

    #[test]
    fn other_types_convert_as_casts_do() {
        let out = invoke(
            &is_valid(DataType::Int64, None),
            vec![floats_of(&[Some(2.5), Some(1e300), None])],
        );
        assert_eq!(out, some(&["true", "false", "false"]));
        let out = invoke(
            &is_valid(DataType::Date32, None),
            vec![ColumnarValue::Scalar(ScalarValue::Boolean(Some(true)))],
        );
        assert_eq!(out, some(&["false"]));
    }
}
