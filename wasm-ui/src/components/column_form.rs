//! The forms behind a column menu's "…" items: rename, split, extract and replace ask for
//! what they need (a new name, a separator and how many parts, what to extract, what to
//! replace) and write the step, which the command line then previews before it is added.

use crate::steps::menu;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FormKind {
    Rename,
    Split,
    Extract,
    Replace,
}

#[derive(Properties, PartialEq)]
pub struct ColumnFormProps {
    pub column: String,
    pub kind: FormKind,
    pub on_step: Callback<String>,
    pub on_back: Callback<()>,
}

#[component]
pub fn ColumnForm(props: &ColumnFormProps) -> Html {
    let first = use_node_ref();
    let second = use_node_ref();
    let c = props.column.clone();
    let plain = menu::plain_name(&c);
    let value = |r: &NodeRef| {
        r.cast::<HtmlInputElement>()
            .map(|i| i.value())
            .or_else(|| r.cast::<HtmlSelectElement>().map(|s| s.value()))
            .unwrap_or_default()
    };
    let step = {
        let (first, second, kind, c) = (first.clone(), second.clone(), props.kind, c.clone());
        move || -> Option<String> {
            let (a, b) = (value(&first), value(&second));
            match kind {
                FormKind::Rename => (!a.trim().is_empty()).then(|| menu::rename(&c, a.trim())),
                FormKind::Split => {
                    let parts: u64 = b.trim().parse().ok().filter(|&n| n >= 2)?;
                    let base = menu::plain_name(&c);
                    let into: Vec<String> = (1..=parts).map(|i| format!("{base}_{i}")).collect();
                    (!a.is_empty()).then(|| menu::split(&c, &a, Some(parts - 1), &into))
                }
                FormKind::Extract => {
                    let pattern = menu::EXTRACTS.iter().find(|(id, _, _)| *id == a)?.2;
                    (!b.trim().is_empty())
                        .then(|| menu::extract(&c, pattern, &[b.trim().to_string()]))
                }
                FormKind::Replace => (!a.is_empty()).then(|| menu::replace(&c, &a, &b)),
            }
        }
    };
    let onsubmit = {
        let on_step = props.on_step.clone();
        let step = step.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(text) = step() {
                on_step.emit(text);
            }
        })
    };
    let back = {
        let on_back = props.on_back.clone();
        Callback::from(move |_: MouseEvent| on_back.emit(()))
    };
    let field = |label: &str, id: &str, node: &NodeRef, initial: String| {
        html! {
            <label class="form-field">{ label }
                <input type="text" ref={node.clone()} data-testid={format!("form-{id}")} value={initial} />
            </label>
        }
    };
    let (title, fields) = match props.kind {
        FormKind::Rename => (
            "Rename",
            html! { { field("New name", "name", &first, plain.clone()) } },
        ),
        FormKind::Split => (
            "Split into columns",
            html! { <>
                { field("On", "separator", &first, ",".into()) }
                { field("Into how many columns", "parts", &second, "2".into()) }
            </> },
        ),
        FormKind::Extract => (
            "Extract into a new column",
            html! { <>
                <label class="form-field">{ "What" }
                    <select ref={first.clone()} data-testid="form-what">
                        { for menu::EXTRACTS.iter().map(|(id, label, _)| html! { <option value={*id}>{ *label }</option> }) }
                    </select>
                </label>
                { field("New column", "name", &second, format!("{plain}_extracted")) }
            </> },
        ),
        FormKind::Replace => (
            "Replace text",
            html! { <>
                { field("Find (text, p\"pattern\" or /regex/)", "find", &first, String::new()) }
                { field("Replace with", "with", &second, String::new()) }
            </> },
        ),
    };
    html! {
        <form class="column-form" {onsubmit} data-testid="column-form">
            <div class="menu-title">{ format!("{title}: {c}") }</div>
            { fields }
            <div class="form-actions">
                <button type="button" onclick={back}>{ "Back" }</button>
                <button type="submit" class="primary" data-testid="form-preview">{ "Preview" }</button>
            </div>
        </form>
    }
}
