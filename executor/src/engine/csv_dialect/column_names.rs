//! Column names from a header row: trimmed, on one line, none empty, none repeated.

use super::records::records;
use super::{CsvDialect, SAMPLE_SIZE};

/// Column names from row `row` (1-based, comment lines not counted) of the sample: empty
/// cells become `column_N`, repeated names get `_2`, `_3`. `None` when the sample has fewer
/// rows.
pub fn header_from_row(sample: &[u8], dialect: &CsvDialect, row: u64) -> Option<Vec<String>> {
    let whole = sample.len() < SAMPLE_SIZE;
    let rows = records(sample, dialect, whole);
    let index = usize::try_from(row.checked_sub(1)?).ok()?;
    let cells = rows.get(index)?;
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    Some(column_names(cells, width))
}

/// The names of `width` columns from the cells of a header: trimmed, a line break (or any
/// run of control characters) inside made one space, so that a recipe can name it; an
/// empty (or missing) cell becomes `column_N` (N counted from 1), and a name met before gets
/// `_2`, `_3`.
pub fn column_names<S: AsRef<str>>(cells: &[S], width: usize) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(width);
    for i in 0..width {
        let cell = cells.get(i).map(|c| c.as_ref().trim()).unwrap_or_default();
        let base = if cell.is_empty() {
            format!("column_{}", i + 1)
        } else {
            one_line(cell)
        };
        let mut name = base.clone();
        let mut n = 2;
        while names.contains(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        names.push(name);
    }
    names
}

/// Text with each run of control characters (line breaks, tabs) made one space.
fn one_line(text: &str) -> String {
    let mut line = String::with_capacity(text.len());
    let mut in_run = false;
    for c in text.chars() {
        if c.is_control() {
            if !in_run {
                line.push(' ');
            }
            in_run = true;
        } else {
            line.push(c);
            in_run = false;
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_header_cells() {
        assert_eq!(
            column_names(&["", "a", "a", " b ", "column_1"], 6),
            ["column_1", "a", "a_2", "b", "column_1_2", "column_6"]
        );
        // A line break in a quoted header cell: a name a recipe can write.
        assert_eq!(
            column_names(&["Total\r\nsales", "a\tb"], 2),
            ["Total sales", "a b"]
        );
    }
}
