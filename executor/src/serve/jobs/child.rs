//! A job runs as a child process: `wrangle run`, exactly as on the command line (the same
//! plan, atomic commit, manifest, row accounting and `expect` results), so that its failure
//! or its memory never takes the server down. The child reports progress as lines on
//! standard error and its summary as JSON on standard output; it stops (leaving no output)
//! when its standard input closes, which happens when the job is cancelled or the server
//! goes away.

use crate::api_types::{JobProgress, RunReport};
use crate::commands::progress::PROGRESS_LINE;
use std::path::PathBuf;
use std::process::Stdio;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};
use tokio::process::Command;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

/// The arguments of one run.
pub struct RunCommand {
    pub program: PathBuf,
    pub recipe: PathBuf,
    pub input: String,
    pub with: Vec<(String, String)>,
    pub output: String,
    pub format: String,
    pub partition_by: Vec<String>,
    pub overwrite: bool,
    pub memory_limit: Option<usize>,
}

impl RunCommand {
    fn arguments(&self) -> Vec<String> {
        let mut args = vec![
            "run".to_string(),
            self.recipe.display().to_string(),
            "--input".into(),
            self.input.clone(),
            "--output".into(),
            self.output.clone(),
            "--format".into(),
            self.format.clone(),
            "--json".into(),
            "--progress-lines".into(),
            "--stop-when-stdin-closes".into(),
        ];
        for (name, uri) in &self.with {
            args.push("--with".into());
            args.push(format!("{name}={uri}"));
        }
        if !self.partition_by.is_empty() {
            args.push("--partition-by".into());
            args.push(self.partition_by.join(","));
        }
        if self.overwrite {
            args.push("--overwrite".into());
        }
        if let Some(bytes) = self.memory_limit {
            args.push("--memory-limit".into());
            args.push(bytes.to_string());
        }
        args
    }
}

/// How a run ended.
#[derive(Debug)]
pub enum Ended {
    Succeeded(RunReport),
    Failed(String),
    Cancelled,
}

/// The most of what the run said that a record keeps.
const KEPT_MESSAGE: usize = 8_000;

/// Runs `command`, sending its progress to `progress`, until it ends or `cancel` fires.
pub async fn run(
    command: &RunCommand,
    progress: watch::Sender<JobProgress>,
    cancel: CancellationToken,
) -> Ended {
    let spawned = Command::new(&command.program)
        .args(command.arguments())
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn();
    let mut child = match spawned {
        Ok(child) => child,
        Err(e) => {
            return Ended::Failed(format!(
                "could not start {}: {e}",
                command.program.display()
            ))
        }
    };
    // Held open while the job may go on; dropped to ask the run to stop.
    let stdin = child.stdin.take();
    let said = tokio::spawn(read_stderr(child.stderr.take(), progress));
    let summary = tokio::spawn(read_all(child.stdout.take()));
    let status = tokio::select! {
        status = child.wait() => Some(status),
        _ = cancel.cancelled() => None,
    };
    let status = match status {
        Some(status) => status,
        None => {
            drop(stdin);
            // The run removes what it had written and exits; a run that does not is killed.
            let stopped =
                tokio::time::timeout(std::time::Duration::from_secs(30), child.wait()).await;
            if stopped.is_err() {
                let _ = child.kill().await;
            }
            return Ended::Cancelled;
        }
    };
    drop(stdin);
    let said = said.await.unwrap_or_default();
    let summary = summary.await.unwrap_or_default();
    match status {
        Ok(status) if status.success() => match serde_json::from_str::<RunReport>(&summary) {
            Ok(report) => Ended::Succeeded(report),
            Err(e) => Ended::Failed(format!("the run's summary is unreadable ({e}): {summary}")),
        },
        Ok(status) => Ended::Failed(if said.trim().is_empty() {
            format!("the run ended with {status}")
        } else {
            said
        }),
        Err(e) => Ended::Failed(format!("the run could not be followed: {e}")),
    }
}

/// Reads the child's standard error: progress lines go to `progress`, the rest is what the
/// run said (its last [`KEPT_MESSAGE`] bytes).
async fn read_stderr(
    stderr: Option<tokio::process::ChildStderr>,
    progress: watch::Sender<JobProgress>,
) -> String {
    let Some(stderr) = stderr else {
        return String::new();
    };
    let mut lines = BufReader::new(stderr).lines();
    let mut said = String::new();
    while let Ok(Some(line)) = lines.next_line().await {
        if let Some(json) = line.strip_prefix(PROGRESS_LINE) {
            if let Ok(p) = serde_json::from_str::<JobProgress>(json) {
                progress.send_replace(p);
            }
            continue;
        }
        said.push_str(&line);
        said.push('\n');
        if said.len() > 2 * KEPT_MESSAGE {
            let cut = said.len() - KEPT_MESSAGE;
            let cut = (cut..said.len())
                .find(|&i| said.is_char_boundary(i))
                .unwrap_or(said.len());
            said.drain(..cut);
        }
    }
    said
}

async fn read_all(stdout: Option<tokio::process::ChildStdout>) -> String {
    let mut text = String::new();
    if let Some(mut stdout) = stdout {
        let _ = stdout.read_to_string(&mut text).await;
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_runs_as_wrangle_run_would() {
        let command = RunCommand {
            program: "wrangle".into(),
            recipe: "r.wrangle".into(),
            input: "/store/demo/flights.csv.gz".into(),
            with: vec![("airlines".into(), "/store/demo/airlines.csv".into())],
            output: "/store/outputs/r/1.parquet".into(),
            format: "parquet".into(),
            partition_by: vec!["month".into(), "carrier".into()],
            overwrite: true,
            memory_limit: Some(1 << 30),
        };
        assert_eq!(
            command.arguments().join(" "),
            "run r.wrangle --input /store/demo/flights.csv.gz --output /store/outputs/r/1.parquet \
             --format parquet --json --progress-lines --stop-when-stdin-closes \
             --with airlines=/store/demo/airlines.csv --partition-by month,carrier --overwrite \
             --memory-limit 1073741824"
        );
    }
}
