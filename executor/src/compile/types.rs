//! The language's types and literals as Arrow types and DataFusion values.

use datafusion::arrow::datatypes::{DataType, Field, Fields, TimeUnit};
use datafusion::common::ScalarValue;
use std::sync::Arc;
use wrangle_dsl::ast::{Literal, TypeKind};

/// The Arrow type a column has after `settype`.
pub fn arrow_type(ty: &TypeKind) -> DataType {
    match ty {
        TypeKind::String => DataType::Utf8,
        TypeKind::Integer => DataType::Int64,
        TypeKind::Float => DataType::Float64,
        TypeKind::Boolean => DataType::Boolean,
        TypeKind::Decimal { size } => {
            let (p, s) = size.unwrap_or(TypeKind::DEFAULT_DECIMAL);
            DataType::Decimal128(p as u8, s as i8)
        }
        TypeKind::Date { .. } => DataType::Date32,
        TypeKind::Timestamp { .. } => DataType::Timestamp(TimeUnit::Microsecond, None),
        TypeKind::List(inner) => {
            DataType::List(Arc::new(Field::new("item", arrow_type(&inner.kind), true)))
        }
        TypeKind::Struct(fields) => DataType::Struct(Fields::from(
            fields
                .iter()
                .map(|(n, t)| Field::new(n.text.clone(), arrow_type(&t.kind), true))
                .collect::<Vec<_>>(),
        )),
    }
}

/// A literal's value. Timestamps with an offset are stored in UTC and marked so.
pub fn literal_value(literal: &Literal) -> ScalarValue {
    match literal {
        Literal::Null => ScalarValue::Null,
        Literal::Boolean(b) => ScalarValue::Boolean(Some(*b)),
        Literal::Integer(i) => ScalarValue::Int64(Some(*i)),
        Literal::Float(f) => ScalarValue::Float64(Some(*f)),
        Literal::String(s) => ScalarValue::Utf8(Some(s.clone())),
        Literal::Date(d) => {
            let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid");
            ScalarValue::Date32(Some((*d - epoch).num_days() as i32))
        }
        Literal::Timestamp(ts) => {
            let utc =
                ts.datetime - chrono::Duration::seconds(i64::from(ts.offset_seconds.unwrap_or(0)));
            let micros = utc.and_utc().timestamp_micros();
            let zone = ts.offset_seconds.map(|_| Arc::from("UTC"));
            ScalarValue::TimestampMicrosecond(Some(micros), zone)
        }
        Literal::Regex { .. } | Literal::Pattern(_) => {
            ScalarValue::Utf8(wrangle_dsl::pattern::matcher_regex(literal).ok())
        }
    }
}

/// The conversion `settype` applies: a value that does not fit becomes null (and is
/// counted as mismatched by the run), never an error. Text is trimmed before it is read as
/// a number, boolean, date or timestamp; dates and timestamps with a format are read with it.
pub fn convert(
    value: datafusion::logical_expr::Expr,
    from: &DataType,
    to: &TypeKind,
    span: wrangle_dsl::Span,
) -> super::error::Result<datafusion::logical_expr::Expr> {
    use datafusion::logical_expr::{cast, lit, try_cast};
    let is_text = matches!(
        from,
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
    );
    let trimmed = |e: datafusion::logical_expr::Expr| {
        if is_text {
            datafusion::functions::expr_fn::btrim(vec![e, lit(" \t\r\n")])
        } else {
            e
        }
    };
    Ok(match to {
        // Lists and structs become JSON text, as `to_string` makes it.
        TypeKind::String if from.is_nested() => {
            crate::udf::to_string::to_string().call(vec![value])
        }
        TypeKind::String => cast(value, DataType::Utf8),
        TypeKind::Date { format: Some(f) } | TypeKind::Timestamp { format: Some(f) } if is_text => {
            let function = if matches!(to, TypeKind::Date { .. }) {
                "parse_date"
            } else {
                "parse_timestamp"
            };
            parse_with_format(trimmed(value), function, f, span)?
        }
        other => try_cast(trimmed(value), arrow_type(other)),
    })
}

/// Reads text with a strftime format through the catalog's `parse_date`/`parse_timestamp`,
/// so `settype` and the functions agree on every format.
fn parse_with_format(
    value: datafusion::logical_expr::Expr,
    function: &str,
    format: &str,
    span: wrangle_dsl::Span,
) -> super::error::Result<datafusion::logical_expr::Expr> {
    use wrangle_dsl::ast::{ExprKind, Name};
    use wrangle_dsl::catalog::Kind;
    use wrangle_dsl::check::Typed;
    let def = wrangle_dsl::catalog::lookup(function)
        .expect("the catalog has parse_date and parse_timestamp");
    let written = [
        Typed::new(
            ExprKind::Column(Name::new("value", span)),
            span,
            Kind::String.into(),
        ),
        Typed::new(
            ExprKind::Literal(Literal::String(format.to_string())),
            span,
            Kind::String.into(),
        ),
    ];
    let call = super::functions::Call {
        def,
        written: &written,
        span,
        window: None,
    };
    super::functions::compile_call(
        vec![value, datafusion::logical_expr::lit(format.to_string())],
        &call,
    )
}

/// Literal values an expression gives one of (`case`, `if`, `choose`), cast to the one type
/// they fit (`common_type`) when they are all literals of different types: DataFusion
/// refuses a `CASE` whose literal values differ in type before it would coerce them (an
/// integer and a float; a timestamp with an offset and one without).
pub fn literals_of_one_type(
    values: Vec<datafusion::logical_expr::Expr>,
) -> Vec<datafusion::logical_expr::Expr> {
    use datafusion::logical_expr::Expr;
    let types: Option<Vec<DataType>> = values
        .iter()
        .map(|v| match v {
            Expr::Literal(value, _) => Some(value.data_type()),
            _ => None,
        })
        .collect();
    let Some(types) = types else {
        return values;
    };
    let Some(target) = common_type(&types) else {
        return values;
    };
    values
        .into_iter()
        .map(|v| match v {
            Expr::Literal(value, metadata) if value.data_type() != target && !value.is_null() => {
                match value.cast_to(&target) {
                    Ok(cast) => Expr::Literal(cast, metadata),
                    Err(_) => Expr::Literal(value, metadata),
                }
            }
            other => other,
        })
        .collect()
}

/// The type values of all `types` take in one column (`unpivot`), as
/// `wrangle_dsl::catalog::Kind::common` decides it for the checker: the type itself when
/// they agree; integers and floats make `Float64`, integers and decimals the decimal wide
/// enough for both, dates and timestamps the timestamp; other scalars text. `None` when
/// lists or structs of different types meet.
pub fn common_type(types: &[DataType]) -> Option<DataType> {
    use datafusion::logical_expr::type_coercion::binary::comparison_coercion;
    use wrangle_dsl::catalog::Kind;
    // A column of nulls only takes any type.
    let typed: Vec<&DataType> = types.iter().filter(|t| **t != DataType::Null).collect();
    let Some(first) = typed.first() else {
        return Some(DataType::Utf8);
    };
    if typed.iter().all(|t| t == first) {
        return Some((*first).clone());
    }
    let mut kind = crate::schema::kind_of(first);
    for t in &typed[1..] {
        kind = kind.common(crate::schema::kind_of(t))?;
    }
    let coerced = || {
        typed[1..]
            .iter()
            .try_fold((*first).clone(), |a, b| comparison_coercion(&a, b))
    };
    Some(match kind {
        Kind::Float => DataType::Float64,
        Kind::Integer => DataType::Int64,
        Kind::Decimal => coerced().unwrap_or(DataType::Decimal128(38, 10)),
        Kind::Timestamp => typed
            .iter()
            .find(|t| matches!(t, DataType::Timestamp(..)))
            .map(|t| (*t).clone())
            .unwrap_or(DataType::Timestamp(TimeUnit::Microsecond, None)),
        Kind::Date => DataType::Date32,
        Kind::List | Kind::Struct => coerced()?,
        _ => DataType::Utf8,
    })
}
