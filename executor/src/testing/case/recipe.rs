//! The recipe text a case runs: the steps written into the case or the recipe file, cut
//! after the step `up_to` names.

use crate::testing::file::{Case, TestFile, UpTo};
use wrangle_dsl::LineCol;

/// The recipe text of a case, cut after the step `up_to` names.
pub(super) fn recipe_text(file: &TestFile, case: &Case) -> Result<(String, String), String> {
    let (source, name) = match &case.steps {
        // Placed as in the test file: its lines and columns are the file's.
        Some(steps) => (steps.clone(), file.path.display().to_string()),
        None => (
            file.recipe.text.clone().unwrap_or_default(),
            file.recipe.path.display().to_string(),
        ),
    };
    let Some((target, at)) = &case.up_to else {
        return Ok((source, name));
    };
    let parsed = wrangle_dsl::parse(&source);
    let steps: Vec<_> = parsed.recipe.steps().collect();
    let found = match target {
        UpTo::Step(n) => steps.get(n - 1).copied().ok_or_else(|| {
            format!(
                "{}: `up_to = {n}`, but the recipe has {} steps",
                file.location(*at),
                steps.len()
            )
        })?,
        UpTo::Text(text) => {
            let matching: Vec<_> = steps
                .iter()
                .filter(|s| {
                    source[s.span.range()]
                        .trim_start()
                        .starts_with(text.as_str())
                })
                .collect();
            match matching.as_slice() {
                [one] => **one,
                [] => {
                    return Err(format!(
                        "{}: no step starts with \"{text}\"",
                        file.location(*at)
                    ))
                }
                several => {
                    let lines: Vec<String> = several
                        .iter()
                        .map(|s| LineCol::of(&source, s.span.start).line.to_string())
                        .collect();
                    return Err(format!(
                        "{}: the steps on lines {} all start with \"{text}\"; write more of the one you mean",
                        file.location(*at),
                        lines.join(", ")
                    ));
                }
            }
        }
    };
    let end = source[found.span.end..]
        .find('\n')
        .map_or(source.len(), |i| found.span.end + i + 1);
    Ok((source[..end].to_string(), name))
}
