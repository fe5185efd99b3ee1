//! The text of the steps the column menus and the selection menu create, in canonical
//! form: the checker's printer writes it, so what the menu adds is what the analyst would
//! type.

use wrangle_dsl::print::{print_name, quote_string};

/// A matcher as the analyst typed it: `/regex/` and `p"pattern"` as they are, anything else
/// as a plain string that matches itself.
pub fn matcher(typed: &str) -> String {
    let t = typed.trim();
    let is_regex = t.len() >= 2 && t.starts_with('/') && t[1..].contains('/');
    let is_pattern = t.starts_with("p\"") && t.len() >= 3 && t.ends_with('"');
    if is_regex || is_pattern {
        t.to_string()
    } else {
        quote_string(typed)
    }
}

fn names(columns: &[String]) -> String {
    columns
        .iter()
        .map(|c| print_name(c))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn rename(column: &str, to: &str) -> String {
    format!("rename {} to {}", print_name(column), print_name(to.trim()))
}

pub fn drop(columns: &[String]) -> String {
    format!("drop {}", names(columns))
}

pub fn settype(column: &str, type_text: &str) -> String {
    format!("settype {} {}", print_name(column), type_text.trim())
}

pub fn split(column: &str, on: &str, limit: Option<u64>, into: &[String]) -> String {
    let mut text = format!("split {} on {}", print_name(column), matcher(on));
    if let Some(n) = limit {
        text.push_str(&format!(" limit {n}"));
    }
    if !into.is_empty() {
        text.push_str(&format!(" into {}", names(into)));
    }
    text
}

/// What the extract form can look for: an id, what the analyst reads, and the pattern.
pub const EXTRACTS: &[(&str, &str, &str)] = &[
    ("digits", "Digits", "p\"{digit}+\""),
    ("letters", "Letters", "p\"{alpha}+\""),
    ("number", "A number", "p\"{digit}+(.{digit}+)?\""),
    ("email", "An email address", "p\"{email}\""),
    ("url", "A web address", "p\"{url}\""),
];

pub fn extract(column: &str, matching: &str, into: &[String]) -> String {
    format!(
        "extract {} from {} matching {}",
        names(into),
        print_name(column),
        matcher(matching)
    )
}

pub fn replace(column: &str, matching: &str, with: &str) -> String {
    format!(
        "replace {} matching {} with {}",
        print_name(column),
        matcher(matching),
        quote_string(with)
    )
}

pub fn fill_down(column: &str) -> String {
    format!("fill {} down", print_name(column))
}

pub fn sort(column: &str, descending: bool) -> String {
    let order = if descending { " desc" } else { "" };
    format!("sort by {}{order}", print_name(column))
}

pub fn dedup(by: &[String]) -> String {
    if by.is_empty() {
        "dedup".to_string()
    } else {
        format!("dedup by {} keep first", names(by))
    }
}

pub fn keep_rows(condition: &str) -> String {
    format!("keep rows where {condition}")
}

pub fn delete_rows(condition: &str) -> String {
    format!("delete rows where {condition}")
}

/// Numbers rounded to `digits` decimals (a whole number for 0), in place.
pub fn round(column: &str, digits: u32) -> String {
    let c = print_name(column);
    match digits {
        0 => format!("set {c} = round({c})"),
        d => format!("set {c} = round({c}, {d})"),
    }
}

/// A new column with the start of each number's bin of `width` (`70` for 73 in bins of 10).
pub fn bin(column: &str, width: &str) -> String {
    let c = print_name(column);
    let into = print_name(&format!("{}_bin", plain_name(column)));
    format!("derive {into} = floor({c} / {width}) * {width}")
}

/// Empty cells filled with a value (written as the language writes it).
pub fn fill_with(column: &str, value: &str) -> String {
    format!("fill {} with {value}", print_name(column))
}

/// Numbers kept between `low` and `high`, in place.
pub fn clamp(column: &str, low: &str, high: &str) -> String {
    let c = print_name(column);
    format!("set {c} = least(greatest({c}, {low}), {high})")
}

/// A new column with how many standard deviations each number is from the mean.
pub fn z_score(column: &str) -> String {
    let c = print_name(column);
    let into = print_name(&format!("{}_z", plain_name(column)));
    format!("window: {into} = ({c} - avg({c})) / stddev({c})")
}

/// Parts of a date a menu extracts, as (label, function).
pub const DATE_PARTS: &[(&str, &str)] = &[
    ("Year", "year"),
    ("Month", "month"),
    ("Day", "day"),
    ("Weekday", "weekday"),
    ("Quarter", "quarter"),
];

/// A new column with a part of each date (`year`, `month`, …).
pub fn date_part(column: &str, function: &str) -> String {
    let into = print_name(&format!("{}_{function}", plain_name(column)));
    format!("derive {into} = {function}({})", print_name(column))
}

/// Dates cut down to the start of their `unit` (`month`: the first of the month), in place.
pub fn date_trunc(column: &str, unit: &str) -> String {
    let c = print_name(column);
    format!("set {c} = date_trunc({c}, {})", quote_string(unit))
}

/// A new column with the days from each date to today.
pub fn days_to_today(column: &str) -> String {
    let into = print_name(&format!("{}_days_ago", plain_name(column)));
    format!(
        "derive {into} = date_diff({}, today(), \"day\")",
        print_name(column)
    )
}

/// Groups by a column and counts the rows of each group.
pub fn count_by(column: &str) -> String {
    format!("aggregate by {}: rows = count()", print_name(column))
}

/// Text as a plain lower-case name: letters and digits kept, anything else `_`
/// (`Dep Delay` → `dep_delay`), for the names menus make up from a column's.
pub fn plain_name(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// A name the recipe can know a dataset by: its file name without extensions, as an
/// identifier (`demo/airlines.csv` → `airlines`).
pub fn table_name(path: &str) -> String {
    let file = path.rsplit('/').next().unwrap_or(path);
    let stem = file.split('.').next().unwrap_or(file);
    let mut name = plain_name(stem);
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 't');
    }
    name
}

/// Is `text` exactly what the printer would write for it (one step that parses clean)?
pub fn is_canonical(text: &str) -> bool {
    let parsed = wrangle_dsl::parse(text);
    parsed.diagnostics.is_empty()
        && parsed
            .recipe
            .steps()
            .next()
            .is_some_and(|s| wrangle_dsl::print_step(s) == text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_menu_writes_canonical_text() {
        let cols = vec!["Cust Name".to_string(), "amount".to_string()];
        let steps = [
            rename("Cust Name", "customer"),
            drop(&cols),
            settype("amount", "decimal(12, 2)"),
            split("address", ",", Some(1), &["street".into(), "city".into()]),
            extract("address", "p\"{digit}{5}\"", &["zip".into()]),
            replace("phone", "/[^0-9]/", ""),
            fill_down("city"),
            sort("amount", true),
            dedup(&["order_id".into()]),
            dedup(&[]),
            keep_rows("amount > 0"),
            delete_rows("is_missing(amount)"),
            count_by("carrier"),
            round("amount", 0),
            round("amount", 2),
            bin("Dep Delay", "15"),
            fill_with("amount", "0"),
            clamp("amount", "0", "100"),
            z_score("amount"),
            date_trunc("ordered_at", "month"),
            days_to_today("ordered_at"),
        ];
        let date_parts = DATE_PARTS.iter().map(|(_, f)| date_part("ordered_at", f));
        let extracts = EXTRACTS
            .iter()
            .map(|(_, _, pattern)| extract("notes", pattern, &["found".into()]));
        for step in steps.into_iter().chain(extracts).chain(date_parts) {
            assert!(is_canonical(&step), "not canonical: {step}");
        }
        for (id, _, pattern) in EXTRACTS {
            let body = &pattern[2..pattern.len() - 1];
            assert!(
                wrangle_dsl::pattern::pattern_to_regex(body).is_ok(),
                "{id}: {pattern}"
            );
        }
        assert_eq!(
            rename("Cust Name", "customer"),
            "rename `Cust Name` to customer"
        );
        assert_eq!(matcher("a\"b"), "\"a\\\"b\"");
        assert_eq!(
            bin("Dep Delay", "15"),
            "derive dep_delay_bin = floor(`Dep Delay` / 15) * 15"
        );
        assert_eq!(
            z_score("amount"),
            "window: amount_z = (amount - avg(amount)) / stddev(amount)"
        );
    }

    #[test]
    fn datasets_get_names_a_recipe_can_use() {
        assert_eq!(table_name("demo/airlines.csv"), "airlines");
        assert_eq!(table_name("2024 Orders.csv.gz"), "t2024_orders");
    }
}
