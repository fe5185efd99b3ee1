//! Jobs of `wrangle serve`: a saved recipe run over the full data of the store as a
//! `wrangle run` child process, followed to its end, cancelled midway, queued beside
//! another, and marked interrupted when the server stopped under it. Nothing here waits
//! for a time: each test waits for what the record or the store shows.

mod common;

use common::server::{get, json, start};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;
use wrangle_executor::serve::Limits;

async fn post(base: &str, path: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
    let response = reqwest::Client::new()
        .post(format!("{base}{path}"))
        .json(&body)
        .send()
        .await
        .unwrap();
    json(response).await
}

async fn record(base: &str, id: &str) -> serde_json::Value {
    let response = reqwest::get(format!("{base}/api/jobs/{id}")).await.unwrap();
    let (status, record) = json(response).await;
    assert_eq!(status, 200, "{record}");
    record
}

/// Asks for the job's record until `done` says it has got there.
async fn wait_for(
    base: &str,
    id: &str,
    done: impl Fn(&serde_json::Value) -> bool,
) -> serde_json::Value {
    loop {
        let record = record(base, id).await;
        if done(&record) {
            return record;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn finished(record: &serde_json::Value) -> bool {
    !matches!(record["state"].as_str(), Some("queued" | "running"))
}

/// A CSV big enough that sorting it takes a while, in the store.
fn big_input(root: &Path) {
    let mut file = std::io::BufWriter::new(std::fs::File::create(root.join("big.csv")).unwrap());
    writeln!(file, "id,key,text").unwrap();
    for i in 0..3_000_000u64 {
        writeln!(file, "{i},{},row number {i}", (i * 7919) % 1_000_003).unwrap();
    }
    file.flush().unwrap();
}

/// Whether a run is writing under `folder` of the store (its hidden temporary output).
fn writing(folder: &Path) -> bool {
    std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .flatten()
                .any(|e| e.file_name().to_string_lossy().contains(".wrangle-tmp-"))
        })
        .unwrap_or(false)
}

fn names_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

async fn save_sorting_recipe(base: &str) {
    let (status, saved) = post(
        base,
        "/api/recipes/sorted",
        serde_json::json!({"text": "sort by key desc, text\n", "data": {"dataset": "big.csv"}}),
    )
    .await;
    assert_eq!(status, 200, "{saved}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_job_runs_the_saved_recipe_over_the_full_dataset_with_its_data() {
    let server = start(None, Limits::default()).await;
    // The demo recipe was saved with the flights and the airlines it looks up.
    let (status, queued) = post(
        &server.base,
        "/api/jobs",
        serde_json::json!({"recipe": "delays by carrier"}),
    )
    .await;
    assert_eq!(status, 200, "{queued}");
    assert_eq!(queued["state"], "queued");
    assert_eq!(queued["dataset"], "demo/flights.csv.gz");
    assert_eq!(queued["inputs"]["airlines"], "demo/airlines.csv");
    let id = queued["id"].as_str().unwrap().to_string();
    let output = format!("outputs/delays by carrier/{id}.csv");
    assert_eq!(queued["output"], output.as_str());

    let done = wait_for(&server.base, &id, finished).await;
    assert_eq!(done["state"], "succeeded", "{done}");
    let report = &done["report"];
    assert_eq!(report["rows_in"], 336_776, "{done}");
    assert!(report["rows_out"].as_u64().unwrap() > 0);
    assert!(!report["steps"].as_array().unwrap().is_empty());
    assert!(done["started"].is_string() && done["finished"].is_string());

    // The output and its manifest, committed as `wrangle run` commits them; the manifest
    // says what the record says.
    let written = std::fs::read_to_string(server.root.join(&output)).unwrap();
    assert_eq!(
        written.lines().count() as u64,
        report["rows_out"].as_u64().unwrap() + 1
    );
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(server.root.join(format!("{output}.manifest.json"))).unwrap(),
    )
    .unwrap();
    assert_eq!(manifest["steps"], report["steps"]);
    assert_eq!(manifest["expectations"], report["expectations"]);

    // The listing shows the output as a dataset, the manifest as a file about it.
    let (status, listing) =
        json(get(&server, "/api/datasets?path=outputs/delays%20by%20carrier").await).await;
    assert_eq!(status, 200);
    let datasets: Vec<&str> = listing["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(datasets, vec![output.as_str()]);
    assert_eq!(
        listing["others"],
        serde_json::json!([format!("{output}.manifest.json")])
    );
    // It opens as a dataset, and downloads as the file it is.
    let (status, schema) = json(
        get(
            &server,
            &format!("/api/datasets/schema?path={}", output.replace(' ', "%20")),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{schema}");
    let downloaded = get(
        &server,
        &format!("/api/datasets/download?path={}", output.replace(' ', "%20")),
    )
    .await;
    assert_eq!(downloaded.status().as_u16(), 200);
    assert!(downloaded.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains(&format!("{id}.csv")));
    assert_eq!(downloaded.text().await.unwrap(), written);

    // The record is kept in the store and listed.
    let kept: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(server.root.join(format!(".wrangle/jobs/{id}.json"))).unwrap(),
    )
    .unwrap();
    assert_eq!(kept, done);
    let (_, jobs) = json(get(&server, "/api/jobs").await).await;
    assert_eq!(jobs[0]["id"], id.as_str());
}

#[tokio::test(flavor = "multi_thread")]
async fn two_jobs_at_once_both_succeed_and_bad_requests_are_refused() {
    let server = start(None, Limits::default()).await;
    let csv = "id,amount\n1,10\n2,oops\n3,30\n";
    std::fs::write(server.root.join("small.csv"), csv).unwrap();
    let (status, _) = post(
        &server.base,
        "/api/recipes/doubled",
        serde_json::json!({
            "text": "settype amount integer\nderive twice = amount * 2\nexpect twice > 0 else warn\n",
            "data": {"dataset": "small.csv"}
        }),
    )
    .await;
    assert_eq!(status, 200);
    let mut ids = Vec::new();
    for format in ["csv", "parquet"] {
        let (status, queued) = post(
            &server.base,
            "/api/jobs",
            serde_json::json!({"recipe": "doubled", "format": format}),
        )
        .await;
        assert_eq!(status, 200, "{queued}");
        ids.push(queued["id"].as_str().unwrap().to_string());
    }
    for (id, format) in ids.iter().zip(["csv", "parquet"]) {
        let done = wait_for(&server.base, id, finished).await;
        assert_eq!(done["state"], "succeeded", "{done}");
        assert_eq!(done["report"]["rows_out"], 3);
        assert_eq!(done["report"]["mismatched"][0]["mismatched"], 1, "{done}");
        assert_eq!(done["report"]["expectations"][0]["violations"], 1, "{done}");
        assert!(server
            .root
            .join(format!("outputs/doubled/{id}.{format}"))
            .is_file());
    }

    // An output that exists is replaced only when the request says so.
    let existing = format!("outputs/doubled/{}.csv", ids[0]);
    for (overwrite, state) in [(false, "failed"), (true, "succeeded")] {
        let (_, queued) = post(
            &server.base,
            "/api/jobs",
            serde_json::json!({"recipe": "doubled", "output": existing, "overwrite": overwrite}),
        )
        .await;
        let done = wait_for(&server.base, queued["id"].as_str().unwrap(), finished).await;
        assert_eq!(done["state"], state, "{done}");
        if !overwrite {
            assert!(
                done["error"].as_str().unwrap().contains("already exists"),
                "{done}"
            );
        }
    }

    // Refused before anything is queued, each saying why.
    for (body, says) in [
        (
            serde_json::json!({"recipe": "nothing here"}),
            "no recipe is called",
        ),
        (
            serde_json::json!({"recipe": "doubled", "output": "recipes/x.csv"}),
            "the store's own folder",
        ),
        (
            serde_json::json!({"recipe": "doubled", "format": "xlsx"}),
            "the formats are",
        ),
        (
            serde_json::json!({"recipe": "doubled", "dataset": "../etc"}),
            "`.` or `..`",
        ),
    ] {
        let (status, answer) = post(&server.base, "/api/jobs", body.clone()).await;
        assert!(status == 400 || status == 404, "{body}: {status} {answer}");
        assert!(
            answer["error"].as_str().unwrap().contains(says),
            "{body}: {answer}"
        );
    }
    // A job whose run fails says why, as `wrangle run` said it, and writes nothing.
    let (_, queued) = post(
        &server.base,
        "/api/jobs",
        serde_json::json!({"recipe": "doubled", "dataset": "demo/airlines.csv"}),
    )
    .await;
    let id = queued["id"].as_str().unwrap();
    let failed = wait_for(&server.base, id, finished).await;
    assert_eq!(failed["state"], "failed", "{failed}");
    assert!(
        failed["error"].as_str().unwrap().contains("amount"),
        "{failed}"
    );
    assert!(!server
        .root
        .join(format!("outputs/doubled/{id}.csv"))
        .exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_job_cancelled_midway_leaves_no_output() {
    let server = start(None, Limits::default()).await;
    big_input(&server.root);
    save_sorting_recipe(&server.base).await;
    let (_, queued) = post(
        &server.base,
        "/api/jobs",
        serde_json::json!({"recipe": "sorted", "output": "out/sorted.csv"}),
    )
    .await;
    let id = queued["id"].as_str().unwrap().to_string();
    let out = server.root.join("out");
    wait_for(&server.base, &id, |r| {
        assert!(!finished(r), "the job ended before it was cancelled: {r}");
        writing(&out)
    })
    .await;
    let (status, _) = post(
        &server.base,
        &format!("/api/jobs/{id}/cancel"),
        serde_json::json!({}),
    )
    .await;
    assert_eq!(status, 200);
    let done = wait_for(&server.base, &id, finished).await;
    assert_eq!(done["state"], "cancelled", "{done}");
    // The run removed what it had written before it exited.
    assert_eq!(names_in(&out), Vec::<String>::new());
    // Cancelling a finished job changes nothing.
    let (_, again) = post(
        &server.base,
        &format!("/api/jobs/{id}/cancel"),
        serde_json::json!({}),
    )
    .await;
    assert_eq!(again["state"], "cancelled");
}

/// `wrangle serve` over `store`; the child and the address it prints.
fn serve(store: &Path) -> (std::process::Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wrangle"))
        .args(["serve", "--no-demo", "--addr", "127.0.0.1:0", "--store"])
        .arg(store)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    let base = line
        .split(" at ")
        .nth(1)
        .unwrap()
        .trim()
        .trim_end_matches('/')
        .to_string();
    (child, base)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_stopped_midway_marks_the_job_interrupted_and_it_runs_again() {
    let dir = tempfile::tempdir().unwrap();
    big_input(dir.path());
    let (mut first, base) = serve(dir.path());
    save_sorting_recipe(&base).await;
    let request = serde_json::json!({"recipe": "sorted", "output": "out/sorted.csv"});
    let (_, queued) = post(&base, "/api/jobs", request.clone()).await;
    let id = queued["id"].as_str().unwrap().to_string();
    let out = dir.path().join("out");
    wait_for(&base, &id, |r| {
        assert!(!finished(r), "the job ended before the server stopped: {r}");
        writing(&out)
    })
    .await;
    // The server dies at once; its job's run sees it gone and removes what it wrote.
    first.kill().unwrap();
    first.wait().unwrap();
    while writing(&out) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(names_in(&out), Vec::<String>::new());

    let (mut second, base) = serve(dir.path());
    let interrupted = record(&base, &id).await;
    assert_eq!(interrupted["state"], "interrupted", "{interrupted}");
    assert!(interrupted["error"]
        .as_str()
        .unwrap()
        .contains("server stopped"));
    let (_, queued) = post(&base, "/api/jobs", request).await;
    let again = wait_for(&base, queued["id"].as_str().unwrap(), finished).await;
    assert_eq!(again["state"], "succeeded", "{again}");
    assert_eq!(again["report"]["rows_out"], 3_000_000);
    assert_eq!(
        names_in(&out),
        vec!["sorted.csv", "sorted.csv.manifest.json"]
    );
    second.kill().unwrap();
    second.wait().unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_partitioned_output_downloads_as_one_zip_file_with_its_folders() {
    let server = start(None, Limits::default()).await;
    std::fs::write(
        server.root.join("sales.csv"),
        "region,amount\nnorth,10\nsouth,20\nnorth,30\n",
    )
    .unwrap();
    let (status, _) = post(
        &server.base,
        "/api/recipes/by%20region",
        serde_json::json!({"text": "derive twice = amount * 2\n", "data": {"dataset": "sales.csv"}}),
    )
    .await;
    assert_eq!(status, 200);
    let (status, queued) = post(
        &server.base,
        "/api/jobs",
        serde_json::json!({"recipe": "by region", "format": "csv", "partition_by": ["region"]}),
    )
    .await;
    assert_eq!(status, 200, "{queued}");
    let done = wait_for(&server.base, queued["id"].as_str().unwrap(), finished).await;
    assert_eq!(done["state"], "succeeded", "{done}");
    let output = done["output"].as_str().unwrap().to_string();
    let downloaded = get(
        &server,
        &format!("/api/datasets/download?path={}", output.replace(' ', "%20")),
    )
    .await;
    assert_eq!(downloaded.status().as_u16(), 200);
    assert_eq!(downloaded.headers()["content-type"], "application/zip");
    let name = output.rsplit('/').next().unwrap();
    assert!(downloaded.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains(&format!("{name}.zip")));
    let bytes = downloaded.bytes().await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
    let parts: Vec<&String> = names.iter().filter(|n| n.ends_with(".csv")).collect();
    assert!(
        parts.iter().any(|n| n.starts_with("region=north/"))
            && parts.iter().any(|n| n.starts_with("region=south/")),
        "{names:?}"
    );
    // Every row is in it, in the part of its region.
    let mut rows = 0;
    for part in parts {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(part).unwrap(), &mut text).unwrap();
        rows += text.lines().skip(1).filter(|l| !l.is_empty()).count();
    }
    assert_eq!(rows, 3, "{names:?}");
    // A folder that is not there is not found.
    let missing = get(&server, "/api/datasets/download?path=outputs/none").await;
    assert_eq!(missing.status().as_u16(), 404);
}
