//! Problems drawn as the command line draws them: where (line, column), what, the text
//! with a caret under the exact part at fault, and the hint.

pub use crate::state::problems::{locate, Problem};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ProblemsProps {
    pub problems: Vec<Problem>,
}

#[component]
pub fn Problems(props: &ProblemsProps) -> Html {
    html! {
        <div class="problems" data-testid="problems">
            { for props.problems.iter().map(|p| html! {
                <pre class={classes!("problem", (!p.is_error).then_some("warning"))}>
                    <span class="where">{ format!("line {}, column {}: ", p.line, p.column) }</span>
                    <span class="what">{ &p.message }</span>
                    { "\n" }{ &p.source_line }{ "\n" }
                    <span class="caret">{ &p.caret }</span>
                    if let Some(hint) = &p.hint {
                        { "\n" }<span class="hint">{ format!("hint: {hint}") }</span>
                    }
                </pre>
            }) }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_caret_sits_under_the_mistake() {
        let (_, checked) = wrangle_dsl::check::parse_and_check(
            "drop amont",
            Some(wrangle_dsl::check::Schema::known(vec![
                wrangle_dsl::check::Column::new("amount", wrangle_dsl::catalog::Kind::Integer),
            ])),
        );
        let problems = locate(&checked.diagnostics, "drop amont");
        assert_eq!((problems[0].line, problems[0].column), (1, 6));
        assert_eq!(problems[0].caret, "     ^^^^^");
        assert!(problems[0].hint.as_deref().unwrap().contains("amount"));
    }
}
