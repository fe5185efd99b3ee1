//! Inputs that are not clean: malformed CSV rows stop a run with the object and the line,
//! or are set aside with `--on-bad-rows skip`; CSV dialects are sniffed or given.

mod common;

use common::cli::{text, wrangle};

const RECIPE: &str = "derive total = price * qty\n";

fn write(dir: &std::path::Path, name: &str, contents: &[u8]) {
    std::fs::write(dir.join(name), contents).unwrap();
}

#[test]
fn a_ragged_row_stops_the_run_with_the_object_and_line() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "r.wrangle", RECIPE.as_bytes());
    write(
        dir.path(),
        "orders.csv",
        b"id,price,qty\n1,2.5,4\n2,\"a\nb\",1\n3,1.0,2,9\n4,3.0,1\n",
    );
    let out = wrangle(
        &[
            "run",
            "r.wrangle",
            "--input",
            "orders.csv",
            "--output",
            "out.csv",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("orders.csv: line 5: the row has 4 fields where the header has 3"),
        "{stderr}"
    );
    assert!(stderr.contains("--on-bad-rows skip"), "{stderr}");
    assert!(!dir.path().join("out.csv").exists());
}

#[test]
fn bad_rows_can_be_set_aside_counted_and_listed_beside_the_output() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "r.wrangle", RECIPE.as_bytes());
    let mut contents = b"id,price,qty\n1,2.5,4\n2,1.0,2,9\n3,\xff\xfe,1\n4,3.0,1\n".to_vec();
    contents.extend_from_slice(b"5,\"never closed,1\n6,1,1\n");
    write(dir.path(), "orders.csv", &contents);
    let out = wrangle(
        &[
            "run",
            "r.wrangle",
            "--input",
            "orders.csv",
            "--output",
            "out.csv",
            "--on-bad-rows",
            "skip",
            "--json",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["rows_in"], 2);
    assert_eq!(summary["rejected"][0]["rejected"], 3);
    let written = std::fs::read_to_string(dir.path().join("out.csv")).unwrap();
    assert_eq!(written, "id,price,qty,total\n1,2.5,4,10.0\n4,3.0,1,3.0\n");
    let rejects = std::fs::read_to_string(dir.path().join("out.csv.rejects.csv")).unwrap();
    let lines: Vec<&str> = rejects.lines().collect();
    assert_eq!(lines[0], "object,line,reason,record");
    // The unclosed quote swallows the rest of the object: its record spans two lines.
    assert_eq!(lines.len(), 5, "{rejects}");
    assert!(
        lines[1].contains(",3,has 4 fields where the header has 3,"),
        "{rejects}"
    );
    assert!(
        lines[2].contains(",4,field 2 is not valid UTF-8,"),
        "{rejects}"
    );
    assert!(
        lines[3].contains(",6,has a quote that is never closed,"),
        "{rejects}"
    );
    assert_eq!(lines[4], "6,1,1\"", "{rejects}");
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out.csv.manifest.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(manifest["rejected"][0]["rejected"], 3);
}

#[test]
fn semicolons_comments_and_missing_headers_are_sniffed_or_given() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "r.wrangle", RECIPE.as_bytes());
    write(
        dir.path(),
        "orders.csv",
        b"# exported 2024-01-01\n# by the shop\nid;price;qty\n1;2.5;4\n2;1.5;2\n",
    );
    let out = wrangle(
        &[
            "run",
            "r.wrangle",
            "--input",
            "orders.csv",
            "--output",
            "out.csv",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(dir.path().join("out.csv")).unwrap();
    assert_eq!(written, "id,price,qty,total\n1,2.5,4,10.0\n2,1.5,2,3.0\n");

    // Without a header, columns are numbered; options on the command line win.
    write(dir.path(), "plain.txt.csv", b"1|2.5|4\n2|1.5|2\n");
    write(
        dir.path(),
        "n.wrangle",
        b"derive total = column_2 * column_3\n",
    );
    let out = wrangle(
        &[
            "run",
            "n.wrangle",
            "--input",
            "plain.txt.csv",
            "--output",
            "n.csv",
            "--delimiter",
            "|",
            "--no-header",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(dir.path().join("n.csv")).unwrap();
    assert_eq!(
        written,
        "column_1,column_2,column_3,total\n1,2.5,4,10.0\n2,1.5,2,3.0\n"
    );
}

#[test]
fn header_names_the_columns_from_a_row_below_title_lines() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "r.wrangle",
        b"header row 3\nsettype amount integer\nderive double = amount * 2\n",
    );
    write(
        dir.path(),
        "report.csv",
        b"Sales report\ngenerated 2024-01-01\nid,amount\n1,10\n2,20\n",
    );
    let out = wrangle(
        &[
            "run",
            "r.wrangle",
            "--input",
            "report.csv",
            "--output",
            "out.csv",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(dir.path().join("out.csv")).unwrap();
    assert_eq!(written, "id,amount,double\n1,10,20\n2,20,40\n");

    // `header` on a Parquet or JSON input is a clear mistake.
    write(dir.path(), "h.wrangle", b"header\n");
    write(dir.path(), "rows.jsonl", b"{\"a\": 1}\n");
    let out = wrangle(
        &[
            "run",
            "h.wrangle",
            "--input",
            "rows.jsonl",
            "--output",
            "o.csv",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("named already"),
        "{}",
        text(&out.stderr)
    );
}
