//! The working set of a dataset: a sample of its rows up to a cap (the first rows, random
//! rows, stratified by a column, or the rows matching a condition: `engine::sample`; the
//! whole dataset when it is smaller), read the way `wrangle run` reads it (dialect sniffed,
//! null markers, types) and sent to the browser as an Arrow IPC stream. A sample other than
//! the first rows is kept in the store (`.wrangle/samples/`) and reused until the dataset's
//! objects change.

use super::error::ApiError;
use super::row_counts::RowCounts;
use super::store::{Store, StoreKey};
use crate::engine::csv_types::Typing;
use crate::engine::input::{self, ReadOptions};
use crate::engine::sample::{self, Sample};
use datafusion::arrow::datatypes::Schema;
use datafusion::arrow::ipc::writer::StreamWriter;
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::dataframe::DataFrame;
use datafusion::error::DataFusionError;

/// At most this many rows are loaded into a browser at once.
pub const MAX_ROWS: usize = 1_000_000;

/// Counting every row of a dataset larger than this (as stored) is left out: the header
/// then says how many rows are loaded and how large the dataset is.
const COUNT_ROWS_UP_TO_BYTES: u64 = 512 * 1024 * 1024;

pub struct WorkingSet {
    pub batches: Vec<RecordBatch>,
    pub schema: std::sync::Arc<Schema>,
    pub rows: usize,
    /// Every row of the dataset, when counted.
    pub total_rows: Option<u64>,
    pub bytes: u64,
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

/// Reads a sample of at most `rows` rows of a dataset (its header on row `header_row` when
/// given). CSV column types come from the first rows; when a later value does not fit its
/// column, the types come from every row, as in a batch run.
pub async fn read(
    store: &Store,
    key: &StoreKey,
    rows: usize,
    header_row: Option<u64>,
    sample: &Sample,
) -> Result<WorkingSet, ApiError> {
    match read_typed(store, key, rows, header_row, sample, Typing::FirstRows).await {
        Err(Failed::Retype) => {
            match read_typed(store, key, rows, header_row, sample, Typing::EveryRow).await {
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
    rows: usize,
    header_row: Option<u64>,
    sample: &Sample,
    typing: Typing,
) -> Result<WorkingSet, Failed> {
    let opened = open_typed(store, key, header_row, typing).await?;
    let count_key = RowCounts::key(&opened.objects, header_row);
    let bytes = opened.bytes();
    let state = store.session().state();
    let schema = std::sync::Arc::new(opened.plan.schema().as_arrow().clone());
    let rows = rows.min(MAX_ROWS);
    let kept = match sample {
        Sample::First => None,
        _ => Some(kept_key(&count_key, sample, rows)?),
    };
    let batches = match &kept {
        Some(kept) => read_kept(store, kept).await,
        None => None,
    };
    let batches = match batches {
        Some(batches) => batches,
        None => {
            let plan = sample::plan(opened.plan.clone(), sample, rows).map_err(|e| match e {
                crate::Error::Usage(message) => {
                    ApiError::bad_request(format!("`{}`: {message}", key.as_str()))
                }
                other => ApiError::internal(other.to_string()),
            })?;
            let batches = match take(&state, plan, sample).await {
                Ok(batches) => batches,
                Err(e) => return Err(failure(&opened, key, e).await),
            };
            if let Some(kept) = &kept {
                keep(store, kept, &schema, &batches).await;
            }
            batches
        }
    };
    let loaded: usize = batches.iter().map(RecordBatch::num_rows).sum();
    // Fewer rows than asked for are the whole dataset, unless a condition chose them.
    let whole = !matches!(sample, Sample::Filter { .. });
    let total_rows = if whole && loaded < rows {
        Some(loaded as u64)
    } else if let Some(counted) = store.row_counts.get(&count_key) {
        Some(counted)
    } else if bytes <= COUNT_ROWS_UP_TO_BYTES {
        let all = DataFrame::new(state.clone(), opened.plan.clone());
        let counted = match all.count().await {
            Ok(counted) => counted as u64,
            Err(e) => return Err(failure(&opened, key, e).await),
        };
        store.row_counts.insert(count_key, counted);
        Some(counted)
    } else {
        None
    };
    Ok(WorkingSet {
        batches,
        schema,
        rows: loaded,
        total_rows,
        bytes,
    })
}

/// The sample's rows (`plan`), computed over the whole dataset. Samples that read the rows'
/// positions run in one partition, so the same seed takes the same rows.
async fn take(
    state: &datafusion::execution::SessionState,
    plan: datafusion::logical_expr::LogicalPlan,
    sample: &Sample,
) -> Result<Vec<RecordBatch>, DataFusionError> {
    let state = if sample.needs_positions() {
        let mut config = state.config().clone();
        config.options_mut().execution.target_partitions = 1;
        datafusion::execution::SessionStateBuilder::new_from_existing(state.clone())
            .with_config(config)
            .build()
    } else {
        state.clone()
    };
    DataFrame::new(state, plan).collect().await
}

/// Where a sample of a dataset is kept: named by the dataset's objects (each one's place,
/// size, time and e-tag), its header row, the sample and its size.
fn kept_key(count_key: &str, sample: &Sample, rows: usize) -> Result<StoreKey, ApiError> {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("{count_key} {sample:?} {rows}").as_bytes());
    let name: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    StoreKey::parse(&format!(".wrangle/samples/{name}.arrows"))
}

/// A sample kept before, when there is one that reads.
async fn read_kept(store: &Store, kept: &StoreKey) -> Option<Vec<RecordBatch>> {
    let bytes = store.get(kept).await.ok()?;
    let reader =
        datafusion::arrow::ipc::reader::StreamReader::try_new(std::io::Cursor::new(bytes), None)
            .ok()?;
    reader.collect::<Result<Vec<_>, _>>().ok()
}

/// Keeps a sample for next time; a store that refuses it only costs the next request time.
async fn keep(
    store: &Store,
    kept: &StoreKey,
    schema: &std::sync::Arc<Schema>,
    batches: &[RecordBatch],
) {
    let set = WorkingSet {
        batches: batches.to_vec(),
        schema: schema.clone(),
        rows: 0,
        total_rows: None,
        bytes: 0,
    };
    if let Ok(bytes) = to_ipc(&set) {
        if let Err(e) = store.put(kept, bytes.into()).await {
            tracing::warn!("a sample was not kept in the store: {}", e.message);
        }
    }
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

/// The working set as an Arrow IPC stream.
pub fn to_ipc(set: &WorkingSet) -> Result<Vec<u8>, ApiError> {
    let mut out = Vec::new();
    {
        let mut writer = StreamWriter::try_new(&mut out, &set.schema)
            .map_err(|e| ApiError::internal(e.to_string()))?;
        for batch in &set.batches {
            writer
                .write(batch)
                .map_err(|e| ApiError::internal(e.to_string()))?;
        }
        writer
            .finish()
            .map_err(|e| ApiError::internal(e.to_string()))?;
    }
    Ok(out)
}

fn engine(error: datafusion::error::DataFusionError) -> ApiError {
    ApiError::internal(error.strip_backtrace())
}
