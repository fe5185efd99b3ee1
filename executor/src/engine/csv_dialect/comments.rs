//! Comment lines: whether the `#` lines at the top of a sample are comments or a header
//! whose first name starts with `#`.

use super::records::records;
use super::{delimiter::mode, CsvDialect, CsvOverrides};

/// The comment prefix to sniff the delimiter with: the one given, or `#` when the first
/// line starts with it.
pub(super) fn comment_candidate(sample: &[u8], overrides: &CsvOverrides) -> Option<u8> {
    let first_line = first_line(sample);
    match overrides.comment {
        Some(comment) => comment,
        None => first_line.first().copied().filter(|&b| b == b'#'),
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

/// Whether the `#` lines at the top are comments rather than a header that starts with `#`:
/// there are several, or one that reads like prose (`# …`) or has another field count than the
/// data.
pub(super) fn leading_comments(sample: &[u8], dialect: &CsvDialect, whole: bool) -> bool {
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
