//! Every expression of a step: read (what the recipe calls) or changed (the shrinker
//! simplifies them).

use wrangle_dsl::ast::*;

/// Calls `f` on every expression of a step.
pub fn step_exprs<'a>(kind: &'a StepKind, f: &mut impl FnMut(&'a Expr)) {
    match kind {
        StepKind::Derive { assignments } => assignments.iter().for_each(|a| f(&a.value)),
        StepKind::Set {
            assignments,
            condition,
        } => {
            assignments.iter().for_each(|a| f(&a.value));
            if let Some(c) = condition {
                f(c);
            }
        }
        StepKind::KeepRows { condition }
        | StepKind::DeleteRows { condition }
        | StepKind::Expect { condition, .. } => f(condition),
        StepKind::Sort { keys } => keys.iter().for_each(|k| f(&k.expr)),
        StepKind::Fill {
            with: FillWith::Value(v),
            ..
        } => f(v),
        StepKind::Aggregate { by, values } => {
            by.iter().for_each(|k| f(&k.expr));
            values.iter().for_each(|a| f(&a.value));
        }
        StepKind::Pivot { values, using, .. } => {
            for v in values.iter().flatten() {
                f(v);
            }
            f(using);
        }
        StepKind::Window { order, values, .. } => {
            order.iter().for_each(|k| f(&k.expr));
            values.iter().for_each(|a| f(&a.value));
        }
        StepKind::Join { on, .. } | StepKind::Lookup { on, .. } => f(on),
        _ => {}
    }
}

/// Calls `f` on every expression of a step, to change it (the shrinker simplifies them).
pub fn step_exprs_mut(kind: &mut StepKind, f: &mut impl FnMut(&mut Expr)) {
    match kind {
        StepKind::Derive { assignments } => assignments.iter_mut().for_each(|a| f(&mut a.value)),
        StepKind::Set {
            assignments,
            condition,
        } => {
            assignments.iter_mut().for_each(|a| f(&mut a.value));
            if let Some(c) = condition {
                f(c);
            }
        }
        StepKind::KeepRows { condition }
        | StepKind::DeleteRows { condition }
        | StepKind::Expect { condition, .. } => f(condition),
        StepKind::Sort { keys } => keys.iter_mut().for_each(|k| f(&mut k.expr)),
        StepKind::Fill {
            with: FillWith::Value(v),
            ..
        } => f(v),
        StepKind::Aggregate { by, values } => {
            by.iter_mut().for_each(|k| f(&mut k.expr));
            values.iter_mut().for_each(|a| f(&mut a.value));
        }
        StepKind::Pivot { values, using, .. } => {
            for v in values.iter_mut().flatten() {
                f(v);
            }
            f(using);
        }
        StepKind::Window { order, values, .. } => {
            order.iter_mut().for_each(|k| f(&mut k.expr));
            values.iter_mut().for_each(|a| f(&mut a.value));
        }
        StepKind::Join { on, .. } | StepKind::Lookup { on, .. } => f(on),
        _ => {}
    }
}
