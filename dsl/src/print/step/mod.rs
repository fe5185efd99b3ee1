//! Printing one step in canonical form: the helpers its families share, and `print_step`,
//! which sends each step to its family's file.

mod columns;
mod combine;
mod quality;
mod reshape;
mod rows;

use super::expr::{print_expr, print_literal, print_name};
use crate::ast::*;

fn names(names: &[Name]) -> String {
    names
        .iter()
        .map(|n| print_name(&n.text))
        .collect::<Vec<_>>()
        .join(", ")
}

fn assignments(items: &[Assignment]) -> String {
    items
        .iter()
        .map(|a| format!("{} = {}", print_name(&a.target.text), print_expr(&a.value)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn sort_keys(keys: &[SortKey]) -> String {
    keys.iter()
        .map(|k| {
            let mut s = print_expr(&k.expr);
            if k.descending {
                s.push_str(" desc");
            }
            match k.nulls_first {
                Some(true) => s.push_str(" nulls first"),
                Some(false) => s.push_str(" nulls last"),
                None => {}
            }
            s
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn matcher(m: &Matcher) -> String {
    print_literal(&m.literal)
}

/// One step, without its comment.
pub fn print_step(step: &Step) -> String {
    let kind = &step.kind;
    match kind {
        StepKind::Rename { .. }
        | StepKind::Drop { .. }
        | StepKind::KeepColumns { .. }
        | StepKind::Move { .. }
        | StepKind::Derive { .. }
        | StepKind::Set { .. }
        | StepKind::SetType { .. }
        | StepKind::Merge { .. }
        | StepKind::Split { .. }
        | StepKind::Extract { .. }
        | StepKind::Replace { .. }
        | StepKind::CountPattern { .. } => columns::print(kind),
        StepKind::KeepRows { .. }
        | StepKind::DeleteRows { .. }
        | StepKind::Dedup { .. }
        | StepKind::Sort { .. }
        | StepKind::Fill { .. }
        | StepKind::Header { .. }
        | StepKind::Limit { .. } => rows::print(kind),
        StepKind::Aggregate { .. }
        | StepKind::Pivot { .. }
        | StepKind::Unpivot { .. }
        | StepKind::SplitRows { .. }
        | StepKind::Nest { .. }
        | StepKind::Unnest { .. }
        | StepKind::Flatten { .. }
        | StepKind::Window { .. } => reshape::print(kind),
        StepKind::Join { .. } | StepKind::Lookup { .. } | StepKind::Union { .. } => {
            combine::print(kind)
        }
        StepKind::Expect { .. } => quality::print(kind),
    }
}
