//! Reading a cell: `null`, text in a `string` column, or a constant expression of the
//! language converted exactly to the column's type.

use super::{a_type, cell_text};
use crate::compile::{compile_expr, ExprScope};
use crate::testing::table::{Cell, TableError};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{DFSchema, ScalarValue};
use datafusion::logical_expr::simplify::SimplifyContext;
use datafusion::logical_expr::Expr;
use datafusion::optimizer::simplify_expressions::ExprSimplifier;
use std::sync::Arc;
use wrangle_dsl::ast::{self, ExprKind, Literal};

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
pub(super) fn literal_value_of(text: &str) -> Result<ScalarValue, String> {
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
