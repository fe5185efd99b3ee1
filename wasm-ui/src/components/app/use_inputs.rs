//! The names a recipe reads (joins, lookups, unions), each read from a dataset of the
//! store: at first from the dataset of that file name in the folder shown.

use crate::engine::{files, Table};
use crate::services::api;
use crate::services::types::DatasetListing;
use crate::services::types::Sample;
use crate::state::inputs::named_inputs;
use crate::state::{BoundInputs, RecipeState};
use crate::steps::menu;
use std::rc::Rc;
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
    let set = api::working_set(path, 1_000_000, None, &Sample::First, None).await?;
    files::from_ipc(&set.bytes)
}

/// Reads a dataset for a name: (name, path, what to do with the table once read).
pub(super) type BindInput = Callback<(String, String, Option<Callback<Table>>)>;

/// The tables bound to the recipe's names, the names, and what binds one.
pub(super) struct Inputs {
    pub(super) inputs: UseReducerHandle<BoundInputs>,
    /// The names the recipe's steps read.
    pub(super) names: Vec<String>,
    pub(super) bind: BindInput,
    /// Binds a name to a dataset picked for it.
    pub(super) on_bind: Callback<(String, String)>,
}

#[hook]
pub(super) fn use_inputs(
    recipe: &UseReducerHandle<RecipeState>,
    listing: &UseStateHandle<DatasetListing>,
    fail: &Callback<String>,
) -> Inputs {
    let inputs = use_reducer(BoundInputs::default);
    let bind_input: BindInput = {
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
                        Err(e) => fail.emit(e),
                    }
                });
            },
        )
    };
    let input_names = named_inputs(recipe.steps.iter().map(|s| s.text.as_str()));
    {
        let bind_input = bind_input.clone();
        let bound: Vec<String> = inputs.paths.keys().cloned().collect();
        let deps = (input_names.clone(), (**listing).clone());
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
    let on_bind = {
        let bind_input = bind_input.clone();
        Callback::from(move |(name, path): (String, String)| bind_input.emit((name, path, None)))
    };
    Inputs {
        inputs,
        names: input_names,
        bind: bind_input,
        on_bind,
    }
}
