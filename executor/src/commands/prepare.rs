//! What `run` and `compile` share: read the recipe, open its inputs, check it against the
//! real schema, compile it. Problems in the recipe are drawn with line, column and caret.

use crate::compile::{compile, Compiled, Inputs};
use crate::engine::{input, schema::checker_schema};
use crate::error::{Error, Result};
use crate::output::report;
use crate::recipe_files;
use datafusion::execution::context::SessionContext;
use std::collections::HashMap;
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
    /// The main input's plan, as opened (for counting rows in).
    pub input: datafusion::logical_expr::LogicalPlan,
    pub compiled: Compiled,
}

/// Reads, checks and compiles a recipe over its inputs. `Ok(None)` means the recipe has
/// problems, already reported.
pub async fn prepare(
    ctx: &SessionContext,
    recipe: &Path,
    main_uri: &str,
    with: &[(String, String)],
) -> Result<Option<Prepared>> {
    let source = recipe_files::read(recipe)?;
    let file = recipe.display().to_string();
    let main = input::open(ctx, main_uri).await?;
    let mut tables = HashMap::new();
    for (name, uri) in with {
        tables.insert(name.clone(), input::open(ctx, uri).await?);
    }
    let schema = checker_schema(main.schema().as_arrow());
    let (parsed, checked) = wrangle_dsl::check::parse_and_check(&source, Some(schema));
    if checked.has_errors() {
        report(&checked.diagnostics, &file, &source);
        return Ok(None);
    }
    let missing: Vec<String> = parsed
        .recipe
        .inputs()
        .iter()
        .filter(|n| !tables.contains_key(&n.text))
        .map(|n| format!("--with {}=PATH", n.text))
        .collect();
    if !missing.is_empty() {
        return Err(Error::Usage(format!(
            "the recipe reads other inputs: give {}",
            missing.join(" ")
        )));
    }
    let inputs = Inputs { main, tables };
    match compile(&parsed.recipe, &inputs) {
        Ok(compiled) => Ok(Some(Prepared {
            source,
            input: inputs.main,
            compiled,
        })),
        Err(e) => {
            report(&[e.to_diagnostic()], &file, &source);
            Ok(None)
        }
    }
}
