//! Cron expressions as schedules read them: the standard five fields (minute, hour, day of
//! the month, month, day of the week) with lists, ranges, steps and names, or one of
//! `@hourly`, `@daily`, `@weekly`, `@monthly`, `@yearly`; read in UTC. Parsed and followed
//! by the `croner` crate; a mistake is said with the field it is in.

use super::super::error::ApiError;
use chrono::{DateTime, SecondsFormat, Utc};
use croner::parser::{CronParser, Seconds, Year};
use croner::Cron;

/// The fields in their order, with the values each takes.
const FIELDS: [(&str, &str); 5] = [
    ("minute", "0-59"),
    ("hour", "0-23"),
    ("day-of-month", "1-31"),
    ("month", "1-12 or JAN-DEC"),
    ("day-of-week", "0-7 or SUN-SAT (0 and 7 are Sunday)"),
];

/// The names that stand for a whole expression.
const NICKNAMES: [(&str, &str); 7] = [
    ("@hourly", "0 * * * *"),
    ("@daily", "0 0 * * *"),
    ("@midnight", "0 0 * * *"),
    ("@weekly", "0 0 * * 0"),
    ("@monthly", "0 0 1 * *"),
    ("@yearly", "0 0 1 1 *"),
    ("@annually", "0 0 1 1 *"),
];

const SHAPE: &str = "five fields, minute hour day-of-month month day-of-week \
     (`0 6 * * *` is 06:00 UTC every day), or @hourly, @daily, @weekly, @monthly, @yearly";

/// A checked cron expression.
#[derive(Clone, Debug)]
pub struct CronSchedule {
    cron: Cron,
}

fn parser() -> CronParser {
    CronParser::builder()
        .seconds(Seconds::Disallowed)
        .year(Year::Disallowed)
        .build()
}

fn refuse(message: String) -> ApiError {
    ApiError::bad_request(format!("cron: {message}"))
}

/// Checks a cron expression: its shape, each field, and that it ever comes.
pub fn parse(text: &str) -> Result<CronSchedule, ApiError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(refuse(format!("no expression: a schedule has {SHAPE}")));
    }
    let expression = if text.starts_with('@') {
        NICKNAMES
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(text))
            .map(|(_, expression)| *expression)
            .ok_or_else(|| {
                refuse(format!(
                    "`{text}` is not a schedule: a schedule has {SHAPE}"
                ))
            })?
    } else {
        text
    };
    let fields: Vec<&str> = expression.split_whitespace().collect();
    if fields.len() != FIELDS.len() {
        return Err(refuse(format!(
            "`{text}` has {} field{}: a schedule has {SHAPE}",
            fields.len(),
            if fields.len() == 1 { "" } else { "s" }
        )));
    }
    let cron = parser()
        .parse(expression)
        .map_err(|whole| refuse(field_at_fault(text, &fields, &whole)))?;
    let schedule = CronSchedule { cron };
    // A day that never comes (`0 0 30 2 *`) is a mistake too.
    let start = DateTime::parse_from_rfc3339("2000-01-01T00:00:00Z")
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| ApiError::internal(e.to_string()))?;
    if schedule.cron.find_next_occurrence(&start, false).is_err() {
        return Err(refuse(format!(
            "`{text}` never comes: no date has that day in that month"
        )));
    }
    Ok(schedule)
}

/// Which field makes `fields` invalid: each is tried alone, the others `*`.
fn field_at_fault(text: &str, fields: &[&str], whole: &croner::errors::CronError) -> String {
    for (i, ((name, values), field)) in FIELDS.iter().zip(fields).enumerate() {
        let mut alone = ["*"; 5];
        alone[i] = *field;
        if let Err(e) = parser().parse(&alone.join(" ")) {
            return format!(
                "the {name} field `{field}` of `{text}` is not valid ({}); it takes {values}, \
                 with lists (1,15), ranges (1-5) and steps (*/15)",
                reason(&e)
            );
        }
    }
    format!("`{text}` is not valid ({})", reason(whole))
}

/// croner's words, without its own prefix.
fn reason(error: &croner::errors::CronError) -> String {
    let text = error.to_string();
    let text = [
        "Component error: ",
        "Invalid pattern: ",
        "Pattern contains illegal characters: ",
    ]
    .iter()
    .find_map(|prefix| text.strip_prefix(prefix))
    .unwrap_or(&text);
    let text = text.strip_prefix("CronPattern contains ").unwrap_or(text);
    text.trim_end_matches('.').to_string()
}

impl CronSchedule {
    /// The first time the schedule comes strictly after `after`.
    pub fn next_after(&self, after: DateTime<Utc>) -> Result<DateTime<Utc>, ApiError> {
        self.cron
            .find_next_occurrence(&after, false)
            .map_err(|e| ApiError::internal(format!("the next time of a schedule: {e}")))
    }
}

/// A time as records keep it: RFC 3339 in UTC, to the second (`2026-12-05T06:00:00Z`).
pub fn format_time(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A time a record keeps.
pub fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        parse_time(text).unwrap()
    }

    fn next(cron: &str, after: &str) -> String {
        format_time(parse(cron).unwrap().next_after(at(after)).unwrap())
    }

    #[test]
    fn the_next_time_follows_each_field() {
        // Daily at 06:00: later today, or tomorrow once it has passed (or is now).
        assert_eq!(
            next("0 6 * * *", "2026-12-05T05:59:59Z"),
            "2026-12-05T06:00:00Z"
        );
        assert_eq!(
            next("0 6 * * *", "2026-12-05T06:00:00Z"),
            "2026-12-06T06:00:00Z"
        );
        // Steps, ranges, lists.
        assert_eq!(
            next("*/15 * * * *", "2026-12-05T10:07:00Z"),
            "2026-12-05T10:15:00Z"
        );
        assert_eq!(
            next("30 9-17/4 * * *", "2026-12-05T13:31:00Z"),
            "2026-12-05T17:30:00Z"
        );
        assert_eq!(
            next("0 8,20 * * *", "2026-12-05T08:00:00Z"),
            "2026-12-05T20:00:00Z"
        );
        // Weekdays by number and name: 2026-12-05 is a Saturday.
        assert_eq!(
            next("0 6 * * 1-5", "2026-12-05T00:00:00Z"),
            "2026-12-07T06:00:00Z"
        );
        assert_eq!(
            next("0 6 * * MON", "2026-12-05T00:00:00Z"),
            "2026-12-07T06:00:00Z"
        );
        assert_eq!(
            next("0 0 * * 7", "2026-12-05T00:00:00Z"),
            "2026-12-06T00:00:00Z"
        );
        // Months by name, across the year's end.
        assert_eq!(
            next("0 0 1 jan *", "2026-12-05T00:00:00Z"),
            "2027-01-01T00:00:00Z"
        );
        // A day of the month and a day of the week: either (as cron has it).
        assert_eq!(
            next("0 0 13 * 5", "2026-12-05T00:00:00Z"),
            "2026-12-11T00:00:00Z"
        );
        // 29 February comes in leap years.
        assert_eq!(
            next("0 0 29 2 *", "2026-12-05T00:00:00Z"),
            "2028-02-29T00:00:00Z"
        );
    }

    #[test]
    fn nicknames_stand_for_their_expressions() {
        let after = "2026-12-05T10:07:00Z"; // a Saturday
        assert_eq!(next("@hourly", after), "2026-12-05T11:00:00Z");
        assert_eq!(next("@daily", after), "2026-12-06T00:00:00Z");
        assert_eq!(next("@weekly", after), "2026-12-06T00:00:00Z");
        assert_eq!(next("@monthly", after), "2027-01-01T00:00:00Z");
        assert_eq!(next("@YEARLY", after), "2027-01-01T00:00:00Z");
    }

    #[test]
    fn mistakes_are_said_with_their_field() {
        let says = |cron: &str, words: &[&str]| {
            let error = parse(cron).unwrap_err();
            assert_eq!(error.status, axum::http::StatusCode::BAD_REQUEST);
            for w in words {
                assert!(error.message.contains(w), "{cron}: {}", error.message);
            }
        };
        says("", &["no expression", "five fields"]);
        says("0 6 * *", &["has 4 fields", "five fields"]);
        says("0 0 6 * * *", &["has 6 fields"]);
        says("61 * * * *", &["minute field `61`", "0-59"]);
        says("0 24 * * *", &["hour field `24`", "0-23"]);
        says("0 0 0 * *", &["day-of-month field `0`"]);
        says("0 0 * 13 *", &["month field `13`"]);
        says("0 0 * * FUN", &["day-of-week field `FUN`"]);
        says("a b c d e", &["minute field `a`"]);
        says("@reboot", &["`@reboot` is not a schedule", "@daily"]);
        says("0 0 30 2 *", &["never comes"]);
    }

    #[test]
    fn times_are_kept_to_the_second_in_utc() {
        let t = at("2026-12-05T07:00:00.123+01:00");
        assert_eq!(format_time(t), "2026-12-05T06:00:00Z");
        assert_eq!(parse_time("yesterday"), None);
    }
}
