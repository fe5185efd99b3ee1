//! `to_json(value)`: a value as compact JSON text. Structs become objects with their fields
//! in order, lists arrays, dates and timestamps ISO 8601 strings (a timestamp with a zone
//! in UTC, ending in `Z`), NaN and infinities null; null stays null.

use super::json_text::json_texts;
use super::singleton::udf_singleton;
use super::util::{arrays, finish};
use datafusion::arrow::array::ArrayRef;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use std::sync::Arc;

#[derive(Debug, PartialEq, Eq, Hash)]
struct ToJson {
    signature: Signature,
}

impl ScalarUDFImpl for ToJson {
    fn name(&self) -> &str {
        "to_json"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _args: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let (arrays, scalar) = arrays(&args.args, args.number_rows)?;
        finish(
            Arc::new(json_texts(arrays[0].as_ref())?) as ArrayRef,
            scalar,
        )
    }
}

udf_singleton! {
    /// `to_json(value: any) -> Utf8`.
    pub fn to_json() -> ScalarUDF = ToJson {
        signature: Signature::any(1, Volatility::Immutable),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::udf::test_support::{invoke, some};
    use datafusion::arrow::array::{
        Date32Array, Float64Array, Int64Array, ListArray, StringArray, StructArray,
    };
    use datafusion::arrow::datatypes::{Field, Int64Type};
    use datafusion::common::ScalarValue;

    #[test]
    fn writes_structs_lists_and_dates() {
        let names: ArrayRef = Arc::new(StringArray::from(vec![Some("Ann"), Some("B\"ob"), None]));
        let ages: ArrayRef = Arc::new(Int64Array::from(vec![Some(41), None, Some(3)]));
        let born: ArrayRef = Arc::new(Date32Array::from(vec![Some(0), Some(19782), None]));
        let people = StructArray::from(vec![
            (Arc::new(Field::new("name", DataType::Utf8, true)), names),
            (Arc::new(Field::new("age", DataType::Int64, true)), ages),
            (Arc::new(Field::new("born", DataType::Date32, true)), born),
        ]);
        let out = invoke(&to_json(), vec![ColumnarValue::Array(Arc::new(people))]);
        assert_eq!(
            out,
            some(&[
                r#"{"name":"Ann","age":41,"born":"1970-01-01"}"#,
                r#"{"name":"B\"ob","age":null,"born":"2024-02-29"}"#,
                r#"{"name":null,"age":3,"born":null}"#,
            ])
        );
    }

    #[test]
    fn writes_lists_floats_and_nulls() {
        let lists = ListArray::from_iter_primitive::<Int64Type, _, _>(vec![
            Some(vec![Some(1), None]),
            None,
            Some(vec![]),
        ]);
        let out = invoke(&to_json(), vec![ColumnarValue::Array(Arc::new(lists))]);
        assert_eq!(out, vec![Some("[1,null]".into()), None, Some("[]".into())]);
        let floats = Float64Array::from(vec![Some(2.5), Some(f64::NAN), Some(1.0)]);
        let out = invoke(&to_json(), vec![ColumnarValue::Array(Arc::new(floats))]);
        assert_eq!(out, some(&["2.5", "null", "1"]));
        let out = invoke(&to_json(), vec![ColumnarValue::Scalar(ScalarValue::Null)]);
        assert_eq!(out, vec![None]);
    }
}
