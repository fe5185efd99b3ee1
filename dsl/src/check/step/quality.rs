//! Data quality: expect.

use super::super::expr::{Allow, ExprChecker, Scope};
use super::StepChecker;
use crate::ast::*;
use crate::diagnostics::Diagnostic;

impl StepChecker<'_> {
    /// `expect`: about every row, or about the whole table, not both.
    pub(super) fn expectation(&mut self, condition: &Expr) {
        let mut checker = ExprChecker {
            scope: Scope {
                schema: &self.schema,
                allow: Allow::Aggregate,
                table: None,
                table_schema: None,
                group_keys: None,
            },
            diagnostics: self.diagnostics,
            saw_aggregate: false,
        };
        let typed = checker.check_condition(condition, "an expectation");
        let saw_aggregate = checker.saw_aggregate;
        self.typed.push(typed);
        if saw_aggregate {
            // A table-level expectation: every column must be inside an aggregate.
            let mut strict = ExprChecker {
                scope: Scope {
                    schema: &self.schema,
                    allow: Allow::Aggregate,
                    table: None,
                    table_schema: None,
                    group_keys: Some(&[]),
                },
                diagnostics: &mut Vec::new(),
                saw_aggregate: false,
            };
            strict.check(condition);
            if let Some(d) = strict
                .diagnostics
                .iter()
                .find(|d| d.code == "not-aggregated")
            {
                let d = Diagnostic::error("mixed-expectation", "an expectation is either about every row or about the whole table", d.span)
                    .with_label("a single row's value")
                    .with_hint("wrap the column in an aggregate function, or split this into two `expect` steps");
                self.error(d);
            }
        }
    }
}
