//! `null_markers(text)`: text with the cells that mean "no value" in a CSV (`NA`, `N/A`,
//! `NULL`, `null`) made null. Internal (not in the language): applied to every text column
//! of a CSV as it is read. The values are not copied; only the validity changes.

use super::singleton::udf_singleton;
use super::util::{arrays, finish};
use datafusion::arrow::array::{Array, ArrayRef, AsArray, StringArray};
use datafusion::arrow::buffer::{BooleanBuffer, NullBuffer};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use std::sync::Arc;

/// Text that means "no value" in a CSV cell (an empty cell always does).
pub const NULL_MARKERS: &[&str] = &["NA", "N/A", "NULL", "null"];

fn is_marker(text: &str) -> bool {
    text.len() <= 4 && NULL_MARKERS.contains(&text)
}

#[derive(Debug, PartialEq, Eq, Hash)]
struct NullMarkers {
    signature: Signature,
}

impl ScalarUDFImpl for NullMarkers {
    fn name(&self) -> &str {
        "null_markers"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _args: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let (arrays, scalar) = arrays(&args.args, args.number_rows)?;
        let text = arrays[0].as_string::<i32>();
        let kept = BooleanBuffer::collect_bool(text.len(), |i| !is_marker(text.value(i)));
        if kept.count_set_bits() == text.len() {
            return finish(Arc::clone(&arrays[0]), scalar);
        }
        let nulls = NullBuffer::union(text.nulls(), Some(&NullBuffer::new(kept)));
        let out = StringArray::try_new(text.offsets().clone(), text.values().clone(), nulls)?;
        finish(Arc::new(out) as ArrayRef, scalar)
    }
}

udf_singleton! {
    /// `null_markers(text: Utf8) -> Utf8`.
    pub fn null_markers() -> ScalarUDF = NullMarkers {
        signature: Signature::exact(vec![DataType::Utf8], Volatility::Immutable),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::udf::test_support::{invoke, strings_of};

    #[test]
    fn markers_become_null_and_other_text_stays() {
        let out = invoke(
            &null_markers(),
            vec![strings_of(&[
                Some("NA"),
                Some("N/A"),
                Some("NULL"),
                Some("null"),
                Some("na"),
                Some("NAN"),
                Some(""),
                Some("x"),
                None,
            ])],
        );
        assert_eq!(
            out,
            vec![
                None,
                None,
                None,
                None,
                Some("na".into()),
                Some("NAN".into()),
                Some("".into()),
                Some("x".into()),
                None
            ]
        );
    }

    #[test]
    fn a_column_without_markers_is_passed_through() {
        let out = invoke(&null_markers(), vec![strings_of(&[Some("a"), None])]);
        assert_eq!(out, vec![Some("a".into()), None]);
    }
}
