//! What `wrangle run` says when it has written its output: the summary (as JSON with
//! `--json`), then the broken warnings, the values that did not fit their type and the
//! malformed rows set aside.

use super::run::{every_input, rejects_file, Ready, ReportParts, RunArgs};
use super::run_report::Summary;
use crate::accounting::{Accounting, StepRows};
use crate::engine::output::Destination;
use crate::expectations::Outcome as ExpectationOutcome;
use wrangle_dsl::LineCol;

/// The summary of a run that wrote `rows_out` rows in `seconds`.
pub(super) fn print_findings(
    args: &RunArgs,
    destination: &Destination,
    ready: &Ready,
    outcomes: &[ExpectationOutcome],
    parts: &ReportParts<'_>,
    rows_out: u64,
    seconds: f64,
) {
    let Ready {
        source,
        input,
        tables,
        accounting,
        ..
    } = ready;
    let report = accounting.report();
    let mismatched = accounting.mismatched();
    if args.json {
        let report = parts.run_report(accounting, rows_out);
        let summary = Summary {
            output: &args.output,
            report: &report,
            seconds,
        };
        println!("{}", serde_json::to_string(&summary).unwrap_or_default());
        return;
    }
    print_summary(args, source, accounting, &report, rows_out, seconds);
    let at = |span: wrangle_dsl::Span| LineCol::of(source, span.start);
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
    for (name, o) in every_input(input, tables).filter(|(_, o)| o.rejected > 0) {
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
