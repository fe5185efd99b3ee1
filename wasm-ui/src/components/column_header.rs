//! A column's header: name, type, a quality bar (valid / mismatched / missing, counts on
//! hover), and a histogram for numbers and dates or the top values for text. Clicking a
//! bar, a value or a part of the quality bar selects those rows; "N distinct" lists more.

use super::visible_text::visible;
use crate::engine::profile::{ColumnProfile, Pick, Selection};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ColumnHeaderProps {
    pub profile: ColumnProfile,
    /// Added by the step shown (or previewed).
    #[prop_or_default]
    pub added: bool,
    #[prop_or_default]
    pub selection: Option<Selection>,
    pub on_pick: Callback<Selection>,
    pub on_menu: Callback<String>,
    /// Lists the column's most common values (beyond the five the header has room for).
    pub on_values: Callback<String>,
    /// Its width in pixels, and what a drag of its right edge sets it to.
    #[prop_or(super::grid::COLUMN_WIDTH)]
    pub width: f64,
    #[prop_or_default]
    pub on_resize: Callback<(String, f64)>,
}

/// The narrowest and widest a column is dragged to.
const NARROWEST: f64 = 60.0;
const WIDEST: f64 = 800.0;

/// How many values the header shows.
const SHOWN: usize = 5;

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

#[component]
pub fn ColumnHeader(props: &ColumnHeaderProps) -> Html {
    let p = &props.profile;
    let name = p.name.clone();
    // A click selects; with Ctrl or Cmd, values and bars add to what is selected.
    let pick = |pick: Pick| {
        let on_pick = props.on_pick.clone();
        let column = name.clone();
        let current = props.selection.clone();
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            let adding = e.ctrl_key() || e.meta_key();
            on_pick.emit(match (&current, adding) {
                (Some(current), true) => current.toggled(&column, pick.clone()),
                _ => Selection::of(column.clone(), pick.clone()),
            })
        })
    };
    let selected = |candidate: &Pick| {
        props
            .selection
            .as_ref()
            .is_some_and(|s| s.column == p.name && s.picks().any(|p| p == candidate))
    };
    let on_menu = {
        let on_menu = props.on_menu.clone();
        let column = name.clone();
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            on_menu.emit(column.clone())
        })
    };
    let on_values = {
        let on_values = props.on_values.clone();
        let column = name.clone();
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            on_values.emit(column.clone())
        })
    };
    // Dragging the right edge: where the pointer started and the width then; the pointer
    // is captured, so the edge has every move until it is let go.
    let drag = use_mut_ref(|| None::<(f64, f64)>);
    let onpointerdown = {
        let (drag, width) = (drag.clone(), props.width);
        Callback::from(move |e: PointerEvent| {
            e.stop_propagation();
            e.prevent_default();
            if let Some(edge) = e.target_dyn_into::<web_sys::Element>() {
                let _ = edge.set_pointer_capture(e.pointer_id());
            }
            *drag.borrow_mut() = Some((e.client_x() as f64, width));
        })
    };
    let onpointermove = {
        let (drag, on_resize, column) = (drag.clone(), props.on_resize.clone(), name.clone());
        Callback::from(move |e: PointerEvent| {
            if let Some((x, width)) = *drag.borrow() {
                let wanted = (width + e.client_x() as f64 - x).clamp(NARROWEST, WIDEST);
                on_resize.emit((column.clone(), wanted));
            }
        })
    };
    let onpointerup = {
        let drag = drag.clone();
        Callback::from(move |_: PointerEvent| *drag.borrow_mut() = None)
    };
    let ondblclick = {
        let (on_resize, column) = (props.on_resize.clone(), name.clone());
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            on_resize.emit((column.clone(), super::grid::COLUMN_WIDTH))
        })
    };
    let type_label = match p.looks_like {
        Some(kind) => format!("{} · mostly {kind}", p.type_name),
        None => p.type_name.clone(),
    };
    let quality_title = format!(
        "{} valid, {} mismatched, {} missing of {} rows",
        p.valid, p.mismatched, p.missing, p.rows
    );
    let max_bin = p
        .histogram
        .iter()
        .map(|b| b.count)
        .max()
        .unwrap_or(0)
        .max(1);
    let max_top = p.top.first().map_or(1, |t| t.1.max(1));
    html! {
        <div class={classes!("col-header", props.added.then_some("added"))} data-column={p.name.clone()}
            style={format!("width:{}px", props.width)}>
            <span class="col-resize" data-testid={format!("resize-{}", p.name)}
                title="drag to make the column wider or narrower; double-click for the usual width"
                {onpointerdown} {onpointermove} {onpointerup} {ondblclick}></span>
            <div class="col-title">
                <span class="col-name" title={p.name.clone()}>{ &p.name }</span>
                <button class="col-menu-button" title="Column menu" data-testid={format!("menu-{}", p.name)} onclick={on_menu}>{ "▾" }</button>
            </div>
            <div class="col-type" title={type_label.clone()}>{ type_label }</div>
            <div class="quality" title={quality_title}>
                <span class="q-valid" style={format!("width:{}%", percent(p.valid, p.rows))}></span>
                <span class={classes!("q-mismatched", selected(&Pick::Mismatched).then_some("selected"))}
                    style={format!("width:{}%", percent(p.mismatched, p.rows))}
                    title={format!("{} mismatched", p.mismatched)}
                    onclick={pick(Pick::Mismatched)}></span>
                <span class={classes!("q-missing", selected(&Pick::Missing).then_some("selected"))}
                    style={format!("width:{}%", percent(p.missing, p.rows))}
                    title={format!("{} missing", p.missing)}
                    onclick={pick(Pick::Missing)}></span>
            </div>
            if !p.histogram.is_empty() {
                <div class="histogram">
                    { for p.histogram.iter().map(|bin| {
                        let this = Pick::from_bin(bin);
                        let class = classes!("bar", selected(&this).then_some("selected"));
                        html! {
                            <span class={class}
                                title={format!("{} … {}: {} rows", bin.label, bin.high.trim_start_matches('@'), bin.count)}
                                onclick={pick(this.clone())}>
                                <span class="bar-fill" style={format!("height:{}%", percent(bin.count, max_bin).max(if bin.count > 0 { 4.0 } else { 0.0 }))}></span>
                            </span>
                        }
                    }) }
                </div>
            } else {
                <div class="top-values">
                    { for p.top.iter().take(SHOWN).map(|(value, count)| {
                        let this = Pick::Value(value.clone());
                        let class = classes!("top-value", selected(&this).then_some("selected"));
                        html! {
                            <div class={class} title={format!("{value}: {count} rows")} data-value={value.clone()} onclick={pick(this.clone())}>
                                <span class="top-fill" style={format!("width:{}%", percent(*count, max_top))}></span>
                                <span class="top-label">{ visible(value) }</span>
                                <span class="top-count">{ count }</span>
                            </div>
                        }
                    }) }
                    if p.distinct > SHOWN {
                        <button class="top-more link" data-testid={format!("values-{}", p.name)}
                            title="list the most common values" onclick={on_values}>
                            { format!("{} distinct ›", p.distinct) }
                        </button>
                    }
                </div>
            }
        </div>
    }
}
