//! Per-step row accounting from one run of the plan: counter nodes (`CountRows`) after the
//! input and after every step that can change the number of rows count the rows flowing
//! through them, and [`Accounting::report`] turns the counts into rows in, out, removed and
//! added per step, with the reason.
//!
//! Rows removed and added are the net change of a step: a join that drops one row without a
//! match and repeats another reports neither.
//!
//! Counts are of rows actually read, so the counted plan reads every row (see
//! `compile::compile_counted`). Two cases DataFusion still cuts short: a condition that
//! folds to `false` (`keep rows where false`) replaces the plan below it, counters and all,
//! with an empty table; and a hash join whose build side is empty does not read its probe
//! side.

mod count_exec;
mod counter_node;
mod counting;
mod effect;
mod planner;
mod step_mark;

pub use count_exec::CountRowsExec;
pub use counter_node::{copies, without_counters, CountRows};
pub(crate) use counting::Counting;
pub use effect::Effect;
pub use planner::{
    session, session_state, session_state_with, AccountingQueryPlanner, CountRowsPlanner,
};
pub use step_mark::{StepLabel, StepMark, StepMarkExec};

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use wrangle_dsl::Span;

/// One row counter per slot, shared by the plan's counter nodes and the report.
#[derive(Debug, Default)]
pub struct RowCounts {
    slots: Vec<AtomicU64>,
}

impl RowCounts {
    /// `slots` counters at zero.
    pub fn new(slots: usize) -> Self {
        RowCounts {
            slots: (0..slots).map(|_| AtomicU64::new(0)).collect(),
        }
    }

    /// The number of slots.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether there are no slots.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The counter of `slot`. Panics when there is no such slot (counter nodes check theirs
    /// when made).
    pub fn slot(&self, slot: usize) -> &AtomicU64 {
        &self.slots[slot]
    }

    /// The rows counted in `slot` so far; 0 for a slot that does not exist.
    pub fn get(&self, slot: usize) -> u64 {
        self.slots
            .get(slot)
            .map_or(0, |c| c.load(Ordering::Relaxed))
    }

    /// Every slot's count.
    pub fn snapshot(&self) -> Vec<u64> {
        self.slots
            .iter()
            .map(|c| c.load(Ordering::Relaxed))
            .collect()
    }
}

/// Where a step's rows are counted: the slots before and after it (the same slot when the
/// step cannot change the number of rows).
#[derive(Clone, Debug)]
pub struct StepAccount {
    pub span: Span,
    pub keyword: &'static str,
    pub rows_in_slot: usize,
    pub rows_out_slot: usize,
    pub effect: Effect,
}

/// Where a `settype`'s mismatches for one column are counted.
#[derive(Clone, Debug)]
pub struct MismatchAccount {
    pub span: Span,
    pub column: String,
    pub slot: usize,
}

/// Values of a column that a `settype` could not convert (present before, null after).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatched {
    pub span: Span,
    pub column: String,
    pub count: u64,
}

/// A step's rows after a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepRows {
    pub span: Span,
    pub keyword: &'static str,
    pub rows_in: u64,
    pub rows_out: u64,
    pub removed: u64,
    pub added: u64,
    /// Why rows went or came; `None` when the count did not change.
    pub reason: Option<String>,
}

/// The counters of a compiled recipe and what each step's are.
#[derive(Clone, Debug)]
pub struct Accounting {
    pub counts: Arc<RowCounts>,
    /// The slot counting the main input's rows.
    pub input_slot: usize,
    pub steps: Vec<StepAccount>,
    /// Where each `settype`'s mismatches are counted.
    pub mismatches: Vec<MismatchAccount>,
    /// How many counter nodes of each slot the plan holds; a slot's count is divided by
    /// it (see [`copies`]).
    pub copies: Vec<u64>,
}

impl Accounting {
    /// The rows that went through `slot` in the run.
    pub fn rows(&self, slot: usize) -> u64 {
        let copies = self.copies.get(slot).copied().unwrap_or(1).max(1);
        self.counts.get(slot) / copies
    }

    /// The rows of the main input.
    pub fn rows_in(&self) -> u64 {
        self.rows(self.input_slot)
    }

    /// Each step's rows, in recipe order, once the plan has run.
    /// Each converted column's mismatches, counted in the same run.
    pub fn mismatched(&self) -> Vec<Mismatched> {
        self.mismatches
            .iter()
            .map(|m| Mismatched {
                span: m.span,
                column: m.column.clone(),
                count: self.rows(m.slot),
            })
            .collect()
    }

    pub fn report(&self) -> Vec<StepRows> {
        self.steps
            .iter()
            .map(|step| {
                let rows_in = self.rows(step.rows_in_slot);
                let rows_out = self.rows(step.rows_out_slot);
                let removed = rows_in.saturating_sub(rows_out);
                let added = rows_out.saturating_sub(rows_in);
                StepRows {
                    span: step.span,
                    keyword: step.keyword,
                    rows_in,
                    rows_out,
                    removed,
                    added,
                    reason: step.effect.reason(removed, added),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::{session, Accounting, CountRows};
    use crate::compile::{compile, compile_counted, Compiled, Inputs};
    use datafusion::arrow::array::{ArrayRef, Int64Array, RecordBatch};
    use datafusion::arrow::util::pretty::pretty_format_batches;
    use datafusion::common::tree_node::{TreeNode, TreeNodeRecursion};
    use datafusion::datasource::{provider_as_source, MemTable};
    use datafusion::logical_expr::{LogicalPlan, LogicalPlanBuilder};
    use datafusion::prelude::SessionConfig;
    use std::collections::HashMap;
    use std::sync::Arc;
    use wrangle_dsl::catalog::Kind;
    use wrangle_dsl::check::{CheckedStep, Column, Schema};

    /// A table of integer columns in one partition, cut into batches of `batch_rows`.
    fn table(name: &str, columns: &[(&str, &[i64])], batch_rows: usize) -> LogicalPlan {
        let arrays = columns.iter().map(|(n, values)| {
            let array: ArrayRef = Arc::new(Int64Array::from(values.to_vec()));
            (*n, array)
        });
        let batch = RecordBatch::try_from_iter(arrays).unwrap();
        let batches = (0..batch.num_rows())
            .step_by(batch_rows)
            .map(|at| batch.slice(at, batch_rows.min(batch.num_rows() - at)))
            .collect();
        let table = MemTable::try_new(batch.schema(), vec![batches]).unwrap();
        LogicalPlanBuilder::scan(name, provider_as_source(Arc::new(table)), None)
            .and_then(|b| b.build())
            .unwrap()
    }

    /// Parses the recipe and checks it against the main input's integer columns: its typed
    /// steps.
    fn recipe(source: &str, columns: &[&str]) -> Vec<CheckedStep> {
        let parsed = wrangle_dsl::parse(source);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let schema = Schema::known(
            columns
                .iter()
                .map(|n| Column::new(n.to_string(), Kind::Integer))
                .collect(),
        );
        let checked = wrangle_dsl::check::check(&parsed.recipe, Some(schema));
        assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
        checked.steps
    }

    fn inputs(main: LogicalPlan, tables: &[(&str, LogicalPlan)]) -> Inputs {
        Inputs {
            main,
            tables: tables
                .iter()
                .map(|(n, p)| (n.to_string(), p.clone()))
                .collect::<HashMap<_, _>>(),
        }
    }

    async fn run(plan: LogicalPlan) -> String {
        run_in(plan, SessionConfig::new()).await
    }

    async fn run_in(plan: LogicalPlan, config: SessionConfig) -> String {
        let ctx = session(config);
        let batches = ctx
            .execute_logical_plan(plan)
            .await
            .unwrap()
            .collect()
            .await
            .unwrap();
        pretty_format_batches(&batches).unwrap().to_string()
    }

    /// Runs the counted plan once; the report as (keyword, in, out, removed, added, reason).
    async fn report(compiled: &Compiled, accounting: &Accounting) -> Vec<Row> {
        report_in(compiled, accounting, SessionConfig::new()).await
    }

    async fn report_in(
        compiled: &Compiled,
        accounting: &Accounting,
        config: SessionConfig,
    ) -> Vec<Row> {
        run_in(compiled.plan.clone(), config).await;
        accounting
            .report()
            .into_iter()
            .map(|s| {
                let reason = s.reason.as_deref().map(str::to_string);
                (s.keyword, s.rows_in, s.rows_out, s.removed, s.added, reason)
            })
            .collect()
    }

    type Row = (&'static str, u64, u64, u64, u64, Option<String>);

    fn row(keyword: &'static str, rows: (u64, u64, u64, u64), reason: Option<&str>) -> Row {
        let (rows_in, rows_out, removed, added) = rows;
        (
            keyword,
            rows_in,
            rows_out,
            removed,
            added,
            reason.map(str::to_string),
        )
    }

    fn counters(plan: &LogicalPlan) -> usize {
        let mut n = 0;
        plan.apply(|p| {
            n += usize::from(CountRows::of(p).is_some());
            Ok(TreeNodeRecursion::Continue)
        })
        .unwrap();
        n
    }

    const STEPS: &str = "keep rows where x > 1\nderive y = x * 2\ndedup by y\nlimit 2\n";

    #[tokio::test]
    async fn counts_each_step_in_one_run() {
        let main = table("t", &[("x", &[1, 2, 2, 3, 4, 0])], 6);
        let (compiled, accounting) =
            compile_counted(&recipe(STEPS, &["x"]), &inputs(main, &[])).unwrap();
        assert_eq!(
            report(&compiled, &accounting).await,
            vec![
                row(
                    "keep rows",
                    (6, 4, 2, 0),
                    Some("did not match the condition")
                ),
                row("derive", (4, 4, 0, 0), None),
                row("dedup", (4, 3, 1, 0), Some("duplicates by `y`")),
                row("limit", (3, 2, 1, 0), Some("beyond the limit")),
            ]
        );
        assert_eq!(accounting.rows_in(), 6);
        // Input, keep rows, dedup, limit: derive cannot change the rows and is not counted.
        assert_eq!(accounting.counts.len(), 4);
        assert_eq!(accounting.counts.snapshot(), vec![6, 4, 3, 2]);
    }

    #[tokio::test]
    async fn counters_do_not_change_the_rows() {
        let main = || table("t", &[("x", &[1, 2, 2, 3, 4, 0]), ("z", &[9; 6])], 2);
        let parsed = recipe(STEPS, &["x", "z"]);
        let plain = compile(&parsed, &inputs(main(), &[])).unwrap();
        let (counted, _) = compile_counted(&parsed, &inputs(main(), &[])).unwrap();
        assert_eq!(counters(&plain.plan), 0);
        assert_eq!(counters(&counted.plan), 4);
        // One partition: with more, DataFusion may deal batches round-robin before the
        // rows are numbered, with or without counters.
        let one = || SessionConfig::new().with_target_partitions(1);
        let rows = run_in(plain.plan, one()).await;
        assert_eq!(rows, run_in(counted.plan, one()).await);
        assert!(rows.contains("| 2 | 9 | 4 |"), "{rows}");
        assert!(rows.contains("| 3 | 9 | 6 |"), "{rows}");
    }

    #[tokio::test]
    async fn projections_pass_through_counters() {
        let main = table(
            "t",
            &[("a", &[1, 2, 3]), ("b", &[4, 5, 6]), ("c", &[7, 8, 9])],
            3,
        );
        let parsed = recipe("keep rows where a > 1\nkeep a\n", &["a", "b", "c"]);
        let (compiled, accounting) = compile_counted(&parsed, &inputs(main, &[])).unwrap();
        let ctx = session(SessionConfig::new());
        let optimized = ctx.state().optimize(&compiled.plan).unwrap();
        let text = optimized.display_indent().to_string();
        assert!(text.contains("TableScan: t projection=[a]"), "{text}");
        assert_eq!(counters(&optimized), 2, "{text}");
        // The filter stays above the input's counter.
        let filter = text.find("Filter:").unwrap();
        let input_counter = text.find("CountRows: slot=0").unwrap();
        assert!(filter < input_counter, "{text}");
        assert_eq!(run(compiled.plan).await.matches("| 2 |").count(), 1);
        assert_eq!(accounting.counts.snapshot(), vec![3, 2]);
    }

    #[tokio::test]
    async fn a_limit_reads_the_whole_input() {
        let values: Vec<i64> = (0..100).collect();
        let main = table("t", &[("x", &values)], 10);
        let parsed = recipe("keep rows where x >= 10\nlimit 5 offset 2\n", &["x"]);
        let (compiled, accounting) = compile_counted(&parsed, &inputs(main, &[])).unwrap();
        // In one partition and small batches nothing reads ahead of the limit.
        let one = SessionConfig::new()
            .with_target_partitions(1)
            .with_batch_size(4);
        let rows = report_in(&compiled, &accounting, one).await;
        assert_eq!(
            rows,
            vec![
                row(
                    "keep rows",
                    (100, 90, 10, 0),
                    Some("did not match the condition")
                ),
                row(
                    "limit",
                    (90, 5, 85, 0),
                    Some("before the offset or beyond the limit")
                ),
            ]
        );
    }

    #[tokio::test]
    async fn a_limit_on_a_sort_stays_a_top_k() {
        let values: Vec<i64> = (0..50).collect();
        let main = table("t", &[("x", &values)], 10);
        let parsed = recipe("delete rows where x < 5\nsort by x desc\nlimit 3\n", &["x"]);
        let (compiled, accounting) = compile_counted(&parsed, &inputs(main, &[])).unwrap();
        let ctx = session(SessionConfig::new());
        let physical = ctx
            .execute_logical_plan(compiled.plan.clone())
            .await
            .unwrap()
            .create_physical_plan()
            .await
            .unwrap();
        let text = datafusion::physical_plan::displayable(physical.as_ref())
            .indent(false)
            .to_string();
        assert!(text.contains("TopK(fetch=3)"), "{text}");
        assert!(text.contains("CountRowsExec: slot=1"), "{text}");
        let small = SessionConfig::new()
            .with_target_partitions(1)
            .with_batch_size(4);
        assert_eq!(
            report_in(&compiled, &accounting, small).await,
            vec![
                row("delete rows", (50, 45, 5, 0), Some("matched the condition")),
                row("sort", (45, 45, 0, 0), None),
                row("limit", (45, 3, 42, 0), Some("beyond the limit")),
            ]
        );
    }

    #[tokio::test]
    async fn a_volatile_condition_stays_above_the_counters() {
        let main = table("t", &[("x", &[1, 2, 2, 3, 4, 0])], 6);
        let source = "keep rows where x > 1\ndelete rows where random() < 2.0\n";
        let (compiled, accounting) =
            compile_counted(&recipe(source, &["x"]), &inputs(main, &[])).unwrap();
        assert_eq!(
            report(&compiled, &accounting).await,
            vec![
                row(
                    "keep rows",
                    (6, 4, 2, 0),
                    Some("did not match the condition")
                ),
                row("delete rows", (4, 0, 4, 0), Some("matched the condition")),
            ]
        );
    }

    #[tokio::test]
    async fn joins_unions_and_unpivots() {
        let main = table("t", &[("id", &[1, 2, 3, 4]), ("a", &[10, 20, 30, 40])], 4);
        let other = table("other", &[("key", &[1, 1, 2]), ("b", &[5, 6, 7])], 3);
        let more = table("more", &[("id", &[9]), ("a", &[90])], 1);
        let source = "\
union more
join other on id = other.key
drop b
lookup other on id = other.key columns b
unpivot id, a into name, value
";
        let parsed = wrangle_dsl::parse(source);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        let bound = inputs(main, &[("other", other), ("more", more)]);
        let steps = crate::planning::checked_steps(&parsed.recipe, &bound).unwrap();
        let (compiled, accounting) = compile_counted(&steps, &bound).unwrap();
        // The unpivot reads its input twice, so every counter below it runs twice.
        assert_eq!(accounting.copies, vec![2, 2, 2, 1]);
        assert_eq!(
            report(&compiled, &accounting).await,
            vec![
                row("union", (4, 5, 0, 1), Some("rows of `more`")),
                // Rows 3, 4 and 9 have no match; row 1 has two.
                row("join", (5, 3, 2, 0), Some("no match in `other`")),
                row("drop", (3, 3, 0, 0), None),
                row("lookup", (3, 3, 0, 0), None),
                row(
                    "unpivot",
                    (3, 6, 0, 3),
                    Some("one row per unpivoted column")
                ),
            ]
        );
        assert_eq!(accounting.rows_in(), 4);
    }

    #[tokio::test]
    async fn rules_and_conversions_run_without_counters() {
        let main = table("t", &[("x", &[1, 2, 3])], 3);
        let parsed = recipe(
            "keep rows where x > 1\nexpect x > 0\nsettype x string\naggregate: n = count()\n",
            &["x"],
        );
        let (compiled, accounting) = compile_counted(&parsed, &inputs(main, &[])).unwrap();
        assert_eq!(counters(&compiled.expectations[0].plan), 0);
        assert_eq!(counters(&compiled.conversions[0].plan), 0);
        // The input, the kept rows, the settype (its mismatches) and the aggregate.
        assert_eq!(counters(&compiled.plan), 4);
        // Running the rule's plan counts nothing.
        run(compiled.expectations[0].plan.clone()).await;
        assert_eq!(accounting.counts.snapshot(), vec![0; 5]);
        assert_eq!(
            report(&compiled, &accounting).await,
            vec![
                row(
                    "keep rows",
                    (3, 2, 1, 0),
                    Some("did not match the condition")
                ),
                row("expect", (2, 2, 0, 0), None),
                row("settype", (2, 2, 0, 0), None),
                row("aggregate", (2, 1, 1, 0), Some("one row per group")),
            ]
        );
        let mismatched = accounting.mismatched();
        assert_eq!(mismatched.len(), 1);
        assert_eq!(
            (mismatched[0].column.as_str(), mismatched[0].count),
            ("x", 0)
        );
    }

    #[tokio::test]
    async fn mismatches_are_counted_in_the_same_run() {
        let main = table("t", &[("x", &[1, 2, 3]), ("y", &[4, 5, 6])], 2);
        let parsed = recipe(
            "derive s = if(x = 2, \"two\", to_string(x))\nsettype s integer\nkeep s\n",
            &["x", "y"],
        );
        let (compiled, accounting) = compile_counted(&parsed, &inputs(main, &[])).unwrap();
        let optimized = session(SessionConfig::new())
            .state()
            .optimize(&compiled.plan)
            .unwrap();
        // The flags survive projection pushdown (nothing above reads them).
        assert!(
            optimized
                .display_indent()
                .to_string()
                .contains("__wrangle_mismatch_0"),
            "{}",
            optimized.display_indent()
        );
        run(compiled.plan.clone()).await;
        let counted: Vec<(String, u64)> = accounting
            .mismatched()
            .into_iter()
            .map(|m| (m.column, m.count))
            .collect();
        // "two" is no integer.
        assert_eq!(counted, vec![("s".to_string(), 1)]);
    }
}
