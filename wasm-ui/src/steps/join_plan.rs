//! What the join dialog writes and foresees: the step for a dataset, its key pairs, the
//! kind of join and the columns to bring; and, on the working set and the other table,
//! how many rows find a match (by the keys' text, as the join compares equal values).

use super::menu::plain_name;
use crate::engine::cells::CellText;
use crate::engine::Table;
use std::collections::{HashMap, HashSet};
use wrangle_dsl::print::print_name;

/// The kinds the dialog offers: the value, what the analyst reads.
pub const KINDS: &[(&str, &str)] = &[
    (
        "lookup",
        "add columns of the first match (every row kept once)",
    ),
    ("left", "keep every row, once per match (rows may repeat)"),
    ("inner", "keep only the rows that match, once per match"),
    ("full", "keep every row of both"),
    ("right", "keep every row of the other dataset"),
    ("semi", "keep the rows that have a match (no columns added)"),
    ("anti", "keep the rows that have no match"),
];

/// The step, or what is missing for one.
pub fn join_step(
    table: &str,
    pairs: &[(String, String)],
    kind: &str,
    bring: &[String],
) -> Result<String, String> {
    if pairs.is_empty() || pairs.iter().any(|(l, r)| l.is_empty() || r.is_empty()) {
        return Err("Pick a column on each side of every key pair.".into());
    }
    let t = print_name(table);
    let condition = pairs
        .iter()
        .map(|(l, r)| format!("{} = {t}.{}", print_name(l), print_name(r)))
        .collect::<Vec<_>>()
        .join(" and ");
    match kind {
        "lookup" if bring.is_empty() => Err("Pick at least one column to bring.".into()),
        "lookup" => Ok(format!(
            "lookup {t} on {condition} columns {}",
            bring
                .iter()
                .map(|c| print_name(c))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        "inner" => Ok(format!("join {t} on {condition}")),
        kind => Ok(format!("join {t} on {condition} kind {kind}")),
    }
}

/// What the keys find: rows of the working set with a match, and without; rows of the
/// other table that no row matches; and whether some keys have several rows there (a
/// join repeats those rows).
#[derive(Clone, Debug, PartialEq)]
pub struct Matches {
    pub matched: usize,
    pub unmatched: usize,
    pub other_unmatched: usize,
    pub repeated_keys: usize,
}

/// Each row's key as text, `None` where a key cell is empty (it matches nothing).
fn keys(table: &Table, columns: &[&str]) -> Option<Vec<Option<Vec<String>>>> {
    let arrays: Vec<_> = columns
        .iter()
        .map(|c| table.column(c).map(|a| a.as_ref()))
        .collect::<Option<_>>()?;
    let texts: Vec<CellText<'_>> = arrays.iter().map(|a| CellText::new(*a)).collect();
    Some(
        (0..table.num_rows())
            .map(|row| {
                texts
                    .iter()
                    .map(|t| (!t.is_missing(row)).then(|| t.text(row)))
                    .collect::<Option<Vec<String>>>()
            })
            .collect(),
    )
}

pub fn matches(left: &Table, right: &Table, pairs: &[(String, String)]) -> Option<Matches> {
    let left_keys = keys(
        left,
        &pairs.iter().map(|(l, _)| l.as_str()).collect::<Vec<_>>(),
    )?;
    let right_keys = keys(
        right,
        &pairs.iter().map(|(_, r)| r.as_str()).collect::<Vec<_>>(),
    )?;
    let mut counts: HashMap<&Vec<String>, usize> = HashMap::new();
    for key in right_keys.iter().flatten() {
        *counts.entry(key).or_default() += 1;
    }
    let found: HashSet<&Vec<String>> = left_keys
        .iter()
        .flatten()
        .filter(|k| counts.contains_key(k))
        .collect();
    let matched = left_keys
        .iter()
        .filter(|k| k.as_ref().is_some_and(|k| counts.contains_key(k)))
        .count();
    Some(Matches {
        matched,
        unmatched: left_keys.len() - matched,
        other_unmatched: right_keys
            .iter()
            .filter(|k| k.as_ref().is_none_or(|k| !found.contains(k)))
            .count(),
        repeated_keys: counts.values().filter(|n| **n > 1).count(),
    })
}

/// The other table's column to pair with `left`: one of the same name (any case, or in
/// plain form), else its first column.
pub fn partner(left: &str, right_columns: &[String]) -> String {
    right_columns
        .iter()
        .find(|r| r.eq_ignore_ascii_case(left))
        .or_else(|| {
            right_columns
                .iter()
                .find(|r| plain_name(r) == plain_name(left))
        })
        .or_else(|| right_columns.first())
        .cloned()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::steps::menu::is_canonical;
    use datafusion::arrow::array::{ArrayRef, RecordBatch, StringArray};
    use std::sync::Arc;

    fn table(columns: Vec<(&str, Vec<Option<&str>>)>) -> Table {
        let columns: Vec<(&str, ArrayRef)> = columns
            .into_iter()
            .map(|(n, v)| (n, Arc::new(StringArray::from(v)) as ArrayRef))
            .collect();
        let batch = RecordBatch::try_from_iter(columns).unwrap();
        Table::numbered(batch.schema(), &[batch]).unwrap()
    }

    #[test]
    fn the_step_for_each_kind_is_canonical() {
        let pairs = vec![("carrier".to_string(), "carrier".to_string())];
        let bring = vec!["name".to_string()];
        assert_eq!(
            join_step("airlines", &pairs, "lookup", &bring),
            Ok("lookup airlines on carrier = airlines.carrier columns name".into())
        );
        assert_eq!(
            join_step("airlines", &pairs, "inner", &bring),
            Ok("join airlines on carrier = airlines.carrier".into())
        );
        let two = vec![
            ("Origin Airport".to_string(), "faa".to_string()),
            ("year".to_string(), "year".to_string()),
        ];
        let step = join_step("airports", &two, "anti", &[]).unwrap();
        assert_eq!(
            step,
            "join airports on `Origin Airport` = airports.faa and year = airports.year kind anti"
        );
        for (kind, _) in KINDS {
            let step = join_step("airlines", &pairs, kind, &bring).unwrap();
            assert!(is_canonical(&step), "{step}");
        }
        assert!(join_step("airlines", &pairs, "lookup", &[]).is_err());
        assert!(join_step("airlines", &[("a".into(), String::new())], "left", &[]).is_err());
    }

    #[test]
    fn matches_are_counted_on_both_sides_by_the_keys_text() {
        let flights = table(vec![(
            "carrier",
            vec![Some("UA"), Some("AA"), Some("ZZ"), None, Some("UA")],
        )]);
        let airlines = table(vec![
            (
                "carrier",
                vec![Some("UA"), Some("AA"), Some("AA"), Some("B6")],
            ),
            (
                "name",
                vec![
                    Some("United"),
                    Some("American"),
                    Some("Am."),
                    Some("JetBlue"),
                ],
            ),
        ]);
        let pairs = vec![("carrier".to_string(), "carrier".to_string())];
        assert_eq!(
            matches(&flights, &airlines, &pairs),
            Some(Matches {
                matched: 3,
                unmatched: 2,
                other_unmatched: 1,
                repeated_keys: 1,
            })
        );
        assert_eq!(
            matches(&flights, &airlines, &[("nope".into(), "carrier".into())]),
            None
        );
    }

    #[test]
    fn a_partner_column_is_found_by_its_name() {
        let right = vec!["Carrier".to_string(), "name".to_string()];
        assert_eq!(partner("carrier", &right), "Carrier");
        assert_eq!(partner("faa", &right), "Carrier");
        assert_eq!(partner("x", &[]), "");
    }
}
