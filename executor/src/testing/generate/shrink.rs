//! Making a failing case small while it fails the same way (the same `Bug::key`): steps
//! removed, items of a step's lists removed, expressions replaced by their parts, rows and
//! unused columns removed, cells made null. Each attempt is a full run; a budget bounds
//! them.

use super::recipe::step_exprs_mut;
use super::run::{run_case, Outcome};
use super::table::Value;
use super::Case;
use wrangle_dsl::ast::{Expr, ExprKind, StepKind};

/// Tries one smaller case after another and keeps each that fails the same way.
struct Shrinker {
    key: String,
    budget: usize,
    runs: usize,
    best: Case,
    outcome: Outcome,
}

impl Shrinker {
    async fn try_case(&mut self, candidate: Case) -> bool {
        if self.runs >= self.budget {
            return false;
        }
        self.runs += 1;
        let candidate = candidate.without_unused_inputs();
        let outcome = run_case(&candidate).await;
        if outcome.bug().is_some_and(|b| b.key() == self.key) {
            self.best = candidate;
            self.outcome = outcome;
            true
        } else {
            false
        }
    }

    fn spent(&self) -> bool {
        self.runs >= self.budget
    }
}

/// The smallest case found that fails like `case` (whose outcome is `outcome`), and its
/// outcome, after at most `budget` runs.
pub async fn shrink(case: &Case, outcome: Outcome, budget: usize) -> (Case, Outcome) {
    let Some(bug) = outcome.bug() else {
        return (case.clone(), outcome);
    };
    let mut s = Shrinker {
        key: bug.key(),
        budget,
        runs: 0,
        best: case.clone(),
        outcome,
    };
    loop {
        let before = size(&s.best);
        remove_steps(&mut s).await;
        remove_list_items(&mut s).await;
        simplify_exprs(&mut s).await;
        remove_rows(&mut s).await;
        remove_columns(&mut s).await;
        null_cells(&mut s).await;
        if s.spent() || size(&s.best) >= before {
            break;
        }
    }
    (s.best, s.outcome)
}

/// How big a case is: what the passes make smaller.
fn size(case: &Case) -> usize {
    let cells = |t: &super::Table| {
        t.rows.len() * (t.columns.len() + 1)
            + t.columns.len()
            + t.rows
                .iter()
                .flatten()
                .filter(|v| **v != Value::Null)
                .count()
    };
    let text = case.recipe().len();
    cells(&case.input) + case.with.iter().map(|(_, t)| cells(t)).sum::<usize>() + text
}

async fn remove_steps(s: &mut Shrinker) {
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
        StepKind::Fill { columns, with } => {
            for c in without(columns, 1) {
                out.push(StepKind::Fill {
                    columns: c,
                    with: with.clone(),
                });
            }
        }
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
        _ => {}
    }
    out
}

async fn remove_list_items(s: &mut Shrinker) {
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

/// The expressions directly inside an expression.
fn children(e: &Expr) -> Vec<&Expr> {
    match &e.kind {
        ExprKind::Literal(_) | ExprKind::Column(_) | ExprKind::Qualified { .. } => Vec::new(),
        ExprKind::Call { args, .. } | ExprKind::List(args) => args.iter().collect(),
        ExprKind::Unary { expr, .. } | ExprKind::IsNull { expr, .. } => vec![expr],
        ExprKind::Binary { left, right, .. } => vec![left, right],
        ExprKind::InList { expr, list, .. } => {
            let mut v: Vec<&Expr> = vec![expr];
            v.extend(list);
            v
        }
        ExprKind::Between {
            expr, low, high, ..
        } => vec![expr, low, high],
        ExprKind::Case {
            branches,
            otherwise,
        } => {
            let mut v: Vec<&Expr> = Vec::new();
            for (w, t) in branches {
                v.push(w);
                v.push(t);
            }
            if let Some(o) = otherwise {
                v.push(o);
            }
            v
        }
        ExprKind::Struct(fields) => fields.iter().map(|(_, v)| v).collect(),
    }
}

/// The expression with its `i`-th child replaced.
fn with_child(e: &Expr, i: usize, new: Expr) -> Expr {
    let mut out = e.clone();
    let mut slots: Vec<&mut Expr> = match &mut out.kind {
        ExprKind::Literal(_) | ExprKind::Column(_) | ExprKind::Qualified { .. } => Vec::new(),
        ExprKind::Call { args, .. } | ExprKind::List(args) => args.iter_mut().collect(),
        ExprKind::Unary { expr, .. } | ExprKind::IsNull { expr, .. } => vec![expr],
        ExprKind::Binary { left, right, .. } => vec![left, right],
        ExprKind::InList { expr, list, .. } => {
            let mut v: Vec<&mut Expr> = vec![expr];
            v.extend(list.iter_mut());
            v
        }
        ExprKind::Between {
            expr, low, high, ..
        } => vec![expr, low, high],
        ExprKind::Case {
            branches,
            otherwise,
        } => {
            let mut v: Vec<&mut Expr> = Vec::new();
            for (w, t) in branches.iter_mut() {
                v.push(w);
                v.push(t);
            }
            if let Some(o) = otherwise {
                v.push(o);
            }
            v
        }
        ExprKind::Struct(fields) => fields.iter_mut().map(|(_, v)| v).collect(),
    };
    if let Some(slot) = slots.get_mut(i) {
        **slot = new;
    }
    out
}

/// Simpler versions of an expression: each part of it in its place, and calls without
/// their last argument.
fn simpler(e: &Expr, limit: usize) -> Vec<Expr> {
    let mut out: Vec<Expr> = children(e).into_iter().cloned().collect();
    if let ExprKind::Call { function, args } = &e.kind {
        if !args.is_empty() {
            out.push(Expr::new(
                ExprKind::Call {
                    function: function.clone(),
                    args: args[..args.len() - 1].to_vec(),
                },
                e.span,
            ));
        }
    }
    for (i, child) in children(e).into_iter().enumerate() {
        if out.len() >= limit {
            break;
        }
        for v in simpler(child, limit) {
            out.push(with_child(e, i, v));
        }
    }
    out.truncate(limit);
    out
}

async fn simplify_exprs(s: &mut Shrinker) {
    for step in 0..s.best.steps.len() {
        let mut slot = 0;
        loop {
            if s.spent() || step >= s.best.steps.len() {
                return;
            }
            let mut exprs: Vec<Expr> = Vec::new();
            step_exprs_mut(&mut s.best.steps[step].kind.clone(), &mut |e| {
                exprs.push(e.clone())
            });
            let Some(current) = exprs.get(slot).cloned() else {
                break;
            };
            let mut progress = false;
            for v in simpler(&current, 40) {
                let mut candidate = s.best.clone();
                let mut n = 0;
                step_exprs_mut(&mut candidate.steps[step].kind, &mut |e| {
                    if n == slot {
                        *e = v.clone();
                    }
                    n += 1;
                });
                if s.try_case(candidate).await {
                    progress = true;
                    break;
                }
                if s.spent() {
                    return;
                }
            }
            if !progress {
                slot += 1;
            }
        }
    }
}

/// Removes rows of every table, in halves, then quarters, down to single rows.
async fn remove_rows(s: &mut Shrinker) {
    for table in 0..=s.best.with.len() {
        let rows = |c: &Case| {
            if table == 0 {
                c.input.rows.len()
            } else {
                c.with.get(table - 1).map_or(0, |(_, t)| t.rows.len())
            }
        };
        let mut chunk = rows(&s.best).div_ceil(2).max(1);
        loop {
            let mut start = 0;
            while start < rows(&s.best) && !s.spent() {
                let end = (start + chunk).min(rows(&s.best));
                let mut candidate = s.best.clone();
                let t = if table == 0 {
                    &mut candidate.input
                } else {
                    match candidate.with.get_mut(table - 1) {
                        Some((_, t)) => t,
                        None => return,
                    }
                };
                t.rows.drain(start..end);
                if !s.try_case(candidate).await {
                    start = end;
                }
            }
            if chunk == 1 || s.spent() {
                break;
            }
            chunk = chunk.div_ceil(2);
        }
    }
}

/// Removes columns of the tables that the recipe turns out not to need.
async fn remove_columns(s: &mut Shrinker) {
    for table in 0..=s.best.with.len() {
        let mut column = 0;
        loop {
            if s.spent() {
                return;
            }
            let width = if table == 0 {
                s.best.input.columns.len()
            } else {
                s.best
                    .with
                    .get(table - 1)
                    .map_or(0, |(_, t)| t.columns.len())
            };
            if column >= width || width <= 1 {
                break;
            }
            let mut candidate = s.best.clone();
            if table == 0 {
                candidate.input = candidate.input.without_column(column);
            } else if let Some((_, t)) = candidate.with.get_mut(table - 1) {
                *t = t.without_column(column);
            }
            if !s.try_case(candidate).await {
                column += 1;
            }
        }
    }
}

/// Makes cells null where the failure does not need their values.
async fn null_cells(s: &mut Shrinker) {
    for table in 0..=s.best.with.len() {
        let (rows, width) = {
            let t = if table == 0 {
                &s.best.input
            } else {
                match s.best.with.get(table - 1) {
                    Some((_, t)) => t,
                    None => return,
                }
            };
            (t.rows.len(), t.columns.len())
        };
        for row in 0..rows {
            for col in 0..width {
                if s.spent() {
                    return;
                }
                let mut candidate = s.best.clone();
                let t = if table == 0 {
                    &mut candidate.input
                } else {
                    match candidate.with.get_mut(table - 1) {
                        Some((_, t)) => t,
                        None => return,
                    }
                };
                let Some(cell) = t.rows.get_mut(row).and_then(|r| r.get_mut(col)) else {
                    continue;
                };
                if *cell == Value::Null {
                    continue;
                }
                *cell = Value::Null;
                s.try_case(candidate).await;
            }
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

    fn expr(text: &str) -> Expr {
        wrangle_dsl::parse_expr(text).expect("an expression")
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

    #[test]
    fn an_expression_is_replaced_by_its_parts() {
        let shown: Vec<String> = simpler(&expr("upper(a) ++ b"), 10)
            .iter()
            .map(wrangle_dsl::print_expr)
            .collect();
        assert!(shown.contains(&"upper(a)".to_string()), "{shown:?}");
        assert!(shown.contains(&"b".to_string()), "{shown:?}");
        assert!(shown.contains(&"a ++ b".to_string()), "{shown:?}");
    }
}
