//! Row operations: keep rows, delete rows, dedup, sort, fill, header, limit.

use super::{Parts, Result};
use crate::ast::*;
use crate::parse::Rule;

pub(super) fn keep_rows(p: &mut Parts) -> Result<StepKind> {
    p.take_kw(Rule::kw_rows);
    Ok(StepKind::KeepRows {
        condition: p.where_clause()?.expect("grammar: where"),
    })
}

pub(super) fn delete_rows(p: &mut Parts) -> Result<StepKind> {
    p.take_kw(Rule::kw_rows);
    Ok(StepKind::DeleteRows {
        condition: p.where_clause()?.expect("grammar: where"),
    })
}

pub(super) fn dedup(p: &mut Parts) -> Result<StepKind> {
    let by = if p.take_kw(Rule::kw_by) {
        p.names()
    } else {
        Vec::new()
    };
    let keep = if p.take_kw(Rule::kw_keep) {
        Some(if p.take_kw(Rule::kw_first) {
            Keep::First
        } else {
            Keep::Last
        })
    } else {
        None
    };
    Ok(StepKind::Dedup { by, keep })
}

pub(super) fn sort(p: &mut Parts) -> Result<StepKind> {
    p.take_kw(Rule::kw_by);
    Ok(StepKind::Sort {
        keys: p.sort_keys()?,
    })
}

pub(super) fn fill(p: &mut Parts) -> Result<StepKind> {
    let columns = p.names();
    let with = if p.take_kw(Rule::kw_down) {
        FillWith::Down
    } else if p.take_kw(Rule::kw_up) {
        FillWith::Up
    } else {
        FillWith::Value(p.expr()?)
    };
    Ok(StepKind::Fill { columns, with })
}

pub(super) fn header(p: &mut Parts) -> Result<StepKind> {
    let row = if p.take_kw(Rule::kw_row) {
        Some(p.integer()?)
    } else {
        None
    };
    Ok(StepKind::Header { row })
}

pub(super) fn limit(p: &mut Parts) -> Result<StepKind> {
    let count = p.integer()?;
    let offset = if p.take_kw(Rule::kw_offset) {
        Some(p.integer()?)
    } else {
        None
    };
    Ok(StepKind::Limit { count, offset })
}
