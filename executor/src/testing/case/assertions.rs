//! The case's assertions on the output: its columns, its number of rows, the `expect`
//! table, and (in their own files) the column rules and `holds`.

use super::column_rules::{check_accepted, check_not_null, check_unique};
use super::holds::holds;
use super::{rows, Failure};
use crate::testing::compare::diff_rows;
use crate::testing::file::{Case, TestFile};
use crate::testing::table::{HeaderCell, TableText};
use crate::testing::values::{cell_value, same_type, type_name};
use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::common::ScalarValue;
use datafusion::execution::context::SessionContext;

/// The case's assertions on the output, and whether the `expect` table differs from it.
pub(super) async fn assertions(
    file: &TestFile,
    case: &Case,
    ctx: &SessionContext,
    output: &RecordBatch,
) -> (Vec<Failure>, bool) {
    let mut failures = Vec::new();
    let schema = output.schema();
    if let Some(header) = &case.columns {
        failures.extend(check_columns(header, &schema, "the output's"));
    }
    if let Some(rows_expected) = case.rows {
        if output.num_rows() as u64 != rows_expected {
            failures.push(Failure::Message(format!(
                "expected {}, the output has {}",
                rows(rows_expected),
                output.num_rows()
            )));
        }
    }
    let before_expect = failures.len();
    if let Some(expect) = &case.expect {
        failures.extend(check_expect_table(
            file,
            &expect.text,
            case.any_order,
            output,
        ));
    }
    let expect_differs = failures.len() > before_expect;
    for (columns, _) in &case.unique {
        failures.extend(check_unique(columns, output));
    }
    for name in &case.not_null {
        failures.extend(check_not_null(&name.text, output));
    }
    for (name, cells) in &case.accepted {
        failures.extend(check_accepted(file, name, cells, output));
    }
    for condition in &case.holds {
        if let Some(f) = holds(ctx, output, &condition.text).await {
            failures.push(f);
        }
    }
    (failures, expect_differs)
}

/// The case's `expect` table against the output: its columns, then its rows (in order
/// unless `any_order`).
fn check_expect_table(
    file: &TestFile,
    expect: &TableText,
    any_order: bool,
    output: &RecordBatch,
) -> Option<Failure> {
    let schema = output.schema();
    if let Some(f) = check_columns(&expect.columns, &schema, "the expected and actual") {
        return Some(f);
    }
    let expected: Result<Vec<Vec<ScalarValue>>, String> = expect
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .zip(schema.fields())
                .map(|(cell, field)| {
                    cell_value(cell, field.data_type())
                        .map_err(|e| format!("{}: {}", file.location(e.at), e.message))
                })
                .collect()
        })
        .collect();
    match (expected, rows_of(output)) {
        (Ok(expected), Ok(actual)) => {
            diff_rows(&expected, &actual, !any_order).map(|diff| Failure::Rows {
                columns: names(&schema),
                diff,
            })
        }
        (Err(why), _) | (_, Err(why)) => Some(Failure::Message(why)),
    }
}

/// The header's names (and types, where given) against the output's.
fn check_columns(header: &[HeaderCell], schema: &SchemaRef, what: &str) -> Option<Failure> {
    let expected: Vec<String> = header.iter().map(|c| c.name.clone()).collect();
    let actual = names(schema);
    if expected != actual {
        let missing: Vec<_> = expected
            .iter()
            .filter(|n| !actual.contains(n))
            .cloned()
            .collect();
        let extra: Vec<_> = actual
            .iter()
            .filter(|n| !expected.contains(n))
            .cloned()
            .collect();
        let mut why = Vec::new();
        if !missing.is_empty() {
            why.push(format!("missing {}", missing.join(", ")));
        }
        if !extra.is_empty() {
            why.push(format!("extra {}", extra.join(", ")));
        }
        if why.is_empty() {
            why.push("in another order".into());
        }
        return Some(Failure::Message(format!(
            "{what} columns differ ({}):\n  expected  {}\n  actual    {}",
            why.join("; "),
            expected.join(" | "),
            actual.join(" | ")
        )));
    }
    let wrong: Vec<String> = header
        .iter()
        .zip(schema.fields())
        .filter_map(|(c, f)| {
            let ty = c.ty.as_ref()?;
            (!same_type(&ty.kind, f.data_type())).then(|| {
                format!(
                    "`{}` is {}, not {}",
                    c.name,
                    type_name(f.data_type()),
                    wrangle_dsl::print::print_type(ty)
                )
            })
        })
        .collect();
    (!wrong.is_empty())
        .then(|| Failure::Message(format!("column types differ: {}", wrong.join("; "))))
}

pub(super) fn names(schema: &SchemaRef) -> Vec<String> {
    schema.fields().iter().map(|f| f.name().clone()).collect()
}

fn rows_of(batch: &RecordBatch) -> Result<Vec<Vec<ScalarValue>>, String> {
    (0..batch.num_rows())
        .map(|row| {
            batch
                .columns()
                .iter()
                .map(|c| ScalarValue::try_from_array(c, row).map_err(|e| e.strip_backtrace()))
                .collect()
        })
        .collect()
}
