//! `is_missing(value)`: whether a value is missing, that is null, or text that is empty or
//! only white space; never null itself. Works on any type.

use super::singleton::udf_singleton;
use super::util::{arrays, finish, is_text, strings};
use datafusion::arrow::array::{Array, ArrayRef, BooleanArray};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use std::sync::Arc;

#[derive(Debug, PartialEq, Eq, Hash)]
struct IsMissing {
    signature: Signature,
}

impl ScalarUDFImpl for IsMissing {
    fn name(&self) -> &str {
        "is_missing"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _args: &[DataType]) -> Result<DataType> {
        Ok(DataType::Boolean)
    }

    fn is_nullable(
        &self,
        _args: &[datafusion::logical_expr::Expr],
        _schema: &dyn datafusion::common::ExprSchema,
    ) -> bool {
        false
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let (arrays, scalar) = arrays(&args.args, args.number_rows)?;
        let values = &arrays[0];
        let out: BooleanArray = if is_text(values.data_type()) {
            strings(values)?
                .iter()
                .map(|v| Some(v.is_none_or(|t| t.trim().is_empty())))
                .collect()
        } else {
            // `logical_nulls`: a `NullArray` has no null buffer but is all null.
            let nulls = values.logical_nulls();
            (0..values.len())
                .map(|i| Some(nulls.as_ref().is_some_and(|n| n.is_null(i))))
                .collect()
        };
        finish(Arc::new(out) as ArrayRef, scalar)
    }
}

udf_singleton! {
    /// `is_missing(value: any) -> Boolean`, never null.
    pub fn is_missing() -> ScalarUDF = IsMissing {
        signature: Signature::any(1, Volatility::Immutable),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::udf::test_support::{ints_of, invoke, some, strings_of};
    use datafusion::common::ScalarValue;

    #[test]
    fn null_and_blank_text_are_missing() {
        let out = invoke(
            &is_missing(),
            vec![strings_of(&[Some(""), Some(" \t"), Some(" a "), None])],
        );
        assert_eq!(out, some(&["true", "true", "false", "true"]));
        let out = invoke(&is_missing(), vec![ints_of(&[Some(0), None])]);
        assert_eq!(out, some(&["false", "true"]));
        let out = invoke(
            &is_missing(),
            vec![ColumnarValue::Scalar(ScalarValue::Null)],
        );
        assert_eq!(out, some(&["true"]));
    }
}
