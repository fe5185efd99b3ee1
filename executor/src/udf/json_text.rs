//! Values as compact JSON text: what `to_json` writes, and `to_string` for lists, structs
//! and maps. Structs become objects with their fields in order, lists arrays, dates and
//! timestamps ISO 8601 strings (a timestamp with a zone in UTC, ending in `Z`), NaN and
//! infinities null. A null row gives null, not the text `null`; a null inside a list or
//! struct is written `null`. Not a function itself.

use super::util::{date_from_days, datetime_from_micros};
use datafusion::arrow::array::{Array, StringArray};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::{Result, ScalarValue};
use std::fmt::Write;
use std::sync::Arc;

/// Each row of `values` as JSON text; null where the row is null (logically: a `NullArray`
/// or a dictionary's null value counts too).
pub(crate) fn json_texts(values: &dyn Array) -> Result<StringArray> {
    let nulls = values.logical_nulls();
    let mut out = Vec::with_capacity(values.len());
    for row in 0..values.len() {
        if nulls.as_ref().is_some_and(|n| n.is_null(row)) {
            out.push(None);
            continue;
        }
        let mut text = String::new();
        write_row(values, row, &mut text)?;
        out.push(Some(text));
    }
    Ok(StringArray::from(out))
}

/// Writes `text` as a JSON string.
fn write_string(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Writes row `row` of `array` as JSON.
fn write_row(array: &dyn Array, row: usize, out: &mut String) -> Result<()> {
    if array.is_null(row) {
        out.push_str("null");
        return Ok(());
    }
    match array.data_type() {
        DataType::List(_) | DataType::LargeList(_) | DataType::FixedSizeList(_, _) => {
            let items = ScalarValue::try_from_array(array, row)?;
            let items = match &items {
                ScalarValue::List(a) => a.value(0),
                ScalarValue::LargeList(a) => a.value(0),
                ScalarValue::FixedSizeList(a) => a.value(0),
                _ => return write_scalar(&items, out),
            };
            out.push('[');
            for i in 0..items.len() {
                if i > 0 {
                    out.push(',');
                }
                write_row(items.as_ref(), i, out)?;
            }
            out.push(']');
        }
        DataType::Struct(fields) => {
            let structs = datafusion::common::cast::as_struct_array(array)?;
            out.push('{');
            for (i, field) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(field.name(), out);
                out.push(':');
                write_row(structs.column(i).as_ref(), row, out)?;
            }
            out.push('}');
        }
        _ => write_scalar(&ScalarValue::try_from_array(array, row)?, out)?,
    }
    Ok(())
}

/// Writes one value that is not a list or struct as JSON.
fn write_scalar(value: &ScalarValue, out: &mut String) -> Result<()> {
    use ScalarValue as S;
    if value.is_null() {
        out.push_str("null");
        return Ok(());
    }
    let timestamp = |micros: Option<i64>, zone: &Option<Arc<str>>, out: &mut String| match micros
        .and_then(datetime_from_micros)
    {
        Some(t) => {
            let zone = if zone.is_some() { "Z" } else { "" };
            write_string(&format!("{}{zone}", t.format("%Y-%m-%dT%H:%M:%S%.f")), out)
        }
        None => out.push_str("null"),
    };
    match value {
        S::Boolean(Some(b)) => out.push_str(if *b { "true" } else { "false" }),
        S::Float16(_) | S::Float32(_) | S::Float64(_) => {
            let v = match value.cast_to(&DataType::Float64)? {
                S::Float64(Some(v)) => v,
                _ => f64::NAN,
            };
            if v.is_finite() {
                let _ = write!(out, "{v}");
            } else {
                out.push_str("null");
            }
        }
        S::Int8(_)
        | S::Int16(_)
        | S::Int32(_)
        | S::Int64(_)
        | S::UInt8(_)
        | S::UInt16(_)
        | S::UInt32(_)
        | S::UInt64(_) => out.push_str(&value.to_string()),
        S::Decimal32(..) | S::Decimal64(..) | S::Decimal128(..) | S::Decimal256(..) => {
            out.push_str(&value.to_string())
        }
        S::Utf8(Some(s)) | S::LargeUtf8(Some(s)) | S::Utf8View(Some(s)) => write_string(s, out),
        S::Date32(Some(days)) => match date_from_days(*days) {
            Some(d) => write_string(&d.to_string(), out),
            None => out.push_str("null"),
        },
        S::TimestampSecond(v, zone) => {
            timestamp(v.and_then(|v| v.checked_mul(1_000_000)), zone, out)
        }
        S::TimestampMillisecond(v, zone) => {
            timestamp(v.and_then(|v| v.checked_mul(1_000)), zone, out)
        }
        S::TimestampMicrosecond(v, zone) => timestamp(*v, zone, out),
        S::TimestampNanosecond(v, zone) => timestamp(v.map(|v| v.div_euclid(1_000)), zone, out),
        other => {
            // Anything else (binary, intervals, times…) as the text DataFusion shows.
            let text = other
                .cast_to(&DataType::Utf8)
                .map(|t| t.to_string())
                .unwrap_or_else(|_| other.to_string());
            write_string(&text, out)
        }
    }
    Ok(())
}
