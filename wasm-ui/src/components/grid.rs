//! The grid: a header per column and the rows of the table, virtualised (only the rows in
//! view are on the page, so 100,000 rows scroll like 100). Cells the step changed, rows it
//! removed, selected rows, and mismatched and missing cells are marked.

use super::column_header::ColumnHeader;
use super::visible_text::visible;
use crate::engine::cells::CellText;
use crate::engine::diff::Change;
use crate::engine::profile::{ColumnProfile, Selection};
use crate::engine::Table;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

/// The height of a row, in pixels (the CSS says the same).
pub const ROW_HEIGHT: f64 = 26.0;
/// Rows drawn above and below the ones in view.
const OVERSCAN: usize = 8;
/// The width of a column and of the row numbers, in pixels (the CSS says the same).
const COLUMN_WIDTH: f64 = 150.0;
const ROW_NUMBER_WIDTH: f64 = 64.0;
/// The height of the column headers above the rows, in pixels (the CSS says the same).
const HEADER_HEIGHT: f64 = 150.0;

#[derive(Properties)]
pub struct GridProps {
    pub table: Table,
    pub profiles: Rc<Vec<ColumnProfile>>,
    #[prop_or_default]
    pub change: Option<Rc<Change>>,
    /// The table is the one *before* a previewed step, and these rows are the ones it
    /// would remove.
    #[prop_or_default]
    pub removing: bool,
    #[prop_or_default]
    pub selected_rows: Option<Rc<Vec<bool>>>,
    #[prop_or_default]
    pub selection: Option<Selection>,
    pub on_pick: Callback<Selection>,
    pub on_menu: Callback<String>,
    pub on_values: Callback<String>,
}

/// Scrolls the grid to the `at`-th column and puts the focus on its menu button (named
/// `column`), so the eye finds it.
pub fn show_column(at: usize, column: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Ok(Some(grid)) = document.query_selector(".grid") {
        grid.set_scroll_left((COLUMN_WIDTH * at as f64) as i32);
    }
    let button = format!("[data-testid=\"menu-{}\"]", column.replace('"', "\\\""));
    if let Ok(Some(button)) = document.query_selector(&button) {
        if let Ok(button) = button.dyn_into::<web_sys::HtmlElement>() {
            let _ = button.focus();
        }
    }
}

fn same<T>(a: &Option<Rc<T>>, b: &Option<Rc<T>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => Rc::ptr_eq(a, b),
        (None, None) => true,
        _ => false,
    }
}

/// By identity: the tables, profiles and diffs are large, and a new one is always a new `Rc`.
impl PartialEq for GridProps {
    fn eq(&self, other: &Self) -> bool {
        self.table == other.table
            && Rc::ptr_eq(&self.profiles, &other.profiles)
            && same(&self.change, &other.change)
            && self.removing == other.removing
            && same(&self.selected_rows, &other.selected_rows)
            && self.selection == other.selection
            && self.on_pick == other.on_pick
            && self.on_menu == other.on_menu
            && self.on_values == other.on_values
    }
}

#[component]
pub fn Grid(props: &GridProps) -> Html {
    let scroll_top = use_state(|| 0.0f64);
    let viewport = use_state(|| 700.0f64);
    let grid = use_node_ref();
    // A column a step adds is scrolled into view.
    {
        let grid = grid.clone();
        let first_added = props.change.as_ref().and_then(|c| {
            let at = props
                .table
                .column_names()
                .iter()
                .position(|n| c.added_columns.contains(n))?;
            Some(at)
        });
        use_effect_with(first_added, move |at| {
            if let (Some(at), Some(el)) = (at, grid.cast::<Element>()) {
                let left = ROW_NUMBER_WIDTH + COLUMN_WIDTH * *at as f64;
                let right = left + COLUMN_WIDTH;
                let (shown_left, width) = (el.scroll_left() as f64, el.client_width() as f64);
                if left < shown_left + ROW_NUMBER_WIDTH || right > shown_left + width {
                    el.set_scroll_left((left - ROW_NUMBER_WIDTH).max(0.0) as i32);
                }
            }
        });
    }
    // The first row a new selection picks is scrolled into view (when none is in view).
    {
        let grid = grid.clone();
        let rows = props.selected_rows.clone();
        use_effect_with(props.selection.clone(), move |_| {
            let (Some(el), Some(rows)) = (grid.cast::<Element>(), rows) else {
                return;
            };
            let selected = || rows.iter().enumerate().filter(|(_, s)| **s).map(|(i, _)| i);
            let (top, height) = (el.scroll_top() as f64, el.client_height() as f64);
            // The rows under the column headers are in view.
            let first_shown = (top / ROW_HEIGHT).ceil() as usize;
            let last_shown = ((top + height - HEADER_HEIGHT) / ROW_HEIGHT).floor() as usize;
            let in_view = selected()
                .skip_while(|r| *r < first_shown)
                .any(|r| r < last_shown.max(first_shown + 1));
            if let (false, Some(first)) = (in_view, selected().next()) {
                el.set_scroll_top(((first as f64 - 2.0).max(0.0) * ROW_HEIGHT) as i32);
            }
        });
    }
    let onscroll = {
        let scroll_top = scroll_top.clone();
        let viewport = viewport.clone();
        Callback::from(move |e: Event| {
            if let Some(el) = e.target_dyn_into::<Element>() {
                scroll_top.set(el.scroll_top() as f64);
                viewport.set(el.client_height() as f64);
            }
        })
    };
    let table = &props.table;
    let rows = table.num_rows();
    let first = ((*scroll_top / ROW_HEIGHT) as usize)
        .saturating_sub(OVERSCAN)
        .min(rows);
    let last = (((*scroll_top + *viewport) / ROW_HEIGHT) as usize + OVERSCAN).min(rows);
    let columns = table.columns();
    let texts: Vec<(String, CellText<'_>)> = columns
        .iter()
        .map(|(i, f)| {
            (
                f.name().clone(),
                CellText::new(table.batch.column(*i).as_ref()),
            )
        })
        .collect();
    let change = props.change.as_deref();
    let added = |name: &str| change.is_some_and(|c| c.added_columns.iter().any(|a| a == name));
    let width = COLUMN_WIDTH as usize * columns.len() + ROW_NUMBER_WIDTH as usize;
    html! {
        <div class="grid" ref={grid} {onscroll} data-testid="grid" data-rows={rows.to_string()}>
            <div class="grid-head" style={format!("width:{width}px")}>
                <div class="row-number head">{ "#" }</div>
                { for props.profiles.iter().map(|p| html! {
                    <ColumnHeader
                        profile={p.clone()}
                        added={added(&p.name)}
                        selection={props.selection.clone()}
                        on_pick={props.on_pick.clone()}
                        on_menu={props.on_menu.clone()}
                        on_values={props.on_values.clone()} />
                }) }
            </div>
            <div class="grid-body" style={format!("height:{}px;width:{width}px", rows as f64 * ROW_HEIGHT)}>
                { for (first..last).map(|r| {
                    let removed = props.removing && change.is_some_and(|c| c.removed_rows.contains(r));
                    let selected = props.selected_rows.as_ref().is_some_and(|s| s.get(r).copied().unwrap_or(false));
                    let class = classes!("row", removed.then_some("removed"), selected.then_some("selected"));
                    html! {
                        <div class={class} key={r} style={format!("top:{}px", r as f64 * ROW_HEIGHT)} data-row={r.to_string()}>
                            <div class="row-number">{ table.row_id(r).map_or(String::new(), |id| id.to_string()) }</div>
                            { for texts.iter().map(|(name, cells)| {
                                let mismatched = table.is_mismatched(name, r);
                                let missing = !mismatched && cells.is_missing(r);
                                let changed = !props.removing && change.is_some_and(|c| c.is_changed(name, r));
                                let class = classes!(
                                    "cell",
                                    mismatched.then_some("mismatched"),
                                    missing.then_some("missing"),
                                    changed.then_some("changed"),
                                    added(name).then_some("added"),
                                );
                                let text = cells.text(r);
                                // A cell a `settype` emptied shows, dimmed, the text it held.
                                match table.mismatched_text(name, r) {
                                    Some((was, ty)) => html! {
                                        <div {class} title={format!("{was:?} did not fit {ty}")} data-column={name.clone()} data-was={was.to_string()}>
                                            <span class="was">{ visible(was) }</span>
                                        </div>
                                    },
                                    None => html! { <div {class} title={text.clone()} data-column={name.clone()}>{ visible(&text) }</div> },
                                }
                            }) }
                        </div>
                    }
                }) }
            </div>
        </div>
    }
}
