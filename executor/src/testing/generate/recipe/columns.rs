//! Steps of the column operations: `rename`, `drop`, `keep columns`, `move`, `derive`,
//! `set`, `settype`, `merge`, `split`, `extract`, `replace`, `countpattern`.

use super::super::expr::{self, name, scalar, Col, Scope};
use super::super::random::Rng;
use super::super::schema::{random_ty, Ty};
use super::state::State;
use wrangle_dsl::ast::*;
use wrangle_dsl::catalog::Kind;
use wrangle_dsl::Span;

fn names(list: &[&str]) -> Vec<Name> {
    list.iter().map(|n| name(n)).collect()
}

pub(super) fn text_column(rng: &mut Rng, state: &State) -> Option<String> {
    let candidates = state.where_ty(|t| *t == Ty::String);
    if candidates.is_empty() {
        return None;
    }
    Some(rng.pick(&candidates).name.clone())
}

pub(super) fn rename(rng: &mut Rng, state: &State) -> Option<StepKind> {
    if state.columns.is_empty() {
        return None;
    }
    let names = state.names();
    if names.len() >= 2 && rng.chance(0.2) {
        let picked = rng.sample(names.len(), 2);
        let (a, b) = (&names[picked[0]], &names[picked[1]]);
        return Some(StepKind::Rename {
            pairs: vec![(name(a), name(b)), (name(b), name(a))],
        });
    }
    let mut pairs = Vec::new();
    let mut new_names = Vec::new();
    for from in state.pick_cols(rng, 1, 2) {
        let to = state.fresh(rng, &new_names);
        new_names.push(to.clone());
        pairs.push((name(&from), name(&to)));
    }
    Some(StepKind::Rename { pairs })
}

pub(super) fn drop(rng: &mut Rng, state: &State) -> Option<StepKind> {
    let n = state.columns.len();
    if n == 0 {
        return None;
    }
    let high = if rng.chance(0.05) {
        n
    } else {
        (n - 1).clamp(1, 2)
    };
    let columns = state.pick_cols(rng, 1, high);
    Some(StepKind::Drop {
        columns: names(&columns.iter().map(String::as_str).collect::<Vec<_>>()),
    })
}

pub(super) fn keep(rng: &mut Rng, state: &State) -> Option<StepKind> {
    let n = state.columns.len();
    if n == 0 {
        return None;
    }
    let columns = state.pick_cols(rng, 1, n);
    Some(StepKind::KeepColumns {
        columns: columns.iter().map(|c| name(c)).collect(),
    })
}

pub(super) fn move_columns(rng: &mut Rng, state: &State) -> Option<StepKind> {
    let n = state.columns.len();
    if n == 0 {
        return None;
    }
    let moving = state.pick_cols(rng, 1, 2.min(n));
    let others: Vec<String> = state
        .names()
        .into_iter()
        .filter(|c| !moving.contains(c))
        .collect();
    let place = match rng.below(4) {
        0 => MovePlace::To(MoveTarget::Start),
        1 => MovePlace::To(MoveTarget::End),
        _ if others.is_empty() => MovePlace::To(MoveTarget::End),
        2 => MovePlace::Before(name(&others[rng.below(others.len())])),
        _ => MovePlace::After(name(&others[rng.below(others.len())])),
    };
    Some(StepKind::Move {
        columns: moving.iter().map(|c| name(c)).collect(),
        place,
    })
}

/// The kind of a new value: all kinds, numbers and text most often.
fn value_kind(rng: &mut Rng) -> Kind {
    *rng.weighted(&[
        (3, Kind::Any),
        (4, Kind::Number),
        (2, Kind::Integer),
        (2, Kind::Float),
        (1, Kind::Decimal),
        (4, Kind::String),
        (3, Kind::Boolean),
        (2, Kind::Date),
        (2, Kind::Timestamp),
        (2, Kind::List),
        (1, Kind::Struct),
    ])
}

pub(super) fn derive(rng: &mut Rng, state: &State) -> Option<StepKind> {
    let mut columns = state.columns.clone();
    let mut assignments = Vec::new();
    let mut new_names = Vec::new();
    for _ in 0..rng.range(1, 3) {
        let target = state.fresh(rng, &new_names);
        let want = value_kind(rng);
        let depth = rng.range(1, 3) as u32;
        let (value, ty) = scalar(rng, &Scope::new(&columns), want, depth);
        new_names.push(target.clone());
        // A later assignment may use an earlier one.
        columns.push(Col {
            name: target.clone(),
            kind: ty.kind(),
            ty,
        });
        assignments.push(Assignment {
            target: name(&target),
            value,
        });
    }
    Some(StepKind::Derive { assignments })
}

pub(super) fn set(rng: &mut Rng, state: &State) -> Option<StepKind> {
    if state.columns.is_empty() {
        return None;
    }
    let scope = state.scope();
    let mut assignments = Vec::new();
    for target in state.pick_cols(rng, 1, 2) {
        let col = state.columns.iter().find(|c| c.name == target)?;
        let (value, _) = if col.ty.is_scalar() && rng.chance(0.8) {
            scalar(rng, &scope, col.ty.kind(), 2)
        } else {
            let kind = value_kind(rng);
            scalar(rng, &scope, kind, 2)
        };
        assignments.push(Assignment {
            target: name(&target),
            value,
        });
    }
    let condition = rng.chance(0.5).then(|| expr::condition(rng, &scope, 1));
    Some(StepKind::Set {
        assignments,
        condition,
    })
}

/// A type to convert a column of `ty` to: mostly conversions that make sense, sometimes
/// any type at all.
fn target_type(rng: &mut Rng, ty: &Ty) -> TypeExpr {
    let plain = |kind| TypeExpr {
        kind,
        span: Span::default(),
    };
    let decimal = |rng: &mut Rng| {
        let (p, s) = *rng.pick(&[(10, 2), (38, 10), (5, 0), (20, 4), (3, 2)]);
        plain(TypeKind::Decimal { size: Some((p, s)) })
    };
    if rng.chance(0.1) {
        return random_ty(rng, 1)
            .type_expr()
            .unwrap_or(plain(TypeKind::String));
    }
    match ty {
        Ty::String => match rng.below(9) {
            0 => plain(TypeKind::Integer),
            1 => plain(TypeKind::Float),
            2 => decimal(rng),
            3 => plain(TypeKind::Boolean),
            4 => plain(TypeKind::Date { format: None }),
            5 => plain(TypeKind::Date {
                format: Some(rng.pick(&["%d/%m/%Y", "%Y-%m-%d", "%m/%d/%Y"]).to_string()),
            }),
            6 => plain(TypeKind::Timestamp { format: None }),
            7 => plain(TypeKind::Timestamp {
                format: Some("%Y-%m-%d %H:%M".into()),
            }),
            _ => plain(TypeKind::String),
        },
        Ty::Integer => match rng.below(4) {
            0 => plain(TypeKind::String),
            1 => plain(TypeKind::Float),
            2 => decimal(rng),
            _ => plain(TypeKind::Boolean),
        },
        Ty::Float | Ty::Decimal(..) => match rng.below(4) {
            0 => plain(TypeKind::String),
            1 => plain(TypeKind::Integer),
            2 => decimal(rng),
            _ => plain(TypeKind::Float),
        },
        Ty::Boolean => match rng.below(2) {
            0 => plain(TypeKind::String),
            _ => plain(TypeKind::Integer),
        },
        Ty::Date => match rng.below(2) {
            0 => plain(TypeKind::String),
            _ => plain(TypeKind::Timestamp { format: None }),
        },
        Ty::Timestamp => match rng.below(2) {
            0 => plain(TypeKind::String),
            _ => plain(TypeKind::Date { format: None }),
        },
        Ty::List(_) => plain(TypeKind::List(Box::new(plain(TypeKind::String)))),
        _ => plain(TypeKind::String),
    }
}

pub(super) fn settype(rng: &mut Rng, state: &State) -> Option<StepKind> {
    if state.columns.is_empty() {
        return None;
    }
    let columns = state
        .pick_cols(rng, 1, 2)
        .into_iter()
        .map(|c| {
            let ty = state
                .columns
                .iter()
                .find(|x| x.name == c)
                .map_or(Ty::Unknown, |x| x.ty.clone());
            (name(&c), target_type(rng, &ty))
        })
        .collect();
    Some(StepKind::SetType { columns })
}

pub(super) fn merge(rng: &mut Rng, state: &State) -> Option<StepKind> {
    if state.columns.len() < 2 {
        return None;
    }
    let columns = state.pick_cols(rng, 2, 3.min(state.columns.len()));
    let into = state.fresh(rng, &[]);
    Some(StepKind::Merge {
        columns: columns.iter().map(|c| name(c)).collect(),
        separator: rng
            .chance(0.7)
            .then(|| rng.pick(&[" ", "-", "", ", ", "|"]).to_string()),
        into: name(&into),
    })
}

pub(super) fn split(rng: &mut Rng, state: &State) -> Option<StepKind> {
    let c = text_column(rng, state)?;
    let parts = rng.range(2, 3) as usize;
    let mut into = Vec::new();
    if rng.chance(0.6) {
        for _ in 0..parts {
            let n = state.fresh(rng, &into);
            into.push(n);
        }
    }
    let limit = if into.is_empty() || rng.chance(0.4) {
        Some(parts as u64 - 1)
    } else {
        None
    };
    Some(StepKind::Split {
        column: name(&c),
        on: expr::matcher(rng, 0),
        limit,
        into: into.iter().map(|n| name(n)).collect(),
    })
}

pub(super) fn extract(rng: &mut Rng, state: &State) -> Option<StepKind> {
    let c = text_column(rng, state)?;
    let k = *rng.weighted(&[(5, 1usize), (3, 2)]);
    let mut targets = Vec::new();
    for _ in 0..k {
        let n = state.fresh(rng, &targets);
        targets.push(n);
    }
    let groups = if k == 1 && rng.chance(0.6) { 0 } else { k };
    Some(StepKind::Extract {
        targets: targets.iter().map(|n| name(n)).collect(),
        from: name(&c),
        matching: expr::matcher(rng, groups),
    })
}

pub(super) fn replace(rng: &mut Rng, state: &State) -> Option<StepKind> {
    let texts = state.where_ty(|t| *t == Ty::String);
    if texts.is_empty() {
        return None;
    }
    let k = rng.range(1, 2.min(texts.len() as i64)) as usize;
    let columns = rng
        .sample(texts.len(), k)
        .into_iter()
        .map(|i| name(&texts[i].name))
        .collect();
    let groups = rng.below(2);
    Some(StepKind::Replace {
        columns,
        matching: expr::matcher(rng, groups),
        with: rng
            .pick(&["", "X", "$1", "${1}x", "$$", "<$0>", "$1st", "日本"])
            .to_string(),
    })
}

pub(super) fn countpattern(rng: &mut Rng, state: &State) -> Option<StepKind> {
    let c = text_column(rng, state)?;
    Some(StepKind::CountPattern {
        target: name(&state.fresh(rng, &[])),
        from: name(&c),
        matching: expr::matcher(rng, 0),
    })
}
