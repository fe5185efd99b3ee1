//! `substring_after(text, match)`: the text after the first match of a regex; null when
//! nothing matches.

use super::util::{arrays, finish, strings, RegexCache};
use datafusion::arrow::array::{Array, ArrayRef, StringArray};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};
use std::sync::{Arc, LazyLock};

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
        let (arrays, scalar) = arrays(&args.args, args.number_rows)?;
        let text = strings(&arrays[0])?;
        let pattern = strings(&arrays[1])?;
        let mut cache = RegexCache::default();
        let mut out = Vec::with_capacity(text.len());
        for (t, p) in text.iter().zip(pattern.iter()) {
            out.push(match (t, p) {
                (Some(t), Some(p)) => cache.get(p)?.find(t).map(|m| t[m.end()..].to_string()),
                _ => None,
            });
        }
        finish(Arc::new(StringArray::from(out)) as ArrayRef, scalar)
    }
}

/// `substring_after(text: Utf8, regex: Utf8) -> Utf8`.
pub fn substring_after() -> Arc<ScalarUDF> {
    static UDF: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
        Arc::new(ScalarUDF::new_from_impl(SubstringAfter {
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
