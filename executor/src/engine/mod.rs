//! The native runtime around a compiled plan: opening inputs, executing, writing output
//! atomically, accounting for rows and checking expectations.

pub mod expectations;
pub mod input;
pub mod mismatches;
pub mod output;
pub mod schema;
pub mod session;
