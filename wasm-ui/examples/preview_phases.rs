//! Where a step preview's time goes, natively: applying the step, diffing the tables, and
//! profiling what the step touched, on the demo flights (`cargo run -p wrangle-ui --example
//! preview_phases [ROWS]`). The browser benchmark (`scripts/bench ui`) measures the whole
//! preview in Chromium; this says which part to look at.

use std::collections::HashMap;
use std::time::Instant;
use wrangle_ui::engine::diff::diff;
use wrangle_ui::engine::files::from_file;
use wrangle_ui::engine::memo::Memo;
use wrangle_ui::engine::{Runner, StepOutcome};

const STEPS: &[&str] = &[
    "keep rows where dep_delay > 10",
    "derive gain = dep_delay - arr_delay",
    "settype air_time float",
    "drop tailnum, flight",
    "sort by distance desc",
];

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), String> {
    let rows: usize = match std::env::args().nth(1) {
        Some(n) => n
            .parse()
            .map_err(|_| format!("{n}: not a number of rows"))?,
        None => 100_000,
    };
    let bytes = std::fs::read("data/nycflights13/flights.csv.gz")
        .map_err(|e| format!("data/nycflights13/flights.csv.gz: {e} (run from the repository)"))?;
    let started = Instant::now();
    let table = from_file("flights.csv.gz", bytes, rows, None)?.table;
    println!("read {} rows: {:?}", table.num_rows(), started.elapsed());
    let started = Instant::now();
    let memo = Memo::default();
    memo.profiles(&table, None);
    println!("profile every column: {:?}", started.elapsed());
    let runner = Runner::new();
    for step in STEPS {
        let started = Instant::now();
        let outcome = runner.apply(&table, step, &HashMap::new()).await;
        let StepOutcome::Applied {
            table: after,
            values_kept,
            ..
        } = outcome
        else {
            return Err(format!("{step}: {outcome:?}"));
        };
        let applied = started.elapsed();
        let started = Instant::now();
        let change = diff(&table, &after, values_kept);
        let diffed = started.elapsed();
        let started = Instant::now();
        memo.profiles(&after, Some((&table, &change)));
        let profiled = started.elapsed();
        println!(
            "{step:40} apply {applied:>10.1?}  diff {diffed:>10.1?}  profile {profiled:>10.1?}  ({})",
            change.summary()
        );
    }
    Ok(())
}
