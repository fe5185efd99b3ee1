//! `expect` steps: conditions on every row, or on the table through aggregates.

use super::super::expr::{self, e, literal, Scope};
use super::super::random::Rng;
use super::state::State;
use wrangle_dsl::ast::*;
use wrangle_dsl::catalog::Kind;

pub(super) fn expect(rng: &mut Rng, state: &State) -> StepKind {
    let scope = state.scope();
    let condition = if rng.chance(0.6) {
        expr::condition(rng, &scope, 2)
    } else {
        let table = Scope {
            columns: &state.columns,
            keys: Some(&[]),
        };
        match rng.below(3) {
            0 => e(ExprKind::Binary {
                op: BinaryOp::Gt,
                left: Box::new(expr::aggregate(rng, &table, Kind::Number).0),
                right: Box::new(literal(rng, Kind::Integer).0),
            }),
            1 => expr::aggregate(rng, &table, Kind::Boolean).0,
            _ => e(ExprKind::Binary {
                op: BinaryOp::GtEq,
                left: Box::new(expr::aggregate(rng, &table, Kind::Integer).0),
                right: Box::new(e(ExprKind::Literal(Literal::Integer(0)))),
            }),
        }
    };
    StepKind::Expect {
        condition,
        severity: *rng.pick(&[
            None,
            Some(Severity::Fail),
            Some(Severity::Warn),
            Some(Severity::Warn),
        ]),
    }
}
