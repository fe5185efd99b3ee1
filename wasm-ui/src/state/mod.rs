//! The app's state that is not the page: the recipe being edited, with undo and redo. Pure
//! and tested natively; the components dispatch edits to it.

pub mod recipe;

pub use recipe::{Edit, RecipeState, StepEntry};
