//! `wrangle`: the command-line program.

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use wrangle_executor::commands::{self, Outcome};

#[derive(Parser)]
#[command(
    name = "wrangle",
    version,
    about = "Data wrangling recipes: check, format and run them"
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Check { recipes } => commands::check::run(recipes),
        Command::Fmt { recipes, check } => commands::fmt::run(recipes, *check),
    };
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
