//! Steps: one transform each, one per line.

use super::{Expr, Literal, Name, TypeExpr};
use crate::span::Span;

/// A step over expressions `E`: [`Expr`] as parsed, or the checker's `Typed`.
#[derive(Clone, Debug, PartialEq)]
pub struct Step<E = Expr> {
    pub kind: StepKind<E>,
    pub span: Span,
}

/// What to look for in text: exact text, a pattern `p"{digit}+"` or a regex `/[0-9]+/`.
#[derive(Clone, Debug, PartialEq)]
pub struct Matcher {
    /// Always a [`Literal::String`], [`Literal::Pattern`] or [`Literal::Regex`].
    pub literal: Literal,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Assignment<E = Expr> {
    pub target: Name,
    pub value: E,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SortKey<E = Expr> {
    pub expr: E,
    pub descending: bool,
    /// `None` when not written: nulls sort last ascending and first descending.
    pub nulls_first: Option<bool>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GroupKey<E = Expr> {
    pub expr: E,
    pub alias: Option<Name>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoveTarget {
    Start,
    End,
}

#[derive(Clone, Debug, PartialEq)]
pub enum MovePlace {
    To(MoveTarget),
    Before(Name),
    After(Name),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    First,
    Last,
}

#[derive(Clone, Debug, PartialEq)]
pub enum FillWith<E = Expr> {
    Down,
    Up,
    Value(E),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NestAs {
    Struct,
    List,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JoinKind {
    Inner,
    Left,
    Right,
    Full,
    Semi,
    Anti,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnionBy {
    Name,
    Position,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Fail,
    Warn,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StepKind<E = Expr> {
    Rename {
        pairs: Vec<(Name, Name)>,
    },
    Drop {
        columns: Vec<Name>,
    },
    KeepColumns {
        columns: Vec<Name>,
    },
    Move {
        columns: Vec<Name>,
        place: MovePlace,
    },
    Derive {
        assignments: Vec<Assignment<E>>,
    },
    Set {
        assignments: Vec<Assignment<E>>,
        condition: Option<E>,
    },
    SetType {
        columns: Vec<(Name, TypeExpr)>,
    },
    Merge {
        columns: Vec<Name>,
        separator: Option<String>,
        into: Name,
    },
    Split {
        column: Name,
        on: Matcher,
        limit: Option<u64>,
        into: Vec<Name>,
    },
    Extract {
        targets: Vec<Name>,
        from: Name,
        matching: Matcher,
    },
    Replace {
        columns: Vec<Name>,
        matching: Matcher,
        with: String,
    },
    CountPattern {
        target: Name,
        from: Name,
        matching: Matcher,
    },
    KeepRows {
        condition: E,
    },
    DeleteRows {
        condition: E,
    },
    Dedup {
        by: Vec<Name>,
        keep: Option<Keep>,
    },
    Sort {
        keys: Vec<SortKey<E>>,
    },
    Fill {
        columns: Vec<Name>,
        with: FillWith<E>,
    },
    Header {
        row: Option<u64>,
    },
    Limit {
        count: u64,
        offset: Option<u64>,
    },
    Aggregate {
        by: Vec<GroupKey<E>>,
        values: Vec<Assignment<E>>,
    },
    Pivot {
        column: Name,
        values: Option<Vec<E>>,
        using: E,
        by: Vec<Name>,
    },
    Unpivot {
        columns: Vec<Name>,
        key: Name,
        value: Name,
    },
    SplitRows {
        column: Name,
        on: Matcher,
    },
    Nest {
        columns: Vec<Name>,
        into: Name,
        kind: Option<NestAs>,
    },
    Unnest {
        column: Name,
        prefix: Option<String>,
    },
    Flatten {
        column: Name,
    },
    Window {
        by: Vec<Name>,
        order: Vec<SortKey<E>>,
        values: Vec<Assignment<E>>,
    },
    Join {
        table: Name,
        on: E,
        kind: Option<JoinKind>,
    },
    Lookup {
        table: Name,
        on: E,
        columns: Vec<Name>,
    },
    Union {
        tables: Vec<Name>,
        by: Option<UnionBy>,
    },
    Expect {
        condition: E,
        severity: Option<Severity>,
    },
}

impl<E> StepKind<E> {
    /// The transform's keyword, as the analyst types it.
    pub fn keyword(&self) -> &'static str {
        self.transform().keyword()
    }

    /// The named inputs this step reads.
    pub fn tables(&self) -> Vec<&Name> {
        match self {
            StepKind::Join { table, .. } | StepKind::Lookup { table, .. } => vec![table],
            StepKind::Union { tables, .. } => tables.iter().collect(),
            _ => Vec::new(),
        }
    }
}

impl Step {
    /// The same step with every expression turned by `f`, in the order they are written
    /// (the checker makes the typed step this way).
    ///
    /// Long by design: one arm per transform, matched exhaustively, so a new transform does
    /// not compile until its expressions are carried to the typed recipe.
    pub fn map_exprs<T>(&self, f: &mut impl FnMut(&Expr) -> T) -> Step<T> {
        let kind = match &self.kind {
            StepKind::Derive { assignments: list } => StepKind::Derive {
                assignments: assignments(list, f),
            },
            StepKind::Set {
                assignments: list,
                condition,
            } => {
                let condition = condition.as_ref().map(&mut *f);
                StepKind::Set {
                    assignments: assignments(list, f),
                    condition,
                }
            }
            StepKind::KeepRows { condition } => StepKind::KeepRows {
                condition: f(condition),
            },
            StepKind::DeleteRows { condition } => StepKind::DeleteRows {
                condition: f(condition),
            },
            StepKind::Sort { keys } => StepKind::Sort {
                keys: sort_keys(keys, f),
            },
            StepKind::Fill { columns, with } => StepKind::Fill {
                columns: columns.clone(),
                with: match with {
                    FillWith::Down => FillWith::Down,
                    FillWith::Up => FillWith::Up,
                    FillWith::Value(e) => FillWith::Value(f(e)),
                },
            },
            StepKind::Aggregate { by, values } => {
                let by = by
                    .iter()
                    .map(|k| GroupKey {
                        expr: f(&k.expr),
                        alias: k.alias.clone(),
                    })
                    .collect();
                StepKind::Aggregate {
                    by,
                    values: assignments(values, f),
                }
            }
            StepKind::Pivot {
                column,
                values,
                using,
                by,
            } => {
                let values = values.as_ref().map(|v| v.iter().map(&mut *f).collect());
                StepKind::Pivot {
                    column: column.clone(),
                    values,
                    using: f(using),
                    by: by.clone(),
                }
            }
            StepKind::Window { by, order, values } => {
                let order = sort_keys(order, f);
                StepKind::Window {
                    by: by.clone(),
                    order,
                    values: assignments(values, f),
                }
            }
            StepKind::Join { table, on, kind } => StepKind::Join {
                table: table.clone(),
                on: f(on),
                kind: *kind,
            },
            StepKind::Lookup { table, on, columns } => StepKind::Lookup {
                table: table.clone(),
                on: f(on),
                columns: columns.clone(),
            },
            StepKind::Expect {
                condition,
                severity,
            } => StepKind::Expect {
                condition: f(condition),
                severity: *severity,
            },
            StepKind::Rename { pairs } => StepKind::Rename {
                pairs: pairs.clone(),
            },
            StepKind::Drop { columns } => StepKind::Drop {
                columns: columns.clone(),
            },
            StepKind::KeepColumns { columns } => StepKind::KeepColumns {
                columns: columns.clone(),
            },
            StepKind::Move { columns, place } => StepKind::Move {
                columns: columns.clone(),
                place: place.clone(),
            },
            StepKind::SetType { columns } => StepKind::SetType {
                columns: columns.clone(),
            },
            StepKind::Merge {
                columns,
                separator,
                into,
            } => StepKind::Merge {
                columns: columns.clone(),
                separator: separator.clone(),
                into: into.clone(),
            },
            StepKind::Split {
                column,
                on,
                limit,
                into,
            } => StepKind::Split {
                column: column.clone(),
                on: on.clone(),
                limit: *limit,
                into: into.clone(),
            },
            StepKind::Extract {
                targets,
                from,
                matching,
            } => StepKind::Extract {
                targets: targets.clone(),
                from: from.clone(),
                matching: matching.clone(),
            },
            StepKind::Replace {
                columns,
                matching,
                with,
            } => StepKind::Replace {
                columns: columns.clone(),
                matching: matching.clone(),
                with: with.clone(),
            },
            StepKind::CountPattern {
                target,
                from,
                matching,
            } => StepKind::CountPattern {
                target: target.clone(),
                from: from.clone(),
                matching: matching.clone(),
            },
            StepKind::Dedup { by, keep } => StepKind::Dedup {
                by: by.clone(),
                keep: *keep,
            },
            StepKind::Header { row } => StepKind::Header { row: *row },
            StepKind::Limit { count, offset } => StepKind::Limit {
                count: *count,
                offset: *offset,
            },
            StepKind::Unpivot {
                columns,
                key,
                value,
            } => StepKind::Unpivot {
                columns: columns.clone(),
                key: key.clone(),
                value: value.clone(),
            },
            StepKind::SplitRows { column, on } => StepKind::SplitRows {
                column: column.clone(),
                on: on.clone(),
            },
            StepKind::Nest {
                columns,
                into,
                kind,
            } => StepKind::Nest {
                columns: columns.clone(),
                into: into.clone(),
                kind: *kind,
            },
            StepKind::Unnest { column, prefix } => StepKind::Unnest {
                column: column.clone(),
                prefix: prefix.clone(),
            },
            StepKind::Flatten { column } => StepKind::Flatten {
                column: column.clone(),
            },
            StepKind::Union { tables, by } => StepKind::Union {
                tables: tables.clone(),
                by: *by,
            },
        };
        Step {
            kind,
            span: self.span,
        }
    }
}

fn sort_keys<T>(keys: &[SortKey], f: &mut impl FnMut(&Expr) -> T) -> Vec<SortKey<T>> {
    keys.iter()
        .map(|k| SortKey {
            expr: f(&k.expr),
            descending: k.descending,
            nulls_first: k.nulls_first,
        })
        .collect()
}

fn assignments<T>(list: &[Assignment], f: &mut impl FnMut(&Expr) -> T) -> Vec<Assignment<T>> {
    list.iter()
        .map(|a| Assignment {
            target: a.target.clone(),
            value: f(&a.value),
        })
        .collect()
}
