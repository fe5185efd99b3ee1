//! Opening an input: CSV (optionally gzip or zstd), Parquet or JSON lines, from a file, a
//! folder or a glob, as a DataFusion plan.

use crate::error::{Error, Result};
use datafusion::datasource::file_format::file_compression_type::FileCompressionType;
use datafusion::execution::context::SessionContext;
use datafusion::logical_expr::LogicalPlan;
use datafusion::prelude::{CsvReadOptions, JsonReadOptions, ParquetReadOptions};
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv(Compression),
    Parquet,
    JsonLines(Compression),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    None,
    Gzip,
    Zstd,
}

impl Format {
    /// The format a file name says: `.csv`, `.csv.gz`, `.csv.zst`, `.tsv`, `.parquet`,
    /// `.json`, `.jsonl`, `.ndjson` (with `.gz`/`.zst`).
    pub fn from_name(name: &str) -> Option<Format> {
        let lower = name.to_ascii_lowercase();
        let (stem, compression) = if let Some(s) = lower.strip_suffix(".gz") {
            (s.to_string(), Compression::Gzip)
        } else if let Some(s) = lower.strip_suffix(".zst") {
            (s.to_string(), Compression::Zstd)
        } else {
            (lower, Compression::None)
        };
        if stem.ends_with(".csv") || stem.ends_with(".tsv") || stem.ends_with(".txt") {
            Some(Format::Csv(compression))
        } else if stem.ends_with(".parquet") || stem.ends_with(".pq") {
            (compression == Compression::None).then_some(Format::Parquet)
        } else if stem.ends_with(".json") || stem.ends_with(".jsonl") || stem.ends_with(".ndjson") {
            Some(Format::JsonLines(compression))
        } else {
            None
        }
    }

    /// The extension DataFusion lists files by.
    fn extension(self, name: &str) -> String {
        let lower = name.to_ascii_lowercase();
        [
            "csv.gz",
            "csv.zst",
            "tsv.gz",
            "tsv.zst",
            "json.gz",
            "jsonl.gz",
            "ndjson.gz",
            "csv",
            "tsv",
            "txt",
            "parquet",
            "pq",
            "jsonl",
            "ndjson",
            "json",
        ]
        .iter()
        .find(|e| lower.ends_with(&format!(".{e}")))
        .map(|e| format!(".{e}"))
        .unwrap_or_default()
    }
}

fn compression(c: Compression) -> FileCompressionType {
    match c {
        Compression::None => FileCompressionType::UNCOMPRESSED,
        Compression::Gzip => FileCompressionType::GZIP,
        Compression::Zstd => FileCompressionType::ZSTD,
    }
}

/// Opens `uri` (a path or `file://` URL) as a plan over its rows.
pub async fn open(ctx: &SessionContext, uri: &str) -> Result<LogicalPlan> {
    let path = uri.strip_prefix("file://").unwrap_or(uri);
    let local = Path::new(path);
    if !path.contains(['*', '?', '[']) && !local.exists() {
        return Err(Error::Input {
            uri: uri.to_string(),
            message: "no such file or folder".into(),
        });
    }
    // A folder: the format of its first file decides.
    let sample = if local.is_dir() {
        first_file(local).unwrap_or_default()
    } else {
        path.to_string()
    };
    let format = Format::from_name(&sample).ok_or_else(|| Error::Input {
        uri: uri.to_string(),
        message: "cannot tell the format: name it .csv, .csv.gz, .parquet or .jsonl".into(),
    })?;
    let extension = format.extension(&sample);
    let input_error = |e: datafusion::error::DataFusionError| Error::Input {
        uri: uri.to_string(),
        message: e.strip_backtrace(),
    };
    let frame = match format {
        Format::Csv(c) => {
            let delimiter = if sample.to_ascii_lowercase().contains(".tsv") {
                b'\t'
            } else {
                b','
            };
            let options = || {
                CsvReadOptions::new()
                    .has_header(true)
                    .delimiter(delimiter)
                    .file_extension(&extension)
                    .file_compression_type(compression(c))
                    .schema_infer_max_records(10_000)
            };
            return read_csv_with_null_markers(ctx, path, options)
                .await
                .map_err(input_error);
        }
        Format::Parquet => ctx
            .read_parquet(path, ParquetReadOptions::new().file_extension(&extension))
            .await
            .map_err(input_error)?,
        Format::JsonLines(c) => {
            let options = JsonReadOptions::default()
                .file_extension(&extension)
                .file_compression_type(compression(c));
            ctx.read_json(path, options).await.map_err(input_error)?
        }
    };
    Ok(frame.into_unoptimized_plan())
}

/// Text that means "no value" in a CSV cell (an empty cell always does).
pub const NULL_MARKERS: &[&str] = &["NA", "N/A", "NULL", "null"];

/// Reads a CSV where cells such as `NA` mean null. DataFusion's reader does not apply a
/// null pattern (only its schema inference does), so columns are typed as if the markers
/// were empty, read as text, and converted after the markers become null.
async fn read_csv_with_null_markers<'a>(
    ctx: &SessionContext,
    path: &str,
    options: impl Fn() -> CsvReadOptions<'a>,
) -> datafusion::error::Result<LogicalPlan> {
    use datafusion::arrow::datatypes::DataType;
    use datafusion::logical_expr::{lit, try_cast, when, Expr};
    let pattern = format!("^({})$", NULL_MARKERS.join("|").replace('/', "\\/"));
    let typed = ctx
        .read_csv(path, options().null_regex(Some(pattern)))
        .await?;
    let typed_schema = typed.schema().as_arrow().clone();
    let raw = ctx.read_csv(path, options()).await?;
    let raw_schema = raw.schema().as_arrow().clone();
    let markers: Vec<Expr> = NULL_MARKERS.iter().map(|m| lit(*m)).collect();
    let mut exprs = Vec::with_capacity(raw_schema.fields().len());
    let mut changed = false;
    for (raw_field, typed_field) in raw_schema.fields().iter().zip(typed_schema.fields()) {
        let column = crate::compile::column(raw_field.name());
        if raw_field.data_type() != &DataType::Utf8 {
            exprs.push(column);
            continue;
        }
        changed = true;
        let cleaned = when(
            column.clone().in_list(markers.clone(), false),
            lit(datafusion::common::ScalarValue::Utf8(None)),
        )
        .otherwise(column)?;
        let value = if typed_field.data_type() == &DataType::Utf8 {
            cleaned
        } else {
            try_cast(cleaned, typed_field.data_type().clone())
        };
        exprs.push(value.alias(raw_field.name()));
    }
    let plan = raw.into_unoptimized_plan();
    if !changed {
        return Ok(plan);
    }
    datafusion::logical_expr::LogicalPlanBuilder::from(plan)
        .project(exprs)?
        .build()
}

fn first_file(dir: &Path) -> Option<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter_map(|p| p.to_str().map(str::to_string))
        .filter(|n| Format::from_name(n).is_some())
        .collect();
    names.sort();
    names.into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_come_from_names() {
        assert_eq!(
            Format::from_name("a/flights.csv.gz"),
            Some(Format::Csv(Compression::Gzip))
        );
        assert_eq!(Format::from_name("x.PARQUET"), Some(Format::Parquet));
        assert_eq!(
            Format::from_name("x.jsonl.zst"),
            Some(Format::JsonLines(Compression::Zstd))
        );
        assert_eq!(Format::from_name("x.xlsx"), None);
    }
}
