//! The rows a case expected against the rows the recipe gave: in order (a row diff, with
//! the rows that changed paired up cell by cell) or as a multiset (`order = "any"`).

use super::values::{cell_text, list_items, struct_fields};
use datafusion::common::ScalarValue;
use similar::{capture_diff_slices, Algorithm, DiffOp};
use std::collections::HashMap;

/// One line of a row diff, each cell written as a table cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Line {
    Same(Vec<String>),
    /// An expected row that came out with some cells different: `(expected, actual)` for
    /// each cell, `actual` being `None` where the cell is the same.
    Changed(Vec<(String, Option<String>)>),
    /// Expected, not in the output.
    Missing(Vec<String>),
    /// In the output, not expected.
    Extra(Vec<String>),
    /// Rows that are the same, left out.
    Gap(usize),
}

#[derive(Clone, Debug, PartialEq)]
pub struct RowDiff {
    pub in_order: bool,
    /// The same rows, in another order.
    pub reordered: bool,
    pub lines: Vec<Line>,
    pub changed: usize,
    pub missing: usize,
    pub extra: usize,
}

impl RowDiff {
    pub fn summary(&self) -> String {
        if self.reordered {
            return "the same rows in another order (give `order = \"any\"` when the order does not matter)".into();
        }
        let mut parts = Vec::new();
        for (n, what) in [
            (self.changed, "changed"),
            (self.missing, "missing"),
            (self.extra, "extra"),
        ] {
            if n > 0 {
                parts.push(format!("{n} {what}"));
            }
        }
        format!(
            "rows differ ({}): {}",
            if self.in_order {
                "in order"
            } else {
                "in any order"
            },
            parts.join(", ")
        )
    }
}

/// What makes two cells equal: the cell text, with floats to 12 significant digits (NaN
/// equals NaN).
fn key(value: &ScalarValue) -> String {
    match value {
        ScalarValue::Float64(Some(f)) => float_key(*f),
        ScalarValue::Float32(Some(f)) => float_key(f64::from(*f)),
        // Inside lists and structs too.
        ScalarValue::List(_) | ScalarValue::Struct(_) => {
            if let Some(items) = list_items(value) {
                let keys: Vec<String> = items.iter().map(key).collect();
                format!("[{}]", keys.join(", "))
            } else if let Some(fields) = struct_fields(value) {
                let keys: Vec<String> = fields
                    .iter()
                    .map(|(n, v)| format!("{n}: {}", key(v)))
                    .collect();
                format!("{{{}}}", keys.join(", "))
            } else {
                cell_text(value)
            }
        }
        other => cell_text(other),
    }
}

fn float_key(f: f64) -> String {
    if f.is_finite() {
        // -0.0 and 0.0 are the same number.
        let f = if f == 0.0 { 0.0 } else { f };
        format!("{f:.11e}")
    } else {
        cell_text(&ScalarValue::Float64(Some(f)))
    }
}

type Keys = Vec<Vec<String>>;

fn keys(rows: &[Vec<ScalarValue>]) -> Keys {
    rows.iter().map(|r| r.iter().map(key).collect()).collect()
}

fn texts(row: &[ScalarValue]) -> Vec<String> {
    row.iter().map(cell_text).collect()
}

/// Pairs an expected row with the row it became, when they share at least one cell.
fn changed(expected: &[ScalarValue], actual: &[ScalarValue]) -> Option<Line> {
    let cells: Vec<(String, Option<String>)> = expected
        .iter()
        .zip(actual)
        .map(|(e, a)| {
            if key(e) == key(a) {
                (cell_text(e), None)
            } else {
                (cell_text(e), Some(cell_text(a)))
            }
        })
        .collect();
    let same = cells.iter().filter(|(_, a)| a.is_none()).count();
    (same > 0 || cells.len() == 1).then_some(Line::Changed(cells))
}

/// Compares rows; `None` when they are the same.
pub fn diff_rows(
    expected: &[Vec<ScalarValue>],
    actual: &[Vec<ScalarValue>],
    in_order: bool,
) -> Option<RowDiff> {
    let (expected_keys, actual_keys) = (keys(expected), keys(actual));
    if in_order && expected_keys == actual_keys {
        return None;
    }
    let mut sorted_expected = expected_keys.clone();
    let mut sorted_actual = actual_keys.clone();
    sorted_expected.sort();
    sorted_actual.sort();
    let same_rows = sorted_expected == sorted_actual;
    if !in_order && same_rows {
        return None;
    }
    let lines = if in_order {
        ordered(expected, actual, &expected_keys, &actual_keys)
    } else {
        unordered(expected, actual, &expected_keys, &actual_keys)
    };
    let count = |f: fn(&Line) -> bool| lines.iter().filter(|l| f(l)).count();
    Some(RowDiff {
        in_order,
        reordered: same_rows,
        changed: count(|l| matches!(l, Line::Changed(_))),
        missing: count(|l| matches!(l, Line::Missing(_))),
        extra: count(|l| matches!(l, Line::Extra(_))),
        lines: collapse(lines),
    })
}

fn ordered(
    expected: &[Vec<ScalarValue>],
    actual: &[Vec<ScalarValue>],
    expected_keys: &Keys,
    actual_keys: &Keys,
) -> Vec<Line> {
    let mut lines = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, expected_keys, actual_keys) {
        match op {
            DiffOp::Equal { old_index, len, .. } => {
                lines.extend((old_index..old_index + len).map(|i| Line::Same(texts(&expected[i]))));
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => {
                lines.extend(
                    (old_index..old_index + old_len).map(|i| Line::Missing(texts(&expected[i]))),
                );
            }
            DiffOp::Insert {
                new_index, new_len, ..
            } => {
                lines.extend(
                    (new_index..new_index + new_len).map(|i| Line::Extra(texts(&actual[i]))),
                );
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let paired = old_len.min(new_len);
                for k in 0..paired {
                    let (e, a) = (&expected[old_index + k], &actual[new_index + k]);
                    match changed(e, a) {
                        Some(line) => lines.push(line),
                        None => {
                            lines.push(Line::Missing(texts(e)));
                            lines.push(Line::Extra(texts(a)));
                        }
                    }
                }
                lines.extend(
                    (old_index + paired..old_index + old_len)
                        .map(|i| Line::Missing(texts(&expected[i]))),
                );
                lines.extend(
                    (new_index + paired..new_index + new_len)
                        .map(|i| Line::Extra(texts(&actual[i]))),
                );
            }
        }
    }
    lines
}

/// As multisets: rows found on both sides are the same; the rest are paired by the most
/// cells in common, or left missing and extra. Lines follow the expected table's order.
fn unordered(
    expected: &[Vec<ScalarValue>],
    actual: &[Vec<ScalarValue>],
    expected_keys: &Keys,
    actual_keys: &Keys,
) -> Vec<Line> {
    let mut unmatched: HashMap<&Vec<String>, Vec<usize>> = HashMap::new();
    for (i, k) in actual_keys.iter().enumerate().rev() {
        unmatched.entry(k).or_default().push(i);
    }
    let mut used = vec![false; actual.len()];
    let mut found: Vec<Option<usize>> = Vec::new();
    for k in expected_keys {
        let hit = unmatched.get_mut(k).and_then(Vec::pop);
        if let Some(i) = hit {
            used[i] = true;
        }
        found.push(hit);
    }
    let mut lines = Vec::new();
    for (i, hit) in found.iter().enumerate() {
        if hit.is_some() {
            lines.push(Line::Same(texts(&expected[i])));
            continue;
        }
        let best = (0..actual.len())
            .filter(|&j| !used[j])
            .map(|j| {
                let common = expected_keys[i]
                    .iter()
                    .zip(&actual_keys[j])
                    .filter(|(a, b)| a == b)
                    .count();
                (common, j)
            })
            .filter(|(common, _)| *common > 0)
            .max_by_key(|(common, j)| (*common, std::cmp::Reverse(*j)));
        match best.and_then(|(_, j)| changed(&expected[i], &actual[j]).map(|l| (l, j))) {
            Some((line, j)) => {
                used[j] = true;
                lines.push(line);
            }
            None => lines.push(Line::Missing(texts(&expected[i]))),
        }
    }
    lines.extend(
        (0..actual.len())
            .filter(|&j| !used[j])
            .map(|j| Line::Extra(texts(&actual[j]))),
    );
    lines
}

/// Long runs of equal rows shrink to their first and last rows and a gap.
fn collapse(lines: Vec<Line>) -> Vec<Line> {
    const KEEP: usize = 2;
    let mut out = Vec::new();
    let mut run: Vec<Line> = Vec::new();
    let flush = |run: &mut Vec<Line>, out: &mut Vec<Line>| {
        if run.len() > 2 * KEEP + 1 {
            let hidden = run.len() - 2 * KEEP;
            let tail = run.split_off(run.len() - KEEP);
            run.truncate(KEEP);
            out.append(run);
            out.push(Line::Gap(hidden));
            out.extend(tail);
        } else {
            out.append(run);
        }
    };
    for line in lines {
        if matches!(line, Line::Same(_)) {
            run.push(line);
        } else {
            flush(&mut run, &mut out);
            out.push(line);
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(values: &[i64]) -> Vec<ScalarValue> {
        values
            .iter()
            .map(|v| ScalarValue::Int64(Some(*v)))
            .collect()
    }

    fn strings(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn equal_tables_have_no_diff_in_order_or_not() {
        let rows = vec![row(&[1, 10]), row(&[2, 20])];
        assert_eq!(diff_rows(&rows, &rows, true), None);
        let swapped = vec![row(&[2, 20]), row(&[1, 10])];
        assert_eq!(diff_rows(&rows, &swapped, false), None);
        let diff = diff_rows(&rows, &swapped, true).unwrap();
        assert!(diff.summary().starts_with("the same rows in another order"));
    }

    #[test]
    fn changed_missing_and_extra_rows_in_order() {
        let expected = vec![row(&[1, 10]), row(&[2, 20]), row(&[3, 30])];
        let actual = vec![row(&[1, 10]), row(&[2, 21]), row(&[9, 90])];
        let diff = diff_rows(&expected, &actual, true).unwrap();
        assert_eq!(
            diff.lines,
            [
                Line::Same(strings(&["1", "10"])),
                Line::Changed(vec![("2".into(), None), ("20".into(), Some("21".into()))]),
                Line::Missing(strings(&["3", "30"])),
                Line::Extra(strings(&["9", "90"])),
            ]
        );
        assert_eq!(
            diff.summary(),
            "rows differ (in order): 1 changed, 1 missing, 1 extra"
        );
    }

    #[test]
    fn unordered_pairs_rows_by_the_cells_they_share() {
        let expected = vec![row(&[1, 10]), row(&[2, 20])];
        let actual = vec![row(&[2, 25]), row(&[1, 10]), row(&[3, 30])];
        let diff = diff_rows(&expected, &actual, false).unwrap();
        assert_eq!(
            diff.lines,
            [
                Line::Same(strings(&["1", "10"])),
                Line::Changed(vec![("2".into(), None), ("20".into(), Some("25".into()))]),
                Line::Extra(strings(&["3", "30"])),
            ]
        );
    }

    #[test]
    fn floats_are_equal_to_twelve_digits_and_nan_equals_nan() {
        let f = |v: f64| vec![ScalarValue::Float64(Some(v))];
        assert_eq!(diff_rows(&[f(0.3)], &[f(0.1 + 0.2)], true), None);
        assert_eq!(diff_rows(&[f(f64::NAN)], &[f(f64::NAN)], true), None);
        assert!(diff_rows(&[f(0.3)], &[f(0.3001)], true).is_some());
        let list = |v: f64| {
            vec![ScalarValue::List(std::sync::Arc::new(
                datafusion::arrow::array::ListArray::from_iter_primitive::<
                    datafusion::arrow::datatypes::Float64Type,
                    _,
                    _,
                >(vec![Some(vec![Some(v)])]),
            ))]
        };
        assert_eq!(diff_rows(&[list(0.3)], &[list(0.1 + 0.2)], true), None);
    }

    #[test]
    fn long_runs_of_equal_rows_are_shortened() {
        let expected: Vec<_> = (0..20).map(|i| row(&[i])).collect();
        let mut actual = expected.clone();
        actual[19] = row(&[99]);
        let diff = diff_rows(&expected, &actual, true).unwrap();
        assert!(diff.lines.contains(&Line::Gap(15)), "{:?}", diff.lines);
        assert_eq!(diff.lines.len(), 2 + 1 + 2 + 1);
    }
}
