//! The page, one component a file: the app (state and what runs when it changes), the
//! dataset browser, the grid and its column headers, the recipe panel, the command line,
//! and the menus that write steps.

pub mod app;
pub mod column_form;
pub mod column_header;
pub mod column_list;
pub mod column_menu;
pub mod command_line;
pub mod datasets;
pub mod diagnostics;
pub mod document_keys;
pub mod grid;
pub mod inputs_panel;
pub mod job_figures;
pub mod jobs_page;
pub mod jobs_panel;
pub mod join_dialog;
pub mod recipe_panel;
pub mod sample_picker;
pub mod sample_progress;
pub mod selection_bar;
pub mod values_list;
pub mod visible_text;
