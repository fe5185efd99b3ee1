//! `wrangle run RECIPE --input URI [--with NAME=URI]... --output URI`: the recipe over
//! the full data, expectations checked before anything is written, output committed
//! atomically with a manifest, and an account of every step's rows.

use super::prepare::{parse_binding, prepare, Prepared};
use super::progress::Progress;
use super::run_report::{Lines, Manifest, RejectedReport, RunReport, Seconds, Summary};
use super::Outcome;
use crate::accounting::{Accounting, StepRows};
use crate::compile::depends_on_input_order;
use crate::engine::csv_dialect::{parse_char, parse_optional_char, CsvOverrides};
use crate::engine::csv_types::Typing;
use crate::engine::expectations;
use crate::engine::input::{bad_row_error, BadRows, Opened, ReadOptions};
use crate::engine::output::{write_atomically, Destination, OutputFormat};
use crate::engine::session::{keep_input_order, parse_size, session, SessionOptions};
use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;
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
        _ = stop_requested() => {
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

/// Ctrl-C (SIGINT), or SIGTERM (`kill`, `timeout`, a container stopping).
async fn stop_requested() {
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

async fn attempt(
    ctx: &datafusion::execution::context::SessionContext,
    args: &RunArgs,
    destination: &Destination,
    started: Instant,
    typing: Typing,
) -> Result<Outcome> {
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
        return Ok(Outcome::Findings);
    };
    refuse_to_overwrite_inputs(destination, &input, &tables)?;
    let Some(accounting) = accounting else {
        return Err(Error::Engine(
            "the plan was compiled without row counters".into(),
        ));
    };
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
        let refused = super::csv_columns::refuse_nested(&compiled);
        if !refused.is_empty() {
            crate::output::report(&refused, &args.recipe.display().to_string(), &source);
            return Ok(Outcome::Findings);
        }
    }
    if depends_on_input_order(&compiled.plan) {
        keep_input_order(ctx);
    }
    let prepared_at = started.elapsed();

    // Rules first: a failing `expect … else fail` stops the run before anything is written.
    let mut outcomes = Vec::new();
    for expectation in &compiled.expectations {
        outcomes.push(
            explain_bad_rows(
                expectations::evaluate(ctx, expectation).await,
                &input,
                &tables,
            )
            .await?,
        );
    }
    let at = |span: wrangle_dsl::Span| LineCol::of(&source, span.start);
    let failed: Vec<_> = outcomes
        .iter()
        .filter(|o| !o.passed() && o.severity == Severity::Fail)
        .collect();
    if !failed.is_empty() {
        for o in &failed {
            let what = if o.table_level {
                "does not hold".to_string()
            } else {
                format!("is broken by {} rows", o.violations)
            };
            eprintln!(
                "{}:{}: `{}` {what}; nothing was written",
                args.recipe.display(),
                at(o.span),
                &source[o.span.range()]
            );
        }
        return Ok(Outcome::Findings);
    }
    let checked_at = started.elapsed();

    // Counted while the plan runs: read after it.
    let lines = Lines(&source);
    let expectations_report = lines.expectations(&outcomes);
    let rejected: Vec<RejectedReport> = every_input(&input, &tables)
        .filter(|(_, o)| o.rejected > 0)
        .map(|(name, o)| RejectedReport {
            input: o.uri.clone(),
            name: name.to_string(),
            rejected: o.rejected,
        })
        .collect();
    let run_report = |rows_out: u64| RunReport {
        rows_in: accounting.rows_in(),
        rows_out,
        steps: lines.steps(&accounting.report()),
        expectations: expectations_report.clone(),
        mismatched: lines.mismatched(&accounting.mismatched()),
        rejected: rejected.clone(),
    };
    let sidecars: Vec<(String, PathBuf)> = every_input(&input, &tables)
        .filter_map(|(name, o)| o.rejects.clone().map(|path| (rejects_file(name), path)))
        .collect();
    let sidecars: Vec<(&str, PathBuf)> = sidecars
        .iter()
        .map(|(s, p)| (s.as_str(), p.clone()))
        .collect();
    let objects: Vec<serde_json::Value> = every_input(&input, &tables)
        .flat_map(|(_, o)| o.objects.iter())
        .map(|o| o.version())
        .collect();

    let frame = ctx
        .execute_logical_plan(compiled.plan.clone())
        .await
        .map_err(Error::engine)?;
    let recipe_hash = recipe_hash(&source);
    let with: BTreeMap<&str, &str> = args
        .with
        .iter()
        .map(|(n, u)| (n.as_str(), u.as_str()))
        .collect();
    let manifest = |rows_out: u64| {
        let report = run_report(rows_out);
        let manifest = Manifest {
            recipe: args.recipe.display().to_string(),
            recipe_sha256: &recipe_hash,
            input: &args.input,
            with: with.clone(),
            objects: &objects,
            report: &report,
            seconds: Seconds {
                prepare: prepared_at.as_secs_f64(),
                rules: (checked_at - prepared_at).as_secs_f64(),
                run: (started.elapsed() - checked_at).as_secs_f64(),
            },
            wrangle: env!("CARGO_PKG_VERSION"),
        };
        // Plain structs of numbers and text: serialising them cannot fail.
        let text = serde_json::to_string_pretty(&manifest).unwrap_or_default();
        format!("{text}\n")
    };
    let progress = Progress::start(
        !args.json && !args.no_progress,
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
    let rows_out = explain_bad_rows(written, &input, &tables).await?;
    let seconds = started.elapsed().as_secs_f64();
    let report = accounting.report();
    let mismatched = accounting.mismatched();
    if args.json {
        let report = run_report(rows_out);
        let summary = Summary {
            output: &args.output,
            report: &report,
            seconds,
        };
        println!("{}", serde_json::to_string(&summary).unwrap_or_default());
    } else {
        print_summary(args, &source, &accounting, &report, rows_out, seconds);
        for o in outcomes.iter().filter(|o| !o.passed()) {
            eprintln!(
                "{}:{}: warning: `{}` is broken by {} rows",
                args.recipe.display(),
                at(o.span),
                &source[o.span.range()],
                o.violations
            );
        }
        for m in mismatched.iter().filter(|m| m.count > 0) {
            eprintln!(
                "{}:{}: {} values of `{}` did not fit the type and are null",
                args.recipe.display(),
                at(m.span),
                m.count,
                m.column
            );
        }
        for (name, o) in every_input(&input, &tables).filter(|(_, o)| o.rejected > 0) {
            eprintln!(
                "{}: {} malformed rows set aside in {}",
                o.uri,
                o.rejected,
                destination
                    .location
                    .display(&destination.beside(&rejects_file(name)))
            );
        }
    }
    Ok(Outcome::Clean)
}

/// The main input (named "") and each `--with` input, by name.
fn every_input<'a>(
    input: &'a Opened,
    tables: &'a [(String, Opened)],
) -> impl Iterator<Item = (&'a str, &'a Opened)> {
    std::iter::once(("", input)).chain(tables.iter().map(|(n, o)| (n.as_str(), o)))
}

/// The suffix of the file beside the output listing an input's malformed rows.
fn rejects_file(name: &str) -> String {
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

/// The per-step account, as a user reads it: the steps whose row count changed.
fn print_summary(
    args: &RunArgs,
    source: &str,
    accounting: &Accounting,
    report: &[StepRows],
    rows_out: u64,
    seconds: f64,
) {
    eprintln!(
        "{} rows in, {rows_out} rows out → {} ({seconds:.2} s)",
        accounting.rows_in(),
        args.output
    );
    for step in report.iter().filter(|s| s.rows_in != s.rows_out) {
        let line = LineCol::of(source, step.span.start).line;
        let change = if matches!(step.keyword, "aggregate" | "pivot") {
            format!("{} groups", step.rows_out)
        } else if step.removed > 0 {
            format!("{} removed", step.removed)
        } else {
            format!("{} added", step.added)
        };
        let reason = step
            .reason
            .as_deref()
            .filter(|_| !matches!(step.keyword, "aggregate" | "pivot"))
            .map(|r| format!(" ({r})"))
            .unwrap_or_default();
        eprintln!(
            "  line {line:>3}  {:<10} {:>12} → {:<12} {change}{reason}",
            step.keyword, step.rows_in, step.rows_out
        );
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
