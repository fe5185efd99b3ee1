//! `mode(value)`: the most frequent non-null value of a group, the smallest of them on a
//! tie; null when there are none. An aggregate (UDAF).

use super::singleton::udf_singleton;
use datafusion::arrow::array::{new_empty_array, Array, ArrayRef, AsArray};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef, Int64Type};
use datafusion::common::utils::SingleRowListArrayBuilder;
use datafusion::common::{exec_err, Result, ScalarValue};
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::{Accumulator, AggregateUDFImpl, Signature, Volatility};
use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Debug, PartialEq, Eq, Hash)]
struct Mode {
    signature: Signature,
}

impl AggregateUDFImpl for Mode {
    fn name(&self) -> &str {
        "mode"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, args: &[DataType]) -> Result<DataType> {
        match args.first() {
            Some(t) => Ok(t.clone()),
            None => exec_err!("mode takes one argument"),
        }
    }

    fn accumulator(&self, args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        Ok(Box::new(ModeAccumulator {
            data_type: args.return_field.data_type().clone(),
            counts: HashMap::new(),
        }))
    }

    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        let value_type = args.return_field.data_type().clone();
        Ok(vec![
            Arc::new(Field::new_list(
                "values",
                Field::new_list_field(value_type, true),
                true,
            )),
            Arc::new(Field::new_list(
                "counts",
                Field::new_list_field(DataType::Int64, true),
                true,
            )),
        ])
    }
}

#[derive(Debug)]
struct ModeAccumulator {
    data_type: DataType,
    counts: HashMap<ScalarValue, i64>,
}

impl ModeAccumulator {
    fn add(&mut self, values: &ArrayRef, counts: Option<&[i64]>) -> Result<()> {
        let nulls = values.logical_nulls();
        for i in 0..values.len() {
            if !nulls.as_ref().is_some_and(|n| n.is_null(i)) {
                let count = counts.map_or(1, |c| c.get(i).copied().unwrap_or(0));
                *self
                    .counts
                    .entry(ScalarValue::try_from_array(values, i)?)
                    .or_default() += count;
            }
        }
        Ok(())
    }

    /// A one-row list of `values` of type `data_type`.
    fn list(values: Vec<ScalarValue>, data_type: &DataType) -> Result<ScalarValue> {
        let array = if values.is_empty() {
            new_empty_array(data_type)
        } else {
            ScalarValue::iter_to_array(values)?
        };
        Ok(SingleRowListArrayBuilder::new(array)
            .with_nullable(true)
            .build_list_scalar())
    }
}

impl Accumulator for ModeAccumulator {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        match values.first() {
            Some(values) => self.add(values, None),
            None => exec_err!("mode takes one argument"),
        }
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        let best = self.counts.iter().max_by(|(a, count_a), (b, count_b)| {
            // The higher count wins; on a tie the smaller value.
            count_a
                .cmp(count_b)
                .then_with(|| b.partial_cmp(a).unwrap_or(Ordering::Equal))
        });
        match best {
            Some((value, _)) => Ok(value.clone()),
            None => ScalarValue::try_from(&self.data_type),
        }
    }

    fn size(&self) -> usize {
        size_of_val(self)
            + self
                .counts
                .keys()
                .map(|k| k.size() + size_of::<i64>())
                .sum::<usize>()
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        let (values, counts): (Vec<_>, Vec<_>) = self
            .counts
            .iter()
            .map(|(v, c)| (v.clone(), ScalarValue::Int64(Some(*c))))
            .unzip();
        Ok(vec![
            Self::list(values, &self.data_type)?,
            Self::list(counts, &DataType::Int64)?,
        ])
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        let [values, counts] = states else {
            return exec_err!("mode's state has two columns");
        };
        let (values, counts) = (values.as_list::<i32>(), counts.as_list::<i32>());
        for row in 0..values.len() {
            if values.is_null(row) || counts.is_null(row) {
                continue;
            }
            let row_counts = counts.value(row);
            let row_counts = row_counts.as_primitive::<Int64Type>();
            self.add(&values.value(row), Some(row_counts.values()))?;
        }
        Ok(())
    }
}

udf_singleton! {
    /// `mode(value: any) -> same type`.
    pub fn mode() -> AggregateUDF = Mode {
        signature: Signature::any(1, Volatility::Immutable),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::{Int64Array, StringArray};

    fn accumulator(data_type: DataType) -> ModeAccumulator {
        ModeAccumulator {
            data_type,
            counts: HashMap::new(),
        }
    }

    #[test]
    fn the_most_frequent_value_and_the_smallest_on_a_tie() {
        let mut acc = accumulator(DataType::Utf8);
        let values: ArrayRef = Arc::new(StringArray::from(vec![
            Some("e"),
            Some("b"),
            None,
            Some("b"),
            Some("a"),
        ]));
        acc.update_batch(&[values]).unwrap();
        assert_eq!(acc.evaluate().unwrap(), ScalarValue::Utf8(Some("b".into())));
        let mut acc = accumulator(DataType::Int64);
        let values: ArrayRef = Arc::new(Int64Array::from(vec![3, 1, 3, 1, 2]));
        acc.update_batch(&[values]).unwrap();
        assert_eq!(acc.evaluate().unwrap(), ScalarValue::Int64(Some(1)));
    }

    #[test]
    fn no_values_give_null_and_states_merge() {
        let mut empty = accumulator(DataType::Int64);
        let nulls: ArrayRef = Arc::new(Int64Array::from(vec![None, None]));
        empty.update_batch(&[nulls]).unwrap();
        assert_eq!(empty.evaluate().unwrap(), ScalarValue::Int64(None));

        let mut left = accumulator(DataType::Int64);
        left.update_batch(&[Arc::new(Int64Array::from(vec![5, 5, 7])) as ArrayRef])
            .unwrap();
        let mut right = accumulator(DataType::Int64);
        right
            .update_batch(&[Arc::new(Int64Array::from(vec![7, 7])) as ArrayRef])
            .unwrap();
        let mut merged = accumulator(DataType::Int64);
        for state in [
            left.state().unwrap(),
            right.state().unwrap(),
            empty.state().unwrap(),
        ] {
            let arrays: Vec<ArrayRef> = state.iter().map(|s| s.to_array().unwrap()).collect();
            merged.merge_batch(&arrays).unwrap();
        }
        assert_eq!(merged.evaluate().unwrap(), ScalarValue::Int64(Some(7)));
    }
}
