//! Schedules: a saved recipe run as a job on a cron schedule (in UTC), as DataBrew and
//! Trifacta do. Each schedule is recorded in the store (see [`record`]); while the server
//! is up a ticker (see [`ticker`]) submits a job for each schedule that has come due, marked
//! with the schedule's id. A run missed while the server was down runs once when it is up
//! again, not once for every time it missed.

pub mod cron;
pub mod record;
mod request;
pub mod ticker;

use super::error::ApiError;
use super::jobs::Jobs;
use super::store::Store;
use crate::api_types::{JobRecord, ScheduleRecord, ScheduleRequest, ScheduleRun};
use chrono::{DateTime, Utc};
use cron::{format_time, parse_time};
use std::sync::Arc;

/// The schedules of a server, and the jobs they submit.
pub struct Schedules {
    store: Arc<Store>,
    jobs: Arc<Jobs>,
    /// One change at a time: the ticker and the API both rewrite records.
    changing: tokio::sync::Mutex<()>,
}

impl Schedules {
    pub fn new(store: Arc<Store>, jobs: Arc<Jobs>) -> Schedules {
        Schedules {
            store,
            jobs,
            changing: tokio::sync::Mutex::new(()),
        }
    }

    /// Checks and keeps a new schedule; its first run is the first time after `now`.
    pub async fn create(
        &self,
        request: ScheduleRequest,
        now: DateTime<Utc>,
    ) -> Result<ScheduleRecord, ApiError> {
        let created = request::record(&self.store, &record::new_id(), request, now).await?;
        let _one = self.changing.lock().await;
        record::write(&self.store, &created).await?;
        Ok(created)
    }

    /// Every schedule, oldest first.
    pub async fn list(&self) -> Result<Vec<ScheduleRecord>, ApiError> {
        record::list(&self.store).await
    }

    pub async fn get(&self, id: &str) -> Result<ScheduleRecord, ApiError> {
        record::read(&self.store, id).await
    }

    /// Removes a schedule (the jobs it ran are kept); its record as it was.
    pub async fn remove(&self, id: &str) -> Result<ScheduleRecord, ApiError> {
        let _one = self.changing.lock().await;
        let removed = record::read(&self.store, id).await?;
        record::remove(&self.store, id).await?;
        Ok(removed)
    }

    /// Pauses a schedule (it has no next run) or resumes it (its next run is the first time
    /// after `now`: the times it was paused for are not made up).
    pub async fn set_enabled(
        &self,
        id: &str,
        enabled: bool,
        now: DateTime<Utc>,
    ) -> Result<ScheduleRecord, ApiError> {
        let _one = self.changing.lock().await;
        let mut schedule = record::read(&self.store, id).await?;
        if schedule.enabled == enabled {
            return Ok(schedule);
        }
        schedule.enabled = enabled;
        schedule.next_run = if enabled {
            Some(format_time(cron::parse(&schedule.cron)?.next_after(now)?))
        } else {
            None
        };
        record::write(&self.store, &schedule).await?;
        Ok(schedule)
    }

    /// Runs a schedule's job now, paused or not; its next run stays as it was.
    pub async fn run_now(&self, id: &str, now: DateTime<Utc>) -> Result<JobRecord, ApiError> {
        let _one = self.changing.lock().await;
        let mut schedule = record::read(&self.store, id).await?;
        let job = self.submit(&schedule).await?;
        schedule.last_run = Some(ScheduleRun {
            at: format_time(now),
            due: None,
            job_id: Some(job.id.clone()),
            error: None,
        });
        record::write(&self.store, &schedule).await?;
        Ok(job)
    }

    /// Submits one job for each enabled schedule whose next run is at or before `now`, and
    /// moves its next run to the first time after `now` (so runs missed while the server was
    /// down make one run, not one each). A schedule whose last job is still queued or
    /// running is not run again on top of it: that time is skipped. The jobs submitted.
    pub async fn run_due(&self, now: DateTime<Utc>) -> Result<Vec<JobRecord>, ApiError> {
        let _one = self.changing.lock().await;
        let mut submitted = Vec::new();
        for mut schedule in record::list(&self.store).await? {
            let Some(due) = schedule.next_run.as_deref().and_then(parse_time) else {
                continue;
            };
            if !schedule.enabled || due > now {
                continue;
            }
            schedule.next_run = match cron::parse(&schedule.cron).and_then(|c| c.next_after(now)) {
                Ok(next) => Some(format_time(next)),
                Err(e) => {
                    tracing::warn!("schedule {}: {}", schedule.id, e.message);
                    None
                }
            };
            if self.still_running(&schedule).await {
                tracing::info!(
                    "schedule {}: its last job is still running; the run due at {} is skipped",
                    schedule.id,
                    format_time(due)
                );
            } else {
                let run = match self.submit(&schedule).await {
                    Ok(job) => {
                        let id = job.id.clone();
                        submitted.push(job);
                        (Some(id), None)
                    }
                    Err(e) => {
                        tracing::warn!("schedule {}: no job was started: {}", schedule.id, e);
                        (None, Some(e.message))
                    }
                };
                schedule.last_run = Some(ScheduleRun {
                    at: format_time(now),
                    due: Some(format_time(due)),
                    job_id: run.0,
                    error: run.1,
                });
            }
            if let Err(e) = record::write(&self.store, &schedule).await {
                tracing::warn!("schedule {}: its record was not written: {e}", schedule.id);
            }
        }
        Ok(submitted)
    }

    /// Queues the schedule's job, marked with its id.
    async fn submit(&self, schedule: &ScheduleRecord) -> Result<JobRecord, ApiError> {
        let mut request = schedule.request.clone();
        request.schedule = Some(schedule.id.clone());
        self.jobs.submit(Arc::clone(&self.store), request).await
    }

    /// Whether the job the schedule last submitted is queued or running.
    async fn still_running(&self, schedule: &ScheduleRecord) -> bool {
        let Some(id) = schedule.last_run.as_ref().and_then(|r| r.job_id.as_deref()) else {
            return false;
        };
        self.jobs
            .get(&self.store, id)
            .await
            .is_ok_and(|job| job.state.is_live())
    }
}
