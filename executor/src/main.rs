//! `wrangle`: the command-line program.

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use wrangle_executor::commands::{self, parse_binding, Outcome};

#[derive(Parser)]
#[command(
    name = "wrangle",
    version,
    about = "Data wrangling recipes: check, format, compile and run them"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Report every problem in recipes, with line, column and a hint.
    Check {
        /// Recipe files, or folders to search for *.wrangle files.
        #[arg(required = true)]
        recipes: Vec<PathBuf>,
        /// Check against this input's schema (a CSV, Parquet or JSON-lines file or folder).
        #[arg(long)]
        input: Option<String>,
        /// Another input the recipes join, look up or append: NAME=PATH, checked against
        /// its schema.
        #[arg(long = "with", value_parser = parse_binding)]
        with: Vec<(String, String)>,
    },
    /// Rewrite recipes in canonical form (`-` reads standard input).
    Fmt {
        /// Recipe files, or folders to search for *.wrangle files.
        #[arg(required = true)]
        recipes: Vec<PathBuf>,
        /// Change nothing; exit with status 1 when a file would change.
        #[arg(long)]
        check: bool,
    },
    /// Run a recipe over a dataset and write the result, with an account of every step.
    Run(commands::run::RunArgs),
    /// Serve the browser app and its JSON API over a store (a local folder by default).
    Serve(commands::serve::ServeArgs),
    /// The jobs of a running server: list them, run a saved recipe, show or cancel one.
    Jobs(commands::jobs::JobsArgs),
    /// A sample of a dataset of a running server's store (first rows, random, stratified,
    /// filter, anomaly), written to a file or shown; --list: the samples it keeps.
    Sample(commands::sample::SampleArgs),
    /// The schedules of a running server: a saved recipe run as a job on a cron schedule;
    /// list, add, show, remove, pause, resume or run one now.
    Schedules(commands::schedules::SchedulesArgs),
    /// Run recipe tests (*.test.toml): inline inputs, expected output, properties.
    Test(commands::test::TestArgs),
    /// Show the plan a recipe compiles to, or the SQL it stands for.
    Compile {
        recipe: PathBuf,
        /// The main input (its schema is needed to plan).
        #[arg(long)]
        input: String,
        /// Another input the recipe names: NAME=PATH.
        #[arg(long = "with", value_parser = parse_binding)]
        with: Vec<(String, String)>,
        /// Print the logical, optimized and physical plans (the default).
        #[arg(long, conflicts_with = "sql")]
        explain: bool,
        /// Print SQL instead, through DataFusion's unparser.
        #[arg(long)]
        sql: bool,
        /// The SQL dialect: default, postgres, mysql, sqlite or duckdb.
        #[arg(long, default_value = "default")]
        dialect: String,
    },
}

fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check {
            recipes,
            input,
            with,
        } => commands::check::run(&recipes, input.as_deref(), &with),
        Command::Fmt { recipes, check } => commands::fmt::run(&recipes, check),
        Command::Run(args) => runtime()
            .map_err(|e| wrangle_executor::Error::Engine(e.to_string()))
            .and_then(|rt| rt.block_on(commands::run::run(&args))),
        Command::Serve(args) => runtime()
            .map_err(|e| wrangle_executor::Error::Engine(e.to_string()))
            .and_then(|rt| rt.block_on(commands::serve::run(&args))),
        Command::Jobs(args) => runtime()
            .map_err(|e| wrangle_executor::Error::Engine(e.to_string()))
            .and_then(|rt| rt.block_on(commands::jobs::run(&args))),
        Command::Sample(args) => runtime()
            .map_err(|e| wrangle_executor::Error::Engine(e.to_string()))
            .and_then(|rt| rt.block_on(commands::sample::run(&args))),
        Command::Schedules(args) => runtime()
            .map_err(|e| wrangle_executor::Error::Engine(e.to_string()))
            .and_then(|rt| rt.block_on(commands::schedules::run(&args))),
        Command::Test(args) => runtime()
            .map_err(|e| wrangle_executor::Error::Engine(e.to_string()))
            .and_then(|rt| rt.block_on(commands::test::run(&args))),
        Command::Compile {
            recipe,
            input,
            with,
            explain: _,
            sql,
            dialect,
        } => {
            let args = commands::compile::CompileArgs {
                recipe,
                input,
                with,
                sql,
                dialect,
            };
            runtime()
                .map_err(|e| wrangle_executor::Error::Engine(e.to_string()))
                .and_then(|rt| rt.block_on(commands::compile::run(&args)))
        }
    };
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Ok(Outcome::Invalid) => ExitCode::from(2),
        Err(wrangle_executor::Error::Interrupted) => {
            eprintln!("{}", wrangle_executor::Error::Interrupted);
            ExitCode::from(130)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
