//! The API calls, with `fetch`. The access token, when the page was opened with one
//! (`?token=…`, as `wrangle serve` prints it), goes with every call.

use super::types::*;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestInit, Response};

/// A parameter of the page's address (`?dataset=…&rows=…&token=…`).
pub fn query_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
        .filter(|v| !v.is_empty())
}

fn token() -> Option<String> {
    query_param("token")
}

fn encode(text: &str) -> String {
    String::from(js_sys::encode_uri_component(text))
}

fn js_error(e: JsValue) -> String {
    e.as_string()
        .or_else(|| {
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| "the server could not be reached".into())
}

async fn send(method: &str, url: &str, body: Option<(JsValue, &str)>) -> Result<Response, String> {
    let init = RequestInit::new();
    init.set_method(method);
    let headers = web_sys::Headers::new().map_err(js_error)?;
    if let Some(t) = token() {
        headers
            .set("Authorization", &format!("Bearer {t}"))
            .map_err(js_error)?;
    }
    if let Some((body, content_type)) = body {
        headers
            .set("Content-Type", content_type)
            .map_err(js_error)?;
        init.set_body(&body);
    }
    init.set_headers(&headers);
    let request = Request::new_with_str_and_init(url, &init).map_err(js_error)?;
    let window = web_sys::window().ok_or("no window")?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(js_error)?
        .dyn_into()
        .map_err(js_error)?;
    if response.ok() {
        Ok(response)
    } else {
        let status = response.status();
        let text = text(&response).await.unwrap_or_default();
        let message = serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(str::to_string))
            .unwrap_or(text);
        Err(format!("{message} ({status})"))
    }
}

async fn text(response: &Response) -> Result<String, String> {
    let promise = response.text().map_err(js_error)?;
    let value = JsFuture::from(promise).await.map_err(js_error)?;
    Ok(value.as_string().unwrap_or_default())
}

async fn json<T: DeserializeOwned>(response: Response) -> Result<T, String> {
    let text = text(&response).await?;
    serde_json::from_str(&text).map_err(|e| format!("the server's answer was not understood: {e}"))
}

pub async fn list_datasets(prefix: &str) -> Result<DatasetListing, String> {
    json(
        send(
            "GET",
            &format!("/api/datasets?path={}", encode(prefix)),
            None,
        )
        .await?,
    )
    .await
}

/// A sample of at most `rows` rows of a dataset; `header_row`: its column names are on
/// that row; `collect`: the name its progress is followed by (see [`sample_progress`]).
pub async fn working_set(
    path: &str,
    rows: usize,
    header_row: Option<u64>,
    sample: &Sample,
    collect: Option<&str>,
) -> Result<WorkingSetBytes, String> {
    let request = WorkingSetRequest {
        path: path.to_string(),
        rows: Some(rows),
        bytes: None,
        header_row,
        sample: sample.clone(),
        collect: collect.map(str::to_string),
    };
    let body = serde_json::to_string(&request).map_err(|e| e.to_string())?;
    let response = send(
        "POST",
        "/api/datasets/working-set",
        Some((JsValue::from_str(&body), "application/json")),
    )
    .await?;
    let header =
        |name: &str| -> Option<u64> { response.headers().get(name).ok().flatten()?.parse().ok() };
    let (rows, total_rows, size, cut_to_bytes) = (
        header("x-wrangle-rows").unwrap_or(0),
        header("x-wrangle-total-rows"),
        header("x-wrangle-bytes").unwrap_or(0),
        header("x-wrangle-cut-to-bytes"),
    );
    let sample = response.headers().get("x-wrangle-sample").ok().flatten();
    let buffer = JsFuture::from(response.array_buffer().map_err(js_error)?)
        .await
        .map_err(js_error)?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    Ok(WorkingSetBytes {
        bytes,
        rows,
        total_rows,
        size,
        sample,
        cut_to_bytes,
    })
}

/// How far the sample collected under `name` is.
pub async fn sample_progress(name: &str) -> Result<SampleProgress, String> {
    json(
        send(
            "GET",
            &format!("/api/samples/progress/{}", encode(name)),
            None,
        )
        .await?,
    )
    .await
}

/// Stops collecting the sample under `name` (its request then answers that it was
/// cancelled).
pub async fn cancel_sample(name: &str) -> Result<serde_json::Value, String> {
    post_json(
        &format!("/api/samples/progress/{}/cancel", encode(name)),
        &serde_json::json!({}),
    )
    .await
}

/// The samples kept for a dataset, as it is now.
pub async fn collected_samples(
    path: &str,
    header_row: Option<u64>,
) -> Result<Vec<CollectedSample>, String> {
    let header = header_row.map_or(String::new(), |h| format!("&header_row={h}"));
    json(
        send(
            "GET",
            &format!("/api/samples?path={}{header}", encode(path)),
            None,
        )
        .await?,
    )
    .await
}

pub async fn upload(path: &str, bytes: &[u8]) -> Result<serde_json::Value, String> {
    let body = js_sys::Uint8Array::from(bytes);
    let url = format!("/api/datasets?path={}", encode(path));
    json(send("PUT", &url, Some((body.into(), "application/octet-stream"))).await?).await
}

pub async fn list_recipes() -> Result<Vec<RecipeSummary>, String> {
    json(send("GET", "/api/recipes", None).await?).await
}

pub async fn read_recipe(name: &str, version: Option<u32>) -> Result<RecipeVersion, String> {
    let mut url = format!("/api/recipes/{}", encode(name));
    if let Some(v) = version {
        url.push_str(&format!("?version={v}"));
    }
    json(send("GET", &url, None).await?).await
}

/// Saves a recipe as its next version, with the data it is written on.
pub async fn save_recipe(
    name: &str,
    text: &str,
    data: Option<RecipeData>,
) -> Result<RecipeVersion, String> {
    let body = serde_json::to_string(&SaveRecipe {
        text: text.to_string(),
        data,
    })
    .map_err(|e| e.to_string())?;
    let url = format!("/api/recipes/{}", encode(name));
    json(
        send(
            "POST",
            &url,
            Some((JsValue::from_str(&body), "application/json")),
        )
        .await?,
    )
    .await
}

async fn post_json<T: DeserializeOwned>(
    url: &str,
    body: &impl serde::Serialize,
) -> Result<T, String> {
    let body = serde_json::to_string(body).map_err(|e| e.to_string())?;
    json(
        send(
            "POST",
            url,
            Some((JsValue::from_str(&body), "application/json")),
        )
        .await?,
    )
    .await
}

/// Runs a saved recipe over the full data of the store as a job.
pub async fn submit_job(request: &JobRequest) -> Result<JobRecord, String> {
    post_json("/api/jobs", request).await
}

/// Every job of the server, newest first.
pub async fn list_jobs() -> Result<Vec<JobRecord>, String> {
    json(send("GET", "/api/jobs", None).await?).await
}

pub async fn cancel_job(id: &str) -> Result<JobRecord, String> {
    post_json(
        &format!("/api/jobs/{}/cancel", encode(id)),
        &serde_json::json!({}),
    )
    .await
}

/// Downloads an object of the store (a job's output) to the analyst's computer.
pub async fn download(path: &str) -> Result<(), String> {
    let url = format!("/api/datasets/download?path={}", encode(path));
    let response = send("GET", &url, None).await?;
    let blob: web_sys::Blob = JsFuture::from(response.blob().map_err(js_error)?)
        .await
        .map_err(js_error)?
        .dyn_into()
        .map_err(js_error)?;
    let name = path.rsplit('/').next().unwrap_or(path);
    super::save_file::save(name, &blob)
}

/// Every schedule of the server, oldest first.
pub async fn list_schedules() -> Result<Vec<ScheduleRecord>, String> {
    json(send("GET", "/api/schedules", None).await?).await
}

/// Runs a saved recipe as a job on a cron schedule; the server's record says when it next
/// runs.
pub async fn create_schedule(request: &ScheduleRequest) -> Result<ScheduleRecord, String> {
    post_json("/api/schedules", request).await
}

/// Pauses or resumes a schedule (`pause`, `resume`).
pub async fn change_schedule(id: &str, action: &str) -> Result<ScheduleRecord, String> {
    post_json(
        &format!("/api/schedules/{}/{action}", encode(id)),
        &serde_json::json!({}),
    )
    .await
}

/// Runs a schedule's job now.
pub async fn run_schedule(id: &str) -> Result<JobRecord, String> {
    post_json(
        &format!("/api/schedules/{}/run", encode(id)),
        &serde_json::json!({}),
    )
    .await
}

pub async fn remove_schedule(id: &str) -> Result<ScheduleRecord, String> {
    json(send("DELETE", &format!("/api/schedules/{}", encode(id)), None).await?).await
}
