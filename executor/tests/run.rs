//! `wrangle run` and `wrangle compile` as a user runs them, on the bundled flights data.

mod common;

use common::cli::{data, example, text, wrangle};

#[test]
fn the_demo_recipe_runs_over_the_full_flights_data() {
    let dir = tempfile::tempdir().unwrap();
    let out = wrangle(
        &[
            "run",
            &example("delays_by_carrier.wrangle"),
            "--input",
            &data("flights.csv.gz"),
            "--with",
            &format!("airlines={}", data("airlines.csv")),
            "--output",
            "delays.csv",
            "--json",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["rows_in"], 336_776);
    // 16 airlines flying in 12 months, less the few that did not fly every month.
    let rows_out = summary["rows_out"].as_u64().unwrap();
    assert!((150..=192).contains(&rows_out), "{rows_out}");
    let csv = std::fs::read_to_string(dir.path().join("delays.csv")).unwrap();
    assert!(
        csv.starts_with("airline,month,flights,late_flights,mean_delay,late_share\n"),
        "{csv}"
    );
    assert_eq!(csv.lines().count() as u64, rows_out + 1);
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("delays.csv.manifest.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(manifest["rows_out"].as_u64(), Some(rows_out));
    assert_eq!(manifest["expectations"][0]["severity"], "warn");
    assert_eq!(manifest["recipe_sha256"].as_str().unwrap().len(), 64);
    // Nothing temporary is left beside the output.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn an_existing_output_is_kept_unless_overwrite_is_given() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.wrangle"), "keep name\n").unwrap();
    std::fs::write(dir.path().join("out.csv"), "precious\n").unwrap();
    let args = [
        "run",
        "r.wrangle",
        "--input",
        &data("airlines.csv"),
        "--output",
        "out.csv",
    ];
    let out = wrangle(&args, dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("already exists; pass --overwrite"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out.csv")).unwrap(),
        "precious\n"
    );

    let mut args = args.to_vec();
    args.push("--overwrite");
    let out = wrangle(&args, dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(dir.path().join("out.csv")).unwrap();
    assert!(
        written.starts_with("name\nEndeavor Air Inc.\n"),
        "{written}"
    );
}

#[test]
fn a_failed_expectation_stops_the_run_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.wrangle"), "expect count() > 100\n").unwrap();
    let out = wrangle(
        &[
            "run",
            "r.wrangle",
            "--input",
            &data("airlines.csv"),
            "--output",
            "out",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr)
            .contains("r.wrangle:1:1: `expect count() > 100` does not hold; nothing was written"),
        "{}",
        text(&out.stderr)
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn recipe_mistakes_are_drawn_against_the_real_schema() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("r.wrangle"),
        "keep rows where carier = \"UA\"\n",
    )
    .unwrap();
    let out = wrangle(
        &[
            "run",
            "r.wrangle",
            "--input",
            &data("airlines.csv"),
            "--output",
            "out.csv",
        ],
        dir.path(),
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("r.wrangle:1:17"), "{stderr}");
    assert!(stderr.contains("did you mean `carrier`?"), "{stderr}");
    assert!(!dir.path().join("out.csv").exists());
}

#[test]
fn missing_inputs_and_unbound_lookups_get_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("r.wrangle"),
        "lookup planes on tailnum = planes.tailnum\n",
    )
    .unwrap();
    let out = wrangle(
        &[
            "run",
            "r.wrangle",
            "--input",
            "nope.csv",
            "--output",
            "o.csv",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "error: input nope.csv: no such file or folder\n"
    );
    let out = wrangle(
        &[
            "run",
            "r.wrangle",
            "--input",
            &data("flights.csv.gz"),
            "--output",
            "o.csv",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "error: the recipe reads other inputs: give --with planes=PATH\n"
    );
}

#[test]
fn parquet_output_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("r.wrangle"),
        "derive code_length = length(carrier)\n",
    )
    .unwrap();
    let out = wrangle(
        &[
            "run",
            "r.wrangle",
            "--input",
            &data("airlines.csv"),
            "--output",
            "a.parquet",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    std::fs::write(
        dir.path().join("s.wrangle"),
        "keep rows where code_length = 2\n",
    )
    .unwrap();
    let out = wrangle(
        &[
            "run",
            "s.wrangle",
            "--input",
            "a.parquet",
            "--output",
            "b.jsonl",
            "--json",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["rows_out"], 16);
}

#[test]
fn compile_shows_plans_and_sql() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("r.wrangle"),
        "keep rows where carrier = \"UA\"\nrename name to airline\n",
    )
    .unwrap();
    let out = wrangle(
        &["compile", "r.wrangle", "--input", &data("airlines.csv")],
        dir.path(),
    );
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        stdout.contains("== logical plan ==") && stdout.contains("== physical plan =="),
        "{stdout}"
    );
    assert!(stdout.contains("Filter:"), "{stdout}");
    let out = wrangle(
        &[
            "compile",
            "r.wrangle",
            "--input",
            &data("airlines.csv"),
            "--sql",
            "--dialect",
            "postgres",
        ],
        dir.path(),
    );
    let sql = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(sql.starts_with("SELECT"), "{sql}");
    assert!(sql.contains("AS \"airline\""), "{sql}");
}

#[test]
fn values_that_do_not_fit_a_type_become_null_and_are_counted() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("in.csv"),
        "id,amount\n1,10\n2,ten\n3,\n4, 7 \n5,7.5\n6,\"   \"\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("r.wrangle"), "settype amount integer\n").unwrap();
    let out = wrangle(
        &[
            "run",
            "r.wrangle",
            "--input",
            "in.csv",
            "--output",
            "out.csv",
            "--json",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // "ten" and "7.5" do not fit; the empty cell and the one of spaces were missing, not
    // mismatched (as the app counts them); " 7 " is trimmed.
    assert_eq!(summary["mismatched"][0]["column"], "amount");
    assert_eq!(summary["mismatched"][0]["mismatched"], 2);
    assert_eq!(summary["rows_out"], 6, "nothing is dropped");
    let written = std::fs::read_to_string(dir.path().join("out.csv")).unwrap();
    assert_eq!(written, "id,amount\n1,10\n2,\n3,\n4,7\n5,\n6,\n");
}

#[test]
fn check_with_an_input_knows_its_columns() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("r.wrangle"),
        "keep rows where carier = \"UA\"\n",
    )
    .unwrap();
    let out = wrangle(&["check", "r.wrangle"], dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "without a schema any column may exist"
    );
    let out = wrangle(
        &["check", "r.wrangle", "--input", &data("airlines.csv")],
        dir.path(),
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("r.wrangle:1:17") && stderr.contains("did you mean `carrier`?"),
        "{stderr}"
    );
}

#[test]
fn a_pivot_without_values_takes_them_from_the_data() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("p.wrangle"),
        "aggregate by carrier, origin: flights = count()\n\
         pivot origin using sum(flights) by carrier\n\
         sort by carrier\n",
    )
    .unwrap();
    let input = data("flights.csv.gz");
    let out = wrangle(
        &["run", "p.wrangle", "--input", &input, "--output", "p.csv"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(dir.path().join("p.csv")).unwrap();
    let lines: Vec<&str> = written.lines().collect();
    // The three airports, sorted, became columns; a carrier absent from one is empty there.
    assert_eq!(lines[0], "carrier,EWR,JFK,LGA");
    assert_eq!(lines[1], "9E,1268,14651,2541");
    assert!(lines.iter().any(|l| l.starts_with("AS,714,,")), "{written}");
    assert_eq!(lines.len(), 17);
}

#[test]
fn every_step_reports_its_rows_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let input = data("flights.csv.gz");
    let airlines = format!("airlines={}", data("airlines.csv"));
    let out = wrangle(
        &[
            "run",
            &example("delays_by_carrier.wrangle"),
            "--input",
            &input,
            "--with",
            &airlines,
            "--output",
            "d.csv",
            "--json",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let steps = summary["steps"].as_array().unwrap();
    let delete = &steps[0];
    assert_eq!(delete["step"], "delete rows");
    assert_eq!(delete["rows_in"], 336_776);
    assert_eq!(delete["removed"], 8_255);
    assert_eq!(delete["reason"], "matched the condition");
    let aggregate = steps.iter().find(|s| s["step"] == "aggregate").unwrap();
    assert_eq!(aggregate["rows_in"], 328_521);
    assert_eq!(aggregate["rows_out"], summary["rows_out"]);
    // settype's mismatches come from the same run: none in this data.
    let mismatched = summary["mismatched"].as_array().unwrap();
    assert_eq!(mismatched.len(), 3);
    assert!(mismatched.iter().all(|m| m["mismatched"] == 0));
}

#[test]
fn an_output_where_an_input_lives_is_refused_even_with_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("raw")).unwrap();
    std::fs::write(dir.path().join("raw/a.csv"), "x\n1\n").unwrap();
    std::fs::write(dir.path().join("r.wrangle"), "derive y = x + 1\n").unwrap();
    let out = wrangle(
        &[
            "run",
            "r.wrangle",
            "--input",
            "raw",
            "--output",
            "raw",
            "--overwrite",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("the input") && text(&out.stderr).contains("is there"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("raw/a.csv")).unwrap(),
        "x\n1\n"
    );
}

#[test]
fn a_list_column_is_refused_for_csv_before_the_run_and_written_to_parquet() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("in.csv"), "id,tags\n1,\"a,b\"\n2,c\n").unwrap();
    std::fs::write(
        dir.path().join("r.wrangle"),
        "derive n = id * 2\nderive parts = split(tags, \",\")\n",
    )
    .unwrap();
    let run = |output: &str| {
        wrangle(
            &["run", "r.wrangle", "--input", "in.csv", "--output", output],
            dir.path(),
        )
    };
    let out = run("out.csv");
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    // At the step that made the list, with what to do, and nothing written.
    assert!(stderr.contains("r.wrangle:2:1"), "{stderr}");
    assert!(
        stderr.contains("column `parts` is a list, which a CSV file cannot hold"),
        "{stderr}"
    );
    assert!(stderr.contains("list_join(parts"), "{stderr}");
    assert!(!dir.path().join("out.csv").exists());
    let out = run("out.parquet");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn a_step_that_fails_while_running_is_named_at_its_line_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("in.csv"), "id,big\n1,9223372036854775807\n").unwrap();
    std::fs::write(
        dir.path().join("r.wrangle"),
        "rename id to key\nderive more = big + 1\nsort by key\n",
    )
    .unwrap();
    let out = wrangle(
        &[
            "run",
            "r.wrangle",
            "--input",
            "in.csv",
            "--output",
            "out.csv",
        ],
        dir.path(),
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("r.wrangle:2:1"), "{stderr}");
    assert!(
        stderr.contains("the run failed in this `derive` step: integer overflow"),
        "{stderr}"
    );
    // No raw engine text.
    assert!(!stderr.contains("Arrow error"), "{stderr}");
    assert!(!stderr.contains("wrangle step"), "{stderr}");
    assert!(!dir.path().join("out.csv").exists());
}
