//! Steps removed, and items of a step's lists (columns, assignments, keys) removed one at
//! a time.

use super::Shrinker;
use wrangle_dsl::ast::StepKind;

pub(super) async fn remove_steps(s: &mut Shrinker) {
    let mut i = s.best.steps.len();
    while i > 0 && !s.spent() {
        i -= 1;
        if s.best.steps.len() <= 1 {
            return;
        }
        let mut candidate = s.best.clone();
        candidate.steps.remove(i);
        s.try_case(candidate).await;
    }
}

/// Copies of a step with one item of one of its lists left out.
fn fewer_items(kind: &StepKind) -> Vec<StepKind> {
    fewer_column_items(kind)
        .or_else(|| fewer_row_items(kind))
        .or_else(|| fewer_reshape_items(kind))
        .or_else(|| fewer_combine_items(kind))
        .unwrap_or_default()
}

/// Copies of `items` with one item left out, none when it has `min` items or fewer.
fn without<T: Clone>(items: &[T], min: usize) -> Vec<Vec<T>> {
    if items.len() <= min {
        return Vec::new();
    }
    (0..items.len())
        .map(|i| {
            let mut v = items.to_vec();
            v.remove(i);
            v
        })
        .collect()
}

/// `fewer_items` of a column operation; `None` for a step of another family.
fn fewer_column_items(kind: &StepKind) -> Option<Vec<StepKind>> {
    let mut out = Vec::new();
    match kind {
        StepKind::Rename { pairs } => {
            for p in without(pairs, 1) {
                out.push(StepKind::Rename { pairs: p });
            }
        }
        StepKind::Drop { columns } => {
            for c in without(columns, 1) {
                out.push(StepKind::Drop { columns: c });
            }
        }
        StepKind::KeepColumns { columns } => {
            for c in without(columns, 1) {
                out.push(StepKind::KeepColumns { columns: c });
            }
        }
        StepKind::Derive { assignments } => {
            for a in without(assignments, 1) {
                out.push(StepKind::Derive { assignments: a });
            }
        }
        StepKind::Set {
            assignments,
            condition,
        } => {
            for a in without(assignments, 1) {
                out.push(StepKind::Set {
                    assignments: a,
                    condition: condition.clone(),
                });
            }
            if condition.is_some() {
                out.push(StepKind::Set {
                    assignments: assignments.clone(),
                    condition: None,
                });
            }
        }
        StepKind::SetType { columns } => {
            for c in without(columns, 1) {
                out.push(StepKind::SetType { columns: c });
            }
        }
        StepKind::Move { columns, place } => {
            for c in without(columns, 1) {
                out.push(StepKind::Move {
                    columns: c,
                    place: place.clone(),
                });
            }
        }
        StepKind::Merge {
            columns,
            separator,
            into,
        } => {
            for c in without(columns, 2) {
                out.push(StepKind::Merge {
                    columns: c,
                    separator: separator.clone(),
                    into: into.clone(),
                });
            }
        }
        StepKind::Replace {
            columns,
            matching,
            with,
        } => {
            for c in without(columns, 1) {
                out.push(StepKind::Replace {
                    columns: c,
                    matching: matching.clone(),
                    with: with.clone(),
                });
            }
        }
        _ => return None,
    }
    Some(out)
}

/// `fewer_items` of a row operation; `None` for a step of another family.
fn fewer_row_items(kind: &StepKind) -> Option<Vec<StepKind>> {
    let mut out = Vec::new();
    match kind {
        StepKind::Sort { keys } => {
            for k in without(keys, 1) {
                out.push(StepKind::Sort { keys: k });
            }
        }
        StepKind::Dedup { by, keep } => {
            for b in without(by, 0) {
                out.push(StepKind::Dedup { by: b, keep: *keep });
            }
        }
        StepKind::Fill { columns, with } => {
            for c in without(columns, 1) {
                out.push(StepKind::Fill {
                    columns: c,
                    with: with.clone(),
                });
            }
        }
        _ => return None,
    }
    Some(out)
}

/// `fewer_items` of a reshaping step; `None` for a step of another family.
fn fewer_reshape_items(kind: &StepKind) -> Option<Vec<StepKind>> {
    let mut out = Vec::new();
    match kind {
        StepKind::Aggregate { by, values } => {
            for b in without(by, 0) {
                out.push(StepKind::Aggregate {
                    by: b,
                    values: values.clone(),
                });
            }
            for v in without(values, 1) {
                out.push(StepKind::Aggregate {
                    by: by.clone(),
                    values: v,
                });
            }
        }
        StepKind::Pivot {
            column,
            values,
            using,
            by,
        } => {
            for b in without(by, 0) {
                out.push(StepKind::Pivot {
                    column: column.clone(),
                    values: values.clone(),
                    using: using.clone(),
                    by: b,
                });
            }
            if let Some(list) = values {
                for l in without(list, 1) {
                    out.push(StepKind::Pivot {
                        column: column.clone(),
                        values: Some(l),
                        using: using.clone(),
                        by: by.clone(),
                    });
                }
            }
        }
        StepKind::Unpivot {
            columns,
            key,
            value,
        } => {
            for c in without(columns, 1) {
                out.push(StepKind::Unpivot {
                    columns: c,
                    key: key.clone(),
                    value: value.clone(),
                });
            }
        }
        StepKind::Window { by, order, values } => {
            for b in without(by, 0) {
                out.push(StepKind::Window {
                    by: b,
                    order: order.clone(),
                    values: values.clone(),
                });
            }
            for o in without(order, 0) {
                out.push(StepKind::Window {
                    by: by.clone(),
                    order: o,
                    values: values.clone(),
                });
            }
            for v in without(values, 1) {
                out.push(StepKind::Window {
                    by: by.clone(),
                    order: order.clone(),
                    values: v,
                });
            }
        }
        StepKind::Nest {
            columns,
            into,
            kind,
        } => {
            for c in without(columns, 1) {
                out.push(StepKind::Nest {
                    columns: c,
                    into: into.clone(),
                    kind: *kind,
                });
            }
        }
        _ => return None,
    }
    Some(out)
}

/// `fewer_items` of a step that combines tables; `None` for a step of another family.
fn fewer_combine_items(kind: &StepKind) -> Option<Vec<StepKind>> {
    let mut out = Vec::new();
    match kind {
        StepKind::Union { tables, by } => {
            for t in without(tables, 1) {
                out.push(StepKind::Union { tables: t, by: *by });
            }
        }
        StepKind::Lookup { table, on, columns } => {
            for c in without(columns, 0) {
                out.push(StepKind::Lookup {
                    table: table.clone(),
                    on: on.clone(),
                    columns: c,
                });
            }
        }
        _ => return None,
    }
    Some(out)
}

pub(super) async fn remove_list_items(s: &mut Shrinker) {
    let mut i = 0;
    while i < s.best.steps.len() && !s.spent() {
        let mut progress = false;
        for kind in fewer_items(&s.best.steps[i].kind) {
            let mut candidate = s.best.clone();
            candidate.steps[i].kind = kind;
            if s.try_case(candidate).await {
                progress = true;
                break;
            }
        }
        if !progress {
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(text: &str) -> StepKind {
        wrangle_dsl::parse(text)
            .recipe
            .steps()
            .next()
            .expect("a step")
            .kind
            .clone()
    }

    #[test]
    fn a_step_loses_one_item_at_a_time() {
        let fewer: Vec<String> = fewer_items(&step("derive a = 1, b = 2, c = 3"))
            .iter()
            .map(|k| {
                wrangle_dsl::print_step(&wrangle_dsl::ast::Step {
                    kind: k.clone(),
                    span: Default::default(),
                })
            })
            .collect();
        assert_eq!(
            fewer,
            [
                "derive b = 2, c = 3",
                "derive a = 1, c = 3",
                "derive a = 1, b = 2"
            ]
        );
        assert!(fewer_items(&step("drop a")).is_empty());
    }
}
