//! Making a failing case small while it fails the same way (the same `Bug::key`): steps
//! removed, items of a step's lists removed, expressions replaced by their parts, rows and
//! unused columns removed, cells made null. Each attempt is a full run; a budget bounds
//! them.
//!
//! | file | what it does |
//! | --- | --- |
//! | `mod.rs` | the loop over the passes, within the budget; the size of a case |
//! | `steps.rs` | steps removed, items of a step's lists removed |
//! | `exprs.rs` | expressions replaced by their parts |
//! | `tables.rs` | rows and unused columns removed, cells made null |

mod exprs;
mod steps;
mod tables;

use super::run::{run_case, Outcome};
use super::table::Value;
use super::Case;
use exprs::simplify_exprs;
use steps::{remove_list_items, remove_steps};
use tables::{null_cells, remove_columns, remove_rows};

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
