//! The demo dataset every new local store starts with, so `wrangle serve` opens a working
//! app with no set-up: the 2013 New York City flights (nycflights13), the airlines they
//! name, and a recipe over them.

use super::error::ApiError;
use super::recipes;
use super::store::{Store, StoreKey};

const FLIGHTS: &[u8] = include_bytes!("../../../data/nycflights13/flights.csv.gz");
const AIRLINES: &[u8] = include_bytes!("../../../data/nycflights13/airlines.csv");
const RECIPE: &str = include_str!("../../../examples/flights/delays_by_carrier.wrangle");

/// The folder of the store the demo dataset is written to.
pub const FOLDER: &str = "demo";

/// Writes the demo dataset into a store that has no `demo/` folder yet (and leaves a store
/// alone that has one, or where the user deleted it after the first start: a marker says
/// it was seeded).
pub async fn seed_demo(store: &Store) -> Result<bool, ApiError> {
    let marker = StoreKey::parse(".wrangle-demo-seeded")?;
    if store.head(&marker).await.is_ok() {
        return Ok(false);
    }
    let folder = StoreKey::parse(FOLDER)?;
    store
        .put(&folder.child("flights.csv.gz")?, FLIGHTS.into())
        .await?;
    store
        .put(&folder.child("airlines.csv")?, AIRLINES.into())
        .await?;
    // It opens with the data it was written on.
    let data = recipes::RecipeData {
        dataset: "demo/flights.csv.gz".into(),
        inputs: [("airlines".to_string(), "demo/airlines.csv".to_string())].into(),
    };
    recipes::save(store, "delays by carrier", RECIPE, Some(data)).await?;
    store.put(&marker, b"demo/\n".to_vec().into()).await?;
    Ok(true)
}
