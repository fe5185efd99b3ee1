//! What the JSON API of `wrangle serve` sends and receives (`docs/api.md`), shared by the
//! server and the browser app so the two cannot drift apart.

use serde::{Deserialize, Serialize};

/// `GET /api/datasets?path=FOLDER`
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DatasetListing {
    pub prefix: String,
    pub folders: Vec<String>,
    pub datasets: Vec<DatasetEntry>,
    /// Other files in the folder, which are not data (`wrangle` reads none of them).
    #[serde(default)]
    pub others: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DatasetEntry {
    pub path: String,
    pub name: String,
    pub size: u64,
    pub modified: String,
    /// How `wrangle run` reads it: csv, parquet or json.
    pub format: String,
}

/// An entry of `GET /api/recipes`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecipeSummary {
    pub name: String,
    pub versions: Vec<u32>,
}

/// `GET /api/recipes/NAME[?version=N]`, and what a save answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecipeVersion {
    pub name: String,
    pub version: u32,
    pub versions: Vec<u32>,
    pub text: String,
    /// The recipe's file in the store, for `wrangle run`.
    pub path: String,
}

/// The body of `POST /api/recipes/NAME`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SaveRecipe {
    pub text: String,
}
