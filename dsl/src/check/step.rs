//! The rules of each transform, and how it changes the table's schema.

use super::expr::{article, pattern_diagnostic, unknown_column, Allow, ExprChecker, Scope};
use super::schema::{Lookup, Schema};
use crate::ast::*;
use crate::catalog::Kind;
use crate::diagnostics::Diagnostic;
use crate::pattern;
use crate::print::print_type;

struct StepChecker<'d> {
    schema: Schema,
    /// The other inputs' schemas, where known.
    tables: &'d super::Tables,
    diagnostics: &'d mut Vec<Diagnostic>,
}

pub(super) fn check_step(
    step: &Step,
    schema: Schema,
    tables: &super::Tables,
    first: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Schema {
    let mut c = StepChecker {
        schema,
        tables,
        diagnostics,
    };
    c.step(step, first);
    c.schema
}

impl StepChecker<'_> {
    fn error(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    fn expr(&mut self, e: &Expr, allow: Allow) -> Kind {
        self.scoped(e, allow, None, None).0
    }

    /// Checks an expression; returns its kind and whether it called an aggregate function.
    fn scoped(
        &mut self,
        e: &Expr,
        allow: Allow,
        table: Option<&str>,
        group_keys: Option<&[String]>,
    ) -> (Kind, bool) {
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
        let kind = checker.check(e);
        (kind, checker.saw_aggregate)
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
        checker.check_condition(e, what);
    }

    /// A column the step reads: it must exist. Returns its kind.
    fn existing(&mut self, name: &Name) -> Kind {
        let d = match self.schema.find(&name.text) {
            Lookup::Found(c) => return c.kind,
            Lookup::Unknown => return Kind::Any,
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
        Kind::Any
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
        match &step.kind {
            StepKind::Rename { pairs } => {
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
                        self.schema.gone.push(super::schema::Gone {
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
            StepKind::Drop { columns } => {
                self.existing_all(columns);
                for c in columns {
                    self.schema.remove(&c.text, c.span, "dropped");
                }
            }
            StepKind::KeepColumns { columns } => {
                self.existing_all(columns);
                let kept: Vec<super::Column> = columns
                    .iter()
                    .map(|n| super::Column {
                        name: n.text.clone(),
                        kind: self.schema.kind_of(&n.text),
                    })
                    .collect();
                let dropped: Vec<String> = self
                    .schema
                    .names()
                    .filter(|n| !columns.iter().any(|c| c.text == *n))
                    .map(str::to_string)
                    .collect();
                for name in dropped {
                    self.schema.remove(&name, step.span, "dropped by `keep`");
                }
                self.schema.columns = kept;
                self.schema.open = false;
            }
            StepKind::Move { columns, place } => {
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
                let moving: Vec<super::Column> = columns
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
            StepKind::Derive { assignments } => {
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
            StepKind::Set {
                assignments,
                condition,
            } => {
                let targets: Vec<Name> = assignments.iter().map(|a| a.target.clone()).collect();
                self.no_repeats(&targets);
                if let Some(cond) = condition {
                    self.condition(cond, Allow::Scalar, "the `where` condition");
                }
                let mut updates = Vec::new();
                for a in assignments {
                    let before = self.existing(&a.target);
                    let mut kind = self.expr(&a.value, Allow::Scalar);
                    // With `where`, the rows it leaves keep their value: the new values and
                    // the old ones share the column, so they must be of one type.
                    if condition.is_some() {
                        kind = match before.unify(kind) {
                            Some(k) => k,
                            None => {
                                self.error(
                                    Diagnostic::error(
                                        "type-mismatch",
                                        format!(
                                            "`set … where` keeps the other rows' values: `{}` is {} and this is {}",
                                            a.target.text,
                                            article(before),
                                            article(kind)
                                        ),
                                        a.value.span,
                                    )
                                    .with_label(format!("this is {}", article(kind)))
                                    .with_hint(format!(
                                        "convert one of them first, for example settype {} string, or set it without `where`",
                                        crate::print::print_name(&a.target.text)
                                    )),
                                );
                                Kind::Any
                            }
                        };
                    }
                    updates.push((a.target.text.clone(), kind));
                }
                // All values are computed from the table as it was before the step.
                for (name, kind) in updates {
                    if self.schema.has(&name) {
                        self.schema.put(&name, kind);
                    }
                }
            }
            StepKind::SetType { columns } => {
                let names: Vec<Name> = columns.iter().map(|(n, _)| n.clone()).collect();
                self.no_repeats(&names);
                for (name, ty) in columns {
                    let from = self.existing(name);
                    self.check_type(ty);
                    let to = kind_of_type(&ty.kind);
                    if !from.converts_to(to) {
                        self.error(
                            Diagnostic::error(
                                "bad-conversion",
                                format!(
                                    "`{}` is {} and cannot become {}",
                                    name.text,
                                    article(from),
                                    article(to)
                                ),
                                ty.span,
                            )
                            .with_label(format!("`{}` is {}", name.text, article(from)))
                            .with_hint(if matches!(to, Kind::Date | Kind::Timestamp) {
                                "numbers are no dates: build one with make_date(…) or from_unix(…), or read text with a format".to_string()
                            } else {
                                format!(
                                    "convert it to text first (settype {} string), or derive a new value",
                                    crate::print::print_name(&name.text)
                                )
                            }),
                        );
                    }
                    if self.schema.has(&name.text) {
                        self.schema.put(&name.text, kind_of_type(&ty.kind));
                    }
                }
            }
            StepKind::Merge { columns, into, .. } => {
                self.existing_all(columns);
                if columns.len() < 2 {
                    self.error(
                        Diagnostic::error(
                            "too-few-columns",
                            "merge needs at least two columns",
                            step.span,
                        )
                        .with_hint(
                            "list the columns to merge: merge first, last with \" \" into name",
                        ),
                    );
                }
                self.fresh(into, "pick a new name for the merged column");
                let last = columns.last().map(|c| c.text.clone()).unwrap_or_default();
                self.schema.put_after(&last, &into.text, Kind::String);
            }
            StepKind::Split {
                column,
                on,
                limit,
                into,
            } => {
                let kind = self.existing(column);
                self.want_text(column, kind, "split");
                self.matcher(on);
                self.no_repeats(into);
                let parts = match (limit, into.len()) {
                    (Some(0), _) => {
                        self.error(
                            Diagnostic::error("bad-limit", "`limit` must be at least 1", step.span)
                                .with_hint("split … limit 1 makes two columns"),
                        );
                        return;
                    }
                    (Some(n), 0) => *n as usize + 1,
                    (Some(n), k) if *n as usize + 1 != k => {
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
                                step.span,
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
                let parts = names.into_iter().map(|name| super::Column {
                    name,
                    kind: Kind::String,
                });
                self.schema.columns.splice(at..at, parts);
            }
            StepKind::Extract {
                targets,
                from,
                matching,
            } => {
                let kind = self.existing(from);
                self.want_text(from, kind, "extract");
                self.no_repeats(targets);
                if let Some(regex) = self.matcher(matching) {
                    let groups = pattern::capture_groups(&regex);
                    if targets.len() > 1 && groups != targets.len() {
                        let span = targets[0].span.to(targets[targets.len() - 1].span);
                        self.error(
                            Diagnostic::error("extract-count", format!("{} columns are named but the pattern has {groups} groups", targets.len()), span)
                                .with_label("one name per group")
                                .with_hint("mark each part to extract with brackets, as in p\"({alpha}+)-({digit}+)\""),
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
            StepKind::Replace {
                columns, matching, ..
            } => {
                self.no_repeats(columns);
                for c in columns {
                    let kind = self.existing(c);
                    self.want_text(c, kind, "replace");
                }
                self.matcher(matching);
            }
            StepKind::CountPattern {
                target,
                from,
                matching,
            } => {
                let kind = self.existing(from);
                self.want_text(from, kind, "countpattern");
                self.matcher(matching);
                self.fresh(target, "pick a new name for the count");
                self.schema
                    .put_after(&from.text, &target.text, Kind::Integer);
            }
            StepKind::KeepRows { condition } | StepKind::DeleteRows { condition } => {
                self.condition(condition, Allow::Scalar, "the `where` condition");
            }
            StepKind::Dedup { by, .. } => self.existing_all(by),
            StepKind::Sort { keys } => {
                for k in keys {
                    self.expr(&k.expr, Allow::Scalar);
                }
            }
            StepKind::Fill { columns, with } => {
                self.existing_all(columns);
                if let FillWith::Value(value) = with {
                    let value_kind = self.expr(value, Allow::Scalar);
                    for c in columns {
                        let kind = self.schema.kind_of(&c.text);
                        if !(kind.accepts(value_kind) || value_kind.accepts(kind)) {
                            self.error(
                                Diagnostic::error(
                                    "type-mismatch",
                                    format!(
                                        "`{}` is {} and cannot be filled with {}",
                                        c.text,
                                        article(kind),
                                        article(value_kind)
                                    ),
                                    value.span,
                                )
                                .with_label(format!("this is {}", article(value_kind))),
                            );
                        }
                    }
                }
            }
            StepKind::Header { row } => {
                if !first {
                    self.error(
                        Diagnostic::error(
                            "header-not-first",
                            "`header` must be the first step",
                            step.span,
                        )
                        .with_label("the columns are already named here")
                        .with_hint(
                            "move it to the top: it names the columns from a row of the input",
                        ),
                    );
                }
                if *row == Some(0) {
                    self.error(
                        Diagnostic::error("bad-row", "rows are counted from 1", step.span)
                            .with_hint("header row 1 uses the first row"),
                    );
                }
                // `header` is applied when the input is read: a schema given to the checker
                // is the input as read with it. Without one, the names come from the data.
                if self.schema.columns.is_empty() {
                    self.schema = Schema::unknown();
                }
            }
            StepKind::Limit { .. } => {}
            StepKind::Aggregate { by, values } => self.aggregate(by, values),
            StepKind::Pivot {
                column,
                values,
                using,
                by,
            } => {
                self.existing(column);
                self.existing_all(by);
                if let Some(values) = values {
                    self.pivot_values(column, values, by);
                    for v in values {
                        if !matches!(v.kind, ExprKind::Literal(_)) {
                            self.error(
                                Diagnostic::error(
                                    "bad-pivot",
                                    "pivot values must be literals",
                                    v.span,
                                )
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
                        .map(|n| super::Column {
                            name: n.text.clone(),
                            kind: self.schema.kind_of(&n.text),
                        })
                        .collect(),
                );
                match values {
                    Some(values) => {
                        for v in values {
                            if let ExprKind::Literal(l) = &v.kind {
                                next.put(&l.pivot_column_name(), kind);
                            }
                        }
                    }
                    None => next.open = true,
                }
                self.schema = next;
            }
            StepKind::Unpivot {
                columns,
                key,
                value,
            } => {
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
            StepKind::SplitRows { column, on } => {
                let kind = self.existing(column);
                self.want_text(column, kind, "splitrows");
                self.matcher(on);
            }
            StepKind::Nest { columns, into, .. } => {
                self.existing_all(columns);
                self.fresh(into, "pick a new name for the nested column");
                let kind = match &step.kind {
                    StepKind::Nest {
                        kind: Some(NestAs::List),
                        ..
                    } => Kind::List,
                    _ => Kind::Struct,
                };
                self.schema.put(&into.text, kind);
            }
            StepKind::Unnest { column, .. } => {
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
                // Its fields replace it, under names only the data tells: any name may be
                // there after it, even one an earlier step removed.
                self.schema.columns.retain(|c| c.name != column.text);
                self.schema.gone.clear();
                self.schema.open = true;
            }
            StepKind::Flatten { column } => {
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
                    self.schema.put(&column.text, Kind::Any);
                }
            }
            StepKind::Window { by, order, values } => {
                self.existing_all(by);
                for k in order {
                    let kind = self.expr(&k.expr, Allow::Scalar);
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
            StepKind::Join { table, on, kind } => {
                self.join_condition(table, on);
                if !matches!(kind, Some(JoinKind::Semi | JoinKind::Anti)) {
                    let brought: Option<Vec<super::Column>> = self
                        .tables
                        .get(&table.text)
                        .filter(|t| !t.open)
                        .map(|t| t.columns.clone());
                    self.bring(table, brought, step.span);
                }
            }
            StepKind::Lookup { table, on, columns } => {
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
                        let d =
                            super::expr::unknown_input_column(other, &table.text, &c.text, c.span);
                        self.error(d);
                    }
                    self.fresh(
                        c,
                        "rename the existing column first, or leave it out of `columns`",
                    );
                }
                let brought: Option<Vec<super::Column>> = if columns.is_empty() {
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
                            .map(|c| super::Column {
                                name: c.text.clone(),
                                kind: other.map_or(Kind::Any, |o| o.kind_of(&c.text)),
                            })
                            .collect(),
                    )
                };
                self.bring(table, brought, step.span);
            }
            StepKind::Union { tables, by } => {
                self.no_repeats(tables);
                for t in tables {
                    self.union(t, by.unwrap_or(UnionBy::Name));
                }
            }
            StepKind::Expect { condition, .. } => {
                let mut checker = ExprChecker {
                    scope: Scope {
                        schema: &self.schema,
                        allow: Allow::Aggregate,
                        table: None,
                        table_schema: None,
                        group_keys: None,
                    },
                    diagnostics: self.diagnostics,
                    saw_aggregate: false,
                };
                checker.check_condition(condition, "an expectation");
                if checker.saw_aggregate {
                    // A table-level expectation: every column must be inside an aggregate.
                    let mut strict = ExprChecker {
                        scope: Scope {
                            schema: &self.schema,
                            allow: Allow::Aggregate,
                            table: None,
                            table_schema: None,
                            group_keys: Some(&[]),
                        },
                        diagnostics: &mut Vec::new(),
                        saw_aggregate: false,
                    };
                    strict.check(condition);
                    if let Some(d) = strict
                        .diagnostics
                        .iter()
                        .find(|d| d.code == "not-aggregated")
                    {
                        let d = Diagnostic::error("mixed-expectation", "an expectation is either about every row or about the whole table", d.span)
                            .with_label("a single row's value")
                            .with_hint("wrap the column in an aggregate function, or split this into two `expect` steps");
                        self.error(d);
                    }
                }
            }
        }
    }

    fn aggregate(&mut self, by: &[GroupKey], values: &[Assignment]) {
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

    /// The columns a join or lookup brings from input `table`, after the table's own: a name
    /// the table already has gets `_<input>` added. `None` when they are not known.
    fn bring(&mut self, table: &Name, brought: Option<Vec<super::Column>>, span: crate::Span) {
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
            self.schema.put(&name, c.kind);
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
        let meet = |diagnostics: &mut Vec<Diagnostic>, name: &str, mine: Kind, theirs: Kind| {
            mine.common(theirs).unwrap_or_else(|| {
                diagnostics.push(
                    Diagnostic::error(
                        "type-mismatch",
                        format!(
                            "`{name}` is {} here and {} in `{}`: no one column holds both",
                            article(mine),
                            article(theirs),
                            table.text
                        ),
                        table.span,
                    )
                    .with_hint("convert one of them first (settype, or to_json)"),
                );
                Kind::Any
            })
        };
        match by {
            UnionBy::Name => {
                for c in &other.columns {
                    let kind = match self.schema.find(&c.name) {
                        Lookup::Found(mine) => meet(self.diagnostics, &c.name, mine.kind, c.kind),
                        _ => c.kind,
                    };
                    self.schema.put(&c.name, kind);
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
                    mine.kind = meet(self.diagnostics, &mine.name, mine.kind, theirs.kind);
                }
            }
        }
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
            let kind = self.expr(v, Allow::Scalar);
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

    fn join_condition(&mut self, table: &Name, on: &Expr) {
        let (kind, _) = self.scoped(on, Allow::Scalar, Some(&table.text), None);
        if !Kind::Boolean.accepts(kind) {
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

/// The kind a column has after `settype`.
pub fn kind_of_type(ty: &TypeKind) -> Kind {
    match ty {
        TypeKind::String => Kind::String,
        TypeKind::Integer => Kind::Integer,
        TypeKind::Float => Kind::Float,
        TypeKind::Boolean => Kind::Boolean,
        TypeKind::Decimal { .. } => Kind::Decimal,
        TypeKind::Date { .. } => Kind::Date,
        TypeKind::Timestamp { .. } => Kind::Timestamp,
        TypeKind::List(_) => Kind::List,
        TypeKind::Struct(_) => Kind::Struct,
    }
}
