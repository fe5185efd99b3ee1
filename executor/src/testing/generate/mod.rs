//! Generated test cases: random well-typed recipes over random tables, run on the path
//! `wrangle test` and `wrangle run` take, to show that a recipe the checker accepts never
//! fails with an internal error (issue 11). A case is a plain value — input tables and
//! steps — so another engine can run the same cases and compare outputs, and a case prints
//! as a `*.test.toml` case ready for the conformance corpus.
//!
//! | file | what it does |
//! | --- | --- |
//! | `random.rs` | the seeded source of every choice; the seed of each case |
//! | `schema.rs` | column types (`Ty`), names that stress quoting, random schemas |
//! | `table.rs` | values with their edge cases, tables, their test-table text and batches |
//! | `expr/` | expressions of a wanted kind, calls made from the catalog's signatures |
//! | `recipe/` | recipes of 1 to 6 steps of every transform, kept when the checker accepts them |
//! | `run.rs` | a case run as `wrangle test` runs it; the outcome classified |
//! | `shrink/` | a failing case made small while it fails the same way |
//! | `report.rs` | counts per outcome, transform and function family; the bugs found |

pub mod expr;
pub mod random;
pub mod recipe;
pub mod report;
pub mod run;
pub mod schema;
pub mod shrink;
pub mod table;

pub use recipe::generate;
pub use run::{run_case, Outcome};
pub use table::{Table, Value};

use crate::testing::update::toml_string;
use datafusion::arrow::array::RecordBatch;
use wrangle_dsl::ast::{Line, Recipe, Step};

/// One generated case: the main input, the named inputs the recipe reads, and the steps.
#[derive(Clone, Debug)]
pub struct Case {
    /// The seed it was generated from (`generate(seed)` gives it again).
    pub seed: u64,
    pub input: Table,
    /// Named inputs (`join`, `lookup`, `union`), by name.
    pub with: Vec<(String, Table)>,
    pub steps: Vec<Step>,
}

impl Case {
    /// The recipe as text, one step per line, in canonical form.
    pub fn recipe(&self) -> String {
        wrangle_dsl::print(&Recipe {
            lines: self
                .steps
                .iter()
                .map(|s| Line::Step(s.clone(), None))
                .collect(),
        })
    }

    /// The inputs as record batches, read from their text as `wrangle test` reads them.
    pub fn batches(&self) -> Result<(RecordBatch, Vec<(String, RecordBatch)>), String> {
        let main = self.input.batch().map_err(|e| format!("input: {e}"))?;
        let mut with = Vec::new();
        for (name, table) in &self.with {
            with.push((
                name.clone(),
                table.batch().map_err(|e| format!("{name}: {e}"))?,
            ));
        }
        Ok((main, with))
    }

    /// The keyword of every step, in order.
    pub fn keywords(&self) -> Vec<&'static str> {
        self.steps.iter().map(|s| s.kind.keyword()).collect()
    }

    /// Every function the recipe calls, by name, with repeats.
    pub fn functions(&self) -> Vec<String> {
        let mut out = Vec::new();
        for step in &self.steps {
            recipe::step_exprs(&step.kind, &mut |e| expr::functions_in(e, &mut out));
        }
        out
    }

    /// Whether the output is the same on every run (no `uuid()`, `random()`, `now()` or
    /// `today()`), so another engine's output can be compared with it.
    pub fn is_deterministic(&self) -> bool {
        self.functions()
            .iter()
            .all(|f| !expr::NONDETERMINISTIC.contains(&f.as_str()))
    }

    /// The output's columns as the checker knows them before the run (`a | b`, header
    /// names), when it knows them all.
    pub fn checked_columns(&self) -> Option<String> {
        let main = self.input.batch().ok()?;
        let schema = crate::schema::checker_schema(main.schema().as_ref());
        let (_, checked) = wrangle_dsl::check::parse_and_check(&self.recipe(), Some(schema));
        if checked.has_errors() || checked.output.open || checked.output.columns.is_empty() {
            return None;
        }
        Some(
            checked
                .output
                .names()
                .map(crate::testing::values::header_name)
                .collect::<Vec<_>>()
                .join(" | "),
        )
    }

    /// Drops named inputs no step reads any more.
    pub fn without_unused_inputs(mut self) -> Case {
        let read: Vec<String> = self
            .steps
            .iter()
            .flat_map(|s| s.kind.tables().into_iter().map(|n| n.text.clone()))
            .collect();
        self.with.retain(|(n, _)| read.contains(n));
        self
    }

    /// The case in the format of `*.test.toml`, with `notes` as comments above it and the
    /// given assertion lines (`rows = 3`, `expect = '''…'''`); without any, an assertion
    /// that holds whatever the output (`holds = ["true"]`) so that the case runs.
    pub fn test_toml(&self, name: &str, notes: &[String], assertions: &[String]) -> String {
        let mut out = String::new();
        for note in notes {
            for line in note.lines() {
                out.push_str(&format!("# {line}\n"));
            }
        }
        out.push_str("[[case]]\n");
        out.push_str(&format!("name = {}\n", toml_basic(name)));
        out.push_str(&format!("steps = {}\n", toml_string(&self.recipe())));
        out.push_str(&format!("input = {}\n", toml_string(&self.input.text())));
        if assertions.is_empty() {
            out.push_str("holds = [\"true\"]\n");
        }
        for a in assertions {
            out.push_str(a);
            if !a.ends_with('\n') {
                out.push('\n');
            }
        }
        if !self.with.is_empty() {
            out.push_str("[case.with]\n");
            for (n, table) in &self.with {
                out.push_str(&format!("{n} = {}\n", toml_string(&table.text())));
            }
        }
        out
    }
}

/// A TOML basic string.
fn toml_basic(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
