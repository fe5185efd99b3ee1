//! Running the `wrangle` program as a user does, on the bundled data.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the executor lives in the repository")
        .to_path_buf()
}

/// `wrangle ARGS` in `dir`, with `env` added to the environment.
pub fn wrangle_with(args: &[&str], dir: &Path, env: &[(&str, String)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_wrangle"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .envs(env.iter().map(|(k, v)| (k, v)))
        .output()
        .expect("wrangle runs")
}

pub fn wrangle(args: &[&str], dir: &Path) -> Output {
    wrangle_with(args, dir, &[])
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A file of the bundled nycflights13 data.
pub fn data(name: &str) -> String {
    repo()
        .join("data/nycflights13")
        .join(name)
        .display()
        .to_string()
}

pub fn example(name: &str) -> String {
    repo()
        .join("examples/flights")
        .join(name)
        .display()
        .to_string()
}
