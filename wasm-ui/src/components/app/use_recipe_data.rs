//! A recipe belongs to its data. A saved version records the dataset and the inputs it was
//! written on and opens with them; the page's address holds the dataset, recipe and
//! version open, so a reload or a shared link opens them again; unsaved steps are kept in
//! the browser's storage across a reload; and nothing unsaved is lost without a question:
//! a new recipe, another recipe, or another dataset (which starts a new recipe: steps
//! written for one dataset do not carry over to another).

use super::use_back_forward::use_back_forward;
use super::use_inputs::BindInput;
use crate::services::api::query_param;
use crate::services::types::RecipeData;
use crate::services::{address, draft};
use crate::state::pipeline::Source;
use crate::state::{BoundInputs, Edit, RecipeState};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// What opens a dataset, a recipe, or a new recipe, asking first when unsaved steps would
/// be lost.
pub(super) struct Guarded {
    pub(super) open_dataset: Callback<String>,
    pub(super) open_recipe: Callback<(String, Option<u32>)>,
    pub(super) new_recipe: Callback<()>,
}

/// The hook's handles, as the page has them.
pub(super) struct DataHandles<'a> {
    pub(super) recipe: &'a UseReducerHandle<RecipeState>,
    pub(super) source: &'a UseStateHandle<Option<Source>>,
    pub(super) inputs: &'a UseReducerHandle<BoundInputs>,
    pub(super) data: &'a Rc<RefCell<Option<RecipeData>>>,
    pub(super) opened_with: &'a UseStateHandle<Option<RecipeData>>,
    pub(super) open_dataset: &'a Callback<String>,
    pub(super) bind: &'a BindInput,
    pub(super) open_recipe: &'a Callback<(String, Option<u32>)>,
}

/// Asks before unsaved steps are lost; true to go on.
fn may_lose(recipe: &RecipeState, what: &str) -> bool {
    if !recipe.dirty || recipe.steps.is_empty() {
        return true;
    }
    web_sys::window()
        .and_then(|w| {
            w.confirm_with_message(&format!(
                "The recipe has unsaved steps. {what} without them?"
            ))
            .ok()
        })
        .unwrap_or(false)
}

#[hook]
pub(super) fn use_recipe_data(h: DataHandles<'_>) -> Guarded {
    let path = h.source.as_ref().and_then(|s| s.path.clone());
    // The data saved with the next version: the dataset open and the inputs bound.
    *h.data.borrow_mut() = path.clone().map(|dataset| RecipeData {
        dataset,
        inputs: h.inputs.paths.clone(),
    });
    use_restore(h.recipe, h.open_dataset, h.open_recipe);
    use_open_with_data(h.opened_with, &path, h.open_dataset, h.bind);
    {
        let deps = (path.clone(), h.recipe.name.clone(), h.recipe.version);
        use_effect_with(deps, |(dataset, name, version)| {
            // Nothing open yet (the page is still opening what its address names).
            if dataset.is_some() || name.is_some() {
                address::show(dataset.as_deref(), name.as_deref(), *version);
            }
        });
    }
    {
        let recipe = h.recipe.clone();
        let dataset = path.clone();
        let deps = (h.recipe.text(), h.recipe.dirty, path.clone());
        use_effect_with(deps, move |_| {
            let kept = recipe.dirty.then(|| draft::Draft {
                dataset,
                name: recipe.name.clone(),
                version: recipe.version,
                text: recipe.text(),
            });
            draft::keep(kept.as_ref());
        });
    }
    let guarded = guarded(&h, path.clone());
    let open = address::Address {
        dataset: path,
        recipe: h.recipe.name.clone(),
        version: h.recipe.version,
    };
    use_back_forward(open, &guarded);
    guarded
}

/// At startup: unsaved steps kept from before a reload, or the recipe the address names.
#[hook]
fn use_restore(
    recipe: &UseReducerHandle<RecipeState>,
    open_dataset: &Callback<String>,
    open_recipe: &Callback<(String, Option<u32>)>,
) {
    let recipe = recipe.clone();
    let open_dataset = open_dataset.clone();
    let open_recipe = open_recipe.clone();
    use_effect_with((), move |_| {
        let wanted = query_param("dataset");
        let wanted_recipe = query_param("recipe");
        // The draft is restored unless the address names another dataset or recipe.
        let fits = |d: &draft::Draft| {
            (wanted.is_none() || wanted == d.dataset)
                && (wanted_recipe.is_none() || wanted_recipe == d.name)
        };
        match draft::kept() {
            Some(d) if fits(&d) => {
                recipe.dispatch(Edit::Restore {
                    name: d.name,
                    version: d.version,
                    text: d.text,
                });
                if let (None, Some(dataset)) = (wanted, d.dataset) {
                    open_dataset.emit(dataset);
                }
            }
            _ => {
                if let Some(name) = wanted_recipe {
                    let version = query_param("version").and_then(|v| v.parse().ok());
                    open_recipe.emit((name, version));
                }
            }
        }
    });
}

/// A recipe opened with the data it was written on: its dataset opens (unless it is open)
/// and its names are bound to the datasets they were.
#[hook]
fn use_open_with_data(
    opened_with: &UseStateHandle<Option<RecipeData>>,
    path: &Option<String>,
    open_dataset: &Callback<String>,
    bind: &BindInput,
) {
    let opened = (**opened_with).clone();
    let handle = opened_with.clone();
    let path = path.clone().or_else(|| query_param("dataset"));
    let open_dataset = open_dataset.clone();
    let bind = bind.clone();
    use_effect_with(opened, move |opened| {
        if let Some(data) = opened {
            if path.as_deref() != Some(data.dataset.as_str()) {
                open_dataset.emit(data.dataset.clone());
            }
            for (name, input) in &data.inputs {
                bind.emit((name.clone(), input.clone(), None));
            }
            handle.set(None);
        }
    });
}

fn guarded(h: &DataHandles<'_>, path: Option<String>) -> Guarded {
    let open_dataset = {
        let recipe = h.recipe.clone();
        let open_dataset = h.open_dataset.clone();
        Callback::from(move |wanted: String| {
            // Steps written for one dataset start again on another.
            let other = path.as_deref().is_some_and(|p| p != wanted);
            if other && (!recipe.steps.is_empty() || recipe.name.is_some()) {
                if !may_lose(&recipe, "Open another dataset") {
                    return;
                }
                recipe.dispatch(Edit::Open {
                    name: None,
                    version: None,
                    text: String::new(),
                });
            }
            open_dataset.emit(wanted);
        })
    };
    let open_recipe = {
        let recipe = h.recipe.clone();
        let open_recipe = h.open_recipe.clone();
        Callback::from(move |wanted: (String, Option<u32>)| {
            if may_lose(&recipe, "Open another recipe") {
                open_recipe.emit(wanted);
            }
        })
    };
    let new_recipe = {
        let recipe = h.recipe.clone();
        Callback::from(move |_: ()| {
            if may_lose(&recipe, "Start a new recipe") {
                recipe.dispatch(Edit::Open {
                    name: None,
                    version: None,
                    text: String::new(),
                });
            }
        })
    };
    Guarded {
        open_dataset,
        open_recipe,
        new_recipe,
    }
}
