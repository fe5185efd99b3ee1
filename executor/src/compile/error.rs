//! Errors found while compiling a recipe to a plan: where in the recipe, and what.

use wrangle_dsl::{Diagnostic, Span};

/// A recipe that checked but cannot be compiled as written (for example a matcher taken
/// from a column), or a plan DataFusion refused.
#[derive(Debug)]
pub struct CompileError {
    pub span: Span,
    pub message: String,
    pub hint: Option<String>,
}

impl CompileError {
    pub fn new(span: Span, message: impl Into<String>) -> Self {
        CompileError {
            span,
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// A DataFusion error while building the plan of the step at `span`.
    pub fn plan(span: Span, error: datafusion::error::DataFusionError) -> Self {
        CompileError::new(
            span,
            format!("cannot build this step: {}", error.strip_backtrace()),
        )
    }

    /// As a diagnostic, to be drawn like any other.
    pub fn to_diagnostic(&self) -> Diagnostic {
        Diagnostic::error("compile", self.message.clone(), self.span)
            .with_hint_opt(self.hint.clone())
    }
}

impl std::fmt::Display for CompileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for CompileError {}

pub type Result<T> = std::result::Result<T, CompileError>;
