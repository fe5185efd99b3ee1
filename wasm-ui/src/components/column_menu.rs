//! A column's menu: each item writes a step in canonical form into the command line, where
//! it is previewed before it is added. Items ending in "…" open a form first (a new name, a
//! separator, what to extract or replace, a width or a range). Text columns are offered
//! text tools; numbers rounding, bins, filling, a range and a standard score; dates their
//! parts, rounding down and days to today. From the keyboard: the first item has the focus
//! when the menu opens, the arrow keys move between items (Tab too), Enter or Space takes
//! one, and Escape closes the menu or its form.

use super::column_form::{ColumnForm, FormKind};
use super::document_keys::use_document_keydown;
use crate::services::types::DatasetEntry;
use crate::steps::menu;
use wasm_bindgen::JsCast;
use wrangle_dsl::catalog::Kind;
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
    /// The column's kind (`Any` when not known).
    #[prop_or(Kind::Any)]
    pub kind: Kind,
}

/// The types a column can be given, with their kinds (a column is offered those its kind
/// converts to, as the checker allows them).
const TYPES: &[(&str, Kind)] = &[
    ("integer", Kind::Integer),
    ("float", Kind::Float),
    ("decimal(12, 2)", Kind::Decimal),
    ("string", Kind::String),
    ("boolean", Kind::Boolean),
    ("date", Kind::Date),
    ("timestamp", Kind::Timestamp),
];
#[component]
pub fn ColumnMenu(props: &ColumnMenuProps) -> Html {
    let form = use_state(|| None::<FormKind>);
    let list = use_node_ref();
    use_escape(&props.on_close);
    {
        // The first item takes the focus when the menu (not a form) shows.
        let list = list.clone();
        use_effect_with(form.is_none(), move |shown| {
            if *shown {
                if let Some(first) = items_in(&list).first() {
                    let _ = first.focus();
                }
            }
        });
    }
    let onkeydown = {
        let list = list.clone();
        Callback::from(move |e: KeyboardEvent| move_in_menu(&list, &e))
    };
    let c = props.column.clone();
    let safe = print_name(&c);
    let item = |label: String, id: &str, text: String| {
        let on_step = props.on_step.clone();
        let onclick = Callback::from(move |_: MouseEvent| on_step.emit(text.clone()));
        html! { <li role="menuitem" tabindex="0" data-testid={format!("menu-item-{id}")} {onclick}>{ label }</li> }
    };
    let close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_: MouseEvent| on_close.emit(()))
    };
    let opens = |label: &str, id: &str, kind: FormKind| {
        let form = form.clone();
        let onclick = Callback::from(move |_: MouseEvent| form.set(Some(kind)));
        html! { <li role="menuitem" tabindex="0" data-testid={format!("menu-item-{id}")} {onclick}>{ label.to_string() }</li> }
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
    // What the column's values are decides what is offered (text tools for text or an
    // unknown type; numbers and dates their own).
    let text = matches!(props.kind, Kind::String | Kind::Any);
    let number = matches!(
        props.kind,
        Kind::Integer | Kind::Float | Kind::Decimal | Kind::Number
    );
    let temporal = matches!(props.kind, Kind::Date | Kind::Timestamp | Kind::Temporal);
    html! {
        <div class="menu-backdrop" onclick={close}>
            <div class="column-menu" data-testid="column-menu" onclick={stop} {onkeydown}>
                <div class="menu-title">{ format!("Column {c}") }</div>
                <ul role="menu" ref={list}>
                    { opens("Rename…", "rename", FormKind::Rename) }
                    { item("Remove column".into(), "drop", menu::drop(std::slice::from_ref(&c))) }
                    <li class="submenu">{ "Change type to" }
                        <ul>
                            { for TYPES.iter()
                                .filter(|(_, kind)| *kind != props.kind && props.kind.converts_to(*kind))
                                .map(|(t, _)| item(t.to_string(), &format!("settype-{t}"), menu::settype(&c, t))) }
                        </ul>
                    </li>
                    if text {
                        { opens("Split…", "split", FormKind::Split) }
                        { opens("Extract…", "extract", FormKind::Extract) }
                        { opens("Replace…", "replace", FormKind::Replace) }
                    }
                    if number {
                        { item("Round to a whole number".into(), "round", menu::round(&c, 0)) }
                        { item("Round to 2 decimals".into(), "round-2", menu::round(&c, 2)) }
                        { opens("Bin into ranges…", "bin", FormKind::Bin) }
                        { opens("Fill empty cells with…", "fill-with", FormKind::FillWith) }
                        { opens("Keep within a range…", "clamp", FormKind::Clamp) }
                        { item("Standard score (z)".into(), "z-score", menu::z_score(&c)) }
                    }
                    if temporal {
                        <li class="submenu">{ "Extract the" }
                            <ul>
                                { for menu::DATE_PARTS.iter().map(|(label, f)| item(label.to_string(), &format!("date-part-{f}"), menu::date_part(&c, f))) }
                            </ul>
                        </li>
                        <li class="submenu">{ "Round down to the" }
                            <ul>
                                { for ["day", "week", "month", "quarter", "year"].iter().map(|unit| item(unit.to_string(), &format!("date-trunc-{unit}"), menu::date_trunc(&c, unit))) }
                            </ul>
                        </li>
                        { item("Days from it to today".into(), "days-to-today", menu::days_to_today(&c)) }
                    }
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
                                    html! { <li role="menuitem" tabindex="0" data-testid={format!("join-{}", d.name)} {onclick}>{ &d.name }</li> }
                                }) }
                            </ul>
                        </li>
                    }
                </ul>
            </div>
        </div>
    }
}

/// Escape anywhere on the page closes the menu (and its form) while it is open.
#[hook]
fn use_escape(on_close: &Callback<()>) {
    let on_close = on_close.clone();
    use_document_keydown(move |e: web_sys::KeyboardEvent| {
        if e.key() == "Escape" {
            e.prevent_default();
            on_close.emit(());
        }
    });
}

/// The menu's items, in order (those of its submenus included).
fn items_in(list: &NodeRef) -> Vec<web_sys::HtmlElement> {
    let Some(list) = list.cast::<web_sys::Element>() else {
        return Vec::new();
    };
    let Ok(found) = list.query_selector_all("[role=menuitem]") else {
        return Vec::new();
    };
    (0..found.length())
        .filter_map(|i| found.item(i)?.dyn_into::<web_sys::HtmlElement>().ok())
        .collect()
}

/// Arrow keys move the focus between the items; Enter or Space takes the one focused.
fn move_in_menu(list: &NodeRef, e: &KeyboardEvent) {
    let items = items_in(list);
    let focused = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    let at = items
        .iter()
        .position(|item| focused.as_ref() == Some(item.as_ref()));
    let to = match (e.key().as_str(), at) {
        ("ArrowDown", Some(i)) => (i + 1) % items.len(),
        ("ArrowUp", Some(i)) => (i + items.len() - 1) % items.len(),
        ("ArrowDown", None) | ("Home", _) => 0,
        ("ArrowUp", None) | ("End", _) => items.len().saturating_sub(1),
        ("Enter" | " ", Some(i)) => {
            e.prevent_default();
            items[i].click();
            return;
        }
        _ => return,
    };
    e.prevent_default();
    if let Some(item) = items.get(to) {
        let _ = item.focus();
    }
}
