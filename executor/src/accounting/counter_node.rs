//! `CountRows`: a logical node that passes its input through unchanged and counts its rows
//! into one slot of a shared [`RowCounts`].

use super::RowCounts;
use datafusion::common::tree_node::{Transformed, TreeNode, TreeNodeRecursion};
use datafusion::common::{plan_err, DFSchemaRef, Result};
use datafusion::logical_expr::{Expr, Extension, LogicalPlan, UserDefinedLogicalNodeCore};
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// Counts the rows of its input (the table after one step) into `counts.slot(slot)`. Its
/// schema is its input's. Projections pass through it; filters and limits do not, so the
/// count is exactly the rows of that step.
#[derive(Debug, Clone)]
pub struct CountRows {
    input: Arc<LogicalPlan>,
    slot: usize,
    counts: Arc<RowCounts>,
    /// Boolean columns whose `true` values are counted, each into its own slot (values a
    /// `settype` could not convert).
    flags: Vec<(String, usize)>,
}

impl CountRows {
    /// Fails when `slot` is not one of `counts`' slots.
    pub fn new(input: LogicalPlan, slot: usize, counts: Arc<RowCounts>) -> Result<Self> {
        Self::with_flags(input, slot, counts, Vec::new())
    }

    /// Also counts the `true` values of each flag column into its slot.
    pub fn with_flags(
        input: LogicalPlan,
        slot: usize,
        counts: Arc<RowCounts>,
        flags: Vec<(String, usize)>,
    ) -> Result<Self> {
        if let Some(bad) = std::iter::once(slot)
            .chain(flags.iter().map(|(_, s)| *s))
            .find(|s| *s >= counts.len())
        {
            return plan_err!("row count slot {bad} of {}", counts.len());
        }
        if let Some((missing, _)) = flags
            .iter()
            .find(|(name, _)| input.schema().index_of_column_by_name(None, name).is_none())
        {
            return plan_err!("CountRows: no flag column {missing}");
        }
        Ok(Self {
            input: Arc::new(input),
            slot,
            counts,
            flags,
        })
    }

    /// The flag columns and their slots.
    pub fn flags(&self) -> &[(String, usize)] {
        &self.flags
    }

    /// The node as a plan.
    pub fn into_plan(self) -> LogicalPlan {
        LogicalPlan::Extension(Extension {
            node: Arc::new(self),
        })
    }

    /// The plan whose rows are counted.
    pub fn input(&self) -> &LogicalPlan {
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

    /// The node when `plan` is one.
    pub fn of(plan: &LogicalPlan) -> Option<&CountRows> {
        match plan {
            LogicalPlan::Extension(e) => e.node.as_any().downcast_ref::<CountRows>(),
            _ => None,
        }
    }
}

impl PartialEq for CountRows {
    fn eq(&self, other: &Self) -> bool {
        self.slot == other.slot
            && Arc::ptr_eq(&self.counts, &other.counts)
            && self.flags == other.flags
            && self.input == other.input
    }
}

impl Eq for CountRows {}

impl Hash for CountRows {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.slot.hash(state);
        std::ptr::hash(Arc::as_ptr(&self.counts), state);
        self.flags.hash(state);
        self.input.hash(state);
    }
}

impl PartialOrd for CountRows {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        let by_slot = self
            .slot
            .cmp(&other.slot)
            .then_with(|| Arc::as_ptr(&self.counts).cmp(&Arc::as_ptr(&other.counts)))
            .then_with(|| self.flags.cmp(&other.flags));
        match by_slot {
            Ordering::Equal => self.input.partial_cmp(&other.input),
            unequal => Some(unequal),
        }
        // Equal only when equal (a plan's order may skip fields its equality compares).
        .filter(|o| *o != Ordering::Equal || self == other)
    }
}

impl UserDefinedLogicalNodeCore for CountRows {
    fn name(&self) -> &str {
        "CountRows"
    }

    fn inputs(&self) -> Vec<&LogicalPlan> {
        vec![&self.input]
    }

    fn schema(&self) -> &DFSchemaRef {
        self.input.schema()
    }

    fn expressions(&self) -> Vec<Expr> {
        Vec::new()
    }

    fn fmt_for_explain(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "CountRows: slot={}", self.slot)?;
        for (name, slot) in &self.flags {
            write!(f, ", {name}→{slot}")?;
        }
        Ok(())
    }

    fn with_exprs_and_inputs(&self, exprs: Vec<Expr>, inputs: Vec<LogicalPlan>) -> Result<Self> {
        let Ok([input]) = <[LogicalPlan; 1]>::try_from(inputs) else {
            return plan_err!("CountRows has one input");
        };
        if !exprs.is_empty() {
            return plan_err!("CountRows has no expressions");
        }
        // The schema follows the new input: narrower once projections are pushed below.
        Self::with_flags(
            input,
            self.slot,
            Arc::clone(&self.counts),
            self.flags.clone(),
        )
    }

    /// Every output column is the input column at the same place.
    fn necessary_children_exprs(&self, output_columns: &[usize]) -> Option<Vec<Vec<usize>>> {
        // The flag columns are needed even when nothing above reads them.
        let mut needed = output_columns.to_vec();
        needed.extend(
            self.flags
                .iter()
                .filter_map(|(name, _)| self.schema().index_of_column_by_name(None, name)),
        );
        needed.sort_unstable();
        needed.dedup();
        Some(vec![needed])
    }

    /// A limit below the node would cut the count short.
    fn supports_limit_pushdown(&self) -> bool {
        false
    }

    // `prevent_predicate_push_down_columns` keeps its default, every column: a filter
    // below the node would change the count.
}

/// `plan` without its `CountRows` nodes, for plans run besides the counted one
/// (expectations, conversions), which must not add to the counts.
pub fn without_counters(plan: &LogicalPlan) -> Result<LogicalPlan> {
    plan.clone()
        .transform_up(|p| match CountRows::of(&p) {
            Some(count) => Ok(Transformed::yes(count.input().clone())),
            None => Ok(Transformed::no(p)),
        })
        .map(|t| t.data)
}

/// How many `CountRows` nodes of each slot `plan` holds. A step that reads its input more
/// than once (`unpivot` of several columns) runs the counters below it once per read.
pub fn copies(plan: &LogicalPlan, slots: usize) -> Result<Vec<u64>> {
    let mut copies = vec![0; slots];
    plan.apply(|p| {
        if let Some(n) = CountRows::of(p).and_then(|c| copies.get_mut(c.slot())) {
            *n += 1;
        }
        Ok(TreeNodeRecursion::Continue)
    })?;
    Ok(copies)
}

#[cfg(test)]
mod tests {
    use super::{copies, without_counters, CountRows};
    use crate::accounting::{session, RowCounts};
    use datafusion::arrow::array::{ArrayRef, Int64Array, RecordBatch};
    use datafusion::datasource::{provider_as_source, MemTable};
    use datafusion::logical_expr::{
        col, lit, LogicalPlan, LogicalPlanBuilder, UserDefinedLogicalNodeCore,
    };
    use datafusion::prelude::SessionConfig;
    use std::sync::Arc;

    fn scan() -> LogicalPlan {
        let column = |v: i64| -> ArrayRef { Arc::new(Int64Array::from(vec![v, v + 1])) };
        let batch =
            RecordBatch::try_from_iter([("a", column(1)), ("b", column(3)), ("c", column(5))])
                .unwrap();
        let table = MemTable::try_new(batch.schema(), vec![vec![batch]]).unwrap();
        LogicalPlanBuilder::scan("t", provider_as_source(Arc::new(table)), None)
            .and_then(|b| b.build())
            .unwrap()
    }

    #[test]
    fn the_schema_follows_a_narrower_input() {
        let counts = Arc::new(RowCounts::new(1));
        let node = CountRows::new(scan(), 0, Arc::clone(&counts)).unwrap();
        assert!(Arc::ptr_eq(node.schema(), node.input().schema()));
        assert_eq!(
            node.necessary_children_exprs(&[0, 2]),
            Some(vec![vec![0, 2]])
        );
        let narrower = LogicalPlanBuilder::from(scan())
            .project(vec![col("c")])
            .and_then(|b| b.build())
            .unwrap();
        let rebuilt = node
            .with_exprs_and_inputs(vec![], vec![narrower.clone()])
            .unwrap();
        assert!(Arc::ptr_eq(rebuilt.schema(), narrower.schema()));
        assert_eq!(rebuilt.slot(), 0);
        assert!(Arc::ptr_eq(rebuilt.counts(), &counts));
        assert_ne!(rebuilt, node);
        assert!(CountRows::new(scan(), 1, counts).is_err());
    }

    #[test]
    fn filters_and_limits_stay_above_the_counter() {
        let counts = Arc::new(RowCounts::new(1));
        let counted = CountRows::new(scan(), 0, counts).unwrap().into_plan();
        let plan = LogicalPlanBuilder::from(counted)
            .filter(col("a").gt(lit(1i64)))
            .and_then(|b| b.limit(0, Some(1)))
            .and_then(|b| b.project(vec![col("b")]))
            .and_then(|b| b.build())
            .unwrap();
        let optimized = session(SessionConfig::new())
            .state()
            .optimize(&plan)
            .unwrap();
        let text = optimized.display_indent().to_string();
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        assert_eq!(
            lines[lines.len() - 2..],
            ["CountRows: slot=0", "TableScan: t projection=[a, b]"],
            "{text}"
        );
    }

    #[test]
    fn counters_are_found_and_removed() {
        let counts = Arc::new(RowCounts::new(3));
        let first = CountRows::new(scan(), 0, Arc::clone(&counts))
            .unwrap()
            .into_plan();
        let second = CountRows::new(first, 1, counts).unwrap().into_plan();
        let both = LogicalPlanBuilder::from(second.clone())
            .union(second)
            .and_then(|b| b.build())
            .unwrap();
        assert_eq!(copies(&both, 3).unwrap(), vec![2, 2, 0]);
        let bare = without_counters(&both).unwrap();
        assert_eq!(copies(&bare, 3).unwrap(), vec![0, 0, 0]);
        assert_eq!(bare.schema(), both.schema());
    }
}
