//! Random expressions of a wanted kind over the table's columns, with function calls made
//! from the catalog's signatures (so a new function is generated as soon as it is in the
//! catalog). A few arguments must be literals for the compiler (units, matchers, counts of
//! rows, struct fields); `literal_rule` lists them, and now and then a column is written
//! there anyway, which the checker should refuse.

use super::random::Rng;
use super::schema::Ty;
use super::table::{call, float_expr, int_expr, random_value, Value};
use wrangle_dsl::ast::ExprNode;
use wrangle_dsl::ast::{BinaryOp, Expr, ExprKind, Literal, Matcher, Name, UnaryOp};
use wrangle_dsl::catalog::{self, FunctionClass, FunctionDef, Kind, Returns};
use wrangle_dsl::Span;

/// How often an argument the compiler needs as a literal is given as a column instead:
/// the checker accepts such calls today, so they find where it should not.
pub const LITERAL_GAP_RATE: f64 = 0.02;

/// Functions whose result differs from run to run (kept out where outputs are compared).
pub const NONDETERMINISTIC: &[&str] = &["uuid", "random", "now", "today"];

/// A column of the table: its name, its type in the plan, and its kind for the checker.
#[derive(Clone, Debug, PartialEq)]
pub struct Col {
    pub name: String,
    pub ty: Ty,
    pub kind: Kind,
}

/// What an expression may use.
#[derive(Clone, Copy)]
pub struct Scope<'a> {
    pub columns: &'a [Col],
    /// In `aggregate` values: the only columns usable outside an aggregate function.
    pub keys: Option<&'a [String]>,
}

impl<'a> Scope<'a> {
    pub fn new(columns: &'a [Col]) -> Self {
        Scope {
            columns,
            keys: None,
        }
    }
}

pub fn e(kind: ExprKind) -> Expr {
    Expr::new(kind, Span::default())
}

pub fn name(text: &str) -> Name {
    Name::new(text, Span::default())
}

pub fn column(text: &str) -> Expr {
    e(ExprKind::Column(name(text)))
}

pub fn string(s: &str) -> Expr {
    e(ExprKind::Literal(Literal::String(s.into())))
}

fn binary(op: BinaryOp, left: Expr, right: Expr) -> Expr {
    e(ExprKind::Binary {
        op,
        left: Box::new(left),
        right: Box::new(right),
    })
}

/// Whether a function returning `result` may stand where `want` is asked for.
fn kind_fits(want: Kind, result: Kind) -> bool {
    use Kind::*;
    match (want, result) {
        (Any, _) => true,
        (a, b) if a == b => true,
        (Number, Integer | Float | Decimal) => true,
        (Float, Integer | Float | Decimal | Number) => true,
        (Decimal, Integer) => true,
        (Temporal, Date | Timestamp) => true,
        _ => false,
    }
}

/// The narrower of two kinds, when one holds the other.
fn meet(a: Kind, b: Kind) -> Option<Kind> {
    use Kind::*;
    Some(match (a, b) {
        (x, y) if x == y => x,
        (Any, x) | (x, Any) => x,
        (Number, x @ (Integer | Float | Decimal)) | (x @ (Integer | Float | Decimal), Number) => x,
        (Temporal, x @ (Date | Timestamp)) | (x @ (Date | Timestamp), Temporal) => x,
        _ => return None,
    })
}

/// A column of `want` that the checker will accept there too.
fn pick_column(rng: &mut Rng, scope: &Scope, want: Kind) -> Option<(Expr, Ty)> {
    let candidates: Vec<&Col> = scope
        .columns
        .iter()
        .filter(|c| c.ty.fits(want) && want.accepts(c.kind))
        .filter(|c| scope.keys.is_none_or(|keys| keys.contains(&c.name)))
        .collect();
    if candidates.is_empty() {
        return None;
    }
    let c = *rng.pick(&candidates);
    Some((column(&c.name), c.ty.clone()))
}

/// A column of exactly this type, if there is one.
fn column_of(rng: &mut Rng, scope: &Scope, ty: &Ty) -> Option<(Expr, Ty)> {
    let candidates: Vec<&Col> = scope
        .columns
        .iter()
        .filter(|c| &c.ty == ty && ty.kind() == c.kind)
        .filter(|c| scope.keys.is_none_or(|keys| keys.contains(&c.name)))
        .collect();
    if candidates.is_empty() {
        return None;
    }
    let c = *rng.pick(&candidates);
    Some((column(&c.name), c.ty.clone()))
}

const TEXTS: &[&str] = &[
    "",
    "a",
    "A",
    "x y",
    " ",
    "日本",
    "é",
    "null",
    "1",
    "2024-02-29",
    "-",
    ",",
    "|",
    "abc",
];

/// A literal (or constant expression) of a kind.
pub fn literal(rng: &mut Rng, want: Kind) -> (Expr, Ty) {
    use Kind::*;
    match want {
        Integer => {
            let i = *rng.pick(&[0, 1, 2, 3, -1, 10, 42, 100, i64::MAX, i64::MIN, 7]);
            (int_expr(i), Ty::Integer)
        }
        Float => {
            let f = *rng.pick(&[
                0.0,
                0.5,
                1.5,
                -2.5,
                100.0,
                1e-3,
                1e300,
                f64::NAN,
                f64::INFINITY,
            ]);
            (float_expr(f), Ty::Float)
        }
        Number => {
            if rng.chance(0.5) {
                literal(rng, Integer)
            } else {
                literal(rng, Float)
            }
        }
        Decimal => {
            let (text, p, s) = *rng.pick(&[("12.34", 10, 2), ("0", 5, 0), ("-1.5", 38, 10)]);
            (
                call(
                    "to_decimal",
                    vec![string(text), int_expr(p), int_expr(i64::from(s))],
                ),
                Ty::Decimal(p as u8, s),
            )
        }
        String => (string(rng.pick::<&str>(TEXTS)), Ty::String),
        Boolean => (
            e(ExprKind::Literal(Literal::Boolean(rng.chance(0.5)))),
            Ty::Boolean,
        ),
        Date => (random_value(rng, &Ty::Date).expr(), Ty::Date),
        Timestamp => {
            let (expr, ty) = (random_value(rng, &Ty::Timestamp).expr(), Ty::Timestamp);
            // Now and then with an offset: stored in UTC.
            if rng.chance(0.2) {
                if let ExprKind::Literal(Literal::Timestamp(mut t)) = expr.kind {
                    t.offset_seconds = Some(*rng.pick(&[0, 19800, -18000]));
                    return (e(ExprKind::Literal(Literal::Timestamp(t))), ty);
                }
            }
            (expr, ty)
        }
        Temporal => {
            if rng.chance(0.5) {
                literal(rng, Date)
            } else {
                literal(rng, Timestamp)
            }
        }
        List => {
            let item = super::schema::random_ty(rng, 0);
            let ty = Ty::List(Box::new(item.clone()));
            let value = random_value(rng, &ty);
            match value {
                // An empty list literal has no item type.
                Value::List(items) if items.is_empty() => (
                    e(ExprKind::List(Vec::new())),
                    Ty::List(Box::new(Ty::Unknown)),
                ),
                v => (v.expr(), ty),
            }
        }
        Struct => {
            let ty = Ty::Struct(vec![
                ("a".into(), Ty::Integer),
                ("b".into(), super::schema::random_ty(rng, 0)),
            ]);
            let value = random_value(rng, &ty);
            (value.expr(), ty)
        }
        Matcher => (matcher_expr(rng, 0), Ty::String),
        Unit => (
            string(rng.pick::<&str>(wrangle_dsl::check::UNITS)),
            Ty::String,
        ),
        Any | Scalar => {
            if rng.chance(0.2) {
                (e(ExprKind::Literal(Literal::Null)), Ty::Unknown)
            } else {
                let kind = *rng.pick(&[String, String, Integer, Float, Boolean, Date, Timestamp]);
                literal(rng, kind)
            }
        }
    }
}

/// Matchers: exact text, patterns and regexes, some matching the empty string. With
/// `groups` above 0, a pattern with that many bracketed groups.
pub fn matcher_literal(rng: &mut Rng, groups: usize) -> Literal {
    match groups {
        0 => rng
            .pick(&[
                Literal::String(",".into()),
                Literal::String(" ".into()),
                Literal::String("a".into()),
                Literal::String("".into()),
                Literal::String("|".into()),
                Literal::String(".".into()),
                Literal::Pattern("{digit}+".into()),
                Literal::Pattern("{space}".into()),
                Literal::Pattern("{upper}{alpha}*".into()),
                Literal::Pattern("{delim}".into()),
                Literal::Pattern("{email}".into()),
                Literal::Regex {
                    source: "[0-9]+".into(),
                    flags: String::new(),
                },
                Literal::Regex {
                    source: "^a".into(),
                    flags: "i".into(),
                },
                Literal::Regex {
                    source: "x*".into(),
                    flags: String::new(),
                },
                Literal::Regex {
                    source: "$".into(),
                    flags: String::new(),
                },
                Literal::Regex {
                    source: "\\s+".into(),
                    flags: String::new(),
                },
            ])
            .clone(),
        1 => rng
            .pick(&[
                Literal::Pattern("({digit}+)".into()),
                Literal::Regex {
                    source: "(\\w+)@".into(),
                    flags: String::new(),
                },
                Literal::Regex {
                    source: "(a*)".into(),
                    flags: String::new(),
                },
            ])
            .clone(),
        2 => rng
            .pick(&[
                Literal::Pattern("({alpha}+)-({digit}+)".into()),
                Literal::Regex {
                    source: "(\\w)(\\w)".into(),
                    flags: String::new(),
                },
                Literal::Regex {
                    source: "(?P<first>.)(.*)".into(),
                    flags: "s".into(),
                },
            ])
            .clone(),
        n => Literal::Regex {
            source: "(.)".repeat(n),
            flags: String::new(),
        },
    }
}

fn matcher_expr(rng: &mut Rng, groups: usize) -> Expr {
    e(ExprKind::Literal(matcher_literal(rng, groups)))
}

pub fn matcher(rng: &mut Rng, groups: usize) -> Matcher {
    Matcher {
        literal: matcher_literal(rng, groups),
        span: Span::default(),
    }
}

/// Arguments the compiler needs written as literals, and other arguments kept small or
/// meaningful (a repeat count of a billion would only exhaust memory).
fn literal_rule(
    rng: &mut Rng,
    function: &str,
    index: usize,
    earlier: &[(Expr, Ty)],
) -> Option<(Expr, Ty)> {
    let int = |rng: &mut Rng, low: i64, high: i64| (int_expr(rng.range(low, high)), Ty::Integer);
    let text = |rng: &mut Rng, options: &[&str]| (string(rng.pick::<&str>(options)), Ty::String);
    Some(match (function, index) {
        ("lag" | "lead", 1) => int(rng, 0, 3),
        ("lag" | "lead", 2) => {
            let ty = earlier
                .first()
                .map(|(_, t)| t.clone())
                .unwrap_or(Ty::Unknown);
            if ty.is_scalar() {
                (random_value(rng, &ty).expr(), ty)
            } else {
                (e(ExprKind::Literal(Literal::Null)), Ty::Unknown)
            }
        }
        ("ntile", 0) => int(rng, 1, 4),
        ("nth_value", 1) => int(rng, 1, 3),
        ("rolling_sum" | "rolling_avg", 1 | 2) => int(rng, 0, 3),
        ("struct_get", 1) => match earlier.first().map(|(_, t)| t) {
            Some(Ty::Struct(fields)) if !fields.is_empty() => {
                let (n, t) = rng.pick(fields);
                (string(n), t.clone())
            }
            _ => (string("a"), Ty::Unknown),
        },
        ("to_decimal", 1) => int(rng, 1, 38),
        ("to_decimal", 2) => {
            let precision = match earlier.get(1).map(|(e, _)| &e.kind) {
                Some(ExprKind::Literal(Literal::Integer(p))) => *p,
                _ => 38,
            };
            int(rng, 0, precision)
        }
        ("is_valid", 1) => text(
            rng,
            &[
                "string",
                "integer",
                "float",
                "decimal",
                "boolean",
                "date",
                "timestamp",
            ],
        ),
        ("list_sort", 1) => (
            e(ExprKind::Literal(Literal::Boolean(rng.chance(0.5)))),
            Ty::Boolean,
        ),
        ("repeat" | "pad_left" | "pad_right", 1) => int(rng, -2, 12),
        ("percentile", 1) => (
            float_expr(*rng.pick(&[0.0, 0.25, 0.5, 0.9, 1.0])),
            Ty::Float,
        ),
        ("round" | "trunc" | "format_number", 1) => int(rng, -2, 4),
        ("format_date", 1) => text(
            rng,
            &["%Y-%m-%d", "%d %b %Y", "%A %j", "%H:%M:%S%.3f", "%s"],
        ),
        ("parse_date", 1) => text(rng, &["%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y"]),
        ("parse_timestamp", 1) => text(rng, &["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]),
        ("from_utc" | "to_utc", 1) => text(
            rng,
            &[
                "Europe/Paris",
                "America/New_York",
                "UTC",
                "Asia/Kolkata",
                "Not/AZone",
            ],
        ),
        ("json_get", 1) => text(rng, &["a", "a.b", "a.b.2", "", "1"]),
        ("string_agg" | "list_join", 1) | ("concat_ws", 0) => text(rng, &[",", "", " - ", "|"]),
        _ => return None,
    })
}

/// Whether a function's argument must be a literal for the compiler.
fn needs_literal(function: &str, index: usize) -> bool {
    matches!(
        (function, index),
        ("lag" | "lead", 1)
            | ("ntile", 0)
            | ("nth_value", 1)
            | ("rolling_sum" | "rolling_avg", 1 | 2)
            | ("struct_get", 1)
            | ("to_decimal", 1 | 2)
            | ("is_valid", 1)
    )
}

/// The type of a call's result, as exactly as the generator can tell.
fn result_ty(def: &FunctionDef, args: &[(Expr, Ty)]) -> Ty {
    let arg = |i: usize| args.get(i).map(|(_, t)| t.clone()).unwrap_or(Ty::Unknown);
    let item = |i: usize| match arg(i) {
        Ty::List(inner) => *inner,
        _ => Ty::Unknown,
    };
    match def.name {
        "split" => Ty::List(Box::new(Ty::String)),
        "make_list" | "list" => Ty::List(Box::new(arg(0))),
        "list_get" | "list_min" | "list_max" => item(0),
        "list_flatten" => item(0),
        "list_sum" => match item(0) {
            Ty::Integer => Ty::Integer,
            t if t.is_numeric() => t,
            _ => Ty::Unknown,
        },
        "struct_get" => match (&arg(0), args.get(1).map(|(e, _)| &e.kind)) {
            (Ty::Struct(fields), Some(ExprKind::Literal(Literal::String(f)))) => fields
                .iter()
                .find(|(n, _)| n == f)
                .map_or(Ty::Unknown, |(_, t)| t.clone()),
            _ => Ty::Unknown,
        },
        _ => match def.returns {
            Returns::Fixed(k) => Ty::of_kind(k),
            Returns::SameAs(i) => arg(i),
        },
    }
}

/// The functions of a class that can give `want`, with the kind their `SameAs` argument
/// must then have.
fn candidates(class: FunctionClass, want: Kind) -> Vec<(&'static FunctionDef, Option<Kind>)> {
    catalog::functions()
        .iter()
        .filter(|f| f.class == class)
        .filter_map(|f| match f.returns {
            Returns::Fixed(k) => kind_fits(want, k).then_some((f, None)),
            Returns::SameAs(i) => {
                let param = f.param_for(i)?.kind;
                meet(want, param).map(|k| (f, Some(k)))
            }
        })
        .collect()
}

/// A function of a family chosen first, so that every family is called about as often
/// whatever its size, and functions that fit few kinds still come up.
fn pick_function(
    rng: &mut Rng,
    options: &[(&'static FunctionDef, Option<Kind>)],
) -> Option<(&'static FunctionDef, Option<Kind>)> {
    let mut families: Vec<catalog::Family> = options.iter().map(|(d, _)| d.family).collect();
    families.sort();
    families.dedup();
    if families.is_empty() {
        return None;
    }
    let family = *rng.pick(&families);
    let within: Vec<_> = options.iter().filter(|(d, _)| d.family == family).collect();
    Some(**rng.pick(&within))
}

/// A call of `def` with generated arguments.
fn call_of(
    rng: &mut Rng,
    scope: &Scope,
    def: &'static FunctionDef,
    same_as: Option<Kind>,
    depth: u32,
) -> (Expr, Ty) {
    let mut count = def.min_args();
    let optional = def.params.iter().filter(|p| p.optional).count();
    for _ in 0..optional {
        if rng.chance(0.5) {
            count += 1;
        } else {
            break;
        }
    }
    if def.max_args().is_none() {
        count += rng.below(3);
    }
    let mut args: Vec<(Expr, Ty)> = Vec::new();
    // Values meant to go together (`coalesce`, `greatest`, `if`'s branches, a list's
    // items) get one type, mostly.
    let mut together: Option<Ty> = None;
    for i in 0..count {
        let Some(param) = def.param_for(i) else {
            break;
        };
        let gap = needs_literal(def.name, i) && rng.chance(LITERAL_GAP_RATE);
        if !gap {
            if let Some(found) = literal_rule(rng, def.name, i, &args) {
                args.push(found);
                continue;
            }
        }
        let mut want = param.kind;
        if let (Returns::SameAs(j), Some(k)) = (def.returns, same_as) {
            if j == i || (param.kind.is_any_value() && def.param_for(j) == Some(param)) {
                want = k;
            }
        }
        let found = match want {
            Kind::Matcher if !gap && !rng.chance(LITERAL_GAP_RATE) => {
                (matcher_expr(rng, 0), Ty::String)
            }
            Kind::Unit if !rng.chance(LITERAL_GAP_RATE) => literal(rng, Kind::Unit),
            Kind::Matcher | Kind::Unit => scalar(rng, scope, Kind::String, 0),
            Kind::Any | Kind::Scalar => {
                let with_items =
                    matches!(def.name, "list_contains" | "list_position" | "list_append");
                let item = match args.first() {
                    Some((_, Ty::List(inner))) if with_items => Some((**inner).clone()),
                    _ => None,
                };
                match item.or_else(|| together.clone()) {
                    Some(ty) if ty != Ty::Unknown && rng.chance(0.9) => {
                        typed(rng, scope, &ty, depth)
                    }
                    _ => scalar(rng, scope, want, depth),
                }
            }
            // The lists of `list_concat` hold one type of item, mostly.
            Kind::List if i > 0 && rng.chance(0.9) && args[0].1 != Ty::Unknown => {
                let ty = args[0].1.clone();
                typed(rng, scope, &ty, depth)
            }
            Kind::List => list_arg(rng, scope, def.name, depth),
            other => scalar(rng, scope, other, depth),
        };
        if param.kind.is_any_value() && together.is_none() && found.1 != Ty::Unknown {
            together = Some(found.1.clone());
        }
        args.push(found);
    }
    let ty = result_ty(def, &args);
    let expr = call(def.name, args.into_iter().map(|(e, _)| e).collect());
    (expr, ty)
}

/// A list argument: of numbers for `list_sum`, of lists for `list_flatten`, of scalars to
/// sort or compare.
fn list_arg(rng: &mut Rng, scope: &Scope, function: &str, depth: u32) -> (Expr, Ty) {
    let fits = |ty: &Ty| match (function, ty) {
        ("list_sum", Ty::List(inner)) => inner.is_numeric(),
        ("list_flatten", Ty::List(inner)) => matches!(**inner, Ty::List(_)),
        ("list_sort" | "list_min" | "list_max" | "list_distinct", Ty::List(inner)) => {
            inner.is_scalar()
        }
        (_, Ty::List(_)) => true,
        _ => false,
    };
    let columns: Vec<&Col> = scope
        .columns
        .iter()
        .filter(|c| fits(&c.ty) && c.kind == Kind::List)
        .filter(|c| scope.keys.is_none_or(|keys| keys.contains(&c.name)))
        .collect();
    if !columns.is_empty() && rng.chance(0.7) {
        let c = *rng.pick(&columns);
        return (column(&c.name), c.ty.clone());
    }
    let item = match function {
        "list_sum" => rng
            .pick(&[Ty::Integer, Ty::Float, Ty::Decimal(10, 2)])
            .clone(),
        "list_flatten" => Ty::List(Box::new(Ty::Integer)),
        _ => super::schema::random_ty(rng, 0),
    };
    if depth > 0 && rng.chance(0.3) {
        // A list made of the row's values.
        let items: Vec<(Expr, Ty)> = (0..rng.range(1, 3))
            .map(|_| typed(rng, scope, &item, depth - 1))
            .collect();
        let ty = Ty::List(Box::new(item));
        return (
            call("make_list", items.into_iter().map(|(e, _)| e).collect()),
            ty,
        );
    }
    let ty = Ty::List(Box::new(item));
    let mut value = random_value(rng, &ty);
    if let (Value::List(items), "list_flatten") = (&mut value, function) {
        items.retain(|v| *v != Value::Null);
    }
    (value.expr(), ty)
}

/// An expression of exactly this type where one is at hand: a column of it, or a value.
pub fn typed(rng: &mut Rng, scope: &Scope, ty: &Ty, depth: u32) -> (Expr, Ty) {
    if rng.chance(0.6) {
        if let Some(found) = column_of(rng, scope, ty) {
            return found;
        }
    }
    if ty.is_scalar() && depth > 0 && rng.chance(0.3) {
        return scalar(rng, scope, ty.kind(), depth);
    }
    match ty {
        Ty::Unknown => (e(ExprKind::Literal(Literal::Null)), Ty::Unknown),
        Ty::Struct(fields) if fields.is_empty() => {
            (e(ExprKind::Literal(Literal::Null)), Ty::Unknown)
        }
        Ty::Decimal(..) => literal(rng, Kind::Decimal),
        other => (random_value(rng, other).expr(), other.clone()),
    }
}

/// A row-by-row expression of `want`, at most `depth` calls or operators deep.
pub fn scalar(rng: &mut Rng, scope: &Scope, want: Kind, depth: u32) -> (Expr, Ty) {
    let leaf_weight = if depth == 0 { 100 } else { 30 };
    let choice = *rng.weighted(&[
        (leaf_weight, 0),
        (if depth == 0 { 0 } else { 55 }, 1),
        (if depth == 0 { 0 } else { 20 }, 2),
        (10, 3),
    ]);
    match choice {
        0 => pick_column(rng, scope, want).unwrap_or_else(|| literal(rng, want)),
        1 => {
            let options = candidates(FunctionClass::Scalar, want);
            let Some((def, same_as)) = pick_function(rng, &options) else {
                return literal(rng, want);
            };
            call_of(rng, scope, def, same_as, depth - 1)
        }
        2 => operator(rng, scope, want, depth - 1),
        _ => literal(rng, want),
    }
}

/// An operator expression giving `want`.
fn operator(rng: &mut Rng, scope: &Scope, want: Kind, depth: u32) -> (Expr, Ty) {
    use Kind::*;
    let numeric = |rng: &mut Rng, want: Kind| -> (Expr, Ty) {
        let (l, lt) = scalar(rng, scope, want, depth);
        let op = *rng.pick(&[
            BinaryOp::Add,
            BinaryOp::Sub,
            BinaryOp::Mul,
            BinaryOp::Div,
            BinaryOp::Rem,
        ]);
        let right_want = if want == Integer { Integer } else { Number };
        let (r, rt) = scalar(rng, scope, right_want, depth);
        let ty = match (op, &lt, &rt) {
            (BinaryOp::Div, _, _) => Ty::Float,
            (_, Ty::Integer, Ty::Integer) => Ty::Integer,
            (_, Ty::Float, _) | (_, _, Ty::Float) => Ty::Float,
            _ => Ty::Unknown,
        };
        if want == Integer && op == BinaryOp::Div {
            return (call("div", vec![l, r]), Ty::Integer);
        }
        (binary(op, l, r), ty)
    };
    match want {
        Boolean => (condition(rng, scope, depth), Ty::Boolean),
        Integer | Float | Number => {
            if rng.chance(0.15) {
                let (x, t) = scalar(rng, scope, want, depth);
                return (
                    e(ExprKind::Unary {
                        op: UnaryOp::Neg,
                        expr: Box::new(x),
                    }),
                    t,
                );
            }
            numeric(rng, want)
        }
        String => {
            let (l, _) = scalar(rng, scope, Any, depth);
            let (r, _) = scalar(rng, scope, String, depth);
            (binary(BinaryOp::Concat, l, r), Ty::String)
        }
        List => {
            let item = super::schema::random_ty(rng, 0);
            let items: Vec<Expr> = (0..rng.range(0, 3))
                .map(|_| typed(rng, scope, &item, depth).0)
                .collect();
            let ty = if items.is_empty() { Ty::Unknown } else { item };
            (e(ExprKind::List(items)), Ty::List(Box::new(ty)))
        }
        Struct => {
            let mut fields = Vec::new();
            let mut tys = Vec::new();
            for i in 0..rng.range(1, 3) {
                let (x, t) = scalar(rng, scope, Any, depth);
                let field = if rng.chance(0.2) {
                    format!("F {i}")
                } else {
                    format!("f{i}")
                };
                tys.push((field.clone(), t));
                fields.push((name(&field), x));
            }
            (e(ExprKind::Struct(fields)), Ty::Struct(tys))
        }
        _ => {
            // `case when … then … else … end` of the wanted kind.
            let (then, ty) = scalar(rng, scope, want, depth);
            let mut branches = vec![(condition(rng, scope, depth), then)];
            if rng.chance(0.3) {
                let (more, _) = typed(rng, scope, &ty, depth);
                branches.push((condition(rng, scope, depth), more));
            }
            let otherwise = rng
                .chance(0.6)
                .then(|| Box::new(typed(rng, scope, &ty, depth).0));
            (
                e(ExprKind::Case {
                    branches,
                    otherwise,
                }),
                ty,
            )
        }
    }
}

/// A condition: comparisons of columns with values of their type (often values the table
/// has), null tests, `in`, `between`, and their combinations.
pub fn condition(rng: &mut Rng, scope: &Scope, depth: u32) -> Expr {
    let choice = rng.below(if depth == 0 { 5 } else { 8 });
    let comparable: Vec<&Col> = scope
        .columns
        .iter()
        .filter(|c| c.ty.is_scalar() && c.kind != Kind::Any)
        .filter(|c| scope.keys.is_none_or(|keys| keys.contains(&c.name)))
        .collect();
    match choice {
        0..=2 if !comparable.is_empty() => {
            let c = *rng.pick(&comparable);
            let (right, _) = if depth > 0 && rng.chance(0.3) {
                scalar(rng, scope, c.kind, depth - 1)
            } else {
                typed(rng, scope, &c.ty, 0)
            };
            let op = *rng.pick(&[
                BinaryOp::Eq,
                BinaryOp::NotEq,
                BinaryOp::Lt,
                BinaryOp::LtEq,
                BinaryOp::Gt,
                BinaryOp::GtEq,
            ]);
            let left = if depth > 0 && rng.chance(0.35) {
                scalar(rng, scope, c.kind, depth - 1).0
            } else {
                column(&c.name)
            };
            binary(op, left, right)
        }
        3 if !comparable.is_empty() => {
            let c = *rng.pick(&comparable);
            if rng.chance(0.5) {
                let list = (0..rng.range(1, 3))
                    .map(|_| typed(rng, scope, &c.ty, 0).0)
                    .collect();
                e(ExprKind::InList {
                    expr: Box::new(column(&c.name)),
                    list,
                    negated: rng.chance(0.3),
                })
            } else {
                e(ExprKind::Between {
                    expr: Box::new(column(&c.name)),
                    low: Box::new(typed(rng, scope, &c.ty, 0).0),
                    high: Box::new(typed(rng, scope, &c.ty, 0).0),
                    negated: rng.chance(0.3),
                })
            }
        }
        4 if !scope.columns.is_empty() => {
            let (x, _) = scalar(rng, scope, Kind::Any, depth.min(1));
            e(ExprKind::IsNull {
                expr: Box::new(x),
                negated: rng.chance(0.5),
            })
        }
        5 => {
            let op = *rng.pick(&[BinaryOp::And, BinaryOp::Or]);
            binary(
                op,
                condition(rng, scope, depth - 1),
                condition(rng, scope, depth - 1),
            )
        }
        6 => e(ExprKind::Unary {
            op: UnaryOp::Not,
            expr: Box::new(condition(rng, scope, depth - 1)),
        }),
        7 => scalar(rng, scope, Kind::Boolean, depth).0,
        _ => pick_column(rng, scope, Kind::Boolean)
            .map(|(x, _)| x)
            .unwrap_or_else(|| e(ExprKind::Literal(Literal::Boolean(rng.chance(0.8))))),
    }
}

/// A value of an `aggregate`, `pivot … using` or table-level `expect`: an aggregate call,
/// sometimes inside a scalar expression.
pub fn aggregate(rng: &mut Rng, scope: &Scope, want: Kind) -> (Expr, Ty) {
    let inner = Scope {
        columns: scope.columns,
        keys: None,
    };
    let options = candidates(FunctionClass::Aggregate, want);
    let Some(&(def, same_as)) = options.get(rng.below(options.len())) else {
        return (call("count", Vec::new()), Ty::Integer);
    };
    let (call, ty) = call_of(rng, &inner, def, same_as, 1);
    wrap(rng, scope, call, ty)
}

/// A value of a `window` step: a window function or an aggregate over the window,
/// sometimes inside a scalar expression.
pub fn window(rng: &mut Rng, scope: &Scope) -> (Expr, Ty) {
    let class = if rng.chance(0.65) {
        FunctionClass::Window
    } else {
        FunctionClass::Aggregate
    };
    let options = candidates(class, Kind::Any);
    let (def, same_as) = *rng.pick(&options);
    let (call, ty) = call_of(rng, scope, def, same_as, 1);
    wrap(rng, scope, call, ty)
}

/// Sometimes a computed value inside an operator or a function.
fn wrap(rng: &mut Rng, scope: &Scope, value: Expr, ty: Ty) -> (Expr, Ty) {
    if !rng.chance(0.2) {
        return (value, ty);
    }
    match &ty {
        Ty::Integer | Ty::Float => {
            let (r, _) = literal(rng, Kind::Integer);
            let op = *rng.pick(&[BinaryOp::Add, BinaryOp::Mul, BinaryOp::Sub]);
            let result = if ty == Ty::Integer {
                Ty::Integer
            } else {
                Ty::Float
            };
            (binary(op, value, r), result)
        }
        Ty::String => (binary(BinaryOp::Concat, value, string("!")), Ty::String),
        t if t.is_scalar() => {
            let (other, _) = typed(
                rng,
                &Scope {
                    columns: &[],
                    keys: scope.keys,
                },
                t,
                0,
            );
            (call("coalesce", vec![value, other]), ty)
        }
        _ => (call("to_json", vec![value]), Ty::String),
    }
}

/// Every function called in an expression, by name.
pub fn functions_in(expr: &Expr, out: &mut Vec<String>) {
    expr.walk(&mut |x| {
        if let ExprKind::Call { function, .. } = &x.kind {
            out.push(function.text.to_ascii_lowercase());
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use wrangle_dsl::check::{Column, Schema};

    fn columns() -> Vec<Col> {
        [
            ("s", Ty::String),
            ("i", Ty::Integer),
            ("f", Ty::Float),
            ("d", Ty::Decimal(10, 2)),
            ("b", Ty::Boolean),
            ("day", Ty::Date),
            ("at", Ty::Timestamp),
            ("l", Ty::List(Box::new(Ty::Integer))),
            ("ll", Ty::List(Box::new(Ty::List(Box::new(Ty::String))))),
            ("st", Ty::Struct(vec![("a".into(), Ty::Integer)])),
        ]
        .into_iter()
        .map(|(n, ty)| Col {
            name: n.into(),
            kind: ty.kind(),
            ty,
        })
        .collect()
    }

    /// Every function of the catalog comes up, so a function added to the catalog is
    /// generated without changes here.
    #[test]
    fn every_function_of_the_catalog_is_called() {
        let columns = columns();
        let scope = Scope::new(&columns);
        let mut rng = Rng::new(3);
        let mut seen = Vec::new();
        let kinds = [
            Kind::Any,
            Kind::String,
            Kind::Number,
            Kind::Integer,
            Kind::Boolean,
            Kind::Temporal,
            Kind::List,
        ];
        for i in 0..6000 {
            let (e, _) = match i % 3 {
                0 => scalar(&mut rng, &scope, kinds[i % kinds.len()], 2),
                1 => aggregate(&mut rng, &scope, Kind::Any),
                _ => window(&mut rng, &scope),
            };
            functions_in(&e, &mut seen);
        }
        let missing: Vec<&str> = catalog::functions()
            .iter()
            .map(|f| f.name)
            .filter(|n| !seen.iter().any(|s| s == n))
            .collect();
        assert!(missing.is_empty(), "never generated: {missing:?}");
    }

    /// Expressions are built to check: the checker accepts nearly all of them.
    #[test]
    fn generated_expressions_mostly_check() {
        let columns = columns();
        let scope = Scope::new(&columns);
        let schema = Schema::known(
            columns
                .iter()
                .map(|c| Column::new(c.name.clone(), c.kind))
                .collect(),
        );
        let mut rng = Rng::new(5);
        let mut refused = Vec::new();
        for _ in 0..500 {
            let (e, _) = scalar(&mut rng, &scope, Kind::Any, 2);
            let text = format!("derive zz = {}", wrangle_dsl::print_expr(&e));
            let (_, checked) = wrangle_dsl::check::parse_and_check(&text, Some(schema.clone()));
            if checked.has_errors() {
                refused.push(text);
            }
        }
        assert!(
            refused.len() < 25,
            "{} refused: {refused:#?}",
            refused.len()
        );
    }
}
