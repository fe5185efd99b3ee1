//! What a step changed: the columns it added and removed, the rows it removed, and the
//! cells whose values changed. Rows are matched by their hidden row number; where a step
//! dropped it (an `aggregate`), only the columns are compared.

use super::table::Table;
use datafusion::arrow::array::{make_comparator, Array};
use datafusion::arrow::compute::SortOptions;
use std::collections::{BTreeSet, HashMap, HashSet};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Change {
    pub added_columns: Vec<String>,
    pub removed_columns: Vec<String>,
    /// Rows of the table before the step that are not in the table after it.
    pub removed_rows: BTreeSet<usize>,
    /// By column, the rows of the table after the step whose cell changed.
    pub changed_cells: HashMap<String, HashSet<usize>>,
    pub rows_before: usize,
    pub rows_after: usize,
    /// Whether rows could be matched (cells and removed rows are known).
    pub rows_matched: bool,
    /// The rows kept are in another order.
    pub reordered: bool,
}

impl Change {
    pub fn changed_cell_count(&self) -> usize {
        self.changed_cells.values().map(HashSet::len).sum()
    }

    pub fn is_changed(&self, column: &str, row: usize) -> bool {
        self.changed_cells
            .get(column)
            .is_some_and(|rows| rows.contains(&row))
    }

    /// One line for the analyst: what the step would do.
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        if !self.added_columns.is_empty() {
            parts.push(format!("adds {}", self.added_columns.join(", ")));
        }
        if !self.removed_columns.is_empty() {
            parts.push(format!("removes {}", self.removed_columns.join(", ")));
        }
        if self.rows_matched && !self.removed_rows.is_empty() {
            parts.push(format!(
                "removes {}",
                plural(self.removed_rows.len(), "row", "rows")
            ));
        }
        if self.reordered {
            parts.push("reorders the rows".to_string());
        }
        let cells = self.changed_cell_count();
        if cells > 0 {
            parts.push(format!("changes {}", plural(cells, "cell", "cells")));
        }
        if self.rows_after != self.rows_before
            && (!self.rows_matched || self.rows_after > self.rows_before)
        {
            parts.push(format!(
                "{} → {}",
                plural(self.rows_before, "row", "rows"),
                plural(self.rows_after, "row", "rows")
            ));
        }
        if parts.is_empty() {
            "changes nothing in the working set".to_string()
        } else {
            parts.join("; ")
        }
    }
}

pub fn diff(before: &Table, after: &Table) -> Change {
    let before_names = before.column_names();
    let after_names = after.column_names();
    let mut change = Change {
        added_columns: after_names
            .iter()
            .filter(|n| !before_names.contains(n))
            .cloned()
            .collect(),
        removed_columns: before_names
            .iter()
            .filter(|n| !after_names.contains(n))
            .cloned()
            .collect(),
        rows_before: before.num_rows(),
        rows_after: after.num_rows(),
        ..Change::default()
    };
    // Row i of `after` is row pairs[i] of `before`.
    let pairs: Vec<Option<usize>> = match (before.row_ids(), after.row_ids()) {
        (Some(b), Some(a)) => {
            let at: HashMap<i64, usize> = (0..b.len())
                .filter(|&i| b.is_valid(i))
                .map(|i| (b.value(i), i))
                .collect();
            let pairs: Vec<Option<usize>> = (0..a.len())
                .map(|i| {
                    a.is_valid(i)
                        .then(|| at.get(&a.value(i)).copied())
                        .flatten()
                })
                .collect();
            let kept: HashSet<usize> = pairs.iter().flatten().copied().collect();
            change.reordered = pairs
                .iter()
                .flatten()
                .zip(pairs.iter().flatten().skip(1))
                .any(|(a, b)| a > b);
            change.removed_rows = (0..b.len()).filter(|i| !kept.contains(i)).collect();
            change.rows_matched = true;
            pairs
        }
        _ if before.num_rows() == after.num_rows() => {
            change.rows_matched = true;
            (0..after.num_rows()).map(Some).collect()
        }
        _ => return change,
    };
    for name in after_names.iter().filter(|n| before_names.contains(n)) {
        let (Some(old), Some(new)) = (before.column(name), after.column(name)) else {
            continue;
        };
        let same_type = old.data_type() == new.data_type();
        let compare = if same_type {
            make_comparator(old.as_ref(), new.as_ref(), SortOptions::default()).ok()
        } else {
            None
        };
        let mut changed = HashSet::new();
        for (i, pair) in pairs.iter().enumerate() {
            let Some(j) = *pair else { continue };
            let differs = match &compare {
                Some(cmp) => cmp(j, i).is_ne(),
                // Another type: every value is new, but for cells null before and after.
                None => !(old.is_null(j) && new.is_null(i)),
            };
            if differs {
                changed.insert(i);
            }
        }
        if !changed.is_empty() {
            change.changed_cells.insert(name.clone(), changed);
        }
    }
    change
}
