//! Reshaping: aggregate, pivot, unpivot, splitrows, nest, unnest, flatten, window.

use super::{assignments, matcher, names, sort_keys};
use crate::ast::*;
use crate::print::expr::{print_expr, print_name, quote_string};

/// One step of this family, without its comment.
pub(super) fn print(kind: &StepKind) -> String {
    match kind {
        StepKind::Aggregate { by, values } => {
            let keys: Vec<String> = by
                .iter()
                .map(|k| match &k.alias {
                    Some(a) => format!("{} as {}", print_expr(&k.expr), print_name(&a.text)),
                    None => print_expr(&k.expr),
                })
                .collect();
            if keys.is_empty() {
                format!("aggregate: {}", assignments(values))
            } else {
                format!("aggregate by {}: {}", keys.join(", "), assignments(values))
            }
        }
        StepKind::Pivot {
            column,
            values,
            using,
            by,
        } => {
            let mut s = format!("pivot {}", print_name(&column.text));
            if let Some(values) = values {
                let items: Vec<String> = values.iter().map(print_expr).collect();
                s.push_str(&format!(" in [{}]", items.join(", ")));
            }
            s.push_str(&format!(" using {}", print_expr(using)));
            if !by.is_empty() {
                s.push_str(&format!(" by {}", names(by)));
            }
            s
        }
        StepKind::Unpivot {
            columns,
            key,
            value,
        } => format!(
            "unpivot {} into {}, {}",
            names(columns),
            print_name(&key.text),
            print_name(&value.text)
        ),
        StepKind::SplitRows { column, on } => {
            format!("splitrows {} on {}", print_name(&column.text), matcher(on))
        }
        StepKind::Nest {
            columns,
            into,
            kind,
        } => {
            let kind = match kind {
                Some(NestAs::List) => " as list",
                Some(NestAs::Struct) => " as struct",
                None => "",
            };
            format!(
                "nest {} into {}{kind}",
                names(columns),
                print_name(&into.text)
            )
        }
        StepKind::Unnest {
            column,
            prefix: None,
        } => format!("unnest {}", print_name(&column.text)),
        StepKind::Unnest {
            column,
            prefix: Some(p),
        } => {
            format!(
                "unnest {} prefix {}",
                print_name(&column.text),
                quote_string(p)
            )
        }
        StepKind::Flatten { column } => format!("flatten {}", print_name(&column.text)),
        StepKind::Window { by, order, values } => {
            let mut s = "window".to_string();
            if !by.is_empty() {
                s.push_str(&format!(" by {}", names(by)));
            }
            if !order.is_empty() {
                s.push_str(&format!(" order by {}", sort_keys(order)));
            }
            format!("{s}: {}", assignments(values))
        }
        _ => unreachable!("not a reshaping"),
    }
}
