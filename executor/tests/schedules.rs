//! Schedules of `wrangle serve`: created, checked, listed, paused, resumed and removed
//! through the API and `wrangle schedules`, and run by `Schedules::run_due` at times the
//! test names (the server's ticker is not started here), so nothing waits for a clock.

mod common;

use chrono::{DateTime, Duration as Days, Utc};
use common::server::{job_settings, json};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use wrangle_executor::serve::{
    router_with_hosts, seed_demo, Access, AllowedHosts, AppState, Limits, Store,
};

/// A server over a new demo store whose state the test holds, to run schedules by hand.
struct Running {
    base: String,
    root: PathBuf,
    state: Arc<AppState>,
    _dir: tempfile::TempDir,
}

async fn start() -> Running {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let store = Store::open(root.to_str().unwrap()).unwrap();
    seed_demo(&store).await.unwrap();
    let state = Arc::new(AppState::new(
        store,
        Access { token: None },
        Limits::default(),
        job_settings(),
    ));
    let app = router_with_hosts(
        Arc::clone(&state),
        AllowedHosts::loopback(),
        Path::new("/nonexistent-ui"),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let running = Running {
        base: format!("http://{addr}"),
        root,
        state,
        _dir: dir,
    };
    // A small recipe saved with its dataset, quick to run.
    std::fs::write(
        running.root.join("small.csv"),
        "id,amount\n1,10\n2,20\n3,30\n",
    )
    .unwrap();
    let (status, saved) = send(
        &running,
        "POST",
        "/api/recipes/doubled",
        serde_json::json!({"text": "derive twice = amount * 2\n", "data": {"dataset": "small.csv"}}),
    )
    .await;
    assert_eq!(status, 200, "{saved}");
    running
}

async fn send(
    server: &Running,
    method: &str,
    path: &str,
    body: serde_json::Value,
) -> (u16, serde_json::Value) {
    let url = format!("{}{path}", server.base);
    let client = reqwest::Client::new();
    let request = match method {
        "GET" => client.get(url),
        "DELETE" => client.delete(url),
        _ => client.post(url).json(&body),
    };
    json(request.send().await.unwrap()).await
}

async fn get(server: &Running, path: &str) -> (u16, serde_json::Value) {
    send(server, "GET", path, serde_json::Value::Null).await
}

async fn create(server: &Running, body: serde_json::Value) -> serde_json::Value {
    let (status, created) = send(server, "POST", "/api/schedules", body).await;
    assert_eq!(status, 200, "{created}");
    created
}

fn time(value: &serde_json::Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(value.as_str().unwrap())
        .unwrap()
        .with_timezone(&Utc)
}

/// Asks for the job's record until it has finished.
async fn finished_job(server: &Running, id: &str) -> serde_json::Value {
    loop {
        let (status, job) = get(server, &format!("/api/jobs/{id}")).await;
        assert_eq!(status, 200, "{job}");
        if !matches!(job["state"].as_str(), Some("queued" | "running")) {
            return job;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn schedules_are_checked_listed_paused_and_removed() {
    let server = start().await;
    // Refused before anything is kept, each saying why.
    for (body, says) in [
        (
            serde_json::json!({"cron": "61 6 * * *", "request": {"recipe": "doubled"}}),
            "minute field `61`",
        ),
        (
            serde_json::json!({"cron": "0 6 * *", "request": {"recipe": "doubled"}}),
            "has 4 fields",
        ),
        (
            serde_json::json!({"cron": "0 6 * * *", "request": {"recipe": "nothing here"}}),
            "no recipe is called `nothing here`",
        ),
        (
            serde_json::json!({"cron": "0 6 * * *", "timezone": "Europe/Paris", "request": {"recipe": "doubled"}}),
            "UTC for now",
        ),
        (
            serde_json::json!({"cron": "0 6 * * *", "request": {"recipe": "doubled", "output": "recipes/x.csv"}}),
            "the store's own folder",
        ),
        (
            serde_json::json!({"request": {"recipe": "doubled"}}),
            "cron",
        ),
    ] {
        let (status, answer) = send(&server, "POST", "/api/schedules", body.clone()).await;
        assert_eq!(status, 400, "{body}: {answer}");
        assert!(
            answer["error"].as_str().unwrap().contains(says),
            "{body}: {answer}"
        );
    }
    let (_, none) = get(&server, "/api/schedules").await;
    assert_eq!(none, serde_json::json!([]));

    let before = Utc::now();
    let daily = create(
        &server,
        serde_json::json!({"name": "every morning", "cron": "0 6 * * *", "request": {"recipe": "doubled"}}),
    )
    .await;
    let id = daily["id"].as_str().unwrap().to_string();
    assert_eq!(daily["timezone"], "UTC");
    assert_eq!(daily["enabled"], true);
    assert_eq!(daily["last_run"], serde_json::Value::Null);
    let next = time(&daily["next_run"]);
    assert!(next > before && next <= before + Days::days(1), "{daily}");
    assert_eq!(next.format("%H:%M:%S").to_string(), "06:00:00");
    // A fixed output is replaced by every run.
    let fixed = create(
        &server,
        serde_json::json!({"cron": "@hourly", "request": {"recipe": "doubled", "output": "daily/doubled.csv"}}),
    )
    .await;
    assert_eq!(fixed["request"]["overwrite"], true, "{fixed}");

    // Listed with their next runs, oldest first; one recipe's only when asked.
    let (status, listed) = get(&server, "/api/schedules").await;
    assert_eq!(status, 200);
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 2);
    assert!(
        listed.contains(&daily) && listed.contains(&fixed),
        "{listed:?}"
    );
    assert!(listed.iter().all(|s| s["next_run"].is_string()));
    let (_, of_other) = get(&server, "/api/schedules?recipe=delays%20by%20carrier").await;
    assert_eq!(of_other, serde_json::json!([]));
    let (_, one) = get(&server, &format!("/api/schedules/{id}")).await;
    assert_eq!(one, daily);
    assert!(server
        .root
        .join(format!(".wrangle/schedules/{id}.json"))
        .is_file());

    // Paused: no next run; resumed: the next time from now.
    let (_, paused) = send(
        &server,
        "POST",
        &format!("/api/schedules/{id}/pause"),
        serde_json::json!({}),
    )
    .await;
    assert_eq!(paused["enabled"], false);
    assert_eq!(paused["next_run"], serde_json::Value::Null);
    let (_, resumed) = send(
        &server,
        "POST",
        &format!("/api/schedules/{id}/resume"),
        serde_json::json!({}),
    )
    .await;
    assert_eq!(resumed["enabled"], true);
    let next = time(&resumed["next_run"]);
    assert!(
        next > before && next <= Utc::now() + Days::days(1),
        "{resumed}"
    );
    assert_eq!(next.format("%H:%M:%S").to_string(), "06:00:00");

    // Removed: gone from the list and the store.
    let (status, removed) = send(
        &server,
        "DELETE",
        &format!("/api/schedules/{id}"),
        serde_json::Value::Null,
    )
    .await;
    assert_eq!(status, 200, "{removed}");
    assert_eq!(removed["id"], id.as_str());
    let (status, gone) = get(&server, &format!("/api/schedules/{id}")).await;
    assert_eq!(status, 404, "{gone}");
    assert!(gone["error"]
        .as_str()
        .unwrap()
        .contains("no schedule is called"));
    assert!(!server
        .root
        .join(format!(".wrangle/schedules/{id}.json"))
        .exists());
    let (_, listed) = get(&server, "/api/schedules").await;
    assert_eq!(listed.as_array().unwrap().len(), 1);
    let (status, _) = send(
        &server,
        "DELETE",
        "/api/schedules/..%2Fjobs",
        serde_json::Value::Null,
    )
    .await;
    assert_eq!(status, 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_due_schedule_runs_its_job_once_and_a_paused_one_does_not() {
    let server = start().await;
    let daily = create(
        &server,
        serde_json::json!({"cron": "0 6 * * *", "request": {"recipe": "doubled"}}),
    )
    .await;
    let id = daily["id"].as_str().unwrap().to_string();
    let paused = create(
        &server,
        serde_json::json!({"cron": "* * * * *", "enabled": false, "request": {"recipe": "doubled"}}),
    )
    .await;
    assert_eq!(paused["next_run"], serde_json::Value::Null);
    let due = time(&daily["next_run"]);
    let schedules = &server.state.schedules;

    // Not yet due: nothing runs.
    let ran = schedules.run_due(due - Days::seconds(1)).await.unwrap();
    assert!(ran.is_empty(), "{ran:?}");

    // Due: one job, marked with the schedule, that runs the recipe to its end.
    let ran = schedules.run_due(due).await.unwrap();
    assert_eq!(ran.len(), 1, "{ran:?}");
    assert_eq!(ran[0].schedule.as_deref(), Some(id.as_str()));
    let job = finished_job(&server, &ran[0].id).await;
    assert_eq!(job["state"], "succeeded", "{job}");
    assert_eq!(job["schedule"], id.as_str());
    assert_eq!(job["report"]["rows_out"], 3);
    let output = format!("outputs/doubled/{}.csv", ran[0].id);
    assert_eq!(job["output"], output.as_str());
    assert!(std::fs::read_to_string(server.root.join(&output))
        .unwrap()
        .starts_with("id,amount,twice\n1,10,20\n"));
    // The schedule says what it ran and when it runs next.
    let (_, after) = get(&server, &format!("/api/schedules/{id}")).await;
    assert_eq!(after["last_run"]["job_id"], ran[0].id.as_str(), "{after}");
    assert_eq!(time(&after["last_run"]["due"]), due);
    assert_eq!(time(&after["last_run"]["at"]), due);
    assert_eq!(time(&after["next_run"]), due + Days::days(1));

    // Three days missed (the server was down): one run, and the next time after now.
    let late = due + Days::days(3) + Days::hours(2);
    let ran = schedules.run_due(late).await.unwrap();
    assert_eq!(ran.len(), 1, "{ran:?}");
    assert_eq!(
        finished_job(&server, &ran[0].id).await["state"],
        "succeeded"
    );
    let (_, after) = get(&server, &format!("/api/schedules/{id}")).await;
    assert_eq!(time(&after["next_run"]), due + Days::days(4));
    assert!(schedules.run_due(late).await.unwrap().is_empty());

    // Paused, it does not run however late it is; the disabled one never did.
    let (_, _) = send(
        &server,
        "POST",
        &format!("/api/schedules/{id}/pause"),
        serde_json::json!({}),
    )
    .await;
    assert!(schedules
        .run_due(due + Days::days(30))
        .await
        .unwrap()
        .is_empty());
    let (_, never) = get(
        &server,
        &format!("/api/schedules/{}", paused["id"].as_str().unwrap()),
    )
    .await;
    assert_eq!(never["last_run"], serde_json::Value::Null);

    // Run by hand, paused or not: a job of the schedule; its next run is left as it was.
    let (status, job) = send(
        &server,
        "POST",
        &format!("/api/schedules/{id}/run"),
        serde_json::json!({}),
    )
    .await;
    assert_eq!(status, 200, "{job}");
    assert_eq!(job["schedule"], id.as_str());
    let done = finished_job(&server, job["id"].as_str().unwrap()).await;
    assert_eq!(done["state"], "succeeded", "{done}");
    let (_, after) = get(&server, &format!("/api/schedules/{id}")).await;
    assert_eq!(after["last_run"]["job_id"], job["id"]);
    assert_eq!(after["last_run"]["due"], serde_json::Value::Null);
    assert_eq!(after["next_run"], serde_json::Value::Null);

    // A job asked for through /api/jobs cannot pass for a schedule's.
    let (_, own) = send(
        &server,
        "POST",
        "/api/jobs",
        serde_json::json!({"recipe": "doubled", "schedule": id}),
    )
    .await;
    assert_eq!(own.get("schedule"), None, "{own}");
    finished_job(&server, own["id"].as_str().unwrap()).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn wrangle_schedules_adds_lists_pauses_and_removes() {
    let server = start().await;
    let base = server.base.clone();
    let wrangle = move |args: Vec<String>| {
        let base = base.clone();
        tokio::task::spawn_blocking(move || {
            let mut all = vec!["schedules".to_string(), "--server".to_string(), base];
            all.extend(args);
            let refs: Vec<&str> = all.iter().map(String::as_str).collect();
            let out = common::cli::wrangle(&refs, Path::new("."));
            (
                out.status.code(),
                common::cli::text(&out.stdout),
                common::cli::text(&out.stderr),
            )
        })
    };
    let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();

    let (code, _, err) = wrangle(args(&["add", "doubled", "--cron", "0 25 * * *"]))
        .await
        .unwrap();
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("hour field `25`"), "{err}");

    let (code, out, err) = wrangle(args(&[
        "--json",
        "add",
        "doubled",
        "--cron",
        "0 6 * * MON",
        "--format",
        "parquet",
    ]))
    .await
    .unwrap();
    assert_eq!(code, Some(0), "{err}");
    let added: serde_json::Value = serde_json::from_str(&out).unwrap();
    let id = added["id"].as_str().unwrap().to_string();
    assert_eq!(added["request"]["format"], "parquet");
    assert_eq!(
        time(&added["next_run"]).format("%a %H:%M").to_string(),
        "Mon 06:00"
    );

    let (code, out, _) = wrangle(args(&["list"])).await.unwrap();
    assert_eq!(code, Some(0));
    assert!(
        out.contains(&id) && out.contains("`0 6 * * MON`") && out.contains("next "),
        "{out}"
    );

    let (code, out, _) = wrangle(args(&["pause", &id])).await.unwrap();
    assert_eq!(code, Some(0));
    assert!(out.contains("(paused)"), "{out}");

    let (code, _, err) = wrangle(args(&["remove", &id])).await.unwrap();
    assert_eq!(code, Some(0), "{err}");
    let (code, out, _) = wrangle(args(&["list"])).await.unwrap();
    assert_eq!(code, Some(0));
    assert_eq!(out.trim(), "no schedules yet");
}
