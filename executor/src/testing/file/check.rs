//! A test file's cases checked one by one: names, tables, assertions, each mistake an
//! error at its place in the file.

use super::placement::{content_start, in_place, placement};
use super::{default_recipe, error_at, Case, Located, RawCase, RawUpTo, RecipeFile, TableAt, UpTo};
use crate::error::{Error, Result};
use crate::testing::table::{parse_table, Cell, HeaderCell, TableError, TableText};
use crate::testing::values::input_batch;
use datafusion::arrow::array::RecordBatch;
use std::collections::BTreeMap;
use std::path::Path;
use toml::Spanned;

/// A test file's text being checked: its mistakes are errors at their place in it.
pub(super) struct Checker<'a> {
    pub(super) path: &'a Path,
    pub(super) source: &'a str,
}

impl Checker<'_> {
    pub(super) fn err(&self, at: usize, message: String) -> Error {
        error_at(self.path, self.source, at, message)
    }

    fn table_err(&self, e: TableError) -> Error {
        self.err(e.at, e.message)
    }

    /// A table written in a TOML string.
    fn table(&self, s: &Spanned<String>) -> Result<TableText> {
        parse_table(s.get_ref(), placement(self.source, s)).map_err(|e| self.table_err(e))
    }

    /// Text of the file with where it starts.
    fn located(&self, s: &Spanned<String>) -> Located {
        Located {
            text: s.get_ref().trim().to_string(),
            at: content_start(self.source, s),
        }
    }

    /// The recipe the file is about: `recipe = "…"` (beside the file), which must be
    /// readable, or the one named after the file, which may not exist.
    pub(super) fn recipe(&self, given: Option<&Spanned<String>>) -> Result<RecipeFile> {
        let recipe_path = match given {
            Some(r) => self
                .path
                .parent()
                .unwrap_or(Path::new("."))
                .join(r.get_ref()),
            None => default_recipe(self.path),
        };
        let recipe_text = std::fs::read_to_string(&recipe_path).ok();
        if let (Some(r), None) = (given, &recipe_text) {
            return Err(self.err(
                r.span().start,
                format!("the recipe {} cannot be read", recipe_path.display()),
            ));
        }
        Ok(RecipeFile {
            path: recipe_path,
            text: recipe_text,
        })
    }

    /// A `[[case]]`, checked; `earlier` are the file's cases before it.
    pub(super) fn case(
        &self,
        spanned: Spanned<RawCase>,
        earlier: &[Case],
        recipe: &RecipeFile,
    ) -> Result<Case> {
        let at = spanned.span().start;
        let c = spanned.into_inner();
        let name = self.case_name(&c.name, earlier)?;
        if c.steps.is_none() && recipe.text.is_none() {
            return Err(self.err(
                at,
                format!(
                    "the case \"{name}\" has no recipe: {} does not exist; give `steps = \"…\"` or `recipe = \"FILE.wrangle\"` at the top",
                    recipe.path.display()
                ),
            ));
        }
        let input = self.input(c.input.as_ref())?;
        let with = self.with(&c.with)?;
        if input.is_none() && (c.error.is_none() || !with.is_empty()) {
            return Err(self.err(
                at,
                format!("the case \"{name}\" has no `input` table (only a case with `error` may leave it out)"),
            ));
        }
        let expect = match &c.expect {
            Some(s) => Some(TableAt {
                text: self.table(s)?,
                span: s.span(),
            }),
            None => None,
        };
        let any_order = self.any_order(c.order.as_ref())?;
        let columns = self.columns(c.columns.as_ref())?;
        self.no_empty_texts(&c)?;
        let unique = self.unique(&c.unique);
        let accepted = self.accepted(&c.accepted)?;
        let up_to = self.up_to(c.up_to.as_ref())?;
        let asserts = expect.is_some()
            || c.rows.is_some()
            || columns.is_some()
            || !c.unique.is_empty()
            || !c.not_null.is_empty()
            || !accepted.is_empty()
            || !c.holds.is_empty()
            || c.error.is_some();
        if !asserts {
            return Err(self.err(
                at,
                format!("the case \"{name}\" asserts nothing: give `expect`, `rows`, `columns`, `unique`, `not_null`, `accepted`, `holds` or `error`"),
            ));
        }
        Ok(Case {
            name,
            at,
            input,
            with,
            steps: c.steps.as_ref().map(|s| in_place(self.source, s)),
            expect,
            any_order,
            rows: c.rows,
            columns,
            unique,
            not_null: c.not_null.iter().map(|s| self.located(s)).collect(),
            accepted,
            holds: c.holds.iter().map(|s| self.located(s)).collect(),
            error: c.error.as_ref().map(|s| s.get_ref().clone()),
            up_to,
        })
    }

    /// The case's name: not empty, and not one an earlier case has.
    fn case_name(&self, name: &Spanned<String>, earlier: &[Case]) -> Result<String> {
        let trimmed = name.get_ref().trim().to_string();
        if trimmed.is_empty() {
            return Err(self.err(name.span().start, "a case needs a name".into()));
        }
        if earlier.iter().any(|o: &Case| o.name == trimmed) {
            return Err(self.err(
                name.span().start,
                format!("two cases are named \"{trimmed}\""),
            ));
        }
        Ok(trimmed)
    }

    /// The case's `input` table: its text and its batch.
    fn input(&self, input: Option<&Spanned<String>>) -> Result<Option<(TableText, RecordBatch)>> {
        let Some(s) = input else {
            return Ok(None);
        };
        let text = self.table(s)?;
        let batch = input_batch(&text).map_err(|e| self.table_err(e))?;
        Ok(Some((text, batch)))
    }

    /// The case's named `with` tables.
    fn with(&self, with: &BTreeMap<String, Spanned<String>>) -> Result<Vec<(String, RecordBatch)>> {
        let mut tables = Vec::new();
        for (table_name, s) in with {
            tables.push((
                table_name.clone(),
                input_batch(&self.table(s)?).map_err(|e| self.table_err(e))?,
            ));
        }
        Ok(tables)
    }

    /// `order = "any"` or `"as-is"` (the default).
    fn any_order(&self, order: Option<&Spanned<String>>) -> Result<bool> {
        match order {
            None => Ok(false),
            Some(o) => match o.get_ref().as_str() {
                "any" => Ok(true),
                "as-is" => Ok(false),
                other => Err(self.err(
                    o.span().start,
                    format!("`order` is \"any\" or \"as-is\", not \"{other}\""),
                )),
            },
        }
    }

    /// `columns`: one header line, without rows.
    fn columns(&self, columns: Option<&Spanned<String>>) -> Result<Option<Vec<HeaderCell>>> {
        let Some(s) = columns else {
            return Ok(None);
        };
        let header = self.table(s)?;
        if !header.rows.is_empty() {
            return Err(self.err(
                s.span().start,
                "`columns` is one header line, as `a: integer | b`".into(),
            ));
        }
        Ok(Some(header.columns))
    }

    /// No text of an assertion is empty: it would assert nothing (`error = ""` matches
    /// every error); nor is the text `up_to` starts a step with.
    fn no_empty_texts(&self, c: &RawCase) -> Result<()> {
        let empty = c
            .error
            .iter()
            .chain(&c.unique)
            .chain(&c.not_null)
            .chain(&c.holds)
            .find(|s| s.get_ref().trim().is_empty());
        if let Some(s) = empty {
            return Err(self.err(s.span().start, "an empty text here asserts nothing".into()));
        }
        if let Some(u) = &c.up_to {
            if matches!(u.get_ref(), RawUpTo::Text(t) if t.trim().is_empty()) {
                return Err(self.err(
                    u.span().start,
                    "`up_to` names a step: a number or the start of its text".into(),
                ));
            }
        }
        Ok(())
    }

    /// `unique`: each entry names columns, split at commas, backquotes taken off.
    fn unique(&self, unique: &[Spanned<String>]) -> Vec<(Vec<String>, usize)> {
        unique
            .iter()
            .map(|s| {
                let names: Vec<String> = s
                    .get_ref()
                    .split(',')
                    .map(|n| n.trim().trim_matches('`').to_string())
                    .filter(|n| !n.is_empty())
                    .collect();
                (names, content_start(self.source, s))
            })
            .collect()
    }

    /// `accepted`: each column's values as cells; strings, numbers or booleans.
    fn accepted(
        &self,
        accepted: &BTreeMap<String, Vec<Spanned<toml::Value>>>,
    ) -> Result<Vec<(String, Vec<Cell>)>> {
        let mut columns = Vec::new();
        for (column, values) in accepted {
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
                            return Err(self.err(
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
            columns.push((column.clone(), cells));
        }
        Ok(columns)
    }

    /// `up_to`: a step counted from 1, or the start of a step's text; with where it is.
    fn up_to(&self, up_to: Option<&Spanned<RawUpTo>>) -> Result<Option<(UpTo, usize)>> {
        let Some(u) = up_to else {
            return Ok(None);
        };
        let target = match u.get_ref() {
            RawUpTo::Step(n) if *n >= 1 => UpTo::Step(*n as usize),
            RawUpTo::Step(n) => {
                return Err(self.err(
                    u.span().start,
                    format!("steps are counted from 1, so `up_to = {n}` names none"),
                ))
            }
            RawUpTo::Text(t) => UpTo::Text(t.trim().to_string()),
        };
        Ok(Some((target, u.span().start)))
    }
}
