//! `wrangle serve`'s API over a real local store, through HTTP on loopback: the demo
//! dataset, schemas, working sets as Arrow IPC, recipe versions, uploads, and the guards
//! (paths that leave the store, symbolic links, the access token, body limits).

use datafusion::arrow::ipc::reader::StreamReader;
use std::sync::Arc;
use wrangle_executor::serve::{router, seed_demo, Access, AppState, Limits, Store};

struct Server {
    base: String,
    _store: tempfile::TempDir,
    root: std::path::PathBuf,
}

async fn start(token: Option<&str>, limits: Limits) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let store = Store::open(root.to_str().unwrap()).unwrap();
    assert!(seed_demo(&store).await.unwrap(), "a new store is seeded");
    assert!(!seed_demo(&store).await.unwrap(), "and only once");
    let state = Arc::new(AppState {
        store,
        access: Access {
            token: token.map(str::to_string),
        },
        limits,
    });
    let app = router(state, std::path::Path::new("/nonexistent-ui"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Server {
        base: format!("http://{addr}"),
        _store: dir,
        root,
    }
}

async fn get(server: &Server, path: &str) -> reqwest::Response {
    reqwest::get(format!("{}{path}", server.base))
        .await
        .unwrap()
}

async fn json(response: reqwest::Response) -> (u16, serde_json::Value) {
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn the_demo_dataset_is_listed_described_and_sampled() {
    let server = start(None, Limits::default()).await;
    let (status, root) = json(get(&server, "/api/datasets").await).await;
    assert_eq!(status, 200);
    assert_eq!(
        root["folders"],
        serde_json::json!(["demo"]),
        "recipes/ is listed apart"
    );
    let (_, demo) = json(get(&server, "/api/datasets?path=demo").await).await;
    let names: Vec<&str> = demo["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["airlines.csv", "flights.csv.gz"]);

    let (status, schema) =
        json(get(&server, "/api/datasets/schema?path=demo/flights.csv.gz").await).await;
    assert_eq!(status, 200);
    let columns = schema["columns"].as_array().unwrap();
    assert_eq!(columns.len(), 19);
    assert_eq!(columns[0]["name"], "year");

    let response = get(
        &server,
        "/api/datasets/working-set?path=demo/flights.csv.gz&rows=1000",
    )
    .await;
    assert_eq!(response.status(), 200);
    let header = |name: &str| response.headers()[name].to_str().unwrap().to_string();
    assert_eq!(
        header("content-type"),
        "application/vnd.apache.arrow.stream"
    );
    assert_eq!(header("x-wrangle-rows"), "1000");
    assert_eq!(header("x-wrangle-total-rows"), "336776");
    let bytes = response.bytes().await.unwrap();
    let reader = StreamReader::try_new(std::io::Cursor::new(bytes), None).unwrap();
    let rows: usize = reader.map(|b| b.unwrap().num_rows()).sum();
    assert_eq!(rows, 1000);

    // A small file is loaded whole.
    let response = get(&server, "/api/datasets/working-set?path=demo/airlines.csv").await;
    assert_eq!(response.headers()["x-wrangle-rows"], "16");
    assert_eq!(response.headers()["x-wrangle-total-rows"], "16");
}

#[tokio::test]
async fn a_working_set_can_be_read_with_its_header_on_another_row() {
    let server = start(None, Limits::default()).await;
    std::fs::create_dir_all(server.root.join("uploads")).unwrap();
    std::fs::write(
        server.root.join("uploads/report.csv"),
        "Quarterly report,\nmade 2026-01-01,\nid,name\n1,a\n2,b\n3,c\n",
    )
    .unwrap();
    let response = get(
        &server,
        "/api/datasets/working-set?path=uploads/report.csv&rows=2&header_row=3",
    )
    .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-wrangle-rows"], "2");
    assert_eq!(response.headers()["x-wrangle-total-rows"], "3");
    let bytes = response.bytes().await.unwrap();
    let mut reader = StreamReader::try_new(std::io::Cursor::new(bytes), None).unwrap();
    let names: Vec<String> = reader
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    assert_eq!(names, vec!["id", "name"]);
    assert_eq!(reader.next().unwrap().unwrap().num_rows(), 2);
    // Counted once: the count is the same while the file is.
    let again = get(
        &server,
        "/api/datasets/working-set?path=uploads/report.csv&rows=2&header_row=3",
    )
    .await;
    assert_eq!(again.headers()["x-wrangle-total-rows"], "3");
    let (status, body) = json(
        get(
            &server,
            "/api/datasets/working-set?path=uploads/report.csv&header_row=0",
        )
        .await,
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["error"], "header_row: rows are counted from 1");
}

#[tokio::test]
async fn recipes_are_saved_as_new_versions() {
    let server = start(None, Limits::default()).await;
    let (_, listed) = json(get(&server, "/api/recipes").await).await;
    assert_eq!(listed[0]["name"], "delays by carrier", "the demo recipe");
    let client = reqwest::Client::new();
    let save = |text: &'static str| {
        let client = client.clone();
        let url = format!("{}/api/recipes/cleaning", server.base);
        async move {
            json(
                client
                    .post(url)
                    .json(&serde_json::json!({ "text": text }))
                    .send()
                    .await
                    .unwrap(),
            )
            .await
        }
    };
    let (status, first) = save("drop a\n").await;
    assert_eq!(status, 200);
    assert_eq!(first["version"], 1);
    let (_, second) = save("drop b\n").await;
    assert_eq!(second["version"], 2);
    assert_eq!(second["versions"], serde_json::json!([1, 2]));
    assert!(server
        .root
        .join("recipes/cleaning/v000002.wrangle")
        .is_file());
    let (_, latest) = json(get(&server, "/api/recipes/cleaning").await).await;
    assert_eq!(latest["text"], "drop b\n");
    let (_, old) = json(get(&server, "/api/recipes/cleaning?version=1").await).await;
    assert_eq!(old["text"], "drop a\n");
    let (status, missing) = json(get(&server, "/api/recipes/cleaning?version=9").await).await;
    assert_eq!(status, 404);
    assert_eq!(
        missing["error"],
        "recipe `cleaning` has no version 9 (it has 1, 2)"
    );
    let (status, bad) = json(get(&server, "/api/recipes/..%2Fx").await).await;
    assert_eq!(status, 400);
    assert!(bad["error"]
        .as_str()
        .unwrap()
        .contains("is not a recipe name"));
}

#[tokio::test]
async fn uploads_land_in_the_store_and_paths_cannot_leave_it() {
    let limits = Limits {
        upload: 64,
        json_body: 64,
        ..Limits::default()
    };
    let server = start(None, limits).await;
    let client = reqwest::Client::new();
    let put = |path: &str, body: Vec<u8>| {
        client
            .put(format!("{}/api/datasets?path={path}", server.base))
            .body(body)
            .send()
    };
    let response = put("uploads/t.csv", b"a,b\n1,2\n".to_vec()).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        std::fs::read(server.root.join("uploads/t.csv")).unwrap(),
        b"a,b\n1,2\n"
    );
    let response = put("uploads/big.csv", vec![b'x'; 65]).await.unwrap();
    assert_eq!(response.status(), 413, "bodies have a size limit");

    for (path, expected) in [
        (
            "../etc/passwd",
            "`../etc/passwd`: a path has no `.` or `..` parts",
        ),
        (
            "/etc/passwd",
            "`/etc/passwd`: paths are relative to the store",
        ),
        ("a%5Cb", "`a\\b`: use `/` between folders"),
    ] {
        let (status, body) =
            json(get(&server, &format!("/api/datasets/schema?path={path}")).await).await;
        assert_eq!(status, 400, "{path}");
        assert_eq!(body["error"], expected);
    }
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.csv"), "s\n1\n").unwrap();
    std::os::unix::fs::symlink(outside.path(), server.root.join("link")).unwrap();
    let (status, body) =
        json(get(&server, "/api/datasets/schema?path=link/secret.csv").await).await;
    assert_eq!(status, 403);
    assert!(body["error"].as_str().unwrap().contains("symbolic link"));
    let (_, root) = json(get(&server, "/api/datasets").await).await;
    assert!(
        !root["folders"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "link"),
        "links are not listed"
    );

    let (status, body) = json(get(&server, "/api/datasets/schema?path=demo/none.csv").await).await;
    assert_eq!(status, 404);
    assert_eq!(body["error"], "`demo/none.csv` is not in the store");
    let (status, body) = json(
        get(
            &server,
            "/api/datasets/working-set?path=demo/airlines.csv&rows=0",
        )
        .await,
    )
    .await;
    assert_eq!(status, 400);
    assert!(body["error"].as_str().unwrap().starts_with("rows:"));
    let (status, _) = json(get(&server, "/api/nothing").await).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_token_guards_the_api_but_not_the_page() {
    let server = start(Some("s3cret"), Limits::default()).await;
    let (status, body) = json(get(&server, "/api/datasets").await).await;
    assert_eq!(status, 401);
    assert!(body["error"].as_str().unwrap().contains("access token"));
    let client = reqwest::Client::new();
    let wrong = client
        .get(format!("{}/api/datasets", server.base))
        .bearer_auth("guess")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let right = client
        .get(format!("{}/api/datasets", server.base))
        .bearer_auth("s3cret")
        .send()
        .await
        .unwrap();
    assert_eq!(right.status(), 200);
    let page = get(&server, "/").await;
    assert_eq!(page.status(), 200);
    assert!(page
        .text()
        .await
        .unwrap()
        .contains("The browser app is not built"));
}
