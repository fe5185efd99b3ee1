//! Samples being collected: each under a name its client picked, with the rows read so far
//! (counted by a `CountRows` node over the dataset's rows) and what cancels it. The client
//! asks `GET /api/samples/progress/NAME` while its request runs.

use crate::accounting::RowCounts;
use crate::sample_api::SampleProgress;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio_util::sync::CancellationToken;

/// One sample being collected.
#[derive(Debug)]
pub struct Collecting {
    /// Slot 0 counts the dataset's rows read, over every pass.
    pub counts: Arc<RowCounts>,
    /// How many times the plan reads the dataset (counter nodes of slot 0).
    passes: AtomicU64,
    /// Every row of the dataset when known (0: not known).
    total_rows: AtomicU64,
    pub cancel: CancellationToken,
}

impl Collecting {
    fn new() -> Collecting {
        Collecting {
            counts: Arc::new(RowCounts::new(1)),
            passes: AtomicU64::new(1),
            total_rows: AtomicU64::new(0),
            cancel: CancellationToken::new(),
        }
    }

    /// The plan reads the dataset `passes` times, of `total_rows` rows when known.
    pub fn reads(&self, passes: u64, total_rows: Option<u64>) {
        self.passes.store(passes.max(1), Ordering::Relaxed);
        self.total_rows
            .store(total_rows.unwrap_or(0), Ordering::Relaxed);
    }

    /// Another reading of the dataset starts (the types from every row): from zero.
    pub fn restart(&self) {
        self.counts.slot(0).store(0, Ordering::Relaxed);
    }

    pub fn progress(&self) -> SampleProgress {
        let total = self.total_rows.load(Ordering::Relaxed);
        SampleProgress {
            scanned_rows: self.counts.get(0),
            total_rows: (total > 0).then_some(total),
            passes: self.passes.load(Ordering::Relaxed),
        }
    }
}

/// The samples a server is collecting, by name.
#[derive(Debug, Default)]
pub struct Collections {
    live: Mutex<HashMap<String, Arc<Collecting>>>,
}

/// A sample's place among those being collected, given up when dropped.
pub struct Registered<'a> {
    collections: &'a Collections,
    name: String,
    pub collecting: Arc<Collecting>,
}

impl Drop for Registered<'_> {
    fn drop(&mut self) {
        self.collections.live().remove(&self.name);
    }
}

impl Collections {
    fn live(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Collecting>>> {
        // A panic while the map was held leaves it as it was: still usable.
        self.live.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Starts following a collection under `name`; `None` when one of that name runs.
    pub fn start(&self, name: &str) -> Option<Registered<'_>> {
        let mut live = self.live();
        if live.contains_key(name) {
            return None;
        }
        let collecting = Arc::new(Collecting::new());
        live.insert(name.to_string(), collecting.clone());
        Some(Registered {
            collections: self,
            name: name.to_string(),
            collecting,
        })
    }

    pub fn progress(&self, name: &str) -> Option<SampleProgress> {
        self.live().get(name).map(|c| c.progress())
    }

    /// Cancels the collection of `name`; whether there was one.
    pub fn cancel(&self, name: &str) -> bool {
        match self.live().get(name) {
            Some(c) => {
                c.cancel.cancel();
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_collection_is_followed_until_its_request_ends() {
        let collections = Collections::default();
        let registered = collections.start("a").unwrap();
        assert!(collections.start("a").is_none(), "one of a name at a time");
        registered.collecting.reads(2, Some(10));
        registered
            .collecting
            .counts
            .slot(0)
            .fetch_add(7, Ordering::Relaxed);
        assert_eq!(
            collections.progress("a"),
            Some(SampleProgress {
                scanned_rows: 7,
                total_rows: Some(10),
                passes: 2
            })
        );
        assert!(collections.cancel("a"));
        assert!(registered.collecting.cancel.is_cancelled());
        drop(registered);
        assert_eq!(collections.progress("a"), None);
        assert!(!collections.cancel("a"));
    }
}
