//! Operator expressions of a wanted kind (arithmetic, concatenation, lists, structs,
//! `case`), and conditions.

use super::super::random::Rng;
use super::super::schema::{random_ty, Ty};
use super::super::table::call;
use super::{binary, column, e, name, pick_column, scalar, typed, Col, Scope};
use wrangle_dsl::ast::{BinaryOp, Expr, ExprKind, Literal, UnaryOp};
use wrangle_dsl::catalog::Kind;

/// An operator expression giving `want`.
pub(super) fn operator(rng: &mut Rng, scope: &Scope, want: Kind, depth: u32) -> (Expr, Ty) {
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
            let item = random_ty(rng, 0);
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
