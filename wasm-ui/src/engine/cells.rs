//! Cells as text, and which cells are missing (null, or text that is empty or only white
//! space, as `is_missing` says).

use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::DataType;
use datafusion::arrow::util::display::{ArrayFormatter, FormatOptions};

/// Formats the cells of one column; make one per column and render many rows with it.
pub struct CellText<'a> {
    array: &'a dyn Array,
    formatter: Option<ArrayFormatter<'a>>,
}

const OPTIONS: FormatOptions<'static> = FormatOptions::new().with_null("");

impl<'a> CellText<'a> {
    pub fn new(array: &'a dyn Array) -> Self {
        CellText {
            array,
            formatter: ArrayFormatter::try_new(array, &OPTIONS).ok(),
        }
    }

    pub fn text(&self, row: usize) -> String {
        if row >= self.array.len() || self.array.is_null(row) {
            return String::new();
        }
        match &self.formatter {
            Some(f) => f.value(row).to_string(),
            None => "?".to_string(),
        }
    }

    pub fn is_missing(&self, row: usize) -> bool {
        is_missing(self.array, row)
    }
}

/// Null, or text that is empty or only white space.
pub fn is_missing(array: &dyn Array, row: usize) -> bool {
    if array.is_null(row) {
        return true;
    }
    match array.data_type() {
        DataType::Utf8 => array.as_string::<i32>().value(row).trim().is_empty(),
        DataType::LargeUtf8 => array.as_string::<i64>().value(row).trim().is_empty(),
        DataType::Utf8View => array.as_string_view().value(row).trim().is_empty(),
        _ => false,
    }
}

/// The text of a text cell without formatting (`None` for other types and nulls).
pub fn text_value(array: &dyn Array, row: usize) -> Option<&str> {
    if array.is_null(row) {
        return None;
    }
    match array.data_type() {
        DataType::Utf8 => Some(array.as_string::<i32>().value(row)),
        DataType::LargeUtf8 => Some(array.as_string::<i64>().value(row)),
        DataType::Utf8View => Some(array.as_string_view().value(row)),
        _ => None,
    }
}

/// The language's name for an Arrow type, as the column header shows it.
pub use wrangle_executor::schema::type_name;

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::{Int64Array, StringArray};

    #[test]
    fn cells_print_and_missing_is_null_or_blank() {
        let text = StringArray::from(vec![Some("a"), Some("  "), None]);
        let cells = CellText::new(&text);
        assert_eq!(cells.text(0), "a");
        assert_eq!(cells.text(2), "");
        assert!(!cells.is_missing(0) && cells.is_missing(1) && cells.is_missing(2));
        let ints = Int64Array::from(vec![Some(7), None]);
        let cells = CellText::new(&ints);
        assert_eq!(cells.text(0), "7");
        assert!(cells.is_missing(1));
        assert_eq!(type_name(&DataType::Int64), "integer");
    }
}
