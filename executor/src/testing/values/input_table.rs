//! An input table as a record batch: the types its header declares, or those its cells
//! take.

use super::read::{cell_value, literal_value_of};
use crate::compile::arrow_type;
use crate::testing::table::{Cell, HeaderCell, TableError, TableText};
use datafusion::arrow::array::{new_empty_array, ArrayRef, RecordBatch};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::common::ScalarValue;
use std::sync::Arc;

/// The type an untyped input column takes from its values: the common type of its
/// constants, or text when a cell is not a constant or the kinds differ.
fn inferred_type(cells: &[&Cell]) -> DataType {
    let mut found: Option<DataType> = None;
    for cell in cells {
        if cell.text == "null" {
            continue;
        }
        let Ok(value) = literal_value_of(&cell.text) else {
            return DataType::Utf8;
        };
        if value.is_null() {
            continue;
        }
        let here = value.data_type();
        found = match (found, here) {
            (None, here) => Some(here),
            (Some(a), b) if a == b => Some(a),
            (Some(DataType::Int64), DataType::Float64)
            | (Some(DataType::Float64), DataType::Int64) => Some(DataType::Float64),
            // An empty list says nothing about its items.
            (Some(DataType::List(f)), b @ DataType::List(_))
                if f.data_type() == &DataType::Null =>
            {
                Some(b)
            }
            (Some(a @ DataType::List(_)), DataType::List(f))
                if f.data_type() == &DataType::Null =>
            {
                Some(a)
            }
            // Timestamps with and without an offset: as the column type has none.
            (Some(DataType::Timestamp(unit, _)), DataType::Timestamp(..)) => {
                Some(DataType::Timestamp(unit, None))
            }
            _ => return DataType::Utf8,
        };
    }
    match found {
        Some(DataType::Timestamp(unit, Some(_))) => DataType::Timestamp(unit, None),
        Some(t) => t,
        None => DataType::Utf8,
    }
}

/// An input table as a record batch: declared types, or types taken from the values.
pub fn input_batch(table: &TableText) -> Result<RecordBatch, TableError> {
    let mut fields = Vec::new();
    let mut arrays: Vec<ArrayRef> = Vec::new();
    for (i, column) in table.columns.iter().enumerate() {
        let cells: Vec<&Cell> = table.rows.iter().map(|r| &r[i]).collect();
        let data_type = match &column.ty {
            Some(ty) => arrow_type(&ty.kind),
            None => inferred_type(&cells),
        };
        let values = cells
            .iter()
            .map(|cell| cell_value(cell, &data_type))
            .collect::<Result<Vec<_>, _>>()?;
        arrays.push(column_array(values, &data_type, column)?);
        fields.push(Field::new(column.name.clone(), data_type, true));
    }
    let schema = Arc::new(Schema::new(fields));
    RecordBatch::try_new_with_options(
        schema,
        arrays,
        &datafusion::arrow::array::RecordBatchOptions::new().with_row_count(Some(table.rows.len())),
    )
    .map_err(|e| TableError {
        at: table.columns.first().map(|c| c.at).unwrap_or_default(),
        message: e.to_string(),
    })
}

fn column_array(
    values: Vec<ScalarValue>,
    data_type: &DataType,
    column: &HeaderCell,
) -> Result<ArrayRef, TableError> {
    if values.is_empty() {
        return Ok(new_empty_array(data_type));
    }
    ScalarValue::iter_to_array(values).map_err(|e| TableError {
        at: column.at,
        message: format!("the column `{}`: {}", column.name, e.strip_backtrace()),
    })
}
