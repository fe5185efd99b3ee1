//! What the cells of a test table mean, and how a value is written back as a cell.
//!
//! `null` is null everywhere. In a `string` column a cell is its text, or a quoted string
//! with the language's escapes. In any other column a cell is a constant expression of the
//! language (`42`, `@2024-02-29`, `[1, 2]`, `to_float("NaN")`), converted to the column's
//! type. Values are written back the same way, so `--update` and diffs read as tables.

use super::table::{Cell, HeaderCell, TableError, TableText};
use crate::compile::{arrow_type, compile_expr, ExprScope};
pub use crate::schema::{language_type, type_name};
use datafusion::arrow::array::{new_empty_array, Array, ArrayRef, RecordBatch};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::common::{DFSchema, ScalarValue};
use datafusion::logical_expr::simplify::SimplifyContext;
use datafusion::logical_expr::Expr;
use datafusion::optimizer::simplify_expressions::ExprSimplifier;
use std::sync::Arc;
use wrangle_dsl::ast::{self, ExprKind, Literal, Name, TypeKind};
use wrangle_dsl::Span;

/// The value of a constant expression of the language, as written in a cell.
pub fn constant(text: &str) -> Result<ScalarValue, String> {
    let parsed = wrangle_dsl::parse_expr(text).map_err(|d| d.message)?;
    // A constant names no column: typed against a table without any.
    let (typed, _) = wrangle_dsl::check::typed_expr(
        &parsed,
        &wrangle_dsl::check::Schema::known(Vec::new()),
        wrangle_dsl::check::Allow::Scalar,
    );
    let compiled = compile_expr(&typed, ExprScope::default()).map_err(|e| e.message)?;
    let schema = Arc::new(DFSchema::empty());
    let simplifier = ExprSimplifier::new(SimplifyContext::builder().with_current_time().build());
    let simplified = simplifier
        .coerce(compiled, &schema)
        .and_then(|e| simplifier.simplify(e))
        .map_err(|e| {
            let message = e.strip_backtrace();
            if message.contains("not found") || message.contains("No field named") {
                "not a value of the language".to_string()
            } else {
                message
            }
        })?;
    match simplified {
        Expr::Literal(value, _) => Ok(value),
        _ => Err("not a constant".into()),
    }
}

/// The value of a cell written as a literal: a number (with its sign), `true`, `false`, a
/// quoted string, `@…`, or a list or struct of these. Expressions such as `2024-01-01`
/// (which is 2022) are not literals: a column of them is text unless typed.
fn literal_value_of(text: &str) -> Result<ScalarValue, String> {
    fn literal_only(e: &ast::Expr) -> bool {
        match &e.kind {
            ExprKind::Literal(Literal::Regex { .. } | Literal::Pattern(_)) => false,
            ExprKind::Literal(_) => true,
            ExprKind::Unary {
                op: ast::UnaryOp::Neg,
                expr,
            } => matches!(
                expr.kind,
                ExprKind::Literal(Literal::Integer(_) | Literal::Float(_))
            ),
            ExprKind::List(items) => items.iter().all(literal_only),
            ExprKind::Struct(fields) => fields.iter().all(|(_, v)| literal_only(v)),
            _ => false,
        }
    }
    let parsed = wrangle_dsl::parse_expr(text).map_err(|d| d.message)?;
    if !literal_only(&parsed) {
        return Err("not a literal".into());
    }
    constant(text)
}

/// A cell of a `string` column: `null`, a quoted string, or the text as written.
fn text_cell(cell: &Cell) -> Result<ScalarValue, TableError> {
    if cell.text == "null" {
        return Ok(ScalarValue::Utf8(None));
    }
    if cell.text.starts_with('"') {
        return match wrangle_dsl::parse_expr(&cell.text) {
            Ok(ast::Expr {
                kind: ExprKind::Literal(Literal::String(s)),
                ..
            }) => Ok(ScalarValue::Utf8(Some(s))),
            Ok(_) | Err(_) => Err(TableError {
                at: cell.at,
                message: format!(
                    "`{}` is not a quoted string (a quote inside needs a backslash: \\\")",
                    cell.text
                ),
            }),
        };
    }
    Ok(ScalarValue::Utf8(Some(cell.text.clone())))
}

/// A cell read as a value of `data_type`.
pub fn cell_value(cell: &Cell, data_type: &DataType) -> Result<ScalarValue, TableError> {
    if is_text(data_type) {
        return text_cell(cell)?.cast_to(data_type).map_err(|e| TableError {
            at: cell.at,
            message: e.strip_backtrace(),
        });
    }
    if cell.text == "null" {
        return ScalarValue::try_from(data_type).map_err(|e| TableError {
            at: cell.at,
            message: e.strip_backtrace(),
        });
    }
    // A decimal written as digits is read exactly, not through a float, and with no more
    // digits after the point than the column's scale.
    if let DataType::Decimal128(_, scale) | DataType::Decimal256(_, scale) = data_type {
        let fraction = cell.text.split_once('.').map_or(0, |(_, f)| f.len());
        if is_plain_number(&cell.text) && fraction > (*scale).max(0) as usize {
            return Err(TableError {
                at: cell.at,
                message: format!(
                    "`{}` has more digits after the point than {} keeps",
                    cell.text,
                    a_type(data_type)
                ),
            });
        }
    }
    if matches!(
        data_type,
        DataType::Decimal128(..) | DataType::Decimal256(..)
    ) && is_plain_number(&cell.text)
    {
        let converted = ScalarValue::Utf8(Some(cell.text.clone()))
            .cast_to(data_type)
            .ok()
            .filter(|v| !v.is_null());
        if let Some(value) = converted {
            return Ok(value);
        }
    }
    let value = constant(&cell.text).map_err(|why| TableError {
        at: cell.at,
        message: format!("`{}` is not {}: {why}", cell.text, a_type(data_type)),
    })?;
    convert(value, data_type).map_err(|why| TableError {
        at: cell.at,
        message: format!("`{}` is not {}: {why}", cell.text, a_type(data_type)),
    })
}

/// Converts a constant to a column's type; a value that does not fit is an error, never
/// a null.
fn convert(value: ScalarValue, data_type: &DataType) -> Result<ScalarValue, String> {
    if value.is_null() {
        return ScalarValue::try_from(data_type).map_err(|e| e.strip_backtrace());
    }
    if &value.data_type() == data_type {
        return Ok(value);
    }
    let converted = value.cast_to(data_type).map_err(|e| e.strip_backtrace())?;
    if converted.is_null() {
        return Err(format!("it does not fit {}", a_type(data_type)));
    }
    // Exact or refused: `2.9` is no integer and `5` no boolean, in an input table and in
    // an expected one alike. (Lists and structs convert item by item; an empty list or
    // a null field has no type to go back to.)
    let nested = matches!(
        data_type,
        DataType::List(_) | DataType::LargeList(_) | DataType::Struct(_)
    );
    let back = converted.cast_to(&value.data_type()).ok();
    if !nested && back.as_ref() != Some(&value) {
        return Err(format!(
            "it is not exactly {} (it would read as {})",
            a_type(data_type),
            cell_text(&converted)
        ));
    }
    Ok(converted)
}

/// `12`, `-3.50`: digits with an optional sign and decimal point.
fn is_plain_number(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or_default();
    let fraction = parts.next().unwrap_or("0");
    !whole.is_empty()
        && whole.chars().all(|c| c.is_ascii_digit())
        && !fraction.is_empty()
        && fraction.chars().all(|c| c.is_ascii_digit())
}

fn is_text(data_type: &DataType) -> bool {
    matches!(
        data_type,
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
    )
}

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

/// A value as a cell: what a table would have to say to mean it. Text at the top level
/// of a column is bare when that reads back the same.
pub fn cell_text(value: &ScalarValue) -> String {
    match value {
        v if v.is_null() => "null".into(),
        ScalarValue::Utf8(Some(s))
        | ScalarValue::LargeUtf8(Some(s))
        | ScalarValue::Utf8View(Some(s)) => {
            if bare_is_safe(s) {
                s.clone()
            } else {
                wrangle_dsl::print_expr(&literal(Literal::String(s.clone())))
            }
        }
        ScalarValue::Decimal128(..) | ScalarValue::Decimal256(..) => value.to_string(),
        other => wrangle_dsl::print_expr(&as_expr(other)),
    }
}

/// Whether text can stand in a table as it is: not `null`, no spaces at the ends, and none
/// of the characters that split cells or open quotes and brackets.
fn bare_is_safe(s: &str) -> bool {
    !s.is_empty()
        && s.trim() == s
        && s != "null"
        && !s.starts_with('#')
        && !s.contains(['|', '"', '`', '[', ']', '{', '}', '(', ')'])
        && !s.chars().any(char::is_control)
        // Dashes alone could read as a rule under the header.
        && !s.chars().all(|c| matches!(c, '-' | '=' | '+' | ':' | ' '))
}

/// A column name as a table header writes it: bare when it reads back the same, in
/// backquotes otherwise.
pub fn header_name(name: &str) -> String {
    if bare_is_safe(name) && !name.contains(':') {
        name.to_string()
    } else {
        format!("`{}`", name.replace('`', "``"))
    }
}

fn literal(l: Literal) -> ast::Expr {
    ast::Expr::new(ExprKind::Literal(l), Span::default())
}

/// A value as an expression of the language (what `cell_text` prints).
fn as_expr(value: &ScalarValue) -> ast::Expr {
    use ScalarValue as S;
    let float = |f: f64| {
        if f.is_finite() {
            literal(Literal::Float(f))
        } else {
            let text = if f.is_nan() {
                "NaN"
            } else if f > 0.0 {
                "inf"
            } else {
                "-inf"
            };
            ast::Expr::new(
                ExprKind::Call {
                    function: Name::new("to_float", Span::default()),
                    args: vec![literal(Literal::String(text.into()))],
                },
                Span::default(),
            )
        }
    };
    match value {
        v if v.is_null() => literal(Literal::Null),
        S::Boolean(Some(b)) => literal(Literal::Boolean(*b)),
        S::Int8(Some(i)) => literal(Literal::Integer(i64::from(*i))),
        S::Int16(Some(i)) => literal(Literal::Integer(i64::from(*i))),
        S::Int32(Some(i)) => literal(Literal::Integer(i64::from(*i))),
        // The smallest integer has no literal: its negation does not fit.
        S::Int64(Some(i64::MIN)) => ast::Expr::new(
            ExprKind::Binary {
                op: ast::BinaryOp::Sub,
                left: Box::new(literal(Literal::Integer(-i64::MAX))),
                right: Box::new(literal(Literal::Integer(1))),
            },
            Span::default(),
        ),
        S::Int64(Some(i)) => literal(Literal::Integer(*i)),
        S::UInt8(Some(i)) => literal(Literal::Integer(i64::from(*i))),
        S::UInt16(Some(i)) => literal(Literal::Integer(i64::from(*i))),
        S::UInt32(Some(i)) => literal(Literal::Integer(i64::from(*i))),
        S::UInt64(Some(i)) => match i64::try_from(*i) {
            Ok(i) => literal(Literal::Integer(i)),
            Err(_) => float(*i as f64),
        },
        S::Float32(Some(f)) => float(f64::from(*f)),
        S::Float64(Some(f)) => float(*f),
        S::Utf8(Some(s)) | S::LargeUtf8(Some(s)) | S::Utf8View(Some(s)) => {
            literal(Literal::String(s.clone()))
        }
        S::Date32(Some(days)) => match chrono::NaiveDate::from_ymd_opt(1970, 1, 1)
            .and_then(|epoch| epoch.checked_add_signed(chrono::Duration::days(i64::from(*days))))
        {
            Some(d) => literal(Literal::Date(d)),
            None => literal(Literal::String(value.to_string())),
        },
        S::TimestampSecond(Some(v), zone) => timestamp(*v * 1_000_000, zone.is_some(), value),
        S::TimestampMillisecond(Some(v), zone) => timestamp(*v * 1_000, zone.is_some(), value),
        S::TimestampMicrosecond(Some(v), zone) => timestamp(*v, zone.is_some(), value),
        S::TimestampNanosecond(Some(v), zone) => timestamp(*v / 1_000, zone.is_some(), value),
        S::List(_) => match list_items(value) {
            Some(items) => ast::Expr::new(
                ExprKind::List(items.iter().map(as_expr).collect()),
                Span::default(),
            ),
            None => literal(Literal::Null),
        },
        S::Struct(_) => {
            let fields = struct_fields(value)
                .unwrap_or_default()
                .into_iter()
                .map(|(name, v)| (Name::new(name, Span::default()), as_expr(&v)))
                .collect();
            ast::Expr::new(ExprKind::Struct(fields), Span::default())
        }
        // Decimals (and anything else) inside a list or struct: as a float constant, which
        // converts back to the field's type.
        other => match other.to_string().parse::<f64>() {
            Ok(f) => float(f),
            Err(_) => literal(Literal::String(other.to_string())),
        },
    }
}

/// The items of a list value; `None` for a null list or another kind of value.
pub fn list_items(value: &ScalarValue) -> Option<Vec<ScalarValue>> {
    let ScalarValue::List(array) = value else {
        return None;
    };
    if array.is_empty() || array.is_null(0) {
        return None;
    }
    let items = array.value(0);
    (0..items.len())
        .map(|i| ScalarValue::try_from_array(&items, i).ok())
        .collect()
}

/// The fields of a struct value, by name; `None` for a null struct or another kind.
pub fn struct_fields(value: &ScalarValue) -> Option<Vec<(String, ScalarValue)>> {
    let ScalarValue::Struct(array) = value else {
        return None;
    };
    if array.is_empty() || array.is_null(0) {
        return None;
    }
    array
        .fields()
        .iter()
        .zip(array.columns())
        .map(|(field, column)| {
            ScalarValue::try_from_array(column, 0)
                .ok()
                .map(|v| (field.name().clone(), v))
        })
        .collect()
}

fn timestamp(micros: i64, utc: bool, value: &ScalarValue) -> ast::Expr {
    match chrono::DateTime::from_timestamp_micros(micros) {
        Some(at) => literal(Literal::Timestamp(ast::Timestamp {
            datetime: at.naive_utc(),
            offset_seconds: utc.then_some(0),
        })),
        None => literal(Literal::String(value.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::super::table::{parse_table, Placement};
    use super::*;
    use datafusion::arrow::util::pretty::pretty_format_batches;

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
}
