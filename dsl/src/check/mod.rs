//! Checking a parsed recipe: every name, function, argument and step rule, and the table's
//! schema after every step. With the input's schema, every column is known; without it,
//! the checker still knows every column the recipe itself creates, drops or renames.

mod expr;
mod schema;
mod step;

pub use expr::{Allow, UNITS};
pub use schema::{Column, Schema};

use crate::ast::{Line, Recipe};
use crate::diagnostics::Diagnostic;
use crate::parse::Parsed;

/// The outcome of checking: the diagnostics, and the schema after each step.
#[derive(Debug)]
pub struct Checked {
    pub diagnostics: Vec<Diagnostic>,
    /// One entry per step, in order: the table as it is after that step.
    pub schemas: Vec<Schema>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The schema after the last step.
    pub fn output(&self) -> Option<&Schema> {
        self.schemas.last()
    }
}

/// Checks a recipe against its input's schema, or against an unknown input when `None`.
pub fn check(recipe: &Recipe, input: Option<Schema>) -> Checked {
    let mut diagnostics = Vec::new();
    let mut current = input.unwrap_or_else(Schema::unknown);
    let mut schemas = Vec::new();
    let mut first = true;
    for line in &recipe.lines {
        let Line::Step(step, _) = line else { continue };
        current = step::check_step(step, current, first, &mut diagnostics);
        schemas.push(current.clone());
        first = false;
    }
    Checked {
        diagnostics,
        schemas,
    }
}

/// Parses and checks `source` in one go: every diagnostic, in the order of the text.
pub fn parse_and_check(source: &str, input: Option<Schema>) -> (Parsed, Checked) {
    let parsed = crate::parse(source);
    let mut checked = check(&parsed.recipe, input);
    let mut all = parsed.diagnostics.clone();
    all.append(&mut checked.diagnostics);
    all.sort_by_key(|d| (d.span.start, d.span.end));
    checked.diagnostics = all;
    (parsed, checked)
}
