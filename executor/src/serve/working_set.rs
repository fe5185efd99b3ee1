//! The working set of a dataset: a sample of its rows up to a cap in rows and in bytes (the
//! first rows, random rows, stratified by a column, the rows matching a condition:
//! `engine::sample`; the rows with anomalies after the recipe's steps:
//! `engine::sample_anomaly`; the whole dataset when it is smaller), read the way `wrangle
//! run` reads it (dialect sniffed, null markers, types) and sent to the browser as an Arrow
//! IPC stream. Its progress is counted while it is collected, and it can be cancelled. A
//! sample other than the first rows is kept in the store (`samples::kept`) and reused until
//! what it depends on changes.

use super::error::ApiError;
use super::row_counts::RowCounts;
use super::samples::collecting::Collecting;
use super::samples::kept::{About, Kept};
use super::store::{Store, StoreKey};
use crate::accounting::CountRows;
use crate::engine::csv_types::Typing;
use crate::engine::input::{self, ReadOptions};
use crate::engine::sample::{self, Sample};
use crate::engine::{sample_anomaly, sample_cap, sample_random};
use crate::sample_api::CollectedSample;
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::dataframe::DataFrame;
use datafusion::error::DataFusionError;
use std::sync::Arc;

/// At most this many rows are loaded into a browser at once.
pub const MAX_ROWS: usize = 1_000_000;

/// Counting every row of a dataset larger than this (as stored) is left out: the header
/// then says how many rows are loaded and how large the dataset is.
const COUNT_ROWS_UP_TO_BYTES: u64 = 512 * 1024 * 1024;

pub struct WorkingSet {
    /// The rows as an Arrow IPC stream.
    pub stream: bytes::Bytes,
    pub rows: u64,
    /// Every row of the dataset, when counted.
    pub total_rows: Option<u64>,
    /// The dataset's size as stored.
    pub bytes: u64,
    /// Whether rows were left out to stay under the byte cap.
    pub cut_to_bytes: bool,
}

/// What is asked of a working set.
pub struct Asked<'a> {
    pub rows: usize,
    /// Bytes at most, as an Arrow stream.
    pub bytes: u64,
    /// The row the column names are on (a recipe's leading `header row N`).
    pub header_row: Option<u64>,
    pub sample: &'a Sample,
    /// The collection's progress and cancellation, when its client follows it.
    pub collecting: Option<Arc<Collecting>>,
}

/// Opens a dataset of the store as a plan over all its rows.
pub async fn open(store: &Store, key: &StoreKey) -> Result<input::Opened, ApiError> {
    open_with_header(store, key, None).await
}

/// Opens a dataset with its column names on row `header_row` (a recipe's leading
/// `header row N`), or as sniffed.
pub async fn open_with_header(
    store: &Store,
    key: &StoreKey,
    header_row: Option<u64>,
) -> Result<input::Opened, ApiError> {
    open_typed(store, key, header_row, Typing::FirstRows).await
}

async fn open_typed(
    store: &Store,
    key: &StoreKey,
    header_row: Option<u64>,
    typing: Typing,
) -> Result<input::Opened, ApiError> {
    store.refuse_links(key)?;
    let uri = store.uri_of(key);
    let options = ReadOptions {
        header_row,
        typing,
        ..ReadOptions::default()
    };
    input::open(store.session(), &uri, &options)
        .await
        .map_err(|e| match e {
            crate::Error::Input { message, .. } if message.contains("no such file or folder") => {
                ApiError::not_found(format!("`{}` is not in the store", key.as_str()))
            }
            crate::Error::Input { message, .. } | crate::Error::Usage(message) => {
                ApiError::bad_request(format!("`{}`: {message}", key.as_str()))
            }
            other => ApiError::internal(other.to_string()),
        })
}

/// Reads a sample of a dataset as `asked`. CSV column types come from the first rows;
/// when a later value does not fit its column, the types come from every row, as in a
/// batch run.
pub async fn read(
    store: &Store,
    key: &StoreKey,
    asked: &Asked<'_>,
) -> Result<WorkingSet, ApiError> {
    match read_typed(store, key, asked, Typing::FirstRows).await {
        Err(Failed::Retype) => {
            if let Some(collecting) = &asked.collecting {
                collecting.restart();
            }
            match read_typed(store, key, asked, Typing::EveryRow).await {
                Err(Failed::Retype) => Err(ApiError::internal(
                    "the column types from every row did not fit the rows",
                )),
                Err(Failed::Api(error)) => Err(error),
                Ok(set) => Ok(set),
            }
        }
        Err(Failed::Api(error)) => Err(error),
        Ok(set) => Ok(set),
    }
}

/// Why a working set was not read.
enum Failed {
    Api(ApiError),
    /// A value did not fit its column's type from the first rows.
    Retype,
}

impl From<ApiError> for Failed {
    fn from(error: ApiError) -> Self {
        Failed::Api(error)
    }
}

async fn read_typed(
    store: &Store,
    key: &StoreKey,
    asked: &Asked<'_>,
    typing: Typing,
) -> Result<WorkingSet, Failed> {
    let opened = open_typed(store, key, asked.header_row, typing).await?;
    let count_key = RowCounts::key(&opened.objects, asked.header_row);
    let bytes = opened.bytes();
    let sample = asked.sample;
    let rows = asked.rows.min(MAX_ROWS);
    let tables = tables_of(store, sample).await?;
    let kept = match sample {
        Sample::First => None,
        _ => {
            let described = serde_json::to_string(sample).unwrap_or_default();
            let mut parts = vec![
                key.as_str().to_string(),
                count_key.clone(),
                described,
                rows.to_string(),
                asked.bytes.to_string(),
            ];
            parts.extend(tables.iter().map(|(_, _, objects)| objects.clone()));
            let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
            Some(Kept::of(&parts)?)
        }
    };
    if let Some(kept) = &kept {
        if let Some((stream, about)) = kept.read(store).await {
            return Ok(WorkingSet {
                stream,
                rows: about.sample.rows,
                total_rows: about
                    .total_rows
                    .or_else(|| store.row_counts.get(&count_key)),
                bytes,
                cut_to_bytes: about.sample.cut_to_bytes,
            });
        }
    }
    let state = store.session().state();
    let schema = std::sync::Arc::new(opened.plan.schema().as_arrow().clone());
    let source = match &asked.collecting {
        Some(collecting) => CountRows::new(opened.plan.clone(), 0, collecting.counts.clone())
            .map_err(|e| ApiError::internal(e.to_string()))?
            .into_plan(),
        None => opened.plan.clone(),
    };
    let usage = |e: crate::Error| match e {
        crate::Error::Usage(message) => {
            ApiError::bad_request(format!("`{}`: {message}", key.as_str()))
        }
        other => ApiError::internal(other.to_string()),
    };
    let plan = match sample {
        Sample::Anomaly { columns, steps, .. } => {
            let plans = tables
                .iter()
                .map(|(name, plan, _)| (name.clone(), plan.clone()))
                .collect();
            sample_anomaly::plan(store.session(), source, plans, columns, steps, rows)
                .await
                .map_err(usage)?
        }
        // Read in parallel parts, not through a plan (see `sample_random`).
        Sample::Random { .. } => source,
        _ => sample::plan(source, sample, rows).map_err(usage)?,
    };
    if let Some(collecting) = &asked.collecting {
        let passes = crate::accounting::copies(&plan, 1).map_or(1, |c| c[0]);
        let total = store.row_counts.get(&count_key).or(opened.estimated_rows);
        collecting.reads(passes, total);
    }
    let cancel = asked.collecting.as_ref().map(|c| c.cancel.clone());
    let (batches, counted) = tokio::select! {
        biased;
        _ = async { match &cancel { Some(c) => c.cancelled().await, None => std::future::pending().await } } => {
            return Err(Failed::Api(ApiError::cancelled(format!(
                "collecting {} of `{}` was cancelled",
                sample.describe(),
                key.as_str()
            ))));
        }
        taken = take(&state, plan, sample, rows) => match taken {
            Ok(taken) => taken,
            Err(e) => return Err(failure(&opened, key, e).await),
        },
    };
    // A sample that read every row counted them on the way.
    if let Some(counted) = counted {
        store.row_counts.insert(count_key.clone(), counted);
    }
    let capped = sample_cap::cap(&schema, batches, asked.bytes, sample)
        .map_err(|e| ApiError::internal(e.to_string()))?;
    let loaded: u64 = capped.batches.iter().map(|b| b.num_rows() as u64).sum();
    // Fewer rows than asked for are the whole dataset, unless a condition chose them.
    let total_rows = if sample.short_means_whole() && !capped.cut && loaded < rows as u64 {
        Some(loaded)
    } else if let Some(counted) = store.row_counts.get(&count_key) {
        Some(counted)
    } else if bytes <= COUNT_ROWS_UP_TO_BYTES {
        let all = DataFrame::new(state.clone(), opened.plan.clone());
        let counted = match all.count().await {
            Ok(counted) => counted as u64,
            Err(e) => return Err(failure(&opened, key, e).await),
        };
        store.row_counts.insert(count_key.clone(), counted);
        Some(counted)
    } else {
        None
    };
    let stream = bytes::Bytes::from(capped.stream);
    if let Some(kept) = &kept {
        let about = About {
            dataset: key.as_str().to_string(),
            objects: count_key,
            total_rows,
            sample: CollectedSample {
                sample: sample.clone(),
                description: sample.describe(),
                rows_asked: rows,
                rows: loaded,
                bytes: stream.len() as u64,
                cut_to_bytes: capped.cut,
                header_row: asked.header_row,
                collected: chrono::Utc::now().to_rfc3339(),
            },
        };
        kept.keep(store, stream.clone(), &about).await;
    }
    Ok(WorkingSet {
        stream,
        rows: loaded,
        total_rows,
        bytes,
        cut_to_bytes: capped.cut,
    })
}

/// The other datasets an anomaly sample's steps read: each one's name, plan, and the
/// versions of its objects.
async fn tables_of(
    store: &Store,
    sample: &Sample,
) -> Result<Vec<(String, datafusion::logical_expr::LogicalPlan, String)>, ApiError> {
    let Sample::Anomaly { inputs, .. } = sample else {
        return Ok(Vec::new());
    };
    let mut tables = Vec::new();
    for (name, path) in inputs {
        let key = StoreKey::parse(path)?;
        let opened = open(store, &key).await?;
        let objects = RowCounts::key(&opened.objects, None);
        tables.push((name.clone(), opened.plan, objects));
    }
    Ok(tables)
}

/// The sample's rows (`plan`), computed over the whole dataset. Samples that read the rows'
/// positions run in one partition, so the same seed takes the same rows.
/// The sample's rows, and every row of the dataset when the sample counted them.
async fn take(
    state: &datafusion::execution::SessionState,
    plan: datafusion::logical_expr::LogicalPlan,
    sample: &Sample,
    rows: usize,
) -> Result<(Vec<RecordBatch>, Option<u64>), DataFusionError> {
    if let Sample::Random { seed } = sample {
        let (batches, total) = sample_random::random(state, plan, *seed, rows).await?;
        return Ok((batches, Some(total)));
    }
    let state = if sample.needs_positions() {
        let mut config = state.config().clone();
        config.options_mut().execution.target_partitions = 1;
        datafusion::execution::SessionStateBuilder::new_from_existing(state.clone())
            .with_config(config)
            .build()
    } else {
        state.clone()
    };
    Ok((DataFrame::new(state, plan).collect().await?, None))
}

/// Why reading a working set failed: a value that did not fit its column's type from the
/// first rows asks for the types from every row; a malformed row, or a value that did not
/// fit its type from every row, is refused with its line; anything else is the engine's.
async fn failure(opened: &input::Opened, key: &StoreKey, error: DataFusionError) -> Failed {
    let bad = match crate::error::csv_value(&error) {
        Some(value) => match opened.locate(value.clone()).await {
            Ok(value) if value.from_rows.is_some() => return Failed::Retype,
            Ok(value) => {
                return Failed::Api(ApiError::bad_request(format!(
                    "`{}`: {}{}",
                    key.as_str(),
                    within(opened, value.at.as_ref().map(|(object, _)| object.as_str())),
                    value.describe()
                )))
            }
            Err(bad) => Some(bad),
        },
        None => opened.first_bad_row().await.ok().flatten(),
    };
    match bad.map(|bad| {
        (
            within(opened, Some(&bad.object)),
            input::bad_row_error(&bad),
        )
    }) {
        Some((object, crate::Error::Input { message, .. })) => Failed::Api(ApiError::bad_request(
            format!("`{}`: {object}{message}", key.as_str()),
        )),
        _ => Failed::Api(engine(error)),
    }
}

/// The object a line is in, for a message about a dataset of several (nothing for a file).
fn within(opened: &input::Opened, object: Option<&str>) -> String {
    match object {
        Some(object) if opened.objects.len() > 1 => {
            let name = object
                .strip_prefix(opened.uri.as_str())
                .unwrap_or(object)
                .trim_start_matches('/');
            format!("{name}: ")
        }
        _ => String::new(),
    }
}

fn engine(error: datafusion::error::DataFusionError) -> ApiError {
    ApiError::internal(error.strip_backtrace())
}

#[cfg(test)]
mod tests {
    use super::super::samples::collecting::Collections;
    use super::*;

    async fn demo() -> (tempfile::TempDir, Store, StoreKey) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().to_str().unwrap()).unwrap();
        super::super::seed_demo(&store).await.unwrap();
        let key = StoreKey::parse("demo/flights.csv.gz").unwrap();
        (dir, store, key)
    }

    #[tokio::test]
    async fn a_sample_counts_every_row_it_reads_on_each_pass() {
        let (_dir, store, key) = demo().await;
        let collections = Collections::default();
        let random = Sample::Random { seed: 1 };
        let registered = collections.start("r").unwrap();
        let asked = Asked {
            rows: 10,
            bytes: u64::MAX,
            header_row: None,
            sample: &random,
            collecting: Some(registered.collecting.clone()),
        };
        read(&store, &key, &asked).await.unwrap();
        let progress = registered.collecting.progress();
        assert_eq!((progress.scanned_rows, progress.passes), (336_776, 1));
        // An anomaly sample reads the dataset twice: once through the steps, once for its rows.
        let anomaly = Sample::Anomaly {
            columns: vec!["dep_time".into()],
            steps: "drop year".into(),
            inputs: Default::default(),
        };
        let registered = collections.start("a").unwrap();
        let asked = Asked {
            sample: &anomaly,
            collecting: Some(registered.collecting.clone()),
            ..asked
        };
        read(&store, &key, &asked).await.unwrap();
        let progress = registered.collecting.progress();
        // (The second pass may stop once every row with an anomaly is found.)
        assert_eq!(progress.passes, 2);
        assert!(
            (336_776..=2 * 336_776).contains(&progress.scanned_rows),
            "{progress:?}"
        );
        // The whole dataset was counted on the way: the total is known.
        assert_eq!(progress.total_rows, Some(336_776));
    }

    #[tokio::test]
    async fn a_cancelled_sample_answers_that_it_was_cancelled_and_is_not_kept() {
        let (dir, store, key) = demo().await;
        let collections = Collections::default();
        let registered = collections.start("c").unwrap();
        registered.collecting.cancel.cancel();
        let random = Sample::Random { seed: 1 };
        let asked = Asked {
            rows: 10,
            bytes: u64::MAX,
            header_row: None,
            sample: &random,
            collecting: Some(registered.collecting.clone()),
        };
        let error = read(&store, &key, &asked).await.err().unwrap();
        assert_eq!(error.status, axum::http::StatusCode::CONFLICT);
        assert!(error.message.contains("was cancelled"), "{}", error.message);
        assert!(!dir.path().join(".wrangle/samples").exists());
    }
}
