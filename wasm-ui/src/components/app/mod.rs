//! The app: which dataset is open (the working set), the recipe being edited, and what
//! runs when either changes. Every step's table is kept (by the steps' text up to it), so
//! an edit runs only the steps from the first one it changed; the step typed in the
//! command line or written by a menu is previewed on the table the grid shows.
//!
//! The state and the effects that own it are in hooks, one a file: `use_working_set` (the
//! dataset open, the folder listed, and with `use_inputs` the datasets the recipe reads),
//! `use_recipe_store` (the recipe edited and the saved ones), `use_pipeline` (every step
//! applied, the command line and its preview) and `use_undo_keys`. `App` wires them
//! together and draws the page.

mod use_back_forward;
mod use_file_drop;
mod use_inputs;
mod use_jobs;
mod use_jobs_page;
mod use_pipeline;
mod use_recipe_data;
mod use_recipe_store;
mod use_undo_keys;
mod use_working_set;

use super::column_list::ColumnList;
use super::column_menu::ColumnMenu;
use super::command_line::CommandLine;
use super::datasets::{size, Datasets};
use super::grid::Grid;
use super::inputs_panel::InputsPanel;
use super::jobs_page::JobsPage;
use super::jobs_panel::JobsPanel;
use super::join_dialog::JoinDialog;
use super::recipe_panel::RecipePanel;
use super::sample_picker::SamplePicker;
use super::sample_progress::SampleProgressBar;
use super::selection_bar::SelectionBar;
use super::values_list::ValuesList;
use crate::engine::diff::Change;
use crate::engine::profile::{ColumnProfile, RowCondition, Selection};
use crate::engine::Table;
use crate::state::pipeline::{Candidate, Source, View};
use crate::steps::menu;
use std::rc::Rc;
use use_file_drop::{use_file_drop, FileDrop};
use use_inputs::{BindInput, Inputs};
use use_jobs::{use_jobs, JobHandles};
use use_jobs_page::{use_jobs_page, JobsPage as JobsPageShown};
use use_pipeline::{use_pipeline, Pipeline};
use use_recipe_data::{use_recipe_data, DataHandles, Guarded};
use use_recipe_store::{use_recipe_store, RecipeStore};
use use_undo_keys::use_undo_keys;
use use_working_set::{use_working_set, WorkingSet};
use yew::prelude::*;

const SIZES: &[usize] = &[1_000, 10_000, 20_000, 100_000];

#[derive(Clone, PartialEq)]
enum Notice {
    Info(String),
    Error(String),
}

#[component]
pub fn App() -> Html {
    let notice = use_state(|| None::<Notice>);
    let selection = use_state(|| None::<Selection>);
    let menu_for = use_state(|| None::<String>);
    // The column whose most common values are listed.
    let values_for = use_state(|| None::<String>);
    // Whether the list of every column is open.
    let columns_open = use_state(|| false);
    let fail = {
        let notice = notice.clone();
        Callback::from(move |message: String| notice.set(Some(Notice::Error(message))))
    };
    let RecipeStore {
        recipe,
        recipes,
        versions,
        refresh: refresh_recipes,
        save: on_save,
        open: open_recipe,
        download: on_download,
        data,
        opened_with,
    } = use_recipe_store(&notice, &fail);
    let WorkingSet {
        source,
        listing,
        rows_cap,
        loading,
        first_grid_ms,
        cache,
        inputs:
            Inputs {
                inputs,
                names: input_names,
                bind: bind_input,
                on_bind,
            },
        refresh_listing: navigate,
        open_dataset,
        on_file,
        upload,
        on_size,
        sample,
        on_sample,
        collecting,
        cancel_sample,
        collected,
    } = use_working_set(&recipe, &notice, &selection, &fail, &refresh_recipes);
    let Guarded {
        open_dataset: open_dataset_asking,
        open_recipe,
        new_recipe,
    } = use_recipe_data(DataHandles {
        recipe: &recipe,
        source: &source,
        inputs: &inputs,
        data: &data,
        opened_with: &opened_with,
        open_dataset: &open_dataset,
        bind: &bind_input,
        open_recipe: &open_recipe,
    });
    let JobHandles {
        jobs,
        run: on_run_job,
        cancel: on_cancel_job,
        download: on_download_output,
        schedules,
        scheduled,
        schedule: on_schedule,
        change_schedule: on_schedule_action,
    } = use_jobs(&fail);
    let JobsPageShown {
        shown: jobs_page_shown,
        show: show_jobs_page,
    } = use_jobs_page();
    // An output opened from the jobs page opens in the editor.
    let open_from_jobs_page = {
        let show = show_jobs_page.clone();
        let open = open_dataset_asking.clone();
        Callback::from(move |path: String| {
            show.emit(false);
            open.emit(path)
        })
    };
    let live_jobs = jobs.iter().filter(|j| j.state.is_live()).count();
    let FileDrop {
        dragging,
        ondragenter,
        ondragover,
        ondragleave,
        ondrop,
    } = use_file_drop(&on_file);
    // Effects run in the order their hooks are called: as before, the keys are listened to
    // after the working set is first asked for and before any step is applied.
    use_undo_keys(recipe.dispatcher());
    let Pipeline {
        view,
        candidate,
        command,
        editing,
        on_command,
        clear_command,
        on_submit,
        on_cancel,
        write_step,
        write_step_before,
        on_edit,
        on_begin_edit,
        inserting,
    } = use_pipeline(&recipe, &source, &inputs, &cache, &selection, &menu_for);

    let (on_open_recipe, on_open_version) = open_recipe_from(&recipe, &open_recipe, &clear_command);
    let joining = use_state(|| None::<Joining>);
    let on_join = join_from(&joining, &bind_input);
    let Choices {
        on_pick,
        on_menu,
        close_menu,
        clear_selection,
        dismiss,
    } = choices(&selection, &menu_for, &notice);
    let Shown {
        grid_table,
        grid_profiles,
        grid_change,
        removing,
        selected_rows,
        selection_condition,
        columns,
        preview_ms,
        status,
    } = shown(&view, &candidate, &selection, &source);
    // The kind of the column whose menu is open: it is offered the types it converts to.
    let menu_kind = menu_for
        .as_ref()
        .and_then(|c| grid_table.as_ref()?.column(c))
        .map_or(wrangle_dsl::catalog::Kind::Any, |a| {
            wrangle_executor::schema::kind_of(a.data_type())
        });
    // A condition on the text a `settype` converted goes just before that step.
    let before_settype: Option<(usize, String)> = selection_condition
        .as_ref()
        .and_then(|c| c.before_settype.as_ref())
        .and_then(|at| recipe.settype_position(&at.column, &at.type_text))
        .map(|i| (i, recipe.steps[i].text.clone()));
    let selection_condition =
        selection_condition.filter(|c| c.before_settype.is_none() || before_settype.is_some());

    html! {
        <div class="app" {ondragenter} {ondragover} {ondragleave} {ondrop}>
            if dragging {
                <div class="drop-overlay" data-testid="drop-overlay">{ "Drop a CSV, JSON lines or Parquet file to open it" }</div>
            }
            <header class="top">
                <h1>{ "Wrangle" }</h1>
                if let Some(s) = source.as_ref() {
                    <span class="dataset-name" data-testid="dataset-name">{ &s.label }</span>
                    <span class="rows" data-testid="rows-loaded">{ status.clone().unwrap_or_default() }</span>
                    if s.local.is_some() {
                        <button onclick={upload} data-testid="upload">{ "Upload to the store" }</button>
                    }
                }
                if source.as_ref().is_some_and(|s| s.path.is_some()) {
                    <SamplePicker choice={(*sample).clone()} on_pick={on_sample}
                        columns={source.as_ref().map(|s| s.table.column_names()).unwrap_or_default()}
                        columns_shown={columns.clone()} collected={(*collected).clone()} />
                }
                if source.is_some() {
                    <button data-testid="columns-button" title="find a column, see every column's type and quality"
                        onclick={let open = columns_open.clone(); Callback::from(move |_: MouseEvent| open.set(true))}>
                        { format!("Columns ({})", grid_profiles.len()) }
                    </button>
                }
                <label class="size-picker">{ "working set " }
                    <select onchange={on_size}>
                        { for SIZES.iter().map(|n| html! {
                            <option value={n.to_string()} selected={*n == *rows_cap}>{ format!("{n} rows") }</option>
                        }) }
                    </select>
                </label>
                <button class={classes!("jobs-button", jobs_page_shown.then_some("chosen"))} data-testid="jobs-button"
                    title="every job of the server, with its figures"
                    onclick={show_jobs_page.reform(move |_: MouseEvent| !jobs_page_shown)}>
                    { if live_jobs > 0 { format!("Jobs ({live_jobs} running)") } else { "Jobs".to_string() } }
                </button>
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
            if jobs_page_shown {
                <JobsPage jobs={(*jobs).clone()} schedules={(*schedules).clone()}
                    on_cancel={on_cancel_job.clone()} on_open={open_from_jobs_page}
                    on_download={on_download_output.clone()} on_run={on_run_job.clone()}
                    on_close={show_jobs_page.reform(|_| false)} />
            }
            // Hidden, not removed, while the jobs page is shown: nothing typed is lost.
            <div class="main" hidden={jobs_page_shown}>
                <Datasets listing={(*listing).clone()} recipes={(*recipes).clone()}
                    open={source.as_ref().and_then(|s| s.path.clone())}
                    on_navigate={navigate} on_open={open_dataset_asking.clone()}
                    on_open_recipe={on_open_recipe} on_file={on_file} />
                <section class="work">
                    if let Some(c) = collecting.as_ref() {
                        <SampleProgressBar description={c.description.clone()} progress={c.progress}
                            on_cancel={cancel_sample} />
                    } else if let Some(l) = loading.as_ref() {
                        <div class="loading">{ l }</div>
                    }
                    if let (Some(cond), Some(rows)) = (selection_condition, selected_rows.as_ref()) {
                        <SelectionBar condition={cond.condition.clone()} rows={rows.iter().filter(|r| **r).count()}
                            before={before_settype.clone()}
                            on_step={selection_step(before_settype.as_ref(), &write_step, &write_step_before, &clear_selection)}
                            on_clear={clear_selection} />
                    }
                    if let Some(table) = grid_table {
                        <Grid table={table} profiles={grid_profiles.clone()} change={grid_change} removing={removing}
                            selected_rows={selected_rows.clone()} selection={(*selection).clone()}
                            on_pick={on_pick.clone()} on_menu={on_menu}
                            on_values={let v = values_for.clone(); Callback::from(move |c: String| v.set(Some(c)))} />
                    } else if source.is_none() {
                        <div class="welcome">
                            <h2>{ "Open a dataset" }</h2>
                            <p>{ "Pick one from the store on the left (the demo folder has the 2013 New York flights), or drop a file." }</p>
                        </div>
                    }
                    <CommandLine value={(*command).clone()} columns={columns}
                        problems={candidate.as_ref().map(|c| c.problems.clone()).unwrap_or_default()}
                        summary={candidate.as_ref().and_then(|c| c.change.as_ref().map(|ch| crate::steps::preview_words::preview_words(&c.text, ch)))}
                        editing={editing.map(|i| i + 1)} inserting={inserting.map(|i| i + 1)}
                        on_change={on_command} on_submit={on_submit} on_cancel={on_cancel} />
                </section>
                <RecipePanel steps={recipe.steps.clone()} shown={recipe.shown()}
                    errors={view.errors.clone()} rows={view.rows.clone()} broken={view.broken.clone()}
                    editing={*editing} text={recipe.text()} trailing={recipe.trailing_comments()}
                    name={recipe.name.clone()} version={recipe.version} versions={(*versions).clone()}
                    dirty={recipe.dirty} can_undo={recipe.can_undo()} can_redo={recipe.can_redo()}
                    on_edit={on_edit} on_begin_edit={on_begin_edit} on_save={on_save}
                    on_open_version={on_open_version} on_download={on_download} on_new={new_recipe}>
                    <InputsPanel names={input_names} paths={inputs.paths.clone()}
                        datasets={listing.datasets.clone()} on_bind={on_bind} />
                    <JobsPanel jobs={(*jobs).clone()} recipe={recipe.name.clone()} version={recipe.version}
                        dirty={recipe.dirty} on_run={on_run_job} on_cancel={on_cancel_job}
                        on_open={open_dataset_asking.clone()} on_download={on_download_output}
                        schedules={(*schedules).clone()} scheduled={(*scheduled).clone()}
                        on_schedule={on_schedule} on_schedule_action={on_schedule_action}
                        on_show_all={show_jobs_page.reform(|_| true)} />
                </RecipePanel>
            </div>
            if let Some(profile) = values_for.as_ref().and_then(|c| grid_profiles.iter().find(|p| &p.name == c)) {
                <ValuesList profile={profile.clone()} on_pick={on_pick}
                    on_close={let v = values_for.clone(); Callback::from(move |_: ()| v.set(None))} />
            }
            if *columns_open {
                <ColumnList profiles={grid_profiles.clone()}
                    on_close={let open = columns_open.clone(); Callback::from(move |_: ()| open.set(false))}
                    on_jump={jump_to_column(&grid_profiles, &columns_open)} />
            }
            if let (Some(j), Some(left)) = (joining.as_ref(), view.table.as_ref()) {
                <JoinDialog key={j.path.clone()} left={left.clone()} name={j.name.clone()} path={j.path.clone()}
                    right={j.table.clone()} column={j.column.clone()}
                    datasets={listing.datasets.iter().filter(|d| Some(&d.path) != source.as_ref().and_then(|s| s.path.as_ref())).cloned().collect::<Vec<_>>()}
                    on_dataset={let (on_join, column) = (on_join.clone(), j.column.clone()); Callback::from(move |path: String| on_join.emit((path, column.clone())))}
                    on_step={let (write, joining) = (write_step.clone(), joining.clone()); Callback::from(move |step: String| { joining.set(None); write.emit(step) })}
                    on_close={let joining = joining.clone(); Callback::from(move |_: ()| joining.set(None))} />
            }
            if let Some(column) = menu_for.as_ref() {
                <ColumnMenu column={column.clone()} kind={menu_kind}
                    datasets={listing.datasets.iter().filter(|d| Some(&d.path) != source.as_ref().and_then(|s| s.path.as_ref())).cloned().collect::<Vec<_>>()}
                    on_step={write_step.clone()} on_close={close_menu.clone()}
                    on_join={let (on_join, close) = (on_join.clone(), close_menu.clone()); Callback::from(move |pick| { close.emit(()); on_join.emit(pick) })} />
            }
        </div>
    }
}

/// A column picked in the list of columns: the list closes and the grid shows it.
fn jump_to_column(
    profiles: &Rc<Vec<ColumnProfile>>,
    open: &UseStateHandle<bool>,
) -> Callback<String> {
    let (profiles, open) = (profiles.clone(), open.clone());
    Callback::from(move |name: String| {
        open.set(false);
        if profiles.iter().any(|p| p.name == name) {
            super::grid::show_column(&name);
        }
    })
}

/// Where a selection's step is written: in the command line to go after the step shown, or
/// before the `settype` whose text its condition reads (the selection, of the rows after
/// it, is let go).
fn selection_step(
    before: Option<&(usize, String)>,
    write_step: &Callback<String>,
    write_step_before: &Callback<(usize, String)>,
    clear_selection: &Callback<()>,
) -> Callback<String> {
    match before {
        Some(&(at, _)) => {
            let (write, clear) = (write_step_before.clone(), clear_selection.clone());
            Callback::from(move |text: String| {
                clear.emit(());
                write.emit((at, text))
            })
        }
        None => write_step.clone(),
    }
}

/// Opening a saved recipe, or another version of the one open, empties the command line.
fn open_recipe_from(
    recipe: &UseReducerHandle<crate::state::RecipeState>,
    open_recipe: &Callback<(String, Option<u32>)>,
    clear_command: &Callback<()>,
) -> (Callback<String>, Callback<u32>) {
    let on_open_recipe = {
        let open_recipe = open_recipe.clone();
        let clear_command = clear_command.clone();
        Callback::from(move |name: String| {
            clear_command.emit(());
            open_recipe.emit((name, None))
        })
    };
    let on_open_version = {
        let open_recipe = open_recipe.clone();
        let clear_command = clear_command.clone();
        let recipe = recipe.clone();
        Callback::from(move |v: u32| {
            if let Some(name) = recipe.name.clone() {
                clear_command.emit(());
                open_recipe.emit((name, Some(v)))
            }
        })
    };
    (on_open_recipe, on_open_version)
}

/// A join being set up: the column whose menu asked for it, and the other dataset (the
/// name the recipe reads it by, its path, its rows).
#[derive(Clone, PartialEq)]
struct Joining {
    column: String,
    name: String,
    path: String,
    table: Table,
}

/// A dataset picked to join with (in a column's menu, or in the join dialog): it is read
/// and bound to its name, then the dialog shows it.
fn join_from(
    joining: &UseStateHandle<Option<Joining>>,
    bind_input: &BindInput,
) -> Callback<(String, String)> {
    let joining = joining.clone();
    let bind_input = bind_input.clone();
    Callback::from(move |(path, column): (String, String)| {
        let name = menu::table_name(&path);
        let joining = joining.clone();
        let (for_name, for_path) = (name.clone(), path.clone());
        let then = Callback::from(move |table: Table| {
            joining.set(Some(Joining {
                column: column.clone(),
                name: for_name.clone(),
                path: for_path.clone(),
                table,
            }))
        });
        bind_input.emit((name, path, Some(then)));
    })
}

/// Picking rows, opening and closing a column's menu, dismissing the notice.
struct Choices {
    on_pick: Callback<Selection>,
    on_menu: Callback<String>,
    close_menu: Callback<()>,
    clear_selection: Callback<()>,
    dismiss: Callback<MouseEvent>,
}

fn choices(
    selection: &UseStateHandle<Option<Selection>>,
    menu_for: &UseStateHandle<Option<String>>,
    notice: &UseStateHandle<Option<Notice>>,
) -> Choices {
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
    let dismiss = {
        let notice = notice.clone();
        Callback::from(move |_: MouseEvent| notice.set(None))
    };
    Choices {
        on_pick,
        on_menu,
        close_menu,
        clear_selection,
        dismiss,
    }
}

/// What the grid shows (the previewed step, or the step shown), the rows selected in it,
/// the columns the command line completes, how long the preview took, and the rows loaded.
struct Shown {
    grid_table: Option<Table>,
    grid_profiles: Rc<Vec<ColumnProfile>>,
    grid_change: Option<Rc<Change>>,
    removing: bool,
    selected_rows: Option<Rc<Vec<bool>>>,
    selection_condition: Option<RowCondition>,
    columns: Vec<String>,
    preview_ms: f64,
    status: Option<String>,
}

fn shown(
    view: &View,
    candidate: &Option<Candidate>,
    selection: &Option<Selection>,
    source: &Option<Source>,
) -> Shown {
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
    let selected_rows = match (selection, &grid_table) {
        (Some(sel), Some(table)) => grid_profiles
            .iter()
            .find(|p| p.name == sel.column)
            .map(|p| Rc::new(sel.rows(table, p))),
        _ => None,
    };
    let selection_condition = match (selection, &grid_table) {
        (Some(sel), Some(table)) => grid_profiles
            .iter()
            .find(|p| p.name == sel.column)
            .map(|p| sel.row_condition(table, p)),
        _ => None,
    };
    let columns = view
        .table
        .as_ref()
        .map(Table::column_names)
        .unwrap_or_default();
    let preview_ms = candidate.as_ref().map(|c| c.millis).unwrap_or(view.millis);
    Shown {
        grid_table,
        grid_profiles,
        grid_change,
        removing,
        selected_rows,
        selection_condition,
        columns,
        preview_ms,
        status: source.as_ref().map(status),
    }
}

/// How much of the dataset the working set holds, and which rows.
fn status(s: &Source) -> String {
    let loaded = s.table.num_rows();
    match (&s.sample, s.total) {
        (_, Some(t)) if t as usize == loaded => format!("all {loaded} rows"),
        (Some(sample), Some(t)) => format!(
            "{loaded} {sample}, of {t} rows ({})",
            share(loaded as u64, t)
        ),
        (Some(sample), None) => format!("{loaded} {sample}, of {}", size(s.bytes)),
        (None, Some(t)) => format!("the first {loaded} of {t} rows"),
        (None, None) => format!("the first {loaded} rows of {}", size(s.bytes)),
    }
}

/// A part of a whole as a percentage people read: 5.9%, 0.6%, under 0.1%.
fn share(part: u64, whole: u64) -> String {
    let percent = part as f64 * 100.0 / whole.max(1) as f64;
    if percent < 0.1 {
        "under 0.1%".into()
    } else if percent < 10.0 {
        format!("{percent:.1}%")
    } else {
        format!("{percent:.0}%")
    }
}
