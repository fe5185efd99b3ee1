//! `crc32(text)`: the CRC-32 checksum (as in zip and gzip) of text's UTF-8 bytes, as an
//! integer from 0 to 4294967295.

use super::singleton::udf_singleton;
use super::util::{arrays, finish, strings};
use datafusion::arrow::array::{ArrayRef, Int64Array};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use std::sync::Arc;

#[derive(Debug, PartialEq, Eq, Hash)]
struct Crc32 {
    signature: Signature,
}

impl ScalarUDFImpl for Crc32 {
    fn name(&self) -> &str {
        "crc32"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _args: &[DataType]) -> Result<DataType> {
        Ok(DataType::Int64)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let (arrays, scalar) = arrays(&args.args, args.number_rows)?;
        let out: Int64Array = strings(&arrays[0])?
            .iter()
            .map(|t| t.map(|t| i64::from(crc32fast::hash(t.as_bytes()))))
            .collect();
        finish(Arc::new(out) as ArrayRef, scalar)
    }
}

udf_singleton! {
    /// `crc32(text: Utf8) -> Int64`.
    pub fn crc32() -> ScalarUDF = Crc32 {
        signature: Signature::exact(vec![DataType::Utf8], Volatility::Immutable),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::udf::test_support::{invoke, strings_of};

    #[test]
    fn checksums_text_and_keeps_nulls() {
        let out = invoke(&crc32(), vec![strings_of(&[Some("abc"), Some(""), None])]);
        assert_eq!(out, vec![Some("891568578".into()), Some("0".into()), None]);
    }
}
