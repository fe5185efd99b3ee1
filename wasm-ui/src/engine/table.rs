//! A table in the browser: one Arrow record batch, with a hidden row number that follows
//! each row through the steps (so a preview can say which rows a step removed and which
//! cells it changed), and the cells that did not fit their column's type.

use datafusion::arrow::array::{Array, ArrayRef, AsArray, Int64Array, RecordBatch};
use datafusion::arrow::compute::concat_batches;
use datafusion::arrow::datatypes::{DataType, Field, Int64Type, Schema, SchemaRef};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// The hidden column numbering the working set's rows from 1. Not `__wrangle_row`: the
/// compiler numbers rows under that name while a `fill` or a `dedup … keep` runs.
pub const ROW_ID: &str = "__wrangle_working_set_row";

/// Cells that did not fit their column's type at a `settype`, by column (its name now).
pub type Mismatched = HashMap<String, Marks>;

/// A column's cells that did not fit the type a `settype` gave it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Marks {
    /// The column's name at the `settype` (a later `rename` changes the key, not this).
    pub column_at_settype: String,
    /// The type it was given, as the language writes it.
    pub type_text: String,
    /// By row number, the text the cell held before.
    pub rows: BTreeMap<i64, String>,
}

impl Marks {
    pub fn contains(&self, id: &i64) -> bool {
        self.rows.contains_key(id)
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

#[derive(Clone, Debug)]
pub struct Table {
    pub batch: RecordBatch,
    pub mismatched: Arc<Mismatched>,
}

impl Table {
    /// A working set: the batches as read, numbered.
    pub fn numbered(schema: SchemaRef, batches: &[RecordBatch]) -> Result<Table, String> {
        let batch = concat_batches(&schema, batches).map_err(|e| e.to_string())?;
        let rows = batch.num_rows() as i64;
        let ids: ArrayRef = Arc::new(Int64Array::from_iter_values(1..=rows));
        let mut fields: Vec<Field> = schema
            .fields()
            .iter()
            .filter(|f| f.name() != ROW_ID)
            .map(|f| f.as_ref().clone())
            .collect();
        let mut columns: Vec<ArrayRef> = schema
            .fields()
            .iter()
            .zip(batch.columns())
            .filter(|(f, _)| f.name() != ROW_ID)
            .map(|(_, c)| c.clone())
            .collect();
        fields.push(Field::new(ROW_ID, DataType::Int64, false));
        columns.push(ids);
        let batch = RecordBatch::try_new(Arc::new(Schema::new(fields)), columns)
            .map_err(|e| e.to_string())?;
        Ok(Table {
            batch,
            mismatched: Arc::default(),
        })
    }

    /// A table a step produced.
    pub fn of(batch: RecordBatch, mismatched: Mismatched) -> Table {
        Table {
            batch,
            mismatched: Arc::new(mismatched),
        }
    }

    pub fn num_rows(&self) -> usize {
        self.batch.num_rows()
    }

    /// The columns the analyst sees: every column but the row number, with its index.
    pub fn columns(&self) -> Vec<(usize, &Field)> {
        self.batch
            .schema_ref()
            .fields()
            .iter()
            .enumerate()
            .filter(|(_, f)| f.name() != ROW_ID)
            .map(|(i, f)| (i, f.as_ref()))
            .collect()
    }

    pub fn column_names(&self) -> Vec<String> {
        self.columns()
            .iter()
            .map(|(_, f)| f.name().clone())
            .collect()
    }

    pub fn column(&self, name: &str) -> Option<&ArrayRef> {
        self.batch.column_by_name(name).filter(|_| name != ROW_ID)
    }

    /// The row numbers, while the steps kept them (an `aggregate` does not).
    pub fn row_ids(&self) -> Option<&Int64Array> {
        self.batch
            .column_by_name(ROW_ID)
            .filter(|c| c.data_type() == &DataType::Int64)
            .map(|c| c.as_primitive::<Int64Type>())
    }

    /// The row number of row `i` (1-based), when known.
    pub fn row_id(&self, i: usize) -> Option<i64> {
        self.row_ids()
            .filter(|ids| i < ids.len() && ids.is_valid(i))
            .map(|ids| ids.value(i))
    }

    /// The table without its row numbers, for steps whose meaning they would change (a
    /// `dedup` of whole rows, a `pivot` grouped by every other column, a `union`).
    pub fn without_row_ids(&self) -> Result<RecordBatch, String> {
        let keep: Vec<usize> = self.columns().iter().map(|(i, _)| *i).collect();
        self.batch.project(&keep).map_err(|e| e.to_string())
    }

    /// Whether the cell of `column` in row `i` did not fit its type.
    pub fn is_mismatched(&self, column: &str, i: usize) -> bool {
        self.mismatched_text(column, i).is_some()
    }

    /// The text a cell held before a `settype` it did not fit, and the type it was given.
    pub fn mismatched_text(&self, column: &str, i: usize) -> Option<(&str, &str)> {
        let marks = self.mismatched.get(column)?;
        let text = marks.rows.get(&self.row_id(i)?)?;
        Some((text.as_str(), marks.type_text.as_str()))
    }
}

/// Where each row number is: the row holding number `id`. Row numbers are small and dense
/// (1 to the working set's rows), so this is a vector, not a map; a map when they are not.
pub enum RowPositions {
    Dense(Vec<u32>),
    Sparse(HashMap<i64, u32>),
}

impl RowPositions {
    /// `None` when a number is on more than one row (after a join, `split rows` or
    /// `unnest`): rows cannot be told apart by their numbers then.
    pub fn of(ids: &Int64Array) -> Option<RowPositions> {
        let largest = ids.iter().flatten().max().unwrap_or(0);
        let dense = usize::try_from(largest)
            .ok()
            .filter(|&n| n <= 2 * ids.len() + 1024 && ids.iter().flatten().all(|id| id >= 0));
        match dense {
            Some(largest) => {
                let mut at = vec![u32::MAX; largest + 1];
                for (i, id) in ids.iter().enumerate() {
                    if let Some(id) = id {
                        let slot = &mut at[id as usize];
                        if *slot != u32::MAX {
                            return None;
                        }
                        *slot = i as u32;
                    }
                }
                Some(RowPositions::Dense(at))
            }
            None => {
                let mut at = HashMap::with_capacity(ids.len());
                for (i, id) in ids.iter().enumerate() {
                    if let Some(id) = id {
                        if at.insert(id, i as u32).is_some() {
                            return None;
                        }
                    }
                }
                Some(RowPositions::Sparse(at))
            }
        }
    }

    /// The row holding number `id`.
    pub fn get(&self, id: i64) -> Option<usize> {
        match self {
            RowPositions::Dense(at) => {
                let at = *at.get(usize::try_from(id).ok()?)?;
                (at != u32::MAX).then_some(at as usize)
            }
            RowPositions::Sparse(at) => at.get(&id).map(|&i| i as usize),
        }
    }
}

/// Tables are the same when they hold the same arrays (not merely equal values): comparing
/// 100,000 rows on every render would cost more than drawing them.
impl PartialEq for Table {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.mismatched, &other.mismatched)
            && self.batch.num_columns() == other.batch.num_columns()
            && self
                .batch
                .columns()
                .iter()
                .zip(other.batch.columns())
                .all(|(a, b)| Arc::ptr_eq(a, b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::StringArray;

    #[test]
    fn positions_of_row_numbers_dense_sparse_and_repeated() {
        let dense = RowPositions::of(&Int64Array::from(vec![3, 1, 2])).unwrap();
        assert_eq!(
            (dense.get(1), dense.get(3), dense.get(9)),
            (Some(1), Some(0), None)
        );
        let sparse = RowPositions::of(&Int64Array::from(vec![1_000_000_000_000, -5])).unwrap();
        assert!(matches!(sparse, RowPositions::Sparse(_)));
        assert_eq!(sparse.get(-5), Some(1));
        assert!(RowPositions::of(&Int64Array::from(vec![1, 2, 1])).is_none());
    }

    #[test]
    fn rows_are_numbered_and_the_number_is_hidden() {
        let schema = Arc::new(Schema::new(vec![Field::new("a", DataType::Utf8, true)]));
        let a: ArrayRef = Arc::new(StringArray::from(vec![Some("x"), None, Some("z")]));
        let batch = RecordBatch::try_new(schema.clone(), vec![a]).unwrap();
        let (first, second) = (batch.slice(0, 2), batch.slice(2, 1));
        let table = Table::numbered(schema, &[first, second]).unwrap();
        assert_eq!(table.num_rows(), 3);
        assert_eq!(table.column_names(), vec!["a"]);
        assert_eq!(table.row_id(2), Some(3));
        assert!(table.column(ROW_ID).is_none());
        assert_eq!(table.without_row_ids().unwrap().num_columns(), 1);
    }
}
