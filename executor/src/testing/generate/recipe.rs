//! Random recipes of 1 to 6 steps covering every transform. The generator follows the
//! table as the recipe changes it: after each step it compiles the recipe so far and reads
//! the plan's columns and types, and the checker's view of them; a step the checker
//! refuses is drawn again (and counted), so the cases that run are all ones the checker
//! accepts. A step that checks but does not compile ends the recipe: that case is a bug.

use super::expr::{self, column, e, literal, name, scalar, Col, Scope};
use super::random::Rng;
use super::schema::{column_name, random_schema, random_ty, Ty};
use super::table::{random_row_count, random_table, Pool, Table, Value};
use super::Case;
use crate::compile::Inputs;
use crate::planning::{check_and_compile, Unplanned};
use crate::schema::checker_schema;
use datafusion::arrow::array::RecordBatch;
use datafusion::execution::context::SessionContext;
use std::collections::HashMap;
use wrangle_dsl::ast::*;
use wrangle_dsl::catalog::Kind;
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

/// Calls `f` on every expression of a step.
pub fn step_exprs<'a>(kind: &'a StepKind, f: &mut impl FnMut(&'a Expr)) {
    match kind {
        StepKind::Derive { assignments } => assignments.iter().for_each(|a| f(&a.value)),
        StepKind::Set {
            assignments,
            condition,
        } => {
            assignments.iter().for_each(|a| f(&a.value));
            if let Some(c) = condition {
                f(c);
            }
        }
        StepKind::KeepRows { condition }
        | StepKind::DeleteRows { condition }
        | StepKind::Expect { condition, .. } => f(condition),
        StepKind::Sort { keys } => keys.iter().for_each(|k| f(&k.expr)),
        StepKind::Fill {
            with: FillWith::Value(v),
            ..
        } => f(v),
        StepKind::Aggregate { by, values } => {
            by.iter().for_each(|k| f(&k.expr));
            values.iter().for_each(|a| f(&a.value));
        }
        StepKind::Pivot { values, using, .. } => {
            for v in values.iter().flatten() {
                f(v);
            }
            f(using);
        }
        StepKind::Window { order, values, .. } => {
            order.iter().for_each(|k| f(&k.expr));
            values.iter().for_each(|a| f(&a.value));
        }
        StepKind::Join { on, .. } | StepKind::Lookup { on, .. } => f(on),
        _ => {}
    }
}

/// Calls `f` on every expression of a step, to change it (the shrinker simplifies them).
pub fn step_exprs_mut(kind: &mut StepKind, f: &mut impl FnMut(&mut Expr)) {
    match kind {
        StepKind::Derive { assignments } => assignments.iter_mut().for_each(|a| f(&mut a.value)),
        StepKind::Set {
            assignments,
            condition,
        } => {
            assignments.iter_mut().for_each(|a| f(&mut a.value));
            if let Some(c) = condition {
                f(c);
            }
        }
        StepKind::KeepRows { condition }
        | StepKind::DeleteRows { condition }
        | StepKind::Expect { condition, .. } => f(condition),
        StepKind::Sort { keys } => keys.iter_mut().for_each(|k| f(&mut k.expr)),
        StepKind::Fill {
            with: FillWith::Value(v),
            ..
        } => f(v),
        StepKind::Aggregate { by, values } => {
            by.iter_mut().for_each(|k| f(&mut k.expr));
            values.iter_mut().for_each(|a| f(&mut a.value));
        }
        StepKind::Pivot { values, using, .. } => {
            for v in values.iter_mut().flatten() {
                f(v);
            }
            f(using);
        }
        StepKind::Window { order, values, .. } => {
            order.iter_mut().for_each(|k| f(&mut k.expr));
            values.iter_mut().for_each(|a| f(&mut a.value));
        }
        StepKind::Join { on, .. } | StepKind::Lookup { on, .. } => f(on),
        _ => {}
    }
}

fn step(kind: StepKind) -> Step {
    Step {
        kind,
        span: Span::default(),
    }
}

fn names(list: &[&str]) -> Vec<Name> {
    list.iter().map(|n| name(n)).collect()
}

/// The table as the generator knows it between steps.
struct State {
    columns: Vec<Col>,
    pool: Pool,
    /// Named inputs the case has, with their columns.
    with: Vec<(String, Vec<(String, Ty)>)>,
    /// Joins so far: at most `MAX_JOINS`, so that rows cannot multiply past a few
    /// thousand.
    joins: usize,
}

/// Joins in one recipe at most (45 rows joined twice with 8 rows of repeated keys make
/// 2,880 rows).
const MAX_JOINS: usize = 2;

impl State {
    fn names(&self) -> Vec<String> {
        self.columns.iter().map(|c| c.name.clone()).collect()
    }

    fn where_ty(&self, f: impl Fn(&Ty) -> bool) -> Vec<&Col> {
        self.columns
            .iter()
            .filter(|c| f(&c.ty) && c.kind != Kind::Any)
            .collect()
    }

    fn fresh(&self, rng: &mut Rng, also: &[String]) -> String {
        let mut taken = self.names();
        taken.extend(also.iter().cloned());
        column_name(rng, &taken)
    }

    fn scope(&self) -> Scope<'_> {
        Scope::new(&self.columns)
    }

    fn pick_cols(&self, rng: &mut Rng, low: usize, high: usize) -> Vec<String> {
        let k = rng.range(low as i64, high as i64) as usize;
        rng.sample(self.columns.len(), k)
            .into_iter()
            .map(|i| self.columns[i].name.clone())
            .collect()
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

/// What planning the recipe so far gave.
enum Planned {
    /// It compiled: the columns after it, names and types from the plan, kinds from the
    /// checker; and where the checker's view differs from the plan (what differs — a
    /// column's name, or the list of columns — and how).
    Columns(Vec<Col>, Vec<(String, String)>),
    /// The checker refused it, with its first error.
    Refused(String),
    /// It checked but did not compile.
    Failed,
}

/// Plans the case as `run` and `test` do (`check_and_compile`), without running it.
async fn plan(
    ctx: &SessionContext,
    case: &Case,
    main: &RecordBatch,
    batches: &HashMap<String, RecordBatch>,
) -> Planned {
    let mut tables = HashMap::new();
    let mut schemas = wrangle_dsl::check::Tables::new();
    for (n, b) in batches {
        let Ok(p) = crate::planning::in_memory(n, b) else {
            return Planned::Failed;
        };
        tables.insert(n.clone(), p);
        schemas.insert(n.clone(), checker_schema(b.schema().as_ref()));
    }
    let Ok(main_plan) = crate::planning::in_memory("input", main) else {
        return Planned::Failed;
    };
    let inputs = Inputs {
        main: main_plan,
        tables,
    };
    let text = case.recipe();
    let compiled = match check_and_compile(ctx, &wrangle_dsl::parse(&text), &inputs, false).await {
        Ok((c, _)) => c,
        Err(Unplanned::Problems(d)) => {
            return match d.iter().find(|d| d.is_error() && d.code != "compile") {
                Some(refused) => Planned::Refused(refused.message.clone()),
                None => Planned::Failed,
            }
        }
        Err(Unplanned::MissingInputs(n)) => return Planned::Refused(format!("missing {n:?}")),
    };
    let (_, checked) = wrangle_dsl::check::parse_and_check_with(
        &text,
        Some(checker_schema(main.schema().as_ref())),
        &schemas,
    );
    let output = checked.output;
    let columns: Vec<Col> = compiled
        .plan
        .schema()
        .fields()
        .iter()
        .map(|f| Col {
            name: f.name().clone(),
            ty: Ty::from_arrow(f.data_type()),
            kind: output
                .columns
                .iter()
                .find(|c| &c.name == f.name())
                .map_or(Kind::Any, |c| c.kind()),
        })
        .collect();
    let disagreements = disagreements(&columns, &output);
    Planned::Columns(columns, disagreements)
}

/// Where the checker's view of the table is not the plan's: columns whose kind the
/// checker has wrong, and a different list of columns when the checker claims to know
/// them all. Not failures of the run, but the checker then refuses recipes that would run
/// or accepts recipes that cannot.
fn disagreements(columns: &[Col], output: &wrangle_dsl::check::Schema) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for c in columns {
        let fits = match c.kind {
            Kind::Any => true,
            Kind::Number => c.ty.is_numeric(),
            Kind::Temporal => c.ty.is_temporal(),
            k => c.ty == Ty::Unknown || c.ty.kind() == k,
        };
        if !fits {
            out.push((
                c.name.clone(),
                format!(
                    "`{}` is {} for the checker and {:?} in the plan",
                    c.name,
                    c.kind.name(),
                    c.ty
                ),
            ));
        }
    }
    let planned: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
    let checked: Vec<&str> = output.names().collect();
    if !output.open && planned != checked {
        out.push((
            String::new(),
            format!("the checker has the columns {checked:?} and the plan {planned:?}"),
        ));
    }
    out
}

/// One random step the table allows, and the named inputs it brings.
fn random_step(rng: &mut Rng, state: &State) -> Option<(StepKind, Vec<(String, Table)>)> {
    let transform = *rng.pick(&transforms());
    let none = Vec::new();
    let kind = match transform {
        Transform::Rename => rename(rng, state)?,
        Transform::Drop => drop(rng, state)?,
        Transform::KeepColumns => keep(rng, state)?,
        Transform::Move => move_columns(rng, state)?,
        Transform::Derive => derive(rng, state)?,
        Transform::Set => set(rng, state)?,
        Transform::SetType => settype(rng, state)?,
        Transform::Merge => merge(rng, state)?,
        Transform::Split => split(rng, state)?,
        Transform::Extract => extract(rng, state)?,
        Transform::Replace => replace(rng, state)?,
        Transform::CountPattern => countpattern(rng, state)?,
        Transform::KeepRows => StepKind::KeepRows {
            condition: expr::condition(rng, &state.scope(), 2),
        },
        Transform::DeleteRows => StepKind::DeleteRows {
            condition: expr::condition(rng, &state.scope(), 2),
        },
        Transform::Dedup => dedup(rng, state),
        Transform::Sort => sort(rng, state)?,
        Transform::Fill => fill(rng, state)?,
        Transform::Limit => StepKind::Limit {
            count: rng.range(0, 10) as u64,
            offset: rng.chance(0.3).then(|| rng.range(0, 5) as u64),
        },
        Transform::Aggregate => aggregate(rng, state)?,
        Transform::Pivot => pivot(rng, state)?,
        Transform::Unpivot => unpivot(rng, state)?,
        Transform::SplitRows => {
            let c = text_column(rng, state)?;
            StepKind::SplitRows {
                column: name(&c),
                on: expr::matcher(rng, 0),
            }
        }
        Transform::Nest => nest(rng, state)?,
        Transform::Unnest => {
            let candidates = state.where_ty(|t| matches!(t, Ty::Struct(_)));
            if candidates.is_empty() {
                return None;
            }
            let c = rng.pick(&candidates).name.clone();
            StepKind::Unnest {
                column: name(&c),
                prefix: rng
                    .chance(0.5)
                    .then(|| rng.pick(&["p_", "", "x.", "Ü "]).to_string()),
            }
        }
        Transform::Flatten => {
            let candidates = state.where_ty(|t| matches!(t, Ty::List(_)));
            if candidates.is_empty() {
                return None;
            }
            StepKind::Flatten {
                column: name(&rng.pick(&candidates).name),
            }
        }
        Transform::Window => window(rng, state)?,
        Transform::Join if state.joins < MAX_JOINS => return join(rng, state),
        Transform::Lookup => return lookup(rng, state),
        Transform::Union => return union(rng, state),
        Transform::Expect => expect(rng, state),
        Transform::Join | Transform::Header => return None,
    };
    Some((kind, none))
}

fn text_column(rng: &mut Rng, state: &State) -> Option<String> {
    let candidates = state.where_ty(|t| *t == Ty::String);
    if candidates.is_empty() {
        return None;
    }
    Some(rng.pick(&candidates).name.clone())
}

fn rename(rng: &mut Rng, state: &State) -> Option<StepKind> {
    if state.columns.is_empty() {
        return None;
    }
    let names = state.names();
    if names.len() >= 2 && rng.chance(0.2) {
        let picked = rng.sample(names.len(), 2);
        let (a, b) = (&names[picked[0]], &names[picked[1]]);
        return Some(StepKind::Rename {
            pairs: vec![(name(a), name(b)), (name(b), name(a))],
        });
    }
    let mut pairs = Vec::new();
    let mut new_names = Vec::new();
    for from in state.pick_cols(rng, 1, 2) {
        let to = state.fresh(rng, &new_names);
        new_names.push(to.clone());
        pairs.push((name(&from), name(&to)));
    }
    Some(StepKind::Rename { pairs })
}

fn drop(rng: &mut Rng, state: &State) -> Option<StepKind> {
    let n = state.columns.len();
    if n == 0 {
        return None;
    }
    let high = if rng.chance(0.05) {
        n
    } else {
        (n - 1).clamp(1, 2)
    };
    let columns = state.pick_cols(rng, 1, high);
    Some(StepKind::Drop {
        columns: names(&columns.iter().map(String::as_str).collect::<Vec<_>>()),
    })
}

fn keep(rng: &mut Rng, state: &State) -> Option<StepKind> {
    let n = state.columns.len();
    if n == 0 {
        return None;
    }
    let columns = state.pick_cols(rng, 1, n);
    Some(StepKind::KeepColumns {
        columns: columns.iter().map(|c| name(c)).collect(),
    })
}

fn move_columns(rng: &mut Rng, state: &State) -> Option<StepKind> {
    let n = state.columns.len();
    if n == 0 {
        return None;
    }
    let moving = state.pick_cols(rng, 1, 2.min(n));
    let others: Vec<String> = state
        .names()
        .into_iter()
        .filter(|c| !moving.contains(c))
        .collect();
    let place = match rng.below(4) {
        0 => MovePlace::To(MoveTarget::Start),
        1 => MovePlace::To(MoveTarget::End),
        _ if others.is_empty() => MovePlace::To(MoveTarget::End),
        2 => MovePlace::Before(name(&others[rng.below(others.len())])),
        _ => MovePlace::After(name(&others[rng.below(others.len())])),
    };
    Some(StepKind::Move {
        columns: moving.iter().map(|c| name(c)).collect(),
        place,
    })
}

/// The kind of a new value: all kinds, numbers and text most often.
fn value_kind(rng: &mut Rng) -> Kind {
    *rng.weighted(&[
        (3, Kind::Any),
        (4, Kind::Number),
        (2, Kind::Integer),
        (2, Kind::Float),
        (1, Kind::Decimal),
        (4, Kind::String),
        (3, Kind::Boolean),
        (2, Kind::Date),
        (2, Kind::Timestamp),
        (2, Kind::List),
        (1, Kind::Struct),
    ])
}

fn derive(rng: &mut Rng, state: &State) -> Option<StepKind> {
    let mut columns = state.columns.clone();
    let mut assignments = Vec::new();
    let mut new_names = Vec::new();
    for _ in 0..rng.range(1, 3) {
        let target = state.fresh(rng, &new_names);
        let want = value_kind(rng);
        let depth = rng.range(1, 3) as u32;
        let (value, ty) = scalar(rng, &Scope::new(&columns), want, depth);
        new_names.push(target.clone());
        // A later assignment may use an earlier one.
        columns.push(Col {
            name: target.clone(),
            kind: ty.kind(),
            ty,
        });
        assignments.push(Assignment {
            target: name(&target),
            value,
        });
    }
    Some(StepKind::Derive { assignments })
}

fn set(rng: &mut Rng, state: &State) -> Option<StepKind> {
    if state.columns.is_empty() {
        return None;
    }
    let scope = state.scope();
    let mut assignments = Vec::new();
    for target in state.pick_cols(rng, 1, 2) {
        let col = state.columns.iter().find(|c| c.name == target)?;
        let (value, _) = if col.ty.is_scalar() && rng.chance(0.8) {
            scalar(rng, &scope, col.ty.kind(), 2)
        } else {
            let kind = value_kind(rng);
            scalar(rng, &scope, kind, 2)
        };
        assignments.push(Assignment {
            target: name(&target),
            value,
        });
    }
    let condition = rng.chance(0.5).then(|| expr::condition(rng, &scope, 1));
    Some(StepKind::Set {
        assignments,
        condition,
    })
}

/// A type to convert a column of `ty` to: mostly conversions that make sense, sometimes
/// any type at all.
fn target_type(rng: &mut Rng, ty: &Ty) -> TypeExpr {
    let plain = |kind| TypeExpr {
        kind,
        span: Span::default(),
    };
    let decimal = |rng: &mut Rng| {
        let (p, s) = *rng.pick(&[(10, 2), (38, 10), (5, 0), (20, 4), (3, 2)]);
        plain(TypeKind::Decimal { size: Some((p, s)) })
    };
    if rng.chance(0.1) {
        return random_ty(rng, 1)
            .type_expr()
            .unwrap_or(plain(TypeKind::String));
    }
    match ty {
        Ty::String => match rng.below(9) {
            0 => plain(TypeKind::Integer),
            1 => plain(TypeKind::Float),
            2 => decimal(rng),
            3 => plain(TypeKind::Boolean),
            4 => plain(TypeKind::Date { format: None }),
            5 => plain(TypeKind::Date {
                format: Some(rng.pick(&["%d/%m/%Y", "%Y-%m-%d", "%m/%d/%Y"]).to_string()),
            }),
            6 => plain(TypeKind::Timestamp { format: None }),
            7 => plain(TypeKind::Timestamp {
                format: Some("%Y-%m-%d %H:%M".into()),
            }),
            _ => plain(TypeKind::String),
        },
        Ty::Integer => match rng.below(4) {
            0 => plain(TypeKind::String),
            1 => plain(TypeKind::Float),
            2 => decimal(rng),
            _ => plain(TypeKind::Boolean),
        },
        Ty::Float | Ty::Decimal(..) => match rng.below(4) {
            0 => plain(TypeKind::String),
            1 => plain(TypeKind::Integer),
            2 => decimal(rng),
            _ => plain(TypeKind::Float),
        },
        Ty::Boolean => match rng.below(2) {
            0 => plain(TypeKind::String),
            _ => plain(TypeKind::Integer),
        },
        Ty::Date => match rng.below(2) {
            0 => plain(TypeKind::String),
            _ => plain(TypeKind::Timestamp { format: None }),
        },
        Ty::Timestamp => match rng.below(2) {
            0 => plain(TypeKind::String),
            _ => plain(TypeKind::Date { format: None }),
        },
        Ty::List(_) => plain(TypeKind::List(Box::new(plain(TypeKind::String)))),
        _ => plain(TypeKind::String),
    }
}

fn settype(rng: &mut Rng, state: &State) -> Option<StepKind> {
    if state.columns.is_empty() {
        return None;
    }
    let columns = state
        .pick_cols(rng, 1, 2)
        .into_iter()
        .map(|c| {
            let ty = state
                .columns
                .iter()
                .find(|x| x.name == c)
                .map_or(Ty::Unknown, |x| x.ty.clone());
            (name(&c), target_type(rng, &ty))
        })
        .collect();
    Some(StepKind::SetType { columns })
}

fn merge(rng: &mut Rng, state: &State) -> Option<StepKind> {
    if state.columns.len() < 2 {
        return None;
    }
    let columns = state.pick_cols(rng, 2, 3.min(state.columns.len()));
    let into = state.fresh(rng, &[]);
    Some(StepKind::Merge {
        columns: columns.iter().map(|c| name(c)).collect(),
        separator: rng
            .chance(0.7)
            .then(|| rng.pick(&[" ", "-", "", ", ", "|"]).to_string()),
        into: name(&into),
    })
}

fn split(rng: &mut Rng, state: &State) -> Option<StepKind> {
    let c = text_column(rng, state)?;
    let parts = rng.range(2, 3) as usize;
    let mut into = Vec::new();
    if rng.chance(0.6) {
        for _ in 0..parts {
            let n = state.fresh(rng, &into);
            into.push(n);
        }
    }
    let limit = if into.is_empty() || rng.chance(0.4) {
        Some(parts as u64 - 1)
    } else {
        None
    };
    Some(StepKind::Split {
        column: name(&c),
        on: expr::matcher(rng, 0),
        limit,
        into: into.iter().map(|n| name(n)).collect(),
    })
}

fn extract(rng: &mut Rng, state: &State) -> Option<StepKind> {
    let c = text_column(rng, state)?;
    let k = *rng.weighted(&[(5, 1usize), (3, 2)]);
    let mut targets = Vec::new();
    for _ in 0..k {
        let n = state.fresh(rng, &targets);
        targets.push(n);
    }
    let groups = if k == 1 && rng.chance(0.6) { 0 } else { k };
    Some(StepKind::Extract {
        targets: targets.iter().map(|n| name(n)).collect(),
        from: name(&c),
        matching: expr::matcher(rng, groups),
    })
}

fn replace(rng: &mut Rng, state: &State) -> Option<StepKind> {
    let texts = state.where_ty(|t| *t == Ty::String);
    if texts.is_empty() {
        return None;
    }
    let k = rng.range(1, 2.min(texts.len() as i64)) as usize;
    let columns = rng
        .sample(texts.len(), k)
        .into_iter()
        .map(|i| name(&texts[i].name))
        .collect();
    let groups = rng.below(2);
    Some(StepKind::Replace {
        columns,
        matching: expr::matcher(rng, groups),
        with: rng
            .pick(&["", "X", "$1", "${1}x", "$$", "<$0>", "$1st", "日本"])
            .to_string(),
    })
}

fn countpattern(rng: &mut Rng, state: &State) -> Option<StepKind> {
    let c = text_column(rng, state)?;
    Some(StepKind::CountPattern {
        target: name(&state.fresh(rng, &[])),
        from: name(&c),
        matching: expr::matcher(rng, 0),
    })
}

fn dedup(rng: &mut Rng, state: &State) -> StepKind {
    let by = if state.columns.is_empty() || rng.chance(0.3) {
        Vec::new()
    } else {
        state
            .pick_cols(rng, 1, 2.min(state.columns.len()))
            .iter()
            .map(|c| name(c))
            .collect()
    };
    StepKind::Dedup {
        by,
        keep: *rng.pick(&[None, Some(Keep::First), Some(Keep::Last)]),
    }
}

fn sort_keys(rng: &mut Rng, state: &State, most: i64) -> Vec<SortKey> {
    let scalars = state.where_ty(|t| t.is_scalar());
    (0..rng.range(1, most))
        .map(|_| {
            let expr = if !scalars.is_empty() && rng.chance(0.8) {
                column(&rng.pick(&scalars).name)
            } else {
                scalar(rng, &state.scope(), Kind::Any, 1).0
            };
            SortKey {
                expr,
                descending: rng.chance(0.4),
                nulls_first: *rng.pick(&[None, None, Some(true), Some(false)]),
            }
        })
        .collect()
}

fn sort(rng: &mut Rng, state: &State) -> Option<StepKind> {
    if state.columns.is_empty() {
        return None;
    }
    Some(StepKind::Sort {
        keys: sort_keys(rng, state, 3),
    })
}

fn fill(rng: &mut Rng, state: &State) -> Option<StepKind> {
    if state.columns.is_empty() {
        return None;
    }
    let first = rng.pick(&state.columns).clone();
    let mut columns = vec![first.name.clone()];
    if let Some(other) = state
        .columns
        .iter()
        .find(|c| c.ty == first.ty && c.name != first.name)
    {
        if rng.chance(0.3) {
            columns.push(other.name.clone());
        }
    }
    let with = match rng.below(3) {
        0 => FillWith::Down,
        1 => FillWith::Up,
        _ => FillWith::Value(expr::typed(rng, &Scope::new(&[]), &first.ty, 0).0),
    };
    Some(StepKind::Fill {
        columns: columns.iter().map(|c| name(c)).collect(),
        with,
    })
}

fn aggregate(rng: &mut Rng, state: &State) -> Option<StepKind> {
    let mut by = Vec::new();
    let mut out_names: Vec<String> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    let scalars = state.where_ty(|t| t.is_scalar());
    for _ in 0..*rng.weighted(&[(2, 0usize), (4, 1), (2, 2)]) {
        if !scalars.is_empty() && rng.chance(0.8) {
            let c = rng.pick(&scalars).name.clone();
            if keys.contains(&c) {
                continue;
            }
            keys.push(c.clone());
            out_names.push(c.clone());
            by.push(GroupKey {
                expr: column(&c),
                alias: None,
            });
        } else {
            let (x, _) = scalar(rng, &state.scope(), Kind::Any, 1);
            let alias = column_name(rng, &out_names);
            out_names.push(alias.clone());
            by.push(GroupKey {
                expr: x,
                alias: Some(name(&alias)),
            });
        }
    }
    let scope = Scope {
        columns: &state.columns,
        keys: Some(&keys),
    };
    let mut values = Vec::new();
    for _ in 0..rng.range(1, 3) {
        let target = column_name(rng, &out_names);
        out_names.push(target.clone());
        let (value, _) = expr::aggregate(rng, &scope, Kind::Any);
        values.push(Assignment {
            target: name(&target),
            value,
        });
    }
    Some(StepKind::Aggregate { by, values })
}

/// A literal for a pivot's `in` list: the language only takes literals there.
fn pivot_literal(value: &Value) -> Option<Expr> {
    let l = match value {
        Value::Str(s) => Literal::String(s.clone()),
        Value::Int(i) if *i >= 0 => Literal::Integer(*i),
        Value::Bool(b) => Literal::Boolean(*b),
        Value::Date(d) => Literal::Date(*d),
        _ => return None,
    };
    Some(e(ExprKind::Literal(l)))
}

fn pivot(rng: &mut Rng, state: &State) -> Option<StepKind> {
    let candidates =
        state.where_ty(|t| matches!(t, Ty::String | Ty::Integer | Ty::Boolean | Ty::Date));
    if candidates.is_empty() {
        return None;
    }
    let col = (*rng.pick(&candidates)).clone();
    let values = if rng.chance(0.5) {
        let pool = state.pool.of(&col.ty);
        let mut list: Vec<Expr> = Vec::new();
        for _ in 0..rng.range(1, 3) {
            let v = if !pool.is_empty() && rng.chance(0.8) {
                (*rng.pick(&pool)).clone()
            } else {
                super::table::random_value(rng, &col.ty)
            };
            if let Some(x) = pivot_literal(&v) {
                if !list.contains(&x) {
                    list.push(x);
                }
            }
        }
        Some(list)
    } else {
        None
    };
    let others: Vec<&Col> = state
        .columns
        .iter()
        .filter(|c| c.name != col.name && c.ty.is_scalar())
        .collect();
    let k = rng.below(3);
    let by: Vec<Name> = rng
        .sample(others.len(), k)
        .into_iter()
        .map(|i| name(&others[i].name))
        .collect();
    let scope = Scope {
        columns: &state.columns,
        keys: Some(&[]),
    };
    let (using, _) = expr::aggregate(rng, &scope, Kind::Any);
    Some(StepKind::Pivot {
        column: name(&col.name),
        values,
        using,
        by,
    })
}

fn unpivot(rng: &mut Rng, state: &State) -> Option<StepKind> {
    if state.columns.is_empty() {
        return None;
    }
    let first = rng.pick(&state.columns).clone();
    let fits = |c: &Col| {
        c.ty == first.ty
            || (c.ty.is_scalar() && first.ty.is_scalar() && first.kind.common(c.kind).is_some())
    };
    let mut columns = vec![first.name.clone()];
    for c in &state.columns {
        if c.name != first.name && fits(c) && columns.len() < 3 && rng.chance(0.6) {
            columns.push(c.name.clone());
        }
    }
    let key = state.fresh(rng, &[]);
    let value = state.fresh(rng, std::slice::from_ref(&key));
    Some(StepKind::Unpivot {
        columns: columns.iter().map(|c| name(c)).collect(),
        key: name(&key),
        value: name(&value),
    })
}

fn nest(rng: &mut Rng, state: &State) -> Option<StepKind> {
    if state.columns.is_empty() {
        return None;
    }
    let as_list = rng.chance(0.4);
    let columns: Vec<String> = if as_list {
        let first = rng.pick(&state.columns).clone();
        state
            .columns
            .iter()
            .filter(|c| c.ty == first.ty)
            .take(3)
            .map(|c| c.name.clone())
            .collect()
    } else {
        state.pick_cols(rng, 1, 3.min(state.columns.len()))
    };
    Some(StepKind::Nest {
        columns: columns.iter().map(|c| name(c)).collect(),
        into: name(&state.fresh(rng, &[])),
        kind: if as_list {
            Some(NestAs::List)
        } else {
            *rng.pick(&[None, Some(NestAs::Struct)])
        },
    })
}

fn window(rng: &mut Rng, state: &State) -> Option<StepKind> {
    let scalars = state.where_ty(|t| t.is_scalar());
    let k = rng.below(3);
    let by: Vec<Name> = rng
        .sample(scalars.len(), k)
        .into_iter()
        .map(|i| name(&scalars[i].name))
        .collect();
    let order = if rng.chance(0.7) {
        sort_keys(rng, state, 2)
    } else {
        Vec::new()
    };
    let mut values = Vec::new();
    let mut new_names = Vec::new();
    for _ in 0..rng.range(1, 2) {
        let target = state.fresh(rng, &new_names);
        new_names.push(target.clone());
        values.push(Assignment {
            target: name(&target),
            value: expr::window(rng, &state.scope()).0,
        });
    }
    Some(StepKind::Window { by, order, values })
}

fn expect(rng: &mut Rng, state: &State) -> StepKind {
    let scope = state.scope();
    let condition = if rng.chance(0.6) {
        expr::condition(rng, &scope, 2)
    } else {
        let table = Scope {
            columns: &state.columns,
            keys: Some(&[]),
        };
        match rng.below(3) {
            0 => e(ExprKind::Binary {
                op: BinaryOp::Gt,
                left: Box::new(expr::aggregate(rng, &table, Kind::Number).0),
                right: Box::new(literal(rng, Kind::Integer).0),
            }),
            1 => expr::aggregate(rng, &table, Kind::Boolean).0,
            _ => e(ExprKind::Binary {
                op: BinaryOp::GtEq,
                left: Box::new(expr::aggregate(rng, &table, Kind::Integer).0),
                right: Box::new(e(ExprKind::Literal(Literal::Integer(0)))),
            }),
        }
    };
    StepKind::Expect {
        condition,
        severity: *rng.pick(&[
            None,
            Some(Severity::Fail),
            Some(Severity::Warn),
            Some(Severity::Warn),
        ]),
    }
}

/// A name for a new named input.
fn input_name(rng: &mut Rng, state: &State) -> String {
    let taken: Vec<&String> = state.with.iter().map(|(n, _)| n).collect();
    for _ in 0..10 {
        let n = rng
            .pick(&[
                "customers",
                "other",
                "ref",
                "archive",
                "Lookup2",
                "t_2",
                "rows",
                "by",
            ])
            .to_string();
        if !taken.contains(&&n) {
            return n;
        }
    }
    format!("input_{}", state.with.len() + 2)
}

/// Another input with a key column of `key`'s type (its values drawn from the pool, so
/// keys match) and a few more columns, some named like columns of the table.
fn keyed_table(rng: &mut Rng, state: &State, key: &Col) -> (String, Table, String) {
    let table_name = input_name(rng, state);
    let key_name = if rng.chance(0.5) {
        key.name.clone()
    } else {
        column_name(rng, &[])
    };
    let mut columns = vec![(key_name.clone(), key.ty.clone())];
    for _ in 0..rng.range(0, 2) {
        let taken: Vec<String> = columns.iter().map(|(n, _)| n.clone()).collect();
        let n = if rng.chance(0.4) && !state.columns.is_empty() {
            let c = rng.pick(&state.columns).name.clone();
            if taken.contains(&c) {
                column_name(rng, &taken)
            } else {
                c
            }
        } else {
            column_name(rng, &taken)
        };
        columns.push((n, random_ty(rng, 1)));
    }
    let rows = rng.range(0, 8) as usize;
    let table = random_table(rng, columns, rows, &state.pool);
    (table_name, table, key_name)
}

fn qualified(table: &str, col: &str) -> Expr {
    e(ExprKind::Qualified {
        table: name(table),
        column: name(col),
    })
}

fn equality(left: Expr, right: Expr) -> Expr {
    e(ExprKind::Binary {
        op: BinaryOp::Eq,
        left: Box::new(left),
        right: Box::new(right),
    })
}

/// A key column of the table for a join or lookup: a scalar whose type a table can state.
fn key_column(rng: &mut Rng, state: &State) -> Option<Col> {
    let keys = state.where_ty(|t| t.is_scalar() && t.type_expr().is_some());
    if keys.is_empty() {
        return None;
    }
    Some((*rng.pick(&keys)).clone())
}

fn join(rng: &mut Rng, state: &State) -> Option<(StepKind, Vec<(String, Table)>)> {
    let key = key_column(rng, state)?;
    let (table_name, table, key_name) = keyed_table(rng, state, &key);
    let other = qualified(&table_name, &key_name);
    let mut on = match rng.below(10) {
        0 => e(ExprKind::Binary {
            op: *rng.pick(&[BinaryOp::Lt, BinaryOp::GtEq, BinaryOp::NotEq]),
            left: Box::new(column(&key.name)),
            right: Box::new(other),
        }),
        1 if key.ty == Ty::String => {
            equality(super::table::call("lower", vec![column(&key.name)]), other)
        }
        2 if rng.chance(0.2) => {
            // A column the other input does not have: the checker cannot know.
            equality(
                column(&key.name),
                qualified(&table_name, &format!("{key_name}_x")),
            )
        }
        _ => equality(column(&key.name), other),
    };
    if table.columns.len() > 1 && rng.chance(0.25) {
        let (extra, ty) = &table.columns[1];
        let condition = if ty.is_scalar() {
            e(ExprKind::IsNull {
                expr: Box::new(qualified(&table_name, extra)),
                negated: true,
            })
        } else {
            e(ExprKind::Literal(Literal::Boolean(true)))
        };
        on = e(ExprKind::Binary {
            op: BinaryOp::And,
            left: Box::new(on),
            right: Box::new(condition),
        });
    }
    let kind = *rng.pick(&[
        None,
        Some(JoinKind::Inner),
        Some(JoinKind::Left),
        Some(JoinKind::Right),
        Some(JoinKind::Full),
        Some(JoinKind::Semi),
        Some(JoinKind::Anti),
    ]);
    Some((
        StepKind::Join {
            table: name(&table_name),
            on,
            kind,
        },
        vec![(table_name, table)],
    ))
}

fn lookup(rng: &mut Rng, state: &State) -> Option<(StepKind, Vec<(String, Table)>)> {
    let key = key_column(rng, state)?;
    let (table_name, table, key_name) = keyed_table(rng, state, &key);
    let on = equality(column(&key.name), qualified(&table_name, &key_name));
    let existing = state.names();
    let bring: Vec<Name> = table
        .columns
        .iter()
        .skip(1)
        .filter(|(n, _)| !existing.contains(n) && rng.chance(0.6))
        .map(|(n, _)| name(n))
        .collect();
    Some((
        StepKind::Lookup {
            table: name(&table_name),
            on,
            columns: bring,
        },
        vec![(table_name, table)],
    ))
}

/// The type a union's other side gives a column of `ty`: mostly the same, sometimes a
/// number of another kind.
fn union_ty(rng: &mut Rng, ty: &Ty) -> Ty {
    if !rng.chance(0.2) {
        return ty.clone();
    }
    match ty {
        Ty::Integer => Ty::Float,
        Ty::Float => Ty::Integer,
        Ty::Date => Ty::Timestamp,
        other => other.clone(),
    }
}

fn union(rng: &mut Rng, state: &State) -> Option<(StepKind, Vec<(String, Table)>)> {
    if state.columns.iter().any(|c| c.ty.type_expr().is_none()) {
        return None;
    }
    let by = *rng.pick(&[None, Some(UnionBy::Name), Some(UnionBy::Position)]);
    let mut tables = Vec::new();
    let mut state_with = state.with.clone();
    for _ in 0..*rng.weighted(&[(4, 1usize), (1, 2)]) {
        let table_name = input_name(
            rng,
            &State {
                columns: Vec::new(),
                pool: Pool::default(),
                with: state_with.clone(),
                joins: 0,
            },
        );
        let columns: Vec<(String, Ty)> = if by == Some(UnionBy::Position) {
            state
                .columns
                .iter()
                .map(|c| {
                    let n = if rng.chance(0.7) {
                        c.name.clone()
                    } else {
                        format!("{}_2", c.name)
                    };
                    (n, union_ty(rng, &c.ty))
                })
                .collect()
        } else {
            let mut columns: Vec<(String, Ty)> = Vec::new();
            for c in &state.columns {
                if rng.chance(0.85) {
                    columns.push((c.name.clone(), union_ty(rng, &c.ty)));
                }
            }
            rng.shuffle(&mut columns);
            if rng.chance(0.2) {
                let taken: Vec<String> = state.names();
                columns.push((column_name(rng, &taken), random_ty(rng, 0)));
            }
            if columns.is_empty() {
                return None;
            }
            columns
        };
        let rows = rng.range(0, 6) as usize;
        let table = random_table(rng, columns, rows, &state.pool);
        state_with.push((table_name.clone(), table.columns.clone()));
        tables.push((table_name, table));
    }
    Some((
        StepKind::Union {
            tables: tables.iter().map(|(n, _)| name(n)).collect(),
            by,
        },
        tables,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

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
