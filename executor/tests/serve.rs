//! `wrangle serve`'s API over a real local store, through HTTP on loopback: the demo
//! dataset, schemas, working sets as Arrow IPC, recipe versions, uploads, and the guards
//! (paths that leave the store, symbolic links, the access token, body limits, the names
//! the server answers to and the pages that may change the store).

mod common;

use common::server::{get, json, start, start_with, Server};
use datafusion::arrow::ipc::reader::StreamReader;
use wrangle_executor::serve::{AllowedHosts, Limits};

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
    // A version saved with the data it was written on opens with it; the others have none.
    let data = serde_json::json!({
        "dataset": "demo/flights.csv.gz",
        "inputs": { "airlines": "demo/airlines.csv" },
    });
    let (status, third) = json(
        client
            .post(format!("{}/api/recipes/cleaning", server.base))
            .json(&serde_json::json!({ "text": "drop c\n", "data": data }))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(third["data"], data);
    let (_, read) = json(get(&server, "/api/recipes/cleaning?version=3").await).await;
    assert_eq!(read["data"], data);
    assert_eq!(
        read["versions"],
        serde_json::json!([1, 2, 3]),
        "the data is no version"
    );
    assert!(old.get("data").is_none());
    // The demo recipe opens with the flights, its airlines bound.
    let (_, demo) = json(get(&server, "/api/recipes/delays%20by%20carrier").await).await;
    assert_eq!(demo["data"]["dataset"], "demo/flights.csv.gz");
    assert_eq!(demo["data"]["inputs"]["airlines"], "demo/airlines.csv");
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

/// A request to `server` with these headers (reqwest sends `Host: 127.0.0.1:PORT` unless
/// one is given).
async fn send(
    server: &Server,
    method: reqwest::Method,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> reqwest::Response {
    let mut request = reqwest::Client::new()
        .request(method, format!("{}{path}", server.base))
        .body(body.to_string());
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

/// The status line of what the server answers to `request` written as it is on the wire.
async fn raw(server: &Server, request: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let answer = String::from_utf8_lossy(&answer);
    answer.lines().next().unwrap_or_default().to_string()
}

#[tokio::test]
async fn requests_naming_another_site_are_refused() {
    let server = start(None, Limits::default()).await;
    let port = server.addr.port();
    for path in [
        "/api/datasets",
        "/api/datasets/schema?path=demo/airlines.csv",
        "/",
        "/app.js",
        "/api/nothing",
    ] {
        let (status, body) = json(
            send(
                &server,
                reqwest::Method::GET,
                path,
                &[("host", "evil.example")],
                "",
            )
            .await,
        )
        .await;
        assert_eq!(status, 403, "{path}");
        assert!(
            body["error"]
                .as_str()
                .unwrap()
                .starts_with("`evil.example` is not a name of this server"),
            "{path}: {body}"
        );
    }
    let (status, _) = json(
        send(
            &server,
            reqwest::Method::GET,
            "/api/datasets",
            &[("host", &format!("evil.example:{port}"))],
            "",
        )
        .await,
    )
    .await;
    assert_eq!(status, 403, "the port does not make a name right");
    for name in [
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        format!("127.0.0.2:{port}"),
        format!("[::1]:{port}"),
        "127.0.0.1".to_string(),
    ] {
        let response = send(
            &server,
            reqwest::Method::GET,
            "/api/datasets",
            &[("host", &name)],
            "",
        )
        .await;
        assert_eq!(response.status(), 200, "{name}");
    }
    // HTTP/1.1 requires Host; a request without one names no server.
    let status = raw(
        &server,
        "GET /api/health HTTP/1.1\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert_eq!(status, "HTTP/1.1 403 Forbidden");
    let status = raw(&server, "GET /api/health HTTP/1.0\r\n\r\n").await;
    assert_eq!(status, "HTTP/1.0 403 Forbidden");
    let status = raw(
        &server,
        &format!("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"),
    )
    .await;
    assert_eq!(status, "HTTP/1.1 200 OK");
    // A target written as a whole URL names its host as well.
    let status = raw(
        &server,
        &format!(
            "GET http://evil.example/api/health HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
        ),
    )
    .await;
    assert_eq!(status, "HTTP/1.1 403 Forbidden");

    // Behind a token, another site is told 403 before it is asked for the token.
    let guarded = start(Some("s3cret"), Limits::default()).await;
    let (status, _) = json(
        send(
            &guarded,
            reqwest::Method::GET,
            "/api/datasets",
            &[("host", "evil.example")],
            "",
        )
        .await,
    )
    .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn only_the_servers_own_page_changes_the_store() {
    let server = start(None, Limits::default()).await;
    let port = server.addr.port();
    let recipe = r#"{"text": "drop a\n"}"#;
    let save = |origin: Option<String>| {
        let server = &server;
        async move {
            let mut headers = vec![("content-type", "application/json".to_string())];
            if let Some(origin) = origin {
                headers.push(("origin", origin));
            }
            let headers: Vec<(&str, &str)> =
                headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
            json(
                send(
                    server,
                    reqwest::Method::POST,
                    "/api/recipes/cleaning",
                    &headers,
                    recipe,
                )
                .await,
            )
            .await
        }
    };
    for origin in [
        "http://evil.example".to_string(),
        format!("http://evil.example:{port}"),
        "http://127.0.0.1:3000".to_string(),
        format!("http://localhost:{port}"),
        format!("https://127.0.0.1:{port}"),
        "null".to_string(),
    ] {
        let (status, body) = save(Some(origin.clone())).await;
        assert_eq!(status, 403, "{origin}");
        assert_eq!(
            body["error"],
            format!(
                "a request that changes the store must come from this server's own page: \
                 `Origin: {origin}` is not `http://127.0.0.1:{port}`"
            )
        );
    }
    let upload = send(
        &server,
        reqwest::Method::PUT,
        "/api/datasets?path=uploads/t.csv",
        &[("origin", "http://evil.example")],
        "a,b\n1,2\n",
    )
    .await;
    assert_eq!(upload.status(), 403);
    assert!(
        !server.root.join("recipes/cleaning").exists(),
        "no recipe was saved"
    );
    assert!(
        !server.root.join("uploads").exists(),
        "no dataset was written"
    );

    let (status, saved) = save(Some(server.base.clone())).await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["version"], 1);
    let (status, saved) = save(None).await;
    assert_eq!(status, 200, "no Origin: curl, scripts");
    assert_eq!(saved["version"], 2);
    let upload = send(
        &server,
        reqwest::Method::PUT,
        "/api/datasets?path=uploads/t.csv",
        &[("origin", &server.base)],
        "a,b\n1,2\n",
    )
    .await;
    assert_eq!(upload.status(), 200);
    assert!(server.root.join("uploads/t.csv").is_file());
    // Reads are not asked for an Origin: the browser keeps other sites from reading them.
    let read = send(
        &server,
        reqwest::Method::GET,
        "/api/recipes/cleaning",
        &[("origin", "http://evil.example")],
        "",
    )
    .await;
    assert_eq!(read.status(), 200);
}

#[tokio::test]
async fn an_allowed_host_is_a_name_of_the_server() {
    let hosts = AllowedHosts::new(
        "127.0.0.1".parse().unwrap(),
        &["Wrangle.Internal".to_string()],
    )
    .unwrap();
    let server = start_with(None, Limits::default(), hosts).await;
    let port = server.addr.port();
    let name = format!("wrangle.internal:{port}");
    let listed = send(
        &server,
        reqwest::Method::GET,
        "/api/datasets",
        &[("host", &name)],
        "",
    )
    .await;
    assert_eq!(listed.status(), 200);
    let saved = send(
        &server,
        reqwest::Method::POST,
        "/api/recipes/named",
        &[
            ("host", &name),
            ("origin", &format!("http://WRANGLE.internal:{port}")),
            ("content-type", "application/json"),
        ],
        r#"{"text": "drop a\n"}"#,
    )
    .await;
    assert_eq!(saved.status(), 200);
    let other = send(
        &server,
        reqwest::Method::GET,
        "/",
        &[("host", "evil.example")],
        "",
    )
    .await;
    assert_eq!(other.status(), 403);
}

/// `wrangle serve` started with these arguments and environment: its address, and the
/// process (killed when the test is done).
fn spawn_serve(
    args: &[&str],
    env: &[(&str, &str)],
) -> (String, std::process::Child, tempfile::TempDir) {
    use std::io::BufRead;
    let store = tempfile::tempdir().unwrap();
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_wrangle"));
    command
        .args([
            "serve",
            "--no-demo",
            "--addr",
            "127.0.0.1:0",
            "--ui",
            "/nonexistent-ui",
            "--store",
        ])
        .arg(store.path())
        .args(args)
        .env_remove("WRANGLE_ALLOWED_HOSTS")
        .env_remove("WRANGLE_TOKEN")
        .envs(env.iter().copied())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null());
    let mut child = command.spawn().unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line
        .trim()
        .rsplit_once(" at ")
        .map(|(_, a)| a.trim_end_matches('/').to_string())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    (base, child, store)
}

#[tokio::test]
async fn allowed_hosts_come_from_the_command_line_or_the_environment() {
    let help = std::process::Command::new(env!("CARGO_BIN_EXE_wrangle"))
        .args(["serve", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains("--allowed-host <NAME>"), "{help}");
    assert!(help.contains("WRANGLE_ALLOWED_HOSTS"), "{help}");

    let status = |base: String, host: &'static str| async move {
        reqwest::Client::new()
            .get(format!("{base}/api/health"))
            .header("host", host)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    };
    let (base, mut child, _store) = spawn_serve(
        &[
            "--allowed-host",
            "one.example",
            "--allowed-host",
            "two.example,Three.Example:9",
        ],
        &[],
    );
    for host in [
        "one.example",
        "two.example",
        "three.example:80",
        "localhost",
    ] {
        assert_eq!(status(base.clone(), host).await, 200, "{host}");
    }
    assert_eq!(status(base.clone(), "evil.example").await, 403);
    child.kill().unwrap();
    child.wait().unwrap();

    let (base, mut child, _store) =
        spawn_serve(&[], &[("WRANGLE_ALLOWED_HOSTS", "one.example,two.example")]);
    assert_eq!(status(base.clone(), "two.example").await, 200);
    assert_eq!(status(base.clone(), "three.example").await, 403);
    child.kill().unwrap();
    child.wait().unwrap();

    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_wrangle"))
        .args(["serve", "--allowed-host", "http://one.example"])
        .env_remove("WRANGLE_ALLOWED_HOSTS")
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("is not a host name"));
}
