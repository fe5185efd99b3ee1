//! The benchmark's baseline: a SQL file run by plain DataFusion over a CSV, written as CSV.
//! `cargo run --release --example sql_baseline -- QUERY.sql INPUT.csv OUTPUT.csv`
//! The input is registered as table `flights`, read as text (the query converts).

use datafusion::dataframe::DataFrameWriteOptions;
use datafusion::prelude::{CsvReadOptions, SessionContext};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [query, input, output] = args.as_slice() else {
        eprintln!("usage: sql_baseline QUERY.sql INPUT.csv OUTPUT.csv");
        return ExitCode::from(2);
    };
    match run(query, input, output).await {
        Ok(rows) => {
            eprintln!("{rows} rows out");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

async fn run(query: &str, input: &str, output: &str) -> datafusion::error::Result<u64> {
    let sql = std::fs::read_to_string(query)?;
    let ctx = SessionContext::new();
    ctx.register_csv("flights", input, CsvReadOptions::new().has_header(true))
        .await?;
    let frame = ctx.sql(&sql).await?;
    let written = frame
        .write_csv(
            output,
            DataFrameWriteOptions::new().with_single_file_output(true),
            None,
        )
        .await?;
    use datafusion::arrow::array::AsArray;
    use datafusion::arrow::datatypes::UInt64Type;
    Ok(written
        .iter()
        .filter(|b| b.num_rows() > 0)
        .map(|b| b.column(0).as_primitive::<UInt64Type>().value(0))
        .sum())
}
