//! CSV dialects: which characters separate, quote, escape and comment, and whether the
//! first row is a header. Guessed from a sample of the text (`sniff`); what the user gave on
//! the command line always wins.
//!
//! | file | what it does |
//! | --- | --- |
//! | `mod.rs` | the dialect and the overrides, checked; `sniff`, which puts the guesses together |
//! | `records.rs` | the sample's records, read with a dialect, each field with whether it was quoted |
//! | `delimiter.rs` | the delimiter and quote that split the records most consistently |
//! | `quoting.rs` | which quotes enclose fields, and whether a quoted field holds a line break |
//! | `comments.rs` | whether `#` lines at the top are comments |
//! | `header.rs` | whether the first row is a header |
//! | `column_names.rs` | column names from a header row |
//! | `command_line.rs` | characters given on the command line |

mod column_names;
mod command_line;
mod comments;
mod delimiter;
mod header;
mod quoting;
mod records;
#[cfg(test)]
mod tests;

pub use column_names::{column_names, header_from_row};
pub use command_line::{parse_char, parse_optional_char};
pub use quoting::quoted_line_breaks;

use csv_core::{Reader, ReaderBuilder};

/// How many bytes of (decompressed) text `sniff` expects. A shorter sample is taken to be
/// the whole text, so its last line counts even without a line break.
pub const SAMPLE_SIZE: usize = 64 * 1024;

/// The delimiters `sniff` chooses among, in order of preference on a tie.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// At most this many records of the sample are looked at.
const MAX_RECORDS: usize = 2_000;

/// How a CSV text is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CsvDialect {
    /// Separates fields.
    pub delimiter: u8,
    /// Encloses fields that hold delimiters, quotes or line breaks (doubled inside them).
    pub quote: u8,
    /// Escapes the next character inside a quoted field (none: quotes are doubled).
    pub escape: Option<u8>,
    /// Lines starting with it are not rows.
    pub comment: Option<u8>,
    /// The first row names the columns.
    pub has_header: bool,
}

impl Default for CsvDialect {
    fn default() -> Self {
        CsvDialect {
            delimiter: b',',
            quote: b'"',
            escape: None,
            comment: None,
            has_header: true,
        }
    }
}

impl CsvDialect {
    /// Whether the characters can work together: distinct (an escape may equal the quote),
    /// and none a line break.
    pub fn check(&self) -> Result<(), String> {
        let mut roles = vec![("delimiter", self.delimiter), ("quote", self.quote)];
        roles.extend(self.escape.map(|e| ("escape", e)));
        roles.extend(self.comment.map(|c| ("comment", c)));
        for (i, &(name, byte)) in roles.iter().enumerate() {
            if byte == b'\n' || byte == b'\r' {
                return Err(format!("the {name} character cannot be a line break"));
            }
            for &(other, other_byte) in &roles[i + 1..] {
                let quote_escape = name == "quote" && other == "escape";
                if byte == other_byte && !quote_escape {
                    return Err(format!(
                        "the {name} and the {other} are both {}",
                        show_char(byte)
                    ));
                }
            }
        }
        Ok(())
    }

    /// A csv-core reader for this dialect (quotes may also be doubled, as DataFusion reads
    /// them).
    pub(crate) fn reader(&self) -> Reader {
        let escape = self.escape.filter(|&e| e != self.quote);
        ReaderBuilder::new()
            .delimiter(self.delimiter)
            .quote(self.quote)
            .escape(escape)
            .double_quote(true)
            .comment(self.comment)
            .build()
    }
}

/// What the user gave on the command line; `None` means "guess it".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CsvOverrides {
    /// The delimiter given.
    pub delimiter: Option<u8>,
    /// The quote given.
    pub quote: Option<u8>,
    /// The escape given; `Some(None)` (`none`): no escape character.
    pub escape: Option<Option<u8>>,
    /// The comment prefix given; `Some(None)` (`none`): no comment lines.
    pub comment: Option<Option<u8>>,
    /// Whether the user said the first row is (or is not) a header.
    pub has_header: Option<bool>,
}

/// Guesses the dialect of `sample`, the first [`SAMPLE_SIZE`] bytes of a (decompressed)
/// CSV text. `name_hint` is the object's name (`.tsv` prefers tabs); `overrides` always win.
///
/// The delimiter (`,` `;` tab `|`) and quote (`"` `'`) are those that split the sample's
/// complete records into the most consistent number of fields (more than one); `#` is a
/// comment prefix when lines before the data start with it. The first row is a header when
/// its cells are distinct names and some column holds text there but mostly numbers or dates
/// below, or when none of its cells is a number while the rows below hold some (a cell in
/// quotes above unquoted numbers counts as text); a first row with a number is data; with
/// no numbers at all, distinct cells make a header, and so does a row alone (see
/// `looks_like_header`).
pub fn sniff(sample: &[u8], name_hint: &str, overrides: &CsvOverrides) -> CsvDialect {
    let whole = sample.len() < SAMPLE_SIZE;
    let tsv = name_hint.to_ascii_lowercase().contains(".tsv");
    let preferred = if tsv { b'\t' } else { b',' };
    let escape = overrides.escape.unwrap_or(None);

    // A leading `#` line may be a comment; sniff the delimiter as if it were.
    let comment_candidate = comments::comment_candidate(sample, overrides);

    let (delimiter, quote) = delimiter::delimiter_and_quote(
        sample,
        whole,
        preferred,
        escape,
        comment_candidate,
        overrides,
    );
    let mut dialect = CsvDialect {
        delimiter,
        quote,
        escape,
        comment: comment_candidate,
        has_header: true,
    };

    if overrides.comment.is_none() && comment_candidate.is_some() {
        dialect.comment = comments::leading_comments(sample, &dialect, whole).then_some(b'#');
    }

    dialect.has_header = match overrides.has_header {
        Some(has_header) => has_header,
        None => {
            let rows = records::cells(sample, &dialect, whole);
            if rows.is_empty() {
                true
            } else {
                header::looks_like_header(&rows)
            }
        }
    };
    dialect
}

fn show_char(byte: u8) -> String {
    match byte {
        b'\t' => "tab".into(),
        b' ' => "space".into(),
        b if b.is_ascii_graphic() => format!("`{}`", b as char),
        b => format!("byte 0x{b:02x}"),
    }
}
