//! What `run` and `compile` share: read the recipe, open its inputs, check it against the
//! real schema, compile it. Problems in the recipe are drawn with line, column and caret.

use crate::accounting::Accounting;
use crate::compile::{compile, compile_counted, Compiled, Inputs};
use crate::engine::{input, schema::checker_schema};
use crate::error::{Error, Result};
use crate::output::report;
use crate::recipe_files;
use datafusion::execution::context::SessionContext;
use std::path::Path;
use wrangle_dsl::ast::{Line, Recipe, StepKind};

/// `NAME=URI`, as given to `--with`.
pub fn parse_binding(text: &str) -> std::result::Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, uri)) if !name.is_empty() && !uri.is_empty() => {
            Ok((name.to_string(), uri.to_string()))
        }
        _ => Err(format!("`{text}` is not NAME=URI")),
    }
}

pub struct Prepared {
    pub source: String,
    /// The main input, as opened (its objects go in the manifest).
    pub input: input::Opened,
    /// The other inputs, by name.
    pub tables: Vec<(String, input::Opened)>,
    pub compiled: Compiled,
    /// Rows in and out of every step, counted while the plan runs (when asked for).
    pub accounting: Option<Accounting>,
}

/// Reads, checks and compiles a recipe over its inputs. `Ok(None)` means the recipe has
/// problems, already reported.
pub async fn prepare(
    ctx: &SessionContext,
    recipe: &Path,
    main_uri: &str,
    with: &[(String, String)],
    read: &input::ReadOptions,
    counted: bool,
) -> Result<Option<Prepared>> {
    let source = recipe_files::read(recipe)?;
    let file = recipe.display().to_string();
    // `header` is applied when the main input is read (and not compiled).
    let main_read = input::ReadOptions {
        header_row: header_row(&wrangle_dsl::parse(&source).recipe),
        ..read.clone()
    };
    let main = input::open(ctx, main_uri, &main_read).await?;
    let mut opened = Vec::new();
    for (name, uri) in with {
        opened.push((name.clone(), input::open(ctx, uri, read).await?));
    }
    let inputs = Inputs {
        main: main.plan.clone(),
        tables: opened
            .iter()
            .map(|(name, o)| (name.clone(), o.plan.clone()))
            .collect(),
    };
    match check_and_compile(ctx, &source, &inputs, counted).await {
        Ok((compiled, accounting)) => Ok(Some(Prepared {
            source,
            input: main,
            tables: opened,
            compiled,
            accounting,
        })),
        Err(Unplanned::Problems(diagnostics)) => {
            report(&diagnostics, &file, &source);
            Ok(None)
        }
        Err(Unplanned::MissingInputs(names)) => {
            let flags: Vec<String> = names.iter().map(|n| format!("--with {n}=PATH")).collect();
            Err(Error::Usage(format!(
                "the recipe reads other inputs: give {}",
                flags.join(" ")
            )))
        }
    }
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
    source: &str,
    inputs: &Inputs,
    counted: bool,
) -> std::result::Result<(Compiled, Option<Accounting>), Unplanned> {
    let schema = checker_schema(inputs.main.schema().as_arrow());
    let (parsed, checked) = wrangle_dsl::check::parse_and_check(source, Some(schema));
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
    let mut recipe = parsed.recipe;
    if header_row(&recipe).is_some() {
        if let Some(line) = recipe
            .lines
            .iter_mut()
            .find(|l| matches!(l, Line::Step(..)))
        {
            *line = Line::Blank;
        }
    }
    if let Err(e) = super::pivot_values::resolve(ctx, &mut recipe, inputs).await {
        return Err(Unplanned::Problems(vec![e.to_diagnostic()]));
    }
    let compiled = if counted {
        compile_counted(&recipe, inputs).map(|(c, a)| (c, Some(a)))
    } else {
        compile(&recipe, inputs).map(|c| (c, None))
    };
    compiled.map_err(|e| Unplanned::Problems(vec![e.to_diagnostic()]))
}
