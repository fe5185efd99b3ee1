//! `type_of(value)`: the name of a value's type as `settype` writes it ("integer", "date",
//! "decimal(10, 2)", "list<string>"…), the same for every row.

use super::singleton::udf_singleton;
use crate::schema::type_name;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{Result, ScalarValue};
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

#[derive(Debug, PartialEq, Eq, Hash)]
struct TypeOf {
    signature: Signature,
}

impl ScalarUDFImpl for TypeOf {
    fn name(&self) -> &str {
        "type_of"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _args: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let name = args.arg_fields.first().map(|f| type_name(f.data_type()));
        Ok(ColumnarValue::Scalar(ScalarValue::Utf8(name)))
    }
}

udf_singleton! {
    /// `type_of(value: any) -> Utf8`.
    pub fn type_of() -> ScalarUDF = TypeOf {
        signature: Signature::any(1, Volatility::Immutable),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::udf::test_support::{floats_of, invoke, some};
    use datafusion::arrow::datatypes::{Field, TimeUnit};
    use std::sync::Arc;

    #[test]
    fn names_types_as_settype_writes_them() {
        assert_eq!(type_name(&DataType::Int32), "integer");
        assert_eq!(type_name(&DataType::Decimal128(10, 2)), "decimal(10, 2)");
        assert_eq!(
            type_name(&DataType::Timestamp(TimeUnit::Microsecond, None)),
            "timestamp"
        );
        let list = DataType::List(Arc::new(Field::new("item", DataType::Utf8, true)));
        assert_eq!(type_name(&list), "list<string>");
        let fields = vec![
            Field::new("a", DataType::Int64, true),
            Field::new("b", list, true),
        ];
        assert_eq!(
            type_name(&DataType::Struct(fields.into())),
            "struct<a: integer, b: list<string>>"
        );
    }

    #[test]
    fn the_same_for_every_row_even_null() {
        let out = invoke(&type_of(), vec![floats_of(&[Some(2.5), None])]);
        assert_eq!(out, some(&["float", "float"]));
    }
}
