//! What went wrong while a step ran, in words a user reads: Arrow's and DataFusion's kinds
//! of error named as the language names things, without their prefixes. Shared by the
//! native runner (`Error::Step`) and the compiler's passes over the data (pivot values),
//! which the browser runs too.

/// Whether an engine message says a value does not fit the type it was to become: integer
/// or decimal arithmetic past its range, a cast to a narrower decimal or integer, a date
/// beyond the nanosecond timestamps some date functions work in. A data error of the step
/// (as an integer overflow is), not a bug.
pub fn is_out_of_range(message: &str) -> bool {
    let lower = message.to_ascii_lowercase();
    if lower.contains("panicked") {
        return false;
    }
    [
        "arithmetic overflow",
        "overflow happened",
        "signed integer overflow",
        "overflowing on",
        "decimal overflow",
        "converted value exceeds the representable",
        // Arrow's checked kernels: "Int64Array overflow on abs(-9223372036854775808)".
        "array overflow on ",
    ]
    .iter()
    .any(|w| lower.contains(w))
        || (lower.contains("timestamp") && lower.contains("out of range"))
}

/// An engine message with Arrow's type names written as the language's.
fn with_language_types(message: &str) -> String {
    let mut text = message.to_string();
    for (arrow, language) in [
        (
            "Timestamp(ns)",
            "timestamp (in nanoseconds: years 1677 to 2262)",
        ),
        (
            "Timestamp(Nanosecond, None)",
            "timestamp (in nanoseconds: years 1677 to 2262)",
        ),
        ("Decimal128(", "decimal("),
        ("Decimal256(", "decimal("),
        ("Int64", "integer"),
        ("Float64", "float"),
        ("Date32", "date"),
        ("Utf8", "string"),
    ] {
        text = text.replace(arrow, language);
    }
    text
}

/// What went wrong in a step, in words: Arrow's and DataFusion's kinds of error named as a
/// user would, without their prefixes.
pub fn in_words(e: &datafusion::error::DataFusionError) -> String {
    let words = kind_in_words(e);
    if is_out_of_range(&words) && !words.starts_with("integer overflow") {
        let what = words.trim_start_matches("a value could not be converted: ");
        return format!(
            "a value does not fit its type: {}; convert to a wider type first (float) or keep such rows out",
            with_language_types(what)
        );
    }
    words
}

fn kind_in_words(e: &datafusion::error::DataFusionError) -> String {
    use datafusion::arrow::error::ArrowError;
    use datafusion::error::DataFusionError;
    match e {
        DataFusionError::ArrowError(arrow, _) => match arrow.as_ref() {
            ArrowError::ArithmeticOverflow(what) => {
                format!("integer overflow ({what}); integers hold 64 bits: convert to float or decimal first")
            }
            ArrowError::DivideByZero => "division by zero".into(),
            ArrowError::CastError(what) | ArrowError::ParseError(what) => {
                format!("a value could not be converted: {what}")
            }
            ArrowError::ComputeError(what) | ArrowError::InvalidArgumentError(what) => what.clone(),
            other => other.to_string(),
        },
        DataFusionError::Context(_, inner) => kind_in_words(inner),
        DataFusionError::Shared(inner) => kind_in_words(inner),
        DataFusionError::Execution(what) => what.clone(),
        other => other.strip_backtrace(),
    }
}
