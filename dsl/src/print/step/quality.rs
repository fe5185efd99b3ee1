//! Data quality: expect.

use crate::ast::*;
use crate::print::expr::print_expr;

/// One step of this family, without its comment.
pub(super) fn print(kind: &StepKind) -> String {
    match kind {
        StepKind::Expect {
            condition,
            severity,
        } => {
            let severity = match severity {
                Some(Severity::Warn) => " else warn",
                Some(Severity::Fail) => " else fail",
                None => "",
            };
            format!("expect {}{severity}", print_expr(condition))
        }
        _ => unreachable!("not a data-quality step"),
    }
}
