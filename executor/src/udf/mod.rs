//! Our own functions, where DataFusion's built-ins differ from the language's semantics.
//! One function per file, with its tests beside it.

pub mod split_parts;

// The function library's UDFs (see `compile::functions`), one per file.
pub mod ceil_floor;
pub mod crc32;
pub mod date_add;
pub mod date_diff;
pub mod format_number;
pub mod from_utc;
pub mod hash;
pub mod is_missing;
pub mod is_valid;
pub mod json_get;
pub mod make_timestamp;
pub mod min_max_by;
pub mod mode;
pub mod null_markers;
pub mod parse_date;
pub mod parse_timestamp;
pub mod remove_accents;
pub mod sample_key;
pub mod sha1;
pub mod substitute;
pub mod substring_after;
pub mod substring_before;
pub mod to_boolean;
pub mod to_json;
pub mod to_string;
pub mod to_utc;
pub mod trunc;
pub mod type_of;
pub mod url_decode;
pub mod url_encode;

/// Shared helpers of the UDFs above (not a function).
pub(crate) mod util;

// What several UDFs above share, one idea per file (none is a function).
pub(crate) mod first_match;
pub(crate) mod json_text;
pub(crate) mod singleton;
pub(crate) mod strftime;

#[cfg(test)]
mod test_support;
