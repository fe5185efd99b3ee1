//! `wrangle run RECIPE --input URI [--with NAME=URI]... --output URI`: the recipe over
//! the full data, expectations checked before anything is written, output committed
//! atomically with a manifest, and a summary of what happened.

use super::prepare::{prepare, Prepared};
use super::Outcome;
use crate::engine::expectations;
use crate::engine::output::{write_atomically, Destination, OutputFormat};
use crate::engine::session::batch_session;
use crate::error::{Error, Result};
use datafusion::functions_aggregate::expr_fn::count;
use datafusion::logical_expr::{lit, Expr, LogicalPlanBuilder};
use serde_json::json;
use std::path::PathBuf;
use std::time::Instant;
use wrangle_dsl::ast::Severity;
use wrangle_dsl::LineCol;

pub struct RunArgs {
    pub recipe: PathBuf,
    pub input: String,
    pub with: Vec<(String, String)>,
    pub output: String,
    pub format: Option<OutputFormat>,
    pub overwrite: bool,
    pub json: bool,
}

fn engine(e: datafusion::error::DataFusionError) -> Error {
    Error::Engine(e.strip_backtrace())
}

pub async fn run(args: &RunArgs) -> Result<Outcome> {
    let started = Instant::now();
    let destination = Destination::new(&args.output, args.format)?;
    if destination.path.exists() && !args.overwrite {
        return Err(Error::Output {
            uri: args.output.clone(),
            message: "already exists; pass --overwrite to replace it".into(),
        });
    }
    let ctx = batch_session();
    let Some(Prepared {
        source,
        input,
        compiled,
    }) = prepare(&ctx, &args.recipe, &args.input, &args.with).await?
    else {
        return Ok(Outcome::Findings);
    };

    // Rules first: a failing `expect … else fail` stops the run before anything is written.
    let mut outcomes = Vec::new();
    for expectation in &compiled.expectations {
        outcomes.push(expectations::evaluate(&ctx, expectation).await?);
    }
    let at = |span: wrangle_dsl::Span| LineCol::of(&source, span.start);
    let failed: Vec<_> = outcomes
        .iter()
        .filter(|o| !o.passed() && o.severity == Severity::Fail)
        .collect();

    let mut mismatched = Vec::new();
    for conversion in &compiled.conversions {
        mismatched.extend(crate::engine::mismatches::count(&ctx, conversion).await?);
    }
    let mismatched_json: Vec<serde_json::Value> = mismatched
        .iter()
        .map(|m| json!({"line": at(m.span).line, "column": &m.column, "mismatched": m.count}))
        .collect();
    let rows_in = count_rows(&ctx, &input).await?;
    let expectation_json: Vec<serde_json::Value> = outcomes
        .iter()
        .map(|o| {
            json!({
                "line": at(o.span).line,
                "expect": &source[o.span.range()],
                "severity": if o.severity == Severity::Fail { "fail" } else { "warn" },
                "violations": o.violations,
            })
        })
        .collect();
    if !failed.is_empty() {
        for o in &failed {
            let what = if o.table_level {
                "does not hold".to_string()
            } else {
                format!("is broken by {} rows", o.violations)
            };
            eprintln!(
                "{}:{}: `{}` {what}; nothing was written",
                args.recipe.display(),
                at(o.span),
                &source[o.span.range()]
            );
        }
        return Ok(Outcome::Findings);
    }

    let frame = ctx
        .execute_logical_plan(compiled.plan.clone())
        .await
        .map_err(engine)?;
    let recipe_hash = recipe_hash(&source);
    let elapsed = started.elapsed();
    let with: serde_json::Map<String, serde_json::Value> = args
        .with
        .iter()
        .map(|(n, u)| (n.clone(), json!(u)))
        .collect();
    let manifest = |rows_out: u64| {
        let manifest = json!({
            "recipe": args.recipe.display().to_string(),
            "recipe_sha256": recipe_hash,
            "input": &args.input,
            "with": with,
            "rows_in": rows_in,
            "rows_out": rows_out,
            "expectations": &expectation_json,
            "mismatched": &mismatched_json,
            "seconds_before_write": elapsed.as_secs_f64(),
            "wrangle": env!("CARGO_PKG_VERSION"),
        });
        format!("{manifest:#}\n")
    };
    let rows_out = write_atomically(frame, &destination, args.overwrite, manifest).await?;
    let seconds = started.elapsed().as_secs_f64();
    if args.json {
        let summary = json!({
            "output": &args.output,
            "rows_in": rows_in,
            "rows_out": rows_out,
            "expectations": &expectation_json,
            "mismatched": &mismatched_json,
            "seconds": seconds,
        });
        println!("{summary}");
    } else {
        for o in outcomes.iter().filter(|o| !o.passed()) {
            eprintln!(
                "{}:{}: warning: `{}` is broken by {} rows",
                args.recipe.display(),
                at(o.span),
                &source[o.span.range()],
                o.violations
            );
        }
        eprintln!(
            "{rows_in} rows in, {rows_out} rows out → {} ({seconds:.2} s)",
            args.output
        );
    }
    Ok(Outcome::Clean)
}

async fn count_rows(
    ctx: &datafusion::execution::context::SessionContext,
    plan: &datafusion::logical_expr::LogicalPlan,
) -> Result<u64> {
    let counted = LogicalPlanBuilder::from(plan.clone())
        .aggregate(Vec::<Expr>::new(), vec![count(lit(1))])
        .and_then(|b| b.build())
        .map_err(engine)?;
    let batches = ctx
        .execute_logical_plan(counted)
        .await
        .map_err(engine)?
        .collect()
        .await
        .map_err(engine)?;
    use datafusion::arrow::array::AsArray;
    use datafusion::arrow::datatypes::Int64Type;
    Ok(batches
        .iter()
        .find(|b| b.num_rows() > 0)
        .and_then(|b| {
            b.column(0)
                .as_primitive_opt::<Int64Type>()
                .map(|a| a.value(0))
        })
        .map_or(0, |n| u64::try_from(n).unwrap_or(0)))
}

fn recipe_hash(source: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(source.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
