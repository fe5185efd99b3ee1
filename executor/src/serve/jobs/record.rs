//! Job records in the store: `.wrangle/jobs/ID.json`, one object per job, rewritten as the
//! job moves on. A record outlives the server: on restart, one that was queued or running
//! is marked interrupted.

use super::super::error::ApiError;
use super::super::store::{Store, StoreKey};
use crate::api_types::{JobRecord, JobState};

/// The folder of the store job records are kept in.
pub const FOLDER: &str = ".wrangle/jobs";

/// A job's id: when it was created (so ids sort by time) and a random tail.
pub fn new_id() -> String {
    super::super::ids::new_id("%Y%m%d-%H%M%S")
}

/// Checks an id a request names: what [`new_id`] makes, nothing that reaches elsewhere.
pub fn check_id(id: &str) -> Result<(), ApiError> {
    if super::super::ids::is_valid(id) {
        Ok(())
    } else {
        Err(ApiError::not_found(format!("no job is called `{id}`")))
    }
}

fn key(id: &str) -> Result<StoreKey, ApiError> {
    check_id(id)?;
    StoreKey::parse(FOLDER)?.child(&format!("{id}.json"))
}

pub async fn write(store: &Store, record: &JobRecord) -> Result<(), ApiError> {
    let json = serde_json::to_vec_pretty(record)
        .map_err(|e| ApiError::internal(format!("job {}: {e}", record.id)))?;
    store.put(&key(&record.id)?, json.into()).await
}

pub async fn read(store: &Store, id: &str) -> Result<JobRecord, ApiError> {
    let bytes = store.get(&key(id)?).await.map_err(|e| {
        if e.status == axum::http::StatusCode::NOT_FOUND {
            ApiError::not_found(format!("no job is called `{id}`"))
        } else {
            e
        }
    })?;
    serde_json::from_slice(&bytes)
        .map_err(|e| ApiError::internal(format!("the record of job {id} is unreadable: {e}")))
}

/// Every record kept, newest first (records that cannot be read are left out).
pub async fn list(store: &Store) -> Result<Vec<JobRecord>, ApiError> {
    let folder = StoreKey::parse(FOLDER)?;
    let listing = match store.list(&folder).await {
        Ok(listing) => listing,
        Err(e) if e.status == axum::http::StatusCode::NOT_FOUND => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut records = Vec::new();
    for (key, _) in listing.objects {
        let Some(id) = key.name().strip_suffix(".json") else {
            continue;
        };
        if let Ok(record) = read(store, id).await {
            records.push(record);
        }
    }
    records.sort_by(|a, b| b.id.cmp(&a.id));
    Ok(records)
}

/// Marks the jobs that were queued or running when the server stopped as interrupted; how
/// many there were.
pub async fn mark_interrupted(store: &Store) -> Result<usize, ApiError> {
    let mut marked = 0;
    for mut record in list(store).await? {
        if record.state.is_live() {
            record.state = JobState::Interrupted;
            record.finished = Some(chrono::Utc::now().to_rfc3339());
            record.error = Some(
                "the server stopped while the job ran; nothing of its output was written".into(),
            );
            write(store, &record).await?;
            marked += 1;
        }
    }
    Ok(marked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sort_by_time_and_refuse_paths() {
        let id = new_id();
        assert!(check_id(&id).is_ok(), "{id}");
        assert_eq!(id.len(), "20261205-170000-abcdef".len());
        for bad in ["", "../x", "a/b", "a.json", "x y"] {
            assert!(check_id(bad).is_err(), "{bad} was accepted");
        }
    }
}
