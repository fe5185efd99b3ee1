//! Steps as text: what the menus write into the recipe (always the language's canonical
//! form), each step in plain words for the recipe panel and for its preview, and
//! autocomplete for typing.

pub mod complete;
pub mod describe;
pub mod join_plan;
pub mod menu;
pub mod preview_words;
