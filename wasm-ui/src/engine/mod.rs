//! What the browser computes: the working set as an Arrow table, each step of the recipe
//! applied to the table before it (the same checker and compiler as batch runs, DataFusion
//! in one partition), what a step changed, and every column's profile. None of it touches
//! the page, so all of it is tested natively.

pub mod cells;
pub mod diff;
pub mod files;
pub mod memo;
pub mod profile;
pub mod row_set;
pub mod runner;
pub mod selection;
pub mod table;

pub use runner::{Runner, StepOutcome};
pub use table::{Table, ROW_ID};
