//! The `wrangle` program as a user runs it: exit codes, messages, files left alone.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn wrangle(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wrangle"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("wrangle runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn check_passes_a_clean_recipe() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ok.wrangle"),
        "rename a to b\nkeep rows where b > 0\n",
    )
    .unwrap();
    let out = wrangle(&["check", "ok.wrangle"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("checked 1 file: 0 errors, 0 warnings"));
}

#[test]
fn check_draws_every_error_with_line_column_caret_and_hint() {
    let dir = tempfile::tempdir().unwrap();
    let recipe = "rename a to b\nrenmae c to d\nderive x = uper(b)\n";
    std::fs::write(dir.path().join("bad.wrangle"), recipe).unwrap();
    let out = wrangle(&["check", "bad.wrangle"], dir.path());
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("bad.wrangle:2:1"), "{stderr}");
    assert!(stderr.contains("did you mean `rename`?"), "{stderr}");
    assert!(stderr.contains("bad.wrangle:3:12"), "{stderr}");
    assert!(stderr.contains("did you mean `upper`?"), "{stderr}");
    assert!(stderr.contains("checked 1 file: 2 errors"), "{stderr}");
}

#[test]
fn check_with_an_input_reads_it_with_the_recipes_header_row() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("raw.csv"),
        "Quarterly export,,\nid,name,amount\n1,Ada,10\n2,Bob,20\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("ok.wrangle"),
        "header row 2\nkeep rows where amount > 10\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("bad.wrangle"),
        "header row 2\ndrop nosuch\n",
    )
    .unwrap();
    // A header on the second row: the file is read with it, not refused as ragged, and
    // the columns under it are typed from their values (`amount` is a number).
    let out = wrangle(&["check", "ok.wrangle", "--input", "raw.csv"], dir.path());
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let out = wrangle(
        &[
            "run",
            "ok.wrangle",
            "--input",
            "raw.csv",
            "--output",
            "out.csv",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(dir.path().join("out.csv")).unwrap();
    assert_eq!(written, "id,name,amount\n2,Bob,20\n");
    // The columns after `header` are the header's, and checked.
    let out = wrangle(&["check", "bad.wrangle", "--input", "raw.csv"], dir.path());
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("bad.wrangle:2:6"), "{stderr}");
    assert!(stderr.contains("unknown column `nosuch`"), "{stderr}");
}

#[test]
fn check_with_other_inputs_checks_join_conditions_against_their_schemas() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("orders.csv"), "id,customer_id\n1,10\n").unwrap();
    std::fs::write(dir.path().join("customers.csv"), "id,name\n10,Ada\n").unwrap();
    std::fs::write(
        dir.path().join("r.wrangle"),
        "join customers on customer_id = customers.idd kind left\n",
    )
    .unwrap();
    let args = [
        "check",
        "r.wrangle",
        "--input",
        "orders.csv",
        "--with",
        "customers=customers.csv",
    ];
    let out = wrangle(&args, dir.path());
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("r.wrangle:1:43"), "{stderr}");
    assert!(
        stderr.contains("input `customers` has no column `idd`"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `customers.id`?"), "{stderr}");
}

#[test]
fn check_searches_folders_and_reports_missing_files_plainly() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("recipes")).unwrap();
    std::fs::write(dir.path().join("recipes/a.wrangle"), "drop a\n").unwrap();
    std::fs::write(dir.path().join("recipes/notes.txt"), "not a recipe").unwrap();
    let out = wrangle(&["check", "recipes"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    let out = wrangle(&["check", "missing.wrangle"], dir.path());
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.starts_with("error: missing.wrangle: "), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn fmt_check_reports_without_changing_and_fmt_rewrites() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.wrangle");
    std::fs::write(&path, "RENAME a TO b\n\n\nkeep rows where ((x>1))\n").unwrap();
    let out = wrangle(&["fmt", "--check", "r.wrangle"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("would reformat r.wrangle"));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "RENAME a TO b\n\n\nkeep rows where ((x>1))\n"
    );

    let out = wrangle(&["fmt", "r.wrangle"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "rename a to b\n\nkeep rows where x > 1\n"
    );

    let out = wrangle(&["fmt", "--check", "r.wrangle"], dir.path());
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn fmt_never_rewrites_a_recipe_with_syntax_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.wrangle");
    let original = "RENAME a TO b\nkeep rows where\n";
    std::fs::write(&path, original).unwrap();
    let out = wrangle(&["fmt", "broken.wrangle"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("broken.wrangle:2:"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
}

#[test]
fn fmt_reads_standard_input() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wrangle"))
        .args(["fmt", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"DROP a ,b").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "drop a, b\n");
}
