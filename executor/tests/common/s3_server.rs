//! An S3-compatible server on loopback for end-to-end tests: `s3s-fs` (installed by
//! `scripts/test` into `target/tools`), serving a temporary folder whose subfolders are
//! buckets, with credentials that it checks on every request.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub const ACCESS_KEY: &str = "wrangle-test-key";
pub const SECRET_KEY: &str = "wrangle-test-secret";

pub struct S3Server {
    child: Child,
    pub endpoint: String,
    root: tempfile::TempDir,
}

fn binary() -> PathBuf {
    if let Some(path) = std::env::var_os("WRANGLE_S3_SERVER") {
        return PathBuf::from(path);
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../target/tools/bin/s3s-fs")
        .to_path_buf()
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on loopback")
}

impl S3Server {
    /// Starts a server with an empty store.
    pub fn start() -> S3Server {
        let binary = binary();
        assert!(
            binary.exists(),
            "the S3-compatible test server is not installed at {}: scripts/test installs it \
             (or set WRANGLE_S3_SERVER to an s3s-fs binary)",
            binary.display()
        );
        let root = tempfile::tempdir().expect("a folder for the store");
        // The port is free when chosen; another process could take it before the server
        // binds, so a server that exits at once is started again on another port.
        for _ in 0..5 {
            let port = free_port();
            let mut child = Command::new(&binary)
                .args(["--host", "127.0.0.1", "--port", &port.to_string()])
                .args(["--access-key", ACCESS_KEY, "--secret-key", SECRET_KEY])
                .arg(root.path())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("s3s-fs starts");
            let address = SocketAddr::from(([127, 0, 0, 1], port));
            // Wait until it accepts connections (readiness, not a timed assertion).
            for _ in 0..600 {
                if TcpStream::connect_timeout(&address, Duration::from_millis(100)).is_ok() {
                    return S3Server {
                        child,
                        endpoint: format!("http://127.0.0.1:{port}"),
                        root,
                    };
                }
                if child.try_wait().ok().flatten().is_some() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        panic!("s3s-fs did not start");
    }

    /// Creates a bucket and returns its folder (objects can be put there directly).
    pub fn bucket(&self, name: &str) -> PathBuf {
        let folder = self.root.path().join(name);
        std::fs::create_dir_all(&folder).expect("a bucket folder");
        folder
    }

    /// The environment a client needs to reach this server.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("AWS_ENDPOINT_URL", self.endpoint.clone()),
            ("AWS_ACCESS_KEY_ID", ACCESS_KEY.into()),
            ("AWS_SECRET_ACCESS_KEY", SECRET_KEY.into()),
            ("AWS_REGION", "us-east-1".into()),
            ("AWS_ALLOW_HTTP", "true".into()),
        ]
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
