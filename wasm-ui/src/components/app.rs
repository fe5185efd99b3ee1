//! The app: which dataset is open (the working set), the recipe being edited, and what
//! runs when either changes. Every step's table is kept (by the steps' text up to it), so
//! an edit runs only the steps from the first one it changed; the step typed in the
//! command line or written by a menu is previewed on the table the grid shows.

use super::column_menu::ColumnMenu;
use super::command_line::CommandLine;
use super::datasets::{size, Datasets};
use super::grid::Grid;
use super::inputs_panel::InputsPanel;
use super::pipeline::{
    compute, is_header, local_source, now, preview, warm_up, Cache, Candidate, Source, View,
};
use super::recipe_panel::RecipePanel;
use super::selection_bar::SelectionBar;
use crate::engine::memo::Memo;
use crate::engine::profile::Selection;
use crate::engine::{files, Runner, Table};
use crate::services::api::{self, query_param};
use crate::services::types::{DatasetListing, RecipeSummary};
use crate::state::inputs::named_inputs;
use crate::state::{BoundInputs, Edit, RecipeState};
use crate::steps::menu;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::platform::spawn_local;
use yew::prelude::*;

/// A name of the recipe read from a dataset.
pub struct Bind {
    name: String,
    path: String,
    table: Table,
}

impl Reducible for BoundInputs {
    type Action = Bind;

    fn reduce(self: Rc<Self>, b: Bind) -> Rc<Self> {
        Rc::new(self.bind(&b.name, &b.path, b.table))
    }
}

/// A dataset of the store read whole (up to the most a working set holds) for a name.
async fn read_input(path: &str) -> Result<Table, String> {
    let set = api::working_set(path, 1_000_000, None).await?;
    files::from_ipc(&set.bytes)
}

impl Reducible for RecipeState {
    type Action = Edit;

    fn reduce(self: Rc<Self>, action: Edit) -> Rc<Self> {
        self.apply(action)
    }
}

/// Rows a working set has unless the analyst picks another size.
const DEFAULT_ROWS: usize = 20_000;
const SIZES: &[usize] = &[1_000, 10_000, 20_000, 100_000];

#[derive(Clone, PartialEq)]
enum Notice {
    Info(String),
    Error(String),
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

#[component]
pub fn App() -> Html {
    let recipe = use_reducer(RecipeState::new);
    let source = use_state(|| None::<Source>);
    let listing = use_state(DatasetListing::default);
    let recipes = use_state(Vec::<RecipeSummary>::new);
    let versions = use_state(Vec::<u32>::new);
    let inputs = use_reducer(BoundInputs::default);
    let view = use_state(View::default);
    let candidate = use_state(|| None::<Candidate>);
    let command = use_state(String::new);
    let editing = use_state(|| None::<usize>);
    let selection = use_state(|| None::<Selection>);
    let menu_for = use_state(|| None::<String>);
    let notice = use_state(|| None::<Notice>);
    let rows_cap = use_state(|| {
        query_param("rows")
            .and_then(|r| r.parse().ok())
            .unwrap_or(DEFAULT_ROWS)
    });
    let loading = use_state(|| None::<String>);
    let first_grid_ms = use_state(|| None::<f64>);
    let runner: Rc<Runner> = use_memo((), |_| Runner::new());
    let memo: Rc<Memo> = use_memo((), |_| Memo::default());
    let warmed = use_mut_ref(|| false);
    let cache: Cache = use_mut_ref(HashMap::new);
    let generation = use_mut_ref(|| 0u64);
    let preview_generation = use_mut_ref(|| 0u64);
    // The working set is read with the recipe's leading `header row N`, as batch runs are.
    let wanted_header = use_mut_ref(|| None::<u64>);
    // Counts the datasets asked for: an answer for one asked for earlier is dropped.
    let loads = use_mut_ref(|| 0u64);
    *wanted_header.borrow_mut() = recipe.header_row();

    let fail = {
        let notice = notice.clone();
        move |message: String| notice.set(Some(Notice::Error(message)))
    };

    // The store's root, the saved recipes, and a dataset named in the address.
    let refresh_listing = {
        let listing = listing.clone();
        let fail = fail.clone();
        Callback::from(move |prefix: String| {
            let listing = listing.clone();
            let fail = fail.clone();
            spawn_local(async move {
                match api::list_datasets(&prefix).await {
                    Ok(l) => listing.set(l),
                    Err(e) => fail(e),
                }
            });
        })
    };
    let refresh_recipes = {
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

    // Another working set: a new generation (the step outcomes of the one before are
    // dropped), nothing selected, no notice.
    let show_source = {
        let source = source.clone();
        let generation = generation.clone();
        let cache = cache.clone();
        let selection = selection.clone();
        let notice = notice.clone();
        Callback::from(move |mut next: Source| {
            *generation.borrow_mut() += 1;
            cache.borrow_mut().clear();
            selection.set(None);
            notice.set(None);
            next.generation = *generation.borrow();
            source.set(Some(next));
        })
    };

    let open_dataset = {
        let show_source = show_source.clone();
        let loading = loading.clone();
        let fail = fail.clone();
        let rows_cap = rows_cap.clone();
        let first_grid_ms = first_grid_ms.clone();
        let wanted_header = wanted_header.clone();
        let loads = loads.clone();
        Callback::from(move |path: String| {
            let header_row = *wanted_header.borrow();
            // Only the dataset opened last is shown, whichever answer comes first.
            *loads.borrow_mut() += 1;
            let this_load = *loads.borrow();
            let loads = loads.clone();
            let show_source = show_source.clone();
            let loading = loading.clone();
            let fail = fail.clone();
            let rows = *rows_cap;
            let first_grid_ms = first_grid_ms.clone();
            loading.set(Some(format!("Loading {path}…")));
            let started = now();
            spawn_local(async move {
                let loaded = api::working_set(&path, rows, header_row)
                    .await
                    .and_then(|set| files::from_ipc(&set.bytes).map(|table| (set, table)));
                if *loads.borrow() != this_load {
                    return;
                }
                loading.set(None);
                match loaded {
                    Ok((set, table)) => {
                        show_source.emit(Source {
                            label: path.clone(),
                            path: Some(path),
                            total: set.total_rows,
                            bytes: set.size,
                            local: None,
                            header_row,
                            table,
                            generation: 0,
                        });
                        if first_grid_ms.is_none() {
                            first_grid_ms.set(Some(now() - started));
                        }
                    }
                    Err(e) => fail(e),
                }
            });
        })
    };

    {
        let refresh_listing = refresh_listing.clone();
        let refresh_recipes = refresh_recipes.clone();
        let open_dataset = open_dataset.clone();
        use_effect_with((), move |_| {
            let dataset = query_param("dataset");
            let folder = dataset
                .as_deref()
                .and_then(|d| d.rsplit_once('/').map(|(f, _)| f.to_string()))
                .unwrap_or_default();
            refresh_listing.emit(folder);
            refresh_recipes.emit(());
            if let Some(d) = dataset {
                open_dataset.emit(d);
            }
        });
    }

    // Keyboard: undo and redo anywhere but in a text field (which has its own).
    {
        let recipe = recipe.dispatcher();
        use_effect_with((), move |_| {
            let listener =
                Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(move |e: web_sys::KeyboardEvent| {
                    let in_field = e
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                        .is_some_and(|el| {
                            matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
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
            let document = web_sys::window().and_then(|w| w.document());
            if let Some(d) = &document {
                let _ = d
                    .add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
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

    // A name the recipe reads (joins, lookups, unions) is read from a dataset of the store;
    // at first from the dataset of that file name in the folder shown.
    let bind_input = {
        let inputs = inputs.clone();
        let fail = fail.clone();
        Callback::from(
            move |(name, path, then): (String, String, Option<Callback<Table>>)| {
                let dispatch = inputs.dispatcher();
                let fail = fail.clone();
                spawn_local(async move {
                    match read_input(&path).await {
                        Ok(table) => {
                            if let Some(then) = then {
                                then.emit(table.clone());
                            }
                            // A new version of the bindings: what steps gave before is
                            // not reused.
                            dispatch.dispatch(Bind { name, path, table });
                        }
                        Err(e) => fail(e),
                    }
                });
            },
        )
    };
    let input_names = named_inputs(recipe.steps.iter().map(|s| s.text.as_str()));
    {
        let bind_input = bind_input.clone();
        let bound: Vec<String> = inputs.paths.keys().cloned().collect();
        let deps = (input_names.clone(), (*listing).clone());
        use_effect_with(deps, move |(names, listing)| {
            for name in names.iter().filter(|n| !bound.contains(n)) {
                if let Some(entry) = listing
                    .datasets
                    .iter()
                    .find(|d| menu::table_name(&d.path) == *name)
                {
                    bind_input.emit((name.clone(), entry.path.clone(), None));
                }
            }
        });
    }

    // A leading `header` step added, changed or removed: the working set is read again.
    {
        let wanted = recipe.header_row();
        let read_with = source.as_ref().map(|s| (s.generation, s.header_row));
        let source = source.clone();
        let open_dataset = open_dataset.clone();
        let show_source = show_source.clone();
        let fail = fail.clone();
        let rows = *rows_cap;
        use_effect_with((wanted, read_with), move |(wanted, read_with)| {
            let Some(current) = (*source).clone() else {
                return;
            };
            if read_with.is_none_or(|(_, h)| h == *wanted) {
                return;
            }
            if let Some(path) = current.path.clone() {
                open_dataset.emit(path);
            } else if let Some(bytes) = current.local.clone() {
                match local_source(current.label.clone(), bytes, rows, *wanted) {
                    Ok(local) => show_source.emit(local),
                    Err(e) => fail(e),
                }
            }
        });
    }

    // Every step applied, whenever the working set, the steps or the step shown change.
    {
        let view = view.clone();
        let runner = runner.clone();
        let memo = memo.clone();
        let cache = cache.clone();
        let warmed = warmed.clone();
        let steps = recipe.steps.clone();
        let shown = recipe.shown();
        let deps = ((*source).clone(), steps, shown, (*inputs).clone());
        use_effect_with(deps, move |(source, steps, shown, inputs)| {
            if let Some(source) = source.clone() {
                let (steps, shown, inputs) = (steps.clone(), *shown, inputs.clone());
                let warm = !warmed.replace(true);
                let sample = source.table.clone();
                spawn_local(async move {
                    let computed =
                        compute(runner.clone(), memo, cache, source, steps, shown, inputs).await;
                    view.set(computed);
                    if warm {
                        // After the first grid is drawn, so the first preview is as quick
                        // as the ones after it.
                        spawn_local(async move { warm_up(&runner, &sample).await });
                    }
                });
            }
        });
    }

    // The step in the command line, previewed on the table shown.
    {
        let candidate = candidate.clone();
        let runner = runner.clone();
        let memo = memo.clone();
        let preview_generation = preview_generation.clone();
        let deps = (
            (*command).clone(),
            view.table.clone(),
            (*inputs).clone(),
            *editing,
        );
        let source = source.clone();
        use_effect_with(deps, move |(text, shown, inputs, editing)| {
            *preview_generation.borrow_mut() += 1;
            let this = *preview_generation.borrow();
            // Editing step N previews it on the table before step N.
            let before = match editing {
                Some(at) => {
                    let view_before = if *at == 0 {
                        source.as_ref().map(|s| s.table.clone())
                    } else {
                        None
                    };
                    view_before.or_else(|| shown.clone())
                }
                None => shown.clone(),
            };
            match before {
                Some(before) if !text.trim().is_empty() => {
                    let (text, inputs) = (text.clone(), inputs.clone());
                    spawn_local(async move {
                        let c = preview(runner, memo, before, text, inputs).await;
                        if *preview_generation.borrow() == this {
                            candidate.set(Some(c));
                        }
                    });
                }
                _ => candidate.set(None),
            }
        });
    }

    let on_command = {
        let command = command.clone();
        Callback::from(move |text: String| command.set(text))
    };
    let clear_command = {
        let command = command.clone();
        let editing = editing.clone();
        let candidate = candidate.clone();
        move || {
            command.set(String::new());
            editing.set(None);
            candidate.set(None);
        }
    };
    let on_submit = {
        let recipe = recipe.clone();
        let editing = editing.clone();
        let clear_command = clear_command.clone();
        let candidate = candidate.clone();
        let selection = selection.clone();
        Callback::from(move |text: String| {
            let text = text.trim().to_string();
            if text.is_empty() {
                return;
            }
            if candidate
                .as_ref()
                .is_some_and(|c| c.text.trim() == text && c.problems.iter().any(|p| p.is_error))
            {
                return;
            }
            match *editing {
                Some(at) => recipe.dispatch(Edit::Replace { at, text }),
                // `header` says how the dataset is read: it is always the first step.
                None if is_header(&text) => recipe.dispatch(Edit::Insert { at: 0, text }),
                None => recipe.dispatch(Edit::Insert {
                    at: recipe.insertion_point(),
                    text,
                }),
            }
            // The rows selected were those of the table before the step.
            selection.set(None);
            clear_command();
        })
    };
    let on_cancel = {
        let clear_command = clear_command.clone();
        Callback::from(move |_: ()| clear_command())
    };
    let write_step = {
        let command = command.clone();
        let menu_for = menu_for.clone();
        let editing = editing.clone();
        Callback::from(move |text: String| {
            menu_for.set(None);
            editing.set(None);
            command.set(text);
            if let Some(input) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("command"))
                .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                let _ = input.focus();
            }
        })
    };
    let on_join = {
        let write_step = write_step.clone();
        let bind_input = bind_input.clone();
        Callback::from(move |(path, column): (String, String)| {
            let name = menu::table_name(&path);
            let write_step = write_step.clone();
            let step_for = name.clone();
            // Once the dataset is read, the join is written on the column of that name.
            let then = Callback::from(move |table: Table| {
                let names = table.column_names();
                let right = names
                    .iter()
                    .find(|n| **n == column)
                    .or_else(|| names.first())
                    .cloned()
                    .unwrap_or_default();
                write_step.emit(menu::join(&step_for, &column, &right, "left"));
            });
            bind_input.emit((name, path, Some(then)));
        })
    };
    let on_bind = {
        let bind_input = bind_input.clone();
        Callback::from(move |(name, path): (String, String)| bind_input.emit((name, path, None)))
    };
    let on_edit = {
        let recipe = recipe.clone();
        let clear_command = clear_command.clone();
        Callback::from(move |e: Edit| {
            if !matches!(e, Edit::Select(_)) {
                clear_command();
            }
            recipe.dispatch(e)
        })
    };
    let on_begin_edit = {
        let recipe = recipe.clone();
        let command = command.clone();
        let editing = editing.clone();
        Callback::from(move |at: usize| {
            if let Some(step) = recipe.steps.get(at) {
                // The data shown is the table before the step being edited.
                recipe.dispatch(Edit::Select(at.checked_sub(1)));
                editing.set(Some(at));
                command.set(step.text.clone());
            }
        })
    };
    let on_save = {
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
                    Err(e) => fail(e),
                }
            });
        })
    };
    let open_recipe = {
        let recipe = recipe.clone();
        let versions = versions.clone();
        let fail = fail.clone();
        let clear_command = clear_command.clone();
        move |name: String, version: Option<u32>| {
            let recipe = recipe.clone();
            let versions = versions.clone();
            let fail = fail.clone();
            clear_command();
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
                    Err(e) => fail(e),
                }
            });
        }
    };
    let on_open_recipe = {
        let open_recipe = open_recipe.clone();
        Callback::from(move |name: String| open_recipe(name, None))
    };
    let on_open_version = {
        let open_recipe = open_recipe.clone();
        let recipe = recipe.clone();
        Callback::from(move |v: u32| {
            if let Some(name) = recipe.name.clone() {
                open_recipe(name, Some(v))
            }
        })
    };
    let on_download = {
        let recipe = recipe.clone();
        let fail = fail.clone();
        Callback::from(move |_: ()| {
            let name = recipe.name.clone().unwrap_or_else(|| "recipe".into());
            if let Err(e) = download(&name, &recipe.text()) {
                fail(e);
            }
        })
    };
    let on_file = {
        let show_source = show_source.clone();
        let rows_cap = rows_cap.clone();
        let fail = fail.clone();
        let loading = loading.clone();
        let wanted_header = wanted_header.clone();
        let loads = loads.clone();
        Callback::from(move |file: web_sys::File| {
            let wanted_header = wanted_header.clone();
            // A local file opened after a dataset was asked for wins over it.
            *loads.borrow_mut() += 1;
            let show_source = show_source.clone();
            let rows = *rows_cap;
            let fail = fail.clone();
            let loading = loading.clone();
            let name = file.name();
            loading.set(Some(format!("Reading {name}…")));
            spawn_local(async move {
                let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await;
                loading.set(None);
                let bytes = match buffer {
                    Ok(b) => js_sys::Uint8Array::new(&b).to_vec(),
                    Err(_) => return fail(format!("{name} could not be read")),
                };
                let header_row = *wanted_header.borrow();
                match local_source(name, Rc::new(bytes), rows, header_row) {
                    Ok(local) => show_source.emit(local),
                    Err(e) => fail(e),
                }
            });
        })
    };
    let upload = {
        let source = source.clone();
        let notice = notice.clone();
        let fail = fail.clone();
        let refresh_listing = refresh_listing.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(s) = (*source).clone() else { return };
            let Some(bytes) = s.local.clone() else { return };
            let source = source.clone();
            let notice = notice.clone();
            let fail = fail.clone();
            let refresh_listing = refresh_listing.clone();
            spawn_local(async move {
                let path = format!("uploads/{}", s.label);
                match api::upload(&path, &bytes).await {
                    Ok(_) => {
                        notice.set(Some(Notice::Info(format!(
                            "Uploaded to {path}: batch runs can read it there."
                        ))));
                        source.set(Some(Source {
                            path: Some(path.clone()),
                            label: path,
                            local: None,
                            ..s
                        }));
                        refresh_listing.emit("uploads".into());
                    }
                    Err(e) => fail(e),
                }
            });
        })
    };
    let on_size = {
        let rows_cap = rows_cap.clone();
        let source = source.clone();
        let open_dataset = open_dataset.clone();
        Callback::from(move |e: Event| {
            if let Some(el) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                if let Ok(n) = el.value().parse::<usize>() {
                    rows_cap.set(n);
                    if let Some(path) = source.as_ref().and_then(|s| s.path.clone()) {
                        let open = open_dataset.clone();
                        // The new size takes effect with the next render's state.
                        spawn_local(async move { open.emit(path) });
                    }
                }
            }
        })
    };
    let on_pick = {
        let selection = selection.clone();
        Callback::from(move |s: Selection| {
            if selection.as_ref() == Some(&s) {
                selection.set(None)
            } else {
                selection.set(Some(s))
            }
        })
    };
    let on_menu = {
        let menu_for = menu_for.clone();
        Callback::from(move |c: String| menu_for.set(Some(c)))
    };
    let close_menu = {
        let menu_for = menu_for.clone();
        Callback::from(move |_: ()| menu_for.set(None))
    };
    let clear_selection = {
        let selection = selection.clone();
        Callback::from(move |_: ()| selection.set(None))
    };
    let navigate = refresh_listing.clone();
    let dismiss = {
        let notice = notice.clone();
        Callback::from(move |_: MouseEvent| notice.set(None))
    };

    // What the grid shows: the previewed step, or the step shown.
    let previewing = candidate
        .as_ref()
        .and_then(|c| c.table.as_ref().map(|t| (c, t)));
    let (grid_table, grid_profiles, grid_change, removing) = match previewing {
        Some((c, t)) => (
            Some(t.clone()),
            c.profiles.clone(),
            c.change.clone(),
            c.removing,
        ),
        None => (
            view.table.clone(),
            view.profiles.clone(),
            view.change.clone(),
            false,
        ),
    };
    let selected_rows = match (&*selection, &grid_table) {
        (Some(sel), Some(table)) => grid_profiles
            .iter()
            .find(|p| p.name == sel.column)
            .map(|p| Rc::new(sel.rows(table, p))),
        _ => None,
    };
    let selection_condition = selection.as_ref().and_then(|sel| {
        let p = grid_profiles.iter().find(|p| p.name == sel.column)?;
        Some(sel.condition(p.looks_like, p.type_name == "boolean"))
    });
    let columns = view
        .table
        .as_ref()
        .map(Table::column_names)
        .unwrap_or_default();
    let preview_ms = candidate.as_ref().map(|c| c.millis).unwrap_or(view.millis);
    let status = source.as_ref().map(|s| {
        let loaded = s.table.num_rows();
        let of = match s.total {
            Some(t) if t as usize == loaded => format!("all {loaded} rows"),
            Some(t) => format!("the first {loaded} of {t} rows"),
            None => format!("the first {loaded} rows of {}", size(s.bytes)),
        };
        of
    });

    html! {
        <div class="app">
            <header class="top">
                <h1>{ "Wrangle" }</h1>
                if let Some(s) = source.as_ref() {
                    <span class="dataset-name" data-testid="dataset-name">{ &s.label }</span>
                    <span class="rows" data-testid="rows-loaded">{ status.clone().unwrap_or_default() }</span>
                    if s.local.is_some() {
                        <button onclick={upload} data-testid="upload">{ "Upload to the store" }</button>
                    }
                }
                <label class="size-picker">{ "working set " }
                    <select onchange={on_size}>
                        { for SIZES.iter().map(|n| html! {
                            <option value={n.to_string()} selected={*n == *rows_cap}>{ format!("{n} rows") }</option>
                        }) }
                    </select>
                </label>
                <span class="timing" id="timing"
                    data-first-grid-ms={first_grid_ms.map(|t| format!("{t:.1}")).unwrap_or_default()}
                    data-preview-ms={format!("{preview_ms:.1}")}
                    data-preview-text={candidate.as_ref().map(|c| c.text.clone()).unwrap_or_default()}>
                    { format!("step preview {preview_ms:.0} ms") }
                </span>
            </header>
            if let Some(n) = notice.as_ref() {
                <div class={classes!("notice", matches!(n, Notice::Error(_)).then_some("error"))} data-testid="notice" onclick={dismiss}>
                    { match n { Notice::Info(m) | Notice::Error(m) => m.clone() } }
                </div>
            }
            <div class="main">
                <Datasets listing={(*listing).clone()} recipes={(*recipes).clone()}
                    open={source.as_ref().and_then(|s| s.path.clone())}
                    on_navigate={navigate} on_open={open_dataset.clone()}
                    on_open_recipe={on_open_recipe} on_file={on_file} />
                <section class="work">
                    if let Some(l) = loading.as_ref() {
                        <div class="loading">{ l }</div>
                    }
                    if let (Some(cond), Some(rows)) = (selection_condition, selected_rows.as_ref()) {
                        <SelectionBar condition={cond} rows={rows.iter().filter(|r| **r).count()}
                            on_step={write_step.clone()} on_clear={clear_selection} />
                    }
                    if let Some(table) = grid_table {
                        <Grid table={table} profiles={grid_profiles} change={grid_change} removing={removing}
                            selected_rows={selected_rows.clone()} selection={(*selection).clone()}
                            on_pick={on_pick} on_menu={on_menu} />
                    } else if source.is_none() {
                        <div class="welcome">
                            <h2>{ "Open a dataset" }</h2>
                            <p>{ "Pick one from the store on the left (the demo folder has the 2013 New York flights), or drop a file." }</p>
                        </div>
                    }
                    <CommandLine value={(*command).clone()} columns={columns}
                        problems={candidate.as_ref().map(|c| c.problems.clone()).unwrap_or_default()}
                        summary={candidate.as_ref().and_then(|c| c.change.as_ref().map(|ch| ch.summary()))}
                        editing={editing.map(|i| i + 1)}
                        on_change={on_command} on_submit={on_submit} on_cancel={on_cancel} />
                </section>
                <RecipePanel steps={recipe.steps.clone()} shown={recipe.shown()}
                    errors={view.errors.clone()} rows={view.rows.clone()} broken={view.broken.clone()}
                    editing={*editing} text={recipe.text()}
                    name={recipe.name.clone()} version={recipe.version} versions={(*versions).clone()}
                    dirty={recipe.dirty} can_undo={recipe.can_undo()} can_redo={recipe.can_redo()}
                    on_edit={on_edit} on_begin_edit={on_begin_edit} on_save={on_save}
                    on_open_version={on_open_version} on_download={on_download}>
                    <InputsPanel names={input_names} paths={inputs.paths.clone()}
                        datasets={listing.datasets.clone()} on_bind={on_bind} />
                </RecipePanel>
            </div>
            if let Some(column) = menu_for.as_ref() {
                <ColumnMenu column={column.clone()}
                    datasets={listing.datasets.iter().filter(|d| Some(&d.path) != source.as_ref().and_then(|s| s.path.as_ref())).cloned().collect::<Vec<_>>()}
                    on_step={write_step.clone()} on_join={on_join} on_close={close_menu} />
            }
        </div>
    }
}
