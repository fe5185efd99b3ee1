//! The Wrangle browser app (yew). It opens a working set from `wrangle serve`'s store (or a
//! local file), shows it as a grid with a profile of every column, and records every change
//! as a step of a recipe, previewed on the working set with the same checker, compiler and
//! DataFusion plan as batch runs.
//!
//! - `engine/`: tables, applying steps, diffs and profiles (no page; tested natively)
//! - `state/`: the recipe being edited, with undo and redo (a pure reducer)
//! - `steps/`: step text the menus write, plain-language descriptions, autocomplete
//! - `services/`: the JSON API of `wrangle serve`
//! - `components/`: the page

pub mod components;
pub mod engine;
pub mod services;
pub mod state;
pub mod steps;

/// Starts the app in the page's `<main id="app">`.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => {
            yew::Renderer::<components::app::App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<components::app::App>::new().render();
        }
    }
}
