//! Which rows of the dataset the working set holds: the first rows, random rows (drawn again
//! with another seed), rows stratified by a column, or the rows a condition keeps. Each is
//! computed by the server over the whole dataset.

use crate::state::SampleChoice;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SamplePickerProps {
    pub choice: SampleChoice,
    /// The dataset's columns (to stratify by).
    pub columns: Vec<String>,
    pub on_pick: Callback<SampleChoice>,
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
            if matches!(props.choice, SampleChoice::Random { .. } | SampleChoice::Stratified { .. }) {
                <button onclick={on_redraw} data-testid="sample-redraw" title="draw other random rows">{ "Draw again" }</button>
            }
        </span>
    }
}
