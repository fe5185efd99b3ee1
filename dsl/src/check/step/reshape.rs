//! Reshaping: aggregate, pivot, unpivot, splitrows, nest, unnest, flatten, window.

use super::super::expr::Allow;
use super::super::messages::article;
use super::super::schema::{Column, Schema};
use super::super::types::Type;
use super::StepChecker;
use crate::ast::*;
use crate::catalog::Kind;
use crate::diagnostics::Diagnostic;

impl StepChecker<'_> {
    /// `aggregate`: the group keys, then the aggregated values.
    pub(super) fn aggregate(&mut self, by: &[GroupKey], values: &[Assignment]) {
        let mut keys: Vec<String> = Vec::new();
        let mut next = Schema::known(Vec::new());
        for key in by {
            let kind = self.expr(&key.expr, Allow::Scalar);
            let name = match (&key.alias, &key.expr.kind) {
                (Some(alias), _) => alias.clone(),
                (None, ExprKind::Column(n)) => n.clone(),
                (None, _) => {
                    self.error(
                        Diagnostic::error(
                            "unnamed-key",
                            "this group key needs a name",
                            key.expr.span,
                        )
                        .with_label("computed key")
                        .with_hint(format!(
                            "add `as name`: {} as name",
                            crate::print::print_expr(&key.expr)
                        )),
                    );
                    continue;
                }
            };
            if next.has(&name.text) {
                self.error(Diagnostic::error(
                    "duplicate-name",
                    format!("`{}` is named twice", name.text),
                    name.span,
                ));
            }
            if let ExprKind::Column(n) = &key.expr.kind {
                keys.push(n.text.clone());
            }
            next.put(&name.text, kind);
        }
        for a in values {
            let (kind, saw_aggregate) = self.scoped(&a.value, Allow::Aggregate, None, Some(&keys));
            if !saw_aggregate
                && !matches!(a.value.kind, ExprKind::Literal(_))
                && !self.diagnostics.iter().any(|d| {
                    d.code == "not-aggregated"
                        && a.value.span.start <= d.span.start
                        && d.span.end <= a.value.span.end
                })
            {
                self.error(
                    Diagnostic::error(
                        "not-aggregated",
                        format!("`{}` is not an aggregate", a.target.text),
                        a.value.span,
                    )
                    .with_hint("use an aggregate function such as sum(…), count() or first(…)"),
                );
            }
            if next.has(&a.target.text) {
                self.error(Diagnostic::error(
                    "duplicate-name",
                    format!("`{}` is named twice", a.target.text),
                    a.target.span,
                ));
            }
            next.put(&a.target.text, kind);
        }
        if values.is_empty() && by.is_empty() {
            return;
        }
        self.schema = next;
    }

    /// `pivot`: the `by` columns, then one column per value.
    pub(super) fn pivot(
        &mut self,
        column: &Name,
        values: Option<&[Expr]>,
        using: &Expr,
        by: &[Name],
    ) {
        self.existing(column);
        self.existing_all(by);
        if let Some(values) = values {
            self.pivot_values(column, values, by);
            for v in values {
                if !matches!(v.kind, ExprKind::Literal(_)) {
                    self.error(
                        Diagnostic::error("bad-pivot", "pivot values must be literals", v.span)
                            .with_hint(
                                "list the values to turn into columns: in [\"jan\", \"feb\"]",
                            ),
                    );
                }
            }
        }
        let (kind, saw_aggregate) = self.scoped(using, Allow::Aggregate, None, Some(&[]));
        if !saw_aggregate {
            self.error(
                Diagnostic::error(
                    "bad-pivot",
                    "`using` needs an aggregate function",
                    using.span,
                )
                .with_hint("for example: pivot month using sum(amount) by customer"),
            );
        }
        let mut next = Schema::known(
            by.iter()
                .map(|n| Column::new(n.text.clone(), self.schema.type_of(&n.text)))
                .collect(),
        );
        match values {
            Some(values) => {
                for v in values {
                    if let ExprKind::Literal(l) = &v.kind {
                        next.put(&l.pivot_column_name(), kind.clone());
                    }
                }
            }
            None => next.open = true,
        }
        self.schema = next;
    }

    /// The values a `pivot` turns into columns: each once, none null, each comparable with
    /// the column, and none named like a `by` column.
    fn pivot_values(&mut self, column: &Name, values: &[Expr], by: &[Name]) {
        let column_kind = self.schema.kind_of(&column.text);
        let mut seen: Vec<String> = Vec::new();
        for v in values {
            let ExprKind::Literal(literal) = &v.kind else {
                continue;
            };
            if matches!(literal, Literal::Null) {
                self.error(
                    Diagnostic::error("bad-pivot", "null does not make a column", v.span)
                        .with_hint(format!(
                            "rows whose `{}` is null go into no column; to keep them, fill the column first: fill {} with \"none\"",
                            column.text,
                            crate::print::print_name(&column.text)
                        )),
                );
                continue;
            }
            let kind = self.expr(v, Allow::Scalar).kind();
            if !(column_kind.accepts(kind) || kind.accepts(column_kind)) {
                self.error(
                    Diagnostic::error(
                        "type-mismatch",
                        format!(
                            "`{}` is {} and this value is {}",
                            column.text,
                            article(column_kind),
                            article(kind)
                        ),
                        v.span,
                    )
                    .with_label(format!("this is {}", article(kind)))
                    .with_hint("list values of the column's type"),
                );
            }
            let name = literal.pivot_column_name();
            if seen.contains(&name) {
                self.error(
                    Diagnostic::error(
                        "duplicate-name",
                        format!("the value `{name}` is listed twice"),
                        v.span,
                    )
                    .with_label("again here"),
                );
            } else if let Some(key) = by.iter().find(|b| b.text == name) {
                self.error(
                    Diagnostic::error(
                        "duplicate-column",
                        format!("the value `{name}` would make a column named like the `by` column `{}`", key.text),
                        v.span,
                    )
                    .with_hint("rename the `by` column first"),
                );
            }
            seen.push(name);
        }
    }

    /// `unpivot`: the values share one column, of a type they all fit.
    pub(super) fn unpivot(&mut self, columns: &[Name], key: &Name, value: &Name) {
        self.existing_all(columns);
        if key.text == value.text {
            self.error(Diagnostic::error(
                "duplicate-name",
                format!("`{}` is named twice", key.text),
                value.span,
            ));
        }
        let kinds: Vec<Kind> = columns
            .iter()
            .map(|c| self.schema.kind_of(&c.text))
            .collect();
        for c in columns {
            self.schema.remove(&c.text, c.span, "unpivoted");
        }
        self.fresh(
            key,
            "pick a new name for the column that holds the old column names",
        );
        self.fresh(
            value,
            "pick a new name for the column that holds the values",
        );
        self.schema.put(&key.text, Kind::String);
        let mut value_kind = kinds.first().copied().unwrap_or(Kind::Any);
        for (c, kind) in columns.iter().zip(&kinds).skip(1) {
            match value_kind.common(*kind) {
                Some(common) => value_kind = common,
                None => {
                    self.error(
                        Diagnostic::error(
                            "type-mismatch",
                            format!(
                                "`{}` is {} and cannot share a column with {}",
                                c.text,
                                article(*kind),
                                article(value_kind)
                            ),
                            c.span,
                        )
                        .with_label(format!("this is {}", article(*kind)))
                        .with_hint("unpivot lists and structs only with columns of the same type, or convert them first (to_json)"),
                    );
                    value_kind = Kind::Any;
                }
            }
        }
        self.schema.put(&value.text, value_kind);
    }

    /// `splitrows`.
    pub(super) fn split_rows(&mut self, column: &Name, on: &Matcher) {
        let kind = self.existing(column);
        self.want_text(column, kind, "splitrows");
        self.matcher(on);
    }

    /// `nest`: a struct, or a list with `as list`.
    pub(super) fn nest(&mut self, columns: &[Name], into: &Name, kind: Option<NestAs>) {
        self.existing_all(columns);
        self.fresh(into, "pick a new name for the nested column");
        let types = columns
            .iter()
            .map(|c| (c.text.clone(), self.schema.type_of(&c.text)));
        let ty = match kind {
            Some(NestAs::List) => types
                .map(|(_, t)| t)
                .try_fold(Type::ANY, |all, t| all.unify(&t))
                .map_or(Kind::List.into(), Type::list),
            _ => Type::Struct(types.collect()),
        };
        self.schema.put(&into.text, ty);
    }

    /// `unnest`: a struct column's fields replace it.
    pub(super) fn unnest(&mut self, column: &Name, prefix: Option<&str>) {
        let kind = self.existing(column);
        if !Kind::Struct.accepts(kind) {
            self.error(
                Diagnostic::error(
                    "type-mismatch",
                    format!(
                        "unnest needs a struct column, and `{}` is {}",
                        column.text,
                        article(kind)
                    ),
                    column.span,
                )
                .with_hint("to turn a list into rows use `flatten`"),
            );
        }
        if let Type::Struct(fields) = self.schema.type_of(&column.text) {
            self.unnest_fields(column, prefix, fields);
            return;
        }
        // Its fields replace it, under names only the data tells: any name may be
        // there after it, even one an earlier step removed.
        self.schema.columns.retain(|c| c.name != column.text);
        self.schema.gone.clear();
        self.schema.open = true;
    }

    /// A struct whose fields are known: they take its place (`names::unnested`).
    fn unnest_fields(&mut self, column: &Name, prefix: Option<&str>, fields: Vec<(String, Type)>) {
        let Some(at) = self
            .schema
            .columns
            .iter()
            .position(|c| c.name == column.text)
        else {
            return;
        };
        self.schema.columns.remove(at);
        let taken: Vec<String> = self.schema.names().map(str::to_string).collect();
        let names =
            crate::names::unnested(&column.text, prefix, fields.iter().map(|f| &f.0), taken);
        let mut made = Vec::new();
        for (name, (_, ty)) in names.into_iter().zip(fields) {
            self.schema.gone.retain(|g| g.name != name);
            made.push(Column::new(name, ty));
        }
        self.schema.columns.splice(at..at, made);
    }

    /// `flatten`.
    pub(super) fn flatten(&mut self, column: &Name) {
        let kind = self.existing(column);
        if !Kind::List.accepts(kind) {
            self.error(
                Diagnostic::error(
                    "type-mismatch",
                    format!(
                        "flatten needs a list column, and `{}` is {}",
                        column.text,
                        article(kind)
                    ),
                    column.span,
                )
                .with_hint("to split text into rows use `splitrows`"),
            );
        }
        if self.schema.has(&column.text) {
            let item = self.schema.type_of(&column.text).item().cloned();
            self.schema.put(&column.text, item.unwrap_or(Type::ANY));
        }
    }

    /// `window`.
    pub(super) fn window(&mut self, by: &[Name], order: &[SortKey], values: &[Assignment]) {
        self.existing_all(by);
        for k in order {
            let kind = self.expr(&k.expr, Allow::Scalar).kind();
            // Running values compare rows by their order key: one value each.
            if matches!(kind, Kind::List | Kind::Struct) {
                self.error(
                    Diagnostic::error(
                        "type-mismatch",
                        format!("a window is ordered by single values, and this is {}", article(kind)),
                        k.expr.span,
                    )
                    .with_hint("order by one of its items or fields, for example list_get(…, 1) or struct_get(…, \"name\")"),
                );
            }
        }
        let targets: Vec<Name> = values.iter().map(|a| a.target.clone()).collect();
        self.no_repeats(&targets);
        for a in values {
            let kind = self.expr(&a.value, Allow::Window);
            self.fresh(&a.target, "pick a new name for the window result");
            self.schema.put(&a.target.text, kind);
        }
    }
}
