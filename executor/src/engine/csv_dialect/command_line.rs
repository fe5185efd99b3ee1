//! Characters given on the command line: a delimiter, quote, escape or comment character
//! by itself or by name.

/// Reads a delimiter, quote, escape or comment character given on the command line: one
/// ASCII character (`,` `;` `|` `'`), `\t` or a name (`tab`, `comma`, `semicolon`, `pipe`,
/// `space`, `quote`, `single-quote`, `backslash`, `hash`).
pub fn parse_char(text: &str) -> Result<u8, String> {
    let named = match text.to_ascii_lowercase().as_str() {
        "tab" | "\\t" => Some(b'\t'),
        "comma" => Some(b','),
        "semicolon" => Some(b';'),
        "pipe" | "bar" => Some(b'|'),
        "space" => Some(b' '),
        "quote" | "double-quote" | "dquote" => Some(b'"'),
        "single-quote" | "squote" | "apostrophe" => Some(b'\''),
        "backslash" => Some(b'\\'),
        "hash" => Some(b'#'),
        "none" => return Err("`none` only applies to the escape and comment characters".into()),
        _ => None,
    };
    if let Some(byte) = named {
        return Ok(byte);
    }
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c == '\n' || c == '\r' => {
            Err("a line break cannot separate, quote or escape fields".into())
        }
        (Some(c), None) if c == '\t' || (c.is_ascii() && !c.is_ascii_control()) => Ok(c as u8),
        _ => Err(format!(
            "`{text}` is not one character: give one ASCII character such as , ; | or tab"
        )),
    }
}

/// Like [`parse_char`], and `none` means no character (for the escape and comment).
pub fn parse_optional_char(text: &str) -> Result<Option<u8>, String> {
    if text.eq_ignore_ascii_case("none") {
        Ok(None)
    } else {
        parse_char(text).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_from_the_command_line() {
        assert_eq!(parse_char(","), Ok(b','));
        assert_eq!(parse_char(";"), Ok(b';'));
        assert_eq!(parse_char("|"), Ok(b'|'));
        assert_eq!(parse_char("\t"), Ok(b'\t'));
        assert_eq!(parse_char("\\t"), Ok(b'\t'));
        assert_eq!(parse_char("TAB"), Ok(b'\t'));
        assert_eq!(parse_char("semicolon"), Ok(b';'));
        assert_eq!(parse_char("'"), Ok(b'\''));
        assert_eq!(parse_char("\\"), Ok(b'\\'));
        assert!(parse_char("none").is_err());
        assert!(parse_char("").is_err());
        assert!(parse_char(",,").is_err());
        assert!(parse_char("é").is_err());
        assert!(parse_char("\n").is_err());
        assert_eq!(parse_optional_char("none"), Ok(None));
        assert_eq!(parse_optional_char("#"), Ok(Some(b'#')));
    }
}
