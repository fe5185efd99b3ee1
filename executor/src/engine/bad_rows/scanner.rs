//! Finding malformed rows: a [`Scanner`] reads an object's records with csv-core as a stream,
//! following the raw bytes ([`RawTracker`]: lines, byte order mark, comments) and checking
//! each field for UTF-8 ([`Utf8Check`]); [`FieldReader`] gives the records' field values.

use super::{BadRow, BadRowReason, CHUNK, RAW_LIMIT, SPILL};
use crate::engine::csv_dialect::CsvDialect;
use crate::engine::format::Compression;
use crate::engine::object_reader::{open, read_error, Input};
use crate::error::Result;
use csv_core::ReadFieldResult;
use object_store::{ObjectMeta, ObjectStore};
use tokio::io::AsyncReadExt;

/// A record as read: where it starts and what is wrong with it.
#[derive(Clone, Copy, Debug)]
pub(super) struct Record {
    pub(super) line: u64,
    pub(super) fields: usize,
    /// The first field (1-based) that is not UTF-8.
    invalid_field: Option<usize>,
    unterminated: bool,
}

impl Record {
    pub(super) fn judge(&self, expected: usize) -> Option<BadRowReason> {
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

pub(super) enum Step {
    /// A whole record: its raw bytes are [`Scanner::raw`] until the next step.
    Record(Record),
    /// The record being read holds more than the spill size: take its bytes so far.
    Overflow,
    End,
}

/// Reads records from a byte stream with csv-core, keeping each record's raw bytes and the
/// line it starts on.
pub(super) struct Scanner {
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
    pub(super) fn new(input: Input, dialect: &CsvDialect, keep_all: bool, spill: usize) -> Scanner {
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

    pub(super) async fn next(&mut self) -> std::io::Result<Step> {
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
    pub(super) fn raw(&self) -> &[u8] {
        &self.raw.bytes
    }

    pub(super) fn take_overflow(&mut self) -> Vec<u8> {
        self.raw.take()
    }

    /// The record's first bytes (at most [`RAW_LIMIT`]), without its line break.
    pub(super) fn bad_raw(&self) -> Vec<u8> {
        self.raw.head()
    }
}

/// The records of one object with their field values, for reading what the cells hold
/// (column names, types, a value's line). Malformed records (see [`super::first_bad_row`]) are
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
