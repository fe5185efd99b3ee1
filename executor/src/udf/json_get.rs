//! `json_get(json, path)`: the value at a dotted path (`a.b.2`, list positions 1-based) in
//! JSON text: a JSON string without its quotes, anything else as the JSON text it is in the
//! document. Null when the path is absent, the value is JSON null or the JSON is invalid.

use super::singleton::udf_singleton;
use super::util::{arrays, finish, strings};
use datafusion::arrow::array::{ArrayRef, StringArray};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use serde_json::value::RawValue;
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Debug, PartialEq, Eq, Hash)]
struct JsonGet {
    signature: Signature,
}

/// The value at `path` in `json`.
pub(crate) fn get(json: &str, path: &str) -> Option<String> {
    let mut current: &RawValue = serde_json::from_str(json).ok()?;
    for step in path.split('.').filter(|s| !s.is_empty()) {
        let text = current.get();
        current = if text.starts_with('{') {
            let object: HashMap<String, &RawValue> = serde_json::from_str(text).ok()?;
            *object.get(step)?
        } else if text.starts_with('[') {
            let items: Vec<&RawValue> = serde_json::from_str(text).ok()?;
            let position: usize = step.parse().ok()?;
            *items.get(position.checked_sub(1)?)?
        } else {
            return None;
        };
    }
    let text = current.get();
    if text.starts_with('"') {
        serde_json::from_str::<String>(text).ok()
    } else if text == "null" {
        None
    } else {
        Some(text.to_string())
    }
}

impl ScalarUDFImpl for JsonGet {
    fn name(&self) -> &str {
        "json_get"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _args: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let (arrays, scalar) = arrays(&args.args, args.number_rows)?;
        let json = strings(&arrays[0])?;
        let path = strings(&arrays[1])?;
        let out: StringArray = json
            .iter()
            .zip(path.iter())
            .map(|(j, p)| get(j?, p?))
            .collect();
        finish(Arc::new(out) as ArrayRef, scalar)
    }
}

udf_singleton! {
    /// `json_get(json: Utf8, path: Utf8) -> Utf8`.
    pub fn json_get() -> ScalarUDF = JsonGet {
        signature: Signature::exact(vec![DataType::Utf8; 2], Volatility::Immutable),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::udf::test_support::{invoke, strings_of, text};

    #[test]
    fn follows_dotted_paths() {
        let doc = r#"{"a": {"b": [10, 20], "c": "x\"y", "d": null, "e": {"f": true}}}"#;
        assert_eq!(get(doc, "a.b.2").as_deref(), Some("20"));
        assert_eq!(get(doc, "a.b.3"), None);
        assert_eq!(get(doc, "a.b.0"), None);
        assert_eq!(get(doc, "a.c").as_deref(), Some("x\"y"));
        assert_eq!(get(doc, "a.d"), None);
        assert_eq!(get(doc, "a.e").as_deref(), Some(r#"{"f": true}"#));
        assert_eq!(get(doc, "a.b.2.x"), None);
        assert_eq!(get(doc, "z"), None);
        assert_eq!(get("[1, 2", "1"), None);
        assert_eq!(get("5", "").as_deref(), Some("5"));
    }

    #[test]
    fn null_and_invalid_json_give_null() {
        let out = invoke(
            &json_get(),
            vec![
                strings_of(&[Some(r#"{"a": 1}"#), Some("{"), None]),
                text("a"),
            ],
        );
        assert_eq!(out, vec![Some("1".into()), None, None]);
    }
}
