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
