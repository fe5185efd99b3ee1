//! Results as JUnit XML, which CI systems read: a test suite per file, a test case per
//! case; failures carry the same text as the terminal, without colour.

use super::case::{CaseResult, Verdict};
use super::draw::details;
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

pub struct FileResults<'a> {
    pub file: String,
    pub cases: Vec<(&'a str, &'a CaseResult)>,
}

/// The XML for `wrangle test --junit FILE`; an invalid test file is a suite with one
/// errored case, so a CI system that reads only the XML sees it.
pub fn to_xml(
    files: &[FileResults],
    invalid: &[(std::path::PathBuf, String)],
) -> Result<String, String> {
    let mut report = Report::new("wrangle test");
    for (path, why) in invalid {
        let shown = path.display().to_string();
        let mut suite = TestSuite::new(shown.as_str());
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
        status.set_message(why.clone());
        let mut case = TestCase::new("the test file", status);
        case.set_classname(shown.as_str());
        suite.add_test_case(case);
        report.add_test_suite(suite);
    }
    for file in files {
        let mut suite = TestSuite::new(file.file.as_str());
        for (name, result) in &file.cases {
            let plain = anstream::adapter::strip_str(&details(result)).to_string();
            let status = match &result.verdict {
                Verdict::Passed => TestCaseStatus::success(),
                Verdict::Failed(_) => {
                    let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                    s.set_message(plain.lines().next().unwrap_or_default().trim().to_string());
                    s.set_description(plain);
                    s
                }
                Verdict::Invalid(_) => {
                    let mut s = TestCaseStatus::non_success(NonSuccessKind::Error);
                    s.set_message(plain.trim().to_string());
                    s
                }
            };
            let mut case = TestCase::new(*name, status);
            case.set_classname(file.file.as_str());
            suite.add_test_case(case);
        }
        report.add_test_suite(suite);
    }
    report.to_string().map_err(|e| e.to_string())
}
