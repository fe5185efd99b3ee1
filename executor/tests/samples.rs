//! Samples of a whole dataset through the working-set API (`docs/api.md`): random rows
//! (their number, the same rows for the same seed, a column distributed as in the whole
//! dataset), stratified rows (every value with its minimum), the rows a condition keeps,
//! and a sample kept in the store and reused.

mod common;

use common::server::{get, start, Server};
use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::datatypes::Int64Type;
use datafusion::arrow::ipc::reader::StreamReader;
use std::collections::BTreeMap;
use wrangle_executor::serve::Limits;

/// The sample's rows, and its headers.
async fn sample(server: &Server, query: &str) -> (Vec<RecordBatch>, BTreeMap<String, String>) {
    let response = get(
        server,
        &format!("/api/datasets/working-set?path=demo/flights.csv.gz&{query}"),
    )
    .await;
    let status = response.status();
    let headers = response
        .headers()
        .iter()
        .filter(|(name, _)| name.as_str().starts_with("x-wrangle"))
        .map(|(name, value)| (name.to_string(), value.to_str().unwrap().to_string()))
        .collect();
    let bytes = response.bytes().await.unwrap();
    assert_eq!(status, 200, "{query}: {}", String::from_utf8_lossy(&bytes));
    let reader = StreamReader::try_new(std::io::Cursor::new(bytes), None).unwrap();
    (reader.map(|b| b.unwrap()).collect(), headers)
}

/// The values of an integer column.
fn integers(batches: &[RecordBatch], name: &str) -> Vec<i64> {
    batches
        .iter()
        .flat_map(|b| {
            let column = b.column_by_name(name).unwrap().as_primitive::<Int64Type>();
            (0..column.len())
                .filter(|&i| column.is_valid(i))
                .map(|i| column.value(i))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn texts(batches: &[RecordBatch], name: &str) -> Vec<String> {
    batches
        .iter()
        .flat_map(|b| {
            let column = b.column_by_name(name).unwrap();
            let column = datafusion::arrow::compute::cast(
                column,
                &datafusion::arrow::datatypes::DataType::Utf8,
            )
            .unwrap();
            let column = column.as_string::<i32>();
            (0..column.len())
                .map(|i| column.value(i).to_string())
                .collect::<Vec<_>>()
        })
        .collect()
}

#[tokio::test]
async fn a_random_sample_is_drawn_from_every_row_and_repeats_with_its_seed() {
    let server = start(None, Limits::default()).await;
    let (rows, headers) = sample(&server, "rows=2000&sample=random&seed=7").await;
    assert_eq!(headers["x-wrangle-rows"], "2000");
    assert_eq!(headers["x-wrangle-total-rows"], "336776");
    assert_eq!(headers["x-wrangle-sample"], "random rows (seed 7)");
    let months = integers(&rows, "month");
    assert_eq!(months.len(), 2000);
    // The first 2,000 rows of the file are all of January; a random sample has every month,
    // each about as often as in the whole year (flights are spread evenly: 1/12 ± a bit).
    for month in 1..=12 {
        let share = months.iter().filter(|m| **m == month).count() as f64 / 2000.0;
        assert!(
            (0.05..0.12).contains(&share),
            "month {month}: {share} of the sample"
        );
    }
    // The rows stay in the file's order, whose months run 1, 10, 11, 12, 2, …, 9.
    let mut runs = months.clone();
    runs.dedup();
    assert_eq!(runs, [1, 10, 11, 12, 2, 3, 4, 5, 6, 7, 8, 9]);
    // The same seed takes the same rows (read again from the store), another seed others.
    let (again, _) = sample(&server, "rows=2000&sample=random&seed=7").await;
    assert_eq!(texts(&again, "flight"), texts(&rows, "flight"));
    let kept = std::fs::read_dir(server.root.join(".wrangle/samples"))
        .unwrap()
        .count();
    assert_eq!(kept, 1, "the sample is kept in the store");
    let (other, _) = sample(&server, "rows=2000&sample=random&seed=8").await;
    assert_ne!(texts(&other, "flight"), texts(&rows, "flight"));
    // The store's listing does not show the samples it keeps.
    let listing = get(&server, "/api/datasets?prefix=")
        .await
        .text()
        .await
        .unwrap();
    assert!(!listing.contains(".wrangle"), "{listing}");
}

#[tokio::test]
async fn a_stratified_sample_has_every_value_with_its_minimum() {
    let server = start(None, Limits::default()).await;
    let (rows, headers) = sample(&server, "rows=500&sample=stratified&by=carrier&min=20").await;
    assert_eq!(headers["x-wrangle-rows"], "500");
    let carriers = texts(&rows, "carrier");
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for c in &carriers {
        *counts.entry(c.as_str()).or_default() += 1;
    }
    // The 16 carriers of the year, even the ones with a few hundred flights (OO: 32).
    assert_eq!(counts.len(), 16, "{counts:?}");
    assert!(counts.values().all(|n| *n >= 20), "{counts:?}");
}

#[tokio::test]
async fn a_filter_sample_keeps_only_the_rows_its_condition_keeps() {
    let server = start(None, Limits::default()).await;
    let (rows, headers) = sample(
        &server,
        "rows=300&sample=filter&where=carrier%20%3D%20%22UA%22%20and%20month%20%3E%2011",
    )
    .await;
    assert_eq!(headers["x-wrangle-rows"], "300");
    assert!(texts(&rows, "carrier").iter().all(|c| c == "UA"));
    // Fewer rows match than asked for: the total is still the dataset's.
    let (few, headers) = sample(
        &server,
        "rows=300&sample=filter&where=carrier%20%3D%20%22OO%22",
    )
    .await;
    assert_eq!(headers["x-wrangle-rows"], "32");
    assert_eq!(headers["x-wrangle-total-rows"], "336776");
    assert_eq!(texts(&few, "carrier").len(), 32);
    assert!(integers(&rows, "month").iter().all(|m| *m == 12));
    // A condition with a mistake is refused with the checker's words.
    let response = get(
        &server,
        "/api/datasets/working-set?path=demo/flights.csv.gz&sample=filter&where=carier%20%3D%20%22UA%22",
    )
    .await;
    assert_eq!(response.status(), 400);
    let body = response.text().await.unwrap();
    assert!(body.contains("unknown column `carier`"), "{body}");
    assert!(body.contains("did you mean `carrier`?"), "{body}");
}
