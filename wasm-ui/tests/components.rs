//! Component tests in a real browser (headless Chromium through wasm-bindgen-test): the
//! components render into the page and answer clicks as the app relies on.
#![cfg(target_arch = "wasm32")]

use datafusion::arrow::array::{ArrayRef, Int64Array, RecordBatch, StringArray};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use wrangle_ui::components::column_menu::{ColumnMenu, ColumnMenuProps};
use wrangle_ui::components::grid::{Grid, GridProps};
use wrangle_ui::components::recipe_panel::{RecipePanel, RecipePanelProps};
use wrangle_ui::engine::profile::{profile, Pick, Selection};
use wrangle_ui::engine::Table;
use wrangle_ui::state::{Edit, RecipeState};
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

fn mount() -> web_sys::Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

fn table(rows: i64) -> Table {
    let schema = Arc::new(Schema::new(vec![
        Field::new("carrier", DataType::Utf8, true),
        Field::new("delay", DataType::Int64, true),
    ]));
    let carrier: ArrayRef = Arc::new(StringArray::from_iter(
        (0..rows).map(|i| Some(if i % 3 == 0 { "UA" } else { "AA" })),
    ));
    let delay: ArrayRef = Arc::new(Int64Array::from_iter(
        (0..rows).map(|i| (i % 7 != 0).then_some(i)),
    ));
    let batch = RecordBatch::try_new(schema.clone(), vec![carrier, delay]).unwrap();
    Table::numbered(schema, &[batch]).unwrap()
}

#[wasm_bindgen_test]
async fn the_grid_draws_only_the_rows_in_view_and_a_click_on_a_value_selects_it() {
    let root = mount();
    let table = table(100_000);
    let profiles = Rc::new(profile(&table));
    let picked: Rc<RefCell<Option<Selection>>> = Rc::default();
    let sink = picked.clone();
    let props = GridProps {
        table,
        profiles,
        change: None,
        removing: false,
        selected_rows: None,
        selection: None,
        on_pick: Callback::from(move |s| *sink.borrow_mut() = Some(s)),
        on_menu: Callback::noop(),
        on_values: Callback::noop(),
    };
    yew::Renderer::<Grid>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    let rows = root.query_selector_all(".row").unwrap().length();
    assert!(
        rows > 0 && rows < 200,
        "{rows} rows on the page for 100,000"
    );
    let missing = root.query_selector_all(".cell.missing").unwrap().length();
    assert!(missing > 0, "null delays are marked missing");
    let ua: web_sys::HtmlElement = root
        .query_selector(".col-header[data-column=\"carrier\"] .top-value[data-value=\"UA\"]")
        .unwrap()
        .expect("UA among the top values")
        .dyn_into()
        .unwrap();
    ua.click();
    assert_eq!(
        picked.borrow().clone(),
        Some(Selection::of("carrier", Pick::Value("UA".into())))
    );
}

#[wasm_bindgen_test]
async fn the_recipe_panel_lists_steps_in_words_and_sends_edits() {
    let root = mount();
    let state = Rc::new(RecipeState::new())
        .apply(Edit::Insert {
            at: 0,
            text: "drop tailnum".into(),
        })
        .apply(Edit::Insert {
            at: 1,
            text: "keep rows where delay > 0".into(),
        });
    let edits: Rc<RefCell<Vec<Edit>>> = Rc::default();
    let sink = edits.clone();
    let props = RecipePanelProps {
        steps: state.steps.clone(),
        shown: state.shown(),
        errors: Default::default(),
        rows: Default::default(),
        broken: Default::default(),
        editing: None,
        text: state.text(),
        name: None,
        version: None,
        versions: vec![],
        dirty: true,
        can_undo: state.can_undo(),
        can_redo: false,
        on_edit: Callback::from(move |e| sink.borrow_mut().push(e)),
        on_begin_edit: Callback::noop(),
        on_save: Callback::noop(),
        on_open_version: Callback::noop(),
        on_download: Callback::noop(),
        on_new: Callback::noop(),
        trailing: vec![],
        children: Default::default(),
    };
    yew::Renderer::<RecipePanel>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    let text = root.text_content().unwrap();
    assert!(text.contains("Remove column tailnum"), "{text}");
    assert!(text.contains("Keep rows where delay > 0"));
    let delete: web_sys::HtmlElement = root
        .query_selector_all("[data-testid=\"delete-step\"]")
        .unwrap()
        .get(0)
        .unwrap()
        .dyn_into()
        .unwrap();
    delete.click();
    let undo: web_sys::HtmlElement = root
        .query_selector("[data-testid=\"undo\"]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    undo.click();
    assert_eq!(*edits.borrow(), vec![Edit::Delete { at: 0 }, Edit::Undo]);
}

fn element<T: JsCast>(root: &web_sys::Element, selector: &str) -> T {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .dyn_into()
        .unwrap()
}

#[wasm_bindgen_test]
async fn a_column_menu_form_writes_the_step_it_was_filled_in_for() {
    let root = mount();
    let written: Rc<RefCell<Vec<String>>> = Rc::default();
    let sink = written.clone();
    let props = ColumnMenuProps {
        column: "Cust Name".into(),
        datasets: vec![],
        on_step: Callback::from(move |s| sink.borrow_mut().push(s)),
        on_join: Callback::noop(),
        on_close: Callback::noop(),
        kind: wrangle_dsl::catalog::Kind::String,
    };
    yew::Renderer::<ColumnMenu>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    element::<web_sys::HtmlElement>(&root, "[data-testid=\"menu-item-split\"]").click();
    yew::scheduler::flush().await;
    element::<web_sys::HtmlInputElement>(&root, "[data-testid=\"form-separator\"]").set_value(";");
    element::<web_sys::HtmlInputElement>(&root, "[data-testid=\"form-parts\"]").set_value("3");
    element::<web_sys::HtmlElement>(&root, "[data-testid=\"form-preview\"]").click();
    yew::scheduler::flush().await;
    assert_eq!(
        *written.borrow(),
        vec!["split `Cust Name` on \";\" limit 2 into cust_name_1, cust_name_2, cust_name_3"]
    );
}
