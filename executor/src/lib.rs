//! Runs Wrangle recipes. For now: the `wrangle` command line's `check` and `fmt`; the
//! DataFusion compiler, object storage and batch runs come next (see ARCHITECTURE.md).

pub mod commands;
pub mod error;
pub mod output;
pub mod recipe_files;

pub use error::{Error, Result};
