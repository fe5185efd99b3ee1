//! A test file, `NAME.test.toml`: its cases, read and checked before anything runs. A
//! mistake in the file (TOML, a table, a type, a cell, an unknown key) is an
//! [`Error::TestFile`] at its line and column, and none of the file's cases run.
//!
//! | file | what it does |
//! | --- | --- |
//! | `mod.rs` | the file as TOML and as checked cases; reading and parsing it |
//! | `check.rs` | each case checked: names, tables, assertions |
//! | `placement.rs` | where a TOML string's text stands in the file |

mod check;
mod placement;

use self::check::Checker;
use super::table::{Cell, HeaderCell, TableText};
use crate::error::{Error, Result};
use datafusion::arrow::array::RecordBatch;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;
use wrangle_dsl::LineCol;

/// The suffix that marks a test file.
pub const SUFFIX: &str = ".test.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    recipe: Option<Spanned<String>>,
    #[serde(default)]
    case: Vec<Spanned<RawCase>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCase {
    name: Spanned<String>,
    input: Option<Spanned<String>>,
    #[serde(default)]
    with: BTreeMap<String, Spanned<String>>,
    steps: Option<Spanned<String>>,
    expect: Option<Spanned<String>>,
    order: Option<Spanned<String>>,
    rows: Option<u64>,
    columns: Option<Spanned<String>>,
    #[serde(default)]
    unique: Vec<Spanned<String>>,
    #[serde(default)]
    not_null: Vec<Spanned<String>>,
    #[serde(default)]
    accepted: BTreeMap<String, Vec<Spanned<toml::Value>>>,
    #[serde(default)]
    holds: Vec<Spanned<String>>,
    error: Option<Spanned<String>>,
    up_to: Option<Spanned<RawUpTo>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawUpTo {
    Step(i64),
    Text(String),
}

/// Where a case's recipe ends: after step N (1-based) or after the step whose text starts
/// with the given text.
#[derive(Clone, Debug)]
pub enum UpTo {
    Step(usize),
    Text(String),
}

/// A table of a case, with the place of its text in the file (for `--update`).
#[derive(Clone, Debug)]
pub struct TableAt {
    pub text: TableText,
    /// The TOML string holding the table, quotes included.
    pub span: Range<usize>,
}

/// Text of the file with its offset (a condition, a column name, a message).
#[derive(Clone, Debug)]
pub struct Located {
    pub text: String,
    pub at: usize,
}

#[derive(Clone, Debug)]
pub struct Case {
    pub name: String,
    /// Where the case starts in the file.
    pub at: usize,
    pub input: Option<(TableText, RecordBatch)>,
    pub with: Vec<(String, RecordBatch)>,
    /// The recipe written into the case, padded with blank lines and spaces so that its
    /// offsets, lines and columns are the test file's; otherwise the file's recipe.
    pub steps: Option<String>,
    pub expect: Option<TableAt>,
    pub any_order: bool,
    pub rows: Option<u64>,
    pub columns: Option<Vec<HeaderCell>>,
    /// Each entry: the columns whose combination must be unique.
    pub unique: Vec<(Vec<String>, usize)>,
    pub not_null: Vec<Located>,
    pub accepted: Vec<(String, Vec<Cell>)>,
    pub holds: Vec<Located>,
    pub error: Option<String>,
    pub up_to: Option<(UpTo, usize)>,
}

/// The recipe a test file is about.
#[derive(Clone, Debug)]
pub struct RecipeFile {
    pub path: PathBuf,
    /// `None` when the file does not exist (fine while every case has its `steps`).
    pub text: Option<String>,
}

#[derive(Clone, Debug)]
pub struct TestFile {
    pub path: PathBuf,
    pub source: String,
    pub recipe: RecipeFile,
    pub cases: Vec<Case>,
}

impl TestFile {
    /// The error at a byte offset of this file.
    pub fn error_at(&self, at: usize, message: impl Into<String>) -> Error {
        error_at(&self.path, &self.source, at, message)
    }

    /// `path:line:column` of a byte offset.
    pub fn location(&self, at: usize) -> String {
        let lc = LineCol::of(&self.source, at);
        format!("{}:{}:{}", self.path.display(), lc.line, lc.column)
    }
}

fn error_at(path: &Path, source: &str, at: usize, message: impl Into<String>) -> Error {
    let lc = LineCol::of(source, at);
    Error::TestFile {
        path: path.to_path_buf(),
        line: lc.line,
        column: lc.column,
        message: message.into(),
    }
}

/// Reads and checks a test file.
pub fn read(path: &Path) -> Result<TestFile> {
    let source = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse(path, source)
}

/// Checks a test file's text; `path` names it in errors and finds its recipe.
pub fn parse(path: &Path, source: String) -> Result<TestFile> {
    let raw: RawFile = toml::from_str(&source).map_err(|e| {
        let at = e.span().map(|s| s.start).unwrap_or_default();
        error_at(path, &source, at, e.message().trim().to_string())
    })?;
    let checker = Checker {
        path,
        source: &source,
    };
    let recipe = checker.recipe(raw.recipe.as_ref())?;
    if raw.case.is_empty() {
        return Err(checker.err(0, "the file has no cases: add a `[[case]]`".into()));
    }
    let mut cases = Vec::new();
    for spanned in raw.case {
        let case = checker.case(spanned, &cases, &recipe)?;
        cases.push(case);
    }
    Ok(TestFile {
        path: path.to_path_buf(),
        source,
        recipe,
        cases,
    })
}

/// `orders.test.toml` tests `orders.wrangle` beside it.
fn default_recipe(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let stem = name.strip_suffix(SUFFIX).unwrap_or(&name);
    path.with_file_name(format!("{stem}.wrangle"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<TestFile> {
        parse(Path::new("dir/orders.test.toml"), text.to_string())
    }

    fn message(e: Error) -> String {
        e.to_string()
    }

    #[test]
    fn reads_cases_with_tables_properties_and_the_default_recipe() {
        let file = parse_text(
            r#"
[[case]]
name = "totals"
steps = "derive t = a * 2"
input = """
a: integer
1
"""
expect = '''
a | t
1 | 2
'''
order = "any"
unique = ["a", "a, t"]
not_null = ["t"]
accepted = { a = [1, 2] }
holds = ["t > a"]
up_to = "derive"

[case.with]
other = "x\n1"
"#,
        )
        .unwrap();
        assert_eq!(file.recipe.path, Path::new("dir/orders.wrangle"));
        let case = &file.cases[0];
        assert_eq!(case.name, "totals");
        assert!(case.any_order);
        assert_eq!(case.unique[1].0, ["a", "t"]);
        assert_eq!(case.accepted[0].1[1].text, "2");
        assert_eq!(case.with[0].0, "other");
        // The expect table's cells point into the file.
        let cell = &case.expect.as_ref().unwrap().text.rows[0][1];
        assert_eq!(&file.source[cell.at..cell.at + 1], "2");
    }

    #[test]
    fn mistakes_are_reported_at_their_line_and_column() {
        let e = message(
            parse_text("[[case]]\nname = \"x\"\nsteps = \"keep a\"\ninput = \"\"\"\na: integer\nabc\n\"\"\"\nrows = 1\n")
                .unwrap_err(),
        );
        assert!(
            e.starts_with("dir/orders.test.toml:6:1: `abc` is not an integer"),
            "{e}"
        );
        let e = message(
            parse_text("[[case]]\nname = \"x\"\nsteps = \"keep a\"\ninput = \"a\\n1\"\nrowz = 1\n")
                .unwrap_err(),
        );
        assert!(
            e.contains(":5:1:") && e.contains("unknown field `rowz`"),
            "{e}"
        );
        let e = message(
            parse_text("[[case]]\nname = \"x\"\nsteps = \"keep a\"\ninput = \"a\\n1\"\n")
                .unwrap_err(),
        );
        assert!(e.contains("asserts nothing"), "{e}");
        let e = message(
            parse_text("[[case]]\nname = \"x\"\ninput = \"a\\n1\"\nrows = 1\n").unwrap_err(),
        );
        assert!(
            e.contains("has no recipe: dir/orders.wrangle does not exist"),
            "{e}"
        );
        let e = message(parse_text("[[case]]\nname = \"x\"\nsteps = \"keep a\"\ninput = \"a\\n1\"\nrows = 1\norder = \"sorted\"\n").unwrap_err());
        assert!(
            e.contains(":6:9:") && e.contains("\"any\" or \"as-is\""),
            "{e}"
        );
        let e = message(parse_text("recipe = 1\n").unwrap_err());
        assert!(e.contains(":1:10:"), "{e}");
    }
}
