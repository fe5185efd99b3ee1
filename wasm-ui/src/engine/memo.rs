//! What the app computed lately, kept by table identity: the profiles of the last tables
//! shown, and the outcome of the step last previewed. Adding the step just previewed then
//! runs nothing again, and a preview profiles only the columns its step touched.

use super::diff::Change;
use super::profile::{profile_after, ColumnProfile, Earlier};
use super::{StepOutcome, Table};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

/// Profiled tables kept (each holds its arrays; most share them with the step cache).
const PROFILED_TABLES: usize = 4;

/// The step last previewed: the table before it, its text, the version of the datasets'
/// bindings it read, and what it gave.
struct Previewed {
    before: Table,
    step: String,
    bound: u64,
    outcome: StepOutcome,
}

#[derive(Default)]
pub struct Memo {
    profiles: RefCell<VecDeque<(Table, Rc<Vec<ColumnProfile>>)>>,
    preview: RefCell<Option<Previewed>>,
}

impl Memo {
    /// The outcome of `step` on `before`, when it was the step last previewed on that table
    /// with the same bindings (`bound`) of the datasets the recipe reads.
    pub fn outcome(&self, before: &Table, step: &str, bound: u64) -> Option<StepOutcome> {
        match &*self.preview.borrow() {
            Some(p) if p.before == *before && p.step == step && p.bound == bound => {
                Some(p.outcome.clone())
            }
            _ => None,
        }
    }

    /// Keeps what a step gave, unless it waits for a dataset not read yet.
    pub fn remember_outcome(&self, before: &Table, step: &str, bound: u64, outcome: &StepOutcome) {
        *self.preview.borrow_mut() = match outcome {
            StepOutcome::Waiting(_) => None,
            _ => Some(Previewed {
                before: before.clone(),
                step: step.to_string(),
                bound,
                outcome: outcome.clone(),
            }),
        };
    }

    /// The profiles of `table`: remembered, or computed, reusing those of the table before
    /// the step for every column the step did not touch.
    pub fn profiles(
        &self,
        table: &Table,
        before: Option<(&Table, &Change)>,
    ) -> Rc<Vec<ColumnProfile>> {
        if let Some(known) = self.known(table) {
            return known;
        }
        let earlier = before.and_then(|(t, change)| Some((t, self.known(t)?, change)));
        let computed = Rc::new(profile_after(
            table,
            earlier.as_ref().map(|(t, profiles, change)| Earlier {
                table: t,
                profiles,
                change,
            }),
        ));
        let mut kept = self.profiles.borrow_mut();
        kept.push_front((table.clone(), computed.clone()));
        kept.truncate(PROFILED_TABLES);
        computed
    }

    fn known(&self, table: &Table) -> Option<Rc<Vec<ColumnProfile>>> {
        let mut kept = self.profiles.borrow_mut();
        let at = kept.iter().position(|(t, _)| t == table)?;
        // The most recently used first.
        let entry = kept.remove(at)?;
        let profiles = entry.1.clone();
        kept.push_front(entry);
        Some(profiles)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::diff::diff;
    use crate::engine::Runner;
    use datafusion::arrow::array::{ArrayRef, Int64Array, RecordBatch, StringArray};
    use datafusion::arrow::datatypes::{DataType, Field, Schema};
    use std::collections::HashMap;
    use std::sync::Arc;

    fn working_set() -> Table {
        let schema = Arc::new(Schema::new(vec![
            Field::new("name", DataType::Utf8, true),
            Field::new("n", DataType::Int64, true),
        ]));
        let name: ArrayRef = Arc::new(StringArray::from(vec!["a", "b", "b", "c"]));
        let n: ArrayRef = Arc::new(Int64Array::from(vec![1, 2, 3, 4]));
        let batch = RecordBatch::try_new(schema.clone(), vec![name, n]).unwrap();
        Table::numbered(schema, &[batch]).unwrap()
    }

    #[tokio::test]
    async fn a_step_reprofiles_only_what_it_touched() {
        let memo = Memo::default();
        let base = working_set();
        let first = memo.profiles(&base, None);
        assert!(
            Rc::ptr_eq(&first, &memo.profiles(&base, None)),
            "remembered"
        );
        let StepOutcome::Applied {
            table, values_kept, ..
        } = Runner::new()
            .apply(&base, "set n = n * 10", &HashMap::new())
            .await
        else {
            panic!("the step did not apply")
        };
        let change = diff(&base, &table, values_kept);
        let after = memo.profiles(&table, Some((&base, &change)));
        assert_eq!(after[0], first[0], "name is as it was");
        assert_eq!(after[0], crate::engine::profile::profile(&table)[0]);
        assert_eq!(
            after[1].histogram.last().unwrap().high,
            "40",
            "n was profiled again"
        );
    }

    #[tokio::test]
    async fn the_step_last_previewed_is_not_run_again() {
        let memo = Memo::default();
        let base = working_set();
        let outcome = Runner::new().apply(&base, "drop n", &HashMap::new()).await;
        memo.remember_outcome(&base, "drop n", 0, &outcome);
        assert!(memo.outcome(&base, "drop n", 0).is_some());
        assert!(memo.outcome(&base, "drop name", 0).is_none());
        assert!(
            memo.outcome(&base, "drop n", 1).is_none(),
            "other datasets bound"
        );
        assert!(
            memo.outcome(&working_set(), "drop n", 0).is_none(),
            "another table"
        );
    }
}
