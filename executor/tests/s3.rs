//! End to end over S3: the nycflights13 data served by an S3-compatible server on loopback
//! (s3s-fs, which checks credentials), recipes using every transform family read from it
//! and write back to it, and their outputs compared with the expected files in
//! `tests/e2e/flights/`. `WRANGLE_UPDATE_EXPECTED=1` rewrites the expected files.

mod common;

use common::batches::{read_ipc, texts};
use common::cli::{data, repo, text, wrangle_with};
use common::s3_server::S3Server;
use std::path::Path;

/// A server with the flights data in bucket `lake` under `nycflights13/`.
fn server_with_flights() -> S3Server {
    let server = S3Server::start();
    let folder = server.bucket("lake").join("nycflights13");
    std::fs::create_dir_all(&folder).unwrap();
    for name in ["flights.csv.gz", "airlines.csv", "planes.csv"] {
        std::fs::copy(data(name), folder.join(name)).unwrap();
    }
    server
}

fn e2e(name: &str) -> String {
    repo()
        .join("tests/e2e/flights")
        .join(name)
        .display()
        .to_string()
}

fn run_on_s3(
    server: &S3Server,
    recipe: &str,
    output: &str,
    extra: &[&str],
) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let mut args = vec![
        "run",
        recipe,
        "--input",
        "s3://lake/nycflights13/flights.csv.gz",
        "--with",
        "airlines=s3://lake/nycflights13/airlines.csv",
        "--with",
        "planes=s3://lake/nycflights13/planes.csv",
        "--output",
        output,
    ];
    args.extend_from_slice(extra);
    wrangle_with(&args, dir.path(), &server.env())
}

fn files_under(folder: &Path) -> Vec<String> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(folder).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path.display().to_string());
        }
    }
    files
}

#[test]
fn recipes_of_every_family_read_from_and_write_to_s3() {
    let server = server_with_flights();
    let bucket = server.bucket("lake");
    for name in ["columns_and_rows", "reshape", "combine"] {
        let output = format!("s3://lake/out/{name}.csv");
        let out = run_on_s3(
            &server,
            &e2e(&format!("{name}.wrangle")),
            &output,
            &["--json"],
        );
        assert_eq!(out.status.code(), Some(0), "{name}: {}", text(&out.stderr));
        let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(summary["rows_in"], 336_776, "{name}");

        // Read back through the server's own folder: what a reader of the bucket sees.
        let written = std::fs::read_to_string(bucket.join(format!("out/{name}.csv"))).unwrap();
        let expected_path = e2e(&format!("{name}.expected.csv"));
        if std::env::var_os("WRANGLE_UPDATE_EXPECTED").is_some() {
            std::fs::write(&expected_path, &written).unwrap();
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap();
        assert_eq!(
            written, expected,
            "{name}: the output differs from {expected_path}"
        );
        assert_eq!(
            summary["rows_out"].as_u64().unwrap() as usize,
            expected.lines().count() - 1
        );
        let manifest: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(bucket.join(format!("out/{name}.csv.manifest.json"))).unwrap(),
        )
        .unwrap();
        assert_eq!(manifest["rows_in"], 336_776);
        assert_eq!(
            manifest["objects"][0]["object"],
            "s3://lake/nycflights13/flights.csv.gz"
        );
        assert!(manifest["objects"][0]["e_tag"].is_string());
    }
    // No temporary object is left in the bucket (the server keeps emptied folders on its
    // disk; S3 has no folders, so only files count).
    let leftovers = files_under(&bucket.join("out"))
        .into_iter()
        .filter(|p| p.contains("wrangle-tmp"))
        .collect::<Vec<_>>();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn folders_partitions_and_overwrite_on_s3() {
    let server = server_with_flights();
    let bucket = server.bucket("lake");
    let recipe = e2e("reshape.wrangle");
    let out = run_on_s3(
        &server,
        &recipe,
        "s3://lake/out/by_carrier",
        &["--partition-by", "carrier"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let folder = bucket.join("out/by_carrier");
    assert!(folder.join("_SUCCESS").is_file());
    let mut partitions: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "_SUCCESS")
        .collect();
    partitions.sort();
    assert_eq!(partitions, ["carrier=AA", "carrier=DL", "carrier=UA"]);
    let rows: usize = partitions
        .iter()
        .flat_map(|p| std::fs::read_dir(folder.join(p)).unwrap())
        .map(|f| {
            std::fs::read_to_string(f.unwrap().path())
                .unwrap()
                .lines()
                .count()
                - 1
        })
        .sum();
    assert_eq!(rows, 18);

    // The same output again is refused; with --overwrite it is replaced.
    let again = run_on_s3(
        &server,
        &recipe,
        "s3://lake/out/by_carrier",
        &["--partition-by", "carrier"],
    );
    assert_eq!(again.status.code(), Some(2));
    assert!(
        text(&again.stderr).contains("already exists; pass --overwrite"),
        "{}",
        text(&again.stderr)
    );
    let replaced = run_on_s3(
        &server,
        &recipe,
        "s3://lake/out/by_carrier",
        &["--overwrite"],
    );
    assert_eq!(
        replaced.status.code(),
        Some(0),
        "{}",
        text(&replaced.stderr)
    );
    let files = files_under(&folder);
    assert!(!files.iter().any(|f| f.contains("carrier=")), "{files:?}");
    assert_eq!(files.len(), 2, "one part and _SUCCESS: {files:?}");
}

#[test]
fn wrong_credentials_a_missing_bucket_and_a_missing_object_get_one_line_each() {
    let server = server_with_flights();
    let dir = tempfile::tempdir().unwrap();
    let recipe = repo().join("tests/e2e/flights/reshape.wrangle");
    let recipe = recipe.to_str().unwrap();
    let attempt = |input: &str, env: Vec<(&'static str, String)>| {
        let out = wrangle_with(
            &["run", recipe, "--input", input, "--output", "out.csv"],
            dir.path(),
            &env,
        );
        assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
        assert!(!Path::new(&dir.path().join("out.csv")).exists());
        let stderr = text(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        stderr
    };
    let wrong: Vec<_> = server
        .env()
        .into_iter()
        .map(|(k, v)| {
            if k == "AWS_SECRET_ACCESS_KEY" {
                (k, "not-the-secret".to_string())
            } else {
                (k, v)
            }
        })
        .collect();
    let refused = attempt("s3://lake/nycflights13/flights.csv.gz", wrong);
    assert!(refused.contains("credentials"), "{refused}");
    let no_bucket = attempt("s3://nowhere/flights.csv.gz", server.env());
    assert!(no_bucket.contains("no such bucket"), "{no_bucket}");
    let no_object = attempt("s3://lake/nycflights13/nope.csv", server.env());
    assert!(no_object.contains("no such file"), "{no_object}");
}

/// `wrangle serve --store URI` with the S3 server's settings: the child, and the address it
/// prints (ending in `/`) once its first line says it serves `uri`.
fn serve_store(server: &S3Server, uri: &str) -> (std::process::Child, String) {
    use std::io::{BufRead, BufReader};
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_wrangle"))
        .args([
            "serve",
            "--no-demo",
            "--store",
            uri,
            "--addr",
            "127.0.0.1:0",
        ])
        .args(["--ui", "/nonexistent-ui"])
        .envs(server.env())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let base = first
        .split(" at ")
        .nth(1)
        .expect("the address is printed first")
        .trim()
        .to_string();
    assert!(
        first.starts_with(&format!("Wrangle is serving {uri} at ")),
        "{first}"
    );
    (child, base)
}

/// `wrangle serve --store s3://BUCKET/PREFIX`: the same API over S3 as over a folder.
#[test]
fn serve_works_over_an_s3_prefix() {
    let server = S3Server::start();
    let bucket = server.bucket("lake");
    std::fs::create_dir_all(bucket.join("team/lookups")).unwrap();
    std::fs::copy(
        data("airlines.csv"),
        bucket.join("team/lookups/airlines.csv"),
    )
    .unwrap();
    let (mut child, base) = serve_store(&server, "s3://lake/team");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let client = reqwest::Client::new();
        let listing = json_of(client.get(format!("{base}api/datasets?path=lookups"))).await;
        assert_eq!(listing["datasets"][0]["path"], "lookups/airlines.csv");
        let set = reqwest::get(format!(
            "{base}api/datasets/working-set?path=lookups/airlines.csv"
        ))
        .await
        .unwrap();
        assert_eq!(set.status(), 200);
        assert_eq!(set.headers()["x-wrangle-rows"], "16");
        let saved = json_of(
            client
                .post(format!("{base}api/recipes/carriers"))
                .json(&serde_json::json!({ "text": "drop name\n" })),
        )
        .await;
        assert_eq!(saved["version"], 1);
    });
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(
        std::fs::read_to_string(bucket.join("team/recipes/carriers/v000001.wrangle")).unwrap(),
        "drop name\n"
    );
}

/// A sample's answer from the server: its headers (`x-wrangle-…`) and rows.
async fn sample_over_s3(
    request: reqwest::RequestBuilder,
) -> (
    std::collections::BTreeMap<String, String>,
    Vec<datafusion::arrow::array::RecordBatch>,
) {
    let response = request.send().await.unwrap();
    let status = response.status();
    let headers = response
        .headers()
        .iter()
        .filter(|(name, _)| name.as_str().starts_with("x-wrangle"))
        .map(|(name, value)| (name.to_string(), value.to_str().unwrap().to_string()))
        .collect();
    let bytes = response.bytes().await.unwrap();
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    (headers, read_ipc(bytes))
}

/// The JSON a request answers with.
async fn json_of(request: reqwest::RequestBuilder) -> serde_json::Value {
    request.send().await.unwrap().json().await.unwrap()
}

/// The samples and jobs of `wrangle serve` over an S3 store: every sample type computed
/// over the whole dataset in the bucket and kept there (then read back from it), and a
/// job that runs a saved recipe over the bucket's data and commits its output there.
#[test]
fn samples_and_a_job_over_an_s3_store() {
    let server = server_with_flights();
    let bucket = server.bucket("lake");
    let (mut child, base) = serve_store(&server, "s3://lake/nycflights13");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let kept = runtime.block_on(async {
        let client = reqwest::Client::new();
        let get = |query: &str| {
            client.get(format!(
                "{base}api/datasets/working-set?path=flights.csv.gz&{query}"
            ))
        };
        // Random: its size, the whole year's months, the same rows again for its seed.
        let (headers, rows) = sample_over_s3(get("rows=1000&sample=random&seed=3")).await;
        assert_eq!(headers["x-wrangle-rows"], "1000");
        assert_eq!(headers["x-wrangle-total-rows"], "336776");
        let months = texts(&rows, "month");
        let distinct: std::collections::BTreeSet<&String> = months.iter().collect();
        assert_eq!(distinct.len(), 12, "{distinct:?}");
        let (_, again) = sample_over_s3(get("rows=1000&sample=random&seed=3")).await;
        assert_eq!(texts(&again, "flight"), texts(&rows, "flight"));
        // Stratified: every carrier, each with at least its minimum.
        let (_, rows) = sample_over_s3(get("rows=400&sample=stratified&by=carrier&min=5")).await;
        let carriers = texts(&rows, "carrier");
        let mut each = std::collections::BTreeMap::<&str, usize>::new();
        for carrier in &carriers {
            *each.entry(carrier.as_str()).or_default() += 1;
        }
        assert_eq!(each.len(), 16, "{each:?}");
        assert!(each.values().all(|n| *n >= 5), "{each:?}");
        // Filter: only the rows the condition keeps.
        let (headers, rows) =
            sample_over_s3(get("rows=200&sample=filter&where=carrier%20%3D%20%22OO%22")).await;
        assert_eq!(headers["x-wrangle-rows"], "32");
        assert!(texts(&rows, "carrier").iter().all(|c| c == "OO"));
        // Anomaly: only rows missing the value after the steps (the cancelled flights).
        let request =
            client
                .post(format!("{base}api/datasets/working-set"))
                .json(&serde_json::json!({
                    "path": "flights.csv.gz",
                    "rows": 100,
                    "sample": {
                        "kind": "anomaly",
                        "columns": ["speed"],
                        "steps": "derive speed = distance / air_time * 60",
                    },
                }));
        let (headers, rows) = sample_over_s3(request).await;
        assert_eq!(headers["x-wrangle-rows"], "100");
        assert!(texts(&rows, "air_time").iter().all(String::is_empty));
        // They are listed as the dataset's kept samples.
        let listed = json_of(client.get(format!("{base}api/samples?path=flights.csv.gz"))).await;
        let kept = listed.as_array().map_or(0, Vec::len);

        // A job: the saved recipe over the bucket's flights, committed to the bucket.
        let saved = client
            .post(format!("{base}api/recipes/oo"))
            .json(&serde_json::json!({
                "text": "keep rows where carrier = \"OO\"\n",
                "data": {"dataset": "flights.csv.gz"},
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(saved.status(), 200);
        let queued = json_of(
            client
                .post(format!("{base}api/jobs"))
                .json(&serde_json::json!({"recipe": "oo", "output": "out/oo.csv"})),
        )
        .await;
        let id = queued["id"].as_str().expect("a job id").to_string();
        let done = loop {
            let record = json_of(client.get(format!("{base}api/jobs/{id}"))).await;
            if !matches!(record["state"].as_str(), Some("queued" | "running")) {
                break record;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        };
        assert_eq!(done["state"], "succeeded", "{done}");
        assert_eq!(done["report"]["rows_in"], 336_776, "{done}");
        assert_eq!(done["report"]["rows_out"], 32, "{done}");
        kept
    });
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(kept, 4, "each sample is kept once");
    let samples = files_under(&bucket.join("nycflights13/.wrangle/samples"));
    assert_eq!(
        samples.len(),
        8,
        "a sample and what it is, each: {samples:?}"
    );
    let output = std::fs::read_to_string(bucket.join("nycflights13/out/oo.csv")).unwrap();
    assert_eq!(output.lines().count(), 33);
    assert!(bucket
        .join("nycflights13/out/oo.csv.manifest.json")
        .exists());
}
