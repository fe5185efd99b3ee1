//! What `run` and `compile` share: read the recipe, open its inputs, check it against the
//! real schema, compile it. Problems in the recipe are drawn with line, column and caret.

use crate::accounting::Accounting;
use crate::compile::{Compiled, Inputs};
use crate::engine::input;
use crate::error::{Error, Result};
use crate::output::report;
use crate::planning::{check_and_compile, header_row, Unplanned};
use crate::recipe_files;
use datafusion::execution::context::SessionContext;
use std::path::Path;

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
    let parsed = wrangle_dsl::parse(&source);
    // `header` is applied when the main input is read (and not compiled).
    let main_read = input::ReadOptions {
        header_row: header_row(&parsed.recipe),
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
    match check_and_compile(ctx, &parsed, &inputs, counted).await {
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
