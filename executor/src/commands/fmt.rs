//! `wrangle fmt RECIPE... [--check]`: rewrites recipes in canonical form. A recipe that does
//! not parse is never rewritten: its diagnostics are shown and the file is left as it was.

use super::Outcome;
use crate::error::Result;
use crate::output::report;
use crate::recipe_files;
use std::io::{Read, Write};
use std::path::PathBuf;

pub fn run(paths: &[PathBuf], check_only: bool) -> Result<Outcome> {
    if paths.len() == 1 && paths[0].as_os_str() == "-" {
        return stdin_to_stdout();
    }
    let files = recipe_files::expand(paths)?;
    let mut outcome = Outcome::Clean;
    let mut changed = 0;
    for path in &files {
        let source = recipe_files::read(path)?;
        let parsed = wrangle_dsl::parse(&source);
        if !parsed.diagnostics.is_empty() {
            report(&parsed.diagnostics, &path.display().to_string(), &source);
            eprintln!("{}: not formatted, it has syntax errors", path.display());
            outcome = Outcome::Findings;
            continue;
        }
        let formatted = wrangle_dsl::print(&parsed.recipe);
        if formatted == source {
            continue;
        }
        changed += 1;
        if check_only {
            println!("would reformat {}", path.display());
            outcome = Outcome::Findings;
        } else {
            recipe_files::write_atomically(path, &formatted)?;
            println!("reformatted {}", path.display());
        }
    }
    if changed == 0 && outcome == Outcome::Clean {
        eprintln!(
            "{} file{} already formatted",
            files.len(),
            if files.len() == 1 { "" } else { "s" }
        );
    }
    Ok(outcome)
}

fn stdin_to_stdout() -> Result<Outcome> {
    let stdin = PathBuf::from("<stdin>");
    let io = |source| crate::error::Error::Io {
        path: stdin.clone(),
        source,
    };
    let mut source = String::new();
    std::io::stdin().read_to_string(&mut source).map_err(io)?;
    let parsed = wrangle_dsl::parse(&source);
    if !parsed.diagnostics.is_empty() {
        report(&parsed.diagnostics, "<stdin>", &source);
        // Nothing is lost: the input goes back out as it came in.
        print!("{source}");
        return Ok(Outcome::Findings);
    }
    std::io::stdout()
        .write_all(wrangle_dsl::print(&parsed.recipe).as_bytes())
        .map_err(io)?;
    Ok(Outcome::Clean)
}
