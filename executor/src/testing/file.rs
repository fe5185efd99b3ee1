//! A test file, `NAME.test.toml`: its cases, read and checked before anything runs. A
//! mistake in the file (TOML, a table, a type, a cell, an unknown key) is an
//! [`Error::TestFile`] at its line and column, and none of the file's cases run.

use super::table::{parse_table, Cell, HeaderCell, Placement, TableError, TableText};
use super::values::input_batch;
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
    let err = |at: usize, message: String| error_at(path, &source, at, message);
    let table_err = |e: TableError| err(e.at, e.message);
    let recipe_path = match &raw.recipe {
        Some(r) => path.parent().unwrap_or(Path::new(".")).join(r.get_ref()),
        None => default_recipe(path),
    };
    let recipe_text = std::fs::read_to_string(&recipe_path).ok();
    if let (Some(r), None) = (&raw.recipe, &recipe_text) {
        return Err(err(
            r.span().start,
            format!("the recipe {} cannot be read", recipe_path.display()),
        ));
    }
    if raw.case.is_empty() {
        return Err(err(0, "the file has no cases: add a `[[case]]`".into()));
    }
    let mut cases = Vec::new();
    for spanned in raw.case {
        let at = spanned.span().start;
        let c = spanned.into_inner();
        let name = c.name.get_ref().trim().to_string();
        if name.is_empty() {
            return Err(err(c.name.span().start, "a case needs a name".into()));
        }
        if cases.iter().any(|o: &Case| o.name == name) {
            return Err(err(
                c.name.span().start,
                format!("two cases are named \"{name}\""),
            ));
        }
        if c.steps.is_none() && recipe_text.is_none() {
            return Err(err(
                at,
                format!(
                    "the case \"{name}\" has no recipe: {} does not exist; give `steps = \"…\"` or `recipe = \"FILE.wrangle\"` at the top",
                    recipe_path.display()
                ),
            ));
        }
        let table = |s: &Spanned<String>| -> Result<TableText> {
            parse_table(s.get_ref(), placement(&source, s)).map_err(table_err)
        };
        let input = match &c.input {
            Some(s) => {
                let text = table(s)?;
                let batch = input_batch(&text).map_err(table_err)?;
                Some((text, batch))
            }
            None => None,
        };
        let mut with = Vec::new();
        for (table_name, s) in &c.with {
            with.push((
                table_name.clone(),
                input_batch(&table(s)?).map_err(table_err)?,
            ));
        }
        if input.is_none() && (c.error.is_none() || !with.is_empty()) {
            return Err(err(
                at,
                format!("the case \"{name}\" has no `input` table (only a case with `error` may leave it out)"),
            ));
        }
        let expect = match &c.expect {
            Some(s) => Some(TableAt {
                text: table(s)?,
                span: s.span(),
            }),
            None => None,
        };
        let any_order = match &c.order {
            None => false,
            Some(o) => match o.get_ref().as_str() {
                "any" => true,
                "as-is" => false,
                other => {
                    return Err(err(
                        o.span().start,
                        format!("`order` is \"any\" or \"as-is\", not \"{other}\""),
                    ))
                }
            },
        };
        let columns = match &c.columns {
            Some(s) => {
                let header = parse_table(s.get_ref(), placement(&source, s)).map_err(table_err)?;
                if !header.rows.is_empty() {
                    return Err(err(
                        s.span().start,
                        "`columns` is one header line, as `a: integer | b`".into(),
                    ));
                }
                Some(header.columns)
            }
            None => None,
        };
        // An empty text would assert nothing (`error = ""` matches every error).
        let empty = c
            .error
            .iter()
            .chain(&c.unique)
            .chain(&c.not_null)
            .chain(&c.holds)
            .find(|s| s.get_ref().trim().is_empty());
        if let Some(s) = empty {
            return Err(err(
                s.span().start,
                "an empty text here asserts nothing".into(),
            ));
        }
        if let Some(u) = &c.up_to {
            if matches!(u.get_ref(), RawUpTo::Text(t) if t.trim().is_empty()) {
                return Err(err(
                    u.span().start,
                    "`up_to` names a step: a number or the start of its text".into(),
                ));
            }
        }
        let located = |s: &Spanned<String>| Located {
            text: s.get_ref().trim().to_string(),
            at: content_start(&source, s),
        };
        let unique = c
            .unique
            .iter()
            .map(|s| {
                let names: Vec<String> = s
                    .get_ref()
                    .split(',')
                    .map(|n| n.trim().trim_matches('`').to_string())
                    .filter(|n| !n.is_empty())
                    .collect();
                (names, content_start(&source, s))
            })
            .collect();
        let mut accepted = Vec::new();
        for (column, values) in &c.accepted {
            let cells = values
                .iter()
                .map(|v| {
                    let at = v.span().start;
                    let text = match v.get_ref() {
                        toml::Value::String(s) => s.trim().to_string(),
                        toml::Value::Integer(i) => i.to_string(),
                        toml::Value::Float(f) => format!("{f:?}"),
                        toml::Value::Boolean(b) => b.to_string(),
                        other => {
                            return Err(err(
                                at,
                                format!(
                                    "accepted values are strings, numbers or booleans, not {}",
                                    other.type_str()
                                ),
                            ))
                        }
                    };
                    Ok(Cell { text, at })
                })
                .collect::<Result<Vec<_>>>()?;
            accepted.push((column.clone(), cells));
        }
        let up_to = match &c.up_to {
            Some(u) => {
                let target = match u.get_ref() {
                    RawUpTo::Step(n) if *n >= 1 => UpTo::Step(*n as usize),
                    RawUpTo::Step(n) => {
                        return Err(err(
                            u.span().start,
                            format!("steps are counted from 1, so `up_to = {n}` names none"),
                        ))
                    }
                    RawUpTo::Text(t) => UpTo::Text(t.trim().to_string()),
                };
                Some((target, u.span().start))
            }
            None => None,
        };
        let asserts = expect.is_some()
            || c.rows.is_some()
            || columns.is_some()
            || !c.unique.is_empty()
            || !c.not_null.is_empty()
            || !accepted.is_empty()
            || !c.holds.is_empty()
            || c.error.is_some();
        if !asserts {
            return Err(err(
                at,
                format!("the case \"{name}\" asserts nothing: give `expect`, `rows`, `columns`, `unique`, `not_null`, `accepted`, `holds` or `error`"),
            ));
        }
        cases.push(Case {
            name,
            at,
            input,
            with,
            steps: c.steps.as_ref().map(|s| in_place(&source, s)),
            expect,
            any_order,
            rows: c.rows,
            columns,
            unique,
            not_null: c.not_null.iter().map(located).collect(),
            accepted,
            holds: c.holds.iter().map(located).collect(),
            error: c.error.as_ref().map(|s| s.get_ref().clone()),
            up_to,
        });
    }
    Ok(TestFile {
        path: path.to_path_buf(),
        source,
        recipe: RecipeFile {
            path: recipe_path,
            text: recipe_text,
        },
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

/// Where a TOML string's text starts, and whether offsets in it are offsets in the file
/// (no escapes changed it).
fn placement(source: &str, s: &Spanned<String>) -> Placement {
    let span = s.span();
    let raw = &source[span.clone()];
    let (open, close) = if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
        (3, 3)
    } else {
        (1, 1)
    };
    let mut start = span.start + open;
    let mut content = raw.get(open..raw.len().saturating_sub(close)).unwrap_or("");
    if open == 3 {
        if let Some(rest) = content
            .strip_prefix("\r\n")
            .or_else(|| content.strip_prefix('\n'))
        {
            start += content.len() - rest.len();
            content = rest;
        }
    }
    Placement {
        start,
        exact: content == s.get_ref(),
    }
}

/// A TOML string's text, preceded by what stands before it in the file (newlines kept,
/// everything else as spaces), so that positions in it are positions in the file; the
/// text alone when escapes changed it.
fn in_place(source: &str, s: &Spanned<String>) -> String {
    let placement = placement(source, s);
    if !placement.exact {
        return s.get_ref().clone();
    }
    // A character becomes as many spaces as it has bytes: offsets stay byte offsets.
    let before: String = source[..placement.start]
        .chars()
        .map(|c| match c {
            '\n' => "\n".to_string(),
            other => " ".repeat(other.len_utf8()),
        })
        .collect();
    format!("{before}{}", s.get_ref())
}

fn content_start(source: &str, s: &Spanned<String>) -> usize {
    placement(source, s).start
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
