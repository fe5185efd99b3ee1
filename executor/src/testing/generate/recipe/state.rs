//! The table as the generator knows it between steps: its columns, the values seen so far,
//! the named inputs, the joins.

use super::super::expr::{Col, Scope};
use super::super::random::Rng;
use super::super::schema::{column_name, Ty};
use super::super::table::Pool;
use wrangle_dsl::catalog::Kind;

/// The table as the generator knows it between steps.
pub(super) struct State {
    pub(super) columns: Vec<Col>,
    pub(super) pool: Pool,
    /// Named inputs the case has, with their columns.
    pub(super) with: Vec<(String, Vec<(String, Ty)>)>,
    /// Joins so far: at most `MAX_JOINS`, so that rows cannot multiply past a few
    /// thousand.
    pub(super) joins: usize,
}

/// Joins in one recipe at most (45 rows joined twice with 8 rows of repeated keys make
/// 2,880 rows).
pub(super) const MAX_JOINS: usize = 2;

impl State {
    pub(super) fn names(&self) -> Vec<String> {
        self.columns.iter().map(|c| c.name.clone()).collect()
    }

    pub(super) fn where_ty(&self, f: impl Fn(&Ty) -> bool) -> Vec<&Col> {
        self.columns
            .iter()
            .filter(|c| f(&c.ty) && c.kind != Kind::Any)
            .collect()
    }

    pub(super) fn fresh(&self, rng: &mut Rng, also: &[String]) -> String {
        let mut taken = self.names();
        taken.extend(also.iter().cloned());
        column_name(rng, &taken)
    }

    pub(super) fn scope(&self) -> Scope<'_> {
        Scope::new(&self.columns)
    }

    pub(super) fn pick_cols(&self, rng: &mut Rng, low: usize, high: usize) -> Vec<String> {
        let k = rng.range(low as i64, high as i64) as usize;
        rng.sample(self.columns.len(), k)
            .into_iter()
            .map(|i| self.columns[i].name.clone())
            .collect()
    }
}
