//! Row operations: keep rows, delete rows, dedup, sort, fill, header, limit.

use super::{names, sort_keys};
use crate::ast::*;
use crate::print::expr::print_expr;

/// One step of this family, without its comment.
pub(super) fn print(kind: &StepKind) -> String {
    match kind {
        StepKind::KeepRows { condition } => format!("keep rows where {}", print_expr(condition)),
        StepKind::DeleteRows { condition } => {
            format!("delete rows where {}", print_expr(condition))
        }
        StepKind::Dedup { by, keep } => {
            let mut s = "dedup".to_string();
            if !by.is_empty() {
                s.push_str(&format!(" by {}", names(by)));
            }
            match keep {
                Some(Keep::First) => s.push_str(" keep first"),
                Some(Keep::Last) => s.push_str(" keep last"),
                None => {}
            }
            s
        }
        StepKind::Sort { keys } => format!("sort by {}", sort_keys(keys)),
        StepKind::Fill { columns, with } => {
            let with = match with {
                FillWith::Down => "down".to_string(),
                FillWith::Up => "up".to_string(),
                FillWith::Value(e) => format!("with {}", print_expr(e)),
            };
            format!("fill {} {with}", names(columns))
        }
        StepKind::Header { row: None } => "header".to_string(),
        StepKind::Header { row: Some(n) } => format!("header row {n}"),
        StepKind::Limit {
            count,
            offset: None,
        } => format!("limit {count}"),
        StepKind::Limit {
            count,
            offset: Some(o),
        } => format!("limit {count} offset {o}"),
        _ => unreachable!("not a row operation"),
    }
}
