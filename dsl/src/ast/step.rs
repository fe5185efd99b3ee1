//! Steps: one transform each, one per line.

use super::{Expr, Literal, Name, TypeExpr};
use crate::span::Span;

#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub kind: StepKind,
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
pub struct Assignment {
    pub target: Name,
    pub value: Expr,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SortKey {
    pub expr: Expr,
    pub descending: bool,
    /// `None` when not written: nulls sort last ascending and first descending.
    pub nulls_first: Option<bool>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct GroupKey {
    pub expr: Expr,
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
pub enum FillWith {
    Down,
    Up,
    Value(Expr),
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
pub enum StepKind {
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
        assignments: Vec<Assignment>,
    },
    Set {
        assignments: Vec<Assignment>,
        condition: Option<Expr>,
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
        condition: Expr,
    },
    DeleteRows {
        condition: Expr,
    },
    Dedup {
        by: Vec<Name>,
        keep: Option<Keep>,
    },
    Sort {
        keys: Vec<SortKey>,
    },
    Fill {
        columns: Vec<Name>,
        with: FillWith,
    },
    Header {
        row: Option<u64>,
    },
    Limit {
        count: u64,
        offset: Option<u64>,
    },
    Aggregate {
        by: Vec<GroupKey>,
        values: Vec<Assignment>,
    },
    Pivot {
        column: Name,
        values: Option<Vec<Expr>>,
        using: Expr,
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
        order: Vec<SortKey>,
        values: Vec<Assignment>,
    },
    Join {
        table: Name,
        on: Expr,
        kind: Option<JoinKind>,
    },
    Lookup {
        table: Name,
        on: Expr,
        columns: Vec<Name>,
    },
    Union {
        tables: Vec<Name>,
        by: Option<UnionBy>,
    },
    Expect {
        condition: Expr,
        severity: Option<Severity>,
    },
}

impl StepKind {
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
