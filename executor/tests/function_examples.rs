//! The executable documentation of the function library: every function of the catalog is
//! compiled and run on its documented example, and must give its documented result.
//!
//! Scalar examples run as `derive r = <example>` on the sample table (the first row's `r`),
//! aggregate examples as `aggregate: r = <example>`, window examples as
//! `window order by id: r = <example>` (one `r` per row, in `id` order). The documented
//! result is evaluated the same way (`derive r = <result>`) and compared after casting to a
//! common type, floats with a relative tolerance of 1e-9.

mod common;

use common::{compile_recipe, items, recipe_for, run, same, sample_batch, show};
use datafusion::common::ScalarValue;
use datafusion::prelude::SessionContext;
use wrangle_dsl::catalog::{self, FunctionClass, FunctionDef};

/// Runs one function's example; `Err` describes how it differs from the documentation.
async fn check_example(ctx: &SessionContext, def: &FunctionDef) -> Result<(), String> {
    let expected = run(ctx, &format!("derive r = {}", def.result))
        .await
        .map_err(|e| format!("the documented result {} {e}", def.result))?;
    let expected = expected
        .first()
        .ok_or("the documented result gave no row")?;
    if expected.is_null() != (def.result == "null") {
        return Err(format!(
            "the documented result {} evaluates to {}",
            def.result,
            show(expected)
        ));
    }
    let got = run(ctx, &recipe_for(def)).await?;
    if std::env::var_os("WRANGLE_SHOW_EXAMPLES").is_some() {
        let got: Vec<String> = got.iter().map(show).collect();
        println!(
            "{}: {} = {}  (documented {})",
            def.name,
            def.example,
            got.join(", "),
            show(expected)
        );
    }
    match def.class {
        FunctionClass::Scalar | FunctionClass::Aggregate => {
            let got = got.first().ok_or("gave no row")?;
            if same(expected, got) {
                Ok(())
            } else {
                Err(format!("expected {}, got {}", show(expected), show(got)))
            }
        }
        FunctionClass::Window => {
            let expected_items = items(expected)
                .ok_or("the documented result of a window function is not a list")?;
            let matches = expected_items.len() == got.len()
                && expected_items.iter().zip(&got).all(|(e, g)| same(e, g));
            if matches {
                Ok(())
            } else {
                let got: Vec<String> = got.iter().map(show).collect();
                Err(format!(
                    "expected {}, got [{}]",
                    show(expected),
                    got.join(", ")
                ))
            }
        }
    }
}

#[tokio::test]
async fn every_example_gives_its_documented_result() {
    let ctx = SessionContext::new();
    let mut failures = Vec::new();
    for def in catalog::functions() {
        if let Err(why) = check_example(&ctx, def).await {
            failures.push(format!("{}: {}  =>  {why}", def.name, recipe_for(def)));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} examples do not give their documented result:\n  {}",
        failures.len(),
        catalog::functions().len(),
        failures.join("\n  ")
    );
}

#[test]
fn every_function_compiles() {
    let mut failures = Vec::new();
    for def in catalog::functions() {
        if let Err(why) = compile_recipe(&recipe_for(def)) {
            failures.push(format!("{}: {}  =>  {why}", def.name, recipe_for(def)));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} functions do not compile:\n  {}",
        failures.len(),
        catalog::functions().len(),
        failures.join("\n  ")
    );
}

#[test]
fn the_sample_table_has_its_documented_rows() {
    let batch = sample_batch();
    assert_eq!(batch.num_rows(), 5);
    assert_eq!(batch.column(1).null_count(), 1, "x has one null");
    assert_eq!(
        ScalarValue::try_from_array(batch.column(5), 1).unwrap(),
        ScalarValue::Date32(Some(19782))
    );
}
