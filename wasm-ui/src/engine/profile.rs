//! The profile of every column: how many cells are valid, mismatched and missing, a
//! histogram for numbers and dates, the most common values for text; and the rows a click
//! on a bar or a value selects, with the condition that selects them in the language.

use super::cells::type_name;
use super::diff::Change;
use super::table::Table;
use chrono::{DateTime, NaiveDate};
use datafusion::arrow::array::{Array, AsArray, Int64Array};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Float64Type, Int64Type, TimeUnit};
use std::collections::HashMap;

/// Bars in a histogram at most.
const BINS: usize = 20;
/// The most common values kept for text (a header shows five, its values list them all).
const TOP: usize = 50;
/// Text is shown as "mostly NUMBER" (and what does not fit is mismatched) when at least
/// this share of its present values fit the type.
const LOOKS_LIKE_SHARE: f64 = 0.7;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ColumnProfile {
    pub name: String,
    pub type_name: String,
    /// For text whose values mostly fit another type: that type's name.
    pub looks_like: Option<&'static str>,
    pub rows: usize,
    pub valid: usize,
    pub mismatched: usize,
    pub missing: usize,
    pub histogram: Vec<Bin>,
    pub top: Vec<(String, usize)>,
    /// How many different values (text and booleans).
    pub distinct: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Bin {
    /// The lower bound as shown, and as a literal of the language.
    pub label: String,
    pub low: String,
    pub high: String,
    /// The last bar includes its upper bound.
    pub last: bool,
    pub count: usize,
}

pub use super::selection::{Pick, RowCondition, Selection, SetTypeAt};

/// Profiles every visible column of a table.
pub fn profile(table: &Table) -> Vec<ColumnProfile> {
    profile_after(table, None)
}

/// Profiles a table a step produced, reusing the profile of every column the step left as
/// it was: same values in the same rows (in any order), same type, same mismatched cells.
/// A preview then profiles only what the step touched.
pub fn profile_after(table: &Table, earlier: Option<Earlier<'_>>) -> Vec<ColumnProfile> {
    let ids = table.row_ids();
    table
        .columns()
        .iter()
        .map(|(i, field)| {
            let name = field.name();
            let array = table.batch.column(*i);
            earlier
                .as_ref()
                .and_then(|e| e.unchanged(name, array.data_type(), table))
                .unwrap_or_else(|| profile_column(table, ids, name, array.as_ref()))
        })
        .collect()
}

/// The table before a step, its profiles, and what the step changed.
pub struct Earlier<'a> {
    pub table: &'a Table,
    pub profiles: &'a [ColumnProfile],
    pub change: &'a Change,
}

impl Earlier<'_> {
    fn unchanged(&self, name: &str, data_type: &DataType, after: &Table) -> Option<ColumnProfile> {
        let c = self.change;
        let same_rows =
            c.rows_matched && c.removed_rows.is_empty() && c.rows_after == c.rows_before;
        let column = self.table.column(name)?;
        let same = same_rows
            && column.data_type() == data_type
            && !c.added_columns.iter().any(|a| a == name)
            && !c.changed_cells.contains_key(name)
            && self.table.mismatched.get(name) == after.mismatched.get(name);
        same.then(|| self.profiles.iter().find(|p| p.name == name).cloned())
            .flatten()
    }
}

fn profile_column(
    table: &Table,
    ids: Option<&Int64Array>,
    name: &str,
    array: &dyn Array,
) -> ColumnProfile {
    let rows = array.len();
    let set_mismatched = match (table.mismatched.get(name), ids) {
        (Some(marked), Some(ids)) if !marked.is_empty() => ids
            .iter()
            .flatten()
            .filter(|id| marked.contains(id))
            .count(),
        _ => 0,
    };
    let text = text_values(array);
    let missing_or_null = match &text {
        Some(values) => values
            .iter()
            .filter(|v| v.is_none_or(|t| t.trim().is_empty()))
            .count(),
        None => array.logical_null_count(),
    };
    let mut profile = ColumnProfile {
        name: name.to_string(),
        type_name: type_name(array.data_type()),
        looks_like: None,
        rows,
        valid: 0,
        mismatched: set_mismatched,
        missing: missing_or_null.saturating_sub(set_mismatched),
        histogram: Vec::new(),
        top: Vec::new(),
        distinct: 0,
    };
    if let Some(values) = &text {
        let present: Vec<&str> = values
            .iter()
            .flatten()
            .map(|t| t.trim())
            .filter(|t| !t.is_empty())
            .collect();
        if let Some((kind, fits)) = looks_like(&present) {
            profile.looks_like = Some(kind);
            profile.mismatched += present.len() - fits;
        }
    }
    profile.valid = rows.saturating_sub(profile.missing + profile.mismatched);
    if let Some(values) = numbers(array) {
        profile.histogram = histogram(&values, array.data_type());
    } else if let Some(values) = &text {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for v in values.iter().flatten().filter(|t| !t.trim().is_empty()) {
            *counts.entry(v).or_default() += 1;
        }
        profile.distinct = counts.len();
        profile.top = top(counts.into_iter().map(|(v, n)| (v.to_string(), n)));
    } else if let Some(flags) = array.as_boolean_opt() {
        let yes = flags.true_count();
        let no = flags.false_count();
        let counts = [("true", yes), ("false", no)];
        profile.distinct = counts.iter().filter(|(_, n)| *n > 0).count();
        profile.top = top(counts
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(v, n)| (v.to_string(), n)));
    }
    profile
}

/// The most common values, most common first (ties in the values' order).
fn top(counts: impl Iterator<Item = (String, usize)>) -> Vec<(String, usize)> {
    let mut top: Vec<(String, usize)> = counts.collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    top.truncate(TOP);
    top
}

/// A text column's cells (`None` for nulls); `None` for other types.
fn text_values(array: &dyn Array) -> Option<Vec<Option<&str>>> {
    match array.data_type() {
        DataType::Utf8 => Some(array.as_string::<i32>().iter().collect()),
        DataType::LargeUtf8 => Some(array.as_string::<i64>().iter().collect()),
        DataType::Utf8View => Some(array.as_string_view().iter().collect()),
        _ => None,
    }
}

/// The type most present values of a text column fit, and how many fit it.
fn looks_like(present: &[&str]) -> Option<(&'static str, usize)> {
    if present.is_empty() {
        return None;
    }
    // Give up on a type as soon as too many values do not fit it.
    let may_miss = ((1.0 - LOOKS_LIKE_SHARE) * present.len() as f64).floor() as usize;
    'kinds: for kind in ["integer", "float", "date", "boolean"] {
        let fits = fitter(kind);
        let mut misses = 0;
        for t in present {
            if !fits(t) {
                misses += 1;
                if misses > may_miss {
                    continue 'kinds;
                }
            }
        }
        return Some((kind, present.len() - misses));
    }
    None
}

/// Whether trimmed text converts to a type (as `settype` would read it by default).
pub(super) fn fitter(kind: &str) -> fn(&str) -> bool {
    match kind {
        "integer" => |t| t.parse::<i64>().is_ok(),
        "float" => |t| t.parse::<f64>().is_ok_and(f64::is_finite),
        "date" => |t| NaiveDate::parse_from_str(t, "%Y-%m-%d").is_ok(),
        "boolean" => |t| matches!(t.to_ascii_lowercase().as_str(), "true" | "false"),
        _ => |_| true,
    }
}

/// The column's values as numbers (dates as days, timestamps as seconds), when it has a
/// histogram.
pub(super) fn numbers(array: &dyn Array) -> Option<Vec<Option<f64>>> {
    let as_f64 = |a: &dyn Array| -> Option<Vec<Option<f64>>> {
        let floats = cast(a, &DataType::Float64).ok()?;
        Some(floats.as_primitive::<Float64Type>().iter().collect())
    };
    match array.data_type() {
        t if t.is_numeric() => as_f64(array),
        DataType::Date32 | DataType::Date64 => {
            let days = cast(array, &DataType::Date32).ok()?;
            let days = cast(&days, &DataType::Int32).ok()?;
            as_f64(days.as_ref())
        }
        DataType::Timestamp(..) => {
            let seconds = cast(array, &DataType::Timestamp(TimeUnit::Second, None)).ok()?;
            let seconds = cast(&seconds, &DataType::Int64).ok()?;
            Some(
                seconds
                    .as_primitive::<Int64Type>()
                    .iter()
                    .map(|v| v.map(|s| s as f64))
                    .collect(),
            )
        }
        _ => None,
    }
}

fn extent(values: &[Option<f64>]) -> Option<(f64, f64)> {
    values
        .iter()
        .flatten()
        .filter(|v| v.is_finite())
        .fold(None, |acc, &v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
}

/// The width of a bar, and how many: whole numbers get whole-number bars.
fn layout(lo: f64, hi: f64, whole: bool) -> (f64, usize) {
    if hi <= lo {
        return (1.0, 1);
    }
    let mut width = (hi - lo) / BINS as f64;
    if whole {
        width = width.ceil().max(1.0);
    }
    let bins = (((hi - lo) / width).floor() as usize + 1).min(BINS);
    (width, bins)
}

/// The bars of a histogram over `values`: where they start, how wide they are, how many.
struct Bars {
    lo: f64,
    hi: f64,
    whole: bool,
    width: f64,
    count: usize,
}

impl Bars {
    fn over(values: &[Option<f64>]) -> Option<Bars> {
        let (lo, hi) = extent(values)?;
        let whole = values.iter().flatten().all(|v| v.fract() == 0.0);
        let (width, count) = layout(lo, hi, whole);
        Some(Bars {
            lo,
            hi,
            whole,
            width,
            count,
        })
    }

    /// Bar `at`'s bounds, and whether it is the last (which includes its upper bound).
    fn bounds(&self, at: usize) -> (f64, f64, bool) {
        let low = self.lo + self.width * at as f64;
        let last = at + 1 == self.count;
        let high = if last {
            self.hi
        } else {
            self.lo + self.width * (at + 1) as f64
        };
        (low, high, last)
    }
}

pub(super) fn bin_bounds(values: &[Option<f64>], at: usize) -> (f64, f64, bool) {
    Bars::over(values).map_or((0.0, 0.0, true), |bars| bars.bounds(at))
}

fn histogram(values: &[Option<f64>], data_type: &DataType) -> Vec<Bin> {
    let Some(bars) = Bars::over(values) else {
        return Vec::new();
    };
    let mut counts = vec![0usize; bars.count];
    for v in values.iter().flatten().filter(|v| v.is_finite()) {
        let at = (((v - bars.lo) / bars.width).floor() as usize).min(bars.count - 1);
        counts[at] += 1;
    }
    (0..bars.count)
        .map(|at| {
            let (low, high, last) = bars.bounds(at);
            Bin {
                label: literal(low, data_type, bars.whole)
                    .trim_start_matches('@')
                    .to_string(),
                low: literal(low, data_type, bars.whole),
                high: literal(high, data_type, bars.whole),
                last,
                count: counts[at],
            }
        })
        .collect()
}

/// A bound as a literal of the language, for the column's type.
fn literal(value: f64, data_type: &DataType, whole: bool) -> String {
    match data_type {
        DataType::Date32 | DataType::Date64 => {
            NaiveDate::from_num_days_from_ce_opt(719_163 + value.floor() as i32).map_or_else(
                || value.to_string(),
                |d| format!("@{}", d.format("%Y-%m-%d")),
            )
        }
        DataType::Timestamp(_, zone) => DateTime::from_timestamp(value.floor() as i64, 0)
            .map_or_else(
                || value.to_string(),
                |t| {
                    let zone = if zone.is_some() { "Z" } else { "" };
                    format!("@{}{zone}", t.format("%Y-%m-%dT%H:%M:%S"))
                },
            ),
        _ if whole => format!("{}", value as i64),
        _ => {
            let text = format!("{:.6}", value);
            let text = text.trim_end_matches('0').trim_end_matches('.');
            if text.contains('.') {
                text.to_string()
            } else {
                format!("{text}.0")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::{ArrayRef, Int64Array, RecordBatch, StringArray};
    use datafusion::arrow::datatypes::{Field, Schema};
    use std::sync::Arc;

    fn table(columns: Vec<(&str, ArrayRef)>) -> Table {
        let schema = Arc::new(Schema::new(
            columns
                .iter()
                .map(|(n, a)| Field::new(*n, a.data_type().clone(), true))
                .collect::<Vec<_>>(),
        ));
        let batch =
            RecordBatch::try_new(schema.clone(), columns.into_iter().map(|c| c.1).collect())
                .unwrap();
        Table::numbered(schema, &[batch]).unwrap()
    }

    #[test]
    fn text_that_is_mostly_numbers_counts_the_rest_as_mismatched() {
        let amounts: ArrayRef = Arc::new(StringArray::from(vec![
            Some("1"),
            Some("2"),
            Some("3"),
            Some("n/a"),
            None,
            Some(" "),
            Some("5"),
        ]));
        let t = table(vec![("amount", amounts)]);
        let p = &profile(&t)[0];
        assert_eq!(p.looks_like, Some("integer"));
        assert_eq!((p.valid, p.mismatched, p.missing), (4, 1, 2));
        let sel = Selection::of("amount", Pick::Mismatched);
        assert_eq!(
            sel.rows(&t, p),
            vec![false, false, false, true, false, false, false]
        );
        assert_eq!(
            sel.condition(p.looks_like, false),
            "not is_missing(amount) and not is_valid(amount, \"integer\")"
        );
    }

    #[test]
    fn numbers_get_a_histogram_whose_bars_select_their_rows() {
        let values: ArrayRef = Arc::new(Int64Array::from(vec![
            Some(1),
            Some(2),
            Some(2),
            Some(40),
            None,
        ]));
        let t = table(vec![("n", values)]);
        let p = &profile(&t)[0];
        assert_eq!(p.histogram.iter().map(|b| b.count).sum::<usize>(), 4);
        assert_eq!(p.histogram[0].low, "1");
        let first = Selection::of("n", Pick::from_bin(&p.histogram[0]));
        assert_eq!(first.rows(&t, p), vec![true, true, true, false, false]);
        assert_eq!(first.condition(None, false), "n >= 1 and n < 3");
        let last = Selection::of("n", Pick::from_bin(p.histogram.last().unwrap()));
        assert_eq!(last.rows(&t, p), vec![false, false, false, true, false]);
        assert!(last.condition(None, false).ends_with("n <= 40"));
    }

    #[test]
    fn text_gets_its_top_values() {
        let carriers: ArrayRef = Arc::new(StringArray::from(vec!["UA", "AA", "UA", "B6", "UA"]));
        let t = table(vec![("carrier name", carriers)]);
        let p = &profile(&t)[0];
        assert_eq!(p.top[0], ("UA".to_string(), 3));
        assert_eq!(p.distinct, 3);
        let sel = Selection::of("carrier name", Pick::Value("UA".into()));
        assert_eq!(sel.condition(None, false), "`carrier name` = \"UA\"");
        assert_eq!(sel.rows(&t, p), vec![true, false, true, false, true]);
        // Ctrl-click adds a value, and takes it out again.
        let both = sel.toggled("carrier name", Pick::Value("B6".into()));
        assert_eq!(
            both.condition(None, false),
            "`carrier name` in (\"UA\", \"B6\")"
        );
        assert_eq!(both.rows(&t, p), vec![true, false, true, true, true]);
        assert_eq!(both.toggled("carrier name", Pick::Value("B6".into())), sel);
        assert_eq!(
            both.toggled("carrier name", Pick::Value("UA".into())),
            Selection::of("carrier name", Pick::Value("B6".into()))
        );
        // Another column, or a part of the quality bar, starts again.
        assert_eq!(
            both.toggled("other", Pick::Value("x".into())),
            Selection::of("other", Pick::Value("x".into()))
        );
        assert_eq!(
            both.toggled("carrier name", Pick::Missing),
            Selection::of("carrier name", Pick::Missing)
        );
    }

    #[test]
    fn bars_ctrl_clicked_together_select_the_rows_of_each() {
        let values: ArrayRef = Arc::new(Int64Array::from(vec![1, 2, 20, 30, 40]));
        let t = table(vec![("n", values)]);
        let p = &profile(&t)[0];
        let first = Pick::from_bin(&p.histogram[0]);
        let last = Pick::from_bin(p.histogram.last().unwrap());
        let both = Selection::of("n", first).toggled("n", last);
        assert_eq!(both.rows(&t, p), vec![true, true, false, false, true]);
        let condition = both.condition(None, false);
        assert!(condition.starts_with("(n >= 1 and n < "), "{condition}");
        assert!(condition.ends_with(" and n <= 40)"), "{condition}");
        assert_eq!(condition.matches(") or (n >= ").count(), 1, "{condition}");
    }
}
