//! Which rows of a dataset in the store the working set holds: the first rows, random rows,
//! rows stratified by a column, or the rows a condition keeps. The server computes each over
//! the whole dataset (`GET /api/datasets/working-set?…&sample=…`, docs/api.md).

/// The sample the analyst picked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SampleChoice {
    First,
    Random {
        seed: u64,
    },
    Stratified {
        column: String,
        min: usize,
        seed: u64,
    },
    Filter {
        condition: String,
    },
}

impl SampleChoice {
    /// The kinds the picker offers, with their names there.
    pub const KINDS: [(&'static str, &'static str); 4] = [
        ("first", "first rows"),
        ("random", "random rows"),
        ("stratified", "stratified by a column"),
        ("filter", "rows matching a condition"),
    ];

    pub fn kind(&self) -> &'static str {
        match self {
            SampleChoice::First => "first",
            SampleChoice::Random { .. } => "random",
            SampleChoice::Stratified { .. } => "stratified",
            SampleChoice::Filter { .. } => "filter",
        }
    }

    /// The query parameters that ask the server for it, not yet URL-encoded.
    pub fn params(&self) -> Vec<(&'static str, String)> {
        let mut params = vec![("sample", self.kind().to_string())];
        match self {
            SampleChoice::First => return Vec::new(),
            SampleChoice::Random { seed } => params.push(("seed", seed.to_string())),
            SampleChoice::Stratified { column, min, seed } => {
                params.push(("by", column.clone()));
                params.push(("min", min.to_string()));
                params.push(("seed", seed.to_string()));
            }
            SampleChoice::Filter { condition } => params.push(("where", condition.clone())),
        }
        params
    }

    /// The same sample drawn again with another seed (random and stratified samples).
    pub fn redrawn(&self) -> SampleChoice {
        match self {
            SampleChoice::Random { seed } => SampleChoice::Random { seed: seed + 1 },
            SampleChoice::Stratified { column, min, seed } => SampleChoice::Stratified {
                column: column.clone(),
                min: *min,
                seed: seed + 1,
            },
            other => other.clone(),
        }
    }

    /// A sample of `kind` as it starts when picked: seed 1, stratified by `first_column`
    /// with at least 10 rows of each value, a filter with `condition`.
    pub fn picked(kind: &str, first_column: Option<&str>, condition: &str) -> Option<Self> {
        Some(match kind {
            "first" => SampleChoice::First,
            "random" => SampleChoice::Random { seed: 1 },
            "stratified" => SampleChoice::Stratified {
                column: first_column?.to_string(),
                min: 10,
                seed: 1,
            },
            "filter" if !condition.trim().is_empty() => SampleChoice::Filter {
                condition: condition.trim().to_string(),
            },
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_sample_asks_with_its_parameters() {
        assert!(SampleChoice::First.params().is_empty());
        assert_eq!(
            SampleChoice::Random { seed: 3 }.params(),
            [("sample", "random".to_string()), ("seed", "3".to_string())]
        );
        let strata = SampleChoice::picked("stratified", Some("carrier"), "").unwrap();
        assert_eq!(
            strata.params(),
            [
                ("sample", "stratified".to_string()),
                ("by", "carrier".to_string()),
                ("min", "10".to_string()),
                ("seed", "1".to_string())
            ]
        );
        assert_eq!(strata.redrawn().params()[3], ("seed", "2".to_string()));
        // A filter needs its condition; a stratified sample a column.
        assert_eq!(SampleChoice::picked("filter", None, "  "), None);
        assert_eq!(SampleChoice::picked("stratified", None, ""), None);
        assert_eq!(
            SampleChoice::picked("filter", None, " month > 11 ")
                .unwrap()
                .params(),
            [
                ("sample", "filter".to_string()),
                ("where", "month > 11".to_string())
            ]
        );
    }
}
