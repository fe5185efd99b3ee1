//! `sha1(text)`: the SHA-1 digest of text's UTF-8 bytes, as 40 lower-case hex digits.

use super::singleton::udf_singleton;
use super::util::{arrays, finish, strings};
use datafusion::arrow::array::{ArrayRef, StringArray};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use sha1::{Digest, Sha1};
use std::fmt::Write;
use std::sync::Arc;

#[derive(Debug, PartialEq, Eq, Hash)]
struct Sha1Hex {
    signature: Signature,
}

/// The digest of one text, in hex.
fn digest(text: &str) -> String {
    Sha1::digest(text.as_bytes())
        .iter()
        .fold(String::with_capacity(40), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}

impl ScalarUDFImpl for Sha1Hex {
    fn name(&self) -> &str {
        "sha1"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _args: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let (arrays, scalar) = arrays(&args.args, args.number_rows)?;
        let out: StringArray = strings(&arrays[0])?.iter().map(|t| t.map(digest)).collect();
        finish(Arc::new(out) as ArrayRef, scalar)
    }
}

udf_singleton! {
    /// `sha1(text: Utf8) -> Utf8`.
    pub fn sha1() -> ScalarUDF = Sha1Hex {
        signature: Signature::exact(vec![DataType::Utf8], Volatility::Immutable),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::udf::test_support::{invoke, strings_of};

    #[test]
    fn digests_text_and_keeps_nulls() {
        let out = invoke(&sha1(), vec![strings_of(&[Some("abc"), Some(""), None])]);
        assert_eq!(
            out,
            vec![
                Some("a9993e364706816aba3e25717850c26c9cd0d89d".into()),
                Some("da39a3ee5e6b4b0d3255bfef95601890afd80709".into()),
                None
            ]
        );
    }
}
