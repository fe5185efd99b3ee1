//! Row operations: keep rows, delete rows, sort, fill, header (dedup and limit are checked
//! in `step`).

use super::super::expr::Allow;
use super::super::messages::article;
use super::super::schema::Schema;
use super::StepChecker;
use crate::ast::*;
use crate::diagnostics::Diagnostic;
use crate::Span;

impl StepChecker<'_> {
    /// `keep rows` and `delete rows`.
    pub(super) fn keep_or_delete_rows(&mut self, condition: &Expr) {
        self.condition(condition, Allow::Scalar, "the `where` condition");
    }

    /// `sort`.
    pub(super) fn sort(&mut self, keys: &[SortKey]) {
        for k in keys {
            self.expr(&k.expr, Allow::Scalar);
        }
    }

    /// `fill`: the value must suit every column filled.
    pub(super) fn fill(&mut self, columns: &[Name], with: &FillWith) {
        self.existing_all(columns);
        if let FillWith::Value(value) = with {
            let value_kind = self.expr(value, Allow::Scalar).kind();
            for c in columns {
                let kind = self.schema.kind_of(&c.text);
                if !(kind.accepts(value_kind) || value_kind.accepts(kind)) {
                    self.error(
                        Diagnostic::error(
                            "type-mismatch",
                            format!(
                                "`{}` is {} and cannot be filled with {}",
                                c.text,
                                article(kind),
                                article(value_kind)
                            ),
                            value.span,
                        )
                        .with_label(format!("this is {}", article(value_kind))),
                    );
                }
            }
        }
    }

    /// `header`: the first step only, and rows counted from 1.
    pub(super) fn header(&mut self, row: Option<u64>, first: bool, span: Span) {
        if !first {
            self.error(
                Diagnostic::error("header-not-first", "`header` must be the first step", span)
                    .with_label("the columns are already named here")
                    .with_hint("move it to the top: it names the columns from a row of the input"),
            );
        }
        if row == Some(0) {
            self.error(
                Diagnostic::error("bad-row", "rows are counted from 1", span)
                    .with_hint("header row 1 uses the first row"),
            );
        }
        // `header` is applied when the input is read: a schema given to the checker
        // is the input as read with it. Without one, the names come from the data.
        if self.schema.columns.is_empty() {
            self.schema = Schema::unknown();
        }
    }
}
