//! A column's menu: each item writes a step in canonical form into the command line, where
//! it is previewed before it is added. Items ending in "…" open a form first (a new name, a
//! separator, what to extract or replace).

use super::column_form::{ColumnForm, FormKind};
use crate::services::types::DatasetEntry;
use crate::steps::menu;
use wrangle_dsl::print::print_name;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ColumnMenuProps {
    pub column: String,
    /// Datasets beside the working set, to join with.
    pub datasets: Vec<DatasetEntry>,
    pub on_step: Callback<String>,
    /// Join with a dataset (its path) on this column.
    pub on_join: Callback<(String, String)>,
    pub on_close: Callback<()>,
}

const TYPES: &[&str] = &[
    "integer",
    "float",
    "decimal(12, 2)",
    "string",
    "boolean",
    "date",
    "timestamp",
];

#[component]
pub fn ColumnMenu(props: &ColumnMenuProps) -> Html {
    let form = use_state(|| None::<FormKind>);
    let c = props.column.clone();
    let safe = print_name(&c);
    let item = |label: String, id: &str, text: String| {
        let on_step = props.on_step.clone();
        let onclick = Callback::from(move |_: MouseEvent| on_step.emit(text.clone()));
        html! { <li data-testid={format!("menu-item-{id}")} {onclick}>{ label }</li> }
    };
    let close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_: MouseEvent| on_close.emit(()))
    };
    let opens = |label: &str, id: &str, kind: FormKind| {
        let form = form.clone();
        let onclick = Callback::from(move |_: MouseEvent| form.set(Some(kind)));
        html! { <li data-testid={format!("menu-item-{id}")} {onclick}>{ label.to_string() }</li> }
    };
    let stop = Callback::from(|e: MouseEvent| e.stop_propagation());
    if let Some(kind) = *form {
        let back = {
            let form = form.clone();
            Callback::from(move |_: ()| form.set(None))
        };
        return html! {
            <div class="menu-backdrop" onclick={close}>
                <div class="column-menu" data-testid="column-menu" onclick={stop}>
                    <ColumnForm column={c} {kind} on_step={props.on_step.clone()} on_back={back} />
                </div>
            </div>
        };
    }
    html! {
        <div class="menu-backdrop" onclick={close}>
            <div class="column-menu" data-testid="column-menu" onclick={stop}>
                <div class="menu-title">{ format!("Column {c}") }</div>
                <ul>
                    { opens("Rename…", "rename", FormKind::Rename) }
                    { item("Remove column".into(), "drop", menu::drop(std::slice::from_ref(&c))) }
                    <li class="submenu">{ "Change type to" }
                        <ul>
                            { for TYPES.iter().map(|t| item(t.to_string(), &format!("settype-{t}"), menu::settype(&c, t))) }
                        </ul>
                    </li>
                    { opens("Split…", "split", FormKind::Split) }
                    { opens("Extract…", "extract", FormKind::Extract) }
                    { opens("Replace…", "replace", FormKind::Replace) }
                    { item("Fill empty cells down".into(), "fill", menu::fill_down(&c)) }
                    { item("Sort ascending".into(), "sort-asc", menu::sort(&c, false)) }
                    { item("Sort descending".into(), "sort-desc", menu::sort(&c, true)) }
                    { item("Keep the first row of each value".into(), "dedup", menu::dedup(std::slice::from_ref(&c))) }
                    { item("Delete rows where it is missing".into(), "delete-missing", menu::delete_rows(&format!("is_missing({safe})"))) }
                    { item("Count rows by this column".into(), "count", menu::count_by(&c)) }
                    if !props.datasets.is_empty() {
                        <li class="submenu">{ "Join with" }
                            <ul>
                                { for props.datasets.iter().map(|d| {
                                    let on_join = props.on_join.clone();
                                    let path = d.path.clone();
                                    let column = c.clone();
                                    let onclick = Callback::from(move |_: MouseEvent| on_join.emit((path.clone(), column.clone())));
                                    html! { <li data-testid={format!("join-{}", d.name)} {onclick}>{ &d.name }</li> }
                                }) }
                            </ul>
                        </li>
                    }
                </ul>
            </div>
        </div>
    }
}
