//! Checking expressions: names, functions, arity, kinds and where a function may be used.
//! Returns the kind each expression produces, as far as it can be known.

use super::schema::{Lookup, Schema};
use super::typed::Typed;
use super::types::Type;
use crate::ast::{BinaryOp, Expr, ExprKind, Literal, Name, UnaryOp};
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

    fn error(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn boxed(&mut self, expr: &Expr, in_aggregate: bool) -> Box<Typed> {
        Box::new(self.infer(expr, in_aggregate))
    }

    fn infer(&mut self, expr: &Expr, in_aggregate: bool) -> Typed {
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
            } => {
                let inner = self.boxed(inner, in_aggregate);
                let mut items = Vec::with_capacity(list.len());
                for item in list {
                    let item = self.infer(item, in_aggregate);
                    self.comparable(inner.ty.kind(), item.ty.kind(), item.span);
                    items.push(item);
                }
                (
                    ExprKind::InList {
                        expr: inner,
                        list: items,
                        negated: *negated,
                    },
                    Kind::Boolean.into(),
                )
            }
            ExprKind::Between {
                expr: inner,
                low,
                high,
                negated,
            } => {
                let inner = self.boxed(inner, in_aggregate);
                let low = self.boxed(low, in_aggregate);
                let high = self.boxed(high, in_aggregate);
                for bound in [&low, &high] {
                    self.comparable(inner.ty.kind(), bound.ty.kind(), bound.span);
                }
                (
                    ExprKind::Between {
                        expr: inner,
                        low,
                        high,
                        negated: *negated,
                    },
                    Kind::Boolean.into(),
                )
            }
            ExprKind::Case {
                branches,
                otherwise,
            } => {
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
                let otherwise = otherwise.as_ref().map(|o| self.boxed(o, in_aggregate));
                let values: Vec<(&Type, Span)> = typed_branches
                    .iter()
                    .map(|(_, t)| (&t.ty, t.span))
                    .chain(otherwise.iter().map(|o| (&o.ty, o.span)))
                    .collect();
                let ty = self.one_type("`case` gives", &values);
                (
                    ExprKind::Case {
                        branches: typed_branches,
                        otherwise,
                    },
                    ty,
                )
            }
            ExprKind::List(items) => {
                let items: Vec<Typed> = items.iter().map(|i| self.infer(i, in_aggregate)).collect();
                // A list holds values of one type.
                let values: Vec<(&Type, Span)> = items.iter().map(|i| (&i.ty, i.span)).collect();
                let item = self.one_type("a list holds", &values);
                (ExprKind::List(items), Type::list(item))
            }
            ExprKind::Struct(fields) => {
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
        };
        Typed::new(kind, expr.span, ty)
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

    fn call(&mut self, function: &Name, args: &[Expr], span: Span, in_aggregate: bool) -> Typed {
        let (name, name_span) = (function.text.as_str(), function.span);
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
            let args = args.iter().map(|a| self.infer(a, in_aggregate)).collect();
            return Typed::new(
                ExprKind::Call {
                    function: function.clone(),
                    args,
                },
                span,
                Type::ANY,
            );
        };
        self.placement(def, name_span, in_aggregate);
        let inner_aggregate = in_aggregate || def.class == FunctionClass::Aggregate;
        if def.class == FunctionClass::Aggregate {
            self.saw_aggregate = true;
        }
        self.arity(def, args, span);
        let mut typed = Vec::with_capacity(args.len());
        for (i, arg) in args.iter().enumerate() {
            let t = self.infer(arg, inner_aggregate);
            self.argument(def, i, arg, t.ty.kind());
            typed.push(t);
        }
        for (i, arg) in args.iter().enumerate() {
            self.literal_arg(def, i, arg);
        }
        if def.name == "to_decimal" {
            self.decimal_size(args);
        }
        if def.name == "is_valid" {
            self.type_name(args.get(1));
        }
        if let (Some(to), Some(from), Some(arg)) =
            (conversion_target(def.name), typed.first(), args.first())
        {
            let from = from.ty.kind();
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
        self.list_items(def, &typed);
        let ty = self.result_type(def, &typed);
        Typed {
            kind: ExprKind::Call {
                function: function.clone(),
                args: typed,
            },
            span,
            ty,
            function: Some(def),
        }
    }

    /// Argument `i` of a call: of the parameter's kind, a unit of time where one is needed.
    fn argument(&mut self, def: &FunctionDef, i: usize, arg: &Expr, kind: Kind) {
        let Some(param) = def.param_for(i) else {
            return;
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

    /// What a call gives: the catalog's kind, with the items of the lists and the fields
    /// of the structs that the list and struct functions pass on.
    fn result_type(&mut self, def: &FunctionDef, args: &[Typed]) -> Type {
        let shared = def.shared_value_args(args.len());
        if shared.len() > 1 {
            let what = format!("`{}` gives", def.name);
            let values: Vec<(&Type, Span)> = shared
                .iter()
                .map(|&i| (&args[i].ty, args[i].span))
                .collect();
            return self.one_type(&what, &values);
        }
        let arg = |i: usize| args.get(i).map_or(Type::ANY, |a| a.ty.clone());
        let item = |i: usize| args.get(i).and_then(|a| a.ty.item().cloned());
        let unified =
            |types: Vec<&Type>| types.into_iter().try_fold(Type::ANY, |all, t| all.unify(t));
        let known = match def.name {
            "split" => Some(Type::list(Kind::String.into())),
            "list" => unified(args.iter().map(|a| &a.ty).collect()).map(Type::list),
            // A list holds values of one type.
            "make_list" => {
                let values: Vec<(&Type, Span)> = args.iter().map(|a| (&a.ty, a.span)).collect();
                Some(Type::list(self.one_type("a list holds", &values)))
            }
            "list_slice" | "list_sort" | "list_reverse" | "list_distinct" => {
                Some(arg(0)).filter(|t| t.kind() == Kind::List)
            }
            "list_concat" => {
                unified(args.iter().map(|a| &a.ty).collect()).filter(|t| t.kind() == Kind::List)
            }
            "list_append" => item(0).unwrap_or(Type::ANY).unify(&arg(1)).map(Type::list),
            "list_flatten" => item(0).filter(|t| t.kind() == Kind::List),
            "list_get" | "list_min" | "list_max" => item(0),
            "struct_get" => match args.get(1).map(|a| &a.kind) {
                Some(ExprKind::Literal(Literal::String(field))) => arg(0).field(field).cloned(),
                _ => None,
            },
            _ => None,
        };
        if let Some(ty) = known {
            return ty;
        }
        match def.returns {
            Returns::Fixed(kind) => kind.into(),
            Returns::SameAs(i) => match args.get(i).map(|a| &a.ty) {
                // A single value of a kind not known is any value but a list or struct:
                // nothing the checker can hold against it.
                Some(Type::Of(Kind::Any)) | None => match def.params.get(i).map(|p| p.kind) {
                    Some(Kind::Scalar) | None => Type::ANY,
                    Some(kind) => kind.into(),
                },
                Some(ty) => ty.clone(),
            },
        }
    }

    /// A value put beside a list's items (`list_contains`, `list_position`, `list_append`),
    /// or lists put together (`list_concat`): the items and the value are of one type, where
    /// the list's items are known.
    fn list_items(&mut self, def: &FunctionDef, args: &[Typed]) {
        let mut items: Vec<(&Type, Span)> = Vec::new();
        match def.name {
            "list_contains" | "list_position" | "list_append" => {
                let (Some(list), Some(value)) = (args.first(), args.get(1)) else {
                    return;
                };
                let Some(item) = list.ty.item() else {
                    return;
                };
                items.push((item, list.span));
                items.push((&value.ty, value.span));
            }
            "list_concat" => {
                for list in args {
                    if let Some(item) = list.ty.item() {
                        items.push((item, list.span));
                    }
                }
            }
            _ => return,
        }
        let mut common = Type::ANY;
        for &(ty, span) in &items {
            match common.unify(ty) {
                Some(t) => common = t,
                None => {
                    let (message, label) = if def.name == "list_concat" {
                        (
                            format!(
                                "`list_concat` joins lists of one type: the lists before hold {common} items and this one {ty} items"
                            ),
                            format!("{ty} items"),
                        )
                    } else {
                        (
                            format!(
                                "`{}` needs a value of the list's type: the list holds {common} items and this is {}",
                                def.name,
                                type_article(ty)
                            ),
                            format!("this is {}", type_article(ty)),
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

    /// `to_decimal(value, precision, scale)`: the scale (10 when not given) is at most the
    /// precision.
    fn decimal_size(&mut self, args: &[Expr]) {
        let integer = |i: usize| match args.get(i).map(|a| &a.kind) {
            Some(ExprKind::Literal(Literal::Integer(n))) => Some(*n),
            _ => None,
        };
        let Some(precision) = integer(1) else {
            return;
        };
        let (scale, span) = match integer(2) {
            Some(scale) => (scale, args[2].span),
            None => (
                i64::from(crate::ast::TypeKind::DEFAULT_DECIMAL.1),
                args[1].span,
            ),
        };
        if scale > precision && (1..=38).contains(&precision) {
            let written = if args.len() > 2 {
                ""
            } else {
                " (10 when not given)"
            };
            self.error(
                Diagnostic::error(
                    "bad-decimal",
                    format!("a decimal of {precision} digits cannot have {scale} of them after the point{written}"),
                    span,
                )
                .with_hint(format!(
                    "give the scale, at most the precision: to_decimal(…, {precision}, {})",
                    precision.min(2)
                )),
            );
        }
    }

    /// A type named in a string (`is_valid(x, "date(\"%d/%m/%Y\")")`), as `settype` writes
    /// it.
    fn type_name(&mut self, arg: Option<&Expr>) {
        let Some(arg) = arg else {
            return;
        };
        if let ExprKind::Literal(Literal::String(name)) = &arg.kind {
            if crate::parse::parse_type(name).is_err() {
                self.error(
                    Diagnostic::error("bad-type", format!("\"{name}\" is not a type"), arg.span)
                        .with_label("not a type")
                        .with_hint("name a type as `settype` does: \"string\", \"integer\", \"float\", \"decimal(10, 2)\", \"boolean\", \"date\", \"timestamp\""),
                );
            }
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

    /// The one type of values an expression gives one of (`if`, `case`, `coalesce`, a
    /// list's items), or an error at the first value of another type.
    fn one_type(&mut self, what: &str, values: &[(&Type, Span)]) -> Type {
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

/// "a list<string>", "an integer": a type in a sentence. Lists and structs are named with
/// what they hold where it is known.
pub(super) fn type_article(ty: &Type) -> String {
    match ty {
        Type::Of(kind) => article(*kind),
        other => format!("a {other}"),
    }
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
