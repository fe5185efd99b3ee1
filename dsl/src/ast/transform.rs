//! Every transform of the language, as one enum: each stage that needs the list of
//! transforms (suggestions, the reference, the generated recipes) takes it from here, and
//! each matches on it exhaustively, so a new transform does not compile until every stage
//! handles it.

use super::StepKind;

/// A transform: what a step does, without its arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, strum::EnumIter)]
pub enum Transform {
    Rename,
    Drop,
    KeepColumns,
    Move,
    Derive,
    Set,
    SetType,
    Merge,
    Split,
    Extract,
    Replace,
    CountPattern,
    KeepRows,
    DeleteRows,
    Dedup,
    Sort,
    Fill,
    Header,
    Limit,
    Aggregate,
    Pivot,
    Unpivot,
    SplitRows,
    Nest,
    Unnest,
    Flatten,
    Window,
    Join,
    Lookup,
    Union,
    Expect,
}

impl Transform {
    /// Every transform, in the reference's order.
    pub fn all() -> impl Iterator<Item = Transform> {
        <Transform as strum::IntoEnumIterator>::iter()
    }

    /// The words that start its step, as the analyst types them (`keep rows`).
    pub fn keyword(self) -> &'static str {
        match self {
            Transform::Rename => "rename",
            Transform::Drop => "drop",
            Transform::KeepColumns => "keep",
            Transform::Move => "move",
            Transform::Derive => "derive",
            Transform::Set => "set",
            Transform::SetType => "settype",
            Transform::Merge => "merge",
            Transform::Split => "split",
            Transform::Extract => "extract",
            Transform::Replace => "replace",
            Transform::CountPattern => "countpattern",
            Transform::KeepRows => "keep rows",
            Transform::DeleteRows => "delete rows",
            Transform::Dedup => "dedup",
            Transform::Sort => "sort",
            Transform::Fill => "fill",
            Transform::Header => "header",
            Transform::Limit => "limit",
            Transform::Aggregate => "aggregate",
            Transform::Pivot => "pivot",
            Transform::Unpivot => "unpivot",
            Transform::SplitRows => "splitrows",
            Transform::Nest => "nest",
            Transform::Unnest => "unnest",
            Transform::Flatten => "flatten",
            Transform::Window => "window",
            Transform::Join => "join",
            Transform::Lookup => "lookup",
            Transform::Union => "union",
            Transform::Expect => "expect",
        }
    }

    /// The first word of its step (`keep` for `keep rows`).
    pub fn first_word(self) -> &'static str {
        let keyword = self.keyword();
        keyword.split(' ').next().unwrap_or(keyword)
    }
}

impl<E> StepKind<E> {
    /// The transform this step is.
    pub fn transform(&self) -> Transform {
        match self {
            StepKind::Rename { .. } => Transform::Rename,
            StepKind::Drop { .. } => Transform::Drop,
            StepKind::KeepColumns { .. } => Transform::KeepColumns,
            StepKind::Move { .. } => Transform::Move,
            StepKind::Derive { .. } => Transform::Derive,
            StepKind::Set { .. } => Transform::Set,
            StepKind::SetType { .. } => Transform::SetType,
            StepKind::Merge { .. } => Transform::Merge,
            StepKind::Split { .. } => Transform::Split,
            StepKind::Extract { .. } => Transform::Extract,
            StepKind::Replace { .. } => Transform::Replace,
            StepKind::CountPattern { .. } => Transform::CountPattern,
            StepKind::KeepRows { .. } => Transform::KeepRows,
            StepKind::DeleteRows { .. } => Transform::DeleteRows,
            StepKind::Dedup { .. } => Transform::Dedup,
            StepKind::Sort { .. } => Transform::Sort,
            StepKind::Fill { .. } => Transform::Fill,
            StepKind::Header { .. } => Transform::Header,
            StepKind::Limit { .. } => Transform::Limit,
            StepKind::Aggregate { .. } => Transform::Aggregate,
            StepKind::Pivot { .. } => Transform::Pivot,
            StepKind::Unpivot { .. } => Transform::Unpivot,
            StepKind::SplitRows { .. } => Transform::SplitRows,
            StepKind::Nest { .. } => Transform::Nest,
            StepKind::Unnest { .. } => Transform::Unnest,
            StepKind::Flatten { .. } => Transform::Flatten,
            StepKind::Window { .. } => Transform::Window,
            StepKind::Join { .. } => Transform::Join,
            StepKind::Lookup { .. } => Transform::Lookup,
            StepKind::Union { .. } => Transform::Union,
            StepKind::Expect { .. } => Transform::Expect,
        }
    }
}
