//! Checking expressions: names, functions, arity, kinds and where a function may be used.
//! Returns the kind each expression produces, as far as it can be known.

use super::messages::{
    article, pattern_diagnostic, type_article, unknown_column, unknown_input_column,
};
use super::schema::{Lookup, Schema};
use super::typed::Typed;
use super::types::Type;
use crate::ast::{BinaryOp, Expr, ExprKind, Literal, Name, UnaryOp};
use crate::catalog::Kind;
use crate::diagnostics::Diagnostic;
use crate::pattern;
use crate::span::Span;

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
    pub fn check(&mut self, expr: &Expr) -> Typed {
        self.infer(expr, false)
    }

    /// Checks and says whether the expression can be a condition.
    pub fn check_condition(&mut self, expr: &Expr, what: &str) -> Typed {
        let typed = self.check(expr);
        let kind = typed.ty.kind();
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
        typed
    }

    pub(super) fn error(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    pub(super) fn boxed(&mut self, expr: &Expr, in_aggregate: bool) -> Box<Typed> {
        Box::new(self.infer(expr, in_aggregate))
    }

    pub(super) fn infer(&mut self, expr: &Expr, in_aggregate: bool) -> Typed {
        let (kind, ty) = match &expr.kind {
            ExprKind::Literal(literal) => (
                ExprKind::Literal(literal.clone()),
                self.literal(literal, expr.span).into(),
            ),
            ExprKind::Column(name) => (
                ExprKind::Column(name.clone()),
                self.column(&name.text, name.span, in_aggregate),
            ),
            ExprKind::Qualified { table, column } => (
                ExprKind::Qualified {
                    table: table.clone(),
                    column: column.clone(),
                },
                self.qualified(table, column, expr.span),
            ),
            ExprKind::Call { function, args } => {
                return self.call(function, args, expr.span, in_aggregate);
            }
            ExprKind::Unary { op, expr: inner } => {
                let inner = self.boxed(inner, in_aggregate);
                let kind = inner.ty.kind();
                let ty = match op {
                    UnaryOp::Not => {
                        self.want(Kind::Boolean, kind, inner.span, "`not` needs");
                        Kind::Boolean.into()
                    }
                    UnaryOp::Neg => {
                        self.want(Kind::Number, kind, inner.span, "`-` needs");
                        inner.ty.clone()
                    }
                };
                (
                    ExprKind::Unary {
                        op: *op,
                        expr: inner,
                    },
                    ty,
                )
            }
            ExprKind::Binary { op, left, right } => {
                let left = self.boxed(left, in_aggregate);
                let right = self.boxed(right, in_aggregate);
                if matches!(op, BinaryOp::Eq | BinaryOp::NotEq) {
                    self.quote_unknown_names(&left, &right);
                }
                let kind = self.binary(*op, &left, &right);
                (
                    ExprKind::Binary {
                        op: *op,
                        left,
                        right,
                    },
                    kind.into(),
                )
            }
            ExprKind::IsNull {
                expr: inner,
                negated,
            } => (
                ExprKind::IsNull {
                    expr: self.boxed(inner, in_aggregate),
                    negated: *negated,
                },
                Kind::Boolean.into(),
            ),
            ExprKind::InList {
                expr: inner,
                list,
                negated,
            } => self.in_list(inner, list, *negated, in_aggregate),
            ExprKind::Between {
                expr: inner,
                low,
                high,
                negated,
            } => self.between(inner, low, high, *negated, in_aggregate),
            ExprKind::Case {
                branches,
                otherwise,
            } => self.case(branches, otherwise.as_deref(), in_aggregate),
            ExprKind::List(items) => self.list(items, in_aggregate),
            ExprKind::Struct(fields) => self.fields(fields, in_aggregate),
        };
        Typed::new(kind, expr.span, ty)
    }

    /// `x in [a, b]`: each item comparable with `x`.
    fn in_list(
        &mut self,
        inner: &Expr,
        list: &[Expr],
        negated: bool,
        in_aggregate: bool,
    ) -> (ExprKind<Typed>, Type) {
        let inner = self.boxed(inner, in_aggregate);
        let mut items = Vec::with_capacity(list.len());
        for item in list {
            let item = self.infer(item, in_aggregate);
            self.comparable(inner.ty.kind(), item.ty.kind(), item.span);
            items.push(item);
        }
        let kind = ExprKind::InList {
            expr: inner,
            list: items,
            negated,
        };
        (kind, Kind::Boolean.into())
    }

    /// `x between low and high`: both bounds comparable with `x`.
    fn between(
        &mut self,
        inner: &Expr,
        low: &Expr,
        high: &Expr,
        negated: bool,
        in_aggregate: bool,
    ) -> (ExprKind<Typed>, Type) {
        let inner = self.boxed(inner, in_aggregate);
        let low = self.boxed(low, in_aggregate);
        let high = self.boxed(high, in_aggregate);
        for bound in [&low, &high] {
            self.comparable(inner.ty.kind(), bound.ty.kind(), bound.span);
        }
        let kind = ExprKind::Between {
            expr: inner,
            low,
            high,
            negated,
        };
        (kind, Kind::Boolean.into())
    }

    /// `case when … then … else … end`: conditions true or false, values of one type.
    fn case(
        &mut self,
        branches: &[(Expr, Expr)],
        otherwise: Option<&Expr>,
        in_aggregate: bool,
    ) -> (ExprKind<Typed>, Type) {
        let mut typed_branches = Vec::with_capacity(branches.len());
        for (when, then) in branches {
            let w = self.infer(when, in_aggregate);
            self.want(
                Kind::Boolean,
                w.ty.kind(),
                when.span,
                "a `when` condition must be",
            );
            let t = self.infer(then, in_aggregate);
            typed_branches.push((w, t));
        }
        let otherwise = otherwise.map(|o| self.boxed(o, in_aggregate));
        let values: Vec<(&Type, Span)> = typed_branches
            .iter()
            .map(|(_, t)| (&t.ty, t.span))
            .chain(otherwise.iter().map(|o| (&o.ty, o.span)))
            .collect();
        let ty = self.one_type("`case` gives", &values);
        let kind = ExprKind::Case {
            branches: typed_branches,
            otherwise,
        };
        (kind, ty)
    }

    /// `[a, b]`: a list holds values of one type.
    fn list(&mut self, items: &[Expr], in_aggregate: bool) -> (ExprKind<Typed>, Type) {
        let items: Vec<Typed> = items.iter().map(|i| self.infer(i, in_aggregate)).collect();
        let values: Vec<(&Type, Span)> = items.iter().map(|i| (&i.ty, i.span)).collect();
        let item = self.one_type("a list holds", &values);
        (ExprKind::List(items), Type::list(item))
    }

    /// `{name: value, …}`: each field named once.
    fn fields(&mut self, fields: &[(Name, Expr)], in_aggregate: bool) -> (ExprKind<Typed>, Type) {
        let mut seen: Vec<&str> = Vec::new();
        let mut typed_fields = Vec::with_capacity(fields.len());
        for (name, value) in fields {
            if seen.contains(&name.text.as_str()) {
                self.error(Diagnostic::error(
                    "duplicate-name",
                    format!("field `{}` is given twice", name.text),
                    name.span,
                ));
            }
            seen.push(&name.text);
            typed_fields.push((name.clone(), self.infer(value, in_aggregate)));
        }
        let ty = Type::Struct(
            typed_fields
                .iter()
                .map(|(n, v)| (n.text.clone(), v.ty.clone()))
                .collect(),
        );
        (ExprKind::Struct(typed_fields), ty)
    }

    /// `customers.id` in a join or lookup condition.
    fn qualified(&mut self, table: &Name, column: &Name, span: Span) -> Type {
        if self.scope.table != Some(table.text.as_str()) {
            let message = format!(
                "`{}.{}` names input `{}`, which this step does not read",
                table.text, column.text, table.text
            );
            self.error(
                Diagnostic::error("unknown-input", message, span)
                    .with_label("not available here")
                    .with_hint(format!(
                        "only a `join {0}` or `lookup {0}` step can use the columns of `{0}`",
                        table.text
                    )),
            );
        } else if let Some(schema) = self.scope.table_schema {
            if let Lookup::Found(c) = schema.find(&column.text) {
                return c.ty.clone();
            }
            if !schema.open {
                let d = unknown_input_column(schema, &table.text, &column.text, column.span);
                self.error(d);
            }
        }
        Type::ANY
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

    fn column(&mut self, name: &str, span: Span, in_aggregate: bool) -> Type {
        if let (Allow::Aggregate, Some(keys), false) =
            (self.scope.allow, self.scope.group_keys, in_aggregate)
        {
            if !keys.iter().any(|k| k == name) {
                self.error(
                    Diagnostic::error("not-aggregated", format!("column `{name}` is neither grouped nor aggregated"), span)
                        .with_label("one value per group is needed here")
                        .with_hint(format!("add `{name}` to `by`, or wrap it in an aggregate function such as first({name})")),
                );
                return Type::ANY;
            }
        }
        let diagnostic = match self.scope.schema.find(name) {
            Lookup::Found(column) => return column.ty.clone(),
            Lookup::Unknown => return Type::ANY,
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
        Type::ANY
    }

    /// The one type of values an expression gives one of (`if`, `case`, `coalesce`, a
    /// list's items), or an error at the first value of another type.
    pub(super) fn one_type(&mut self, what: &str, values: &[(&Type, Span)]) -> Type {
        let mut result = Type::ANY;
        for &(ty, span) in values {
            match result.unify(ty) {
                Some(t) => result = t,
                None => {
                    self.error(
                        Diagnostic::error(
                            "type-mismatch",
                            format!(
                                "{what} values of one type: this is {} and the ones before are {}",
                                type_article(ty),
                                type_article(&result)
                            ),
                            span,
                        )
                        .with_label(format!("this is {}", type_article(ty)))
                        .with_hint("convert it first, for example with to_string(…), to_float(…) or to_date(…)"),
                    );
                    return Type::ANY;
                }
            }
        }
        result
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

    /// `carrier = UA`: a name that is no column, compared for equality with text (or with
    /// a column whose type is not known), is most likely a text value written without its
    /// quotes; its diagnostic's hint writes them.
    fn quote_unknown_names(&mut self, left: &Typed, right: &Typed) {
        for (side, other) in [(left, right), (right, left)] {
            let ExprKind::Column(name) = &side.kind else {
                continue;
            };
            if !matches!(other.ty.kind(), Kind::String | Kind::Any) {
                continue;
            }
            let message = format!("unknown column `{}`", name.text);
            let at = (name.span.start, name.span.end);
            let Some(diagnostic) = self.diagnostics.iter_mut().rev().find(|d| {
                d.code == "unknown-column"
                    && d.message == message
                    && (d.span.start, d.span.end) == at
            }) else {
                continue;
            };
            let text = crate::print::quote_string(&name.text);
            diagnostic.hint = Some(match diagnostic.hint.take() {
                Some(close) if close.starts_with("did you mean") => {
                    format!("{close} Or the text {text}?")
                }
                _ => format!("a text value is written in quotes: {text}"),
            });
        }
    }

    fn binary(&mut self, op: BinaryOp, left: &Typed, right: &Typed) -> Kind {
        let (l, r) = (left.ty.kind(), right.ty.kind());
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
