//! Unsaved steps kept in the browser's storage, so a reload (or a closed tab) loses
//! nothing: the recipe's text with the dataset it was written on.

use serde::{Deserialize, Serialize};

const KEY: &str = "wrangle.draft";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub dataset: Option<String>,
    pub name: Option<String>,
    pub version: Option<u32>,
    pub text: String,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Keeps unsaved steps (or forgets them once saved: `None`).
pub fn keep(draft: Option<&Draft>) {
    let Some(storage) = storage() else { return };
    match draft.and_then(|d| serde_json::to_string(d).ok()) {
        Some(json) => {
            let _ = storage.set_item(KEY, &json);
        }
        None => {
            let _ = storage.remove_item(KEY);
        }
    }
}

/// The unsaved steps kept, if any.
pub fn kept() -> Option<Draft> {
    let json = storage()?.get_item(KEY).ok()??;
    serde_json::from_str(&json).ok()
}
