//! The recipe panel: every step in plain words and as text. Click a step to see the data as
//! it was after it; edit it in place, switch it off, move it, delete it; undo and redo.
//! Below, the whole recipe as text, and saving (each save a new version).

use crate::state::{Edit, StepEntry};
use crate::steps::describe::describe;
use std::collections::HashMap;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RecipePanelProps {
    pub steps: Vec<StepEntry>,
    pub shown: Option<usize>,
    /// Why a step could not be applied, by its position.
    pub errors: HashMap<usize, String>,
    /// The rows after each step, where known.
    pub rows: HashMap<usize, usize>,
    /// Broken `expect` rules, by step: violating rows.
    pub broken: HashMap<usize, u64>,
    pub editing: Option<usize>,
    pub text: String,
    pub name: Option<String>,
    pub version: Option<u32>,
    pub versions: Vec<u32>,
    pub dirty: bool,
    pub can_undo: bool,
    pub can_redo: bool,
    pub on_edit: Callback<Edit>,
    pub on_begin_edit: Callback<usize>,
    pub on_save: Callback<String>,
    pub on_open_version: Callback<u32>,
    pub on_download: Callback<()>,
    /// Starts a new, empty recipe (asking first when steps are unsaved).
    pub on_new: Callback<()>,
    /// Comments after the last step (they go above the next step added at the end).
    #[prop_or_default]
    pub trailing: Vec<String>,
    /// Shown below the steps (the datasets the recipe reads).
    #[prop_or_default]
    pub children: Html,
}

#[component]
pub fn RecipePanel(props: &RecipePanelProps) -> Html {
    let show_text = use_state(|| false);
    let name_input = use_node_ref();
    let edit = |e: Edit| {
        let on_edit = props.on_edit.clone();
        Callback::from(move |ev: MouseEvent| {
            ev.stop_propagation();
            on_edit.emit(e.clone())
        })
    };
    let n = props.steps.len();
    let save = {
        let on_save = props.on_save.clone();
        let name_input = name_input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(el) = name_input.cast::<HtmlInputElement>() {
                on_save.emit(el.value());
            }
        })
    };
    let toggle_text = {
        let show_text = show_text.clone();
        Callback::from(move |_: MouseEvent| show_text.set(!*show_text))
    };
    let download = {
        let on_download = props.on_download.clone();
        Callback::from(move |_: MouseEvent| on_download.emit(()))
    };
    let new_recipe = {
        let on_new = props.on_new.clone();
        Callback::from(move |_: MouseEvent| on_new.emit(()))
    };
    let on_version = {
        let cb = props.on_open_version.clone();
        Callback::from(move |e: Event| {
            if let Some(el) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                if let Ok(v) = el.value().parse() {
                    cb.emit(v);
                }
            }
        })
    };
    html! {
        <aside class="recipe-panel" data-testid="recipe-panel">
            <div class="panel-head">
                <h2>{ "Recipe" }</h2>
                <button title="Undo (Ctrl+Z)" data-testid="undo" disabled={!props.can_undo} onclick={edit(Edit::Undo)}>{ "↶" }</button>
                <button title="Redo (Ctrl+Shift+Z)" data-testid="redo" disabled={!props.can_redo} onclick={edit(Edit::Redo)}>{ "↷" }</button>
            </div>
            if n == 0 {
                <p class="empty">{ "No steps yet. Use a column's menu, click a value or a bar to select rows, or type a step below the grid." }</p>
            }
            <ol class="steps">
                { for props.steps.iter().enumerate().map(|(i, step)| {
                    let shown = props.shown == Some(i);
                    let class = classes!(
                        "step",
                        shown.then_some("shown"),
                        (!step.enabled).then_some("off"),
                        props.errors.contains_key(&i).then_some("failed"),
                        (props.editing == Some(i)).then_some("editing"),
                    );
                    let select = {
                        let on_edit = props.on_edit.clone();
                        Callback::from(move |_: MouseEvent| on_edit.emit(Edit::Select(Some(i))))
                    };
                    let begin = {
                        let cb = props.on_begin_edit.clone();
                        Callback::from(move |e: MouseEvent| { e.stop_propagation(); cb.emit(i) })
                    };
                    let onkeydown = step_keys(i, n, &props.on_edit, &props.on_begin_edit);
                    html! {
                        <li {class} key={step.id} onclick={select} {onkeydown} tabindex="0" data-testid="step"
                            title="Enter: the data after it · E: edit · Delete: remove · Alt+↑/↓: move · Space: on or off">
                            { for step.comments().filter(|c| !c.is_empty()).map(|c| html! {
                                <div class="step-comment">{ c.to_string() }</div>
                            }) }
                            <div class="step-words">
                                <span class="step-number">{ i + 1 }</span>
                                { describe(&step.text) }
                            </div>
                            <code class="step-text" data-testid="step-text">{ &step.text }</code>
                            if let Some(rows) = props.rows.get(&i) {
                                <div class="step-rows">{ format!("{rows} rows") }</div>
                            }
                            if let Some(broken) = props.broken.get(&i) {
                                <div class="step-broken">{ format!("expectation broken by {broken} rows") }</div>
                            }
                            if let Some(error) = props.errors.get(&i) {
                                <div class="step-error">{ error }</div>
                            }
                            <div class="step-actions">
                                <button title="Edit" onclick={begin}>{ "Edit" }</button>
                                <button title={if step.enabled { "Switch off" } else { "Switch on" }} onclick={edit(Edit::Toggle { at: i })}>
                                    { if step.enabled { "Off" } else { "On" } }
                                </button>
                                <button title="Move up" disabled={i == 0} onclick={edit(Edit::Move { from: i, to: i.saturating_sub(1) })}>{ "↑" }</button>
                                <button title="Move down" disabled={i + 1 >= n} onclick={edit(Edit::Move { from: i, to: (i + 1).min(n.saturating_sub(1)) })}>{ "↓" }</button>
                                <button title="Delete" data-testid="delete-step" onclick={edit(Edit::Delete { at: i })}>{ "✕" }</button>
                            </div>
                        </li>
                    }
                }) }
            </ol>
            if !props.trailing.is_empty() {
                <div class="trailing-comments" data-testid="trailing-comments"
                    title="comments after the last step: the next step added at the end goes below them">
                    { for props.trailing.iter().map(|c| html! { <div class="step-comment">{ c }</div> }) }
                </div>
            }
            { props.children.clone() }
            <div class="recipe-save">
                <input ref={name_input} type="text" data-testid="recipe-name" placeholder="recipe name"
                    value={props.name.clone().unwrap_or_default()} />
                <button class="primary" data-testid="save" onclick={save}>{ "Save" }</button>
                <button onclick={download}>{ "Download" }</button>
                <button onclick={new_recipe} data-testid="new-recipe" title="start a new, empty recipe">{ "New" }</button>
            </div>
            <div class="recipe-version">
                if let Some(v) = props.version {
                    <span>{ format!("version {v}{}", if props.dirty { ", changed" } else { "" }) }</span>
                } else if props.dirty {
                    <span>{ "not saved" }</span>
                }
                if props.versions.len() > 1 {
                    <select onchange={on_version} data-testid="versions">
                        { for props.versions.iter().rev().map(|v| html! {
                            <option value={v.to_string()} selected={props.version == Some(*v)}>{ format!("version {v}") }</option>
                        }) }
                    </select>
                }
            </div>
            <button class="link" onclick={toggle_text}>{ if *show_text { "Hide the text" } else { "Show as text" } }</button>
            if *show_text {
                <pre class="recipe-text" data-testid="recipe-text">{ &props.text }</pre>
            }
        </aside>
    }
}

/// A step from the keyboard (it has the focus): Enter shows the data after it, E edits it,
/// Delete removes it, Space switches it off or on, Alt with an arrow moves it, and the
/// arrows alone go to the step above or below.
fn step_keys(
    at: usize,
    steps: usize,
    on_edit: &Callback<Edit>,
    on_begin_edit: &Callback<usize>,
) -> Callback<KeyboardEvent> {
    let (on_edit, on_begin_edit) = (on_edit.clone(), on_begin_edit.clone());
    Callback::from(move |e: KeyboardEvent| {
        // Keys for the step's own buttons are theirs.
        let on_step = e
            .target_dyn_into::<web_sys::HtmlElement>()
            .is_some_and(|t| t.tag_name() == "LI");
        if !on_step {
            return;
        }
        let edit = match (e.key().as_str(), e.alt_key()) {
            ("Enter", _) => Some(Edit::Select(Some(at))),
            ("Delete" | "Backspace", _) => Some(Edit::Delete { at }),
            (" ", _) => Some(Edit::Toggle { at }),
            ("ArrowUp", true) if at > 0 => Some(Edit::Move {
                from: at,
                to: at - 1,
            }),
            ("ArrowDown", true) if at + 1 < steps => Some(Edit::Move {
                from: at,
                to: at + 1,
            }),
            ("e" | "E", false) => {
                e.prevent_default();
                on_begin_edit.emit(at);
                return;
            }
            ("ArrowUp" | "ArrowDown", false) => {
                e.prevent_default();
                let sibling = e
                    .target_dyn_into::<web_sys::Element>()
                    .and_then(|li| match e.key().as_str() {
                        "ArrowUp" => li.previous_element_sibling(),
                        _ => li.next_element_sibling(),
                    })
                    .and_then(|li| li.dyn_into::<web_sys::HtmlElement>().ok());
                if let Some(li) = sibling {
                    let _ = li.focus();
                }
                return;
            }
            _ => None,
        };
        if let Some(edit) = edit {
            e.prevent_default();
            on_edit.emit(edit);
        }
    })
}
