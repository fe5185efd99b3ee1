//! The delimiter (and the quote with it) that splits the sample's records into the most
//! consistent number of fields.

use super::quoting::candidate_quotes;
use super::records::records;
use super::{CsvDialect, CsvOverrides, DELIMITERS};

/// The delimiter (`,` `;` tab `|`) and quote (`"` `'`) that split the sample's complete
/// records into the most consistent number of fields (more than one). On a tie the pair
/// with more fields wins, then the earlier candidate: quotes in the order of
/// `candidate_quotes`, then delimiters with `preferred` first and the others in the order
/// of `DELIMITERS`. Without such a pair: what the user gave, or `preferred` and `"`.
pub(super) fn delimiter_and_quote(
    sample: &[u8],
    whole: bool,
    preferred: u8,
    escape: Option<u8>,
    comment_candidate: Option<u8>,
    overrides: &CsvOverrides,
) -> (u8, u8) {
    let delimiters: Vec<u8> = match overrides.delimiter {
        Some(d) => vec![d],
        None => {
            let mut ds = vec![preferred];
            ds.extend(DELIMITERS.iter().copied().filter(|&d| d != preferred));
            ds
        }
    };
    let quotes = candidate_quotes(sample, overrides);

    // (consistency, field count, preference): the best wins.
    let mut best: Option<(f64, usize, usize, u8, u8)> = None;
    let mut preference = delimiters.len() * quotes.len();
    for &quote in &quotes {
        for &delimiter in &delimiters {
            preference -= 1;
            if delimiter == quote || Some(delimiter) == comment_candidate {
                continue;
            }
            let dialect = CsvDialect {
                delimiter,
                quote,
                escape,
                comment: comment_candidate,
                has_header: false,
            };
            let counts: Vec<usize> = records(sample, &dialect, whole)
                .iter()
                .map(Vec::len)
                .collect();
            let Some((fields, consistency)) = mode(&counts) else {
                continue;
            };
            if fields < 2 {
                continue;
            }
            let key = (consistency, fields, preference, delimiter, quote);
            let better = match best {
                None => true,
                Some((c, f, p, _, _)) => (consistency, fields, preference) > (c, f, p),
            };
            if better {
                best = Some(key);
            }
        }
    }
    match best {
        Some((_, _, _, d, q)) => (d, q),
        None => (
            overrides.delimiter.unwrap_or(preferred),
            overrides.quote.unwrap_or(b'"'),
        ),
    }
}

/// The most frequent field count (the larger on a tie) and the share of records that have it.
pub(super) fn mode(counts: &[usize]) -> Option<(usize, f64)> {
    if counts.is_empty() {
        return None;
    }
    let mut sorted = counts.to_vec();
    sorted.sort_unstable();
    let (mut best, mut best_run) = (sorted[0], 0);
    let mut i = 0;
    while i < sorted.len() {
        let run = sorted[i..].iter().take_while(|&&c| c == sorted[i]).count();
        if run >= best_run {
            best = sorted[i];
            best_run = run;
        }
        i += run;
    }
    Some((best, best_run as f64 / counts.len() as f64))
}
