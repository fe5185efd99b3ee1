//! One builder per transform: the pairs pest found → a [`StepKind`].

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
    let kind = match rule {
        Rule::rename => {
            let mut pairs = Vec::new();
            while let Some(pair) = p.take(Rule::rename_pair) {
                let mut parts = Parts::of(pair, offset);
                let from = parts.name();
                let to = parts.name();
                pairs.push((from, to));
            }
            StepKind::Rename { pairs }
        }
        Rule::drop => StepKind::Drop { columns: p.names() },
        Rule::keep_columns => StepKind::KeepColumns { columns: p.names() },
        Rule::move_columns => {
            let columns = p.names();
            let mut target = Parts::of(p.next(), offset);
            let place = if target.take_kw(Rule::kw_before) {
                MovePlace::Before(target.name())
            } else if target.take_kw(Rule::kw_after) {
                MovePlace::After(target.name())
            } else {
                target.take_kw(Rule::kw_to);
                MovePlace::To(if target.take_kw(Rule::kw_start) {
                    MoveTarget::Start
                } else {
                    MoveTarget::End
                })
            };
            StepKind::Move { columns, place }
        }
        Rule::derive => StepKind::Derive {
            assignments: p.assignments()?,
        },
        Rule::set => {
            let assignments = p.assignments()?;
            StepKind::Set {
                assignments,
                condition: p.where_clause()?,
            }
        }
        Rule::settype => {
            let mut columns = Vec::new();
            while let Some(pair) = p.take(Rule::type_pair) {
                let mut parts = Parts::of(pair, offset);
                let column = parts.name();
                columns.push((column, type_expr(parts.next(), offset)?));
            }
            StepKind::SetType { columns }
        }
        Rule::merge => {
            let columns = p.names();
            let separator = if p.take_kw(Rule::kw_with) {
                Some(p.string()?)
            } else {
                None
            };
            StepKind::Merge {
                columns,
                separator,
                into: p.name(),
            }
        }
        Rule::split => {
            let column = p.name();
            let on = p.matcher()?;
            let limit = if p.take_kw(Rule::kw_limit) {
                Some(p.integer()?)
            } else {
                None
            };
            let into = if p.take_kw(Rule::kw_into) {
                p.names()
            } else {
                Vec::new()
            };
            StepKind::Split {
                column,
                on,
                limit,
                into,
            }
        }
        Rule::extract => {
            let targets = p.names();
            let from = p.name();
            StepKind::Extract {
                targets,
                from,
                matching: p.matcher()?,
            }
        }
        Rule::replace => {
            let columns = p.names();
            let matching = p.matcher()?;
            StepKind::Replace {
                columns,
                matching,
                with: p.string()?,
            }
        }
        Rule::countpattern => {
            let target = p.name();
            let from = p.name();
            StepKind::CountPattern {
                target,
                from,
                matching: p.matcher()?,
            }
        }
        Rule::keep_rows => {
            p.take_kw(Rule::kw_rows);
            StepKind::KeepRows {
                condition: p.where_clause()?.expect("grammar: where"),
            }
        }
        Rule::delete_rows => {
            p.take_kw(Rule::kw_rows);
            StepKind::DeleteRows {
                condition: p.where_clause()?.expect("grammar: where"),
            }
        }
        Rule::dedup => {
            let by = if p.take_kw(Rule::kw_by) {
                p.names()
            } else {
                Vec::new()
            };
            let keep = if p.take_kw(Rule::kw_keep) {
                Some(if p.take_kw(Rule::kw_first) {
                    Keep::First
                } else {
                    Keep::Last
                })
            } else {
                None
            };
            StepKind::Dedup { by, keep }
        }
        Rule::sort => {
            p.take_kw(Rule::kw_by);
            StepKind::Sort {
                keys: p.sort_keys()?,
            }
        }
        Rule::fill => {
            let columns = p.names();
            let with = if p.take_kw(Rule::kw_down) {
                FillWith::Down
            } else if p.take_kw(Rule::kw_up) {
                FillWith::Up
            } else {
                FillWith::Value(p.expr()?)
            };
            StepKind::Fill { columns, with }
        }
        Rule::header => {
            let row = if p.take_kw(Rule::kw_row) {
                Some(p.integer()?)
            } else {
                None
            };
            StepKind::Header { row }
        }
        Rule::limit => {
            let count = p.integer()?;
            let offset = if p.take_kw(Rule::kw_offset) {
                Some(p.integer()?)
            } else {
                None
            };
            StepKind::Limit { count, offset }
        }
        Rule::aggregate => {
            p.take_kw(Rule::kw_by);
            let mut by = Vec::new();
            while let Some(pair) = p.take(Rule::group_key) {
                let mut parts = Parts::of(pair, offset);
                let expr = parts.expr()?;
                let alias = parts.take_kw(Rule::kw_as).then(|| parts.name());
                by.push(GroupKey { expr, alias });
            }
            StepKind::Aggregate {
                by,
                values: p.assignments()?,
            }
        }
        Rule::pivot => {
            let column = p.name();
            let values = if p.take_kw(Rule::kw_in) {
                let list = p.next();
                Some(
                    list.into_inner()
                        .map(|e| expr::build(e, offset))
                        .collect::<Result<_>>()?,
                )
            } else {
                None
            };
            let using = p.expr()?;
            let by = if p.take_kw(Rule::kw_by) {
                p.names()
            } else {
                Vec::new()
            };
            StepKind::Pivot {
                column,
                values,
                using,
                by,
            }
        }
        Rule::unpivot => {
            let columns = p.names();
            let key = p.name();
            let value = p.name();
            StepKind::Unpivot {
                columns,
                key,
                value,
            }
        }
        Rule::splitrows => {
            let column = p.name();
            StepKind::SplitRows {
                column,
                on: p.matcher()?,
            }
        }
        Rule::nest => {
            let columns = p.names();
            let into = p.name();
            let kind = if p.take_kw(Rule::kw_as) {
                Some(if p.take_kw(Rule::kw_list) {
                    NestAs::List
                } else {
                    NestAs::Struct
                })
            } else {
                None
            };
            StepKind::Nest {
                columns,
                into,
                kind,
            }
        }
        Rule::unnest => {
            let column = p.name();
            let prefix = if p.take_kw(Rule::kw_prefix) {
                Some(p.string()?)
            } else {
                None
            };
            StepKind::Unnest { column, prefix }
        }
        Rule::flatten => StepKind::Flatten { column: p.name() },
        Rule::window => {
            let by = if p.take_kw(Rule::kw_by) {
                p.names()
            } else {
                Vec::new()
            };
            let order = if p.take_kw(Rule::kw_order) {
                p.take_kw(Rule::kw_by);
                p.sort_keys()?
            } else {
                Vec::new()
            };
            StepKind::Window {
                by,
                order,
                values: p.assignments()?,
            }
        }
        Rule::join => {
            let table = p.name();
            let on = p.expr()?;
            let kind = if p.take_kw(Rule::kw_kind) {
                Some(join_kind(p.next()))
            } else {
                None
            };
            StepKind::Join { table, on, kind }
        }
        Rule::lookup => {
            let table = p.name();
            let on = p.expr()?;
            let columns = if p.take_kw(Rule::kw_columns) {
                p.names()
            } else {
                Vec::new()
            };
            StepKind::Lookup { table, on, columns }
        }
        Rule::union => {
            let tables = p.idents();
            let by = if p.take_kw(Rule::kw_by) {
                Some(if p.take_kw(Rule::kw_name) {
                    UnionBy::Name
                } else {
                    UnionBy::Position
                })
            } else {
                None
            };
            StepKind::Union { tables, by }
        }
        Rule::expect => {
            let condition = p.expr()?;
            let severity = if p.take_kw(Rule::kw_else) {
                Some(if p.take_kw(Rule::kw_warn) {
                    Severity::Warn
                } else {
                    Severity::Fail
                })
            } else {
                None
            };
            StepKind::Expect {
                condition,
                severity,
            }
        }
        other => unreachable!("not a step rule: {other:?}"),
    };
    Ok(Step { kind, span })
}

fn join_kind(pair: Pair<Rule>) -> JoinKind {
    let kw = pair
        .into_inner()
        .next()
        .expect("grammar: join kind")
        .as_rule();
    match kw {
        Rule::kw_inner => JoinKind::Inner,
        Rule::kw_left => JoinKind::Left,
        Rule::kw_right => JoinKind::Right,
        Rule::kw_full => JoinKind::Full,
        Rule::kw_semi => JoinKind::Semi,
        _ => JoinKind::Anti,
    }
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
