//! `wrangle check RECIPE...`: every diagnostic of every recipe, with line, column and caret.

use super::Outcome;
use crate::error::Result;
use crate::output::report;
use crate::recipe_files;
use std::path::PathBuf;
use wrangle_dsl::check::parse_and_check;

pub fn run(paths: &[PathBuf]) -> Result<Outcome> {
    let files = recipe_files::expand(paths)?;
    let (mut errors, mut warnings) = (0, 0);
    for path in &files {
        let source = recipe_files::read(path)?;
        let (_, checked) = parse_and_check(&source, None);
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
