//! Samples of a whole dataset through the working-set API (`docs/api.md`): random rows
//! (their number, the same rows for the same seed, a column distributed as in the whole
//! dataset), stratified rows (every value with its minimum), the rows a condition keeps,
//! the rows with anomalies after the recipe's steps, the byte cap, a sample kept in the
//! store, reused and listed, and the progress of one being collected.

mod common;

use common::batches::{read_ipc, texts};
use common::server::{get, start, Server};
use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::datatypes::Int64Type;
use std::collections::BTreeMap;
use wrangle_executor::serve::Limits;

/// A sample's answer: its status, rows and headers (or the error's text).
async fn answer(
    response: reqwest::Response,
) -> (u16, Vec<RecordBatch>, BTreeMap<String, String>, String) {
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .filter(|(name, _)| name.as_str().starts_with("x-wrangle"))
        .map(|(name, value)| (name.to_string(), value.to_str().unwrap().to_string()))
        .collect();
    let bytes = response.bytes().await.unwrap();
    if status != 200 {
        let text = String::from_utf8_lossy(&bytes).into();
        return (status, Vec::new(), headers, text);
    }
    (status, read_ipc(bytes), headers, String::new())
}

/// The sample's rows, and its headers.
async fn sample(server: &Server, query: &str) -> (Vec<RecordBatch>, BTreeMap<String, String>) {
    let response = get(
        server,
        &format!("/api/datasets/working-set?path=demo/flights.csv.gz&{query}"),
    )
    .await;
    let (status, rows, headers, error) = answer(response).await;
    assert_eq!(status, 200, "{query}: {error}");
    (rows, headers)
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
    let kept: Vec<String> = std::fs::read_dir(server.root.join(".wrangle/samples"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(kept.len(), 2, "the sample and what it is: {kept:?}");
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

/// The sample a `POST` asks for: its status, rows and headers (or the error's text).
async fn posted(
    server: &Server,
    request: serde_json::Value,
) -> (u16, Vec<RecordBatch>, BTreeMap<String, String>, String) {
    let response = reqwest::Client::new()
        .post(format!("{}/api/datasets/working-set", server.base))
        .json(&request)
        .send()
        .await
        .unwrap();
    answer(response).await
}

/// How many cells of a column are empty.
fn missing(batches: &[RecordBatch], name: &str) -> usize {
    batches
        .iter()
        .map(|b| b.column_by_name(name).unwrap().null_count())
        .sum()
}

#[tokio::test]
async fn an_anomaly_sample_has_the_rows_missing_a_value_after_the_steps() {
    let server = start(None, Limits::default()).await;
    // `speed` is missing where `air_time` is (the cancelled flights, 9,430 of the year).
    let anomaly = |steps: &str, columns: &[&str]| {
        serde_json::json!({
            "path": "demo/flights.csv.gz",
            "rows": 500,
            "sample": { "kind": "anomaly", "columns": columns, "steps": steps },
        })
    };
    let steps = "derive speed = distance / air_time * 60\nkeep carrier, speed";
    let (status, rows, headers, error) = posted(&server, anomaly(steps, &["speed"])).await;
    assert_eq!(status, 200, "{error}");
    assert_eq!(headers["x-wrangle-rows"], "500");
    assert_eq!(
        headers["x-wrangle-sample"],
        "rows missing or mismatched in speed after the steps"
    );
    // The dataset's own rows (every column), each one without an air time, in file order.
    assert!(rows[0].column_by_name("dep_delay").is_some());
    assert_eq!(missing(&rows, "air_time"), 500);
    let flights = texts(&rows, "flight");
    assert_eq!(flights.len(), 500);
    // A value a `settype` could not convert counts too: every tail number is not a number
    // (2,512 flights have none at all), so the sample is the first rows.
    let (_, typed, _, error) =
        posted(&server, anomaly("settype tailnum integer", &["tailnum"])).await;
    assert_eq!(
        typed.iter().map(RecordBatch::num_rows).sum::<usize>(),
        500,
        "{error}"
    );
    // Steps after which a row is no longer one of the dataset's are refused, naming the step.
    let (status, _, _, error) = posted(
        &server,
        anomaly(
            "derive late = dep_delay > 0\naggregate by carrier: n = count()",
            &["n"],
        ),
    )
    .await;
    assert_eq!(status, 400);
    assert!(error.contains("after step 2 (aggregate)"), "{error}");
    let (status, _, _, error) = posted(&server, anomaly("drop year", &["yeer"])).await;
    assert_eq!(status, 400);
    assert!(
        error.contains("`yeer` is not a column after the steps"),
        "{error}"
    );
    // Steps that read another dataset have it bound.
    let joined = serde_json::json!({
        "path": "demo/flights.csv.gz",
        "rows": 50,
        "sample": {
            "kind": "anomaly",
            "columns": ["name"],
            "steps": "lookup airlines on carrier = airlines.carrier columns name",
            "inputs": {},
        },
    });
    let (status, _, _, error) = posted(&server, joined.clone()).await;
    assert_eq!(status, 400);
    assert!(error.contains("the steps read airlines"), "{error}");
    let mut bound = joined;
    bound["sample"]["inputs"] = serde_json::json!({ "airlines": "demo/airlines.csv" });
    let (status, rows, _, error) = posted(&server, bound).await;
    assert_eq!(status, 200, "{error}");
    // Every carrier of the year has its name: no row has an anomaly.
    assert_eq!(rows.iter().map(RecordBatch::num_rows).sum::<usize>(), 0);
}

#[tokio::test]
async fn a_sample_over_its_byte_cap_leaves_rows_out_and_says_so() {
    let server = start(None, Limits::default()).await;
    let (rows, headers) = sample(&server, "rows=20000&sample=random&seed=2&bytes=200000").await;
    assert_eq!(headers["x-wrangle-cut-to-bytes"], "200000");
    let kept: usize = rows.iter().map(RecordBatch::num_rows).sum();
    assert!((500..20_000).contains(&kept), "{kept} rows");
    assert_eq!(headers["x-wrangle-rows"], kept.to_string());
    // Still from the whole year, not its start.
    let months = integers(&rows, "month");
    assert!((1..=12).all(|m| months.contains(&m)));
    // A cap beyond the server's limit is refused.
    let response = get(
        &server,
        "/api/datasets/working-set?path=demo/flights.csv.gz&bytes=999999999999",
    )
    .await;
    assert_eq!(response.status(), 400);
}

#[tokio::test]
async fn the_samples_kept_for_a_dataset_are_listed_until_it_changes() {
    let server = start(None, Limits::default()).await;
    sample(&server, "rows=100&sample=random&seed=5").await;
    sample(&server, "rows=100&sample=filter&where=month%20%3D%202").await;
    let listed = || async {
        let (status, body) =
            common::server::json(get(&server, "/api/samples?path=demo/flights.csv.gz").await).await;
        assert_eq!(status, 200, "{body}");
        body.as_array().unwrap().clone()
    };
    let kept = listed().await;
    assert_eq!(kept.len(), 2, "{kept:?}");
    let kinds: Vec<&str> = kept
        .iter()
        .map(|k| k["sample"]["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"random") && kinds.contains(&"filter"),
        "{kinds:?}"
    );
    let random = kept
        .iter()
        .find(|k| k["sample"]["kind"] == "random")
        .unwrap();
    assert_eq!(random["rows"], 100);
    assert_eq!(random["description"], "random rows (seed 5)");
    // The dataset changes: its samples no longer apply.
    let flights = server.root.join("demo/flights.csv.gz");
    let bytes = std::fs::read(&flights).unwrap();
    std::fs::write(&flights, &bytes[..]).unwrap();
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
    std::fs::File::options()
        .write(true)
        .open(&flights)
        .unwrap()
        .set_modified(later)
        .unwrap();
    assert!(listed().await.is_empty());
}

#[tokio::test]
async fn a_sample_being_collected_has_progress_and_can_be_cancelled() {
    let server = start(None, Limits::default()).await;
    // Nothing of an unknown name.
    assert_eq!(
        get(&server, "/api/samples/progress/nothing").await.status(),
        404
    );
    let cancel = reqwest::Client::new()
        .post(format!(
            "{}/api/samples/progress/nothing/cancel",
            server.base
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(cancel.status(), 404);
    // A collection followed by name answers as any other, and its name is free after.
    let (rows, _) = sample(&server, "rows=100&sample=random&seed=9&collect=c1").await;
    assert_eq!(rows.iter().map(RecordBatch::num_rows).sum::<usize>(), 100);
    assert_eq!(get(&server, "/api/samples/progress/c1").await.status(), 404);
}

#[tokio::test]
async fn wrangle_sample_takes_a_sample_from_a_running_server_and_lists_those_kept() {
    let server = start(None, Limits::default()).await;
    let out = tempfile::tempdir().unwrap();
    let csv = out.path().join("sample.csv");
    let wrangle = |args: Vec<String>| {
        let base = server.base.clone();
        async move {
            tokio::process::Command::new(env!("CARGO_BIN_EXE_wrangle"))
                .arg("sample")
                .args(args)
                .args(["--server", &base])
                .env("NO_COLOR", "1")
                .output()
                .await
                .unwrap()
        }
    };
    let taken = wrangle(vec![
        "demo/flights.csv.gz".into(),
        "--kind".into(),
        "random".into(),
        "--rows".into(),
        "50".into(),
        "--seed".into(),
        "3".into(),
        "--output".into(),
        csv.display().to_string(),
    ])
    .await;
    let said = String::from_utf8_lossy(&taken.stderr);
    assert!(taken.status.success(), "{said}");
    assert!(
        said.contains("50 of 336776 rows: random rows (seed 3)"),
        "{said}"
    );
    let written = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(written.lines().count(), 51, "a header and 50 rows");
    assert!(written.starts_with("year,month,day,"), "{written}");
    // The same rows as the app gets for that seed.
    let (rows, _) = sample(&server, "rows=50&sample=random&seed=3").await;
    let first_flight = texts(&rows, "flight")[0].clone();
    let first_line = written.lines().nth(1).unwrap();
    assert!(
        first_line.contains(&format!(",{first_flight},")),
        "{first_line}"
    );
    let listed = wrangle(vec!["demo/flights.csv.gz".into(), "--list".into()]).await;
    let listing = String::from_utf8_lossy(&listed.stdout);
    assert!(
        listing.contains("random rows (seed 3) · 50 rows"),
        "{listing}"
    );
    // A mistake is the server's message, without a backtrace.
    let wrong = wrangle(vec![
        "demo/flights.csv.gz".into(),
        "--kind".into(),
        "filter".into(),
        "--where".into(),
        "carier = 1".into(),
    ])
    .await;
    let said = String::from_utf8_lossy(&wrong.stderr);
    assert!(!wrong.status.success());
    assert!(said.contains("unknown column `carier`"), "{said}");
    assert!(!said.contains("panicked"), "{said}");
}
