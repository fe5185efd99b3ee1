//! Text → [`Recipe`]. Each line is parsed on its own, so one bad step is reported and the
//! rest of the recipe is still read: the analyst sees every error at once.

mod errors;
mod expr;
mod literal;
mod rule_names;
mod step;

use crate::ast::{Comment, Line, Recipe};
use crate::diagnostics::{did_you_mean, Diagnostic, Error};
use crate::span::Span;
use pest::iterators::Pair;
use pest::Parser as _;

#[derive(pest_derive::Parser)]
#[grammar = "grammar.pest"]
pub(crate) struct Grammar;

/// The result of parsing: the recipe as far as it could be read, and what was wrong.
/// Lines that failed to parse are left out of `recipe`.
#[derive(Debug)]
pub struct Parsed {
    pub recipe: Recipe,
    pub diagnostics: Vec<Diagnostic>,
}

impl Parsed {
    pub fn into_result(self) -> Result<Recipe, Error> {
        if self.diagnostics.iter().any(Diagnostic::is_error) {
            Err(Error {
                diagnostics: self.diagnostics,
            })
        } else {
            Ok(self.recipe)
        }
    }
}

/// Parses a whole recipe, collecting a diagnostic for every line that does not parse.
pub fn parse(source: &str) -> Parsed {
    let mut recipe = Recipe::default();
    let mut diagnostics = Vec::new();
    let mut offset = 0;
    for raw in source.split_inclusive('\n') {
        let text = raw.trim_end_matches(['\n', '\r']);
        match parse_line(text, offset) {
            // Blank lines at the top, or after another blank line, carry nothing: the
            // printer leaves them out, so the tree does too.
            Ok(Line::Blank) if matches!(recipe.lines.last(), None | Some(Line::Blank)) => {}
            Ok(line) => recipe.lines.push(line),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
        offset += raw.len();
    }
    // Nor do blank lines at the end.
    while matches!(recipe.lines.last(), Some(Line::Blank)) {
        recipe.lines.pop();
    }
    Parsed {
        recipe,
        diagnostics,
    }
}

/// Parses one expression on its own (for example a filter typed in the browser).
pub fn parse_expr(source: &str) -> Result<crate::ast::Expr, Diagnostic> {
    let pairs = Grammar::parse(Rule::expr, source)
        .map_err(|e| errors::from_pest(e, Rule::expr, source, 0))?;
    let pair = pairs
        .into_iter()
        .next()
        .expect("pest returns the rule it was asked for");
    let end = pair.as_span().end();
    if end < source.trim_end().len() {
        let span = Span::new(end, source.trim_end().len());
        return Err(
            Diagnostic::error("syntax", "unexpected text after the expression", span)
                .with_label("not part of the expression"),
        );
    }
    expr::build(pair, 0)
}

/// Parses one column type on its own, as written in `settype` (the header of a test
/// table gives column types this way: `amount: decimal(10, 2)`).
pub fn parse_type(source: &str) -> Result<crate::ast::TypeExpr, Diagnostic> {
    let mut pairs = Grammar::parse(Rule::type_only, source)
        .map_err(|e| errors::from_pest(e, Rule::type_only, source, 0))?;
    let pair = pairs
        .next()
        .and_then(|only| only.into_inner().next())
        .expect("pest returns the rule it was asked for, holding a type");
    step::type_expr(pair, 0)
}

/// How deeply brackets may nest in one step. The parser, the checker and the printer
/// recurse once per level; a limit keeps hostile input from exhausting the stack.
pub const MAX_NESTING: usize = 128;

/// How many operators one step may have (a generous bound: real steps have a few dozen).
pub const MAX_OPERATORS: usize = 2000;

fn parse_line(text: &str, offset: usize) -> Result<Line, Diagnostic> {
    if text.trim().is_empty() {
        return Ok(Line::Blank);
    }
    if let Some(at) = too_deep(text) {
        let span = Span::new(at, at + 1).offset(offset);
        return Err(Diagnostic::error(
            "too-deep",
            "this step is too deeply nested or too long to read",
            span,
        )
        .with_label(format!(
            "more than {MAX_NESTING} levels of brackets or {MAX_OPERATORS} operators by here"
        ))
        .with_hint("split the expression over several `derive` steps"));
    }
    // The first word picks the grammar rule; a word that is no transform gets its own message.
    let start = text.len() - text.trim_start().len();
    let word = &text[start..][..text[start..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len() - start)];
    let rule = entry_rule(&word.to_ascii_lowercase());
    if !word.is_empty() && rule == Rule::line {
        return Err(unknown_transform(word, start, offset));
    }
    let mut pairs =
        Grammar::parse(rule, text).map_err(|e| errors::from_pest(e, rule, text, offset))?;
    let line = pairs
        .next()
        .expect("pest returns the rule it was asked for");
    let mut step = None;
    let mut comment = None;
    for pair in line.into_inner() {
        match pair.as_rule() {
            Rule::comment => comment = Some(build_comment(pair, offset)),
            Rule::EOI => {}
            _ => step = Some(step::build(pair, offset)?),
        }
    }
    Ok(match (step, comment) {
        (Some(step), comment) => Line::Step(step, comment),
        (None, Some(comment)) => Line::Comment(comment),
        (None, None) => Line::Blank,
    })
}

/// Where a step first gets too deep to handle: brackets nested more than [`MAX_NESTING`]
/// levels, or more than [`MAX_OPERATORS`] operators (each is a level of the tree the
/// checker and printer walk).
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut operators = 0usize;
    let mut previous = b' ';
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b'+' | b'-' | b'*' | b'/' | b'%' | b'<' | b'>' | b'=' => operators += 1,
            // A word operator (and, or, not, is, in, between) starts after a space.
            b'a' | b'o' | b'n' | b'i' | b'b' | b'A' | b'O' | b'N' | b'I' | b'B'
                if previous == b' ' =>
            {
                operators += 1
            }
            _ => {}
        }
        if operators > MAX_OPERATORS {
            return Some(i);
        }
        previous = b;
    }
    None
}

/// The grammar rule for a line, from its first word in lower case: one rule per
/// transform, `line` for anything else (a comment, or a word that is no transform).
fn entry_rule(word: &str) -> Rule {
    match word {
        "rename" => Rule::rename_line,
        "drop" => Rule::drop_line,
        "keep" => Rule::keep_line,
        "move" => Rule::move_columns_line,
        "derive" => Rule::derive_line,
        "set" => Rule::set_line,
        "settype" => Rule::settype_line,
        "merge" => Rule::merge_line,
        "split" => Rule::split_line,
        "extract" => Rule::extract_line,
        "replace" => Rule::replace_line,
        "countpattern" => Rule::countpattern_line,
        "delete" => Rule::delete_rows_line,
        "dedup" => Rule::dedup_line,
        "sort" => Rule::sort_line,
        "fill" => Rule::fill_line,
        "header" => Rule::header_line,
        "limit" => Rule::limit_line,
        "aggregate" => Rule::aggregate_line,
        "pivot" => Rule::pivot_line,
        "unpivot" => Rule::unpivot_line,
        "splitrows" => Rule::splitrows_line,
        "nest" => Rule::nest_line,
        "unnest" => Rule::unnest_line,
        "flatten" => Rule::flatten_line,
        "window" => Rule::window_line,
        "join" => Rule::join_line,
        "lookup" => Rule::lookup_line,
        "union" => Rule::union_line,
        "expect" => Rule::expect_line,
        _ => Rule::line,
    }
}

fn build_comment(pair: Pair<Rule>, offset: usize) -> Comment {
    let span = pair.as_span();
    Comment {
        text: pair.as_str()[1..].trim_end().to_string(),
        span: Span::new(span.start(), span.end()).offset(offset),
    }
}

/// A line that starts with a word that is not a transform gets its own message, with the
/// closest transform as a suggestion, rather than a list of everything that could start a step.
fn unknown_transform(word: &str, start: usize, offset: usize) -> Diagnostic {
    let span = Span::new(start, start + word.len()).offset(offset);
    let hint = match did_you_mean(word, crate::ast::Transform::all().map(|t| t.first_word())) {
        Some(best) => format!("did you mean `{best}`?"),
        None => "a step starts with a transform such as `rename`, `derive` or `keep rows`".into(),
    };
    Diagnostic::error(
        "unknown-transform",
        format!("unknown transform `{word}`"),
        span,
    )
    .with_label("not a transform")
    .with_hint(hint)
}

#[cfg(test)]
pub(crate) mod tests;
