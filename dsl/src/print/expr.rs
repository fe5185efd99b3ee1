//! Printing expressions with exactly the parentheses the tree needs.

use crate::ast::{Expr, ExprKind, Literal, Precedence, UnaryOp};
use std::fmt::Write;

/// Words that can never be a bare column name.
pub(crate) const RESERVED: &[&str] = &[
    "and", "or", "not", "is", "null", "true", "false", "in", "between", "case", "when", "then",
    "else", "end",
];

/// A column name as it must be written: bare when it is a plain identifier that is not a
/// keyword, otherwise in backquotes (a backquote inside is doubled).
pub fn print_name(name: &str) -> String {
    let mut chars = name.chars();
    let plain = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !RESERVED.contains(&name.to_ascii_lowercase().as_str());
    if plain {
        name.to_string()
    } else {
        format!("`{}`", name.replace('`', "``"))
    }
}

/// A string literal as the printer writes it: in double quotes, with escapes.
pub fn quote_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The inverse of the parser's pattern decoding: `"` gets a backslash, backslash pairs stay.
fn quote_pattern(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut chars = source.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push('\\');
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            }
            '"' => out.push_str("\\\""),
            c => out.push(c),
        }
    }
    out
}

pub fn print_literal(literal: &Literal) -> String {
    match literal {
        Literal::Null => "null".into(),
        Literal::Boolean(b) => b.to_string(),
        Literal::Integer(i) => i.to_string(),
        // `{:?}` is the shortest text that reads back to the same float, and always has a
        // `.` or an exponent, so it never reads back as an integer.
        Literal::Float(f) => format!("{f:?}"),
        Literal::String(s) => quote_string(s),
        Literal::Pattern(s) => format!("p\"{}\"", quote_pattern(s)),
        Literal::Regex { source, flags } => format!("/{source}/{flags}"),
        Literal::Date(d) => format!("@{}", d.format("%Y-%m-%d")),
        Literal::Timestamp(ts) => {
            let mut out = format!("@{}", ts.datetime.format("%Y-%m-%dT%H:%M:%S%.f"));
            match ts.offset_seconds {
                None => {}
                Some(0) => out.push('Z'),
                Some(secs) => {
                    let sign = if secs < 0 { '-' } else { '+' };
                    let secs = secs.abs();
                    let _ = write!(out, "{sign}{:02}:{:02}", secs / 3600, secs % 3600 / 60);
                }
            }
            out
        }
    }
}

pub fn print_expr(expr: &Expr) -> String {
    let mut out = String::new();
    write_expr(expr, &mut out);
    out
}

fn next(p: Precedence) -> Precedence {
    use Precedence::*;
    match p {
        Or => And,
        And => Not,
        Not => Comparison,
        Comparison => Additive,
        Additive => Multiplicative,
        Multiplicative => Negation,
        Negation | Atom => Atom,
    }
}

/// Writes `expr`, in parentheses when it binds more loosely than its place needs.
fn write_operand(expr: &Expr, at_least: Precedence, out: &mut String) {
    if expr.kind.precedence() < at_least {
        out.push('(');
        write_expr(expr, out);
        out.push(')');
    } else {
        write_expr(expr, out);
    }
}

fn write_list(items: &[Expr], out: &mut String) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_expr(item, out);
    }
}

fn write_expr(expr: &Expr, out: &mut String) {
    match &expr.kind {
        ExprKind::Literal(l) => out.push_str(&print_literal(l)),
        ExprKind::Column(name) => out.push_str(&print_name(&name.text)),
        ExprKind::Qualified { table, column } => {
            out.push_str(&table.text);
            out.push('.');
            out.push_str(&print_name(&column.text));
        }
        ExprKind::Call { function, args } => {
            out.push_str(&function.text.to_ascii_lowercase());
            out.push('(');
            write_list(args, out);
            out.push(')');
        }
        ExprKind::Unary {
            op: UnaryOp::Not,
            expr,
        } => {
            out.push_str("not ");
            write_operand(expr, Precedence::Not, out);
        }
        ExprKind::Unary {
            op: UnaryOp::Neg,
            expr,
        } => {
            out.push('-');
            write_operand(expr, Precedence::Negation, out);
        }
        ExprKind::Binary { op, left, right } => {
            let p = op.precedence();
            write_operand(left, p, out);
            let _ = write!(out, " {} ", op.symbol());
            write_operand(right, next(p), out);
        }
        ExprKind::IsNull { expr, negated } => {
            write_operand(expr, Precedence::Comparison, out);
            out.push_str(if *negated { " is not null" } else { " is null" });
        }
        ExprKind::InList {
            expr,
            list,
            negated,
        } => {
            write_operand(expr, Precedence::Comparison, out);
            out.push_str(if *negated { " not in [" } else { " in [" });
            write_list(list, out);
            out.push(']');
        }
        ExprKind::Between {
            expr,
            low,
            high,
            negated,
        } => {
            write_operand(expr, Precedence::Comparison, out);
            out.push_str(if *negated {
                " not between "
            } else {
                " between "
            });
            write_operand(low, Precedence::Additive, out);
            out.push_str(" and ");
            write_operand(high, Precedence::Additive, out);
        }
        ExprKind::Case {
            branches,
            otherwise,
        } => {
            out.push_str("case");
            for (when, then) in branches {
                out.push_str(" when ");
                write_expr(when, out);
                out.push_str(" then ");
                write_expr(then, out);
            }
            if let Some(otherwise) = otherwise {
                out.push_str(" else ");
                write_expr(otherwise, out);
            }
            out.push_str(" end");
        }
        ExprKind::List(items) => {
            out.push('[');
            write_list(items, out);
            out.push(']');
        }
        ExprKind::Struct(fields) => {
            out.push('{');
            for (i, (name, value)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&print_name(&name.text));
                out.push_str(": ");
                write_expr(value, out);
            }
            out.push('}');
        }
    }
}
