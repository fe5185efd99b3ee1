//! Autocomplete for the command line: transforms at the start of a step, then functions,
//! columns of the table and the words of the transform's syntax, for the word being typed.
//! Where a new name goes (`rename a to …`, `derive …`, `into …`) nothing is suggested;
//! after a finished operand (`dep_delay > 10 …`) only the words that can follow it.

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
    match slot(&text[..start], columns) {
        Slot::NewName => return Vec::new(),
        Slot::AfterOperand(words) => {
            return words
                .iter()
                .filter(|w| w.starts_with(&word) && **w != word)
                .map(|w| keyword(w))
                .collect();
        }
        Slot::Operand => {}
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
            out.push(keyword(w));
        }
    }
    out.truncate(MAX);
    out
}

fn keyword(w: &str) -> Suggestion {
    Suggestion {
        label: w.to_string(),
        insert: format!("{w} "),
        detail: "keyword".into(),
    }
}

/// What the word being typed is, from the text before it.
#[derive(Debug, PartialEq)]
enum Slot {
    /// A name the step makes: nothing to suggest.
    NewName,
    /// After a value, a column or a closing bracket: the words that may follow.
    AfterOperand(&'static [&'static str]),
    /// A column, a function or a word.
    Operand,
}

/// Words that follow an operand in a condition, and in a sort.
const AFTER_IN_CONDITION: &[&str] = &["and", "or", "is", "in", "between", "not"];
const AFTER_IN_SORT: &[&str] = &["desc", "asc", "nulls"];

fn slot(before: &str, columns: &[String]) -> Slot {
    let tokens: Vec<&str> = before.split_whitespace().collect();
    let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else {
        return Slot::Operand;
    };
    let first = first.to_lowercase();
    let last_lower = last.to_lowercase();
    let new_name = (first == "rename" && last_lower == "to")
        || matches!(last_lower.as_str(), "into" | "as")
        || (matches!(first.as_str(), "derive" | "window" | "aggregate")
            && (tokens.len() == 1 || last.ends_with(',') || last.ends_with(':')));
    if new_name {
        return Slot::NewName;
    }
    let operand = last.ends_with('"')
        || last.ends_with(')')
        || last.parse::<f64>().is_ok()
        || columns.iter().any(|c| print_name(c) == *last);
    let words = if first == "sort" {
        AFTER_IN_SORT
    } else {
        AFTER_IN_CONDITION
    };
    let in_expression = first == "sort" || tokens.iter().any(|t| *t == "where" || *t == "=");
    if operand && in_expression && before.ends_with(char::is_whitespace) {
        Slot::AfterOperand(words)
    } else {
        Slot::Operand
    }
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
    fn a_new_name_gets_no_suggestions_and_a_finished_operand_the_words_after_it() {
        let cols = vec!["carrier".to_string(), "dep_delay".to_string()];
        let at_end = |text: &str| suggest(text, text.len(), &cols);
        let labels = |text: &str| {
            at_end(text)
                .into_iter()
                .map(|s| s.label)
                .collect::<Vec<_>>()
        };
        assert!(at_end("rename carrier to ").is_empty());
        assert!(at_end("rename carrier to up").is_empty());
        assert!(at_end("derive up").is_empty());
        assert!(at_end("split carrier on \",\" into ca").is_empty());
        assert_eq!(
            labels("keep rows where dep_delay > 10 "),
            AFTER_IN_CONDITION.to_vec()
        );
        assert_eq!(labels("keep rows where dep_delay > 10 an"), vec!["and"]);
        assert_eq!(labels("keep rows where carrier = \"UA\" o"), vec!["or"]);
        assert_eq!(labels("sort by dep_delay "), AFTER_IN_SORT.to_vec());
        // An operand is still wanted after an operator, and after a transform's first word.
        assert!(labels("keep rows where dep_delay > ").contains(&"carrier".to_string()));
        assert!(labels("derive late = dep_delay > ").contains(&"dep_delay".to_string()));
        assert_eq!(labels("drop de")[0], "dep_delay");
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
