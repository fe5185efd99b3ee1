//! The text of an inline test table: a header of `name[: type]` cells, then one line per
//! row, cells separated by `|`. This reads the layout only; what a cell means is decided
//! by [`super::values`] once the column's type is known.

use wrangle_dsl::ast::TypeExpr;

/// Where in the test file the table's text is: byte offsets into the table map to the file
/// when the TOML string holds the text exactly as written (no escapes).
#[derive(Clone, Copy, Debug)]
pub struct Placement {
    pub start: usize,
    pub exact: bool,
}

impl Placement {
    pub fn at(&self, offset: usize) -> usize {
        if self.exact {
            self.start + offset
        } else {
            self.start
        }
    }
}

#[derive(Clone, Debug)]
pub struct HeaderCell {
    pub name: String,
    pub ty: Option<TypeExpr>,
    /// Byte offset in the test file.
    pub at: usize,
}

#[derive(Clone, Debug)]
pub struct Cell {
    /// The cell as written, trimmed.
    pub text: String,
    /// Byte offset in the test file.
    pub at: usize,
}

#[derive(Clone, Debug)]
pub struct TableText {
    pub columns: Vec<HeaderCell>,
    pub rows: Vec<Vec<Cell>>,
}

/// A mistake in a table, at a byte offset of the test file.
#[derive(Clone, Debug, PartialEq)]
pub struct TableError {
    pub at: usize,
    pub message: String,
}

impl TableError {
    fn new(at: usize, message: impl Into<String>) -> Self {
        TableError {
            at,
            message: message.into(),
        }
    }
}

/// Reads a table. `placement` maps offsets into `text` to the test file.
pub fn parse_table(text: &str, placement: Placement) -> Result<TableText, TableError> {
    let mut lines = content_lines(text).peekable();
    let Some((header_at, header)) = lines.next() else {
        return Err(TableError::new(
            placement.at(0),
            "the table is empty: it needs a header line naming its columns",
        ));
    };
    let columns = split_cells(header)
        .into_iter()
        .map(|(start, cell)| header_cell(cell, placement.at(header_at + start)))
        .collect::<Result<Vec<_>, _>>()?;
    for (i, column) in columns.iter().enumerate() {
        if columns[..i].iter().any(|c| c.name == column.name) {
            return Err(TableError::new(
                column.at,
                format!("the column `{}` is named twice", column.name),
            ));
        }
    }
    if lines.peek().is_some_and(|(_, line)| is_rule(line)) {
        lines.next();
    }
    let mut rows = Vec::new();
    for (line_at, line) in lines {
        let cells: Vec<Cell> = split_cells(line)
            .into_iter()
            .map(|(start, cell)| Cell {
                text: cell.to_string(),
                at: placement.at(line_at + start),
            })
            .collect();
        if cells.len() != columns.len() {
            return Err(TableError::new(
                placement.at(line_at),
                format!(
                    "this row has {} cells where the header has {} columns (a `|` inside text needs quotes: \"a|b\")",
                    cells.len(),
                    columns.len()
                ),
            ));
        }
        if let Some(empty) = cells.iter().find(|c| c.text.is_empty()) {
            return Err(TableError::new(
                empty.at,
                "an empty cell: write `null`, or `\"\"` for empty text",
            ));
        }
        rows.push(cells);
    }
    Ok(TableText { columns, rows })
}

/// The lines that carry a header or a row, with their byte offsets: blank lines and
/// `#` comments are left out.
fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    text.split_inclusive('\n').filter_map(move |raw| {
        let at = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim_start();
        (!trimmed.is_empty() && !trimmed.starts_with('#')).then_some((at, line))
    })
}

/// A rule under the header, such as `---|---` or `--+--`: every cell at least three
/// dashes (or `=`), so a row whose only cell is `-` is a row.
fn is_rule(line: &str) -> bool {
    line.contains(['-', '='])
        && line.split(['|', '+']).all(|cell| {
            let cell = cell.trim().trim_matches(':');
            cell.is_empty() || (cell.len() >= 3 && cell.chars().all(|c| c == '-' || c == '='))
        })
}

/// Whether a cell is written as the language writes values, so that a `|` inside its
/// quotes or brackets belongs to it: it starts with a quote, a backquote, `[`, `{` or a
/// function call. Other cells are text, and every `|` in them ends the cell.
fn structured(cell: &str) -> bool {
    if cell.starts_with(['"', '`', '[', '{']) {
        return true;
    }
    let name_len = cell
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_'))
        .map_or(cell.len(), |(i, _)| i);
    name_len > 0 && cell[name_len..].starts_with('(')
}

/// Splits a line at the `|`s that end cells; each cell comes trimmed, with the offset of
/// its first character.
pub fn split_cells(line: &str) -> Vec<(usize, &str)> {
    let mut cells = Vec::new();
    let mut start = 0;
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    // Decided at the cell's first character: `Some(true)` for a structured cell.
    let mut mode: Option<bool> = None;
    for (i, c) in line.char_indices() {
        if mode.is_none() && !c.is_whitespace() {
            mode = Some(structured(&line[i..]));
        }
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' && q == '"' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        let tracked = mode == Some(true);
        match c {
            '"' | '`' if tracked => quote = Some(c),
            '[' | '{' | '(' if tracked => depth += 1,
            ']' | '}' | ')' if tracked => depth = depth.saturating_sub(1),
            '|' if depth == 0 => {
                cells.push(trimmed(line, start, i));
                start = i + 1;
                mode = None;
            }
            _ => {}
        }
    }
    cells.push(trimmed(line, start, line.len()));
    cells
}

fn trimmed(line: &str, start: usize, end: usize) -> (usize, &str) {
    let cell = &line[start..end];
    let lead = cell.len() - cell.trim_start().len();
    (start + lead, cell.trim())
}

/// `name`, `name: type`, or a backquoted name (with `:` or `|` in it) and a type.
fn header_cell(cell: &str, at: usize) -> Result<HeaderCell, TableError> {
    let (name, rest, rest_at) = if let Some(quoted) = cell.strip_prefix('`') {
        let mut name = String::new();
        let mut chars = quoted.char_indices().peekable();
        let mut end = None;
        while let Some((i, c)) = chars.next() {
            if c == '`' {
                if chars.peek().is_some_and(|(_, n)| *n == '`') {
                    chars.next();
                    name.push('`');
                } else {
                    end = Some(i + 2);
                    break;
                }
            } else {
                name.push(c);
            }
        }
        let Some(end) = end else {
            return Err(TableError::new(
                at,
                "this column name has no closing backquote",
            ));
        };
        (name, &cell[end..], end)
    } else {
        match cell.find(':') {
            Some(colon) => (cell[..colon].trim().to_string(), &cell[colon..], colon),
            None => (cell.to_string(), "", cell.len()),
        }
    };
    if name.is_empty() {
        return Err(TableError::new(at, "a column without a name"));
    }
    let rest = rest.trim_start();
    let ty = if rest.is_empty() {
        None
    } else if let Some(ty) = rest.strip_prefix(':') {
        let type_at = at + rest_at + 1 + (ty.len() - ty.trim_start().len());
        let parsed = wrangle_dsl::parse_type(ty.trim()).map_err(|d| {
            TableError::new(
                type_at + d.span.start,
                format!("`{}` is not a type: {}", ty.trim(), d.message),
            )
        })?;
        Some(parsed)
    } else {
        return Err(TableError::new(
            at + rest_at,
            "expected `:` and a type after the column name",
        ));
    };
    Ok(HeaderCell { name, ty, at })
}

#[cfg(test)]
mod tests {
    use super::*;
    use wrangle_dsl::ast::TypeKind;

    const AT: Placement = Placement {
        start: 100,
        exact: true,
    };

    #[test]
    fn reads_header_types_rows_and_skips_rules_comments_and_blank_lines() {
        let table = parse_table(
            "\nid: integer | name | `a|b`: decimal(10, 2)\n---|---|---\n# a comment\n1 | \"x|y\" | 2.5\n\n2 | [1, 2] | null\n",
            AT,
        )
        .unwrap();
        let names: Vec<_> = table.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["id", "name", "a|b"]);
        assert_eq!(
            table.columns[0].ty.as_ref().unwrap().kind,
            TypeKind::Integer
        );
        assert!(table.columns[1].ty.is_none());
        assert_eq!(
            table.columns[2].ty.as_ref().unwrap().kind,
            TypeKind::Decimal {
                size: Some((10, 2))
            }
        );
        let rows: Vec<Vec<&str>> = table
            .rows
            .iter()
            .map(|r| r.iter().map(|c| c.text.as_str()).collect())
            .collect();
        assert_eq!(rows, [["1", "\"x|y\"", "2.5"], ["2", "[1, 2]", "null"]]);
        // Offsets point into the file: the first row starts on the fifth line.
        assert_eq!(
            table.rows[0][0].at,
            100 + "\nid: integer | name | `a|b`: decimal(10, 2)\n---|---|---\n# a comment\n".len()
        );
    }

    #[test]
    fn a_row_of_the_wrong_width_is_an_error_at_that_row() {
        let err = parse_table("a | b\n1 | 2 | 3\n", AT).unwrap_err();
        assert_eq!(err.at, 106);
        assert!(
            err.message.contains("3 cells where the header has 2"),
            "{}",
            err.message
        );
    }

    #[test]
    fn empty_cells_unknown_types_and_repeated_names_are_errors() {
        assert!(parse_table("a | b\n1 |  \n", AT)
            .unwrap_err()
            .message
            .contains("empty cell"));
        let err = parse_table("a: integr\n1\n", AT).unwrap_err();
        assert!(
            err.message.contains("`integr` is not a type"),
            "{}",
            err.message
        );
        assert!(parse_table("a | a\n", AT)
            .unwrap_err()
            .message
            .contains("named twice"));
        assert!(parse_table("  \n# only a comment\n", AT)
            .unwrap_err()
            .message
            .contains("empty"));
    }

    #[test]
    fn text_with_quotes_or_brackets_inside_is_split_at_every_bar() {
        let cells: Vec<_> = split_cells(r#"O"Brien | a (note | x) | (y | -"#)
            .into_iter()
            .map(|(_, c)| c)
            .collect();
        assert_eq!(cells, [r#"O"Brien"#, "a (note", "x)", "(y", "-"]);
    }

    #[test]
    fn rules_are_lines_of_dashes_not_rows_of_a_dash() {
        assert!(is_rule("---|---"));
        assert!(is_rule("--- + :---: | ==="));
        assert!(!is_rule("-"));
        assert!(!is_rule("- | --"));
        let table = parse_table("a\n-\n", AT).unwrap();
        assert_eq!(table.rows.len(), 1);
    }

    #[test]
    fn splits_only_outside_quotes_and_brackets() {
        let cells: Vec<_> = split_cells(r#" "a\"|b" | {x: 1, y: "|"} | `c|d` | f(1|2) "#)
            .into_iter()
            .map(|(_, c)| c)
            .collect();
        assert_eq!(
            cells,
            [r#""a\"|b""#, r#"{x: 1, y: "|"}"#, "`c|d`", "f(1|2)"]
        );
    }
}
