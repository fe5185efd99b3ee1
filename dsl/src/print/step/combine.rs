//! Combining tables: join, lookup, union.

use super::names;
use crate::ast::*;
use crate::print::expr::print_expr;

/// One step of this family, without its comment.
pub(super) fn print(kind: &StepKind) -> String {
    match kind {
        StepKind::Join { table, on, kind } => {
            let mut s = format!("join {} on {}", table.text, print_expr(on));
            if let Some(kind) = kind {
                s.push_str(match kind {
                    JoinKind::Inner => " kind inner",
                    JoinKind::Left => " kind left",
                    JoinKind::Right => " kind right",
                    JoinKind::Full => " kind full",
                    JoinKind::Semi => " kind semi",
                    JoinKind::Anti => " kind anti",
                });
            }
            s
        }
        StepKind::Lookup { table, on, columns } => {
            let mut s = format!("lookup {} on {}", table.text, print_expr(on));
            if !columns.is_empty() {
                s.push_str(&format!(" columns {}", names(columns)));
            }
            s
        }
        StepKind::Union { tables, by } => {
            let tables: Vec<&str> = tables.iter().map(|t| t.text.as_str()).collect();
            let by = match by {
                Some(UnionBy::Name) => " by name",
                Some(UnionBy::Position) => " by position",
                None => "",
            };
            format!("union {}{by}", tables.join(", "))
        }
        _ => unreachable!("not a combination of tables"),
    }
}
