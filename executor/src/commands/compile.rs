//! `wrangle compile RECIPE --input URI [--explain | --sql [--dialect NAME]]`: the plan a
//! recipe becomes, as DataFusion's logical and physical plans or as portable SQL through
//! DataFusion's unparser (for pushing a recipe down to a warehouse).

use super::prepare::{prepare, Prepared};
use super::Outcome;
use crate::engine::session::batch_session;
use crate::error::{Error, Result};
use datafusion::physical_plan::displayable;
use datafusion::sql::unparser::dialect::{
    CustomDialect, DefaultDialect, Dialect, DuckDBDialect, MySqlDialect, PostgreSqlDialect,
    SqliteDialect,
};
use datafusion::sql::unparser::Unparser;
use std::path::PathBuf;

pub struct CompileArgs {
    pub recipe: PathBuf,
    pub input: String,
    pub with: Vec<(String, String)>,
    pub sql: bool,
    pub dialect: String,
}

pub const DIALECTS: &[&str] = &["default", "postgres", "mysql", "sqlite", "duckdb"];

fn dialect(name: &str) -> Result<Box<dyn Dialect>> {
    Ok(match name {
        "default" => Box::new(DefaultDialect {}),
        "postgres" | "postgresql" => Box::new(PostgreSqlDialect {}),
        "mysql" => Box::new(MySqlDialect {}),
        "sqlite" => Box::new(SqliteDialect {}),
        "duckdb" => Box::new(DuckDBDialect::new()),
        "custom" => Box::new(CustomDialect::default()),
        other => {
            return Err(Error::Usage(format!(
                "unknown SQL dialect `{other}`; the dialects are {}",
                DIALECTS.join(", ")
            )))
        }
    })
}

pub async fn run(args: &CompileArgs) -> Result<Outcome> {
    let ctx = batch_session();
    let Some(Prepared { compiled, .. }) = prepare(
        &ctx,
        &args.recipe,
        &args.input,
        &args.with,
        &Default::default(),
        false,
    )
    .await?
    else {
        return Ok(Outcome::Findings);
    };
    let engine = |e: datafusion::error::DataFusionError| Error::Engine(e.strip_backtrace());
    if args.sql {
        let dialect = dialect(&args.dialect)?;
        let statement = Unparser::new(dialect.as_ref())
            .plan_to_sql(&compiled.plan)
            .map_err(engine)?;
        println!("{statement};");
        return Ok(Outcome::Clean);
    }
    let state = ctx.state();
    let optimized = state.optimize(&compiled.plan).map_err(engine)?;
    let physical = state
        .create_physical_plan(&compiled.plan)
        .await
        .map_err(engine)?;
    println!("== logical plan ==\n{}\n", compiled.plan.display_indent());
    println!(
        "== optimized logical plan ==\n{}\n",
        optimized.display_indent()
    );
    println!(
        "== physical plan ==\n{}",
        displayable(physical.as_ref()).indent(true)
    );
    Ok(Outcome::Clean)
}
