//! Recipe unit tests (`wrangle test`): test files beside recipes (`NAME.test.toml`) with
//! inline tables, run on the same compiled plan as `wrangle run`, compared cell by cell.
//!
//! | file | what it does |
//! | --- | --- |
//! | `table.rs` | the layout of an inline table: header, rows, cells, their places in the file |
//! | `values/` | what a cell means for a column's type, and a value written back as a cell |
//! | `file/` | a test file read and checked: cases, tables, assertions |
//! | `case/` | one case run: inputs bound, recipe checked and compiled, `expect` steps, assertions |
//! | `compare.rs` | expected rows against actual rows, in order or as a multiset |
//! | `draw.rs` | results as text: one line per case, the diff of a failure, in colour on a terminal |
//! | `junit.rs` | results as JUnit XML |
//! | `generate/` | random well-typed recipes over random tables, run and classified, shrunk when they fail |
//! | `update.rs` | expected tables rewritten from the actual output |

pub mod case;
pub mod compare;
pub mod draw;
pub mod file;
pub mod generate;
pub mod junit;
pub mod table;
pub mod update;
pub mod values;
