//! How many rows a dataset has, remembered while its objects stay the same: the header of
//! the app says "first 20000 of 336776", and counting means reading the whole dataset.

use crate::engine::listing::InputObject;
use std::collections::HashMap;
use std::sync::Mutex;

#[derive(Default)]
pub struct RowCounts {
    counted: Mutex<HashMap<String, u64>>,
}

impl RowCounts {
    /// What a count depends on: the dataset's objects as they are now (what a run's
    /// manifest records to tell whether an object changed) and the row its header is on.
    pub fn key(objects: &[InputObject], header_row: Option<u64>) -> String {
        let versions: Vec<serde_json::Value> = objects.iter().map(InputObject::version).collect();
        format!(
            "header {header_row:?} {}",
            serde_json::Value::from(versions)
        )
    }

    pub fn get(&self, key: &str) -> Option<u64> {
        self.counted.lock().ok()?.get(key).copied()
    }

    pub fn insert(&self, key: String, rows: u64) {
        if let Ok(mut counted) = self.counted.lock() {
            counted.insert(key, rows);
        }
    }
}
