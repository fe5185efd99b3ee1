//! What the API answers, as `docs/api.md` describes it.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct DatasetListing {
    pub prefix: String,
    pub folders: Vec<String>,
    pub datasets: Vec<DatasetEntry>,
    #[serde(default)]
    pub others: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct DatasetEntry {
    pub path: String,
    pub name: String,
    pub size: u64,
    pub modified: String,
    pub format: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct RecipeSummary {
    pub name: String,
    pub versions: Vec<u32>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct RecipeVersion {
    pub name: String,
    pub version: u32,
    pub versions: Vec<u32>,
    pub text: String,
    pub path: String,
}

#[derive(Serialize)]
pub struct SaveRecipe<'a> {
    pub text: &'a str,
}

/// A working set as the server sent it.
pub struct WorkingSetBytes {
    pub bytes: Vec<u8>,
    pub rows: u64,
    pub total_rows: Option<u64>,
    pub size: u64,
}
