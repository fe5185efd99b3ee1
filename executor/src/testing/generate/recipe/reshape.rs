//! Steps that reshape the table: `aggregate`, `pivot`, `unpivot`, `split rows`, `nest`,
//! `unnest`, `flatten`, `window`.

use super::super::expr::{self, column, e, name, scalar, Col, Scope};
use super::super::random::Rng;
use super::super::schema::{column_name, Ty};
use super::super::table::{random_value, Value};
use super::columns::text_column;
use super::rows::sort_keys;
use super::state::State;
use wrangle_dsl::ast::*;
use wrangle_dsl::catalog::Kind;

pub(super) fn aggregate(rng: &mut Rng, state: &State) -> Option<StepKind> {
    let mut by = Vec::new();
    let mut out_names: Vec<String> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    let scalars = state.where_ty(|t| t.is_scalar());
    for _ in 0..*rng.weighted(&[(2, 0usize), (4, 1), (2, 2)]) {
        if !scalars.is_empty() && rng.chance(0.8) {
            let c = rng.pick(&scalars).name.clone();
            if keys.contains(&c) {
                continue;
            }
            keys.push(c.clone());
            out_names.push(c.clone());
            by.push(GroupKey {
                expr: column(&c),
                alias: None,
            });
        } else {
            let (x, _) = scalar(rng, &state.scope(), Kind::Any, 1);
            let alias = column_name(rng, &out_names);
            out_names.push(alias.clone());
            by.push(GroupKey {
                expr: x,
                alias: Some(name(&alias)),
            });
        }
    }
    let scope = Scope {
        columns: &state.columns,
        keys: Some(&keys),
    };
    let mut values = Vec::new();
    for _ in 0..rng.range(1, 3) {
        let target = column_name(rng, &out_names);
        out_names.push(target.clone());
        let (value, _) = expr::aggregate(rng, &scope, Kind::Any);
        values.push(Assignment {
            target: name(&target),
            value,
        });
    }
    Some(StepKind::Aggregate { by, values })
}

/// A literal for a pivot's `in` list: the language only takes literals there.
fn pivot_literal(value: &Value) -> Option<Expr> {
    let l = match value {
        Value::Str(s) => Literal::String(s.clone()),
        Value::Int(i) if *i >= 0 => Literal::Integer(*i),
        Value::Bool(b) => Literal::Boolean(*b),
        Value::Date(d) => Literal::Date(*d),
        _ => return None,
    };
    Some(e(ExprKind::Literal(l)))
}

pub(super) fn pivot(rng: &mut Rng, state: &State) -> Option<StepKind> {
    let candidates =
        state.where_ty(|t| matches!(t, Ty::String | Ty::Integer | Ty::Boolean | Ty::Date));
    if candidates.is_empty() {
        return None;
    }
    let col = (*rng.pick(&candidates)).clone();
    let values = if rng.chance(0.5) {
        let pool = state.pool.of(&col.ty);
        let mut list: Vec<Expr> = Vec::new();
        for _ in 0..rng.range(1, 3) {
            let v = if !pool.is_empty() && rng.chance(0.8) {
                (*rng.pick(&pool)).clone()
            } else {
                random_value(rng, &col.ty)
            };
            if let Some(x) = pivot_literal(&v) {
                if !list.contains(&x) {
                    list.push(x);
                }
            }
        }
        Some(list)
    } else {
        None
    };
    let others: Vec<&Col> = state
        .columns
        .iter()
        .filter(|c| c.name != col.name && c.ty.is_scalar())
        .collect();
    let k = rng.below(3);
    let by: Vec<Name> = rng
        .sample(others.len(), k)
        .into_iter()
        .map(|i| name(&others[i].name))
        .collect();
    let scope = Scope {
        columns: &state.columns,
        keys: Some(&[]),
    };
    let (using, _) = expr::aggregate(rng, &scope, Kind::Any);
    Some(StepKind::Pivot {
        column: name(&col.name),
        values,
        using,
        by,
    })
}

pub(super) fn unpivot(rng: &mut Rng, state: &State) -> Option<StepKind> {
    if state.columns.is_empty() {
        return None;
    }
    let first = rng.pick(&state.columns).clone();
    let fits = |c: &Col| {
        c.ty == first.ty
            || (c.ty.is_scalar() && first.ty.is_scalar() && first.kind.common(c.kind).is_some())
    };
    let mut columns = vec![first.name.clone()];
    for c in &state.columns {
        if c.name != first.name && fits(c) && columns.len() < 3 && rng.chance(0.6) {
            columns.push(c.name.clone());
        }
    }
    let key = state.fresh(rng, &[]);
    let value = state.fresh(rng, std::slice::from_ref(&key));
    Some(StepKind::Unpivot {
        columns: columns.iter().map(|c| name(c)).collect(),
        key: name(&key),
        value: name(&value),
    })
}

pub(super) fn split_rows(rng: &mut Rng, state: &State) -> Option<StepKind> {
    let c = text_column(rng, state)?;
    Some(StepKind::SplitRows {
        column: name(&c),
        on: expr::matcher(rng, 0),
    })
}

pub(super) fn nest(rng: &mut Rng, state: &State) -> Option<StepKind> {
    if state.columns.is_empty() {
        return None;
    }
    let as_list = rng.chance(0.4);
    let columns: Vec<String> = if as_list {
        let first = rng.pick(&state.columns).clone();
        state
            .columns
            .iter()
            .filter(|c| c.ty == first.ty)
            .take(3)
            .map(|c| c.name.clone())
            .collect()
    } else {
        state.pick_cols(rng, 1, 3.min(state.columns.len()))
    };
    Some(StepKind::Nest {
        columns: columns.iter().map(|c| name(c)).collect(),
        into: name(&state.fresh(rng, &[])),
        kind: if as_list {
            Some(NestAs::List)
        } else {
            *rng.pick(&[None, Some(NestAs::Struct)])
        },
    })
}

pub(super) fn unnest(rng: &mut Rng, state: &State) -> Option<StepKind> {
    let candidates = state.where_ty(|t| matches!(t, Ty::Struct(_)));
    if candidates.is_empty() {
        return None;
    }
    let c = rng.pick(&candidates).name.clone();
    Some(StepKind::Unnest {
        column: name(&c),
        prefix: rng
            .chance(0.5)
            .then(|| rng.pick(&["p_", "", "x.", "Ü "]).to_string()),
    })
}

pub(super) fn flatten(rng: &mut Rng, state: &State) -> Option<StepKind> {
    let candidates = state.where_ty(|t| matches!(t, Ty::List(_)));
    if candidates.is_empty() {
        return None;
    }
    Some(StepKind::Flatten {
        column: name(&rng.pick(&candidates).name),
    })
}

pub(super) fn window(rng: &mut Rng, state: &State) -> Option<StepKind> {
    let scalars = state.where_ty(|t| t.is_scalar());
    let k = rng.below(3);
    let by: Vec<Name> = rng
        .sample(scalars.len(), k)
        .into_iter()
        .map(|i| name(&scalars[i].name))
        .collect();
    let order = if rng.chance(0.7) {
        sort_keys(rng, state, 2)
    } else {
        Vec::new()
    };
    let mut values = Vec::new();
    let mut new_names = Vec::new();
    for _ in 0..rng.range(1, 2) {
        let target = state.fresh(rng, &new_names);
        new_names.push(target.clone());
        values.push(Assignment {
            target: name(&target),
            value: expr::window(rng, &state.scope()).0,
        });
    }
    Some(StepKind::Window { by, order, values })
}
