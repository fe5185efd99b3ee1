//! The type of a value as far as the checker knows it: its kind, and for lists and structs
//! the types inside them. The typed recipe carries one on every column and expression, so
//! each engine's compiler reads types from it rather than working them out again.

use crate::ast::TypeKind;
use crate::catalog::Kind;
use std::fmt;

#[derive(Clone, Debug, PartialEq)]
pub enum Type {
    /// Only the kind is known: a single value of that kind, a list whose items are not known
    /// (`Kind::List`), a struct whose fields are not known (`Kind::Struct`), anything
    /// (`Kind::Any`).
    Of(Kind),
    /// A list of items of one type.
    List(Box<Type>),
    /// A struct with these fields, in order.
    Struct(Vec<(String, Type)>),
}

impl Type {
    pub const ANY: Type = Type::Of(Kind::Any);

    pub fn list(item: Type) -> Type {
        Type::List(Box::new(item))
    }

    pub fn kind(&self) -> Kind {
        match self {
            Type::Of(kind) => *kind,
            Type::List(_) => Kind::List,
            Type::Struct(_) => Kind::Struct,
        }
    }

    /// The type of a list's items, when this is a list whose items are known.
    pub fn item(&self) -> Option<&Type> {
        match self {
            Type::List(item) if item.kind() != Kind::Any => Some(item),
            _ => None,
        }
    }

    /// The type of a struct's field, when this is a struct whose fields are known.
    pub fn field(&self, name: &str) -> Option<&Type> {
        match self {
            Type::Struct(fields) => fields.iter().find(|(n, _)| n == name).map(|(_, t)| t),
            _ => None,
        }
    }

    /// The type of a value that is one of two others (`if`, `case`, `coalesce`, a list's
    /// items): kinds unify as [`Kind::unify`] says, lists by their items, structs when they
    /// have the same fields in the same order, each of types that unify. `None` when no one
    /// type holds both. A side whose inside is not known takes the other's.
    pub fn unify(&self, other: &Type) -> Option<Type> {
        match (self, other) {
            (Type::Of(Kind::Any), t) | (t, Type::Of(Kind::Any)) => Some(t.clone()),
            (Type::List(a), Type::List(b)) => Some(Type::list(a.unify(b)?)),
            (Type::Struct(a), Type::Struct(b)) => {
                if a.len() != b.len() {
                    return None;
                }
                a.iter()
                    .zip(b)
                    .map(|((na, ta), (nb, tb))| {
                        (na == nb)
                            .then(|| ta.unify(tb))
                            .flatten()
                            .map(|t| (na.clone(), t))
                    })
                    .collect::<Option<Vec<_>>>()
                    .map(Type::Struct)
            }
            (Type::List(_) | Type::Struct(_), Type::Of(k)) if *k == self.kind() => {
                Some(self.clone())
            }
            (Type::Of(k), Type::List(_) | Type::Struct(_)) if *k == other.kind() => {
                Some(other.clone())
            }
            (a, b) => a.kind().unify(b.kind()).map(Type::Of),
        }
    }

    /// The type values of both types take when they go in one column (`unpivot`,
    /// `union`): scalars as [`Kind::common`] says (other scalars make text), lists and
    /// structs as [`Type::unify`] does.
    pub fn common(&self, other: &Type) -> Option<Type> {
        match (self, other) {
            (Type::Of(a), Type::Of(b)) => a.common(*b).map(Type::Of),
            _ => self.unify(other),
        }
    }

    /// Whether values of this type convert to `to` (`settype`): as [`Kind::converts_to`]
    /// says, and a list's items as items convert. Inside a list a list or struct does not
    /// become text: a whole column becomes JSON text, an item cannot.
    pub fn converts_to(&self, to: &Type) -> bool {
        match (self, to) {
            (Type::List(from), Type::List(to)) => {
                let nested = matches!(from.kind(), Kind::List | Kind::Struct);
                !(nested && to.kind() == Kind::String) && from.converts_to(to)
            }
            _ => self.kind().converts_to(to.kind()),
        }
    }

    /// The type a column has after `settype … T`.
    pub fn of_written(ty: &TypeKind) -> Type {
        match ty {
            TypeKind::List(item) => Type::list(Type::of_written(&item.kind)),
            TypeKind::Struct(fields) => Type::Struct(
                fields
                    .iter()
                    .map(|(name, t)| (name.text.clone(), Type::of_written(&t.kind)))
                    .collect(),
            ),
            TypeKind::String => Kind::String.into(),
            TypeKind::Integer => Kind::Integer.into(),
            TypeKind::Float => Kind::Float.into(),
            TypeKind::Boolean => Kind::Boolean.into(),
            TypeKind::Decimal { .. } => Kind::Decimal.into(),
            TypeKind::Date { .. } => Kind::Date.into(),
            TypeKind::Timestamp { .. } => Kind::Timestamp.into(),
        }
    }
}

impl From<Kind> for Type {
    fn from(kind: Kind) -> Type {
        Type::Of(kind)
    }
}

/// As users read it: `integer`, `list<string>`, `struct<name: string, age: integer>`.
impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Of(kind) => f.write_str(kind.name()),
            Type::List(item) if item.kind() == Kind::Any => f.write_str("list"),
            Type::List(item) => write!(f, "list<{item}>"),
            Type::Struct(fields) => {
                f.write_str("struct<")?;
                for (i, (name, t)) in fields.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{}: {t}", crate::print::print_name(name))?;
                }
                f.write_str(">")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strukt(fields: &[(&str, Type)]) -> Type {
        Type::Struct(
            fields
                .iter()
                .map(|(n, t)| (n.to_string(), t.clone()))
                .collect(),
        )
    }

    #[test]
    fn lists_unify_by_their_items() {
        let ints = Type::list(Kind::Integer.into());
        let floats = Type::list(Kind::Float.into());
        let texts = Type::list(Kind::String.into());
        assert_eq!(ints.unify(&floats), Some(floats.clone()));
        assert_eq!(ints.unify(&texts), None);
        assert_eq!(ints.unify(&Kind::List.into()), Some(ints.clone()));
        assert_eq!(ints.unify(&Type::ANY), Some(ints.clone()));
        assert_eq!(ints.unify(&Kind::Integer.into()), None);
        assert_eq!(texts.to_string(), "list<string>");
        // Items convert as items: numbers to text, but not structs to text.
        assert!(ints.converts_to(&texts));
        let structs = Type::list(Type::Struct(vec![("a".into(), Kind::Integer.into())]));
        assert!(!structs.converts_to(&texts));
        assert!(structs.converts_to(&Kind::String.into()));
    }

    #[test]
    fn structs_unify_only_with_the_same_fields() {
        let a = strukt(&[("x", Kind::Integer.into()), ("y", Kind::String.into())]);
        let wider = strukt(&[("x", Kind::Float.into()), ("y", Kind::String.into())]);
        let other = strukt(&[("y", Kind::String.into()), ("x", Kind::Integer.into())]);
        let fewer = strukt(&[("x", Kind::Integer.into())]);
        assert_eq!(a.unify(&wider), Some(wider.clone()));
        assert_eq!(a.unify(&other), None);
        assert_eq!(a.unify(&fewer), None);
        assert_eq!(a.unify(&Kind::Struct.into()), Some(a.clone()));
        assert_eq!(a.to_string(), "struct<x: integer, y: string>");
        assert_eq!(a.field("y"), Some(&Type::Of(Kind::String)));
    }
}
