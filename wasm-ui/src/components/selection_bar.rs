//! What to do with the rows a click in a profile selected: keep them, or delete them. The
//! step's condition is the selection's, in the language; cells a `settype` emptied are
//! told apart by the text they held, so their step goes before that `settype`.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SelectionBarProps {
    /// The condition true on the selected rows.
    pub condition: String,
    pub rows: usize,
    /// The step the condition's step goes before (its position and text), when not after
    /// the step shown.
    #[prop_or_default]
    pub before: Option<(usize, String)>,
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
            <span>{ format!("{} {} selected: ", props.rows, if props.rows == 1 { "row" } else { "rows" }) }<code>{ &props.condition }</code></span>
            if let Some((at, text)) = &props.before {
                <span class="selection-before" data-testid="selection-before"
                    title="the cells are empty after that step: the values they held are tested before it">
                    { format!("before step {}: ", at + 1) }<code>{ text }</code>
                </span>
            }
            <button data-testid="keep-selected" onclick={step(crate::steps::menu::keep_rows(&props.condition))}>{ "Keep these rows" }</button>
            <button data-testid="delete-selected" onclick={step(crate::steps::menu::delete_rows(&props.condition))}>{ "Delete these rows" }</button>
            <button data-testid="clear-selection" onclick={clear}>{ "Clear" }</button>
        </div>
    }
}
