//! How the command-line program shows diagnostics: colour only on a terminal, and never
//! when `NO_COLOR` is set.

use std::io::IsTerminal;
use wrangle_dsl::diagnostics::{render, RenderOptions};
use wrangle_dsl::Diagnostic;

pub fn color_on_stderr() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

/// Draws every diagnostic of one file to standard error.
pub fn report(diagnostics: &[Diagnostic], file: &str, source: &str) {
    let options = RenderOptions {
        color: color_on_stderr(),
    };
    for d in diagnostics {
        eprint!("{}", render(d, file, source, options));
    }
}
