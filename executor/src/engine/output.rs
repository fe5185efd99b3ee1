//! Writing results atomically: everything goes under a hidden temporary name beside the
//! destination and is renamed into place at the end, with its manifest. A failed or killed
//! run leaves nothing a reader could mistake for output.

use crate::error::{Error, Result};
use datafusion::dataframe::{DataFrame, DataFrameWriteOptions};
use std::path::{Path, PathBuf};

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

    pub fn parse(text: &str) -> Option<OutputFormat> {
        match text {
            "csv" => Some(OutputFormat::Csv),
            "parquet" => Some(OutputFormat::Parquet),
            "json" | "jsonl" => Some(OutputFormat::JsonLines),
            _ => None,
        }
    }
}

/// Where a run writes: one file (the path has a format's extension) or a folder of parts.
#[derive(Clone, Debug)]
pub struct Destination {
    pub path: PathBuf,
    pub format: OutputFormat,
    pub single_file: bool,
}

impl Destination {
    pub fn new(uri: &str, format: Option<OutputFormat>) -> Result<Destination> {
        let path = PathBuf::from(uri.strip_prefix("file://").unwrap_or(uri));
        let named = OutputFormat::from_name(uri);
        // A folder of CSV parts unless the name or --format says otherwise.
        let format = format.or(named).unwrap_or(OutputFormat::Csv);
        Ok(Destination {
            path,
            format,
            single_file: named.is_some(),
        })
    }

    /// The manifest: inside the folder, or beside the file.
    pub fn manifest_path(&self) -> PathBuf {
        if self.single_file {
            sibling(&self.path, |name| format!("{name}.manifest.json"))
        } else {
            self.path.join("_SUCCESS")
        }
    }

    fn temporary(&self) -> PathBuf {
        sibling(&self.path, |name| {
            format!(".{name}.wrangle-tmp-{}", std::process::id())
        })
    }
}

fn sibling(path: &Path, name: impl FnOnce(&str) -> String) -> PathBuf {
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(name(&file))
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes `frame`, then the manifest that `manifest` returns given the number of rows
/// written, committing both at once. Returns the rows written.
pub async fn write_atomically(
    frame: DataFrame,
    destination: &Destination,
    overwrite: bool,
    manifest: impl FnOnce(u64) -> String,
) -> Result<u64> {
    let exists = destination.path.exists();
    if exists && !overwrite {
        return Err(Error::Output {
            uri: destination.path.display().to_string(),
            message: "already exists; pass --overwrite to replace it".into(),
        });
    }
    if let Some(parent) = destination
        .path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent).map_err(io(parent))?;
    }
    let temporary = destination.temporary();
    let _cleanup = RemoveOnDrop(temporary.clone());
    let target = if destination.single_file {
        // DataFusion names a single output after the path's extension.
        let name = destination
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        std::fs::create_dir_all(&temporary).map_err(io(&temporary))?;
        temporary.join(name)
    } else {
        temporary.clone()
    };
    let target_text = target.to_string_lossy().into_owned();
    let options = DataFrameWriteOptions::new().with_single_file_output(destination.single_file);
    let written = match destination.format {
        OutputFormat::Csv => frame.write_csv(&target_text, options, None).await,
        OutputFormat::Parquet => frame.write_parquet(&target_text, options, None).await,
        OutputFormat::JsonLines => frame.write_json(&target_text, options, None).await,
    }
    .map_err(|e| Error::Engine(e.strip_backtrace()))?;
    let rows = written_rows(&written);
    let manifest = manifest(rows);
    if destination.single_file {
        let manifest_temp = temporary.join("manifest.json");
        std::fs::write(&manifest_temp, manifest).map_err(io(&manifest_temp))?;
        replace(&target, &destination.path, overwrite)?;
        std::fs::rename(&manifest_temp, destination.manifest_path())
            .map_err(io(&destination.path))?;
    } else {
        std::fs::create_dir_all(&temporary).map_err(io(&temporary))?;
        let manifest_path = temporary.join("_SUCCESS");
        std::fs::write(&manifest_path, manifest).map_err(io(&manifest_path))?;
        replace(&temporary, &destination.path, overwrite)?;
    }
    Ok(rows)
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
/// hidden `.NAME.wrangle-tmp-PID` that no reader takes for output).
struct RemoveOnDrop(PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        if self.0.is_dir() {
            let _ = std::fs::remove_dir_all(&self.0);
        } else if self.0.exists() {
            let _ = std::fs::remove_file(&self.0);
        }
    }
}
