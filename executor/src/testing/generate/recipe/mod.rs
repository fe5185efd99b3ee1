//! Random recipes of 1 to 6 steps covering every transform. The generator follows the
//! table as the recipe changes it: after each step it compiles the recipe so far and reads
//! the plan's columns and types, and the checker's view of them; a step the checker
//! refuses is drawn again (and counted), so the cases that run are all ones the checker
//! accepts. A step that checks but does not compile ends the recipe: that case is a bug.
//!
//! | file | what it does |
//! | --- | --- |
//! | `mod.rs` | the drawing of a case: inputs, then steps kept while the checker accepts them |
//! | `state.rs` | the table as the generator knows it between steps |
//! | `plan.rs` | the recipe so far planned as `run` does; the checker's view against the plan's |
//! | `exprs.rs` | every expression of a step, to read or to change |
//! | `columns.rs` | steps of the column operations (`rename` … `countpattern`) |
//! | `rows.rs` | steps of the row operations (`keep rows` … `limit`) |
//! | `reshape.rs` | steps that reshape the table (`aggregate` … `window`) |
//! | `combine.rs` | steps that combine tables (`join`, `lookup`, `union`), with their inputs |
//! | `quality.rs` | `expect` steps |

mod columns;
mod combine;
mod exprs;
mod plan;
mod quality;
mod reshape;
mod rows;
mod state;

pub use exprs::{step_exprs, step_exprs_mut};

use super::random::Rng;
use super::schema::random_schema;
use super::table::{random_row_count, random_table, Pool, Table};
use super::Case;
use datafusion::arrow::array::RecordBatch;
use plan::{plan, Planned};
use state::{State, MAX_JOINS};
use std::collections::HashMap;
use wrangle_dsl::ast::*;
use wrangle_dsl::Span;

/// Attempts at drawing a step the checker accepts before the recipe ends early.
const TRIES_PER_STEP: usize = 12;

/// Every transform the generator writes (all but `header`, which a test table states
/// differently), with the family it is documented under.
/// The transforms the generator draws steps of: all but `header` (the input tables are
/// generated with their header).
pub fn transforms() -> Vec<Transform> {
    Transform::all()
        .filter(|t| *t != Transform::Header)
        .collect()
}

/// A generated case, and what the generator saw on the way.
pub struct Generated {
    pub case: Case,
    /// The keyword of every step the checker refused while drawing.
    pub refused: Vec<&'static str>,
    /// The checker's first error for each refused step, with the step (to tune the
    /// generator).
    pub refusals: Vec<(&'static str, String)>,
    /// Steps whose printed text did not parse back to the same step: printer bugs.
    pub misprinted: Vec<String>,
    /// Where a step (its keyword) made the checker's view of the table differ from the
    /// plan's, with the recipe up to that step.
    pub disagreements: Vec<(&'static str, String, String)>,
}

fn step(kind: StepKind) -> Step {
    Step {
        kind,
        span: Span::default(),
    }
}

/// Generates the case of a seed: random inputs, then steps kept while the checker accepts
/// them, following the compiled plan's columns.
pub async fn generate(seed: u64) -> Generated {
    let mut rng = Rng::new(seed);
    let width = *rng.weighted(&[(1, 1usize), (3, 2), (5, 3), (5, 4), (3, 5), (2, 7)]);
    let schema = random_schema(&mut rng, width);
    let rows = random_row_count(&mut rng, true);
    let input = random_table(&mut rng, schema, rows, &Pool::default());
    let mut pool = Pool::default();
    pool.add(&input);
    let mut case = Case {
        seed,
        input,
        with: Vec::new(),
        steps: Vec::new(),
    };
    let mut generated = Generated {
        case: case.clone(),
        refused: Vec::new(),
        refusals: Vec::new(),
        misprinted: Vec::new(),
        disagreements: Vec::new(),
    };
    let Ok(main) = case.input.batch() else {
        return generated;
    };
    let ctx = crate::engine::session::batch_session();
    let mut batches: HashMap<String, RecordBatch> = HashMap::new();
    let Planned::Columns(columns, _) = plan(&ctx, &case, &main, &batches).await else {
        return generated;
    };
    let mut state = State {
        columns,
        pool,
        with: Vec::new(),
        joins: 0,
    };
    let length = *rng.weighted(&[(3, 1usize), (4, 2), (4, 3), (3, 4), (2, 5), (2, 6)]);
    let mut known: Vec<(String, String)> = Vec::new();
    'steps: for _ in 0..length {
        for _ in 0..TRIES_PER_STEP {
            let Some((kind, tables)) = random_step(&mut rng, &state) else {
                continue;
            };
            let keyword = kind.keyword();
            let mut candidate = case.clone();
            candidate.steps.push(step(kind));
            let mut more = batches.clone();
            let mut readable = true;
            for (n, t) in &tables {
                candidate.with.push((n.clone(), t.clone()));
                match t.batch() {
                    Ok(b) => {
                        more.insert(n.clone(), b);
                    }
                    Err(_) => readable = false,
                }
            }
            if !readable {
                continue;
            }
            // The printer must write text that reads back as the same steps.
            let parsed = wrangle_dsl::parse(&candidate.recipe());
            let reread: Vec<&StepKind> = parsed.recipe.steps().map(|s| &s.kind).collect();
            let written: Vec<&StepKind> = candidate.steps.iter().map(|s| &s.kind).collect();
            if !parsed.diagnostics.is_empty() || reread != written {
                let last = candidate.steps.last().expect("a step");
                generated.misprinted.push(wrangle_dsl::print_step(last));
                continue;
            }
            match plan(&ctx, &candidate, &main, &more).await {
                Planned::Refused(why) => {
                    generated.refused.push(keyword);
                    let line = candidate
                        .recipe()
                        .lines()
                        .last()
                        .unwrap_or_default()
                        .to_string();
                    generated
                        .refusals
                        .push((keyword, format!("{why} — {line}")));
                    continue;
                }
                Planned::Columns(columns, disagreements) => {
                    state.columns = columns;
                    // Only what this step changed: a difference stays until it is gone.
                    let recipe = candidate.recipe();
                    for (key, d) in &disagreements {
                        if !known.iter().any(|(k, _)| k == key) {
                            generated
                                .disagreements
                                .push((keyword, d.clone(), recipe.clone()));
                        }
                    }
                    known = disagreements;
                }
                // Checks but does not compile: the runner reports it.
                Planned::Failed => {
                    case = candidate;
                    break 'steps;
                }
            }
            case = candidate;
            batches = more;
            state.joins += usize::from(keyword == "join");
            for (n, t) in tables {
                state.pool.add(&t);
                state.with.push((n, t.columns));
            }
            continue 'steps;
        }
    }
    generated.case = case;
    generated
}

/// One random step the table allows, and the named inputs it brings.
fn random_step(rng: &mut Rng, state: &State) -> Option<(StepKind, Vec<(String, Table)>)> {
    let transform = *rng.pick(&transforms());
    let none = Vec::new();
    let kind = match transform {
        Transform::Rename => columns::rename(rng, state)?,
        Transform::Drop => columns::drop(rng, state)?,
        Transform::KeepColumns => columns::keep(rng, state)?,
        Transform::Move => columns::move_columns(rng, state)?,
        Transform::Derive => columns::derive(rng, state)?,
        Transform::Set => columns::set(rng, state)?,
        Transform::SetType => columns::settype(rng, state)?,
        Transform::Merge => columns::merge(rng, state)?,
        Transform::Split => columns::split(rng, state)?,
        Transform::Extract => columns::extract(rng, state)?,
        Transform::Replace => columns::replace(rng, state)?,
        Transform::CountPattern => columns::countpattern(rng, state)?,
        Transform::KeepRows => rows::keep_rows(rng, state),
        Transform::DeleteRows => rows::delete_rows(rng, state),
        Transform::Dedup => rows::dedup(rng, state),
        Transform::Sort => rows::sort(rng, state)?,
        Transform::Fill => rows::fill(rng, state)?,
        Transform::Limit => rows::limit(rng),
        Transform::Aggregate => reshape::aggregate(rng, state)?,
        Transform::Pivot => reshape::pivot(rng, state)?,
        Transform::Unpivot => reshape::unpivot(rng, state)?,
        Transform::SplitRows => reshape::split_rows(rng, state)?,
        Transform::Nest => reshape::nest(rng, state)?,
        Transform::Unnest => reshape::unnest(rng, state)?,
        Transform::Flatten => reshape::flatten(rng, state)?,
        Transform::Window => reshape::window(rng, state)?,
        Transform::Join if state.joins < MAX_JOINS => return combine::join(rng, state),
        Transform::Lookup => return combine::lookup(rng, state),
        Transform::Union => return combine::union(rng, state),
        Transform::Expect => quality::expect(rng, state),
        Transform::Join | Transform::Header => return None,
    };
    Some((kind, none))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::checker_schema;

    #[tokio::test]
    async fn a_seed_gives_the_same_case() {
        for seed in 0..15 {
            let a = generate(seed).await.case;
            let b = generate(seed).await.case;
            assert_eq!(a.recipe(), b.recipe(), "seed {seed}");
            assert_eq!(a.input, b.input, "seed {seed}");
        }
    }

    #[tokio::test]
    async fn generated_recipes_have_steps_and_check() {
        let mut steps = 0;
        for seed in 100..160 {
            let generated = generate(seed).await;
            let case = &generated.case;
            steps += case.steps.len();
            let (main, with) = case.batches().expect("the tables read back");
            let tables: wrangle_dsl::check::Tables = with
                .iter()
                .map(|(n, b)| (n.clone(), checker_schema(b.schema().as_ref())))
                .collect();
            let (_, checked) = wrangle_dsl::check::parse_and_check_with(
                &case.recipe(),
                Some(checker_schema(main.schema().as_ref())),
                &tables,
            );
            assert!(!checked.has_errors(), "seed {seed}:\n{}", case.recipe());
        }
        assert!(steps >= 60, "only {steps} steps in 60 cases");
    }
}
