//! A text column's most common values with their counts, opened from the "N distinct" line
//! of its header (which has room for five): clicking one selects its rows, as a value in
//! the header does. Escape or a click beside it closes it.

use super::visible_text::visible;
use crate::engine::profile::{ColumnProfile, Pick, Selection};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ValuesListProps {
    pub profile: ColumnProfile,
    pub on_pick: Callback<Selection>,
    pub on_close: Callback<()>,
}

#[component]
pub fn ValuesList(props: &ValuesListProps) -> Html {
    let p = &props.profile;
    let close = props.on_close.reform(|_: MouseEvent| ());
    let onkeydown = props.on_close.reform(|_: KeyboardEvent| ());
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Escape" {
            onkeydown.emit(e);
        }
    });
    let stop = Callback::from(|e: MouseEvent| e.stop_propagation());
    let most = p.top.first().map_or(1, |t| t.1.max(1));
    let shown = p.top.len();
    html! {
        <div class="menu-backdrop" onclick={close} {onkeydown}>
            <div class="column-menu values-list" data-testid="values-list" onclick={stop}>
                <div class="menu-title">{ format!("{}: {} distinct values of {} rows", p.name, p.distinct, p.rows) }</div>
                <ul>
                    { for p.top.iter().map(|(value, count)| {
                        let on_pick = props.on_pick.clone();
                        let on_close = props.on_close.clone();
                        let selection = Selection::of(p.name.clone(), Pick::Value(value.clone()));
                        let onclick = Callback::from(move |_: MouseEvent| {
                            on_pick.emit(selection.clone());
                            on_close.emit(());
                        });
                        html! {
                            <li class="top-value" tabindex="0" data-value={value.clone()} {onclick}>
                                <span class="top-fill" style={format!("width:{}%", 100.0 * *count as f64 / most as f64)}></span>
                                <span class="top-label">{ visible(value) }</span>
                                <span class="top-count">{ count }</span>
                            </li>
                        }
                    }) }
                </ul>
                if p.distinct > shown {
                    <div class="hint">{ format!("The {shown} most common of {} values in the working set.", p.distinct) }</div>
                }
            </div>
        </div>
    }
}
