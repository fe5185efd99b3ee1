//! `CountRowsExec`: the physical form of `CountRows`. Batches pass through unchanged; each
//! one's rows are added to the node's slot.

use super::RowCounts;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::common::{plan_err, Result, Statistics};
use datafusion::execution::{RecordBatchStream, SendableRecordBatchStream, TaskContext};
use datafusion::physical_plan::{
    ChildStats, DisplayAs, DisplayFormatType, ExecutionPlan, PhysicalExpr, PlanProperties,
    StatisticsArgs,
};
use futures_core::Stream;
use std::fmt;
use std::pin::Pin;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::task::{Context, Poll};

/// Passes its input through and counts the rows into `counts.slot(slot)`, over all
/// partitions.
#[derive(Debug)]
pub struct CountRowsExec {
    input: Arc<dyn ExecutionPlan>,
    slot: usize,
    counts: Arc<RowCounts>,
    /// (column index, slot): boolean columns whose `true` values are counted.
    flags: Vec<(usize, usize)>,
    properties: Arc<PlanProperties>,
}

impl CountRowsExec {
    /// Fails when `slot` is not one of `counts`' slots.
    pub fn new(input: Arc<dyn ExecutionPlan>, slot: usize, counts: Arc<RowCounts>) -> Result<Self> {
        if slot >= counts.len() {
            return plan_err!("row count slot {slot} of {}", counts.len());
        }
        // Same partitions, order and boundedness as the input: nothing is reshuffled.
        let properties = Arc::clone(input.properties());
        Ok(Self {
            input,
            slot,
            counts,
            flags: Vec::new(),
            properties,
        })
    }

    /// Also counts the `true` values of the named boolean columns, each into its slot.
    pub fn with_flags(mut self, flags: &[(String, usize)]) -> Result<Self> {
        let schema = self.input.schema();
        self.flags = flags
            .iter()
            .map(|(name, slot)| {
                if *slot >= self.counts.len() {
                    return plan_err!("row count slot {slot} of {}", self.counts.len());
                }
                Ok((schema.index_of(name)?, *slot))
            })
            .collect::<Result<_>>()?;
        Ok(self)
    }

    /// The plan whose rows are counted.
    pub fn input(&self) -> &Arc<dyn ExecutionPlan> {
        &self.input
    }

    /// The slot the rows are added to.
    pub fn slot(&self) -> usize {
        self.slot
    }

    /// The counters the slot belongs to.
    pub fn counts(&self) -> &Arc<RowCounts> {
        &self.counts
    }
}

impl DisplayAs for CountRowsExec {
    fn fmt_as(&self, t: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        match t {
            DisplayFormatType::TreeRender => write!(f, "slot={}", self.slot),
            _ => write!(f, "CountRowsExec: slot={}", self.slot),
        }
    }
}

impl ExecutionPlan for CountRowsExec {
    fn name(&self) -> &str {
        "CountRowsExec"
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        &self.properties
    }

    fn maintains_input_order(&self) -> Vec<bool> {
        vec![true]
    }

    fn benefits_from_input_partitioning(&self) -> Vec<bool> {
        vec![false]
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![&self.input]
    }

    fn apply_expressions(
        &self,
        _f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> Result<TreeNodeRecursion>,
    ) -> Result<TreeNodeRecursion> {
        Ok(TreeNodeRecursion::Continue)
    }

    fn with_new_children(
        self: Arc<Self>,
        children: Vec<Arc<dyn ExecutionPlan>>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let Ok([input]) = <[Arc<dyn ExecutionPlan>; 1]>::try_from(children) else {
            return plan_err!("CountRowsExec has one input");
        };
        // The same columns at the same places: a new child of the same schema.
        let mut exec = Self::new(input, self.slot, Arc::clone(&self.counts))?;
        exec.flags = self.flags.clone();
        Ok(Arc::new(exec))
    }

    fn execute(
        &self,
        partition: usize,
        context: Arc<TaskContext>,
    ) -> Result<SendableRecordBatchStream> {
        Ok(Box::pin(CountingStream {
            input: self.input.execute(partition, context)?,
            slot: self.slot,
            counts: Arc::clone(&self.counts),
            flags: self.flags.clone(),
        }))
    }

    fn child_stats_requests(&self, partition: Option<usize>) -> Vec<ChildStats> {
        vec![ChildStats::At(partition)]
    }

    /// The input's statistics, but never exact: an exact row count would let the
    /// optimizer answer `count()` without running the counter.
    fn statistics_from_inputs(
        &self,
        input_stats: &[Arc<Statistics>],
        _args: &StatisticsArgs,
    ) -> Result<Arc<Statistics>> {
        match input_stats {
            [input] => Ok(Arc::new(Statistics::clone(input).to_inexact())),
            _ => Ok(Arc::new(Statistics::new_unknown(&self.schema()))),
        }
    }
}

/// The input stream, counting the rows of each batch it yields.
struct CountingStream {
    input: SendableRecordBatchStream,
    slot: usize,
    counts: Arc<RowCounts>,
    flags: Vec<(usize, usize)>,
}

impl Stream for CountingStream {
    type Item = Result<RecordBatch>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let polled = self.input.as_mut().poll_next(cx);
        if let Poll::Ready(Some(Ok(batch))) = &polled {
            let rows = u64::try_from(batch.num_rows()).unwrap_or(u64::MAX);
            self.counts
                .slot(self.slot)
                .fetch_add(rows, Ordering::Relaxed);
            for (column, slot) in &self.flags {
                use datafusion::arrow::array::AsArray;
                if let Some(flags) = batch.column(*column).as_boolean_opt() {
                    let set = u64::try_from(flags.true_count()).unwrap_or(u64::MAX);
                    self.counts.slot(*slot).fetch_add(set, Ordering::Relaxed);
                }
            }
        }
        polled
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.input.size_hint()
    }
}

impl RecordBatchStream for CountingStream {
    fn schema(&self) -> SchemaRef {
        self.input.schema()
    }
}

#[cfg(test)]
mod tests {
    use super::CountRowsExec;
    use crate::accounting::RowCounts;
    use datafusion::arrow::array::{ArrayRef, Int64Array, RecordBatch};
    use datafusion::datasource::MemTable;
    use datafusion::physical_plan::{
        collect, displayable, ChildrenPropertiesMode, ExecutionPlan, ReplaceChildrenOptions,
    };
    use datafusion::prelude::SessionContext;
    use std::sync::Arc;

    #[tokio::test]
    async fn passes_batches_through_and_counts_them() {
        let column: ArrayRef = Arc::new(Int64Array::from_iter_values(0..10));
        let batch = RecordBatch::try_from_iter([("x", column)]).unwrap();
        let parts = vec![
            vec![batch.slice(0, 4), batch.slice(4, 3)],
            vec![batch.slice(7, 3)],
        ];
        let table = MemTable::try_new(batch.schema(), parts).unwrap();
        let ctx = SessionContext::new();
        let scan = ctx.read_table(Arc::new(table)).unwrap();
        let input = scan.create_physical_plan().await.unwrap();
        let counts = Arc::new(RowCounts::new(2));
        let exec =
            Arc::new(CountRowsExec::new(Arc::clone(&input), 1, Arc::clone(&counts)).unwrap());
        assert_eq!(exec.properties().partitioning.partition_count(), 2);
        assert_eq!(exec.maintains_input_order(), vec![true]);
        assert_eq!(exec.benefits_from_input_partitioning(), vec![false]);
        let text = displayable(exec.as_ref()).one_line().to_string();
        assert_eq!(text.trim(), "CountRowsExec: slot=1");

        let batches = collect(Arc::clone(&exec) as _, ctx.task_ctx())
            .await
            .unwrap();
        let rows: usize = batches.iter().map(RecordBatch::num_rows).sum();
        assert_eq!(rows, 10);
        assert_eq!(batches[0], batch.slice(0, 4));
        assert_eq!(counts.snapshot(), vec![0, 10]);

        // `replace_children` with new properties is `with_new_children`.
        let options = ReplaceChildrenOptions::new(ChildrenPropertiesMode::Recompute);
        let again = Arc::clone(&exec)
            .replace_children(vec![input], options)
            .unwrap();
        collect(again, ctx.task_ctx()).await.unwrap();
        assert_eq!(counts.get(1), 20);
        assert!(CountRowsExec::new(exec, 2, counts).is_err());
    }
}
