//! The datasets the recipe names (joins, lookups, unions): which dataset of the store each
//! name is read from, and a choice of the datasets in the folder shown to read it from
//! another. A name is bound at first to the dataset of that file name in the folder shown.

use crate::services::types::DatasetEntry;
use std::collections::BTreeMap;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct InputsPanelProps {
    /// The names the recipe reads.
    pub names: Vec<String>,
    /// The dataset each bound name was read from.
    pub paths: BTreeMap<String, String>,
    /// The datasets of the folder shown.
    pub datasets: Vec<DatasetEntry>,
    /// Read a name from a dataset: (name, path).
    pub on_bind: Callback<(String, String)>,
}

#[component]
pub fn InputsPanel(props: &InputsPanelProps) -> Html {
    if props.names.is_empty() {
        return html! {};
    }
    html! {
        <div class="inputs" data-testid="inputs">
            <h2>{ "Datasets the recipe reads" }</h2>
            { for props.names.iter().map(|name| {
                let bound = props.paths.get(name);
                let onchange = {
                    let on_bind = props.on_bind.clone();
                    let name = name.clone();
                    Callback::from(move |e: Event| {
                        if let Some(el) = e.target_dyn_into::<HtmlSelectElement>() {
                            if !el.value().is_empty() {
                                on_bind.emit((name.clone(), el.value()));
                            }
                        }
                    })
                };
                html! {
                    <div class="input" data-testid={format!("input-{name}")}>
                        <code>{ name }</code>
                        <span class={classes!("input-path", bound.is_none().then_some("unbound"))}>
                            { bound.map_or("not found in this folder".to_string(), |p| format!("← {p}")) }
                        </span>
                        <select {onchange} title={format!("read {name} from a dataset of this folder")}>
                            <option value="" selected=true>{ if bound.is_some() { "read from…" } else { "pick a dataset…" } }</option>
                            { for props.datasets.iter().map(|d| html! {
                                <option value={d.path.clone()}>{ &d.name }</option>
                            }) }
                        </select>
                    </div>
                }
            }) }
        </div>
    }
}
