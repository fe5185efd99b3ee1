//! Column operations: rename, drop, keep, move, derive, set, settype, merge, split,
//! extract, replace, countpattern.

use super::super::error::{CompileError, Result};
use super::super::expr::{column, compile_expr, matcher, ExprScope};
use super::super::plan::{map_columns, names, project, require, type_of};
use crate::udf;
use datafusion::arrow::datatypes::DataType;
use datafusion::functions::expr_fn::{concat_ws, regexp_count, regexp_match, regexp_replace};
use datafusion::functions_nested::expr_fn::array_element;
use datafusion::logical_expr::{cast, lit, when, Expr, LogicalPlan};
use wrangle_dsl::ast::{Assignment, Literal, Matcher, MovePlace, MoveTarget, Name, TypeExpr};
use wrangle_dsl::check::Typed as AstExpr;
use wrangle_dsl::Span;

pub fn rename(plan: LogicalPlan, pairs: &[(Name, Name)], span: Span) -> Result<LogicalPlan> {
    for (from, _) in pairs {
        require(&plan, from)?;
    }
    map_columns(plan, span, |name| {
        Ok(pairs
            .iter()
            .find(|(from, _)| from.text == name)
            .map(|(_, to)| vec![column(name).alias(&to.text)]))
    })
}

pub fn drop(plan: LogicalPlan, columns: &[Name], span: Span) -> Result<LogicalPlan> {
    for c in columns {
        require(&plan, c)?;
    }
    map_columns(plan, span, |name| {
        Ok(columns.iter().any(|c| c.text == name).then(Vec::new))
    })
}

pub fn keep(plan: LogicalPlan, columns: &[Name], span: Span) -> Result<LogicalPlan> {
    for c in columns {
        require(&plan, c)?;
    }
    let exprs = columns.iter().map(|c| column(&c.text)).collect();
    project(plan, exprs, span)
}

pub fn move_columns(
    plan: LogicalPlan,
    columns: &[Name],
    place: &MovePlace,
    span: Span,
) -> Result<LogicalPlan> {
    for c in columns {
        require(&plan, c)?;
    }
    let moving: Vec<&str> = columns.iter().map(|c| c.text.as_str()).collect();
    let mut rest: Vec<String> = names(&plan)
        .into_iter()
        .filter(|n| !moving.contains(&n.as_str()))
        .collect();
    let at = match place {
        MovePlace::To(MoveTarget::Start) => 0,
        MovePlace::To(MoveTarget::End) => rest.len(),
        MovePlace::Before(anchor) | MovePlace::After(anchor) => {
            require(&plan, anchor)?;
            let i = rest.iter().position(|n| *n == anchor.text).ok_or_else(|| {
                CompileError::new(
                    anchor.span,
                    format!("cannot move `{}` next to itself", anchor.text),
                )
            })?;
            if matches!(place, MovePlace::After(_)) {
                i + 1
            } else {
                i
            }
        }
    };
    for (i, name) in moving.iter().enumerate() {
        rest.insert(at + i, name.to_string());
    }
    project(plan, rest.iter().map(|n| column(n)).collect(), span)
}

pub fn derive(
    plan: LogicalPlan,
    assignments: &[Assignment<AstExpr>],
    span: Span,
) -> Result<LogicalPlan> {
    // One projection per assignment, so a later one can use an earlier one.
    let mut plan = plan;
    for a in assignments {
        let value = compile_expr(&a.value, ExprScope::default())?;
        let mut exprs: Vec<Expr> = names(&plan)
            .iter()
            .filter(|n| **n != a.target.text)
            .map(|n| column(n))
            .collect();
        exprs.push(value.alias(&a.target.text));
        plan = project(plan, exprs, span)?;
    }
    Ok(plan)
}

pub fn set(
    plan: LogicalPlan,
    assignments: &[Assignment<AstExpr>],
    condition: Option<&AstExpr>,
    span: Span,
) -> Result<LogicalPlan> {
    for a in assignments {
        require(&plan, &a.target)?;
    }
    let condition = condition
        .map(|c| compile_expr(c, ExprScope::default()))
        .transpose()?;
    let mut widened: Vec<(&str, DataType)> = Vec::new();
    let mut values = Vec::new();
    for a in assignments {
        let mut value = compile_expr(&a.value, ExprScope::default())?;
        // With `where`, the new values and the ones the other rows keep share the column:
        // both take the type they have in common (the checker refused unrelated ones).
        if condition.is_some() {
            use datafusion::logical_expr::ExprSchemable;
            let old = type_of(&plan, &a.target.text, a.target.span)?;
            let new = value
                .get_type(plan.schema())
                .map_err(|e| CompileError::plan(a.value.span, e))?;
            if new != old {
                if let Some(common) = super::super::types::common_type(&[old.clone(), new]) {
                    value = cast(value, common.clone());
                    if common != old {
                        widened.push((a.target.text.as_str(), common));
                    }
                }
            }
        }
        values.push((a.target.text.as_str(), value));
    }
    map_columns(plan, span, |name| {
        let Some((_, value)) = values.iter().find(|(n, _)| *n == name) else {
            return Ok(None);
        };
        let value = match &condition {
            // Rows where the condition is false or null keep their value.
            Some(c) => {
                let kept = match widened.iter().find(|(n, _)| *n == name) {
                    Some((_, ty)) => cast(column(name), ty.clone()),
                    None => column(name),
                };
                when(c.clone(), value.clone())
                    .otherwise(kept)
                    .map_err(|e| CompileError::plan(span, e))?
            }
            None => value.clone(),
        };
        Ok(Some(vec![value.alias(name)]))
    })
}

/// What `settype` turns each column into: `(name, converted value)`.
pub fn conversions(
    plan: &LogicalPlan,
    columns: &[(Name, TypeExpr)],
) -> Result<Vec<(String, Expr)>> {
    let mut conversions = Vec::new();
    for (name, ty) in columns {
        let from = type_of(plan, &name.text, name.span)?;
        let converted = super::super::types::convert(column(&name.text), &from, &ty.kind, ty.span)?;
        conversions.push((name.text.clone(), converted));
    }
    Ok(conversions)
}

pub fn settype(plan: LogicalPlan, columns: &[(Name, TypeExpr)], span: Span) -> Result<LogicalPlan> {
    let conversions = conversions(&plan, columns)?;
    map_columns(plan, span, |name| {
        Ok(conversions
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, e)| vec![e.clone().alias(name)]))
    })
}

/// The prefix of the flag columns [`settype_flagged`] adds.
pub const MISMATCH_FLAG: &str = "__wrangle_mismatch_";

/// `settype`, with one boolean column after each converted one that is true where a value
/// was present (not null, not empty or white space) but could not be converted (to be counted, then dropped). Returns the plan
/// and each flag column with the column it is about.
pub fn settype_flagged(
    plan: LogicalPlan,
    columns: &[(Name, TypeExpr)],
    span: Span,
) -> Result<(LogicalPlan, Vec<(String, String)>)> {
    let conversions = conversions(&plan, columns)?;
    let mut flags = Vec::new();
    let plan = map_columns(plan, span, |name| {
        Ok(conversions.iter().find(|(n, _)| n == name).map(|(_, e)| {
            let flag = format!("{MISMATCH_FLAG}{}", flags.len());
            flags.push((flag.clone(), name.to_string()));
            // As the app counts them: a cell of only white space was missing, not a value
            // that did not fit.
            let present = datafusion::logical_expr::not(
                udf::is_missing::is_missing().call(vec![column(name)]),
            );
            let mismatched = present.and(e.clone().is_null());
            vec![e.clone().alias(name), mismatched.alias(flag)]
        }))
    })?;
    Ok((plan, flags))
}

fn text(e: Expr) -> Expr {
    cast(e, DataType::Utf8)
}

pub fn merge(
    plan: LogicalPlan,
    columns: &[Name],
    separator: Option<&str>,
    into: &Name,
    span: Span,
) -> Result<LogicalPlan> {
    for c in columns {
        require(&plan, c)?;
    }
    let last = columns.last().map(|c| c.text.clone()).unwrap_or_default();
    // Lists and structs are merged as JSON text, as `to_string` writes them.
    let mut parts = Vec::new();
    for c in columns {
        let value = column(&c.text);
        parts.push(if type_of(&plan, &c.text, c.span)?.is_nested() {
            crate::udf::to_string::to_string().call(vec![value])
        } else {
            text(value)
        });
    }
    let merged = concat_ws(lit(separator.unwrap_or("")), parts);
    map_columns(plan, span, |name| {
        Ok((name == last).then(|| vec![column(name), merged.clone().alias(&into.text)]))
    })
}

pub fn split(
    plan: LogicalPlan,
    source: &Name,
    on: &Matcher,
    limit: Option<u64>,
    into: &[Name],
    span: Span,
) -> Result<LogicalPlan> {
    require(&plan, source)?;
    let parts = match (limit, into.len()) {
        (Some(n), _) => n as usize + 1,
        (None, k) if k > 0 => k,
        _ => {
            return Err(CompileError::new(
                span,
                "split needs `limit N` or `into a, b, …`",
            ))
        }
    };
    let names: Vec<String> = if into.is_empty() {
        (1..=parts)
            .map(|i| format!("{}_{i}", source.text))
            .collect()
    } else {
        into.iter().map(|n| n.text.clone()).collect()
    };
    let regex = matcher(&on.literal, on.span)?;
    let list =
        udf::split_parts::split_parts(text(column(&source.text)), lit(regex), lit(parts as i64));
    map_columns(plan, span, |name| {
        if name != source.text {
            return Ok(None);
        }
        Ok(Some(
            names
                .iter()
                .enumerate()
                .map(|(i, n)| array_element(list.clone(), lit(i as i64 + 1)).alias(n))
                .collect(),
        ))
    })
}

pub fn extract(
    plan: LogicalPlan,
    targets: &[Name],
    from: &Name,
    matching: &Matcher,
    span: Span,
) -> Result<LogicalPlan> {
    require(&plan, from)?;
    let regex = matcher(&matching.literal, matching.span)?;
    // regexp_match gives the groups, or the whole match when there are none.
    let found = regexp_match(text(column(&from.text)), lit(regex), None);
    map_columns(plan, span, |name| {
        if name != from.text {
            return Ok(None);
        }
        let mut exprs = vec![column(name)];
        for (i, t) in targets.iter().enumerate() {
            exprs.push(array_element(found.clone(), lit(i as i64 + 1)).alias(&t.text));
        }
        Ok(Some(exprs))
    })
}

pub fn replace(
    plan: LogicalPlan,
    columns: &[Name],
    matching: &Matcher,
    with: &str,
    span: Span,
) -> Result<LogicalPlan> {
    for c in columns {
        require(&plan, c)?;
    }
    let regex = matcher(&matching.literal, matching.span)?;
    // Exact text is replaced by exact text; a regex's replacement may name groups as $1.
    let replacement = match matching.literal {
        Literal::String(_) => with.replace('$', "$$"),
        _ => numbered_groups(with),
    };
    map_columns(plan, span, |name| {
        if !columns.iter().any(|c| c.text == name) {
            return Ok(None);
        }
        let replaced = regexp_replace(
            text(column(name)),
            lit(regex.clone()),
            lit(replacement.clone()),
            Some(lit("g")),
        );
        Ok(Some(vec![replaced.alias(name)]))
    })
}

/// Writes each `$N` of a regex replacement as `${N}`, so that group N is meant even when
/// letters follow (`$1st`, which the regex crate would read as a group named `1st`).
/// `$$` and `${name}` are left as they are.
fn numbered_groups(with: &str) -> String {
    let mut out = String::with_capacity(with.len());
    let mut chars = with.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c != '$' {
            continue;
        }
        match chars.peek() {
            Some('$') => out.push(chars.next().unwrap_or('$')),
            Some(d) if d.is_ascii_digit() => {
                out.push('{');
                while let Some(d) = chars.next_if(char::is_ascii_digit) {
                    out.push(d);
                }
                out.push('}');
            }
            _ => {}
        }
    }
    out
}

pub fn count_pattern(
    plan: LogicalPlan,
    target: &Name,
    from: &Name,
    matching: &Matcher,
    span: Span,
) -> Result<LogicalPlan> {
    require(&plan, from)?;
    let regex = matcher(&matching.literal, matching.span)?;
    let count = regexp_count(text(column(&from.text)), lit(regex), None, None);
    map_columns(plan, span, |name| {
        Ok((name == from.text).then(|| vec![column(name), count.clone().alias(&target.text)]))
    })
}
