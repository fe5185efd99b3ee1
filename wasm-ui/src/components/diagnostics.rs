//! Problems drawn as the command line draws them: where (line, column), what, the text
//! with a caret under the exact part at fault, and the hint, in which each function named
//! opens its reference (signature, what it does, an example) and "every function" the list
//! of them.

pub use crate::state::problems::{locate, Problem};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ProblemsProps {
    pub problems: Vec<Problem>,
}

/// What a hint says about the functions, opened under it.
#[derive(Clone, Debug, PartialEq)]
enum Reference {
    /// One function's signature, what it does and its example.
    Function(&'static str),
    /// Every function, with what each does.
    Every,
}

#[component]
pub fn Problems(props: &ProblemsProps) -> Html {
    let open = use_state(|| None::<Reference>);
    html! {
        <div class="problems" data-testid="problems">
            { for props.problems.iter().map(|p| html! {
                <pre class={classes!("problem", (!p.is_error).then_some("warning"))}>
                    <span class="where">{ format!("line {}, column {}: ", p.line, p.column) }</span>
                    <span class="what">{ &p.message }</span>
                    { "\n" }{ &p.source_line }{ "\n" }
                    <span class="caret">{ &p.caret }</span>
                    if let Some(hint) = &p.hint {
                        { "\n" }<span class="hint">{ "hint: " }{ hint_with_links(hint, &open) }</span>
                    }
                </pre>
            }) }
            if let Some(reference) = &*open {
                { reference_of(reference) }
            }
        </div>
    }
}

/// The hint's text, each function it names in backticks a link to that function's
/// reference, and "every function" a link to the list of them.
fn hint_with_links(hint: &str, open: &UseStateHandle<Option<Reference>>) -> Html {
    let link = |label: &str, reference: Reference| {
        let open = open.clone();
        let toggle = reference.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            let shown = open.as_ref() == Some(&toggle);
            open.set((!shown).then(|| toggle.clone()))
        });
        let id = match &reference {
            Reference::Function(name) => format!("doc-link-{name}"),
            Reference::Every => "doc-link-functions".to_string(),
        };
        html! { <button class="link doc-link" data-testid={id} {onclick}>{ label.to_string() }</button> }
    };
    if let Some(rest) = hint.strip_prefix(EVERY_FUNCTION_HINT) {
        return html! { <>{ link("every function", Reference::Every) }{ rest }</> };
    }
    // Backticks alternate: odd pieces are names.
    html! {
        <>{ for hint.split('`').enumerate().map(|(i, piece)| {
            match (i % 2 == 1).then(|| wrangle_dsl::catalog::lookup(piece)).flatten() {
                Some(function) => html! { <>{ "`" }{ link(piece, Reference::Function(function.name)) }{ "`" }</> },
                None if i % 2 == 1 => html! { <>{ "`" }{ piece }{ "`" }</> },
                None => html! { { piece } },
            }
        }) }</>
    }
}

/// The checker's hint for a function it does not know and cannot guess.
const EVERY_FUNCTION_HINT: &str = "docs/language.md lists every function";

fn reference_of(reference: &Reference) -> Html {
    let entry = |f: &wrangle_dsl::catalog::FunctionDef| {
        html! {
            <div class="function-doc" data-function={f.name}>
                <code>{ f.signature() }</code>{ " " }<span>{ f.doc }</span>
                <div class="function-example"><code>{ format!("{} → {}", f.example, f.result) }</code></div>
            </div>
        }
    };
    match reference {
        Reference::Function(name) => match wrangle_dsl::catalog::lookup(name) {
            Some(f) => {
                html! { <div class="reference" data-testid="function-reference">{ entry(f) }</div> }
            }
            None => html! {},
        },
        Reference::Every => html! {
            <div class="reference every" data-testid="function-reference">
                { for wrangle_dsl::catalog::functions().iter().map(entry) }
            </div>
        },
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
