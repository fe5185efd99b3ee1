//! Keys pressed anywhere on the page, for as long as a component is shown: what undo and
//! redo, and Escape for a menu, listen to.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Calls `on_key` with every key pressed on the page while the component is mounted.
#[hook]
pub fn use_document_keydown<F>(on_key: F)
where
    F: Fn(web_sys::KeyboardEvent) + 'static,
{
    use_effect_with((), move |_| {
        let listener = Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(on_key);
        let document = web_sys::window().and_then(|w| w.document());
        if let Some(d) = &document {
            let _ =
                d.add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
        }
        move || {
            if let Some(d) = document {
                let _ = d.remove_event_listener_with_callback(
                    "keydown",
                    listener.as_ref().unchecked_ref(),
                );
            }
        }
    });
}
