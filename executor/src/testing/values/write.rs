//! Writing a value back as a cell (and a column name as a header): what a table would have
//! to say to mean it, so that `--update` and diffs read as tables.

use datafusion::arrow::array::Array;
use datafusion::common::ScalarValue;
use wrangle_dsl::ast::{self, ExprKind, Literal, Name};
use wrangle_dsl::Span;

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
