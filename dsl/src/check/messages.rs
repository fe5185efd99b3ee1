//! What the checker says, in words shared by expressions and steps: types in a
//! sentence, unknown columns with a suggestion, pattern errors at their place.

use super::schema::Schema;
use super::types::Type;
use crate::ast::Literal;
use crate::catalog::Kind;
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::pattern;
use crate::span::Span;

/// "a list<string>", "an integer": a type in a sentence. Lists and structs are named with
/// what they hold where it is known.
pub(super) fn type_article(ty: &Type) -> String {
    match ty {
        Type::Of(kind) => article(*kind),
        other => format!("a {other}"),
    }
}

pub(super) fn article(kind: Kind) -> String {
    match kind {
        Kind::Any => "any value".to_string(),
        Kind::Integer => "an integer".to_string(),
        Kind::Matcher => "a string, pattern or regex".to_string(),
        Kind::Temporal => "a date or timestamp".to_string(),
        Kind::Scalar => "a single value (not a list or struct)".to_string(),
        _ => format!("a {}", kind.name()),
    }
}

/// The hint for a name that is no column: the closest one, or all of them when they are few.
fn column_hint(
    schema: &Schema,
    name: &str,
    all: &str,
    closest: impl Fn(&str) -> String,
) -> Option<String> {
    match did_you_mean(name, schema.names()) {
        Some(best) => Some(closest(best)),
        None if schema.columns.len() <= 12 && !schema.columns.is_empty() => Some(format!(
            "{all} {}",
            schema
                .names()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        None => None,
    }
}

/// A column that another input (`join`, `lookup`, `union`) does not have.
pub(super) fn unknown_input_column(
    schema: &Schema,
    table: &str,
    name: &str,
    span: Span,
) -> Diagnostic {
    let hint = column_hint(
        schema,
        name,
        &format!("the columns of `{table}` are"),
        |best| format!("did you mean `{table}.{}`?", crate::print::print_name(best)),
    );
    Diagnostic::error(
        "unknown-column",
        format!("input `{table}` has no column `{name}`"),
        span,
    )
    .with_label(format!("not a column of `{table}`"))
    .with_hint_opt(hint)
}

pub(super) fn unknown_column(schema: &Schema, name: &str, span: Span) -> Diagnostic {
    let hint = column_hint(schema, name, "the columns here are", |best| {
        format!("did you mean `{best}`?")
    });
    Diagnostic::error("unknown-column", format!("unknown column `{name}`"), span)
        .with_label("no such column")
        .with_hint_opt(hint)
}

/// A pattern or regex error, pointed at the exact place inside the literal when possible.
pub(super) fn pattern_diagnostic(
    literal: &Literal,
    span: Span,
    e: pattern::PatternError,
) -> Diagnostic {
    // The literal's text starts after `p"` or `/`.
    let lead = match literal {
        Literal::Pattern(_) => 2,
        Literal::Regex { .. } => 1,
        _ => 0,
    };
    let inner = if e.end > e.start && lead > 0 {
        Span::new(
            span.start + lead + e.start,
            (span.start + lead + e.end).min(span.end),
        )
    } else {
        span
    };
    Diagnostic::error("bad-pattern", e.message, inner)
        .with_label("here")
        .with_hint_opt(e.hint)
}
