//! `ceil(x)` and `floor(x)`: the whole number at or above (below) x, as an integer; null where
//! it does not fit 64 bits (or x is NaN). Decimals are worked on exactly (DataFusion's `ceil`
//! keeps the decimal's precision, which the next whole number may not fit), floats as floats.

use super::singleton::udf_singleton;
use super::util::{arrays, finish};
use datafusion::arrow::array::{Array, AsArray, Int64Array};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Decimal128Type, Float64Type, Int64Type};
use datafusion::common::{exec_err, plan_err, Result};
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use std::sync::Arc;

#[derive(Debug, PartialEq, Eq, Hash)]
struct WholeNumber {
    /// `ceil` when true, `floor` when false.
    up: bool,
    signature: Signature,
}

impl ScalarUDFImpl for WholeNumber {
    fn name(&self) -> &str {
        if self.up {
            "ceil_integer"
        } else {
            "floor_integer"
        }
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        Ok(vec![match arg_types.first() {
            Some(d @ DataType::Decimal128(..)) => d.clone(),
            Some(t) if t.is_integer() => DataType::Int64,
            Some(DataType::Float16 | DataType::Float32 | DataType::Float64 | DataType::Null) => {
                DataType::Float64
            }
            other => return plan_err!("{} needs a number, found {other:?}", self.name()),
        }])
    }

    fn return_type(&self, _args: &[DataType]) -> Result<DataType> {
        Ok(DataType::Int64)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let (arrays, scalar) = arrays(&args.args, args.number_rows)?;
        let x = &arrays[0];
        let whole: Int64Array = match x.data_type() {
            DataType::Int64 => x.as_primitive::<Int64Type>().clone(),
            DataType::Float64 => x
                .as_primitive::<Float64Type>()
                .iter()
                .map(|v| from_float(v?, self.up))
                .collect(),
            DataType::Decimal128(_, scale) => x
                .as_primitive::<Decimal128Type>()
                .iter()
                .map(|v| from_decimal(v?, *scale, self.up))
                .collect(),
            DataType::Null => cast(x, &DataType::Int64)?
                .as_primitive::<Int64Type>()
                .clone(),
            other => return exec_err!("{} needs a number, found {other}", self.name()),
        };
        finish(Arc::new(whole), scalar)
    }
}

/// The whole number at or above (`up`) or below a float, if an integer holds it.
fn from_float(value: f64, up: bool) -> Option<i64> {
    let whole = if up { value.ceil() } else { value.floor() };
    // 2^63 is the first float past the largest integer; NaN is in no range.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    (-LIMIT..LIMIT).contains(&whole).then_some(whole as i64)
}

/// The whole number at or above (`up`) or below a decimal's stored value (`scale` places),
/// if an integer holds it.
fn from_decimal(value: i128, scale: i8, up: bool) -> Option<i64> {
    let whole = if scale <= 0 {
        value.checked_mul(10i128.checked_pow(u32::from(scale.unsigned_abs()))?)?
    } else {
        let unit = 10i128.checked_pow(u32::from(scale.unsigned_abs()))?;
        let below = value.div_euclid(unit);
        if up && value.rem_euclid(unit) != 0 {
            below + 1
        } else {
            below
        }
    };
    i64::try_from(whole).ok()
}

fn make(up: bool) -> WholeNumber {
    WholeNumber {
        up,
        signature: Signature::user_defined(Volatility::Immutable),
    }
}

udf_singleton! {
    /// `ceil_integer(x: number) -> Int64`.
    pub fn ceil() -> ScalarUDF = make(true);

    /// `floor_integer(x: number) -> Int64`.
    pub fn floor() -> ScalarUDF = make(false);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_give_integers_or_null() {
        assert_eq!(from_float(2.1, true), Some(3));
        assert_eq!(from_float(-2.1, true), Some(-2));
        assert_eq!(from_float(-2.1, false), Some(-3));
        assert_eq!(from_float(1e300, true), None);
        assert_eq!(from_float(f64::NAN, false), None);
        assert_eq!(from_float(i64::MIN as f64, false), Some(i64::MIN));
    }

    #[test]
    fn decimals_are_exact() {
        // 99999999999999.9999 at scale 4: past a decimal(18, 4), within an integer.
        assert_eq!(
            from_decimal(999_999_999_999_999_999, 4, true),
            Some(100_000_000_000_000)
        );
        assert_eq!(from_decimal(-12_345, 2, true), Some(-123));
        assert_eq!(from_decimal(-12_345, 2, false), Some(-124));
        assert_eq!(from_decimal(12_300, 2, true), Some(123));
        assert_eq!(from_decimal(-(10i128.pow(37)), 0, false), None);
    }
}
