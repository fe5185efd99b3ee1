//! The canonical printer: lower-case keywords, single spaces, `, ` between items, the
//! fewest parentheses that keep the tree, names backquoted only when they must be.
//! `parse(print(r)) == r`, and printing printed text changes nothing.

mod expr;
mod step;

pub(crate) use expr::RESERVED;
pub use expr::{print_expr, print_literal, print_name, quote_string};
pub use step::print_step;

use crate::ast::{Line, Recipe, TypeExpr, TypeKind};

/// Prints a recipe in canonical form, comments and single blank lines kept.
pub fn print(recipe: &Recipe) -> String {
    let mut out = String::new();
    let mut previous_blank = true; // no blank lines at the top
    for line in &recipe.lines {
        match line {
            Line::Blank => {
                if !previous_blank {
                    out.push('\n');
                }
                previous_blank = true;
                continue;
            }
            Line::Comment(comment) => {
                out.push('#');
                out.push_str(&comment.text);
            }
            Line::Step(step, comment) => {
                out.push_str(&print_step(step));
                if let Some(comment) = comment {
                    out.push_str(" #");
                    out.push_str(&comment.text);
                }
            }
        }
        out.push('\n');
        previous_blank = false;
    }
    // A blank line before the end is dropped too.
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// `decimal(12, 2)`, `date("%m/%d/%Y")`, `list<string>`, …
pub fn print_type(ty: &TypeExpr) -> String {
    match &ty.kind {
        TypeKind::String => "string".into(),
        TypeKind::Integer => "integer".into(),
        TypeKind::Float => "float".into(),
        TypeKind::Boolean => "boolean".into(),
        TypeKind::Decimal { size: None } => "decimal".into(),
        TypeKind::Decimal { size: Some((p, s)) } => format!("decimal({p}, {s})"),
        TypeKind::Date { format } => with_format("date", format),
        TypeKind::Timestamp { format } => with_format("timestamp", format),
        TypeKind::List(inner) => format!("list<{}>", print_type(inner)),
        TypeKind::Struct(fields) => {
            let fields: Vec<String> = fields
                .iter()
                .map(|(n, t)| format!("{}: {}", print_name(&n.text), print_type(t)))
                .collect();
            format!("struct<{}>", fields.join(", "))
        }
    }
}

fn with_format(keyword: &str, format: &Option<String>) -> String {
    match format {
        Some(f) => format!("{keyword}({})", expr::quote_string(f)),
        None => keyword.to_string(),
    }
}
