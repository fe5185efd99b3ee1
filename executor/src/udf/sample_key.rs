//! `sample_key(position, seed)`: a random-looking number for each row, the same for the
//! same row and seed every time (SplitMix64 of the position mixed with the seed). Sorting
//! by it and keeping the first N rows takes a uniform random sample in one pass that holds
//! only N rows; another seed gives another sample.

use super::singleton::udf_singleton;
use super::util::{arrays, finish};
use datafusion::arrow::array::{Array, ArrayRef, AsArray, UInt64Array};
use datafusion::arrow::datatypes::{DataType, UInt64Type};
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};
use std::sync::Arc;

#[derive(Debug, PartialEq, Eq, Hash)]
struct SampleKey {
    signature: Signature,
}

/// SplitMix64's finaliser: every bit of the input moves about half the bits of the output.
pub(crate) fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl ScalarUDFImpl for SampleKey {
    fn name(&self) -> &str {
        "sample_key"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _args: &[DataType]) -> Result<DataType> {
        Ok(DataType::UInt64)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let (arrays, scalar) = arrays(&args.args, args.number_rows)?;
        let positions = arrays[0].as_primitive::<UInt64Type>();
        let seeds = arrays[1].as_primitive::<UInt64Type>();
        let out: UInt64Array = (0..positions.len())
            .map(|i| {
                (positions.is_valid(i) && seeds.is_valid(i))
                    .then(|| mix(positions.value(i) ^ mix(seeds.value(i))))
            })
            .collect();
        finish(Arc::new(out) as ArrayRef, scalar)
    }
}

udf_singleton! {
    /// `sample_key(position: UInt64, seed: UInt64) -> UInt64`.
    pub fn sample_key() -> ScalarUDF = SampleKey {
        signature: Signature::exact(vec![DataType::UInt64, DataType::UInt64], Volatility::Immutable),
    };
}

#[cfg(test)]
mod tests {
    use super::mix;

    #[test]
    fn keys_are_spread_and_repeatable() {
        let keys: Vec<u64> = (0..1000u64).map(|p| mix(p ^ mix(7))).collect();
        let again: Vec<u64> = (0..1000u64).map(|p| mix(p ^ mix(7))).collect();
        assert_eq!(keys, again);
        // Half of the keys fall in the lower half, give or take.
        let low = keys.iter().filter(|k| **k < u64::MAX / 2).count();
        assert!((430..570).contains(&low), "{low}");
        let other: Vec<u64> = (0..1000u64).map(|p| mix(p ^ mix(8))).collect();
        assert_ne!(keys, other);
    }
}
