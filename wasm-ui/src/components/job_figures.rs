//! What a job did, as the jobs panel and the jobs page say it: its progress or rows in and
//! out, how long it took, and each step's rows, the expectations and the values that did
//! not fit.

use crate::services::types::{JobRecord, JobState};
use yew::prelude::*;

/// A time of the server in UTC (`2026-12-06T06:00:00Z`, `…T06:00:17.123+00:00`) as people
/// read it: `2026-12-06 06:00 UTC`, `2026-12-06 06:00:17 UTC`.
pub fn when_text(time: &str) -> String {
    let Some(seconds) = time
        .get(..19)
        .filter(|t| t.as_bytes().get(10) == Some(&b'T'))
    else {
        return time.to_string();
    };
    let shown = seconds.strip_suffix(":00").unwrap_or(seconds);
    format!("{} UTC", shown.replacen('T', " ", 1))
}

/// Progress while it runs; rows in and out when it has run.
pub fn figures(job: &JobRecord) -> String {
    if let Some(report) = &job.report {
        return format!("{} rows in → {} rows out", report.rows_in, report.rows_out);
    }
    let read = job.progress.rows_read;
    match (job.state, job.progress.estimated_rows) {
        (JobState::Queued, _) => "waiting for a free slot".into(),
        (JobState::Running, Some(total)) if total > 0 => format!(
            "{read} of ~{total} rows read ({:.0}%)",
            (read as f64 / total as f64 * 100.0).min(100.0)
        ),
        (JobState::Running, _) => format!("{read} rows read"),
        _ => format!("ended after {read} rows read"),
    }
}

/// Milliseconds since 1970 of an RFC 3339 time, as the browser reads it.
fn millis(time: &str) -> Option<f64> {
    let at = js_sys::Date::parse(time);
    (!at.is_nan()).then_some(at)
}

/// How long it ran (so far, while it runs); nothing before it starts.
pub fn took(job: &JobRecord) -> Option<String> {
    let started = millis(job.started.as_deref()?)?;
    let ended = match &job.finished {
        Some(finished) => millis(finished)?,
        None if job.state.is_live() => js_sys::Date::now(),
        None => return None,
    };
    Some(duration_text((ended - started).max(0.0) / 1000.0))
}

/// Seconds as people say them: `0.4 s`, `12 s`, `3 min 05 s`, `2 h 07 min`.
pub fn duration_text(seconds: f64) -> String {
    let whole = seconds.round() as u64;
    match whole {
        _ if seconds < 10.0 => format!("{seconds:.1} s"),
        0..=59 => format!("{whole} s"),
        60..=3599 => format!("{} min {:02} s", whole / 60, whole % 60),
        _ => format!("{} h {:02} min", whole / 3600, whole % 3600 / 60),
    }
}

/// How many values did not fit a type, over every step.
pub fn mismatched(job: &JobRecord) -> u64 {
    job.report
        .as_ref()
        .map_or(0, |r| r.mismatched.iter().map(|m| m.mismatched).sum())
}

/// The expectations broken, of those checked (`None` before it has run).
pub fn expectations(job: &JobRecord) -> Option<(usize, usize)> {
    let report = job.report.as_ref()?;
    let broken = report
        .expectations
        .iter()
        .filter(|e| e.violations > 0)
        .count();
    Some((broken, report.expectations.len()))
}

/// Each step's rows, the expectations and the values that did not fit.
pub fn details(job: &JobRecord) -> Html {
    let Some(report) = &job.report else {
        return html! { <div class="job-details">{ format!("started {}", when_text(job.started.as_deref().unwrap_or(&job.created))) }</div> };
    };
    html! {
        <table class="job-details" data-testid="job-details">
            { for report.steps.iter().map(|s| html! {
                <tr><td>{ format!("line {}", s.line) }</td><td>{ &s.step }</td><td class="n">{ s.rows_in }</td><td class="n">{ s.rows_out }</td></tr>
            }) }
            { for report.expectations.iter().map(|e| html! {
                <tr class={classes!((e.violations > 0).then_some("broken"))}>
                    <td>{ format!("line {}", e.line) }</td><td colspan="2">{ &e.expect }</td>
                    <td class="n">{ if e.violations == 0 { "holds".to_string() } else { format!("{} rows break it", e.violations) } }</td>
                </tr>
            }) }
            { for report.mismatched.iter().filter(|m| m.mismatched > 0).map(|m| html! {
                <tr><td>{ format!("line {}", m.line) }</td><td colspan="2">{ format!("{} did not fit", m.column) }</td><td class="n">{ m.mismatched }</td></tr>
            }) }
        </table>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_people_say_them() {
        assert_eq!(duration_text(0.42), "0.4 s");
        assert_eq!(duration_text(12.4), "12 s");
        assert_eq!(duration_text(185.0), "3 min 05 s");
        assert_eq!(duration_text(7620.0), "2 h 07 min");
    }

    #[test]
    fn server_times_read_in_minutes_when_whole() {
        assert_eq!(when_text("2026-12-06T06:00:00Z"), "2026-12-06 06:00 UTC");
        assert_eq!(when_text("2026-12-06T06:00:17Z"), "2026-12-06 06:00:17 UTC");
        assert_eq!(
            when_text("2026-12-06T06:00:17.123456789+00:00"),
            "2026-12-06 06:00:17 UTC"
        );
        assert_eq!(when_text("soon"), "soon");
    }
}
