//! Results as text. Styles are written as ANSI codes; `anstream` drops them when the
//! output is not a terminal or `NO_COLOR` is set, and JUnit gets them stripped.

use super::case::{CaseResult, Failure, Verdict};
use super::compare::{Line, RowDiff};
use anstyle::{AnsiColor, Style};
use std::fmt::Write as _;

const RED: Style = AnsiColor::Red.on_default();
const GREEN: Style = AnsiColor::Green.on_default();
const YELLOW: Style = AnsiColor::Yellow.on_default();
const DIM: Style = Style::new().dimmed();
const BOLD: Style = Style::new().bold();

fn paint(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

/// The one line of a case: `ok`, `FAIL` or `INVALID`, the file and the case's name.
pub fn case_line(result: &CaseResult, file: &str, name: &str) -> String {
    let status = match result.verdict {
        Verdict::Passed => paint(GREEN, "ok     "),
        Verdict::Failed(_) => paint(RED.bold(), "FAIL   "),
        Verdict::Invalid(_) => paint(RED.bold(), "INVALID"),
    };
    format!("{status} {file} › {name}")
}

/// What went wrong, indented under the case's line; empty when it passed.
pub fn details(result: &CaseResult) -> String {
    let mut out = String::new();
    match &result.verdict {
        Verdict::Passed => {}
        Verdict::Invalid(why) => {
            let _ = writeln!(out, "{}", indent(why));
        }
        Verdict::Failed(failures) => {
            for failure in failures {
                match failure {
                    Failure::Message(m) => {
                        let _ = writeln!(out, "{}", indent(m));
                    }
                    Failure::Rows { columns, diff } => out.push_str(&draw_diff(columns, diff)),
                }
            }
            if !result.steps.is_empty() {
                let _ = writeln!(out, "{}", indent(&paint(DIM, &result.steps.join("; "))));
            }
        }
    }
    out
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A row diff as an aligned table: `-` missing rows, `+` extra rows, `~` rows with
/// changed cells written `expected → actual`.
pub fn draw_diff(columns: &[String], diff: &RowDiff) -> String {
    let shown = |cells: &[(String, Option<String>)]| -> Vec<String> {
        cells
            .iter()
            .map(|(e, a)| match a {
                Some(a) => format!("{e} → {a}"),
                None => e.clone(),
            })
            .collect()
    };
    let mut widths: Vec<usize> = columns.iter().map(|c| c.chars().count()).collect();
    let mut widen = |cells: &[String]| {
        for (w, c) in widths.iter_mut().zip(cells) {
            *w = (*w).max(c.chars().count());
        }
    };
    for line in &diff.lines {
        match line {
            Line::Same(c) | Line::Missing(c) | Line::Extra(c) => widen(c),
            Line::Changed(c) => widen(&shown(c)),
            Line::Gap(_) => {}
        }
    }
    let pad = |text: &str, width: usize| {
        let n = text.chars().count();
        format!("{text}{}", " ".repeat(width.saturating_sub(n)))
    };
    let last = columns.len().saturating_sub(1);
    let row = |cells: &[String], styles: &[Option<Style>]| -> String {
        cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, w))| {
                // The last cell is not padded: no spaces at the end of a line.
                let text = if i == last { c.clone() } else { pad(c, *w) };
                match styles.get(i).copied().flatten() {
                    Some(style) => paint(style, &text),
                    None => text,
                }
            })
            .collect::<Vec<_>>()
            .join(" | ")
            .trim_end()
            .to_string()
    };
    let mut out = String::new();
    let _ = writeln!(out, "    {}", diff.summary());
    let _ = writeln!(out, "      {}", paint(BOLD, &row(columns, &[])));
    for line in &diff.lines {
        let text = match line {
            Line::Same(c) => format!("  {}", row(c, &[])),
            Line::Missing(c) => paint(RED, &format!("- {}", row(c, &[]))),
            Line::Extra(c) => paint(GREEN, &format!("+ {}", row(c, &[]))),
            Line::Changed(c) => {
                let styles: Vec<Option<Style>> =
                    c.iter().map(|(_, a)| a.as_ref().map(|_| YELLOW)).collect();
                format!("{} {}", paint(YELLOW, "~"), row(&shown(c), &styles))
            }
            Line::Gap(n) => paint(DIM, &format!("  … {n} equal rows")),
        };
        let _ = writeln!(out, "    {text}");
    }
    let _ = writeln!(
        out,
        "    {}",
        paint(
            DIM,
            "(- expected, not in the output; + in the output, not expected; ~ changed: expected → actual)"
        )
    );
    out
}

/// The last line: `N passed, N failed`.
pub fn summary(passed: usize, failed: usize) -> String {
    format!("{passed} passed, {failed} failed")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diff_reads_as_an_aligned_table() {
        let diff = RowDiff {
            in_order: true,
            reordered: false,
            changed: 1,
            missing: 1,
            extra: 1,
            lines: vec![
                Line::Same(vec!["Ada".into(), "14.75".into()]),
                Line::Changed(vec![
                    ("Bob".into(), None),
                    ("1.00".into(), Some("2.00".into())),
                ]),
                Line::Gap(3),
                Line::Missing(vec!["Cy".into(), "0.00".into()]),
                Line::Extra(vec!["Dee".into(), "9.99".into()]),
            ],
        };
        let drawn = draw_diff(&["customer".into(), "total".into()], &diff);
        let plain = anstream::adapter::strip_str(&drawn).to_string();
        assert_eq!(
            plain,
            "    rows differ (in order): 1 changed, 1 missing, 1 extra\n\
             \x20     customer | total\n\
             \x20     Ada      | 14.75\n\
             \x20   ~ Bob      | 1.00 → 2.00\n\
             \x20     … 3 equal rows\n\
             \x20   - Cy       | 0.00\n\
             \x20   + Dee      | 9.99\n\
             \x20   (- expected, not in the output; + in the output, not expected; ~ changed: expected → actual)\n"
        );
        assert!(drawn.contains("\u{1b}[33m"), "changed cells are yellow");
    }
}
