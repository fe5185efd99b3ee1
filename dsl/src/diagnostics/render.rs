//! Draws diagnostics the way a terminal or a log shows them: file, line, column, the
//! source line with a caret under the exact span, and the hint.

use super::{Diagnostic, Level};
use ariadne::{Config, Label, Report, ReportKind, Source};

#[derive(Clone, Copy, Debug)]
pub struct RenderOptions {
    pub color: bool,
}

/// Draws one diagnostic against the source it refers to.
pub fn render(diagnostic: &Diagnostic, file: &str, source: &str, options: RenderOptions) -> String {
    let kind = match diagnostic.level {
        Level::Error => ReportKind::Error,
        Level::Warning => ReportKind::Warning,
    };
    // ariadne counts in characters; our spans are bytes.
    let to_chars = |byte: usize| source[..byte.min(source.len())].chars().count();
    let start = to_chars(diagnostic.span.start);
    let end = to_chars(diagnostic.span.end).max(start + 1);
    let label = if diagnostic.label.is_empty() {
        diagnostic.message.clone()
    } else {
        diagnostic.label.clone()
    };
    let mut report = Report::build(kind, (file, start..end))
        .with_code(diagnostic.code)
        .with_message(&diagnostic.message)
        .with_config(
            Config::default()
                .with_color(options.color)
                .with_index_type(ariadne::IndexType::Char),
        )
        .with_label(Label::new((file, start..end)).with_message(label));
    for (span, note) in &diagnostic.notes {
        let start = to_chars(span.start);
        let end = to_chars(span.end).max(start + 1);
        report = report.with_label(Label::new((file, start..end)).with_message(note));
    }
    if let Some(hint) = &diagnostic.hint {
        report = report.with_help(hint);
    }
    let mut out = Vec::new();
    // Writing into a Vec cannot fail, and a report for a span outside the source is
    // still drawn (ariadne clamps it), so the error branch only keeps a message.
    if report
        .finish()
        .write((file, Source::from(source)), &mut out)
        .is_err()
    {
        return format!("{}: {}", file, diagnostic);
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Draws without colour: for snapshots, logs and files.
pub fn render_plain(diagnostic: &Diagnostic, file: &str, source: &str) -> String {
    render(diagnostic, file, source, RenderOptions { color: false })
}
