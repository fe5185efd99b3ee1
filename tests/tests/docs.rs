//! The documentation is executable: `docs/language.md` is generated from the reference and
//! the catalog, and every example in it parses, prints back to itself and checks clean.

use std::path::{Path, PathBuf};
use wrangle_dsl::catalog::{functions, FunctionClass, Kind};
use wrangle_dsl::check::{check, parse_and_check, Column, Schema};
use wrangle_dsl::diagnostics::render_plain;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the repo")
        .to_path_buf()
}

#[test]
fn language_reference_is_up_to_date() {
    let path = repo().join("docs/language.md");
    let generated = wrangle_dsl::reference::language_reference();
    if std::env::var_os("WRANGLE_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &generated).expect("docs/language.md is writable");
        return;
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == generated,
        "docs/language.md is out of date: run `WRANGLE_UPDATE_DOCS=1 cargo test -p wrangle-tests --test docs`"
    );
}

/// The ```wrangle blocks of a Markdown file, with the line each starts on.
fn wrangle_blocks(markdown: &str) -> Vec<(usize, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, line) in markdown.lines().enumerate() {
        match (&mut current, line.trim_end()) {
            (None, "```wrangle") => current = Some((i + 2, String::new())),
            (Some(_), "```") => blocks.push(current.take().expect("inside a block")),
            (Some((_, text)), line) => {
                text.push_str(line);
                text.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

/// The Markdown files with examples: `docs/*.md` and the README.
fn markdown_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join("docs"))
        .expect("docs/ exists")
        .map(|e| e.expect("readable").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.push(repo().join("README.md"));
    files
}

#[test]
fn every_example_in_the_docs_parses_prints_and_checks() {
    let mut count = 0;
    for path in markdown_files() {
        let markdown = std::fs::read_to_string(&path).expect("readable");
        for (line, block) in wrangle_blocks(&markdown) {
            let name = format!("{}:{line}", path.display());
            let (parsed, checked) = parse_and_check(&block, None);
            let drawn: String = checked
                .diagnostics
                .iter()
                .map(|d| render_plain(d, &name, &block))
                .collect();
            assert!(checked.diagnostics.is_empty(), "{name}:\n{drawn}");
            assert_eq!(
                wrangle_dsl::print(&parsed.recipe),
                block,
                "{name} is not in canonical form"
            );
            count += 1;
        }
    }
    assert!(count >= 40, "only {count} examples found");
}

/// The `steps` of every case of the test files under a folder.
fn case_steps(folder: &Path) -> Vec<String> {
    let mut steps = Vec::new();
    for entry in std::fs::read_dir(folder).expect("a readable folder") {
        let path = entry.expect("readable").path();
        if path.is_dir() {
            steps.extend(case_steps(&path));
        } else if path.to_string_lossy().ends_with(".test.toml") {
            let text = std::fs::read_to_string(&path).expect("readable");
            let file: toml::Table =
                toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let cases = file.get("case").and_then(|c| c.as_array()).cloned();
            for case in cases.unwrap_or_default() {
                if let Some(s) = case.get("steps").and_then(|s| s.as_str()) {
                    steps.push(s.trim().to_string());
                }
            }
        }
    }
    steps
}

/// Every example in the docs runs in `wrangle test` (which `cargo test` runs over the
/// corpus): each ```wrangle block of the docs is the `steps` of a case of the conformance
/// corpus, each function's documented example is in the steps of a case of
/// `tests/conformance/functions/`, and every recipe under `examples/` has a test file.
#[test]
fn every_example_in_the_docs_is_a_case_of_the_conformance_corpus() {
    let corpus = repo().join("tests/conformance");
    let steps = case_steps(&corpus);
    let mut missing = Vec::new();
    for path in markdown_files() {
        let markdown = std::fs::read_to_string(&path).expect("readable");
        for (line, block) in wrangle_blocks(&markdown) {
            if !steps.iter().any(|s| s == block.trim()) {
                missing.push(format!("{}:{line}", path.display()));
            }
        }
    }
    let function_steps = case_steps(&corpus.join("functions"));
    for f in functions() {
        if !function_steps.iter().any(|s| s.contains(f.example)) {
            missing.push(format!("the example of {}: {}", f.name, f.example));
        }
    }
    for recipe in recipes_under(&repo().join("examples")) {
        let test = recipe.with_extension("test.toml");
        if !test.exists() {
            missing.push(format!("{} has no {}", recipe.display(), test.display()));
        }
    }
    assert!(
        missing.is_empty(),
        "examples without a test case in tests/conformance/:\n{}",
        missing.join("\n")
    );
}

fn sample_schema() -> Schema {
    let columns = [
        ("id", Kind::Integer),
        ("x", Kind::Integer),
        ("price", Kind::Float),
        ("s", Kind::String),
        ("g", Kind::String),
        ("d", Kind::Date),
        ("flag", Kind::Boolean),
    ];
    Schema::known(columns.iter().map(|(n, k)| Column::new(*n, *k)).collect())
}

#[test]
fn every_function_example_checks_against_the_sample_table() {
    for f in functions() {
        let step = match f.class {
            FunctionClass::Scalar => format!("derive r = {}\n", f.example),
            FunctionClass::Aggregate => format!("aggregate: r = {}\n", f.example),
            FunctionClass::Window => format!("window order by id: r = {}\n", f.example),
        };
        let parsed = wrangle_dsl::parse(&step);
        let checked = check(&parsed.recipe, Some(sample_schema()));
        let all: Vec<_> = parsed
            .diagnostics
            .iter()
            .chain(&checked.diagnostics)
            .collect();
        let drawn: String = all.iter().map(|d| render_plain(d, f.name, &step)).collect();
        assert!(all.is_empty(), "example of {}:\n{drawn}", f.name);
        // The printed form is the documented form.
        assert_eq!(
            wrangle_dsl::print(&parsed.recipe),
            step,
            "example of {} is not canonical",
            f.name
        );
        // The documented result is a literal of the language.
        let result = wrangle_dsl::parse_expr(f.result);
        assert!(
            result.is_ok(),
            "result of {} does not parse: {}",
            f.name,
            f.result
        );
    }
}

/// The recipes in a folder and its subfolders.
fn recipes_under(folder: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(folder).expect("a readable folder") {
        let path = entry.expect("readable").path();
        if path.is_dir() {
            found.extend(recipes_under(&path));
        } else if path.extension().is_some_and(|e| e == "wrangle") {
            found.push(path);
        }
    }
    found
}

/// Every recipe the project ships: examples, end-to-end recipes, benchmark recipes.
#[test]
fn every_example_recipe_checks_clean_and_is_canonical() {
    let mut count = 0;
    for folder in ["examples", "tests/e2e", "executor/benches"] {
        for path in recipes_under(&repo().join(folder)) {
            let source = std::fs::read_to_string(&path).expect("readable");
            let name = path.display().to_string();
            let (parsed, checked) = parse_and_check(&source, None);
            let drawn: String = checked
                .diagnostics
                .iter()
                .map(|d| render_plain(d, &name, &source))
                .collect();
            assert!(checked.diagnostics.is_empty(), "{drawn}");
            assert_eq!(
                wrangle_dsl::print(&parsed.recipe),
                source,
                "{name} is not in canonical form"
            );
            count += 1;
        }
    }
    assert!(count >= 6, "only {count} recipes");
}
