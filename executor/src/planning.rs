//! What every runtime does once its inputs are plans, natively and in the browser: check
//! the recipe against the main input's schema, leave out a leading `header` (the input was
//! read with it), find the values of a `pivot` without `in`, and compile.

use crate::accounting::Accounting;
use crate::compile::{compile, compile_counted, pivot_values, Compiled, Inputs};
use crate::schema::checker_schema;
use datafusion::execution::context::SessionContext;
use wrangle_dsl::ast::{Line, Recipe, StepKind};

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
    let schema = checker_schema(inputs.main.schema().as_arrow());
    let tables: wrangle_dsl::check::Tables = inputs
        .tables
        .iter()
        .map(|(name, plan)| (name.clone(), checker_schema(plan.schema().as_arrow())))
        .collect();
    let checked = wrangle_dsl::check::check_parsed_with(parsed, Some(schema), &tables);
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
    let mut recipe = parsed.recipe.clone();
    if header_row(&recipe).is_some() {
        if let Some(line) = recipe
            .lines
            .iter_mut()
            .find(|l| matches!(l, Line::Step(..)))
        {
            *line = Line::Blank;
        }
    }
    if let Err(e) = pivot_values::resolve(ctx, &mut recipe, inputs).await {
        return Err(Unplanned::Problems(vec![e.to_diagnostic()]));
    }
    let compiled = if counted {
        compile_counted(&recipe, inputs).map(|(c, a)| (c, Some(a)))
    } else {
        compile(&recipe, inputs).map(|c| (c, None))
    };
    compiled.map_err(|e| Unplanned::Problems(vec![e.to_diagnostic()]))
}
