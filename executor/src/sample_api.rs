//! Samples of a dataset as the server, the command line and the app speak of them: which
//! rows a sample takes ([`Sample`]), how a working set is asked for ([`WorkingSetRequest`]),
//! how far a sample being collected is ([`SampleProgress`]), and the samples kept for a
//! dataset ([`CollectedSample`]). See docs/api.md.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Which rows of a dataset a sample takes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Sample {
    /// The first rows, in the dataset's order.
    #[default]
    First,
    /// Rows drawn uniformly from the whole dataset, kept in the dataset's order.
    Random { seed: u64 },
    /// Every value of `column` with at least `min` rows (as far as the cap allows), the
    /// rest drawn at random.
    Stratified {
        column: String,
        min: usize,
        seed: u64,
    },
    /// The first rows for which a condition is true.
    Filter { condition: String },
    /// The first rows that, after the recipe's `steps`, have a missing value (empty, or a
    /// value a `settype` could not convert) in any of `columns`. `inputs` binds the other
    /// datasets the steps read (name to dataset).
    Anomaly {
        columns: Vec<String>,
        steps: String,
        #[serde(default)]
        inputs: BTreeMap<String, String>,
    },
}

impl Sample {
    /// The sample in words, as the app's header says it.
    pub fn describe(&self) -> String {
        match self {
            Sample::First => "first rows".into(),
            Sample::Random { seed } => format!("random rows (seed {seed})"),
            Sample::Stratified { column, min, seed } => {
                format!("stratified by {column}, at least {min} rows of each (seed {seed})")
            }
            Sample::Filter { condition } => format!("rows where {condition}"),
            Sample::Anomaly { columns, .. } => format!(
                "rows missing or mismatched in {} after the steps",
                columns.join(", ")
            ),
        }
    }

    /// Whether the sample reads the rows' positions (and so runs in one partition).
    pub fn needs_positions(&self) -> bool {
        matches!(
            self,
            Sample::Random { .. } | Sample::Stratified { .. } | Sample::Anomaly { .. }
        )
    }

    /// Whether the rows are drawn at random (a cut to the byte cap then drops rows at
    /// random too, so the sample stays uniform).
    pub fn is_random(&self) -> bool {
        matches!(self, Sample::Random { .. } | Sample::Stratified { .. })
    }

    /// Whether fewer rows than asked for mean the whole dataset was taken (a condition
    /// chooses its rows).
    pub fn short_means_whole(&self) -> bool {
        !matches!(self, Sample::Filter { .. } | Sample::Anomaly { .. })
    }
}

/// A working set asked for by `POST /api/datasets/working-set` (the query of the `GET`,
/// with every kind of sample).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkingSetRequest {
    /// The dataset: a file or folder of the store.
    pub path: String,
    /// Rows at most (the server's default when not given).
    #[serde(default)]
    pub rows: Option<usize>,
    /// Bytes at most, as an Arrow stream (the server's limit when not given).
    #[serde(default)]
    pub bytes: Option<u64>,
    /// The row the column names are on (a recipe's leading `header row N`).
    #[serde(default)]
    pub header_row: Option<u64>,
    #[serde(default)]
    pub sample: Sample,
    /// A name the client picked for this collection: its progress is at
    /// `GET /api/samples/progress/NAME` while it runs, and `POST …/cancel` stops it.
    #[serde(default)]
    pub collect: Option<String>,
}

/// How far a sample being collected is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SampleProgress {
    /// Rows of the dataset read so far.
    pub scanned_rows: u64,
    /// Every row of the dataset (counted before, or estimated from the start of a CSV).
    pub total_rows: Option<u64>,
    /// How many times the sample reads the dataset (an anomaly sample reads it twice).
    pub passes: u64,
}

/// A sample kept in the store for a dataset, as it is now: `GET /api/samples?path=…`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CollectedSample {
    pub sample: Sample,
    /// The sample in words.
    pub description: String,
    /// The rows asked for, and the rows it holds.
    pub rows_asked: usize,
    pub rows: u64,
    /// Its size as an Arrow stream, and whether rows were left out to stay under the cap.
    pub bytes: u64,
    pub cut_to_bytes: bool,
    /// The row the column names were on.
    #[serde(default)]
    pub header_row: Option<u64>,
    /// When it was collected (RFC 3339).
    pub collected: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sample_reads_as_json_with_its_kind() {
        let random: Sample = serde_json::from_str(r#"{"kind":"random","seed":4}"#).unwrap();
        assert_eq!(random, Sample::Random { seed: 4 });
        let anomaly: Sample =
            serde_json::from_str(r#"{"kind":"anomaly","columns":["a"],"steps":"drop b"}"#).unwrap();
        assert_eq!(
            anomaly,
            Sample::Anomaly {
                columns: vec!["a".into()],
                steps: "drop b".into(),
                inputs: BTreeMap::new()
            }
        );
        let request: WorkingSetRequest = serde_json::from_str(r#"{"path":"f.csv"}"#).unwrap();
        assert_eq!(request.sample, Sample::First);
        assert!(serde_json::from_str::<Sample>(r#"{"kind":"every"}"#).is_err());
    }
}
