//! `wrangle check RECIPE... [--input URI] [--with NAME=URI]...`: every diagnostic of every
//! recipe, with line, column and caret. With `--input`, the recipes are checked against
//! that input's real schema, read as `wrangle run` reads it (with the recipe's `header`
//! row), so unknown columns and type errors are found before anything runs; with `--with`,
//! joins, lookups and unions are checked against the other inputs' schemas too.

use super::Outcome;
use crate::error::{Error, Result};
use crate::output::report;
use crate::planning::header_row;
use crate::recipe_files;
use std::collections::HashMap;
use std::path::PathBuf;
use wrangle_dsl::check::{parse_and_check_with, Schema, Tables};

/// The schemas inputs are checked against, each read once per header row.
struct Schemas {
    runtime: tokio::runtime::Runtime,
    read: HashMap<(String, Option<u64>), Schema>,
}

impl Schemas {
    fn new() -> Result<Self> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::Engine(e.to_string()))?;
        Ok(Schemas {
            runtime,
            read: HashMap::new(),
        })
    }

    /// The schema of an input read with the same reader (and header row) `wrangle run` uses.
    fn of(&mut self, uri: &str, header_row: Option<u64>) -> Result<Schema> {
        let key = (uri.to_string(), header_row);
        if let Some(schema) = self.read.get(&key) {
            return Ok(schema.clone());
        }
        let schema = self.runtime.block_on(async {
            let ctx = crate::engine::session::batch_session();
            let options = crate::engine::input::ReadOptions {
                header_row,
                ..Default::default()
            };
            let opened = crate::engine::input::open(&ctx, uri, &options).await?;
            Ok::<_, Error>(crate::schema::checker_schema(
                opened.plan.schema().as_arrow(),
            ))
        })?;
        self.read.insert(key, schema.clone());
        Ok(schema)
    }
}

pub fn run(paths: &[PathBuf], input: Option<&str>, with: &[(String, String)]) -> Result<Outcome> {
    let files = recipe_files::expand(paths)?;
    let mut schemas = Schemas::new()?;
    let mut tables = Tables::new();
    for (name, uri) in with {
        tables.insert(name.clone(), schemas.of(uri, None)?);
    }
    let (mut errors, mut warnings) = (0, 0);
    for path in &files {
        let source = recipe_files::read(path)?;
        let schema = match input {
            Some(uri) => {
                let header = header_row(&wrangle_dsl::parse(&source).recipe);
                Some(schemas.of(uri, header)?)
            }
            None => None,
        };
        let (_, checked) = parse_and_check_with(&source, schema, &tables);
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
