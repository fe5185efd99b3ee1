//! `wrangle jobs list|run|show|cancel`: the jobs of a running `wrangle serve`, through its
//! API (`docs/api.md`), as the app sees them.

use super::api_client::Client;
use super::prepare::parse_binding;
use super::Outcome;
use crate::api_types::{JobRecord, JobRequest, JobState};
use crate::error::Result;
use std::time::Duration;

#[derive(clap::Args, Debug)]
pub struct JobsArgs {
    /// The server's address, as `wrangle serve` printed it.
    #[arg(long, env = "WRANGLE_SERVER", default_value = "http://127.0.0.1:8080")]
    pub server: String,
    /// The server's access token (needed when it serves beyond loopback).
    #[arg(long, env = "WRANGLE_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Print records as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(subcommand)]
    pub command: JobsCommand,
}

#[derive(clap::Subcommand, Debug)]
pub enum JobsCommand {
    /// The server's jobs, newest first.
    List,
    /// Run a saved recipe over the full data of the store.
    Run {
        /// The saved recipe's name.
        recipe: String,
        /// Its version (the latest when not given).
        #[arg(long)]
        version: Option<u32>,
        /// The dataset of the store to run on (the one it was saved with when not given).
        #[arg(long)]
        dataset: Option<String>,
        /// A name the recipe reads, bound to a dataset of the store: NAME=PATH.
        #[arg(long = "with", value_parser = parse_binding)]
        with: Vec<(String, String)>,
        /// Where in the store to write (outputs/RECIPE/JOB.FORMAT when not given).
        #[arg(long)]
        output: Option<String>,
        /// csv, parquet or jsonl.
        #[arg(long)]
        format: Option<String>,
        /// One folder per value of these columns, comma-separated.
        #[arg(long, value_delimiter = ',')]
        partition_by: Vec<String>,
        /// Replace the output when it exists.
        #[arg(long)]
        overwrite: bool,
        /// Return once queued instead of following the job to its end.
        #[arg(long)]
        detach: bool,
    },
    /// One job's record.
    Show { id: String },
    /// Cancel a queued or running job; nothing of its output is written.
    Cancel { id: String },
}

pub async fn run(args: &JobsArgs) -> Result<Outcome> {
    let client = Client::new(&args.server, args.token.clone());
    match &args.command {
        JobsCommand::List => {
            let jobs: Vec<JobRecord> = client.get("/api/jobs").await?;
            if args.json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&jobs).unwrap_or_default()
                );
            } else if jobs.is_empty() {
                println!("no jobs yet");
            } else {
                for job in &jobs {
                    println!("{}", one_line(job));
                }
            }
            Ok(Outcome::Clean)
        }
        JobsCommand::Show { id } => {
            let job: JobRecord = client.get(&format!("/api/jobs/{id}")).await?;
            show(&job, args.json);
            Ok(outcome(&job))
        }
        JobsCommand::Cancel { id } => {
            let job: JobRecord = client
                .post(&format!("/api/jobs/{id}/cancel"), &serde_json::json!({}))
                .await?;
            let job = follow(&client, job, false).await?;
            show(&job, args.json);
            Ok(Outcome::Clean)
        }
        JobsCommand::Run {
            recipe,
            version,
            dataset,
            with,
            output,
            format,
            partition_by,
            overwrite,
            detach,
        } => {
            let request = JobRequest {
                recipe: recipe.clone(),
                version: *version,
                dataset: dataset.clone(),
                inputs: (!with.is_empty()).then(|| with.iter().cloned().collect()),
                output: output.clone(),
                format: format.clone(),
                partition_by: partition_by.clone(),
                overwrite: *overwrite,
                schedule: None,
            };
            let job: JobRecord = client.post("/api/jobs", &request).await?;
            eprintln!("job {} queued: {} → {}", job.id, job.recipe, job.output);
            let job = if *detach {
                job
            } else {
                follow(&client, job, !args.json).await?
            };
            show(&job, args.json);
            Ok(outcome(&job))
        }
    }
}

/// Asks for the job's record until it has finished, saying its progress on the way.
pub(super) async fn follow(client: &Client, mut job: JobRecord, say: bool) -> Result<JobRecord> {
    let mut said = None;
    while job.state.is_live() {
        tokio::time::sleep(Duration::from_millis(500)).await;
        job = client.get(&format!("/api/jobs/{}", job.id)).await?;
        let now = (job.state, job.progress.rows_read);
        if say && said != Some(now) {
            eprintln!(
                "{} · {} rows read",
                job.state.as_str(),
                job.progress.rows_read
            );
            said = Some(now);
        }
    }
    Ok(job)
}

pub(super) fn outcome(job: &JobRecord) -> Outcome {
    match job.state {
        JobState::Succeeded | JobState::Queued | JobState::Running => Outcome::Clean,
        _ => Outcome::Findings,
    }
}

fn one_line(job: &JobRecord) -> String {
    let rows = match &job.report {
        Some(report) => format!("{} rows in, {} out", report.rows_in, report.rows_out),
        None => format!("{} rows read", job.progress.rows_read),
    };
    format!(
        "{}  {:<11} {} v{} on {} → {}  ({rows})",
        job.id,
        job.state.as_str(),
        job.recipe,
        job.version,
        job.dataset,
        job.output
    )
}

pub(super) fn show(job: &JobRecord, json: bool) {
    if json {
        println!("{}", serde_json::to_string_pretty(job).unwrap_or_default());
        return;
    }
    println!("{}", one_line(job));
    if let Some(report) = &job.report {
        for step in report.steps.iter().filter(|s| s.rows_in != s.rows_out) {
            println!(
                "  line {:>3}  {:<10} {:>12} → {}",
                step.line, step.step, step.rows_in, step.rows_out
            );
        }
        for e in &report.expectations {
            let verdict = if e.violations == 0 { "holds" } else { "broken" };
            println!(
                "  line {:>3}  expect {} ({verdict}: {} rows)",
                e.line, e.expect, e.violations
            );
        }
    }
    if let Some(error) = &job.error {
        println!("{}", error.trim_end());
    }
}
