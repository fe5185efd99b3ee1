//! Recipes saved in the store: `recipes/NAME/v000001.wrangle`, one object per version.
//! Every save is a new version; nothing is overwritten, so any older version can be
//! opened again (and run: a version is a plain recipe file). The data a version was
//! written on (its dataset and the datasets of the names it reads) is kept beside it in
//! `v000001.data.json`, so it opens with them.

use super::error::ApiError;
use super::store::{Store, StoreKey};
pub use crate::api_types::{RecipeData, RecipeSummary, RecipeVersion};

/// The folder of the store recipes are saved under.
pub const FOLDER: &str = "recipes";

/// A recipe's name: letters, digits, `-`, `_` and `.`, as a file name would be.
pub fn check_name(name: &str) -> Result<(), ApiError> {
    let valid = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ' ');
    if name.is_empty() || name.len() > 120 || !name.chars().all(valid) || name.starts_with('.') {
        return Err(ApiError::bad_request(format!(
            "`{name}` is not a recipe name: use letters, digits, spaces, `-`, `_` and `.` (at most 120)"
        )));
    }
    Ok(())
}

fn version_name(version: u32) -> String {
    format!("v{version:06}.wrangle")
}

fn data_name(version: u32) -> String {
    format!("v{version:06}.data.json")
}

fn parse_version(file: &str) -> Option<u32> {
    file.strip_prefix('v')?
        .strip_suffix(".wrangle")?
        .parse()
        .ok()
}

fn folder(name: &str) -> Result<StoreKey, ApiError> {
    check_name(name)?;
    StoreKey::parse(FOLDER)?.child(name)
}

async fn versions(store: &Store, name: &str) -> Result<Vec<u32>, ApiError> {
    let listing = store.list(&folder(name)?).await?;
    let mut versions: Vec<u32> = listing
        .objects
        .iter()
        .filter_map(|(key, _)| parse_version(key.name()))
        .collect();
    versions.sort_unstable();
    Ok(versions)
}

pub async fn list(store: &Store) -> Result<Vec<RecipeSummary>, ApiError> {
    let listing = store.list(&StoreKey::parse(FOLDER)?).await?;
    let mut out = Vec::new();
    for key in listing.folders {
        let name = key.name().to_string();
        if check_name(&name).is_err() {
            continue;
        }
        let versions = versions(store, &name).await?;
        if !versions.is_empty() {
            out.push(RecipeSummary { name, versions });
        }
    }
    Ok(out)
}

/// A version of a recipe (the latest when `version` is `None`).
pub async fn read(
    store: &Store,
    name: &str,
    version: Option<u32>,
) -> Result<RecipeVersion, ApiError> {
    let versions = versions(store, name).await?;
    let Some(&latest) = versions.last() else {
        return Err(ApiError::not_found(format!("no recipe is called `{name}`")));
    };
    let version = version.unwrap_or(latest);
    if !versions.contains(&version) {
        return Err(ApiError::not_found(format!(
            "recipe `{name}` has no version {version} (it has {})",
            versions
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let key = folder(name)?.child(&version_name(version))?;
    let bytes = store.get(&key).await?;
    let text = String::from_utf8(bytes.to_vec())
        .map_err(|_| ApiError::internal(format!("`{}` is not UTF-8 text", key.as_str())))?;
    // A version saved without its data (or by hand) has none.
    let data = match store.get(&folder(name)?.child(&data_name(version))?).await {
        Ok(bytes) => serde_json::from_slice(&bytes).ok(),
        Err(_) => None,
    };
    Ok(RecipeVersion {
        name: name.to_string(),
        version,
        versions,
        text,
        path: key.as_str().to_string(),
        data,
    })
}

/// Saves `text` as the next version of a recipe, with the data it was written on.
pub async fn save(
    store: &Store,
    name: &str,
    text: &str,
    data: Option<RecipeData>,
) -> Result<RecipeVersion, ApiError> {
    // Two saves at once both see the same latest version: the one that loses the race to
    // create the next version's object takes the one after.
    for _ in 0..16 {
        let mut versions = versions(store, name).await?;
        let version = versions.last().map_or(1, |v| v + 1);
        let key = folder(name)?.child(&version_name(version))?;
        if store.put_new(&key, text.as_bytes().to_vec().into()).await? {
            versions.push(version);
            if let Some(data) = &data {
                let json =
                    serde_json::to_vec(data).map_err(|e| ApiError::internal(e.to_string()))?;
                store
                    .put(&folder(name)?.child(&data_name(version))?, json.into())
                    .await?;
            }
            return Ok(RecipeVersion {
                name: name.to_string(),
                version,
                versions,
                text: text.to_string(),
                path: key.as_str().to_string(),
                data,
            });
        }
    }
    Err(ApiError::internal(format!(
        "recipe `{name}`: too many saves at once, try again"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_file_names() {
        assert!(check_name("delays by carrier").is_ok());
        for bad in ["", "../x", "a/b", ".hidden", "a\\b"] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_version(&version_name(12)), Some(12));
        assert_eq!(parse_version("notes.txt"), None);
    }
}
