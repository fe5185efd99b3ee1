//! Each step in plain words, for the recipe panel: "Rename Cust Name to customer",
//! "Keep rows where amount > 0".

use wrangle_dsl::ast::{FillWith, Keep, MovePlace, MoveTarget, Name, StepKind};
use wrangle_dsl::print::print_literal;
use wrangle_dsl::print_expr;

fn list(names: &[Name]) -> String {
    let names: Vec<&str> = names.iter().map(|n| n.text.as_str()).collect();
    match names.len() {
        0 => String::new(),
        1 => names[0].to_string(),
        n => format!("{} and {}", names[..n - 1].join(", "), names[n - 1]),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        one.to_string()
    } else {
        many.to_string()
    }
}

/// The step's text in plain words; text that does not parse is described as such.
pub fn describe(step_text: &str) -> String {
    let parsed = wrangle_dsl::parse(step_text);
    let words = match parsed.recipe.steps().next() {
        Some(step) if parsed.diagnostics.is_empty() => describe_kind(&step.kind),
        Some(_) | None if step_text.trim_start().starts_with('#') => "A comment".to_string(),
        _ => "Does not parse yet".to_string(),
    };
    words
}

/// A step in plain words. Long by design: one arm per transform, matched exhaustively, so a
/// new transform does not compile until the app can say what it does.
fn describe_kind(kind: &StepKind) -> String {
    match kind {
        StepKind::Rename { pairs } => {
            let renames: Vec<String> = pairs
                .iter()
                .map(|(a, b)| format!("{} to {}", a.text, b.text))
                .collect();
            format!("Rename {}", renames.join(", "))
        }
        StepKind::Drop { columns } => format!(
            "Remove {} {}",
            plural(columns.len(), "column", "columns"),
            list(columns)
        ),
        StepKind::KeepColumns { columns } => format!("Keep only {}", list(columns)),
        StepKind::Move { columns, place } => {
            let place = match place {
                MovePlace::To(MoveTarget::Start) => "to the start".to_string(),
                MovePlace::To(MoveTarget::End) => "to the end".to_string(),
                MovePlace::Before(n) => format!("before {}", n.text),
                MovePlace::After(n) => format!("after {}", n.text),
            };
            format!("Move {} {place}", list(columns))
        }
        StepKind::Derive { assignments } => {
            let names: Vec<Name> = assignments.iter().map(|a| a.target.clone()).collect();
            format!(
                "Add {} {} = {}",
                plural(names.len(), "column", "columns"),
                list(&names),
                assignments
                    .iter()
                    .map(|a| print_expr(&a.value))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
        StepKind::Set {
            assignments,
            condition,
        } => {
            let names: Vec<Name> = assignments.iter().map(|a| a.target.clone()).collect();
            let values: Vec<String> = assignments.iter().map(|a| print_expr(&a.value)).collect();
            let mut text = format!("Set {} to {}", list(&names), values.join(", "));
            if let Some(c) = condition {
                text.push_str(&format!(" where {}", print_expr(c)));
            }
            text
        }
        StepKind::SetType { columns } => {
            let parts: Vec<String> = columns
                .iter()
                .map(|(n, t)| format!("{} to {}", n.text, wrangle_dsl::print::print_type(t)))
                .collect();
            format!("Change the type of {}", parts.join(", "))
        }
        StepKind::Merge { columns, into, .. } => {
            format!("Merge {} into {}", list(columns), into.text)
        }
        StepKind::Split {
            column, on, into, ..
        } => {
            let into = if into.is_empty() {
                String::new()
            } else {
                format!(" into {}", list(into))
            };
            format!(
                "Split {} on {}{into}",
                column.text,
                print_literal(&on.literal)
            )
        }
        StepKind::Extract {
            targets,
            from,
            matching,
        } => format!(
            "Extract {} from {} matching {}",
            list(targets),
            from.text,
            print_literal(&matching.literal)
        ),
        StepKind::Replace {
            columns,
            matching,
            with,
        } => format!(
            "Replace {} in {} with \"{with}\"",
            print_literal(&matching.literal),
            list(columns)
        ),
        StepKind::CountPattern {
            target,
            from,
            matching,
        } => format!(
            "Count {} in {} into {}",
            print_literal(&matching.literal),
            from.text,
            target.text
        ),
        StepKind::KeepRows { condition } => format!("Keep rows where {}", print_expr(condition)),
        StepKind::DeleteRows { condition } => {
            format!("Delete rows where {}", print_expr(condition))
        }
        StepKind::Dedup { by, keep } => {
            let which = match keep {
                Some(Keep::Last) => "the last",
                _ => "the first",
            };
            if by.is_empty() {
                "Remove duplicate rows".to_string()
            } else {
                format!("Keep {which} row of each {}", list(by))
            }
        }
        StepKind::Sort { keys } => {
            let keys: Vec<String> = keys
                .iter()
                .map(|k| {
                    let order = if k.descending { " (descending)" } else { "" };
                    format!("{}{order}", print_expr(&k.expr))
                })
                .collect();
            format!("Sort by {}", keys.join(", "))
        }
        StepKind::Fill { columns, with } => match with {
            FillWith::Down => format!("Fill empty cells of {} from above", list(columns)),
            FillWith::Up => format!("Fill empty cells of {} from below", list(columns)),
            FillWith::Value(v) => format!(
                "Fill empty cells of {} with {}",
                list(columns),
                print_expr(v)
            ),
        },
        StepKind::Header { row } => format!("Take the column names from row {}", row.unwrap_or(1)),
        StepKind::Limit { count, offset } => match offset {
            Some(o) => format!("Keep {count} rows after the first {o}"),
            None => format!("Keep the first {count} rows"),
        },
        StepKind::Aggregate { by, values } => {
            let names: Vec<Name> = values.iter().map(|a| a.target.clone()).collect();
            let keys: Vec<String> = by.iter().map(|k| print_expr(&k.expr)).collect();
            if keys.is_empty() {
                format!("Summarise the table: {}", list(&names))
            } else {
                format!("Summarise by {}: {}", keys.join(", "), list(&names))
            }
        }
        StepKind::Pivot { column, .. } => {
            format!("Pivot the values of {} into columns", column.text)
        }
        StepKind::Unpivot {
            columns,
            key,
            value,
        } => format!(
            "Unpivot {} into {} and {}",
            list(columns),
            key.text,
            value.text
        ),
        StepKind::SplitRows { column, .. } => format!("Split {} into rows", column.text),
        StepKind::Nest { columns, into, .. } => {
            format!("Nest {} into {}", list(columns), into.text)
        }
        StepKind::Unnest { column, .. } => format!("Unnest {} into columns", column.text),
        StepKind::Flatten { column } => format!("Flatten {} into rows", column.text),
        StepKind::Window { values, .. } => {
            let names: Vec<Name> = values.iter().map(|a| a.target.clone()).collect();
            format!(
                "Add window {} {}",
                plural(names.len(), "column", "columns"),
                list(&names)
            )
        }
        StepKind::Join { table, kind, .. } => {
            let kind = kind.map_or("inner".to_string(), |k| format!("{k:?}").to_lowercase());
            format!("Join {} ({kind})", table.text)
        }
        StepKind::Lookup { table, columns, .. } => {
            if columns.is_empty() {
                format!("Look up {}", table.text)
            } else {
                format!("Look up {} from {}", list(columns), table.text)
            }
        }
        StepKind::Union { tables, .. } => format!("Append the rows of {}", list(tables)),
        StepKind::Expect { condition, .. } => format!("Expect {}", print_expr(condition)),
    }
}

#[cfg(test)]
mod tests {
    use super::describe;

    #[test]
    fn steps_in_plain_words() {
        assert_eq!(
            describe("rename `Cust Name` to customer"),
            "Rename Cust Name to customer"
        );
        assert_eq!(describe("drop a, b, c"), "Remove columns a, b and c");
        assert_eq!(
            describe("keep rows where amount > 0"),
            "Keep rows where amount > 0"
        );
        assert_eq!(
            describe("dedup by id keep last"),
            "Keep the last row of each id"
        );
        assert_eq!(
            describe("settype n integer"),
            "Change the type of n to integer"
        );
        assert_eq!(
            describe("join airlines on carrier = airlines.carrier kind left"),
            "Join airlines (left)"
        );
        assert_eq!(describe("renme a to b"), "Does not parse yet");
    }
}
