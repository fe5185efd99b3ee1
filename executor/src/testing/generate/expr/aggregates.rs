//! Values computed over many rows: of `aggregate`, `pivot … using` and table-level
//! `expect` (aggregate calls), and of `window` (window functions or aggregates over the
//! window).

use super::super::random::Rng;
use super::super::schema::Ty;
use super::super::table::call;
use super::calls::{call_of, candidates};
use super::{binary, literal, string, typed, Scope};
use wrangle_dsl::ast::{BinaryOp, Expr};
use wrangle_dsl::catalog::{FunctionClass, Kind};

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
