//! Joining another dataset: the dataset, pairs of key columns (this table's, the other's),
//! the kind (a lookup of the first match, or a join that keeps every match, only matches,
//! both sides, or filters by matching), and for a lookup the columns to bring. While it is
//! filled in it says how many rows of the working set find a match and how many of the
//! other's are left over; Preview writes the step in the command line.

use crate::engine::Table;
use crate::services::types::DatasetEntry;
use crate::steps::join_plan::{join_step, matches, partner, KINDS};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct JoinDialogProps {
    /// The table shown (the rows the join starts from).
    pub left: Table,
    /// The other dataset: the name the recipe reads it by, its path, its rows.
    pub name: String,
    pub path: String,
    pub right: Table,
    /// The column whose menu opened the dialog.
    pub column: String,
    /// Datasets beside the working set, to pick another.
    pub datasets: Vec<DatasetEntry>,
    pub on_dataset: Callback<String>,
    pub on_step: Callback<String>,
    pub on_close: Callback<()>,
}

fn select_value(e: &Event) -> Option<String> {
    e.target_dyn_into::<HtmlSelectElement>().map(|s| s.value())
}

#[component]
pub fn JoinDialog(props: &JoinDialogProps) -> Html {
    let left_columns = props.left.column_names();
    let right_columns = props.right.column_names();
    let pairs = {
        let first = (props.column.clone(), partner(&props.column, &right_columns));
        use_state(move || vec![first])
    };
    let kind = use_state(|| "lookup".to_string());
    let bring = {
        let keys: Vec<String> = pairs.iter().map(|(_, r)| r.clone()).collect();
        let others: Vec<String> = right_columns
            .iter()
            .filter(|c| !keys.contains(c))
            .cloned()
            .collect();
        use_state(move || others)
    };
    let error = use_state(|| None::<String>);
    let found = matches(&props.left, &props.right, &pairs);
    let set_pair = |at: usize, side: usize| {
        let pairs = pairs.clone();
        Callback::from(move |e: Event| {
            if let Some(value) = select_value(&e) {
                let mut next = (*pairs).clone();
                if let Some(pair) = next.get_mut(at) {
                    if side == 0 {
                        pair.0 = value;
                    } else {
                        pair.1 = value;
                    }
                }
                pairs.set(next);
            }
        })
    };
    let add_pair = {
        let pairs = pairs.clone();
        let (left, right) = (left_columns.clone(), right_columns.clone());
        Callback::from(move |_: MouseEvent| {
            let mut next = (*pairs).clone();
            let unused = left
                .iter()
                .find(|c| !next.iter().any(|(l, _)| l == *c))
                .cloned()
                .unwrap_or_default();
            let other = partner(&unused, &right);
            next.push((unused, other));
            pairs.set(next);
        })
    };
    let remove_pair = |at: usize| {
        let pairs = pairs.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*pairs).clone();
            if next.len() > 1 {
                next.remove(at);
            }
            pairs.set(next);
        })
    };
    let on_kind = {
        let kind = kind.clone();
        Callback::from(move |e: Event| {
            if let Some(value) = select_value(&e) {
                kind.set(value);
            }
        })
    };
    let toggle_bring = |column: String| {
        let bring = bring.clone();
        Callback::from(move |e: Event| {
            let on = e
                .target_dyn_into::<HtmlInputElement>()
                .is_some_and(|i| i.checked());
            let mut next: Vec<String> =
                (*bring).iter().filter(|c| **c != column).cloned().collect();
            if on {
                next.push(column.clone());
            }
            bring.set(next);
        })
    };
    let on_dataset = {
        let on_dataset = props.on_dataset.clone();
        Callback::from(move |e: Event| {
            if let Some(path) = select_value(&e) {
                on_dataset.emit(path);
            }
        })
    };
    let preview = {
        let (name, on_step, error) = (props.name.clone(), props.on_step.clone(), error.clone());
        let (pairs, kind, bring) = (pairs.clone(), kind.clone(), bring.clone());
        let order = right_columns.clone();
        Callback::from(move |_: MouseEvent| {
            // The columns brought, in the other table's order.
            let chosen: Vec<String> = order
                .iter()
                .filter(|c| bring.contains(c))
                .cloned()
                .collect();
            match join_step(&name, &pairs, &kind, &chosen) {
                Ok(step) => on_step.emit(step),
                Err(message) => error.set(Some(message)),
            }
        })
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    let stop = Callback::from(|e: MouseEvent| e.stop_propagation());
    let options = |columns: &[String], chosen: &str| {
        columns
            .iter()
            .map(|c| html! { <option value={c.clone()} selected={c == chosen}>{ c }</option> })
            .collect::<Html>()
    };
    html! {
        <div class="menu-backdrop" onclick={close.clone()}>
            <div class="column-menu join-dialog" data-testid="join-dialog" onclick={stop}>
                <div class="menu-title">{ "Join with another dataset" }</div>
                <label class="form-field">{ "Dataset" }
                    <select data-testid="join-dataset" onchange={on_dataset}>
                        { for props.datasets.iter().map(|d| html! {
                            <option value={d.path.clone()} selected={d.path == props.path}>{ &d.path }</option>
                        }) }
                    </select>
                </label>
                <div class="form-field">{ format!("Keys: this table's column = {}'s column", props.name) }
                    { for pairs.iter().enumerate().map(|(i, (l, r))| html! {
                        <div class="join-pair" data-testid="join-pair">
                            <select data-testid="join-left" onchange={set_pair(i, 0)}>{ options(&left_columns, l) }</select>
                            { " = " }
                            <select data-testid="join-right" onchange={set_pair(i, 1)}>{ options(&right_columns, r) }</select>
                            if pairs.len() > 1 {
                                <button type="button" title="remove this pair" onclick={remove_pair(i)}>{ "✕" }</button>
                            }
                        </div>
                    }) }
                    <button type="button" class="link" data-testid="join-add-pair" onclick={add_pair}>{ "+ another key" }</button>
                </div>
                <label class="form-field">{ "Kind" }
                    <select data-testid="join-kind" onchange={on_kind}>
                        { for KINDS.iter().map(|(value, label)| html! {
                            <option value={*value} selected={*value == kind.as_str()}>{ format!("{value}: {label}") }</option>
                        }) }
                    </select>
                </label>
                if kind.as_str() == "lookup" {
                    <div class="form-field join-bring">{ "Columns to bring" }
                        { for right_columns.iter().map(|c| html! {
                            <label><input type="checkbox" data-testid={format!("join-bring-{c}")}
                                checked={bring.contains(c)} onchange={toggle_bring(c.clone())} />{ c }</label>
                        }) }
                    </div>
                } else if !matches!(kind.as_str(), "semi" | "anti") {
                    <p class="hint">{ format!("A join brings every column of {}, its keys too (a name this table has gets _{} added): drop what is not needed after.", props.name, props.name) }</p>
                }
                <div class="join-matches" data-testid="join-matches">{ match &found {
                    Some(m) => format!(
                        "{} of {} rows find a match in {}; {} do not. {} of its {} rows match no row here.{}",
                        m.matched, m.matched + m.unmatched, props.name, m.unmatched,
                        m.other_unmatched, props.right.num_rows(),
                        if m.repeated_keys > 0 { format!(" {} keys have several rows there: a join repeats those rows, a lookup takes the first.", m.repeated_keys) } else { String::new() }
                    ),
                    None => "Pick the key columns.".into(),
                } }</div>
                if let Some(message) = &*error {
                    <div class="form-error" role="alert" data-testid="form-error">{ message }</div>
                }
                <div class="form-actions">
                    <button type="button" onclick={close}>{ "Cancel" }</button>
                    <button type="button" class="primary" data-testid="join-preview" onclick={preview}>{ "Preview" }</button>
                </div>
            </div>
        </div>
    }
}
