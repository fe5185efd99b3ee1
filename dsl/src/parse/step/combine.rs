//! Combining tables: join, lookup, union.

use super::{Parts, Result};
use crate::ast::*;
use crate::parse::Rule;
use pest::iterators::Pair;

pub(super) fn join(p: &mut Parts) -> Result<StepKind> {
    let table = p.name();
    let on = p.expr()?;
    let kind = if p.take_kw(Rule::kw_kind) {
        Some(join_kind(p.next()))
    } else {
        None
    };
    Ok(StepKind::Join { table, on, kind })
}

fn join_kind(pair: Pair<Rule>) -> JoinKind {
    let kw = pair
        .into_inner()
        .next()
        .expect("grammar: join kind")
        .as_rule();
    match kw {
        Rule::kw_inner => JoinKind::Inner,
        Rule::kw_left => JoinKind::Left,
        Rule::kw_right => JoinKind::Right,
        Rule::kw_full => JoinKind::Full,
        Rule::kw_semi => JoinKind::Semi,
        _ => JoinKind::Anti,
    }
}

pub(super) fn lookup(p: &mut Parts) -> Result<StepKind> {
    let table = p.name();
    let on = p.expr()?;
    let columns = if p.take_kw(Rule::kw_columns) {
        p.names()
    } else {
        Vec::new()
    };
    Ok(StepKind::Lookup { table, on, columns })
}

pub(super) fn union(p: &mut Parts) -> Result<StepKind> {
    let tables = p.idents();
    let by = if p.take_kw(Rule::kw_by) {
        Some(if p.take_kw(Rule::kw_name) {
            UnionBy::Name
        } else {
            UnionBy::Position
        })
    } else {
        None
    };
    Ok(StepKind::Union { tables, by })
}
