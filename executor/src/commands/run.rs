//! `wrangle run RECIPE --input URI [--with NAME=URI]... --output URI`: the recipe over
//! the full data, expectations checked before anything is written, output committed
//! atomically with a manifest, and an account of every step's rows.

use super::prepare::{parse_binding, prepare, Prepared};
use super::progress::{Progress, Shown};
use super::run_report::{ExpectationReport, Lines, Manifest, RejectedReport, RunReport, Seconds};
use super::run_summary::print_findings;
use super::Outcome;
use crate::accounting::Accounting;
use crate::compile::{depends_on_input_order, Compiled};
use crate::engine::csv_dialect::{parse_char, parse_optional_char, CsvOverrides};
use crate::engine::csv_types::Typing;
use crate::engine::expectations;
use crate::engine::input::{bad_row_error, BadRows, Opened, ReadOptions};
use crate::engine::output::{write_atomically, Destination, OutputFormat};
use crate::engine::session::{keep_input_order, parse_size, session, SessionOptions};
use crate::error::{Error, Result};
use crate::expectations::Outcome as ExpectationOutcome;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use wrangle_dsl::ast::Severity;
use wrangle_dsl::LineCol;

/// The arguments of `wrangle run`.
#[derive(clap::Args, Debug, Clone)]
pub struct RunArgs {
    /// The recipe to run.
    pub recipe: PathBuf,
    /// The main input: a CSV (optionally .gz/.zst), Parquet or JSON-lines file, a folder
    /// or S3 prefix of them, or a glob; a local path, file:// or s3://BUCKET/KEY.
    #[arg(long)]
    pub input: String,
    /// Another input the recipe names (join, lookup, union): NAME=URI.
    #[arg(long = "with", value_parser = parse_binding)]
    pub with: Vec<(String, String)>,
    /// Where to write: a file (.csv, .parquet, .jsonl) or a folder / S3 prefix of parts.
    #[arg(long)]
    pub output: String,
    /// The output format when the output name does not say it.
    #[arg(long, value_parser = OutputFormat::parse_arg)]
    pub format: Option<OutputFormat>,
    /// Write one folder per value of these columns (`col=value/`), comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub partition_by: Vec<String>,
    /// Replace an existing output.
    #[arg(long)]
    pub overwrite: bool,
    /// The memory the run may hold at once (512M, 4G); sorts, aggregates and joins spill
    /// to local disk beyond it.
    #[arg(long, value_parser = parse_size)]
    pub memory_limit: Option<usize>,
    /// A malformed CSV row (ragged, a quote never closed, not UTF-8): `fail` stops the run
    /// naming the object and line; `skip` counts it and writes it to NAME.rejects.csv
    /// beside the output.
    #[arg(long, value_parser = ["fail", "skip"], default_value = "fail")]
    pub on_bad_rows: String,
    #[command(flatten)]
    pub csv: CsvArgs,
    /// Print the run summary as JSON.
    #[arg(long)]
    pub json: bool,
    /// No progress bar, even on a terminal.
    #[arg(long)]
    pub no_progress: bool,
    /// Progress as lines on standard error (`wrangle-progress: {"rows_read":…}`), for the
    /// server running this as a job.
    #[arg(long, hide = true)]
    pub progress_lines: bool,
    /// Stop (as on Ctrl-C, leaving no output) when standard input closes: the server
    /// running this as a job holds it open while it lives.
    #[arg(long, hide = true)]
    pub stop_when_stdin_closes: bool,
}

/// How CSV inputs are read; anything not given is sniffed from the data.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct CsvArgs {
    /// The field delimiter: `,` `;` `|` `tab` or any one character.
    #[arg(long, value_parser = parse_char)]
    pub delimiter: Option<u8>,
    /// The quote character.
    #[arg(long, value_parser = parse_char)]
    pub quote: Option<u8>,
    /// The escape character inside quotes (`none`: quotes are doubled).
    #[arg(long, value_parser = parse_optional_char)]
    pub escape: Option<Option<u8>>,
    /// Lines starting with this character are comments (`none`: no comment lines).
    #[arg(long, value_parser = parse_optional_char)]
    pub comment: Option<Option<u8>>,
    /// The first row is a header.
    #[arg(long, conflicts_with = "no_header")]
    pub header: bool,
    /// The first row is data; columns are named column_1, column_2, …
    #[arg(long)]
    pub no_header: bool,
}

impl CsvArgs {
    fn overrides(&self) -> CsvOverrides {
        CsvOverrides {
            delimiter: self.delimiter,
            quote: self.quote,
            escape: self.escape,
            comment: self.comment,
            has_header: match (self.header, self.no_header) {
                (true, _) => Some(true),
                (_, true) => Some(false),
                _ => None,
            },
        }
    }
}

/// Runs the recipe; Ctrl-C or SIGTERM stops it and removes what it had written.
pub async fn run(args: &RunArgs) -> Result<Outcome> {
    let started = Instant::now();
    let ctx = session(SessionOptions {
        memory_limit: args.memory_limit,
    })?;
    let destination =
        Destination::open(&ctx, &args.output, args.format, args.partition_by.clone())?;
    let result = tokio::select! {
        result = run_to(&ctx, args, &destination, started) => result,
        _ = stop_requested(args.stop_when_stdin_closes) => {
            destination.discard_temporary().await;
            Err(Error::Interrupted)
        }
    };
    match result {
        // A step that failed is drawn at its line, with a caret, like a recipe's problems.
        Err(Error::Step {
            span,
            keyword,
            message,
        }) => {
            let source = crate::recipe_files::read(&args.recipe)?;
            let diagnostic = wrangle_dsl::Diagnostic::error(
                "run",
                format!("the run failed in this `{keyword}` step: {message}"),
                span,
            )
            .with_label("failed here")
            .with_hint("nothing was written to the output");
            crate::output::report(&[diagnostic], &args.recipe.display().to_string(), &source);
            Ok(Outcome::Findings)
        }
        other => other,
    }
}

/// Ctrl-C (SIGINT), or SIGTERM (`kill`, `timeout`, a container stopping), or standard
/// input closing when `on_stdin_closing` (the server that started the run has gone).
async fn stop_requested(on_stdin_closing: bool) {
    if on_stdin_closing {
        tokio::select! {
            _ = signalled() => {}
            _ = stdin_closed() => {}
        }
    } else {
        signalled().await
    }
}

/// Reads standard input to its end, on a thread of its own: tokio's reader would hold the
/// runtime open at exit while it waits for input that never comes.
async fn stdin_closed() {
    let (closed, on_closed) = tokio::sync::oneshot::channel::<()>();
    std::thread::spawn(move || {
        use std::io::Read;
        let mut stdin = std::io::stdin();
        let mut buffer = [0u8; 256];
        while matches!(stdin.read(&mut buffer), Ok(n) if n > 0) {}
        let _ = closed.send(());
    });
    let _ = on_closed.await;
}

async fn signalled() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminate.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// Runs with CSV column types from the first rows; when a later value does not fit its
/// column, says so and runs again with types from every row (a late `1.5` makes a column
/// of integers decimal, a late `abc` makes it text).
async fn run_to(
    ctx: &datafusion::execution::context::SessionContext,
    args: &RunArgs,
    destination: &Destination,
    started: Instant,
) -> Result<Outcome> {
    match attempt(ctx, args, destination, started, Typing::FirstRows).await {
        Err(Error::CsvValue(value)) if value.from_rows.is_some() => {
            let (object, line) = match &value.at {
                Some((object, line)) => (object.as_str(), format!("line {line}, ")),
                None => (value.input.as_str(), String::new()),
            };
            eprintln!(
                "{object}: {line}column `{}` holds `{}`, which is not {} like its first {} rows: \
                 typing the columns from every row and running again",
                value.column,
                value.shown(),
                value.expected,
                value.from_rows.unwrap_or_default()
            );
            attempt(ctx, args, destination, started, Typing::EveryRow).await
        }
        other => other,
    }
}

/// The recipe prepared over its inputs, with the row counters the run reports from.
pub(super) struct Ready {
    pub(super) source: String,
    pub(super) input: Opened,
    pub(super) tables: Vec<(String, Opened)>,
    pub(super) compiled: Compiled,
    pub(super) accounting: Accounting,
}

/// One run: prepared, the rules first, then written atomically with its manifest and
/// summed up.
async fn attempt(
    ctx: &datafusion::execution::context::SessionContext,
    args: &RunArgs,
    destination: &Destination,
    started: Instant,
    typing: Typing,
) -> Result<Outcome> {
    let Some(ready) = get_ready(ctx, args, destination, typing).await? else {
        return Ok(Outcome::Findings);
    };
    let prepared_at = started.elapsed();
    let Some(outcomes) = rules_first(ctx, args, &ready).await? else {
        return Ok(Outcome::Findings);
    };
    let checked_at = started.elapsed();
    let parts = ReportParts::new(&ready, &outcomes);
    let phases = Phases {
        started,
        prepared_at,
        checked_at,
    };
    let rows_out = write_output(ctx, args, destination, &ready, &parts, phases).await?;
    let seconds = started.elapsed().as_secs_f64();
    print_findings(
        args,
        destination,
        &ready,
        &outcomes,
        &parts,
        rows_out,
        seconds,
    );
    Ok(Outcome::Clean)
}

/// Reads, checks and compiles the recipe over its inputs, and checks that the output can
/// be written. `Ok(None)` means the recipe has problems, already reported.
async fn get_ready(
    ctx: &datafusion::execution::context::SessionContext,
    args: &RunArgs,
    destination: &Destination,
    typing: Typing,
) -> Result<Option<Ready>> {
    if !args.overwrite && destination.exists().await? {
        return Err(Error::Output {
            uri: args.output.clone(),
            message: "already exists; pass --overwrite to replace it".into(),
        });
    }
    let read = ReadOptions {
        csv: args.csv.overrides(),
        bad_rows: if args.on_bad_rows == "skip" {
            BadRows::Skip
        } else {
            BadRows::Fail
        },
        header_row: None,
        typing,
    };
    let Some(Prepared {
        source,
        input,
        tables,
        compiled,
        accounting,
    }) = prepare(ctx, &args.recipe, &args.input, &args.with, &read, true).await?
    else {
        return Ok(None);
    };
    refuse_to_overwrite_inputs(destination, &input, &tables)?;
    let Some(accounting) = accounting else {
        return Err(Error::Engine(
            "the plan was compiled without row counters".into(),
        ));
    };
    if !check_output_can_hold(args, destination, &compiled, &source)? {
        return Ok(None);
    }
    if depends_on_input_order(&compiled.plan) {
        keep_input_order(ctx);
    }
    Ok(Some(Ready {
        source,
        input,
        tables,
        compiled,
        accounting,
    }))
}

/// Every `--partition-by` column is in the recipe's output, and a CSV output has no
/// nested columns. `Ok(false)`: nested columns, already reported.
fn check_output_can_hold(
    args: &RunArgs,
    destination: &Destination,
    compiled: &Compiled,
    source: &str,
) -> Result<bool> {
    for name in &args.partition_by {
        if compiled
            .plan
            .schema()
            .field_with_unqualified_name(name)
            .is_err()
        {
            return Err(Error::Usage(format!(
                "--partition-by {name}: the recipe's output has no column `{name}`"
            )));
        }
    }
    if destination.format == OutputFormat::Csv {
        let refused = super::csv_columns::refuse_nested(compiled);
        if !refused.is_empty() {
            crate::output::report(&refused, &args.recipe.display().to_string(), source);
            return Ok(false);
        }
    }
    Ok(true)
}

/// Rules first: a failing `expect … else fail` stops the run before anything is written.
/// The outcomes of every rule, or `Ok(None)` when one that fails the run is broken
/// (already said).
async fn rules_first(
    ctx: &datafusion::execution::context::SessionContext,
    args: &RunArgs,
    ready: &Ready,
) -> Result<Option<Vec<ExpectationOutcome>>> {
    let Ready {
        source,
        input,
        tables,
        compiled,
        ..
    } = ready;
    let mut outcomes = Vec::new();
    for expectation in &compiled.expectations {
        outcomes.push(
            explain_bad_rows(
                expectations::evaluate(ctx, expectation).await,
                input,
                tables,
            )
            .await?,
        );
    }
    let failed: Vec<_> = outcomes
        .iter()
        .filter(|o| !o.passed() && o.severity == Severity::Fail)
        .collect();
    if failed.is_empty() {
        return Ok(Some(outcomes));
    }
    for o in &failed {
        let what = if o.table_level {
            "does not hold".to_string()
        } else {
            format!("is broken by {} rows", o.violations)
        };
        eprintln!(
            "{}:{}: `{}` {what}; nothing was written",
            args.recipe.display(),
            LineCol::of(source, o.span.start),
            &source[o.span.range()]
        );
    }
    Ok(None)
}

/// When the run started and when its preparing and its rules ended.
#[derive(Clone, Copy)]
struct Phases {
    started: Instant,
    prepared_at: Duration,
    checked_at: Duration,
}

/// What the report holds before the plan runs; the step counts are read after it.
pub(super) struct ReportParts<'a> {
    lines: Lines<'a>,
    expectations: Vec<ExpectationReport>,
    rejected: Vec<RejectedReport>,
}

impl<'a> ReportParts<'a> {
    fn new(ready: &'a Ready, outcomes: &[ExpectationOutcome]) -> Self {
        let lines = Lines(&ready.source);
        let expectations = lines.expectations(outcomes);
        let rejected = every_input(&ready.input, &ready.tables)
            .filter(|(_, o)| o.rejected > 0)
            .map(|(name, o)| RejectedReport {
                input: o.uri.clone(),
                name: name.to_string(),
                rejected: o.rejected,
            })
            .collect();
        ReportParts {
            lines,
            expectations,
            rejected,
        }
    }

    /// The report, with the rows the counters saw (read when called: after the run).
    pub(super) fn run_report(&self, accounting: &Accounting, rows_out: u64) -> RunReport {
        RunReport {
            rows_in: accounting.rows_in(),
            rows_out,
            steps: self.lines.steps(&accounting.report()),
            expectations: self.expectations.clone(),
            mismatched: self.lines.mismatched(&accounting.mismatched()),
            rejected: self.rejected.clone(),
        }
    }
}

/// Runs the plan and writes its output atomically, with the malformed rows set aside and
/// the manifest beside it, under a progress bar; the rows written.
async fn write_output(
    ctx: &datafusion::execution::context::SessionContext,
    args: &RunArgs,
    destination: &Destination,
    ready: &Ready,
    parts: &ReportParts<'_>,
    phases: Phases,
) -> Result<u64> {
    let Ready {
        source,
        input,
        tables,
        compiled,
        accounting,
    } = ready;
    let sidecars: Vec<(String, PathBuf)> = every_input(input, tables)
        .filter_map(|(name, o)| o.rejects.clone().map(|path| (rejects_file(name), path)))
        .collect();
    let sidecars: Vec<(&str, PathBuf)> = sidecars
        .iter()
        .map(|(s, p)| (s.as_str(), p.clone()))
        .collect();
    let objects: Vec<serde_json::Value> = every_input(input, tables)
        .flat_map(|(_, o)| o.objects.iter())
        .map(|o| o.version())
        .collect();

    let frame = ctx
        .execute_logical_plan(compiled.plan.clone())
        .await
        .map_err(Error::engine)?;
    let recipe_hash = recipe_hash(source);
    let manifest = |rows_out: u64| {
        manifest_text(
            args,
            &parts.run_report(accounting, rows_out),
            &recipe_hash,
            &objects,
            phases,
        )
    };
    let shown = if args.progress_lines {
        Shown::Lines
    } else if !args.json && !args.no_progress {
        Shown::Bar
    } else {
        Shown::Nothing
    };
    let progress = Progress::start(
        shown,
        accounting.counts.clone(),
        accounting.input_slot,
        accounting
            .copies
            .get(accounting.input_slot)
            .copied()
            .unwrap_or(1),
        input.bytes(),
        input.estimated_rows,
    );
    let written = write_atomically(frame, destination, args.overwrite, &sidecars, manifest).await;
    progress.finish();
    explain_bad_rows(written, input, tables).await
}

/// The manifest beside the output: the report, where the run came from, how long each
/// phase took (the run's, until now).
fn manifest_text(
    args: &RunArgs,
    report: &RunReport,
    recipe_sha256: &str,
    objects: &[serde_json::Value],
    phases: Phases,
) -> String {
    let with: BTreeMap<&str, &str> = args
        .with
        .iter()
        .map(|(n, u)| (n.as_str(), u.as_str()))
        .collect();
    let manifest = Manifest {
        recipe: args.recipe.display().to_string(),
        recipe_sha256,
        input: &args.input,
        with,
        objects,
        report,
        seconds: Seconds {
            prepare: phases.prepared_at.as_secs_f64(),
            rules: (phases.checked_at - phases.prepared_at).as_secs_f64(),
            run: (phases.started.elapsed() - phases.checked_at).as_secs_f64(),
        },
        wrangle: env!("CARGO_PKG_VERSION"),
    };
    // Plain structs of numbers and text: serialising them cannot fail.
    let text = serde_json::to_string_pretty(&manifest).unwrap_or_default();
    format!("{text}\n")
}

/// The main input (named "") and each `--with` input, by name.
pub(super) fn every_input<'a>(
    input: &'a Opened,
    tables: &'a [(String, Opened)],
) -> impl Iterator<Item = (&'a str, &'a Opened)> {
    std::iter::once(("", input)).chain(tables.iter().map(|(n, o)| (n.as_str(), o)))
}

/// The suffix of the file beside the output listing an input's malformed rows.
pub(super) fn rejects_file(name: &str) -> String {
    if name.is_empty() {
        "rejects.csv".to_string()
    } else {
        format!("{name}.rejects.csv")
    }
}

/// An output over an input would delete it (with `--overwrite`) or mix with it.
fn refuse_to_overwrite_inputs(
    destination: &Destination,
    input: &Opened,
    tables: &[(String, Opened)],
) -> Result<()> {
    let out = destination.location.display(&destination.location.path);
    let within = |object: &str| object == out || object.starts_with(&format!("{out}/"));
    let clash = every_input(input, tables)
        .flat_map(|(_, o)| o.objects.iter())
        .find(|o| within(&o.uri));
    match clash {
        Some(object) => Err(Error::Usage(format!(
            "--output {}: the input {} is there; write somewhere else",
            destination.location.uri, object.uri
        ))),
        None => Ok(()),
    }
}

/// A run that failed reading a CSV is explained by its first malformed row, when it has
/// one: the object, the line and what is wrong; a value that did not fit its column, by
/// the object and the line it is on.
async fn explain_bad_rows<T>(
    result: Result<T>,
    input: &Opened,
    tables: &[(String, Opened)],
) -> Result<T> {
    let error = match result {
        Ok(value) => return Ok(value),
        Err(Error::Reading(message)) => Error::Reading(message),
        Err(Error::CsvValue(mut value)) => {
            for (_, opened) in every_input(input, tables) {
                match opened.locate(*value).await {
                    Ok(located) => *value = located,
                    Err(bad) => return Err(bad_row_error(&bad)),
                }
            }
            return Err(Error::CsvValue(value));
        }
        Err(other) => return Err(other),
    };
    for (_, opened) in every_input(input, tables) {
        if let Ok(Some(bad)) = opened.first_bad_row().await {
            return Err(bad_row_error(&bad));
        }
    }
    Err(error)
}

fn recipe_hash(source: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(source.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
