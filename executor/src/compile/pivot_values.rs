//! `pivot COLUMN using …` without `in [...]`: the values that become columns come from the
//! data. A first pass over the table as it is before the pivot finds them (sorted, nulls
//! left out), and the step is completed with them; the recipe is then checked again, so
//! the steps after it know the columns it made and their types.

use crate::compile::{compile, CompileError, Inputs};
use datafusion::common::ScalarValue;
use datafusion::execution::context::SessionContext;
use datafusion::logical_expr::LogicalPlanBuilder;
use wrangle_dsl::ast::{Expr, ExprKind, Line, Literal, Recipe, StepKind};
use wrangle_dsl::check::CheckedStep;
use wrangle_dsl::Span;

/// A pivot makes at most this many columns from the data; more is a mistake to report.
pub const MAX_PIVOT_COLUMNS: usize = 1000;

/// The values of `column` that a pivot without `in` turns into columns: a first pass over
/// the table as it is before the pivot (`before`, the typed steps that lead to it).
pub async fn from_data(
    ctx: &SessionContext,
    before: &[CheckedStep],
    name: &str,
    span: Span,
    inputs: &Inputs,
) -> Result<Vec<Expr>, CompileError> {
    let plan = compile(before, inputs)?.plan;
    if crate::compile::depends_on_input_order(&plan) {
        crate::compile::keep_input_order(ctx);
    }
    let key = crate::compile::column(name);
    let distinct = LogicalPlanBuilder::from(plan)
        .aggregate(
            vec![key.clone()],
            Vec::<datafusion::logical_expr::Expr>::new(),
        )
        .and_then(|b| b.filter(key.clone().is_not_null()))
        .and_then(|b| b.sort(vec![key.sort(true, false)]))
        .and_then(|b| b.limit(0, Some(MAX_PIVOT_COLUMNS + 1)))
        .and_then(|b| b.build())
        .map_err(|e| CompileError::plan(span, e))?;
    let frame = ctx
        .execute_logical_plan(distinct)
        .await
        .map_err(|e| CompileError::plan(span, e))?;
    let batches = frame
        .collect()
        .await
        .map_err(|e| CompileError::data(span, &e))?;
    let mut values = Vec::new();
    for batch in &batches {
        for row in 0..batch.num_rows() {
            let value = ScalarValue::try_from_array(batch.column(0), row)
                .map_err(|e| CompileError::plan(span, e))?;
            values.push(Expr::new(
                ExprKind::Literal(literal(&value, name, span)?),
                span,
            ));
        }
    }
    if values.len() > MAX_PIVOT_COLUMNS {
        return Err(CompileError::new(
            span,
            format!(
                "`{name}` has more than {MAX_PIVOT_COLUMNS} values: too many to become columns"
            ),
        )
        .with_hint(format!(
            "list the ones you want: pivot {name} in [\"a\", \"b\"] using …"
        )));
    }
    Ok(values)
}

/// Completes the pivot at `span` of `recipe` with the values found in the data.
pub fn fill(recipe: &mut Recipe, span: Span, found: Vec<Expr>) {
    for line in &mut recipe.lines {
        if let Line::Step(step, _) = line {
            if (step.span.start, step.span.end) == (span.start, span.end) {
                if let StepKind::Pivot { values, .. } = &mut step.kind {
                    *values = Some(found);
                    return;
                }
            }
        }
    }
}

/// A value found in the data as a literal of the language.
fn literal(value: &ScalarValue, column: &str, span: Span) -> Result<Literal, CompileError> {
    let text = |v: &Option<String>| Literal::String(v.clone().unwrap_or_default());
    Ok(match value {
        ScalarValue::Utf8(v) | ScalarValue::LargeUtf8(v) | ScalarValue::Utf8View(v) => text(v),
        ScalarValue::Boolean(Some(b)) => Literal::Boolean(*b),
        ScalarValue::Float32(Some(f)) => Literal::Float(f64::from(*f)),
        ScalarValue::Float64(Some(f)) => Literal::Float(*f),
        ScalarValue::Date32(Some(days)) => {
            let date =
                chrono::NaiveDate::from_num_days_from_ce_opt(*days + 719_163).ok_or_else(|| {
                    CompileError::new(span, format!("`{column}`: a date out of range"))
                })?;
            Literal::Date(date)
        }
        other => match other.cast_to(&datafusion::arrow::datatypes::DataType::Int64) {
            Ok(ScalarValue::Int64(Some(i))) if other.data_type().is_integer() => {
                Literal::Integer(i)
            }
            _ => {
                return Err(CompileError::new(
                    span,
                    format!(
                        "pivot cannot take the values of `{column}` ({}) from the data",
                        other.data_type()
                    ),
                )
                .with_hint(format!("list them: pivot {column} in [...] using …")))
            }
        },
    })
}
