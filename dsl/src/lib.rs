//! The Wrangle recipe language: grammar, syntax tree, parser, canonical printer, checker
//! and diagnostics. No engine here: this crate builds for native targets and for wasm32.

// A diagnostic carries its message, hint and notes; errors are rare and reported once, so
// returning it by value is simpler than boxing it everywhere.
#![allow(clippy::result_large_err)]

// pest's generated parser refers to `alloc` (pest is used without its `std` feature, whose
// per-rule stack probe cost a fifth of parsing time; `parse::MAX_NESTING` bounds depth).
extern crate alloc;

pub mod ast;
pub mod catalog;
pub mod check;
pub mod diagnostics;
pub mod names;
pub mod parse;
pub mod pattern;
pub mod print;
pub mod reference;
pub mod span;

pub use diagnostics::{Diagnostic, Error};
pub use parse::{parse, parse_expr, parse_type, Parsed};
pub use print::{print, print_expr, print_step};
pub use span::{LineCol, Span};
