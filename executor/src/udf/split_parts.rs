//! `split_parts(text, regex, parts)`: text split at the matches of a regex into a list.
//! With `parts > 0` it splits at the first `parts - 1` matches (the last part keeps the
//! rest) and pads with nulls to exactly `parts` elements, so `split … into a, b, c` always
//! has three columns; with `parts = 0` it splits at every match (for `splitrows`).

use super::singleton::udf_singleton;
use datafusion::arrow::array::{Array, ArrayRef, AsArray, ListBuilder, StringBuilder};
use datafusion::arrow::datatypes::{DataType, Field};
use datafusion::common::{exec_err, Result, ScalarValue};
use datafusion::logical_expr::{
    ColumnarValue, Expr, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use std::sync::Arc;

#[derive(Debug, PartialEq, Eq, Hash)]
pub struct SplitParts {
    signature: Signature,
}

udf_singleton! {
    /// `split_parts(text: Utf8, regex: Utf8, parts: Int64) -> List(Utf8)`.
    pub fn udf() -> ScalarUDF = SplitParts {
        signature: Signature::exact(
            vec![DataType::Utf8, DataType::Utf8, DataType::Int64],
            Volatility::Immutable,
        ),
    };
}

/// The call `split_parts(text, regex, parts)`.
pub fn split_parts(text: Expr, regex: Expr, parts: Expr) -> Expr {
    udf().call(vec![text, regex, parts])
}

fn list_type() -> DataType {
    DataType::List(Arc::new(Field::new("item", DataType::Utf8, true)))
}

/// Splits one value.
fn split(value: &str, regex: &regex::Regex, parts: usize) -> Vec<Option<String>> {
    let mut out: Vec<Option<String>> = if parts == 0 {
        regex.split(value).map(|s| Some(s.to_string())).collect()
    } else {
        regex
            .splitn(value, parts)
            .map(|s| Some(s.to_string()))
            .collect()
    };
    if parts > 0 {
        out.resize(parts, None);
    }
    out
}

impl ScalarUDFImpl for SplitParts {
    fn name(&self) -> &str {
        "split_parts"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _: &[DataType]) -> Result<DataType> {
        Ok(list_type())
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let [text, regex, parts] = args.args.as_slice() else {
            return exec_err!("split_parts takes 3 arguments");
        };
        let (
            ColumnarValue::Scalar(ScalarValue::Utf8(Some(regex))),
            ColumnarValue::Scalar(ScalarValue::Int64(Some(parts))),
        ) = (regex, parts)
        else {
            return exec_err!("split_parts needs a literal regex and count");
        };
        let regex = regex::Regex::new(regex)
            .map_err(|e| datafusion::error::DataFusionError::Execution(e.to_string()))?;
        let parts = usize::try_from(*parts).unwrap_or(0);
        let array: ArrayRef = text.to_array(args.number_rows)?;
        let strings = array.as_string::<i32>();
        let mut builder = ListBuilder::new(StringBuilder::new());
        for i in 0..strings.len() {
            if strings.is_null(i) {
                builder.append_null();
                continue;
            }
            for part in split(strings.value(i), &regex, parts) {
                builder.values().append_option(part);
            }
            builder.append(true);
        }
        let result: ArrayRef = Arc::new(builder.finish());
        Ok(match text {
            ColumnarValue::Scalar(_) => {
                ColumnarValue::Scalar(ScalarValue::try_from_array(&result, 0)?)
            }
            ColumnarValue::Array(_) => ColumnarValue::Array(result),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::split;

    fn re(s: &str) -> regex::Regex {
        regex::Regex::new(s).unwrap()
    }

    #[test]
    fn splits_at_the_first_matches_and_keeps_the_rest() {
        assert_eq!(
            split("a,b,c", &re(","), 2),
            vec![Some("a".to_string()), Some("b,c".to_string())]
        );
    }

    #[test]
    fn pads_missing_parts_with_nulls() {
        assert_eq!(
            split("a", &re(","), 3),
            vec![Some("a".to_string()), None, None]
        );
    }

    #[test]
    fn splits_everywhere_without_a_count() {
        assert_eq!(split("a1b22c", &re("[0-9]+"), 0).len(), 3);
        assert_eq!(split("", &re(","), 0), vec![Some(String::new())]);
    }
}
