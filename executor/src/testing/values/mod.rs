//! What the cells of a test table mean, and how a value is written back as a cell.
//!
//! `null` is null everywhere. In a `string` column a cell is its text, or a quoted string
//! with the language's escapes. In any other column a cell is a constant expression of the
//! language (`42`, `@2024-02-29`, `[1, 2]`, `to_float("NaN")`), converted to the column's
//! type. Values are written back the same way, so `--update` and diffs read as tables.
//!
//! | file | what it does |
//! | --- | --- |
//! | `read.rs` | a cell read as a value of a column's type, exactly or not at all |
//! | `input_table.rs` | an input table as a record batch: types declared or taken from the cells |
//! | `write.rs` | a value written back as a cell, a column name as a header writes it |

mod input_table;
mod read;
#[cfg(test)]
mod tests;
mod write;

pub use self::input_table::input_batch;
pub use self::read::{cell_value, constant};
pub use self::write::{cell_text, header_name, list_items, struct_fields};
use crate::compile::arrow_type;
pub use crate::schema::{language_type, type_name};
use datafusion::arrow::datatypes::DataType;
use wrangle_dsl::ast::TypeKind;

/// "an integer", "a date": a type's name with its article, for messages.
pub fn a_type(data_type: &DataType) -> String {
    let name = type_name(data_type);
    let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {name}")
}

/// Whether a type in a header is the type a column has (date and timestamp formats, the
/// integer width and the time zone do not matter).
pub fn same_type(declared: &TypeKind, actual: &DataType) -> bool {
    type_name(&arrow_type(declared)) == type_name(actual)
}
