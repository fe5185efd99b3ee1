//! The function library: every function of the catalog compiled to a DataFusion
//! expression, a built-in where its semantics match the documentation and one of our
//! UDFs (`crate::udf`) where they do not. One file per family, as in the catalog.

mod aggregate;
mod datetime;
mod hashing;
mod helpers;
mod logic;
mod math;
mod nested;
mod string;
mod types;
mod window;

use super::error::{CompileError, Result};
use datafusion::logical_expr::{Expr, SortExpr};
use wrangle_dsl::ast;
use wrangle_dsl::catalog::{Family, FunctionDef};
use wrangle_dsl::Span;

/// The window a call in a `window` step runs over.
#[derive(Clone, Debug, Default)]
pub struct WindowSpec {
    pub partition_by: Vec<Expr>,
    /// The order the step gives (`order by`); rows that tie in it are peers, for ranks and
    /// running aggregates.
    pub order_by: Vec<SortExpr>,
    /// A total order: `order_by`, then each row's place in the table, so functions that
    /// take rows one by one (`row_number`, `lag`, `first_value`, rolling frames, `first`,
    /// `list`) follow the table's order among ties and without an `order by`.
    pub row_order: Vec<SortExpr>,
}

/// What a function's compiler gets besides its compiled arguments.
pub struct Call<'a> {
    pub def: &'static FunctionDef,
    /// The arguments as written, for functions that need a literal (a unit, a format,
    /// a count); `args[i]` was compiled from `written[i]`.
    pub written: &'a [wrangle_dsl::check::Typed],
    /// The span of the whole call, for errors.
    pub span: Span,
    /// Set in a `window` step: aggregate and window functions run over it.
    pub window: Option<&'a WindowSpec>,
}

impl Call<'_> {
    /// The literal written as argument `i`, if it was one.
    pub fn literal(&self, i: usize) -> Option<&ast::Literal> {
        match &self.written.get(i)?.kind {
            ast::ExprKind::Literal(l) => Some(l),
            _ => None,
        }
    }

    /// A whole number written as argument `i` (for counts and offsets).
    pub fn integer(&self, i: usize) -> Result<i64> {
        match self.literal(i) {
            Some(ast::Literal::Integer(n)) => Ok(*n),
            _ => Err(self.needs_literal(i, "a whole number")),
        }
    }

    /// A string written as argument `i` (for units and formats).
    pub fn string(&self, i: usize) -> Result<String> {
        match self.literal(i) {
            Some(ast::Literal::String(s)) => Ok(s.clone()),
            _ => Err(self.needs_literal(i, "a string")),
        }
    }

    pub fn needs_literal(&self, i: usize, what: &str) -> CompileError {
        let span = self.written.get(i).map_or(self.span, |e| e.span);
        let param = self.def.param_for(i).map_or("argument", |p| p.name);
        CompileError::new(
            span,
            format!(
                "`{param}` of `{}` must be {what} written in the recipe",
                self.def.name
            ),
        )
    }

    pub fn unsupported(&self, why: &str) -> CompileError {
        CompileError::new(self.span, format!("`{}` {why}", self.def.name))
    }
}

/// Compiles a call of `call.def` whose arguments compiled to `args`. Matcher arguments
/// arrive as the regex they stand for (text already escaped, patterns already compiled).
pub fn compile_call(args: Vec<Expr>, call: &Call) -> Result<Expr> {
    match call.def.family {
        Family::String => string::compile(args, call),
        Family::Math => math::compile(args, call),
        Family::DateTime => datetime::compile(args, call),
        Family::TypeAndNull => types::compile(args, call),
        Family::Logical => logic::compile(args, call),
        Family::Aggregate => aggregate::compile(args, call),
        Family::Window => window::compile(args, call),
        Family::Nested => nested::compile(args, call),
        Family::Hashing => hashing::compile(args, call),
    }
}
