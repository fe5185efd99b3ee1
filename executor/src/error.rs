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
    /// A step of the recipe failed while the plan ran (an integer overflow, a value a
    /// function refused): the step's place in the recipe (drawn with line and caret by the
    /// command line), its keyword and what went wrong, in words.
    Step {
        span: wrangle_dsl::Span,
        keyword: String,
        message: String,
    },
    /// A CSV value that does not fit the type its column was read as.
    CsvValue(Box<CsvValue>),
}

/// A CSV value that does not convert to its column's type (the type came from other rows).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvValue {
    /// The input, as given.
    pub input: String,
    pub column: String,
    pub value: String,
    /// What the column's other values are: "an integer", "a date", …
    pub expected: String,
    /// The column's type came from this many first rows (`None`: from every row).
    pub from_rows: Option<u64>,
    /// The object and the line the value is on, once found.
    pub at: Option<(String, u64)>,
}

impl CsvValue {
    /// The value, for a message: at most 60 characters, on one line.
    pub fn shown(&self) -> String {
        let mut value: String = self
            .value
            .chars()
            .take(60)
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        if self.value.chars().nth(60).is_some() {
            value.push('…');
        }
        value
    }

    /// What is wrong, after the object: the line, the column, the value, the way out.
    pub fn describe(&self) -> String {
        let line = self
            .at
            .as_ref()
            .map(|(_, line)| format!("line {line}, "))
            .unwrap_or_default();
        let like = self
            .from_rows
            .map(|rows| format!(" like the column's first {rows} rows"))
            .unwrap_or_default();
        format!(
            "{line}column `{}`: `{}` is not {}{like}; correct the value, or leave the cell empty",
            self.column,
            self.shown(),
            self.expected
        )
    }
}

impl fmt::Display for CsvValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let object = self.at.as_ref().map_or(&self.input, |(object, _)| object);
        write!(f, "input {object}: {}", self.describe())
    }
}

impl std::error::Error for CsvValue {}

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
            Error::Step {
                keyword, message, ..
            } => write!(f, "the `{keyword}` step failed: {message}"),
            Error::CsvValue(value) => write!(f, "{value}"),
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
        if let Some(value) = csv_value(&e) {
            return Error::CsvValue(Box::new(value.clone()));
        }
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
        if let Some((label, inner)) = crate::accounting::StepLabel::of_error(&e) {
            let message = inner.strip_backtrace();
            // The input could not be read: the runner names the object and line.
            if reads_csv(&message) {
                return Error::Engine(message);
            }
            return Error::Step {
                span: label.span(),
                keyword: label.keyword,
                message: crate::failure_words::in_words(inner),
            };
        }
        Error::Engine(e.strip_backtrace())
    }
}

/// Whether an engine error comes from the CSV reader.
pub(crate) fn reads_csv(message: &str) -> bool {
    let lower = message.to_ascii_lowercase();
    [
        "csv",
        "number of fields",
        "utf-8",
        "utf8",
        "unequal lengths",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// The CSV value that did not convert, when that is what stopped the engine.
pub fn csv_value(e: &datafusion::error::DataFusionError) -> Option<&CsvValue> {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(current) = cause {
        if let Some(value) = current.downcast_ref::<CsvValue>() {
            return Some(value);
        }
        cause = current.source();
    }
    None
}
