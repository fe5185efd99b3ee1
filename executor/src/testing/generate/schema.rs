//! Column types and names: the generator's model of a table's columns (`Ty`, exact where
//! the language can name the type), random names that stress quoting, and random schemas.

use super::random::Rng;
use datafusion::arrow::datatypes::DataType;
use wrangle_dsl::ast::{Name, TypeExpr, TypeKind};
use wrangle_dsl::catalog::Kind;
use wrangle_dsl::Span;

/// A column's type as far as the generator knows it.
#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    String,
    Integer,
    Float,
    /// Precision and scale.
    Decimal(u8, i8),
    Boolean,
    Date,
    Timestamp,
    List(Box<Ty>),
    Struct(Vec<(String, Ty)>),
    /// A type the language has no name for (a column of nulls), or one not known.
    Unknown,
}

impl Ty {
    /// The checker's kind of values of this type.
    pub fn kind(&self) -> Kind {
        match self {
            Ty::String => Kind::String,
            Ty::Integer => Kind::Integer,
            Ty::Float => Kind::Float,
            Ty::Decimal(..) => Kind::Decimal,
            Ty::Boolean => Kind::Boolean,
            Ty::Date => Kind::Date,
            Ty::Timestamp => Kind::Timestamp,
            Ty::List(_) => Kind::List,
            Ty::Struct(_) => Kind::Struct,
            Ty::Unknown => Kind::Any,
        }
    }

    /// A type of the kind, where the kind names one.
    pub fn of_kind(kind: Kind) -> Ty {
        match kind {
            Kind::String | Kind::Matcher | Kind::Unit => Ty::String,
            Kind::Integer => Ty::Integer,
            Kind::Float => Ty::Float,
            Kind::Decimal => Ty::Decimal(38, 10),
            Kind::Boolean => Ty::Boolean,
            Kind::Date => Ty::Date,
            Kind::Timestamp => Ty::Timestamp,
            Kind::List => Ty::List(Box::new(Ty::Unknown)),
            Kind::Struct => Ty::Struct(Vec::new()),
            Kind::Number | Kind::Temporal | Kind::Any | Kind::Scalar => Ty::Unknown,
        }
    }

    pub fn from_arrow(data_type: &DataType) -> Ty {
        match data_type {
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => Ty::String,
            DataType::Int8
            | DataType::Int16
            | DataType::Int32
            | DataType::Int64
            | DataType::UInt8
            | DataType::UInt16
            | DataType::UInt32
            | DataType::UInt64 => Ty::Integer,
            DataType::Float16 | DataType::Float32 | DataType::Float64 => Ty::Float,
            DataType::Decimal128(p, s) | DataType::Decimal256(p, s) => Ty::Decimal(*p, *s),
            DataType::Boolean => Ty::Boolean,
            DataType::Date32 | DataType::Date64 => Ty::Date,
            DataType::Timestamp(..) => Ty::Timestamp,
            DataType::List(f) | DataType::LargeList(f) | DataType::FixedSizeList(f, _) => {
                Ty::List(Box::new(Ty::from_arrow(f.data_type())))
            }
            DataType::Struct(fields) => Ty::Struct(
                fields
                    .iter()
                    .map(|f| (f.name().clone(), Ty::from_arrow(f.data_type())))
                    .collect(),
            ),
            _ => Ty::Unknown,
        }
    }

    /// The type as a header or `settype` writes it; `None` when the language cannot.
    pub fn type_expr(&self) -> Option<TypeExpr> {
        let kind = match self {
            Ty::String => TypeKind::String,
            Ty::Integer => TypeKind::Integer,
            Ty::Float => TypeKind::Float,
            Ty::Decimal(p, s) if *p >= 1 && *p <= 38 && *s >= 0 && (*s as u8) <= *p => {
                TypeKind::Decimal {
                    size: Some((u32::from(*p), *s as u32)),
                }
            }
            Ty::Decimal(..) => return None,
            Ty::Boolean => TypeKind::Boolean,
            Ty::Date => TypeKind::Date { format: None },
            Ty::Timestamp => TypeKind::Timestamp { format: None },
            Ty::List(inner) => TypeKind::List(Box::new(inner.type_expr()?)),
            Ty::Struct(fields) if !fields.is_empty() => TypeKind::Struct(
                fields
                    .iter()
                    .map(|(n, t)| Some((Name::new(n.clone(), Span::default()), t.type_expr()?)))
                    .collect::<Option<Vec<_>>>()?,
            ),
            Ty::Struct(_) | Ty::Unknown => return None,
        };
        Some(TypeExpr {
            kind,
            span: Span::default(),
        })
    }

    pub fn is_numeric(&self) -> bool {
        matches!(self, Ty::Integer | Ty::Float | Ty::Decimal(..))
    }

    pub fn is_temporal(&self) -> bool {
        matches!(self, Ty::Date | Ty::Timestamp)
    }

    /// Neither a list nor a struct.
    pub fn is_scalar(&self) -> bool {
        !matches!(self, Ty::List(_) | Ty::Struct(_) | Ty::Unknown)
    }

    /// Whether a value of this type may stand where the catalog asks for `want`, for the
    /// checker and for the engine: an integer where a float goes, a date where a date or
    /// timestamp goes, but not an unknown type where a known kind is asked for.
    pub fn fits(&self, want: Kind) -> bool {
        match want {
            Kind::Any => true,
            Kind::Number => self.is_numeric(),
            Kind::Temporal => self.is_temporal(),
            Kind::Float => matches!(self, Ty::Float | Ty::Integer | Ty::Decimal(..)),
            Kind::Decimal => matches!(self, Ty::Decimal(..) | Ty::Integer),
            Kind::Matcher | Kind::Unit => *self == Ty::String,
            other => self.kind() == other,
        }
    }

    /// Whether a column of this type and one of `other` can be compared with `=` or `<`.
    pub fn comparable(&self, other: &Ty) -> bool {
        (self.is_numeric() && other.is_numeric())
            || (self.is_temporal() && other.is_temporal())
            || (self.is_scalar() && self == other)
    }
}

/// Names from every corner of what a column may be called: plain, upper case, spaces,
/// dots, unicode, punctuation, reserved words, keywords of the transforms, function names.
const NAMES: &[&str] = &[
    "id",
    "amount",
    "city",
    "name",
    "qty",
    "price",
    "status",
    "tags",
    "x",
    "y",
    "a",
    "b",
    "Amount",
    "CITY",
    "OrderID",
    "Name",
    "ID",
    "X",
    "Cust Name",
    "Amt ($)",
    "unit price",
    " padded ",
    "two  spaces",
    "a.b",
    "price.usd",
    "x.1",
    ".hidden",
    "end.",
    "prénom",
    "城市",
    "Größe",
    "ñame",
    "Ωmega",
    "📦 box",
    "naïve café",
    "end",
    "null",
    "and",
    "in",
    "case",
    "true",
    "NULL",
    "Between",
    "not",
    "rows",
    "by",
    "to",
    "from",
    "where",
    "order",
    "limit",
    "first",
    "last",
    "as",
    "kind",
    "columns",
    "into",
    "on",
    "with",
    "desc",
    "asc",
    "nulls",
    "using",
    "prefix",
    "position",
    "count",
    "sum",
    "row_number",
    "list",
    "struct",
    "date",
    "string",
    "integer",
    "2024",
    "1st",
    "a-b",
    "a+b",
    "a|b",
    "a:b",
    "a`b",
    "#tag",
    "\"q\"",
    "a,b",
    "[x]",
    "{y}",
    "_",
    "_x",
    "__x",
    "Δ",
    "é",
    "É",
];

/// A column name not in `taken` (compared exactly, so `Amount` and `amount` may both be).
pub fn column_name(rng: &mut Rng, taken: &[String]) -> String {
    for _ in 0..20 {
        let base = if rng.chance(0.55) {
            // Plain names most of the time, so the interesting ones stand out.
            let plain = [
                "id", "amount", "city", "name", "qty", "price", "status", "score", "code", "label",
                "day", "at", "flag", "ratio", "total", "note", "key", "value", "v", "w",
            ];
            rng.pick(&plain).to_string()
        } else {
            rng.pick(NAMES).to_string()
        };
        if !taken.contains(&base) {
            return base;
        }
    }
    let mut i = 2;
    loop {
        let name = format!("c{i}");
        if !taken.contains(&name) {
            return name;
        }
        i += 1;
    }
}

/// A random scalar or nested type; nested types only while `depth` allows.
pub fn random_ty(rng: &mut Rng, depth: u32) -> Ty {
    let nested = if depth == 0 { 0 } else { 7 };
    let choice = *rng.weighted(&[
        (25, 0),
        (20, 1),
        (12, 2),
        (8, 3),
        (8, 4),
        (8, 5),
        (7, 6),
        (nested, 7),
        (nested / 2 + 1, 8),
    ]);
    match choice {
        0 => Ty::String,
        1 => Ty::Integer,
        2 => Ty::Float,
        3 => {
            let (p, s) = *rng.pick(&[(10, 2), (38, 10), (5, 0), (18, 4), (38, 0), (3, 3)]);
            Ty::Decimal(p, s)
        }
        4 => Ty::Boolean,
        5 => Ty::Date,
        6 => Ty::Timestamp,
        7 if depth > 0 => Ty::List(Box::new(item_ty(rng, depth - 1))),
        8 if depth > 0 => {
            let n = rng.range(1, 3) as usize;
            let mut fields: Vec<(String, Ty)> = Vec::new();
            for _ in 0..n {
                let mut taken: Vec<String> = fields.iter().map(|(n, _)| n.clone()).collect();
                // A test table's header cannot state a type with `|` inside (the cell
                // ends there), so fields are not named so.
                taken.extend(
                    NAMES
                        .iter()
                        .filter(|n| n.contains('|'))
                        .map(|n| n.to_string()),
                );
                let name = column_name(rng, &taken);
                fields.push((name, item_ty(rng, depth - 1)));
            }
            Ty::Struct(fields)
        }
        _ => Ty::String,
    }
}

/// The type of a list's items or a struct's fields: mostly scalars.
fn item_ty(rng: &mut Rng, depth: u32) -> Ty {
    if depth > 0 && rng.chance(0.15) {
        random_ty(rng, depth)
    } else {
        random_ty(rng, 0)
    }
}

/// A table's columns: `n` distinct names with random types.
pub fn random_schema(rng: &mut Rng, n: usize) -> Vec<(String, Ty)> {
    let mut columns: Vec<(String, Ty)> = Vec::new();
    for _ in 0..n {
        let taken: Vec<String> = columns.iter().map(|(n, _)| n.clone()).collect();
        let name = column_name(rng, &taken);
        columns.push((name, random_ty(rng, 2)));
    }
    columns
}
