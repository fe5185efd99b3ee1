//! The grid: a header per column and the rows of the table, virtualised (only the rows in
//! view are on the page, so 100,000 rows scroll like 100). Cells the step changed, rows it
//! removed, selected rows, and mismatched and missing cells are marked. A column is made
//! wider or narrower by dragging the right edge of its header. The arrow keys (and Page
//! Up/Down, Home, End) move a cell cursor, kept in view; Enter opens its column's menu.

use super::column_header::ColumnHeader;
use super::visible_text::visible;
use crate::engine::cells::CellText;
use crate::engine::diff::Change;
use crate::engine::profile::{ColumnProfile, Selection};
use crate::engine::Table;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

/// The height of a row, in pixels (the CSS says the same).
pub const ROW_HEIGHT: f64 = 26.0;
/// Rows drawn above and below the ones in view.
const OVERSCAN: usize = 8;
/// The width of a column until it is resized, and of the row numbers, in pixels (the CSS
/// says the same).
pub const COLUMN_WIDTH: f64 = 150.0;
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

/// Scrolls the grid to the column and puts the focus on its menu button, so the eye finds
/// it.
pub fn show_column(column: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let quoted = column.replace('"', "\\\"");
    let header = document
        .query_selector(&format!(".col-header[data-column=\"{quoted}\"]"))
        .ok()
        .flatten()
        .and_then(|h| h.dyn_into::<web_sys::HtmlElement>().ok());
    if let (Ok(Some(grid)), Some(header)) = (document.query_selector(".grid"), header) {
        grid.set_scroll_left((header.offset_left() as f64 - ROW_NUMBER_WIDTH).max(0.0) as i32);
    }
    let button = format!("[data-testid=\"menu-{quoted}\"]");
    if let Ok(Some(button)) = document.query_selector(&button) {
        if let Ok(button) = button.dyn_into::<web_sys::HtmlElement>() {
            let _ = button.focus();
        }
    }
}

/// Scrolls the grid sideways, as little as it takes, so the column between `left` and
/// `right` (pixels from the grid's left edge) is in view beside the row numbers.
fn show_span(el: &Element, (left, right): (i64, i64)) {
    let (left, right) = (left as f64, right as f64);
    let (shown_left, width) = (el.scroll_left() as f64, el.client_width() as f64);
    if left < shown_left + ROW_NUMBER_WIDTH {
        el.set_scroll_left((left - ROW_NUMBER_WIDTH).max(0.0) as i32);
    } else if right > shown_left + width {
        el.set_scroll_left((right - width) as i32);
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
    // Columns the analyst resized, by name (kept while the grid is shown).
    let widths = use_state(HashMap::<String, f64>::new);
    let width_of = |name: &str| widths.get(name).copied().unwrap_or(COLUMN_WIDTH);
    let on_resize = {
        let widths = widths.clone();
        Callback::from(move |(name, width): (String, f64)| {
            let mut next = (*widths).clone();
            next.insert(name, width);
            widths.set(next);
        })
    };
    // Each column's left and right edge in the grid, from the widths.
    let names = props.table.column_names();
    let spans: Vec<(i64, i64)> = names
        .iter()
        .scan(ROW_NUMBER_WIDTH, |left, name| {
            let at = *left;
            *left += width_of(name);
            Some((at as i64, *left as i64))
        })
        .collect();
    // A column a step adds is scrolled into view.
    {
        let grid = grid.clone();
        let first_added = props.change.as_ref().and_then(|c| {
            let at = names.iter().position(|n| c.added_columns.contains(n))?;
            spans.get(at).copied()
        });
        use_effect_with(first_added, move |span| {
            if let (Some(span), Some(el)) = (span, grid.cast::<Element>()) {
                show_span(&el, *span);
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
    // The cell cursor: (row, column) of the table shown, moved by the arrow keys.
    let cursor = use_state(|| None::<(usize, usize)>);
    {
        // The cell under the cursor is scrolled into view.
        let grid = grid.clone();
        let at = cursor.and_then(|(r, c)| Some((r, *spans.get(c)?)));
        use_effect_with(at, move |at| {
            if let (Some((row, span)), Some(el)) = (at, grid.cast::<Element>()) {
                let (top, height) = (el.scroll_top() as f64, el.client_height() as f64);
                let row_top = *row as f64 * ROW_HEIGHT;
                if row_top < top {
                    el.set_scroll_top(row_top as i32);
                } else if row_top + ROW_HEIGHT > top + height - HEADER_HEIGHT {
                    el.set_scroll_top((row_top + ROW_HEIGHT - height + HEADER_HEIGHT) as i32);
                }
                show_span(&el, *span);
            }
        });
    }
    let onkeydown = {
        let cursor = cursor.clone();
        let on_menu = props.on_menu.clone();
        let (rows, columns) = (props.table.num_rows(), names.len());
        let names = names.clone();
        let page = ((*viewport - HEADER_HEIGHT) / ROW_HEIGHT).max(1.0) as usize;
        let first_shown = (*scroll_top / ROW_HEIGHT) as usize;
        Callback::from(move |e: KeyboardEvent| {
            if rows == 0 || columns == 0 {
                return;
            }
            let (r, c) = cursor.unwrap_or((first_shown.min(rows - 1), 0));
            let moved = match e.key().as_str() {
                "ArrowDown" => (r + 1).min(rows - 1),
                "ArrowUp" => r.saturating_sub(1),
                "PageDown" => (r + page).min(rows - 1),
                "PageUp" => r.saturating_sub(page),
                _ => r,
            };
            let across = match e.key().as_str() {
                "ArrowRight" => (c + 1).min(columns - 1),
                "ArrowLeft" => c.saturating_sub(1),
                "Home" => 0,
                "End" => columns - 1,
                _ => c,
            };
            match e.key().as_str() {
                "Enter" if cursor.is_some() => on_menu.emit(names[c].clone()),
                "Escape" => cursor.set(None),
                "ArrowDown" | "ArrowUp" | "PageDown" | "PageUp" | "ArrowRight" | "ArrowLeft"
                | "Home" | "End" => cursor.set(Some((moved, across))),
                _ => return,
            }
            e.prevent_default();
        })
    };
    // A click on a cell puts the cursor there.
    let onclick = {
        let cursor = cursor.clone();
        let names = names.clone();
        Callback::from(move |e: MouseEvent| {
            let cell = e
                .target_dyn_into::<Element>()
                .and_then(|t| t.closest(".cell").ok().flatten());
            let Some(cell) = cell else { return };
            let row = cell
                .parent_element()
                .and_then(|r| r.get_attribute("data-row"))
                .and_then(|r| r.parse().ok());
            let column = cell
                .get_attribute("data-column")
                .and_then(|c| names.iter().position(|n| *n == c));
            if let (Some(row), Some(column)) = (row, column) {
                cursor.set(Some((row, column)));
            }
        })
    };
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
    let texts: Vec<(String, CellText<'_>, String)> = columns
        .iter()
        .map(|(i, f)| {
            (
                f.name().clone(),
                CellText::new(table.batch.column(*i).as_ref()),
                format!("width:{}px", width_of(f.name())),
            )
        })
        .collect();
    let change = props.change.as_deref();
    let added = |name: &str| change.is_some_and(|c| c.added_columns.iter().any(|a| a == name));
    let width =
        (columns.iter().map(|(_, f)| width_of(f.name())).sum::<f64>() + ROW_NUMBER_WIDTH) as usize;
    html! {
        <div class="grid" ref={grid} {onscroll} {onkeydown} tabindex="0" data-testid="grid" data-rows={rows.to_string()}
            title="arrow keys move the cell cursor; Enter opens its column's menu">
            <div class="grid-head" style={format!("width:{width}px")}>
                <div class="row-number head">{ "#" }</div>
                { for props.profiles.iter().map(|p| html! {
                    <ColumnHeader
                        profile={p.clone()}
                        added={added(&p.name)}
                        selection={props.selection.clone()}
                        on_pick={props.on_pick.clone()}
                        on_menu={props.on_menu.clone()}
                        on_values={props.on_values.clone()}
                        width={width_of(&p.name)} on_resize={on_resize.clone()} />
                }) }
            </div>
            <div class="grid-body" {onclick} style={format!("height:{}px;width:{width}px", rows as f64 * ROW_HEIGHT)}>
                { for (first..last).map(|r| {
                    let removed = props.removing && change.is_some_and(|c| c.removed_rows.contains(r));
                    let selected = props.selected_rows.as_ref().is_some_and(|s| s.get(r).copied().unwrap_or(false));
                    let class = classes!("row", removed.then_some("removed"), selected.then_some("selected"));
                    html! {
                        <div class={class} key={r} style={format!("top:{}px", r as f64 * ROW_HEIGHT)} data-row={r.to_string()}>
                            <div class="row-number">{ table.row_id(r).map_or(String::new(), |id| id.to_string()) }</div>
                            { for texts.iter().enumerate().map(|(c, (name, cells, style))| {
                                let mismatched = table.is_mismatched(name, r);
                                let missing = !mismatched && cells.is_missing(r);
                                let changed = !props.removing && change.is_some_and(|c| c.is_changed(name, r));
                                let class = classes!(
                                    "cell",
                                    mismatched.then_some("mismatched"),
                                    missing.then_some("missing"),
                                    changed.then_some("changed"),
                                    added(name).then_some("added"),
                                    (*cursor == Some((r, c))).then_some("cursor"),
                                );
                                let text = cells.text(r);
                                // A cell a `settype` emptied shows, dimmed, the text it held.
                                match table.mismatched_text(name, r) {
                                    Some((was, ty)) => html! {
                                        <div {class} style={style.clone()} title={format!("{was:?} did not fit {ty}")} data-column={name.clone()} data-was={was.to_string()}>
                                            <span class="was">{ visible(was) }</span>
                                        </div>
                                    },
                                    None => html! { <div {class} style={style.clone()} title={text.clone()} data-column={name.clone()}>{ visible(&text) }</div> },
                                }
                            }) }
                        </div>
                    }
                }) }
            </div>
        </div>
    }
}
