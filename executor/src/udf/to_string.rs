//! `to_string(value)`: a value as text. Lists, structs and maps are written as compact JSON
//! (as `to_json` writes them); everything else as Arrow casts it to text, which writes
//! dates and timestamps in ISO 8601 form. Null stays null.

use super::to_json::write_row;
use super::util::{arrays, finish};
use datafusion::arrow::array::{Array, ArrayRef, StringArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};
use std::sync::{Arc, LazyLock};

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
        let mut out = Vec::with_capacity(values.len());
        for row in 0..values.len() {
            if values.is_null(row) {
                out.push(None);
                continue;
            }
            let mut text = String::new();
            write_row(values.as_ref(), row, &mut text)?;
            out.push(Some(text));
        }
        finish(Arc::new(StringArray::from(out)) as ArrayRef, scalar)
    }
}

/// `to_string(value: any) -> Utf8`.
pub fn to_string() -> Arc<ScalarUDF> {
    static UDF: LazyLock<Arc<ScalarUDF>> = LazyLock::new(|| {
        Arc::new(ScalarUDF::new_from_impl(ToString {
            signature: Signature::any(1, Volatility::Immutable),
        }))
    });
    Arc::clone(&UDF)
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
}
