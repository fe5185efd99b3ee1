//! The recipe being edited and the store's saved recipes: listing them, saving a version,
//! opening one (or one of its versions), and downloading the recipe as a file.

use super::Notice;
use crate::services::api;
use crate::services::types::{RecipeData, RecipeSummary};
use crate::state::{Edit, RecipeState};
use std::cell::RefCell;
use std::rc::Rc;
use yew::platform::spawn_local;
use yew::prelude::*;

impl Reducible for RecipeState {
    type Action = Edit;

    fn reduce(self: Rc<Self>, action: Edit) -> Rc<Self> {
        self.apply(action)
    }
}

/// The recipe edited, the saved recipes and versions, and what reads and writes them.
pub(super) struct RecipeStore {
    pub(super) recipe: UseReducerHandle<RecipeState>,
    pub(super) recipes: UseStateHandle<Vec<RecipeSummary>>,
    pub(super) versions: UseStateHandle<Vec<u32>>,
    /// Lists the saved recipes again.
    pub(super) refresh: Callback<()>,
    pub(super) save: Callback<String>,
    /// Opens a saved recipe by name, its latest version unless one is given.
    pub(super) open: Callback<(String, Option<u32>)>,
    pub(super) download: Callback<()>,
    /// The data the recipe is written on now (the dataset open, the inputs bound): saved
    /// with each version. The page keeps it up to date.
    pub(super) data: Rc<RefCell<Option<RecipeData>>>,
    /// The data of the recipe opened last, for the page to open (taken once).
    pub(super) opened_with: UseStateHandle<Option<RecipeData>>,
}

#[hook]
pub(super) fn use_recipe_store(
    notice: &UseStateHandle<Option<Notice>>,
    fail: &Callback<String>,
) -> RecipeStore {
    let recipe = use_reducer(RecipeState::new);
    let recipes = use_state(Vec::<RecipeSummary>::new);
    let versions = use_state(Vec::<u32>::new);
    let data = use_mut_ref(|| None::<RecipeData>);
    let opened_with = use_state(|| None::<RecipeData>);

    let refresh = {
        let recipes = recipes.clone();
        Callback::from(move |_: ()| {
            let recipes = recipes.clone();
            spawn_local(async move {
                if let Ok(r) = api::list_recipes().await {
                    recipes.set(r);
                }
            });
        })
    };
    let save = save_recipe(&recipe, notice, &versions, &refresh, fail, &data);
    let open = {
        let recipe = recipe.clone();
        let versions = versions.clone();
        let fail = fail.clone();
        let opened_with = opened_with.clone();
        Callback::from(move |(name, version): (String, Option<u32>)| {
            let recipe = recipe.clone();
            let versions = versions.clone();
            let fail = fail.clone();
            let opened_with = opened_with.clone();
            spawn_local(async move {
                match api::read_recipe(&name, version).await {
                    Ok(r) => {
                        versions.set(r.versions.clone());
                        opened_with.set(r.data.clone());
                        recipe.dispatch(Edit::Open {
                            name: Some(r.name),
                            version: Some(r.version),
                            text: r.text,
                        });
                    }
                    Err(e) => fail.emit(e),
                }
            });
        })
    };
    let download = {
        let recipe = recipe.clone();
        let fail = fail.clone();
        Callback::from(move |_: ()| {
            let name = recipe.name.clone().unwrap_or_else(|| "recipe".into());
            if let Err(e) = download(&name, &recipe.text()) {
                fail.emit(e);
            }
        })
    };
    RecipeStore {
        recipe,
        recipes,
        versions,
        refresh,
        save,
        open,
        download,
        data,
        opened_with,
    }
}

/// Saves the recipe under a name as its next version, and says so.
fn save_recipe(
    recipe: &UseReducerHandle<RecipeState>,
    notice: &UseStateHandle<Option<Notice>>,
    versions: &UseStateHandle<Vec<u32>>,
    refresh_recipes: &Callback<()>,
    fail: &Callback<String>,
    data: &Rc<RefCell<Option<RecipeData>>>,
) -> Callback<String> {
    let data = data.clone();
    let recipe = recipe.clone();
    let notice = notice.clone();
    let versions = versions.clone();
    let refresh_recipes = refresh_recipes.clone();
    let fail = fail.clone();
    Callback::from(move |name: String| {
        let name = name.trim().to_string();
        if name.is_empty() {
            notice.set(Some(Notice::Error("Name the recipe to save it.".into())));
            return;
        }
        let text = recipe.text();
        let written_on = data.borrow().clone();
        let recipe = recipe.clone();
        let notice = notice.clone();
        let versions = versions.clone();
        let refresh_recipes = refresh_recipes.clone();
        let fail = fail.clone();
        spawn_local(async move {
            match api::save_recipe(&name, &text, written_on).await {
                Ok(saved) => {
                    notice.set(Some(Notice::Info(format!(
                        "Saved {} as version {} ({}).",
                        saved.name, saved.version, saved.path
                    ))));
                    versions.set(saved.versions.clone());
                    recipe.dispatch(Edit::Saved {
                        name: saved.name,
                        version: saved.version,
                    });
                    refresh_recipes.emit(());
                }
                Err(e) => fail.emit(e),
            }
        });
    })
}

fn download(name: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/plain");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "the file could not be made")?;
    crate::services::save_file::save(&format!("{name}.wrangle"), &blob)
}
