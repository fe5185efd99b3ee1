//! Recipe expressions → DataFusion expressions.

use super::error::{CompileError, Result};
use super::functions::{compile_call, Call, WindowSpec};
use super::types::literal_value;
use datafusion::common::{Column, ScalarValue, TableReference};
use datafusion::logical_expr::{binary_expr, lit, when, Expr, Operator};
use wrangle_dsl::ast::{self, BinaryOp, ExprKind, UnaryOp};
use wrangle_dsl::catalog::Kind;
use wrangle_dsl::check::Typed;
use wrangle_dsl::pattern;

/// A column of the current table, by its exact name (dots and all: never parsed as a
/// qualified name).
pub fn column(name: &str) -> Expr {
    Expr::Column(Column::new_unqualified(name))
}

/// Where an expression is compiled.
#[derive(Clone, Copy, Default)]
pub struct ExprScope<'a> {
    /// In a join or lookup: the input whose columns `table.column` refers to, and the
    /// alias its columns have in the joined plan.
    pub table: Option<(&'a str, &'a str)>,
    /// In a `window` step: the window aggregate and window functions run over.
    pub window: Option<&'a WindowSpec>,
    /// In a join or lookup: the alias of the recipe's own table, which plain column names
    /// refer to.
    pub left: Option<&'a str>,
}

pub fn compile_expr(expr: &Typed, scope: ExprScope) -> Result<Expr> {
    Ok(match &expr.kind {
        ExprKind::Literal(l) => match l {
            ast::Literal::Regex { .. } | ast::Literal::Pattern(_) => lit(matcher(l, expr.span)?),
            _ => lit(literal_value(l)),
        },
        ExprKind::Column(name) => match scope.left {
            Some(left) => Expr::Column(Column::new(
                Some(TableReference::bare(left)),
                name.text.clone(),
            )),
            None => column(&name.text),
        },
        ExprKind::Qualified {
            table,
            column: name,
        } => match scope.table {
            Some((t, alias)) if t == table.text => Expr::Column(Column::new(
                Some(TableReference::bare(alias)),
                name.text.clone(),
            )),
            _ => {
                return Err(CompileError::new(
                    expr.span,
                    format!("`{}` is not joined here", table.text),
                ));
            }
        },
        ExprKind::Call { function, args } => call(expr, function, args, scope)?,
        ExprKind::Unary {
            op: UnaryOp::Not,
            expr: inner,
        } => Expr::Not(Box::new(compile_expr(inner, scope)?)),
        ExprKind::Unary {
            op: UnaryOp::Neg,
            expr: inner,
        } => Expr::Negative(Box::new(compile_expr(inner, scope)?)),
        ExprKind::Binary { op, left, right } => {
            let l = compile_expr(left, scope)?;
            let r = compile_expr(right, scope)?;
            binary(*op, l, r)
        }
        ExprKind::IsNull {
            expr: inner,
            negated,
        } => {
            let e = compile_expr(inner, scope)?;
            if *negated {
                e.is_not_null()
            } else {
                e.is_null()
            }
        }
        ExprKind::InList {
            expr: inner,
            list,
            negated,
        } => {
            let e = compile_expr(inner, scope)?;
            let items = list
                .iter()
                .map(|i| compile_expr(i, scope))
                .collect::<Result<Vec<_>>>()?;
            e.in_list(items, *negated)
        }
        ExprKind::Between {
            expr: inner,
            low,
            high,
            negated,
        } => {
            let e = compile_expr(inner, scope)?;
            let (lo, hi) = (compile_expr(low, scope)?, compile_expr(high, scope)?);
            if *negated {
                e.not_between(lo, hi)
            } else {
                e.between(lo, hi)
            }
        }
        ExprKind::Case {
            branches,
            otherwise,
        } => {
            let mut values = Vec::new();
            let mut conditions = Vec::new();
            for (w, t) in branches {
                conditions.push(compile_expr(w, scope)?);
                values.push(compile_expr(t, scope)?);
            }
            if let Some(e) = otherwise {
                values.push(compile_expr(e, scope)?);
            }
            let mut values = super::types::literals_of_one_type(values).into_iter();
            let mut conditions = conditions.into_iter();
            let (Some(first_when), Some(first_then)) = (conditions.next(), values.next()) else {
                return Err(CompileError::new(expr.span, "`case` needs a `when`"));
            };
            let mut builder = when(first_when, first_then);
            for w in conditions {
                let t = values.next().expect("one value per branch");
                builder = builder.when(w, t);
            }
            let result = match values.next() {
                Some(e) => builder.otherwise(e),
                None => builder.end(),
            };
            result.map_err(|e| CompileError::plan(expr.span, e))?
        }
        ExprKind::List(items) => {
            let items = items
                .iter()
                .map(|i| compile_expr(i, scope))
                .collect::<Result<Vec<_>>>()?;
            datafusion::functions_nested::expr_fn::make_array(items)
        }
        ExprKind::Struct(fields) => {
            let mut args = Vec::with_capacity(fields.len() * 2);
            for (name, value) in fields {
                args.push(lit(name.text.clone()));
                args.push(compile_expr(value, scope)?);
            }
            datafusion::functions::core::expr_fn::named_struct(args)
        }
    })
}

fn binary(op: BinaryOp, l: Expr, r: Expr) -> Expr {
    use datafusion::arrow::datatypes::DataType;
    let operator = match op {
        BinaryOp::Or => Operator::Or,
        BinaryOp::And => Operator::And,
        BinaryOp::Eq => Operator::Eq,
        BinaryOp::NotEq => Operator::NotEq,
        BinaryOp::Lt => Operator::Lt,
        BinaryOp::LtEq => Operator::LtEq,
        BinaryOp::Gt => Operator::Gt,
        BinaryOp::GtEq => Operator::GtEq,
        BinaryOp::Add => Operator::Plus,
        BinaryOp::Sub => Operator::Minus,
        BinaryOp::Mul => Operator::Multiply,
        // `%` by zero is null (as `mod`), not an error that stops the run.
        BinaryOp::Rem => {
            let divisor = Expr::Case(datafusion::logical_expr::expr::Case::new(
                None,
                vec![(Box::new(r.clone().not_eq(lit(0i64))), Box::new(r))],
                None,
            ));
            return binary_expr(l, Operator::Modulo, divisor);
        }
        // `/` divides exactly, whatever the operands' types.
        BinaryOp::Div => {
            let float = |e: Expr| datafusion::logical_expr::cast(e, DataType::Float64);
            return binary_expr(float(l), Operator::Divide, float(r));
        }
        // `++` joins the text of any two values; null makes null.
        BinaryOp::Concat => {
            let text = |e: Expr| datafusion::logical_expr::cast(e, DataType::Utf8);
            return binary_expr(text(l), Operator::StringConcat, text(r));
        }
    };
    binary_expr(l, operator, r)
}

/// The regex a matcher literal stands for.
/// A call, through the catalog entry the checker resolved it to.
fn call(expr: &Typed, function: &ast::Name, args: &[Typed], scope: ExprScope) -> Result<Expr> {
    let def = expr.function.ok_or_else(|| {
        CompileError::new(
            function.span,
            format!("unknown function `{}`", function.text),
        )
    })?;
    let mut compiled = Vec::with_capacity(args.len());
    for (i, arg) in args.iter().enumerate() {
        let is_matcher = def.param_for(i).is_some_and(|p| p.kind == Kind::Matcher);
        compiled.push(if is_matcher {
            matcher_arg(arg)?
        } else {
            compile_expr(arg, scope)?
        });
    }
    compile_call(
        compiled,
        &Call {
            def,
            written: args,
            span: expr.span,
            window: scope.window,
        },
    )
}

pub fn matcher(literal: &ast::Literal, span: wrangle_dsl::Span) -> Result<String> {
    pattern::matcher_regex(literal).map_err(|e| CompileError::new(span, e.message))
}

/// A matcher argument of a function: a literal, compiled to the regex it stands for.
fn matcher_arg(arg: &Typed) -> Result<Expr> {
    match &arg.kind {
        ExprKind::Literal(
            l @ (ast::Literal::String(_) | ast::Literal::Pattern(_) | ast::Literal::Regex { .. }),
        ) => Ok(lit(matcher(l, arg.span)?)),
        ExprKind::Literal(ast::Literal::Null) => Ok(lit(ScalarValue::Utf8(None))),
        _ => Err(
            CompileError::new(arg.span, "what to match must be written in the recipe")
                .with_hint("write a string, a pattern p\"…\" or a regex /…/ here"),
        ),
    }
}
