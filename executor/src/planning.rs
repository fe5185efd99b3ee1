//! What every runtime does once its inputs are plans, natively and in the browser: check
//! the recipe against the main input's schema, leave out a leading `header` (the input was
//! read with it), find the values of a `pivot` without `in`, and compile.

use crate::accounting::Accounting;
use crate::compile::{compile, compile_counted, pivot_values, Compiled, Inputs};
use crate::schema::checker_schema;
use datafusion::execution::context::SessionContext;
use wrangle_dsl::ast::{Recipe, StepKind};
use wrangle_dsl::check::{CheckedStep, Schema, Tables};

/// The plan of a table held in memory and bound as input `name`: test tables, generated
/// tables, the browser's working set.
pub fn in_memory(
    name: &str,
    batch: &datafusion::arrow::array::RecordBatch,
) -> datafusion::error::Result<datafusion::logical_expr::LogicalPlan> {
    use datafusion::datasource::{provider_as_source, MemTable};
    let table = MemTable::try_new(batch.schema(), vec![vec![batch.clone()]])?;
    datafusion::logical_expr::LogicalPlanBuilder::scan(
        name,
        provider_as_source(std::sync::Arc::new(table)),
        None,
    )?
    .build()
}

/// The row a leading `header` step takes the column names from (1-based): the step is
/// applied when the input is read, not compiled. `header row 0` is left to the checker,
/// which says rows are counted from 1.
pub fn header_row(recipe: &Recipe) -> Option<u64> {
    recipe.steps().next().and_then(|step| match step.kind {
        StepKind::Header { row } => Some(row.unwrap_or(1)).filter(|&r| r >= 1),
        _ => None,
    })
}

/// What the checker knows of the inputs: the main input's schema and the other inputs'.
fn schemas(inputs: &Inputs) -> (Schema, Tables) {
    let tables = inputs
        .tables
        .iter()
        .map(|(name, plan)| (name.clone(), checker_schema(plan.schema().as_arrow())))
        .collect();
    (checker_schema(inputs.main.schema().as_arrow()), tables)
}

/// The typed steps of a recipe checked against its inputs (what [`compile`] takes), or the
/// checker's errors.
pub fn checked_steps(
    recipe: &Recipe,
    inputs: &Inputs,
) -> std::result::Result<Vec<CheckedStep>, Vec<wrangle_dsl::Diagnostic>> {
    let (schema, tables) = schemas(inputs);
    let checked = wrangle_dsl::check::check_with(recipe, Some(schema), &tables);
    if checked.has_errors() {
        return Err(checked.diagnostics);
    }
    Ok(checked.steps)
}

/// Why a recipe could not be planned over its inputs.
#[derive(Debug)]
pub enum Unplanned {
    /// Problems in the recipe, with spans into its text.
    Problems(Vec<wrangle_dsl::Diagnostic>),
    /// Named inputs the recipe reads that were not bound.
    MissingInputs(Vec<String>),
}

/// What `run`, `compile` and `test` do once the inputs are plans: check the recipe against
/// the main input's schema, leave out a leading `header` (the input was read with it),
/// find the values of a `pivot` without `in`, and compile, with row counters when
/// `counted`.
pub async fn check_and_compile(
    ctx: &SessionContext,
    parsed: &wrangle_dsl::Parsed,
    inputs: &Inputs,
    counted: bool,
) -> std::result::Result<(Compiled, Option<Accounting>), Unplanned> {
    let (schema, tables) = schemas(inputs);
    let mut checked = wrangle_dsl::check::check_parsed_with(parsed, Some(schema.clone()), &tables);
    if checked.has_errors() {
        return Err(Unplanned::Problems(checked.diagnostics));
    }
    let missing: Vec<String> = parsed
        .recipe
        .inputs()
        .iter()
        .filter(|n| !inputs.tables.contains_key(&n.text))
        .map(|n| n.text.clone())
        .collect();
    if !missing.is_empty() {
        return Err(Unplanned::MissingInputs(missing));
    }
    // A leading `header` was applied when the input was read.
    let skip = usize::from(header_row(&parsed.recipe).is_some());
    let mut completed: Option<Recipe> = None;
    while let Some((at, column, span)) =
        checked
            .steps
            .iter()
            .enumerate()
            .skip(skip)
            .find_map(|(at, s)| match &s.step.kind {
                StepKind::Pivot {
                    column,
                    values: None,
                    ..
                } => Some((at, column.text.clone(), s.step.span)),
                _ => None,
            })
    {
        let found = pivot_values::from_data(ctx, &checked.steps[skip..at], &column, span, inputs)
            .await
            .map_err(|e| Unplanned::Problems(vec![e.to_diagnostic()]))?;
        let recipe = completed.get_or_insert_with(|| parsed.recipe.clone());
        pivot_values::fill(recipe, span, found);
        // The pivot's columns are known now: the steps after it are checked with them.
        checked = wrangle_dsl::check::check_with(recipe, Some(schema.clone()), &tables);
        if checked.has_errors() {
            return Err(Unplanned::Problems(checked.diagnostics));
        }
    }
    let steps = &checked.steps[skip..];
    let compiled = if counted {
        compile_counted(steps, inputs).map(|(c, a)| (c, Some(a)))
    } else {
        compile(steps, inputs).map(|c| (c, None))
    };
    compiled.map_err(|e| Unplanned::Problems(vec![e.to_diagnostic()]))
}
