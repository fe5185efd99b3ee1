//! One builder per transform: the pairs pest found → a [`StepKind`]. Here: `Parts`, the
//! helper every builder reads its rule with, `build`, which sends each step rule to its
//! family's file, and `type_expr`.

mod columns;
mod combine;
mod quality;
mod reshape;
mod rows;

use super::expr::{self, name};
use super::{literal, Rule};
use crate::ast::*;
use crate::diagnostics::Diagnostic;
use crate::span::Span;
use pest::iterators::Pair;
use std::collections::VecDeque;

type Result<T> = std::result::Result<T, Diagnostic>;

/// The parts of one rule, taken in order. Keywords are pairs too: `take_kw` consumes an
/// optional one and says whether it was there.
struct Parts<'i> {
    items: VecDeque<Pair<'i, Rule>>,
    offset: usize,
}

impl<'i> Parts<'i> {
    fn of(pair: Pair<'i, Rule>, offset: usize) -> Self {
        Parts {
            items: pair.into_inner().collect(),
            offset,
        }
    }

    fn peek(&self) -> Option<Rule> {
        self.items.front().map(Pair::as_rule)
    }

    fn next(&mut self) -> Pair<'i, Rule> {
        self.items
            .pop_front()
            .expect("the grammar guarantees this part")
    }

    /// Consumes the next part when it is `rule`.
    fn take(&mut self, rule: Rule) -> Option<Pair<'i, Rule>> {
        (self.peek() == Some(rule)).then(|| self.next())
    }

    fn take_kw(&mut self, rule: Rule) -> bool {
        self.take(rule).is_some()
    }

    /// Skips keywords up to the next part that carries content.
    fn skip_keywords(&mut self) {
        while self.peek().is_some_and(is_keyword) {
            self.next();
        }
    }

    fn name(&mut self) -> Name {
        self.skip_keywords();
        name(self.next(), self.offset)
    }

    fn names(&mut self) -> Vec<Name> {
        self.skip_keywords();
        let list = self.next();
        debug_assert_eq!(list.as_rule(), Rule::column_list);
        list.into_inner().map(|p| name(p, self.offset)).collect()
    }

    /// Names until a part that is not a column (for `union a, b`).
    fn idents(&mut self) -> Vec<Name> {
        self.skip_keywords();
        let mut out = Vec::new();
        while matches!(self.peek(), Some(Rule::ident | Rule::column)) {
            out.push(name(self.next(), self.offset));
        }
        out
    }

    fn expr(&mut self) -> Result<Expr> {
        self.skip_keywords();
        expr::build(self.next(), self.offset)
    }

    fn where_clause(&mut self) -> Result<Option<Expr>> {
        match self.take(Rule::where_clause) {
            Some(clause) => Parts::of(clause, self.offset).expr().map(Some),
            None => Ok(None),
        }
    }

    fn integer(&mut self) -> Result<u64> {
        self.skip_keywords();
        let pair = self.next();
        let s = pair.as_span();
        pair.as_str().parse().map_err(|_| {
            Diagnostic::error(
                "number-out-of-range",
                "this number is too large",
                Span::new(s.start(), s.end()).offset(self.offset),
            )
        })
    }

    fn string(&mut self) -> Result<String> {
        self.skip_keywords();
        match literal::build(self.next(), self.offset)? {
            Literal::String(s) => Ok(s),
            _ => unreachable!("the grammar only allows a string here"),
        }
    }

    fn matcher(&mut self) -> Result<Matcher> {
        self.skip_keywords();
        let pair = self.next();
        let s = pair.as_span();
        let span = Span::new(s.start(), s.end()).offset(self.offset);
        let inner = pair
            .into_inner()
            .next()
            .expect("grammar: matcher has a literal");
        Ok(Matcher {
            literal: literal::build(inner, self.offset)?,
            span,
        })
    }

    fn assignments(&mut self) -> Result<Vec<Assignment>> {
        let mut out = Vec::new();
        while let Some(pair) = self.take(Rule::assignment) {
            let mut parts = Parts::of(pair, self.offset);
            let target = parts.name();
            let value = parts.expr()?;
            out.push(Assignment { target, value });
        }
        Ok(out)
    }

    fn sort_keys(&mut self) -> Result<Vec<SortKey>> {
        let mut keys = Vec::new();
        while let Some(pair) = self.take(Rule::sort_key) {
            let mut parts = Parts::of(pair, self.offset);
            let expr = parts.expr()?;
            let descending = parts.take_kw(Rule::kw_desc);
            parts.take_kw(Rule::kw_asc);
            let nulls_first = if parts.take_kw(Rule::kw_nulls) {
                Some(parts.take_kw(Rule::kw_first))
            } else {
                None
            };
            keys.push(SortKey {
                expr,
                descending,
                nulls_first,
            });
        }
        Ok(keys)
    }
}

/// Whether a rule is a keyword (`kw_*`).
fn is_keyword(rule: Rule) -> bool {
    super::rule_names::keyword(rule).is_some()
}

pub(super) fn build(pair: Pair<Rule>, offset: usize) -> Result<Step> {
    let s = pair.as_span();
    let span = Span::new(s.start(), s.end()).offset(offset);
    let rule = pair.as_rule();
    let mut p = Parts::of(pair, offset);
    p.next(); // the transform's keyword
    let p = &mut p;
    let kind = match rule {
        Rule::rename => columns::rename(p)?,
        Rule::drop => columns::drop(p)?,
        Rule::keep_columns => columns::keep_columns(p)?,
        Rule::move_columns => columns::move_columns(p)?,
        Rule::derive => columns::derive(p)?,
        Rule::set => columns::set(p)?,
        Rule::settype => columns::settype(p)?,
        Rule::merge => columns::merge(p)?,
        Rule::split => columns::split(p)?,
        Rule::extract => columns::extract(p)?,
        Rule::replace => columns::replace(p)?,
        Rule::countpattern => columns::countpattern(p)?,
        Rule::keep_rows => rows::keep_rows(p)?,
        Rule::delete_rows => rows::delete_rows(p)?,
        Rule::dedup => rows::dedup(p)?,
        Rule::sort => rows::sort(p)?,
        Rule::fill => rows::fill(p)?,
        Rule::header => rows::header(p)?,
        Rule::limit => rows::limit(p)?,
        Rule::aggregate => reshape::aggregate(p)?,
        Rule::pivot => reshape::pivot(p)?,
        Rule::unpivot => reshape::unpivot(p)?,
        Rule::splitrows => reshape::splitrows(p)?,
        Rule::nest => reshape::nest(p)?,
        Rule::unnest => reshape::unnest(p)?,
        Rule::flatten => reshape::flatten(p)?,
        Rule::window => reshape::window(p)?,
        Rule::join => combine::join(p)?,
        Rule::lookup => combine::lookup(p)?,
        Rule::union => combine::union(p)?,
        Rule::expect => quality::expect(p)?,
        other => unreachable!("not a step rule: {other:?}"),
    };
    Ok(Step { kind, span })
}

pub(super) fn type_expr(pair: Pair<Rule>, offset: usize) -> Result<TypeExpr> {
    let s = pair.as_span();
    let span = Span::new(s.start(), s.end()).offset(offset);
    let rule = pair.as_rule();
    let mut p = Parts::of(pair, offset);
    let kind = match rule {
        Rule::type_simple => match p.next().as_rule() {
            Rule::kw_string => TypeKind::String,
            Rule::kw_integer => TypeKind::Integer,
            Rule::kw_float => TypeKind::Float,
            _ => TypeKind::Boolean,
        },
        Rule::type_decimal => {
            p.next();
            let size = if p.peek() == Some(Rule::integer) {
                let precision = p.integer()?;
                let scale = p.integer()?;
                let too_big = |n: u64| n > u64::from(u32::MAX);
                if too_big(precision) || too_big(scale) {
                    return Err(Diagnostic::error(
                        "bad-type",
                        "decimal precision and scale must be at most 38",
                        span,
                    ));
                }
                Some((precision as u32, scale as u32))
            } else {
                None
            };
            TypeKind::Decimal { size }
        }
        Rule::type_date | Rule::type_timestamp => {
            p.next();
            let format = if p.peek() == Some(Rule::string) {
                Some(p.string()?)
            } else {
                None
            };
            if rule == Rule::type_date {
                TypeKind::Date { format }
            } else {
                TypeKind::Timestamp { format }
            }
        }
        Rule::type_list => {
            p.next();
            TypeKind::List(Box::new(type_expr(p.next(), offset)?))
        }
        Rule::type_struct => {
            p.next();
            let mut fields = Vec::new();
            while let Some(field) = p.take(Rule::struct_field_type) {
                let mut parts = Parts::of(field, offset);
                let field_name = parts.name();
                fields.push((field_name, type_expr(parts.next(), offset)?));
            }
            TypeKind::Struct(fields)
        }
        other => unreachable!("not a type rule: {other:?}"),
    };
    Ok(TypeExpr { kind, span })
}
