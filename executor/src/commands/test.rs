//! `wrangle test [PATH...]`: finds test files, runs every case, prints one line per case
//! and the diff of each failure, then `N passed, N failed`. Exit status 1 when a case
//! failed, 2 when a test file is invalid.

use super::Outcome;
use crate::error::{Error, Result};
use crate::testing::case::{run_case, CaseResult, Failure, Verdict};
use crate::testing::draw::{case_line, details, summary};
use crate::testing::file::{self, TestFile, SUFFIX};
use crate::testing::junit::{self, FileResults};
use crate::testing::update;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug, Clone)]
pub struct TestArgs {
    /// Test files, or folders to search for *.test.toml files (default: the current folder).
    pub paths: Vec<PathBuf>,
    /// Also write the results as JUnit XML to this file.
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Rewrite expected tables that differ from the output, then run those cases again.
    #[arg(long)]
    pub update: bool,
    /// Run only the cases whose file path or name contains this text.
    #[arg(long, value_name = "PATTERN")]
    pub filter: Option<String>,
}

/// The test files under the paths: files as given, folders searched (hidden folders and
/// `target` skipped), in a stable order.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    for path in paths {
        if path.is_file() {
            found.push(path.clone());
        } else if path.is_dir() {
            let before = found.len();
            walk(path, &mut found)?;
            found[before..].sort();
        } else {
            return Err(Error::Usage(format!(
                "{}: no such file or folder",
                path.display()
            )));
        }
    }
    found.dedup();
    Ok(found)
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    for entry in entries {
        let entry = entry.map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        // Symbolic links to folders are not followed: a link up the tree would loop.
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir {
            if !name.starts_with('.') && name != "target" && name != "node_modules" {
                walk(&path, found)?;
            }
        } else if name.ends_with(SUFFIX) {
            found.push(path);
        }
    }
    Ok(())
}

struct Ran {
    file: TestFile,
    results: Vec<(usize, CaseResult)>,
}

async fn run_file(file: &TestFile, filter: Option<&str>) -> Vec<(usize, CaseResult)> {
    let shown = file.path.display().to_string();
    let mut results = Vec::new();
    for (i, case) in file.cases.iter().enumerate() {
        if let Some(pattern) = filter {
            if !shown.contains(pattern) && !case.name.contains(pattern) {
                continue;
            }
        }
        results.push((i, run_guarded(file, case).await));
    }
    results
}

/// Runs a case; a panic anywhere in Wrangle or DataFusion fails that case with its message
/// instead of ending the whole run.
async fn run_guarded(file: &TestFile, case: &crate::testing::file::Case) -> CaseResult {
    use futures::FutureExt;
    // Quiet while the case runs: a crash is reported as its failure, not drawn with a
    // backtrace. The hook is put back after the case.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let outcome = std::panic::AssertUnwindSafe(run_case(file, case))
        .catch_unwind()
        .await;
    std::panic::set_hook(previous);
    match outcome {
        Ok(result) => result,
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no message".into());
            CaseResult {
                verdict: Verdict::Failed(vec![Failure::Message(format!(
                    "Wrangle crashed on this case (a bug in Wrangle, please report it): {message}"
                ))]),
                output: None,
                steps: Vec::new(),
                expect_differs: false,
            }
        }
    }
}

/// Rewrites the file's expected tables that differ from the output; the number rewritten.
fn rewrite(ran: &Ran) -> Result<usize> {
    let edits: Vec<_> = ran
        .results
        .iter()
        .filter(|(_, r)| r.expect_differs)
        .filter_map(|(i, r)| {
            let expect = ran.file.cases[*i].expect.as_ref()?;
            let output = r.output.as_ref()?;
            Some((
                expect.span.clone(),
                update::toml_string(&update::table_text(expect, output)),
            ))
        })
        .collect();
    if edits.is_empty() {
        return Ok(0);
    }
    let count = edits.len();
    let mut edits = edits;
    if ran.file.source.contains("\r\n") {
        for (_, text) in &mut edits {
            *text = text.replace('\n', "\r\n");
        }
    }
    let text = update::apply(&ran.file.source, edits);
    std::fs::write(&ran.file.path, text).map_err(|source| Error::Io {
        path: ran.file.path.clone(),
        source,
    })?;
    Ok(count)
}

pub async fn run(args: &TestArgs) -> Result<Outcome> {
    let paths = discover(&args.paths)?;
    if paths.is_empty() {
        let searched: Vec<String> = if args.paths.is_empty() {
            vec!["the current folder".into()]
        } else {
            args.paths.iter().map(|p| p.display().to_string()).collect()
        };
        return Err(Error::Usage(format!(
            "no test files (*{SUFFIX}) under {}; a test file sits beside its recipe, as orders.test.toml beside orders.wrangle (see docs/testing.md)",
            searched.join(", ")
        )));
    }
    let mut out = anstream::stdout();
    let mut invalid_files: Vec<(PathBuf, String)> = Vec::new();
    let mut ran_files = Vec::new();
    let mut updated = (0, 0);
    for path in &paths {
        let file = match file::read(path) {
            Ok(f) => f,
            Err(e) => {
                let _ = writeln!(out, "INVALID {e}");
                invalid_files.push((path.clone(), e.to_string()));
                continue;
            }
        };
        let mut ran = Ran {
            results: run_file(&file, args.filter.as_deref()).await,
            file,
        };
        if args.update {
            let count = rewrite(&ran)?;
            if count > 0 {
                updated.0 += count;
                updated.1 += 1;
                // Run the file again as rewritten: what is reported is what is on disk.
                match file::read(path) {
                    Ok(f) => {
                        ran.file = f;
                        ran.results = run_file(&ran.file, args.filter.as_deref()).await;
                    }
                    Err(e) => {
                        let _ = writeln!(out, "INVALID {e} (after --update rewrote it)");
                        invalid_files.push((path.clone(), e.to_string()));
                        continue;
                    }
                }
            }
        }
        let shown = path.display().to_string();
        for (i, result) in &ran.results {
            let _ = writeln!(
                out,
                "{}",
                case_line(result, &shown, &ran.file.cases[*i].name)
            );
            let more = details(result);
            if !more.is_empty() {
                let _ = write!(out, "{more}");
            }
        }
        ran_files.push(ran);
    }
    let all: Vec<&CaseResult> = ran_files
        .iter()
        .flat_map(|r| r.results.iter().map(|(_, c)| c))
        .collect();
    if all.is_empty() && invalid_files.is_empty() {
        return Err(Error::Usage(match &args.filter {
            Some(p) => format!("no case matches --filter {p}"),
            None => "the test files have no cases".into(),
        }));
    }
    let passed = all
        .iter()
        .filter(|r| matches!(r.verdict, Verdict::Passed))
        .count();
    let invalid_cases = all
        .iter()
        .filter(|r| matches!(r.verdict, Verdict::Invalid(_)))
        .count();
    let failed = all.len() - passed;
    if let Some(junit_path) = &args.junit {
        let files: Vec<FileResults> = ran_files
            .iter()
            .map(|r| FileResults {
                file: r.file.path.display().to_string(),
                cases: r
                    .results
                    .iter()
                    .map(|(i, c)| (r.file.cases[*i].name.as_str(), c))
                    .collect(),
            })
            .collect();
        let xml = junit::to_xml(&files, &invalid_files).map_err(Error::Usage)?;
        std::fs::write(junit_path, xml).map_err(|source| Error::Io {
            path: junit_path.clone(),
            source,
        })?;
    }
    let _ = writeln!(out);
    if args.update {
        let _ = writeln!(
            out,
            "updated {} expected tables in {} files",
            updated.0, updated.1
        );
    }
    if !invalid_files.is_empty() {
        let n = invalid_files.len();
        let _ = writeln!(
            out,
            "{n} test file{} invalid (not run)",
            if n == 1 { " is" } else { "s are" }
        );
    }
    let _ = writeln!(out, "{}", summary(passed, failed));
    Ok(if !invalid_files.is_empty() || invalid_cases > 0 {
        Outcome::Invalid
    } else if failed > 0 {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
