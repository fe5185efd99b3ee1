//! One file per subcommand of `wrangle`.

pub mod check;
pub mod fmt;

/// What a command tells the shell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Everything was fine.
    Clean,
    /// The command worked and found problems (diagnostics, files to reformat).
    Findings,
}
