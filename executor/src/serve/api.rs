//! The JSON API of `wrangle serve` (documented in `docs/api.md`): datasets (prefix
//! navigation, schema and size, working sets, uploads) and recipes (list, read, save).

use super::auth::{require_token, Access};
use super::error::{ApiError, ApiQuery};
use super::hosts::{require_allowed_host, AllowedHosts};
use super::jobs::{JobSettings, Jobs};
use super::store::{Store, StoreKey};
use super::{recipes, static_files, working_set};
use crate::api_types::{DatasetEntry, DatasetListing, JobRecord, JobRequest, SaveRecipe};
use crate::engine::sample::Sample;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// How large requests and working sets may be.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// A JSON body (a recipe), in bytes.
    pub json_body: usize,
    /// An uploaded dataset, in bytes.
    pub upload: usize,
    /// Rows of a working set when the request does not say.
    pub working_set_rows: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            json_body: 1024 * 1024,
            upload: 256 * 1024 * 1024,
            working_set_rows: 20_000,
        }
    }
}

pub struct AppState {
    pub store: Arc<Store>,
    pub access: Access,
    pub limits: Limits,
    pub jobs: Arc<Jobs>,
}

impl AppState {
    pub fn new(store: Store, access: Access, limits: Limits, jobs: JobSettings) -> AppState {
        AppState {
            store: Arc::new(store),
            access,
            limits,
            jobs: Arc::new(Jobs::new(jobs)),
        }
    }
}

/// The whole app answering only to loopback names: see [`router_with_hosts`].
pub fn router(state: Arc<AppState>, ui: &std::path::Path) -> Router {
    router_with_hosts(state, AllowedHosts::loopback(), ui)
}

/// The whole app: `/api/…` behind the access check, the browser app's files elsewhere, and
/// all of it only for requests that name the server as `hosts` allows (and, when they
/// change the store, come from its own page).
pub fn router_with_hosts(
    state: Arc<AppState>,
    hosts: AllowedHosts,
    ui: &std::path::Path,
) -> Router {
    let limits = state.limits;
    let access = Arc::new(state.access.clone());
    let api = Router::new()
        .route("/api/health", get(health))
        .route(
            "/api/datasets",
            get(list_datasets)
                .put(upload)
                .layer(DefaultBodyLimit::max(limits.upload)),
        )
        .route("/api/datasets/schema", get(schema))
        .route("/api/datasets/working-set", get(working_set_rows))
        .route("/api/datasets/download", get(download))
        .route("/api/jobs", get(list_jobs).post(submit_job))
        .route("/api/jobs/{id}", get(read_job))
        .route("/api/jobs/{id}/cancel", axum::routing::post(cancel_job))
        .route("/api/recipes", get(list_recipes))
        .route("/api/recipes/{name}", get(read_recipe).post(save_recipe))
        .route("/api", axum::routing::any(no_such_call))
        .route("/api/{*rest}", axum::routing::any(no_such_call))
        .layer(DefaultBodyLimit::max(limits.json_body))
        .route_layer(axum::middleware::from_fn_with_state(access, require_token))
        .with_state(state);
    Router::new()
        .merge(api)
        .merge(static_files::routes(ui))
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(hosts),
            require_allowed_host,
        ))
        .layer(tower_http::trace::TraceLayer::new_for_http())
}

async fn no_such_call() -> ApiError {
    ApiError::not_found("no such API call: see docs/api.md")
}

async fn health(State(state): State<Arc<AppState>>) -> Json<serde_json::Value> {
    Json(serde_json::json!({ "store": state.store.uri(), "version": env!("CARGO_PKG_VERSION") }))
}

#[derive(Deserialize)]
struct PathQuery {
    #[serde(default)]
    path: String,
}

fn format_of(name: &str) -> Option<&'static str> {
    use crate::engine::format::Format;
    Format::from_name(name).map(|f| match f {
        Format::Csv(_) => "csv",
        Format::Parquet => "parquet",
        Format::JsonLines(_) => "json",
    })
}

async fn list_datasets(
    State(state): State<Arc<AppState>>,
    ApiQuery(query): ApiQuery<PathQuery>,
) -> Result<Json<DatasetListing>, ApiError> {
    let folder = StoreKey::parse(&query.path)?;
    let listing = state.store.list(&folder).await?;
    let mut datasets = Vec::new();
    let mut others = Vec::new();
    for (key, meta) in listing.objects {
        match format_of(key.name()).filter(|_| !is_beside_an_output(key.name())) {
            Some(format) => datasets.push(DatasetEntry {
                path: key.as_str().to_string(),
                name: key.name().to_string(),
                size: meta.size,
                modified: meta.last_modified.to_rfc3339(),
                format: format.to_string(),
            }),
            None => others.push(key.as_str().to_string()),
        }
    }
    let folders = listing
        .folders
        .into_iter()
        // Saved recipes are listed by /api/recipes.
        .filter(|k| !(folder.is_root() && k.as_str() == recipes::FOLDER))
        .map(|k| k.as_str().to_string())
        .collect();
    Ok(Json(DatasetListing {
        prefix: folder.as_str().to_string(),
        folders,
        datasets,
        others,
    }))
}

/// What a run writes beside its output (the manifest, the malformed rows set aside) is
/// about the data, not data to open.
fn is_beside_an_output(name: &str) -> bool {
    name.ends_with(".manifest.json") || name.ends_with(".rejects.csv")
}

#[derive(Serialize)]
struct Column {
    name: String,
    #[serde(rename = "type")]
    data_type: String,
    nullable: bool,
}

#[derive(Serialize)]
struct SchemaAnswer {
    path: String,
    size: u64,
    objects: usize,
    columns: Vec<Column>,
}

async fn schema(
    State(state): State<Arc<AppState>>,
    ApiQuery(query): ApiQuery<PathQuery>,
) -> Result<Json<SchemaAnswer>, ApiError> {
    let key = dataset_key(&query.path)?;
    let opened = working_set::open(&state.store, &key).await?;
    let columns = opened
        .plan
        .schema()
        .fields()
        .iter()
        .map(|f| Column {
            name: f.name().clone(),
            data_type: f.data_type().to_string(),
            nullable: f.is_nullable(),
        })
        .collect();
    Ok(Json(SchemaAnswer {
        path: key.as_str().to_string(),
        size: opened.bytes(),
        objects: opened.objects.len(),
        columns,
    }))
}

#[derive(Deserialize)]
struct WorkingSetQuery {
    path: String,
    rows: Option<usize>,
    /// The row the column names are on (a recipe's leading `header row N`).
    header_row: Option<u64>,
    /// Which rows: `first` (the default), `random`, `stratified` or `filter`.
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
}

impl WorkingSetQuery {
    /// The sample the query asks for.
    fn sample(&self) -> Result<Sample, ApiError> {
        let seed = self.seed.unwrap_or(1);
        Ok(match self.sample.as_deref().unwrap_or("first") {
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
            other => {
                return Err(ApiError::bad_request(format!(
                    "sample: `{other}` is none of first, random, stratified, filter"
                )))
            }
        })
    }
}

async fn working_set_rows(
    State(state): State<Arc<AppState>>,
    ApiQuery(query): ApiQuery<WorkingSetQuery>,
) -> Result<Response, ApiError> {
    let key = dataset_key(&query.path)?;
    let rows = query.rows.unwrap_or(state.limits.working_set_rows);
    if rows == 0 || rows > working_set::MAX_ROWS {
        return Err(ApiError::bad_request(format!(
            "rows: a working set has 1 to {} rows",
            working_set::MAX_ROWS
        )));
    }
    if query.header_row == Some(0) {
        return Err(ApiError::bad_request(
            "header_row: rows are counted from 1".to_string(),
        ));
    }
    let sample = query.sample()?;
    let set = working_set::read(&state.store, &key, rows, query.header_row, &sample).await?;
    let body = working_set::to_ipc(&set)?;
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/vnd.apache.arrow.stream"),
    );
    let number = |n: u64| HeaderValue::from_str(&n.to_string()).expect("digits");
    headers.insert("x-wrangle-rows", number(set.rows as u64));
    headers.insert("x-wrangle-bytes", number(set.bytes));
    if let Some(total) = set.total_rows {
        headers.insert("x-wrangle-total-rows", number(total));
    }
    if let Ok(described) = HeaderValue::from_str(&sample.describe()) {
        headers.insert("x-wrangle-sample", described);
    }
    Ok(response)
}

#[derive(Serialize)]
struct Uploaded {
    path: String,
    size: usize,
}

async fn upload(
    State(state): State<Arc<AppState>>,
    ApiQuery(query): ApiQuery<PathQuery>,
    body: Bytes,
) -> Result<Json<Uploaded>, ApiError> {
    let key = dataset_key(&query.path)?;
    if key.as_str().starts_with(&format!("{}/", recipes::FOLDER)) {
        return Err(ApiError::bad_request(
            "the recipes/ folder holds saved recipes, not datasets",
        ));
    }
    let size = body.len();
    state.store.put(&key, body).await?;
    Ok(Json(Uploaded {
        path: key.as_str().to_string(),
        size,
    }))
}

/// A dataset's key: a data file (`.csv`, `.parquet`, `.jsonl`, optionally `.gz`/`.zst`) or
/// a folder of them.
fn dataset_key(path: &str) -> Result<StoreKey, ApiError> {
    let key = StoreKey::parse(path)?;
    if key.is_root() {
        return Err(ApiError::bad_request("path: name a dataset of the store"));
    }
    Ok(key)
}

async fn list_recipes(
    State(state): State<Arc<AppState>>,
) -> Result<Json<Vec<recipes::RecipeSummary>>, ApiError> {
    Ok(Json(recipes::list(&state.store).await?))
}

#[derive(Deserialize)]
struct VersionQuery {
    version: Option<u32>,
}

async fn read_recipe(
    State(state): State<Arc<AppState>>,
    Path(name): Path<String>,
    ApiQuery(query): ApiQuery<VersionQuery>,
) -> Result<Json<recipes::RecipeVersion>, ApiError> {
    Ok(Json(
        recipes::read(&state.store, &name, query.version).await?,
    ))
}

async fn save_recipe(
    State(state): State<Arc<AppState>>,
    Path(name): Path<String>,
    body: Result<Json<SaveRecipe>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<recipes::RecipeVersion>, ApiError> {
    let Json(body) = body.map_err(|e| ApiError::bad_request(e.body_text()))?;
    Ok(Json(
        recipes::save(&state.store, &name, &body.text, body.data).await?,
    ))
}

async fn list_jobs(State(state): State<Arc<AppState>>) -> Result<Json<Vec<JobRecord>>, ApiError> {
    Ok(Json(state.jobs.list(&state.store).await?))
}

async fn submit_job(
    State(state): State<Arc<AppState>>,
    body: Result<Json<JobRequest>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<JobRecord>, ApiError> {
    let Json(request) = body.map_err(|e| ApiError::bad_request(e.body_text()))?;
    Ok(Json(
        state.jobs.submit(Arc::clone(&state.store), request).await?,
    ))
}

async fn read_job(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<JobRecord>, ApiError> {
    Ok(Json(state.jobs.get(&state.store, &id).await?))
}

async fn cancel_job(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<JobRecord>, ApiError> {
    Ok(Json(state.jobs.cancel(&state.store, &id).await?))
}

/// An object of the store as a file to save (a job's output, a dataset).
async fn download(
    State(state): State<Arc<AppState>>,
    ApiQuery(query): ApiQuery<PathQuery>,
) -> Result<Response, ApiError> {
    let key = dataset_key(&query.path)?;
    let bytes = state.store.get(&key).await?;
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    let name: String = key
        .name()
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}
