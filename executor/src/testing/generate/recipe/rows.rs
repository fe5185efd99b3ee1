//! Steps of the row operations: `keep rows`, `delete rows`, `dedup`, `sort`, `fill`,
//! `limit`.

use super::super::expr::{self, column, name, scalar, Scope};
use super::super::random::Rng;
use super::state::State;
use wrangle_dsl::ast::*;
use wrangle_dsl::catalog::Kind;

pub(super) fn keep_rows(rng: &mut Rng, state: &State) -> StepKind {
    StepKind::KeepRows {
        condition: expr::condition(rng, &state.scope(), 2),
    }
}

pub(super) fn delete_rows(rng: &mut Rng, state: &State) -> StepKind {
    StepKind::DeleteRows {
        condition: expr::condition(rng, &state.scope(), 2),
    }
}

pub(super) fn dedup(rng: &mut Rng, state: &State) -> StepKind {
    let by = if state.columns.is_empty() || rng.chance(0.3) {
        Vec::new()
    } else {
        state
            .pick_cols(rng, 1, 2.min(state.columns.len()))
            .iter()
            .map(|c| name(c))
            .collect()
    };
    StepKind::Dedup {
        by,
        keep: *rng.pick(&[None, Some(Keep::First), Some(Keep::Last)]),
    }
}

pub(super) fn sort_keys(rng: &mut Rng, state: &State, most: i64) -> Vec<SortKey> {
    let scalars = state.where_ty(|t| t.is_scalar());
    (0..rng.range(1, most))
        .map(|_| {
            let expr = if !scalars.is_empty() && rng.chance(0.8) {
                column(&rng.pick(&scalars).name)
            } else {
                scalar(rng, &state.scope(), Kind::Any, 1).0
            };
            SortKey {
                expr,
                descending: rng.chance(0.4),
                nulls_first: *rng.pick(&[None, None, Some(true), Some(false)]),
            }
        })
        .collect()
}

pub(super) fn sort(rng: &mut Rng, state: &State) -> Option<StepKind> {
    if state.columns.is_empty() {
        return None;
    }
    Some(StepKind::Sort {
        keys: sort_keys(rng, state, 3),
    })
}

pub(super) fn fill(rng: &mut Rng, state: &State) -> Option<StepKind> {
    if state.columns.is_empty() {
        return None;
    }
    let first = rng.pick(&state.columns).clone();
    let mut columns = vec![first.name.clone()];
    if let Some(other) = state
        .columns
        .iter()
        .find(|c| c.ty == first.ty && c.name != first.name)
    {
        if rng.chance(0.3) {
            columns.push(other.name.clone());
        }
    }
    let with = match rng.below(3) {
        0 => FillWith::Down,
        1 => FillWith::Up,
        _ => FillWith::Value(expr::typed(rng, &Scope::new(&[]), &first.ty, 0).0),
    };
    Some(StepKind::Fill {
        columns: columns.iter().map(|c| name(c)).collect(),
        with,
    })
}

pub(super) fn limit(rng: &mut Rng) -> StepKind {
    StepKind::Limit {
        count: rng.range(0, 10) as u64,
        offset: rng.chance(0.3).then(|| rng.range(0, 5) as u64),
    }
}
