//! Arrow schemas as the checker sees them, so `wrangle check --input` and `wrangle run`
//! report unknown columns and type errors with the recipe's spans before anything runs.

use datafusion::arrow::datatypes::{DataType, Schema as ArrowSchema};
use wrangle_dsl::catalog::Kind;
use wrangle_dsl::check::{Column, Schema};

pub fn kind_of(data_type: &DataType) -> Kind {
    match data_type {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => Kind::String,
        DataType::Int8 | DataType::Int16 | DataType::Int32 | DataType::Int64 => Kind::Integer,
        DataType::UInt8 | DataType::UInt16 | DataType::UInt32 | DataType::UInt64 => Kind::Integer,
        DataType::Float16 | DataType::Float32 | DataType::Float64 => Kind::Float,
        DataType::Decimal32(..)
        | DataType::Decimal64(..)
        | DataType::Decimal128(..)
        | DataType::Decimal256(..) => Kind::Decimal,
        DataType::Boolean => Kind::Boolean,
        DataType::Date32 | DataType::Date64 => Kind::Date,
        DataType::Timestamp(..) => Kind::Timestamp,
        DataType::List(_)
        | DataType::LargeList(_)
        | DataType::FixedSizeList(..)
        | DataType::ListView(_) => Kind::List,
        DataType::Struct(_) => Kind::Struct,
        _ => Kind::Any,
    }
}

pub fn checker_schema(schema: &ArrowSchema) -> Schema {
    Schema::known(
        schema
            .fields()
            .iter()
            .map(|f| Column {
                name: f.name().clone(),
                kind: kind_of(f.data_type()),
            })
            .collect(),
    )
}
