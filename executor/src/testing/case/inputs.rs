//! The case's tables as the recipe's inputs: the main one cut at the recipe's `header row`,
//! the named ones as they are.

use super::errors::Errors;
use super::{failed, rows, CaseResult};
use crate::compile::Inputs;
use crate::planning::header_row;
use crate::testing::table::{HeaderCell, TableText};
use crate::testing::values::{cell_value, input_batch};
use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::DataType;
use datafusion::common::ScalarValue;
use std::collections::HashMap;

/// The case's tables as the recipe's inputs (the main one cut at the recipe's `header
/// row`), or the case's result when they cannot be.
pub(super) fn case_inputs(
    errors: &Errors<'_>,
    parsed: &wrangle_dsl::Parsed,
    input_text: &TableText,
    input: &RecordBatch,
) -> Result<Inputs, CaseResult> {
    let main_batch = match header_row(&parsed.recipe) {
        Some(row) => with_header(input_text, row).map_err(|why| errors.judge(why))?,
        None => input.clone(),
    };
    let mut tables = HashMap::new();
    for (name, batch) in &errors.case.with {
        let plan =
            crate::planning::in_memory(name, batch).map_err(|e| failed(e.strip_backtrace()))?;
        tables.insert(name.clone(), plan);
    }
    let main = crate::planning::in_memory("input", &main_batch)
        .map_err(|e| failed(e.strip_backtrace()))?;
    Ok(Inputs { main, tables })
}

/// With a leading `header row N` the input table holds raw rows: row N (under the table's
/// own header line) names the columns, the rows above it go, and the types come from the
/// rows below it, as when a file is read.
fn with_header(table: &TableText, row: u64) -> Result<RecordBatch, String> {
    let row = usize::try_from(row).unwrap_or(usize::MAX);
    if row == 0 || row > table.rows.len() {
        return Err(format!(
            "the recipe takes its header from row {row}, but the input table has {}",
            rows(table.rows.len() as u64)
        ));
    }
    let columns = table
        .columns
        .iter()
        .zip(&table.rows[row - 1])
        .map(|(column, cell)| {
            let name = match cell_value(cell, &DataType::Utf8) {
                Ok(ScalarValue::Utf8(Some(s))) => s,
                _ => cell.text.clone(),
            };
            HeaderCell {
                name,
                ty: column.ty.clone(),
                at: cell.at,
            }
        })
        .collect();
    let raw = TableText {
        columns,
        rows: table.rows[row..].to_vec(),
    };
    input_batch(&raw).map_err(|e| e.message)
}
