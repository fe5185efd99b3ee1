//! Cells read as values and values written back as cells.

use super::*;
use crate::testing::table::{parse_table, Cell, Placement, TableError};
use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::util::pretty::pretty_format_batches;
use datafusion::common::ScalarValue;

fn batch(text: &str) -> Result<RecordBatch, TableError> {
    let table = parse_table(
        text,
        Placement {
            start: 0,
            exact: true,
        },
    )?;
    input_batch(&table)
}

#[test]
fn declared_and_inferred_types() {
    let b = batch(
        "id | price | name | day | tags | code: string | amount: decimal(10, 2) | at: timestamp\n\
         1 | 2 | Ada Lovelace | @2024-02-29 | [1, 2] | 02134 | 10.50 | @2024-01-01T10:00:00Z\n\
         2 | 2.5 | \"  padded \" | null | [] | null | null | null\n",
    )
    .unwrap();
    let types: Vec<String> = b
        .schema()
        .fields()
        .iter()
        .map(|f| type_name(f.data_type()))
        .collect();
    assert_eq!(
        types,
        [
            "integer",
            "float",
            "string",
            "date",
            "list<integer>",
            "string",
            "decimal(10, 2)",
            "timestamp"
        ]
    );
    let shown = pretty_format_batches(&[b]).unwrap().to_string();
    assert!(shown.contains("|   padded "), "{shown}");
    assert!(shown.contains("| 02134 "), "{shown}");
    assert!(shown.contains("| 10.50 "), "{shown}");
}

#[test]
fn decimals_are_read_exactly() {
    let b = batch("d: decimal(22, 2) | e: decimal(38, 0)\n12345678901234567.89 | 12345678901234567890123456789012345678\n").unwrap();
    let shown = pretty_format_batches(&[b]).unwrap().to_string();
    assert!(shown.contains("| 12345678901234567.89 |"), "{shown}");
    assert!(
        shown.contains("| 12345678901234567890123456789012345678 |"),
        "{shown}"
    );
}

#[test]
fn conversions_are_exact_or_refused() {
    for (table, why) in [
        ("n: integer\n2.9\n", "not exactly an integer"),
        ("b: boolean\n5\n", "not exactly a boolean"),
        ("d: decimal(10, 2)\n10.554\n", "more digits after the point"),
    ] {
        let err = batch(table).unwrap_err();
        assert!(err.message.contains(why), "{table}: {}", err.message);
    }
    assert!(batch("f: float\n2\n").is_ok());
    assert!(batch("d: decimal(10, 2)\n3\n").is_ok());
}

#[test]
fn only_literals_give_an_untyped_column_a_type() {
    let b = batch("d | p\n2024-01-01 | -1.5\n2024-02-01 | 2\n").unwrap();
    assert_eq!(b.schema().field(0).data_type(), &DataType::Utf8);
    assert_eq!(b.schema().field(1).data_type(), &DataType::Float64);
}

#[test]
fn a_mixed_column_is_text_as_written() {
    let b = batch("v\n1\ntwo\n1.50\n").unwrap();
    assert_eq!(b.schema().field(0).data_type(), &DataType::Utf8);
    let shown = pretty_format_batches(&[b]).unwrap().to_string();
    assert!(shown.contains("| 1.50 |"), "{shown}");
}

#[test]
fn cells_that_do_not_fit_their_type_are_errors_at_the_cell() {
    let err = batch("n: integer\n1\nabc\n").unwrap_err();
    assert_eq!(err.at, "n: integer\n1\n".len());
    assert!(
        err.message.contains("`abc` is not an integer"),
        "{}",
        err.message
    );
    let err = batch("n: integer\n99999999999999999999\n").unwrap_err();
    assert!(err.message.contains("not an integer"), "{}", err.message);
    let err = batch("s\n\"unterminated\n").unwrap_err();
    assert!(
        err.message.contains("not a quoted string"),
        "{}",
        err.message
    );
}

proptest::proptest! {
    /// Any text, written as a cell, reads back as the same text; so do integers and
    /// finite floats in their columns.
    #[test]
    fn cells_read_back_as_the_values_they_were_written_from(
        s in "\\PC*",
        i in proptest::num::i64::ANY,
        f in proptest::num::f64::NORMAL | proptest::num::f64::ZERO,
    ) {
        for (value, data_type) in [
            (ScalarValue::Utf8(Some(s.clone())), DataType::Utf8),
            (ScalarValue::Int64(Some(i)), DataType::Int64),
            (ScalarValue::Float64(Some(f)), DataType::Float64),
        ] {
            let cell = Cell { text: cell_text(&value), at: 0 };
            let read = cell_value(&cell, &data_type);
            proptest::prop_assert_eq!(read.as_ref().ok(), Some(&value), "cell {}", cell.text);
        }
    }
}

#[test]
fn values_print_as_cells_that_read_back() {
    let b = batch(
        "s | n | f: float | d | t | l | st | b\n\
         \"a|b\" | -3 | to_float(\"NaN\") | @2024-12-31 | @2024-02-29T13:45:00.25 | [\"x\", null] | {name: \"Ada\", born: 1815} | true\n\
         null | 7 | 0.1 | null | null | null | null | false\n",
    )
    .unwrap();
    let mut cells = Vec::new();
    for row in 0..b.num_rows() {
        for column in b.columns() {
            cells.push(cell_text(
                &ScalarValue::try_from_array(column, row).unwrap(),
            ));
        }
    }
    assert_eq!(
        cells,
        [
            "\"a|b\"",
            "-3",
            "to_float(\"NaN\")",
            "@2024-12-31",
            "@2024-02-29T13:45:00.250",
            "[\"x\", null]",
            "{name: \"Ada\", born: 1815}",
            "true",
            "null",
            "7",
            "0.1",
            "null",
            "null",
            "null",
            "null",
            "false"
        ]
    );
}
