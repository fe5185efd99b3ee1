//! Talking to `wrangle serve`: its JSON API (`docs/api.md`) and the types it answers with.

pub mod api;
pub mod types;
