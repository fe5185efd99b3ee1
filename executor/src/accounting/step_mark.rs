//! `StepMark`: a node after each step of a counted plan that passes its input through and
//! names the step in any error that comes up from below it, so a run that fails says which
//! line of the recipe it failed at (an overflow in a `derive`, a value a function refused),
//! never just DataFusion's or Arrow's message. The lowest mark an error passes names it;
//! marks above leave it as it is.
//!
//! Unlike `CountRows`, a mark lets filters and limits through (it counts nothing), so it
//! costs no pushdown: a condition moved below a mark has its errors named after the step
//! the mark follows.

use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::record_batch::RecordBatch;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::common::{plan_err, DFSchemaRef, DataFusionError, Result, Statistics};
use datafusion::execution::{RecordBatchStream, SendableRecordBatchStream, TaskContext};
use datafusion::logical_expr::{Expr, Extension, LogicalPlan, UserDefinedLogicalNodeCore};
use datafusion::physical_plan::{
    ChildStats, DisplayAs, DisplayFormatType, ExecutionPlan, PhysicalExpr, PlanProperties,
    StatisticsArgs,
};
use futures_core::Stream;
use std::collections::HashSet;
use std::fmt;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use wrangle_dsl::Span;

/// The step an error came from: where it is in the recipe (a byte range) and its keyword.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd)]
pub struct StepLabel {
    pub start: usize,
    pub end: usize,
    pub keyword: String,
}

/// What a mark puts in front of an error's message: a marker, the span and the keyword,
/// read back by [`StepLabel::of_error`].
const MARKER: &str = "wrangle step ";

impl StepLabel {
    pub fn new(span: Span, keyword: &str) -> Self {
        StepLabel {
            start: span.start,
            end: span.end,
            keyword: keyword.to_string(),
        }
    }

    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }

    fn context(&self) -> String {
        format!("{MARKER}{}..{} {}", self.start, self.end, self.keyword)
    }

    fn parse(context: &str) -> Option<StepLabel> {
        let rest = context.strip_prefix(MARKER)?;
        let (range, keyword) = rest.split_once(' ')?;
        let (start, end) = range.split_once("..")?;
        Some(StepLabel {
            start: start.parse().ok()?,
            end: end.parse().ok()?,
            keyword: keyword.to_string(),
        })
    }

    /// The step a mark named in `error`, and the error it came from.
    pub fn of_error(error: &DataFusionError) -> Option<(StepLabel, &DataFusionError)> {
        let mut current = error;
        loop {
            match current {
                DataFusionError::Context(context, inner) => {
                    if let Some(label) = StepLabel::parse(context) {
                        return Some((label, inner));
                    }
                    current = inner;
                }
                DataFusionError::Shared(inner) => current = inner,
                _ => return None,
            }
        }
    }

    /// `error` named after this step, unless a step is named in it already.
    fn name(&self, error: DataFusionError) -> DataFusionError {
        if StepLabel::of_error(&error).is_some() {
            error
        } else {
            DataFusionError::Context(self.context(), Box::new(error))
        }
    }
}

/// The logical node.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd)]
pub struct StepMark {
    input: Arc<LogicalPlan>,
    label: StepLabel,
}

impl StepMark {
    /// `plan`, the table after the step `label` names, marked.
    pub fn plan(plan: LogicalPlan, label: StepLabel) -> LogicalPlan {
        LogicalPlan::Extension(Extension {
            node: Arc::new(StepMark {
                input: Arc::new(plan),
                label,
            }),
        })
    }

    pub fn label(&self) -> &StepLabel {
        &self.label
    }
}

impl UserDefinedLogicalNodeCore for StepMark {
    fn name(&self) -> &str {
        "StepMark"
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
        write!(f, "StepMark: {}", self.label.keyword)
    }

    fn with_exprs_and_inputs(&self, exprs: Vec<Expr>, inputs: Vec<LogicalPlan>) -> Result<Self> {
        let Ok([input]) = <[LogicalPlan; 1]>::try_from(inputs) else {
            return plan_err!("StepMark has one input");
        };
        if !exprs.is_empty() {
            return plan_err!("StepMark has no expressions");
        }
        Ok(StepMark {
            input: Arc::new(input),
            label: self.label.clone(),
        })
    }

    /// Every output column is the input column at the same place.
    fn necessary_children_exprs(&self, output_columns: &[usize]) -> Option<Vec<Vec<usize>>> {
        Some(vec![output_columns.to_vec()])
    }

    fn supports_limit_pushdown(&self) -> bool {
        true
    }

    fn prevent_predicate_push_down_columns(&self) -> HashSet<String> {
        HashSet::new()
    }
}

/// The physical node: batches pass through, errors get the step's name.
#[derive(Debug)]
pub struct StepMarkExec {
    input: Arc<dyn ExecutionPlan>,
    label: StepLabel,
    properties: Arc<PlanProperties>,
}

impl StepMarkExec {
    pub fn new(input: Arc<dyn ExecutionPlan>, label: StepLabel) -> Self {
        let properties = Arc::clone(input.properties());
        StepMarkExec {
            input,
            label,
            properties,
        }
    }
}

impl DisplayAs for StepMarkExec {
    fn fmt_as(&self, t: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        match t {
            DisplayFormatType::TreeRender => write!(f, "step={}", self.label.keyword),
            _ => write!(f, "StepMarkExec: {}", self.label.keyword),
        }
    }
}

impl ExecutionPlan for StepMarkExec {
    fn name(&self) -> &str {
        "StepMarkExec"
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

    fn supports_limit_pushdown(&self) -> bool {
        true
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
            return plan_err!("StepMarkExec has one input");
        };
        Ok(Arc::new(StepMarkExec::new(input, self.label.clone())))
    }

    fn execute(
        &self,
        partition: usize,
        context: Arc<TaskContext>,
    ) -> Result<SendableRecordBatchStream> {
        let label = self.label.clone();
        let input = self
            .input
            .execute(partition, context)
            .map_err(|e| label.name(e))?;
        Ok(Box::pin(MarkedStream { input, label }))
    }

    fn child_stats_requests(&self, partition: Option<usize>) -> Vec<ChildStats> {
        vec![ChildStats::At(partition)]
    }

    fn statistics_from_inputs(
        &self,
        input_stats: &[Arc<Statistics>],
        _args: &StatisticsArgs,
    ) -> Result<Arc<Statistics>> {
        match input_stats {
            [input] => Ok(Arc::clone(input)),
            _ => Ok(Arc::new(Statistics::new_unknown(&self.schema()))),
        }
    }
}

struct MarkedStream {
    input: SendableRecordBatchStream,
    label: StepLabel,
}

impl Stream for MarkedStream {
    type Item = Result<RecordBatch>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        match self.input.as_mut().poll_next(cx) {
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(self.label.name(e)))),
            other => other,
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.input.size_hint()
    }
}

impl RecordBatchStream for MarkedStream {
    fn schema(&self) -> SchemaRef {
        self.input.schema()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::error::ArrowError;

    #[test]
    fn the_lowest_mark_names_the_error_and_marks_above_keep_it() {
        let derive = StepLabel::new(Span::new(10, 30), "derive");
        let sort = StepLabel::new(Span::new(31, 40), "sort");
        let raw = DataFusionError::ArrowError(
            Box::new(ArrowError::ArithmeticOverflow("1 + 2".into())),
            None,
        );
        let named = sort.name(DataFusionError::Shared(Arc::new(derive.name(raw))));
        let (label, inner) = StepLabel::of_error(&named).unwrap();
        assert_eq!(label, derive);
        assert_eq!(label.span().start, 10);
        assert!(matches!(inner, DataFusionError::ArrowError(..)));
        assert!(StepLabel::of_error(&DataFusionError::Execution("x".into())).is_none());
    }
}
