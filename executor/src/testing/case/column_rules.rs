//! Rules on a column of the output: `unique`, `not_null`, `accepted`.

use super::assertions::names;
use super::Failure;
use crate::testing::file::TestFile;
use crate::testing::table::Cell;
use crate::testing::values::{cell_text, cell_value};
use datafusion::arrow::array::{Array, ArrayRef, RecordBatch};
use datafusion::common::ScalarValue;
use std::collections::{HashMap, HashSet};

/// `unique(a, b)`: no two rows share these columns' values.
pub(super) fn check_unique(columns: &[String], output: &RecordBatch) -> Option<Failure> {
    let found: Result<Vec<_>, _> = columns.iter().map(|c| column(output, c)).collect();
    let found = match found {
        Ok(f) => f,
        Err(f) => return Some(f),
    };
    let mut seen: HashMap<Vec<String>, usize> = HashMap::new();
    for row in 0..output.num_rows() {
        let key: Vec<String> = found
            .iter()
            .map(|(_, a)| {
                ScalarValue::try_from_array(a, row)
                    .map(|v| cell_text(&v))
                    .unwrap_or_default()
            })
            .collect();
        *seen.entry(key).or_default() += 1;
    }
    let mut repeated: Vec<_> = seen.into_iter().filter(|(_, n)| *n > 1).collect();
    if repeated.is_empty() {
        return None;
    }
    repeated.sort();
    let examples: Vec<String> = repeated
        .iter()
        .take(5)
        .map(|(k, n)| format!("{} ×{n}", k.join(", ")))
        .collect();
    Some(Failure::Message(format!(
        "unique({}): {} values repeat: {}",
        columns.join(", "),
        repeated.len(),
        examples.join("; ")
    )))
}

/// `not_null(a)`: the column has no nulls.
pub(super) fn check_not_null(name: &str, output: &RecordBatch) -> Option<Failure> {
    let array = match column(output, name) {
        Ok((_, array)) => array,
        Err(f) => return Some(f),
    };
    if array.null_count() == 0 {
        return None;
    }
    let rows: Vec<String> = (0..array.len())
        .filter(|&r| array.is_null(r))
        .take(10)
        .map(|r| (r + 1).to_string())
        .collect();
    Some(Failure::Message(format!(
        "not_null({name}): {} nulls, in rows {}",
        array.null_count(),
        rows.join(", ")
    )))
}

/// `accepted`: the column's values (nulls aside) are among these cells.
pub(super) fn check_accepted(
    file: &TestFile,
    name: &str,
    cells: &[Cell],
    output: &RecordBatch,
) -> Option<Failure> {
    let (i, array) = match column(output, name) {
        Ok(found) => found,
        Err(f) => return Some(f),
    };
    let data_type = output.schema().field(i).data_type().clone();
    let allowed: Result<HashSet<String>, String> = cells
        .iter()
        .map(|c| {
            cell_value(c, &data_type)
                .map(|v| cell_text(&v))
                .map_err(|e| format!("{}: accepted `{name}`: {}", file.location(e.at), e.message))
        })
        .collect();
    let allowed = match allowed {
        Ok(a) => a,
        Err(why) => return Some(Failure::Message(why)),
    };
    let mut others: Vec<String> = Vec::new();
    let mut count = 0;
    for row in 0..array.len() {
        if array.is_null(row) {
            continue;
        }
        let text = ScalarValue::try_from_array(&array, row)
            .map(|v| cell_text(&v))
            .unwrap_or_default();
        if !allowed.contains(&text) {
            count += 1;
            if !others.contains(&text) && others.len() < 5 {
                others.push(text);
            }
        }
    }
    (count > 0).then(|| {
        Failure::Message(format!(
            "accepted({name}): {count} rows have other values: {}",
            others.join(", ")
        ))
    })
}

/// The output's column `name`, with its index, or a failure naming the columns it has.
fn column(output: &RecordBatch, name: &str) -> Result<(usize, ArrayRef), Failure> {
    let schema = output.schema();
    schema
        .index_of(name)
        .map(|i| (i, output.column(i).clone()))
        .map_err(|_| {
            Failure::Message(format!(
                "the output has no column `{name}` (it has {})",
                names(&schema).join(", ")
            ))
        })
}
