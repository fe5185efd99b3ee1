//! Running a case as `wrangle test` does (`testing::case::run_case`): its tables bound as
//! in-memory inputs, the recipe checked and compiled with row counters
//! (`check_and_compile(…, counted = true)`) in a session that keeps input order, the plan
//! collected, then the recipe's `expect` steps evaluated. The outcome is classified: the
//! recipe ran; it stopped on a data error the language allows; or a bug.

use super::Case;
use crate::compile::Inputs;
use crate::engine::session::{keep_input_order, session, SessionOptions};
use crate::planning::{check_and_compile, Unplanned};
use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::compute::concat_batches;
use datafusion::arrow::error::ArrowError;
use datafusion::error::DataFusionError;
use futures::FutureExt;
use std::collections::HashMap;
use std::time::Duration;
use wrangle_dsl::LineCol;

/// Whether a run-time error must name the step (its line) it happened in. Errors do not
/// name their step yet (that is being added); turn this on once they do, and an allowed
/// data error that does not name its step counts as a bug.
pub const REQUIRE_STEP_IN_ERRORS: bool = false;

/// A case that runs longer than this has hung.
const TIME_LIMIT: Duration = Duration::from_secs(30);

/// Data errors a recipe may legitimately stop with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum DataError {
    /// Integer (or decimal) arithmetic whose result does not fit: the language stops the
    /// run rather than wrap around.
    Overflow,
    /// An `expect` step broken by the data.
    Expectation,
    /// A unit of time read from the data (`date_add(d, 1, unit_column)`) that is none of
    /// the units: the run stops and names the value.
    BadUnit,
}

/// What kind of bug a failure is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BugClass {
    /// The recipe checked but did not compile (a compile error, or DataFusion refused to
    /// build a step's plan).
    Compile,
    /// Planning the physical plan or running it failed with one of DataFusion's
    /// internal, plan, schema or not-implemented errors.
    Internal,
    Plan,
    Schema,
    NotImplemented,
    /// An Arrow kernel failed (other than an overflow).
    Arrow,
    /// Any other execution error.
    Execution,
    /// Wrangle or DataFusion panicked.
    Panic,
    /// The run did not finish in time.
    Hang,
    /// A data error whose message does not name its step (with `REQUIRE_STEP_IN_ERRORS`).
    UnnamedStep,
}

impl BugClass {
    pub fn label(self) -> &'static str {
        match self {
            BugClass::Compile => "compile error after a clean check",
            BugClass::Internal => "internal error",
            BugClass::Plan => "plan error",
            BugClass::Schema => "schema error",
            BugClass::NotImplemented => "not implemented",
            BugClass::Arrow => "arrow error",
            BugClass::Execution => "execution error",
            BugClass::Panic => "panic",
            BugClass::Hang => "hang",
            BugClass::UnnamedStep => "error without its step",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Bug {
    pub class: BugClass,
    /// The whole message, as a user would see it.
    pub message: String,
    /// The innermost cause, in one line (without the contexts around it).
    pub detail: String,
    /// Whether the message names the step (line) it is about.
    pub names_step: bool,
}

impl Bug {
    fn new(class: BugClass, message: String, detail: String, names_step: bool) -> Bug {
        Bug {
            class,
            message,
            detail,
            names_step,
        }
    }

    /// What makes two failures the same bug: the class and the innermost cause with
    /// names, quoted text, numbers and Arrow type names left out.
    pub fn key(&self) -> String {
        format!("{}: {}", self.class.label(), normalized(&self.detail))
    }
}

/// The first line of the innermost cause of a message (DataFusion writes contexts first
/// and each cause under a `caused by` line).
fn last_cause(message: &str) -> String {
    let innermost = message.rsplit("caused by").next().unwrap_or(message);
    innermost
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default()
        .to_string()
}

#[derive(Debug)]
pub enum Outcome {
    /// The recipe ran and its expectations held.
    Ok {
        output: RecordBatch,
    },
    /// The recipe stopped on a data error the language allows.
    Data {
        kind: DataError,
        message: String,
        names_step: bool,
    },
    /// The checker refused the recipe, so nothing ran (a shrinking step went too far).
    Refused(String),
    /// A table of the case is not a valid test table.
    BadTable(String),
    Bug(Bug),
}

impl Outcome {
    pub fn bug(&self) -> Option<&Bug> {
        match self {
            Outcome::Bug(b) => Some(b),
            _ => None,
        }
    }

    /// `ok`, `data`, `refused`, `bad table` or `bug`.
    pub fn label(&self) -> &'static str {
        match self {
            Outcome::Ok { .. } => "ok",
            Outcome::Data { .. } => "data error",
            Outcome::Refused(_) => "refused",
            Outcome::BadTable(_) => "bad table",
            Outcome::Bug(_) => "bug",
        }
    }
}

/// Arrow's type names, which vary between instances of one bug.
const TYPE_NAMES: &[&str] = &[
    "Int8",
    "Int16",
    "Int32",
    "Int64",
    "UInt8",
    "UInt16",
    "UInt32",
    "UInt64",
    "Float16",
    "Float32",
    "Float64",
    "Utf8View",
    "LargeUtf8",
    "Utf8",
    "Boolean",
    "Date32",
    "Date64",
    "Decimal128",
    "Decimal256",
    "Timestamp",
    "LargeList",
    "List",
    "Struct",
    "Null",
];

/// The message with what varies between instances of one bug masked: text in quotes,
/// backquotes or brackets, numbers, Arrow type names, and anything after the first 64
/// characters (where the names of columns and functions start to vary).
pub fn normalized(message: &str) -> String {
    let mut first = message.lines().next().unwrap_or_default().to_string();
    for t in TYPE_NAMES {
        first = first.replace(t, "T");
    }
    let mut out = String::new();
    let mut quote: Option<char> = None;
    let mut depth = 0usize;
    let mut last_digit = false;
    let mut previous = ' ';
    for c in first.chars() {
        let opens = previous.is_whitespace() || matches!(previous, '(' | '[' | ':' | ',');
        previous = c;
        if let Some(q) = quote {
            if c == q {
                quote = None;
                if depth == 0 {
                    out.push('…');
                    out.push(q);
                }
            }
            continue;
        }
        match c {
            // An apostrophe inside a word (`Can't`) opens no quote.
            '`' | '"' => {
                quote = Some(c);
                if depth == 0 {
                    out.push(c);
                }
            }
            '\'' if opens => {
                quote = Some(c);
                if depth == 0 {
                    out.push(c);
                }
            }
            '(' => {
                if depth == 0 {
                    out.push(c);
                }
                depth += 1;
            }
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push_str("…)");
                }
            }
            _ if depth > 0 => {}
            c if c.is_ascii_digit() => {
                if !last_digit {
                    out.push('N');
                }
                last_digit = true;
                continue;
            }
            c => out.push(c),
        }
        last_digit = false;
    }
    // Qualified names (`input.code`, `__wrangle_left."…"`) name the columns of one case.
    let out = out
        .split(' ')
        .map(|word| {
            let inner = word.trim_end_matches(['.', ',', ':']);
            if inner.contains('.') && !inner.starts_with(['"', '\'', '`']) {
                "…"
            } else {
                word
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    out.chars().take(64).collect()
}

/// Whether a message names the step it is about: `line N`, `step N…` or "the `sort`
/// step failed".
fn names_step(message: &str) -> bool {
    if message.contains("` step failed") {
        return true;
    }
    ["line ", "step "].iter().any(|word| {
        message.match_indices(word).any(|(i, _)| {
            message[i + word.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit())
        })
    })
}

/// The innermost error: through contexts, shared and collected errors, and errors of
/// DataFusion or Arrow boxed as external ones.
fn innermost(e: &DataFusionError) -> &DataFusionError {
    match e {
        DataFusionError::Context(_, inner) | DataFusionError::Diagnostic(_, inner) => {
            innermost(inner)
        }
        DataFusionError::Shared(inner) => innermost(inner),
        DataFusionError::Collection(all) if !all.is_empty() => innermost(&all[0]),
        DataFusionError::External(inner) => match inner.downcast_ref::<DataFusionError>() {
            Some(d) => innermost(d),
            None => e,
        },
        _ => e,
    }
}

/// Integer arithmetic whose result does not fit 64 bits (`+`, `-`, `*`, and `gcd` or
/// `lcm` of the extreme integers), decimal arithmetic past its precision, a value cast to a
/// type too narrow for it: what a run stops on as a data error of its step.
fn is_overflow(message: &str) -> bool {
    crate::failure_words::is_out_of_range(message)
}

/// What a run-time error is.
enum Verdict {
    Data(DataError),
    Bug(BugClass),
}

/// A run-time error of DataFusion: an allowed data error or a bug. The message is the one
/// `wrangle run` and `wrangle test` show (`Error::engine`), which may name the step.
fn classify(e: DataFusionError) -> Outcome {
    let raw = e.strip_backtrace();
    let detail = last_cause(&raw);
    let verdict = verdict(innermost(&e), &raw);
    let shown = crate::error::Error::engine(e).to_string();
    let named = names_step(&shown) || names_step(&raw);
    match verdict {
        Verdict::Data(kind) => data(kind, &shown, named),
        Verdict::Bug(class) => Outcome::Bug(Bug::new(class, shown, detail, named)),
    }
}

fn verdict(inner: &DataFusionError, message: &str) -> Verdict {
    if let DataFusionError::External(boxed) = inner {
        if let Some(arrow) = boxed.downcast_ref::<ArrowError>() {
            return arrow_verdict(arrow, message);
        }
    }
    match inner {
        DataFusionError::ArrowError(arrow, _) => arrow_verdict(arrow, message),
        DataFusionError::Execution(m) if is_overflow(m) => Verdict::Data(DataError::Overflow),
        DataFusionError::Execution(m) if m.starts_with("unknown unit ") => {
            Verdict::Data(DataError::BadUnit)
        }
        DataFusionError::Execution(m) if m.contains("panicked") => Verdict::Bug(BugClass::Panic),
        DataFusionError::Execution(_) => Verdict::Bug(BugClass::Execution),
        DataFusionError::ExecutionJoin(_) => Verdict::Bug(BugClass::Panic),
        DataFusionError::Internal(_) => Verdict::Bug(BugClass::Internal),
        DataFusionError::Plan(_) => Verdict::Bug(BugClass::Plan),
        DataFusionError::SchemaError(..) => Verdict::Bug(BugClass::Schema),
        DataFusionError::NotImplemented(_) => Verdict::Bug(BugClass::NotImplemented),
        _ if is_overflow(message) => Verdict::Data(DataError::Overflow),
        _ => Verdict::Bug(BugClass::Execution),
    }
}

fn arrow_verdict(arrow: &ArrowError, message: &str) -> Verdict {
    match arrow {
        ArrowError::ArithmeticOverflow(_) => Verdict::Data(DataError::Overflow),
        ArrowError::ExternalError(inner) => match inner.downcast_ref::<DataFusionError>() {
            Some(d) => verdict(innermost(d), message),
            None => Verdict::Bug(BugClass::Arrow),
        },
        _ if is_overflow(message) => Verdict::Data(DataError::Overflow),
        _ => Verdict::Bug(BugClass::Arrow),
    }
}

fn data(kind: DataError, message: &str, named: bool) -> Outcome {
    if REQUIRE_STEP_IN_ERRORS && !named {
        return Outcome::Bug(Bug::new(
            BugClass::UnnamedStep,
            message.to_string(),
            format!("{kind:?}"),
            false,
        ));
    }
    Outcome::Data {
        kind,
        message: message.to_string(),
        names_step: named,
    }
}

/// Runs a case; a panic or a hang is a bug like any other.
pub async fn run_case(case: &Case) -> Outcome {
    let ran = tokio::time::timeout(
        TIME_LIMIT,
        std::panic::AssertUnwindSafe(run_unguarded(case)).catch_unwind(),
    )
    .await;
    match ran {
        Ok(Ok(outcome)) => outcome,
        Ok(Err(payload)) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no message".into());
            Outcome::Bug(Bug::new(BugClass::Panic, message.clone(), message, false))
        }
        Err(_) => {
            let message = format!("no result after {} s", TIME_LIMIT.as_secs());
            Outcome::Bug(Bug::new(BugClass::Hang, message.clone(), message, false))
        }
    }
}

async fn run_unguarded(case: &Case) -> Outcome {
    let (main, with) = match case.batches() {
        Ok(b) => b,
        Err(why) => return Outcome::BadTable(why),
    };
    let source = case.recipe();
    let ctx = match session(SessionOptions { memory_limit: None }) {
        Ok(ctx) => ctx,
        Err(e) => return Outcome::BadTable(e.to_string()),
    };
    keep_input_order(&ctx);
    let mut tables = HashMap::new();
    for (name, batch) in &with {
        match crate::planning::in_memory(name, batch) {
            Ok(plan) => {
                tables.insert(name.clone(), plan);
            }
            Err(e) => return Outcome::BadTable(e.strip_backtrace()),
        }
    }
    let main_plan = match crate::planning::in_memory("input", &main) {
        Ok(plan) => plan,
        Err(e) => return Outcome::BadTable(e.strip_backtrace()),
    };
    let inputs = Inputs {
        main: main_plan,
        tables,
    };
    let compiled = match check_and_compile(&ctx, &wrangle_dsl::parse(&source), &inputs, true).await
    {
        Ok((compiled, _)) => compiled,
        Err(Unplanned::Problems(diagnostics)) => {
            let line = |d: &wrangle_dsl::Diagnostic| {
                let line = LineCol::of(&source, d.span.start).line;
                format!("line {line}: {}", d.message)
            };
            // A pass over the data that building a step needs (pivot values) stopped on a
            // value, as the run would have.
            if let Some(d) = diagnostics
                .iter()
                .find(|d| d.is_error() && d.code == "step-failed")
            {
                if is_overflow(&d.message) {
                    return data(DataError::Overflow, &line(d), true);
                }
            }
            // The checker's own errors: the recipe is refused, nothing runs.
            if let Some(d) = diagnostics
                .iter()
                .find(|d| d.is_error() && d.code != "compile" && d.code != "step-failed")
            {
                return Outcome::Refused(line(d));
            }
            let message = diagnostics
                .iter()
                .find(|d| d.is_error())
                .map(line)
                .unwrap_or_default();
            let detail = last_cause(
                message
                    .split_once("cannot build this step: ")
                    .map_or(message.as_str(), |(_, rest)| rest),
            );
            let detail = detail
                .strip_prefix("line ")
                .and_then(|rest| rest.split_once(": "))
                .map_or(detail.clone(), |(_, rest)| rest.to_string());
            return Outcome::Bug(Bug::new(BugClass::Compile, message, detail, true));
        }
        Err(Unplanned::MissingInputs(names)) => {
            return Outcome::BadTable(format!("no table for {}", names.join(", ")))
        }
    };
    let ran = async {
        let frame = ctx.execute_logical_plan(compiled.plan.clone()).await?;
        let physical = frame.create_physical_plan().await?;
        let schema = physical.schema();
        let batches = datafusion::physical_plan::collect(physical, ctx.task_ctx()).await?;
        Ok::<_, DataFusionError>((schema, batches))
    };
    let (schema, batches) = match ran.await {
        Ok(b) => b,
        Err(e) => return classify(e),
    };
    let output = match concat_batches(&schema, &batches) {
        Ok(b) => b,
        Err(e) => return classify(DataFusionError::from(e)),
    };
    let mut broken = None;
    for expectation in &compiled.expectations {
        match crate::expectations::evaluate(&ctx, expectation).await {
            Ok(outcome) if outcome.passed() => {}
            Ok(outcome) => {
                let line = LineCol::of(&source, outcome.span.start).line;
                broken.get_or_insert(format!(
                    "line {line}: `{}` is broken by {} rows",
                    &source[outcome.span.range()],
                    outcome.violations
                ));
            }
            Err(e) => return classify(e),
        }
    }
    match broken {
        Some(message) => Outcome::Data {
            kind: DataError::Expectation,
            message,
            names_step: true,
        },
        None => Outcome::Ok { output },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::generate::schema::Ty;
    use crate::testing::generate::table::{Table, Value};

    fn case(steps: &str, rows: Vec<Vec<Value>>) -> Case {
        Case {
            seed: 0,
            input: Table {
                columns: vec![("x".into(), Ty::Integer)],
                rows,
            },
            with: Vec::new(),
            steps: wrangle_dsl::parse(steps).recipe.steps().cloned().collect(),
        }
    }

    #[test]
    fn messages_are_masked_to_what_makes_the_bug() {
        assert_eq!(
            normalized("Unsupported CAST from Struct(\"a\": Int64) to Utf8"),
            "Unsupported CAST from T(…) to T"
        );
        assert_eq!(
            normalized("input `by` has no column `at_x`"),
            normalized("input `ref` has no column `v_x`")
        );
        assert_eq!(
            normalized("CAST from Struct(\"Amt ($)\": Int64, \"a.b\": Utf8) to Utf8"),
            "CAST from T(…) to T"
        );
        assert_eq!(
            normalized("field name input.\"Amt ($)\" and"),
            normalized("field name __wrangle_left.id and")
        );
        assert_eq!(normalized("Can't cast 9.5"), "Can't cast …");
        assert_eq!(
            last_cause("step 3\ncaused by\nArrow error: x\n\textra"),
            "Arrow error: x"
        );
        assert!(names_step("line 3: `x > 0` is broken"));
        assert!(!names_step("the run failed: no line here"));
    }

    #[tokio::test]
    async fn overflow_and_broken_expectations_are_data_errors() {
        let big = vec![vec![Value::Int(i64::MAX)]];
        let outcome = run_case(&case("derive y = x + 1\n", big.clone())).await;
        assert!(
            matches!(
                outcome,
                Outcome::Data {
                    kind: DataError::Overflow,
                    ..
                }
            ),
            "{outcome:?}"
        );
        let outcome = run_case(&case("expect x < 0 else warn\n", big.clone())).await;
        assert!(
            matches!(
                outcome,
                Outcome::Data {
                    kind: DataError::Expectation,
                    names_step: true,
                    ..
                }
            ),
            "{outcome:?}"
        );
        let outcome = run_case(&case("derive y = x - 1\n", big)).await;
        assert!(
            matches!(outcome, Outcome::Ok { ref output } if output.num_rows() == 1),
            "{outcome:?}"
        );
        let outcome = run_case(&case("derive y = nope\n", Vec::new())).await;
        assert!(matches!(outcome, Outcome::Refused(_)), "{outcome:?}");
    }
}
