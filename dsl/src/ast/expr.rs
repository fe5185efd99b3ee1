//! Expressions: literals, column references, operators, calls and `case`.

use super::Name;
use crate::span::Span;

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

impl Expr {
    pub fn new(kind: ExprKind, span: Span) -> Self {
        Expr { kind, span }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Literal(Literal),
    /// A column of the current table.
    Column(Name),
    /// A column of a named input, as in `customers.id` (join and lookup conditions).
    Qualified {
        table: Name,
        column: Name,
    },
    Call {
        function: Name,
        args: Vec<Expr>,
    },
    Unary {
        op: UnaryOp,
        expr: Box<Expr>,
    },
    Binary {
        op: BinaryOp,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    IsNull {
        expr: Box<Expr>,
        negated: bool,
    },
    InList {
        expr: Box<Expr>,
        list: Vec<Expr>,
        negated: bool,
    },
    Between {
        expr: Box<Expr>,
        low: Box<Expr>,
        high: Box<Expr>,
        negated: bool,
    },
    Case {
        branches: Vec<(Expr, Expr)>,
        otherwise: Option<Box<Expr>>,
    },
    List(Vec<Expr>),
    Struct(Vec<(Name, Expr)>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    Null,
    Boolean(bool),
    Integer(i64),
    Float(f64),
    String(String),
    Date(chrono::NaiveDate),
    Timestamp(Timestamp),
    /// `/source/flags`; `source` is kept exactly as written between the slashes.
    Regex {
        source: String,
        flags: String,
    },
    /// `p"…"` with Trifacta-style tokens; `source` is the decoded text between the quotes.
    Pattern(String),
}

impl Literal {
    /// The name of the column `pivot` makes for this value: text as it is, dates and
    /// timestamps in ISO form (`2024-01-31`), other values as written.
    pub fn pivot_column_name(&self) -> String {
        match self {
            // A name a recipe can write: line breaks and other control characters become
            // spaces, and the empty text is `(empty)`.
            Literal::String(s) if s.is_empty() => "(empty)".to_string(),
            Literal::String(s) => s
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect(),
            Literal::Date(d) => d.format("%Y-%m-%d").to_string(),
            other => {
                let printed = crate::print::print_literal(other);
                printed
                    .strip_prefix('@')
                    .map(str::to_string)
                    .unwrap_or(printed)
            }
        }
    }
}

/// A timestamp literal: a local date and time, with a UTC offset when one was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timestamp {
    pub datetime: chrono::NaiveDateTime,
    /// Offset east of UTC in seconds; `Some(0)` for `Z`.
    pub offset_seconds: Option<i32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Not,
    Neg,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    Or,
    And,
    Eq,
    NotEq,
    Lt,
    LtEq,
    Gt,
    GtEq,
    Concat,
    Add,
    Sub,
    Mul,
    Div,
    Rem,
}

/// Binding strength, loosest first. The parser and the printer share it, so what one
/// reads the other writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Precedence {
    Or,
    And,
    Not,
    Comparison,
    Additive,
    Multiplicative,
    Negation,
    Atom,
}

impl BinaryOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Or => "or",
            BinaryOp::And => "and",
            BinaryOp::Eq => "=",
            BinaryOp::NotEq => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::LtEq => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::GtEq => ">=",
            BinaryOp::Concat => "++",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
            BinaryOp::Rem => "%",
        }
    }

    pub fn precedence(self) -> Precedence {
        match self {
            BinaryOp::Or => Precedence::Or,
            BinaryOp::And => Precedence::And,
            BinaryOp::Eq
            | BinaryOp::NotEq
            | BinaryOp::Lt
            | BinaryOp::LtEq
            | BinaryOp::Gt
            | BinaryOp::GtEq => Precedence::Comparison,
            BinaryOp::Concat | BinaryOp::Add | BinaryOp::Sub => Precedence::Additive,
            BinaryOp::Mul | BinaryOp::Div | BinaryOp::Rem => Precedence::Multiplicative,
        }
    }

    pub fn is_comparison(self) -> bool {
        self.precedence() == Precedence::Comparison
    }
}

impl ExprKind {
    /// How tightly this expression binds when printed without parentheses.
    pub fn precedence(&self) -> Precedence {
        match self {
            ExprKind::Binary { op, .. } => op.precedence(),
            ExprKind::Unary {
                op: UnaryOp::Not, ..
            } => Precedence::Not,
            ExprKind::Unary {
                op: UnaryOp::Neg, ..
            } => Precedence::Negation,
            ExprKind::IsNull { .. } | ExprKind::InList { .. } | ExprKind::Between { .. } => {
                Precedence::Comparison
            }
            _ => Precedence::Atom,
        }
    }
}

impl Expr {
    /// Calls `f` on this expression and every expression inside it, outermost first.
    pub fn walk<'a>(&'a self, f: &mut impl FnMut(&'a Expr)) {
        f(self);
        match &self.kind {
            ExprKind::Literal(_) | ExprKind::Column(_) | ExprKind::Qualified { .. } => {}
            ExprKind::Call { args, .. } | ExprKind::List(args) => {
                args.iter().for_each(|a| a.walk(f));
            }
            ExprKind::Unary { expr, .. } | ExprKind::IsNull { expr, .. } => expr.walk(f),
            ExprKind::Binary { left, right, .. } => {
                left.walk(f);
                right.walk(f);
            }
            ExprKind::InList { expr, list, .. } => {
                expr.walk(f);
                list.iter().for_each(|a| a.walk(f));
            }
            ExprKind::Between {
                expr, low, high, ..
            } => {
                expr.walk(f);
                low.walk(f);
                high.walk(f);
            }
            ExprKind::Case {
                branches,
                otherwise,
            } => {
                for (when, then) in branches {
                    when.walk(f);
                    then.walk(f);
                }
                if let Some(e) = otherwise {
                    e.walk(f);
                }
            }
            ExprKind::Struct(fields) => fields.iter().for_each(|(_, e)| e.walk(f)),
        }
    }

    /// The columns of input `table` that a join condition compares for equality with `=`
    /// (through `and`): the keys a `lookup` keeps one row per, in the order written.
    pub fn equality_keys(&self, table: &str) -> Vec<String> {
        let mut keys = Vec::new();
        self.collect_equality_keys(table, &mut keys);
        keys
    }

    fn collect_equality_keys(&self, table: &str, keys: &mut Vec<String>) {
        match &self.kind {
            ExprKind::Binary {
                op: BinaryOp::And,
                left,
                right,
            } => {
                left.collect_equality_keys(table, keys);
                right.collect_equality_keys(table, keys);
            }
            ExprKind::Binary {
                op: BinaryOp::Eq,
                left,
                right,
            } => {
                for side in [left, right] {
                    if let ExprKind::Qualified { table: t, column } = &side.kind {
                        if t.text == table && !keys.contains(&column.text) {
                            keys.push(column.text.clone());
                        }
                    }
                }
            }
            _ => {}
        }
    }
}
