//! What the checker knows about the table between steps: its columns and their kinds, and
//! whether more columns may exist that it has not seen (no input schema given).

use super::types::Type;
use crate::catalog::Kind;
use crate::span::Span;

#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub name: String,
    /// Its type, with the items of a list and the fields of a struct where they are known
    /// (from the input's schema, a `settype`, the expression that made it).
    pub ty: Type,
}

impl Column {
    pub fn new(name: impl Into<String>, ty: impl Into<Type>) -> Column {
        Column {
            name: name.into(),
            ty: ty.into(),
        }
    }

    pub fn kind(&self) -> Kind {
        self.ty.kind()
    }
}

/// The table as far as the checker can tell.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Schema {
    pub columns: Vec<Column>,
    /// True when the table may have columns the checker has not seen: the input's schema
    /// was not given, or a step (join, unnest, pivot) adds columns only data can tell.
    pub open: bool,
    /// Columns that earlier steps removed or renamed away, with where, so a later use of
    /// one is reported even when the schema is open.
    pub gone: Vec<Gone>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Gone {
    pub name: String,
    pub span: Span,
    pub how: &'static str,
}

/// What a column reference found.
pub enum Lookup<'a> {
    Found(&'a Column),
    /// Not seen, but the schema is open: it may exist.
    Unknown,
    Gone(&'a Gone),
    Missing,
}

impl Schema {
    /// A table whose columns are not known yet.
    pub fn unknown() -> Self {
        Schema {
            columns: Vec::new(),
            open: true,
            gone: Vec::new(),
        }
    }

    pub fn known(columns: Vec<Column>) -> Self {
        Schema {
            columns,
            open: false,
            gone: Vec::new(),
        }
    }

    pub fn find(&self, name: &str) -> Lookup<'_> {
        if let Some(c) = self.columns.iter().find(|c| c.name == name) {
            return Lookup::Found(c);
        }
        if let Some(g) = self.gone.iter().rev().find(|g| g.name == name) {
            return Lookup::Gone(g);
        }
        if self.open {
            Lookup::Unknown
        } else {
            Lookup::Missing
        }
    }

    /// The kind of a column, `Any` when it is not known.
    pub fn kind_of(&self, name: &str) -> Kind {
        self.type_of(name).kind()
    }

    /// The type of a column, `Any` when it is not known.
    pub fn type_of(&self, name: &str) -> Type {
        match self.find(name) {
            Lookup::Found(c) => c.ty.clone(),
            _ => Type::ANY,
        }
    }

    pub fn has(&self, name: &str) -> bool {
        self.columns.iter().any(|c| c.name == name)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().map(|c| c.name.as_str())
    }

    /// Adds a column at the end, or changes the type of one already there.
    pub fn put(&mut self, name: &str, ty: impl Into<Type>) {
        let ty = ty.into();
        self.gone.retain(|g| g.name != name);
        match self.columns.iter_mut().find(|c| c.name == name) {
            Some(c) => c.ty = ty,
            None => self.columns.push(Column::new(name, ty)),
        }
    }

    /// Inserts a column right after another (or at the end).
    pub fn put_after(&mut self, after: &str, name: &str, ty: impl Into<Type>) {
        self.gone.retain(|g| g.name != name);
        let at = self
            .columns
            .iter()
            .position(|c| c.name == after)
            .map_or(self.columns.len(), |i| i + 1);
        self.columns.insert(at, Column::new(name, ty));
    }

    pub fn remove(&mut self, name: &str, span: Span, how: &'static str) {
        self.columns.retain(|c| c.name != name);
        self.gone.push(Gone {
            name: name.to_string(),
            span,
            how,
        });
    }
}
