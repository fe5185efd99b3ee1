//! The format of an input object (CSV, Parquet or JSON lines) and its compression (none,
//! gzip or zstd), as its name tells.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv(Compression),
    Parquet,
    JsonLines(Compression),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    None,
    Gzip,
    Zstd,
}

impl Format {
    /// The format a file name says: `.csv`, `.csv.gz`, `.csv.zst`, `.tsv`, `.parquet`,
    /// `.json`, `.jsonl`, `.ndjson` (with `.gz`/`.zst`).
    pub fn from_name(name: &str) -> Option<Format> {
        let lower = name.to_ascii_lowercase();
        let (stem, compression) = if let Some(s) = lower.strip_suffix(".gz") {
            (s.to_string(), Compression::Gzip)
        } else if let Some(s) = lower.strip_suffix(".zst") {
            (s.to_string(), Compression::Zstd)
        } else {
            (lower, Compression::None)
        };
        if stem.ends_with(".csv") || stem.ends_with(".tsv") || stem.ends_with(".txt") {
            Some(Format::Csv(compression))
        } else if stem.ends_with(".parquet") || stem.ends_with(".pq") {
            (compression == Compression::None).then_some(Format::Parquet)
        } else if stem.ends_with(".json") || stem.ends_with(".jsonl") || stem.ends_with(".ndjson") {
            Some(Format::JsonLines(compression))
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_come_from_names() {
        assert_eq!(
            Format::from_name("a/flights.csv.gz"),
            Some(Format::Csv(Compression::Gzip))
        );
        assert_eq!(Format::from_name("x.PARQUET"), Some(Format::Parquet));
        assert_eq!(
            Format::from_name("x.jsonl.zst"),
            Some(Format::JsonLines(Compression::Zstd))
        );
        assert_eq!(Format::from_name("x.xlsx"), None);
    }
}
