//! The JSON API of `wrangle serve` (documented in `docs/api.md`): datasets (prefix
//! navigation, schema and size, working sets, uploads), recipes (list, read, save), jobs
//! and schedules.

use super::auth::{require_token, Access};
use super::error::{ApiError, ApiQuery};
use super::hosts::{require_allowed_host, AllowedHosts};
use super::jobs::{JobSettings, Jobs};
use super::samples::{self, collecting::Collections};
use super::schedules::Schedules;
use super::store::{Store, StoreKey};
use super::{download, recipes, static_files, working_set};
use crate::api_types::{
    DatasetEntry, DatasetListing, JobRecord, JobRequest, SaveRecipe, ScheduleRecord,
    ScheduleRequest,
};
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
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
    /// Bytes of a working set at most (as an Arrow stream), and when the request does not say.
    pub working_set_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            json_body: 1024 * 1024,
            upload: 256 * 1024 * 1024,
            working_set_rows: 20_000,
            working_set_bytes: 256 * 1024 * 1024,
        }
    }
}

pub struct AppState {
    pub store: Arc<Store>,
    pub access: Access,
    pub limits: Limits,
    pub jobs: Arc<Jobs>,
    pub schedules: Arc<Schedules>,
    /// The samples being collected.
    pub samples: Collections,
}

impl AppState {
    pub fn new(store: Store, access: Access, limits: Limits, jobs: JobSettings) -> AppState {
        let store = Arc::new(store);
        let jobs = Arc::new(Jobs::new(jobs));
        AppState {
            schedules: Arc::new(Schedules::new(Arc::clone(&store), Arc::clone(&jobs))),
            store,
            access,
            limits,
            jobs,
            samples: Collections::default(),
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
        .route(
            "/api/datasets/working-set",
            get(samples::working_set_by_query).post(samples::working_set_by_body),
        )
        .route("/api/samples", get(samples::collected))
        .route("/api/samples/progress/{name}", get(samples::progress))
        .route(
            "/api/samples/progress/{name}/cancel",
            axum::routing::post(samples::cancel),
        )
        .route("/api/datasets/download", get(download::download))
        .route("/api/jobs", get(list_jobs).post(submit_job))
        .route("/api/jobs/{id}", get(read_job))
        .route("/api/jobs/{id}/cancel", axum::routing::post(cancel_job))
        .route("/api/recipes", get(list_recipes))
        .route("/api/schedules", get(list_schedules).post(create_schedule))
        .route(
            "/api/schedules/{id}",
            get(read_schedule).delete(remove_schedule),
        )
        .route(
            "/api/schedules/{id}/pause",
            axum::routing::post(pause_schedule),
        )
        .route(
            "/api/schedules/{id}/resume",
            axum::routing::post(resume_schedule),
        )
        .route("/api/schedules/{id}/run", axum::routing::post(run_schedule))
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
pub(super) struct PathQuery {
    #[serde(default)]
    pub(super) path: String,
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
pub(super) fn dataset_key(path: &str) -> Result<StoreKey, ApiError> {
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
    let Json(mut request) = body.map_err(|e| ApiError::bad_request(e.body_text()))?;
    // Only a schedule marks its jobs.
    request.schedule = None;
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

#[derive(Deserialize)]
struct ScheduleQuery {
    /// Only the schedules of this recipe.
    recipe: Option<String>,
}

async fn list_schedules(
    State(state): State<Arc<AppState>>,
    ApiQuery(query): ApiQuery<ScheduleQuery>,
) -> Result<Json<Vec<ScheduleRecord>>, ApiError> {
    let mut schedules = state.schedules.list().await?;
    if let Some(recipe) = &query.recipe {
        schedules.retain(|s| &s.request.recipe == recipe);
    }
    Ok(Json(schedules))
}

async fn create_schedule(
    State(state): State<Arc<AppState>>,
    body: Result<Json<ScheduleRequest>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<ScheduleRecord>, ApiError> {
    let Json(request) = body.map_err(|e| ApiError::bad_request(e.body_text()))?;
    Ok(Json(
        state.schedules.create(request, chrono::Utc::now()).await?,
    ))
}

async fn read_schedule(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<ScheduleRecord>, ApiError> {
    Ok(Json(state.schedules.get(&id).await?))
}

async fn remove_schedule(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<ScheduleRecord>, ApiError> {
    Ok(Json(state.schedules.remove(&id).await?))
}

async fn pause_schedule(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<ScheduleRecord>, ApiError> {
    enable_schedule(&state, &id, false).await
}

async fn resume_schedule(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<ScheduleRecord>, ApiError> {
    enable_schedule(&state, &id, true).await
}

/// A schedule switched on (its next run from now) or off.
async fn enable_schedule(
    state: &AppState,
    id: &str,
    enabled: bool,
) -> Result<Json<ScheduleRecord>, ApiError> {
    let now = chrono::Utc::now();
    Ok(Json(state.schedules.set_enabled(id, enabled, now).await?))
}

async fn run_schedule(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<JobRecord>, ApiError> {
    Ok(Json(
        state.schedules.run_now(&id, chrono::Utc::now()).await?,
    ))
}
