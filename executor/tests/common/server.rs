//! A `wrangle serve` on loopback over a new local store seeded with the demo datasets, and
//! requests to it, for the tests of the API.

use std::sync::Arc;
use wrangle_executor::serve::{
    router_with_hosts, seed_demo, Access, AllowedHosts, AppState, JobSettings, Limits, Store,
};

pub struct Server {
    pub base: String,
    pub addr: std::net::SocketAddr,
    pub _store: tempfile::TempDir,
    pub root: std::path::PathBuf,
}

pub async fn start(token: Option<&str>, limits: Limits) -> Server {
    start_with(token, limits, AllowedHosts::loopback()).await
}

pub async fn start_with(token: Option<&str>, limits: Limits, hosts: AllowedHosts) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path().to_str().unwrap()).unwrap();
    assert!(seed_demo(&store).await.unwrap(), "a new store is seeded");
    assert!(!seed_demo(&store).await.unwrap(), "and only once");
    serve(dir, token, limits, hosts).await
}

/// How the tests' servers run jobs: with the `wrangle` this build made.
pub fn job_settings() -> JobSettings {
    JobSettings {
        at_once: 2,
        program: env!("CARGO_BIN_EXE_wrangle").into(),
        memory_limit: None,
    }
}

/// A server over the store in `dir` (as it is: a restart serves the same folder again).
pub async fn serve(
    dir: tempfile::TempDir,
    token: Option<&str>,
    limits: Limits,
    hosts: AllowedHosts,
) -> Server {
    let root = dir.path().to_path_buf();
    let store = Store::open(root.to_str().unwrap()).unwrap();
    let access = Access {
        token: token.map(str::to_string),
    };
    let state = Arc::new(AppState::new(store, access, limits, job_settings()));
    let app = router_with_hosts(state, hosts, std::path::Path::new("/nonexistent-ui"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Server {
        base: format!("http://{addr}"),
        addr,
        _store: dir,
        root,
    }
}

pub async fn get(server: &Server, path: &str) -> reqwest::Response {
    reqwest::get(format!("{}{path}", server.base))
        .await
        .unwrap()
}

pub async fn json(response: reqwest::Response) -> (u16, serde_json::Value) {
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}
