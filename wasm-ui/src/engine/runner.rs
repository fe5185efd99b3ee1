//! Applies one step of a recipe to the table before it: the step is checked against that
//! table's real schema and compiled by the same code as a batch run
//! (`wrangle_executor::planning::check_and_compile`), then DataFusion runs the plan in one
//! partition. The app keeps the table after every step, so a change to step N runs only
//! the steps from N on.

use super::table::{Marks, Mismatched, RowPositions, Table, ROW_ID};
use datafusion::arrow::array::{Array, RecordBatch};
use datafusion::arrow::compute::concat_batches;
use datafusion::common::config::ConfigNonZeroUsize;
use datafusion::execution::context::SessionContext;
use datafusion::logical_expr::LogicalPlan;
use datafusion::prelude::SessionConfig;
use std::collections::HashMap;
use std::sync::Arc;
use wrangle_dsl::ast::{StepKind, Transform};
use wrangle_dsl::Diagnostic;
use wrangle_executor::compile::Inputs;
use wrangle_executor::planning::{check_and_compile, in_memory, Unplanned};

/// What applying a step gave.
#[derive(Clone, Debug)]
pub enum StepOutcome {
    /// The table after the step, with the step's broken `expect` rules (message, rows).
    /// `values_kept`: the step only removes, reorders or renames (no cell can change).
    Applied {
        table: Table,
        expectations: Vec<(String, u64)>,
        values_kept: bool,
    },
    /// The step does not check (or does not compile) against the table: diagnostics with
    /// spans into the step's text.
    Problems(Vec<Diagnostic>),
    /// The step checked but running it failed (an overflow, a bad date format in the data).
    Failed(String),
    /// The step reads a dataset not read yet (or a `header` the working set is being read
    /// again with): it runs again once it is.
    Waiting(String),
}

/// Why a `header` step is not applied to a table: it says how the dataset is read.
pub const HEADER_IS_READ: &str = "`header` names the columns when the dataset is read: as the first step, the working set is read again with it";

/// DataFusion's batch size in the browser: the working set's rows, within these bounds.
const MIN_BATCH_ROWS: usize = 8192;
const MAX_BATCH_ROWS: usize = 1 << 20;

pub struct Runner {
    ctx: SessionContext,
}

impl Default for Runner {
    fn default() -> Self {
        Self::new()
    }
}

impl Runner {
    /// A session as the browser needs it: one partition, the executor's planner (row
    /// counters, checked arithmetic).
    pub fn new() -> Runner {
        let config = SessionConfig::new()
            .with_target_partitions(1)
            .with_information_schema(false);
        let state = wrangle_executor::accounting::session_state(config);
        Runner {
            ctx: SessionContext::new_with_state(state),
        }
    }

    /// Applies `step` (the text of one step) to `before`. `tables` are the other datasets
    /// the recipe names (joins, lookups, unions), by name.
    pub async fn apply(
        &self,
        before: &Table,
        step: &str,
        tables: &HashMap<String, Table>,
    ) -> StepOutcome {
        self.apply_parsed(before, step, &wrangle_dsl::parse(step), tables)
            .await
    }

    /// Like [`Runner::apply`], with the step parsed already (`parsed` is `step` parsed):
    /// parsed once, checked and compiled from that.
    pub async fn apply_parsed(
        &self,
        before: &Table,
        step: &str,
        parsed: &wrangle_dsl::Parsed,
        tables: &HashMap<String, Table>,
    ) -> StepOutcome {
        if parsed.diagnostics.iter().any(Diagnostic::is_error) {
            return StepOutcome::Problems(parsed.diagnostics.clone());
        }
        let Some(kind) = parsed.recipe.steps().next().map(|s| &s.kind) else {
            // A comment or a blank line changes nothing.
            return StepOutcome::Applied {
                table: before.clone(),
                expectations: Vec::new(),
                values_kept: true,
            };
        };
        if matches!(kind, StepKind::Header { .. }) {
            return StepOutcome::Failed(HEADER_IS_READ.into());
        }
        // Row numbers would change what these steps mean (a row number makes every row
        // distinct, and a union's other tables have none).
        let numbered = !matches!(
            kind,
            StepKind::Dedup { by, .. } if by.is_empty()
        ) && !matches!(kind, StepKind::Pivot { by, .. } if by.is_empty())
            && !matches!(kind, StepKind::Union { .. });
        let main_batch = if numbered {
            before.batch.clone()
        } else {
            match before.without_row_ids() {
                Ok(b) => b,
                Err(e) => return StepOutcome::Failed(e),
            }
        };
        let plans = async {
            let main = in_memory("input", &main_batch)?;
            let mut named = HashMap::new();
            for (name, table) in tables {
                let batch = table
                    .without_row_ids()
                    .map_err(datafusion::error::DataFusionError::Plan)?;
                named.insert(name.clone(), in_memory(name, &batch)?);
            }
            Ok::<_, datafusion::error::DataFusionError>(Inputs {
                main,
                tables: named,
            })
        };
        // One batch out, for a sort too: the grid reads one batch, and concatenating
        // batches would copy every cell.
        let largest = tables
            .values()
            .map(Table::num_rows)
            .chain([before.num_rows()])
            .max()
            .unwrap_or(0);
        if let Ok(size) = ConfigNonZeroUsize::try_new(largest.clamp(MIN_BATCH_ROWS, MAX_BATCH_ROWS))
        {
            self.ctx
                .state_ref()
                .write()
                .config_mut()
                .options_mut()
                .execution
                .batch_size = size;
        }
        let inputs = match plans.await {
            Ok(i) => i,
            Err(e) => return StepOutcome::Failed(e.strip_backtrace()),
        };
        let compiled = match check_and_compile(&self.ctx, parsed, &inputs, false).await {
            Ok((compiled, _)) => compiled,
            Err(Unplanned::Problems(diagnostics)) => return StepOutcome::Problems(diagnostics),
            Err(Unplanned::MissingInputs(names)) => {
                return StepOutcome::Waiting(format!(
                    "the step reads {}: open {} in the store (a dataset of that name beside the working set)",
                    names.join(", "),
                    if names.len() == 1 { "it" } else { "them" }
                ))
            }
        };
        let mut expectations = Vec::new();
        for expectation in &compiled.expectations {
            match wrangle_executor::expectations::evaluate(&self.ctx, expectation).await {
                Ok(outcome) if !outcome.passed() => {
                    expectations.push((step.trim().to_string(), outcome.violations))
                }
                Ok(_) => {}
                Err(e) => return StepOutcome::Failed(e.strip_backtrace()),
            }
        }
        let batch = match self.collect(compiled.plan).await {
            Ok(b) => b,
            Err(e) => return StepOutcome::Failed(e.strip_backtrace()),
        };
        let mut after = Table::of(batch, Mismatched::new());
        after.mismatched = Arc::new(mismatched(before, &after, kind));
        StepOutcome::Applied {
            table: after,
            expectations,
            values_kept: keeps_values(kind),
        }
    }

    async fn collect(&self, plan: LogicalPlan) -> datafusion::error::Result<RecordBatch> {
        let frame = self.ctx.execute_logical_plan(plan).await?;
        let physical = frame.create_physical_plan().await?;
        let schema = physical.schema();
        let batches = datafusion::physical_plan::collect(physical, self.ctx.task_ctx()).await?;
        Ok(concat_batches(&schema, &batches)?)
    }
}

/// Steps that only remove, reorder or rename columns and rows: every cell they keep holds
/// the value it held before.
fn keeps_values(kind: &StepKind) -> bool {
    match kind.transform() {
        Transform::Rename => {
            let StepKind::Rename { pairs } = kind else {
                return false;
            };
            // `rename a to b, b to a`: the name `a` holds other values now.
            !pairs
                .iter()
                .any(|(_, to)| pairs.iter().any(|(from, _)| from.text == to.text))
        }
        Transform::Drop
        | Transform::KeepColumns
        | Transform::Move
        | Transform::KeepRows
        | Transform::DeleteRows
        | Transform::Dedup
        | Transform::Sort
        | Transform::Limit
        | Transform::Expect => true,
        Transform::Derive
        | Transform::Set
        | Transform::SetType
        | Transform::Merge
        | Transform::Split
        | Transform::Extract
        | Transform::Replace
        | Transform::CountPattern
        | Transform::Fill
        | Transform::Header
        | Transform::Aggregate
        | Transform::Pivot
        | Transform::Unpivot
        | Transform::SplitRows
        | Transform::Nest
        | Transform::Unnest
        | Transform::Flatten
        | Transform::Window
        | Transform::Join
        | Transform::Lookup
        | Transform::Union => false,
    }
}

/// The cells of `after` that did not fit their type: those carried from `before` that are
/// still empty, and, after a `settype`, each value that was there before and is null now,
/// with the text it held.
fn mismatched(before: &Table, after: &Table, kind: &StepKind) -> Mismatched {
    let Some(ids) = after.row_ids() else {
        return Mismatched::new();
    };
    let mut out = Mismatched::new();
    // A renamed column keeps its marks under its new name.
    let renamed: HashMap<&str, &str> = match kind {
        StepKind::Rename { pairs } => pairs
            .iter()
            .map(|(from, to)| (from.text.as_str(), to.text.as_str()))
            .collect(),
        _ => HashMap::new(),
    };
    for (name, marks) in before.mismatched.iter() {
        let name = renamed.get(name.as_str()).copied().unwrap_or(name);
        if let Some(column) = after.column(name) {
            let rows: std::collections::BTreeMap<i64, String> = (0..ids.len())
                .filter(|&i| ids.is_valid(i) && column.is_null(i))
                .filter_map(|i| {
                    let id = ids.value(i);
                    Some((id, marks.rows.get(&id)?.clone()))
                })
                .collect();
            if !rows.is_empty() {
                out.insert(
                    name.to_string(),
                    Marks {
                        rows,
                        ..marks.clone()
                    },
                );
            }
        }
    }
    if let StepKind::SetType { columns } = kind {
        let Some(before_ids) = before.row_ids() else {
            return out;
        };
        let Some(at) = RowPositions::of(before_ids) else {
            return out;
        };
        for (name, ty) in columns {
            let (Some(old), Some(new)) = (before.column(&name.text), after.column(&name.text))
            else {
                continue;
            };
            let texts = super::cells::CellText::new(old.as_ref());
            let lost = (0..ids.len()).filter_map(|i| {
                let id = ids.value(i);
                let j = at.get(id)?;
                (new.is_null(i) && !super::cells::is_missing(old.as_ref(), j))
                    .then(|| (id, texts.text(j)))
            });
            // A column given a type again keeps the cells that did not fit either time;
            // what the latest `settype` says names it.
            let marks = out.entry(name.text.clone()).or_default();
            marks.column_at_settype = name.text.clone();
            marks.type_text = wrangle_dsl::print::print_type(ty);
            marks.rows.extend(lost);
        }
    }
    out.retain(|name, marks| name != ROW_ID && !marks.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::diff::diff;
    use datafusion::arrow::array::{ArrayRef, StringArray};
    use datafusion::arrow::datatypes::{DataType, Field, Schema};

    fn working_set() -> Table {
        let schema = Arc::new(Schema::new(vec![
            Field::new("name", DataType::Utf8, true),
            Field::new("amount", DataType::Utf8, true),
        ]));
        let name: ArrayRef = Arc::new(StringArray::from(vec!["ann", "bob", "cy", "dee"]));
        let amount: ArrayRef = Arc::new(StringArray::from(vec![
            Some("10"),
            Some("x"),
            None,
            Some("7"),
        ]));
        let batch = RecordBatch::try_new(schema.clone(), vec![name, amount]).unwrap();
        Table::numbered(schema, &[batch]).unwrap()
    }

    async fn apply(before: &Table, step: &str) -> Table {
        match Runner::new().apply(before, step, &HashMap::new()).await {
            StepOutcome::Applied { table, .. } => table,
            other => panic!("{step}: {other:?}"),
        }
    }

    #[tokio::test]
    async fn settype_marks_what_did_not_fit_and_later_steps_keep_it() {
        let base = working_set();
        let typed = apply(&base, "settype amount integer").await;
        let marks = typed.mismatched.get("amount").unwrap();
        assert_eq!(
            marks.rows.iter().collect::<Vec<_>>(),
            vec![(&2, &"x".to_string())],
            "bob's amount, with the text it held"
        );
        assert_eq!(
            (marks.column_at_settype.as_str(), marks.type_text.as_str()),
            ("amount", "integer")
        );
        assert_eq!(typed.mismatched_text("amount", 1), Some(("x", "integer")));
        let change = diff(&base, &typed, false);
        assert_eq!(
            change.changed_cells["amount"].len(),
            3,
            "every value has a new type"
        );
        let swapped = apply(&typed, "rename amount to name, name to amount").await;
        let StepOutcome::Applied { values_kept, .. } = Runner::new()
            .apply(
                &typed,
                "rename amount to name, name to amount",
                &HashMap::new(),
            )
            .await
        else {
            panic!("the swap did not apply")
        };
        assert!(!values_kept, "a swap changes what the names hold");
        assert_eq!(
            diff(&typed, &swapped, values_kept).changed_cell_count(),
            8,
            "both columns changed"
        );
        let renamed = apply(&typed, "rename amount to total").await;
        assert!(
            renamed.is_mismatched("total", 1) && !renamed.is_mismatched("total", 0),
            "the marks follow the column to its new name"
        );
        assert_eq!(
            renamed.mismatched["total"].column_at_settype, "amount",
            "and still name it as it was at the settype"
        );
        let kept = apply(&typed, "keep rows where name != \"ann\"").await;
        assert!(
            kept.is_mismatched("amount", 0),
            "bob's amount is still mismatched"
        );
        let change = diff(&typed, &kept, true);
        assert_eq!(
            diff(&typed, &kept, false),
            change,
            "comparing the cells finds none changed either"
        );
        let sorted_and_set = apply(
            &apply(&base, "sort by name desc").await,
            "set name = upper(name) where name = \"cy\"",
        )
        .await;
        let change = diff(&base, &sorted_and_set, false);
        assert_eq!(
            change.changed_cells["name"].iter().collect::<Vec<_>>(),
            vec![1],
            "cy is second in the sorted rows"
        );
        let change = diff(&typed, &kept, true);
        assert_eq!(change.removed_rows.iter().collect::<Vec<_>>(), vec![0]);
        assert_eq!(change.summary(), "removes 1 row");
    }

    #[tokio::test]
    async fn mismatched_and_missing_cells_are_told_apart_by_the_text_before_the_settype() {
        use crate::engine::profile::{profile, Pick, Selection, SetTypeAt};
        let typed = apply(&working_set(), "settype amount integer").await;
        let renamed = apply(&typed, "rename amount to total").await;
        let p = profile(&renamed)
            .into_iter()
            .find(|p| p.name == "total")
            .unwrap();
        assert_eq!((p.mismatched, p.missing), (1, 1));
        let pick = |pick: Pick| Selection::of("total", pick);
        let at = Some(SetTypeAt {
            column: "amount".into(),
            type_text: "integer".into(),
        });
        let mismatched = pick(Pick::Mismatched).row_condition(&renamed, &p);
        assert_eq!(
            mismatched.condition,
            "not is_missing(amount) and not is_valid(amount, \"integer\")"
        );
        assert_eq!(mismatched.before_settype, at);
        let missing = pick(Pick::Missing).row_condition(&renamed, &p);
        assert_eq!(missing.condition, "is_missing(amount)");
        assert_eq!(missing.before_settype, at);
        // Before the settype, each condition keeps exactly the rows its part of the bar had.
        let before = working_set();
        let deleted = |condition: &str| format!("delete rows where {condition}");
        assert_eq!(
            apply(&before, &deleted(&mismatched.condition))
                .await
                .num_rows(),
            3
        );
        let without_missing = apply(&before, &deleted(&missing.condition)).await;
        assert_eq!(without_missing.num_rows(), 3);
        assert!(without_missing.column("amount").unwrap().null_count() == 0);
        // A value picked is a condition on the rows as they are.
        let value = pick(Pick::Value("10".into())).row_condition(&renamed, &p);
        assert_eq!(value.before_settype, None);
    }

    #[tokio::test]
    async fn a_step_that_changes_cells_says_which() {
        let base = working_set();
        let after = apply(&base, "set name = upper(name) where amount = \"x\"").await;
        let change = diff(&base, &after, false);
        assert!(change.is_changed("name", 1) && !change.is_changed("name", 0));
        assert_eq!(change.summary(), "changes 1 cell");
        let sorted = apply(&base, "sort by name desc").await;
        assert_eq!(diff(&base, &sorted, true).summary(), "reorders the rows");
        let derived = apply(&base, "derive shout = upper(name)").await;
        assert_eq!(diff(&base, &derived, false).added_columns, vec!["shout"]);
    }

    #[tokio::test]
    async fn problems_point_into_the_step() {
        let base = working_set();
        let StepOutcome::Problems(problems) = Runner::new()
            .apply(&base, "drop amont", &HashMap::new())
            .await
        else {
            panic!("an unknown column was accepted")
        };
        assert_eq!((problems[0].span.start, problems[0].span.end), (5, 10));
        assert!(problems[0].hint.as_deref().unwrap_or("").contains("amount"));
    }

    #[tokio::test]
    async fn steps_that_number_rows_themselves_keep_the_row_numbers() {
        let base = working_set();
        let filled = apply(&base, "fill amount down").await;
        assert_eq!(
            filled.row_ids().unwrap().values().to_vec(),
            vec![1, 2, 3, 4]
        );
        assert!(!filled.column_names().iter().any(|n| n.starts_with("__")));
        let deduped = apply(&base, "dedup by amount keep last").await;
        assert_eq!(deduped.num_rows(), 4);
        assert!(deduped.row_ids().is_some());
    }

    #[tokio::test]
    async fn dedup_of_whole_rows_ignores_the_row_numbers() {
        let base = apply(&working_set(), "set name = \"same\", amount = \"1\"").await;
        let deduped = apply(&base, "dedup").await;
        assert_eq!(deduped.num_rows(), 1);
        assert!(deduped.row_ids().is_none());
    }
}
