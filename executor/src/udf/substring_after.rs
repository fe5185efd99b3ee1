//! `substring_after(text, match)`: the text after the first match of a regex; null when
//! nothing matches.

use super::first_match::{beside_first_match, Side};
use super::singleton::udf_singleton;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

#[derive(Debug, PartialEq, Eq, Hash)]
struct SubstringAfter {
    signature: Signature,
}

impl ScalarUDFImpl for SubstringAfter {
    fn name(&self) -> &str {
        "substring_after"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _args: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        beside_first_match(&args.args, args.number_rows, Side::After)
    }
}

udf_singleton! {
    /// `substring_after(text: Utf8, regex: Utf8) -> Utf8`.
    pub fn substring_after() -> ScalarUDF = SubstringAfter {
        signature: Signature::exact(vec![DataType::Utf8; 2], Volatility::Immutable),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::udf::test_support::{invoke, strings_of};
    use datafusion::common::ScalarValue;

    #[test]
    fn takes_the_text_after_the_first_match() {
        let out = invoke(
            &substring_after(),
            vec![
                strings_of(&[Some("jane@example.com"), Some("no at"), None, Some("a@b@c")]),
                ColumnarValue::Scalar(ScalarValue::Utf8(Some("@".into()))),
            ],
        );
        assert_eq!(
            out,
            vec![Some("example.com".into()), None, None, Some("b@c".into())]
        );
    }

    #[test]
    fn all_null_input_gives_nulls() {
        let out = invoke(
            &substring_after(),
            vec![
                strings_of(&[None, None]),
                ColumnarValue::Scalar(ScalarValue::Utf8(None)),
            ],
        );
        assert_eq!(out, vec![None, None]);
    }
}
