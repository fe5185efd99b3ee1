//! Writing results atomically: everything goes under a hidden temporary name beside the
//! destination and is committed at the end, with its manifest (renamed into place locally,
//! copied and then marked by the manifest on S3). A failed or killed run leaves nothing a
//! reader could mistake for output.

use super::store::{describe, Location};
use crate::error::{Error, Result};
use datafusion::dataframe::{DataFrame, DataFrameWriteOptions};
use datafusion::execution::context::SessionContext;
use futures::TryStreamExt;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Csv,
    Parquet,
    JsonLines,
}

impl OutputFormat {
    pub fn from_name(name: &str) -> Option<OutputFormat> {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".csv") {
            Some(OutputFormat::Csv)
        } else if lower.ends_with(".parquet") {
            Some(OutputFormat::Parquet)
        } else if lower.ends_with(".jsonl")
            || lower.ends_with(".json")
            || lower.ends_with(".ndjson")
        {
            Some(OutputFormat::JsonLines)
        } else {
            None
        }
    }

    /// `--format`'s values.
    pub fn parse_arg(text: &str) -> std::result::Result<OutputFormat, String> {
        OutputFormat::parse(text)
            .ok_or_else(|| format!("`{text}`: the formats are csv, parquet and json"))
    }

    /// The extension a file of this format is named with (and `--format`'s name of it).
    pub fn extension(self) -> &'static str {
        match self {
            OutputFormat::Csv => "csv",
            OutputFormat::Parquet => "parquet",
            OutputFormat::JsonLines => "jsonl",
        }
    }

    pub fn parse(text: &str) -> Option<OutputFormat> {
        match text {
            "csv" => Some(OutputFormat::Csv),
            "parquet" => Some(OutputFormat::Parquet),
            "json" | "jsonl" => Some(OutputFormat::JsonLines),
            _ => None,
        }
    }
}

/// Where a run writes: one file (the path has a format's extension) or a folder of parts
/// (optionally partitioned by columns into `col=value/` folders), locally or on S3.
#[derive(Clone, Debug)]
pub struct Destination {
    pub location: Location,
    pub format: OutputFormat,
    pub single_file: bool,
    pub partition_by: Vec<String>,
    store: Arc<dyn ObjectStore>,
}

impl Destination {
    /// Parses the output URI and opens its store (registered with `ctx`).
    pub fn open(
        ctx: &SessionContext,
        uri: &str,
        format: Option<OutputFormat>,
        partition_by: Vec<String>,
    ) -> Result<Destination> {
        let location = Location::parse(uri)?;
        if location.glob.is_some() {
            return Err(Error::Usage(format!(
                "--output {uri}: an output cannot be a glob"
            )));
        }
        if location.path.as_ref().is_empty() {
            return Err(Error::Usage(format!(
                "--output {uri}: name a file or folder inside the bucket"
            )));
        }
        let named = OutputFormat::from_name(uri);
        if let (Some(named), Some(given)) = (named, format) {
            if named != given {
                return Err(Error::Usage(format!(
                    "--output {uri} names a {named:?} file but --format says {given:?}: \
                     rename the output or drop --format"
                )));
            }
        }
        let single_file = named.is_some() && partition_by.is_empty();
        if named.is_some() && !partition_by.is_empty() {
            return Err(Error::Usage(format!(
                "--output {uri}: a partitioned output is a folder; drop the file extension"
            )));
        }
        // A folder of CSV parts unless the name or --format says otherwise.
        let format = format.or(named).unwrap_or(OutputFormat::Csv);
        let store = location.open(ctx).map_err(|e| match e {
            Error::Input { message, .. } => Error::Output {
                uri: uri.to_string(),
                message,
            },
            other => other,
        })?;
        Ok(Destination {
            location,
            format,
            single_file,
            partition_by,
            store,
        })
    }

    fn output_error(&self, message: String) -> Error {
        Error::Output {
            uri: self.location.uri.clone(),
            message,
        }
    }

    /// The manifest: inside the folder, or beside the file.
    pub fn manifest_path(&self) -> ObjectPath {
        if self.single_file {
            self.location
                .sibling(|name| format!("{name}.manifest.json"))
        } else {
            self.location.path.clone().join("_SUCCESS")
        }
    }

    /// A file committed beside the output (rejected rows): `NAME.SUFFIX`.
    pub fn beside(&self, suffix: &str) -> ObjectPath {
        self.location.sibling(|name| format!("{name}.{suffix}"))
    }

    /// Where the run writes before it commits: a hidden name beside the destination,
    /// unique to this run (`.NAME.wrangle-tmp-PID-NONCE`).
    fn temporary(&self) -> ObjectPath {
        self.location
            .sibling(|name| format!(".{name}{TEMPORARY_MARK}{}", run_tag()))
    }

    /// Whether something is at the destination already.
    pub async fn exists(&self) -> Result<bool> {
        if let Some(path) = self.location.local_path() {
            return Ok(path.exists());
        }
        // Objects under it first: a folder of parts is a prefix, not an object.
        let mut under = self.store.list(Some(&self.location.path));
        match under.try_next().await {
            Ok(Some(_)) => return Ok(true),
            Ok(None) => {}
            Err(e) => return Err(self.output_error(describe(&e))),
        }
        match self.store.head(&self.location.path).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(self.output_error(describe(&e))),
        }
    }

    /// Removes this run's temporary output (after a failure or an interrupt).
    pub async fn discard_temporary(&self) {
        let temporary = self.temporary();
        if let Some(path) = self.local(&temporary) {
            remove_local(&path);
        } else {
            let _ = self.delete_under(&temporary).await;
        }
    }

    fn local(&self, path: &ObjectPath) -> Option<PathBuf> {
        self.location
            .local_path()
            .map(|_| PathBuf::from(format!("/{path}")))
    }

    /// Deletes the object at `path` and every object under it.
    async fn delete_under(&self, path: &ObjectPath) -> object_store::Result<()> {
        let mut objects: Vec<ObjectPath> = self
            .store
            .list(Some(path))
            .map_ok(|meta| meta.location)
            .try_collect()
            .await?;
        if self.store.head(path).await.is_ok() {
            objects.push(path.clone());
        }
        for object in objects {
            match self.store.delete(&object).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

/// Temporary outputs are named `.NAME.wrangle-tmp-PID-NONCE`.
const TEMPORARY_MARK: &str = ".wrangle-tmp-";

/// `PID-NONCE`: this process, and a number no earlier run with the same PID had (the
/// start time in nanoseconds, fixed for the life of the process).
fn run_tag() -> &'static str {
    static TAG: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TAG.get_or_init(|| {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        format!("{}-{nanos:x}", std::process::id())
    })
}

/// Writes `frame`, then the manifest that `manifest` returns given the number of rows
/// written, and the `sidecars` (local files committed beside the output, by suffix),
/// committing them all at the end. Returns the rows written. On failure nothing is left.
pub async fn write_atomically(
    frame: DataFrame,
    destination: &Destination,
    overwrite: bool,
    sidecars: &[(&str, PathBuf)],
    manifest: impl FnOnce(u64) -> String,
) -> Result<u64> {
    if destination.exists().await? && !overwrite {
        return Err(
            destination.output_error("already exists; pass --overwrite to replace it".into())
        );
    }
    let result = match destination.location.local_path() {
        Some(path) => write_local(frame, destination, path, overwrite, sidecars, manifest).await,
        None => write_remote(frame, destination, overwrite, sidecars, manifest).await,
    };
    if result.is_err() {
        destination.discard_temporary().await;
    }
    result
}

fn write_options(destination: &Destination) -> DataFrameWriteOptions {
    DataFrameWriteOptions::new()
        .with_single_file_output(destination.single_file)
        .with_partition_by(destination.partition_by.clone())
}

async fn write_frame(frame: DataFrame, destination: &Destination, target: &str) -> Result<u64> {
    let options = write_options(destination);
    let written = match destination.format {
        OutputFormat::Csv => frame.write_csv(target, options, None).await,
        OutputFormat::Parquet => frame.write_parquet(target, options, None).await,
        OutputFormat::JsonLines => frame.write_json(target, options, None).await,
    }
    .map_err(Error::engine)?;
    Ok(written_rows(&written))
}

/// The name a single-file output has inside its temporary folder.
fn file_name(destination: &Destination) -> String {
    let path = destination.location.path.as_ref();
    path.rsplit_once('/').map_or(path, |(_, n)| n).to_string()
}

/// Locally, the temporary folder is renamed into place: a reader sees all or nothing.
async fn write_local(
    frame: DataFrame,
    destination: &Destination,
    path: &Path,
    overwrite: bool,
    sidecars: &[(&str, PathBuf)],
    manifest: impl FnOnce(u64) -> String,
) -> Result<u64> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io(parent))?;
        remove_stale_temporaries(parent, &file_name(destination));
    }
    let temporary = PathBuf::from(format!("/{}", destination.temporary()));
    let _cleanup = RemoveOnDrop(temporary.clone());
    std::fs::create_dir_all(&temporary).map_err(io(&temporary))?;
    let target = if destination.single_file {
        temporary.join(file_name(destination))
    } else {
        temporary.clone()
    };
    let rows = write_frame(frame, destination, &target.to_string_lossy()).await?;
    let manifest = manifest(rows);
    let local = |p: ObjectPath| PathBuf::from(format!("/{p}"));
    if destination.single_file {
        let manifest_temp = temporary.join("manifest.json");
        std::fs::write(&manifest_temp, manifest).map_err(io(&manifest_temp))?;
        replace(&target, path, overwrite)?;
        std::fs::rename(&manifest_temp, local(destination.manifest_path())).map_err(io(path))?;
    } else {
        let manifest_path = temporary.join("_SUCCESS");
        std::fs::write(&manifest_path, manifest).map_err(io(&manifest_path))?;
        replace(&temporary, path, overwrite)?;
    }
    for (suffix, file) in sidecars {
        let to = local(destination.beside(suffix));
        replace_file_by_copy(file, &to)?;
    }
    Ok(rows)
}

/// On S3 there is no rename: parts are written under the temporary prefix, copied into
/// place, and the manifest is written last — a reader waits for `_SUCCESS` (or the
/// `.manifest.json` of a single file).
async fn write_remote(
    frame: DataFrame,
    destination: &Destination,
    overwrite: bool,
    sidecars: &[(&str, PathBuf)],
    manifest: impl FnOnce(u64) -> String,
) -> Result<u64> {
    let fail = |e: object_store::Error| destination.output_error(describe(&e));
    let temporary = destination.temporary();
    let location = &destination.location;
    let target = if destination.single_file {
        location.object_url(&temporary.clone().join(file_name(destination)))
    } else {
        format!("{}/", location.object_url(&temporary))
    };
    let rows = write_frame(frame, destination, &target).await?;
    let manifest = manifest(rows);
    let store = &destination.store;
    if overwrite {
        store
            .delete(&destination.manifest_path())
            .await
            .or_else(ignore_missing)
            .map_err(fail)?;
        destination
            .delete_under(&location.path)
            .await
            .map_err(fail)?;
    }
    let parts: Vec<object_store::ObjectMeta> = store
        .list(Some(&temporary))
        .try_collect()
        .await
        .map_err(fail)?;
    let depth = temporary.parts().count();
    for part in &parts {
        let to = if destination.single_file {
            location.path.clone()
        } else {
            part.location
                .parts()
                .skip(depth)
                .fold(location.path.clone(), |p, name| p.join(name))
        };
        copy_object(store.as_ref(), part, &to).await.map_err(fail)?;
    }
    for (suffix, file) in sidecars {
        let bytes = tokio::fs::read(file).await.map_err(io(file))?;
        store
            .put(&destination.beside(suffix), bytes.into())
            .await
            .map_err(fail)?;
    }
    store
        .put(&destination.manifest_path(), manifest.into_bytes().into())
        .await
        .map_err(fail)?;
    destination.discard_temporary().await;
    Ok(rows)
}

/// S3 copies an object of up to 5 GiB in one request; a larger one is streamed into a
/// multipart upload.
async fn copy_object(
    store: &dyn ObjectStore,
    from: &object_store::ObjectMeta,
    to: &ObjectPath,
) -> object_store::Result<()> {
    copy_object_above(store, from, to, 5 * 1024 * 1024 * 1024).await
}

async fn copy_object_above(
    store: &dyn ObjectStore,
    from: &object_store::ObjectMeta,
    to: &ObjectPath,
    single_copy_limit: u64,
) -> object_store::Result<()> {
    if from.size <= single_copy_limit {
        return store.copy(&from.location, to).await;
    }
    let mut upload = object_store::WriteMultipart::new(store.put_multipart(to).await?);
    let mut bytes = store.get(&from.location).await?.into_stream();
    loop {
        match bytes.try_next().await {
            Ok(Some(chunk)) => {
                upload.wait_for_capacity(4).await?;
                upload.write(&chunk);
            }
            Ok(None) => break,
            Err(e) => {
                let _ = upload.abort().await;
                return Err(e);
            }
        }
    }
    upload.finish().await.map(|_| ())
}

fn ignore_missing(e: object_store::Error) -> object_store::Result<()> {
    match e {
        object_store::Error::NotFound { .. } => Ok(()),
        other => Err(other),
    }
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Moves `from` to `to`, replacing what is there when allowed.
fn replace(from: &Path, to: &Path, overwrite: bool) -> Result<()> {
    if overwrite && to.exists() {
        if to.is_dir() {
            std::fs::remove_dir_all(to).map_err(io(to))?;
        } else {
            std::fs::remove_file(to).map_err(io(to))?;
        }
    }
    std::fs::rename(from, to).map_err(io(to))
}

/// Puts a copy of `from` at `to` through a temporary name beside it.
fn replace_file_by_copy(from: &Path, to: &Path) -> Result<()> {
    let staged = to.with_file_name(format!(
        ".{}{TEMPORARY_MARK}{}",
        to.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
        std::process::id()
    ));
    std::fs::copy(from, &staged).map_err(io(&staged))?;
    std::fs::rename(&staged, to).map_err(io(to))
}

/// Removes `.NAME.wrangle-tmp-PID` left by runs that were killed (their process is gone).
fn remove_stale_temporaries(folder: &Path, name: &str) {
    let prefix = format!(".{name}{TEMPORARY_MARK}");
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(tag) = file.strip_prefix(&prefix) else {
            continue;
        };
        let pid = tag.split('-').next().unwrap_or_default();
        // Without /proc nothing can be told about the process: leave it.
        let alive = Path::new("/proc").join(pid).exists() || !Path::new("/proc/self").exists();
        if !alive && !pid.is_empty() && pid.chars().all(|c| c.is_ascii_digit()) {
            remove_local(&entry.path());
        }
    }
}

fn remove_local(path: &Path) {
    if path.is_dir() {
        let _ = std::fs::remove_dir_all(path);
    } else if path.exists() {
        let _ = std::fs::remove_file(path);
    }
}

fn written_rows(batches: &[datafusion::arrow::record_batch::RecordBatch]) -> u64 {
    use datafusion::arrow::array::AsArray;
    use datafusion::arrow::datatypes::UInt64Type;
    batches
        .iter()
        .filter(|b| b.num_columns() > 0 && b.num_rows() > 0)
        .filter_map(|b| {
            b.column(0)
                .as_primitive_opt::<UInt64Type>()
                .map(|a| a.value(0))
        })
        .sum()
}

/// Removes the temporary output however the run ends (a kill -9 aside, which leaves a
/// hidden `.NAME.wrangle-tmp-PID` that no reader takes for output, removed by the next run
/// to the same destination).
struct RemoveOnDrop(PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        remove_local(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use object_store::memory::InMemory;

    #[tokio::test]
    async fn objects_too_large_for_one_copy_are_streamed() {
        let store = InMemory::new();
        let from = ObjectPath::from("tmp/part-0.csv");
        let data: Vec<u8> = (0..200_000u32).flat_map(|i| i.to_le_bytes()).collect();
        store.put(&from, data.clone().into()).await.unwrap();
        let meta = store.head(&from).await.unwrap();
        for (limit, name) in [(u64::MAX, "one"), (0, "streamed")] {
            let to = ObjectPath::from(format!("out/{name}.csv"));
            copy_object_above(&store, &meta, &to, limit).await.unwrap();
            let copied = store.get(&to).await.unwrap().bytes().await.unwrap();
            assert_eq!(copied.as_ref(), data.as_slice(), "{name}");
        }
    }
}
