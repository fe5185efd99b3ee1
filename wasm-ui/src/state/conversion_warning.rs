//! A `settype` that would empty most of a column warns before it is added: the preview
//! says how many of the column's values do not fit the type (they would be empty after
//! it; the grid shows, dimmed, the text each held). The step can still be added.

use super::problems::Problem;
use crate::engine::cells::is_missing;
use crate::engine::Table;

/// The share of a column's values that, not fitting, makes a conversion warn.
pub const WARN_SHARE: f64 = 0.5;

/// The warnings for the step `text`, which turned `before` into `after`.
pub fn conversion_warnings(before: &Table, after: &Table, text: &str) -> Vec<Problem> {
    let mut warnings: Vec<Problem> = after
        .mismatched
        .iter()
        .filter_map(|(name, marks)| {
            let earlier = before.mismatched.get(name).map_or(0, |m| m.rows.len());
            let lost = marks.rows.len().saturating_sub(earlier);
            let column = before.column(&marks.column_at_settype)?;
            let present = (0..column.len())
                .filter(|&i| !is_missing(column.as_ref(), i))
                .count();
            if lost == 0 || present == 0 || (lost as f64) < WARN_SHARE * present as f64 {
                return None;
            }
            let at = text.find(name.as_str()).unwrap_or(0);
            let column_number = text[..at].chars().count() + 1;
            Some(Problem {
                line: 1,
                column: column_number,
                message: format!(
                    "{lost} of {present} values of `{name}` ({:.0}%) do not fit {} and would be empty",
                    100.0 * lost as f64 / present as f64,
                    marks.type_text
                ),
                hint: Some(hint(name, &marks.type_text)),
                is_error: false,
                source_line: text.to_string(),
                caret: format!("{}{}", " ".repeat(column_number - 1), "^".repeat(name.chars().count().max(1))),
            })
        })
        .collect();
    warnings.sort_by_key(|w| w.column);
    warnings
}

/// What to do instead: keep the text and convert into a new column, or pick another type.
fn hint(name: &str, type_text: &str) -> String {
    let base = type_text.split('(').next().unwrap_or(type_text);
    let keeps = match base {
        "integer" | "float" | "decimal" | "boolean" | "date" | "timestamp" if base == type_text => {
            let new = wrangle_dsl::print::print_name(&format!("{name}_{base}"));
            format!(
                "to keep the text, convert into a new column (derive {new} = to_{base}({})); ",
                wrangle_dsl::print::print_name(name)
            )
        }
        _ => String::new(),
    };
    format!("{keeps}or look at the values first: the preview shows, dimmed, what each cell held")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::table::Marks;
    use datafusion::arrow::array::{ArrayRef, RecordBatch, StringArray};
    use std::sync::Arc;

    fn table(values: &[Option<&str>]) -> Table {
        let column: ArrayRef = Arc::new(StringArray::from(values.to_vec()));
        let batch = RecordBatch::try_from_iter([("amount", column)]).unwrap();
        Table::numbered(batch.schema(), &[batch]).unwrap()
    }

    fn after(before: &Table, lost: &[i64]) -> Table {
        let marks = Marks {
            column_at_settype: "amount".into(),
            type_text: "integer".into(),
            rows: lost.iter().map(|id| (*id, format!("text {id}"))).collect(),
        };
        Table::of(
            before.batch.clone(),
            [("amount".to_string(), marks)].into_iter().collect(),
        )
    }

    #[test]
    fn most_of_a_column_not_fitting_warns_with_the_counts() {
        let before = table(&[Some("a"), Some("b"), Some("3"), None]);
        let warnings =
            conversion_warnings(&before, &after(&before, &[1, 2]), "settype amount integer");
        assert_eq!(warnings.len(), 1);
        let w = &warnings[0];
        assert!(!w.is_error);
        assert_eq!(
            w.message,
            "2 of 3 values of `amount` (67%) do not fit integer and would be empty"
        );
        assert_eq!((w.line, w.column), (1, 9));
        assert_eq!(w.caret, "        ^^^^^^");
        assert!(w
            .hint
            .as_deref()
            .unwrap()
            .contains("derive amount_integer = to_integer(amount)"));
    }

    #[test]
    fn a_few_values_not_fitting_do_not_warn() {
        let before = table(&[Some("a"), Some("2"), Some("3"), None]);
        assert!(
            conversion_warnings(&before, &after(&before, &[1]), "settype amount integer")
                .is_empty()
        );
    }
}
