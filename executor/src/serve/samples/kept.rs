//! Samples kept in the store for next time: `.wrangle/samples/NAME.arrows` (the Arrow
//! stream as sent) with `NAME.json` beside it (what it is). NAME is a digest of everything
//! the sample depends on: the dataset's objects as they are (each one's place, size, time
//! and e-tag), its header row, the sample with its parameters (an anomaly sample's steps
//! and the objects of the inputs they read), and the caps. A changed object gives another
//! name, so a kept sample is never stale; the app lists the ones that still apply.

use super::super::error::ApiError;
use super::super::store::{Store, StoreKey};
use crate::sample_api::CollectedSample;
use bytes::Bytes;
use serde::{Deserialize, Serialize};

const FOLDER: &str = ".wrangle/samples";

/// What a kept sample is, written beside it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct About {
    /// The dataset it was taken from, and the versions of the objects it read.
    pub dataset: String,
    pub objects: String,
    pub sample: CollectedSample,
    /// Every row of the dataset, when known.
    #[serde(default)]
    pub total_rows: Option<u64>,
}

/// Where one sample is kept.
pub struct Kept {
    data: StoreKey,
    about: StoreKey,
}

impl Kept {
    /// The place of the sample that depends on `parts` (every one of them, in order).
    pub fn of(parts: &[&str]) -> Result<Kept, ApiError> {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(parts.join("\u{1f}").as_bytes());
        let name: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
        Ok(Kept {
            data: StoreKey::parse(&format!("{FOLDER}/{name}.arrows"))?,
            about: StoreKey::parse(&format!("{FOLDER}/{name}.json"))?,
        })
    }

    /// The sample kept before, when both of its files read.
    pub async fn read(&self, store: &Store) -> Option<(Bytes, About)> {
        let about = store.get(&self.about).await.ok()?;
        let about: About = serde_json::from_slice(&about).ok()?;
        let stream = store.get(&self.data).await.ok()?;
        Some((stream, about))
    }

    /// Keeps a sample; a store that refuses it only costs the next request time.
    pub async fn keep(&self, store: &Store, stream: Bytes, about: &About) {
        let about = match serde_json::to_vec_pretty(about) {
            Ok(json) => json,
            Err(_) => return,
        };
        // The stream first: a description is only ever beside a whole sample.
        let kept = match store.put(&self.data, stream).await {
            Ok(()) => store.put(&self.about, about.into()).await,
            Err(e) => Err(e),
        };
        if let Err(e) = kept {
            tracing::warn!("a sample was not kept in the store: {}", e.message);
        }
    }
}

/// The samples kept for `dataset` whose objects are still `objects`, newest first.
pub async fn list(store: &Store, dataset: &str, objects: &str) -> Result<Vec<About>, ApiError> {
    let folder = StoreKey::parse(FOLDER)?;
    let listing = match store.list(&folder).await {
        Ok(listing) => listing,
        Err(e) if e.status == axum::http::StatusCode::NOT_FOUND => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut found = Vec::new();
    for (key, _) in listing.objects {
        if !key.name().ends_with(".json") {
            continue;
        }
        let Ok(bytes) = store.get(&key).await else {
            continue;
        };
        match serde_json::from_slice::<About>(&bytes) {
            Ok(about) if about.dataset == dataset && about.objects == objects => found.push(about),
            _ => {}
        }
    }
    found.sort_by(|a, b| b.sample.collected.cmp(&a.sample.collected));
    Ok(found)
}
