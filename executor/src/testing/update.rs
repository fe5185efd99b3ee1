//! `wrangle test --update`: an expected table that differs from the output is rewritten
//! from it, keeping the header's types where it gave them; the rest of the file is kept
//! byte for byte.

use super::file::TableAt;
use super::values::{cell_text, header_name, language_type, type_name};
use datafusion::arrow::array::RecordBatch;
use datafusion::common::ScalarValue;

/// The output as the text of a table, aligned.
pub fn table_text(expect: &TableAt, output: &RecordBatch) -> String {
    let schema = output.schema();
    let header: Vec<String> = schema
        .fields()
        .iter()
        .map(|f| {
            let typed = expect
                .text
                .columns
                .iter()
                .find(|c| c.name == *f.name())
                .is_some_and(|c| c.ty.is_some());
            let name = header_name(f.name());
            // A type the language has no name for (a column of nulls) is left out.
            match language_type(f.data_type()) {
                Some(_) if typed => format!("{name}: {}", type_name(f.data_type())),
                _ => name,
            }
        })
        .collect();
    let mut rows = vec![header];
    for row in 0..output.num_rows() {
        rows.push(
            output
                .columns()
                .iter()
                .map(|c| {
                    ScalarValue::try_from_array(c, row)
                        .map(|v| cell_text(&v))
                        .unwrap_or_else(|_| "null".into())
                })
                .collect(),
        );
    }
    let widths: Vec<usize> = (0..schema.fields().len())
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    let mut text = String::new();
    for row in rows {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
            .collect();
        text.push_str(line.join(" | ").trim_end());
        text.push('\n');
    }
    text
}

/// The TOML string for a table: a literal multi-line string when the text allows it.
pub fn toml_string(table: &str) -> String {
    if !table.contains("'''") {
        format!("'''\n{table}'''")
    } else {
        let escaped = table.replace('\\', "\\\\").replace("\"\"\"", "\"\"\\\"");
        format!("\"\"\"\n{escaped}\"\"\"")
    }
}

/// Applies replacements of byte ranges to a file's text.
pub fn apply(source: &str, mut edits: Vec<(std::ops::Range<usize>, String)>) -> String {
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    let mut out = source.to_string();
    for (range, text) in edits {
        out.replace_range(range, &text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacements_keep_the_rest_of_the_file() {
        let source = "a = '''\nx\n'''\nb = 1\nc = \"y\"\n";
        let edited = apply(
            source,
            vec![
                (4..13, toml_string("z | w\n1 | 2\n")),
                (24..27, toml_string("q\n")),
            ],
        );
        assert_eq!(
            edited,
            "a = '''\nz | w\n1 | 2\n'''\nb = 1\nc = '''\nq\n'''\n"
        );
        assert_eq!(toml_string("s\n\"'''\"\n"), "\"\"\"\ns\n\"'''\"\n\"\"\"");
    }
}
