//! Printing one step in canonical form.

use super::expr::{print_expr, print_literal, print_name, quote_string};
use super::print_type;
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
    match &step.kind {
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
    }
}
