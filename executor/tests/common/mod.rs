//! What the function tests share: the sample table as a plan, running a recipe on it, and
//! comparing values as the documentation means them.

#![allow(dead_code)]

pub mod batches;
pub mod cli;
pub mod s3_server;
pub mod server;

use datafusion::arrow::array::{Array, ArrayRef, RecordBatch};
use datafusion::arrow::compute::concat_batches;
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::common::ScalarValue;
use datafusion::datasource::{provider_as_source, MemTable};
use datafusion::logical_expr::{LogicalPlan, LogicalPlanBuilder};
use datafusion::prelude::SessionContext;
use std::collections::HashMap;
use std::sync::Arc;
use wrangle_dsl::ast::ExprKind;
use wrangle_dsl::catalog::{FunctionClass, FunctionDef, Kind, SAMPLE_TABLE};
use wrangle_dsl::check::{Column, Schema as CheckSchema};
use wrangle_executor::compile::{compile, literal_value, Inputs};

/// The sample table's columns and their types.
const COLUMNS: [(&str, DataType, Kind); 7] = [
    ("id", DataType::Int64, Kind::Integer),
    ("x", DataType::Int64, Kind::Integer),
    ("price", DataType::Float64, Kind::Float),
    ("s", DataType::Utf8, Kind::String),
    ("g", DataType::Utf8, Kind::String),
    ("d", DataType::Date32, Kind::Date),
    ("flag", DataType::Boolean, Kind::Boolean),
];

/// The sample table, read from the catalog's literals.
pub fn sample_batch() -> RecordBatch {
    let mut lines = SAMPLE_TABLE.lines().filter(|l| !l.trim().is_empty());
    let header: Vec<&str> = lines
        .next()
        .expect("a header")
        .split('|')
        .map(str::trim)
        .collect();
    let names: Vec<&str> = COLUMNS.iter().map(|(n, _, _)| *n).collect();
    assert_eq!(header, names, "the sample table's columns");
    let mut cells: Vec<Vec<ScalarValue>> = vec![Vec::new(); COLUMNS.len()];
    for line in lines {
        for (i, cell) in line.split('|').map(str::trim).enumerate() {
            let expr = wrangle_dsl::parse_expr(cell)
                .unwrap_or_else(|e| panic!("sample cell {cell}: {e:?}"));
            let ExprKind::Literal(literal) = &expr.kind else {
                panic!("sample cell {cell} is not a literal");
            };
            let value = literal_value(literal)
                .cast_to(&COLUMNS[i].1)
                .expect("a sample value of its column's type");
            cells[i].push(value);
        }
    }
    let schema = Arc::new(Schema::new(
        COLUMNS
            .iter()
            .map(|(n, t, _)| Field::new(*n, t.clone(), true))
            .collect::<Vec<_>>(),
    ));
    let arrays: Vec<ArrayRef> = cells
        .into_iter()
        .map(|column| ScalarValue::iter_to_array(column).expect("a column"))
        .collect();
    RecordBatch::try_new(schema, arrays).expect("the sample batch")
}

pub fn sample_plan() -> LogicalPlan {
    let batch = sample_batch();
    let table = MemTable::try_new(batch.schema(), vec![vec![batch]]).expect("a table");
    LogicalPlanBuilder::scan("sample", provider_as_source(Arc::new(table)), None)
        .and_then(|b| b.build())
        .expect("the sample plan")
}

fn check_schema() -> CheckSchema {
    CheckSchema::known(
        COLUMNS
            .iter()
            .map(|(n, _, k)| Column::new(n.to_string(), *k))
            .collect(),
    )
}

/// The recipe an example runs as.
pub fn recipe_for(def: &FunctionDef) -> String {
    match def.class {
        FunctionClass::Scalar => format!("derive r = {}", def.example),
        FunctionClass::Aggregate => format!("aggregate: r = {}", def.example),
        FunctionClass::Window => format!("window order by id: r = {}", def.example),
    }
}

/// Parses, checks and compiles a recipe over the sample table.
pub fn compile_recipe(source: &str) -> Result<LogicalPlan, String> {
    let recipe = wrangle_dsl::parse(source)
        .into_result()
        .map_err(|e| format!("does not parse: {e}"))?;
    let checked = wrangle_dsl::check::check(&recipe, Some(check_schema()));
    if checked.has_errors() {
        let messages: Vec<String> = checked
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.message.clone())
            .collect();
        return Err(format!("does not check: {}", messages.join("; ")));
    }
    let inputs = Inputs {
        main: sample_plan(),
        tables: HashMap::new(),
    };
    compile(&checked.steps, &inputs)
        .map(|c| c.plan)
        .map_err(|e| format!("does not compile: {}", e.message))
}

/// Runs a recipe over the sample table and returns its `r` column, in `id` order when the
/// result has an `id`.
pub async fn run(ctx: &SessionContext, source: &str) -> Result<Vec<ScalarValue>, String> {
    let plan = compile_recipe(source)?;
    let batches = ctx
        .execute_logical_plan(plan)
        .await
        .map_err(|e| format!("does not plan: {e}"))?
        .collect()
        .await
        .map_err(|e| format!("does not run: {e}"))?;
    let Some(first) = batches.first() else {
        return Err("gave no rows".into());
    };
    let batch = concat_batches(&first.schema(), &batches).map_err(|e| e.to_string())?;
    let column = |name: &str| batch.column_by_name(name).cloned();
    let r = column("r").ok_or("has no column r")?;
    let values = |array: &ArrayRef| {
        (0..array.len())
            .map(|i| ScalarValue::try_from_array(array, i).map_err(|e| e.to_string()))
            .collect::<Result<Vec<_>, _>>()
    };
    let mut rows: Vec<(Option<i64>, ScalarValue)> = match column("id") {
        Some(id) => values(&id)?
            .into_iter()
            .map(|v| match v {
                ScalarValue::Int64(id) => id,
                _ => None,
            })
            .zip(values(&r)?)
            .collect(),
        None => values(&r)?.into_iter().map(|v| (None, v)).collect(),
    };
    rows.sort_by_key(|(id, _)| *id);
    Ok(rows.into_iter().map(|(_, v)| v).collect())
}

/// The items of a list value.
pub fn items(value: &ScalarValue) -> Option<Vec<ScalarValue>> {
    let array: ArrayRef = match value {
        ScalarValue::List(a) => a.value(0),
        ScalarValue::LargeList(a) => a.value(0),
        ScalarValue::FixedSizeList(a) => a.value(0),
        _ => return None,
    };
    (0..array.len())
        .map(|i| ScalarValue::try_from_array(&array, i).ok())
        .collect()
}

fn as_f64(value: &ScalarValue) -> Option<f64> {
    match value.cast_to(&DataType::Float64).ok()? {
        ScalarValue::Float64(v) => v,
        _ => None,
    }
}

/// Whether `got` is the documented `expected` value.
pub fn same(expected: &ScalarValue, got: &ScalarValue) -> bool {
    if expected.is_null() || got.is_null() {
        return expected.is_null() && got.is_null();
    }
    if let Some(expected_items) = items(expected) {
        return items(got).is_some_and(|got_items| {
            got_items.len() == expected_items.len()
                && expected_items
                    .iter()
                    .zip(&got_items)
                    .all(|(e, g)| same(e, g))
        });
    }
    let (et, gt) = (expected.data_type(), got.data_type());
    if et.is_numeric() && gt.is_numeric() {
        if et.is_integer() && gt.is_integer() {
            return expected.cast_to(&DataType::Int64).ok() == got.cast_to(&DataType::Int64).ok();
        }
        return match (as_f64(expected), as_f64(got)) {
            (Some(e), Some(g)) if e.is_nan() || g.is_nan() => e.is_nan() && g.is_nan(),
            (Some(e), Some(g)) => e == g || (e - g).abs() <= 1e-9 * e.abs().max(g.abs()),
            _ => false,
        };
    }
    if et == gt {
        return expected == got;
    }
    got.cast_to(&et).is_ok_and(|g| &g == expected) || expected.cast_to(&gt).is_ok_and(|e| &e == got)
}

pub fn show(value: &ScalarValue) -> String {
    if value.is_null() {
        return "null".into();
    }
    match items(value) {
        Some(items) => format!(
            "[{}]",
            items.iter().map(show).collect::<Vec<_>>().join(", ")
        ),
        None => match value {
            ScalarValue::Utf8(Some(s))
            | ScalarValue::LargeUtf8(Some(s))
            | ScalarValue::Utf8View(Some(s)) => {
                format!("{s:?}")
            }
            other => format!("{other} ({})", other.data_type()),
        },
    }
}
