//! The app's state that is not the page: the recipe being edited, with undo and redo, and
//! the datasets its names are bound to. Pure and tested natively; the components dispatch
//! edits to it.

pub mod inputs;
pub mod recipe;

pub use inputs::BoundInputs;
pub use recipe::{Edit, RecipeState, StepEntry};
