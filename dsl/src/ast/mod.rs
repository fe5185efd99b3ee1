//! The syntax tree of a recipe. Every node carries the [`Span`] of the text it came from.

mod expr;
mod step;
mod transform;
mod types;

pub use expr::*;
pub use step::*;
pub use transform::Transform;
pub use types::*;

use crate::span::Span;

/// A name written in the recipe (a column, an output, an input table), with where it was
/// written. Backquoted names are stored without their quotes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name {
    pub text: String,
    pub span: Span,
}

impl Name {
    pub fn new(text: impl Into<String>, span: Span) -> Self {
        Name {
            text: text.into(),
            span,
        }
    }
}

/// A whole recipe: its lines in order, comments and blank lines included, so that the
/// printer gives back what the analyst wrote.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Recipe {
    pub lines: Vec<Line>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Line {
    /// A step, with the comment that ends its line, if any.
    Step(Step, Option<Comment>),
    /// A line holding only a comment.
    Comment(Comment),
    /// An empty line (runs of them print as one).
    Blank,
}

/// A `#` comment; `text` is everything after the `#`, trailing white space removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    pub text: String,
    pub span: Span,
}

impl Recipe {
    /// The steps, in order.
    pub fn steps(&self) -> impl Iterator<Item = &Step> {
        self.lines.iter().filter_map(|line| match line {
            Line::Step(step, _) => Some(step),
            _ => None,
        })
    }

    /// The named inputs (lookups) the recipe reads besides its main input, in order of first
    /// use. Where they live is bound when the recipe runs.
    pub fn inputs(&self) -> Vec<&Name> {
        let mut names: Vec<&Name> = Vec::new();
        for step in self.steps() {
            for name in step.kind.tables() {
                if !names.iter().any(|n| n.text == name.text) {
                    names.push(name);
                }
            }
        }
        names
    }
}
