//! The sample calls of the API: a working set (`GET` with a query, `POST` with a
//! [`WorkingSetRequest`], for every kind of sample), the progress of one being collected
//! and its cancellation, and the samples kept for a dataset (docs/api.md).

pub mod collecting;
pub mod kept;

use super::api::{dataset_key, AppState};
use super::error::{ApiError, ApiQuery};
use super::working_set::{self, Asked};
use crate::sample_api::{CollectedSample, Sample, SampleProgress, WorkingSetRequest};
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use std::sync::Arc;

/// The query of `GET /api/datasets/working-set`.
#[derive(Deserialize)]
pub(super) struct WorkingSetQuery {
    path: String,
    rows: Option<usize>,
    bytes: Option<u64>,
    /// The row the column names are on (a recipe's leading `header row N`).
    header_row: Option<u64>,
    /// Which rows: `first` (the default), `random`, `stratified` or `filter` (an anomaly
    /// sample, with its steps, is asked for with `POST`).
    sample: Option<String>,
    /// The seed of a random or stratified sample (1 when not given).
    seed: Option<u64>,
    /// The column a stratified sample is stratified by.
    by: Option<String>,
    /// The rows of each value a stratified sample has at least (10 when not given).
    min: Option<usize>,
    /// The condition of a filter sample, in the language (`carrier = "UA"`).
    #[serde(rename = "where")]
    condition: Option<String>,
    collect: Option<String>,
}

impl WorkingSetQuery {
    /// The request the query asks for.
    fn request(self) -> Result<WorkingSetRequest, ApiError> {
        let seed = self.seed.unwrap_or(1);
        let sample = match self.sample.as_deref().unwrap_or("first") {
            "first" => Sample::First,
            "random" => Sample::Random { seed },
            "stratified" => Sample::Stratified {
                column: self.by.clone().ok_or_else(|| {
                    ApiError::bad_request("by: a stratified sample names its column")
                })?,
                min: self.min.unwrap_or(10),
                seed,
            },
            "filter" => Sample::Filter {
                condition: self.condition.clone().ok_or_else(|| {
                    ApiError::bad_request("where: a filter sample has a condition")
                })?,
            },
            "anomaly" => {
                return Err(ApiError::bad_request(
                    "sample: an anomaly sample carries the recipe's steps: ask for it with POST (docs/api.md)",
                ))
            }
            other => {
                return Err(ApiError::bad_request(format!(
                    "sample: `{other}` is none of first, random, stratified, filter, anomaly"
                )))
            }
        };
        Ok(WorkingSetRequest {
            path: self.path,
            rows: self.rows,
            bytes: self.bytes,
            header_row: self.header_row,
            sample,
            collect: self.collect,
        })
    }
}

pub(super) async fn working_set_by_query(
    State(state): State<Arc<AppState>>,
    ApiQuery(query): ApiQuery<WorkingSetQuery>,
) -> Result<Response, ApiError> {
    working_set(&state, query.request()?).await
}

pub(super) async fn working_set_by_body(
    State(state): State<Arc<AppState>>,
    Json(request): Json<WorkingSetRequest>,
) -> Result<Response, ApiError> {
    working_set(&state, request).await
}

async fn working_set(state: &AppState, request: WorkingSetRequest) -> Result<Response, ApiError> {
    let key = dataset_key(&request.path)?;
    let rows = request.rows.unwrap_or(state.limits.working_set_rows);
    if rows == 0 || rows > working_set::MAX_ROWS {
        return Err(ApiError::bad_request(format!(
            "rows: a working set has 1 to {} rows",
            working_set::MAX_ROWS
        )));
    }
    let limit = state.limits.working_set_bytes;
    let bytes = request.bytes.unwrap_or(limit);
    if bytes == 0 || bytes > limit {
        return Err(ApiError::bad_request(format!(
            "bytes: a working set has at most {limit} bytes on this server"
        )));
    }
    if request.header_row == Some(0) {
        return Err(ApiError::bad_request(
            "header_row: rows are counted from 1".to_string(),
        ));
    }
    let registered = match &request.collect {
        Some(name) => Some(state.samples.start(name).ok_or_else(|| {
            ApiError::bad_request(format!("collect: `{name}` is being collected already"))
        })?),
        None => None,
    };
    let asked = Asked {
        rows,
        bytes,
        header_row: request.header_row,
        sample: &request.sample,
        collecting: registered.as_ref().map(|r| r.collecting.clone()),
    };
    let set = working_set::read(&state.store, &key, &asked).await?;
    drop(registered);
    let mut response = set.stream.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/vnd.apache.arrow.stream"),
    );
    let number = |n: u64| HeaderValue::from_str(&n.to_string()).expect("digits");
    headers.insert("x-wrangle-rows", number(set.rows));
    headers.insert("x-wrangle-bytes", number(set.bytes));
    if let Some(total) = set.total_rows {
        headers.insert("x-wrangle-total-rows", number(total));
    }
    if set.cut_to_bytes {
        headers.insert("x-wrangle-cut-to-bytes", number(bytes));
    }
    if let Ok(described) = HeaderValue::from_str(&request.sample.describe()) {
        headers.insert("x-wrangle-sample", described);
    }
    Ok(response)
}

pub(super) async fn progress(
    State(state): State<Arc<AppState>>,
    Path(name): Path<String>,
) -> Result<Json<SampleProgress>, ApiError> {
    state
        .samples
        .progress(&name)
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("no sample `{name}` is being collected")))
}

pub(super) async fn cancel(
    State(state): State<Arc<AppState>>,
    Path(name): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    if state.samples.cancel(&name) {
        Ok(Json(serde_json::json!({ "cancelled": name })))
    } else {
        Err(ApiError::not_found(format!(
            "no sample `{name}` is being collected"
        )))
    }
}

#[derive(Deserialize)]
pub(super) struct CollectedQuery {
    path: String,
    header_row: Option<u64>,
}

/// The samples kept for a dataset as its objects are now (with the header row asked for).
pub(super) async fn collected(
    State(state): State<Arc<AppState>>,
    ApiQuery(query): ApiQuery<CollectedQuery>,
) -> Result<Json<Vec<CollectedSample>>, ApiError> {
    let key = dataset_key(&query.path)?;
    let opened = working_set::open_with_header(&state.store, &key, query.header_row).await?;
    let objects = super::row_counts::RowCounts::key(&opened.objects, query.header_row);
    let kept = kept::list(&state.store, key.as_str(), &objects).await?;
    Ok(Json(kept.into_iter().map(|about| about.sample).collect()))
}
