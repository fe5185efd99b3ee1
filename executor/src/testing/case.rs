//! Running one case: its tables become the recipe's inputs, the recipe is checked and
//! compiled as `wrangle run` does (`check_and_compile`), the plan runs with row counters,
//! the recipe's `expect` steps are evaluated, and then the case's assertions.

use super::compare::{diff_rows, RowDiff};
use super::file::{Case, TestFile, UpTo};
use super::table::{Cell, HeaderCell, TableText};
use super::values::{cell_text, cell_value, input_batch, same_type, type_name};
use crate::accounting::Accounting;
use crate::compile::{Compiled, Inputs};
use crate::engine::expectations;
use crate::engine::session::{keep_input_order, session, SessionOptions};
use crate::planning::{check_and_compile, header_row, Unplanned};
use datafusion::arrow::array::{Array, ArrayRef, RecordBatch};
use datafusion::arrow::compute::concat_batches;
use datafusion::arrow::datatypes::{DataType, SchemaRef};
use datafusion::common::ScalarValue;
use datafusion::execution::context::SessionContext;
use std::collections::{HashMap, HashSet};
use wrangle_dsl::ast::{Severity, StepKind};
use wrangle_dsl::diagnostics::render_plain;
use wrangle_dsl::LineCol;

/// Why a case failed: one or more of these.
#[derive(Clone, Debug)]
pub enum Failure {
    /// A sentence (or a few lines: drawn diagnostics).
    Message(String),
    /// The output's rows against the expected table's.
    Rows { columns: Vec<String>, diff: RowDiff },
}

#[derive(Clone, Debug)]
pub enum Verdict {
    Passed,
    Failed(Vec<Failure>),
    /// The case cannot run as written (a named input without a table, `up_to` naming no
    /// step): a mistake in the test file, at a location.
    Invalid(String),
}

#[derive(Clone, Debug)]
pub struct CaseResult {
    pub verdict: Verdict,
    /// The output, when the recipe ran (for `--update`).
    pub output: Option<RecordBatch>,
    /// Each step's rows, `keyword in → out`, when the recipe ran.
    pub steps: Vec<String>,
    /// The output differs from the case's `expect` table (what `--update` rewrites).
    pub expect_differs: bool,
}

impl CaseResult {
    fn of(verdict: Verdict) -> Self {
        CaseResult {
            verdict,
            output: None,
            steps: Vec::new(),
            expect_differs: false,
        }
    }
}

fn failed(message: impl Into<String>) -> CaseResult {
    CaseResult::of(Verdict::Failed(vec![Failure::Message(message.into())]))
}

/// The recipe text of a case, cut after the step `up_to` names.
fn recipe_text(file: &TestFile, case: &Case) -> Result<(String, String), String> {
    let (source, name) = match &case.steps {
        // Placed as in the test file: its lines and columns are the file's.
        Some(steps) => (steps.clone(), file.path.display().to_string()),
        None => (
            file.recipe.text.clone().unwrap_or_default(),
            file.recipe.path.display().to_string(),
        ),
    };
    let Some((target, at)) = &case.up_to else {
        return Ok((source, name));
    };
    let parsed = wrangle_dsl::parse(&source);
    let steps: Vec<_> = parsed.recipe.steps().collect();
    let found = match target {
        UpTo::Step(n) => steps.get(n - 1).copied().ok_or_else(|| {
            format!(
                "{}: `up_to = {n}`, but the recipe has {} steps",
                file.location(*at),
                steps.len()
            )
        })?,
        UpTo::Text(text) => {
            let matching: Vec<_> = steps
                .iter()
                .filter(|s| {
                    source[s.span.range()]
                        .trim_start()
                        .starts_with(text.as_str())
                })
                .collect();
            match matching.as_slice() {
                [one] => **one,
                [] => {
                    return Err(format!(
                        "{}: no step starts with \"{text}\"",
                        file.location(*at)
                    ))
                }
                several => {
                    let lines: Vec<String> = several
                        .iter()
                        .map(|s| LineCol::of(&source, s.span.start).line.to_string())
                        .collect();
                    return Err(format!(
                        "{}: the steps on lines {} all start with \"{text}\"; write more of the one you mean",
                        file.location(*at),
                        lines.join(", ")
                    ));
                }
            }
        }
    };
    let end = source[found.span.end..]
        .find('\n')
        .map_or(source.len(), |i| found.span.end + i + 1);
    Ok((source[..end].to_string(), name))
}

/// With a leading `header row N` the input table holds raw rows: row N (under the table's
/// own header line) names the columns, the rows above it go, and the types come from the
/// rows below it, as when a file is read.
fn with_header(table: &TableText, row: u64) -> Result<RecordBatch, String> {
    let row = usize::try_from(row).unwrap_or(usize::MAX);
    if row == 0 || row > table.rows.len() {
        return Err(format!(
            "the recipe takes its header from row {row}, but the input table has {}",
            rows(table.rows.len() as u64)
        ));
    }
    let columns = table
        .columns
        .iter()
        .zip(&table.rows[row - 1])
        .map(|(column, cell)| {
            let name = match cell_value(cell, &DataType::Utf8) {
                Ok(ScalarValue::Utf8(Some(s))) => s,
                _ => cell.text.clone(),
            };
            HeaderCell {
                name,
                ty: column.ty.clone(),
                at: cell.at,
            }
        })
        .collect();
    let raw = TableText {
        columns,
        rows: table.rows[row..].to_vec(),
    };
    input_batch(&raw).map_err(|e| e.message)
}

/// What a case says of errors, over the recipe text it runs: a message the case expects
/// passes it; any other fails it, noting the error it expected.
struct Errors<'a> {
    case: &'a Case,
    recipe_name: &'a str,
    source: &'a str,
}

impl Errors<'_> {
    fn wanted(&self, message: &str) -> bool {
        self.case
            .error
            .as_ref()
            .is_some_and(|expected| message.contains(expected.as_str()))
    }

    fn expected_note(&self) -> String {
        match &self.case.error {
            Some(expected) => format!("expected an error containing \"{expected}\"; "),
            None => String::new(),
        }
    }

    /// Passed when the case expects `message`; failed with it, after the note, if not.
    fn judge(&self, message: String) -> CaseResult {
        if self.wanted(&message) {
            return CaseResult::of(Verdict::Passed);
        }
        failed(format!("{}{message}", self.expected_note()))
    }

    /// The recipe does not check: passed when the case expects one of its messages.
    fn problems(&self, diagnostics: Vec<wrangle_dsl::Diagnostic>) -> CaseResult {
        if diagnostics.iter().any(|d| self.wanted(&d.message)) {
            return CaseResult::of(Verdict::Passed);
        }
        let drawn: String = diagnostics
            .iter()
            .map(|d| render_plain(d, self.recipe_name, self.source))
            .collect();
        failed(format!(
            "{}the recipe does not check:\n{drawn}",
            self.expected_note()
        ))
    }

    /// No input: the case is about a recipe that must not check.
    fn must_not_check(&self, parsed: &wrangle_dsl::Parsed) -> CaseResult {
        let checked = wrangle_dsl::check::check_parsed_with(parsed, None, &Default::default());
        let errors: Vec<_> = checked
            .diagnostics
            .into_iter()
            .filter(|d| d.is_error())
            .collect();
        if errors.is_empty() {
            return failed(format!(
                "{}but the recipe checks clean",
                self.expected_note()
            ));
        }
        self.problems(errors)
    }

    /// The recipe reads tables the case does not give: a mistake in the test file,
    /// unless the case expects it.
    fn missing_inputs(&self, file: &TestFile, names: &[String]) -> CaseResult {
        let message = format!(
            "the recipe reads {}: give {} under `[case.with]`",
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", "),
            if names.len() == 1 {
                "its table"
            } else {
                "their tables"
            }
        );
        if self.wanted(&message) {
            return CaseResult::of(Verdict::Passed);
        }
        CaseResult::of(Verdict::Invalid(format!(
            "{}: {message}",
            file.location(self.case.at)
        )))
    }
}

/// Runs a case on the same compiled plan `wrangle run` uses.
pub async fn run_case(file: &TestFile, case: &Case) -> CaseResult {
    let (source, recipe_name) = match recipe_text(file, case) {
        Ok(found) => found,
        Err(why) => return CaseResult::of(Verdict::Invalid(why)),
    };
    let ctx = match session(SessionOptions { memory_limit: None }) {
        Ok(ctx) => ctx,
        Err(e) => return failed(e.to_string()),
    };
    // One stream: outputs come in a stable order, and in input order where the recipe
    // keeps it.
    keep_input_order(&ctx);
    let errors = Errors {
        case,
        recipe_name: &recipe_name,
        source: &source,
    };
    let parsed = wrangle_dsl::parse(&source);
    let Some((input_text, input)) = &case.input else {
        return errors.must_not_check(&parsed);
    };
    let inputs = match case_inputs(&errors, &parsed, input_text, input) {
        Ok(inputs) => inputs,
        Err(result) => return result,
    };
    let (compiled, accounting) = match check_and_compile(&ctx, &parsed, &inputs, true).await {
        Ok(done) => done,
        Err(Unplanned::Problems(diagnostics)) => return errors.problems(diagnostics),
        Err(Unplanned::MissingInputs(names)) => return errors.missing_inputs(file, &names),
    };
    let output = match run_plan(&ctx, &compiled, &errors).await {
        Ok(output) => output,
        Err(result) => return result,
    };
    let steps = accounting
        .map(|a| step_lines(&a, &source, &output))
        .unwrap_or_default();
    let Some(mut failures) = recipe_rules(&ctx, &compiled, &errors).await else {
        return CaseResult {
            verdict: Verdict::Passed,
            output: Some(output),
            steps,
            expect_differs: false,
        };
    };
    if let Some(expected) = &case.error {
        failures.insert(
            0,
            Failure::Message(format!(
                "expected an error containing \"{expected}\", but the recipe ran and gave {}",
                rows(output.num_rows() as u64)
            )),
        );
    }
    let (more, expect_differs) = assertions(file, case, &ctx, &output).await;
    failures.extend(more);
    let verdict = if failures.is_empty() {
        Verdict::Passed
    } else {
        Verdict::Failed(failures)
    };
    CaseResult {
        verdict,
        output: Some(output),
        steps,
        expect_differs,
    }
}

/// The case's tables as the recipe's inputs (the main one cut at the recipe's `header
/// row`), or the case's result when they cannot be.
fn case_inputs(
    errors: &Errors<'_>,
    parsed: &wrangle_dsl::Parsed,
    input_text: &TableText,
    input: &RecordBatch,
) -> Result<Inputs, CaseResult> {
    let main_batch = match header_row(&parsed.recipe) {
        Some(row) => with_header(input_text, row).map_err(|why| errors.judge(why))?,
        None => input.clone(),
    };
    let mut tables = HashMap::new();
    for (name, batch) in &errors.case.with {
        let plan =
            crate::planning::in_memory(name, batch).map_err(|e| failed(e.strip_backtrace()))?;
        tables.insert(name.clone(), plan);
    }
    let main = crate::planning::in_memory("input", &main_batch)
        .map_err(|e| failed(e.strip_backtrace()))?;
    Ok(Inputs { main, tables })
}

/// Runs the plan to one batch, or the case's result when it fails.
async fn run_plan(
    ctx: &SessionContext,
    compiled: &Compiled,
    errors: &Errors<'_>,
) -> Result<RecordBatch, CaseResult> {
    // The schema is the physical plan's: after type coercion, as the batches have it.
    let ran = async {
        let frame = ctx.execute_logical_plan(compiled.plan.clone()).await?;
        let physical = frame.create_physical_plan().await?;
        let schema = physical.schema();
        let batches = datafusion::physical_plan::collect(physical, ctx.task_ctx()).await?;
        Ok::<_, datafusion::error::DataFusionError>((schema, batches))
    };
    let (schema, batches) = match ran.await {
        Ok(b) => b,
        Err(e) => {
            let message = match crate::error::Error::engine(e) {
                crate::error::Error::Step {
                    span,
                    keyword,
                    message,
                } => format!(
                    "line {}: the `{keyword}` step failed: {message}",
                    LineCol::of(errors.source, span.start).line
                ),
                other => other.to_string(),
            };
            return Err(errors.judge(message));
        }
    };
    concat_batches(&schema, &batches).map_err(|e| failed(e.to_string()))
}

/// `rows: 3 in → 2 out (line 4 filter −1)`: the rows, and the steps that changed them.
fn step_lines(accounting: &Accounting, source: &str, output: &RecordBatch) -> Vec<String> {
    let changed: Vec<String> = accounting
        .report()
        .iter()
        .filter(|s| s.rows_in != s.rows_out)
        .map(|s| {
            let change = s.rows_out as i128 - s.rows_in as i128;
            format!(
                "line {} {} {}{}",
                LineCol::of(source, s.span.start).line,
                s.keyword,
                if change > 0 { "+" } else { "−" },
                change.unsigned_abs()
            )
        })
        .collect();
    let mut line = format!(
        "rows: {} in → {} out",
        accounting.rows_in(),
        output.num_rows()
    );
    if !changed.is_empty() {
        line.push_str(&format!(" ({})", changed.join(", ")));
    }
    vec![line]
}

/// The recipe's own rules: the broken ones as failures, or `None` when one is broken
/// with the message the case expects.
async fn recipe_rules(
    ctx: &SessionContext,
    compiled: &Compiled,
    errors: &Errors<'_>,
) -> Option<Vec<Failure>> {
    let source = errors.source;
    let mut failures = Vec::new();
    for expectation in &compiled.expectations {
        match expectations::evaluate(ctx, expectation).await {
            Ok(outcome) if outcome.passed() => {}
            Ok(outcome) => {
                let rule = &source[outcome.span.range()];
                let what = if outcome.table_level {
                    "does not hold".to_string()
                } else {
                    format!("is broken by {}", rows(outcome.violations))
                };
                let message = format!(
                    "line {}: `{rule}` {what}",
                    LineCol::of(source, outcome.span.start).line
                );
                if errors.wanted(&message) {
                    return None;
                }
                failures.push(Failure::Message(message));
            }
            Err(e) => failures.push(Failure::Message(e.to_string())),
        }
    }
    Some(failures)
}

/// "1 row", "3 rows".
pub fn rows(n: u64) -> String {
    if n == 1 {
        "1 row".into()
    } else {
        format!("{n} rows")
    }
}

fn names(schema: &SchemaRef) -> Vec<String> {
    schema.fields().iter().map(|f| f.name().clone()).collect()
}

fn rows_of(batch: &RecordBatch) -> Result<Vec<Vec<ScalarValue>>, String> {
    (0..batch.num_rows())
        .map(|row| {
            batch
                .columns()
                .iter()
                .map(|c| ScalarValue::try_from_array(c, row).map_err(|e| e.strip_backtrace()))
                .collect()
        })
        .collect()
}

/// The header's names (and types, where given) against the output's.
fn check_columns(header: &[HeaderCell], schema: &SchemaRef, what: &str) -> Option<Failure> {
    let expected: Vec<String> = header.iter().map(|c| c.name.clone()).collect();
    let actual = names(schema);
    if expected != actual {
        let missing: Vec<_> = expected
            .iter()
            .filter(|n| !actual.contains(n))
            .cloned()
            .collect();
        let extra: Vec<_> = actual
            .iter()
            .filter(|n| !expected.contains(n))
            .cloned()
            .collect();
        let mut why = Vec::new();
        if !missing.is_empty() {
            why.push(format!("missing {}", missing.join(", ")));
        }
        if !extra.is_empty() {
            why.push(format!("extra {}", extra.join(", ")));
        }
        if why.is_empty() {
            why.push("in another order".into());
        }
        return Some(Failure::Message(format!(
            "{what} columns differ ({}):\n  expected  {}\n  actual    {}",
            why.join("; "),
            expected.join(" | "),
            actual.join(" | ")
        )));
    }
    let wrong: Vec<String> = header
        .iter()
        .zip(schema.fields())
        .filter_map(|(c, f)| {
            let ty = c.ty.as_ref()?;
            (!same_type(&ty.kind, f.data_type())).then(|| {
                format!(
                    "`{}` is {}, not {}",
                    c.name,
                    type_name(f.data_type()),
                    wrangle_dsl::print::print_type(ty)
                )
            })
        })
        .collect();
    (!wrong.is_empty())
        .then(|| Failure::Message(format!("column types differ: {}", wrong.join("; "))))
}

/// The output's column `name`, with its index, or a failure naming the columns it has.
fn column(output: &RecordBatch, name: &str) -> Result<(usize, ArrayRef), Failure> {
    let schema = output.schema();
    schema
        .index_of(name)
        .map(|i| (i, output.column(i).clone()))
        .map_err(|_| {
            Failure::Message(format!(
                "the output has no column `{name}` (it has {})",
                names(&schema).join(", ")
            ))
        })
}

/// The case's assertions on the output, and whether the `expect` table differs from it.
async fn assertions(
    file: &TestFile,
    case: &Case,
    ctx: &SessionContext,
    output: &RecordBatch,
) -> (Vec<Failure>, bool) {
    let mut failures = Vec::new();
    let schema = output.schema();
    if let Some(header) = &case.columns {
        failures.extend(check_columns(header, &schema, "the output's"));
    }
    if let Some(rows_expected) = case.rows {
        if output.num_rows() as u64 != rows_expected {
            failures.push(Failure::Message(format!(
                "expected {}, the output has {}",
                rows(rows_expected),
                output.num_rows()
            )));
        }
    }
    let before_expect = failures.len();
    if let Some(expect) = &case.expect {
        failures.extend(check_expect_table(
            file,
            &expect.text,
            case.any_order,
            output,
        ));
    }
    let expect_differs = failures.len() > before_expect;
    for (columns, _) in &case.unique {
        failures.extend(check_unique(columns, output));
    }
    for name in &case.not_null {
        failures.extend(check_not_null(&name.text, output));
    }
    for (name, cells) in &case.accepted {
        failures.extend(check_accepted(file, name, cells, output));
    }
    for condition in &case.holds {
        if let Some(f) = holds(ctx, output, &condition.text).await {
            failures.push(f);
        }
    }
    (failures, expect_differs)
}

/// The case's `expect` table against the output: its columns, then its rows (in order
/// unless `any_order`).
fn check_expect_table(
    file: &TestFile,
    expect: &TableText,
    any_order: bool,
    output: &RecordBatch,
) -> Option<Failure> {
    let schema = output.schema();
    if let Some(f) = check_columns(&expect.columns, &schema, "the expected and actual") {
        return Some(f);
    }
    let expected: Result<Vec<Vec<ScalarValue>>, String> = expect
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .zip(schema.fields())
                .map(|(cell, field)| {
                    cell_value(cell, field.data_type())
                        .map_err(|e| format!("{}: {}", file.location(e.at), e.message))
                })
                .collect()
        })
        .collect();
    match (expected, rows_of(output)) {
        (Ok(expected), Ok(actual)) => {
            diff_rows(&expected, &actual, !any_order).map(|diff| Failure::Rows {
                columns: names(&schema),
                diff,
            })
        }
        (Err(why), _) | (_, Err(why)) => Some(Failure::Message(why)),
    }
}

/// `unique(a, b)`: no two rows share these columns' values.
fn check_unique(columns: &[String], output: &RecordBatch) -> Option<Failure> {
    let found: Result<Vec<_>, _> = columns.iter().map(|c| column(output, c)).collect();
    let found = match found {
        Ok(f) => f,
        Err(f) => return Some(f),
    };
    let mut seen: HashMap<Vec<String>, usize> = HashMap::new();
    for row in 0..output.num_rows() {
        let key: Vec<String> = found
            .iter()
            .map(|(_, a)| {
                ScalarValue::try_from_array(a, row)
                    .map(|v| cell_text(&v))
                    .unwrap_or_default()
            })
            .collect();
        *seen.entry(key).or_default() += 1;
    }
    let mut repeated: Vec<_> = seen.into_iter().filter(|(_, n)| *n > 1).collect();
    if repeated.is_empty() {
        return None;
    }
    repeated.sort();
    let examples: Vec<String> = repeated
        .iter()
        .take(5)
        .map(|(k, n)| format!("{} ×{n}", k.join(", ")))
        .collect();
    Some(Failure::Message(format!(
        "unique({}): {} values repeat: {}",
        columns.join(", "),
        repeated.len(),
        examples.join("; ")
    )))
}

/// `not_null(a)`: the column has no nulls.
fn check_not_null(name: &str, output: &RecordBatch) -> Option<Failure> {
    let array = match column(output, name) {
        Ok((_, array)) => array,
        Err(f) => return Some(f),
    };
    if array.null_count() == 0 {
        return None;
    }
    let rows: Vec<String> = (0..array.len())
        .filter(|&r| array.is_null(r))
        .take(10)
        .map(|r| (r + 1).to_string())
        .collect();
    Some(Failure::Message(format!(
        "not_null({name}): {} nulls, in rows {}",
        array.null_count(),
        rows.join(", ")
    )))
}

/// `accepted`: the column's values (nulls aside) are among these cells.
fn check_accepted(
    file: &TestFile,
    name: &str,
    cells: &[Cell],
    output: &RecordBatch,
) -> Option<Failure> {
    let (i, array) = match column(output, name) {
        Ok(found) => found,
        Err(f) => return Some(f),
    };
    let data_type = output.schema().field(i).data_type().clone();
    let allowed: Result<HashSet<String>, String> = cells
        .iter()
        .map(|c| {
            cell_value(c, &data_type)
                .map(|v| cell_text(&v))
                .map_err(|e| format!("{}: accepted `{name}`: {}", file.location(e.at), e.message))
        })
        .collect();
    let allowed = match allowed {
        Ok(a) => a,
        Err(why) => return Some(Failure::Message(why)),
    };
    let mut others: Vec<String> = Vec::new();
    let mut count = 0;
    for row in 0..array.len() {
        if array.is_null(row) {
            continue;
        }
        let text = ScalarValue::try_from_array(&array, row)
            .map(|v| cell_text(&v))
            .unwrap_or_default();
        if !allowed.contains(&text) {
            count += 1;
            if !others.contains(&text) && others.len() < 5 {
                others.push(text);
            }
        }
    }
    (count > 0).then(|| {
        Failure::Message(format!(
            "accepted({name}): {count} rows have other values: {}",
            others.join(", ")
        ))
    })
}

/// A condition of the language that must hold on every row (or, with aggregates, for the
/// table), evaluated like an `expect` step after the recipe.
async fn holds(ctx: &SessionContext, output: &RecordBatch, condition: &str) -> Option<Failure> {
    let source = format!("expect {condition}");
    let schema = crate::schema::checker_schema(output.schema().as_ref());
    let (parsed, checked) = wrangle_dsl::check::parse_and_check(&source, Some(schema));
    let fail = |why: String| Some(Failure::Message(format!("holds `{condition}`: {why}")));
    if checked.has_errors() {
        let messages: Vec<String> = checked
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| match &d.hint {
                Some(hint) => format!("{} ({hint})", d.message),
                None => d.message.clone(),
            })
            .collect();
        return fail(messages.join("; "));
    }
    let steps: Vec<_> = parsed.recipe.steps().collect();
    let [step] = steps.as_slice() else {
        return fail("is one condition, on one line".into());
    };
    let StepKind::Expect {
        condition: ast,
        severity: None,
    } = &step.kind
    else {
        return fail("is one condition, without `else`".into());
    };
    let plan = match crate::planning::in_memory("output", output) {
        Ok(p) => p,
        Err(e) => return fail(e.strip_backtrace()),
    };
    let (typed, _) = wrangle_dsl::check::typed_expr(
        ast,
        &crate::schema::checker_schema(output.schema().as_ref()),
        wrangle_dsl::check::Allow::Aggregate,
    );
    let expectation =
        match crate::compile::steps::quality::expectation(&plan, &typed, Severity::Fail, step.span)
        {
            Ok(e) => e,
            Err(e) => return fail(e.message),
        };
    match expectations::evaluate(ctx, &expectation).await {
        Ok(o) if o.passed() => None,
        Ok(o) if o.table_level => fail("does not hold".into()),
        Ok(o) => fail(format!(
            "is broken by {} of {}",
            o.violations,
            rows(output.num_rows() as u64)
        )),
        Err(e) => fail(e.to_string()),
    }
}
