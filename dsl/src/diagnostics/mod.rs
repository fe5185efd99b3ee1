//! Diagnostics: what went wrong, where, and what to do about it. Produced by the parser and
//! the checker; drawn only at the edge (the CLI, the browser) by [`render`].

mod render;
mod suggest;

pub use render::{render, render_plain, RenderOptions};
pub use suggest::did_you_mean;

use crate::span::{LineCol, Span};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Warning,
    Error,
}

/// One finding about a recipe.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub level: Level,
    /// A stable identifier, such as `unknown-function`, for tests and documentation.
    pub code: &'static str,
    /// One sentence: what is wrong.
    pub message: String,
    /// The exact text at fault.
    pub span: Span,
    /// Short text drawn beside the caret.
    pub label: String,
    /// What to do about it: "did you mean …", the expected signature, and so on.
    pub hint: Option<String>,
    /// Other places that explain this one, such as the step that dropped a column.
    pub notes: Vec<(Span, String)>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>, span: Span) -> Self {
        Diagnostic {
            level: Level::Error,
            code,
            message: message.into(),
            span,
            label: String::new(),
            hint: None,
            notes: Vec::new(),
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>, span: Span) -> Self {
        Diagnostic {
            level: Level::Warning,
            ..Diagnostic::error(code, message, span)
        }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_hint_opt(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }

    pub fn with_note(mut self, span: Span, note: impl Into<String>) -> Self {
        self.notes.push((span, note.into()));
        self
    }

    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }

    /// Where the diagnostic starts, for a one-line form or a JSON API.
    pub fn location(&self, source: &str) -> LineCol {
        LineCol::of(source, self.span.start)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " ({hint})")?;
        }
        Ok(())
    }
}

/// The error type of this crate: a recipe that did not parse or check, with every
/// diagnostic found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors = self.diagnostics.iter().filter(|d| d.is_error()).count();
        match self.diagnostics.first() {
            Some(first) if errors == 1 => write!(f, "{first}"),
            Some(first) => write!(f, "{first} (and {} more errors)", errors - 1),
            None => write!(f, "invalid recipe"),
        }
    }
}

impl std::error::Error for Error {}
