//! Whether the jobs page is shown: `#jobs` in the page's address, so a reload and back and
//! forward keep it, followed through the browser's `hashchange` and `popstate`.

use crate::services::address;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

pub(super) struct JobsPage {
    pub(super) shown: bool,
    /// Shows (`true`) or leaves the page.
    pub(super) show: Callback<bool>,
}

const EVENTS: [&str; 2] = ["hashchange", "popstate"];

#[hook]
pub(super) fn use_jobs_page() -> JobsPage {
    let shown = use_state(address::jobs_page);
    {
        let shown = shown.clone();
        use_effect_with((), move |_| {
            let listener = Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| {
                shown.set(address::jobs_page())
            });
            // Back and forward between entries of one page come as `popstate`, a new hash
            // as `hashchange`: either may be the only one.
            let window = web_sys::window();
            if let Some(w) = &window {
                for event in EVENTS {
                    let _ = w
                        .add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
                }
            }
            move || {
                if let Some(w) = window {
                    for event in EVENTS {
                        let _ = w.remove_event_listener_with_callback(
                            event,
                            listener.as_ref().unchecked_ref(),
                        );
                    }
                }
            }
        });
    }
    let show = {
        let shown = shown.clone();
        Callback::from(move |open: bool| {
            address::show_jobs_page(open);
            // Leaving replaces the address, which the browser does not announce.
            shown.set(open)
        })
    };
    JobsPage {
        shown: *shown,
        show,
    }
}
