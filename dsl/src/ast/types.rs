//! Column types as written in `settype` (and, later, in test tables).

use crate::span::Span;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeExpr {
    pub kind: TypeKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeKind {
    String,
    Integer,
    Float,
    Boolean,
    /// `decimal(precision, scale)`; plain `decimal` is `decimal(38, 10)`.
    Decimal {
        size: Option<(u32, u32)>,
    },
    /// `date` or `date("%m/%d/%Y")`: the strftime format text is parsed with.
    Date {
        format: Option<String>,
    },
    Timestamp {
        format: Option<String>,
    },
    List(Box<TypeExpr>),
    Struct(Vec<(super::Name, TypeExpr)>),
}

impl TypeKind {
    pub const DEFAULT_DECIMAL: (u32, u32) = (38, 10);
}
