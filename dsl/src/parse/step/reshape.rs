//! Reshaping: aggregate, pivot, unpivot, splitrows, nest, unnest, flatten, window.

use super::{Parts, Result};
use crate::ast::*;
use crate::parse::{expr, Rule};

pub(super) fn aggregate(p: &mut Parts) -> Result<StepKind> {
    p.take_kw(Rule::kw_by);
    let mut by = Vec::new();
    while let Some(pair) = p.take(Rule::group_key) {
        let mut parts = Parts::of(pair, p.offset);
        let expr = parts.expr()?;
        let alias = parts.take_kw(Rule::kw_as).then(|| parts.name());
        by.push(GroupKey { expr, alias });
    }
    Ok(StepKind::Aggregate {
        by,
        values: p.assignments()?,
    })
}

pub(super) fn pivot(p: &mut Parts) -> Result<StepKind> {
    let column = p.name();
    let values = if p.take_kw(Rule::kw_in) {
        let list = p.next();
        Some(
            list.into_inner()
                .map(|e| expr::build(e, p.offset))
                .collect::<Result<_>>()?,
        )
    } else {
        None
    };
    let using = p.expr()?;
    let by = if p.take_kw(Rule::kw_by) {
        p.names()
    } else {
        Vec::new()
    };
    Ok(StepKind::Pivot {
        column,
        values,
        using,
        by,
    })
}

pub(super) fn unpivot(p: &mut Parts) -> Result<StepKind> {
    let columns = p.names();
    let key = p.name();
    let value = p.name();
    Ok(StepKind::Unpivot {
        columns,
        key,
        value,
    })
}

pub(super) fn splitrows(p: &mut Parts) -> Result<StepKind> {
    let column = p.name();
    Ok(StepKind::SplitRows {
        column,
        on: p.matcher()?,
    })
}

pub(super) fn nest(p: &mut Parts) -> Result<StepKind> {
    let columns = p.names();
    let into = p.name();
    let kind = if p.take_kw(Rule::kw_as) {
        Some(if p.take_kw(Rule::kw_list) {
            NestAs::List
        } else {
            NestAs::Struct
        })
    } else {
        None
    };
    Ok(StepKind::Nest {
        columns,
        into,
        kind,
    })
}

pub(super) fn unnest(p: &mut Parts) -> Result<StepKind> {
    let column = p.name();
    let prefix = if p.take_kw(Rule::kw_prefix) {
        Some(p.string()?)
    } else {
        None
    };
    Ok(StepKind::Unnest { column, prefix })
}

pub(super) fn flatten(p: &mut Parts) -> Result<StepKind> {
    Ok(StepKind::Flatten { column: p.name() })
}

pub(super) fn window(p: &mut Parts) -> Result<StepKind> {
    let by = if p.take_kw(Rule::kw_by) {
        p.names()
    } else {
        Vec::new()
    };
    let order = if p.take_kw(Rule::kw_order) {
        p.take_kw(Rule::kw_by);
        p.sort_keys()?
    } else {
        Vec::new()
    };
    Ok(StepKind::Window {
        by,
        order,
        values: p.assignments()?,
    })
}
