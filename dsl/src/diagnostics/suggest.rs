//! "Did you mean …?" for names that are almost right.

/// The candidate closest to `word`, when it is close enough to be what was meant.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let original = word;
    let word = word.to_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    for candidate in candidates {
        if candidate == original {
            continue;
        }
        let lower = candidate.to_lowercase();
        let distance = strsim::damerau_levenshtein(&word, &lower);
        let similarity = strsim::jaro_winkler(&word, &lower);
        let close = distance <= 1
            || (distance <= 2 && word.chars().count() >= 4)
            || (distance <= 3 && word.chars().count() >= 8)
            || similarity >= 0.9;
        if close && best.is_none_or(|(score, _)| similarity > score) {
            best = Some((similarity, candidate));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn finds_typos_and_transpositions() {
        let words = ["rename", "replace", "drop", "derive"];
        assert_eq!(did_you_mean("renmae", words), Some("rename"));
        assert_eq!(did_you_mean("dorp", words), Some("drop"));
        assert_eq!(did_you_mean("RENAM", words), Some("rename"));
        // Names that differ only in case are the closest of all.
        assert_eq!(did_you_mean("Amount", ["amount", "mount"]), Some("amount"));
    }

    #[test]
    fn stays_quiet_when_nothing_is_close() {
        assert_eq!(did_you_mean("frobnicate", ["rename", "drop"]), None);
        assert_eq!(did_you_mean("x", ["rename", "drop"]), None);
    }
}
