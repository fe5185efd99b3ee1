//! Literals of every kind, some at the edges of their type (`i64::MAX`, `NaN`, a leap day,
//! an offset), and matchers: exact text, patterns and regexes.

use super::super::random::Rng;
use super::super::schema::{random_ty, Ty};
use super::super::table::{call, float_expr, int_expr, random_value, Value};
use super::{e, string};
use wrangle_dsl::ast::{Expr, ExprKind, Literal, Matcher};
use wrangle_dsl::catalog::Kind;
use wrangle_dsl::Span;

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
            let item = random_ty(rng, 0);
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
                ("b".into(), random_ty(rng, 0)),
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

pub(super) fn matcher_expr(rng: &mut Rng, groups: usize) -> Expr {
    e(ExprKind::Literal(matcher_literal(rng, groups)))
}

pub fn matcher(rng: &mut Rng, groups: usize) -> Matcher {
    Matcher {
        literal: matcher_literal(rng, groups),
        span: Span::default(),
    }
}
