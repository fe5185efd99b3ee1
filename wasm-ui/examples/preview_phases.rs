//! Where a step preview's time goes, natively: apply, diff, profile.
use std::collections::HashMap;
use std::time::Instant;
use wrangle_ui::engine::diff::diff;
use wrangle_ui::engine::files::from_file;
use wrangle_ui::engine::profile::{profile, profile_after, Earlier};
use wrangle_ui::engine::{Runner, StepOutcome};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let rows: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let bytes = std::fs::read("data/nycflights13/flights.csv.gz").unwrap();
    let t = Instant::now();
    let table = from_file("flights.csv.gz", bytes, rows).unwrap().table;
    println!("load {} rows: {:?}", table.num_rows(), t.elapsed());
    let t = Instant::now();
    let base = profile(&table);
    println!("profile base: {:?}", t.elapsed());
    let runner = Runner::new();
    for step in [
        "keep rows where dep_delay > 10",
        "derive gain = dep_delay - arr_delay",
        "settype air_time float",
        "drop tailnum, flight",
        "sort by distance desc",
    ] {
        for _ in 0..2 {
            let t = Instant::now();
            let StepOutcome::Applied {
                table: after,
                values_kept,
                ..
            } = runner.apply(&table, step, &HashMap::new()).await
            else {
                panic!("{step}")
            };
            let a = t.elapsed();
            let t = Instant::now();
            let change = diff(&table, &after, values_kept);
            let d = t.elapsed();
            let t = Instant::now();
            let _ = profile_after(
                &after,
                Some(Earlier {
                    table: &table,
                    profiles: &base,
                    change: &change,
                }),
            );
            let p = t.elapsed();
            println!(
                "{step:40} apply {a:?} diff {d:?} profile {p:?} ({})",
                change.summary()
            );
        }
    }
}
