//! Errors found while compiling a recipe to a plan: where in the recipe, and what.

use wrangle_dsl::{Diagnostic, Span};

/// A recipe that checked but cannot be compiled as written (for example a matcher taken
/// from a column), or a plan DataFusion refused.
#[derive(Debug)]
pub struct CompileError {
    pub span: Span,
    pub message: String,
    pub hint: Option<String>,
    /// The data stopped it, not the recipe: a pass over the data that building the step
    /// needs (the values of a `pivot`) failed, as a run would (an overflow).
    pub in_data: bool,
}

impl CompileError {
    pub fn new(span: Span, message: impl Into<String>) -> Self {
        CompileError {
            span,
            message: message.into(),
            hint: None,
            in_data: false,
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

    /// A pass over the data that building the step at `span` needs failed on a value, as
    /// running the step would have.
    pub fn data(span: Span, error: &datafusion::error::DataFusionError) -> Self {
        CompileError {
            in_data: true,
            ..CompileError::new(
                span,
                format!("the step failed: {}", crate::failure_words::in_words(error)),
            )
        }
    }

    /// As a diagnostic, to be drawn like any other; `step-failed` when the data stopped it.
    pub fn to_diagnostic(&self) -> Diagnostic {
        let code = if self.in_data {
            "step-failed"
        } else {
            "compile"
        };
        Diagnostic::error(code, self.message.clone(), self.span).with_hint_opt(self.hint.clone())
    }
}

impl std::fmt::Display for CompileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for CompileError {}

pub type Result<T> = std::result::Result<T, CompileError>;
