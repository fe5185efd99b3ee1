//! `trunc(x, digits)`: x cut (towards zero) to `digits` places after the point, or before it
//! when negative, keeping x's type: integers stay exact integers (DataFusion's `trunc` goes
//! through floats, which cannot hold the largest integers), decimals keep their precision and
//! scale, floats stay floats.

use super::singleton::udf_singleton;
use super::util::{arrays, finish, integers};
use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, Decimal128Array, Float64Array, Int64Array,
};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Decimal128Type, Float64Type, Int64Type};
use datafusion::common::{exec_err, plan_err, Result};
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use std::sync::Arc;

#[derive(Debug, PartialEq, Eq, Hash)]
struct Trunc {
    signature: Signature,
}

/// The type a number is worked on in: integers as `Int64`, floats as `Float64`, decimals as
/// they are.
fn working_type(data_type: &DataType) -> Option<DataType> {
    Some(match data_type {
        DataType::Decimal128(..) => data_type.clone(),
        DataType::Float16 | DataType::Float32 | DataType::Float64 | DataType::Null => {
            DataType::Float64
        }
        t if t.is_integer() => DataType::Int64,
        _ => return None,
    })
}

impl ScalarUDFImpl for Trunc {
    fn name(&self) -> &str {
        "trunc_exact"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        let Some(x) = arg_types.first().and_then(working_type) else {
            return plan_err!("trunc needs a number, found {:?}", arg_types.first());
        };
        Ok(vec![x, DataType::Int64])
    }

    fn return_type(&self, args: &[DataType]) -> Result<DataType> {
        match args.first().and_then(working_type) {
            Some(t) => Ok(t),
            None => plan_err!("trunc needs a number"),
        }
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let (arrays, scalar) = arrays(&args.args, args.number_rows)?;
        let digits = integers(&arrays[1])?;
        let x = &arrays[0];
        let cut: ArrayRef = match x.data_type() {
            DataType::Int64 => {
                let values = x.as_primitive::<Int64Type>();
                Arc::new(Int64Array::from_iter(
                    values
                        .iter()
                        .zip(digits.iter())
                        .map(|(v, d)| Some(integer(v?, d?))),
                ))
            }
            DataType::Float64 => {
                let values = x.as_primitive::<Float64Type>();
                Arc::new(Float64Array::from_iter(
                    values
                        .iter()
                        .zip(digits.iter())
                        .map(|(v, d)| Some(float(v?, d?))),
                ))
            }
            DataType::Decimal128(precision, scale) => {
                let values = x.as_primitive::<Decimal128Type>();
                let cut = Decimal128Array::from_iter(
                    values
                        .iter()
                        .zip(digits.iter())
                        .map(|(v, d)| Some(decimal(v?, *scale, d?))),
                );
                Arc::new(cut.with_precision_and_scale(*precision, *scale)?)
            }
            DataType::Null => cast(x, &DataType::Float64)?,
            other => return exec_err!("trunc needs a number, found {other}"),
        };
        finish(cut, scalar)
    }
}

/// An integer cut to `digits` places: unchanged unless `digits` is negative.
fn integer(value: i64, digits: i64) -> i64 {
    if digits >= 0 {
        return value;
    }
    match 10i64.checked_pow(u32::try_from(-digits).unwrap_or(u32::MAX)) {
        Some(unit) => value - value % unit,
        None => 0,
    }
}

/// A float cut to `digits` places, as `(x × 10^digits).trunc() / 10^digits`; where scaling
/// would overflow, the float has no digits there to cut.
fn float(value: f64, digits: i64) -> f64 {
    let digits = digits.clamp(-400, 400) as i32;
    let unit = 10f64.powi(digits);
    let scaled = value * unit;
    if !scaled.is_finite() || unit == 0.0 {
        return if digits < 0 {
            0.0f64.copysign(value)
        } else {
            value
        };
    }
    scaled.trunc() / unit
}

/// A decimal's stored value (`scale` places) cut to `digits` places.
fn decimal(value: i128, scale: i8, digits: i64) -> i128 {
    let cut = i64::from(scale) - digits;
    if cut <= 0 {
        return value;
    }
    match 10i128.checked_pow(u32::try_from(cut).unwrap_or(u32::MAX)) {
        Some(unit) => value - value % unit,
        None => 0,
    }
}

udf_singleton! {
    /// `trunc_exact(x: number, digits: integer) -> type of x`.
    pub fn trunc() -> ScalarUDF = Trunc {
        signature: Signature::user_defined(Volatility::Immutable),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_stay_exact() {
        assert_eq!(integer(i64::MAX, 0), i64::MAX);
        assert_eq!(integer(1234, -2), 1200);
        assert_eq!(integer(-1234, -2), -1200);
        assert_eq!(integer(i64::MIN, -1), -9223372036854775800);
        assert_eq!(integer(99, -30), 0);
    }

    #[test]
    fn floats_cut_towards_zero() {
        assert_eq!(float(2.789, 1), 2.7);
        assert_eq!(float(-2.789, 0), -2.0);
        assert_eq!(float(1234.5, -2), 1200.0);
        assert_eq!(float(1e300, 100), 1e300);
        assert_eq!(float(5.0, -400), 0.0);
        assert!(float(f64::NAN, 1).is_nan());
    }

    #[test]
    fn decimals_keep_their_scale() {
        // 99999999999999.9999 at scale 4.
        assert_eq!(
            decimal(999_999_999_999_999_999, 4, 0),
            999_999_999_999_990_000
        );
        assert_eq!(decimal(-12_345, 2, 1), -12_340);
        assert_eq!(decimal(12_345, 2, 5), 12_345);
        assert_eq!(decimal(12_345, 2, -60), 0);
    }
}
