//! What the checker knows about the table between steps: its columns and their kinds, and
//! whether more columns may exist that it has not seen (no input schema given).

use crate::catalog::Kind;
use crate::span::Span;

#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub name: String,
    pub kind: Kind,
    /// For a list column, the kind of its items, when known (from the input's schema or a
    /// `settype … list<T>`).
    pub item: Option<Kind>,
}

impl Column {
    pub fn new(name: impl Into<String>, kind: Kind) -> Column {
        Column {
            name: name.into(),
            kind,
            item: None,
        }
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
        match self.find(name) {
            Lookup::Found(c) => c.kind,
            _ => Kind::Any,
        }
    }

    pub fn has(&self, name: &str) -> bool {
        self.columns.iter().any(|c| c.name == name)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().map(|c| c.name.as_str())
    }

    /// Adds a column at the end, or changes the kind of one already there (what its items
    /// are is then not known).
    pub fn put(&mut self, name: &str, kind: Kind) {
        self.gone.retain(|g| g.name != name);
        match self.columns.iter_mut().find(|c| c.name == name) {
            Some(c) => {
                c.kind = kind;
                c.item = None;
            }
            None => self.columns.push(Column::new(name, kind)),
        }
    }

    /// Says what kind of items a list column holds.
    pub fn set_item(&mut self, name: &str, item: Option<Kind>) {
        if let Some(c) = self.columns.iter_mut().find(|c| c.name == name) {
            c.item = item;
        }
    }

    /// Inserts a column right after another (or at the end).
    pub fn put_after(&mut self, after: &str, name: &str, kind: Kind) {
        self.gone.retain(|g| g.name != name);
        let at = self
            .columns
            .iter()
            .position(|c| c.name == after)
            .map_or(self.columns.len(), |i| i + 1);
        self.columns.insert(at, Column::new(name, kind));
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
