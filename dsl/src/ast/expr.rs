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

/// An expression's shape, over its sub-expressions `E`: [`Expr`] as parsed, or the
/// checker's `Typed` (the same tree with a type on every node).
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind<E = Expr> {
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
        args: Vec<E>,
    },
    Unary {
        op: UnaryOp,
        expr: Box<E>,
    },
    Binary {
        op: BinaryOp,
        left: Box<E>,
        right: Box<E>,
    },
    IsNull {
        expr: Box<E>,
        negated: bool,
    },
    InList {
        expr: Box<E>,
        list: Vec<E>,
        negated: bool,
    },
    Between {
        expr: Box<E>,
        low: Box<E>,
        high: Box<E>,
        negated: bool,
    },
    Case {
        branches: Vec<(E, E)>,
        otherwise: Option<Box<E>>,
    },
    List(Vec<E>),
    Struct(Vec<(Name, E)>),
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

impl<E> ExprKind<E> {
    /// The same shape over other sub-expressions, each turned by `f` in the order written.
    pub fn map<F>(&self, f: &mut impl FnMut(&E) -> F) -> ExprKind<F> {
        let mut boxed = |e: &E| Box::new(f(e));
        match self {
            ExprKind::Literal(l) => ExprKind::Literal(l.clone()),
            ExprKind::Column(n) => ExprKind::Column(n.clone()),
            ExprKind::Qualified { table, column } => ExprKind::Qualified {
                table: table.clone(),
                column: column.clone(),
            },
            ExprKind::Call { function, args } => ExprKind::Call {
                function: function.clone(),
                args: args.iter().map(|a| *boxed(a)).collect(),
            },
            ExprKind::Unary { op, expr } => ExprKind::Unary {
                op: *op,
                expr: boxed(expr),
            },
            ExprKind::Binary { op, left, right } => {
                let left = boxed(left);
                ExprKind::Binary {
                    op: *op,
                    left,
                    right: boxed(right),
                }
            }
            ExprKind::IsNull { expr, negated } => ExprKind::IsNull {
                expr: boxed(expr),
                negated: *negated,
            },
            ExprKind::InList {
                expr,
                list,
                negated,
            } => {
                let expr = boxed(expr);
                ExprKind::InList {
                    expr,
                    list: list.iter().map(|a| *boxed(a)).collect(),
                    negated: *negated,
                }
            }
            ExprKind::Between {
                expr,
                low,
                high,
                negated,
            } => {
                let expr = boxed(expr);
                let low = boxed(low);
                ExprKind::Between {
                    expr,
                    low,
                    high: boxed(high),
                    negated: *negated,
                }
            }
            ExprKind::Case {
                branches,
                otherwise,
            } => {
                let branches = branches
                    .iter()
                    .map(|(w, t)| {
                        let w = *boxed(w);
                        (w, *boxed(t))
                    })
                    .collect();
                ExprKind::Case {
                    branches,
                    otherwise: otherwise.as_ref().map(|o| boxed(o)),
                }
            }
            ExprKind::List(items) => ExprKind::List(items.iter().map(|a| *boxed(a)).collect()),
            ExprKind::Struct(fields) => {
                ExprKind::Struct(fields.iter().map(|(n, e)| (n.clone(), *boxed(e))).collect())
            }
        }
    }

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

/// What every expression tree shares, parsed ([`Expr`]) or typed: its shape and its place.
pub trait ExprNode: Sized {
    fn shape(&self) -> &ExprKind<Self>;
    fn place(&self) -> Span;

    /// Calls `f` on this expression and every expression inside it, outermost first.
    fn walk<'a>(&'a self, f: &mut impl FnMut(&'a Self)) {
        f(self);
        match self.shape() {
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
    fn equality_keys(&self, table: &str) -> Vec<String> {
        let mut keys = Vec::new();
        collect_equality_keys(self, table, &mut keys);
        keys
    }
}

impl ExprNode for Expr {
    fn shape(&self) -> &ExprKind<Self> {
        &self.kind
    }

    fn place(&self) -> Span {
        self.span
    }
}

fn collect_equality_keys<E: ExprNode>(expr: &E, table: &str, keys: &mut Vec<String>) {
    match expr.shape() {
        ExprKind::Binary {
            op: BinaryOp::And,
            left,
            right,
        } => {
            collect_equality_keys(&**left, table, keys);
            collect_equality_keys(&**right, table, keys);
        }
        ExprKind::Binary {
            op: BinaryOp::Eq,
            left,
            right,
        } => {
            for side in [left, right] {
                if let ExprKind::Qualified { table: t, column } = side.shape() {
                    if t.text == table && !keys.contains(&column.text) {
                        keys.push(column.text.clone());
                    }
                }
            }
        }
        _ => {}
    }
}
