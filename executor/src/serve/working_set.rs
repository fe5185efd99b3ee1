//! The working set of a dataset: its first rows up to a cap (the whole dataset when it is
//! smaller), read the way `wrangle run` reads it (dialect sniffed, null markers, types) and
//! sent to the browser as an Arrow IPC stream.

use super::error::ApiError;
use super::row_counts::RowCounts;
use super::store::{Store, StoreKey};
use crate::engine::input::{self, ReadOptions};
use datafusion::arrow::datatypes::Schema;
use datafusion::arrow::ipc::writer::StreamWriter;
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::dataframe::DataFrame;

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
    store.refuse_links(key)?;
    let uri = store.uri_of(key);
    let options = ReadOptions {
        header_row,
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

/// Reads the first `rows` rows of a dataset (its header on row `header_row` when given).
pub async fn read(
    store: &Store,
    key: &StoreKey,
    rows: usize,
    header_row: Option<u64>,
) -> Result<WorkingSet, ApiError> {
    let opened = open_with_header(store, key, header_row).await?;
    let count_key = RowCounts::key(&opened.objects, header_row);
    let bytes = opened.bytes();
    let state = store.session().state();
    let frame = DataFrame::new(state.clone(), opened.plan.clone());
    let schema = std::sync::Arc::new(frame.schema().as_arrow().clone());
    let batches = frame
        .limit(0, Some(rows.min(MAX_ROWS)))
        .map_err(engine)?
        .collect()
        .await
        .map_err(engine)?;
    let loaded: usize = batches.iter().map(RecordBatch::num_rows).sum();
    let total_rows = if loaded < rows {
        Some(loaded as u64)
    } else if let Some(counted) = store.row_counts.get(&count_key) {
        Some(counted)
    } else if bytes <= COUNT_ROWS_UP_TO_BYTES {
        let all = DataFrame::new(state, opened.plan);
        let counted = all.count().await.map_err(engine)? as u64;
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
