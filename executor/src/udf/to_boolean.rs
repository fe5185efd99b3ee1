//! `to_boolean(value)`: text true/false, yes/no, y/n, t/f or 1/0 in any case (around white
//! space) as a boolean, numbers true when not 0, booleans as they are; null otherwise.

use super::singleton::udf_singleton;
use super::util::{arrays, finish, floats, is_text, strings};
use datafusion::arrow::array::{new_null_array, ArrayRef, BooleanArray};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use std::sync::Arc;

#[derive(Debug, PartialEq, Eq, Hash)]
struct ToBoolean {
    signature: Signature,
}

/// One text as a boolean, if it names one.
pub(crate) fn parse(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "y" | "t" | "1" => Some(true),
        "false" | "no" | "n" | "f" | "0" => Some(false),
        _ => None,
    }
}

impl ScalarUDFImpl for ToBoolean {
    fn name(&self) -> &str {
        "to_boolean"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _args: &[DataType]) -> Result<DataType> {
        Ok(DataType::Boolean)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let (arrays, scalar) = arrays(&args.args, args.number_rows)?;
        let values = &arrays[0];
        let data_type = values.data_type();
        let out: ArrayRef = if data_type == &DataType::Boolean {
            Arc::clone(values)
        } else if is_text(data_type) {
            let parsed: BooleanArray = strings(values)?.iter().map(|v| v.and_then(parse)).collect();
            Arc::new(parsed)
        } else if data_type.is_numeric() {
            let parsed: BooleanArray = floats(values)?
                .iter()
                .map(|v| v.map(|v| v != 0.0))
                .collect();
            Arc::new(parsed)
        } else {
            new_null_array(&DataType::Boolean, values.len())
        };
        finish(out, scalar)
    }
}

udf_singleton! {
    /// `to_boolean(value: any) -> Boolean`.
    pub fn to_boolean() -> ScalarUDF = ToBoolean {
        signature: Signature::any(1, Volatility::Immutable),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::udf::test_support::{floats_of, invoke, strings_of};
    use datafusion::common::ScalarValue;

    #[test]
    fn reads_the_documented_words_only() {
        let out = invoke(
            &to_boolean(),
            vec![strings_of(&[
                Some("YES"),
                Some(" f "),
                Some("1"),
                Some("on"),
                Some("tru"),
                None,
            ])],
        );
        let expected: Vec<Option<String>> = vec![
            Some("true".into()),
            Some("false".into()),
            Some("true".into()),
            None,
            None,
            None,
        ];
        assert_eq!(out, expected);
    }

    #[test]
    fn numbers_are_true_unless_zero() {
        let out = invoke(
            &to_boolean(),
            vec![floats_of(&[Some(0.0), Some(-2.5), None])],
        );
        assert_eq!(out, vec![Some("false".into()), Some("true".into()), None]);
        let out = invoke(
            &to_boolean(),
            vec![ColumnarValue::Scalar(ScalarValue::Date32(Some(1)))],
        );
        assert_eq!(out, vec![None]);
    }
}
