//! The progress of a run: rows read from the main input (counted by the plan's first row
//! counter) against the estimated total of an uncompressed CSV (its size over the average
//! line of its start). A bar on a terminal, or lines for the server running a job.

use crate::accounting::RowCounts;
use crate::api_types::JobProgress;
use indicatif::{HumanBytes, ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Arc;
use std::time::Duration;

/// What a line of progress starts with; the rest is a [`JobProgress`] in JSON.
pub const PROGRESS_LINE: &str = "wrangle-progress: ";

/// How progress is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    Nothing,
    /// A bar on standard error, when it is a terminal.
    Bar,
    /// A [`PROGRESS_LINE`] on standard error twice a second.
    Lines,
}

/// A running progress bar (or nothing, when output is not a terminal).
pub struct Progress {
    bar: Option<ProgressBar>,
    ticker: Option<tokio::task::JoinHandle<()>>,
}

impl Progress {
    /// Starts showing progress as `shown` says (a bar only on a terminal).
    /// `copies`: how many counter nodes share the slot (a multi-column `unpivot` reads its
    /// input once per column).
    pub fn start(
        shown: Shown,
        counts: Arc<RowCounts>,
        slot: usize,
        copies: u64,
        input_bytes: u64,
        estimated_rows: Option<u64>,
    ) -> Progress {
        if shown == Shown::Lines {
            return Progress::lines(counts, slot, copies, estimated_rows);
        }
        if shown == Shown::Nothing || !std::io::stderr().is_terminal() {
            return Progress {
                bar: None,
                ticker: None,
            };
        }
        let bar = ProgressBar::with_draw_target(estimated_rows, ProgressDrawTarget::stderr());
        // Against the estimated total when the input tells it, else a count.
        let template = if estimated_rows.is_some() {
            "{bar:30} {human_pos}/~{human_len} rows read from {msg} · {eta} left"
        } else {
            "{spinner} {human_pos} rows read from {msg} · {elapsed}"
        };
        let style = ProgressStyle::with_template(template)
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
        bar.set_style(style);
        bar.set_message(format!("{} of input", HumanBytes(input_bytes)));
        let drawn = bar.clone();
        let ticker = tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_millis(120));
            loop {
                tick.tick().await;
                let read = counts.get(slot) / copies.max(1);
                // An estimate may fall short: the total is at least what was read.
                if drawn.length().is_some_and(|total| read > total) {
                    drawn.set_length(read);
                }
                drawn.set_position(read);
            }
        });
        Progress {
            bar: Some(bar),
            ticker: Some(ticker),
        }
    }

    fn lines(
        counts: Arc<RowCounts>,
        slot: usize,
        copies: u64,
        estimated_rows: Option<u64>,
    ) -> Progress {
        let ticker = tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_millis(500));
            loop {
                tick.tick().await;
                let progress = JobProgress {
                    rows_read: counts.get(slot) / copies.max(1),
                    estimated_rows,
                };
                // The server reading these may have gone: the run then stops by itself.
                if let Ok(json) = serde_json::to_string(&progress) {
                    use std::io::Write;
                    let _ = writeln!(std::io::stderr(), "{PROGRESS_LINE}{json}");
                }
            }
        });
        Progress {
            bar: None,
            ticker: Some(ticker),
        }
    }

    /// Stops drawing and clears the bar.
    pub fn finish(self) {
        if let Some(ticker) = self.ticker {
            ticker.abort();
        }
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}
