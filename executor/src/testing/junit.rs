//! Results as JUnit XML, which CI systems read: a test suite per file, a test case per
//! case; failures carry the same text as the terminal, without colour.

use super::case::{CaseResult, Verdict};
use super::draw::details;
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

pub struct FileResults<'a> {
    pub file: String,
    pub cases: Vec<(&'a str, &'a CaseResult)>,
}

/// The XML for `wrangle test --junit FILE`.
pub fn to_xml(files: &[FileResults]) -> Result<String, String> {
    let mut report = Report::new("wrangle test");
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
