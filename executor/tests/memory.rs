//! `--memory-limit`: a run whose sort needs several times the limit spills to local disk
//! and gives the same result as a run without a limit; too little memory is one clear line.

mod common;

use common::cli::{data, text, wrangle};

#[test]
fn a_run_larger_than_its_memory_limit_spills_and_finishes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("r.wrangle"),
        "sort by tailnum, time_hour desc, flight\n",
    )
    .unwrap();
    let input = data("flights.csv.gz");
    let run = |output: &str, limit: Option<&str>| {
        let mut args = vec!["run", "r.wrangle", "--input", &input, "--output", output];
        if let Some(limit) = limit {
            args.extend(["--memory-limit", limit]);
        }
        let out = wrangle(&args, dir.path());
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        std::fs::read_to_string(dir.path().join(output)).unwrap()
    };
    // All 336,776 flights (over 100 MB in memory) sorted within 24 MB.
    let limited = run("limited.csv", Some("24M"));
    let unlimited = run("unlimited.csv", None);
    assert_eq!(limited, unlimited);
    assert_eq!(limited.lines().count(), 336_777);
}

#[test]
fn too_little_memory_is_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.wrangle"), "sort by tailnum, flight\n").unwrap();
    let input = data("flights.csv.gz");
    let args = [
        "run",
        "r.wrangle",
        "--input",
        &input,
        "--output",
        "o.csv",
        "--memory-limit",
        "2M",
    ];
    let out = wrangle(&args, dir.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with("error: the run failed: out of memory: "),
        "{stderr}"
    );
    assert!(
        stderr.trim_end().ends_with("raise --memory-limit"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(!dir.path().join("o.csv").exists());
}
