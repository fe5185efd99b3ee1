//! One file per subcommand of `wrangle`.

mod api_client;
pub mod check;
pub mod compile;
mod csv_columns;
pub mod fmt;
pub mod jobs;
pub(crate) mod prepare;
pub(crate) mod progress;
pub mod run;
mod run_report;
mod run_summary;
pub mod sample;
pub mod schedules;
pub mod serve;
pub mod test;

pub use prepare::parse_binding;

/// What a command tells the shell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Everything was fine.
    Clean,
    /// The command worked and found problems (diagnostics, files to reformat, broken
    /// expectations).
    Findings,
    /// Input the command could not use, reported, while the rest was done (an invalid test
    /// file among valid ones): exit status 2.
    Invalid,
}
