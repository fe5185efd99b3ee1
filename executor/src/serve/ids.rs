//! Ids of the records the server keeps (jobs, schedules): the time they were made (so they
//! sort by time) and a random tail; and the check of an id a request names.

/// An id made now: the time in `time_format` (chrono's), a dash, six random hex digits.
pub fn new_id(time_format: &str) -> String {
    let now = chrono::Utc::now().format(time_format);
    let tail = uuid::Uuid::new_v4().simple().to_string();
    format!("{now}-{}", &tail[..6])
}

/// Whether a requested id is one an id could be: letters, digits and dashes, nothing that
/// reaches another place in the store.
pub fn is_valid(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}
