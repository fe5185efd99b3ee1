//! Talking to `wrangle serve`: its JSON API (`docs/api.md`) and the types it answers with.

pub mod address;
pub mod api;
pub mod draft;
pub mod save_file;
pub mod sleep;
pub mod types;
