//! `min_by(value, by)` and `max_by(value, by)`: the value from the row where `by` is the
//! smallest (largest). Rows with a null `by` are skipped; on a tie the first such row
//! wins; null when no row has a `by`. One aggregate (UDAF) with a direction.

use super::singleton::udf_singleton;
use datafusion::arrow::array::{Array, ArrayRef};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef};
use datafusion::common::{exec_err, Result, ScalarValue};
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::{Accumulator, AggregateUDFImpl, Signature, Volatility};
use std::cmp::Ordering;
use std::sync::Arc;

#[derive(Debug, PartialEq, Eq, Hash)]
struct MinMaxBy {
    signature: Signature,
    /// Takes the largest `by` when true, the smallest when false.
    largest: bool,
}

impl AggregateUDFImpl for MinMaxBy {
    fn name(&self) -> &str {
        if self.largest {
            "max_by"
        } else {
            "min_by"
        }
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, args: &[DataType]) -> Result<DataType> {
        match args.first() {
            Some(t) => Ok(t.clone()),
            None => exec_err!("{} takes two arguments", self.name()),
        }
    }

    fn accumulator(&self, args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        let [value, by] = args.expr_fields else {
            return exec_err!("{} takes two arguments", self.name());
        };
        Ok(Box::new(MinMaxByAccumulator {
            largest: self.largest,
            value_type: value.data_type().clone(),
            by_type: by.data_type().clone(),
            best: None,
        }))
    }

    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        let [value, by] = args.input_fields else {
            return exec_err!("{} takes two arguments", self.name());
        };
        Ok(vec![
            Arc::new(Field::new("value", value.data_type().clone(), true)),
            Arc::new(Field::new("by", by.data_type().clone(), true)),
        ])
    }
}

#[derive(Debug)]
struct MinMaxByAccumulator {
    largest: bool,
    value_type: DataType,
    by_type: DataType,
    /// The value and `by` of the best row so far.
    best: Option<(ScalarValue, ScalarValue)>,
}

impl MinMaxByAccumulator {
    /// Considers every row of `values` and `by` in order.
    fn add(&mut self, values: &ArrayRef, by: &ArrayRef) -> Result<()> {
        let nulls = by.logical_nulls();
        for i in 0..by.len() {
            if nulls.as_ref().is_some_and(|n| n.is_null(i)) {
                continue;
            }
            let candidate = ScalarValue::try_from_array(by, i)?;
            let better = match &self.best {
                None => true,
                Some((_, best)) => {
                    let order = candidate.partial_cmp(best).unwrap_or(Ordering::Equal);
                    if self.largest {
                        order == Ordering::Greater
                    } else {
                        order == Ordering::Less
                    }
                }
            };
            if better {
                self.best = Some((ScalarValue::try_from_array(values, i)?, candidate));
            }
        }
        Ok(())
    }
}

impl Accumulator for MinMaxByAccumulator {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        match values {
            [value, by] => self.add(value, by),
            _ => exec_err!("min_by and max_by take two arguments"),
        }
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        match &self.best {
            Some((value, _)) => Ok(value.clone()),
            None => ScalarValue::try_from(&self.value_type),
        }
    }

    fn size(&self) -> usize {
        size_of_val(self) + self.best.as_ref().map_or(0, |(v, b)| v.size() + b.size())
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        Ok(match &self.best {
            Some((value, by)) => vec![value.clone(), by.clone()],
            None => vec![
                ScalarValue::try_from(&self.value_type)?,
                ScalarValue::try_from(&self.by_type)?,
            ],
        })
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        self.update_batch(states)
    }
}

fn udaf(largest: bool) -> MinMaxBy {
    MinMaxBy {
        signature: Signature::any(2, Volatility::Immutable),
        largest,
    }
}

udf_singleton! {
    /// `min_by(value: any, by: any) -> type of value`.
    pub fn min_by() -> AggregateUDF = udaf(false);

    /// `max_by(value: any, by: any) -> type of value`.
    pub fn max_by() -> AggregateUDF = udaf(true);
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::{Float64Array, StringArray};

    fn run(largest: bool, values: Vec<Option<&str>>, by: Vec<Option<f64>>) -> ScalarValue {
        let mut acc = MinMaxByAccumulator {
            largest,
            value_type: DataType::Utf8,
            by_type: DataType::Float64,
            best: None,
        };
        let values: ArrayRef = Arc::new(StringArray::from(values));
        let by: ArrayRef = Arc::new(Float64Array::from(by));
        acc.update_batch(&[values, by]).unwrap();
        acc.evaluate().unwrap()
    }

    #[test]
    fn takes_the_value_at_the_extreme_skipping_null_by() {
        let values = vec![Some("a"), Some("b"), Some("c"), None, Some("e")];
        let by = vec![Some(1.5), Some(2.25), Some(2.25), None, Some(10.0)];
        assert_eq!(
            run(false, values.clone(), by.clone()),
            ScalarValue::Utf8(Some("a".into()))
        );
        assert_eq!(run(true, values, by), ScalarValue::Utf8(Some("e".into())));
    }

    #[test]
    fn the_first_row_wins_a_tie_and_no_by_gives_null() {
        let values = vec![Some("x"), Some("y")];
        assert_eq!(
            run(true, values.clone(), vec![Some(1.0), Some(1.0)]),
            ScalarValue::Utf8(Some("x".into()))
        );
        assert_eq!(
            run(true, values.clone(), vec![None, None]),
            ScalarValue::Utf8(None)
        );
        assert_eq!(
            run(false, vec![None, Some("y")], vec![Some(0.0), Some(1.0)]),
            ScalarValue::Utf8(None)
        );
    }
}
