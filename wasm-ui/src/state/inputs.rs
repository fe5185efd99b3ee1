//! The datasets a recipe names (`join airlines …`, `lookup`, `union`), bound to datasets of
//! the store: each name's table (its working set) and the path it was read from. A batch
//! run binds the same names with `--with NAME=URI`.

use crate::engine::Table;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct BoundInputs {
    /// By name, the table the steps read (shared with every preview and run).
    pub tables: Rc<HashMap<String, Table>>,
    /// By name, the dataset it was read from.
    pub paths: BTreeMap<String, String>,
    /// Counts the bindings made: what a step gave is kept for these bindings only.
    pub version: u64,
}

impl BoundInputs {
    /// The inputs with `name` bound to the dataset at `path`, read as `table`.
    pub fn bind(&self, name: &str, path: &str, table: Table) -> BoundInputs {
        let mut tables = (*self.tables).clone();
        tables.insert(name.to_string(), table);
        let mut paths = self.paths.clone();
        paths.insert(name.to_string(), path.to_string());
        BoundInputs {
            tables: Rc::new(tables),
            paths,
            version: self.version + 1,
        }
    }

    pub fn is_bound(&self, name: &str) -> bool {
        self.tables.contains_key(name)
    }
}

/// The names of the datasets the steps read, in the order they first appear.
pub fn named_inputs<'a>(steps: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for step in steps {
        let parsed = wrangle_dsl::parse(step);
        for s in parsed.recipe.steps() {
            for name in s.kind.tables() {
                if !names.contains(&name.text) {
                    names.push(name.text.clone());
                }
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::{ArrayRef, StringArray};
    use datafusion::arrow::datatypes::{DataType, Field, Schema};
    use datafusion::arrow::record_batch::RecordBatch;
    use std::sync::Arc;

    #[test]
    fn names_come_from_joins_lookups_and_unions_once_each() {
        let steps = [
            "join airlines on carrier = airlines.carrier",
            "drop year",
            "lookup airlines on carrier = airlines.carrier columns name",
            "union more_flights",
        ];
        assert_eq!(named_inputs(steps), vec!["airlines", "more_flights"]);
    }

    #[test]
    fn binding_a_name_again_replaces_its_table() {
        let schema = Arc::new(Schema::new(vec![Field::new("a", DataType::Utf8, true)]));
        let a: ArrayRef = Arc::new(StringArray::from(vec!["x"]));
        let batch = RecordBatch::try_new(schema.clone(), vec![a]).unwrap();
        let table = Table::numbered(schema, &[batch]).unwrap();
        let one = BoundInputs::default().bind("airlines", "demo/airlines.csv", table.clone());
        let two = one.bind("airlines", "uploads/carriers.csv", table);
        assert!(two.is_bound("airlines"));
        assert_eq!(two.paths["airlines"], "uploads/carriers.csv");
        assert_eq!(two.tables.len(), 1);
        assert_eq!(two.version, 2, "every binding is a new version");
    }
}
