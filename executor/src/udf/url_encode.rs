//! `url_encode(text)`: text percent-encoded for a URL, keeping only letters, digits and
//! `- _ . ~` as they are (a space becomes `%20`).

use super::singleton::udf_singleton;
use super::util::{arrays, finish, strings};
use datafusion::arrow::array::{ArrayRef, StringArray};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::sync::Arc;

/// What gets encoded: everything but the unreserved characters of RFC 3986.
const ENCODED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

#[derive(Debug, PartialEq, Eq, Hash)]
struct UrlEncode {
    signature: Signature,
}

impl ScalarUDFImpl for UrlEncode {
    fn name(&self) -> &str {
        "url_encode"
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
            .map(|t| t.map(|t| utf8_percent_encode(t, ENCODED).to_string()))
            .collect();
        finish(Arc::new(out) as ArrayRef, scalar)
    }
}

udf_singleton! {
    /// `url_encode(text: Utf8) -> Utf8`.
    pub fn url_encode() -> ScalarUDF = UrlEncode {
        signature: Signature::exact(vec![DataType::Utf8], Volatility::Immutable),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::udf::test_support::{invoke, strings_of};

    #[test]
    fn encodes_all_but_unreserved_characters() {
        let out = invoke(
            &url_encode(),
            vec![strings_of(&[Some("a b&c"), Some("-_.~/é"), None])],
        );
        assert_eq!(
            out,
            vec![Some("a%20b%26c".into()), Some("-_.~%2F%C3%A9".into()), None]
        );
    }
}
