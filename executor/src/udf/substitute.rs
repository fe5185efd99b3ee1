//! `substitute(text, match, with)`: every match of a regex replaced by text taken as it is
//! (`$1` in it is not a group reference, unlike DataFusion's `regexp_replace`).

use super::singleton::udf_singleton;
use super::util::{arrays, finish, strings, RegexCache};
use datafusion::arrow::array::{Array, ArrayRef, StringArray};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use regex::NoExpand;
use std::sync::Arc;

#[derive(Debug, PartialEq, Eq, Hash)]
struct Substitute {
    signature: Signature,
}

impl ScalarUDFImpl for Substitute {
    fn name(&self) -> &str {
        "substitute"
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
        let with = strings(&arrays[2])?;
        let mut cache = RegexCache::default();
        let mut out = Vec::with_capacity(text.len());
        for ((t, p), w) in text.iter().zip(pattern.iter()).zip(with.iter()) {
            out.push(match (t, p, w) {
                (Some(t), Some(p), Some(w)) => {
                    Some(cache.get(p)?.replace_all(t, NoExpand(w)).into_owned())
                }
                _ => None,
            });
        }
        finish(Arc::new(StringArray::from(out)) as ArrayRef, scalar)
    }
}

udf_singleton! {
    /// `substitute(text: Utf8, regex: Utf8, with: Utf8) -> Utf8`.
    pub fn substitute() -> ScalarUDF = Substitute {
        signature: Signature::exact(vec![DataType::Utf8; 3], Volatility::Immutable),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::udf::test_support::{invoke, some, strings_of, text};

    #[test]
    fn replaces_every_match_with_the_text_as_written() {
        let out = invoke(
            &substitute(),
            vec![
                strings_of(&[Some("tel 555-1234"), Some("none")]),
                text("[0-9]"),
                text("$1#"),
            ],
        );
        assert_eq!(out, some(&["tel $1#$1#$1#-$1#$1#$1#$1#", "none"]));
    }

    #[test]
    fn null_in_null_out() {
        let out = invoke(
            &substitute(),
            vec![strings_of(&[None, None]), text("a"), text("b")],
        );
        assert_eq!(out, vec![None, None]);
    }
}
