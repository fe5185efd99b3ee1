//! `remove_accents(text)`: text without accents and other combining marks (é → e), by
//! decomposing it (NFD), dropping the marks and composing the rest again (NFC).

use super::singleton::udf_singleton;
use super::util::{arrays, finish, strings};
use datafusion::arrow::array::{ArrayRef, StringArray};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use std::sync::Arc;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

#[derive(Debug, PartialEq, Eq, Hash)]
struct RemoveAccents {
    signature: Signature,
}

/// One value without its combining marks.
fn strip(text: &str) -> String {
    if text.is_ascii() {
        return text.to_string();
    }
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .nfc()
        .collect()
}

impl ScalarUDFImpl for RemoveAccents {
    fn name(&self) -> &str {
        "remove_accents"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _args: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let (arrays, scalar) = arrays(&args.args, args.number_rows)?;
        let text = strings(&arrays[0])?;
        let out: StringArray = text.iter().map(|t| t.map(strip)).collect();
        finish(Arc::new(out) as ArrayRef, scalar)
    }
}

udf_singleton! {
    /// `remove_accents(text: Utf8) -> Utf8`.
    pub fn remove_accents() -> ScalarUDF = RemoveAccents {
        signature: Signature::exact(vec![DataType::Utf8], Volatility::Immutable),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::udf::test_support::{invoke, some, strings_of};

    #[test]
    fn removes_marks_from_composed_and_decomposed_letters() {
        assert_eq!(strip("Crème brûlée"), "Creme brulee");
        assert_eq!(strip("e\u{301}"), "e");
        assert_eq!(strip("Ångström Ñ"), "Angstrom N");
        assert_eq!(strip("øß"), "øß");
    }

    #[test]
    fn keeps_nulls() {
        let out = invoke(&remove_accents(), vec![strings_of(&[Some("é"), None])]);
        assert_eq!(out, vec![some(&["e"])[0].clone(), None]);
    }
}
