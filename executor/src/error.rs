//! The executor's error type. Recipe problems carry diagnostics with spans (drawn by the
//! command line); everything else names the file, object or input it is about.

use std::fmt;
use std::path::PathBuf;

#[derive(Debug)]
pub enum Error {
    /// A file could not be read or written.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A path given on the command line holds no recipes.
    NoRecipes { path: PathBuf },
    /// An input could not be opened or read.
    Input { uri: String, message: String },
    /// The output could not be written (or exists already).
    Output { uri: String, message: String },
    /// The engine failed while running the plan.
    Engine(String),
    /// A command-line value is wrong.
    Usage(String),
    /// A test file (`*.test.toml`) is not valid: its TOML, a table, or a case, at a line
    /// and column of the file.
    TestFile {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    /// The user stopped the run (Ctrl-C) before its output was committed; what it had
    /// written was removed.
    Interrupted,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, source } => write!(f, "{}: {}", path.display(), source),
            Error::NoRecipes { path } => write!(f, "{}: no .wrangle files here", path.display()),
            Error::Input { uri, message } => write!(f, "input {uri}: {message}"),
            Error::Output { uri, message } => write!(f, "output {uri}: {message}"),
            Error::Engine(message) => write!(f, "the run failed: {message}"),
            Error::Usage(message) => write!(f, "{message}"),
            Error::TestFile {
                path,
                line,
                column,
                message,
            } => write!(f, "{}:{line}:{column}: {message}", path.display()),
            Error::Interrupted => write!(
                f,
                "interrupted; the output was not committed (its temporary files are removed)"
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// An error of the engine while running a plan, in one line; running out of memory
    /// says what to do about it.
    pub fn engine(e: datafusion::error::DataFusionError) -> Error {
        use datafusion::error::DataFusionError;
        let exhausted = |e: &DataFusionError| matches!(e, DataFusionError::ResourcesExhausted(_));
        let mut cause: Option<&DataFusionError> = Some(&e);
        while let Some(current) = cause {
            if exhausted(current) {
                let message = current.message();
                let first = message.lines().next().unwrap_or_default();
                let what = first
                    .split(" with top memory consumers")
                    .next()
                    .unwrap_or(first);
                return Error::Engine(format!("out of memory: {what}; raise --memory-limit"));
            }
            cause = match current {
                DataFusionError::Context(_, inner) => Some(inner.as_ref()),
                DataFusionError::Shared(inner) => Some(inner.as_ref()),
                _ => None,
            };
        }
        if e.to_string().contains("Resources exhausted") {
            return Error::Engine(format!(
                "out of memory; raise --memory-limit ({})",
                e.strip_backtrace().lines().last().unwrap_or_default()
            ));
        }
        Error::Engine(e.strip_backtrace())
    }
}
