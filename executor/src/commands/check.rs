//! `wrangle check RECIPE... [--input URI]`: every diagnostic of every recipe, with line,
//! column and caret. With `--input`, the recipes are checked against that input's real
//! schema, so unknown columns and type errors are found before anything runs.

use super::Outcome;
use crate::error::{Error, Result};
use crate::output::report;
use crate::recipe_files;
use std::path::PathBuf;
use wrangle_dsl::check::{parse_and_check, Schema};

/// The schema of an input, read with the same reader `wrangle run` uses.
fn input_schema(uri: &str) -> Result<Schema> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Engine(e.to_string()))?;
    runtime.block_on(async {
        let ctx = crate::engine::session::batch_session();
        let opened = crate::engine::input::open(&ctx, uri, &Default::default()).await?;
        Ok(crate::schema::checker_schema(
            opened.plan.schema().as_arrow(),
        ))
    })
}

pub fn run(paths: &[PathBuf], input: Option<&str>) -> Result<Outcome> {
    let files = recipe_files::expand(paths)?;
    let schema = input.map(input_schema).transpose()?;
    let (mut errors, mut warnings) = (0, 0);
    for path in &files {
        let source = recipe_files::read(path)?;
        let (_, checked) = parse_and_check(&source, schema.clone());
        report(&checked.diagnostics, &path.display().to_string(), &source);
        errors += checked.diagnostics.iter().filter(|d| d.is_error()).count();
        warnings += checked.diagnostics.iter().filter(|d| !d.is_error()).count();
    }
    let files_word = if files.len() == 1 { "file" } else { "files" };
    eprintln!(
        "checked {} {files_word}: {errors} error{}, {warnings} warning{}",
        files.len(),
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" }
    );
    Ok(if errors > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
