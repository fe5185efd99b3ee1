//! Checking a parsed recipe: every name, function, argument and step rule, and the table's
//! schema after every step. With the input's schema, every column is known; without it,
//! the checker still knows every column the recipe itself creates, drops or renames.

mod call;
mod expr;
mod messages;
mod schema;
mod step;
mod typed;
mod types;

pub use call::UNITS;
pub use expr::Allow;
pub use schema::{Column, Schema};
pub use typed::{typed_expr, CheckedStep, Typed};
pub use types::Type;

use crate::ast::Recipe;
use crate::diagnostics::Diagnostic;
use crate::parse::Parsed;
use std::collections::BTreeMap;

/// The outcome of checking: the diagnostics, the typed recipe and the table's schema after
/// the last step.
#[derive(Debug)]
pub struct Checked {
    pub diagnostics: Vec<Diagnostic>,
    /// Every step checked, typed, with the table before and after it: what engines compile
    /// from (when there are no errors).
    pub steps: Vec<CheckedStep>,
    /// The table as it is after the last step.
    pub output: Schema,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The schemas of the other inputs a recipe reads (`join`, `lookup`, `union`), by name,
/// where they are known. An input not in the map is checked as an unknown table.
pub type Tables = BTreeMap<String, Schema>;

/// Checks a recipe against its input's schema, or against an unknown input when `None`.
/// A schema given is the input as read: with the recipe's `header` row applied.
pub fn check(recipe: &Recipe, input: Option<Schema>) -> Checked {
    check_steps(recipe, input, usize::MAX)
}

/// Checks like [`check`], with the schemas of the other inputs the recipe reads, so a
/// `join`'s condition, a `lookup`'s columns and a `union`'s columns are checked too.
pub fn check_with(recipe: &Recipe, input: Option<Schema>, tables: &Tables) -> Checked {
    check_steps_with(recipe, input, tables, usize::MAX)
}

/// Checks the first `steps` steps only: the schema after step N (for a preview of the data
/// as it was after that step) is `check_steps(recipe, input, N).output`.
pub fn check_steps(recipe: &Recipe, input: Option<Schema>, steps: usize) -> Checked {
    check_steps_with(recipe, input, &Tables::new(), steps)
}

fn check_steps_with(
    recipe: &Recipe,
    input: Option<Schema>,
    tables: &Tables,
    steps: usize,
) -> Checked {
    let mut diagnostics = Vec::new();
    let mut current = input.unwrap_or_else(Schema::unknown);
    let mut checked = Vec::new();
    for (i, step) in recipe.steps().take(steps).enumerate() {
        let step = step::check_step(step, current, tables, i == 0, &mut diagnostics);
        current = step.output.clone();
        checked.push(step);
    }
    Checked {
        diagnostics,
        steps: checked,
        output: current,
    }
}

/// Parses and checks `source` in one go: every diagnostic, in the order of the text.
pub fn parse_and_check(source: &str, input: Option<Schema>) -> (Parsed, Checked) {
    parse_and_check_with(source, input, &Tables::new())
}

/// Parses and checks `source` against its input and the other inputs it reads.
pub fn parse_and_check_with(
    source: &str,
    input: Option<Schema>,
    tables: &Tables,
) -> (Parsed, Checked) {
    let parsed = crate::parse(source);
    let checked = check_parsed_with(&parsed, input, tables);
    (parsed, checked)
}

/// Checks a recipe parsed before (parse once, check once): the parser's diagnostics and the
/// checker's, in the order of the text.
pub fn check_parsed_with(parsed: &Parsed, input: Option<Schema>, tables: &Tables) -> Checked {
    let mut checked = check_with(&parsed.recipe, input, tables);
    let mut all = parsed.diagnostics.clone();
    all.append(&mut checked.diagnostics);
    all.sort_by_key(|d| (d.span.start, d.span.end));
    checked.diagnostics = all;
    checked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Kind;

    fn schema(columns: &[(&str, Kind)]) -> Schema {
        Schema::known(
            columns
                .iter()
                .map(|(n, k)| Column::new(n.to_string(), *k))
                .collect(),
        )
    }

    fn names(s: &Schema) -> Vec<&str> {
        s.names().collect()
    }

    #[test]
    fn the_schema_follows_every_step() {
        let recipe = crate::parse(
            "rename a to x\ndrop b\nderive d = x * 2\nsettype c integer\nsplit s on \",\" into s1, s2\nmove d to start\n",
        )
        .recipe;
        let input = schema(&[
            ("a", Kind::Integer),
            ("b", Kind::String),
            ("c", Kind::String),
            ("s", Kind::String),
        ]);
        let checked = check(&recipe, Some(input.clone()));
        assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
        assert_eq!(names(&checked.output), ["d", "x", "c", "s1", "s2"]);
        assert_eq!(checked.output.kind_of("c"), Kind::Integer);
        assert_eq!(checked.output.kind_of("d"), Kind::Integer);
        // After the first two steps only.
        let prefix = check_steps(&recipe, Some(input), 2);
        assert_eq!(names(&prefix.output), ["x", "c", "s"]);
    }

    #[test]
    fn aggregate_makes_the_schema_known_even_without_an_input_schema() {
        let recipe = crate::parse("aggregate by city: n = count(), total = sum(amount)\n").recipe;
        let checked = check(&recipe, None);
        assert!(!checked.output.open);
        assert_eq!(names(&checked.output), ["city", "n", "total"]);
        assert_eq!(checked.output.kind_of("n"), Kind::Integer);
    }

    /// What the compiler's plan has after these steps, found to differ by generated recipes
    /// (docs/generated-recipes.md, rows 22 to 25 of the mismatches).
    #[test]
    fn the_schema_is_the_one_the_plan_has() {
        let input = schema(&[
            ("v", Kind::String),
            ("score", Kind::Integer),
            ("value", Kind::Float),
            ("d", Kind::Decimal),
            ("s", Kind::Struct),
        ]);
        let after = |source: &str| {
            let checked = check(&crate::parse(source).recipe, Some(input.clone()));
            assert!(!checked.has_errors(), "{source}: {:?}", checked.diagnostics);
            checked.output
        };
        // The parts of a split take the column's place.
        let split = after("split v on \",\" limit 1\n");
        assert_eq!(names(&split), ["v_1", "v_2", "score", "value", "d", "s"]);
        // Renames happen at once: a swap keeps both columns.
        let swap = after("rename score to value, value to score\n");
        assert_eq!(names(&swap), ["v", "value", "score", "d", "s"]);
        assert_eq!(swap.kind_of("value"), Kind::Integer);
        assert_eq!(swap.kind_of("score"), Kind::Float);
        // `/` divides in floats, decimals too.
        assert_eq!(after("derive q = d / 2\n").kind_of("q"), Kind::Float);
        // An unnested struct is gone, and its fields may have any name, even a dropped one.
        let unnested = after("drop v\nunnest s\nkeep rows where v = \"x\"\n");
        assert!(!unnested.has("s") && unnested.open);
        // `set … where` keeps the other rows' values: the column takes the wider type.
        assert_eq!(
            after("set score = 1.5 where score > 2\n").kind_of("score"),
            Kind::Float
        );
    }

    #[test]
    fn set_where_refuses_a_value_of_another_type() {
        let recipe = crate::parse("set score = \"high\" where score > 2\n").recipe;
        let checked = check(&recipe, Some(schema(&[("score", Kind::Integer)])));
        let messages: Vec<&str> = checked
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(
            messages,
            ["`set … where` keeps the other rows' values: `score` is an integer and this is a string"]
        );
        // Without `where` every row gets the new value, of any type.
        let recipe = crate::parse("set score = \"high\"\n").recipe;
        let checked = check(&recipe, Some(schema(&[("score", Kind::Integer)])));
        assert!(!checked.has_errors());
        assert_eq!(checked.output.kind_of("score"), Kind::String);
    }
}
