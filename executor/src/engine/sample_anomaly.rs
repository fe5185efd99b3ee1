//! An anomaly sample: the dataset's rows that, after the recipe's steps, hold a missing
//! value in one of the chosen columns. A value a `settype` could not convert is null after
//! it, so "missing" here covers the mismatched values too.
//!
//! The sample is of the dataset's own rows (the app applies the steps to it again), so each
//! row is numbered before the steps, its number followed through them (a `keep columns`
//! keeps it), and the rows whose numbers come out with an anomaly are taken from the
//! dataset, in its order. Steps after which a row is no longer one of the dataset's
//! (`aggregate`, `pivot`) are refused, naming the step.

use super::sample::POSITION;
use crate::compile::{compile_expr, ExprScope, Inputs};
use crate::planning::{check_and_compile, Unplanned};
use crate::schema::checker_schema;
use datafusion::common::JoinType;
use datafusion::functions_window::expr_fn::row_number;
use datafusion::logical_expr::{col, Expr, LogicalPlan, LogicalPlanBuilder};
use datafusion::prelude::SessionContext;
use std::collections::HashMap;
use wrangle_dsl::ast::{Line, Name, Recipe, StepKind};
use wrangle_dsl::check::{typed_expr, Allow};
use wrangle_dsl::print::print_name;

/// What the rows are joined back on: a second name for the number, so the two sides differ.
const FOUND: &str = "__wrangle_sample_found";

/// The plan of the first `rows` rows of `source` that, after `steps` (reading `tables` as
/// their other inputs), are missing a value in any of `columns`.
pub async fn plan(
    ctx: &SessionContext,
    source: LogicalPlan,
    tables: HashMap<String, LogicalPlan>,
    columns: &[String],
    steps: &str,
    rows: usize,
) -> crate::Result<LogicalPlan> {
    let refuse = |why: String| crate::Error::Usage(format!("the anomaly sample: {why}"));
    if columns.is_empty() {
        return Err(refuse("name at least one column".into()));
    }
    let engine = crate::Error::engine;
    let names: Vec<Expr> = source
        .schema()
        .columns()
        .into_iter()
        .map(Expr::Column)
        .collect();
    let numbered = LogicalPlanBuilder::from(source)
        .window(vec![row_number().alias(POSITION)])
        .map_err(engine)?
        .build()
        .map_err(engine)?;
    let parsed = wrangle_dsl::parse(steps);
    if let Some(d) = parsed.diagnostics.iter().find(|d| d.is_error()) {
        return Err(refuse(format!("the steps do not read: {}", d.message)));
    }
    let recipe = keeping_numbers(parsed.recipe);
    let inputs = Inputs {
        main: numbered.clone(),
        tables,
    };
    let after = steps_over(ctx, &recipe, &inputs).await?;
    if after
        .schema()
        .field_with_unqualified_name(POSITION)
        .is_err()
    {
        let step = first_losing_rows(ctx, &recipe, &inputs).await;
        return Err(refuse(format!(
            "after {step} the rows are no longer the dataset's rows; take the sample with the steps before it"
        )));
    }
    let missing = missing_in(&after, columns)?;
    let found = LogicalPlanBuilder::from(after)
        .filter(missing)
        .and_then(|b| b.project(vec![col(POSITION).alias(FOUND)]))
        .and_then(|b| b.filter(col(FOUND).is_not_null()))
        .and_then(|b| b.distinct())
        .and_then(|b| b.sort_with_limit(vec![col(FOUND).sort(true, false)], Some(rows)))
        .and_then(|b| b.build())
        .map_err(engine)?;
    LogicalPlanBuilder::from(numbered)
        .join(
            found,
            JoinType::LeftSemi,
            (vec![POSITION], vec![FOUND]),
            None,
        )
        .and_then(|b| b.sort(vec![col(POSITION).sort(true, false)]))
        .and_then(|b| b.project(names))
        .and_then(|b| b.build())
        .map_err(engine)
}

/// The recipe with each `keep columns` keeping the rows' numbers too.
fn keeping_numbers(mut recipe: Recipe) -> Recipe {
    for line in &mut recipe.lines {
        if let Line::Step(step, _) = line {
            if let StepKind::KeepColumns { columns } = &mut step.kind {
                columns.push(Name::new(POSITION, step.span));
            }
        }
    }
    recipe
}

/// The plan of the steps over the numbered rows.
async fn steps_over(
    ctx: &SessionContext,
    recipe: &Recipe,
    inputs: &Inputs,
) -> crate::Result<LogicalPlan> {
    let parsed = wrangle_dsl::Parsed {
        recipe: recipe.clone(),
        diagnostics: Vec::new(),
    };
    match check_and_compile(ctx, &parsed, inputs, false).await {
        Ok((compiled, _)) => Ok(compiled.plan),
        Err(Unplanned::Problems(problems)) => {
            let first = problems
                .iter()
                .find(|d| d.is_error())
                .map_or_else(|| "they do not check".to_string(), |d| d.message.clone());
            Err(crate::Error::Usage(format!(
                "the anomaly sample: the steps do not apply to the dataset: {first}"
            )))
        }
        Err(Unplanned::MissingInputs(names)) => Err(crate::Error::Usage(format!(
            "the anomaly sample: the steps read {}; bind {} in the request's inputs",
            names.join(", "),
            if names.len() == 1 { "it" } else { "them" }
        ))),
    }
}

/// The first step after which the rows' numbers are gone, in words (`step 3 (aggregate)`).
async fn first_losing_rows(ctx: &SessionContext, recipe: &Recipe, inputs: &Inputs) -> String {
    let steps: Vec<usize> = recipe
        .lines
        .iter()
        .enumerate()
        .filter(|(_, l)| matches!(l, Line::Step(..)))
        .map(|(at, _)| at)
        .collect();
    for (n, &at) in steps.iter().enumerate() {
        let prefix = Recipe {
            lines: recipe.lines[..=at].to_vec(),
        };
        let lost = match steps_over(ctx, &prefix, inputs).await {
            Ok(plan) => plan.schema().field_with_unqualified_name(POSITION).is_err(),
            Err(_) => true,
        };
        if lost {
            if let Line::Step(step, _) = &recipe.lines[at] {
                return format!("step {} ({})", n + 1, step.kind.keyword());
            }
        }
    }
    "the steps".into()
}

/// `is_missing(a) or is_missing(b) …` over the table after the steps, checked like a step.
fn missing_in(after: &LogicalPlan, columns: &[String]) -> crate::Result<Expr> {
    let refuse = |why: String| crate::Error::Usage(format!("the anomaly sample: {why}"));
    if let Some(unknown) = columns
        .iter()
        .find(|c| after.schema().field_with_unqualified_name(c).is_err())
    {
        return Err(refuse(format!(
            "`{unknown}` is not a column after the steps"
        )));
    }
    let text = columns
        .iter()
        .map(|c| format!("is_missing({})", print_name(c)))
        .collect::<Vec<_>>()
        .join(" or ");
    let parsed = wrangle_dsl::parse_expr(&text).map_err(|d| refuse(d.message))?;
    let schema = checker_schema(after.schema().as_arrow());
    let (typed, diagnostics) = typed_expr(&parsed, &schema, Allow::Scalar);
    if let Some(d) = diagnostics.iter().find(|d| d.is_error()) {
        return Err(refuse(d.message.clone()));
    }
    compile_expr(&typed, ExprScope::default()).map_err(|e| refuse(e.message))
}
