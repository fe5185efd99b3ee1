//! `wrangle sample DATASET`: a sample of a dataset of a running `wrangle serve`'s store, as
//! the app takes it (`POST /api/datasets/working-set`, docs/api.md): first rows, random,
//! stratified, filter or anomaly, with its progress while the server collects it; written
//! to a local file (CSV, Parquet, JSON lines or Arrow by its extension) or shown.
//! `wrangle sample DATASET --list`: the samples the server keeps for it.

use super::api_client::Client;
use super::prepare::parse_binding;
use super::Outcome;
use crate::error::{Error, Result};
use crate::sample_api::{CollectedSample, Sample, SampleProgress, WorkingSetRequest};
use datafusion::arrow::ipc::reader::StreamReader;
use datafusion::arrow::record_batch::RecordBatch;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::path::PathBuf;
use std::time::Duration;

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    First,
    Random,
    Stratified,
    Filter,
    Anomaly,
}

#[derive(clap::Args, Debug)]
pub struct SampleArgs {
    /// The dataset: a file or folder of the server's store (`demo/flights.csv.gz`).
    pub dataset: String,
    /// Which rows.
    #[arg(long, value_enum, default_value = "first")]
    pub kind: Kind,
    /// Rows at most (the server's default when not given).
    #[arg(long)]
    pub rows: Option<usize>,
    /// Bytes at most, as an Arrow stream (the server's limit when not given).
    #[arg(long, value_parser = crate::engine::session::parse_size)]
    pub bytes: Option<usize>,
    /// The seed of a random or stratified sample.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The column a stratified sample is stratified by.
    #[arg(long, required_if_eq("kind", "stratified"))]
    pub by: Option<String>,
    /// The rows of each value a stratified sample has at least.
    #[arg(long, default_value_t = 10)]
    pub min: usize,
    /// The condition of a filter sample, in the language (`carrier = "UA"`).
    #[arg(long = "where", required_if_eq("kind", "filter"))]
    pub condition: Option<String>,
    /// The columns an anomaly sample looks at, comma-separated.
    #[arg(long, value_delimiter = ',', required_if_eq("kind", "anomaly"))]
    pub columns: Vec<String>,
    /// The recipe file whose steps an anomaly sample is taken after.
    #[arg(long, required_if_eq("kind", "anomaly"))]
    pub recipe: Option<PathBuf>,
    /// A name the recipe reads, bound to a dataset of the store: NAME=PATH.
    #[arg(long = "with", value_parser = parse_binding)]
    pub with: Vec<(String, String)>,
    /// The row the column names are on.
    #[arg(long)]
    pub header_row: Option<u64>,
    /// Write the rows to this local file (.csv, .parquet, .jsonl or .arrows); without it,
    /// the first rows are shown.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// List the samples the server keeps for the dataset instead.
    #[arg(long)]
    pub list: bool,
    /// The server's address, as `wrangle serve` printed it.
    #[arg(long, env = "WRANGLE_SERVER", default_value = "http://127.0.0.1:8080")]
    pub server: String,
    /// The server's access token (needed when it serves beyond loopback).
    #[arg(long, env = "WRANGLE_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
}

impl SampleArgs {
    fn sample(&self) -> Result<Sample> {
        Ok(match self.kind {
            Kind::First => Sample::First,
            Kind::Random => Sample::Random { seed: self.seed },
            Kind::Stratified => Sample::Stratified {
                column: self.by.clone().unwrap_or_default(),
                min: self.min,
                seed: self.seed,
            },
            Kind::Filter => Sample::Filter {
                condition: self.condition.clone().unwrap_or_default(),
            },
            Kind::Anomaly => {
                let path = self.recipe.clone().unwrap_or_default();
                let steps =
                    std::fs::read_to_string(&path).map_err(|source| Error::Io { path, source })?;
                Sample::Anomaly {
                    columns: self.columns.clone(),
                    steps,
                    inputs: self.with.iter().cloned().collect(),
                }
            }
        })
    }
}

pub async fn run(args: &SampleArgs) -> Result<Outcome> {
    let client = Client::new(&args.server, args.token.clone());
    if args.list {
        let mut path = format!("/api/samples?path={}", encoded(&args.dataset));
        if let Some(h) = args.header_row {
            path.push_str(&format!("&header_row={h}"));
        }
        let kept: Vec<CollectedSample> = client.get(&path).await?;
        if kept.is_empty() {
            println!("no samples of {} are kept", args.dataset);
        }
        for k in &kept {
            let cut = if k.cut_to_bytes { ", cut to fit" } else { "" };
            println!("{} · {} rows{cut} · {}", k.description, k.rows, k.collected);
        }
        return Ok(Outcome::Clean);
    }
    let sample = args.sample()?;
    let name = format!(
        "cli-{}-{}",
        std::process::id(),
        chrono::Utc::now().timestamp_millis()
    );
    let request = WorkingSetRequest {
        path: args.dataset.clone(),
        rows: args.rows,
        bytes: args.bytes.map(|b| b as u64),
        header_row: args.header_row,
        sample: sample.clone(),
        collect: (sample != Sample::First).then(|| name.clone()),
    };
    let bar = progress_bar(&sample);
    let asked = client.post_for_response("/api/datasets/working-set", &request);
    let followed = follow(&client, &name, &bar);
    let response = tokio::select! {
        answer = asked => answer,
        never = followed => match never {},
    };
    bar.finish_and_clear();
    let response = response?;
    let header = |name: &str| -> Option<String> {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let rows = header("x-wrangle-rows").unwrap_or_default();
    let total = header("x-wrangle-total-rows");
    let cut = header("x-wrangle-cut-to-bytes");
    let stream = response
        .bytes()
        .await
        .map_err(|e| Error::Engine(format!("the sample did not arrive whole: {e}")))?;
    let batches: Vec<RecordBatch> = StreamReader::try_new(std::io::Cursor::new(stream), None)
        .and_then(|reader| reader.collect())
        .map_err(|e| Error::Engine(format!("the sample is unreadable: {e}")))?;
    let of = total.map_or(String::new(), |t| format!(" of {t}"));
    let cut = cut.map_or(String::new(), |c| format!(", cut to {c} bytes"));
    eprintln!("{rows}{of} rows: {}{cut}", sample.describe());
    match &args.output {
        Some(path) => write(path, &batches)?,
        None => {
            let first: Vec<RecordBatch> = first_rows(&batches, 10);
            let shown = datafusion::arrow::util::pretty::pretty_format_batches(&first)
                .map_err(|e| Error::Engine(e.to_string()))?;
            println!("{shown}");
        }
    }
    Ok(Outcome::Clean)
}

/// A bar of the rows read, on a terminal.
fn progress_bar(sample: &Sample) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template("{spinner} {msg}: {human_pos}/{human_len} rows read")
        .unwrap_or_else(|_| ProgressStyle::default_spinner());
    bar.set_style(style);
    bar.set_message(format!("collecting {}", sample.describe()));
    bar
}

/// Shows the sample's progress until the answer comes (the caller stops waiting then).
async fn follow(client: &Client, name: &str, bar: &ProgressBar) -> std::convert::Infallible {
    loop {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let asked: Result<SampleProgress> = client
            .get(&format!("/api/samples/progress/{}", encoded(name)))
            .await;
        if let Ok(p) = asked {
            let passes = p.passes.max(1);
            if let Some(total) = p.total_rows {
                bar.set_length(total * passes);
            }
            bar.set_position(p.scanned_rows);
        }
    }
}

fn encoded(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// The first `n` rows of the batches.
fn first_rows(batches: &[RecordBatch], n: usize) -> Vec<RecordBatch> {
    let mut left = n;
    let mut out = Vec::new();
    for b in batches {
        if left == 0 {
            break;
        }
        let take = left.min(b.num_rows());
        out.push(b.slice(0, take));
        left -= take;
    }
    out
}

/// Writes the rows to a local file in the format its extension names.
fn write(path: &std::path::Path, batches: &[RecordBatch]) -> Result<()> {
    use datafusion::arrow::{csv, ipc, json};
    let io = |source: std::io::Error| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let failed = |message: String| Error::Output {
        uri: path.display().to_string(),
        message,
    };
    let arrow = |e: datafusion::arrow::error::ArrowError| failed(e.to_string());
    let parquet = |e: datafusion::parquet::errors::ParquetError| failed(e.to_string());
    let Some(first) = batches.first() else {
        return Err(Error::Usage("the sample has no rows to write".into()));
    };
    let schema = first.schema();
    let file = std::fs::File::create(path).map_err(io)?;
    let name = path.to_string_lossy().to_lowercase();
    if name.ends_with(".csv") {
        let mut w = csv::Writer::new(file);
        batches.iter().try_for_each(|b| w.write(b)).map_err(arrow)?;
    } else if name.ends_with(".jsonl") || name.ends_with(".json") {
        let mut w = json::LineDelimitedWriter::new(file);
        batches.iter().try_for_each(|b| w.write(b)).map_err(arrow)?;
        w.finish().map_err(arrow)?;
    } else if name.ends_with(".parquet") {
        let mut w = datafusion::parquet::arrow::ArrowWriter::try_new(file, schema, None)
            .map_err(parquet)?;
        batches
            .iter()
            .try_for_each(|b| w.write(b))
            .map_err(parquet)?;
        w.close().map_err(parquet)?;
    } else if name.ends_with(".arrows") || name.ends_with(".arrow") {
        let mut w = ipc::writer::StreamWriter::try_new(file, &schema).map_err(arrow)?;
        batches.iter().try_for_each(|b| w.write(b)).map_err(arrow)?;
        w.finish().map_err(arrow)?;
    } else {
        return Err(Error::Usage(format!(
            "{}: write to a .csv, .parquet, .jsonl or .arrows file",
            path.display()
        )));
    }
    eprintln!("wrote {}", path.display());
    Ok(())
}
