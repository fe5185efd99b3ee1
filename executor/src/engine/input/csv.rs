//! Opening a CSV input: the dialect sniffed, the columns named and typed, malformed rows
//! set aside when asked, and the plan that reads every column as text and converts it.

use super::{bad_row_error, compression, BadRows, Opened, ReadOptions};
use crate::engine::bad_rows;
use crate::engine::csv_dialect::{self, CsvDialect};
use crate::engine::csv_types;
use crate::engine::format::Compression;
use crate::engine::object_reader;
use crate::error::{Error, Result};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::execution::context::SessionContext;
use datafusion::logical_expr::LogicalPlan;
use datafusion::prelude::CsvReadOptions;
use std::sync::Arc;

/// A CSV input: the dialect sniffed from the start of the first object that has bytes
/// (what the command line gives wins), the columns named from its header and typed from
/// the rows, malformed rows found before anything runs when they are to be set aside, and
/// found afterwards to explain a failed read otherwise.
pub(super) async fn open_csv(
    ctx: &SessionContext,
    mut opened: Opened,
    compression_type: Compression,
    options: &ReadOptions,
) -> Result<Opened> {
    let uri = opened.uri.clone();
    let (sample, sampled) = sample_start(&opened, compression_type).await?;
    let first = &opened.objects[sampled];
    let mut dialect = csv_dialect::sniff(&sample, first.meta.location.as_ref(), &options.csv);
    let header_names = header_names(&opened, &sample, &mut dialect, options.header_row)?;
    dialect.check().map_err(|message| Error::Input {
        uri: uri.clone(),
        message,
    })?;
    opened.dialect = Some(dialect);
    let (names, types) = names_and_types(
        &opened,
        compression_type,
        &dialect,
        options,
        header_names.as_deref(),
    )
    .await?;
    opened.columns = names.clone();
    if compression_type == Compression::None {
        opened.estimated_rows = estimate_rows(&sample, opened.bytes());
    }
    let (urls, compression_type) =
        set_aside_bad_rows(ctx, &mut opened, compression_type, &dialect, options).await?;
    // A quoted field with a line break in the sample: DataFusion must not cut the file into
    // ranges at line breaks (slower: one reader per file).
    let newlines_in_values = csv_dialect::quoted_line_breaks(&sample, &dialect);
    let text_schema = text_schema(&names, header_names.is_some());
    let read = csv_read_options(
        &dialect,
        compression_type,
        newlines_in_values,
        &text_schema,
        header_names.is_some(),
    );
    let plan = read_plan(
        ctx,
        urls,
        read,
        header_names.as_deref(),
        options,
        &uri,
        &types,
    )
    .await;
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

/// The start of the first object that has bytes (decompressed, up to
/// [`csv_dialect::SAMPLE_SIZE`]), and that object's index; an empty sample when none has.
async fn sample_start(opened: &Opened, compression_type: Compression) -> Result<(Vec<u8>, usize)> {
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
    Ok((sample, sampled))
}

/// The column names a recipe's `header row N` takes from row N, when N is past the first.
/// `header` (row 1) reads the first row as the header, whatever the sniffer thought;
/// `header row N` reads every row as data, names the columns from row N and drops rows
/// up to it (`named_from_row`).
fn header_names(
    opened: &Opened,
    sample: &[u8],
    dialect: &mut CsvDialect,
    header_row: Option<u64>,
) -> Result<Option<Vec<String>>> {
    match header_row {
        None => Ok(None),
        Some(1) => {
            dialect.has_header = true;
            Ok(None)
        }
        Some(row) => {
            if opened.objects.len() > 1 {
                return Err(Error::Input {
                    uri: opened.uri.clone(),
                    message: format!(
                        "`header row {row}` reads one file, and this input has {}: run the \
                         recipe per file, or remove the first rows beforehand",
                        opened.objects.len()
                    ),
                });
            }
            dialect.has_header = false;
            Ok(Some(
                csv_dialect::header_from_row(sample, dialect, row).ok_or_else(|| Error::Input {
                    uri: opened.uri.clone(),
                    message: format!("`header row {row}`: the file has fewer rows"),
                })?,
            ))
        }
    }
}

/// Names and types from the rows; with `header row N` the names are row N's
/// (`header_names`) and the types come from the rows under it.
async fn names_and_types(
    opened: &Opened,
    compression_type: Compression,
    dialect: &CsvDialect,
    options: &ReadOptions,
    header_names: Option<&[String]>,
) -> Result<(Vec<String>, Vec<DataType>)> {
    let sampled = csv_types::columns(
        opened.store.as_ref(),
        &opened.object_pairs(),
        compression_type,
        dialect,
        options.typing,
        options.bad_rows == BadRows::Skip,
        header_names.and(options.header_row).unwrap_or(0),
    )
    .await?;
    match (sampled, header_names) {
        (csv_types::Sampled::Columns(columns), Some(names)) => {
            let mut types = columns.types;
            types.resize(names.len(), DataType::Utf8);
            Ok((names.to_vec(), types))
        }
        (csv_types::Sampled::Columns(columns), None) => Ok((columns.names, columns.types)),
        (csv_types::Sampled::Empty, _) => Err(empty_input(opened)),
        (csv_types::Sampled::BadRow(bad), _) => Err(bad_row_error(&bad)),
    }
}

/// The URLs to read and their compression: the input's objects, or with `--on-bad-rows
/// skip` and a malformed row among them, clean copies of them (uncompressed, in a working
/// folder the input keeps), the malformed rows counted and written to a rejects file.
async fn set_aside_bad_rows(
    ctx: &SessionContext,
    opened: &mut Opened,
    compression_type: Compression,
    dialect: &CsvDialect,
    options: &ReadOptions,
) -> Result<(Vec<String>, Compression)> {
    let urls: Vec<String> = opened.objects.iter().map(|o| o.url.clone()).collect();
    if options.bad_rows != BadRows::Skip || opened.first_bad_row().await?.is_none() {
        return Ok((urls, compression_type));
    }
    let work = Arc::new(tempfile::tempdir().map_err(|source| Error::Io {
        path: std::env::temp_dir(),
        source,
    })?);
    let rejects = work.path().join("rejects.csv");
    let set_aside = bad_rows::set_aside_bad_rows(
        opened.store.clone(),
        &opened.object_pairs(),
        compression_type,
        dialect,
        &work.path().join("clean"),
        &rejects,
    )
    .await?;
    let urls = set_aside
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
    opened.rejected = set_aside.rejected;
    opened.rejects = Some(rejects);
    opened._work = Some(work);
    Ok((urls, Compression::None))
}

/// Every column as text: with `header row N` (`numbered`) named `column_N` (they are named
/// after the rows above it are dropped), otherwise by `names`.
fn text_schema(names: &[String], numbered: bool) -> Schema {
    Schema::new(
        names
            .iter()
            .enumerate()
            .map(|(i, name)| {
                if numbered {
                    Field::new(format!("column_{}", i + 1), DataType::Utf8, true)
                } else {
                    Field::new(name, DataType::Utf8, true)
                }
            })
            .collect::<Vec<_>>(),
    )
}

/// How DataFusion reads the CSV: the dialect, the compression, every column as text;
/// `header_row` when a `header row N` past the first names the columns.
fn csv_read_options<'a>(
    dialect: &CsvDialect,
    compression_type: Compression,
    newlines_in_values: bool,
    text_schema: &'a Schema,
    header_row: bool,
) -> CsvReadOptions<'a> {
    let mut read = CsvReadOptions::new()
        .has_header(dialect.has_header)
        .delimiter(dialect.delimiter)
        .quote(dialect.quote)
        .file_extension("")
        .file_compression_type(compression(compression_type))
        .newlines_in_values(newlines_in_values)
        .schema(text_schema);
    if let Some(escape) = dialect.escape {
        read = read.escape(escape);
    }
    if let Some(comment) = dialect.comment {
        read = read.comment(comment);
    }
    // Title lines above a header row may be shorter (they are dropped).
    if header_row {
        read = read.truncated_rows(true);
    }
    read
}

/// The plan over the CSV's rows, converted to `types`. With `header row N`, the rows down
/// to N go before the text is converted (a title line above the header is not a value of
/// the column under it).
async fn read_plan(
    ctx: &SessionContext,
    urls: Vec<String>,
    read: CsvReadOptions<'_>,
    header_names: Option<&[String]>,
    options: &ReadOptions,
    uri: &str,
    types: &[DataType],
) -> datafusion::error::Result<LogicalPlan> {
    let from_rows = csv_types::from_rows(options.typing);
    match ctx.read_csv(urls, read).await {
        Ok(text) => match (header_names, options.header_row) {
            (Some(names), Some(row)) => named_from_row(text.into_unoptimized_plan(), names, row)
                .and_then(|named| typed(named, uri, types, from_rows)),
            _ => typed(text.into_unoptimized_plan(), uri, types, from_rows),
        },
        Err(e) => Err(e),
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
