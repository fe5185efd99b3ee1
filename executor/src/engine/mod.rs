//! The native runtime around a compiled plan: opening inputs, executing, writing output
//! atomically, accounting for rows and checking expectations.

pub mod bad_rows;
pub mod csv_dialect;
pub mod csv_types;
pub mod expectations;
pub mod format;
pub mod input;
pub mod listing;
pub mod object_reader;
pub mod output;
pub mod sample;
pub mod sample_anomaly;
pub mod sample_cap;
pub mod sample_random;
pub mod session;
pub mod store;
