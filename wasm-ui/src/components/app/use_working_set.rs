//! The working set: the dataset open (read from the store or from a local file, up to the
//! rows picked, with the recipe's leading `header row N` as batch runs read it), the
//! store's folder listed, and the datasets bound to the names the recipe reads.

use super::use_inputs::{use_inputs, Inputs};
use super::Notice;
use crate::engine::files;
use crate::engine::profile::Selection;
use crate::services::api::{self, query_param};
use crate::services::sleep::sleep;
use crate::services::types::{CollectedSample, DatasetListing, SampleProgress};
use crate::state::pipeline::{local_source, now, Cache, Source};
use crate::state::{RecipeState, SampleChoice};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;
use yew::platform::spawn_local;
use yew::prelude::*;

/// Rows a working set has unless the analyst picks another size.
const DEFAULT_ROWS: usize = 20_000;

/// The working set's state and what opens, uploads or resizes it.
pub(super) struct WorkingSet {
    pub(super) source: UseStateHandle<Option<Source>>,
    pub(super) listing: UseStateHandle<DatasetListing>,
    pub(super) rows_cap: UseStateHandle<usize>,
    pub(super) loading: UseStateHandle<Option<String>>,
    pub(super) first_grid_ms: UseStateHandle<Option<f64>>,
    /// Every step's outcome on this working set (cleared when another is opened).
    pub(super) cache: Cache,
    pub(super) inputs: Inputs,
    /// Lists a folder of the store.
    pub(super) refresh_listing: Callback<String>,
    pub(super) open_dataset: Callback<String>,
    pub(super) on_file: Callback<web_sys::File>,
    pub(super) upload: Callback<MouseEvent>,
    pub(super) on_size: Callback<Event>,
    /// The sample picked: which rows of a dataset in the store are read.
    pub(super) sample: UseStateHandle<SampleChoice>,
    /// Another sample picked: the dataset open is read again.
    pub(super) on_sample: Callback<SampleChoice>,
    /// The sample being collected, with how far it is.
    pub(super) collecting: UseStateHandle<Option<Collection>>,
    /// Stops collecting it: the working set stays as it was.
    pub(super) cancel_sample: Callback<()>,
    /// The samples of the dataset open collected before (picked again at once).
    pub(super) collected: UseStateHandle<Vec<CollectedSample>>,
}

/// A sample the server is collecting for the app.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Collection {
    /// The name its progress is asked by.
    pub(super) name: String,
    /// The sample in words.
    pub(super) description: String,
    pub(super) progress: Option<SampleProgress>,
}

/// The handles the callbacks share.
#[derive(Clone)]
struct Handles {
    source: UseStateHandle<Option<Source>>,
    rows_cap: UseStateHandle<usize>,
    sample: UseStateHandle<SampleChoice>,
    // The sample asked for next (read when a load starts, whichever render made it).
    wanted_sample: Rc<RefCell<SampleChoice>>,
    loading: UseStateHandle<Option<String>>,
    first_grid_ms: UseStateHandle<Option<f64>>,
    notice: UseStateHandle<Option<Notice>>,
    fail: Callback<String>,
    // The working set is read with the recipe's leading `header row N`, as batch runs are.
    wanted_header: Rc<RefCell<Option<u64>>>,
    // Counts the datasets asked for: an answer for one asked for earlier is dropped.
    loads: Rc<RefCell<u64>>,
    // The steps up to the one shown, and the inputs bound: what an anomaly sample follows.
    wanted_steps: Rc<RefCell<(String, BTreeMap<String, String>)>>,
    // The sample the working set shown holds (picked again when another fails).
    shown_sample: Rc<RefCell<SampleChoice>>,
    collecting: UseStateHandle<Option<Collection>>,
    collected: UseStateHandle<Vec<CollectedSample>>,
}

#[hook]
pub(super) fn use_working_set(
    recipe: &UseReducerHandle<RecipeState>,
    notice: &UseStateHandle<Option<Notice>>,
    selection: &UseStateHandle<Option<Selection>>,
    fail: &Callback<String>,
    refresh_recipes: &Callback<()>,
) -> WorkingSet {
    let source = use_state(|| None::<Source>);
    let listing = use_state(DatasetListing::default);
    let rows_cap = use_state(|| {
        query_param("rows")
            .and_then(|r| r.parse().ok())
            .unwrap_or(DEFAULT_ROWS)
    });
    let sample = use_state(|| SampleChoice::First);
    let wanted_sample = use_mut_ref(|| SampleChoice::First);
    let loading = use_state(|| None::<String>);
    let first_grid_ms = use_state(|| None::<f64>);
    let cache: Cache = use_mut_ref(HashMap::new);
    let generation = use_mut_ref(|| 0u64);
    let wanted_header = use_mut_ref(|| None::<u64>);
    let loads = use_mut_ref(|| 0u64);
    let wanted_steps = use_mut_ref(|| (String::new(), BTreeMap::new()));
    let shown_sample = use_mut_ref(|| SampleChoice::First);
    let collecting = use_state(|| None::<Collection>);
    let collected = use_state(Vec::<CollectedSample>::new);
    *wanted_header.borrow_mut() = recipe.header_row();
    let h = Handles {
        source: source.clone(),
        rows_cap: rows_cap.clone(),
        sample: sample.clone(),
        wanted_sample: wanted_sample.clone(),
        loading: loading.clone(),
        first_grid_ms: first_grid_ms.clone(),
        notice: notice.clone(),
        fail: fail.clone(),
        wanted_header,
        loads,
        wanted_steps: wanted_steps.clone(),
        shown_sample,
        collecting: collecting.clone(),
        collected: collected.clone(),
    };

    let refresh_listing = {
        let listing = listing.clone();
        let fail = fail.clone();
        Callback::from(move |prefix: String| {
            let listing = listing.clone();
            let fail = fail.clone();
            spawn_local(async move {
                match api::list_datasets(&prefix).await {
                    Ok(l) => listing.set(l),
                    Err(e) => fail.emit(e),
                }
            });
        })
    };
    // Another working set: a new generation (the step outcomes of the one before are
    // dropped), nothing selected, no notice.
    let show_source = {
        let source = source.clone();
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
    let open_dataset = open_dataset(&h, &show_source);

    use_startup(&refresh_listing, refresh_recipes, &open_dataset);
    let inputs = use_inputs(recipe, &listing, fail);
    *wanted_steps.borrow_mut() = (recipe.steps_to_shown(), inputs.inputs.paths.clone());
    use_header_reread(recipe, &h, &open_dataset, &show_source);

    WorkingSet {
        on_file: on_file(&h, &show_source),
        upload: upload(&h, &refresh_listing),
        on_size: on_size(&h, &open_dataset),
        on_sample: on_sample(&h, &open_dataset),
        cancel_sample: cancel_sample(&collecting),
        collecting,
        collected,
        sample,
        source,
        listing,
        rows_cap,
        loading,
        first_grid_ms,
        cache,
        inputs,
        refresh_listing,
        open_dataset,
    }
}

/// The store's root, the saved recipes, and a dataset named in the address.
#[hook]
fn use_startup(
    refresh_listing: &Callback<String>,
    refresh_recipes: &Callback<()>,
    open_dataset: &Callback<String>,
) {
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

/// A leading `header` step added, changed or removed: the working set is read again.
#[hook]
fn use_header_reread(
    recipe: &UseReducerHandle<RecipeState>,
    h: &Handles,
    open_dataset: &Callback<String>,
    show_source: &Callback<Source>,
) {
    let wanted = recipe.header_row();
    let read_with = h.source.as_ref().map(|s| (s.generation, s.header_row));
    let source = h.source.clone();
    let open_dataset = open_dataset.clone();
    let show_source = show_source.clone();
    let fail = h.fail.clone();
    let rows = *h.rows_cap;
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
                Err(e) => fail.emit(e),
            }
        }
    });
}

/// Reads a dataset of the store into the working set. A sample other than the first rows
/// is followed while the server collects it; when it fails or is cancelled, the working
/// set shown stays, with its sample.
fn open_dataset(h: &Handles, show_source: &Callback<Source>) -> Callback<String> {
    let show_source = show_source.clone();
    let h = h.clone();
    Callback::from(move |path: String| {
        let header_row = *h.wanted_header.borrow();
        // Another dataset starts with its first rows (a stratified sample names a column).
        if h.source.as_ref().and_then(|s| s.path.as_deref()) != Some(path.as_str()) {
            *h.wanted_sample.borrow_mut() = SampleChoice::First;
            *h.shown_sample.borrow_mut() = SampleChoice::First;
            h.sample.set(SampleChoice::First);
            h.collected.set(Vec::new());
        }
        let choice = h.wanted_sample.borrow().clone();
        let (steps, inputs) = h.wanted_steps.borrow().clone();
        let sample = choice.sample(&steps, &inputs);
        // Only the dataset opened last is shown, whichever answer comes first.
        *h.loads.borrow_mut() += 1;
        let this_load = *h.loads.borrow();
        let collect = (choice != SampleChoice::First)
            .then(|| format!("app-{}-{this_load}", (js_sys::Math::random() * 1e9) as u64));
        let h = h.clone();
        let show_source = show_source.clone();
        let rows = *h.rows_cap;
        h.loading.set(Some(format!("Loading {path}…")));
        if let Some(name) = &collect {
            h.collecting.set(Some(Collection {
                name: name.clone(),
                description: sample.describe(),
                progress: None,
            }));
            follow(name.clone(), sample.describe(), this_load, &h);
        }
        let started = now();
        spawn_local(async move {
            let loaded = api::working_set(&path, rows, header_row, &sample, collect.as_deref())
                .await
                .and_then(|set| files::from_ipc(&set.bytes).map(|table| (set, table)));
            if *h.loads.borrow() != this_load {
                return;
            }
            h.loading.set(None);
            h.collecting.set(None);
            match loaded {
                Ok((set, table)) => {
                    *h.shown_sample.borrow_mut() = choice;
                    let described = set.sample.clone().filter(|s| s != "first rows");
                    let described = match (described, set.cut_to_bytes) {
                        (d, Some(cap)) => Some(format!(
                            "{}, cut to {} to fit",
                            d.as_deref().unwrap_or("first rows"),
                            size_in_words(cap)
                        )),
                        (d, None) => d,
                    };
                    show_source.emit(Source {
                        label: path.clone(),
                        path: Some(path.clone()),
                        total: set.total_rows,
                        bytes: set.size,
                        local: None,
                        header_row,
                        sample: described,
                        table,
                        generation: 0,
                    });
                    if h.first_grid_ms.is_none() {
                        h.first_grid_ms.set(Some(now() - started));
                    }
                    if let Ok(kept) = api::collected_samples(&path, header_row).await {
                        h.collected.set(kept);
                    }
                }
                Err(e) => {
                    // The working set shown stays, and so does its sample.
                    let shown = h.shown_sample.borrow().clone();
                    *h.wanted_sample.borrow_mut() = shown.clone();
                    h.sample.set(shown);
                    h.fail.emit(e)
                }
            }
        });
    })
}

/// Asks how far the sample being collected under `name` is, until its load ends.
fn follow(name: String, description: String, this_load: u64, h: &Handles) {
    let loads = h.loads.clone();
    let collecting = h.collecting.clone();
    spawn_local(async move {
        loop {
            sleep(400).await;
            if *loads.borrow() != this_load {
                return;
            }
            match api::sample_progress(&name).await {
                // Still collecting (and still this load): shown.
                Ok(progress) if *loads.borrow() == this_load => collecting.set(Some(Collection {
                    name: name.clone(),
                    description: description.clone(),
                    progress: Some(progress),
                })),
                // Done, or another load started.
                _ => return,
            }
        }
    });
}

/// Cancels the sample being collected.
fn cancel_sample(collecting: &UseStateHandle<Option<Collection>>) -> Callback<()> {
    let collecting = collecting.clone();
    Callback::from(move |_| {
        if let Some(c) = collecting.as_ref() {
            let name = c.name.clone();
            spawn_local(async move {
                // A sample that was done a moment ago has nothing to cancel.
                let _ = api::cancel_sample(&name).await;
            });
        }
    })
}

/// A size in bytes as people read it: 256 MB.
fn size_in_words(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 => format!("{:.1} GB", b as f64 / (1u64 << 30) as f64),
        b if b >= 1 << 20 => format!("{} MB", b >> 20),
        b => format!("{} KB", (b >> 10).max(1)),
    }
}

/// Reads a local file (dropped or picked) into the working set.
fn on_file(h: &Handles, show_source: &Callback<Source>) -> Callback<web_sys::File> {
    let show_source = show_source.clone();
    let rows_cap = h.rows_cap.clone();
    let fail = h.fail.clone();
    let loading = h.loading.clone();
    let wanted_header = h.wanted_header.clone();
    let loads = h.loads.clone();
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
                Err(_) => return fail.emit(format!("{name} could not be read")),
            };
            let header_row = *wanted_header.borrow();
            match local_source(name, Rc::new(bytes), rows, header_row) {
                Ok(local) => show_source.emit(local),
                Err(e) => fail.emit(e),
            }
        });
    })
}

/// Writes the local file open to the store, where batch runs can read it.
fn upload(h: &Handles, refresh_listing: &Callback<String>) -> Callback<MouseEvent> {
    let source = h.source.clone();
    let notice = h.notice.clone();
    let fail = h.fail.clone();
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
                Err(e) => fail.emit(e),
            }
        });
    })
}

/// Another size picked: the dataset open is read again with as many rows.
fn on_size(h: &Handles, open_dataset: &Callback<String>) -> Callback<Event> {
    let rows_cap = h.rows_cap.clone();
    let source = h.source.clone();
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
}

/// Another sample picked: the dataset open is read again with it.
fn on_sample(h: &Handles, open_dataset: &Callback<String>) -> Callback<SampleChoice> {
    let sample = h.sample.clone();
    let wanted_sample = h.wanted_sample.clone();
    let source = h.source.clone();
    let open_dataset = open_dataset.clone();
    Callback::from(move |picked: SampleChoice| {
        *wanted_sample.borrow_mut() = picked.clone();
        sample.set(picked);
        if let Some(path) = source.as_ref().and_then(|s| s.path.clone()) {
            open_dataset.emit(path);
        }
    })
}
