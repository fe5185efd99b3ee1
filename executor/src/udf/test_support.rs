//! Calling a UDF in a unit test the way DataFusion does, and reading what it returns.

use datafusion::arrow::array::{Array, ArrayRef, Float64Array, Int64Array, StringArray};
use datafusion::arrow::datatypes::Field;
use datafusion::arrow::util::display::{ArrayFormatter, FormatOptions};
use datafusion::common::config::ConfigOptions;
use datafusion::common::ScalarValue;
use datafusion::logical_expr::{ColumnarValue, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDF};
use std::sync::Arc;

/// Runs `udf` on `args` and returns its result as an array.
pub(crate) fn run(udf: &ScalarUDF, args: Vec<ColumnarValue>) -> ArrayRef {
    let rows = args
        .iter()
        .map(|a| match a {
            ColumnarValue::Array(a) => a.len(),
            ColumnarValue::Scalar(_) => 1,
        })
        .max()
        .unwrap_or(1);
    let arg_fields: Vec<_> = args
        .iter()
        .map(|a| Arc::new(Field::new("arg", a.data_type(), true)))
        .collect();
    let scalars: Vec<Option<&ScalarValue>> = args
        .iter()
        .map(|a| match a {
            ColumnarValue::Scalar(s) => Some(s),
            ColumnarValue::Array(_) => None,
        })
        .collect();
    let return_field = udf
        .return_field_from_args(ReturnFieldArgs {
            arg_fields: &arg_fields,
            scalar_arguments: &scalars,
        })
        .unwrap();
    let out = udf
        .invoke_with_args(ScalarFunctionArgs {
            args,
            arg_fields,
            number_rows: rows,
            return_field: Arc::clone(&return_field),
            config_options: Arc::new(ConfigOptions::default()),
        })
        .unwrap();
    let array = out.to_array(rows).unwrap();
    assert_eq!(array.data_type(), return_field.data_type());
    array
}

/// Runs `udf` on `args` and returns each value as text (null as `None`).
pub(crate) fn invoke(udf: &ScalarUDF, args: Vec<ColumnarValue>) -> Vec<Option<String>> {
    texts(&run(udf, args))
}

/// Each value of an array as text (null as `None`).
pub(crate) fn texts(array: &ArrayRef) -> Vec<Option<String>> {
    let formatter = ArrayFormatter::try_new(array.as_ref(), &FormatOptions::default()).unwrap();
    (0..array.len())
        .map(|i| array.is_valid(i).then(|| formatter.value(i).to_string()))
        .collect()
}

pub(crate) fn strings_of(values: &[Option<&str>]) -> ColumnarValue {
    ColumnarValue::Array(Arc::new(StringArray::from(values.to_vec())))
}

pub(crate) fn ints_of(values: &[Option<i64>]) -> ColumnarValue {
    ColumnarValue::Array(Arc::new(Int64Array::from(values.to_vec())))
}

pub(crate) fn floats_of(values: &[Option<f64>]) -> ColumnarValue {
    ColumnarValue::Array(Arc::new(Float64Array::from(values.to_vec())))
}

pub(crate) fn text(value: &str) -> ColumnarValue {
    ColumnarValue::Scalar(ScalarValue::Utf8(Some(value.to_string())))
}

/// `Some(text)` for each value, to compare with [`invoke`]'s result.
pub(crate) fn some(values: &[&str]) -> Vec<Option<String>> {
    values.iter().map(|v| Some(v.to_string())).collect()
}
