//! The ticker of `wrangle serve`: every [`EVERY`] it runs the schedules that have come due.
//! Its first tick is at once, so a run missed while the server was down runs when it starts.

use super::Schedules;
use std::sync::Arc;
use std::time::Duration;

/// How often due schedules are looked for: a run starts at most this long after its time.
pub const EVERY: Duration = Duration::from_secs(20);

/// Starts the ticker on the current runtime; it runs until the server stops.
pub fn start(schedules: Arc<Schedules>, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match schedules.run_due(chrono::Utc::now()).await {
                Ok(jobs) => {
                    for job in jobs {
                        tracing::info!(
                            "schedule {}: job {} queued ({} → {})",
                            job.schedule.as_deref().unwrap_or("?"),
                            job.id,
                            job.recipe,
                            job.output
                        );
                    }
                }
                Err(e) => tracing::warn!("the schedules could not be read: {e}"),
            }
        }
    })
}
