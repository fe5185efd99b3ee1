//! The command line: type a step in the language, with autocomplete for transforms,
//! functions and columns, and the real checker's diagnostics as you type. The step's
//! effect is previewed in the grid before Enter adds it (or replaces the step being
//! edited).

use super::diagnostics::{Problem, Problems};
use crate::steps::complete::{accept, suggest, Suggestion};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CommandLineProps {
    pub value: String,
    pub columns: Vec<String>,
    pub problems: Vec<Problem>,
    /// What the previewed step would do, when it checks.
    #[prop_or_default]
    pub summary: Option<String>,
    /// The step being edited in place (its number from 1), or `None` when adding.
    #[prop_or_default]
    pub editing: Option<usize>,
    /// The step the new one goes before (its number from 1), when not after the step shown.
    #[prop_or_default]
    pub inserting: Option<usize>,
    pub on_change: Callback<String>,
    pub on_submit: Callback<String>,
    pub on_cancel: Callback<()>,
}

#[component]
pub fn CommandLine(props: &CommandLineProps) -> Html {
    let input = use_node_ref();
    let suggestions = use_state(Vec::<Suggestion>::new);
    let active = use_state(|| 0usize);

    let refresh = {
        let suggestions = suggestions.clone();
        let active = active.clone();
        let columns = props.columns.clone();
        move |el: &HtmlInputElement| {
            let text = el.value();
            let cursor = el
                .selection_start()
                .ok()
                .flatten()
                .map_or(text.len(), |c| c as usize);
            // The cursor is in UTF-16 units; the word before it is ASCII-safe enough to
            // find on a char boundary.
            let cursor = (0..=cursor.min(text.len()))
                .rev()
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(0);
            suggestions.set(if text.is_empty() {
                Vec::new()
            } else {
                suggest(&text, cursor, &columns)
            });
            active.set(0);
        }
    };
    let oninput = {
        let on_change = props.on_change.clone();
        let refresh = refresh.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(el) = e.target_dyn_into::<HtmlInputElement>() {
                refresh(&el);
                on_change.emit(el.value());
            }
        })
    };
    let take = {
        let suggestions = suggestions.clone();
        let on_change = props.on_change.clone();
        let input = input.clone();
        move |s: &Suggestion| {
            if let Some(el) = input.cast::<HtmlInputElement>() {
                let text = el.value();
                let cursor = el
                    .selection_start()
                    .ok()
                    .flatten()
                    .map_or(text.len(), |c| c as usize)
                    .min(text.len());
                let (new, at) = accept(&text, cursor, s);
                el.set_value(&new);
                let _ = el.set_selection_range(at as u32, at as u32);
                on_change.emit(new);
            }
            suggestions.set(Vec::new());
        }
    };
    let onkeydown = {
        let suggestions = suggestions.clone();
        let active = active.clone();
        let on_submit = props.on_submit.clone();
        let on_cancel = props.on_cancel.clone();
        let take = take.clone();
        Callback::from(move |e: KeyboardEvent| {
            let open = !suggestions.is_empty();
            match e.key().as_str() {
                "ArrowDown" if open => {
                    e.prevent_default();
                    active.set((*active + 1) % suggestions.len());
                }
                "ArrowUp" if open => {
                    e.prevent_default();
                    active.set((*active + suggestions.len() - 1) % suggestions.len());
                }
                "Tab" if open => {
                    e.prevent_default();
                    take(&suggestions[*active]);
                }
                "Enter" => {
                    e.prevent_default();
                    if let Some(el) = e.target_dyn_into::<HtmlInputElement>() {
                        suggestions.set(Vec::new());
                        on_submit.emit(el.value());
                    }
                }
                "Escape" => {
                    if open {
                        suggestions.set(Vec::new());
                    } else {
                        on_cancel.emit(());
                    }
                }
                _ => {}
            }
        })
    };
    let onblur = {
        let suggestions = suggestions.clone();
        Callback::from(move |_: FocusEvent| suggestions.set(Vec::new()))
    };
    let submit = {
        let on_submit = props.on_submit.clone();
        let value = props.value.clone();
        Callback::from(move |_: MouseEvent| on_submit.emit(value.clone()))
    };
    let cancel = {
        let on_cancel = props.on_cancel.clone();
        Callback::from(move |_: MouseEvent| on_cancel.emit(()))
    };
    let has_errors = props.problems.iter().any(|p| p.is_error);
    let label = match (props.editing, props.inserting) {
        (Some(n), _) => format!("Edit step {n}"),
        (None, Some(n)) => format!("New step before step {n}"),
        (None, None) => "New step".to_string(),
    };
    html! {
        <div class="command-line">
            <div class="command-row">
                <label for="command">{ label }</label>
                <input id="command" ref={input} type="text" autocomplete="off" spellcheck="false"
                    placeholder="type a step: rename, drop, derive x = …, keep rows where …"
                    value={props.value.clone()} {oninput} {onkeydown} {onblur} />
                <button class="primary" data-testid="add-step" disabled={props.value.trim().is_empty() || has_errors} onclick={submit}>
                    { if props.editing.is_some() { "Apply" } else { "Add step" } }
                </button>
                if !props.value.is_empty() || props.editing.is_some() {
                    <button onclick={cancel}>{ "Cancel" }</button>
                }
            </div>
            if !suggestions.is_empty() {
                <ul class="suggestions" data-testid="suggestions">
                    { for suggestions.iter().enumerate().map(|(i, s)| {
                        let onmousedown = {
                            let take = take.clone();
                            let s = s.clone();
                            Callback::from(move |e: MouseEvent| { e.prevent_default(); take(&s); })
                        };
                        html! {
                            <li class={classes!((i == *active).then_some("active"))} {onmousedown}>
                                <span class="label">{ &s.label }</span>
                                <span class="detail">{ &s.detail }</span>
                            </li>
                        }
                    }) }
                </ul>
            }
            if !props.problems.is_empty() {
                <Problems problems={props.problems.clone()} />
            }
            // Warnings leave the step to be added: what it would do is said under them.
            if let (false, Some(summary)) = (has_errors, &props.summary) {
                <div class="preview-summary" data-testid="preview-summary">{ format!("Preview: {summary}") }</div>
            }
        </div>
    }
}
