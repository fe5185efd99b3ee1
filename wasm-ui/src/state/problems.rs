//! Problems located in the text they are about (line, column, the line and a caret under
//! the part at fault), as the command line and the recipe panel draw them.

use wrangle_dsl::{Diagnostic, LineCol};

/// A problem located in the text it is about.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
    pub is_error: bool,
    /// The line of text, and the caret line under it.
    pub source_line: String,
    pub caret: String,
}

pub fn locate(diagnostics: &[Diagnostic], text: &str) -> Vec<Problem> {
    diagnostics
        .iter()
        .map(|d| {
            let LineCol { line, column } = d.location(text);
            let source_line = text
                .lines()
                .nth(line.saturating_sub(1))
                .unwrap_or("")
                .to_string();
            let start = d.span.start.min(text.len());
            let end = d.span.end.clamp(start, text.len());
            let width = text[start..end]
                .lines()
                .next()
                .map_or(1, |s| s.chars().count().max(1));
            let caret = format!(
                "{}{}",
                " ".repeat(column.saturating_sub(1)),
                "^".repeat(width)
            );
            Problem {
                line,
                column,
                message: d.message.clone(),
                hint: d.hint.clone(),
                is_error: d.is_error(),
                source_line,
                caret,
            }
        })
        .collect()
}
