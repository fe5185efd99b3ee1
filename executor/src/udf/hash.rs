//! `hash(value)`: a 64-bit hash of any value, the same on every run and engine: XXH64
//! (seed 0) of the value's type as `type_of` names it, a zero byte, and the value as text
//! (Arrow's display form), so that equal values of the same kind hash alike whatever
//! their storage width (`Int32` 7 and `Int64` 7). Null stays null.

use super::singleton::udf_singleton;
use super::util::{arrays, finish};
use crate::schema::type_name;
use datafusion::arrow::array::{Array, ArrayRef, Int64Array};
use datafusion::arrow::datatypes::DataType;
use datafusion::arrow::util::display::{ArrayFormatter, FormatOptions};
use datafusion::common::{DataFusionError, Result};
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use std::hash::Hasher;
use std::sync::Arc;
use twox_hash::XxHash64;

#[derive(Debug, PartialEq, Eq, Hash)]
struct StableHash {
    signature: Signature,
}

/// Hashes every value of an array.
fn hash_values(values: &ArrayRef) -> Result<Int64Array> {
    let kind = type_name(values.data_type());
    let options = FormatOptions::default();
    let formatter = ArrayFormatter::try_new(values.as_ref(), &options)
        .map_err(|e| DataFusionError::Execution(e.to_string()))?;
    let nulls = values.logical_nulls();
    let mut text = String::new();
    Ok((0..values.len())
        .map(|i| {
            if nulls.as_ref().is_some_and(|n| n.is_null(i)) {
                return None;
            }
            text.clear();
            use std::fmt::Write;
            let _ = write!(text, "{}", formatter.value(i));
            let mut hasher = XxHash64::with_seed(0);
            hasher.write(kind.as_bytes());
            hasher.write(&[0]);
            hasher.write(text.as_bytes());
            Some(i64::from_ne_bytes(hasher.finish().to_ne_bytes()))
        })
        .collect())
}

impl ScalarUDFImpl for StableHash {
    fn name(&self) -> &str {
        "hash"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _args: &[DataType]) -> Result<DataType> {
        Ok(DataType::Int64)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let (arrays, scalar) = arrays(&args.args, args.number_rows)?;
        finish(Arc::new(hash_values(&arrays[0])?) as ArrayRef, scalar)
    }
}

udf_singleton! {
    /// `hash(value: any) -> Int64`.
    pub fn hash() -> ScalarUDF = StableHash {
        signature: Signature::any(1, Volatility::Immutable),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::udf::test_support::{ints_of, run, strings_of, texts};
    use datafusion::arrow::array::Int32Array;

    #[test]
    fn is_stable_and_ignores_storage_width() {
        let a = texts(&run(
            &hash(),
            vec![strings_of(&[Some("abc"), None, Some("abc")])],
        ));
        assert_eq!(a[0], a[2]);
        assert_eq!(a[1], None);
        // Pinned so that a change of algorithm or encoding is noticed.
        assert_eq!(a[0].as_deref(), Some(hash_of_abc().as_str()));
        let wide = texts(&run(&hash(), vec![ints_of(&[Some(7)])]));
        let narrow = texts(&run(
            &hash(),
            vec![ColumnarValue::Array(Arc::new(Int32Array::from(vec![7])))],
        ));
        assert_eq!(wide, narrow);
        let text = texts(&run(&hash(), vec![strings_of(&[Some("7")])]));
        assert_ne!(wide, text);
    }

    fn hash_of_abc() -> String {
        let mut hasher = XxHash64::with_seed(0);
        hasher.write(b"string\0abc");
        (hasher.finish() as i64).to_string()
    }
}
