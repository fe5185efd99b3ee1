//! Calls made from the catalog's signatures: the functions that can give a kind, their
//! arguments (literals where the compiler needs them), and the type of their result.

use super::super::random::Rng;
use super::super::schema::{random_ty, Ty};
use super::super::table::{call, float_expr, int_expr, random_value, Value};
use super::literals::matcher_expr;
use super::{column, e, literal, scalar, string, typed, Col, Scope, LITERAL_GAP_RATE};
use wrangle_dsl::ast::{Expr, ExprKind, Literal};
use wrangle_dsl::catalog::{self, FunctionClass, FunctionDef, Kind, Returns};

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
pub(super) fn candidates(
    class: FunctionClass,
    want: Kind,
) -> Vec<(&'static FunctionDef, Option<Kind>)> {
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
pub(super) fn pick_function(
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
pub(super) fn call_of(
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
        _ => random_ty(rng, 0),
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
