//! Placing counter nodes while a recipe compiles: one on the main input, one after each
//! step that can change the number of rows.

use super::counter_node::{copies, CountRows};
use super::step_mark::{StepLabel, StepMark};
use super::{Accounting, Effect, MismatchAccount, RowCounts, StepAccount};
use datafusion::common::Result;
use datafusion::logical_expr::{Expr, LogicalPlan, LogicalPlanBuilder};
use std::sync::Arc;
use wrangle_dsl::ast::{Step, StepKind};
use wrangle_dsl::check::CheckedStep;
use wrangle_dsl::Span;

/// The accounting of a recipe being compiled.
pub(crate) struct Counting {
    counts: Arc<RowCounts>,
    /// The slot the plan so far was last counted in.
    last: usize,
    next: usize,
    steps: Vec<StepAccount>,
    mismatches: Vec<MismatchAccount>,
}

impl Counting {
    /// Counters for the input and for each step of `recipe` that can change the rows.
    pub(crate) fn new(steps: &[CheckedStep]) -> Self {
        let changing = steps
            .iter()
            .filter(|s| Effect::of(&s.step.kind) != Effect::Keeps)
            .count();
        // A `settype` counts its rows and each converted column's mismatches.
        let converting: usize = steps
            .iter()
            .map(|s| match &s.step.kind {
                StepKind::SetType { columns } => 1 + columns.len(),
                _ => 0,
            })
            .sum();
        Counting {
            counts: Arc::new(RowCounts::new(1 + changing + converting)),
            last: 0,
            next: 0,
            steps: Vec::new(),
            mismatches: Vec::new(),
        }
    }

    /// A `settype`'s plan with its flag columns (see `settype_flagged`): counts each flag
    /// into a slot of its own and drops the flags.
    pub(crate) fn mismatches(
        &mut self,
        plan: LogicalPlan,
        flags: Vec<(String, String)>,
        span: Span,
    ) -> Result<LogicalPlan> {
        let rows_slot = self.next;
        let mut slots = Vec::new();
        for (i, (flag, column)) in flags.iter().enumerate() {
            let slot = rows_slot + 1 + i;
            slots.push((flag.clone(), slot));
            self.mismatches.push(MismatchAccount {
                span,
                column: column.clone(),
                slot,
            });
        }
        self.next += 1 + flags.len();
        let counted =
            CountRows::with_flags(plan, rows_slot, Arc::clone(&self.counts), slots)?.into_plan();
        let kept: Vec<Expr> = counted
            .schema()
            .columns()
            .into_iter()
            .filter(|c| !flags.iter().any(|(flag, _)| *flag == c.name))
            .map(Expr::Column)
            .collect();
        LogicalPlanBuilder::from(counted).project(kept)?.build()
    }

    fn count(&mut self, plan: LogicalPlan) -> Result<LogicalPlan> {
        let slot = self.next;
        let node = CountRows::new(plan, slot, Arc::clone(&self.counts))?;
        self.next += 1;
        self.last = slot;
        Ok(node.into_plan())
    }

    /// The main input, counted (the first slot).
    pub(crate) fn input(&mut self, plan: LogicalPlan) -> Result<LogicalPlan> {
        self.count(plan)
    }

    /// The plan after `step`, counted when the step can change the rows, and marked so that
    /// a run's errors name the step.
    pub(crate) fn step<E>(&mut self, plan: LogicalPlan, step: &Step<E>) -> Result<LogicalPlan> {
        let effect = Effect::of(&step.kind);
        let rows_in_slot = self.last;
        let plan = if effect == Effect::Keeps {
            plan
        } else {
            self.count(plan)?
        };
        // Errors from the step (and any before it unnamed) name it.
        let plan = StepMark::plan(plan, StepLabel::new(step.span, step.kind.keyword()));
        self.steps.push(StepAccount {
            span: step.span,
            keyword: step.kind.keyword(),
            rows_in_slot,
            rows_out_slot: self.last,
            effect,
        });
        Ok(plan)
    }

    /// The accounting of the recipe's final plan.
    pub(crate) fn finish(self, plan: &LogicalPlan) -> Result<Accounting> {
        Ok(Accounting {
            copies: copies(plan, self.counts.len())?,
            counts: self.counts,
            input_slot: 0,
            steps: self.steps,
            mismatches: self.mismatches,
        })
    }
}
