//! Working sets from bytes: the Arrow IPC stream the server sends, and local files opened
//! in the browser (CSV, optionally gzipped, JSON lines and Parquet), read up to a row cap.

use super::table::Table;
use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::ipc::reader::StreamReader;
use std::io::{Cursor, Read};

/// A working set read from bytes, and how many rows the whole file has.
#[derive(Debug)]
pub struct Loaded {
    pub table: Table,
    pub total_rows: usize,
}

/// The server's Arrow IPC stream.
pub fn from_ipc(bytes: &[u8]) -> Result<Table, String> {
    let reader = StreamReader::try_new(Cursor::new(bytes), None).map_err(|e| e.to_string())?;
    let schema = reader.schema();
    let batches = reader
        .collect::<Result<Vec<RecordBatch>, _>>()
        .map_err(|e| e.to_string())?;
    Table::numbered(schema, &batches)
}

/// A local file, by its name's extension. `header_row`: a CSV's column names are on that
/// row (a recipe's leading `header row N`), and the rows above it are not data.
pub fn from_file(
    name: &str,
    bytes: Vec<u8>,
    max_rows: usize,
    header_row: Option<u64>,
) -> Result<Loaded, String> {
    let lower = name.to_ascii_lowercase();
    let (stem, bytes) = match lower.strip_suffix(".gz") {
        Some(stem) => {
            let mut out = Vec::new();
            flate2::read::MultiGzDecoder::new(bytes.as_slice())
                .read_to_end(&mut out)
                .map_err(|e| format!("{name}: not gzip: {e}"))?;
            (stem.to_string(), out)
        }
        None => (lower.clone(), bytes),
    };
    let is_csv = stem.ends_with(".csv") || stem.ends_with(".tsv");
    if header_row.is_some() && !is_csv {
        return Err(format!(
            "{name}: `header` names the columns of a CSV file; this file names its own"
        ));
    }
    let (schema, batches, total) = if is_csv {
        let skip = header_row.map_or(0, |h| h.saturating_sub(1));
        csv(&stem, after_lines(&bytes, skip), max_rows)?
    } else if stem.ends_with(".jsonl") || stem.ends_with(".ndjson") || stem.ends_with(".json") {
        json(&bytes, max_rows)?
    } else if stem.ends_with(".parquet") {
        parquet(bytes, max_rows)?
    } else {
        return Err(format!(
            "{name}: open a .csv, .tsv, .jsonl or .parquet file (.csv.gz too)"
        ));
    };
    Ok(Loaded {
        table: Table::numbered(schema, &batches).map_err(|e| format!("{name}: {e}"))?,
        total_rows: total,
    })
}

type Read3 = (SchemaRef, Vec<RecordBatch>, usize);

fn take(
    batches: impl Iterator<Item = Result<RecordBatch, datafusion::arrow::error::ArrowError>>,
    max_rows: usize,
) -> Result<(Vec<RecordBatch>, usize), String> {
    let mut out = Vec::new();
    let mut kept = 0;
    let mut total = 0;
    for batch in batches {
        let batch = batch.map_err(|e| e.to_string())?;
        total += batch.num_rows();
        if kept < max_rows {
            let n = batch.num_rows().min(max_rows - kept);
            kept += n;
            out.push(batch.slice(0, n));
        }
    }
    Ok((out, total))
}

fn csv(name: &str, bytes: &[u8], max_rows: usize) -> Result<Read3, String> {
    use arrow_csv::reader::Format;
    let delimiter = if name.ends_with(".tsv") {
        b'\t'
    } else {
        sniff_delimiter(bytes)
    };
    let format = Format::default()
        .with_header(true)
        .with_delimiter(delimiter)
        .with_null_regex(regex::Regex::new(r"^(|NA|N/A|NULL|null)$").expect("a valid regex"));
    let (schema, _) = format
        .infer_schema(Cursor::new(bytes), Some(10_000))
        .map_err(|e| e.to_string())?;
    let schema = std::sync::Arc::new(schema);
    let reader = arrow_csv::ReaderBuilder::new(schema.clone())
        .with_format(format)
        .build(Cursor::new(bytes))
        .map_err(|e| e.to_string())?;
    let (batches, total) = take(reader, max_rows)?;
    Ok((schema, batches, total))
}

/// The bytes after the first `lines` lines.
fn after_lines(bytes: &[u8], lines: u64) -> &[u8] {
    let mut rest = bytes;
    for _ in 0..lines {
        match rest.iter().position(|&b| b == b'\n') {
            Some(at) => rest = &rest[at + 1..],
            None => return &[],
        }
    }
    rest
}

/// The most common of `,`, `;`, tab and `|` in the first line.
fn sniff_delimiter(bytes: &[u8]) -> u8 {
    let line = bytes.split(|&b| b == b'\n').next().unwrap_or(bytes);
    [b',', b';', b'\t', b'|']
        .into_iter()
        .max_by_key(|d| line.iter().filter(|b| *b == d).count())
        .unwrap_or(b',')
}

fn json(bytes: &[u8], max_rows: usize) -> Result<Read3, String> {
    let (schema, _) =
        arrow_json::reader::infer_json_schema_from_seekable(Cursor::new(bytes), Some(10_000))
            .map_err(|e| e.to_string())?;
    let schema = std::sync::Arc::new(schema);
    let reader = arrow_json::ReaderBuilder::new(schema.clone())
        .build(Cursor::new(bytes))
        .map_err(|e| e.to_string())?;
    let (batches, total) = take(reader, max_rows)?;
    Ok((schema, batches, total))
}

fn parquet(bytes: Vec<u8>, max_rows: usize) -> Result<Read3, String> {
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let builder = ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::from(bytes))
        .map_err(|e| e.to_string())?;
    let total = usize::try_from(builder.metadata().file_metadata().num_rows()).unwrap_or(0);
    let schema = builder.schema().clone();
    let reader = builder
        .with_limit(max_rows)
        .build()
        .map_err(|e| e.to_string())?;
    let (batches, _) = take(reader, max_rows)?;
    Ok((schema, batches, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_is_read_up_to_the_cap_and_counted_whole() {
        let text = "a;b\n1;x\n2;NA\n3;z\n".as_bytes().to_vec();
        let loaded = from_file("t.csv", text, 2, None).unwrap();
        assert_eq!(loaded.table.num_rows(), 2);
        assert_eq!(loaded.total_rows, 3);
        assert_eq!(loaded.table.column_names(), vec!["a", "b"]);
        assert!(loaded.table.column("b").unwrap().is_null(1));
    }

    #[test]
    fn a_csv_header_can_be_on_a_later_row() {
        let text = b"Report\n\nid,name\n1,a\n2,b\n".to_vec();
        let loaded = from_file("r.csv", text.clone(), 10, Some(3)).unwrap();
        assert_eq!(loaded.table.column_names(), vec!["id", "name"]);
        assert_eq!(loaded.table.num_rows(), 2);
        assert!(from_file("r.jsonl", text, 10, Some(3))
            .unwrap_err()
            .contains("CSV"));
    }

    #[test]
    fn json_lines_and_unknown_files() {
        let text = b"{\"a\": 1}\n{\"a\": 2}\n".to_vec();
        assert_eq!(
            from_file("t.jsonl", text, 10, None)
                .unwrap()
                .table
                .num_rows(),
            2
        );
        assert!(from_file("t.xlsx", vec![], 10, None)
            .unwrap_err()
            .contains(".csv"));
    }
}
