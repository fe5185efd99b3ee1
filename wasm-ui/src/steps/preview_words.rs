//! What a previewed step would do, in the words a person would use for that step: "renames
//! carrier to airline_code", "groups 20,000 rows into 16"; the cells, rows and columns it
//! changes for the others (the diff's summary).

use crate::engine::diff::Change;
use wrangle_dsl::ast::StepKind;
use wrangle_dsl::print::print_name;

fn rows(n: usize) -> String {
    let mut digits = n.to_string();
    // 20000 → 20,000
    let mut at = digits.len();
    while at > 3 {
        at -= 3;
        digits.insert(at, ',');
    }
    format!("{digits} {}", if n == 1 { "row" } else { "rows" })
}

/// The preview's one line about the step `text`, whose change is `change`.
pub fn preview_words(text: &str, change: &Change) -> String {
    let parsed = wrangle_dsl::parse(text);
    let Some(step) = parsed.recipe.steps().next() else {
        if text.trim_start().starts_with('#') {
            return "a comment, kept above the step after it".to_string();
        }
        return change.summary();
    };
    match &step.kind {
        StepKind::Rename { pairs } => {
            let renames: Vec<String> = pairs
                .iter()
                .map(|(from, to)| format!("{} to {}", print_name(&from.text), print_name(&to.text)))
                .collect();
            format!("renames {}", renames.join(", "))
        }
        StepKind::Aggregate { by, .. } if by.is_empty() => {
            format!(
                "sums up {} into {}",
                rows(change.rows_before),
                rows(change.rows_after)
            )
        }
        StepKind::Aggregate { .. } => {
            format!(
                "groups {} into {}",
                rows(change.rows_before),
                rows(change.rows_after)
            )
        }
        StepKind::Pivot { .. } | StepKind::Unpivot { .. } => format!(
            "reshapes {} into {}",
            rows(change.rows_before),
            rows(change.rows_after)
        ),
        _ => change.summary(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(rows_before: usize, rows_after: usize) -> Change {
        Change {
            rows_before,
            rows_after,
            ..Change::default()
        }
    }

    #[test]
    fn renames_and_groups_are_said_as_a_person_would() {
        assert_eq!(
            preview_words(
                "rename carrier to airline_code, origin to `origin airport`",
                &change(5, 5)
            ),
            "renames carrier to airline_code, origin to `origin airport`"
        );
        assert_eq!(
            preview_words("aggregate by carrier: n = count()", &change(20_000, 16)),
            "groups 20,000 rows into 16 rows"
        );
        assert_eq!(
            preview_words("aggregate: n = count()", &change(20_000, 1)),
            "sums up 20,000 rows into 1 row"
        );
        assert_eq!(
            preview_words("pivot carrier using count() by month", &change(1_000, 12)),
            "reshapes 1,000 rows into 12 rows"
        );
    }

    #[test]
    fn other_steps_say_what_they_change() {
        let c = change(5, 5);
        assert_eq!(preview_words("drop year", &c), c.summary());
        assert_eq!(preview_words("not a step", &c), c.summary());
        assert_eq!(
            preview_words("# why", &c),
            "a comment, kept above the step after it"
        );
    }
}
