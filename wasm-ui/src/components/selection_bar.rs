//! What to do with the rows a click in a profile selected: keep them, or delete them. The
//! step's condition is the selection's, in the language.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SelectionBarProps {
    /// The condition true on the selected rows.
    pub condition: String,
    pub rows: usize,
    pub on_step: Callback<String>,
    pub on_clear: Callback<()>,
}

#[component]
pub fn SelectionBar(props: &SelectionBarProps) -> Html {
    let step = |text: String| {
        let on_step = props.on_step.clone();
        Callback::from(move |_: MouseEvent| on_step.emit(text.clone()))
    };
    let clear = {
        let on_clear = props.on_clear.clone();
        Callback::from(move |_: MouseEvent| on_clear.emit(()))
    };
    html! {
        <div class="selection-bar" data-testid="selection-bar">
            <span>{ format!("{} rows selected: ", props.rows) }<code>{ &props.condition }</code></span>
            <button data-testid="keep-selected" onclick={step(crate::steps::menu::keep_rows(&props.condition))}>{ "Keep these rows" }</button>
            <button data-testid="delete-selected" onclick={step(crate::steps::menu::delete_rows(&props.condition))}>{ "Delete these rows" }</button>
            <button onclick={clear}>{ "Clear" }</button>
        </div>
    }
}
