//! Checking a call: the function's name, where it may be used, its arguments (how many,
//! of which kinds, which must be written in the recipe) and the type it gives.

use super::expr::{Allow, ExprChecker};
use super::messages::{article, type_article};
use super::typed::Typed;
use super::types::Type;
use crate::ast::{Expr, ExprKind, Literal, Name};
use crate::catalog::{self, FunctionClass, FunctionDef, Kind, Returns};
use crate::diagnostics::{did_you_mean, Diagnostic};
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

pub const UNITS: &[&str] = &[
    "year", "quarter", "month", "week", "day", "hour", "minute", "second",
];

impl ExprChecker<'_, '_> {
    pub(super) fn call(
        &mut self,
        function: &Name,
        args: &[Expr],
        span: Span,
        in_aggregate: bool,
    ) -> Typed {
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
}

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
