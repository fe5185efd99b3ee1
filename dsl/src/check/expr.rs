//! Checking expressions: names, functions, arity, kinds and where a function may be used.
//! Returns the kind each expression produces, as far as it can be known.

use super::schema::{Lookup, Schema};
use crate::ast::{BinaryOp, Expr, ExprKind, Literal, UnaryOp};
use crate::catalog::{self, FunctionClass, FunctionDef, Kind, Returns};
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::pattern;
use crate::span::Span;

/// Names other tools give functions the catalog has under another name: the hint of an
/// unknown function offers ours (`expect unique(id)` → `is_unique`).
const FAMILIAR: &[(&str, &str)] = &[
    ("unique", "is_unique"),
    ("mean", "avg"),
    ("average", "avg"),
    ("nvl", "coalesce"),
    ("ifnull", "coalesce"),
    ("len", "length"),
    ("substr", "substring"),
    ("row_count", "count"),
    ("count_rows", "count"),
];

/// Which functions an expression may call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Allow {
    /// Row by row: `derive`, `set`, `keep rows`, sort keys, …
    Scalar,
    /// Many rows to one value: `aggregate`, `pivot … using`, `expect`.
    Aggregate,
    /// `window`: window, aggregate (over the window) and scalar functions.
    Window,
}

pub const UNITS: &[&str] = &[
    "year", "quarter", "month", "week", "day", "hour", "minute", "second",
];

/// Where an expression stands.
pub struct Scope<'a> {
    pub schema: &'a Schema,
    pub allow: Allow,
    /// The input a join or lookup condition may name, as in `customers.id`.
    pub table: Option<&'a str>,
    /// That input's schema, when known.
    pub table_schema: Option<&'a Schema>,
    /// In `aggregate`: the group keys, the only columns usable outside an aggregate function.
    pub group_keys: Option<&'a [String]>,
}

pub struct ExprChecker<'s, 'd> {
    pub scope: Scope<'s>,
    pub diagnostics: &'d mut Vec<Diagnostic>,
    /// Whether any aggregate function was called (for `expect`: table-level or per row).
    pub saw_aggregate: bool,
}

impl ExprChecker<'_, '_> {
    pub fn check(&mut self, expr: &Expr) -> Kind {
        self.infer(expr, false)
    }

    /// Checks and says whether the expression can be a condition.
    pub fn check_condition(&mut self, expr: &Expr, what: &str) -> Kind {
        let kind = self.check(expr);
        if !Kind::Boolean.accepts(kind) {
            self.diagnostics.push(
                Diagnostic::error(
                    "type-mismatch",
                    format!("{what} must be true or false, found {}", kind.name()),
                    expr.span,
                )
                .with_label(format!("this is {}", article(kind)))
                .with_hint(
                    "compare it with something, for example `amount > 0` or `name is not null`",
                ),
            );
        }
        kind
    }

    fn error(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn infer(&mut self, expr: &Expr, in_aggregate: bool) -> Kind {
        match &expr.kind {
            ExprKind::Literal(literal) => self.literal(literal, expr.span),
            ExprKind::Column(name) => self.column(&name.text, name.span, in_aggregate),
            ExprKind::Qualified { table, column } => {
                if self.scope.table != Some(table.text.as_str()) {
                    let message = format!(
                        "`{}.{}` names input `{}`, which this step does not read",
                        table.text, column.text, table.text
                    );
                    self.error(
                        Diagnostic::error("unknown-input", message, expr.span)
                            .with_label("not available here")
                            .with_hint(format!("only a `join {0}` or `lookup {0}` step can use the columns of `{0}`", table.text)),
                    );
                } else if let Some(schema) = self.scope.table_schema {
                    if let Lookup::Found(c) = schema.find(&column.text) {
                        return c.kind;
                    }
                    if !schema.open {
                        let d =
                            unknown_input_column(schema, &table.text, &column.text, column.span);
                        self.error(d);
                    }
                }
                Kind::Any
            }
            ExprKind::Call { function, args } => {
                self.call(&function.text, function.span, args, expr.span, in_aggregate)
            }
            ExprKind::Unary { op, expr: inner } => {
                let kind = self.infer(inner, in_aggregate);
                match op {
                    UnaryOp::Not => {
                        self.want(Kind::Boolean, kind, inner.span, "`not` needs");
                        Kind::Boolean
                    }
                    UnaryOp::Neg => {
                        self.want(Kind::Number, kind, inner.span, "`-` needs");
                        kind
                    }
                }
            }
            ExprKind::Binary { op, left, right } => {
                let l = self.infer(left, in_aggregate);
                let r = self.infer(right, in_aggregate);
                self.binary(*op, l, r, left, right)
            }
            ExprKind::IsNull { expr: inner, .. } => {
                self.infer(inner, in_aggregate);
                Kind::Boolean
            }
            ExprKind::InList {
                expr: inner, list, ..
            } => {
                let kind = self.infer(inner, in_aggregate);
                for item in list {
                    let item_kind = self.infer(item, in_aggregate);
                    self.comparable(kind, item_kind, item.span);
                }
                Kind::Boolean
            }
            ExprKind::Between {
                expr: inner,
                low,
                high,
                ..
            } => {
                let kind = self.infer(inner, in_aggregate);
                for bound in [low, high] {
                    let bound_kind = self.infer(bound, in_aggregate);
                    self.comparable(kind, bound_kind, bound.span);
                }
                Kind::Boolean
            }
            ExprKind::Case {
                branches,
                otherwise,
            } => {
                let mut values = Vec::new();
                for (when, then) in branches {
                    let w = self.infer(when, in_aggregate);
                    self.want(Kind::Boolean, w, when.span, "a `when` condition must be");
                    values.push((self.infer(then, in_aggregate), then.span));
                }
                if let Some(otherwise) = otherwise {
                    values.push((self.infer(otherwise, in_aggregate), otherwise.span));
                }
                self.one_kind("`case` gives", &values)
            }
            ExprKind::List(items) => {
                let kinds: Vec<(Kind, Span)> = items
                    .iter()
                    .map(|item| (self.infer(item, in_aggregate), item.span))
                    .collect();
                // A list holds values of one type.
                self.one_kind("a list holds", &kinds);
                Kind::List
            }
            ExprKind::Struct(fields) => {
                let mut seen: Vec<&str> = Vec::new();
                for (name, value) in fields {
                    if seen.contains(&name.text.as_str()) {
                        self.error(Diagnostic::error(
                            "duplicate-name",
                            format!("field `{}` is given twice", name.text),
                            name.span,
                        ));
                    }
                    seen.push(&name.text);
                    self.infer(value, in_aggregate);
                }
                Kind::Struct
            }
        }
    }

    fn literal(&mut self, literal: &Literal, span: Span) -> Kind {
        match literal {
            Literal::Null => Kind::Any,
            Literal::Boolean(_) => Kind::Boolean,
            Literal::Integer(_) => Kind::Integer,
            Literal::Float(_) => Kind::Float,
            Literal::String(_) => Kind::String,
            Literal::Date(_) => Kind::Date,
            Literal::Timestamp(_) => Kind::Timestamp,
            Literal::Regex { .. } | Literal::Pattern(_) => {
                if let Err(e) = pattern::matcher_regex(literal) {
                    self.error(pattern_diagnostic(literal, span, e));
                }
                Kind::Matcher
            }
        }
    }

    fn column(&mut self, name: &str, span: Span, in_aggregate: bool) -> Kind {
        if let (Allow::Aggregate, Some(keys), false) =
            (self.scope.allow, self.scope.group_keys, in_aggregate)
        {
            if !keys.iter().any(|k| k == name) {
                self.error(
                    Diagnostic::error("not-aggregated", format!("column `{name}` is neither grouped nor aggregated"), span)
                        .with_label("one value per group is needed here")
                        .with_hint(format!("add `{name}` to `by`, or wrap it in an aggregate function such as first({name})")),
                );
                return Kind::Any;
            }
        }
        let diagnostic = match self.scope.schema.find(name) {
            Lookup::Found(column) => return column.kind,
            Lookup::Unknown => return Kind::Any,
            Lookup::Gone(gone) => Diagnostic::error(
                "unknown-column",
                format!("column `{name}` no longer exists"),
                span,
            )
            .with_label("used here")
            .with_note(gone.span, format!("{} here", gone.how)),
            Lookup::Missing => unknown_column(self.scope.schema, name, span),
        };
        self.error(diagnostic);
        Kind::Any
    }

    fn call(
        &mut self,
        name: &str,
        name_span: Span,
        args: &[Expr],
        span: Span,
        in_aggregate: bool,
    ) -> Kind {
        let Some(def) = catalog::lookup(name) else {
            let familiar = FAMILIAR
                .iter()
                .find(|(other, _)| other.eq_ignore_ascii_case(name))
                .map(|(_, ours)| *ours);
            let hint = match familiar
                .or_else(|| did_you_mean(name, catalog::functions().iter().map(|f| f.name)))
            {
                Some(best) => format!("did you mean `{best}`?"),
                None => "docs/language.md lists every function".to_string(),
            };
            self.error(
                Diagnostic::error(
                    "unknown-function",
                    format!("unknown function `{name}`"),
                    name_span,
                )
                .with_label("not a function")
                .with_hint(hint),
            );
            for arg in args {
                self.infer(arg, in_aggregate);
            }
            return Kind::Any;
        };
        self.placement(def, name_span, in_aggregate);
        let inner_aggregate = in_aggregate || def.class == FunctionClass::Aggregate;
        if def.class == FunctionClass::Aggregate {
            self.saw_aggregate = true;
        }
        self.arity(def, args, span);
        let mut kinds = Vec::with_capacity(args.len());
        for (i, arg) in args.iter().enumerate() {
            let kind = self.infer(arg, inner_aggregate);
            kinds.push(kind);
            let Some(param) = def.param_for(i) else {
                continue;
            };
            if !param.kind.accepts(kind) {
                self.error(
                    Diagnostic::error(
                        "type-mismatch",
                        format!(
                            "argument `{}` of `{}` must be {}, found {}",
                            param.name,
                            def.name,
                            article(param.kind),
                            kind.name()
                        ),
                        arg.span,
                    )
                    .with_label(format!("this is {}", article(kind)))
                    .with_hint(def.signature()),
                );
            }
            if param.kind == Kind::Unit {
                if let ExprKind::Literal(Literal::String(unit)) = &arg.kind {
                    if !UNITS.contains(&unit.as_str()) {
                        let hint = match did_you_mean(unit, UNITS.iter().copied()) {
                            Some(best) => format!("did you mean \"{best}\"?"),
                            None => format!("the units are {}", UNITS.join(", ")),
                        };
                        self.error(
                            Diagnostic::error(
                                "bad-unit",
                                format!("\"{unit}\" is not a unit of time"),
                                arg.span,
                            )
                            .with_hint(hint),
                        );
                    }
                }
            }
        }
        for (i, arg) in args.iter().enumerate() {
            self.literal_arg(def, i, arg);
        }
        if let (Some(to), Some(&from), Some(arg)) =
            (conversion_target(def.name), kinds.first(), args.first())
        {
            if !from.converts_to(to) {
                self.error(
                    Diagnostic::error(
                        "bad-conversion",
                        format!("`{}` cannot turn {} into {}", def.name, article(from), article(to)),
                        arg.span,
                    )
                    .with_label(format!("this is {}", article(from)))
                    .with_hint("numbers are no dates, and dates no numbers: make_date(…), from_unix(…) and to_unix(…) go between them"),
                );
            }
        }
        self.list_items(def, args, &kinds);
        let shared = def.shared_value_args(args.len());
        if shared.len() > 1 {
            let what = format!("`{}`", def.name);
            let values: Vec<(Kind, Span)> =
                shared.iter().map(|&i| (kinds[i], args[i].span)).collect();
            return self.one_kind(&format!("{what} gives"), &values);
        }
        match def.returns {
            Returns::Fixed(kind) => kind,
            Returns::SameAs(i) => match kinds.get(i) {
                // A single value of a kind not known is any value but a list or struct:
                // nothing the checker can hold against it.
                Some(Kind::Any) | None => match def.params.get(i).map(|p| p.kind) {
                    Some(Kind::Scalar) | None => Kind::Any,
                    Some(kind) => kind,
                },
                Some(kind) => *kind,
            },
        }
    }

    /// A value put beside a list's items (`list_contains`, `list_position`, `list_append`),
    /// or lists put together (`list_concat`): the items and the value are of one type, where
    /// the list's items are known (a list column of the input, a list written out).
    fn list_items(&mut self, def: &FunctionDef, args: &[Expr], kinds: &[Kind]) {
        let mut items: Vec<(Kind, Span)> = Vec::new();
        match def.name {
            "list_contains" | "list_position" | "list_append" => {
                let (Some(list), Some(value), Some(&kind)) =
                    (args.first(), args.get(1), kinds.get(1))
                else {
                    return;
                };
                let Some(item) = self.item_kind(list) else {
                    return;
                };
                items.push((item, list.span));
                items.push((kind, value.span));
            }
            "list_concat" => {
                for list in args {
                    if let Some(item) = self.item_kind(list) {
                        items.push((item, list.span));
                    }
                }
            }
            _ => return,
        }
        let mut common = Kind::Any;
        for &(kind, span) in &items {
            match common.unify(kind) {
                Some(k) => common = k,
                None => {
                    let (message, label) = if def.name == "list_concat" {
                        (
                            format!(
                                "`list_concat` joins lists of one type: the lists before hold {} items and this one {} items",
                                common.name(),
                                kind.name()
                            ),
                            format!("{} items", kind.name()),
                        )
                    } else {
                        (
                            format!(
                                "`{}` needs a value of the list's type: the list holds {} items and this is {}",
                                def.name,
                                common.name(),
                                article(kind)
                            ),
                            format!("this is {}", article(kind)),
                        )
                    };
                    self.error(
                        Diagnostic::error("type-mismatch", message, span)
                            .with_label(label)
                            .with_hint("convert one of them first, for example with to_string(…) or to_float(…)"),
                    );
                    return;
                }
            }
        }
    }

    /// The kind of a list's items, where it is known: a list column whose item type the
    /// schema has, a list written out (`[1, 2]`, `make_list(…)`) of literals.
    fn item_kind(&self, list: &Expr) -> Option<Kind> {
        let of_items = |items: &[Expr]| {
            items
                .iter()
                .map(literal_kind)
                .try_fold(Kind::Any, |all, k| all.unify(k?))
                .filter(|k| *k != Kind::Any)
        };
        match &list.kind {
            ExprKind::Column(name) => match self.scope.schema.find(&name.text) {
                Lookup::Found(c) => c.item,
                _ => None,
            },
            ExprKind::List(items) => of_items(items),
            ExprKind::Call { function, args } if function.text == "make_list" => of_items(args),
            _ => None,
        }
    }

    /// An argument the compiler needs written in the recipe: a literal, and for a whole
    /// number one in its range.
    fn literal_arg(&mut self, def: &FunctionDef, i: usize, arg: &Expr) {
        let Some((least, most)) = def.needs_literal(i) else {
            return;
        };
        let param = def.param_for(i).map_or("argument", |p| p.name);
        let matcher = def.param_for(i).is_some_and(|p| p.kind == Kind::Matcher);
        let problem = match &arg.kind {
            ExprKind::Literal(Literal::Null) if !matcher => {
                Some("must be written in the recipe, not null".to_string())
            }
            ExprKind::Literal(Literal::Integer(n))
                if (least, most) != (0, 0) && !(least..=most).contains(n) =>
            {
                Some(if most == i64::MAX {
                    format!("must be at least {least}")
                } else {
                    format!("must be from {least} to {most}")
                })
            }
            ExprKind::Literal(_) => None,
            _ => {
                Some("must be written in the recipe: the plan is built from its value".to_string())
            }
        };
        if let Some(problem) = problem {
            self.error(
                Diagnostic::error(
                    "needs-literal",
                    format!("argument `{param}` of `{}` {problem}", def.name),
                    arg.span,
                )
                .with_label("here")
                .with_hint(def.signature()),
            );
        }
    }

    /// The one kind of values an expression gives one of (`if`, `case`, `coalesce`), or
    /// an error at the first value of another kind.
    fn one_kind(&mut self, what: &str, values: &[(Kind, Span)]) -> Kind {
        let mut result = Kind::Any;
        for &(kind, span) in values {
            match result.unify(kind) {
                Some(k) => result = k,
                None => {
                    self.error(
                        Diagnostic::error(
                            "type-mismatch",
                            format!(
                                "{what} values of one type: this is {} and the ones before are {}",
                                article(kind),
                                article(result)
                            ),
                            span,
                        )
                        .with_label(format!("this is {}", article(kind)))
                        .with_hint("convert it first, for example with to_string(…), to_float(…) or to_date(…)"),
                    );
                    return Kind::Any;
                }
            }
        }
        result
    }

    fn placement(&mut self, def: &FunctionDef, span: Span, in_aggregate: bool) {
        let problem = match (def.class, self.scope.allow) {
            (FunctionClass::Aggregate, _) if in_aggregate => Some((
                format!("aggregate function `{}` is inside another aggregate function", def.name),
                "aggregate the values once; nest the result in a second `aggregate` step if needed".to_string(),
            )),
            (FunctionClass::Aggregate, Allow::Scalar) => Some((
                format!("`{}` is an aggregate function and cannot be used row by row", def.name),
                format!("use it in `aggregate`, `window` or `expect`, as in `aggregate by key: total = {}(…)`", def.name),
            )),
            (FunctionClass::Window, Allow::Scalar | Allow::Aggregate) => Some((
                format!("`{}` is a window function", def.name),
                format!("use it in a `window` step, as in `window order by date: r = {}(…)`", def.name),
            )),
            _ => None,
        };
        if let Some((message, hint)) = problem {
            self.error(
                Diagnostic::error("misplaced-function", message, span)
                    .with_label("not allowed here")
                    .with_hint(hint),
            );
        }
    }

    fn arity(&mut self, def: &FunctionDef, args: &[Expr], span: Span) {
        let (min, max) = (def.min_args(), def.max_args());
        let count = args.len();
        if count >= min && max.is_none_or(|m| count <= m) {
            return;
        }
        let expected = match max {
            Some(m) if m == min => format!("{min} argument{}", if min == 1 { "" } else { "s" }),
            Some(m) => format!("{min} to {m} arguments"),
            None => format!("at least {min} argument{}", if min == 1 { "" } else { "s" }),
        };
        let span = if count > max.unwrap_or(usize::MAX) {
            args[max.unwrap_or(0)].span.to(args[count - 1].span)
        } else {
            span
        };
        self.error(
            Diagnostic::error(
                "wrong-arity",
                format!("`{}` takes {expected}, found {count}", def.name),
                span,
            )
            .with_label(if count < min {
                "too few arguments"
            } else {
                "too many arguments"
            })
            .with_hint(format!("the signature is {}", def.signature())),
        );
    }

    fn want(&mut self, wanted: Kind, actual: Kind, span: Span, what: &str) {
        if !wanted.accepts(actual) {
            self.error(
                Diagnostic::error(
                    "type-mismatch",
                    format!("{what} {}, found {}", article(wanted), actual.name()),
                    span,
                )
                .with_label(format!("this is {}", article(actual))),
            );
        }
    }

    fn comparable(&mut self, a: Kind, b: Kind, span: Span) {
        if !(a.accepts(b) || b.accepts(a)) {
            self.error(
                Diagnostic::error(
                    "type-mismatch",
                    format!("cannot compare {} with {}", article(a), article(b)),
                    span,
                )
                .with_label(format!("this is {}", article(b)))
                .with_hint(
                    "convert one side first, for example with to_string(…) or to_integer(…)",
                ),
            );
        }
    }

    fn binary(&mut self, op: BinaryOp, l: Kind, r: Kind, left: &Expr, right: &Expr) -> Kind {
        match op {
            BinaryOp::And | BinaryOp::Or => {
                let what = format!("`{}` needs", op.symbol());
                self.want(Kind::Boolean, l, left.span, &what);
                self.want(Kind::Boolean, r, right.span, &what);
                Kind::Boolean
            }
            _ if op.is_comparison() => {
                self.comparable(l, r, right.span);
                Kind::Boolean
            }
            BinaryOp::Concat => {
                for (kind, side) in [(l, left), (r, right)] {
                    if matches!(kind, Kind::List | Kind::Struct) {
                        self.error(
                            Diagnostic::error(
                                "type-mismatch",
                                format!("`++` joins text, and this is {}", article(kind)),
                                side.span,
                            )
                            .with_label(format!("this is {}", article(kind)))
                            .with_hint("write it as text first: to_json(…), or list_join(…, \",\") for a list"),
                        );
                    }
                }
                Kind::String
            }
            _ => {
                for (kind, side) in [(l, left), (r, right)] {
                    if !Kind::Number.accepts(kind) {
                        let hint = match kind {
                            Kind::String => "to join text use `++` or concat(…); to read numbers from text use to_float(…)",
                            Kind::Date | Kind::Timestamp | Kind::Temporal => "for dates use date_add(…) and date_diff(…)",
                            _ => "arithmetic works on numbers",
                        };
                        self.error(
                            Diagnostic::error(
                                "type-mismatch",
                                format!("`{}` needs numbers, found {}", op.symbol(), kind.name()),
                                side.span,
                            )
                            .with_label(format!("this is {}", article(kind)))
                            .with_hint(hint),
                        );
                    }
                }
                arithmetic(op, l, r)
            }
        }
    }
}

/// The kind of `l op r` for arithmetic: integers stay integers and decimals decimals, except
/// under `/`, which divides exactly in floats.
fn arithmetic(op: BinaryOp, l: Kind, r: Kind) -> Kind {
    use Kind::*;
    match (op, l, r) {
        (BinaryOp::Div, Integer | Float | Decimal | Number, Integer | Float | Decimal | Number) => {
            Float
        }
        (_, Integer, Integer) => Integer,
        (_, Float, _) | (_, _, Float) => Float,
        (_, Decimal, Decimal | Integer) | (_, Integer, Decimal) => Decimal,
        _ => Number,
    }
}

/// The kind of values that may come from two branches.
/// The kind a conversion function makes, which its argument must convert to.
fn conversion_target(function: &str) -> Option<Kind> {
    Some(match function {
        "to_date" => Kind::Date,
        "to_timestamp" => Kind::Timestamp,
        "to_integer" => Kind::Integer,
        "to_float" => Kind::Float,
        "to_decimal" => Kind::Decimal,
        "to_boolean" => Kind::Boolean,
        _ => return None,
    })
}

/// The kind of a literal value (a negated number too); `None` for other expressions, and
/// `Any` for null.
fn literal_kind(expr: &Expr) -> Option<Kind> {
    Some(match &expr.kind {
        ExprKind::Literal(literal) => match literal {
            Literal::Null => Kind::Any,
            Literal::Boolean(_) => Kind::Boolean,
            Literal::Integer(_) => Kind::Integer,
            Literal::Float(_) => Kind::Float,
            Literal::String(_) | Literal::Regex { .. } | Literal::Pattern(_) => Kind::String,
            Literal::Date(_) => Kind::Date,
            Literal::Timestamp(_) => Kind::Timestamp,
        },
        ExprKind::Unary {
            op: UnaryOp::Neg,
            expr,
        } => literal_kind(expr)?,
        ExprKind::List(_) => Kind::List,
        ExprKind::Struct(_) => Kind::Struct,
        _ => return None,
    })
}

pub(super) fn article(kind: Kind) -> String {
    match kind {
        Kind::Any => "any value".to_string(),
        Kind::Integer => "an integer".to_string(),
        Kind::Matcher => "a string, pattern or regex".to_string(),
        Kind::Temporal => "a date or timestamp".to_string(),
        Kind::Scalar => "a single value (not a list or struct)".to_string(),
        _ => format!("a {}", kind.name()),
    }
}

/// A column that another input (`join`, `lookup`, `union`) does not have.
pub(super) fn unknown_input_column(
    schema: &Schema,
    table: &str,
    name: &str,
    span: Span,
) -> Diagnostic {
    let hint = match did_you_mean(name, schema.names()) {
        Some(best) => Some(format!(
            "did you mean `{table}.{}`?",
            crate::print::print_name(best)
        )),
        None if schema.columns.len() <= 12 && !schema.columns.is_empty() => Some(format!(
            "the columns of `{table}` are {}",
            schema
                .names()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        None => None,
    };
    Diagnostic::error(
        "unknown-column",
        format!("input `{table}` has no column `{name}`"),
        span,
    )
    .with_label(format!("not a column of `{table}`"))
    .with_hint_opt(hint)
}

pub(super) fn unknown_column(schema: &Schema, name: &str, span: Span) -> Diagnostic {
    let hint = match did_you_mean(name, schema.names()) {
        Some(best) => Some(format!("did you mean `{best}`?")),
        None if schema.columns.len() <= 12 && !schema.columns.is_empty() => Some(format!(
            "the columns here are {}",
            schema
                .names()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        None => None,
    };
    Diagnostic::error("unknown-column", format!("unknown column `{name}`"), span)
        .with_label("no such column")
        .with_hint_opt(hint)
}

/// A pattern or regex error, pointed at the exact place inside the literal when possible.
pub(super) fn pattern_diagnostic(
    literal: &Literal,
    span: Span,
    e: pattern::PatternError,
) -> Diagnostic {
    // The literal's text starts after `p"` or `/`.
    let lead = match literal {
        Literal::Pattern(_) => 2,
        Literal::Regex { .. } => 1,
        _ => 0,
    };
    let inner = if e.end > e.start && lead > 0 {
        Span::new(
            span.start + lead + e.start,
            (span.start + lead + e.end).min(span.end),
        )
    } else {
        span
    };
    Diagnostic::error("bad-pattern", e.message, inner)
        .with_label("here")
        .with_hint_opt(e.hint)
}
