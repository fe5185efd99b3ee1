//! `GET /api/datasets/download?path=…`: an object of the store as a file to save (a job's
//! output), or a folder of them (an output partitioned by columns, with its manifest) as
//! one zip file that keeps the folders (`carrier=UA/part-0.parquet`).

use super::api::{dataset_key, AppState, PathQuery};
use super::error::{ApiError, ApiQuery};
use super::store::StoreKey;
use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use std::io::Write;
use std::sync::Arc;

pub(super) async fn download(
    State(state): State<Arc<AppState>>,
    ApiQuery(query): ApiQuery<PathQuery>,
) -> Result<Response, ApiError> {
    let key = dataset_key(&query.path)?;
    let (bytes, name) = match state.store.get(&key).await {
        Ok(bytes) => (bytes, key.name().to_string()),
        Err(e) if e.status == axum::http::StatusCode::NOT_FOUND => {
            (zipped(&state, &key).await?, format!("{}.zip", key.name()))
        }
        Err(e) => return Err(e),
    };
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    let kind = if name.ends_with(".zip") {
        "application/zip"
    } else {
        "application/octet-stream"
    };
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{}\"", safe(&name))) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

/// A file name a browser saves as it is: printable ASCII, no quotes.
fn safe(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Every object under the folder `key`, in a zip file, by its place inside the folder.
async fn zipped(state: &AppState, key: &StoreKey) -> Result<bytes::Bytes, ApiError> {
    let objects = state.store.list_all(key).await?;
    if objects.is_empty() {
        return Err(ApiError::not_found(format!(
            "`{}` is not in the store",
            key.as_str()
        )));
    }
    let failed = |e: zip::result::ZipError| ApiError::internal(format!("the zip file: {e}"));
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    let inside = format!("{}/", key.as_str());
    for (object, _) in objects {
        let name = object
            .as_str()
            .strip_prefix(&inside)
            .unwrap_or(object.name())
            .to_string();
        let bytes = state.store.get(&object).await?;
        zip.start_file(name, options).map_err(failed)?;
        zip.write_all(&bytes)
            .map_err(|e| ApiError::internal(format!("the zip file: {e}")))?;
    }
    let written = zip.finish().map_err(failed)?;
    Ok(written.into_inner().into())
}
