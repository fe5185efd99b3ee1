//! `wrangle serve`: the browser app's files and its JSON API over a store (a local folder,
//! seeded with the demo dataset, or an S3 prefix). The API is documented in `docs/api.md`.

mod api;
mod auth;
mod demo;
mod download;
mod error;
mod hosts;
mod ids;
pub mod jobs;
mod recipes;
mod row_counts;
mod samples;
pub mod schedules;
mod static_files;
mod store;
mod working_set;

pub use api::{router, router_with_hosts, AppState, Limits};
pub use auth::Access;
pub use demo::seed_demo;
pub use error::ApiError;
pub use hosts::{parse_allowed_host, AllowedHosts};
pub use jobs::JobSettings;
pub use schedules::Schedules;
pub use store::{Store, StoreKey};
