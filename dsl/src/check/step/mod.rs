//! The rules of each transform, and how it changes the table's schema: `StepChecker`, the
//! checks its transforms share, and `step`, which sends each step to its family's file.

mod columns;
mod combine;
mod quality;
mod reshape;
mod rows;

use super::expr::{Allow, ExprChecker, Scope};
use super::messages::{article, pattern_diagnostic, unknown_column};
use super::schema::{Lookup, Schema};
use super::typed::{CheckedStep, Typed};
use super::types::Type;
use crate::ast::*;
use crate::catalog::Kind;
use crate::diagnostics::Diagnostic;
use crate::pattern;

struct StepChecker<'d> {
    schema: Schema,
    /// The other inputs' schemas, where known.
    tables: &'d super::Tables,
    diagnostics: &'d mut Vec<Diagnostic>,
    /// Every expression of the step as checked, in the order checked.
    typed: Vec<Typed>,
}

/// Checks one step against the table before it: the typed step, with the table after it.
pub(super) fn check_step(
    step: &Step,
    schema: Schema,
    tables: &super::Tables,
    first: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> CheckedStep {
    let input = schema.clone();
    let mut c = StepChecker {
        schema,
        tables,
        diagnostics,
        typed: Vec::new(),
    };
    c.step(step, first);
    let mut typed = c.typed;
    let output = c.schema;
    // Each expression the step holds, as the checker typed it. One it did not reach (after
    // an error) is typed against the table before the step, its diagnostics left out.
    let step = step.map_exprs(&mut |expr: &Expr| match typed
        .iter()
        .position(|t| (t.span.start, t.span.end) == (expr.span.start, expr.span.end))
    {
        Some(at) => typed.remove(at),
        None => ExprChecker {
            scope: Scope {
                schema: &input,
                allow: Allow::Window,
                table: None,
                table_schema: None,
                group_keys: None,
            },
            diagnostics: &mut Vec::new(),
            saw_aggregate: false,
        }
        .check(expr),
    });
    CheckedStep {
        step,
        input,
        output,
    }
}

impl StepChecker<'_> {
    fn error(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    fn expr(&mut self, e: &Expr, allow: Allow) -> Type {
        self.scoped(e, allow, None, None).0
    }

    /// Checks an expression; returns its type and whether it called an aggregate function.
    fn scoped(
        &mut self,
        e: &Expr,
        allow: Allow,
        table: Option<&str>,
        group_keys: Option<&[String]>,
    ) -> (Type, bool) {
        let mut checker = ExprChecker {
            scope: Scope {
                schema: &self.schema,
                allow,
                table,
                table_schema: table.and_then(|t| self.tables.get(t)),
                group_keys,
            },
            diagnostics: self.diagnostics,
            saw_aggregate: false,
        };
        let typed = checker.check(e);
        let saw_aggregate = checker.saw_aggregate;
        let ty = typed.ty.clone();
        self.typed.push(typed);
        (ty, saw_aggregate)
    }

    fn condition(&mut self, e: &Expr, allow: Allow, what: &str) {
        let mut checker = ExprChecker {
            scope: Scope {
                schema: &self.schema,
                allow,
                table: None,
                table_schema: None,
                group_keys: None,
            },
            diagnostics: self.diagnostics,
            saw_aggregate: false,
        };
        let typed = checker.check_condition(e, what);
        self.typed.push(typed);
    }

    /// A column the step reads: it must exist. Returns its kind.
    fn existing(&mut self, name: &Name) -> Kind {
        self.existing_type(name).kind()
    }

    /// A column the step reads: it must exist. Returns its type.
    fn existing_type(&mut self, name: &Name) -> Type {
        let d = match self.schema.find(&name.text) {
            Lookup::Found(c) => return c.ty.clone(),
            Lookup::Unknown => return Type::ANY,
            Lookup::Gone(g) => Diagnostic::error(
                "unknown-column",
                format!("column `{}` no longer exists", name.text),
                name.span,
            )
            .with_label("used here")
            .with_note(g.span, format!("{} here", g.how)),
            Lookup::Missing => unknown_column(&self.schema, &name.text, name.span),
        };
        self.error(d);
        Type::ANY
    }

    fn existing_all(&mut self, names: &[Name]) {
        self.no_repeats(names);
        for n in names {
            self.existing(n);
        }
    }

    /// A column the step creates: it must not exist already.
    fn fresh(&mut self, name: &Name, hint: &str) {
        if self.schema.has(&name.text) {
            self.error(
                Diagnostic::error(
                    "duplicate-column",
                    format!("column `{}` already exists", name.text),
                    name.span,
                )
                .with_label("already a column")
                .with_hint(hint.to_string()),
            );
        }
    }

    fn no_repeats(&mut self, names: &[Name]) {
        for (i, n) in names.iter().enumerate() {
            if let Some(earlier) = names[..i].iter().find(|m| m.text == n.text) {
                let d = Diagnostic::error(
                    "duplicate-name",
                    format!("`{}` is named twice", n.text),
                    n.span,
                )
                .with_label("again here")
                .with_note(earlier.span, "first here");
                self.error(d);
            }
        }
    }

    fn matcher(&mut self, m: &Matcher) -> Option<String> {
        match pattern::matcher_regex(&m.literal) {
            Ok(regex) => Some(regex),
            Err(e) => {
                let d = pattern_diagnostic(&m.literal, m.span, e);
                self.error(d);
                None
            }
        }
    }

    fn want_text(&mut self, name: &Name, kind: Kind, what: &str) {
        if !Kind::String.accepts(kind) {
            self.error(
                Diagnostic::error(
                    "type-mismatch",
                    format!(
                        "{what} works on text, and `{}` is {}",
                        name.text,
                        article(kind)
                    ),
                    name.span,
                )
                .with_label(format!("this is {}", article(kind)))
                .with_hint(format!(
                    "convert it first: settype {} string",
                    crate::print::print_name(&name.text)
                )),
            );
        }
    }

    fn step(&mut self, step: &Step, first: bool) {
        let span = step.span;
        match &step.kind {
            StepKind::Rename { pairs } => self.rename(pairs),
            StepKind::Drop { columns } => self.drop_columns(columns),
            StepKind::KeepColumns { columns } => self.keep_columns(columns, span),
            StepKind::Move { columns, place } => self.move_columns(columns, place),
            StepKind::Derive { assignments } => self.derive(assignments),
            StepKind::Set {
                assignments,
                condition,
            } => self.set(assignments, condition.as_ref()),
            StepKind::SetType { columns } => self.settype(columns),
            StepKind::Merge { columns, into, .. } => self.merge(columns, into, span),
            StepKind::Split {
                column,
                on,
                limit,
                into,
            } => self.split(column, on, *limit, into, span),
            StepKind::Extract {
                targets,
                from,
                matching,
            } => self.extract(targets, from, matching),
            StepKind::Replace {
                columns, matching, ..
            } => self.replace(columns, matching),
            StepKind::CountPattern {
                target,
                from,
                matching,
            } => self.count_pattern(target, from, matching),
            StepKind::KeepRows { condition } | StepKind::DeleteRows { condition } => {
                self.keep_or_delete_rows(condition)
            }
            StepKind::Dedup { by, .. } => self.existing_all(by),
            StepKind::Sort { keys } => self.sort(keys),
            StepKind::Fill { columns, with } => self.fill(columns, with),
            StepKind::Header { row } => self.header(*row, first, span),
            StepKind::Limit { .. } => {}
            StepKind::Aggregate { by, values } => self.aggregate(by, values),
            StepKind::Pivot {
                column,
                values,
                using,
                by,
            } => self.pivot(column, values.as_deref(), using, by),
            StepKind::Unpivot {
                columns,
                key,
                value,
            } => self.unpivot(columns, key, value),
            StepKind::SplitRows { column, on } => self.split_rows(column, on),
            StepKind::Nest {
                columns,
                into,
                kind,
            } => self.nest(columns, into, *kind),
            StepKind::Unnest { column, prefix } => self.unnest(column, prefix.as_deref()),
            StepKind::Flatten { column } => self.flatten(column),
            StepKind::Window { by, order, values } => self.window(by, order, values),
            StepKind::Join { table, on, kind } => self.join(table, on, *kind, span),
            StepKind::Lookup { table, on, columns } => self.lookup(table, on, columns, span),
            StepKind::Union { tables, by } => self.union_tables(tables, *by),
            StepKind::Expect { condition, .. } => self.expectation(condition),
        }
    }
}
