//! Schedule records in the store: `.wrangle/schedules/ID.json`, one object per schedule,
//! rewritten when it runs, is paused or resumed, and removed with it.

use super::super::error::ApiError;
use super::super::store::{Store, StoreKey};
use crate::api_types::ScheduleRecord;

/// The folder of the store schedule records are kept in.
pub const FOLDER: &str = ".wrangle/schedules";

/// A schedule's id: when it was created, to the millisecond (so ids sort by time), and a
/// random tail.
pub fn new_id() -> String {
    super::super::ids::new_id("%Y%m%d-%H%M%S-%3f")
}

/// Checks an id a request names: what [`new_id`] makes, nothing that reaches elsewhere.
pub fn check_id(id: &str) -> Result<(), ApiError> {
    if super::super::ids::is_valid(id) {
        Ok(())
    } else {
        Err(no_such(id))
    }
}

fn no_such(id: &str) -> ApiError {
    ApiError::not_found(format!("no schedule is called `{id}`"))
}

fn key(id: &str) -> Result<StoreKey, ApiError> {
    check_id(id)?;
    StoreKey::parse(FOLDER)?.child(&format!("{id}.json"))
}

pub async fn write(store: &Store, record: &ScheduleRecord) -> Result<(), ApiError> {
    let json = serde_json::to_vec_pretty(record)
        .map_err(|e| ApiError::internal(format!("schedule {}: {e}", record.id)))?;
    store.put(&key(&record.id)?, json.into()).await
}

pub async fn read(store: &Store, id: &str) -> Result<ScheduleRecord, ApiError> {
    let bytes = store.get(&key(id)?).await.map_err(|e| {
        if e.status == axum::http::StatusCode::NOT_FOUND {
            no_such(id)
        } else {
            e
        }
    })?;
    serde_json::from_slice(&bytes)
        .map_err(|e| ApiError::internal(format!("the record of schedule {id} is unreadable: {e}")))
}

pub async fn remove(store: &Store, id: &str) -> Result<(), ApiError> {
    store.delete(&key(id)?).await
}

/// Every record kept, oldest first (records that cannot be read are left out).
pub async fn list(store: &Store) -> Result<Vec<ScheduleRecord>, ApiError> {
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
        match read(store, id).await {
            Ok(record) => records.push(record),
            Err(e) => tracing::warn!("schedule {id} is left out: {}", e.message),
        }
    }
    records.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_checked_before_they_reach_the_store() {
        let id = new_id();
        assert!(check_id(&id).is_ok(), "{id}");
        assert_eq!(id.len(), "20261205-170000-123-abcdef".len());
        for bad in ["", "../x", "a/b", "a.json", "x y"] {
            let refused = check_id(bad).unwrap_err();
            assert!(refused.message.contains("no schedule"), "{bad}");
        }
    }
}
