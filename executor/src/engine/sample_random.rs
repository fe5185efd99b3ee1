//! A uniform random sample read in parallel. The dataset is read in a fixed number of
//! parts (byte ranges of its files, so the same parts on every machine); a row's position
//! is its part and its place in it, its key `sample_key(position, seed)`, and each part
//! keeps only the rows of its smallest keys as it reads. The parts' rows are then cut to
//! the smallest keys of all and put in the dataset's order. One pass, holding a few times
//! the rows asked for, on every core; the same seed gives the same rows every time.

use crate::udf::sample_key::mix;
use datafusion::arrow::array::{ArrayRef, AsArray, BooleanArray, RecordBatch, UInt64Array};
use datafusion::arrow::compute::{
    concat_batches, filter_record_batch, sort_to_indices, take_record_batch, SortOptions,
};
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef, UInt64Type};
use datafusion::error::{DataFusionError, Result};
use datafusion::execution::{SendableRecordBatchStream, SessionState, SessionStateBuilder};
use datafusion::logical_expr::LogicalPlan;
use futures::StreamExt;
use std::sync::Arc;

/// How many parts the dataset is read in: fixed, so that positions (and samples) do not
/// depend on the machine's cores; a gzip file or a small one is one part.
pub const PARTS: usize = 16;

/// Where the part's number goes in a position: parts hold fewer than 2^40 rows.
const PART_SHIFT: u32 = 40;

/// The sample of `rows` rows of `plan` for `seed`, in the dataset's order, and how many
/// rows the dataset has (every one was read).
pub async fn random(
    state: &SessionState,
    plan: LogicalPlan,
    seed: u64,
    rows: usize,
) -> Result<(Vec<RecordBatch>, u64)> {
    let mut config = state.config().clone();
    let options = config.options_mut();
    options.execution.target_partitions = PARTS;
    options.optimizer.repartition_file_scans = true;
    // A round-robin repartition would deal rows out in an order that varies run to run.
    options.optimizer.enable_round_robin_repartition = false;
    let state = SessionStateBuilder::new_from_existing(state.clone())
        .with_config(config)
        .build();
    let physical = state.create_physical_plan(&plan).await?;
    let schema = physical.schema();
    let parts = physical
        .properties()
        .output_partitioning()
        .partition_count();
    // Dropped (a cancelled sample), the set stops every part.
    let mut reading = tokio::task::JoinSet::new();
    for part in 0..parts {
        let stream = physical.execute(part, state.task_ctx())?;
        reading.spawn(smallest_of_part(stream, part as u64, mix(seed), rows));
    }
    let mut kept = Vec::new();
    let mut total = 0;
    while let Some(done) = reading.join_next().await {
        let (batch, read) = done.map_err(|e| DataFusionError::External(Box::new(e)))??;
        kept.extend(batch);
        total += read;
    }
    let keyed = keyed_schema(&schema);
    let Some(all) = smallest(&keyed, &kept, rows)?.map(|(batch, _)| batch) else {
        return Ok((Vec::new(), total));
    };
    // The dataset's order: by position.
    let order = sort_to_indices(all.column(all.num_columns() - 1), None, None)?;
    let ordered = take_record_batch(&all, &order)?;
    let columns: Vec<usize> = (0..schema.fields().len()).collect();
    Ok((vec![ordered.project(&columns)?], total))
}

/// The part's rows with their keys and positions (the two last columns).
fn keyed_schema(schema: &SchemaRef) -> SchemaRef {
    let mut fields: Vec<Field> = schema.fields().iter().map(|f| f.as_ref().clone()).collect();
    fields.push(Field::new("__wrangle_sample_key", DataType::UInt64, false));
    fields.push(Field::new(
        "__wrangle_sample_position",
        DataType::UInt64,
        false,
    ));
    Arc::new(Schema::new(fields))
}

/// Reads one part, holding the rows of its `rows` smallest keys; and how many rows it read.
async fn smallest_of_part(
    mut stream: SendableRecordBatchStream,
    part: u64,
    seed: u64,
    rows: usize,
) -> Result<(Option<RecordBatch>, u64)> {
    let keyed = keyed_schema(&stream.schema());
    let mut read: u64 = 0;
    let mut held: Vec<RecordBatch> = Vec::new();
    let mut held_rows = 0;
    // A key below this one is among the smallest so far (every key, until `rows` are held).
    let mut threshold = u64::MAX;
    while let Some(batch) = stream.next().await {
        let batch = batch?;
        let n = batch.num_rows() as u64;
        let positions: UInt64Array = (read + 1..=read + n)
            .map(|local| (part << PART_SHIFT) | local)
            .collect();
        let keys: UInt64Array = positions.values().iter().map(|p| mix(p ^ seed)).collect();
        read += n;
        let below: BooleanArray = keys.values().iter().map(|k| Some(*k < threshold)).collect();
        if below.true_count() == 0 {
            continue;
        }
        let mut columns: Vec<ArrayRef> = batch.columns().to_vec();
        columns.push(Arc::new(keys));
        columns.push(Arc::new(positions));
        let candidates =
            filter_record_batch(&RecordBatch::try_new(keyed.clone(), columns)?, &below)?;
        held_rows += candidates.num_rows();
        held.push(candidates);
        if held_rows >= 2 * rows.max(1) {
            if let Some((batch, cut)) = smallest(&keyed, &held, rows)? {
                threshold = cut;
                held_rows = batch.num_rows();
                held = vec![batch];
            }
        }
    }
    Ok((smallest(&keyed, &held, rows)?.map(|(batch, _)| batch), read))
}

/// The rows of the `rows` smallest keys of `batches`, and the key a row must be below to be
/// among them from now on (`u64::MAX` while fewer are held).
fn smallest(
    schema: &SchemaRef,
    batches: &[RecordBatch],
    rows: usize,
) -> Result<Option<(RecordBatch, u64)>> {
    if batches.is_empty() {
        return Ok(None);
    }
    let all = concat_batches(schema, batches)?;
    let key = all.column(all.num_columns() - 2);
    let options = SortOptions {
        descending: false,
        nulls_first: false,
    };
    let order = sort_to_indices(key, Some(options), Some(rows))?;
    let kept = take_record_batch(&all, &order)?;
    let keys = kept
        .column(kept.num_columns() - 2)
        .as_primitive::<UInt64Type>();
    let cut = if kept.num_rows() >= rows && !keys.is_empty() {
        keys.value(keys.len() - 1)
    } else {
        u64::MAX
    };
    Ok(Some((kept, cut)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::Int64Array;
    use datafusion::prelude::SessionContext;

    /// A table of `n` rows numbered from 1, read as `parts` parts.
    async fn numbers(n: i64, parts: usize) -> (SessionState, LogicalPlan) {
        let ctx = SessionContext::new();
        let schema = Arc::new(Schema::new(vec![Field::new("n", DataType::Int64, false)]));
        let per = (n as usize).div_ceil(parts);
        let partitions: Vec<Vec<RecordBatch>> = (0..parts)
            .map(|p| {
                let from = (p * per) as i64 + 1;
                let to = (((p + 1) * per) as i64).min(n);
                let values: Int64Array = (from..=to).collect();
                vec![RecordBatch::try_new(schema.clone(), vec![Arc::new(values)]).unwrap()]
            })
            .collect();
        let table = datafusion::datasource::MemTable::try_new(schema, partitions).unwrap();
        ctx.register_table("t", Arc::new(table)).unwrap();
        let plan = ctx.table("t").await.unwrap().into_unoptimized_plan();
        (ctx.state(), plan)
    }

    fn values(batches: &[RecordBatch]) -> Vec<i64> {
        batches
            .iter()
            .flat_map(|b| {
                b.column(0)
                    .as_primitive::<datafusion::arrow::datatypes::Int64Type>()
                    .values()
                    .to_vec()
            })
            .collect()
    }

    #[tokio::test]
    async fn a_sample_has_its_rows_in_order_counts_every_row_and_repeats_with_its_seed() {
        let (state, plan) = numbers(100_000, 4).await;
        let (first, total) = random(&state, plan.clone(), 7, 1_000).await.unwrap();
        assert_eq!(total, 100_000);
        let taken = values(&first);
        assert_eq!(taken.len(), 1_000);
        assert!(
            taken.windows(2).all(|w| w[0] < w[1]),
            "in the dataset's order"
        );
        // Spread over the whole table: each tenth holds about a tenth of the sample.
        for tenth in 0..10 {
            let inside = taken
                .iter()
                .filter(|v| (tenth * 10_000..(tenth + 1) * 10_000).contains(&(**v - 1)))
                .count();
            assert!((60..=140).contains(&inside), "tenth {tenth}: {inside}");
        }
        let (again, _) = random(&state, plan.clone(), 7, 1_000).await.unwrap();
        assert_eq!(values(&again), taken);
        let (other, _) = random(&state, plan, 8, 1_000).await.unwrap();
        assert_ne!(values(&other), taken);
    }

    #[tokio::test]
    async fn fewer_rows_than_asked_for_are_all_of_them() {
        let (state, plan) = numbers(50, 2).await;
        let (all, total) = random(&state, plan, 1, 1_000).await.unwrap();
        assert_eq!(total, 50);
        assert_eq!(values(&all), (1..=50).collect::<Vec<_>>());
    }
}
