//! Type and null functions. Conversions that do not succeed give null (`try_cast`), never
//! an error.

use super::helpers::{null, plan_error, unknown, Args};
use super::Call;
use crate::compile::arrow_type;
use crate::compile::error::{CompileError, Result};
use crate::udf;
use datafusion::arrow::datatypes::{DataType, TimeUnit};
use datafusion::functions::expr_fn as f;
use datafusion::logical_expr::{try_cast, when, Expr};
use wrangle_dsl::ast::{StepKind, TypeKind};

/// Decimal precision and scale when `to_decimal` is not told.
const DEFAULT_DECIMAL: (i64, i64) = (38, 10);

pub(super) fn compile(args: Vec<Expr>, call: &Call) -> Result<Expr> {
    let mut a = Args::new(args, call);
    Ok(match call.def.name {
        "coalesce" => f::coalesce(a.rest()),
        "if_null" => f::coalesce(vec![a.next()?, a.next()?]),
        "if_missing" => {
            let (value, default) = (a.next()?, a.next()?);
            // Blank text made null, then the default as `if_null` takes it (with the same
            // coercion of the two types).
            let present = when(
                udf::is_missing::is_missing().call(vec![value.clone()]),
                null(&DataType::Null),
            )
            .otherwise(value)
            .map_err(|e| plan_error(call, e))?;
            f::coalesce(vec![present, default])
        }
        "null_if" => f::nullif(a.next()?, a.next()?),
        "is_null" => a.next()?.is_null(),
        "is_missing" => udf::is_missing::is_missing().call(vec![a.next()?]),
        "is_valid" => {
            let value = a.next()?;
            let (target, format) = settype_target(call, 1)?;
            udf::is_valid::is_valid(target, format).call(vec![value])
        }
        "type_of" => udf::type_of::type_of().call(vec![a.next()?]),
        // Dates and timestamps become ISO 8601 text (2024-02-29, 2024-02-29T13:45:00),
        // lists and structs JSON.
        "to_string" => udf::to_string::to_string().call(vec![a.next()?]),
        "to_integer" => try_cast(a.next()?, DataType::Int64),
        "to_float" => try_cast(a.next()?, DataType::Float64),
        "to_decimal" => {
            let value = a.next()?;
            let precision = if call.written.len() > 1 {
                call.integer(1)?
            } else {
                DEFAULT_DECIMAL.0
            };
            let scale = if call.written.len() > 2 {
                call.integer(2)?
            } else {
                DEFAULT_DECIMAL.1
            };
            let (Ok(p), Ok(s)) = (u8::try_from(precision), i8::try_from(scale)) else {
                return Err(bad_decimal(call));
            };
            if !(1..=38).contains(&p) || s < 0 || s as u8 > p {
                return Err(bad_decimal(call));
            }
            try_cast(value, DataType::Decimal128(p, s))
        }
        "to_boolean" => udf::to_boolean::to_boolean().call(vec![a.next()?]),
        "to_date" => try_cast(a.next()?, DataType::Date32),
        "to_timestamp" => try_cast(a.next()?, DataType::Timestamp(TimeUnit::Microsecond, None)),
        _ => return Err(unknown(call)),
    })
}

fn bad_decimal(call: &Call) -> CompileError {
    CompileError::new(
        call.span,
        "a decimal has a precision from 1 to 38 and a scale from 0 to its precision",
    )
}

/// The Arrow type (and format) of the type named by the string written as argument `i`,
/// read as `settype` reads it.
fn settype_target(call: &Call, i: usize) -> Result<(DataType, Option<String>)> {
    let written = call.string(i)?;
    let span = call.written.get(i).map_or(call.span, |e| e.span);
    let invalid = || {
        CompileError::new(span, format!("{written:?} is not a type"))
            .with_hint("name a type as `settype` does: \"string\", \"integer\", \"float\", \"decimal\", \"boolean\", \"date\", \"timestamp\"")
    };
    let parsed = wrangle_dsl::parse(&format!("settype value {written}"));
    let recipe = parsed.into_result().map_err(|_| invalid())?;
    let kind = recipe
        .steps()
        .find_map(|step| match &step.kind {
            StepKind::SetType { columns } if columns.len() == 1 => Some(columns[0].1.kind.clone()),
            _ => None,
        })
        .ok_or_else(invalid)?;
    let format = match &kind {
        TypeKind::Date { format } | TypeKind::Timestamp { format } => format.clone(),
        _ => None,
    };
    Ok((arrow_type(&kind), format))
}
