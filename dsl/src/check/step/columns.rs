//! Column operations: rename, drop, keep, move, derive, set, settype, merge, split,
//! extract, replace, countpattern.

use super::super::expr::Allow;
use super::super::messages::type_article;
use super::super::schema::{Column, Gone, Lookup};
use super::super::types::Type;
use super::StepChecker;
use crate::ast::*;
use crate::catalog::Kind;
use crate::diagnostics::Diagnostic;
use crate::pattern;
use crate::print::print_type;
use crate::Span;

impl StepChecker<'_> {
    /// `rename`: every pair renames at once.
    pub(super) fn rename(&mut self, pairs: &[(Name, Name)]) {
        let sources: Vec<Name> = pairs.iter().map(|(f, _)| f.clone()).collect();
        let targets: Vec<Name> = pairs.iter().map(|(_, t)| t.clone()).collect();
        self.no_repeats(&sources);
        self.no_repeats(&targets);
        // The pairs rename at once, as the plan does: `rename a to b, b to a` swaps.
        let mut renamed = Vec::new();
        for (from, to) in pairs {
            let kind = self.existing(from);
            if from.text != to.text
                && self.schema.has(&to.text)
                && !sources.iter().any(|s| s.text == to.text)
            {
                self.fresh(
                    to,
                    "rename it to another name, or drop the existing column first",
                );
            }
            let at = self.schema.columns.iter().position(|c| c.name == from.text);
            renamed.push((at, from, to, kind));
        }
        let mut unseen = Vec::new();
        for (at, from, to, kind) in &renamed {
            match at {
                Some(i) => self.schema.columns[*i].name = to.text.clone(),
                None => unseen.push((to, *kind)),
            }
            if !targets.iter().any(|t| t.text == from.text) {
                self.schema.gone.push(Gone {
                    name: from.text.clone(),
                    span: from.span,
                    how: "renamed",
                });
            }
        }
        for (_, _, to, _) in &renamed {
            self.schema.gone.retain(|g| g.name != to.text);
        }
        for (to, kind) in unseen {
            self.schema.put(&to.text, kind);
        }
    }

    /// `drop`.
    pub(super) fn drop_columns(&mut self, columns: &[Name]) {
        self.existing_all(columns);
        for c in columns {
            self.schema.remove(&c.text, c.span, "dropped");
        }
    }

    /// `keep`: the listed columns, in their order; the others are dropped.
    pub(super) fn keep_columns(&mut self, columns: &[Name], span: Span) {
        self.existing_all(columns);
        let kept: Vec<Column> = columns
            .iter()
            .map(|n| match self.schema.find(&n.text) {
                Lookup::Found(c) => c.clone(),
                _ => Column::new(n.text.clone(), Kind::Any),
            })
            .collect();
        let dropped: Vec<String> = self
            .schema
            .names()
            .filter(|n| !columns.iter().any(|c| c.text == *n))
            .map(str::to_string)
            .collect();
        for name in dropped {
            self.schema.remove(&name, span, "dropped by `keep`");
        }
        self.schema.columns = kept;
        self.schema.open = false;
    }

    /// `move`.
    pub(super) fn move_columns(&mut self, columns: &[Name], place: &MovePlace) {
        self.existing_all(columns);
        if let MovePlace::Before(anchor) | MovePlace::After(anchor) = place {
            self.existing(anchor);
            if let Some(same) = columns.iter().find(|c| c.text == anchor.text) {
                self.error(Diagnostic::error(
                    "bad-move",
                    format!("cannot move `{}` next to itself", same.text),
                    anchor.span,
                ));
            }
        }
        let moving: Vec<Column> = columns
            .iter()
            .filter_map(|n| {
                self.schema
                    .columns
                    .iter()
                    .find(|c| c.name == n.text)
                    .cloned()
            })
            .collect();
        self.schema
            .columns
            .retain(|c| !columns.iter().any(|n| n.text == c.name));
        let at = match place {
            MovePlace::To(MoveTarget::Start) => 0,
            MovePlace::To(MoveTarget::End) => self.schema.columns.len(),
            MovePlace::Before(a) => self
                .schema
                .columns
                .iter()
                .position(|c| c.name == a.text)
                .unwrap_or(0),
            MovePlace::After(a) => self
                .schema
                .columns
                .iter()
                .position(|c| c.name == a.text)
                .map_or(self.schema.columns.len(), |i| i + 1),
        };
        for (i, col) in moving.into_iter().enumerate() {
            self.schema.columns.insert(at + i, col);
        }
    }

    /// `derive`.
    pub(super) fn derive(&mut self, assignments: &[Assignment]) {
        let targets: Vec<Name> = assignments.iter().map(|a| a.target.clone()).collect();
        self.no_repeats(&targets);
        for a in assignments {
            let kind = self.expr(&a.value, Allow::Scalar);
            self.fresh(
                &a.target,
                &format!(
                    "to change it use `set {} = …`, or pick a new name",
                    crate::print::print_name(&a.target.text)
                ),
            );
            self.schema.put(&a.target.text, kind);
        }
    }

    /// `set`, with or without `where`.
    pub(super) fn set(&mut self, assignments: &[Assignment], condition: Option<&Expr>) {
        let targets: Vec<Name> = assignments.iter().map(|a| a.target.clone()).collect();
        self.no_repeats(&targets);
        if let Some(cond) = condition {
            self.condition(cond, Allow::Scalar, "the `where` condition");
        }
        let mut updates = Vec::new();
        for a in assignments {
            let before = self.existing_type(&a.target);
            let mut ty = self.expr(&a.value, Allow::Scalar);
            // With `where`, the rows it leaves keep their value: the new values and
            // the old ones share the column, so they must be of one type.
            if condition.is_some() {
                ty = match before.unify(&ty) {
                    Some(t) => t,
                    None => {
                        self.error(
                            Diagnostic::error(
                                "type-mismatch",
                                format!(
                                    "`set … where` keeps the other rows' values: `{}` is {} and this is {}",
                                    a.target.text,
                                    type_article(&before),
                                    type_article(&ty)
                                ),
                                a.value.span,
                            )
                            .with_label(format!("this is {}", type_article(&ty)))
                            .with_hint(format!(
                                "convert one of them first, for example settype {} string, or set it without `where`",
                                crate::print::print_name(&a.target.text)
                            )),
                        );
                        Type::ANY
                    }
                };
            }
            updates.push((a.target.text.clone(), ty));
        }
        // All values are computed from the table as it was before the step.
        for (name, ty) in updates {
            if self.schema.has(&name) {
                self.schema.put(&name, ty);
            }
        }
    }

    /// `settype`.
    pub(super) fn settype(&mut self, columns: &[(Name, TypeExpr)]) {
        let names: Vec<Name> = columns.iter().map(|(n, _)| n.clone()).collect();
        self.no_repeats(&names);
        for (name, ty) in columns {
            let from_type = self.existing_type(name);
            self.check_type(ty);
            let to_type = Type::of_written(&ty.kind);
            let to = to_type.kind();
            if !from_type.converts_to(&to_type) {
                self.error(
                    Diagnostic::error(
                        "bad-conversion",
                        format!(
                            "`{}` is {} and cannot become {}",
                            name.text,
                            type_article(&from_type),
                            type_article(&to_type)
                        ),
                        ty.span,
                    )
                    .with_label(format!("`{}` is {}", name.text, type_article(&from_type)))
                    .with_hint(if matches!(to, Kind::Date | Kind::Timestamp) {
                        "numbers are no dates: build one with make_date(…) or from_unix(…), or read text with a format".to_string()
                    } else if matches!(from_type.kind(), Kind::Date | Kind::Timestamp | Kind::Temporal) {
                        "dates are no numbers: date_diff(…) counts the days between two, to_unix(…) gives seconds, year(…) and the like take a part".to_string()
                    } else {
                        format!(
                            "convert it to text first (settype {} string), or derive a new value",
                            crate::print::print_name(&name.text)
                        )
                    }),
                );
            }
            if self.schema.has(&name.text) {
                self.schema.put(&name.text, Type::of_written(&ty.kind));
            }
        }
    }

    /// `merge`: the merged column follows the last one merged.
    pub(super) fn merge(&mut self, columns: &[Name], into: &Name, span: Span) {
        self.existing_all(columns);
        if columns.len() < 2 {
            self.error(
                Diagnostic::error("too-few-columns", "merge needs at least two columns", span)
                    .with_hint("list the columns to merge: merge first, last with \" \" into name"),
            );
        }
        self.fresh(into, "pick a new name for the merged column");
        let last = columns.last().map(|c| c.text.clone()).unwrap_or_default();
        self.schema.put_after(&last, &into.text, Kind::String);
    }

    /// `split`: the parts take the column's place.
    pub(super) fn split(
        &mut self,
        column: &Name,
        on: &Matcher,
        limit: Option<u64>,
        into: &[Name],
        span: Span,
    ) {
        let kind = self.existing(column);
        self.want_text(column, kind, "split");
        self.matcher(on);
        self.no_repeats(into);
        let parts = match (limit, into.len()) {
            (Some(0), _) => {
                self.error(
                    Diagnostic::error("bad-limit", "`limit` must be at least 1", span)
                        .with_hint("split … limit 1 makes two columns"),
                );
                return;
            }
            (Some(n), 0) => n as usize + 1,
            (Some(n), k) if n as usize + 1 != k => {
                let span = into[0].span.to(into[k - 1].span);
                self.error(
                    Diagnostic::error(
                        "split-count",
                        format!(
                            "`limit {n}` makes {} columns but {k} names are given",
                            n + 1
                        ),
                        span,
                    )
                    .with_hint("give one name per part, or leave out `limit`"),
                );
                k
            }
            (_, 0) => {
                self.error(
                    Diagnostic::error(
                        "split-count",
                        "split needs to know how many columns to make",
                        span,
                    )
                    .with_label("add `limit N` or `into a, b, …`")
                    .with_hint(format!(
                        "for example: split {} on \",\" into first, rest",
                        crate::print::print_name(&column.text)
                    )),
                );
                return;
            }
            (_, k) => k,
        };
        let names: Vec<String> = if into.is_empty() {
            (1..=parts)
                .map(|i| format!("{}_{i}", column.text))
                .collect()
        } else {
            into.iter().map(|n| n.text.clone()).collect()
        };
        for n in into.iter().filter(|n| n.text != column.text) {
            self.fresh(n, "pick new names for the parts");
        }
        // The parts take the column's place.
        let at = self
            .schema
            .columns
            .iter()
            .position(|c| c.name == column.text);
        self.schema.remove(&column.text, column.span, "split");
        let at = at.unwrap_or(self.schema.columns.len());
        self.schema.gone.retain(|g| !names.contains(&g.name));
        let parts = names
            .into_iter()
            .map(|name| Column::new(name, Kind::String));
        self.schema.columns.splice(at..at, parts);
    }

    /// `extract`: the new columns follow the one they come from.
    pub(super) fn extract(&mut self, targets: &[Name], from: &Name, matching: &Matcher) {
        let kind = self.existing(from);
        self.want_text(from, kind, "extract");
        self.no_repeats(targets);
        if let Some(regex) = self.matcher(matching) {
            let groups = pattern::capture_groups(&regex);
            if targets.len() > 1 && groups != targets.len() {
                let span = targets[0].span.to(targets[targets.len() - 1].span);
                self.error(
                    Diagnostic::error(
                        "extract-count",
                        format!(
                            "{} columns are named but the pattern has {groups} groups",
                            targets.len()
                        ),
                        span,
                    )
                    .with_label("one name per group")
                    .with_hint(
                        "mark each part to extract with brackets, as in p\"({alpha}+)-({digit}+)\"",
                    ),
                );
            }
        }
        let mut after = from.text.clone();
        for t in targets {
            self.fresh(t, "pick a new name for the extracted column");
            self.schema.put_after(&after, &t.text, Kind::String);
            after = t.text.clone();
        }
    }

    /// `replace`.
    pub(super) fn replace(&mut self, columns: &[Name], matching: &Matcher) {
        self.no_repeats(columns);
        for c in columns {
            let kind = self.existing(c);
            self.want_text(c, kind, "replace");
        }
        self.matcher(matching);
    }

    /// `countpattern`: the count follows the column it counts in.
    pub(super) fn count_pattern(&mut self, target: &Name, from: &Name, matching: &Matcher) {
        let kind = self.existing(from);
        self.want_text(from, kind, "countpattern");
        self.matcher(matching);
        self.fresh(target, "pick a new name for the count");
        self.schema
            .put_after(&from.text, &target.text, Kind::Integer);
    }

    fn check_type(&mut self, ty: &TypeExpr) {
        match &ty.kind {
            TypeKind::Decimal { size: Some((p, s)) } if *p == 0 || *p > 38 || s > p => {
                self.error(
                    Diagnostic::error("bad-type", format!("{} is not a valid decimal", print_type(ty)), ty.span)
                        .with_hint("precision is 1 to 38 digits and scale at most the precision, as in decimal(12, 2)"),
                );
            }
            TypeKind::Date { format: Some(f) } | TypeKind::Timestamp { format: Some(f) } => {
                let bad = chrono::format::StrftimeItems::new(f)
                    .any(|item| matches!(item, chrono::format::Item::Error));
                if bad || f.is_empty() {
                    self.error(
                        Diagnostic::error(
                            "bad-format",
                            format!("\"{f}\" is not a valid date format"),
                            ty.span,
                        )
                        .with_hint("formats use strftime codes, such as \"%m/%d/%Y %H:%M\""),
                    );
                }
            }
            TypeKind::List(inner) => self.check_type(inner),
            TypeKind::Struct(fields) => {
                let names: Vec<Name> = fields.iter().map(|(n, _)| n.clone()).collect();
                self.no_repeats(&names);
                for (_, t) in fields {
                    self.check_type(t);
                }
            }
            _ => {}
        }
    }
}
