//! Byte ranges into the recipe text, and their line/column form.

use std::fmt;
use std::ops::Range;

/// A byte range `start..end` into the recipe source.
///
/// Spans are location metadata, not meaning: two spans always compare equal, so two trees
/// compare equal when they say the same thing wherever they were written. Compare
/// `start`/`end` directly when the location itself matters.
#[derive(Clone, Copy, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }

    /// Moves a span found in one line of the source to its place in the whole source.
    pub fn offset(self, by: usize) -> Span {
        Span::new(self.start + by, self.end + by)
    }
}

impl PartialEq for Span {
    fn eq(&self, _: &Span) -> bool {
        true
    }
}

impl Eq for Span {}

impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl LineCol {
    /// Where byte `offset` of `source` sits.
    pub fn of(source: &str, offset: usize) -> LineCol {
        let offset = offset.min(source.len());
        let before = &source[..floor_char_boundary(source, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        LineCol { line, column }
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for LineCol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let src = "rename a to b\nset é = 1\n";
        assert_eq!(LineCol::of(src, 0), LineCol { line: 1, column: 1 });
        assert_eq!(LineCol::of(src, 14), LineCol { line: 2, column: 1 });
        // "set é = 1": the `=` is the 7th character but the 8th byte of the line.
        assert_eq!(LineCol::of(src, 14 + 7), LineCol { line: 2, column: 7 });
    }

    #[test]
    fn spans_cover_and_shift() {
        let a = Span::new(3, 5).to(Span::new(1, 4));
        assert_eq!((a.start, a.end), (1, 5));
        let b = a.offset(10);
        assert_eq!((b.start, b.end), (11, 15));
    }
}
