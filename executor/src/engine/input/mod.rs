//! Opening an input: CSV (optionally gzip or zstd), Parquet or JSON lines, from a file, a
//! folder or prefix, or a glob, locally or on S3, as a DataFusion plan.

mod csv;

use self::csv::open_csv;
use super::bad_rows::{self, BadRow};
use super::csv_dialect::{CsvDialect, CsvOverrides};
use super::csv_types::{self, Typing};
use super::format::{Compression, Format};
use super::listing::{self, InputObject};
use super::store::Location;
use crate::error::{CsvValue, Error, Result};
use datafusion::datasource::file_format::file_compression_type::FileCompressionType;
use datafusion::execution::context::SessionContext;
use datafusion::logical_expr::LogicalPlan;
use datafusion::prelude::{JsonReadOptions, ParquetReadOptions};
use object_store::ObjectStore;
use std::path::PathBuf;
use std::sync::Arc;

fn compression(c: Compression) -> FileCompressionType {
    match c {
        Compression::None => FileCompressionType::UNCOMPRESSED,
        Compression::Gzip => FileCompressionType::GZIP,
        Compression::Zstd => FileCompressionType::ZSTD,
    }
}

/// How inputs are read: CSV options given on the command line (the rest is sniffed) and
/// what to do with malformed CSV rows.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    pub csv: CsvOverrides,
    pub bad_rows: BadRows,
    /// The recipe starts with `header row N`: the columns are named from row N of the
    /// CSV and the rows up to it are not data.
    pub header_row: Option<u64>,
    /// Which rows a CSV's column types come from.
    pub typing: Typing,
}

/// What a malformed CSV row (ragged, a quote never closed, not UTF-8) does to a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BadRows {
    /// Stop, naming the object and the line.
    #[default]
    Fail,
    /// Leave the row out, count it and write it to a rejects file beside the output.
    Skip,
}

/// An input, opened: its objects and the plan over their rows.
#[derive(Clone, Debug)]
pub struct Opened {
    pub uri: String,
    pub plan: LogicalPlan,
    pub objects: Vec<InputObject>,
    pub format: Format,
    /// The CSV dialect it is read with (given or sniffed).
    pub dialect: Option<CsvDialect>,
    /// Malformed rows left out (`--on-bad-rows skip`), and the file listing them.
    pub rejected: u64,
    pub rejects: Option<PathBuf>,
    /// About how many rows the input holds, when the start of an uncompressed CSV tells
    /// (for the progress bar).
    pub estimated_rows: Option<u64>,
    /// A CSV's columns, in file order (read as text, then converted).
    pub columns: Vec<String>,
    store: Arc<dyn ObjectStore>,
    /// Holds clean copies and the rejects file for as long as the run needs them.
    _work: Option<Arc<tempfile::TempDir>>,
}

impl Opened {
    /// The bytes the input's objects hold (compressed, as stored).
    pub fn bytes(&self) -> u64 {
        self.objects.iter().map(|o| o.meta.size).sum()
    }

    /// The first malformed row of a CSV input, to explain a run that failed reading it.
    pub async fn first_bad_row(&self) -> Result<Option<BadRow>> {
        let (Format::Csv(compression), Some(dialect)) = (self.format, &self.dialect) else {
            return Ok(None);
        };
        bad_rows::first_bad_row(
            self.store.clone(),
            &self.object_pairs(),
            compression,
            dialect,
        )
        .await
    }

    /// What explains a CSV value that did not fit its column (when it is this input's):
    /// the object and line it is on, or a malformed row before it.
    pub async fn locate(&self, mut value: CsvValue) -> std::result::Result<CsvValue, BadRow> {
        let (Format::Csv(compression), Some(dialect)) = (self.format, &self.dialect) else {
            return Ok(value);
        };
        if value.input != self.uri || value.at.is_some() {
            return Ok(value);
        }
        let Some(column) = self.columns.iter().position(|c| *c == value.column) else {
            return Ok(value);
        };
        let found = csv_types::locate(
            self.store.as_ref(),
            &self.object_pairs(),
            compression,
            dialect,
            column,
            &value.value,
            self.rejects.is_some(),
        )
        .await;
        match found {
            Ok(Some(csv_types::Found::BadRow(bad))) => Err(bad),
            Ok(Some(csv_types::Found::Value(object, line))) => {
                value.at = Some((object, line));
                Ok(value)
            }
            Ok(None) | Err(_) => Ok(value),
        }
    }

    fn object_pairs(&self) -> Vec<(object_store::ObjectMeta, String)> {
        self.objects
            .iter()
            .map(|o| (o.meta.clone(), o.uri.clone()))
            .collect()
    }
}

/// Opens `uri` (a path, `file://` or `s3://` URL; a file, a folder or prefix, or a glob)
/// as a plan over its rows.
pub async fn open(ctx: &SessionContext, uri: &str, options: &ReadOptions) -> Result<Opened> {
    let location = Location::parse(uri)?;
    let store = location.open(ctx)?;
    let objects = listing::list(store.as_ref(), &location).await?;
    let input_error = |message: String| Error::Input {
        uri: uri.to_string(),
        message,
    };
    // Listing keeps only names with a known format; the first decides, the rest must agree.
    let first = objects[0].meta.location.to_string();
    let format = Format::from_name(&first).ok_or_else(|| {
        input_error("cannot tell the format: name it .csv, .csv.gz, .parquet or .jsonl".into())
    })?;
    if let Some(other) = objects
        .iter()
        .find(|o| Format::from_name(o.meta.location.as_ref()) != Some(format))
    {
        return Err(input_error(format!(
            "mixes formats: {} and {}",
            objects[0].uri, other.uri
        )));
    }
    let mut opened = Opened {
        uri: uri.to_string(),
        plan: LogicalPlan::EmptyRelation(datafusion::logical_expr::EmptyRelation {
            produce_one_row: false,
            schema: Arc::new(datafusion::common::DFSchema::empty()),
        }),
        objects,
        format,
        dialect: None,
        rejected: 0,
        rejects: None,
        estimated_rows: None,
        columns: Vec::new(),
        store,
        _work: None,
    };
    // The URLs are exact objects, listed already: no extension filter (it would drop
    // `B.CSV` beside `a.csv`, or `.jsonl` beside `.json`).
    let extension = String::new();
    let urls: Vec<String> = opened.objects.iter().map(|o| o.url.clone()).collect();
    let engine_error = |e: datafusion::error::DataFusionError| input_error(e.strip_backtrace());
    if options.header_row.is_some() && !matches!(format, Format::Csv(_)) {
        return Err(input_error(
            "`header` names the columns from a row of a CSV; this input's columns are named \
             already: remove the step"
                .into(),
        ));
    }
    opened.plan = match format {
        Format::Csv(c) => return open_csv(ctx, opened, c, options).await,
        Format::Parquet => ctx
            .read_parquet(urls, ParquetReadOptions::new().file_extension(&extension))
            .await
            .map_err(engine_error)?
            .into_unoptimized_plan(),
        Format::JsonLines(c) => {
            let options = JsonReadOptions::default()
                .file_extension(&extension)
                .file_compression_type(compression(c));
            ctx.read_json(urls, options)
                .await
                .map_err(engine_error)?
                .into_unoptimized_plan()
        }
    };
    Ok(opened)
}

/// A run stops at a malformed row: the object, the line and what is wrong, with the way
/// out.
pub fn bad_row_error(bad: &BadRow) -> Error {
    Error::Input {
        uri: bad.object.clone(),
        message: format!(
            "line {}: the row {}; fix it, or pass --on-bad-rows skip to set such rows aside",
            bad.line, bad.reason
        ),
    }
}
