//! The recipe being edited and the store's saved recipes: listing them, saving a version,
//! opening one (or one of its versions), and downloading the recipe as a file.

use super::Notice;
use crate::services::api;
use crate::services::types::RecipeSummary;
use crate::state::{Edit, RecipeState};
use std::rc::Rc;
use wasm_bindgen::JsCast;
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
}

#[hook]
pub(super) fn use_recipe_store(
    notice: &UseStateHandle<Option<Notice>>,
    fail: &Callback<String>,
) -> RecipeStore {
    let recipe = use_reducer(RecipeState::new);
    let recipes = use_state(Vec::<RecipeSummary>::new);
    let versions = use_state(Vec::<u32>::new);

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
    let save = save_recipe(&recipe, notice, &versions, &refresh, fail);
    let open = {
        let recipe = recipe.clone();
        let versions = versions.clone();
        let fail = fail.clone();
        Callback::from(move |(name, version): (String, Option<u32>)| {
            let recipe = recipe.clone();
            let versions = versions.clone();
            let fail = fail.clone();
            spawn_local(async move {
                match api::read_recipe(&name, version).await {
                    Ok(r) => {
                        versions.set(r.versions.clone());
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
    }
}

/// Saves the recipe under a name as its next version, and says so.
fn save_recipe(
    recipe: &UseReducerHandle<RecipeState>,
    notice: &UseStateHandle<Option<Notice>>,
    versions: &UseStateHandle<Vec<u32>>,
    refresh_recipes: &Callback<()>,
    fail: &Callback<String>,
) -> Callback<String> {
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
        let recipe = recipe.clone();
        let notice = notice.clone();
        let versions = versions.clone();
        let refresh_recipes = refresh_recipes.clone();
        let fail = fail.clone();
        spawn_local(async move {
            match api::save_recipe(&name, &text).await {
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
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "no object URL")?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "no anchor")?
        .dyn_into()
        .map_err(|_| "no anchor")?;
    a.set_href(&url);
    a.set_download(&format!("{name}.wrangle"));
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}
