//! Writes `docs/language.md` from the transform reference and the function catalog, so the
//! documentation cannot drift from what the checker accepts.

use super::transforms::{all as all_transforms, TransformFamily};
use crate::catalog::{functions, Family, FunctionClass, SAMPLE_TABLE};
use crate::pattern::TOKENS;
use std::fmt::Write;

const INTRO: &str = include_str!("intro.md");

/// The whole language reference, as Markdown.
pub fn language_reference() -> String {
    let mut out = String::new();
    out.push_str("# The Wrangle recipe language\n\n");
    out.push_str(
        "<!-- Generated from dsl/src/reference and dsl/src/catalog. Do not edit by hand: run\n     \
         `WRANGLE_UPDATE_DOCS=1 cargo test -p wrangle-tests --test docs` to regenerate. -->\n\n",
    );
    let tokens: String = TOKENS.iter().fold(
        String::from("| token | matches |\n| --- | --- |\n"),
        |mut s, (name, _, doc)| {
            let _ = writeln!(s, "| `{{{name}}}` | {doc} |");
            s
        },
    );
    out.push_str(&INTRO.replace("TOKENS\n", &tokens));

    out.push_str("\n# Transforms\n");
    for family in TransformFamily::ALL {
        let _ = write!(out, "\n## {}\n", family.title());
        for t in all_transforms().filter(|t| t.family == family) {
            let _ = write!(
                out,
                "\n### {}\n\n```text\n{}\n```\n\n{}\n",
                t.keyword, t.syntax, t.doc
            );
            // One block per example: each is checked on its own.
            for example in t.examples {
                let _ = write!(out, "\n```wrangle\n{example}\n```\n");
            }
        }
    }

    out.push_str("\n# Functions\n\n");
    out.push_str(
        "Every function with its signature, what it does, and an example with its result. \
         `?` marks an optional argument and `...` one that repeats. Aggregate and window \
         examples run on this sample table (window examples as `window order by id: r = …`, \
         one result per row):\n\n```text\n",
    );
    out.push_str(SAMPLE_TABLE);
    out.push_str("```\n");
    for family in Family::ALL {
        let _ = write!(
            out,
            "\n## {}\n\n| function | description | example | result |\n| --- | --- | --- | --- |\n",
            family.title()
        );
        for f in functions().iter().filter(|f| f.family == family) {
            let class = match f.class {
                FunctionClass::Scalar => "",
                FunctionClass::Aggregate => " *(aggregate)*",
                FunctionClass::Window => " *(window)*",
            };
            let _ = writeln!(
                out,
                "| `{}`{class} | {} | `{}` | `{}` |",
                f.signature(),
                f.doc,
                f.example.replace('|', "\\|"),
                f.result.replace('|', "\\|")
            );
        }
    }
    out
}
