//! What runs when the working set, the recipe or the command line changes: every step
//! applied (from the cache of step outcomes where it can) and the step typed in the
//! command line, or written by a menu, previewed on the table the grid shows.

use crate::engine::memo::Memo;
use crate::engine::profile::Selection;
use crate::engine::Runner;
use crate::state::pipeline::{
    compute, is_header, preview, warm_up, Cache, Candidate, Source, View,
};
use crate::state::{BoundInputs, Edit, RecipeState};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::platform::spawn_local;
use yew::prelude::*;

/// What applies steps, and the tables it has read, kept for as long as the app is shown.
struct Engine {
    runner: Rc<Runner>,
    memo: Rc<Memo>,
}

/// What the steps gave, the step previewed, the command line, and what edits them.
pub(super) struct Pipeline {
    pub(super) view: UseStateHandle<View>,
    pub(super) candidate: UseStateHandle<Option<Candidate>>,
    pub(super) command: UseStateHandle<String>,
    /// The step being edited in the command line, if it is not a new one.
    pub(super) editing: UseStateHandle<Option<usize>>,
    /// Where the new step in the command line goes when not after the step shown: before
    /// this step (previewed on the table before it).
    pub(super) inserting: UseStateHandle<Option<usize>>,
    pub(super) on_command: Callback<String>,
    /// Empties the command line (nothing edited, nothing previewed).
    pub(super) clear_command: Callback<()>,
    pub(super) on_submit: Callback<String>,
    pub(super) on_cancel: Callback<()>,
    /// Puts a step (written by a menu) in the command line.
    pub(super) write_step: Callback<String>,
    /// Puts a step in the command line to go before the step at this position.
    pub(super) write_step_before: Callback<(usize, String)>,
    pub(super) on_edit: Callback<Edit>,
    pub(super) on_begin_edit: Callback<usize>,
}

#[hook]
pub(super) fn use_pipeline(
    recipe: &UseReducerHandle<RecipeState>,
    source: &UseStateHandle<Option<Source>>,
    inputs: &UseReducerHandle<BoundInputs>,
    cache: &Cache,
    selection: &UseStateHandle<Option<Selection>>,
    menu_for: &UseStateHandle<Option<String>>,
) -> Pipeline {
    let view = use_state(View::default);
    let command = use_state(String::new);
    let editing = use_state(|| None::<usize>);
    let inserting = use_state(|| None::<usize>);
    let engine = Engine {
        runner: use_memo((), |_| Runner::new()),
        memo: use_memo((), |_| Memo::default()),
    };

    use_steps_applied(recipe, source, inputs, cache, &view, &engine);
    // A step edited, or one inserted, is previewed on the table before its place.
    let placed = (*editing).or(*inserting);
    let candidate = use_preview(source, inputs, &view, &command, placed, &engine);

    let clear_command = {
        let command = command.clone();
        let editing = editing.clone();
        let inserting = inserting.clone();
        let candidate = candidate.clone();
        Callback::from(move |_: ()| {
            command.set(String::new());
            editing.set(None);
            inserting.set(None);
            candidate.set(None);
        })
    };
    Pipeline {
        on_command: {
            let command = command.clone();
            Callback::from(move |text: String| command.set(text))
        },
        on_submit: on_submit(
            recipe,
            (&editing, &inserting),
            &candidate,
            selection,
            &clear_command,
        ),
        on_cancel: {
            let clear_command = clear_command.clone();
            Callback::from(move |_: ()| clear_command.emit(()))
        },
        write_step: write_step(&command, menu_for, (&editing, &inserting)),
        write_step_before: {
            let (command, recipe) = (command.clone(), recipe.clone());
            let (editing, inserting) = (editing.clone(), inserting.clone());
            Callback::from(move |(at, text): (usize, String)| {
                // The data shown is the table before that step.
                recipe.dispatch(Edit::Select(at.checked_sub(1)));
                editing.set(None);
                inserting.set(Some(at));
                command.set(text);
                focus_command_line();
            })
        },
        on_edit: {
            let recipe = recipe.clone();
            let clear_command = clear_command.clone();
            Callback::from(move |e: Edit| {
                if !matches!(e, Edit::Select(_)) {
                    clear_command.emit(());
                }
                recipe.dispatch(e)
            })
        },
        on_begin_edit: on_begin_edit(recipe, &command, &editing),
        clear_command,
        view,
        candidate,
        command,
        editing,
        inserting,
    }
}

/// Every step applied, whenever the working set, the steps or the step shown change.
#[hook]
fn use_steps_applied(
    recipe: &UseReducerHandle<RecipeState>,
    source: &UseStateHandle<Option<Source>>,
    inputs: &UseReducerHandle<BoundInputs>,
    cache: &Cache,
    view: &UseStateHandle<View>,
    engine: &Engine,
) {
    let warmed = use_mut_ref(|| false);
    let view = view.clone();
    let runner = engine.runner.clone();
    let memo = engine.memo.clone();
    let cache = cache.clone();
    let steps = recipe.steps.clone();
    let shown = recipe.shown();
    let deps = ((**source).clone(), steps, shown, (**inputs).clone());
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

/// The step in the command line, previewed on the table shown.
#[hook]
fn use_preview(
    source: &UseStateHandle<Option<Source>>,
    inputs: &UseReducerHandle<BoundInputs>,
    view: &UseStateHandle<View>,
    command: &UseStateHandle<String>,
    placed: Option<usize>,
    engine: &Engine,
) -> UseStateHandle<Option<Candidate>> {
    let candidate = use_state(|| None::<Candidate>);
    let preview_generation = use_mut_ref(|| 0u64);
    let handle = candidate.clone();
    let runner = engine.runner.clone();
    let memo = engine.memo.clone();
    let deps = (
        (**command).clone(),
        view.table.clone(),
        (**inputs).clone(),
        placed,
    );
    let source = source.clone();
    use_effect_with(deps, move |(text, shown, inputs, placed)| {
        *preview_generation.borrow_mut() += 1;
        let this = *preview_generation.borrow();
        // Editing step N, or adding one before it, previews on the table before step N.
        let before = match placed {
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
    handle
}

/// The step in the command line added to the recipe (or put in place of the one edited),
/// unless its preview found an error.
fn on_submit(
    recipe: &UseReducerHandle<RecipeState>,
    (editing, inserting): (
        &UseStateHandle<Option<usize>>,
        &UseStateHandle<Option<usize>>,
    ),
    candidate: &UseStateHandle<Option<Candidate>>,
    selection: &UseStateHandle<Option<Selection>>,
    clear_command: &Callback<()>,
) -> Callback<String> {
    let recipe = recipe.clone();
    let editing = editing.clone();
    let inserting = inserting.clone();
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
        match (*editing, *inserting) {
            (Some(at), _) => recipe.dispatch(Edit::Replace { at, text }),
            (None, Some(at)) => recipe.dispatch(Edit::Insert { at, text }),
            // `header` says how the dataset is read: it is always the first step.
            (None, None) if is_header(&text) => recipe.dispatch(Edit::Insert { at: 0, text }),
            (None, None) => recipe.dispatch(Edit::Insert {
                at: recipe.insertion_point(),
                text,
            }),
        }
        // The rows selected were those of the table before the step.
        selection.set(None);
        clear_command.emit(());
    })
}

fn write_step(
    command: &UseStateHandle<String>,
    menu_for: &UseStateHandle<Option<String>>,
    (editing, inserting): (
        &UseStateHandle<Option<usize>>,
        &UseStateHandle<Option<usize>>,
    ),
) -> Callback<String> {
    let command = command.clone();
    let menu_for = menu_for.clone();
    let (editing, inserting) = (editing.clone(), inserting.clone());
    Callback::from(move |text: String| {
        menu_for.set(None);
        editing.set(None);
        inserting.set(None);
        command.set(text);
        focus_command_line();
    })
}

/// The command line takes the focus (to add the step written there with Enter).
fn focus_command_line() {
    if let Some(input) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("command"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        let _ = input.focus();
    }
}

/// A step of the recipe put in the command line to be edited.
fn on_begin_edit(
    recipe: &UseReducerHandle<RecipeState>,
    command: &UseStateHandle<String>,
    editing: &UseStateHandle<Option<usize>>,
) -> Callback<usize> {
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
}
