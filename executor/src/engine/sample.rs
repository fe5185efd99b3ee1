//! Samples of a whole dataset, computed by DataFusion over every row and holding at most the
//! rows asked for: the first rows; a uniform random sample (seeded, one pass: each row gets
//! a key from its position and the seed, and the rows of the smallest keys stay); a sample
//! stratified by a column (every value present with a minimum of rows, the rest random);
//! the first rows that match a condition written in the language.
//!
//! Plans over the rows' positions run in one partition, so a row's position is its place in
//! the dataset and the same seed gives the same sample every time.

use crate::compile::{compile_expr, ExprScope};
use crate::schema::checker_schema;
use crate::udf::sample_key::sample_key;
use datafusion::functions_window::expr_fn::row_number;
use datafusion::logical_expr::{col, lit, Expr, ExprFunctionExt, LogicalPlan, LogicalPlanBuilder};
use wrangle_dsl::catalog::Kind;
use wrangle_dsl::check::{typed_expr, Allow};

pub use crate::sample_api::Sample;

pub const POSITION: &str = "__wrangle_sample_position";
const KEY: &str = "__wrangle_sample_key";
const RANK: &str = "__wrangle_sample_rank";

/// The plan of the sample of `plan` with at most `rows` rows, in the dataset's order.
pub fn plan(plan: LogicalPlan, sample: &Sample, rows: usize) -> crate::Result<LogicalPlan> {
    let engine = |e: datafusion::error::DataFusionError| crate::Error::engine(e);
    let columns: Vec<Expr> = plan
        .schema()
        .columns()
        .into_iter()
        .map(Expr::Column)
        .collect();
    let built = match sample {
        Sample::First => LogicalPlanBuilder::from(plan).limit(0, Some(rows)),
        Sample::Anomaly { .. } => {
            return Err(crate::Error::Usage(
                "an anomaly sample follows the recipe's steps: see `sample_anomaly::plan`".into(),
            ))
        }
        Sample::Filter { condition } => {
            let condition = condition_over(&plan, condition)?;
            LogicalPlanBuilder::from(plan)
                .filter(condition)
                .and_then(|b| b.limit(0, Some(rows)))
        }
        Sample::Random { seed } => keyed(plan, *seed)
            .and_then(|b| b.sort_with_limit(vec![col(KEY).sort(true, false)], Some(rows))),
        Sample::Stratified { column, min, seed } => {
            if plan.schema().field_with_unqualified_name(column).is_err() {
                return Err(crate::Error::Usage(format!(
                    "a stratified sample needs a column of the dataset, and `{column}` is none"
                )));
            }
            let rank = row_number()
                .partition_by(vec![crate::compile::column(column)])
                .order_by(vec![col(KEY).sort(true, false)])
                .build()
                .map_err(engine)?
                .alias(RANK);
            // The minimum of each value first, then the rest by their keys.
            let above_minimum = col(RANK).gt(lit(*min as u64));
            keyed(plan, *seed)
                .and_then(|b| b.window(vec![rank]))
                .and_then(|b| {
                    b.sort_with_limit(
                        vec![above_minimum.sort(true, false), col(KEY).sort(true, false)],
                        Some(rows),
                    )
                })
        }
    };
    let mut built = built.map_err(engine)?;
    if sample.needs_positions() {
        built = built
            .sort(vec![col(POSITION).sort(true, false)])
            .and_then(|b| b.project(columns))
            .map_err(engine)?;
    }
    built.build().map_err(engine)
}

/// The rows with their positions and keys.
fn keyed(plan: LogicalPlan, seed: u64) -> datafusion::error::Result<LogicalPlanBuilder> {
    let mut exprs: Vec<Expr> = plan
        .schema()
        .columns()
        .into_iter()
        .map(Expr::Column)
        .collect();
    exprs.push(col(POSITION));
    exprs.push(sample_key().call(vec![col(POSITION), lit(seed)]).alias(KEY));
    LogicalPlanBuilder::from(plan)
        .window(vec![row_number().alias(POSITION)])?
        .project(exprs)
}

/// A condition written in the language, checked against the dataset's columns like a step.
fn condition_over(plan: &LogicalPlan, text: &str) -> crate::Result<Expr> {
    let refuse = |why: String| crate::Error::Usage(format!("the sample's condition: {why}"));
    let parsed = wrangle_dsl::parse_expr(text).map_err(|d| refuse(d.message))?;
    let schema = checker_schema(plan.schema().as_arrow());
    let (typed, diagnostics) = typed_expr(&parsed, &schema, Allow::Scalar);
    if let Some(d) = diagnostics.iter().find(|d| d.is_error()) {
        let hint = d
            .hint
            .as_deref()
            .map(|h| format!(" ({h})"))
            .unwrap_or_default();
        return Err(refuse(format!("{}{hint}", d.message)));
    }
    if !Kind::Boolean.accepts(typed.ty.kind()) {
        return Err(refuse(format!(
            "it must be true or false, and it is {}",
            typed.ty
        )));
    }
    compile_expr(&typed, ExprScope::default()).map_err(|e| refuse(e.message))
}
