//! The byte cap of a sample: a sample larger than its cap as an Arrow stream loses rows
//! until it fits. The first rows and the rows a condition chose keep their first rows; a
//! random or stratified sample keeps a random share of its rows (seeded like the sample,
//! so it stays uniform and repeats), in the dataset's order.

use crate::sample_api::Sample;
use crate::udf::sample_key::mix;
use datafusion::arrow::array::UInt32Array;
use datafusion::arrow::compute::{concat_batches, take_record_batch};
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::error::ArrowError;
use datafusion::arrow::ipc::writer::StreamWriter;
use datafusion::arrow::record_batch::RecordBatch;

/// A sample as sent: its rows and its Arrow stream.
pub struct Capped {
    pub batches: Vec<RecordBatch>,
    pub stream: Vec<u8>,
    /// Whether rows were left out to fit the cap.
    pub cut: bool,
}

/// `batches` as an Arrow stream of at most `cap` bytes, rows left out as the sample's kind
/// says when they are more.
pub fn cap(
    schema: &SchemaRef,
    batches: Vec<RecordBatch>,
    cap: u64,
    sample: &Sample,
) -> Result<Capped, ArrowError> {
    let stream = to_stream(schema, &batches)?;
    if stream.len() as u64 <= cap {
        return Ok(Capped {
            batches,
            stream,
            cut: false,
        });
    }
    let all = concat_batches(schema, &batches)?;
    let mut size = stream.len() as u64;
    let mut keep = all.num_rows();
    // Rows are not all the same size: shrink by the share over the cap until it fits.
    loop {
        keep = ((keep as f64) * (cap as f64 / size as f64) * 0.97) as usize;
        let kept = if sample.is_random() {
            random_rows(&all, keep, seed(sample))?
        } else {
            all.slice(0, keep.min(all.num_rows()))
        };
        let stream = to_stream(schema, std::slice::from_ref(&kept))?;
        size = stream.len() as u64;
        if size <= cap || keep == 0 {
            return Ok(Capped {
                batches: vec![kept],
                stream,
                cut: true,
            });
        }
    }
}

fn seed(sample: &Sample) -> u64 {
    match sample {
        Sample::Random { seed } | Sample::Stratified { seed, .. } => *seed,
        _ => 0,
    }
}

/// `keep` rows of `all` with the smallest keys of their index and `seed`, in order.
fn random_rows(all: &RecordBatch, keep: usize, seed: u64) -> Result<RecordBatch, ArrowError> {
    let rows = all.num_rows();
    let mut keyed: Vec<(u64, u32)> = (0..rows)
        .map(|i| (mix(i as u64 ^ mix(seed.wrapping_add(1))), i as u32))
        .collect();
    keyed.sort_unstable();
    let mut chosen: Vec<u32> = keyed.into_iter().take(keep).map(|(_, i)| i).collect();
    chosen.sort_unstable();
    take_record_batch(all, &UInt32Array::from(chosen))
}

/// Batches as an Arrow IPC stream.
pub fn to_stream(schema: &SchemaRef, batches: &[RecordBatch]) -> Result<Vec<u8>, ArrowError> {
    let mut out = Vec::new();
    {
        let mut writer = StreamWriter::try_new(&mut out, schema)?;
        for batch in batches {
            writer.write(batch)?;
        }
        writer.finish()?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::{AsArray, Int64Array, StringArray};
    use datafusion::arrow::datatypes::{DataType, Field, Int64Type, Schema};
    use std::sync::Arc;

    fn rows(n: i64) -> (SchemaRef, Vec<RecordBatch>) {
        let schema = Arc::new(Schema::new(vec![
            Field::new("n", DataType::Int64, false),
            Field::new("text", DataType::Utf8, false),
        ]));
        let n_col = Int64Array::from_iter_values(0..n);
        let text = StringArray::from_iter_values((0..n).map(|i| format!("row number {i:>20}")));
        let batch =
            RecordBatch::try_new(schema.clone(), vec![Arc::new(n_col), Arc::new(text)]).unwrap();
        (schema, vec![batch])
    }

    fn numbers(capped: &Capped) -> Vec<i64> {
        capped
            .batches
            .iter()
            .flat_map(|b| {
                let a = b.column(0).as_primitive::<Int64Type>();
                (0..a.len()).map(|i| a.value(i)).collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn a_sample_under_its_cap_is_whole() {
        let (schema, batches) = rows(100);
        let capped = cap(&schema, batches, 1 << 20, &Sample::First).unwrap();
        assert!(!capped.cut);
        assert_eq!(numbers(&capped), (0..100).collect::<Vec<_>>());
    }

    #[test]
    fn the_first_rows_keep_their_start_and_fit_the_cap() {
        let (schema, batches) = rows(10_000);
        let capped = cap(&schema, batches, 100_000, &Sample::First).unwrap();
        assert!(capped.cut);
        assert!(capped.stream.len() <= 100_000, "{}", capped.stream.len());
        let kept = numbers(&capped);
        assert!(kept.len() > 1_000, "{} rows kept", kept.len());
        assert_eq!(kept, (0..kept.len() as i64).collect::<Vec<_>>());
    }

    #[test]
    fn a_random_sample_keeps_rows_from_everywhere_in_order_and_repeats() {
        let (schema, batches) = rows(10_000);
        let random = Sample::Random { seed: 3 };
        let capped = cap(&schema, batches.clone(), 100_000, &random).unwrap();
        assert!(capped.cut && capped.stream.len() <= 100_000);
        let kept = numbers(&capped);
        assert!(kept.windows(2).all(|w| w[0] < w[1]), "in order");
        // From the whole range, not its start: about half of them in the second half.
        let late = kept.iter().filter(|&&n| n >= 5_000).count();
        let share = late as f64 / kept.len() as f64;
        assert!(
            (0.4..0.6).contains(&share),
            "{share} of rows from the second half"
        );
        let again = cap(&schema, batches, 100_000, &random).unwrap();
        assert_eq!(numbers(&again), kept);
    }
}
