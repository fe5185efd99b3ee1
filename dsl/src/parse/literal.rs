//! Literal values: numbers, strings (with escapes), dates, timestamps, regexes, patterns.

use super::Rule;
use crate::ast::{Literal, Timestamp};
use crate::diagnostics::Diagnostic;
use crate::span::Span;
use pest::iterators::Pair;

pub(super) fn build(pair: Pair<Rule>, offset: usize) -> Result<Literal, Diagnostic> {
    let s = pair.as_span();
    let span = Span::new(s.start(), s.end()).offset(offset);
    let text = pair.as_str();
    Ok(match pair.as_rule() {
        Rule::null => Literal::Null,
        Rule::boolean => Literal::Boolean(text.eq_ignore_ascii_case("true")),
        Rule::integer => Literal::Integer(text.parse().map_err(|_| {
            Diagnostic::error(
                "number-out-of-range",
                "this whole number is too large",
                span,
            )
            .with_label("larger than 9223372036854775807")
            .with_hint("write it as a float (for example 1.0e20) or a string")
        })?),
        Rule::float => {
            let value: f64 = text.parse().map_err(|_| invalid_number(span))?;
            if !value.is_finite() {
                return Err(Diagnostic::error(
                    "number-out-of-range",
                    "this number is too large",
                    span,
                )
                .with_label("overflows a 64-bit float"));
            }
            Literal::Float(value)
        }
        Rule::string => Literal::String(unescape(inner(pair), offset)?),
        // A pattern keeps its backslashes for the pattern compiler; only `\"` is decoded.
        Rule::pattern => Literal::Pattern(unescape_quotes(inner(pair).as_str())),
        Rule::regex => {
            let mut parts = pair.into_inner();
            let source = parts
                .next()
                .map(|p| p.as_str().to_string())
                .unwrap_or_default();
            let flags = parts
                .next()
                .map(|p| p.as_str().to_string())
                .unwrap_or_default();
            Literal::Regex { source, flags }
        }
        Rule::date => Literal::Date(date(&text[1..], span)?),
        Rule::timestamp => Literal::Timestamp(timestamp(&text[1..], span)?),
        rule => unreachable!("not a literal rule: {rule:?}"),
    })
}

fn invalid_number(span: Span) -> Diagnostic {
    Diagnostic::error("syntax", "this is not a valid number", span)
}

fn inner(pair: Pair<Rule>) -> Pair<Rule> {
    pair.into_inner()
        .next()
        .expect("string rules have an inner part")
}

/// Decodes `\"`, `\\`, `\n`, `\t`, `\r` and `\u{…}`. Unknown escapes are errors rather than
/// being kept as they are, so that a typo cannot silently change the text.
fn unescape(pair: Pair<Rule>, offset: usize) -> Result<String, Diagnostic> {
    let base = pair.as_span().start() + offset;
    let text = pair.as_str();
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some((_, escaped)) = chars.next() else {
            break;
        };
        match escaped {
            '"' => out.push('"'),
            '\\' => out.push('\\'),
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'u' => {
                let rest = &text[i + 2..];
                let decoded = rest
                    .strip_prefix('{')
                    .and_then(|r| r.split_once('}'))
                    .and_then(|(hex, _)| u32::from_str_radix(hex, 16).ok().map(|n| (hex.len(), n)))
                    .and_then(|(len, n)| char::from_u32(n).map(|c| (len, c)));
                let Some((len, c)) = decoded else {
                    let span = Span::new(base + i, base + i + 2);
                    return Err(
                        Diagnostic::error("bad-escape", "invalid unicode escape", span)
                            .with_label("expected \\u{hex digits}")
                            .with_hint("write a code point as \\u{e9}"),
                    );
                };
                out.push(c);
                // Skip "{", the hex digits and "}".
                for _ in 0..len + 2 {
                    chars.next();
                }
            }
            other => {
                let span = Span::new(base + i, base + i + 1 + other.len_utf8());
                return Err(Diagnostic::error(
                    "bad-escape",
                    format!("unknown escape `\\{other}`"),
                    span,
                )
                .with_label("not an escape")
                .with_hint(
                    "the escapes are \\\" \\\\ \\n \\t \\r and \\u{…}; write \\\\ for a backslash",
                ));
            }
        }
    }
    Ok(out)
}

/// Decodes `\"` to `"` and keeps every other backslash pair as written.
fn unescape_quotes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('"') => out.push('"'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

fn date(text: &str, span: Span) -> Result<chrono::NaiveDate, Diagnostic> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        Diagnostic::error(
            "bad-date",
            format!("{text} is not a date on the calendar"),
            span,
        )
        .with_label("no such day")
        .with_hint("dates are written @YYYY-MM-DD, for example @2024-02-29")
    })
}

fn timestamp(text: &str, span: Span) -> Result<Timestamp, Diagnostic> {
    let bad = || {
        Diagnostic::error(
            "bad-timestamp",
            format!("{text} is not a valid timestamp"),
            span,
        )
        .with_label("no such time")
        .with_hint("timestamps are written @YYYY-MM-DDTHH:MM[:SS[.fff]][Z|+HH:MM]")
    };
    let (local, offset_seconds) = if let Some(local) = text.strip_suffix('Z') {
        (local, Some(0))
    } else if text.len() > 16
        && matches!(text.as_bytes()[text.len() - 6], b'+' | b'-')
        && text.as_bytes()[text.len() - 3] == b':'
    {
        let (local, zone) = text.split_at(text.len() - 6);
        let sign = if zone.starts_with('-') { -1 } else { 1 };
        let hours: i32 = zone[1..3].parse().map_err(|_| bad())?;
        let minutes: i32 = zone[4..6].parse().map_err(|_| bad())?;
        if hours > 14 || minutes > 59 {
            return Err(bad());
        }
        (local, Some(sign * (hours * 3600 + minutes * 60)))
    } else {
        (text, None)
    };
    let format = if local.len() == 16 {
        "%Y-%m-%dT%H:%M"
    } else {
        "%Y-%m-%dT%H:%M:%S%.f"
    };
    let datetime = chrono::NaiveDateTime::parse_from_str(local, format).map_err(|_| bad())?;
    Ok(Timestamp {
        datetime,
        offset_seconds,
    })
}
