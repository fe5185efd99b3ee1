//! The Wrangle recipe language: grammar, syntax tree, parser, canonical printer, checker
//! and diagnostics. No engine here: this crate builds for native targets and for wasm32.

// A diagnostic carries its message, hint and notes; errors are rare and reported once, so
// returning it by value is simpler than boxing it everywhere.
#![allow(clippy::result_large_err)]

pub mod ast;
pub mod catalog;
pub mod check;
pub mod diagnostics;
pub mod parse;
pub mod pattern;
pub mod print;
pub mod reference;
pub mod span;

pub use diagnostics::{Diagnostic, Error};
pub use parse::{parse, parse_expr, Parsed};
pub use print::{print, print_expr, print_step};
pub use span::{LineCol, Span};
