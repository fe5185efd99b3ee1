//! What a step changed: the columns it added and removed, the rows it removed, and the
//! cells whose values changed. Rows are matched by their hidden row number; where a step
//! dropped it (an `aggregate`), only the columns are compared.

use super::row_set::RowSet;
use super::table::{RowPositions, Table};
use datafusion::arrow::array::{make_comparator, Array, ArrayRef, UInt32Array};
use datafusion::arrow::buffer::BooleanBuffer;
use datafusion::arrow::compute::kernels::cmp::distinct;
use datafusion::arrow::compute::{take, SortOptions};
use std::collections::HashMap;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Change {
    pub added_columns: Vec<String>,
    pub removed_columns: Vec<String>,
    /// Rows of the table before the step that are not in the table after it.
    pub removed_rows: RowSet,
    /// By column, the rows of the table after the step whose cell changed.
    pub changed_cells: HashMap<String, RowSet>,
    pub rows_before: usize,
    pub rows_after: usize,
    /// Whether rows could be matched (cells and removed rows are known).
    pub rows_matched: bool,
    /// The rows kept are in another order.
    pub reordered: bool,
}

impl Change {
    pub fn changed_cell_count(&self) -> usize {
        self.changed_cells.values().map(RowSet::len).sum()
    }

    pub fn is_changed(&self, column: &str, row: usize) -> bool {
        self.changed_cells
            .get(column)
            .is_some_and(|rows| rows.contains(row))
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

/// What the step that made `after` from `before` changed. `values_kept`: the step can only
/// remove, reorder or rename (a filter, a sort, a `drop`), so no cell can have changed and
/// the cells are not compared.
pub fn diff(before: &Table, after: &Table, values_kept: bool) -> Change {
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
    // Row i of `after` is row pairs[i] of `before` (no pairs: row i is row i).
    let pairs: Option<UInt32Array> = match (before.row_ids(), after.row_ids()) {
        (Some(b), Some(a))
            if a.to_data().ptr_eq(&b.to_data())
                || (a.null_count() == 0 && b.null_count() == 0 && a.values() == b.values()) =>
        {
            change.rows_matched = true;
            None
        }
        (Some(b), Some(a)) => {
            // A number on more than one row (after a join): rows cannot be matched.
            let Some(at) = RowPositions::of(b) else {
                return change;
            };
            let pairs: UInt32Array = a
                .iter()
                .map(|id| id.and_then(|id| at.get(id)).map(|j| j as u32))
                .collect();
            let mut kept = vec![false; b.len()];
            for j in pairs.iter().flatten() {
                kept[j as usize] = true;
            }
            change.reordered = pairs
                .iter()
                .flatten()
                .zip(pairs.iter().flatten().skip(1))
                .any(|(a, b)| a > b);
            change.removed_rows = RowSet::from_bits(!&BooleanBuffer::from(kept));
            change.rows_matched = true;
            Some(pairs)
        }
        _ if before.num_rows() == after.num_rows() => {
            change.rows_matched = true;
            None
        }
        _ => return change,
    };
    if values_kept {
        return change;
    }
    for name in after_names.iter().filter(|n| before_names.contains(n)) {
        let (Some(old), Some(new)) = (before.column(name), after.column(name)) else {
            continue;
        };
        if pairs.is_none() && old.to_data().ptr_eq(&new.to_data()) {
            continue;
        }
        let changed = changed_cells(old, new, pairs.as_ref());
        if !changed.is_empty() {
            change.changed_cells.insert(name.clone(), changed);
        }
    }
    change
}

/// The rows of `new` whose cell is not the one of `old` in the row it came from.
fn changed_cells(old: &ArrayRef, new: &ArrayRef, pairs: Option<&UInt32Array>) -> RowSet {
    let aligned = match pairs {
        Some(pairs) => match take(old.as_ref(), pairs, None) {
            Ok(a) => a,
            Err(_) => return RowSet::default(),
        },
        None => old.clone(),
    };
    // Rows that came from no row before (none are, while row numbers are kept) are new,
    // not changed.
    let matched = |i: usize| pairs.is_none_or(|p| p.is_valid(i));
    if old.data_type() == new.data_type() {
        if let Ok(differs) = distinct(&aligned, new) {
            // The kernel's bitmap is the set, less the rows that came from no row.
            let bits = match pairs.and_then(|p| p.nulls()) {
                Some(from_a_row) => differs.values() & from_a_row.inner(),
                None => differs.values().clone(),
            };
            return RowSet::from_bits(bits);
        }
        if let Ok(compare) = make_comparator(aligned.as_ref(), new.as_ref(), SortOptions::default())
        {
            return RowSet::of(
                new.len(),
                (0..new.len()).filter(|&i| matched(i) && compare(i, i).is_ne()),
            );
        }
    }
    // Another type: every value is new, but for cells null before and after.
    RowSet::of(
        new.len(),
        (0..new.len()).filter(|&i| matched(i) && !(aligned.is_null(i) && new.is_null(i))),
    )
}
