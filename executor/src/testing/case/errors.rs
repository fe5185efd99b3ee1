//! What a case says of errors, over the recipe text it runs.

use super::{failed, CaseResult, Verdict};
use crate::testing::file::{Case, TestFile};
use wrangle_dsl::diagnostics::render_plain;

/// What a case says of errors, over the recipe text it runs: a message the case expects
/// passes it; any other fails it, noting the error it expected.
pub(super) struct Errors<'a> {
    pub(super) case: &'a Case,
    pub(super) recipe_name: &'a str,
    pub(super) source: &'a str,
}

impl Errors<'_> {
    pub(super) fn wanted(&self, message: &str) -> bool {
        self.case
            .error
            .as_ref()
            .is_some_and(|expected| message.contains(expected.as_str()))
    }

    pub(super) fn expected_note(&self) -> String {
        match &self.case.error {
            Some(expected) => format!("expected an error containing \"{expected}\"; "),
            None => String::new(),
        }
    }

    /// Passed when the case expects `message`; failed with it, after the note, if not.
    pub(super) fn judge(&self, message: String) -> CaseResult {
        if self.wanted(&message) {
            return CaseResult::of(Verdict::Passed);
        }
        failed(format!("{}{message}", self.expected_note()))
    }

    /// The recipe does not check: passed when the case expects one of its messages.
    pub(super) fn problems(&self, diagnostics: Vec<wrangle_dsl::Diagnostic>) -> CaseResult {
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
    pub(super) fn must_not_check(&self, parsed: &wrangle_dsl::Parsed) -> CaseResult {
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
    pub(super) fn missing_inputs(&self, file: &TestFile, names: &[String]) -> CaseResult {
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
