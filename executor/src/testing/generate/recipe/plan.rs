//! The recipe so far planned as `run` and `test` plan it, for the columns after it, and
//! where the checker's view of them differs from the plan's.

use super::super::expr::Col;
use super::super::schema::Ty;
use super::super::Case;
use crate::compile::Inputs;
use crate::planning::{check_and_compile, Unplanned};
use crate::schema::checker_schema;
use datafusion::arrow::array::RecordBatch;
use datafusion::execution::context::SessionContext;
use std::collections::HashMap;
use wrangle_dsl::catalog::Kind;

/// What planning the recipe so far gave.
pub(super) enum Planned {
    /// It compiled: the columns after it, names and types from the plan, kinds from the
    /// checker; and where the checker's view differs from the plan (what differs — a
    /// column's name, or the list of columns — and how).
    Columns(Vec<Col>, Vec<(String, String)>),
    /// The checker refused it, with its first error.
    Refused(String),
    /// It checked but did not compile.
    Failed,
}

/// Plans the case as `run` and `test` do (`check_and_compile`), without running it.
pub(super) async fn plan(
    ctx: &SessionContext,
    case: &Case,
    main: &RecordBatch,
    batches: &HashMap<String, RecordBatch>,
) -> Planned {
    let mut tables = HashMap::new();
    let mut schemas = wrangle_dsl::check::Tables::new();
    for (n, b) in batches {
        let Ok(p) = crate::planning::in_memory(n, b) else {
            return Planned::Failed;
        };
        tables.insert(n.clone(), p);
        schemas.insert(n.clone(), checker_schema(b.schema().as_ref()));
    }
    let Ok(main_plan) = crate::planning::in_memory("input", main) else {
        return Planned::Failed;
    };
    let inputs = Inputs {
        main: main_plan,
        tables,
    };
    let text = case.recipe();
    let compiled = match check_and_compile(ctx, &wrangle_dsl::parse(&text), &inputs, false).await {
        Ok((c, _)) => c,
        Err(Unplanned::Problems(d)) => {
            return match d.iter().find(|d| d.is_error() && d.code != "compile") {
                Some(refused) => Planned::Refused(refused.message.clone()),
                None => Planned::Failed,
            }
        }
        Err(Unplanned::MissingInputs(n)) => return Planned::Refused(format!("missing {n:?}")),
    };
    let (_, checked) = wrangle_dsl::check::parse_and_check_with(
        &text,
        Some(checker_schema(main.schema().as_ref())),
        &schemas,
    );
    let output = checked.output;
    let columns: Vec<Col> = compiled
        .plan
        .schema()
        .fields()
        .iter()
        .map(|f| Col {
            name: f.name().clone(),
            ty: Ty::from_arrow(f.data_type()),
            kind: output
                .columns
                .iter()
                .find(|c| &c.name == f.name())
                .map_or(Kind::Any, |c| c.kind()),
        })
        .collect();
    let disagreements = disagreements(&columns, &output);
    Planned::Columns(columns, disagreements)
}

/// Where the checker's view of the table is not the plan's: columns whose kind the
/// checker has wrong, and a different list of columns when the checker claims to know
/// them all. Not failures of the run, but the checker then refuses recipes that would run
/// or accepts recipes that cannot.
fn disagreements(columns: &[Col], output: &wrangle_dsl::check::Schema) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for c in columns {
        let fits = match c.kind {
            Kind::Any => true,
            Kind::Number => c.ty.is_numeric(),
            Kind::Temporal => c.ty.is_temporal(),
            k => c.ty == Ty::Unknown || c.ty.kind() == k,
        };
        if !fits {
            out.push((
                c.name.clone(),
                format!(
                    "`{}` is {} for the checker and {:?} in the plan",
                    c.name,
                    c.kind.name(),
                    c.ty
                ),
            ));
        }
    }
    let planned: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
    let checked: Vec<&str> = output.names().collect();
    if !output.open && planned != checked {
        out.push((
            String::new(),
            format!("the checker has the columns {checked:?} and the plan {planned:?}"),
        ));
    }
    out
}
