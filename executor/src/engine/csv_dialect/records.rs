//! The sample's records, read with csv-core as a dialect reads them: complete ones only
//! unless the sample is the whole text, each field with whether it was quoted.

use super::{CsvDialect, MAX_RECORDS};
use csv_core::ReadFieldResult;

/// A field of the sample, and whether it was written in quotes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Cell {
    pub(super) text: String,
    pub(super) quoted: bool,
}

/// The sample's records read with `dialect`: complete ones only, unless `whole` (the sample is
/// the whole text) or none is complete.
pub(super) fn records(sample: &[u8], dialect: &CsvDialect, whole: bool) -> Vec<Vec<String>> {
    cells(sample, dialect, whole)
        .into_iter()
        .map(|row| row.into_iter().map(|c| c.text).collect())
        .collect()
}

/// The sample's records (as [`records`]), each field with whether it was quoted.
pub(super) fn cells(sample: &[u8], dialect: &CsvDialect, whole: bool) -> Vec<Vec<Cell>> {
    let mut reader = dialect.reader();
    let mut rows = Vec::new();
    let mut row: Vec<Cell> = Vec::new();
    let mut input = sample;
    // Field data is never longer than the input it comes from.
    let mut out = vec![0u8; sample.len() + 1];
    let mut out_len = 0;
    // Where the bytes of the field being read start in the sample.
    let mut field_start = 0;
    let mut at_end = sample.is_empty();
    while rows.len() < MAX_RECORDS {
        let (result, nin, nout) = reader.read_field(input, &mut out[out_len..]);
        input = &input[nin..];
        out_len += nout;
        match result {
            ReadFieldResult::InputEmpty => {
                if input.is_empty() {
                    // The rest is an unfinished record: keep it only if the text ends here.
                    if at_end || !(whole || rows.is_empty()) {
                        break;
                    }
                    at_end = true;
                }
            }
            ReadFieldResult::OutputFull => out.resize(out.len() * 2 + 1, 0),
            ReadFieldResult::Field { record_end } => {
                let consumed = sample.len() - input.len();
                let raw = &sample[field_start..consumed];
                field_start = consumed;
                let raw = if row.is_empty() {
                    skip_to_record(raw, dialect.comment)
                } else {
                    raw
                };
                row.push(Cell {
                    text: String::from_utf8_lossy(&out[..out_len]).into_owned(),
                    quoted: raw.first() == Some(&dialect.quote),
                });
                out_len = 0;
                if record_end {
                    rows.push(std::mem::take(&mut row));
                    if at_end {
                        break;
                    }
                }
            }
            ReadFieldResult::End => break,
        }
    }
    rows
}

/// The bytes of a record's first field without what csv-core passes over before a record:
/// a byte order mark, line breaks and comment lines.
fn skip_to_record(mut raw: &[u8], comment: Option<u8>) -> &[u8] {
    raw = raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw);
    loop {
        match raw.first() {
            Some(b'\r' | b'\n') => raw = &raw[1..],
            Some(&b) if Some(b) == comment => {
                let end = raw
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(raw.len(), |i| i + 1);
                raw = &raw[end..];
            }
            _ => return raw,
        }
    }
}
