//! A job request made concrete: the recipe's version, its data (as asked, or as the version
//! was saved with), the output's place in the store and its format, all checked before the
//! job is queued.

use super::super::error::ApiError;
use super::super::recipes;
use super::super::store::{Store, StoreKey};
use crate::api_types::{JobRecord, JobRequest, JobState};
use crate::engine::output::OutputFormat;
use std::collections::BTreeMap;

/// The folder of the store outputs go to unless a request says where.
pub const OUTPUTS: &str = "outputs";

/// The record of a new job asked for by `request`, queued.
pub async fn record(store: &Store, id: &str, request: JobRequest) -> Result<JobRecord, ApiError> {
    let saved = recipes::read(store, &request.recipe, request.version).await?;
    let dataset = request
        .dataset
        .or_else(|| saved.data.as_ref().map(|d| d.dataset.clone()))
        .ok_or_else(|| {
            ApiError::bad_request(format!(
                "dataset: recipe `{}` version {} was saved without its dataset; name the dataset to run it on",
                saved.name, saved.version
            ))
        })?;
    let inputs = request
        .inputs
        .or_else(|| saved.data.as_ref().map(|d| d.inputs.clone()))
        .unwrap_or_default();
    let dataset = data_key(&dataset, "dataset")?;
    let mut bound = BTreeMap::new();
    for (name, path) in inputs {
        bound.insert(name.clone(), data_key(&path, &format!("inputs.{name}"))?);
    }
    let format = format(request.format.as_deref(), request.output.as_deref())?;
    let output = match &request.output {
        Some(path) => output_key(path)?,
        None if request.partition_by.is_empty() => output_key(&format!(
            "{OUTPUTS}/{}/{id}.{}",
            saved.name,
            format.extension()
        ))?,
        None => output_key(&format!("{OUTPUTS}/{}/{id}", saved.name))?,
    };
    Ok(JobRecord {
        id: id.to_string(),
        recipe: saved.name,
        version: saved.version,
        dataset: dataset.as_str().to_string(),
        inputs: bound
            .into_iter()
            .map(|(n, k)| (n, k.as_str().to_string()))
            .collect(),
        output: output.as_str().to_string(),
        format: format.extension().to_string(),
        partition_by: request.partition_by,
        overwrite: request.overwrite,
        state: JobState::Queued,
        created: chrono::Utc::now().to_rfc3339(),
        started: None,
        finished: None,
        progress: Default::default(),
        report: None,
        error: None,
        schedule: request.schedule,
    })
}

fn data_key(path: &str, field: &str) -> Result<StoreKey, ApiError> {
    let key = StoreKey::parse(path)
        .map_err(|e| ApiError::bad_request(format!("{field}: {}", e.message)))?;
    if key.is_root() {
        return Err(ApiError::bad_request(format!(
            "{field}: name a dataset of the store"
        )));
    }
    Ok(key)
}

/// Where an output may go: anywhere in the store but its own folders.
fn output_key(path: &str) -> Result<StoreKey, ApiError> {
    let key = data_key(path, "output")?;
    let first = key.as_str().split('/').next().unwrap_or("");
    if first == recipes::FOLDER || first.starts_with('.') {
        return Err(ApiError::bad_request(format!(
            "output: `{}` is the store's own folder; write somewhere else (outputs/ is for outputs)",
            key.as_str()
        )));
    }
    Ok(key)
}

/// The format asked for, or the output name's, or CSV.
fn format(asked: Option<&str>, output: Option<&str>) -> Result<OutputFormat, ApiError> {
    if let Some(asked) = asked {
        return OutputFormat::parse_arg(asked)
            .map_err(|e| ApiError::bad_request(format!("format: {e}")));
    }
    Ok(output
        .and_then(OutputFormat::from_name)
        .unwrap_or(OutputFormat::Csv))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_stay_out_of_the_stores_own_folders() {
        assert!(output_key("outputs/r/1.csv").is_ok());
        assert!(output_key("results/daily").is_ok());
        for bad in ["recipes/r/x.csv", ".wrangle/jobs/x.json", "", "../x"] {
            assert!(output_key(bad).is_err(), "{bad} was accepted");
        }
    }

    #[test]
    fn the_format_comes_from_the_request_then_the_name() {
        assert_eq!(
            format(Some("parquet"), None).unwrap(),
            OutputFormat::Parquet
        );
        assert_eq!(
            format(None, Some("x/y.jsonl")).unwrap(),
            OutputFormat::JsonLines
        );
        assert_eq!(format(None, None).unwrap(), OutputFormat::Csv);
        assert!(format(Some("xlsx"), None).is_err());
    }
}
