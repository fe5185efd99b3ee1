//! Where data lives: a local path (or `file://` URL) or `s3://bucket/key`, opened as an
//! `object_store` and registered with DataFusion so plans can read and write it.
//!
//! S3 is configured by the standard AWS environment variables (`AWS_ENDPOINT_URL`,
//! `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`, `AWS_ALLOW_HTTP`, …);
//! requests are path-style, which S3-compatible servers expect.

use crate::error::{Error, Result};
use datafusion::execution::context::SessionContext;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, RetryConfig};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use url::Url;

/// One store and a place in it, parsed from what the user typed.
#[derive(Clone, Debug)]
pub struct Location {
    /// What the user typed, for messages.
    pub uri: String,
    pub kind: Kind,
    /// The key (S3) or absolute path (local) inside the store, without a glob part.
    pub path: ObjectPath,
    /// The glob the key must match (`s3://b/2024/*.csv`), when the URI has one.
    pub glob: Option<glob::Pattern>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A local file or folder, with its absolute path.
    Local(PathBuf),
    S3 {
        bucket: String,
    },
}

impl Location {
    pub fn parse(uri: &str) -> Result<Location> {
        let bad = |message: String| Error::Usage(format!("{uri}: {message}"));
        let (kind, key) = if let Some(rest) = uri.strip_prefix("s3://") {
            let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
            let valid = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_');
            if bucket.is_empty() || !bucket.chars().all(valid) {
                return Err(bad("an S3 URI names a bucket: s3://BUCKET/KEY".into()));
            }
            (
                Kind::S3 {
                    bucket: bucket.to_string(),
                },
                key.trim_end_matches('/').to_string(),
            )
        } else if uri.contains("://") && !uri.starts_with("file://") {
            return Err(bad(
                "only local paths, file:// and s3:// are supported".into()
            ));
        } else {
            let text = uri.strip_prefix("file://").unwrap_or(uri);
            let absolute = normalise(&std::path::absolute(text).map_err(|e| bad(e.to_string()))?);
            let key = absolute.to_string_lossy().trim_end_matches('/').to_string();
            (Kind::Local(absolute), key)
        };
        // `data/2024-*.csv`: list under `data/`, keep what matches the whole pattern.
        let (prefix, glob) = match key.find(['*', '?', '[']) {
            Some(at) => {
                let prefix = key[..at].rsplit_once('/').map_or("", |(p, _)| p);
                let pattern = glob::Pattern::new(key.trim_start_matches('/'))
                    .map_err(|e| bad(format!("bad glob: {e}")))?;
                (prefix.to_string(), Some(pattern))
            }
            None => (key, None),
        };
        let path = ObjectPath::parse(prefix.trim_start_matches('/'))
            .map_err(|e| bad(format!("not a valid object path: {e}")))?;
        let kind = match (kind, &glob) {
            // A local glob's own path is its folder.
            (Kind::Local(_), Some(_)) => Kind::Local(PathBuf::from(format!("/{path}"))),
            (kind, _) => kind,
        };
        Ok(Location {
            uri: uri.to_string(),
            kind,
            path,
            glob,
        })
    }

    /// The local path, for a local location.
    pub fn local_path(&self) -> Option<&Path> {
        match &self.kind {
            Kind::Local(p) => Some(p),
            Kind::S3 { .. } => None,
        }
    }

    /// The URL DataFusion knows the store by: `s3://bucket` or `file:///`.
    pub fn store_url(&self) -> Url {
        let text = match &self.kind {
            Kind::Local(_) => "file:///".to_string(),
            Kind::S3 { bucket } => format!("s3://{bucket}"),
        };
        Url::parse(&text).expect("a bucket name or file:/// is a valid URL")
    }

    /// The full URL of an object of this store, for DataFusion.
    pub fn object_url(&self, path: &ObjectPath) -> String {
        let mut url = self.store_url();
        if let Ok(mut segments) = url.path_segments_mut() {
            // Each part escaped, `%` included: DataFusion decodes the URL back to the key.
            segments
                .clear()
                .extend(path.parts().map(|p| p.as_ref().to_string()));
        }
        url.to_string()
    }

    /// An object of this store as the user would write it.
    pub fn display(&self, path: &ObjectPath) -> String {
        match &self.kind {
            Kind::Local(_) => format!("/{path}"),
            Kind::S3 { bucket } => format!("s3://{bucket}/{path}"),
        }
    }

    /// A sibling of this location's object (same folder, another name).
    pub fn sibling(&self, name: impl FnOnce(&str) -> String) -> ObjectPath {
        let text = self.path.as_ref();
        let (folder, file) = text.rsplit_once('/').unwrap_or(("", text));
        let name = name(file);
        let raw = if folder.is_empty() {
            name
        } else {
            format!("{folder}/{name}")
        };
        // The name is as raw as the path it comes from (no percent-encoding).
        ObjectPath::parse(&raw).unwrap_or_else(|_| ObjectPath::from(raw))
    }

    /// Opens the store and registers it with `ctx`.
    pub fn open(&self, ctx: &SessionContext) -> Result<Arc<dyn ObjectStore>> {
        let store: Arc<dyn ObjectStore> = match &self.kind {
            Kind::Local(_) => Arc::new(LocalFileSystem::new()),
            Kind::S3 { bucket } => Arc::new(s3(bucket).map_err(|e| Error::Input {
                uri: self.uri.clone(),
                message: describe(&e),
            })?),
        };
        ctx.register_object_store(&self.store_url(), store.clone());
        Ok(store)
    }
}

/// `/a/./b/../c` → `/a/c`, without touching the file system (the path may not exist yet).
fn normalise(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn s3(bucket: &str) -> object_store::Result<object_store::aws::AmazonS3> {
    let retry = RetryConfig {
        max_retries: 3,
        retry_timeout: Duration::from_secs(30),
        ..RetryConfig::default()
    };
    let mut builder = AmazonS3Builder::from_env()
        .with_bucket_name(bucket)
        .with_retry(retry);
    if std::env::var_os("AWS_REGION").is_none() && std::env::var_os("AWS_DEFAULT_REGION").is_none()
    {
        builder = builder.with_region("us-east-1");
    }
    builder.build()
}

/// One line about an object store error: what went wrong, not the HTTP exchange.
pub fn describe(error: &object_store::Error) -> String {
    use object_store::Error as E;
    let detail = error.to_string();
    let hint = if detail.contains("InvalidAccessKeyId") || detail.contains("SignatureDoesNotMatch")
    {
        Some("the credentials were refused: check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
    } else if detail.contains("NoSuchBucket") {
        Some("no such bucket")
    } else if detail.contains("Missing bucket name") {
        Some("no bucket named")
    } else if detail.contains("error sending request")
        || detail.contains("Connection refused")
        || detail.contains("dns error")
    {
        Some("cannot reach the store (check AWS_ENDPOINT_URL and the network)")
    } else {
        None
    };
    match (error, hint) {
        (_, Some(hint)) => hint.to_string(),
        (E::NotFound { .. }, None) => "no such file or object".to_string(),
        (E::PermissionDenied { .. }, None) => "access denied: the credentials were refused or \
             do not allow this (check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and the bucket's \
             policy)"
            .to_string(),
        (E::Unauthenticated { .. }, None) => {
            "not signed in: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY".to_string()
        }
        _ => first_line(&detail),
    }
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or(text).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3_uris_name_a_bucket_and_a_key() {
        let l = Location::parse("s3://data/flights/2013.csv").unwrap();
        assert_eq!(
            l.kind,
            Kind::S3 {
                bucket: "data".into()
            }
        );
        assert_eq!(l.path.as_ref(), "flights/2013.csv");
        assert_eq!(l.object_url(&l.path), "s3://data/flights/2013.csv");
        assert_eq!(l.display(&l.path), "s3://data/flights/2013.csv");
        assert!(Location::parse("s3:///key").is_err());
        assert!(Location::parse("gs://b/k").is_err());
    }

    #[test]
    fn globs_list_under_their_folder() {
        let l = Location::parse("s3://b/logs/2024-*.csv").unwrap();
        assert_eq!(l.path.as_ref(), "logs");
        assert!(l.glob.as_ref().unwrap().matches("logs/2024-01.csv"));
        assert!(!l.glob.as_ref().unwrap().matches("logs/2023-01.csv"));
        let local = Location::parse("/tmp/x/*.csv").unwrap();
        assert_eq!(local.path.as_ref(), "tmp/x");
        assert!(local.glob.unwrap().matches("tmp/x/a.csv"));
    }

    #[test]
    fn local_paths_become_absolute_file_urls() {
        let l = Location::parse("file:///tmp/a b.csv").unwrap();
        assert_eq!(l.local_path(), Some(Path::new("/tmp/a b.csv")));
        assert_eq!(l.object_url(&l.path), "file:///tmp/a%20b.csv");
        let percent = Location::parse("s3://b/100%/out").unwrap();
        assert_eq!(percent.object_url(&percent.path), "s3://b/100%25/out");
        assert_eq!(
            percent.sibling(|n| format!(".{n}.tmp")).as_ref(),
            "100%/.out.tmp"
        );
        let up = Location::parse("/a/b/../c/./d.csv").unwrap();
        assert_eq!(up.path.as_ref(), "a/c/d.csv");
        let relative = Location::parse("data/x.csv").unwrap();
        assert!(relative.local_path().unwrap().is_absolute());
        assert_eq!(
            relative.sibling(|n| format!(".{n}.tmp")).as_ref(),
            format!(
                "{}/.x.csv.tmp",
                relative.path.as_ref().rsplit_once('/').unwrap().0
            )
        );
    }
}
