//! What a run did, as one serde type: the summary `wrangle run --json` prints and the
//! manifest written beside the output are the same report, the manifest with where the
//! run came from added.

use crate::accounting::{Mismatched, StepRows};
pub use crate::api_types::{
    ExpectationReport, MismatchReport, RejectedReport, RunReport, StepReport,
};
use crate::expectations::Outcome as ExpectationOutcome;
use serde::Serialize;
use std::collections::BTreeMap;
use wrangle_dsl::ast::Severity;
use wrangle_dsl::{LineCol, Span};

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
                step: s.keyword.to_string(),
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
                }
                .to_string(),
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
