//! Which rows of a dataset in the store the working set holds: the first rows, random rows,
//! rows stratified by a column, the rows a condition keeps, or the rows with missing or
//! mismatched values after the recipe's steps. The server computes each over the whole
//! dataset (`POST /api/datasets/working-set`, docs/api.md).

use std::collections::BTreeMap;
use wrangle_executor::sample_api::Sample;

/// The sample the analyst picked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SampleChoice {
    First,
    Random {
        seed: u64,
    },
    Stratified {
        column: String,
        min: usize,
        seed: u64,
    },
    Filter {
        condition: String,
    },
    /// Rows missing a value in `columns` after the steps: the recipe's steps up to the one
    /// shown, or, for a sample collected before, the steps and inputs it was taken after.
    Anomaly {
        columns: Vec<String>,
        after: Option<(String, BTreeMap<String, String>)>,
    },
}

impl SampleChoice {
    /// The kinds the picker offers, with their names there.
    pub const KINDS: [(&'static str, &'static str); 5] = [
        ("first", "first rows"),
        ("random", "random rows"),
        ("stratified", "stratified by a column"),
        ("filter", "rows matching a condition"),
        ("anomaly", "rows with missing or mismatched values"),
    ];

    pub fn kind(&self) -> &'static str {
        match self {
            SampleChoice::First => "first",
            SampleChoice::Random { .. } => "random",
            SampleChoice::Stratified { .. } => "stratified",
            SampleChoice::Filter { .. } => "filter",
            SampleChoice::Anomaly { .. } => "anomaly",
        }
    }

    /// The sample asked of the server; an anomaly sample follows `steps` (reading
    /// `inputs`) unless it was collected after others.
    pub fn sample(&self, steps: &str, inputs: &BTreeMap<String, String>) -> Sample {
        match self {
            SampleChoice::First => Sample::First,
            SampleChoice::Random { seed } => Sample::Random { seed: *seed },
            SampleChoice::Stratified { column, min, seed } => Sample::Stratified {
                column: column.clone(),
                min: *min,
                seed: *seed,
            },
            SampleChoice::Filter { condition } => Sample::Filter {
                condition: condition.clone(),
            },
            SampleChoice::Anomaly { columns, after } => {
                let (steps, inputs) = after
                    .clone()
                    .unwrap_or_else(|| (steps.to_string(), inputs.clone()));
                Sample::Anomaly {
                    columns: columns.clone(),
                    steps,
                    inputs,
                }
            }
        }
    }

    /// A sample collected before, picked again as it was taken.
    pub fn of(sample: &Sample) -> SampleChoice {
        match sample {
            Sample::First => SampleChoice::First,
            Sample::Random { seed } => SampleChoice::Random { seed: *seed },
            Sample::Stratified { column, min, seed } => SampleChoice::Stratified {
                column: column.clone(),
                min: *min,
                seed: *seed,
            },
            Sample::Filter { condition } => SampleChoice::Filter {
                condition: condition.clone(),
            },
            Sample::Anomaly {
                columns,
                steps,
                inputs,
            } => SampleChoice::Anomaly {
                columns: columns.clone(),
                after: Some((steps.clone(), inputs.clone())),
            },
        }
    }

    /// The same sample drawn again with another seed (random and stratified samples).
    pub fn redrawn(&self) -> SampleChoice {
        match self {
            SampleChoice::Random { seed } => SampleChoice::Random { seed: seed + 1 },
            SampleChoice::Stratified { column, min, seed } => SampleChoice::Stratified {
                column: column.clone(),
                min: *min,
                seed: seed + 1,
            },
            other => other.clone(),
        }
    }

    /// A sample of `kind` as it starts when picked: seed 1, stratified by `first_column`
    /// with at least 10 rows of each value, a filter with `condition`; an anomaly sample
    /// waits for its columns.
    pub fn picked(kind: &str, first_column: Option<&str>, condition: &str) -> Option<Self> {
        Some(match kind {
            "first" => SampleChoice::First,
            "random" => SampleChoice::Random { seed: 1 },
            "stratified" => SampleChoice::Stratified {
                column: first_column?.to_string(),
                min: 10,
                seed: 1,
            },
            "filter" if !condition.trim().is_empty() => SampleChoice::Filter {
                condition: condition.trim().to_string(),
            },
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_sample_asks_with_its_parameters() {
        let none = BTreeMap::new();
        assert_eq!(SampleChoice::First.sample("", &none), Sample::First);
        let strata = SampleChoice::picked("stratified", Some("carrier"), "").unwrap();
        assert_eq!(
            strata.redrawn().sample("", &none),
            Sample::Stratified {
                column: "carrier".into(),
                min: 10,
                seed: 2
            }
        );
        // A filter needs its condition; a stratified sample a column.
        assert_eq!(SampleChoice::picked("filter", None, "  "), None);
        assert_eq!(SampleChoice::picked("stratified", None, ""), None);
        assert_eq!(
            SampleChoice::picked("filter", None, " month > 11 ")
                .unwrap()
                .sample("", &none),
            Sample::Filter {
                condition: "month > 11".into()
            }
        );
        assert_eq!(SampleChoice::picked("anomaly", Some("a"), ""), None);
    }

    #[test]
    fn an_anomaly_sample_follows_the_steps_it_was_taken_after() {
        let inputs = BTreeMap::from([("airlines".to_string(), "demo/airlines.csv".to_string())]);
        let fresh = SampleChoice::Anomaly {
            columns: vec!["speed".into()],
            after: None,
        };
        let asked = fresh.sample("derive speed = distance / air_time", &inputs);
        assert_eq!(
            asked,
            Sample::Anomaly {
                columns: vec!["speed".into()],
                steps: "derive speed = distance / air_time".into(),
                inputs: inputs.clone()
            }
        );
        // Picked again from the samples collected: the steps it was taken after, not today's.
        let again = SampleChoice::of(&asked);
        assert_eq!(again.sample("drop speed", &BTreeMap::new()), asked);
        for sample in [
            Sample::First,
            Sample::Random { seed: 4 },
            Sample::Filter {
                condition: "x > 1".into(),
            },
        ] {
            assert_eq!(SampleChoice::of(&sample).sample("", &inputs), sample);
        }
    }
}
