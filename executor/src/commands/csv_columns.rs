//! CSV holds text: a list or struct column cannot be written to it. A run whose output is
//! CSV and whose recipe ends with such a column is refused before anything runs, pointing
//! at the step that made the column, with what to do instead.

use crate::compile::Compiled;
use datafusion::arrow::datatypes::DataType;
use wrangle_dsl::{Diagnostic, Span};

fn nested(data_type: &DataType) -> Option<&'static str> {
    match data_type {
        DataType::List(_)
        | DataType::LargeList(_)
        | DataType::FixedSizeList(..)
        | DataType::ListView(_)
        | DataType::LargeListView(_) => Some("a list"),
        DataType::Struct(_) => Some("a struct"),
        DataType::Map(..) => Some("a map"),
        _ => None,
    }
}

/// One error per output column CSV cannot hold, at the step that last gave it its type
/// (the input itself when no step did).
pub fn refuse_nested(compiled: &Compiled) -> Vec<Diagnostic> {
    let schema = compiled.plan.schema();
    let mut diagnostics = Vec::new();
    for field in schema.fields() {
        let Some(what) = nested(field.data_type()) else {
            continue;
        };
        let name = field.name();
        let is_nested_after = |plan: &datafusion::logical_expr::LogicalPlan| {
            plan.schema()
                .field_with_unqualified_name(name)
                .is_ok_and(|f| nested(f.data_type()).is_some())
        };
        // The first step from which on the column stays nested.
        let mut made_at = Span::default();
        for step in compiled.steps.iter().rev() {
            if !is_nested_after(&step.plan) {
                break;
            }
            made_at = step.span;
        }
        let shown = wrangle_dsl::print::print_name(name);
        diagnostics.push(
            Diagnostic::error(
                "csv-nested",
                format!("column `{name}` is {what}, which a CSV file cannot hold"),
                made_at,
            )
            .with_label(format!("`{name}` becomes {what} here"))
            .with_hint(format!(
                "write Parquet or JSON lines (--format parquet), or turn it into text first: \
                 set {shown} = to_json({shown}){}",
                if what == "a list" {
                    format!(", or set {shown} = list_join({shown}, \",\")")
                } else {
                    String::new()
                }
            )),
        );
    }
    diagnostics
}
