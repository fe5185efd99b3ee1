//! String functions. Matchers arrive as regex literals; positions are 1-based and count
//! characters, not bytes.

use super::helpers::{
    any_text, at_least_zero, integer, null, only_where, plan_error, regex_of, text, unknown,
    within, Args, LONGEST_TEXT,
};
use super::Call;
use crate::compile::error::Result;
use crate::udf;
use datafusion::arrow::datatypes::DataType;
use datafusion::functions::expr_fn as f;
use datafusion::logical_expr::{cast, lit, when, Expr};

/// Every white-space character (Unicode `White_Space`, as `char::is_whitespace` and the
/// regex `\s` know it): what trim removes.
pub(super) const WHITESPACE: &str = "\t\n\u{b}\u{c}\r \u{85}\u{a0}\u{1680}\u{2000}\u{2001}\u{2002}\u{2003}\u{2004}\u{2005}\u{2006}\u{2007}\u{2008}\u{2009}\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}\u{3000}";

pub(super) fn compile(args: Vec<Expr>, call: &Call) -> Result<Expr> {
    let mut a = Args::new(args, call);
    Ok(match call.def.name {
        "upper" => f::upper(text(a.next()?)),
        "lower" => f::lower(text(a.next()?)),
        // initcap is exactly the documented rule: upper-case after any character that is
        // not a letter or digit, lower-case elsewhere.
        "proper" => f::initcap(text(a.next()?)),
        "trim" => f::btrim(vec![text(a.next()?), lit(WHITESPACE)]),
        "ltrim" => f::ltrim(vec![text(a.next()?), lit(WHITESPACE)]),
        "rtrim" => f::rtrim(vec![text(a.next()?), lit(WHITESPACE)]),
        "length" => integer(f::character_length(text(a.next()?))),
        "left" => {
            let (t, n) = (text(a.next()?), integer(a.next()?));
            f::left(t, at_least_zero(n, call)?)
        }
        "right" => {
            let (t, n) = (text(a.next()?), integer(a.next()?));
            f::right(t, at_least_zero(n, call)?)
        }
        "substring" => {
            // Positions and lengths beyond any text mean the same as its ends.
            let (t, start) = (
                text(a.next()?),
                within(integer(a.next()?), -(1 << 40), 1 << 40),
            );
            match a.optional() {
                Some(length) => f::substring(t, start, within(integer(length), 0, 1 << 40)),
                None => f::substr(t, start),
            }
        }
        "substring_before" => {
            udf::substring_before::substring_before().call(vec![text(a.next()?), a.next()?])
        }
        "substring_after" => {
            udf::substring_after::substring_after().call(vec![text(a.next()?), a.next()?])
        }
        "concat" => f::concat(a.rest().into_iter().map(any_text).collect()),
        "concat_ws" => {
            let separator = text(a.next()?);
            f::concat_ws(separator, a.rest().into_iter().map(any_text).collect())
        }
        "contains" => matching(a.next()?, a.next()?, |re| re.to_string()),
        "starts_with" => matching(a.next()?, a.next()?, |re| format!("^(?:{re})")),
        "ends_with" => matching(a.next()?, a.next()?, |re| format!("(?:{re})$")),
        "matches" => matching(a.next()?, a.next()?, |re| format!("^(?:{re})$")),
        // 0 when nothing matches; the position counts characters.
        "find" => integer(f::regexp_instr(
            text(a.next()?),
            a.next()?,
            None,
            None,
            None,
            None,
            None,
        )),
        "count_matches" => integer(f::regexp_count(text(a.next()?), a.next()?, None, None)),
        "extract_match" => {
            let (t, m) = (text(a.next()?), a.next()?);
            let group = a.optional().map(integer).unwrap_or_else(|| lit(0i64));
            match regex_of(&m) {
                // Group 1 of the wrapped regex is the whole match, group n + 1 its group n.
                Some(re) => {
                    let groups = f::regexp_match(t, lit(format!("({re})")), None);
                    datafusion::functions_nested::expr_fn::array_element(groups, group + lit(1i64))
                }
                None => null(&DataType::Utf8),
            }
        }
        "substitute" => {
            udf::substitute::substitute().call(vec![text(a.next()?), a.next()?, text(a.next()?)])
        }
        "pad_left" | "pad_right" => {
            // A negative length pads to nothing; lengths are capped (`LONGEST_TEXT`).
            let (t, n) = (text(a.next()?), integer(a.next()?));
            let mut args = vec![t, within(n, 0, LONGEST_TEXT)];
            args.extend(a.optional().map(text));
            if call.def.name == "pad_left" {
                f::lpad(args)
            } else {
                f::rpad(args)
            }
        }
        "repeat" => {
            let (t, n) = (text(a.next()?), integer(a.next()?));
            f::repeat(t, within(n, 0, LONGEST_TEXT))
        }
        "reverse" => f::reverse(text(a.next()?)),
        "split_part" => {
            let (t, separator, n) = (text(a.next()?), text(a.next()?), integer(a.next()?));
            // DataFusion counts negative pieces from the end and refuses 0; the language
            // has no such pieces, which are simply not there.
            let n = when(n.clone().lt(lit(1i64)), lit(i64::MAX))
                .otherwise(n)
                .map_err(|e| plan_error(call, e))?;
            f::split_part(t, separator, n)
        }
        "translate" => f::translate(text(a.next()?), text(a.next()?), text(a.next()?)),
        "remove_whitespace" => regex_replace(text(a.next()?), r"\s+", ""),
        "collapse_whitespace" => {
            let trimmed = f::btrim(vec![text(a.next()?), lit(WHITESPACE)]);
            regex_replace(trimmed, r"\s+", " ")
        }
        "remove_symbols" => regex_replace(text(a.next()?), r"[^\p{L}\p{M}\p{Nd}\s]+", ""),
        "remove_accents" => udf::remove_accents::remove_accents().call(vec![text(a.next()?)]),
        "char_code" => integer(f::ascii(text(a.next()?))),
        "from_char_code" => {
            let code = integer(a.next()?);
            let is_code_point = code
                .clone()
                .between(lit(0i64), lit(0x10FFFFi64))
                .and(code.clone().not_between(lit(0xD800i64), lit(0xDFFFi64)));
            only_where(is_code_point, f::chr(code), call)?
        }
        _ => return Err(unknown(call)),
    })
}

/// Whether `t` matches the regex `wrap` makes of the matcher; null for a null matcher.
fn matching(t: Expr, matcher: Expr, wrap: impl Fn(&str) -> String) -> Expr {
    match regex_of(&matcher) {
        Some(re) => f::regexp_like(text(t), lit(wrap(&re)), None),
        None => null(&DataType::Boolean),
    }
}

/// Every match of `regex` in `t` replaced by `with` (which has no group references).
fn regex_replace(t: Expr, regex: &str, with: &str) -> Expr {
    cast(
        f::regexp_replace(t, lit(regex), lit(with), Some(lit("g"))),
        DataType::Utf8,
    )
}
