//! Turns pest's errors into diagnostics that speak the analyst's language: every grammar
//! rule has a user-facing name, operators fold into "an operator", a misspelt keyword gets
//! a "did you mean", a word other tools use gets the language's word ([`FAMILIAR`]), and a
//! value written where `name = expression` belongs is offered a name.

use super::{Grammar, Rule};
use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::print::RESERVED;
use crate::span::Span;
use pest::error::{ErrorVariant, InputLocation};
use pest::Parser as _;

/// Words analysts bring from other tools (SQL, pandas, spreadsheets) and the word the
/// language has instead. The hint offers ours when the familiar word stands where ours was
/// expected: `sort by x descending` → `desc`, `settype n int` → `integer`.
const FAMILIAR: &[(&str, &str)] = &[
    // sort keys (`sort`, `window … order by`)
    ("ascending", "asc"),
    ("descending", "desc"),
    // types (`settype`, the column types of a test table)
    ("int", "integer"),
    ("int32", "integer"),
    ("int64", "integer"),
    ("bigint", "integer"),
    ("smallint", "integer"),
    ("long", "integer"),
    ("double", "float"),
    ("real", "float"),
    ("float64", "float"),
    ("number", "float"),
    ("numeric", "decimal"),
    ("str", "string"),
    ("text", "string"),
    ("varchar", "string"),
    ("char", "string"),
    ("utf8", "string"),
    ("bool", "boolean"),
    ("datetime", "timestamp"),
    ("array", "list"),
    ("record", "struct"),
    ("object", "struct"),
    // join kinds
    ("outer", "full"),
];

/// The language's word for `found`, when `found` is a familiar word from [`FAMILIAR`] and
/// that word is one of those `expected` here.
fn familiar(found: &str, expected: &[&str]) -> Option<&'static str> {
    let found = found.to_ascii_lowercase();
    FAMILIAR
        .iter()
        .find(|(theirs, ours)| *theirs == found && expected.contains(ours))
        .map(|(_, ours)| *ours)
}

/// The diagnostic for a line (or expression, or type) that `entry` did not match.
pub(super) fn from_pest(
    error: pest::error::Error<Rule>,
    entry: Rule,
    text: &str,
    offset: usize,
) -> Diagnostic {
    let at = match error.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let positives = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => positives.clone(),
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    let found = token_at(text, at);
    let span = Span::new(
        at,
        at + found.len().max(1).min(text.len().saturating_sub(at).max(1)),
    )
    .offset(offset);

    let mut expected: Vec<String> = Vec::new();
    let mut keywords: Vec<&'static str> = Vec::new();
    for rule in &positives {
        for word in words(*rule) {
            if !keywords.contains(&word) {
                keywords.push(word);
            }
        }
        if let Some(name) = describe(*rule) {
            if !expected.contains(&name) {
                expected.push(name);
            }
        }
    }
    // "an expression" already covers names, literals, `not`, `case`, …: say it once.
    let expression = "an expression".to_string();
    if expected.contains(&expression) {
        const COVERED: &[&str] = &[
            "a column name",
            "a whole number",
            "a string in double quotes",
            "a string, pattern or regex",
            "`not`",
            "`null`",
            "`case`",
            "`true`",
            "`false`",
        ];
        expected.retain(|e| !COVERED.contains(&e.as_str()));
    }
    // Likewise "a type" covers the words that start one.
    if expected.iter().any(|e| e == "a type") {
        let types = TYPE_WORDS.map(|w| format!("`{w}`"));
        expected.retain(|e| !types.contains(e));
    }
    if let Some(diagnostic) = unnamed_value(entry, text, at, &positives, offset) {
        return diagnostic;
    }
    if found == "\"" && !text[at + 1..].contains('"') {
        return Diagnostic::error(
            "syntax",
            "this string is never closed",
            Span::new(at, text.len()).offset(offset),
        )
        .with_label("no closing quote on this line")
        .with_hint("end it with \" on the same line; write \\\" for a quote inside it");
    }
    let found_text = if found.is_empty() {
        "the end of the line".to_string()
    } else {
        format!("`{found}`")
    };
    let message = if expected.is_empty() {
        format!("unexpected {found_text}")
    } else {
        format!("expected {}, found {found_text}", one_of(&expected))
    };

    let wants_name = positives
        .iter()
        .any(|r| matches!(r, Rule::column | Rule::ident | Rule::expr));
    let hint = if wants_name && RESERVED.contains(&found.to_ascii_lowercase().as_str()) {
        Some(format!(
            "`{found}` is a keyword; to use it as a column name, write it in backquotes: `` `{found}` ``"
        ))
    } else if let Some(ours) = familiar(found, &keywords) {
        Some(format!("write `{ours}` instead of `{found}`"))
    } else if !found.is_empty() && found.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        did_you_mean(found, keywords.iter().copied()).map(|k| format!("did you mean `{k}`?"))
    } else if found == "'" {
        Some("strings are written in double quotes: \"text\"".to_string())
    } else if found.starts_with("==")
        || (found.starts_with('=') && text[..at].trim_end().ends_with('='))
    {
        Some("equality is written with a single `=`".to_string())
    } else {
        None
    };
    Diagnostic::error("syntax", message, span)
        .with_label(match expected.len() {
            0 => "unexpected here".to_string(),
            _ => format!("expected {}", one_of(&expected)),
        })
        .with_hint_opt(hint)
}

/// `aggregate by c: count()`: a value written where `name = expression` belongs (pest
/// stops at the value's first word, which it took for the name). When the step reads with
/// a name in front (or with SQL's `count() as n` turned round), says so, offering `n` for
/// `count()` and `f_col` for `f(col)`.
fn unnamed_value(
    entry: Rule,
    text: &str,
    at: usize,
    positives: &[Rule],
    offset: usize,
) -> Option<Diagnostic> {
    if !positives.iter().any(|r| {
        matches!(
            r,
            Rule::column | Rule::ident | Rule::quoted_ident | Rule::assignment
        )
    }) {
        return None;
    }
    let function = token_at(text, at);
    if function.is_empty() || !function.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return None;
    }
    let after = text[at + function.len()..].trim_start();
    if !after.starts_with('(') {
        return None;
    }
    let open = text.len() - after.len();
    let end = closing_bracket(text, open)? + 1;
    let call = &text[at..end];
    let args = text[open + 1..end - 1].trim();
    let (name, rest) = match sql_alias(&text[end..]) {
        Some((alias, len)) => (alias.to_string(), end + len),
        // `set upper(name)` means to change `name`.
        None if entry == Rule::set_line && plain(args) => (args.to_string(), end),
        None if function.eq_ignore_ascii_case("count") && args.is_empty() => ("n".to_string(), end),
        None if plain(args) => (format!("{}_{args}", function.to_lowercase()), end),
        None => (function.to_lowercase(), end),
    };
    let fixed = format!("{}{name} = {call}{}", &text[..at], &text[rest..]);
    // The fix is offered when it reads, or when what still fails comes after it.
    let fix_end = at + name.len() + " = ".len() + call.len();
    let reads = match Grammar::parse(entry, &fixed) {
        Ok(_) => true,
        Err(e) => match e.location {
            InputLocation::Pos(p) | InputLocation::Span((p, _)) => p > fix_end,
        },
    };
    if !reads {
        return None;
    }
    let hint = if rest > end {
        format!("the name comes first: `{name} = {call}`")
    } else {
        format!("name it: `{name} = {call}`")
    };
    Some(
        Diagnostic::error(
            "unnamed-value",
            "this value needs a name",
            Span::new(at, rest).offset(offset),
        )
        .with_label("a value with no name")
        .with_hint(hint),
    )
}

/// Whether `text` is a plain name, written without backquotes.
fn plain(text: &str) -> bool {
    text.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && text.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// The position of the bracket that closes the one at `open`, skipping strings and quoted
/// names.
fn closing_bracket(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in text[open..].char_indices() {
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
        match c {
            '"' | '`' => quote = Some(c),
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}

/// ` as name`, as SQL names a value after it: the name and the length of the text.
fn sql_alias(text: &str) -> Option<(&str, usize)> {
    let trimmed = text.trim_start();
    let word = token_at(trimmed, 0);
    if !word.eq_ignore_ascii_case("as") {
        return None;
    }
    let after = trimmed[word.len()..].trim_start();
    let name = token_at(after, 0);
    plain(name).then(|| (name, text.len() - after.len() + name.len()))
}

/// The word, number or symbol at `at`: what the analyst will recognise as "what I wrote".
fn token_at(text: &str, at: usize) -> &str {
    let rest = &text[at.min(text.len())..];
    let Some(first) = rest.chars().next() else {
        return "";
    };
    let len = if first.is_alphanumeric() || first == '_' {
        rest.find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len())
    } else if "=<>!+-*/%".contains(first) {
        rest.find(|c: char| !"=<>!+-*/%".contains(c))
            .unwrap_or(rest.len())
    } else {
        first.len_utf8()
    };
    &rest[..len]
}

fn one_of(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

/// The words a rule stands for: a keyword's word, the join kinds, the words that start a
/// type. These are what a misspelt or familiar word is compared with.
fn words(rule: Rule) -> Vec<&'static str> {
    match rule {
        Rule::join_kind => vec!["inner", "left", "right", "full", "semi", "anti"],
        Rule::type_simple => vec!["string", "integer", "float", "boolean"],
        Rule::type_decimal => vec!["decimal"],
        Rule::type_date => vec!["date"],
        Rule::type_timestamp => vec!["timestamp"],
        Rule::type_list => vec!["list"],
        Rule::type_struct => vec!["struct"],
        Rule::type_only => TYPE_WORDS.to_vec(),
        _ => super::rule_names::keyword(rule).into_iter().collect(),
    }
}

/// The words that start a type.
const TYPE_WORDS: [&str; 9] = [
    "string",
    "integer",
    "float",
    "boolean",
    "decimal",
    "date",
    "timestamp",
    "list",
    "struct",
];

/// The name of a rule as the analyst should read it, or `None` for rules that only make
/// noise in a message.
fn describe(rule: Rule) -> Option<String> {
    if let Some(word) = super::rule_names::keyword(rule) {
        return Some(format!("`{word}`"));
    }
    let text = match rule {
        Rule::EOI | Rule::comment => "the end of the line",
        Rule::column | Rule::ident | Rule::quoted_ident => "a column name",
        Rule::expr
        | Rule::operand
        | Rule::paren
        | Rule::call
        | Rule::qualified
        | Rule::list
        | Rule::struct_lit
        | Rule::case_expr
        | Rule::null
        | Rule::boolean
        | Rule::float
        | Rule::timestamp
        | Rule::date
        | Rule::neg
        | Rule::not => "an expression",
        Rule::integer => "a whole number",
        Rule::string => "a string in double quotes",
        Rule::regex | Rule::pattern | Rule::matcher => "a string, pattern or regex",
        Rule::or
        | Rule::and
        | Rule::eq
        | Rule::ne
        | Rule::le
        | Rule::ge
        | Rule::lt
        | Rule::gt
        | Rule::concat_op
        | Rule::add
        | Rule::sub
        | Rule::mul
        | Rule::div
        | Rule::rem
        | Rule::is_null
        | Rule::is_not_null
        | Rule::in_list
        | Rule::not_in
        | Rule::between
        | Rule::not_between => "an operator",
        Rule::type_simple
        | Rule::type_decimal
        | Rule::type_date
        | Rule::type_timestamp
        | Rule::type_list
        | Rule::type_struct => "a type",
        Rule::rename_pair => "`old to new`",
        Rule::assignment => "`name = expression`",
        Rule::move_target => "`to start`, `to end`, `before column` or `after column`",
        Rule::join_kind => "a join kind (inner, left, right, full, semi, anti)",
        Rule::sort_key => "a sort key",
        Rule::group_key => "a group key",
        Rule::where_clause => "`where`",
        _ => return step_rule_name(rule).map(|s| format!("`{s}`")),
    };
    Some(text.to_string())
}

fn step_rule_name(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::keep_rows | Rule::keep_columns => "keep",
        Rule::delete_rows => "delete rows",
        _ => return None,
    })
}
