//! The text on one side of the first match of a regex: what `substring_before` and
//! `substring_after` share. Null when the text or the regex is null, or when nothing
//! matches. Not a function itself.

use super::util::{arrays, finish, strings, RegexCache};
use datafusion::arrow::array::{Array, ArrayRef, StringArray};
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use std::sync::Arc;

/// Which side of the first match is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Side {
    Before,
    After,
}

/// For each row of `args` (text, regex), the text on `side` of the regex's first match.
pub(crate) fn beside_first_match(
    args: &[ColumnarValue],
    rows: usize,
    side: Side,
) -> Result<ColumnarValue> {
    let (arrays, scalar) = arrays(args, rows)?;
    let text = strings(&arrays[0])?;
    let pattern = strings(&arrays[1])?;
    let mut cache = RegexCache::default();
    let mut out = Vec::with_capacity(text.len());
    for (t, p) in text.iter().zip(pattern.iter()) {
        out.push(match (t, p) {
            (Some(t), Some(p)) => cache.get(p)?.find(t).map(|m| match side {
                Side::Before => t[..m.start()].to_string(),
                Side::After => t[m.end()..].to_string(),
            }),
            _ => None,
        });
    }
    finish(Arc::new(StringArray::from(out)) as ArrayRef, scalar)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::udf::test_support::{strings_of, texts};
    use datafusion::common::ScalarValue;

    fn run(text: &[Option<&str>], regex: Option<&str>, side: Side) -> Vec<Option<String>> {
        let regex = ColumnarValue::Scalar(ScalarValue::Utf8(regex.map(str::to_string)));
        let out = beside_first_match(&[strings_of(text), regex], text.len(), side).unwrap();
        texts(&out.to_array(text.len()).unwrap())
    }

    #[test]
    fn both_sides_treat_nulls_and_misses_alike() {
        let text = [Some("a1b2c"), Some("abc"), None, Some("1")];
        assert_eq!(
            run(&text, Some("[0-9]"), Side::Before),
            vec![Some("a".into()), None, None, Some(String::new())]
        );
        assert_eq!(
            run(&text, Some("[0-9]"), Side::After),
            vec![Some("b2c".into()), None, None, Some(String::new())]
        );
        for side in [Side::Before, Side::After] {
            assert_eq!(run(&text, None, side), vec![None; 4]);
        }
    }

    #[test]
    fn an_invalid_regex_is_an_error() {
        let args = [
            strings_of(&[Some("a")]),
            ColumnarValue::Scalar(ScalarValue::Utf8(Some("(".into()))),
        ];
        assert!(beside_first_match(&args, 1, Side::After).is_err());
    }
}
