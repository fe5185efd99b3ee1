//! Opening data: the store's folders and datasets (with their sizes), saved recipes, and a
//! local file dropped on the page or picked (read in the browser). Each entry is reached
//! with Tab and opened with Enter.

use crate::services::types::{DatasetListing, RecipeSummary};
use web_sys::{DragEvent, File, HtmlInputElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DatasetsProps {
    pub listing: DatasetListing,
    pub recipes: Vec<RecipeSummary>,
    pub open: Option<String>,
    pub on_navigate: Callback<String>,
    pub on_open: Callback<String>,
    pub on_open_recipe: Callback<String>,
    pub on_file: Callback<File>,
}

pub fn size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[component]
pub fn Datasets(props: &DatasetsProps) -> Html {
    let dragging = use_state(|| false);
    let prefix = props.listing.prefix.clone();
    let up = prefix
        .rsplit_once('/')
        .map_or(String::new(), |(p, _)| p.to_string());
    let navigate = |to: String| {
        let cb = props.on_navigate.clone();
        Callback::from(move |_: MouseEvent| cb.emit(to.clone()))
    };
    let on_pick = {
        let cb = props.on_file.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                if let Some(file) = input.files().and_then(|f| f.get(0)) {
                    cb.emit(file);
                }
            }
        })
    };
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let ondrop = {
        let dragging = dragging.clone();
        let cb = props.on_file.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            // The page takes dropped files too: this one is opened once.
            e.stop_propagation();
            dragging.set(false);
            if let Some(file) = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|f| f.get(0))
            {
                cb.emit(file);
            }
        })
    };
    // Folders, datasets and recipes are reached with Tab and opened with Enter or Space.
    let onkeydown = Callback::from(|e: KeyboardEvent| {
        if !matches!(e.key().as_str(), "Enter" | " ") {
            return;
        }
        if let Some(entry) = e
            .target_dyn_into::<web_sys::HtmlElement>()
            .filter(|el| el.tag_name() == "LI")
        {
            e.prevent_default();
            entry.click();
        }
    });
    html! {
        <nav class="datasets" data-testid="datasets" {onkeydown}>
            <h2>{ "Datasets" }</h2>
            <div class="prefix">
                <button class="link" onclick={navigate(String::new())}>{ "store" }</button>
                { for prefix.split('/').filter(|p| !p.is_empty()).scan(String::new(), |acc, part| {
                    if !acc.is_empty() { acc.push('/'); }
                    acc.push_str(part);
                    Some((acc.clone(), part.to_string()))
                }).map(|(to, part)| html! {
                    <>{ " / " }<button class="link" onclick={navigate(to)}>{ part }</button></>
                }) }
            </div>
            <ul class="entries">
                if !prefix.is_empty() {
                    <li tabindex="0" class="folder" onclick={navigate(up)}>{ "↑ up" }</li>
                }
                { for props.listing.folders.iter().map(|f| {
                    let name = f.rsplit('/').next().unwrap_or(f).to_string();
                    html! { <li tabindex="0" class="folder" data-testid={format!("folder-{name}")} onclick={navigate(f.clone())}>{ format!("▸ {name}/") }</li> }
                }) }
                { for props.listing.datasets.iter().map(|d| {
                    let open = {
                        let cb = props.on_open.clone();
                        let path = d.path.clone();
                        Callback::from(move |_: MouseEvent| cb.emit(path.clone()))
                    };
                    let class = classes!("dataset", (props.open.as_deref() == Some(d.path.as_str())).then_some("open"));
                    html! {
                        <li tabindex="0" {class} data-testid={format!("dataset-{}", d.name)} onclick={open} title={d.path.clone()}>
                            <span>{ &d.name }</span><span class="size">{ size(d.size) }</span>
                        </li>
                    }
                }) }
            </ul>
            <label class={classes!("drop", dragging.then_some("dragging"))} {ondragover} {ondragleave} {ondrop}>
                { "Drop a CSV, JSON lines or Parquet file here, or " }
                <span class="link">{ "pick one" }</span>
                <input type="file" accept=".csv,.tsv,.gz,.jsonl,.ndjson,.json,.parquet" onchange={on_pick} />
            </label>
            <h2>{ "Recipes" }</h2>
            <ul class="entries">
                if props.recipes.is_empty() {
                    <li class="empty">{ "none saved yet" }</li>
                }
                { for props.recipes.iter().map(|r| {
                    let open = {
                        let cb = props.on_open_recipe.clone();
                        let name = r.name.clone();
                        Callback::from(move |_: MouseEvent| cb.emit(name.clone()))
                    };
                    html! {
                        <li tabindex="0" class="recipe" data-testid={format!("recipe-{}", r.name)} onclick={open}>
                            <span>{ &r.name }</span>
                            <span class="size">{ format!("v{}", r.versions.last().copied().unwrap_or(0)) }</span>
                        </li>
                    }
                }) }
            </ul>
        </nav>
    }
}
