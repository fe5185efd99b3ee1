//! Jobs: a saved recipe run over the full data of the store, started from the app or by
//! `wrangle jobs run`. Each job is recorded in the store (see [`record`]), waits in a queue
//! under a limit of jobs at once, runs as a `wrangle run` child process (see [`child`]),
//! reports its progress while it runs, and can be cancelled.

pub mod child;
pub mod record;
mod request;

use super::error::ApiError;
use super::store::Store;
use crate::api_types::{JobProgress, JobRecord, JobRequest, JobState};
use child::{Ended, RunCommand};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tokio::sync::{watch, Semaphore};
use tokio_util::sync::CancellationToken;

/// How jobs run: how many at once, the program that runs them, their memory.
#[derive(Clone, Debug)]
pub struct JobSettings {
    pub at_once: usize,
    /// `wrangle` itself (a test names the binary it built).
    pub program: PathBuf,
    /// The memory each job may hold (`wrangle run --memory-limit`).
    pub memory_limit: Option<usize>,
}

impl JobSettings {
    /// Two jobs at once, run by this program.
    pub fn for_this_program() -> JobSettings {
        JobSettings {
            at_once: 2,
            program: std::env::current_exe().unwrap_or_else(|_| PathBuf::from("wrangle")),
            memory_limit: None,
        }
    }
}

/// A job that has not finished: its record as it moves on and what cancels it.
struct Live {
    record: JobRecord,
    cancel: CancellationToken,
}

/// The jobs of a server.
pub struct Jobs {
    settings: JobSettings,
    slots: Arc<Semaphore>,
    live: Mutex<HashMap<String, Live>>,
}

impl Jobs {
    pub fn new(settings: JobSettings) -> Jobs {
        Jobs {
            slots: Arc::new(Semaphore::new(settings.at_once.max(1))),
            settings,
            live: Mutex::new(HashMap::new()),
        }
    }

    fn live(&self) -> std::sync::MutexGuard<'_, HashMap<String, Live>> {
        // A panic while the map was held leaves it as it was: still usable.
        self.live.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Queues a job; it starts when a slot is free. Its record as queued.
    pub async fn submit(
        self: &Arc<Self>,
        store: Arc<Store>,
        request: JobRequest,
    ) -> Result<JobRecord, ApiError> {
        let id = record::new_id();
        let queued = request::record(&store, &id, request).await?;
        record::write(&store, &queued).await?;
        let cancel = CancellationToken::new();
        self.live().insert(
            id.clone(),
            Live {
                record: queued.clone(),
                cancel: cancel.clone(),
            },
        );
        let jobs = Arc::clone(self);
        let answer = queued.clone();
        tokio::spawn(async move {
            let finished = jobs.follow(&store, queued, cancel).await;
            // Written before the job leaves the live map, so it is always readable.
            if let Err(e) = record::write(&store, &finished).await {
                tracing::warn!(
                    "job {}: its record could not be written: {}",
                    finished.id,
                    e.message
                );
            }
            jobs.live().remove(&finished.id);
        });
        Ok(answer)
    }

    /// What `request` would run (the recipe's version, its data, its output, with `JOB` for
    /// the job's id), checked as [`Jobs::submit`] checks it, without queueing anything.
    pub async fn resolve(store: &Store, request: JobRequest) -> Result<JobRecord, ApiError> {
        request::record(store, "JOB", request).await
    }

    /// Waits for a slot, runs the job and says how it ended.
    async fn follow(
        &self,
        store: &Store,
        mut job: JobRecord,
        cancel: CancellationToken,
    ) -> JobRecord {
        let slot = tokio::select! {
            slot = Arc::clone(&self.slots).acquire_owned() => slot.ok(),
            _ = cancel.cancelled() => None,
        };
        let Some(_slot) = slot else {
            return finished(job, JobState::Cancelled, None, None);
        };
        job.state = JobState::Running;
        job.started = Some(chrono::Utc::now().to_rfc3339());
        self.update(&job.id, |r| {
            r.state = JobState::Running;
            r.started = job.started.clone();
        });
        let _ = record::write(store, &job).await;
        let command = match self.command(store, &job).await {
            Ok(command) => command,
            Err(e) => return finished(job, JobState::Failed, None, Some(e.message)),
        };
        let (progress, mut seen) = watch::channel(JobProgress::default());
        let id = job.id.clone();
        let ended = {
            let run = child::run(&command.run, progress, cancel);
            tokio::pin!(run);
            loop {
                tokio::select! {
                    ended = &mut run => break ended,
                    Ok(()) = seen.changed() => {
                        let now = *seen.borrow_and_update();
                        self.update(&id, |r| r.progress = now);
                    }
                }
            }
        };
        drop(command.recipe_file);
        job.progress = *seen.borrow();
        match ended {
            Ended::Succeeded(report) => finished(job, JobState::Succeeded, Some(report), None),
            Ended::Failed(message) => finished(job, JobState::Failed, None, Some(message)),
            Ended::Cancelled => finished(job, JobState::Cancelled, None, None),
        }
    }

    /// The `wrangle run` of a job: the recipe's version as a file, the store's URIs.
    async fn command(&self, store: &Store, job: &JobRecord) -> Result<Prepared, ApiError> {
        let saved = super::recipes::read(store, &job.recipe, Some(job.version)).await?;
        let file = tempfile::Builder::new()
            .prefix("wrangle-job-")
            .suffix(".wrangle")
            .tempfile()
            .map_err(|e| ApiError::internal(format!("a work file for the job: {e}")))?;
        std::fs::write(file.path(), saved.text.as_bytes())
            .map_err(|e| ApiError::internal(format!("a work file for the job: {e}")))?;
        let uri = |path: &str| super::store::StoreKey::parse(path).map(|k| store.uri_of(&k));
        let mut with = Vec::new();
        for (name, path) in &job.inputs {
            with.push((name.clone(), uri(path)?));
        }
        Ok(Prepared {
            run: RunCommand {
                program: self.settings.program.clone(),
                recipe: file.path().to_path_buf(),
                input: uri(&job.dataset)?,
                with,
                output: uri(&job.output)?,
                format: job.format.clone(),
                partition_by: job.partition_by.clone(),
                overwrite: job.overwrite,
                memory_limit: self.settings.memory_limit,
            },
            recipe_file: file,
        })
    }

    fn update(&self, id: &str, change: impl FnOnce(&mut JobRecord)) {
        if let Some(live) = self.live().get_mut(id) {
            change(&mut live.record);
        }
    }

    fn get_live(&self, id: &str) -> Option<JobRecord> {
        self.live().get(id).map(|l| l.record.clone())
    }

    /// A job's record: as it is now while it lives, else as the store keeps it.
    pub async fn get(&self, store: &Store, id: &str) -> Result<JobRecord, ApiError> {
        record::check_id(id)?;
        match self.get_live(id) {
            Some(record) => Ok(record),
            None => record::read(store, id).await,
        }
    }

    /// Every job, newest first, the live ones as they are now.
    pub async fn list(&self, store: &Store) -> Result<Vec<JobRecord>, ApiError> {
        let mut records = record::list(store).await?;
        for r in &mut records {
            if let Some(live) = self.get_live(&r.id) {
                *r = live;
            }
        }
        Ok(records)
    }

    /// Cancels a queued or running job (its output is not written); a finished job is left
    /// as it is. Its record after the cancel.
    pub async fn cancel(&self, store: &Store, id: &str) -> Result<JobRecord, ApiError> {
        record::check_id(id)?;
        if let Some(live) = self.live().get(id) {
            live.cancel.cancel();
        }
        self.get(store, id).await
    }
}

/// A job's work file and its command.
struct Prepared {
    run: RunCommand,
    /// Removed when the job ends.
    recipe_file: tempfile::NamedTempFile,
}

fn finished(
    mut job: JobRecord,
    state: JobState,
    report: Option<crate::api_types::RunReport>,
    error: Option<String>,
) -> JobRecord {
    job.state = state;
    job.finished = Some(chrono::Utc::now().to_rfc3339());
    if let Some(report) = &report {
        job.progress.rows_read = job.progress.rows_read.max(report.rows_in);
    }
    job.report = report;
    job.error = error;
    job
}
