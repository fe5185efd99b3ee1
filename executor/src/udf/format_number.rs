//! `format_number(x, digits)`: a number as text with commas between thousands and exactly
//! `digits` decimal places, rounding halves away from zero. Rounding works on the number's
//! shortest decimal form, so 1.005 rounds to 1.01 as written, not as stored in binary.

use super::singleton::udf_singleton;
use super::util::{arrays, finish, integers, strings};
use datafusion::arrow::array::{Array, ArrayRef, AsArray, StringArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Float64Type};
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use std::sync::Arc;

#[derive(Debug, PartialEq, Eq, Hash)]
struct FormatNumber {
    signature: Signature,
}

/// Rounds a plain decimal number (`-1234.5678`, no exponent) to `digits` places, halves
/// away from zero, and groups the thousands of its whole part.
fn format_decimal(number: &str, digits: usize) -> String {
    let (negative, magnitude) = match number.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, number.strip_prefix('+').unwrap_or(number)),
    };
    let (whole, fraction) = magnitude.split_once('.').unwrap_or((magnitude, ""));
    let whole = if whole.is_empty() { "0" } else { whole };
    // All the digits kept, as one digit string, and where the point goes.
    let mut kept: Vec<u8> = whole.bytes().collect();
    let fraction = fraction.as_bytes();
    for i in 0..digits {
        kept.push(fraction.get(i).copied().unwrap_or(b'0'));
    }
    if fraction.get(digits).is_some_and(|d| *d >= b'5') {
        let mut i = kept.len();
        loop {
            if i == 0 {
                kept.insert(0, b'1');
                break;
            }
            i -= 1;
            if kept[i] == b'9' {
                kept[i] = b'0';
            } else {
                kept[i] += 1;
                break;
            }
        }
    }
    let point = kept.len() - digits;
    let (whole, fraction) = kept.split_at(point);
    let whole = std::str::from_utf8(whole)
        .unwrap_or("0")
        .trim_start_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    let mut out = String::with_capacity(whole.len() * 4 / 3 + digits + 2);
    let is_zero = whole == "0" && fraction.iter().all(|d| *d == b'0');
    if negative && !is_zero {
        out.push('-');
    }
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if digits > 0 {
        out.push('.');
        out.push_str(std::str::from_utf8(fraction).unwrap_or_default());
    }
    out
}

/// Each value of a numeric array in plain decimal form: floats in their shortest form that
/// reads back the same (never with an exponent), integers and decimals exactly.
fn decimal_texts(array: &ArrayRef) -> Result<Vec<Option<String>>> {
    if matches!(
        array.data_type(),
        DataType::Float16 | DataType::Float32 | DataType::Float64
    ) {
        let floats = cast(array, &DataType::Float64)?;
        return Ok(floats
            .as_primitive::<Float64Type>()
            .iter()
            .map(|v| v.map(|v| format!("{v}")))
            .collect());
    }
    Ok(strings(array)?
        .iter()
        .map(|v| v.map(str::to_string))
        .collect())
}

impl ScalarUDFImpl for FormatNumber {
    fn name(&self) -> &str {
        "format_number"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _args: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let (arrays, scalar) = arrays(&args.args, args.number_rows)?;
        let numbers = decimal_texts(&arrays[0])?;
        let digits = integers(&arrays[1])?;
        let out: StringArray = numbers
            .iter()
            .zip(digits.iter())
            .map(|(number, digits)| {
                let (number, digits) = (number.as_deref()?, digits?);
                if number.bytes().any(|b| b.is_ascii_alphabetic()) {
                    // NaN and infinities have no digits to group.
                    return Some(number.to_string());
                }
                Some(format_decimal(
                    number,
                    usize::try_from(digits.clamp(0, 100)).unwrap_or(0),
                ))
            })
            .collect();
        finish(Arc::new(out) as ArrayRef, scalar)
    }
}

udf_singleton! {
    /// `format_number(x: number, digits: Int64) -> Utf8`.
    pub fn format_number() -> ScalarUDF = FormatNumber {
        signature: Signature::any(2, Volatility::Immutable),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::udf::test_support::{floats_of, ints_of, invoke, some};
    use datafusion::common::ScalarValue;

    #[test]
    fn groups_thousands_and_rounds_halves_away_from_zero() {
        assert_eq!(format_decimal("1234.5", 2), "1,234.50");
        assert_eq!(format_decimal("1234567.891", 0), "1,234,568");
        assert_eq!(format_decimal("-999.995", 2), "-1,000.00");
        assert_eq!(format_decimal("1.005", 2), "1.01");
        assert_eq!(format_decimal("-0.001", 2), "0.00");
        assert_eq!(format_decimal("999", 0), "999");
        assert_eq!(format_decimal("100", 1), "100.0");
        assert_eq!(format_decimal("-2.5", 0), "-3");
    }

    #[test]
    fn formats_floats_integers_and_nulls() {
        let two = ColumnarValue::Scalar(ScalarValue::Int64(Some(2)));
        let out = invoke(
            &format_number(),
            vec![
                floats_of(&[Some(1234.5), None, Some(1e21), Some(f64::NAN)]),
                two.clone(),
            ],
        );
        assert_eq!(
            out,
            vec![
                Some("1,234.50".into()),
                None,
                Some("1,000,000,000,000,000,000,000.00".into()),
                Some("NaN".into())
            ]
        );
        let out = invoke(&format_number(), vec![ints_of(&[Some(-1234567)]), two]);
        assert_eq!(out, some(&["-1,234,567.00"]));
    }
}
