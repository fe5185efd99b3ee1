//! `url_decode(text)`: percent-encoded text decoded, `+` read as a space; null when the
//! result is not UTF-8. A `%` not followed by two hex digits stays as it is.

use super::singleton::udf_singleton;
use super::util::{arrays, finish, strings};
use datafusion::arrow::array::{ArrayRef, StringArray};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use percent_encoding::percent_decode_str;
use std::sync::Arc;

#[derive(Debug, PartialEq, Eq, Hash)]
struct UrlDecode {
    signature: Signature,
}

/// One text decoded.
fn decode(text: &str) -> Option<String> {
    let spaced = text.replace('+', " ");
    percent_decode_str(&spaced)
        .decode_utf8()
        .ok()
        .map(|d| d.into_owned())
}

impl ScalarUDFImpl for UrlDecode {
    fn name(&self) -> &str {
        "url_decode"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _args: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let (arrays, scalar) = arrays(&args.args, args.number_rows)?;
        let out: StringArray = strings(&arrays[0])?
            .iter()
            .map(|t| t.and_then(decode))
            .collect();
        finish(Arc::new(out) as ArrayRef, scalar)
    }
}

udf_singleton! {
    /// `url_decode(text: Utf8) -> Utf8`.
    pub fn url_decode() -> ScalarUDF = UrlDecode {
        signature: Signature::exact(vec![DataType::Utf8], Volatility::Immutable),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::udf::test_support::{invoke, strings_of};

    #[test]
    fn decodes_percents_and_plus() {
        let out = invoke(
            &url_decode(),
            vec![strings_of(&[
                Some("a%20b%26c"),
                Some("a+b%2"),
                Some("%C3%A9"),
                Some("%FF"),
                None,
            ])],
        );
        assert_eq!(
            out,
            vec![
                Some("a b&c".into()),
                Some("a b%2".into()),
                Some("é".into()),
                None,
                None
            ]
        );
    }
}
