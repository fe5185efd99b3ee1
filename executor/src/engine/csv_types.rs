//! The columns of a CSV input: their names from the header record, their types from the
//! values, and reading the text as those types.
//!
//! Every column is read as text, and converted after the null markers (`NA`, `N/A`,
//! `NULL`, `null`; an empty cell) become null, wherever they are in the file. A column's
//! type is what every value of the rows looked at fits (Arrow's CSV inference, each value
//! also checked to convert); a column with no values is text. Types come from the first
//! [`FIRST_ROWS`] rows, or from every row when a later value did not fit
//! ([`Typing::EveryRow`]): the conversion then fails with a [`CsvValue`] error naming the
//! column and the value, and the caller reads the input again.

use super::bad_rows::{BadRow, FieldReader};
use super::csv_dialect::{self, CsvDialect};
use super::format::Compression;
use crate::error::{CsvValue, Result};
use crate::udf::null_markers::NULL_MARKERS;
use datafusion::arrow::array::{Array, ArrayRef, AsArray, StringArray};
use datafusion::arrow::buffer::{BooleanBuffer, NullBuffer};
use datafusion::arrow::compute::kernels::cast_utils::Parser;
use datafusion::arrow::compute::{cast_with_options, CastOptions};
use datafusion::arrow::datatypes::{
    ArrowTimestampType, DataType, Date32Type, Float64Type, Int64Type, TimeUnit,
    TimestampNanosecondType,
};
use datafusion::common::DataFusionError;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};
use object_store::{ObjectMeta, ObjectStore};
use regex::RegexSet;
use std::sync::{Arc, LazyLock};

/// Types come from this many rows unless a later value does not fit them.
pub const FIRST_ROWS: u64 = 10_000;

/// Which rows a CSV input's column types come from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Typing {
    /// The first [`FIRST_ROWS`] rows: quick, and right unless the data changes further down.
    #[default]
    FirstRows,
    /// Every row (the input is read once more): after a later value did not fit.
    EveryRow,
}

impl Typing {
    fn limit(self) -> Option<u64> {
        match self {
            Typing::FirstRows => Some(FIRST_ROWS),
            Typing::EveryRow => None,
        }
    }
}

/// The columns of a CSV input, in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Columns {
    pub names: Vec<String>,
    pub types: Vec<DataType>,
}

/// Whether a cell means "no value".
pub fn is_null_marker(text: &str) -> bool {
    text.is_empty() || NULL_MARKERS.contains(&text)
}

/// What [`columns`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sampled {
    Columns(Columns),
    /// No object holds a record at all.
    Empty,
    /// A malformed row among the rows read, when they are not set aside.
    BadRow(BadRow),
}

/// The names and types of a CSV input's columns: names from the first object's header
/// record (`column_N` without one; see [`csv_dialect::column_names`]), types from the rows
/// `typing` says, across the objects in order, leaving out the first `skip` records (the
/// rows down to a `header row N`). A malformed row stops it, unless such rows are set aside
/// (`skip_bad_rows`): then it is passed over.
pub async fn columns(
    store: &dyn ObjectStore,
    objects: &[(ObjectMeta, String)],
    compression: Compression,
    dialect: &CsvDialect,
    typing: Typing,
    skip_bad_rows: bool,
    skip: u64,
) -> Result<Sampled> {
    let mut names: Option<Vec<String>> = None;
    let mut inferred: Vec<Inferred> = Vec::new();
    let mut rows = 0u64;
    let limit = typing.limit().unwrap_or(u64::MAX);
    for (meta, uri) in objects {
        if rows >= limit {
            break;
        }
        let mut reader = FieldReader::open(store, meta, uri, compression, dialect).await?;
        // Below a `header row N`: the lines above it go unread, and row N (the first record
        // then) sets the number of fields and is not data.
        if skip > 1 {
            reader.skip_records(skip - 1).await?;
        }
        while let Some(record) = reader.next().await? {
            if let Some(reason) = record.malformed.clone() {
                if skip_bad_rows {
                    continue;
                }
                return Ok(Sampled::BadRow(reader.bad_row(&record, reason)));
            }
            if names.is_none() {
                let width = reader.len();
                names = Some(if dialect.has_header {
                    let cells: Vec<String> = (0..width)
                        .map(|i| text(reader.field(i).unwrap_or_default()))
                        .collect();
                    csv_dialect::column_names(&cells, width)
                } else {
                    (1..=width).map(|i| format!("column_{i}")).collect()
                });
                inferred = vec![Inferred::default(); width];
            }
            if record.first && (dialect.has_header || skip > 0) {
                continue;
            }
            for (i, column) in inferred.iter_mut().enumerate() {
                if let Some(cell) = reader.field(i) {
                    column.update(&text(cell));
                }
            }
            rows += 1;
            if rows >= limit {
                break;
            }
        }
    }
    Ok(match names {
        Some(names) => Sampled::Columns(Columns {
            names,
            types: inferred.iter().map(Inferred::data_type).collect(),
        }),
        None => Sampled::Empty,
    })
}

/// What explains a value that did not convert.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    /// The object and line where the column first holds the value.
    Value(String, u64),
    /// A malformed row before it (read as it was, it gave the column that value).
    BadRow(BadRow),
}

/// Where column `column` (0-based) first holds `value` in a data row, or the first
/// malformed row before it (unless `skip_bad_rows`: they were set aside).
pub async fn locate(
    store: &dyn ObjectStore,
    objects: &[(ObjectMeta, String)],
    compression: Compression,
    dialect: &CsvDialect,
    column: usize,
    value: &str,
    skip_bad_rows: bool,
) -> Result<Option<Found>> {
    for (meta, uri) in objects {
        let mut reader = FieldReader::open(store, meta, uri, compression, dialect).await?;
        while let Some(record) = reader.next().await? {
            if let Some(reason) = record.malformed.clone() {
                if skip_bad_rows {
                    continue;
                }
                return Ok(Some(Found::BadRow(reader.bad_row(&record, reason))));
            }
            if record.first && dialect.has_header {
                continue;
            }
            if reader.field(column) == Some(value.as_bytes()) {
                return Ok(Some(Found::Value(uri.clone(), record.line)));
            }
        }
    }
    Ok(None)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Arrow's CSV type inference (`arrow_csv::reader::InferredDataType`, the patterns in the
/// same order), where a value that matches a pattern but would not convert (an integer
/// beyond 64 bits, 2024-02-30) counts as text: every value of the rows looked at converts.
static PATTERNS: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new([
        r"(?i)^(true)$|^(false)$(?-i)",
        r"^-?(\d+)$",
        r"^-?((\d*\.\d+|\d+\.\d*)([eE][-+]?\d+)?|\d+([eE][-+]?\d+))$",
        r"^\d{4}-\d\d-\d\d$",
        r"^\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[^\d\.].*)?$",
        r"^\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d\.\d{1,3}(?:[^\d].*)?$",
        r"^\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d\.\d{1,6}(?:[^\d].*)?$",
        r"^\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d\.\d{1,9}(?:[^\d].*)?$",
    ])
    .expect("valid patterns")
});

const BOOLEAN: u16 = 1;
const INTEGER: u16 = 1 << 1;
const FLOAT: u16 = 1 << 2;
const TEXT: u16 = 1 << 8;

/// The kinds of value a column held so far, one bit each (as Arrow packs them: boolean,
/// integer, float, date, timestamps in seconds, milli-, micro-, nanoseconds, text).
#[derive(Clone, Copy, Debug, Default)]
struct Inferred {
    packed: u16,
    /// Some date or time is outside what nanoseconds since 1970 hold (1677 to 2262).
    beyond_nanoseconds: bool,
}

impl Inferred {
    fn update(&mut self, cell: &str) {
        if is_null_marker(cell) {
            return;
        }
        self.packed |= if cell.starts_with('"') {
            TEXT
        } else {
            match PATTERNS.matches(cell).into_iter().next() {
                Some(1) if Int64Type::parse(cell).is_none() => TEXT,
                Some(2) if Float64Type::parse(cell).is_none() => TEXT,
                Some(3) => match date(cell) {
                    Some(fits_nanoseconds) => {
                        self.beyond_nanoseconds |= !fits_nanoseconds;
                        1 << 3
                    }
                    None => TEXT,
                },
                Some(m @ 4..=7) => match timestamp(cell) {
                    Some(fits_nanoseconds) => {
                        self.beyond_nanoseconds |= !fits_nanoseconds;
                        1 << m
                    }
                    None => TEXT,
                },
                Some(m) => 1 << m,
                None if matches!(cell, "NaN" | "nan" | "inf" | "-inf")
                    && Float64Type::parse(cell).is_some() =>
                {
                    FLOAT
                }
                None => TEXT,
            }
        };
    }

    /// The column's type: text when it held no value, or values of no one type.
    fn data_type(&self) -> DataType {
        match self.packed {
            0 => DataType::Utf8,
            BOOLEAN => DataType::Boolean,
            INTEGER => DataType::Int64,
            FLOAT | 0b110 => DataType::Float64,
            b if (b & !0b1111_1000) == 0 => match b.leading_zeros() {
                8 if self.beyond_nanoseconds => DataType::Utf8,
                8 => DataType::Timestamp(TimeUnit::Nanosecond, None),
                9 => DataType::Timestamp(TimeUnit::Microsecond, None),
                10 => DataType::Timestamp(TimeUnit::Millisecond, None),
                11 => DataType::Timestamp(TimeUnit::Second, None),
                _ => DataType::Date32,
            },
            _ => DataType::Utf8,
        }
    }
}

/// Whether a date and time converts (as Arrow's cast reads it), and then whether it fits
/// nanoseconds.
fn timestamp(cell: &str) -> Option<bool> {
    use datafusion::arrow::compute::kernels::cast_utils::string_to_datetime;
    let naive = string_to_datetime(&chrono::Utc, cell).ok()?.naive_utc();
    Some(TimestampNanosecondType::from_naive_datetime(naive, None).is_some())
}

/// Whether a date converts (as Arrow's cast reads it), and then whether it fits
/// nanoseconds.
fn date(cell: &str) -> Option<bool> {
    Date32Type::parse(cell)?;
    timestamp(&format!("{cell}T00:00:00"))
}

/// How a message names what a column of `data_type` holds.
pub fn described(data_type: &DataType) -> &'static str {
    match data_type {
        DataType::Boolean => "true or false",
        DataType::Int64 => "an integer",
        DataType::Float64 => "a number",
        DataType::Date32 => "a date",
        DataType::Timestamp(_, _) => "a date and time",
        _ => "text",
    }
}

/// `csv_value(text)`: a column read as text, its null markers null and the rest converted
/// to the column's type. A value that does not convert fails with a [`CsvValue`] error.
#[derive(Debug, PartialEq, Eq, Hash)]
struct ReadValue {
    input: String,
    column: String,
    to: DataType,
    /// The rows the type came from, when only the first ones.
    from_rows: Option<u64>,
    signature: Signature,
}

impl ScalarUDFImpl for ReadValue {
    fn name(&self) -> &str {
        "csv_value"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _args: &[DataType]) -> datafusion::common::Result<DataType> {
        Ok(self.to.clone())
    }

    fn invoke_with_args(
        &self,
        args: ScalarFunctionArgs,
    ) -> datafusion::common::Result<ColumnarValue> {
        let scalar = matches!(args.args[0], ColumnarValue::Scalar(_));
        let array = args.args[0].to_array(if scalar { 1 } else { args.number_rows })?;
        let text = array.as_string::<i32>();
        let kept = BooleanBuffer::collect_bool(text.len(), |i| !is_null_marker(text.value(i)));
        let nulls = NullBuffer::union(text.nulls(), Some(&NullBuffer::new(kept)));
        let cleaned = StringArray::try_new(text.offsets().clone(), text.values().clone(), nulls)?;
        let options = CastOptions {
            safe: true,
            ..CastOptions::default()
        };
        let out: ArrayRef = cast_with_options(&cleaned, &self.to, &options)?;
        if out.null_count() != cleaned.null_count() {
            let misfit = (0..cleaned.len())
                .find(|&i| cleaned.is_valid(i) && out.is_null(i))
                .map(|i| cleaned.value(i).to_string())
                .unwrap_or_default();
            return Err(DataFusionError::External(Box::new(CsvValue {
                input: self.input.clone(),
                column: self.column.clone(),
                value: misfit,
                expected: described(&self.to).to_string(),
                from_rows: self.from_rows,
                at: None,
            })));
        }
        if scalar {
            Ok(ColumnarValue::Scalar(
                datafusion::common::ScalarValue::try_from_array(out.as_ref(), 0)?,
            ))
        } else {
            Ok(ColumnarValue::Array(out))
        }
    }
}

/// The function reading column `column` of `input` (text) as `to`; `from_rows`: the type
/// came from that many first rows.
pub fn read_value(
    input: &str,
    column: &str,
    to: DataType,
    from_rows: Option<u64>,
) -> Arc<ScalarUDF> {
    Arc::new(ScalarUDF::new_from_impl(ReadValue {
        input: input.to_string(),
        column: column.to_string(),
        to,
        from_rows,
        signature: Signature::exact(vec![DataType::Utf8], Volatility::Immutable),
    }))
}

/// The rows `typing` types columns from, for messages.
pub fn from_rows(typing: Typing) -> Option<u64> {
    typing.limit()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(cells: &[&str]) -> DataType {
        let mut inferred = Inferred::default();
        for cell in cells {
            inferred.update(cell);
        }
        inferred.data_type()
    }

    #[test]
    fn types_are_arrows_with_every_value_converting() {
        assert_eq!(typed(&["1", "-2", "NA", ""]), DataType::Int64);
        assert_eq!(typed(&["1", "2.5"]), DataType::Float64);
        assert_eq!(typed(&["1", "abc"]), DataType::Utf8);
        assert_eq!(typed(&["true", "FALSE", "N/A"]), DataType::Boolean);
        assert_eq!(typed(&["2024-01-02", "NULL"]), DataType::Date32);
        assert_eq!(
            typed(&["2024-01-02", "1976-06-12 10:30:00"]),
            DataType::Timestamp(TimeUnit::Second, None)
        );
        assert_eq!(
            typed(&["1976-06-12 10:30:00.123456789"]),
            DataType::Timestamp(TimeUnit::Nanosecond, None)
        );
        // No values: text, never the null type.
        assert_eq!(typed(&["NA", "", "null"]), DataType::Utf8);
        assert_eq!(typed(&[]), DataType::Utf8);
        // Matches a pattern, does not convert: text.
        assert_eq!(typed(&["12345678901234567890"]), DataType::Utf8);
        assert_eq!(typed(&["2024-01-02", "2024-02-30"]), DataType::Utf8);
        assert_eq!(typed(&["2024-01-02 25:00:00"]), DataType::Utf8);
        // Nanoseconds end in 2262: an earlier date in such a column is text.
        assert_eq!(
            typed(&["1500-01-01", "2024-01-02 10:00:00.123456789"]),
            DataType::Utf8
        );
        assert_eq!(typed(&["1500-01-01"]), DataType::Date32);
    }

    #[test]
    fn a_value_that_does_not_convert_is_named_with_its_column() {
        use datafusion::logical_expr::col;
        use datafusion::prelude::SessionContext;
        let read = |cells: Vec<Option<&'static str>>, from_rows| async move {
            let ctx = SessionContext::new();
            let batch = datafusion::arrow::record_batch::RecordBatch::try_from_iter([(
                "n",
                Arc::new(StringArray::from(cells)) as ArrayRef,
            )])
            .unwrap();
            let frame = ctx.read_batch(batch).unwrap();
            let udf = read_value("in.csv", "n", DataType::Int64, from_rows);
            frame
                .select(vec![udf.call(vec![col("n")]).alias("n")])
                .unwrap()
                .collect()
                .await
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let batches = runtime
            .block_on(read(
                vec![Some("1"), Some("NA"), None, Some(""), Some("2")],
                None,
            ))
            .unwrap();
        let ints = batches[0].column(0).as_primitive::<Int64Type>();
        assert_eq!(
            ints.iter().collect::<Vec<_>>(),
            [Some(1), None, None, None, Some(2)]
        );
        let error = runtime
            .block_on(read(
                vec![Some("1"), Some("1.5"), Some("x")],
                Some(FIRST_ROWS),
            ))
            .unwrap_err();
        let value = crate::error::csv_value(&error).expect("a CSV value error");
        assert_eq!(
            value.to_string(),
            "input in.csv: column `n`: `1.5` is not an integer like the column's first 10000 \
             rows; correct the value, or leave the cell empty"
        );
        let located = CsvValue {
            at: Some(("s3://b/in.csv".into(), 20_001)),
            from_rows: None,
            value: format!("{}\n", "y".repeat(70)),
            ..value.clone()
        };
        assert_eq!(
            crate::Error::CsvValue(Box::new(located)).to_string(),
            format!(
                "input s3://b/in.csv: line 20001, column `n`: `{}…` is not an integer; correct \
                 the value, or leave the cell empty",
                "y".repeat(60)
            )
        );
    }

    #[test]
    fn what_inference_accepts_the_cast_converts() {
        let cases: [(&[&str], DataType); 5] = [
            (&["1", "-007", "9223372036854775807"], DataType::Int64),
            (
                &["1.5", ".5", "5.", "1e3", "NaN", "inf", "-inf"],
                DataType::Float64,
            ),
            (&["true", "False", "TRUE"], DataType::Boolean),
            (&["2024-02-29", "0001-01-01"], DataType::Date32),
            (
                &[
                    "2024-02-29T10:00:00Z",
                    "2024-02-29 10:00:00+02:00",
                    "1999-01-01 00:00:00",
                ],
                DataType::Timestamp(TimeUnit::Second, None),
            ),
        ];
        for (cells, data_type) in cases {
            assert_eq!(typed(cells), data_type, "{cells:?}");
            let array = StringArray::from(cells.to_vec());
            let strict = CastOptions {
                safe: false,
                ..CastOptions::default()
            };
            cast_with_options(&array, &data_type, &strict)
                .unwrap_or_else(|e| panic!("{cells:?} as {data_type}: {e}"));
        }
    }
}
