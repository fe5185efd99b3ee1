//! CSV dialects: which characters separate, quote, escape and comment, and whether the
//! first row is a header. Guessed from a sample of the text (`sniff`); what the user gave on
//! the command line always wins.

use csv_core::{ReadFieldResult, Reader, ReaderBuilder};
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

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
    let first_line = first_line(sample);
    let comment_candidate = match overrides.comment {
        Some(comment) => comment,
        None => first_line.first().copied().filter(|&b| b == b'#'),
    };

    let delimiters: Vec<u8> = match overrides.delimiter {
        Some(d) => vec![d],
        None => {
            let mut ds = vec![preferred];
            ds.extend(DELIMITERS.iter().copied().filter(|&d| d != preferred));
            ds
        }
    };
    let quotes: Vec<u8> = match overrides.quote {
        Some(q) => vec![q],
        // `'` only when it visibly encloses fields and `"` does not: a broken `"` quote is
        // a malformed row to report, not a hint that quotes are something else.
        None if encloses_fields(sample, b'\'') && !encloses_fields(sample, b'"') => {
            vec![b'\'', b'"']
        }
        None => vec![b'"'],
    };

    // (consistency, field count, preference): the best wins.
    let mut best: Option<(f64, usize, usize, u8, u8)> = None;
    let mut preference = delimiters.len() * quotes.len();
    for &quote in &quotes {
        for &delimiter in &delimiters {
            preference -= 1;
            if delimiter == quote || Some(delimiter) == comment_candidate {
                continue;
            }
            let dialect = CsvDialect {
                delimiter,
                quote,
                escape,
                comment: comment_candidate,
                has_header: false,
            };
            let counts: Vec<usize> = records(sample, &dialect, whole)
                .iter()
                .map(Vec::len)
                .collect();
            let Some((fields, consistency)) = mode(&counts) else {
                continue;
            };
            if fields < 2 {
                continue;
            }
            let key = (consistency, fields, preference, delimiter, quote);
            let better = match best {
                None => true,
                Some((c, f, p, _, _)) => (consistency, fields, preference) > (c, f, p),
            };
            if better {
                best = Some(key);
            }
        }
    }
    let (delimiter, quote) = match best {
        Some((_, _, _, d, q)) => (d, q),
        None => (
            overrides.delimiter.unwrap_or(preferred),
            overrides.quote.unwrap_or(b'"'),
        ),
    };
    let mut dialect = CsvDialect {
        delimiter,
        quote,
        escape,
        comment: comment_candidate,
        has_header: true,
    };

    if overrides.comment.is_none() && comment_candidate.is_some() {
        dialect.comment = leading_comments(sample, &dialect, whole).then_some(b'#');
    }

    dialect.has_header = match overrides.has_header {
        Some(has_header) => has_header,
        None => {
            let rows = cells(sample, &dialect, whole);
            if rows.is_empty() {
                true
            } else {
                looks_like_header(&rows)
            }
        }
    };
    dialect
}

/// Reads a delimiter, quote, escape or comment character given on the command line: one
/// ASCII character (`,` `;` `|` `'`), `\t` or a name (`tab`, `comma`, `semicolon`, `pipe`,
/// `space`, `quote`, `single-quote`, `backslash`, `hash`).
pub fn parse_char(text: &str) -> Result<u8, String> {
    let named = match text.to_ascii_lowercase().as_str() {
        "tab" | "\\t" => Some(b'\t'),
        "comma" => Some(b','),
        "semicolon" => Some(b';'),
        "pipe" | "bar" => Some(b'|'),
        "space" => Some(b' '),
        "quote" | "double-quote" | "dquote" => Some(b'"'),
        "single-quote" | "squote" | "apostrophe" => Some(b'\''),
        "backslash" => Some(b'\\'),
        "hash" => Some(b'#'),
        "none" => return Err("`none` only applies to the escape and comment characters".into()),
        _ => None,
    };
    if let Some(byte) = named {
        return Ok(byte);
    }
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c == '\n' || c == '\r' => {
            Err("a line break cannot separate, quote or escape fields".into())
        }
        (Some(c), None) if c == '\t' || (c.is_ascii() && !c.is_ascii_control()) => Ok(c as u8),
        _ => Err(format!(
            "`{text}` is not one character: give one ASCII character such as , ; | or tab"
        )),
    }
}

/// Like [`parse_char`], and `none` means no character (for the escape and comment).
pub fn parse_optional_char(text: &str) -> Result<Option<u8>, String> {
    if text.eq_ignore_ascii_case("none") {
        Ok(None)
    } else {
        parse_char(text).map(Some)
    }
}

fn show_char(byte: u8) -> String {
    match byte {
        b'\t' => "tab".into(),
        b' ' => "space".into(),
        b if b.is_ascii_graphic() => format!("`{}`", b as char),
        b => format!("byte 0x{b:02x}"),
    }
}

/// The first line that is not blank, without its line break.
fn first_line(sample: &[u8]) -> &[u8] {
    let sample = sample.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(sample);
    sample
        .split(|&b| b == b'\n')
        .map(|line| line.strip_suffix(b"\r").unwrap_or(line))
        .find(|line| !line.is_empty())
        .unwrap_or(&[])
}

/// Whether some field of the sample is enclosed in `quote` on one line: opened at the line
/// start or after a delimiter, and closed before a delimiter or the line end.
fn encloses_fields(sample: &[u8], quote: u8) -> bool {
    sample.split(|&b| b == b'\n').any(|line| {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let mut i = 0;
        while i < line.len() {
            if line[i] == quote && (i == 0 || DELIMITERS.contains(&line[i - 1])) {
                let mut j = i + 1;
                while j < line.len() {
                    if line[j] != quote {
                        j += 1;
                    } else if line.get(j + 1) == Some(&quote) {
                        j += 2;
                    } else if j + 1 == line.len() || DELIMITERS.contains(&line[j + 1]) {
                        return true;
                    } else {
                        break;
                    }
                }
                i = j;
            }
            i += 1;
        }
        false
    })
}

/// The most frequent field count (the larger on a tie) and the share of records that have it.
fn mode(counts: &[usize]) -> Option<(usize, f64)> {
    if counts.is_empty() {
        return None;
    }
    let mut sorted = counts.to_vec();
    sorted.sort_unstable();
    let (mut best, mut best_run) = (sorted[0], 0);
    let mut i = 0;
    while i < sorted.len() {
        let run = sorted[i..].iter().take_while(|&&c| c == sorted[i]).count();
        if run >= best_run {
            best = sorted[i];
            best_run = run;
        }
        i += run;
    }
    Some((best, best_run as f64 / counts.len() as f64))
}

/// Whether the `#` lines at the top are comments rather than a header that starts with `#`:
/// there are several, or one that reads like prose (`# …`) or has another field count than the
/// data.
fn leading_comments(sample: &[u8], dialect: &CsvDialect, whole: bool) -> bool {
    let sample = sample.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(sample);
    let lines: Vec<&[u8]> = sample
        .split(|&b| b == b'\n')
        .map(|line| line.strip_suffix(b"\r").unwrap_or(line))
        .filter(|line| !line.is_empty())
        .collect();
    let leading = lines
        .iter()
        .take_while(|l| l.first() == Some(&b'#'))
        .count();
    if leading == 0 {
        return false;
    }
    if leading > 1 || lines[0].starts_with(b"# ") || lines[0].starts_with(b"#!") {
        return true;
    }
    let plain = CsvDialect {
        comment: None,
        ..*dialect
    };
    let header_fields = records(lines[0], &plain, true).first().map_or(0, Vec::len);
    let counts: Vec<usize> = records(sample, dialect, whole)
        .iter()
        .map(Vec::len)
        .collect();
    match mode(&counts) {
        Some((fields, _)) => fields != header_fields,
        None => false,
    }
}

/// The sample's records read with `dialect`: complete ones only, unless `whole` (the sample is
/// the whole text) or none is complete.
/// Whether a quoted field of the sample holds a line break.
pub fn quoted_line_breaks(sample: &[u8], dialect: &CsvDialect) -> bool {
    let mut quoted = false;
    let mut escaped = false;
    for &b in sample {
        if escaped {
            escaped = false;
        } else if quoted && Some(b) == dialect.escape {
            escaped = true;
        } else if b == dialect.quote {
            quoted = !quoted;
        } else if quoted && b == b'\n' {
            return true;
        }
    }
    false
}

/// Column names from row `row` (1-based, comment lines not counted) of the sample: empty
/// cells become `column_N`, repeated names get `_2`, `_3`. `None` when the sample has fewer
/// rows.
pub fn header_from_row(sample: &[u8], dialect: &CsvDialect, row: u64) -> Option<Vec<String>> {
    let whole = sample.len() < SAMPLE_SIZE;
    let rows = records(sample, dialect, whole);
    let index = usize::try_from(row.checked_sub(1)?).ok()?;
    let cells = rows.get(index)?;
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    Some(column_names(cells, width))
}

/// The names of `width` columns from the cells of a header: trimmed, a line break (or any
/// run of control characters) inside made one space, so that a recipe can name it; an
/// empty (or missing) cell becomes `column_N` (N counted from 1), and a name met before gets
/// `_2`, `_3`.
pub fn column_names<S: AsRef<str>>(cells: &[S], width: usize) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(width);
    for i in 0..width {
        let cell = cells.get(i).map(|c| c.as_ref().trim()).unwrap_or_default();
        let base = if cell.is_empty() {
            format!("column_{}", i + 1)
        } else {
            one_line(cell)
        };
        let mut name = base.clone();
        let mut n = 2;
        while names.contains(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        names.push(name);
    }
    names
}

/// Text with each run of control characters (line breaks, tabs) made one space.
fn one_line(text: &str) -> String {
    let mut line = String::with_capacity(text.len());
    let mut in_run = false;
    for c in text.chars() {
        if c.is_control() {
            if !in_run {
                line.push(' ');
            }
            in_run = true;
        } else {
            line.push(c);
            in_run = false;
        }
    }
    line
}

/// A field of the sample, and whether it was written in quotes.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Cell {
    text: String,
    quoted: bool,
}

fn records(sample: &[u8], dialect: &CsvDialect, whole: bool) -> Vec<Vec<String>> {
    cells(sample, dialect, whole)
        .into_iter()
        .map(|row| row.into_iter().map(|c| c.text).collect())
        .collect()
}

/// The sample's records (as [`records`]), each field with whether it was quoted.
fn cells(sample: &[u8], dialect: &CsvDialect, whole: bool) -> Vec<Vec<Cell>> {
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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Empty,
    Number,
    Text,
}

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[+-]?[$€£]?(\d+([.,' ]\d+)*|\d*[.,]\d+)([eE][+-]?\d+)?%?$").expect("valid regex")
});
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}([ T]\d{1,2}:\d{2}(:\d{2}([.,]\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?|\d{1,2}:\d{2}(:\d{2}([.,]\d+)?)?)$",
    )
    .expect("valid regex")
});

fn kind(cell: &str) -> Kind {
    let cell = cell.trim();
    if cell.is_empty() || crate::udf::null_markers::NULL_MARKERS.contains(&cell) {
        Kind::Empty
    } else if NUMBER.is_match(cell) || DATE.is_match(cell) {
        Kind::Number
    } else {
        Kind::Text
    }
}

/// Whether the first of `rows` names the columns. A cell in quotes above unquoted numbers is
/// a name even when it looks like a number (R writes `"","1940","1945"` above
/// `"Food",22.2,44.5`). Then the first row is a header when its cells are distinct names
/// (the first may be empty: a column of row names) and some column holds text there but
/// mostly numbers or dates below; or when none of its cells is a number while the rows
/// below hold some. A first row with a number is data. With no numbers to go by, a first
/// row of distinct names is taken as a header; so is a row alone without unquoted numbers
/// (a header without rows).
fn looks_like_header(rows: &[Vec<Cell>]) -> bool {
    let Some((first, rest)) = rows.split_first() else {
        return true;
    };
    if rest.is_empty() {
        return first.iter().any(|c| !c.text.trim().is_empty())
            && !first
                .iter()
                .any(|c| !c.quoted && kind(&c.text) == Kind::Number);
    }
    let below = |column: usize| -> Vec<(Kind, bool)> {
        rest.iter()
            .filter_map(|row| row.get(column))
            .map(|c| (kind(&c.text), c.quoted))
            .filter(|&(k, _)| k != Kind::Empty)
            .collect()
    };
    let first_kinds: Vec<Kind> = first
        .iter()
        .enumerate()
        .map(|(column, cell)| match kind(&cell.text) {
            Kind::Number if cell.quoted => {
                let below = below(column);
                let unquoted_numbers = below
                    .iter()
                    .filter(|&&(k, quoted)| k == Kind::Number && !quoted)
                    .count();
                if unquoted_numbers > 0 && unquoted_numbers * 2 > below.len() {
                    Kind::Text
                } else {
                    Kind::Number
                }
            }
            other => other,
        })
        .collect();
    let mut seen = HashSet::new();
    let distinct_names = first.iter().enumerate().all(|(i, c)| {
        let name = c.text.trim();
        if name.is_empty() {
            i == 0 && first.len() > 1
        } else {
            seen.insert(name)
        }
    });
    let text_above_numbers = (0..first.len()).any(|column| {
        if first_kinds[column] != Kind::Text {
            return false;
        }
        let below = below(column);
        let numbers = below.iter().filter(|&&(k, _)| k == Kind::Number).count();
        numbers > 0 && numbers * 2 > below.len()
    });
    let rest_has_numbers = rest
        .iter()
        .flatten()
        .any(|cell| kind(&cell.text) == Kind::Number);
    let first_has_numbers = first_kinds.contains(&Kind::Number);
    let first_all_text = !first_has_numbers && first_kinds.contains(&Kind::Text);
    if (distinct_names && text_above_numbers) || (first_all_text && rest_has_numbers) {
        true
    } else if first_has_numbers || rest_has_numbers {
        false
    } else {
        distinct_names
    }
}

#[cfg(test)]
mod line_break_tests {
    use super::*;

    #[test]
    fn line_breaks_inside_quotes_are_seen() {
        let d = CsvDialect::default();
        assert!(quoted_line_breaks(b"a,b\n1,\"x\ny\"\n", &d));
        assert!(!quoted_line_breaks(b"a,b\n1,\"x,y\"\n2,z\n", &d));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guess(text: &str) -> CsvDialect {
        sniff(text.as_bytes(), "data.csv", &CsvOverrides::default())
    }

    #[test]
    fn commas_and_a_header_are_the_default() {
        assert_eq!(
            guess("id,name,price\n1,apple,0.5\n2,pear,0.75\n"),
            CsvDialect::default()
        );
        assert_eq!(
            sniff(b"", "x.csv", &CsvOverrides::default()),
            CsvDialect::default()
        );
    }

    #[test]
    fn semicolon_files_with_decimal_commas() {
        let d = guess("name;price;date\napple;1,50;2024-01-02\npear;2,25;2024-01-03\n");
        assert_eq!(d.delimiter, b';');
        assert!(d.has_header);
    }

    #[test]
    fn tab_files() {
        let d = guess("a\tb\tc\n1\t2, 3\t4\n5\t6\t7, 8\n");
        assert_eq!(d.delimiter, b'\t');
        assert!(d.has_header);
        // The name decides when the sample cannot.
        let one_column = sniff(b"name\nann\nbob\n", "people.tsv", &CsvOverrides::default());
        assert_eq!(one_column.delimiter, b'\t');
        assert_eq!(guess("name\nann\nbob\n").delimiter, b',');
    }

    #[test]
    fn pipes() {
        assert_eq!(guess("a|b\n1|2\n3|4\n").delimiter, b'|');
    }

    #[test]
    fn quoted_delimiters_do_not_split_fields() {
        // Split naively, the rows would have 3, 4 and 5 fields.
        let text = "name,address,zip\nann,\"1 Main St, Springfield\",12345\n\
                    bob,\"2 Oak Ave, Shelbyville, IL\",67890\n";
        let d = guess(text);
        assert_eq!((d.delimiter, d.quote, d.has_header), (b',', b'"', true));
        let d = guess("a;b\n\"x;y\";1\n\"z;w;v\";2\n");
        assert_eq!((d.delimiter, d.has_header), (b';', true));
        // A quoted field may span lines.
        let text = "id,text\n1,\"two\nlines, really\"\n2,plain\n3,\"x\"\n";
        assert_eq!(guess(text).delimiter, b',');
    }

    #[test]
    fn single_quotes() {
        let d = guess("id,name\n1,'Smith, John'\n2,'Doe, Jane'\n");
        assert_eq!((d.delimiter, d.quote), (b',', b'\''));
        // Apostrophes inside words are not quotes.
        assert_eq!(guess("id,name\n1,O'Brien\n2,D'Arcy\n").quote, b'"');
        assert_eq!(guess("id,name\n1,'t Hooft\n2,ann\n").quote, b'"');
    }

    #[test]
    fn headerless_numeric_files() {
        let d = guess("1,2.5,2024-01-01\n2,3.5,2024-01-02\n3,4.5,2024-01-03\n");
        assert_eq!(d.delimiter, b',');
        assert!(!d.has_header);
        assert!(!guess("10;20\n30;40\n").has_header);
    }

    #[test]
    fn a_header_above_numbers() {
        assert!(guess("year,count\n2019,10\n2020,12\n").has_header);
        // An empty first cell (an index column) is still a header.
        assert!(guess(",a,b\n0,1,2\n1,3,4\n").has_header);
        // Names above mostly numbers, with some gaps and markers.
        assert!(guess("x,label\n1,a\nNA,b\n3,c\n").has_header);
        // Only text: a row of distinct names is taken as a header, repeated cells are not.
        assert!(guess("name,city\nann,paris\nbob,rome\n").has_header);
        assert!(!guess("yes,yes\nno,yes\n").has_header);
    }

    #[test]
    fn quoted_names_above_unquoted_numbers_are_a_header() {
        // R's write.csv: every name quoted (the first empty), numbers bare below.
        let r = "\"\",\"1940\",\"1945\",\"1950\"\n\"Food\",22.2,44.5,59.6\n\"Tobacco\",10.1,11.2,12.3\n";
        assert!(guess(r).has_header);
        let cells = cells(r.as_bytes(), &CsvDialect::default(), true);
        assert_eq!(
            cells[1]
                .iter()
                .map(|c| (c.text.as_str(), c.quoted))
                .collect::<Vec<_>>(),
            [
                ("Food", true),
                ("22.2", false),
                ("44.5", false),
                ("59.6", false)
            ]
        );
        // After a byte order mark, comment lines and blank lines too.
        let text = "\u{feff}# note\n\n\"2019\",\"2020\"\n1,2\n3,4\n";
        assert!(guess(text).has_header);
        // Quoted numbers above quoted numbers are data like the rest; so is a first row with
        // a bare number.
        assert!(!guess("\"1\",\"2\"\n\"3\",\"4\"\n").has_header);
        assert!(!guess("\"a\",1940\n\"b\",22.2\n").has_header);
    }

    #[test]
    fn a_header_without_rows() {
        assert!(guess("\"\",\"friends\",\"advice\"\n").has_header);
        assert!(guess("id,name").has_header);
        assert!(guess("\"\",\"1940\",\"1945\"\n").has_header);
        assert!(!guess("1,2,3\n").has_header);
        // Text only, the first name empty (row names): a header.
        assert!(guess(",friends,advice\nann,bob,carl\n").has_header);
    }

    #[test]
    fn names_from_header_cells() {
        assert_eq!(
            column_names(&["", "a", "a", " b ", "column_1"], 6),
            ["column_1", "a", "a_2", "b", "column_1_2", "column_6"]
        );
        // A line break in a quoted header cell: a name a recipe can write.
        assert_eq!(
            column_names(&["Total\r\nsales", "a\tb"], 2),
            ["Total sales", "a b"]
        );
    }

    #[test]
    fn comment_lines_before_the_data() {
        let d = guess("# exported 2024-01-01\n# by the shop\nid;qty\n1;2\n3;4\n");
        assert_eq!(d.comment, Some(b'#'));
        assert_eq!(d.delimiter, b';');
        assert!(d.has_header);
        // One `#` line with another field count is a comment too.
        assert_eq!(guess("#version=2\na,b\n1,2\n").comment, Some(b'#'));
        // A header whose first name starts with `#` is not a comment.
        let d = guess("#id,name\n1,ann\n2,bob\n");
        assert_eq!(d.comment, None);
        assert!(d.has_header);
        assert_eq!(guess("id,name\n1,#ann\n").comment, None);
    }

    #[test]
    fn overrides_win() {
        let text = b"a;b\n1;2\n";
        let overrides = CsvOverrides {
            delimiter: Some(b','),
            quote: Some(b'\''),
            escape: Some(Some(b'\\')),
            comment: Some(Some(b'%')),
            has_header: Some(false),
        };
        assert_eq!(
            sniff(text, "x.tsv", &overrides),
            CsvDialect {
                delimiter: b',',
                quote: b'\'',
                escape: Some(b'\\'),
                comment: Some(b'%'),
                has_header: false,
            }
        );
        // No comment, even though the first line starts with `#`.
        let no_comment = CsvOverrides {
            comment: Some(None),
            ..CsvOverrides::default()
        };
        let d = sniff(b"# a;b\n1;2\n", "x.csv", &no_comment);
        assert_eq!((d.comment, d.delimiter), (None, b';'));
        // Only the header is given: the delimiter is still guessed.
        let header = CsvOverrides {
            has_header: Some(true),
            ..CsvOverrides::default()
        };
        let d = sniff(b"1|2\n3|4\n", "x.csv", &header);
        assert_eq!((d.delimiter, d.has_header), (b'|', true));
    }

    #[test]
    fn a_cut_sample_ignores_its_last_partial_line() {
        let mut text = String::from("a;b;c\n");
        for i in 0..2_000 {
            text.push_str(&format!("{i:040};2;3\n"));
        }
        // Cut inside a line (of 45 bytes): its partial record does not count.
        let sample = &text.as_bytes()[..SAMPLE_SIZE];
        let semicolons = CsvDialect {
            delimiter: b';',
            ..CsvDialect::default()
        };
        let rows = records(sample, &semicolons, false);
        assert_eq!(rows.len(), 1 + (SAMPLE_SIZE - 6) / 45);
        assert!(rows.iter().all(|r| r.len() == 3));
        // Taken as the whole text, the partial line is a record of its own.
        assert_eq!(
            records(sample, &semicolons, true).last().map(Vec::len),
            Some(1)
        );
        assert_eq!(
            sniff(sample, "x.csv", &CsvOverrides::default()).delimiter,
            b';'
        );
    }

    #[test]
    fn any_bytes_can_be_sniffed() {
        let pieces: [&[u8]; 14] = [
            b"a",
            b"1",
            b"2.5",
            b",",
            b";",
            b"\t",
            b"|",
            b"\"",
            b"'",
            b"\n",
            b"\r",
            b"#",
            b"\xff",
            b"\xEF\xBB\xBF",
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for round in 0..500 {
            let mut sample = Vec::new();
            let length = if round == 0 { 20_000 } else { seed % 80 };
            for _ in 0..length {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                sample.extend_from_slice(pieces[(seed % pieces.len() as u64) as usize]);
            }
            let d = sniff(&sample, "x.csv", &CsvOverrides::default());
            assert!(d.check().is_ok(), "{sample:?} gave {d:?}");
        }
    }

    #[test]
    fn characters_from_the_command_line() {
        assert_eq!(parse_char(","), Ok(b','));
        assert_eq!(parse_char(";"), Ok(b';'));
        assert_eq!(parse_char("|"), Ok(b'|'));
        assert_eq!(parse_char("\t"), Ok(b'\t'));
        assert_eq!(parse_char("\\t"), Ok(b'\t'));
        assert_eq!(parse_char("TAB"), Ok(b'\t'));
        assert_eq!(parse_char("semicolon"), Ok(b';'));
        assert_eq!(parse_char("'"), Ok(b'\''));
        assert_eq!(parse_char("\\"), Ok(b'\\'));
        assert!(parse_char("none").is_err());
        assert!(parse_char("").is_err());
        assert!(parse_char(",,").is_err());
        assert!(parse_char("é").is_err());
        assert!(parse_char("\n").is_err());
        assert_eq!(parse_optional_char("none"), Ok(None));
        assert_eq!(parse_optional_char("#"), Ok(Some(b'#')));
    }

    #[test]
    fn dialects_are_checked() {
        assert!(CsvDialect::default().check().is_ok());
        let same = CsvDialect {
            quote: b',',
            ..CsvDialect::default()
        };
        assert_eq!(
            same.check(),
            Err("the delimiter and the quote are both `,`".into())
        );
        let escape_is_quote = CsvDialect {
            escape: Some(b'"'),
            ..CsvDialect::default()
        };
        assert!(escape_is_quote.check().is_ok());
        let comment_tab = CsvDialect {
            delimiter: b'\t',
            comment: Some(b'\t'),
            ..CsvDialect::default()
        };
        assert_eq!(
            comment_tab.check(),
            Err("the delimiter and the comment are both tab".into())
        );
    }
}
