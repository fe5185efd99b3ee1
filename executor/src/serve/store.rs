//! The store `wrangle serve` works over: a local folder or an S3 prefix. Every path a
//! request names is a [`StoreKey`], checked before it reaches the store: relative, no `.`
//! or `..` parts, no backslashes or control characters, and (in a local folder) no
//! symbolic link on the way, so no request reaches outside the store.

use super::error::ApiError;
use crate::engine::store::{describe, Kind, Location};
use bytes::Bytes;
use datafusion::execution::context::SessionContext;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectMeta, ObjectStore, ObjectStoreExt, PutMode, PutOptions};
use std::path::PathBuf;
use std::sync::Arc;

/// A path inside the store, as a request names it: `demo/flights.csv.gz`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreKey(String);

impl StoreKey {
    /// Checks a path a request names. The empty path is the store's root.
    pub fn parse(text: &str) -> Result<StoreKey, ApiError> {
        let trimmed = text.trim_end_matches('/');
        if trimmed.is_empty() {
            return Ok(StoreKey(String::new()));
        }
        let refuse = |why: &str| ApiError::bad_request(format!("`{text}`: {why}"));
        if trimmed.starts_with('/') {
            return Err(refuse("paths are relative to the store"));
        }
        if trimmed.contains('\\') {
            return Err(refuse("use `/` between folders"));
        }
        if trimmed.chars().any(char::is_control) {
            return Err(refuse("a path has no control characters"));
        }
        for part in trimmed.split('/') {
            match part {
                "" => return Err(refuse("a path has no empty parts")),
                "." | ".." => return Err(refuse("a path has no `.` or `..` parts")),
                _ => {}
            }
        }
        Ok(StoreKey(trimmed.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The key of `name` inside this folder.
    pub fn child(&self, name: &str) -> Result<StoreKey, ApiError> {
        if self.is_root() {
            StoreKey::parse(name)
        } else {
            StoreKey::parse(&format!("{}/{name}", self.0))
        }
    }

    /// The last part: the file's or folder's own name.
    pub fn name(&self) -> &str {
        self.0.rsplit('/').next().unwrap_or("")
    }

    fn parts(&self) -> impl Iterator<Item = &str> {
        self.0.split('/').filter(|p| !p.is_empty())
    }
}

/// What a folder of the store holds.
pub struct Listing {
    pub folders: Vec<StoreKey>,
    pub objects: Vec<(StoreKey, ObjectMeta)>,
}

pub struct Store {
    root: Location,
    objects: Arc<dyn ObjectStore>,
    /// The session the store is registered with, for reading datasets.
    ctx: SessionContext,
    /// Rows of datasets counted before, by what the objects were when counted.
    pub row_counts: super::row_counts::RowCounts,
}

impl Store {
    /// Opens the store at `uri` (a local folder, created when missing, or `s3://BUCKET/PREFIX`).
    pub fn open(uri: &str) -> crate::Result<Store> {
        let root = Location::parse(uri)?;
        if root.glob.is_some() {
            return Err(crate::Error::Usage(format!(
                "{uri}: a store is a folder or prefix, not a glob"
            )));
        }
        if let Kind::Local(path) = &root.kind {
            std::fs::create_dir_all(path).map_err(|source| crate::Error::Io {
                path: path.clone(),
                source,
            })?;
        }
        let ctx = crate::engine::session::batch_session();
        let objects = root.open(&ctx)?;
        Ok(Store {
            root,
            objects,
            ctx,
            row_counts: Default::default(),
        })
    }

    /// The store as the user would write it.
    pub fn uri(&self) -> String {
        match &self.root.kind {
            Kind::Local(path) => path.display().to_string(),
            Kind::S3 { bucket } if self.root.path.as_ref().is_empty() => format!("s3://{bucket}"),
            Kind::S3 { bucket } => format!("s3://{bucket}/{}", self.root.path),
        }
    }

    /// The local folder, for a local store.
    pub fn local_root(&self) -> Option<&std::path::Path> {
        self.root.local_path()
    }

    pub fn session(&self) -> &SessionContext {
        &self.ctx
    }

    /// The URI `wrangle run` (and `engine::input::open`) reads a key of the store by.
    pub fn uri_of(&self, key: &StoreKey) -> String {
        if key.is_root() {
            self.uri()
        } else {
            format!("{}/{}", self.uri(), key.as_str())
        }
    }

    fn path(&self, key: &StoreKey) -> ObjectPath {
        ObjectPath::from_iter(
            self.root
                .path
                .parts()
                .map(|p| p.as_ref().to_string())
                .chain(key.parts().map(str::to_string)),
        )
    }

    /// The key of an object path listed under the root.
    fn key(&self, path: &ObjectPath) -> Option<StoreKey> {
        let prefix_len = self.root.path.parts().count();
        let rest: Vec<String> = path
            .parts()
            .skip(prefix_len)
            .map(|p| p.as_ref().to_string())
            .collect();
        StoreKey::parse(&rest.join("/")).ok()
    }

    /// Refuses a key that passes through a symbolic link inside a local store.
    pub fn refuse_links(&self, key: &StoreKey) -> Result<(), ApiError> {
        let Some(root) = self.local_root() else {
            return Ok(());
        };
        let mut at = PathBuf::from(root);
        for part in key.parts() {
            at.push(part);
            match std::fs::symlink_metadata(&at) {
                Ok(meta) if meta.file_type().is_symlink() => {
                    return Err(ApiError::forbidden(format!(
                        "`{}` passes through a symbolic link, which the store does not follow",
                        key.as_str()
                    )))
                }
                Ok(_) => {}
                // What does not exist yet cannot be a link (a new upload or recipe).
                Err(_) => break,
            }
        }
        Ok(())
    }

    /// The folders and objects directly inside `folder` (hidden names left out).
    pub async fn list(&self, folder: &StoreKey) -> Result<Listing, ApiError> {
        self.refuse_links(folder)?;
        let prefix = self.path(folder);
        let prefix = (!prefix.as_ref().is_empty()).then_some(prefix);
        let result = self
            .objects
            .list_with_delimiter(prefix.as_ref())
            .await
            .map_err(|e| self.failed(folder, &e))?;
        let visible = |key: &StoreKey| !key.name().starts_with('.');
        let mut folders: Vec<StoreKey> = result
            .common_prefixes
            .iter()
            .filter_map(|p| self.key(p))
            .filter(visible)
            .collect();
        let mut objects: Vec<(StoreKey, ObjectMeta)> = result
            .objects
            .into_iter()
            .filter_map(|meta| self.key(&meta.location).map(|k| (k, meta)))
            .filter(|(k, _)| visible(k))
            .collect();
        if let Some(root) = self.local_root() {
            // Links are listed by the file system like anything else; the store does not
            // follow them, so it does not show them either.
            let is_link = |key: &StoreKey| {
                std::fs::symlink_metadata(root.join(key.as_str()))
                    .map(|m| m.file_type().is_symlink())
                    .unwrap_or(false)
            };
            folders.retain(|k| !is_link(k));
            objects.retain(|(k, _)| !is_link(k));
        }
        folders.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        objects.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
        Ok(Listing { folders, objects })
    }

    /// Every object under `folder`, at any depth, by key (hidden names left out, at any
    /// depth: temporary files of a run, the app's own folders).
    pub async fn list_all(
        &self,
        folder: &StoreKey,
    ) -> Result<Vec<(StoreKey, ObjectMeta)>, ApiError> {
        use futures::TryStreamExt;
        self.refuse_links(folder)?;
        let prefix = self.path(folder);
        let prefix = (!prefix.as_ref().is_empty()).then_some(prefix);
        let found: Vec<ObjectMeta> = self
            .objects
            .list(prefix.as_ref())
            .try_collect()
            .await
            .map_err(|e| self.failed(folder, &e))?;
        let depth = folder.parts().count();
        let mut objects: Vec<(StoreKey, ObjectMeta)> = found
            .into_iter()
            .filter_map(|meta| self.key(&meta.location).map(|k| (k, meta)))
            .filter(|(k, _)| !k.parts().skip(depth).any(|p| p.starts_with('.')))
            .collect();
        objects.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
        Ok(objects)
    }

    pub async fn head(&self, key: &StoreKey) -> Result<ObjectMeta, ApiError> {
        self.refuse_links(key)?;
        self.objects
            .head(&self.path(key))
            .await
            .map_err(|e| self.failed(key, &e))
    }

    pub async fn get(&self, key: &StoreKey) -> Result<Bytes, ApiError> {
        self.refuse_links(key)?;
        let result = self
            .objects
            .get(&self.path(key))
            .await
            .map_err(|e| self.failed(key, &e))?;
        result.bytes().await.map_err(|e| self.failed(key, &e))
    }

    /// Writes an object whole (a local store writes a temporary file and renames it).
    pub async fn put(&self, key: &StoreKey, bytes: Bytes) -> Result<(), ApiError> {
        if key.is_root() {
            return Err(ApiError::bad_request("name the object to write"));
        }
        self.refuse_links(key)?;
        self.objects
            .put(&self.path(key), bytes.into())
            .await
            .map(|_| ())
            .map_err(|e| self.failed(key, &e))
    }

    /// Writes an object that must not exist yet. `Ok(false)`: it exists (someone else
    /// wrote it first). Stores that cannot create conditionally write it plainly.
    pub async fn put_new(&self, key: &StoreKey, bytes: Bytes) -> Result<bool, ApiError> {
        self.refuse_links(key)?;
        let options = PutOptions {
            mode: PutMode::Create,
            ..PutOptions::default()
        };
        match self
            .objects
            .put_opts(&self.path(key), bytes.clone().into(), options)
            .await
        {
            Ok(_) => Ok(true),
            Err(object_store::Error::AlreadyExists { .. }) => Ok(false),
            Err(object_store::Error::NotImplemented { .. }) => {
                self.put(key, bytes).await.map(|_| true)
            }
            Err(e) => Err(self.failed(key, &e)),
        }
    }

    /// Removes an object; one that is not there is already removed.
    pub async fn delete(&self, key: &StoreKey) -> Result<(), ApiError> {
        if key.is_root() {
            return Err(ApiError::bad_request("name the object to remove"));
        }
        self.refuse_links(key)?;
        match self.objects.delete(&self.path(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(self.failed(key, &e)),
        }
    }

    fn failed(&self, key: &StoreKey, error: &object_store::Error) -> ApiError {
        match error {
            object_store::Error::NotFound { .. } => {
                ApiError::not_found(format!("`{}` is not in the store", key.as_str()))
            }
            other => ApiError::internal(format!("{}: {}", self.uri_of(key), describe(other))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_stay_inside_the_store() {
        for bad in [
            "/etc/passwd",
            "../x",
            "a/../../b",
            "a/./b",
            "a//b",
            "a\\b",
            "a\u{0}b",
        ] {
            assert!(StoreKey::parse(bad).is_err(), "{bad} was accepted");
        }
        assert_eq!(
            StoreKey::parse("demo/flights.csv.gz/").unwrap().as_str(),
            "demo/flights.csv.gz"
        );
        assert!(StoreKey::parse("").unwrap().is_root());
        assert_eq!(StoreKey::parse("a/b").unwrap().name(), "b");
        assert_eq!(
            StoreKey::parse("").unwrap().child("x").unwrap().as_str(),
            "x"
        );
    }
}
