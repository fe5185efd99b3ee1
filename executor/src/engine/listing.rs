//! Which objects an input URI means: one object, every data object under a prefix (a
//! folder), or those matching a glob. Listed once, so a run knows the input's objects, their
//! sizes and versions (for the manifest and the progress bar) before it starts.

use super::format::Format;
use super::store::{describe, Location};
use crate::error::{Error, Result};
use futures::TryStreamExt;
use object_store::{ObjectMeta, ObjectStore, ObjectStoreExt};
use serde_json::json;

/// One object of an input.
#[derive(Clone, Debug)]
pub struct InputObject {
    pub meta: ObjectMeta,
    /// The object as the user would write it.
    pub uri: String,
    /// The URL DataFusion reads it by.
    pub url: String,
}

impl InputObject {
    /// What the manifest records about the object: enough to tell whether it changed.
    pub fn version(&self) -> serde_json::Value {
        json!({
            "object": &self.uri,
            "size": self.meta.size,
            "last_modified": self.meta.last_modified.to_rfc3339(),
            "e_tag": &self.meta.e_tag,
            "version": &self.meta.version,
        })
    }
}

/// Lists the objects `location` means, sorted by key. Names starting with `.` or `_`
/// (temporary files, `_SUCCESS` manifests) are not data.
pub async fn list(store: &dyn ObjectStore, location: &Location) -> Result<Vec<InputObject>> {
    let fail = |message: String| Error::Input {
        uri: location.uri.clone(),
        message,
    };
    let object = |meta: ObjectMeta| InputObject {
        uri: location.display(&meta.location),
        url: location.object_url(&meta.location),
        meta,
    };
    // The bucket's root is a prefix, never an object.
    if location.glob.is_none() && !location.path.as_ref().is_empty() {
        match store.head(&location.path).await {
            Ok(meta) => return Ok(vec![object(meta)]),
            Err(object_store::Error::NotFound { .. }) => {}
            // A local folder answers `head` with an error of its own; listing tells.
            Err(_) if location.local_path().is_some_and(|p| p.is_dir()) => {}
            Err(e) => return Err(fail(describe(&e))),
        }
    }
    let prefix = (!location.path.as_ref().is_empty()).then_some(&location.path);
    let mut found: Vec<ObjectMeta> = store
        .list(prefix)
        .try_filter(|meta| {
            let key = meta.location.as_ref();
            let hidden = meta
                .location
                .parts()
                .skip(location.path.parts().count())
                .any(|p| p.as_ref().starts_with(['.', '_']));
            let wanted = match &location.glob {
                // `*` stays within a folder, as in a shell.
                Some(glob) => glob.matches_with(
                    key,
                    glob::MatchOptions {
                        require_literal_separator: true,
                        ..glob::MatchOptions::new()
                    },
                ),
                None => true,
            };
            futures::future::ready(!hidden && wanted)
        })
        .try_collect()
        .await
        .map_err(|e| fail(describe(&e)))?;
    let listed = found.len();
    // A run's own files beside a single-file output are not data.
    found.retain(|meta| {
        let key = meta.location.as_ref();
        Format::from_name(key).is_some()
            && !key.ends_with(".manifest.json")
            && !key.ends_with(".rejects.csv")
    });
    if found.is_empty() {
        return Err(fail(match (listed, &location.glob) {
            (0, Some(_)) => "nothing matches".into(),
            (0, None) => "no such file or folder".into(),
            _ => "no .csv, .parquet or .jsonl files (optionally .gz or .zst) here".into(),
        }));
    }
    found.sort_by(|a, b| a.location.cmp(&b.location));
    Ok(found.into_iter().map(object).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_folder_lists_its_data_files_without_hidden_ones() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.csv", "a.csv", "_SUCCESS", ".x.csv", "notes.md"] {
            std::fs::write(dir.path().join(name), "x\n1\n").unwrap();
        }
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/c.csv"), "x\n2\n").unwrap();
        let store = object_store::local::LocalFileSystem::new();
        let folder = Location::parse(dir.path().to_str().unwrap()).unwrap();
        let names: Vec<String> = list(&store, &folder)
            .await
            .unwrap()
            .iter()
            .map(|o| {
                o.uri
                    .rsplit_once(dir.path().to_str().unwrap())
                    .unwrap()
                    .1
                    .to_string()
            })
            .collect();
        assert_eq!(names, ["/a.csv", "/b.csv", "/sub/c.csv"]);

        let glob = Location::parse(&format!("{}/*.csv", dir.path().display())).unwrap();
        assert_eq!(list(&store, &glob).await.unwrap().len(), 2);

        let one = Location::parse(&format!("{}/a.csv", dir.path().display())).unwrap();
        let objects = list(&store, &one).await.unwrap();
        assert_eq!(objects.len(), 1);
        assert_eq!(objects[0].meta.size, 4);
        assert!(objects[0].url.starts_with("file:///"));

        let missing = Location::parse(&format!("{}/nope.csv", dir.path().display())).unwrap();
        let error = list(&store, &missing).await.unwrap_err().to_string();
        assert!(error.contains("no such file or folder"), "{error}");
    }
}
