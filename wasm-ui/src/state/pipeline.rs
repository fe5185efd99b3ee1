//! What runs when the working set or the recipe changes: every step applied to the table
//! before it (from the cache of step outcomes where it can), the step shown diffed and
//! profiled, and the step in the command line previewed. No page here: the app's
//! effects call these and put what they return in its state.

use super::conversion_warning::conversion_warnings;
use super::problems::{locate, Problem};
use crate::engine::diff::{diff, Change};
use crate::engine::memo::Memo;
use crate::engine::profile::ColumnProfile;
use crate::engine::{files, Runner, StepOutcome, Table};
use crate::state::{BoundInputs, StepEntry};
use std::cell::RefCell;
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

/// The working set and where it came from.
#[derive(Clone)]
pub(crate) struct Source {
    /// The dataset's path in the store, or a local file's name.
    pub(crate) label: String,
    pub(crate) path: Option<String>,
    pub(crate) total: Option<u64>,
    pub(crate) bytes: u64,
    /// A local file's bytes, kept so it can be uploaded (and read again).
    pub(crate) local: Option<Rc<Vec<u8>>>,
    /// The row the column names were read from, as a leading `header row N` says.
    pub(crate) header_row: Option<u64>,
    /// Which rows of the dataset these are, in the server's words (`random rows (seed
    /// 1)`); `None` for the first rows.
    pub(crate) sample: Option<String>,
    pub(crate) table: Table,
    /// Changes whenever another working set is opened (part of the cache's key).
    pub(crate) generation: u64,
}

/// Working sets are told apart by their generation (never by comparing their bytes).
impl PartialEq for Source {
    fn eq(&self, other: &Self) -> bool {
        self.generation == other.generation
            && self.label == other.label
            && self.path == other.path
            && self.header_row == other.header_row
            && self.sample == other.sample
    }
}

/// What the grid shows for the step shown, and what every step gave.
#[derive(Clone, Default, PartialEq)]
pub(crate) struct View {
    pub(crate) table: Option<Table>,
    pub(crate) change: Option<Rc<Change>>,
    pub(crate) profiles: Rc<Vec<ColumnProfile>>,
    pub(crate) errors: HashMap<usize, String>,
    pub(crate) rows: HashMap<usize, usize>,
    pub(crate) broken: HashMap<usize, u64>,
    pub(crate) millis: f64,
}

/// The step being previewed before it is added.
#[derive(Clone, PartialEq)]
pub(crate) struct Candidate {
    pub(crate) text: String,
    pub(crate) table: Option<Table>,
    /// Showing the table before the step, with the rows it would remove marked.
    pub(crate) removing: bool,
    pub(crate) change: Option<Rc<Change>>,
    pub(crate) profiles: Rc<Vec<ColumnProfile>>,
    pub(crate) problems: Vec<Problem>,
    pub(crate) millis: f64,
}

/// Runs a filter, an expression and a sort once on a few rows of the working set, and
/// diffs them: the first preview would otherwise pay for the engine's first query (its
/// code compiled by the browser, its registries filled) on top of its own work.
pub(crate) async fn warm_up(runner: &Runner, table: &Table) {
    let few = Table {
        batch: table.batch.slice(0, table.num_rows().min(100)),
        mismatched: table.mismatched.clone(),
    };
    let Some(column) = few.column_names().into_iter().next() else {
        return;
    };
    let name = wrangle_dsl::print::print_name(&column);
    for step in [
        format!("keep rows where not is_missing({name})"),
        format!("derive __wrangle_warm_up = is_missing({name})"),
        format!("sort by {name}"),
    ] {
        if let StepOutcome::Applied {
            table, values_kept, ..
        } = runner.apply(&few, &step, &HashMap::new()).await
        {
            diff(&few, &table, values_kept);
        }
    }
}

/// Milliseconds on the page's clock (none natively, where the tests run).
pub(crate) fn now() -> f64 {
    if cfg!(target_arch = "wasm32") {
        web_sys::window()
            .and_then(|w| w.performance())
            .map_or(0.0, |p| p.now())
    } else {
        0.0
    }
}

/// What a step's outcome depends on: the working set, the bindings of the datasets the
/// recipe reads, and the steps up to it that are on.
pub(crate) fn key(generation: u64, bound: u64, steps: &[StepEntry], upto: usize) -> u64 {
    let mut h = DefaultHasher::new();
    (generation, bound).hash(&mut h);
    for s in steps[..=upto].iter().filter(|s| s.enabled) {
        s.text.hash(&mut h);
    }
    h.finish()
}

pub(crate) type Cache = Rc<RefCell<HashMap<u64, StepOutcome>>>;

/// Applies every step (from the cache where it can) and describes the step shown.
pub(crate) async fn compute(
    runner: Rc<Runner>,
    memo: Rc<Memo>,
    cache: Cache,
    source: Source,
    steps: Vec<StepEntry>,
    shown: Option<usize>,
    inputs: BoundInputs,
) -> View {
    let started = now();
    let mut view = View::default();
    let mut table = source.table.clone();
    let mut at_shown: Option<(Table, Table, bool)> = None;
    let mut settled = true;
    for (i, step) in steps.iter().enumerate() {
        let before = table.clone();
        let mut kept = true;
        if step.enabled {
            let k = key(source.generation, inputs.version, &steps, i);
            // Outcomes are kept only while every step before them is settled: after a step
            // that waits (for a dataset not read yet), the later steps ran on a table that
            // will change, and run again next time.
            let cached = if settled {
                cache.borrow().get(&k).cloned()
            } else {
                None
            };
            let first_on = steps[..i].iter().all(|s| !s.enabled);
            // Parsed once: whether it is a header, then checked and compiled from that.
            let parsed = cached.is_none().then(|| wrangle_dsl::parse(&step.text));
            let outcome = match (cached, parsed) {
                (Some(o), _) => o,
                (None, Some(parsed)) if header_of(&parsed).is_some() => {
                    header_outcome(&source, &table, &parsed, first_on)
                }
                (None, parsed) => {
                    let parsed = parsed.unwrap_or_else(|| wrangle_dsl::parse(&step.text));
                    let o = match memo.outcome(&table, &step.text, inputs.version) {
                        Some(previewed) => previewed,
                        None => {
                            runner
                                .apply_parsed(&table, &step.text, &parsed, &inputs.tables)
                                .await
                        }
                    };
                    settled &= !matches!(o, StepOutcome::Waiting(_));
                    if settled {
                        cache.borrow_mut().insert(k, o.clone());
                    }
                    o
                }
            };
            settled &= !matches!(outcome, StepOutcome::Waiting(_));
            match outcome {
                StepOutcome::Applied {
                    table: after,
                    expectations,
                    values_kept,
                } => {
                    kept = values_kept;
                    if !expectations.is_empty() {
                        view.broken
                            .insert(i, expectations.iter().map(|(_, n)| n).sum());
                    }
                    table = after;
                }
                StepOutcome::Problems(problems) => {
                    let p = locate(&problems, &step.text);
                    let first = p.first().map_or("does not check".to_string(), |p| {
                        format!("column {}: {}", p.column, p.message)
                    });
                    view.errors.insert(i, first);
                }
                StepOutcome::Failed(message) | StepOutcome::Waiting(message) => {
                    view.errors.insert(i, message);
                }
            }
        }
        view.rows.insert(i, table.num_rows());
        if shown == Some(i) {
            at_shown = Some((before, table.clone(), kept));
        }
    }
    match at_shown {
        Some((before, after, kept)) => {
            let change = Rc::new(diff(&before, &after, kept));
            view.profiles = memo.profiles(&after, Some((&before, &change)));
            view.change = Some(change);
            view.table = Some(after);
        }
        None => {
            view.profiles = memo.profiles(&source.table, None);
            view.table = Some(source.table.clone());
        }
    }
    view.millis = now() - started;
    view
}

pub(crate) async fn preview(
    runner: Rc<Runner>,
    memo: Rc<Memo>,
    before: Table,
    text: String,
    inputs: BoundInputs,
) -> Candidate {
    let started = now();
    let mut candidate = Candidate {
        text: text.clone(),
        table: None,
        removing: false,
        change: None,
        profiles: Rc::default(),
        problems: Vec::new(),
        millis: 0.0,
    };
    let outcome = runner.apply(&before, &text, &inputs.tables).await;
    memo.remember_outcome(&before, &text, inputs.version, &outcome);
    match outcome {
        StepOutcome::Applied {
            table, values_kept, ..
        } => {
            candidate.problems = conversion_warnings(&before, &table, &text);
            let change = diff(&before, &table, values_kept);
            let removing = change.rows_matched
                && !change.removed_rows.is_empty()
                && change.added_columns.is_empty()
                && change.removed_columns.is_empty()
                && change.changed_cells.is_empty();
            candidate.profiles = if removing {
                memo.profiles(&before, None)
            } else {
                memo.profiles(&table, Some((&before, &change)))
            };
            candidate.table = Some(if removing { before } else { table });
            candidate.removing = removing;
            candidate.change = Some(Rc::new(change));
        }
        StepOutcome::Problems(problems) => candidate.problems = locate(&problems, &text),
        StepOutcome::Failed(message) | StepOutcome::Waiting(message) => {
            // A `header` step is not previewed but can be added: it goes first, and the
            // working set is read again with it.
            let header = is_header(&text);
            candidate.problems = vec![Problem {
                line: 1,
                column: 1,
                message,
                hint: header.then(|| "added as the recipe's first step".to_string()),
                is_error: !header,
                source_line: text.clone(),
                caret: String::new(),
            }]
        }
    }
    candidate.millis = now() - started;
    candidate
}

/// A local file as the working set (its generation is set by the caller).
pub(crate) fn local_source(
    name: String,
    bytes: Rc<Vec<u8>>,
    rows: usize,
    header_row: Option<u64>,
) -> Result<Source, String> {
    let loaded = files::from_file(&name, bytes.to_vec(), rows, header_row)?;
    Ok(Source {
        label: name,
        path: None,
        total: Some(loaded.total_rows as u64),
        bytes: bytes.len() as u64,
        local: Some(bytes),
        header_row,
        sample: None,
        table: loaded.table,
        generation: 0,
    })
}

pub(crate) fn is_header(step: &str) -> bool {
    header_of(&wrangle_dsl::parse(step)).is_some()
}

/// The row a parsed `header` step names (1 when it names none); `None` for other steps.
fn header_of(parsed: &wrangle_dsl::Parsed) -> Option<u64> {
    match parsed.recipe.steps().next().map(|s| &s.kind) {
        Some(wrangle_dsl::ast::StepKind::Header { row }) => Some(row.unwrap_or(1)),
        _ => None,
    }
}

/// A `header` step in the recipe: done when the working set was read with it, as a batch
/// run reads its input; anywhere but first it is an error.
pub(crate) fn header_outcome(
    source: &Source,
    table: &Table,
    step: &wrangle_dsl::Parsed,
    first_on: bool,
) -> StepOutcome {
    let wanted = wrangle_executor::planning::header_row(&step.recipe);
    if !first_on {
        StepOutcome::Failed("`header` must be the first step".into())
    } else if wanted.is_some() && wanted == source.header_row {
        StepOutcome::Applied {
            table: table.clone(),
            expectations: Vec::new(),
            values_kept: true,
        }
    } else {
        StepOutcome::Waiting(crate::engine::runner::HEADER_IS_READ.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{Edit, RecipeState};
    use datafusion::arrow::array::{ArrayRef, RecordBatch, StringArray};
    use datafusion::arrow::datatypes::{DataType, Field, Schema};
    use std::sync::Arc;

    fn table(columns: &[(&str, &[&str])]) -> Table {
        let schema = Arc::new(Schema::new(
            columns
                .iter()
                .map(|(n, _)| Field::new(*n, DataType::Utf8, true))
                .collect::<Vec<_>>(),
        ));
        let arrays: Vec<ArrayRef> = columns
            .iter()
            .map(|(_, v)| Arc::new(StringArray::from(v.to_vec())) as ArrayRef)
            .collect();
        let batch = RecordBatch::try_new(schema.clone(), arrays).unwrap();
        Table::numbered(schema, &[batch]).unwrap()
    }

    fn source() -> Source {
        Source {
            label: "flights".into(),
            path: None,
            total: None,
            bytes: 0,
            local: None,
            header_row: None,
            sample: None,
            table: table(&[("carrier", &["UA", "AA"])]),
            generation: 1,
        }
    }

    #[tokio::test]
    async fn steps_after_a_dataset_not_read_yet_run_again_once_it_is() {
        let steps = [
            "lookup airlines on carrier = airlines.carrier columns name",
            "rename name to airline",
        ];
        let mut recipe = Rc::new(RecipeState::new());
        for (at, text) in steps.iter().enumerate() {
            recipe = recipe.apply(Edit::Insert {
                at,
                text: text.to_string(),
            });
        }
        let (runner, memo, cache) = (
            Rc::new(Runner::new()),
            Rc::new(Memo::default()),
            Cache::default(),
        );
        let run = |inputs: BoundInputs| {
            compute(
                runner.clone(),
                memo.clone(),
                cache.clone(),
                source(),
                recipe.steps.clone(),
                recipe.shown(),
                inputs,
            )
        };
        let early = run(BoundInputs::default()).await;
        assert!(early.errors[&0].contains("airlines"), "{:?}", early.errors);
        assert!(early.errors[&1].contains("unknown column `name`"));

        let airlines = table(&[
            ("carrier", &["UA", "AA"]),
            ("name", &["United", "American"]),
        ]);
        let later =
            run(BoundInputs::default().bind("airlines", "demo/airlines.csv", airlines)).await;
        assert!(later.errors.is_empty(), "{:?}", later.errors);
        let shown = later.table.unwrap();
        assert_eq!(shown.column_names(), vec!["carrier", "airline"]);
    }

    #[tokio::test]
    async fn warming_up_leaves_the_working_set_as_it_was() {
        let s = source();
        let before = s.table.batch.clone();
        warm_up(&Runner::new(), &s.table).await;
        assert_eq!(s.table.batch, before);
        let runner = Runner::new();
        warm_up(&runner, &s.table).await;
        let StepOutcome::Applied { table, .. } = runner
            .apply(
                &s.table,
                "keep rows where carrier = \"UA\"",
                &HashMap::new(),
            )
            .await
        else {
            panic!("the runner does not work after warming up")
        };
        assert_eq!(table.num_rows(), 1);
    }

    #[test]
    fn a_header_step_is_done_when_the_working_set_was_read_with_it() {
        let read_with_it = Source {
            header_row: Some(3),
            ..source()
        };
        let t = read_with_it.table.clone();
        assert!(matches!(
            header_outcome(&read_with_it, &t, &wrangle_dsl::parse("header row 3"), true),
            StepOutcome::Applied { .. }
        ));
        let StepOutcome::Waiting(not_yet) =
            header_outcome(&source(), &t, &wrangle_dsl::parse("header row 3"), true)
        else {
            panic!("a header the working set was not read with was applied")
        };
        assert!(not_yet.contains("read again"), "{not_yet}");
        let StepOutcome::Failed(late) = header_outcome(
            &read_with_it,
            &t,
            &wrangle_dsl::parse("header row 3"),
            false,
        ) else {
            panic!("a header after another step was applied")
        };
        assert_eq!(late, "`header` must be the first step");
    }
}
