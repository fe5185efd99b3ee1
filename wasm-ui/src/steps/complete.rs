//! Autocomplete for the command line: transforms at the start of a step, then functions,
//! columns of the table and the words of the transform's syntax, for the word being typed.

use wrangle_dsl::print::print_name;
use wrangle_dsl::reference::all_transforms;

#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    /// What the list shows.
    pub label: String,
    /// What replaces the word being typed.
    pub insert: String,
    /// A second line: the syntax, a signature or "column".
    pub detail: String,
}

/// At most this many suggestions.
const MAX: usize = 12;

/// Words steps use between their parts.
const WORDS: &[&str] = &[
    "to", "by", "on", "into", "where", "with", "matching", "limit", "keep", "first", "last",
    "desc", "and", "or", "not", "is", "null", "in", "between", "kind", "left", "right", "full",
    "inner", "columns", "as", "down", "up", "else", "warn", "fail", "true", "false",
];

/// Where the word being typed starts, for text typed up to `cursor`.
pub fn word_start(text: &str, cursor: usize) -> usize {
    let before = &text[..cursor.min(text.len())];
    before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '_' || *c == '`')
        .last()
        .map_or(before.len(), |(i, _)| i)
}

/// Suggestions for the word at `cursor` in `text`, given the table's columns.
pub fn suggest(text: &str, cursor: usize, columns: &[String]) -> Vec<Suggestion> {
    let cursor = cursor.min(text.len());
    let start = word_start(text, cursor);
    let word = text[start..cursor].trim_start_matches('`').to_lowercase();
    let first_word = text[..start].trim().is_empty();
    let mut out = Vec::new();
    if first_word {
        for t in all_transforms() {
            if t.keyword.starts_with(&word) {
                out.push(Suggestion {
                    label: t.keyword.to_string(),
                    insert: format!("{} ", t.keyword),
                    detail: t.syntax.to_string(),
                });
            }
        }
        return out.into_iter().take(MAX).collect();
    }
    if word.is_empty() {
        // Right after a space: the columns are what is most often wanted.
        return columns.iter().take(MAX).map(|c| column(c)).collect();
    }
    for c in columns {
        if c.to_lowercase().starts_with(&word) {
            out.push(column(c));
        }
    }
    for f in wrangle_dsl::catalog::functions() {
        if f.name.starts_with(&word) {
            out.push(Suggestion {
                label: f.name.to_string(),
                insert: format!("{}(", f.name),
                detail: f.signature(),
            });
        }
    }
    for w in WORDS {
        if w.starts_with(&word) && *w != word {
            out.push(Suggestion {
                label: w.to_string(),
                insert: format!("{w} "),
                detail: "keyword".into(),
            });
        }
    }
    out.truncate(MAX);
    out
}

fn column(name: &str) -> Suggestion {
    Suggestion {
        label: name.to_string(),
        insert: print_name(name),
        detail: "column".into(),
    }
}

/// `text` with the word at `cursor` replaced by a suggestion, and the new cursor.
pub fn accept(text: &str, cursor: usize, suggestion: &Suggestion) -> (String, usize) {
    let cursor = cursor.min(text.len());
    let start = word_start(text, cursor);
    let mut out = String::with_capacity(text.len() + suggestion.insert.len());
    out.push_str(&text[..start]);
    out.push_str(&suggestion.insert);
    let at = out.len();
    out.push_str(&text[cursor..]);
    (out, at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transforms_first_then_columns_and_functions() {
        let cols = vec!["dep_delay".to_string(), "Dest City".to_string()];
        let first = suggest("ke", 2, &cols);
        assert_eq!(first[0].label, "keep");
        assert!(first.iter().any(|s| s.label == "keep rows"));
        let later = suggest("derive x = up", 13, &cols);
        assert!(later.iter().any(|s| s.insert == "upper("), "{later:?}");
        let cols_only = suggest("drop de", 7, &cols);
        assert_eq!(cols_only[0].insert, "dep_delay");
        let quoted = suggest("drop ", 5, &cols);
        assert_eq!(quoted[1].insert, "`Dest City`");
    }

    #[test]
    fn accepting_replaces_the_word() {
        let s = Suggestion {
            label: "dep_delay".into(),
            insert: "dep_delay".into(),
            detail: String::new(),
        };
        assert_eq!(
            accept("drop de, x", 7, &s),
            ("drop dep_delay, x".to_string(), 14)
        );
    }
}
