//! Expressions, climbed by pest's Pratt parser. The precedence table here and
//! [`Precedence`](crate::ast::Precedence), which the printer uses, say the same thing.

use super::{literal, Rule};
use crate::ast::{BinaryOp, Expr, ExprKind, Name, UnaryOp};
use crate::diagnostics::Diagnostic;
use crate::span::Span;
use pest::iterators::Pair;
use pest::pratt_parser::{Assoc, Op, PrattParser};
use std::sync::LazyLock;

static PRATT: LazyLock<PrattParser<Rule>> = LazyLock::new(|| {
    use Assoc::Left;
    PrattParser::new()
        .op(Op::infix(Rule::or, Left))
        .op(Op::infix(Rule::and, Left))
        .op(Op::prefix(Rule::not))
        .op(Op::infix(Rule::eq, Left)
            | Op::infix(Rule::ne, Left)
            | Op::infix(Rule::lt, Left)
            | Op::infix(Rule::le, Left)
            | Op::infix(Rule::gt, Left)
            | Op::infix(Rule::ge, Left)
            | Op::postfix(Rule::is_null)
            | Op::postfix(Rule::is_not_null)
            | Op::postfix(Rule::in_list)
            | Op::postfix(Rule::not_in)
            | Op::postfix(Rule::between)
            | Op::postfix(Rule::not_between))
        .op(Op::infix(Rule::concat_op, Left)
            | Op::infix(Rule::add, Left)
            | Op::infix(Rule::sub, Left))
        .op(Op::infix(Rule::mul, Left) | Op::infix(Rule::div, Left) | Op::infix(Rule::rem, Left))
        .op(Op::prefix(Rule::neg))
});

fn span_of(pair: &Pair<Rule>, offset: usize) -> Span {
    let s = pair.as_span();
    Span::new(s.start(), s.end()).offset(offset)
}

/// Builds an `expr` or `operand` pair.
pub(super) fn build(pair: Pair<Rule>, offset: usize) -> Result<Expr, Diagnostic> {
    PRATT
        .map_primary(|primary| build_primary(primary, offset))
        .map_prefix(|op, rhs| {
            let rhs = rhs?;
            let span = span_of(&op, offset).to(rhs.span);
            let op = if op.as_rule() == Rule::not {
                UnaryOp::Not
            } else {
                UnaryOp::Neg
            };
            Ok(Expr::new(
                ExprKind::Unary {
                    op,
                    expr: Box::new(rhs),
                },
                span,
            ))
        })
        .map_postfix(|lhs, op| {
            let lhs = Box::new(lhs?);
            let span = lhs.span.to(span_of(&op, offset));
            let rule = op.as_rule();
            let kind = match rule {
                Rule::is_null | Rule::is_not_null => ExprKind::IsNull {
                    expr: lhs,
                    negated: rule == Rule::is_not_null,
                },
                Rule::in_list | Rule::not_in => {
                    let list = op.into_inner().find(|p| p.as_rule() == Rule::list);
                    let list = list
                        .map(|l| elements(l, offset))
                        .transpose()?
                        .unwrap_or_default();
                    ExprKind::InList {
                        expr: lhs,
                        list,
                        negated: rule == Rule::not_in,
                    }
                }
                _ => {
                    let mut bounds = op.into_inner().filter(|p| p.as_rule() == Rule::operand);
                    let low = build(bounds.next().expect("grammar: low bound"), offset)?;
                    let high = build(bounds.next().expect("grammar: high bound"), offset)?;
                    ExprKind::Between {
                        expr: lhs,
                        low: Box::new(low),
                        high: Box::new(high),
                        negated: rule == Rule::not_between,
                    }
                }
            };
            Ok(Expr::new(kind, span))
        })
        .map_infix(|lhs, op, rhs| {
            let (lhs, rhs) = (lhs?, rhs?);
            let span = lhs.span.to(rhs.span);
            let op = match op.as_rule() {
                Rule::or => BinaryOp::Or,
                Rule::and => BinaryOp::And,
                Rule::eq => BinaryOp::Eq,
                Rule::ne => BinaryOp::NotEq,
                Rule::lt => BinaryOp::Lt,
                Rule::le => BinaryOp::LtEq,
                Rule::gt => BinaryOp::Gt,
                Rule::ge => BinaryOp::GtEq,
                Rule::concat_op => BinaryOp::Concat,
                Rule::add => BinaryOp::Add,
                Rule::sub => BinaryOp::Sub,
                Rule::mul => BinaryOp::Mul,
                Rule::div => BinaryOp::Div,
                Rule::rem => BinaryOp::Rem,
                rule => unreachable!("not an infix operator: {rule:?}"),
            };
            Ok(Expr::new(
                ExprKind::Binary {
                    op,
                    left: Box::new(lhs),
                    right: Box::new(rhs),
                },
                span,
            ))
        })
        .parse(pair.into_inner())
}

/// A column name (bare or backquoted), with backquote escapes (``` `` ```) undone.
pub(super) fn name(pair: Pair<Rule>, offset: usize) -> Name {
    let span = span_of(&pair, offset);
    let inner = match pair.as_rule() {
        Rule::column => pair
            .into_inner()
            .next()
            .expect("grammar: column has a part"),
        _ => pair,
    };
    let text = match inner.as_rule() {
        Rule::quoted_ident => inner
            .into_inner()
            .next()
            .map(|p| p.as_str().replace("``", "`"))
            .unwrap_or_default(),
        _ => inner.as_str().to_string(),
    };
    Name::new(text, span)
}

fn elements(pair: Pair<Rule>, offset: usize) -> Result<Vec<Expr>, Diagnostic> {
    pair.into_inner().map(|p| build(p, offset)).collect()
}

fn build_primary(pair: Pair<Rule>, offset: usize) -> Result<Expr, Diagnostic> {
    let span = span_of(&pair, offset);
    let kind = match pair.as_rule() {
        Rule::paren => {
            // Parentheses are not kept in the tree (the printer writes the ones it needs);
            // the inner expression's span grows to include them.
            let mut inner = build(pair.into_inner().next().expect("grammar: paren"), offset)?;
            inner.span = span;
            return Ok(inner);
        }
        Rule::column => ExprKind::Column(name(pair, offset)),
        Rule::qualified => {
            let mut parts = pair.into_inner();
            let table = name(parts.next().expect("grammar: table"), offset);
            let column = name(parts.next().expect("grammar: column"), offset);
            ExprKind::Qualified { table, column }
        }
        Rule::call => {
            let mut parts = pair.into_inner();
            // Function names are case-insensitive; the tree holds the canonical lower case.
            let mut function = name(parts.next().expect("grammar: function name"), offset);
            function.text = function.text.to_ascii_lowercase();
            let args = parts.map(|p| build(p, offset)).collect::<Result<_, _>>()?;
            ExprKind::Call { function, args }
        }
        Rule::list => ExprKind::List(elements(pair, offset)?),
        Rule::struct_lit => {
            let fields = pair
                .into_inner()
                .map(|field| {
                    let mut parts = field.into_inner();
                    let key = name(parts.next().expect("grammar: field name"), offset);
                    let value = build(parts.next().expect("grammar: field value"), offset)?;
                    Ok((key, value))
                })
                .collect::<Result<_, Diagnostic>>()?;
            ExprKind::Struct(fields)
        }
        Rule::case_expr => {
            let mut branches = Vec::new();
            let mut otherwise = None;
            for part in pair.into_inner() {
                match part.as_rule() {
                    Rule::case_when => {
                        let mut wt = part.into_inner().filter(|p| p.as_rule() == Rule::expr);
                        let when = build(wt.next().expect("grammar: when"), offset)?;
                        let then = build(wt.next().expect("grammar: then"), offset)?;
                        branches.push((when, then));
                    }
                    Rule::expr => otherwise = Some(Box::new(build(part, offset)?)),
                    _ => {}
                }
            }
            ExprKind::Case {
                branches,
                otherwise,
            }
        }
        _ => ExprKind::Literal(literal::build(pair, offset)?),
    };
    Ok(Expr::new(kind, span))
}
