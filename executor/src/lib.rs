//! Runs Wrangle recipes: the compiler from recipe to DataFusion plan, the function library
//! (DataFusion built-ins and our UDFs), and, natively, the `wrangle` command line.

pub mod accounting;
pub mod api_types;
pub mod checked_arithmetic;
pub mod compile;
pub mod expectations;
pub mod failure_words;
pub mod planning;
pub mod sample_api;
pub mod schema;
pub mod udf;

#[cfg(feature = "native")]
pub mod commands;
#[cfg(feature = "native")]
pub mod engine;
#[cfg(feature = "native")]
pub mod error;
#[cfg(feature = "native")]
pub mod output;
#[cfg(feature = "native")]
pub mod recipe_files;
#[cfg(feature = "native")]
pub mod serve;
#[cfg(feature = "native")]
pub mod testing;

#[cfg(feature = "native")]
pub use error::{Error, Result};
