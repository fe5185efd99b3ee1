//! Arrow types as the language sees them, in one place: the checker's kind of a column (so
//! `wrangle check --input` and `wrangle run` report unknown columns and type errors with the
//! recipe's spans before anything runs), the language's type, and its name as `settype`,
//! `type_of`, test tables and the app's column headers write it.

use datafusion::arrow::datatypes::{DataType, Schema as ArrowSchema};
use wrangle_dsl::ast::{Name, TypeExpr, TypeKind};
use wrangle_dsl::catalog::Kind;
use wrangle_dsl::check::{Column, Schema, Type};
use wrangle_dsl::Span;

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

/// The checker's type of an Arrow type: its kind, with the items of lists and the fields of
/// structs.
pub fn checker_type(data_type: &DataType) -> Type {
    match data_type {
        DataType::List(f)
        | DataType::LargeList(f)
        | DataType::ListView(f)
        | DataType::LargeListView(f)
        | DataType::FixedSizeList(f, _) => Type::list(checker_type(f.data_type())),
        DataType::Struct(fields) => Type::Struct(
            fields
                .iter()
                .map(|f| (f.name().clone(), checker_type(f.data_type())))
                .collect(),
        ),
        other => kind_of(other).into(),
    }
}

pub fn checker_schema(schema: &ArrowSchema) -> Schema {
    Schema::known(
        schema
            .fields()
            .iter()
            .map(|f| Column::new(f.name().clone(), checker_type(f.data_type())))
            .collect(),
    )
}

/// The language's name of an Arrow type, as a header would write it.
pub fn type_name(data_type: &DataType) -> String {
    match (language_type(data_type), data_type) {
        (Some(kind), _) => wrangle_dsl::print::print_type(&TypeExpr {
            kind,
            span: Span::default(),
        }),
        (None, DataType::Null) => "null".into(),
        (None, DataType::Dictionary(_, value)) => type_name(value),
        (None, other) => other.to_string().to_ascii_lowercase(),
    }
}

/// The language's type for an Arrow type, when it has one.
pub fn language_type(data_type: &DataType) -> Option<TypeKind> {
    let boxed = |kind| TypeExpr {
        kind,
        span: Span::default(),
    };
    Some(match data_type {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => TypeKind::String,
        DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::Int64
        | DataType::UInt8
        | DataType::UInt16
        | DataType::UInt32
        | DataType::UInt64 => TypeKind::Integer,
        DataType::Float16 | DataType::Float32 | DataType::Float64 => TypeKind::Float,
        DataType::Boolean => TypeKind::Boolean,
        DataType::Decimal32(p, s)
        | DataType::Decimal64(p, s)
        | DataType::Decimal128(p, s)
        | DataType::Decimal256(p, s) => TypeKind::Decimal {
            size: Some((u32::from(*p), (*s).max(0) as u32)),
        },
        DataType::Date32 | DataType::Date64 => TypeKind::Date { format: None },
        DataType::Timestamp(..) => TypeKind::Timestamp { format: None },
        DataType::List(f)
        | DataType::LargeList(f)
        | DataType::ListView(f)
        | DataType::LargeListView(f)
        | DataType::FixedSizeList(f, _) => {
            TypeKind::List(Box::new(boxed(language_type(f.data_type())?)))
        }
        DataType::Struct(fields) => TypeKind::Struct(
            fields
                .iter()
                .map(|f| {
                    Some((
                        Name::new(f.name().clone(), Span::default()),
                        boxed(language_type(f.data_type())?),
                    ))
                })
                .collect::<Option<Vec<_>>>()?,
        ),
        _ => return None,
    })
}
