//! The checked, typed recipe: what every engine compiles from. Each step carries the table
//! before and after it, and each expression a type on every node, its columns resolved
//! against the table and its calls to their catalog entries.

use super::expr::{Allow, ExprChecker, Scope};
use super::schema::Schema;
use super::types::Type;
use crate::ast::Expr;
use crate::ast::{ExprKind, ExprNode, Step};
use crate::catalog::{FunctionDef, Kind};
use crate::diagnostics::Diagnostic;
use crate::span::Span;

/// An expression with what the checker found out about it.
#[derive(Clone, Debug)]
pub struct Typed {
    pub kind: ExprKind<Typed>,
    pub span: Span,
    /// The type of its values.
    pub ty: Type,
    /// For a call, the function's entry in the catalog.
    pub function: Option<&'static FunctionDef>,
}

impl Typed {
    pub fn new(kind: ExprKind<Typed>, span: Span, ty: Type) -> Typed {
        Typed {
            kind,
            span,
            ty,
            function: None,
        }
    }

    pub fn kind_of_value(&self) -> Kind {
        self.ty.kind()
    }

    /// The expression as written, without its types (to print it).
    pub fn untyped(&self) -> Expr {
        Expr::new(self.kind.map(&mut Typed::untyped), self.span)
    }
}

/// Types one expression against a table (a test's condition, a constant written in a
/// cell): the typed expression, and what is wrong with it.
pub fn typed_expr(expr: &Expr, schema: &Schema, allow: Allow) -> (Typed, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let typed = ExprChecker {
        scope: Scope {
            schema,
            allow,
            table: None,
            table_schema: None,
            group_keys: None,
        },
        diagnostics: &mut diagnostics,
        saw_aggregate: false,
    }
    .check(expr);
    (typed, diagnostics)
}

impl ExprNode for Typed {
    fn shape(&self) -> &ExprKind<Self> {
        &self.kind
    }

    fn place(&self) -> Span {
        self.span
    }
}

/// One step of the typed recipe.
#[derive(Clone, Debug)]
pub struct CheckedStep {
    pub step: Step<Typed>,
    /// The table before the step.
    pub input: Schema,
    /// The table after it.
    pub output: Schema,
}

#[cfg(test)]
mod tests {
    use super::super::{check, Column, Schema};
    use super::*;
    use crate::ast::StepKind;

    fn checked(source: &str) -> Vec<CheckedStep> {
        let input = Schema::known(vec![
            Column::new("tags", Kind::String),
            Column::new("n", Kind::Integer),
            Column::new(
                "point",
                Type::Struct(vec![
                    ("x".into(), Kind::Float.into()),
                    ("label".into(), Kind::String.into()),
                ]),
            ),
        ]);
        let checked = check(&crate::parse(source).recipe, Some(input));
        assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
        checked.steps
    }

    fn assigned(step: &CheckedStep) -> &Typed {
        match &step.step.kind {
            StepKind::Derive { assignments } => &assignments[0].value,
            other => panic!("not a derive: {other:?}"),
        }
    }

    #[test]
    fn every_step_carries_the_table_before_and_after_it() {
        let steps = checked("derive parts = split(tags, \",\")\ndrop tags\n");
        assert_eq!(steps.len(), 2);
        assert!(steps[0].input.has("tags") && !steps[0].input.has("parts"));
        assert_eq!(
            steps[0].output.type_of("parts"),
            Type::list(Kind::String.into())
        );
        assert_eq!(steps[1].input, steps[0].output);
        assert!(!steps[1].output.has("tags"));
    }

    #[test]
    fn calls_are_resolved_and_typed_with_what_they_hold() {
        let steps = checked(
            "derive first = list_get(split(tags, \",\"), 1)\nderive x = struct_get(point, \"x\")\nderive both = [n, 1.5]\n",
        );
        let first = assigned(&steps[0]);
        assert_eq!(first.function.map(|f| f.name), Some("list_get"));
        assert_eq!(first.ty, Kind::String.into());
        let ExprKind::Call { args, .. } = &first.kind else {
            panic!("a call");
        };
        assert_eq!(args[0].ty.to_string(), "list<string>");
        assert_eq!(args[0].function.map(|f| f.name), Some("split"));
        assert_eq!(assigned(&steps[1]).ty, Kind::Float.into());
        assert_eq!(assigned(&steps[2]).ty.to_string(), "list<float>");
        // Printing the typed expression gives back the text.
        assert_eq!(
            crate::print::print_expr(&first.untyped()),
            "list_get(split(tags, \",\"), 1)"
        );
    }

    #[test]
    fn columns_keep_their_full_types_through_steps() {
        let steps = checked("rename point to p\nset p = {x: 2.5, label: \"b\"} where n > 1\n");
        let after = &steps[1].output;
        assert_eq!(
            after.type_of("p").to_string(),
            "struct<x: float, label: string>"
        );
    }
}
