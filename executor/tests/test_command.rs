//! `wrangle test` as a user runs it: the project's own corpus and examples pass; a
//! deliberately broken example is reported with a cell-level diff and exits 1; an invalid
//! test file exits 2 with its location; `--junit`, `--filter` and `--update` work.

mod common;

use common::cli::{example, repo, text, wrangle};
use std::path::Path;

/// A copy of the delays example whose test expects wrong numbers, a row the recipe does
/// not give, and no early arrivals.
const BROKEN: &str = r#"
[[case]]
name = "late shares per airline and month"
input = '''
year: integer | month: integer | dep_time: integer | dep_delay: string | arr_delay: string | carrier | time_hour: string
2013          | 1              | 517               | 2                 | 11                | UA      | 2013-01-01T10:00:00Z
2013          | 1              | 533               | 4                 | 20                | UA      | 2013-01-01T10:00:00Z
2013          | 1              | 542               | 2                 | 33                | AA      | 2013-01-01T10:00:00Z
2013          | 2              | 600               | 0                 | -5                | UA      | 2013-02-01T11:00:00Z
'''
expect = '''
airline                | month | flights | late_flights | mean_delay | late_share
American Airlines Inc. | 1     | 1       | 1            | 33.0       | 1.0
United Air Lines Inc.  | 1     | 2       | 1            | 15.5       | 0.6
United Air Lines Inc.  | 3     | 1       | 0            | -5.0       | 0.0
'''

[case.with]
airlines = '''
carrier | name
AA      | American Airlines Inc.
UA      | United Air Lines Inc.
'''

[[case]]
name = "no arrival is two hours early"
input = '''
year: integer | month: integer | dep_time: integer | dep_delay: string | arr_delay: string | carrier | time_hour: string
2013          | 1              | 517               | 2                 | -130              | UA      | 2013-01-01T10:00:00Z
'''
rows = 2
unique = ["airline"]

[case.with]
airlines = '''
carrier | name
UA      | United Air Lines Inc.
'''

[[case]]
name = "a passing case beside them"
input = '''
year: integer | month: integer | dep_time: integer | dep_delay: string | arr_delay: string | carrier | time_hour: string
2013          | 1              | 517               | 2                 | 11                | UA      | 2013-01-01T10:00:00Z
'''
rows = 1
not_null = ["airline"]

[case.with]
airlines = '''
carrier | name
UA      | United Air Lines Inc.
'''
"#;

fn broken_example(dir: &Path) {
    std::fs::copy(
        example("delays_by_carrier.wrangle"),
        dir.join("broken.wrangle"),
    )
    .unwrap();
    std::fs::write(dir.join("broken.test.toml"), BROKEN).unwrap();
}

#[test]
fn the_conformance_corpus_and_the_examples_pass() {
    let out = wrangle(&["test", "tests/conformance", "examples"], &repo());
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    let last = stdout.lines().last().unwrap_or_default();
    let passed: usize = last
        .strip_suffix(" passed, 0 failed")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("the last line is `N passed, 0 failed`: {last}"));
    assert!(passed >= 100, "{passed} cases");
}

#[test]
fn a_broken_example_is_reported_with_a_diff_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    broken_example(dir.path());
    let out = wrangle(&["test"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    insta::assert_snapshot!(text(&out.stdout));
}

#[test]
fn an_invalid_test_file_exits_2_with_its_location_and_the_others_still_run() {
    let dir = tempfile::tempdir().unwrap();
    broken_example(dir.path());
    std::fs::write(
        dir.path().join("typo.test.toml"),
        "[[case]]\nname = \"x\"\nsteps = \"keep a\"\ninput = '''\na: integer\n1\ntwo\n'''\nrows = 1\n",
    )
    .unwrap();
    let out = wrangle(&["test", "--junit", "report.xml"], dir.path());
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}");
    // CI systems that read only the XML see the invalid file too.
    let xml = std::fs::read_to_string(dir.path().join("report.xml")).unwrap();
    assert!(
        xml.contains("./typo.test.toml") && xml.contains(r#"errors="1""#),
        "{xml}"
    );
    assert!(
        stdout.contains("INVALID ./typo.test.toml:7:1: `two` is not an integer"),
        "{stdout}"
    );
    assert!(
        stdout.contains("1 test file is invalid (not run)\n1 passed, 2 failed\n"),
        "{stdout}"
    );
}

#[test]
fn filter_runs_a_subset_and_junit_records_every_case() {
    let dir = tempfile::tempdir().unwrap();
    broken_example(dir.path());
    let out = wrangle(
        &["test", "--filter", "passing", "--junit", "report.xml"],
        dir.path(),
    );
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.ends_with("\n1 passed, 0 failed\n"), "{stdout}");

    let out = wrangle(&["test", "--junit", "report.xml"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let xml = std::fs::read_to_string(dir.path().join("report.xml")).unwrap();
    assert!(
        xml.contains(r#"tests="3""#) && xml.contains(r#"failures="2""#),
        "{xml}"
    );
    assert!(xml.contains("late shares per airline and month"), "{xml}");
    assert!(xml.contains("rows differ (in order): 2 changed"), "{xml}");
    assert!(!xml.contains('\u{1b}'), "no colour codes in XML");

    let out = wrangle(&["test", "--filter", "nothing like this"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no case matches --filter nothing like this"));
}

#[test]
fn update_rewrites_the_expected_table_and_the_case_then_passes() {
    let dir = tempfile::tempdir().unwrap();
    broken_example(dir.path());
    let out = wrangle(&["test", "--update", "--filter", "late shares"], dir.path());
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.ends_with("updated 1 expected tables in 1 files\n1 passed, 0 failed\n"),
        "{stdout}"
    );
    let rewritten = std::fs::read_to_string(dir.path().join("broken.test.toml")).unwrap();
    assert!(
        rewritten.contains(
            "United Air Lines Inc.  | 1     | 2       | 1            | 15.5       | 0.5\n"
        ),
        "{rewritten}"
    );
    // Everything else in the file is as it was.
    let tail = &BROKEN[BROKEN.find("[case.with]").unwrap()..];
    assert!(rewritten.ends_with(tail));
    let out = wrangle(&["test", "--filter", "late shares"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
}

#[test]
fn up_to_a_step_that_is_not_there_is_an_invalid_case() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("t.test.toml"),
        "[[case]]\nname = \"x\"\nsteps = \"derive b = a\\nderive c = a\"\nup_to = \"derive\"\ninput = \"a\\n1\"\nrows = 1\n",
    )
    .unwrap();
    let out = wrangle(&["test"], dir.path());
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}");
    assert!(
        stdout.contains("./t.test.toml:4:9: the steps on lines 1, 2 all start with \"derive\""),
        "{stdout}"
    );
}
