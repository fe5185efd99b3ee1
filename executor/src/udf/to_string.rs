//! `to_string(value)`: a value as text. Lists, structs and maps are written as compact JSON
//! (as `to_json` writes them); everything else as Arrow casts it to text, which writes
//! dates and timestamps in ISO 8601 form. Null stays null.

use super::json_text::json_texts;
use super::singleton::udf_singleton;
use super::util::{arrays, finish};
use datafusion::arrow::array::ArrayRef;
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use std::sync::Arc;

#[derive(Debug, PartialEq, Eq, Hash)]
struct ToString {
    signature: Signature,
}

/// Whether values of this type are written as JSON.
fn is_nested(data_type: &DataType) -> bool {
    matches!(
        data_type,
        DataType::List(_)
            | DataType::LargeList(_)
            | DataType::FixedSizeList(_, _)
            | DataType::Struct(_)
            | DataType::Map(_, _)
    )
}

impl ScalarUDFImpl for ToString {
    fn name(&self) -> &str {
        "to_string"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _args: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let (arrays, scalar) = arrays(&args.args, args.number_rows)?;
        let values = &arrays[0];
        if !is_nested(values.data_type()) {
            return finish(cast(values, &DataType::Utf8)?, scalar);
        }
        finish(Arc::new(json_texts(values.as_ref())?) as ArrayRef, scalar)
    }
}

udf_singleton! {
    /// `to_string(value: any) -> Utf8`.
    pub fn to_string() -> ScalarUDF = ToString {
        signature: Signature::any(1, Volatility::Immutable),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::udf::test_support::{floats_of, invoke, some};
    use datafusion::arrow::array::{Date32Array, Int64Array, ListArray, StructArray};
    use datafusion::arrow::datatypes::{Field, Int64Type};
    use datafusion::common::ScalarValue;

    #[test]
    fn scalars_as_arrow_writes_them() {
        assert_eq!(
            invoke(&to_string(), vec![floats_of(&[Some(2.0), None])]),
            vec![Some("2.0".into()), None]
        );
        let dates = ColumnarValue::Array(Arc::new(Date32Array::from(vec![19782])));
        assert_eq!(invoke(&to_string(), vec![dates]), some(&["2024-02-29"]));
        assert_eq!(
            invoke(&to_string(), vec![ColumnarValue::Scalar(ScalarValue::Null)]),
            vec![None]
        );
    }

    #[test]
    fn lists_and_structs_as_json() {
        let lists = ListArray::from_iter_primitive::<Int64Type, _, _>(vec![
            Some(vec![Some(1), None]),
            None,
        ]);
        assert_eq!(
            invoke(&to_string(), vec![ColumnarValue::Array(Arc::new(lists))]),
            vec![Some("[1,null]".into()), None]
        );
        let a: ArrayRef = Arc::new(Int64Array::from(vec![1]));
        let structs =
            StructArray::from(vec![(Arc::new(Field::new("a", DataType::Int64, true)), a)]);
        assert_eq!(
            invoke(&to_string(), vec![ColumnarValue::Array(Arc::new(structs))]),
            some(&[r#"{"a":1}"#])
        );
    }

    #[test]
    fn nested_values_and_their_nulls_as_to_json_gives_them() {
        use crate::udf::to_json::to_json;
        use datafusion::arrow::array::{Array, StringArray};
        use datafusion::arrow::buffer::NullBuffer;
        let names: ArrayRef = Arc::new(StringArray::from(vec![Some("Ann"), Some("Bo"), None]));
        let fields = vec![Arc::new(Field::new("name", DataType::Utf8, true))];
        let structs = StructArray::try_new(
            fields.into(),
            vec![names],
            Some(NullBuffer::from(vec![true, false, true])),
        )
        .unwrap();
        let lists = ListArray::from_iter_primitive::<Int64Type, _, _>(vec![
            None,
            Some(vec![None]),
            Some(vec![]),
        ]);
        let nested: [ArrayRef; 4] = [
            Arc::new(structs.clone()),
            Arc::new(structs.slice(1, 2)),
            Arc::new(lists.clone()),
            Arc::new(lists.slice(1, 2)),
        ];
        for values in nested {
            let as_text = invoke(&to_string(), vec![ColumnarValue::Array(values.clone())]);
            let as_json = invoke(&to_json(), vec![ColumnarValue::Array(values.clone())]);
            assert_eq!(as_text, as_json);
            let nulls: Vec<bool> = as_text.iter().map(Option::is_none).collect();
            let expected: Vec<bool> = (0..values.len()).map(|i| values.is_null(i)).collect();
            assert_eq!(nulls, expected);
        }
        assert_eq!(
            invoke(&to_string(), vec![ColumnarValue::Array(Arc::new(structs))]),
            vec![
                Some(r#"{"name":"Ann"}"#.into()),
                None,
                Some(r#"{"name":null}"#.into())
            ]
        );
    }
}
