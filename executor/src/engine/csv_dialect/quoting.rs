//! Quotes: which character encloses the sample's fields, and whether a quoted field holds
//! a line break.

use super::{CsvDialect, CsvOverrides, DELIMITERS};

/// The quotes to try, in order of preference on a tie: the one given, or `"`, with `'`
/// first when it visibly encloses fields and `"` does not.
pub(super) fn candidate_quotes(sample: &[u8], overrides: &CsvOverrides) -> Vec<u8> {
    match overrides.quote {
        Some(q) => vec![q],
        // `'` only when it visibly encloses fields and `"` does not: a broken `"` quote is
        // a malformed row to report, not a hint that quotes are something else.
        None if encloses_fields(sample, b'\'') && !encloses_fields(sample, b'"') => {
            vec![b'\'', b'"']
        }
        None => vec![b'"'],
    }
}

/// Whether some field of the sample is enclosed in `quote` on one line: opened at the line
/// start or after a delimiter, and closed before a delimiter or the line end.
fn encloses_fields(sample: &[u8], quote: u8) -> bool {
    sample.split(|&b| b == b'\n').any(|line| {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let mut i = 0;
        while i < line.len() {
            if line[i] == quote && (i == 0 || DELIMITERS.contains(&line[i - 1])) {
                let mut j = i + 1;
                while j < line.len() {
                    if line[j] != quote {
                        j += 1;
                    } else if line.get(j + 1) == Some(&quote) {
                        j += 2;
                    } else if j + 1 == line.len() || DELIMITERS.contains(&line[j + 1]) {
                        return true;
                    } else {
                        break;
                    }
                }
                i = j;
            }
            i += 1;
        }
        false
    })
}

/// Whether a quoted field of the sample holds a line break.
pub fn quoted_line_breaks(sample: &[u8], dialect: &CsvDialect) -> bool {
    let mut quoted = false;
    let mut escaped = false;
    for &b in sample {
        if escaped {
            escaped = false;
        } else if quoted && Some(b) == dialect.escape {
            escaped = true;
        } else if b == dialect.quote {
            quoted = !quoted;
        } else if quoted && b == b'\n' {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_inside_quotes_are_seen() {
        let d = CsvDialect::default();
        assert!(quoted_line_breaks(b"a,b\n1,\"x\ny\"\n", &d));
        assert!(!quoted_line_breaks(b"a,b\n1,\"x,y\"\n2,z\n", &d));
    }
}
