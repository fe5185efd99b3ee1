//! Keyboard: undo and redo anywhere but in a text field (which has its own), the command
//! line included once it is empty (as it is after a step is added).

use super::super::document_keys::use_document_keydown;
use crate::state::{Edit, RecipeState};
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Ctrl or Cmd with Z undoes, with Shift+Z or Y redoes, while the app is shown.
#[hook]
pub(super) fn use_undo_keys(recipe: UseReducerDispatcher<RecipeState>) {
    use_document_keydown(move |e: web_sys::KeyboardEvent| {
        let in_field = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| {
                let empty_command_line = el.id() == "command"
                    && el
                        .dyn_ref::<web_sys::HtmlInputElement>()
                        .is_some_and(|i| i.value().is_empty());
                matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                    && !empty_command_line
            });
        if in_field || !(e.ctrl_key() || e.meta_key()) {
            return;
        }
        match e.key().to_lowercase().as_str() {
            "z" if e.shift_key() => {
                e.prevent_default();
                recipe.dispatch(Edit::Redo)
            }
            "z" => {
                e.prevent_default();
                recipe.dispatch(Edit::Undo)
            }
            "y" => {
                e.prevent_default();
                recipe.dispatch(Edit::Redo)
            }
            _ => {}
        }
    });
}
