//! Back and forward: the browser's history holds one entry per dataset or recipe opened
//! (see `services::address`); going back opens what that entry names, asking first when
//! unsaved steps would be lost.

use super::use_recipe_data::Guarded;
use crate::services::address::{self, Address};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// What is open and how to open another, as of the last render.
struct Latest {
    open: Address,
    open_dataset: Callback<String>,
    open_recipe: Callback<(String, Option<u32>)>,
    new_recipe: Callback<()>,
}

/// What to do when the address changes from `open` to `wanted` (one move: a recipe brings
/// its dataset, and another dataset starts a new recipe).
#[derive(Debug, PartialEq)]
enum Move {
    Recipe(String, Option<u32>),
    Dataset(String),
    NewRecipe,
}

fn moves(open: &Address, wanted: &Address) -> Option<Move> {
    let other_dataset = wanted
        .dataset
        .as_ref()
        .filter(|d| open.dataset.as_ref() != Some(*d));
    match (&wanted.recipe, other_dataset) {
        // A recipe opens with its own dataset.
        (Some(name), _) if open.recipe.as_ref() != Some(name) || open.version != wanted.version => {
            Some(Move::Recipe(name.clone(), wanted.version))
        }
        // The recipe open stays: its dataset is its own (and may still be on its way, as
        // right after a reload).
        (Some(_), _) => None,
        // Another dataset starts a new recipe itself.
        (_, Some(dataset)) => Some(Move::Dataset(dataset.clone())),
        (None, None) if open.recipe.is_some() => Some(Move::NewRecipe),
        _ => None,
    }
}

#[hook]
pub(super) fn use_back_forward(open: Address, guarded: &Guarded) {
    let latest = use_mut_ref(|| None::<Latest>);
    *latest.borrow_mut() = Some(Latest {
        open,
        open_dataset: guarded.open_dataset.clone(),
        open_recipe: guarded.open_recipe.clone(),
        new_recipe: guarded.new_recipe.clone(),
    });
    use_effect_with((), move |_| listen(latest));
}

fn listen(latest: Rc<RefCell<Option<Latest>>>) -> impl FnOnce() {
    let listener = Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| {
        let latest = latest.borrow();
        let Some(l) = latest.as_ref() else { return };
        let wanted = address::current();
        let step = moves(&l.open, &wanted);
        if step.is_some() {
            address::going_to(wanted);
        }
        match step {
            Some(Move::Recipe(name, version)) => l.open_recipe.emit((name, version)),
            Some(Move::Dataset(path)) => l.open_dataset.emit(path),
            Some(Move::NewRecipe) => l.new_recipe.emit(()),
            None => {}
        }
    });
    let window = web_sys::window();
    if let Some(w) = &window {
        let _ = w.add_event_listener_with_callback("popstate", listener.as_ref().unchecked_ref());
    }
    move || {
        if let Some(w) = window {
            let _ = w
                .remove_event_listener_with_callback("popstate", listener.as_ref().unchecked_ref());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(dataset: Option<&str>, recipe: Option<&str>, version: Option<u32>) -> Address {
        Address {
            dataset: dataset.map(String::from),
            recipe: recipe.map(String::from),
            version,
        }
    }

    #[test]
    fn another_recipe_opens_with_its_own_dataset() {
        let open = at(Some("a.csv"), Some("r"), Some(2));
        let wanted = at(Some("b.csv"), Some("s"), Some(1));
        assert_eq!(
            moves(&open, &wanted),
            Some(Move::Recipe("s".into(), Some(1)))
        );
        let older = at(Some("a.csv"), Some("r"), Some(1));
        assert_eq!(
            moves(&open, &older),
            Some(Move::Recipe("r".into(), Some(1)))
        );
    }

    #[test]
    fn back_to_a_dataset_without_a_recipe_starts_a_new_one() {
        let open = at(Some("a.csv"), Some("r"), Some(2));
        assert_eq!(
            moves(&open, &at(Some("a.csv"), None, None)),
            Some(Move::NewRecipe)
        );
        // Another dataset starts a new recipe as it opens.
        assert_eq!(
            moves(&open, &at(Some("b.csv"), None, None)),
            Some(Move::Dataset("b.csv".into()))
        );
        let dataset_only = at(Some("a.csv"), None, None);
        assert_eq!(
            moves(&dataset_only, &at(Some("b.csv"), None, None)),
            Some(Move::Dataset("b.csv".into()))
        );
        assert_eq!(moves(&dataset_only, &dataset_only), None);
    }

    #[test]
    fn the_recipe_open_while_its_dataset_is_still_on_its_way_stays() {
        // Right after a reload the recipe is open and its dataset not yet: back to an entry
        // naming both is no move (not another dataset, which would start a new recipe).
        let loading = at(None, Some("r"), Some(1));
        assert_eq!(
            moves(&loading, &at(Some("a.csv"), Some("r"), Some(1))),
            None
        );
        let open = at(Some("a.csv"), Some("r"), Some(1));
        assert_eq!(moves(&open, &at(Some("a.csv"), Some("r"), Some(1))), None);
    }
}
