//! Whether the first row of a sample is a header: names above numbers and dates, or
//! distinct names where nothing is a number.

use super::records::Cell;
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Empty,
    Number,
    Text,
}

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[+-]?[$€£]?(\d+([.,' ]\d+)*|\d*[.,]\d+)([eE][+-]?\d+)?%?$").expect("valid regex")
});
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}([ T]\d{1,2}:\d{2}(:\d{2}([.,]\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?|\d{1,2}:\d{2}(:\d{2}([.,]\d+)?)?)$",
    )
    .expect("valid regex")
});

fn kind(cell: &str) -> Kind {
    let cell = cell.trim();
    if cell.is_empty() || crate::udf::null_markers::NULL_MARKERS.contains(&cell) {
        Kind::Empty
    } else if NUMBER.is_match(cell) || DATE.is_match(cell) {
        Kind::Number
    } else {
        Kind::Text
    }
}

/// Whether the first of `rows` names the columns. A cell in quotes above unquoted numbers is
/// a name even when it looks like a number (R writes `"","1940","1945"` above
/// `"Food",22.2,44.5`). Then the first row is a header when its cells are distinct names
/// (the first may be empty: a column of row names) and some column holds text there but
/// mostly numbers or dates below; or when none of its cells is a number while the rows
/// below hold some. A first row with a number is data. With no numbers to go by, a first
/// row of distinct names is taken as a header; so is a row alone without unquoted numbers
/// (a header without rows).
pub(super) fn looks_like_header(rows: &[Vec<Cell>]) -> bool {
    let Some((first, rest)) = rows.split_first() else {
        return true;
    };
    if rest.is_empty() {
        return first.iter().any(|c| !c.text.trim().is_empty())
            && !first
                .iter()
                .any(|c| !c.quoted && kind(&c.text) == Kind::Number);
    }
    let below = |column: usize| -> Vec<(Kind, bool)> {
        rest.iter()
            .filter_map(|row| row.get(column))
            .map(|c| (kind(&c.text), c.quoted))
            .filter(|&(k, _)| k != Kind::Empty)
            .collect()
    };
    let first_kinds: Vec<Kind> = first
        .iter()
        .enumerate()
        .map(|(column, cell)| match kind(&cell.text) {
            Kind::Number if cell.quoted => {
                let below = below(column);
                let unquoted_numbers = below
                    .iter()
                    .filter(|&&(k, quoted)| k == Kind::Number && !quoted)
                    .count();
                if unquoted_numbers > 0 && unquoted_numbers * 2 > below.len() {
                    Kind::Text
                } else {
                    Kind::Number
                }
            }
            other => other,
        })
        .collect();
    let mut seen = HashSet::new();
    let distinct_names = first.iter().enumerate().all(|(i, c)| {
        let name = c.text.trim();
        if name.is_empty() {
            i == 0 && first.len() > 1
        } else {
            seen.insert(name)
        }
    });
    let text_above_numbers = (0..first.len()).any(|column| {
        if first_kinds[column] != Kind::Text {
            return false;
        }
        let below = below(column);
        let numbers = below.iter().filter(|&&(k, _)| k == Kind::Number).count();
        numbers > 0 && numbers * 2 > below.len()
    });
    let rest_has_numbers = rest
        .iter()
        .flatten()
        .any(|cell| kind(&cell.text) == Kind::Number);
    let first_has_numbers = first_kinds.contains(&Kind::Number);
    let first_all_text = !first_has_numbers && first_kinds.contains(&Kind::Text);
    if (distinct_names && text_above_numbers) || (first_all_text && rest_has_numbers) {
        true
    } else if first_has_numbers || rest_has_numbers {
        false
    } else {
        distinct_names
    }
}
