//! Data quality: expect.

use super::{Parts, Result};
use crate::ast::*;
use crate::parse::Rule;

pub(super) fn expect(p: &mut Parts) -> Result<StepKind> {
    let condition = p.expr()?;
    let severity = if p.take_kw(Rule::kw_else) {
        Some(if p.take_kw(Rule::kw_warn) {
            Severity::Warn
        } else {
            Severity::Fail
        })
    } else {
        None
    };
    Ok(StepKind::Expect {
        condition,
        severity,
    })
}
