//! Every column of the table shown, for tables wider than the page: found by typing part
//! of a name, each with its type and quality bar; clicking one (or Enter on the first
//! found) scrolls the grid to it.

use crate::engine::profile::ColumnProfile;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ColumnListProps {
    pub profiles: Rc<Vec<ColumnProfile>>,
    pub on_jump: Callback<String>,
    pub on_close: Callback<()>,
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

/// The columns whose names hold `typed` (any case), in the table's order.
fn found<'a>(profiles: &'a [ColumnProfile], typed: &str) -> Vec<&'a ColumnProfile> {
    let typed = typed.trim().to_lowercase();
    profiles
        .iter()
        .filter(|p| p.name.to_lowercase().contains(&typed))
        .collect()
}

#[component]
pub fn ColumnList(props: &ColumnListProps) -> Html {
    let typed = use_state(String::new);
    let input = use_node_ref();
    {
        let input = input.clone();
        use_effect_with((), move |_| {
            if let Some(i) = input.cast::<HtmlInputElement>() {
                let _ = i.focus();
            }
        });
    }
    let shown = found(&props.profiles, &typed);
    let oninput = {
        let typed = typed.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<HtmlInputElement>() {
                typed.set(i.value());
            }
        })
    };
    let onkeydown = {
        let first = shown.first().map(|p| p.name.clone());
        let (on_jump, on_close) = (props.on_jump.clone(), props.on_close.clone());
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Enter" => {
                // Not also a press of the button the focus moves to.
                e.prevent_default();
                if let Some(name) = &first {
                    on_jump.emit(name.clone());
                }
            }
            "Escape" => on_close.emit(()),
            _ => {}
        })
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    let stop = Callback::from(|e: MouseEvent| e.stop_propagation());
    html! {
        <div class="menu-backdrop" onclick={close}>
            <div class="column-menu column-list" data-testid="column-list" onclick={stop}>
                <div class="menu-title">{ format!("{} columns", props.profiles.len()) }</div>
                <input type="text" ref={input} class="column-filter" data-testid="column-filter"
                    placeholder="find a column" value={(*typed).clone()} {oninput} {onkeydown} />
                <ul>
                    { for shown.iter().map(|p| {
                        let onclick = {
                            let (on_jump, name) = (props.on_jump.clone(), p.name.clone());
                            Callback::from(move |_: MouseEvent| on_jump.emit(name.clone()))
                        };
                        html! {
                            <li tabindex="0" data-column={p.name.clone()} {onclick}
                                title={format!("{} valid, {} mismatched, {} missing of {} rows", p.valid, p.mismatched, p.missing, p.rows)}>
                                <span class="column-list-name">{ &p.name }</span>
                                <span class="column-list-type">{ &p.type_name }</span>
                                <span class="quality">
                                    <span class="q-valid" style={format!("width:{}%", percent(p.valid, p.rows))}></span>
                                    <span class="q-mismatched" style={format!("width:{}%", percent(p.mismatched, p.rows))}></span>
                                    <span class="q-missing" style={format!("width:{}%", percent(p.missing, p.rows))}></span>
                                </span>
                            </li>
                        }
                    }) }
                </ul>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(name: &str) -> ColumnProfile {
        ColumnProfile {
            name: name.into(),
            ..ColumnProfile::default()
        }
    }

    #[test]
    fn columns_are_found_by_part_of_their_name_in_any_case() {
        let profiles = vec![named("dep_delay"), named("arr_delay"), named("Carrier")];
        let names = |typed: &str| {
            found(&profiles, typed)
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(names("DELAY"), vec!["dep_delay", "arr_delay"]);
        assert_eq!(names("car"), vec!["Carrier"]);
        assert_eq!(names(""), vec!["dep_delay", "arr_delay", "Carrier"]);
    }
}
