//! Which rows of the dataset the working set holds: the first rows, random rows (drawn again
//! with another seed), rows stratified by a column, the rows a condition keeps, or the rows
//! with missing or mismatched values in chosen columns after the steps. Each is computed by
//! the server over the whole dataset; the samples collected before are picked again at once.

use crate::services::types::CollectedSample;
use crate::state::SampleChoice;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SamplePickerProps {
    pub choice: SampleChoice,
    /// The dataset's columns (to stratify by).
    pub columns: Vec<String>,
    /// The columns after the step shown (an anomaly sample looks at them).
    pub columns_shown: Vec<String>,
    /// The samples of this dataset collected before.
    pub collected: Vec<CollectedSample>,
    pub on_pick: Callback<SampleChoice>,
}

/// The values of the options picked in a list that takes several.
fn picked_options(select: &HtmlSelectElement) -> Vec<String> {
    let options = select.selected_options();
    (0..options.length())
        .filter_map(|i| options.item(i)?.get_attribute("value"))
        .collect()
}

#[component]
pub fn SamplePicker(props: &SamplePickerProps) -> Html {
    // The kind picked in the list; a filter waits for its condition before it is taken.
    let kind = use_state(|| props.choice.kind());
    let condition = use_node_ref();
    {
        let kind = kind.clone();
        use_effect_with(props.choice.clone(), move |choice| kind.set(choice.kind()));
    }
    let first_column = props.columns.first().cloned();
    let on_kind = {
        let kind = kind.clone();
        let on_pick = props.on_pick.clone();
        let first_column = first_column.clone();
        Callback::from(move |e: Event| {
            let Some(el) = e.target_dyn_into::<HtmlSelectElement>() else {
                return;
            };
            let picked = SampleChoice::KINDS
                .iter()
                .find(|(k, _)| *k == el.value())
                .map_or("first", |(k, _)| *k);
            kind.set(picked);
            if let Some(choice) = SampleChoice::picked(picked, first_column.as_deref(), "") {
                on_pick.emit(choice);
            }
        })
    };
    let take_condition = {
        let on_pick = props.on_pick.clone();
        let condition = condition.clone();
        move || {
            let text = condition
                .cast::<HtmlInputElement>()
                .map(|el| el.value())
                .unwrap_or_default();
            if let Some(choice) = SampleChoice::picked("filter", None, &text) {
                on_pick.emit(choice);
            }
        }
    };
    let on_take = {
        let take = take_condition.clone();
        Callback::from(move |_: MouseEvent| take())
    };
    let on_condition_key = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" {
            take_condition();
        }
    });
    let on_by = {
        let on_pick = props.on_pick.clone();
        let choice = props.choice.clone();
        Callback::from(move |e: Event| {
            let Some(el) = e.target_dyn_into::<HtmlSelectElement>() else {
                return;
            };
            let (min, seed) = match &choice {
                SampleChoice::Stratified { min, seed, .. } => (*min, *seed),
                _ => (10, 1),
            };
            on_pick.emit(SampleChoice::Stratified {
                column: el.value(),
                min,
                seed,
            });
        })
    };
    let anomaly_columns = use_node_ref();
    let on_take_anomaly = {
        let on_pick = props.on_pick.clone();
        let list = anomaly_columns.clone();
        Callback::from(move |_: MouseEvent| {
            let columns = list
                .cast::<HtmlSelectElement>()
                .map(|el| picked_options(&el))
                .unwrap_or_default();
            if !columns.is_empty() {
                on_pick.emit(SampleChoice::Anomaly {
                    columns,
                    after: None,
                });
            }
        })
    };
    let on_collected = {
        let on_pick = props.on_pick.clone();
        let collected = props.collected.clone();
        Callback::from(move |e: Event| {
            let Some(el) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
            else {
                return;
            };
            if let Some(c) = el
                .value()
                .parse::<usize>()
                .ok()
                .and_then(|i| collected.get(i))
            {
                on_pick.emit(SampleChoice::of(&c.sample));
            }
        })
    };
    let on_redraw = {
        let on_pick = props.on_pick.clone();
        let choice = props.choice.clone();
        Callback::from(move |_: MouseEvent| on_pick.emit(choice.redrawn()))
    };
    let stratified_by = match &props.choice {
        SampleChoice::Stratified { column, .. } => Some(column.clone()),
        _ => None,
    };
    let written = match &props.choice {
        SampleChoice::Filter { condition } => condition.clone(),
        _ => String::new(),
    };
    let anomalous: Vec<String> = match &props.choice {
        SampleChoice::Anomaly { columns, .. } => columns.clone(),
        _ => Vec::new(),
    };
    html! {
        <span class="sample-picker" data-testid="sample-picker">
            <label>{ "sample " }
                <select onchange={on_kind} data-testid="sample-kind"
                    title="which rows of the whole dataset the working set holds">
                    { for SampleChoice::KINDS.iter().map(|(k, name)| html! {
                        <option value={*k} selected={*k == *kind}>{ *name }</option>
                    }) }
                </select>
            </label>
            if *kind == "stratified" {
                <select onchange={on_by} data-testid="sample-by" title="every value of this column is in the sample">
                    { for props.columns.iter().map(|c| html! {
                        <option value={c.clone()} selected={stratified_by.as_deref() == Some(c.as_str())}>{ c }</option>
                    }) }
                </select>
            }
            if *kind == "filter" {
                <input ref={condition} data-testid="sample-where" class="sample-where"
                    placeholder="a condition, as in keep rows: month > 11"
                    value={written} onkeydown={on_condition_key} />
                <button onclick={on_take} data-testid="sample-take">{ "Take" }</button>
            }
            if *kind == "anomaly" {
                <select ref={anomaly_columns} multiple=true size="3" data-testid="sample-columns"
                    class="sample-columns" title="rows missing a value in any of these columns (Ctrl or Shift picks several)">
                    { for props.columns_shown.iter().map(|c| html! {
                        <option value={c.clone()} selected={anomalous.contains(c)}>{ c }</option>
                    }) }
                </select>
                <button onclick={on_take_anomaly} data-testid="sample-take-anomaly"
                    title="the dataset's rows that, after the steps up to the one shown, miss a value in a column picked">{ "Take" }</button>
            }
            if !props.collected.is_empty() {
                <select onchange={on_collected} data-testid="sample-collected" title="samples of this dataset collected before: open at once">
                    <option value="" selected=true>{ format!("collected ({})", props.collected.len()) }</option>
                    { for props.collected.iter().enumerate().map(|(i, c)| html! {
                        <option value={i.to_string()}>
                            { format!("{} · {} rows{}", c.description, c.rows, if c.cut_to_bytes { " (cut to fit)" } else { "" }) }
                        </option>
                    }) }
                </select>
            }
            if matches!(props.choice, SampleChoice::Random { .. } | SampleChoice::Stratified { .. }) {
                <button onclick={on_redraw} data-testid="sample-redraw" title="draw other random rows">{ "Draw again" }</button>
            }
        </span>
    }
}
