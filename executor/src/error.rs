//! The executor's error type. Recipe problems carry the dsl's diagnostics (with spans);
//! everything else names the file or object it is about.

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
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, source } => write!(f, "{}: {}", path.display(), source),
            Error::NoRecipes { path } => write!(f, "{}: no .wrangle files here", path.display()),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            Error::NoRecipes { .. } => None,
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;
