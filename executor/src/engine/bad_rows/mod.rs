//! Malformed rows in CSV objects: a record with another number of fields than the header,
//! a field that is not UTF-8, or a quote never closed. Objects are read as streams (they may
//! be gigabytes), decompressed on the fly, either to find the first malformed row (a run
//! that must stop) or to copy the objects without them and list them in a rejects file.
//!
//! This file holds the public types and entry points; [`scanner`] finds the malformed rows
//! (and reads field values for [`FieldReader`]), [`clean_copy`] writes the clean copies and
//! the rejects file.

mod clean_copy;
mod scanner;
#[cfg(test)]
mod tests;

use clean_copy::set_aside_with;
pub(crate) use scanner::FieldReader;
use scanner::{Scanner, Step};

use super::csv_dialect::CsvDialect;
use super::format::Compression;
use super::object_reader::{open, read_error};
use crate::error::Result;
use object_store::{ObjectMeta, ObjectStore};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// At most this many bytes of a malformed record are kept.
pub const RAW_LIMIT: usize = 64 * 1024;

/// Bytes read from an object at a time.
const CHUNK: usize = 64 * 1024;

/// A record longer than this is written ahead to its clean copy (and taken back if it turns
/// out malformed) rather than held in memory.
const SPILL: usize = 8 * 1024 * 1024;

/// A malformed row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadRow {
    /// The object's URI as the user knows it.
    pub object: String,
    /// The 1-based line where the record starts (lines end at `\n`).
    pub line: u64,
    pub reason: BadRowReason,
    /// The record's raw bytes without its line break, at most [`RAW_LIMIT`].
    pub raw: Vec<u8>,
}

/// What is wrong with a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BadRowReason {
    /// Another number of fields than the header (or the first record, without a header).
    FieldCount { expected: usize, found: usize },
    /// The field (1-based) is not valid UTF-8.
    InvalidUtf8 { field: usize },
    /// A quote opened in the record is still open at the end of the object.
    UnterminatedQuote,
}

impl fmt::Display for BadRowReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BadRowReason::FieldCount { expected, found } => write!(
                f,
                "has {found} field{} where the header has {expected}",
                if *found == 1 { "" } else { "s" }
            ),
            BadRowReason::InvalidUtf8 { field } => write!(f, "field {field} is not valid UTF-8"),
            BadRowReason::UnterminatedQuote => write!(f, "has a quote that is never closed"),
        }
    }
}

/// What [`set_aside_bad_rows`] wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetAside {
    /// One uncompressed copy per object, in the order of the objects.
    pub clean_files: Vec<PathBuf>,
    /// Data rows copied (headers not counted).
    pub kept: u64,
    /// Rows written to the rejects file.
    pub rejected: u64,
}

/// Finds the first malformed row (for a run that must stop with the object and line).
/// `objects` pairs each object with its URI as the user knows it.
pub async fn first_bad_row(
    store: Arc<dyn ObjectStore>,
    objects: &[(ObjectMeta, String)],
    compression: Compression,
    dialect: &CsvDialect,
) -> Result<Option<BadRow>> {
    for (meta, uri) in objects {
        let input = open(store.as_ref(), meta, uri, compression).await?;
        let mut scanner = Scanner::new(input, dialect, false, SPILL);
        let mut expected = None;
        loop {
            match scanner.next().await.map_err(|e| read_error(uri, e))? {
                Step::End => break,
                // Only when keeping whole records, which this does not.
                Step::Overflow => {}
                Step::Record(record) => {
                    let expected = *expected.get_or_insert(record.fields);
                    if let Some(reason) = record.judge(expected) {
                        return Ok(Some(BadRow {
                            object: uri.clone(),
                            line: record.line,
                            reason,
                            raw: scanner.bad_raw(),
                        }));
                    }
                }
            }
        }
    }
    Ok(None)
}

/// Copies the objects to `clean_dir` (a local folder, created if need be; one uncompressed
/// file per object, named `NNNNN-<object name>` without `.gz`/`.zst`, with the same header)
/// without the malformed rows, and writes each malformed row to `rejects`, a CSV with the
/// columns `object`, `line`, `reason`, `record` (the record as text, invalid UTF-8 shown as
/// U+FFFD, at most [`RAW_LIMIT`] bytes). Good rows are copied byte for byte; blank lines,
/// comment lines and a byte order mark are left out. A malformed header is an error: there is nothing to check the
/// rows against.
pub async fn set_aside_bad_rows(
    store: Arc<dyn ObjectStore>,
    objects: &[(ObjectMeta, String)],
    compression: Compression,
    dialect: &CsvDialect,
    clean_dir: &Path,
    rejects: &Path,
) -> Result<SetAside> {
    set_aside_with(
        store,
        objects,
        compression,
        dialect,
        clean_dir,
        rejects,
        SPILL,
    )
    .await
}
