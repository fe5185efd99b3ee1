//! Stopping a run midway leaves nothing at the destination: Ctrl-C (SIGINT) or SIGTERM
//! removes what the run had written; a SIGKILL leaves only a hidden temporary folder, which no reader
//! takes for output and which the next run to the same destination removes.

mod common;

use common::cli::text;
use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A CSV big enough that sorting it takes a while: the run is still going when it is
/// stopped (the test waits for the run to start writing, not for a time).
fn big_input(dir: &Path) -> String {
    let path = dir.join("big.csv");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    writeln!(file, "id,key,text").unwrap();
    for i in 0..3_000_000u64 {
        writeln!(file, "{i},{},row number {i}", (i * 7919) % 1_000_003).unwrap();
    }
    file.flush().unwrap();
    path.display().to_string()
}

fn start_run(dir: &Path, input: &str) -> Child {
    std::fs::write(dir.join("r.wrangle"), "sort by key desc, text\n").unwrap();
    Command::new(env!("CARGO_BIN_EXE_wrangle"))
        .args([
            "run",
            "r.wrangle",
            "--input",
            input,
            "--output",
            "out/sorted.csv",
        ])
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits until the run has created its temporary output (it is writing).
fn wait_for_writing(dir: &Path, child: &mut Child) {
    for _ in 0..6000 {
        let writing = std::fs::read_dir(dir.join("out"))
            .map(|entries| {
                entries
                    .flatten()
                    .any(|e| e.file_name().to_string_lossy().contains(".wrangle-tmp-"))
            })
            .unwrap_or(false);
        if writing {
            return;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before it was stopped"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("the run never started writing");
}

fn signal(child: &Child, name: &str) {
    let status = Command::new("kill")
        .args([format!("-{name}"), child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

fn names_in(folder: &Path) -> Vec<String> {
    std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn ctrl_c_or_sigterm_stops_a_run_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let input = big_input(dir.path());
    for name in ["INT", "TERM"] {
        let mut child = start_run(dir.path(), &input);
        wait_for_writing(dir.path(), &mut child);
        signal(&child, name);
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(130),
            "{name}: {}",
            text(&out.stderr)
        );
        assert!(text(&out.stderr).contains("interrupted; the output was not committed"));
        assert_eq!(
            names_in(&dir.path().join("out")),
            Vec::<String>::new(),
            "{name}"
        );
    }
}

#[test]
fn a_killed_run_leaves_no_output_and_the_next_run_cleans_up() {
    let dir = tempfile::tempdir().unwrap();
    let input = big_input(dir.path());
    let mut child = start_run(dir.path(), &input);
    wait_for_writing(dir.path(), &mut child);
    signal(&child, "KILL");
    child.wait().unwrap();
    let left = names_in(&dir.path().join("out"));
    assert!(!left
        .iter()
        .any(|n| n == "sorted.csv" || n.ends_with(".manifest.json")));
    assert!(left.iter().all(|n| n.starts_with('.')), "{left:?}");

    // The next run to the same output finishes and removes the dead run's leftovers.
    let out = start_run(dir.path(), &input).wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let mut names = names_in(&dir.path().join("out"));
    names.sort();
    assert_eq!(names, ["sorted.csv", "sorted.csv.manifest.json"]);
}
