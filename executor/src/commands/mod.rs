//! One file per subcommand of `wrangle`.

pub mod check;
pub mod compile;
pub mod fmt;
mod pivot_values;
mod prepare;
mod progress;
pub mod run;

pub use prepare::parse_binding;

/// What a command tells the shell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Everything was fine.
    Clean,
    /// The command worked and found problems (diagnostics, files to reformat, broken
    /// expectations).
    Findings,
}
