//! A schedule request made into a record: its name, time zone and cron checked, and its job
//! checked as `POST /api/jobs` checks one (the recipe, its version, its data, the output),
//! without running anything.

use super::super::error::ApiError;
use super::super::jobs::Jobs;
use super::super::store::Store;
use super::cron::{self, format_time};
use crate::api_types::{ScheduleRecord, ScheduleRequest};
use chrono::{DateTime, Utc};

/// The record of a new schedule asked for by `request` at `now`.
pub async fn record(
    store: &Store,
    id: &str,
    request: ScheduleRequest,
    now: DateTime<Utc>,
) -> Result<ScheduleRecord, ApiError> {
    let name = name(request.name.as_deref())?;
    let timezone = timezone(request.timezone.as_deref())?;
    let schedule = cron::parse(&request.cron)?;
    let mut job = request.request;
    job.schedule = None;
    // Every run writes to the same place: it replaces what the run before wrote.
    if job.output.is_some() {
        job.overwrite = true;
    }
    Jobs::resolve(store, job.clone()).await.map_err(|e| {
        // The schedule's own address exists; what it names does not.
        if e.status == axum::http::StatusCode::NOT_FOUND {
            ApiError::bad_request(e.message)
        } else {
            e
        }
    })?;
    let next_run = if request.enabled {
        Some(format_time(schedule.next_after(now)?))
    } else {
        None
    };
    Ok(ScheduleRecord {
        id: id.to_string(),
        name,
        cron: request.cron.trim().to_string(),
        timezone,
        request: job,
        enabled: request.enabled,
        created: format_time(now),
        last_run: None,
        next_run,
    })
}

fn name(name: Option<&str>) -> Result<Option<String>, ApiError> {
    let Some(name) = name.map(str::trim).filter(|n| !n.is_empty()) else {
        return Ok(None);
    };
    if name.chars().count() > 120 || name.chars().any(char::is_control) {
        return Err(ApiError::bad_request(
            "name: at most 120 characters, on one line",
        ));
    }
    Ok(Some(name.to_string()))
}

/// Schedules are read in UTC: other time zones are refused rather than misread.
fn timezone(asked: Option<&str>) -> Result<String, ApiError> {
    match asked.map(str::trim) {
        None | Some("") => Ok("UTC".into()),
        Some(tz) if tz.eq_ignore_ascii_case("UTC") || tz.eq_ignore_ascii_case("Etc/UTC") => {
            Ok("UTC".into())
        }
        Some(other) => Err(ApiError::bad_request(format!(
            "timezone: schedules are read in UTC for now; `{other}` is not supported (write the cron in UTC)"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_utc_is_a_time_zone_for_now() {
        assert_eq!(timezone(None).unwrap(), "UTC");
        assert_eq!(timezone(Some("utc")).unwrap(), "UTC");
        let refused = timezone(Some("Europe/Paris")).unwrap_err();
        assert!(
            refused.message.contains("UTC for now"),
            "{}",
            refused.message
        );
    }

    #[test]
    fn names_are_one_short_line() {
        assert_eq!(name(Some("  ")).unwrap(), None);
        assert_eq!(
            name(Some(" nightly ")).unwrap(),
            Some("nightly".to_string())
        );
        assert!(name(Some("a\nb")).is_err());
        assert!(name(Some(&"x".repeat(121))).is_err());
    }
}
