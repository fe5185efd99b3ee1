//! Combining tables: join, lookup, union.

use super::super::expr::Allow;
use super::super::messages::{type_article, unknown_input_column};
use super::super::schema::{Column, Lookup};
use super::super::types::Type;
use super::StepChecker;
use crate::ast::*;
use crate::catalog::Kind;
use crate::diagnostics::Diagnostic;
use crate::Span;

impl StepChecker<'_> {
    /// `join`: a semi or anti join brings no columns.
    pub(super) fn join(&mut self, table: &Name, on: &Expr, kind: Option<JoinKind>, span: Span) {
        self.join_condition(table, on);
        if !matches!(kind, Some(JoinKind::Semi | JoinKind::Anti)) {
            let brought: Option<Vec<Column>> = self
                .tables
                .get(&table.text)
                .filter(|t| !t.open)
                .map(|t| t.columns.clone());
            self.bring(table, brought, span);
        }
    }

    /// `lookup`: the listed columns, or all but the keys.
    pub(super) fn lookup(&mut self, table: &Name, on: &Expr, columns: &[Name], span: Span) {
        self.join_condition(table, on);
        self.no_repeats(columns);
        let keys = on.equality_keys(&table.text);
        if keys.is_empty() {
            self.error(
                Diagnostic::error("bad-join", "a lookup matches keys with `=`", on.span)
                    .with_hint(format!("for example: on code = {}.code", table.text)),
            );
        }
        let other = self.tables.get(&table.text).filter(|o| !o.open);
        for c in columns {
            if let Some(other) = other.filter(|o| !o.has(&c.text)) {
                let d = unknown_input_column(other, &table.text, &c.text, c.span);
                self.error(d);
            }
            self.fresh(
                c,
                "rename the existing column first, or leave it out of `columns`",
            );
        }
        let brought: Option<Vec<Column>> = if columns.is_empty() {
            other.map(|o| {
                o.columns
                    .iter()
                    .filter(|c| !keys.contains(&c.name))
                    .cloned()
                    .collect()
            })
        } else {
            Some(
                columns
                    .iter()
                    .map(|c| {
                        Column::new(
                            c.text.clone(),
                            other.map_or(Kind::Any, |o| o.kind_of(&c.text)),
                        )
                    })
                    .collect(),
            )
        };
        self.bring(table, brought, span);
    }

    /// `union`: each table in turn.
    pub(super) fn union_tables(&mut self, tables: &[Name], by: Option<UnionBy>) {
        self.no_repeats(tables);
        for t in tables {
            self.union(t, by.unwrap_or(UnionBy::Name));
        }
    }

    /// The columns a join or lookup brings from input `table`, after the table's own: a name
    /// the table already has gets `_<input>` added. `None` when they are not known.
    fn bring(&mut self, table: &Name, brought: Option<Vec<Column>>, span: Span) {
        let Some(brought) = brought else {
            self.schema.open = true;
            return;
        };
        let left: Vec<String> = self.schema.names().map(str::to_string).collect();
        for c in brought {
            let name = if left.contains(&c.name) {
                format!("{}_{}", c.name, table.text)
            } else {
                c.name.clone()
            };
            if self.schema.has(&name) {
                self.error(
                    Diagnostic::error(
                        "duplicate-column",
                        format!(
                            "`{}` of `{}` would be named `{name}`, which is already a column",
                            c.name, table.text
                        ),
                        span,
                    )
                    .with_hint("rename one of the columns before this step"),
                );
                continue;
            }
            self.schema.put(&name, c.ty.clone());
        }
    }

    /// The table after appending the rows of input `table`: by name, columns either side
    /// lacks are added (null where missing); by position, the same number of columns.
    /// Columns that meet take the type both fit (`Kind::common`).
    fn union(&mut self, table: &Name, by: UnionBy) {
        let Some(other) = self.tables.get(&table.text).filter(|o| !o.open) else {
            self.schema.open = true;
            return;
        };
        let meet = |diagnostics: &mut Vec<Diagnostic>, name: &str, mine: &Type, theirs: &Type| {
            mine.common(theirs).unwrap_or_else(|| {
                diagnostics.push(
                    Diagnostic::error(
                        "type-mismatch",
                        format!(
                            "`{name}` is {} here and {} in `{}`: no one column holds both",
                            type_article(mine),
                            type_article(theirs),
                            table.text
                        ),
                        table.span,
                    )
                    .with_hint("convert one of them first (settype, or to_json)"),
                );
                Type::ANY
            })
        };
        match by {
            UnionBy::Name => {
                for c in &other.columns {
                    let ty = match self.schema.find(&c.name) {
                        Lookup::Found(mine) => meet(self.diagnostics, &c.name, &mine.ty, &c.ty),
                        _ => c.ty.clone(),
                    };
                    self.schema.put(&c.name, ty);
                }
            }
            UnionBy::Position if self.schema.open => {}
            UnionBy::Position => {
                let (mine, theirs) = (self.schema.columns.len(), other.columns.len());
                if mine != theirs {
                    self.error(
                        Diagnostic::error(
                            "union-columns",
                            format!(
                                "`{}` has {theirs} column{} and the table here has {mine}",
                                table.text,
                                if theirs == 1 { "" } else { "s" }
                            ),
                            table.span,
                        )
                        .with_hint("a union by position needs as many columns on both sides; `union … by name` matches them by name"),
                    );
                    return;
                }
                for (mine, theirs) in self.schema.columns.iter_mut().zip(&other.columns) {
                    mine.ty = meet(self.diagnostics, &mine.name, &mine.ty, &theirs.ty);
                }
            }
        }
    }

    fn join_condition(&mut self, table: &Name, on: &Expr) {
        let (ty, _) = self.scoped(on, Allow::Scalar, Some(&table.text), None);
        if !Kind::Boolean.accepts(ty.kind()) {
            self.error(
                Diagnostic::error(
                    "type-mismatch",
                    "a join condition must be true or false",
                    on.span,
                )
                .with_hint(format!("for example: on id = {}.id", table.text)),
            );
        }
        let mut names_table = false;
        on.walk(&mut |e| {
            if let ExprKind::Qualified { table: t, .. } = &e.kind {
                names_table |= t.text == table.text;
            }
        });
        if !names_table {
            self.error(
                Diagnostic::error(
                    "bad-join",
                    format!("the condition never uses a column of `{}`", table.text),
                    on.span,
                )
                .with_label("compares only this table's columns")
                .with_hint(format!(
                    "name the other side's key as {}.column, as in `on id = {}.id`",
                    table.text, table.text
                )),
            );
        }
    }
}
