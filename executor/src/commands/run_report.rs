//! What a run did, as one serde type: the summary `wrangle run --json` prints and the
//! manifest written beside the output are the same report, the manifest with where the
//! run came from added.

use crate::accounting::{Mismatched, StepRows};
use crate::expectations::Outcome as ExpectationOutcome;
use serde::Serialize;
use std::collections::BTreeMap;
use wrangle_dsl::ast::Severity;
use wrangle_dsl::{LineCol, Span};

/// Rows in and out, each step's rows, the expectations, the values that did not fit their
/// type and the malformed rows set aside.
#[derive(Clone, Debug, Serialize)]
pub struct RunReport {
    pub rows_in: u64,
    pub rows_out: u64,
    pub steps: Vec<StepReport>,
    pub expectations: Vec<ExpectationReport>,
    pub mismatched: Vec<MismatchReport>,
    pub rejected: Vec<RejectedReport>,
}

#[derive(Clone, Debug, Serialize)]
pub struct StepReport {
    pub line: usize,
    pub step: &'static str,
    pub rows_in: u64,
    pub rows_out: u64,
    pub removed: u64,
    pub added: u64,
    pub reason: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ExpectationReport {
    pub line: usize,
    pub expect: String,
    pub severity: &'static str,
    pub violations: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct MismatchReport {
    pub line: usize,
    pub column: String,
    pub mismatched: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct RejectedReport {
    pub input: String,
    pub name: String,
    pub rejected: u64,
}

/// `wrangle run --json`: the report and where the output went.
#[derive(Debug, Serialize)]
pub struct Summary<'a> {
    pub output: &'a str,
    #[serde(flatten)]
    pub report: &'a RunReport,
    pub seconds: f64,
}

/// The manifest beside the output: the report, the recipe and inputs it came from, and
/// how long each phase took.
#[derive(Debug, Serialize)]
pub struct Manifest<'a> {
    pub recipe: String,
    pub recipe_sha256: &'a str,
    pub input: &'a str,
    pub with: BTreeMap<&'a str, &'a str>,
    /// Each object read, with its size, modification time, ETag and version.
    pub objects: &'a [serde_json::Value],
    #[serde(flatten)]
    pub report: &'a RunReport,
    pub seconds: Seconds,
    pub wrangle: &'static str,
}

/// Seconds spent preparing (reading, checking, compiling), on the rules, and running.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Seconds {
    pub prepare: f64,
    pub rules: f64,
    pub run: f64,
}

/// Lines of the recipe's text, for the report's `line` fields.
pub struct Lines<'a>(pub &'a str);

impl Lines<'_> {
    fn of(&self, span: Span) -> usize {
        LineCol::of(self.0, span.start).line
    }

    pub fn steps(&self, rows: &[StepRows]) -> Vec<StepReport> {
        rows.iter()
            .map(|s| StepReport {
                line: self.of(s.span),
                step: s.keyword,
                rows_in: s.rows_in,
                rows_out: s.rows_out,
                removed: s.removed,
                added: s.added,
                reason: s.reason.clone(),
            })
            .collect()
    }

    pub fn expectations(&self, outcomes: &[ExpectationOutcome]) -> Vec<ExpectationReport> {
        outcomes
            .iter()
            .map(|o| ExpectationReport {
                line: self.of(o.span),
                expect: self.0[o.span.range()].to_string(),
                severity: if o.severity == Severity::Fail {
                    "fail"
                } else {
                    "warn"
                },
                violations: o.violations,
            })
            .collect()
    }

    pub fn mismatched(&self, mismatched: &[Mismatched]) -> Vec<MismatchReport> {
        mismatched
            .iter()
            .map(|m| MismatchReport {
                line: self.of(m.span),
                column: m.column.clone(),
                mismatched: m.count,
            })
            .collect()
    }
}
