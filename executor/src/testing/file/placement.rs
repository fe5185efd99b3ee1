//! Where a TOML string's text stands in the test file, so that tables, steps and messages
//! point at the file's lines and columns.

use crate::testing::table::Placement;
use toml::Spanned;

/// Where a TOML string's text starts, and whether offsets in it are offsets in the file
/// (no escapes changed it).
pub(super) fn placement(source: &str, s: &Spanned<String>) -> Placement {
    let span = s.span();
    let raw = &source[span.clone()];
    let (open, close) = if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
        (3, 3)
    } else {
        (1, 1)
    };
    let mut start = span.start + open;
    let mut content = raw.get(open..raw.len().saturating_sub(close)).unwrap_or("");
    if open == 3 {
        if let Some(rest) = content
            .strip_prefix("\r\n")
            .or_else(|| content.strip_prefix('\n'))
        {
            start += content.len() - rest.len();
            content = rest;
        }
    }
    Placement {
        start,
        exact: content == s.get_ref(),
    }
}

/// A TOML string's text, preceded by what stands before it in the file (newlines kept,
/// everything else as spaces), so that positions in it are positions in the file; the
/// text alone when escapes changed it.
pub(super) fn in_place(source: &str, s: &Spanned<String>) -> String {
    let placement = placement(source, s);
    if !placement.exact {
        return s.get_ref().clone();
    }
    // A character becomes as many spaces as it has bytes: offsets stay byte offsets.
    let before: String = source[..placement.start]
        .chars()
        .map(|c| match c {
            '\n' => "\n".to_string(),
            other => " ".repeat(other.len_utf8()),
        })
        .collect();
    format!("{before}{}", s.get_ref())
}

pub(super) fn content_start(source: &str, s: &Spanned<String>) -> usize {
    placement(source, s).start
}
