//! Dates and timestamps read from text in a chrono strftime format: what `parse_date`,
//! `parse_timestamp` and `is_valid` (for `date(FORMAT)` and `timestamp(FORMAT)`) share.
//! Null when the text or the format is null, or when the text does not fit the format.
//! Not a function itself.

use super::util::{arrays, finish, strings};
use chrono::{DateTime, NaiveDate, NaiveDateTime};
use datafusion::arrow::array::{ArrayRef, PrimitiveArray};
use datafusion::arrow::datatypes::ArrowPrimitiveType;
use datafusion::common::Result;
use datafusion::logical_expr::ColumnarValue;
use std::sync::Arc;

/// One date, or `None` when `text` does not fit `format`.
pub(crate) fn read_date(text: &str, format: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, format).ok()
}

/// One timestamp (UTC), or `None` when `text` does not fit `format`. A format with an
/// offset (`%z`) gives the UTC time; a format with only a date gives its midnight.
pub(crate) fn read_timestamp(text: &str, format: &str) -> Option<NaiveDateTime> {
    if let Ok(with_offset) = DateTime::parse_from_str(text, format) {
        return Some(with_offset.naive_utc());
    }
    NaiveDateTime::parse_from_str(text, format)
        .ok()
        .or_else(|| read_date(text, format)?.and_hms_opt(0, 0, 0))
}

/// For each row of `args` (text, format), the value `read` makes of them, as an array of
/// `T`; null where either is null or `read` gives `None`.
pub(crate) fn read_rows<T: ArrowPrimitiveType>(
    args: &[ColumnarValue],
    rows: usize,
    read: impl Fn(&str, &str) -> Option<T::Native>,
) -> Result<ColumnarValue> {
    let (arrays, scalar) = arrays(args, rows)?;
    let text = strings(&arrays[0])?;
    let format = strings(&arrays[1])?;
    let out: PrimitiveArray<T> = text
        .iter()
        .zip(format.iter())
        .map(|(t, f)| read(t?, f?))
        .collect();
    finish(Arc::new(out) as ArrayRef, scalar)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_exactly() {
        assert_eq!(
            read_date("02/29/2024", "%m/%d/%Y").unwrap().to_string(),
            "2024-02-29"
        );
        assert_eq!(read_date("02/30/2024", "%m/%d/%Y"), None);
        assert_eq!(read_date("soon", "%m/%d/%Y"), None);
    }

    #[test]
    fn timestamps_read_with_and_without_offsets() {
        assert_eq!(
            read_timestamp("2024-02-29 13:45", "%Y-%m-%d %H:%M")
                .unwrap()
                .to_string(),
            "2024-02-29 13:45:00"
        );
        assert_eq!(
            read_timestamp("2024-02-29 13:45 +0200", "%Y-%m-%d %H:%M %z")
                .unwrap()
                .to_string(),
            "2024-02-29 11:45:00"
        );
        assert_eq!(
            read_timestamp("29.02.2024", "%d.%m.%Y")
                .unwrap()
                .to_string(),
            "2024-02-29 00:00:00"
        );
        assert_eq!(read_timestamp("2024-02-30 13:45", "%Y-%m-%d %H:%M"), None);
    }
}
