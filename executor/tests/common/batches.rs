//! Reading what the API answers with: an Arrow IPC stream into batches, and a column of
//! them as text.

use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::datatypes::DataType;
use datafusion::arrow::ipc::reader::StreamReader;

/// The batches of an Arrow IPC stream.
pub fn read_ipc(bytes: impl AsRef<[u8]>) -> Vec<RecordBatch> {
    let reader = StreamReader::try_new(std::io::Cursor::new(bytes.as_ref()), None)
        .expect("an Arrow IPC stream");
    reader.map(|b| b.expect("a batch")).collect()
}

/// A column's values as text over every batch (a null is empty text).
pub fn texts(batches: &[RecordBatch], name: &str) -> Vec<String> {
    batches
        .iter()
        .flat_map(|b| {
            let column = b
                .column_by_name(name)
                .unwrap_or_else(|| panic!("no column {name}"));
            let column = datafusion::arrow::compute::cast(column, &DataType::Utf8).unwrap();
            let column = column.as_string::<i32>();
            (0..column.len())
                .map(|i| match column.is_valid(i) {
                    true => column.value(i).to_string(),
                    false => String::new(),
                })
                .collect::<Vec<_>>()
        })
        .collect()
}
