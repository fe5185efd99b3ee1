//! Column operations: rename, drop, keep, move, derive, set, settype, merge, split,
//! extract, replace, countpattern.

use super::{assignments, matcher, names};
use crate::ast::*;
use crate::print::expr::{print_expr, print_name, quote_string};
use crate::print::print_type;

/// One step of this family, without its comment.
pub(super) fn print(kind: &StepKind) -> String {
    match kind {
        StepKind::Rename { pairs } => {
            let pairs: Vec<String> = pairs
                .iter()
                .map(|(from, to)| format!("{} to {}", print_name(&from.text), print_name(&to.text)))
                .collect();
            format!("rename {}", pairs.join(", "))
        }
        StepKind::Drop { columns } => format!("drop {}", names(columns)),
        StepKind::KeepColumns { columns } => format!("keep {}", names(columns)),
        StepKind::Move { columns, place } => {
            let place = match place {
                MovePlace::To(MoveTarget::Start) => "to start".to_string(),
                MovePlace::To(MoveTarget::End) => "to end".to_string(),
                MovePlace::Before(n) => format!("before {}", print_name(&n.text)),
                MovePlace::After(n) => format!("after {}", print_name(&n.text)),
            };
            format!("move {} {place}", names(columns))
        }
        StepKind::Derive { assignments: a } => format!("derive {}", assignments(a)),
        StepKind::Set {
            assignments: a,
            condition,
        } => match condition {
            Some(c) => format!("set {} where {}", assignments(a), print_expr(c)),
            None => format!("set {}", assignments(a)),
        },
        StepKind::SetType { columns } => {
            let items: Vec<String> = columns
                .iter()
                .map(|(n, t)| format!("{} {}", print_name(&n.text), print_type(t)))
                .collect();
            format!("settype {}", items.join(", "))
        }
        StepKind::Merge {
            columns,
            separator,
            into,
        } => {
            let with = separator
                .as_ref()
                .map(|s| format!(" with {}", quote_string(s)))
                .unwrap_or_default();
            format!(
                "merge {}{with} into {}",
                names(columns),
                print_name(&into.text)
            )
        }
        StepKind::Split {
            column,
            on,
            limit,
            into,
        } => {
            let mut s = format!("split {} on {}", print_name(&column.text), matcher(on));
            if let Some(limit) = limit {
                s.push_str(&format!(" limit {limit}"));
            }
            if !into.is_empty() {
                s.push_str(&format!(" into {}", names(into)));
            }
            s
        }
        StepKind::Extract {
            targets,
            from,
            matching,
        } => format!(
            "extract {} from {} matching {}",
            names(targets),
            print_name(&from.text),
            matcher(matching)
        ),
        StepKind::Replace {
            columns,
            matching,
            with,
        } => {
            format!(
                "replace {} matching {} with {}",
                names(columns),
                matcher(matching),
                quote_string(with)
            )
        }
        StepKind::CountPattern {
            target,
            from,
            matching,
        } => format!(
            "countpattern {} from {} matching {}",
            print_name(&target.text),
            print_name(&from.text),
            matcher(matching)
        ),
        _ => unreachable!("not a column operation"),
    }
}
