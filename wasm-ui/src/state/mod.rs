//! The app's state that is not the page: the recipe being edited, with undo and redo, the
//! datasets its names are bound to, and the pipeline (every step applied to the working
//! set, the step shown, the preview). Pure and tested natively; the components dispatch
//! edits to it and draw it.

pub mod conversion_warning;
pub mod inputs;
pub mod pipeline;
pub mod problems;
pub mod recipe;
pub mod sample;

pub use inputs::BoundInputs;
pub use recipe::{Edit, RecipeState, StepEntry};
pub use sample::SampleChoice;
