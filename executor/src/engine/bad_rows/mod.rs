//! Malformed rows in CSV objects: a record with another number of fields than the header,
//! a field that is not UTF-8, or a quote never closed. Objects are read as streams (they may
//! be gigabytes), decompressed on the fly, either to find the first malformed row (a run
//! that must stop) or to copy the objects without them and list them in a rejects file.

use super::csv_dialect::CsvDialect;
use super::format::Compression;
use super::object_reader::{open, read_error, Input};
use crate::error::{Error, Result};
use csv_core::ReadFieldResult;
use object_store::{ObjectMeta, ObjectStore};
use std::fmt;
use std::io::SeekFrom;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt, BufWriter};

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

async fn set_aside_with(
    store: Arc<dyn ObjectStore>,
    objects: &[(ObjectMeta, String)],
    compression: Compression,
    dialect: &CsvDialect,
    clean_dir: &Path,
    rejects: &Path,
    spill: usize,
) -> Result<SetAside> {
    tokio::fs::create_dir_all(clean_dir)
        .await
        .map_err(|source| io_error(clean_dir, source))?;
    if let Some(parent) = rejects.parent().filter(|p| !p.as_os_str().is_empty()) {
        tokio::fs::create_dir_all(parent)
            .await
            .map_err(|source| io_error(parent, source))?;
    }
    let mut rejects_file = Output::create(rejects).await?;
    rejects_file.write(b"object,line,reason,record\n").await?;
    let mut done = SetAside {
        clean_files: Vec::with_capacity(objects.len()),
        kept: 0,
        rejected: 0,
    };
    for (index, (meta, uri)) in objects.iter().enumerate() {
        let path = clean_dir.join(clean_name(index, meta, compression));
        let mut clean = Output::create(&path).await?;
        let input = open(store.as_ref(), meta, uri, compression).await?;
        let mut scanner = Scanner::new(input, dialect, true, spill);
        let mut expected = None;
        loop {
            match scanner.next().await.map_err(|e| read_error(uri, e))? {
                Step::End => break,
                Step::Overflow => {
                    let bytes = scanner.take_overflow();
                    clean.write_ahead(&bytes).await?;
                }
                Step::Record(record) => {
                    let header = dialect.has_header && expected.is_none();
                    let expected = *expected.get_or_insert(record.fields);
                    match record.judge(expected) {
                        None => {
                            clean.keep(scanner.raw()).await?;
                            done.kept += u64::from(!header);
                        }
                        Some(reason) if header => {
                            return Err(Error::Input {
                                uri: uri.clone(),
                                message: format!(
                                    "the header on line {} is malformed: it {reason}",
                                    record.line
                                ),
                            });
                        }
                        Some(reason) => {
                            clean.take_back().await?;
                            let row = BadRow {
                                object: uri.clone(),
                                line: record.line,
                                reason,
                                raw: scanner.bad_raw(),
                            };
                            rejects_file.write(&reject_line(&row)).await?;
                            done.rejected += 1;
                        }
                    }
                }
            }
        }
        clean.finish().await?;
        done.clean_files.push(path);
    }
    rejects_file.finish().await?;
    Ok(done)
}

fn io_error(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// `NNNNN-<name>`: the index keeps names apart and in order; compression suffixes go.
fn clean_name(index: usize, meta: &ObjectMeta, compression: Compression) -> String {
    let name = meta.location.filename().unwrap_or("object");
    let lower = name.to_ascii_lowercase();
    let suffixes: &[&str] = match compression {
        Compression::None => &[],
        Compression::Gzip => &[".gz", ".gzip"],
        Compression::Zstd => &[".zst", ".zstd"],
    };
    let stem = suffixes
        .iter()
        .find(|s| lower.ends_with(*s) && lower.len() > s.len())
        .map_or(name, |s| &name[..name.len() - s.len()]);
    format!("{index:05}-{stem}")
}

/// One line of the rejects file, quoted where needed; the record as text (invalid UTF-8
/// shown as U+FFFD).
fn reject_line(row: &BadRow) -> Vec<u8> {
    let fields = [
        row.object.clone(),
        row.line.to_string(),
        row.reason.to_string(),
        String::from_utf8_lossy(&row.raw).into_owned(),
    ];
    let mut line = Vec::new();
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            line.push(b',');
        }
        if field.contains([',', '"', '\n', '\r']) {
            line.push(b'"');
            line.extend_from_slice(field.replace('"', "\"\"").as_bytes());
            line.push(b'"');
        } else {
            line.extend_from_slice(field.as_bytes());
        }
    }
    line.push(b'\n');
    line
}

/// A local file written through a buffer; a record written ahead can be taken back.
struct Output {
    path: PathBuf,
    writer: BufWriter<tokio::fs::File>,
    written: u64,
    /// Where the record written ahead starts.
    ahead: Option<u64>,
}

impl Output {
    async fn create(path: &Path) -> Result<Output> {
        let file = tokio::fs::File::create(path)
            .await
            .map_err(|source| io_error(path, source))?;
        Ok(Output {
            path: path.to_path_buf(),
            writer: BufWriter::with_capacity(256 * 1024, file),
            written: 0,
            ahead: None,
        })
    }

    async fn write(&mut self, bytes: &[u8]) -> Result<()> {
        self.writer
            .write_all(bytes)
            .await
            .map_err(|source| io_error(&self.path, source))?;
        self.written += bytes.len() as u64;
        Ok(())
    }

    /// Writes part of a record not yet judged.
    async fn write_ahead(&mut self, bytes: &[u8]) -> Result<()> {
        self.ahead.get_or_insert(self.written);
        self.write(bytes).await
    }

    /// Writes the rest of a good record.
    async fn keep(&mut self, bytes: &[u8]) -> Result<()> {
        self.ahead = None;
        self.write(bytes).await
    }

    /// Drops what was written ahead of a malformed record.
    async fn take_back(&mut self) -> Result<()> {
        let Some(start) = self.ahead.take() else {
            return Ok(());
        };
        let path = self.path.clone();
        let fail = |source: std::io::Error| io_error(&path, source);
        self.writer.flush().await.map_err(fail)?;
        let file = self.writer.get_mut();
        file.set_len(start).await.map_err(fail)?;
        file.seek(SeekFrom::Start(start)).await.map_err(fail)?;
        self.written = start;
        Ok(())
    }

    async fn finish(mut self) -> Result<()> {
        self.writer
            .flush()
            .await
            .map_err(|source| io_error(&self.path, source))
    }
}

/// A record as read: where it starts and what is wrong with it.
#[derive(Clone, Copy, Debug)]
struct Record {
    line: u64,
    fields: usize,
    /// The first field (1-based) that is not UTF-8.
    invalid_field: Option<usize>,
    unterminated: bool,
}

impl Record {
    fn judge(&self, expected: usize) -> Option<BadRowReason> {
        if self.unterminated {
            Some(BadRowReason::UnterminatedQuote)
        } else if self.fields != expected {
            Some(BadRowReason::FieldCount {
                expected,
                found: self.fields,
            })
        } else {
            self.invalid_field
                .map(|field| BadRowReason::InvalidUtf8 { field })
        }
    }
}

enum Step {
    /// A whole record: its raw bytes are [`Scanner::raw`] until the next step.
    Record(Record),
    /// The record being read holds more than the spill size: take its bytes so far.
    Overflow,
    End,
}

/// Reads records from a byte stream with csv-core, keeping each record's raw bytes and the
/// line it starts on.
struct Scanner {
    input: Input,
    csv: csv_core::Reader,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    /// At the end of the input a line break is given to csv-core, to tell a record that
    /// merely lacks one from one inside an open quote.
    sentinel_given: bool,
    done: bool,
    out: Vec<u8>,
    utf8: Utf8Check,
    raw: RawTracker,
    record: Record,
    record_done: bool,
    spill: usize,
    /// The record's field values (decoded), end to end, when asked for.
    values: Option<Vec<u8>>,
    /// Where each field of `values` ends.
    value_ends: Vec<usize>,
}

impl Scanner {
    fn new(input: Input, dialect: &CsvDialect, keep_all: bool, spill: usize) -> Scanner {
        Scanner {
            input,
            csv: dialect.reader(),
            buf: vec![0; CHUNK],
            start: 0,
            end: 0,
            eof: false,
            sentinel_given: false,
            done: false,
            out: vec![0; CHUNK],
            utf8: Utf8Check::default(),
            raw: RawTracker::new(dialect.comment, keep_all),
            record: Record {
                line: 1,
                fields: 0,
                invalid_field: None,
                unterminated: false,
            },
            record_done: false,
            spill,
            values: None,
            value_ends: Vec::new(),
        }
    }

    /// Reads more input once the buffer is used up; at least `min` bytes unless it ends.
    async fn fill(&mut self, min: usize) -> std::io::Result<()> {
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        while self.end < min && !self.eof {
            let n = self.input.read(&mut self.buf[self.end..]).await?;
            self.end += n;
            self.eof = n == 0;
        }
        Ok(())
    }

    async fn next(&mut self) -> std::io::Result<Step> {
        if self.record_done {
            self.record_done = false;
            self.raw.next_record();
            if let Some(values) = &mut self.values {
                values.clear();
                self.value_ends.clear();
            }
            self.record = Record {
                line: self.raw.line,
                fields: 0,
                invalid_field: None,
                unterminated: false,
            };
        }
        if self.raw.at_start && self.end == 0 {
            // Enough bytes for csv-core to see (and skip) a byte order mark in one go.
            self.fill(4).await?;
        }
        loop {
            if self.done {
                return Ok(Step::End);
            }
            if self.raw.keep_all && self.raw.bytes.len() >= self.spill {
                return Ok(Step::Overflow);
            }
            if self.start == self.end && !self.eof {
                self.fill(1).await?;
                continue;
            }
            // After the input and the sentinel, csv-core is told that the input ended.
            let mut after_sentinel = false;
            // The line break given at the end is not the record's (a quote left open takes it).
            let from_input = self.start < self.end;
            let (result, nout) = if from_input {
                let input = &self.buf[self.start..self.end];
                let (result, nin, nout) = self.csv.read_field(input, &mut self.out);
                self.raw.consume(&input[..nin]);
                self.start += nin;
                (result, nout)
            } else if !self.sentinel_given {
                self.sentinel_given = true;
                let (result, _, nout) = self.csv.read_field(b"\n", &mut self.out);
                (result, nout)
            } else {
                after_sentinel = true;
                let (result, _, nout) = self.csv.read_field(&[], &mut self.out);
                (result, nout)
            };
            self.utf8.feed(&self.out[..nout]);
            if let Some(values) = self.values.as_mut().filter(|_| from_input) {
                values.extend_from_slice(&self.out[..nout]);
            }
            match result {
                ReadFieldResult::InputEmpty | ReadFieldResult::OutputFull => {}
                ReadFieldResult::End => {
                    self.done = true;
                    return Ok(Step::End);
                }
                ReadFieldResult::Field { record_end } => {
                    self.record.fields += 1;
                    if let Some(values) = &self.values {
                        self.value_ends.push(values.len());
                    }
                    if !self.utf8.finish() && self.record.invalid_field.is_none() {
                        self.record.invalid_field = Some(self.record.fields);
                    }
                    if record_end {
                        // Only a record inside an open quote outlives the sentinel line break.
                        self.record.unterminated = after_sentinel;
                        self.record.line = self.raw.record_line();
                        self.record_done = true;
                        self.take_line_feed().await?;
                        return Ok(Step::Record(self.record));
                    }
                }
            }
        }
    }

    /// A record that ended at `\r` owns the `\n` after it, so its copy stays `\r\n`.
    async fn take_line_feed(&mut self) -> std::io::Result<()> {
        if (self.eof && self.start == self.end) || self.raw.last != Some(b'\r') {
            return Ok(());
        }
        if self.start == self.end {
            self.fill(1).await?;
        }
        if self.start < self.end && self.buf[self.start] == b'\n' {
            let input = &self.buf[self.start..self.start + 1];
            let (_, nin, _) = self.csv.read_field(input, &mut self.out);
            self.raw.push(&input[..nin]);
            self.raw.line += nin as u64;
            self.start += nin;
        }
        Ok(())
    }

    /// The record's raw bytes not yet taken.
    fn raw(&self) -> &[u8] {
        &self.raw.bytes
    }

    fn take_overflow(&mut self) -> Vec<u8> {
        self.raw.take()
    }

    /// The record's first bytes (at most [`RAW_LIMIT`]), without its line break.
    fn bad_raw(&self) -> Vec<u8> {
        self.raw.head()
    }
}

/// The records of one object with their field values, for reading what the cells hold
/// (column names, types, a value's line). Malformed records (see [`first_bad_row`]) are
/// told apart, not dropped.
pub(crate) struct FieldReader {
    scanner: Scanner,
    uri: String,
    expected: Option<usize>,
}

/// What [`FieldReader::next`] read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FieldRecord {
    /// The line the record starts on (1-based).
    pub line: u64,
    /// The object's first record (its header, when it has one).
    pub first: bool,
    /// What is wrong with the record: another number of fields than the first record, a
    /// quote never closed or a field that is not UTF-8.
    pub malformed: Option<BadRowReason>,
}

impl FieldReader {
    pub(crate) async fn open(
        store: &dyn ObjectStore,
        meta: &ObjectMeta,
        uri: &str,
        compression: Compression,
        dialect: &CsvDialect,
    ) -> Result<FieldReader> {
        let input = open(store, meta, uri, compression).await?;
        let mut scanner = Scanner::new(input, dialect, false, SPILL);
        scanner.values = Some(Vec::new());
        Ok(FieldReader {
            scanner,
            uri: uri.to_string(),
            expected: None,
        })
    }

    /// The next record, `None` at the end of the object; its fields are [`Self::field`].
    pub(crate) async fn next(&mut self) -> Result<Option<FieldRecord>> {
        loop {
            let step = self
                .scanner
                .next()
                .await
                .map_err(|e| read_error(&self.uri, e))?;
            match step {
                Step::End => return Ok(None),
                Step::Overflow => {}
                Step::Record(record) => {
                    let first = self.expected.is_none();
                    let expected = *self.expected.get_or_insert(record.fields);
                    return Ok(Some(FieldRecord {
                        line: record.line,
                        first,
                        malformed: record.judge(expected),
                    }));
                }
            }
        }
    }

    /// Reads past the next `n` records without judging them (the title lines above a
    /// `header row N`); the record after them sets the number of fields.
    pub(crate) async fn skip_records(&mut self, n: u64) -> Result<()> {
        let mut left = n;
        while left > 0 {
            let step = self
                .scanner
                .next()
                .await
                .map_err(|e| read_error(&self.uri, e))?;
            match step {
                Step::End => break,
                Step::Overflow => {}
                Step::Record(_) => left -= 1,
            }
        }
        self.expected = None;
        Ok(())
    }

    /// The malformed row just read.
    pub(crate) fn bad_row(&self, record: &FieldRecord, reason: BadRowReason) -> BadRow {
        BadRow {
            object: self.uri.clone(),
            line: record.line,
            reason,
            raw: self.scanner.bad_raw(),
        }
    }

    /// How many fields the record has.
    pub(crate) fn len(&self) -> usize {
        self.scanner.value_ends.len()
    }

    /// Field `i` (0-based) of the record, decoded.
    pub(crate) fn field(&self, i: usize) -> Option<&[u8]> {
        let values = self.scanner.values.as_deref()?;
        let end = *self.scanner.value_ends.get(i)?;
        let start = i.checked_sub(1).map_or(0, |j| self.scanner.value_ends[j]);
        Some(&values[start..end])
    }
}

/// Follows the bytes csv-core consumes: skips what comes before a record (a byte order mark,
/// blank lines, comment lines) as csv-core does, counts lines, and keeps the record's bytes.
struct RawTracker {
    comment: Option<u8>,
    /// Keep every byte of the record (for a clean copy), not only the first [`RAW_LIMIT`].
    keep_all: bool,
    /// The line of the next byte.
    line: u64,
    at_start: bool,
    started: bool,
    in_comment: bool,
    start_line: u64,
    /// The record's bytes not yet taken.
    bytes: Vec<u8>,
    /// The record's first bytes, once some were taken.
    head: Option<Vec<u8>>,
    total: u64,
    last: Option<u8>,
}

impl RawTracker {
    fn new(comment: Option<u8>, keep_all: bool) -> RawTracker {
        RawTracker {
            comment,
            keep_all,
            line: 1,
            at_start: true,
            started: false,
            in_comment: false,
            start_line: 1,
            bytes: Vec::new(),
            head: None,
            total: 0,
            last: None,
        }
    }

    fn consume(&mut self, mut bytes: &[u8]) {
        if self.at_start && !bytes.is_empty() {
            self.at_start = false;
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        }
        if !self.started {
            let mut skipped = 0;
            for &b in bytes {
                if self.in_comment {
                    self.in_comment = b != b'\n';
                } else if b == b'\r' || b == b'\n' {
                } else if Some(b) == self.comment {
                    self.in_comment = true;
                } else {
                    self.started = true;
                    self.start_line = self.line;
                    break;
                }
                self.line += u64::from(b == b'\n');
                skipped += 1;
            }
            bytes = &bytes[skipped..];
        }
        if !bytes.is_empty() {
            self.line += bytes.iter().filter(|&&b| b == b'\n').count() as u64;
            self.push(bytes);
        }
    }

    fn push(&mut self, bytes: &[u8]) {
        let Some(&last) = bytes.last() else {
            return;
        };
        self.total += bytes.len() as u64;
        self.last = Some(last);
        if self.keep_all {
            self.bytes.extend_from_slice(bytes);
        } else {
            let room = RAW_LIMIT.saturating_sub(self.bytes.len());
            self.bytes
                .extend_from_slice(&bytes[..room.min(bytes.len())]);
        }
    }

    fn record_line(&self) -> u64 {
        if self.started {
            self.start_line
        } else {
            self.line
        }
    }

    /// Hands over the record's bytes so far, remembering its first ones.
    fn take(&mut self) -> Vec<u8> {
        let head = self.head.get_or_insert_with(Vec::new);
        let room = RAW_LIMIT.saturating_sub(head.len());
        head.extend_from_slice(&self.bytes[..room.min(self.bytes.len())]);
        std::mem::take(&mut self.bytes)
    }

    /// The record's first bytes (at most [`RAW_LIMIT`]), without the line break of a whole
    /// record.
    fn head(&self) -> Vec<u8> {
        let mut head = self.head.clone().unwrap_or_default();
        let room = RAW_LIMIT.saturating_sub(head.len());
        head.extend_from_slice(&self.bytes[..room.min(self.bytes.len())]);
        if head.len() as u64 == self.total {
            if head.last() == Some(&b'\n') {
                head.pop();
            }
            if head.last() == Some(&b'\r') {
                head.pop();
            }
        }
        head
    }

    fn next_record(&mut self) {
        self.started = false;
        self.bytes.clear();
        self.head = None;
        self.total = 0;
        self.last = None;
    }
}

/// Checks one field's bytes for UTF-8 as they arrive in pieces.
#[derive(Default)]
struct Utf8Check {
    /// The start of a character cut at the end of the last piece.
    partial: [u8; 4],
    partial_len: usize,
    invalid: bool,
}

impl Utf8Check {
    fn feed(&mut self, mut bytes: &[u8]) {
        if self.invalid || bytes.is_empty() {
            return;
        }
        if self.partial_len > 0 {
            let width = match self.partial[0] {
                0xF0..=0xFF => 4,
                0xE0..=0xEF => 3,
                _ => 2,
            };
            let take = (width - self.partial_len).min(bytes.len());
            self.partial[self.partial_len..self.partial_len + take].copy_from_slice(&bytes[..take]);
            self.partial_len += take;
            bytes = &bytes[take..];
            if self.partial_len < width {
                return;
            }
            if std::str::from_utf8(&self.partial[..width]).is_err() {
                self.invalid = true;
                return;
            }
            self.partial_len = 0;
        }
        if let Err(e) = std::str::from_utf8(bytes) {
            if e.error_len().is_some() {
                self.invalid = true;
            } else {
                let tail = &bytes[e.valid_up_to()..];
                self.partial[..tail.len()].copy_from_slice(tail);
                self.partial_len = tail.len();
            }
        }
    }

    /// Whether the field was UTF-8; ready for the next field.
    fn finish(&mut self) -> bool {
        let valid = !self.invalid && self.partial_len == 0;
        *self = Utf8Check::default();
        valid
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_compression::tokio::bufread::{GzipEncoder, ZstdEncoder};
    use object_store::memory::InMemory;
    use object_store::path::Path as ObjectPath;
    use object_store::ObjectStoreExt;

    fn commas() -> CsvDialect {
        CsvDialect::default()
    }

    /// A store holding `objects` (name, bytes), and the list `first_bad_row` takes.
    async fn store_with(
        objects: &[(&str, Vec<u8>)],
    ) -> (Arc<dyn ObjectStore>, Vec<(ObjectMeta, String)>) {
        let store: Arc<dyn ObjectStore> = Arc::new(InMemory::new());
        let mut listed = Vec::new();
        for (name, bytes) in objects {
            let path = ObjectPath::from(*name);
            store.put(&path, bytes.clone().into()).await.unwrap();
            let meta = store.head(&path).await.unwrap();
            listed.push((meta, format!("s3://bucket/{name}")));
        }
        (store, listed)
    }

    async fn first(name: &str, text: &[u8], dialect: &CsvDialect) -> Option<BadRow> {
        let (store, objects) = store_with(&[(name, text.to_vec())]).await;
        first_bad_row(store, &objects, Compression::None, dialect)
            .await
            .unwrap()
    }

    async fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        GzipEncoder::new(bytes).read_to_end(&mut out).await.unwrap();
        out
    }

    async fn zstd(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        ZstdEncoder::new(bytes).read_to_end(&mut out).await.unwrap();
        out
    }

    fn read(path: &Path) -> String {
        String::from_utf8(std::fs::read(path).unwrap()).unwrap()
    }

    #[test]
    fn reasons_read_as_sentences() {
        let count = BadRowReason::FieldCount {
            expected: 3,
            found: 4,
        };
        assert_eq!(count.to_string(), "has 4 fields where the header has 3");
        let one = BadRowReason::FieldCount {
            expected: 3,
            found: 1,
        };
        assert_eq!(one.to_string(), "has 1 field where the header has 3");
        assert_eq!(
            BadRowReason::InvalidUtf8 { field: 2 }.to_string(),
            "field 2 is not valid UTF-8"
        );
        assert_eq!(
            BadRowReason::UnterminatedQuote.to_string(),
            "has a quote that is never closed"
        );
    }

    #[tokio::test]
    async fn a_ragged_row_is_found_on_its_line_after_a_quoted_line_break() {
        let text = b"id,name,note\n1,a,\"two\nlines\"\n\n2,b,ok\n3,c,d,extra\n4,e,f\n";
        let bad = first("t.csv", text, &commas()).await.unwrap();
        assert_eq!(
            bad,
            BadRow {
                object: "s3://bucket/t.csv".into(),
                line: 6,
                reason: BadRowReason::FieldCount {
                    expected: 3,
                    found: 4
                },
                raw: b"3,c,d,extra".to_vec(),
            }
        );
        // Too few fields, CRLF line breaks.
        let text = b"a,b\r\n1,2\r\n3\r\n";
        let bad = first("t.csv", text, &commas()).await.unwrap();
        assert_eq!((bad.line, bad.raw), (3, b"3".to_vec()));
        assert_eq!(
            bad.reason,
            BadRowReason::FieldCount {
                expected: 2,
                found: 1
            }
        );
    }

    #[tokio::test]
    async fn a_quote_never_closed_is_reported_where_the_record_starts() {
        let text = b"a,b\n1,2\n3,\"oops\n4,5\n";
        let bad = first("q.csv", text, &commas()).await.unwrap();
        assert_eq!(bad.line, 3);
        assert_eq!(bad.reason, BadRowReason::UnterminatedQuote);
        assert_eq!(bad.raw, b"3,\"oops\n4,5".to_vec());
        // A closed quote at the very end, without a line break, is fine.
        assert_eq!(first("q.csv", b"a,b\n1,\"x\"", &commas()).await, None);
        // An escaped quote does not close the field.
        let escaped = CsvDialect {
            escape: Some(b'\\'),
            ..commas()
        };
        let bad = first("q.csv", b"a,b\n1,\"x\\\"\n", &escaped).await.unwrap();
        assert_eq!((bad.line, bad.reason), (2, BadRowReason::UnterminatedQuote));
        assert_eq!(first("q.csv", b"a,b\n1,\"x\\\"\"\n", &escaped).await, None);
    }

    #[tokio::test]
    async fn invalid_utf8_names_the_field() {
        let text = b"a,b,c\n1,x,3\n1,x\xffy,3\n";
        let bad = first("u.csv", text, &commas()).await.unwrap();
        assert_eq!(bad.line, 3);
        assert_eq!(bad.reason, BadRowReason::InvalidUtf8 { field: 2 });
        assert_eq!(bad.raw, b"1,x\xffy,3".to_vec());
        // A character cut between reads is still whole; a cut one at the field end is not.
        let mut long = b"a\n".to_vec();
        long.extend(std::iter::repeat_n(b'x', CHUNK - 3));
        long.extend("é€😀\n".as_bytes());
        assert_eq!(first("u.csv", &long, &commas()).await, None);
        let bad = first("u.csv", b"a,b\n1,\xe2\x82\n", &commas())
            .await
            .unwrap();
        assert_eq!(bad.reason, BadRowReason::InvalidUtf8 { field: 2 });
    }

    #[tokio::test]
    async fn headers_comments_blank_lines_and_byte_order_marks() {
        // Without a header the first record sets the field count.
        let headerless = CsvDialect {
            has_header: false,
            ..commas()
        };
        let bad = first("h.csv", b"1,2,3\n4,5\n", &headerless).await.unwrap();
        assert_eq!(bad.line, 2);
        // Comment and blank lines are not rows but count as lines.
        let comments = CsvDialect {
            comment: Some(b'#'),
            delimiter: b';',
            ..commas()
        };
        let text = b"\xEF\xBB\xBF# made by hand\n\na;b\n# a note\n1;2\n\n3\n";
        let bad = first("c.csv", text, &comments).await.unwrap();
        assert_eq!((bad.line, bad.raw), (7, b"3".to_vec()));
        // A bad header is a bad row too.
        let bad = first("c.csv", b"a,\xff\n1,2\n", &commas()).await.unwrap();
        assert_eq!(
            (bad.line, bad.reason),
            (1, BadRowReason::InvalidUtf8 { field: 2 })
        );
    }

    #[tokio::test]
    async fn clean_objects_have_no_bad_rows() {
        let text = b"id,name\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n";
        let (store, objects) =
            store_with(&[("a.csv", text.to_vec()), ("b.csv", text.to_vec())]).await;
        let found = first_bad_row(store.clone(), &objects, Compression::None, &commas())
            .await
            .unwrap();
        assert_eq!(found, None);
        assert_eq!(first("empty.csv", b"", &commas()).await, None);

        let dir = tempfile::tempdir().unwrap();
        let clean = dir.path().join("clean");
        let rejects = dir.path().join("rejects.csv");
        let done = set_aside_bad_rows(
            store,
            &objects,
            Compression::None,
            &commas(),
            &clean,
            &rejects,
        )
        .await
        .unwrap();
        assert_eq!((done.kept, done.rejected), (4, 0));
        assert_eq!(
            done.clean_files,
            vec![clean.join("00000-a.csv"), clean.join("00001-b.csv")]
        );
        for path in &done.clean_files {
            assert_eq!(std::fs::read(path).unwrap(), text.to_vec());
        }
        assert_eq!(read(&rejects), "object,line,reason,record\n");
    }

    #[tokio::test]
    async fn the_first_bad_row_names_its_object() {
        let (store, objects) = store_with(&[
            ("a.csv", b"x,y\n1,2\n".to_vec()),
            ("b.csv", b"x,y\n1,2\n3,4,5\n".to_vec()),
        ])
        .await;
        // Spawned: the future can move between threads.
        let dialect = commas();
        let bad = tokio::spawn(async move {
            first_bad_row(store, &objects, Compression::None, &dialect).await
        })
        .await
        .unwrap()
        .unwrap()
        .unwrap();
        assert_eq!((bad.object.as_str(), bad.line), ("s3://bucket/b.csv", 3));
    }

    #[tokio::test]
    async fn gzip_and_zstd_objects_are_read_decompressed() {
        // Two gzip members, as `cat a.gz b.gz` makes: the bad row is in the second.
        let mut bytes = gzip(b"a,b\n1,2\n").await;
        bytes.extend(gzip(b"3,4\n5,6,7\n").await);
        let (store, objects) = store_with(&[("g.csv.gz", bytes)]).await;
        let bad = first_bad_row(store.clone(), &objects, Compression::Gzip, &commas())
            .await
            .unwrap()
            .unwrap();
        assert_eq!((bad.line, bad.raw), (4, b"5,6,7".to_vec()));

        let dir = tempfile::tempdir().unwrap();
        let rejects = dir.path().join("rejects.csv");
        let done = set_aside_bad_rows(
            store,
            &objects,
            Compression::Gzip,
            &commas(),
            dir.path(),
            &rejects,
        )
        .await
        .unwrap();
        assert_eq!(done.clean_files, vec![dir.path().join("00000-g.csv")]);
        assert_eq!(read(&done.clean_files[0]), "a,b\n1,2\n3,4\n");
        assert_eq!(
            read(&rejects),
            "object,line,reason,record\n\
             s3://bucket/g.csv.gz,4,has 3 fields where the header has 2,\"5,6,7\"\n"
        );

        let (store, objects) = store_with(&[("z.csv.zst", zstd(b"a,b\n1,\xff\n").await)]).await;
        let bad = first_bad_row(store, &objects, Compression::Zstd, &commas())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (bad.line, bad.reason),
            (2, BadRowReason::InvalidUtf8 { field: 2 })
        );
    }

    #[tokio::test]
    async fn bad_rows_are_set_aside_and_good_rows_copied_as_they_were() {
        let text: &[u8] = b"id,name,note\r\n\
            1,\"Ann\",\"two\r\nlines\"\r\n\
            2,bob,ok,extra\r\n\
            \r\n\
            3,x\xffy,z\r\n\
            4,'d',\"quoted \"\"word\"\"\"\r\n\
            5,e,\"never closed\r\n\
            6,f,g\r\n";
        let other: &[u8] = b"id,name,note\n7,h,i";
        let (store, objects) = store_with(&[
            ("in/a.csv", text.to_vec()),
            ("in/sub/a.csv", other.to_vec()),
        ])
        .await;
        let dir = tempfile::tempdir().unwrap();
        let clean = dir.path().join("clean");
        let rejects = dir.path().join("report").join("rejects.csv");
        let done = set_aside_bad_rows(
            store,
            &objects,
            Compression::None,
            &commas(),
            &clean,
            &rejects,
        )
        .await
        .unwrap();
        assert_eq!((done.kept, done.rejected), (3, 3));
        assert_eq!(
            std::fs::read(&done.clean_files[0]).unwrap(),
            b"id,name,note\r\n1,\"Ann\",\"two\r\nlines\"\r\n4,'d',\"quoted \"\"word\"\"\"\r\n"
                .to_vec()
        );
        assert_eq!(read(&done.clean_files[1]), "id,name,note\n7,h,i");
        assert_eq!(
            read(&rejects),
            "object,line,reason,record\n\
             s3://bucket/in/a.csv,4,has 4 fields where the header has 3,\"2,bob,ok,extra\"\n\
             s3://bucket/in/a.csv,6,field 2 is not valid UTF-8,\"3,x\u{fffd}y,z\"\n\
             s3://bucket/in/a.csv,8,has a quote that is never closed,\"5,e,\"\"never closed\r\n6,f,g\"\n"
        );
    }

    #[tokio::test]
    async fn long_records_are_written_ahead_and_taken_back() {
        let long = "x".repeat(1000);
        let text = format!("a,b\n1,\"{long}\"\n2,{long},extra\n3,ok\n4,\"{long}\n");
        let (store, objects) = store_with(&[("l.csv", text.clone().into_bytes())]).await;
        let dir = tempfile::tempdir().unwrap();
        let rejects = dir.path().join("rejects.csv");
        let done = set_aside_with(
            store,
            &objects,
            Compression::None,
            &commas(),
            dir.path(),
            &rejects,
            100,
        )
        .await
        .unwrap();
        assert_eq!((done.kept, done.rejected), (2, 2));
        assert_eq!(
            read(&done.clean_files[0]),
            format!("a,b\n1,\"{long}\"\n3,ok\n")
        );
        assert_eq!(
            read(&rejects),
            format!(
                "object,line,reason,record\n\
                 s3://bucket/l.csv,3,has 3 fields where the header has 2,\"2,{long},extra\"\n\
                 s3://bucket/l.csv,5,has a quote that is never closed,\"4,\"\"{long}\"\n"
            )
        );
        // Only the first 64 KiB of a malformed record are kept.
        let huge = "y".repeat(RAW_LIMIT + 10);
        let text = format!("a,b\n1,{huge},z\n");
        let (store, objects) = store_with(&[("h.csv", text.into_bytes())]).await;
        let bad = first_bad_row(store.clone(), &objects, Compression::None, &commas())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(bad.raw.len(), RAW_LIMIT);
        assert!(bad.raw.starts_with(b"1,yyy"));
        let done = set_aside_with(
            store,
            &objects,
            Compression::None,
            &commas(),
            dir.path(),
            &rejects,
            100,
        )
        .await
        .unwrap();
        assert_eq!((done.kept, done.rejected), (0, 1));
        assert_eq!(read(&done.clean_files[0]), "a,b\n");
        let record = format!("\"1,{}\"\n", &huge[..RAW_LIMIT - 2]);
        assert!(read(&rejects).ends_with(&record));
    }

    #[tokio::test]
    async fn without_a_header_the_first_record_sets_the_count_and_may_be_set_aside() {
        let headerless = CsvDialect {
            has_header: false,
            delimiter: b'\t',
            ..commas()
        };
        let (store, objects) = store_with(&[("n.tsv", b"1\t\xff\n2\t3\n4\n".to_vec())]).await;
        let dir = tempfile::tempdir().unwrap();
        let rejects = dir.path().join("rejects.csv");
        let done = set_aside_bad_rows(
            store,
            &objects,
            Compression::None,
            &headerless,
            dir.path(),
            &rejects,
        )
        .await
        .unwrap();
        assert_eq!((done.kept, done.rejected), (1, 2));
        assert_eq!(read(&done.clean_files[0]), "2\t3\n");
        assert_eq!(
            read(&rejects),
            "object,line,reason,record\n\
             s3://bucket/n.tsv,1,field 2 is not valid UTF-8,1\t\u{fffd}\n\
             s3://bucket/n.tsv,3,has 1 field where the header has 2,4\n"
        );
    }

    #[tokio::test]
    async fn a_bad_header_stops_setting_aside() {
        let (store, objects) = store_with(&[("h.csv", b"a,\"b\n1,2\n".to_vec())]).await;
        let dir = tempfile::tempdir().unwrap();
        let err = set_aside_bad_rows(
            store,
            &objects,
            Compression::None,
            &commas(),
            dir.path(),
            &dir.path().join("rejects.csv"),
        )
        .await
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "input s3://bucket/h.csv: the header on line 1 is malformed: it has a quote that is never closed"
        );
    }

    #[tokio::test]
    async fn large_objects_keep_their_line_numbers_across_reads() {
        // About 1.3 MB: many reads, records cut between them, a quoted line break in each.
        let mut text = String::from("id,text,n\n");
        let mut line = 2;
        let mut bad_lines = Vec::new();
        for i in 0..20_000u64 {
            if i % 7_000 == 6_999 {
                text.push_str(&format!("{i},ragged\n"));
                bad_lines.push(line);
                line += 1;
            } else {
                text.push_str(&format!(
                    "{i},\"some text, then\na second line\",{}\n",
                    i * 3
                ));
                line += 2;
            }
        }
        let compressed = gzip(text.as_bytes()).await;
        let (store, objects) = store_with(&[("big.csv.gz", compressed)]).await;
        let bad = first_bad_row(store.clone(), &objects, Compression::Gzip, &commas())
            .await
            .unwrap()
            .unwrap();
        assert_eq!((bad.line, bad.raw), (bad_lines[0], b"6999,ragged".to_vec()));

        let dir = tempfile::tempdir().unwrap();
        let rejects = dir.path().join("rejects.csv");
        let done = set_aside_bad_rows(
            store,
            &objects,
            Compression::Gzip,
            &commas(),
            dir.path(),
            &rejects,
        )
        .await
        .unwrap();
        assert_eq!((done.kept, done.rejected), (19_998, 2));
        let reported: Vec<u64> = read(&rejects)
            .lines()
            .skip(1)
            .map(|l| l.split(',').nth(1).unwrap().parse().unwrap())
            .collect();
        assert_eq!(reported, bad_lines);
        let expected: String = text
            .split_inclusive('\n')
            .filter(|l| !l.contains("ragged"))
            .collect();
        assert_eq!(read(&done.clean_files[0]), expected);
    }

    #[tokio::test]
    async fn random_bytes_never_panic_and_clean_copies_are_clean() {
        let pieces: [&[u8]; 12] = [
            b"a",
            b"bc",
            b",",
            b",",
            b"\"",
            b"\n",
            b"\r\n",
            b"\r",
            b"#",
            b"\xff",
            b"\xc3\xa9",
            b"\\",
        ];
        let dialects = [
            commas(),
            CsvDialect {
                comment: Some(b'#'),
                escape: Some(b'\\'),
                has_header: false,
                ..commas()
            },
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let dir = tempfile::tempdir().unwrap();
        for round in 0..300 {
            let mut text = b"h1,h2\n".to_vec();
            let length = next() % 60;
            for _ in 0..length {
                text.extend_from_slice(pieces[(next() % pieces.len() as u64) as usize]);
            }
            let dialect = &dialects[round % 2];
            let (store, objects) = store_with(&[("r.csv", text.clone())]).await;
            first_bad_row(store.clone(), &objects, Compression::None, dialect)
                .await
                .unwrap();
            let clean = dir.path().join(format!("{round}"));
            let done = set_aside_with(
                store,
                &objects,
                Compression::None,
                dialect,
                &clean,
                &dir.path().join(format!("{round}.csv")),
                8,
            )
            .await
            .unwrap();
            let copy = std::fs::read(&done.clean_files[0]).unwrap();
            let (store, objects) = store_with(&[("clean.csv", copy.clone())]).await;
            let again = first_bad_row(store, &objects, Compression::None, dialect)
                .await
                .unwrap();
            assert_eq!(again, None, "{text:?} → {copy:?}");
            let mut scanner =
                Scanner::new(Box::new(std::io::Cursor::new(copy)), dialect, false, SPILL);
            let mut records = 0;
            while let Step::Record(_) = scanner.next().await.unwrap() {
                records += 1;
            }
            assert_eq!(
                records,
                done.kept + u64::from(dialect.has_header),
                "{text:?}"
            );
        }
    }

    #[tokio::test]
    async fn field_readers_give_each_record_its_fields_and_line() {
        let long = "z".repeat(CHUNK * 2 + 7);
        let mut bytes =
            b"\xEF\xBB\xBFid,note\r\n1,\"two\nlines, \"\"quoted\"\"\"\r\n\r\n2,".to_vec();
        bytes.extend_from_slice(long.as_bytes());
        bytes.extend_from_slice(b"\n3\n4,\xff\n5,\"open\n");
        let (store, objects) = store_with(&[("f.csv", bytes)]).await;
        let (meta, uri) = &objects[0];
        let mut reader = FieldReader::open(store.as_ref(), meta, uri, Compression::None, &commas())
            .await
            .unwrap();
        let mut seen = Vec::new();
        while let Some(record) = reader.next().await.unwrap() {
            // The long field by its length (a failure stays readable).
            let fields: Vec<String> = (0..reader.len())
                .map(|i| String::from_utf8_lossy(reader.field(i).unwrap()).into_owned())
                .map(|f| {
                    if f == long {
                        format!("{} z", f.len())
                    } else {
                        f
                    }
                })
                .collect();
            seen.push((record.line, record.first, record.malformed, fields));
        }
        let count = |found| BadRowReason::FieldCount { expected: 2, found };
        assert_eq!(
            seen,
            [
                (1, true, None, vec!["id".into(), "note".into()]),
                (
                    2,
                    false,
                    None,
                    vec!["1".into(), "two\nlines, \"quoted\"".into()]
                ),
                (
                    5,
                    false,
                    None,
                    vec!["2".into(), format!("{} z", long.len())]
                ),
                (6, false, Some(count(1)), vec!["3".into()]),
                (
                    7,
                    false,
                    Some(BadRowReason::InvalidUtf8 { field: 2 }),
                    vec!["4".into(), "\u{fffd}".into()]
                ),
                (
                    8,
                    false,
                    Some(BadRowReason::UnterminatedQuote),
                    vec!["5".into(), "open\n".into()]
                ),
            ]
        );
        assert_eq!(reader.field(2), None);
    }

    #[tokio::test]
    async fn a_missing_object_is_an_input_error() {
        let (store, mut objects) = store_with(&[("a.csv", b"a\n".to_vec())]).await;
        objects[0].0.location = ObjectPath::from("gone.csv");
        let err = first_bad_row(store, &objects, Compression::None, &commas())
            .await
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "input s3://bucket/a.csv: no such file or object"
        );
        // Bytes that are not gzip.
        let (store, objects) = store_with(&[("a.csv.gz", b"a,b\n1,2\n".to_vec())]).await;
        let err = first_bad_row(store, &objects, Compression::Gzip, &commas())
            .await
            .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("input s3://bucket/a.csv.gz: cannot read it: "),
            "{err}"
        );
    }
}
