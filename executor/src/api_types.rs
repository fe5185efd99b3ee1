//! What the JSON API of `wrangle serve` sends and receives (`docs/api.md`), shared by the
//! server and the browser app so the two cannot drift apart.

use serde::{Deserialize, Serialize};

/// `GET /api/datasets?path=FOLDER`
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DatasetListing {
    pub prefix: String,
    pub folders: Vec<String>,
    pub datasets: Vec<DatasetEntry>,
    /// Other files in the folder, which are not data (`wrangle` reads none of them).
    #[serde(default)]
    pub others: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DatasetEntry {
    pub path: String,
    pub name: String,
    pub size: u64,
    pub modified: String,
    /// How `wrangle run` reads it: csv, parquet or json.
    pub format: String,
}

/// An entry of `GET /api/recipes`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecipeSummary {
    pub name: String,
    pub versions: Vec<u32>,
}

/// `GET /api/recipes/NAME[?version=N]`, and what a save answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecipeVersion {
    pub name: String,
    pub version: u32,
    pub versions: Vec<u32>,
    pub text: String,
    /// The recipe's file in the store, for `wrangle run`.
    pub path: String,
    /// The data the version was written on, when the save said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<RecipeData>,
}

/// The body of `POST /api/recipes/NAME`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SaveRecipe {
    pub text: String,
    /// The data the recipe is written on: it opens with it.
    #[serde(default)]
    pub data: Option<RecipeData>,
}

/// The datasets a recipe was written on: its main input and the dataset each name it reads
/// (`join`, `lookup`, `union`) was bound to.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RecipeData {
    pub dataset: String,
    #[serde(default)]
    pub inputs: std::collections::BTreeMap<String, String>,
}

/// What a run did (`wrangle run --json`, a manifest, a job's record): rows in and out, each
/// step's rows, the expectations, the values that did not fit their type and the malformed
/// rows set aside.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RunReport {
    pub rows_in: u64,
    pub rows_out: u64,
    pub steps: Vec<StepReport>,
    pub expectations: Vec<ExpectationReport>,
    pub mismatched: Vec<MismatchReport>,
    pub rejected: Vec<RejectedReport>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepReport {
    pub line: usize,
    pub step: String,
    pub rows_in: u64,
    pub rows_out: u64,
    pub removed: u64,
    pub added: u64,
    pub reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExpectationReport {
    pub line: usize,
    pub expect: String,
    /// `fail` or `warn`.
    pub severity: String,
    pub violations: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MismatchReport {
    pub line: usize,
    pub column: String,
    pub mismatched: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RejectedReport {
    pub input: String,
    pub name: String,
    pub rejected: u64,
}

/// The body of `POST /api/jobs`: run a saved recipe over the full data of the store.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct JobRequest {
    pub recipe: String,
    /// The version to run (the latest when not given).
    #[serde(default)]
    pub version: Option<u32>,
    /// The main input, a dataset of the store (the one the version was saved with when not
    /// given), and the datasets the recipe's names are bound to (likewise).
    #[serde(default)]
    pub dataset: Option<String>,
    #[serde(default)]
    pub inputs: Option<std::collections::BTreeMap<String, String>>,
    /// Where in the store to write (`outputs/RECIPE/JOB.FORMAT` when not given).
    #[serde(default)]
    pub output: Option<String>,
    /// csv, parquet or jsonl (csv when neither this nor the output's name says).
    #[serde(default)]
    pub format: Option<String>,
    /// One folder per value of these columns.
    #[serde(default)]
    pub partition_by: Vec<String>,
    /// Replace an output that exists.
    #[serde(default)]
    pub overwrite: bool,
    /// The schedule that asks for the job (set by the server, never by a client).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
}

/// Where a job is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JobState {
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
    /// The server stopped while the job ran; nothing of its output is visible.
    Interrupted,
}

impl JobState {
    /// Queued or running: it may still change.
    pub fn is_live(self) -> bool {
        matches!(self, JobState::Queued | JobState::Running)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Queued => "queued",
            JobState::Running => "running",
            JobState::Succeeded => "succeeded",
            JobState::Failed => "failed",
            JobState::Cancelled => "cancelled",
            JobState::Interrupted => "interrupted",
        }
    }
}

/// Rows read of the main input so far, against its estimated total when it has one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct JobProgress {
    pub rows_read: u64,
    #[serde(default)]
    pub estimated_rows: Option<u64>,
}

/// `GET /api/jobs/ID`: a job's record, kept in the store (`.wrangle/jobs/ID.json`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobRecord {
    pub id: String,
    pub recipe: String,
    pub version: u32,
    pub dataset: String,
    #[serde(default)]
    pub inputs: std::collections::BTreeMap<String, String>,
    /// The output's path in the store.
    pub output: String,
    pub format: String,
    #[serde(default)]
    pub partition_by: Vec<String>,
    /// Whether it replaces an output that exists.
    #[serde(default)]
    pub overwrite: bool,
    pub state: JobState,
    /// RFC 3339 times.
    pub created: String,
    #[serde(default)]
    pub started: Option<String>,
    #[serde(default)]
    pub finished: Option<String>,
    #[serde(default)]
    pub progress: JobProgress,
    /// What the run did, once it succeeded.
    #[serde(default)]
    pub report: Option<RunReport>,
    /// Why it failed, as `wrangle run` said it.
    #[serde(default)]
    pub error: Option<String>,
    /// The schedule that ran it, when a schedule did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
}

/// The body of `POST /api/schedules`: run a saved recipe as a job on a cron schedule.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ScheduleRequest {
    /// A name for people (the recipe's name is shown when there is none).
    #[serde(default)]
    pub name: Option<String>,
    /// Standard 5-field cron (`minute hour day-of-month month day-of-week`: `0 6 * * 1-5`),
    /// or `@hourly`, `@daily`, `@weekly`, `@monthly`, `@yearly`.
    pub cron: String,
    /// The time zone the cron is read in: only `UTC` for now (the default).
    #[serde(default)]
    pub timezone: Option<String>,
    /// The job each run submits, as `POST /api/jobs` takes it. Without a version each run
    /// takes the recipe's latest; a fixed output is replaced by every run.
    pub request: JobRequest,
    /// Whether it runs (true unless it says false): a paused schedule is kept, not run.
    #[serde(default = "enabled_by_default")]
    pub enabled: bool,
}

fn enabled_by_default() -> bool {
    true
}

/// `GET /api/schedules/ID`: a schedule's record, kept in the store
/// (`.wrangle/schedules/ID.json`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScheduleRecord {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    /// As given, trimmed.
    pub cron: String,
    /// Always `UTC` for now.
    pub timezone: String,
    /// The job each run submits.
    pub request: JobRequest,
    pub enabled: bool,
    /// RFC 3339 times, in UTC.
    pub created: String,
    /// The run last started, by the schedule or by hand.
    #[serde(default)]
    pub last_run: Option<ScheduleRun>,
    /// When it runs next; none while it is paused.
    #[serde(default)]
    pub next_run: Option<String>,
}

/// A run of a schedule: when, and the job it submitted (or why it could not).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScheduleRun {
    /// When the job was submitted.
    pub at: String,
    /// The time it was due (none for a run asked for by hand).
    #[serde(default)]
    pub due: Option<String>,
    #[serde(default)]
    pub job_id: Option<String>,
    /// Why no job was submitted (the recipe was removed, its data is no longer named).
    #[serde(default)]
    pub error: Option<String>,
}
