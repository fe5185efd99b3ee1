//! The page's address holds the dataset, the recipe and its version open, so a reload opens
//! them again, back and forward go between them, and a link can be shared. Other
//! parameters (`token`, `rows`) are kept. `#jobs` at its end shows the jobs page.

use web_sys::UrlSearchParams;

thread_local! {
    /// The address back or forward went to, while the page is still opening it: the states
    /// on the way replace the entry instead of adding entries (which would drop the
    /// entries ahead of it).
    static GOING_TO: std::cell::RefCell<Option<Address>> = const { std::cell::RefCell::new(None) };
}

/// Back or forward went to `address`: the page is about to open it.
pub fn going_to(address: Address) {
    GOING_TO.with(|g| *g.borrow_mut() = Some(address));
}

/// What the address names.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Address {
    pub dataset: Option<String>,
    pub recipe: Option<String>,
    pub version: Option<u32>,
}

fn params() -> Option<UrlSearchParams> {
    let search = web_sys::window()?.location().search().ok()?;
    UrlSearchParams::new_with_str(&search).ok()
}

/// The dataset, recipe and version the address names now.
pub fn current() -> Address {
    let Some(params) = params() else {
        return Address::default();
    };
    Address {
        dataset: params.get("dataset"),
        recipe: params.get("recipe"),
        version: params.get("version").and_then(|v| v.parse().ok()),
    }
}

/// Writes the dataset, recipe and version open into the address: a new history entry when
/// another recipe opens, or another dataset with no recipe (so back returns to the one
/// before), the same entry when only the version changes, when a recipe's own dataset
/// opens after it, or when nothing was named yet.
pub fn show(dataset: Option<&str>, recipe: Option<&str>, version: Option<u32>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let (Some(params), Ok(path)) = (params(), window.location().pathname()) else {
        return;
    };
    let now = format!("{path}{}", window.location().search().unwrap_or_default());
    let was = current();
    let named_before = was.dataset.is_some() || was.recipe.is_some();
    let another =
        was.recipe.as_deref() != recipe || (recipe.is_none() && was.dataset.as_deref() != dataset);
    let shown = Address {
        dataset: dataset.map(String::from),
        recipe: recipe.map(String::from),
        version,
    };
    let following = GOING_TO.with(|g| {
        let mut g = g.borrow_mut();
        let following = g.is_some();
        if g.as_ref() == Some(&shown) {
            *g = None;
        }
        following
    });
    let push = named_before && another && !following;
    let version = version.map(|v| v.to_string());
    for (name, value) in [
        ("dataset", dataset),
        ("recipe", recipe),
        ("version", version.as_deref()),
    ] {
        match value {
            Some(v) => params.set(name, v),
            None => params.delete(name),
        }
    }
    let query = String::from(params.to_string());
    let url = if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    };
    // The jobs page (`#jobs`) stays open when what it was opened over changes.
    let hash = window.location().hash().unwrap_or_default();
    let (url, now) = (format!("{url}{hash}"), format!("{now}{hash}"));
    if url == now {
        return;
    }
    if let Ok(history) = window.history() {
        let state = &wasm_bindgen::JsValue::NULL;
        let _ = if push {
            history.push_state_with_url(state, "", Some(&url))
        } else {
            history.replace_state_with_url(state, "", Some(&url))
        };
    }
}

/// Whether the address shows the jobs page (`#jobs`).
pub fn jobs_page() -> bool {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .is_some_and(|hash| hash == JOBS_PAGE)
}

const JOBS_PAGE: &str = "#jobs";

/// Shows the jobs page (a new history entry, so back returns to the recipe), or leaves it
/// (in place of its entry). The page follows through `hashchange`.
pub fn show_jobs_page(open: bool) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let location = window.location();
    if open {
        let _ = location.set_hash(JOBS_PAGE);
        return;
    }
    let (Ok(path), Ok(search), Ok(history)) =
        (location.pathname(), location.search(), window.history())
    else {
        return;
    };
    let _ = history.replace_state_with_url(
        &wasm_bindgen::JsValue::NULL,
        "",
        Some(&format!("{path}{search}")),
    );
}
