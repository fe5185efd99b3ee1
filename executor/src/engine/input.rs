//! Opening an input: CSV (optionally gzip or zstd), Parquet or JSON lines, from a file, a
//! folder or prefix, or a glob, locally or on S3, as a DataFusion plan.

use super::bad_rows::{self, BadRow};
use super::csv_dialect::{self, CsvDialect, CsvOverrides};
use super::csv_types::{self, Typing};
use super::format::{Compression, Format};
use super::listing::{self, InputObject};
use super::object_reader;
use super::store::Location;
use crate::error::{CsvValue, Error, Result};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::datasource::file_format::file_compression_type::FileCompressionType;
use datafusion::execution::context::SessionContext;
use datafusion::logical_expr::LogicalPlan;
use datafusion::prelude::{CsvReadOptions, JsonReadOptions, ParquetReadOptions};
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

/// A CSV input: the dialect sniffed from the start of the first object that has bytes
/// (what the command line gives wins), the columns named from its header and typed from
/// the rows, malformed rows found before anything runs when they are to be set aside, and
/// found afterwards to explain a failed read otherwise.
async fn open_csv(
    ctx: &SessionContext,
    mut opened: Opened,
    compression_type: Compression,
    options: &ReadOptions,
) -> Result<Opened> {
    let uri = opened.uri.clone();
    let mut sample = Vec::new();
    let mut sampled = 0;
    for (i, object) in opened.objects.iter().enumerate() {
        if object.meta.size == 0 {
            continue;
        }
        sample = object_reader::read_start(
            opened.store.as_ref(),
            &object.meta,
            &object.uri,
            compression_type,
            csv_dialect::SAMPLE_SIZE,
        )
        .await?;
        sampled = i;
        if !sample.is_empty() {
            break;
        }
    }
    let first = &opened.objects[sampled];
    let mut dialect = csv_dialect::sniff(&sample, first.meta.location.as_ref(), &options.csv);
    // `header` (row 1) reads the first row as the header, whatever the sniffer thought;
    // `header row N` reads every row as data, names the columns from row N and drops rows
    // up to it (below).
    let header_names = match options.header_row {
        None => None,
        Some(1) => {
            dialect.has_header = true;
            None
        }
        Some(row) => {
            if opened.objects.len() > 1 {
                return Err(Error::Input {
                    uri,
                    message: format!(
                        "`header row {row}` reads one file, and this input has {}: run the \
                         recipe per file, or remove the first rows beforehand",
                        opened.objects.len()
                    ),
                });
            }
            dialect.has_header = false;
            Some(
                csv_dialect::header_from_row(&sample, &dialect, row).ok_or_else(|| {
                    Error::Input {
                        uri: uri.clone(),
                        message: format!("`header row {row}`: the file has fewer rows"),
                    }
                })?,
            )
        }
    };
    dialect.check().map_err(|message| Error::Input {
        uri: uri.clone(),
        message,
    })?;
    opened.dialect = Some(dialect);
    // Names and types from the rows; with `header row N` the names are row N's and the
    // types come from the rows under it.
    let sampled = csv_types::columns(
        opened.store.as_ref(),
        &opened.object_pairs(),
        compression_type,
        &dialect,
        options.typing,
        options.bad_rows == BadRows::Skip,
        header_names.as_ref().and(options.header_row).unwrap_or(0),
    )
    .await?;
    let (names, types) = match (sampled, &header_names) {
        (csv_types::Sampled::Columns(columns), Some(names)) => {
            let mut types = columns.types;
            types.resize(names.len(), DataType::Utf8);
            (names.clone(), types)
        }
        (csv_types::Sampled::Columns(columns), None) => (columns.names, columns.types),
        (csv_types::Sampled::Empty, _) => return Err(empty_input(&opened)),
        (csv_types::Sampled::BadRow(bad), _) => return Err(bad_row_error(&bad)),
    };
    opened.columns = names.clone();
    if compression_type == Compression::None {
        opened.estimated_rows = estimate_rows(&sample, opened.bytes());
    }
    let mut urls: Vec<String> = opened.objects.iter().map(|o| o.url.clone()).collect();
    let mut compression_type = compression_type;
    if options.bad_rows == BadRows::Skip && opened.first_bad_row().await?.is_some() {
        let work = Arc::new(tempfile::tempdir().map_err(|source| Error::Io {
            path: std::env::temp_dir(),
            source,
        })?);
        let rejects = work.path().join("rejects.csv");
        let set_aside = bad_rows::set_aside_bad_rows(
            opened.store.clone(),
            &opened.object_pairs(),
            compression_type,
            &dialect,
            &work.path().join("clean"),
            &rejects,
        )
        .await?;
        urls = set_aside
            .clean_files
            .iter()
            .map(|p| {
                url::Url::from_file_path(p)
                    .map(|u| u.to_string())
                    .map_err(|()| Error::Io {
                        path: p.clone(),
                        source: std::io::Error::other("not an absolute path"),
                    })
            })
            .collect::<Result<_>>()?;
        ctx.register_object_store(
            &url::Url::parse("file:///").expect("a valid URL"),
            Arc::new(object_store::local::LocalFileSystem::new()),
        );
        compression_type = Compression::None;
        opened.rejected = set_aside.rejected;
        opened.rejects = Some(rejects);
        opened._work = Some(work);
    }
    let extension = String::new();
    // A quoted field with a line break in the sample: DataFusion must not cut the file into
    // ranges at line breaks (slower: one reader per file).
    let newlines_in_values = csv_dialect::quoted_line_breaks(&sample, &dialect);
    // Every column as text: with `header row N` numbered (named after the rows above it
    // are dropped), otherwise by the names above.
    let text_schema = Schema::new(
        names
            .iter()
            .enumerate()
            .map(|(i, name)| match header_names {
                Some(_) => Field::new(format!("column_{}", i + 1), DataType::Utf8, true),
                None => Field::new(name, DataType::Utf8, true),
            })
            .collect::<Vec<_>>(),
    );
    let mut read = CsvReadOptions::new()
        .has_header(dialect.has_header)
        .delimiter(dialect.delimiter)
        .quote(dialect.quote)
        .file_extension(&extension)
        .file_compression_type(compression(compression_type))
        .newlines_in_values(newlines_in_values)
        .schema(&text_schema);
    if let Some(escape) = dialect.escape {
        read = read.escape(escape);
    }
    if let Some(comment) = dialect.comment {
        read = read.comment(comment);
    }
    // Title lines above a header row may be shorter (they are dropped).
    if header_names.is_some() {
        read = read.truncated_rows(true);
    }
    let from_rows = csv_types::from_rows(options.typing);
    // With `header row N`, the rows down to N go before the text is converted (a title
    // line above the header is not a value of the column under it).
    let plan = match ctx.read_csv(urls, read).await {
        Ok(text) => match (&header_names, options.header_row) {
            (Some(names), Some(row)) => named_from_row(text.into_unoptimized_plan(), names, row)
                .and_then(|named| typed(named, &uri, &types, from_rows)),
            _ => typed(text.into_unoptimized_plan(), &uri, &types, from_rows),
        },
        Err(e) => Err(e),
    };
    match plan {
        Ok(plan) => {
            opened.plan = plan;
            Ok(opened)
        }
        Err(e) => Err(match opened.first_bad_row().await {
            Ok(Some(bad)) => bad_row_error(&bad),
            _ => Error::Input {
                uri,
                message: e.strip_backtrace(),
            },
        }),
    }
}

/// An input without a record: nothing names its columns.
fn empty_input(opened: &Opened) -> Error {
    match opened.objects.as_slice() {
        [one] => Error::Input {
            uri: one.uri.clone(),
            message: "the file is empty: no header names its columns and it has no rows; \
                      write at least a header line"
                .into(),
        },
        _ => Error::Input {
            uri: opened.uri.clone(),
            message: "every file is empty: no header names the columns and there are no \
                      rows; add a file with at least a header line"
                .into(),
        },
    }
}

/// The columns of a CSV read as text, converted to `types` after the null markers (`NA`,
/// `N/A`, `NULL`, `null`) become null: DataFusion's reader applies no null pattern (only
/// its schema inference does), and the types come from the rows (`csv_types`).
fn typed(
    plan: LogicalPlan,
    input: &str,
    types: &[DataType],
    from_rows: Option<u64>,
) -> datafusion::error::Result<LogicalPlan> {
    let columns: Vec<String> = plan
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    let exprs = columns.iter().zip(types).map(|(name, data_type)| {
        let column = crate::compile::column(name);
        let value = if *data_type == DataType::Utf8 {
            crate::udf::null_markers::null_markers().call(vec![column])
        } else {
            csv_types::read_value(input, name, data_type.clone(), from_rows).call(vec![column])
        };
        value.alias(name)
    });
    datafusion::logical_expr::LogicalPlanBuilder::from(plan)
        .project(exprs)?
        .build()
}

/// Drops the rows up to `row` (file order: the plan numbers its rows, which keeps the read
/// in one stream) and names the columns `names`.
fn named_from_row(
    plan: LogicalPlan,
    names: &[String],
    row: u64,
) -> datafusion::error::Result<LogicalPlan> {
    use datafusion::functions_window::expr_fn::row_number;
    use datafusion::logical_expr::{lit, LogicalPlanBuilder};
    const ORDINAL: &str = "__wrangle_header_ordinal";
    let columns: Vec<String> = plan
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    let renamed = columns
        .iter()
        .zip(names)
        .map(|(from, to)| crate::compile::column(from).alias(to));
    LogicalPlanBuilder::from(plan)
        .window(vec![row_number().alias(ORDINAL)])?
        .filter(crate::compile::column(ORDINAL).gt(lit(row)))?
        .project(renamed)?
        .build()
}

/// Rows in `total` bytes of CSV, from the average line length of its first bytes.
fn estimate_rows(sample: &[u8], total: u64) -> Option<u64> {
    let lines = sample.iter().filter(|&&b| b == b'\n').count() as u64;
    let per_line = (sample.len() as u64).checked_div(lines)?;
    total.checked_div(per_line.max(1))
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
