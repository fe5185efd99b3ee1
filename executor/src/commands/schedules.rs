//! `wrangle schedules list|add|show|remove|pause|resume|run`: the schedules of a running
//! `wrangle serve`, through its API (`docs/api.md`), as the app sees them.

use super::api_client::Client;
use super::jobs::{follow, outcome, show as show_job};
use super::prepare::parse_binding;
use super::Outcome;
use crate::api_types::{JobRecord, JobRequest, ScheduleRecord, ScheduleRequest};
use crate::error::Result;

#[derive(clap::Args, Debug)]
pub struct SchedulesArgs {
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
    pub command: SchedulesCommand,
}

#[derive(clap::Subcommand, Debug)]
pub enum SchedulesCommand {
    /// The server's schedules, oldest first, with when each runs next.
    List {
        /// Only the schedules of this saved recipe.
        #[arg(long)]
        recipe: Option<String>,
    },
    /// Run a saved recipe as a job on a schedule, while the server is up.
    Add {
        /// The saved recipe's name.
        recipe: String,
        /// When, in UTC: five cron fields, minute hour day-of-month month day-of-week
        /// ("0 6 * * *" is 06:00 every day, "*/15 * * * *" every quarter hour, "0 6 * * MON"
        /// Mondays at 06:00), or @hourly, @daily, @weekly, @monthly, @yearly.
        #[arg(long)]
        cron: String,
        /// A name for people.
        #[arg(long)]
        name: Option<String>,
        /// The version to run (each run takes the latest when not given).
        #[arg(long)]
        version: Option<u32>,
        /// The dataset of the store to run on (the one the version was saved with when not
        /// given).
        #[arg(long)]
        dataset: Option<String>,
        /// A name the recipe reads, bound to a dataset of the store: NAME=PATH.
        #[arg(long = "with", value_parser = parse_binding)]
        with: Vec<(String, String)>,
        /// Where in the store to write; every run replaces it (a new
        /// outputs/RECIPE/JOB.FORMAT for each run when not given).
        #[arg(long)]
        output: Option<String>,
        /// csv, parquet or jsonl.
        #[arg(long)]
        format: Option<String>,
        /// One folder per value of these columns, comma-separated.
        #[arg(long, value_delimiter = ',')]
        partition_by: Vec<String>,
        /// Keep it paused until `wrangle schedules resume`.
        #[arg(long)]
        paused: bool,
    },
    /// One schedule's record.
    Show { id: String },
    /// Remove a schedule (the jobs it ran are kept).
    Remove { id: String },
    /// Stop running a schedule until it is resumed.
    Pause { id: String },
    /// Run a paused schedule again, from its next time on.
    Resume { id: String },
    /// Run a schedule's job now, paused or not, and follow it to its end.
    Run {
        id: String,
        /// Return once queued instead of following the job to its end.
        #[arg(long)]
        detach: bool,
    },
}

pub async fn run(args: &SchedulesArgs) -> Result<Outcome> {
    let client = Client::new(&args.server, args.token.clone());
    let path = |id: &str, action: &str| format!("/api/schedules/{id}{action}");
    let no_body = serde_json::json!({});
    let schedule: ScheduleRecord = match &args.command {
        SchedulesCommand::List { recipe } => {
            let mut schedules: Vec<ScheduleRecord> = client.get("/api/schedules").await?;
            if let Some(recipe) = recipe {
                schedules.retain(|s| &s.request.recipe == recipe);
            }
            if args.json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&schedules).unwrap_or_default()
                );
            } else if schedules.is_empty() {
                println!("no schedules yet");
            } else {
                for schedule in &schedules {
                    println!("{}", one_line(schedule));
                }
            }
            return Ok(Outcome::Clean);
        }
        SchedulesCommand::Add {
            recipe,
            cron,
            name,
            version,
            dataset,
            with,
            output,
            format,
            partition_by,
            paused,
        } => {
            let request = ScheduleRequest {
                name: name.clone(),
                cron: cron.clone(),
                timezone: None,
                request: JobRequest {
                    recipe: recipe.clone(),
                    version: *version,
                    dataset: dataset.clone(),
                    inputs: (!with.is_empty()).then(|| with.iter().cloned().collect()),
                    output: output.clone(),
                    format: format.clone(),
                    partition_by: partition_by.clone(),
                    ..JobRequest::default()
                },
                enabled: !*paused,
            };
            client.post("/api/schedules", &request).await?
        }
        SchedulesCommand::Show { id } => client.get(&path(id, "")).await?,
        SchedulesCommand::Remove { id } => {
            let removed: ScheduleRecord = client.delete(&path(id, "")).await?;
            if !args.json {
                eprintln!("removed schedule {}", removed.id);
            }
            removed
        }
        SchedulesCommand::Pause { id } => client.post(&path(id, "/pause"), &no_body).await?,
        SchedulesCommand::Resume { id } => client.post(&path(id, "/resume"), &no_body).await?,
        SchedulesCommand::Run { id, detach } => {
            let job: JobRecord = client.post(&path(id, "/run"), &no_body).await?;
            eprintln!("job {} queued: {} → {}", job.id, job.recipe, job.output);
            let job = if *detach {
                job
            } else {
                follow(&client, job, !args.json).await?
            };
            show_job(&job, args.json);
            return Ok(outcome(&job));
        }
    };
    show(&schedule, args.json);
    Ok(Outcome::Clean)
}

fn one_line(schedule: &ScheduleRecord) -> String {
    let job = &schedule.request;
    let version = job.version.map_or(String::new(), |v| format!(" v{v}"));
    let output = job.output.as_deref().unwrap_or("outputs/…");
    let when = match &schedule.next_run {
        Some(next) => format!("next {next}"),
        None if schedule.enabled => "no next run".to_string(),
        None => "paused".to_string(),
    };
    let cron = format!("`{}`", schedule.cron);
    format!(
        "{}  {cron:<14} {}{version} → {output}  ({when})",
        schedule.id, job.recipe,
    )
}

fn show(schedule: &ScheduleRecord, json: bool) {
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(schedule).unwrap_or_default()
        );
        return;
    }
    println!("{}", one_line(schedule));
    if let Some(name) = &schedule.name {
        println!("  name      {name}");
    }
    let job = &schedule.request;
    if let Some(dataset) = &job.dataset {
        println!("  dataset   {dataset}");
    }
    for (name, path) in job.inputs.iter().flatten() {
        println!("  with      {name}={path}");
    }
    if let Some(format) = &job.format {
        println!("  format    {format}");
    }
    if !job.partition_by.is_empty() {
        println!("  folders   by {}", job.partition_by.join(", "));
    }
    println!("  created   {}", schedule.created);
    if let Some(last) = &schedule.last_run {
        match (&last.job_id, &last.error) {
            (Some(job), _) => println!("  last run  {} (job {job})", last.at),
            (None, Some(error)) => println!("  last run  {} failed to start: {error}", last.at),
            (None, None) => println!("  last run  {}", last.at),
        }
    }
}
