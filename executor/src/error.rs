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
    /// An input could not be read while the plan ran (a malformed CSV row, the store
    /// failing); the runner looks for the object and line to name.
    Reading(String),
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
            Error::Engine(message) | Error::Reading(message) => {
                write!(f, "the run failed: {message}")
            }
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
        let chain = causes(&e);
        if let Some(DataFusionError::ResourcesExhausted(message)) = chain
            .iter()
            .find(|c| matches!(c, DataFusionError::ResourcesExhausted(_)))
        {
            let first = message.lines().next().unwrap_or_default();
            let what = first
                .split(" with top memory consumers")
                .next()
                .unwrap_or(first);
            return Error::Engine(format!("out of memory: {what}; raise --memory-limit"));
        }
        // The input could not be read: the runner names the object and line.
        if chain.iter().any(|c| reads_input(c)) {
            return Error::Reading(e.strip_backtrace());
        }
        if let Some((label, inner)) = crate::accounting::StepLabel::of_error(&e) {
            return Error::Step {
                span: label.span(),
                keyword: label.keyword,
                message: crate::failure_words::in_words(inner),
            };
        }
        Error::Engine(e.strip_backtrace())
    }
}

/// An error and every error it wraps, outermost first: through contexts, shared and
/// collected errors, and errors of DataFusion boxed in Arrow's or as external ones.
fn causes(e: &datafusion::error::DataFusionError) -> Vec<&datafusion::error::DataFusionError> {
    use datafusion::arrow::error::ArrowError;
    use datafusion::error::DataFusionError;
    let mut all = vec![e];
    let inner: Vec<&DataFusionError> = match e {
        DataFusionError::Context(_, inner) | DataFusionError::Diagnostic(_, inner) => {
            vec![inner.as_ref()]
        }
        DataFusionError::Shared(inner) => vec![inner.as_ref()],
        DataFusionError::Collection(errors) => errors.iter().collect(),
        DataFusionError::External(boxed) => boxed
            .downcast_ref::<DataFusionError>()
            .into_iter()
            .collect(),
        DataFusionError::ArrowError(arrow, _) => match arrow.as_ref() {
            ArrowError::ExternalError(boxed) => boxed
                .downcast_ref::<DataFusionError>()
                .into_iter()
                .collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    for i in inner {
        all.extend(causes(i));
    }
    all
}

/// Whether an error is the input failing to be read: the CSV reader's (a row of another
/// width, text that is not UTF-8), or the store's.
fn reads_input(e: &datafusion::error::DataFusionError) -> bool {
    use datafusion::arrow::error::ArrowError;
    use datafusion::error::DataFusionError;
    match e {
        DataFusionError::ArrowError(arrow, _) => {
            matches!(
                arrow.as_ref(),
                ArrowError::CsvError(_) | ArrowError::IoError(..)
            )
        }
        DataFusionError::ObjectStore(_) | DataFusionError::IoError(_) => true,
        _ => false,
    }
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
