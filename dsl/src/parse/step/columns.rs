//! Column operations: rename, drop, keep, move, derive, set, settype, merge, split,
//! extract, replace, countpattern.

use super::{type_expr, Parts, Result};
use crate::ast::*;
use crate::parse::Rule;

pub(super) fn rename(p: &mut Parts) -> Result<StepKind> {
    let mut pairs = Vec::new();
    while let Some(pair) = p.take(Rule::rename_pair) {
        let mut parts = Parts::of(pair, p.offset);
        let from = parts.name();
        let to = parts.name();
        pairs.push((from, to));
    }
    Ok(StepKind::Rename { pairs })
}

pub(super) fn drop(p: &mut Parts) -> Result<StepKind> {
    Ok(StepKind::Drop { columns: p.names() })
}

pub(super) fn keep_columns(p: &mut Parts) -> Result<StepKind> {
    Ok(StepKind::KeepColumns { columns: p.names() })
}

pub(super) fn move_columns(p: &mut Parts) -> Result<StepKind> {
    let columns = p.names();
    let mut target = Parts::of(p.next(), p.offset);
    let place = if target.take_kw(Rule::kw_before) {
        MovePlace::Before(target.name())
    } else if target.take_kw(Rule::kw_after) {
        MovePlace::After(target.name())
    } else {
        target.take_kw(Rule::kw_to);
        MovePlace::To(if target.take_kw(Rule::kw_start) {
            MoveTarget::Start
        } else {
            MoveTarget::End
        })
    };
    Ok(StepKind::Move { columns, place })
}

pub(super) fn derive(p: &mut Parts) -> Result<StepKind> {
    Ok(StepKind::Derive {
        assignments: p.assignments()?,
    })
}

pub(super) fn set(p: &mut Parts) -> Result<StepKind> {
    let assignments = p.assignments()?;
    Ok(StepKind::Set {
        assignments,
        condition: p.where_clause()?,
    })
}

pub(super) fn settype(p: &mut Parts) -> Result<StepKind> {
    let mut columns = Vec::new();
    while let Some(pair) = p.take(Rule::type_pair) {
        let mut parts = Parts::of(pair, p.offset);
        let column = parts.name();
        columns.push((column, type_expr(parts.next(), p.offset)?));
    }
    Ok(StepKind::SetType { columns })
}

pub(super) fn merge(p: &mut Parts) -> Result<StepKind> {
    let columns = p.names();
    let separator = if p.take_kw(Rule::kw_with) {
        Some(p.string()?)
    } else {
        None
    };
    Ok(StepKind::Merge {
        columns,
        separator,
        into: p.name(),
    })
}

pub(super) fn split(p: &mut Parts) -> Result<StepKind> {
    let column = p.name();
    let on = p.matcher()?;
    let limit = if p.take_kw(Rule::kw_limit) {
        Some(p.integer()?)
    } else {
        None
    };
    let into = if p.take_kw(Rule::kw_into) {
        p.names()
    } else {
        Vec::new()
    };
    Ok(StepKind::Split {
        column,
        on,
        limit,
        into,
    })
}

pub(super) fn extract(p: &mut Parts) -> Result<StepKind> {
    let targets = p.names();
    let from = p.name();
    Ok(StepKind::Extract {
        targets,
        from,
        matching: p.matcher()?,
    })
}

pub(super) fn replace(p: &mut Parts) -> Result<StepKind> {
    let columns = p.names();
    let matching = p.matcher()?;
    Ok(StepKind::Replace {
        columns,
        matching,
        with: p.string()?,
    })
}

pub(super) fn countpattern(p: &mut Parts) -> Result<StepKind> {
    let target = p.name();
    let from = p.name();
    Ok(StepKind::CountPattern {
        target,
        from,
        matching: p.matcher()?,
    })
}
