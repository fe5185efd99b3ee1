//! What each transform can do to the number of rows, and why, in the words of the report.

use wrangle_dsl::ast::{JoinKind, Name, StepKind};

/// How a step can change the number of rows, with the reason a report gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Rows can only go: why they go (e.g. "did not match the condition").
    Removes(String),
    /// Rows can only come: why they come.
    Adds(String),
    /// Rows can go and come (a join that drops rows without a match and repeats rows with
    /// several): the reason for each direction of the net change.
    Changes { removes: String, adds: String },
    /// Rows out are groups (aggregate, pivot).
    Groups,
    /// The row count cannot change.
    Keeps,
}

/// Names as a report writes them: `a`, `b`.
fn quoted(names: &[Name]) -> String {
    names
        .iter()
        .map(|n| format!("`{}`", n.text))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Effect {
    /// The effect of a step of this kind.
    pub fn of<E>(kind: &StepKind<E>) -> Effect {
        match kind {
            StepKind::KeepRows { .. } => Effect::Removes("did not match the condition".into()),
            StepKind::DeleteRows { .. } => Effect::Removes("matched the condition".into()),
            StepKind::Dedup { by, .. } if by.is_empty() => Effect::Removes("duplicates".into()),
            StepKind::Dedup { by, .. } => Effect::Removes(format!("duplicates by {}", quoted(by))),
            StepKind::Limit {
                offset: Some(1..), ..
            } => Effect::Removes("before the offset or beyond the limit".into()),
            StepKind::Limit { .. } => Effect::Removes("beyond the limit".into()),
            StepKind::Header { .. } => Effect::Removes("the header row".into()),
            StepKind::Aggregate { .. } | StepKind::Pivot { .. } => Effect::Groups,
            StepKind::Unpivot { columns, .. } if columns.len() > 1 => {
                Effect::Adds("one row per unpivoted column".into())
            }
            StepKind::SplitRows { .. } => Effect::Adds("one row per part".into()),
            // An empty list has no item, so its row goes; a null list keeps its row.
            StepKind::Flatten { .. } => Effect::Changes {
                removes: "empty lists".into(),
                adds: "one row per list item".into(),
            },
            StepKind::Join { table, kind, .. } => {
                join(&table.text, kind.unwrap_or(JoinKind::Inner))
            }
            StepKind::Union { tables, .. } => Effect::Adds(format!("rows of {}", quoted(tables))),
            // A lookup takes one row per key of the other input and keeps every row.
            StepKind::Lookup { .. }
            | StepKind::Unpivot { .. }
            | StepKind::Rename { .. }
            | StepKind::Drop { .. }
            | StepKind::KeepColumns { .. }
            | StepKind::Move { .. }
            | StepKind::Derive { .. }
            | StepKind::Set { .. }
            | StepKind::SetType { .. }
            | StepKind::Merge { .. }
            | StepKind::Split { .. }
            | StepKind::Extract { .. }
            | StepKind::Replace { .. }
            | StepKind::CountPattern { .. }
            | StepKind::Sort { .. }
            | StepKind::Fill { .. }
            | StepKind::Nest { .. }
            | StepKind::Unnest { .. }
            | StepKind::Window { .. }
            | StepKind::Expect { .. } => Effect::Keeps,
        }
    }

    /// Why the rows changed, given how many went and came (the net change).
    pub fn reason(&self, removed: u64, added: u64) -> Option<String> {
        match self {
            Effect::Removes(why) if removed > 0 => Some(why.clone()),
            Effect::Adds(why) if added > 0 => Some(why.clone()),
            Effect::Changes { removes, .. } if removed > 0 => Some(removes.clone()),
            Effect::Changes { adds, .. } if added > 0 => Some(adds.clone()),
            Effect::Groups if removed > 0 || added > 0 => Some("one row per group".into()),
            _ => None,
        }
    }
}

fn join(table: &str, kind: JoinKind) -> Effect {
    let no_match = format!("no match in `{table}`");
    let several = format!("several matches in `{table}`");
    let unmatched = format!("rows of `{table}` without a match, or several matches");
    match kind {
        JoinKind::Inner => Effect::Changes {
            removes: no_match,
            adds: several,
        },
        JoinKind::Left => Effect::Adds(several),
        JoinKind::Right => Effect::Changes {
            removes: no_match,
            adds: unmatched,
        },
        JoinKind::Full => Effect::Adds(unmatched),
        JoinKind::Semi => Effect::Removes(no_match),
        JoinKind::Anti => Effect::Removes(format!("a match in `{table}`")),
    }
}

#[cfg(test)]
mod tests {
    use super::Effect;

    fn effect(step: &str) -> Effect {
        let parsed = wrangle_dsl::parse(step);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let step = parsed.recipe.steps().next().cloned().unwrap();
        Effect::of(&step.kind)
    }

    #[test]
    fn each_transform_says_why_rows_change() {
        let removes = |why: &str| Effect::Removes(why.into());
        assert_eq!(effect("dedup"), removes("duplicates"));
        assert_eq!(effect("dedup by a, b"), removes("duplicates by `a`, `b`"));
        assert_eq!(effect("limit 5"), removes("beyond the limit"));
        assert_eq!(
            effect("limit 5 offset 10"),
            removes("before the offset or beyond the limit")
        );
        assert_eq!(
            effect("join flights on id = flights.id kind semi"),
            removes("no match in `flights`")
        );
        assert_eq!(
            effect("join flights on id = flights.id kind anti"),
            removes("a match in `flights`")
        );
        assert_eq!(
            effect("join flights on id = flights.id"),
            Effect::Changes {
                removes: "no match in `flights`".into(),
                adds: "several matches in `flights`".into(),
            }
        );
        assert_eq!(
            effect("union a, b"),
            Effect::Adds("rows of `a`, `b`".into())
        );
        assert_eq!(effect("aggregate by g: n = count()"), Effect::Groups);
        assert_eq!(effect("unpivot a into k, v"), Effect::Keeps);
        assert_eq!(effect("lookup airlines on c = airlines.c"), Effect::Keeps);
        assert_eq!(effect("sort by a"), Effect::Keeps);
    }

    #[test]
    fn the_reason_follows_the_net_change() {
        let join = effect("join flights on id = flights.id");
        assert_eq!(join.reason(2, 0).as_deref(), Some("no match in `flights`"));
        assert_eq!(
            join.reason(0, 3).as_deref(),
            Some("several matches in `flights`")
        );
        assert_eq!(join.reason(0, 0), None);
        assert_eq!(
            Effect::Groups.reason(0, 1).as_deref(),
            Some("one row per group")
        );
        assert_eq!(Effect::Keeps.reason(0, 0), None);
    }
}
