//! Patterns: Trifacta-style `p"{digit}{5}"` literals, compiled to regular expressions, and
//! the regex every matcher (text, pattern or regex) stands for.
//!
//! Inside a pattern, `{name}` is a token, `{n}`, `{n,m}`, `{n,}`, `+`, `*` and `?` repeat
//! what precedes them, `(`, `)` and `|` group and choose, a backslash makes the next
//! character literal, and every other character stands for itself.

use crate::ast::Literal;

/// Every token a pattern may use, with the regex it stands for and what it means.
pub const TOKENS: &[(&str, &str, &str)] = &[
    ("digit", "[0-9]", "one digit 0-9"),
    ("alpha", "[A-Za-z]", "one letter a-z or A-Z"),
    ("alphanum", "[A-Za-z0-9]", "one letter or digit"),
    ("upper", "[A-Z]", "one upper-case letter"),
    ("lower", "[a-z]", "one lower-case letter"),
    ("space", "\\s", "one white-space character"),
    ("any", ".", "any one character"),
    ("hex", "[0-9A-Fa-f]", "one hexadecimal digit"),
    ("delim", "[,;|\\t]", "one common delimiter: comma, semicolon, pipe or tab"),
    ("start", "^", "the start of the value"),
    ("end", "$", "the end of the value"),
    (
        "email",
        "[A-Za-z0-9._%+\\-]+@[A-Za-z0-9.\\-]+\\.[A-Za-z]{2,}",
        "an email address",
    ),
    (
        "url",
        "(?:[A-Za-z][A-Za-z0-9+.\\-]*://)?[A-Za-z0-9\\-]+(?:\\.[A-Za-z0-9\\-]+)+(?::[0-9]+)?(?:/[^\\s]*)?",
        "a web address, with or without a scheme",
    ),
    ("zip", "[0-9]{5}(?:-[0-9]{4})?", "a US ZIP code, 5 digits with optional +4"),
];

/// What is wrong with a pattern or regex, and where in its source text (bytes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternError {
    pub message: String,
    pub start: usize,
    pub end: usize,
    pub hint: Option<String>,
}

/// Compiles a pattern's source text to an equivalent regex.
pub fn pattern_to_regex(source: &str) -> Result<String, PatternError> {
    let mut out = String::with_capacity(source.len() * 4);
    let mut can_repeat = false;
    let mut depth = 0usize;
    let mut i = 0;
    let bytes = source.as_bytes();
    while i < source.len() {
        let c = source[i..].chars().next().expect("i is on a char boundary");
        match c {
            '{' => {
                let Some(close) = source[i..].find('}') else {
                    return Err(err(
                        "`{` is never closed",
                        i,
                        source.len(),
                        Some("tokens are written {digit}; a literal brace is \\{"),
                    ));
                };
                let inner = &source[i + 1..i + close];
                let end = i + close + 1;
                if let Some(quantifier) = repetition(inner) {
                    if !can_repeat {
                        return Err(err(
                            "nothing to repeat",
                            i,
                            end,
                            Some("a count such as {3} follows a token: {digit}{3}"),
                        ));
                    }
                    out.push_str(&quantifier);
                    can_repeat = false;
                } else if let Some((_, regex, _)) =
                    TOKENS.iter().find(|(name, _, _)| *name == inner)
                {
                    if matches!(inner, "start" | "end") {
                        out.push_str(regex);
                        can_repeat = false;
                    } else {
                        out.push_str("(?:");
                        out.push_str(regex);
                        out.push(')');
                        can_repeat = true;
                    }
                } else {
                    let names = TOKENS.iter().map(|(n, _, _)| *n);
                    let hint = match crate::diagnostics::did_you_mean(inner, names) {
                        Some(best) => format!("did you mean {{{best}}}?"),
                        None => format!(
                            "the tokens are {}",
                            TOKENS
                                .iter()
                                .map(|(n, _, _)| format!("{{{n}}}"))
                                .collect::<Vec<_>>()
                                .join(" ")
                        ),
                    };
                    return Err(PatternError {
                        message: format!("unknown pattern token {{{inner}}}"),
                        start: i,
                        end,
                        hint: Some(hint),
                    });
                }
                i = end;
                continue;
            }
            '+' | '*' | '?' => {
                if !can_repeat {
                    return Err(err(
                        "nothing to repeat",
                        i,
                        i + 1,
                        Some("write \\+ for a literal plus sign"),
                    ));
                }
                out.push(c);
                can_repeat = false;
            }
            '(' => {
                depth += 1;
                out.push('(');
                can_repeat = false;
            }
            ')' => {
                if depth == 0 {
                    return Err(err(
                        "`)` without a matching `(`",
                        i,
                        i + 1,
                        Some("write \\) for a literal bracket"),
                    ));
                }
                depth -= 1;
                out.push(')');
                can_repeat = true;
            }
            '|' => {
                out.push('|');
                can_repeat = false;
            }
            '\\' => {
                let Some(next) = source[i + 1..].chars().next() else {
                    return Err(err(
                        "a backslash at the end escapes nothing",
                        i,
                        i + 1,
                        None,
                    ));
                };
                out.push_str(&regex_syntax::escape(&next.to_string()));
                i += 1 + next.len_utf8();
                can_repeat = true;
                continue;
            }
            c => {
                out.push_str(&regex_syntax::escape(&c.to_string()));
                can_repeat = true;
            }
        }
        i += c.len_utf8();
    }
    if depth > 0 {
        let open = bytes.iter().rposition(|&b| b == b'(').unwrap_or(0);
        return Err(err(
            "`(` is never closed",
            open,
            open + 1,
            Some("write \\( for a literal bracket"),
        ));
    }
    Ok(out)
}

fn err(message: &str, start: usize, end: usize, hint: Option<&str>) -> PatternError {
    PatternError {
        message: message.to_string(),
        start,
        end,
        hint: hint.map(str::to_string),
    }
}

/// `{3}`, `{2,4}` or `{2,}` as a regex repetition.
fn repetition(inner: &str) -> Option<String> {
    let (low, high) = match inner.split_once(',') {
        Some((low, high)) => (low, Some(high)),
        None => (inner, None),
    };
    let low: u32 = low.trim().parse().ok()?;
    match high.map(str::trim) {
        None => Some(format!("{{{low}}}")),
        Some("") => Some(format!("{{{low},}}")),
        Some(high) => {
            let high: u32 = high.parse().ok()?;
            (high >= low).then(|| format!("{{{low},{high}}}"))
        }
    }
}

/// The regex a matcher stands for: exact text escaped, a pattern compiled, a regex with its
/// flags. Also checks that the regex is valid, and says where it is not.
pub fn matcher_regex(literal: &Literal) -> Result<String, PatternError> {
    let regex = match literal {
        Literal::String(text) => return Ok(regex_syntax::escape(text)),
        Literal::Pattern(source) => pattern_to_regex(source)?,
        Literal::Regex { source, flags } => {
            if flags.is_empty() {
                source.clone()
            } else {
                format!("(?{flags}){source}")
            }
        }
        _ => return Err(err("not something to match", 0, 0, None)),
    };
    let prefix = match literal {
        Literal::Regex { flags, .. } if !flags.is_empty() => flags.len() + 3,
        _ => 0,
    };
    regex_syntax::Parser::new().parse(&regex).map_err(|e| {
        let (start, end, message) = match &e {
            regex_syntax::Error::Parse(p) => (
                p.span().start.offset,
                p.span().end.offset,
                p.kind().to_string(),
            ),
            regex_syntax::Error::Translate(t) => (
                t.span().start.offset,
                t.span().end.offset,
                t.kind().to_string(),
            ),
            _ => (0, 0, e.to_string()),
        };
        let in_source = |o: usize| o.saturating_sub(prefix);
        PatternError {
            message: format!("invalid regex: {message}"),
            start: if matches!(literal, Literal::Regex { .. }) {
                in_source(start)
            } else {
                0
            },
            end: if matches!(literal, Literal::Regex { .. }) {
                in_source(end)
            } else {
                0
            },
            hint: None,
        }
    })?;
    Ok(regex)
}

/// How many capture groups the matcher's regex has.
pub fn capture_groups(regex: &str) -> usize {
    regex_syntax::Parser::new()
        .parse(regex)
        .map(|hir| hir.properties().explicit_captures_len())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_counts_become_regex() {
        assert_eq!(pattern_to_regex("{digit}{5}").unwrap(), "(?:[0-9]){5}");
        assert_eq!(
            pattern_to_regex("{start}ID-{digit}+").unwrap(),
            "^ID\\-(?:[0-9])+"
        );
        assert_eq!(
            pattern_to_regex("({alpha}+)\\({digit}{2,4}\\)").unwrap(),
            "((?:[A-Za-z])+)\\((?:[0-9]){2,4}\\)"
        );
        assert_eq!(pattern_to_regex("a.b").unwrap(), "a\\.b");
    }

    #[test]
    fn unknown_tokens_get_a_suggestion_and_a_place() {
        let e = pattern_to_regex("x{digt}").unwrap_err();
        assert_eq!((e.start, e.end), (1, 7));
        assert_eq!(e.hint.as_deref(), Some("did you mean {digit}?"));
    }

    #[test]
    fn repeating_nothing_is_an_error() {
        assert_eq!(
            pattern_to_regex("+a").unwrap_err().message,
            "nothing to repeat"
        );
        assert_eq!(
            pattern_to_regex("{3}").unwrap_err().message,
            "nothing to repeat"
        );
        assert!(pattern_to_regex("(a").is_err());
        assert!(pattern_to_regex("a)").is_err());
    }

    #[test]
    fn matchers_become_checked_regexes() {
        assert_eq!(
            matcher_regex(&Literal::String("a.b".into())).unwrap(),
            "a\\.b"
        );
        let re = Literal::Regex {
            source: "ab+".into(),
            flags: "i".into(),
        };
        assert_eq!(matcher_regex(&re).unwrap(), "(?i)ab+");
        let bad = Literal::Regex {
            source: "a(b".into(),
            flags: String::new(),
        };
        let e = matcher_regex(&bad).unwrap_err();
        assert!(e.message.starts_with("invalid regex"), "{}", e.message);
        assert_eq!(capture_groups("(a)(?:b)(c)"), 2);
    }
}
