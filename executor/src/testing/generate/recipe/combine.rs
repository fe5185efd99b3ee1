//! Steps that combine tables: `join`, `lookup` and `union`, each with the named inputs it
//! brings (keys drawn from the values the table has, so that they match).

use super::super::expr::{column, e, name, Col};
use super::super::random::Rng;
use super::super::schema::{column_name, random_ty, Ty};
use super::super::table::{call, random_table, Pool, Table};
use super::state::State;
use wrangle_dsl::ast::*;

/// A name for a new named input.
fn input_name(rng: &mut Rng, state: &State) -> String {
    let taken: Vec<&String> = state.with.iter().map(|(n, _)| n).collect();
    for _ in 0..10 {
        let n = rng
            .pick(&[
                "customers",
                "other",
                "ref",
                "archive",
                "Lookup2",
                "t_2",
                "rows",
                "by",
            ])
            .to_string();
        if !taken.contains(&&n) {
            return n;
        }
    }
    format!("input_{}", state.with.len() + 2)
}

/// Another input with a key column of `key`'s type (its values drawn from the pool, so
/// keys match) and a few more columns, some named like columns of the table.
fn keyed_table(rng: &mut Rng, state: &State, key: &Col) -> (String, Table, String) {
    let table_name = input_name(rng, state);
    let key_name = if rng.chance(0.5) {
        key.name.clone()
    } else {
        column_name(rng, &[])
    };
    let mut columns = vec![(key_name.clone(), key.ty.clone())];
    for _ in 0..rng.range(0, 2) {
        let taken: Vec<String> = columns.iter().map(|(n, _)| n.clone()).collect();
        let n = if rng.chance(0.4) && !state.columns.is_empty() {
            let c = rng.pick(&state.columns).name.clone();
            if taken.contains(&c) {
                column_name(rng, &taken)
            } else {
                c
            }
        } else {
            column_name(rng, &taken)
        };
        columns.push((n, random_ty(rng, 1)));
    }
    let rows = rng.range(0, 8) as usize;
    let table = random_table(rng, columns, rows, &state.pool);
    (table_name, table, key_name)
}

fn qualified(table: &str, col: &str) -> Expr {
    e(ExprKind::Qualified {
        table: name(table),
        column: name(col),
    })
}

fn equality(left: Expr, right: Expr) -> Expr {
    e(ExprKind::Binary {
        op: BinaryOp::Eq,
        left: Box::new(left),
        right: Box::new(right),
    })
}

/// A key column of the table for a join or lookup: a scalar whose type a table can state.
fn key_column(rng: &mut Rng, state: &State) -> Option<Col> {
    let keys = state.where_ty(|t| t.is_scalar() && t.type_expr().is_some());
    if keys.is_empty() {
        return None;
    }
    Some((*rng.pick(&keys)).clone())
}

pub(super) fn join(rng: &mut Rng, state: &State) -> Option<(StepKind, Vec<(String, Table)>)> {
    let key = key_column(rng, state)?;
    let (table_name, table, key_name) = keyed_table(rng, state, &key);
    let other = qualified(&table_name, &key_name);
    let mut on = match rng.below(10) {
        0 => e(ExprKind::Binary {
            op: *rng.pick(&[BinaryOp::Lt, BinaryOp::GtEq, BinaryOp::NotEq]),
            left: Box::new(column(&key.name)),
            right: Box::new(other),
        }),
        1 if key.ty == Ty::String => equality(call("lower", vec![column(&key.name)]), other),
        2 if rng.chance(0.2) => {
            // A column the other input does not have: the checker cannot know.
            equality(
                column(&key.name),
                qualified(&table_name, &format!("{key_name}_x")),
            )
        }
        _ => equality(column(&key.name), other),
    };
    if table.columns.len() > 1 && rng.chance(0.25) {
        let (extra, ty) = &table.columns[1];
        let condition = if ty.is_scalar() {
            e(ExprKind::IsNull {
                expr: Box::new(qualified(&table_name, extra)),
                negated: true,
            })
        } else {
            e(ExprKind::Literal(Literal::Boolean(true)))
        };
        on = e(ExprKind::Binary {
            op: BinaryOp::And,
            left: Box::new(on),
            right: Box::new(condition),
        });
    }
    let kind = *rng.pick(&[
        None,
        Some(JoinKind::Inner),
        Some(JoinKind::Left),
        Some(JoinKind::Right),
        Some(JoinKind::Full),
        Some(JoinKind::Semi),
        Some(JoinKind::Anti),
    ]);
    Some((
        StepKind::Join {
            table: name(&table_name),
            on,
            kind,
        },
        vec![(table_name, table)],
    ))
}

pub(super) fn lookup(rng: &mut Rng, state: &State) -> Option<(StepKind, Vec<(String, Table)>)> {
    let key = key_column(rng, state)?;
    let (table_name, table, key_name) = keyed_table(rng, state, &key);
    let on = equality(column(&key.name), qualified(&table_name, &key_name));
    let existing = state.names();
    let bring: Vec<Name> = table
        .columns
        .iter()
        .skip(1)
        .filter(|(n, _)| !existing.contains(n) && rng.chance(0.6))
        .map(|(n, _)| name(n))
        .collect();
    Some((
        StepKind::Lookup {
            table: name(&table_name),
            on,
            columns: bring,
        },
        vec![(table_name, table)],
    ))
}

/// The type a union's other side gives a column of `ty`: mostly the same, sometimes a
/// number of another kind.
fn union_ty(rng: &mut Rng, ty: &Ty) -> Ty {
    if !rng.chance(0.2) {
        return ty.clone();
    }
    match ty {
        Ty::Integer => Ty::Float,
        Ty::Float => Ty::Integer,
        Ty::Date => Ty::Timestamp,
        other => other.clone(),
    }
}

pub(super) fn union(rng: &mut Rng, state: &State) -> Option<(StepKind, Vec<(String, Table)>)> {
    if state.columns.iter().any(|c| c.ty.type_expr().is_none()) {
        return None;
    }
    let by = *rng.pick(&[None, Some(UnionBy::Name), Some(UnionBy::Position)]);
    let mut tables = Vec::new();
    let mut state_with = state.with.clone();
    for _ in 0..*rng.weighted(&[(4, 1usize), (1, 2)]) {
        let table_name = input_name(
            rng,
            &State {
                columns: Vec::new(),
                pool: Pool::default(),
                with: state_with.clone(),
                joins: 0,
            },
        );
        let columns: Vec<(String, Ty)> = if by == Some(UnionBy::Position) {
            state
                .columns
                .iter()
                .map(|c| {
                    let n = if rng.chance(0.7) {
                        c.name.clone()
                    } else {
                        format!("{}_2", c.name)
                    };
                    (n, union_ty(rng, &c.ty))
                })
                .collect()
        } else {
            let mut columns: Vec<(String, Ty)> = Vec::new();
            for c in &state.columns {
                if rng.chance(0.85) {
                    columns.push((c.name.clone(), union_ty(rng, &c.ty)));
                }
            }
            rng.shuffle(&mut columns);
            if rng.chance(0.2) {
                let taken: Vec<String> = state.names();
                columns.push((column_name(rng, &taken), random_ty(rng, 0)));
            }
            if columns.is_empty() {
                return None;
            }
            columns
        };
        let rows = rng.range(0, 6) as usize;
        let table = random_table(rng, columns, rows, &state.pool);
        state_with.push((table_name.clone(), table.columns.clone()));
        tables.push((table_name, table));
    }
    Some((
        StepKind::Union {
            tables: tables.iter().map(|(n, _)| name(n)).collect(),
            by,
        },
        tables,
    ))
}
