//! Expressions replaced by their parts, and calls without their last argument.

use super::super::recipe::step_exprs_mut;
use super::Shrinker;
use wrangle_dsl::ast::{Expr, ExprKind};

/// The expressions directly inside an expression.
fn children(e: &Expr) -> Vec<&Expr> {
    match &e.kind {
        ExprKind::Literal(_) | ExprKind::Column(_) | ExprKind::Qualified { .. } => Vec::new(),
        ExprKind::Call { args, .. } | ExprKind::List(args) => args.iter().collect(),
        ExprKind::Unary { expr, .. } | ExprKind::IsNull { expr, .. } => vec![expr],
        ExprKind::Binary { left, right, .. } => vec![left, right],
        ExprKind::InList { expr, list, .. } => {
            let mut v: Vec<&Expr> = vec![expr];
            v.extend(list);
            v
        }
        ExprKind::Between {
            expr, low, high, ..
        } => vec![expr, low, high],
        ExprKind::Case {
            branches,
            otherwise,
        } => {
            let mut v: Vec<&Expr> = Vec::new();
            for (w, t) in branches {
                v.push(w);
                v.push(t);
            }
            if let Some(o) = otherwise {
                v.push(o);
            }
            v
        }
        ExprKind::Struct(fields) => fields.iter().map(|(_, v)| v).collect(),
    }
}

/// The expression with its `i`-th child replaced.
fn with_child(e: &Expr, i: usize, new: Expr) -> Expr {
    let mut out = e.clone();
    let mut slots: Vec<&mut Expr> = match &mut out.kind {
        ExprKind::Literal(_) | ExprKind::Column(_) | ExprKind::Qualified { .. } => Vec::new(),
        ExprKind::Call { args, .. } | ExprKind::List(args) => args.iter_mut().collect(),
        ExprKind::Unary { expr, .. } | ExprKind::IsNull { expr, .. } => vec![expr],
        ExprKind::Binary { left, right, .. } => vec![left, right],
        ExprKind::InList { expr, list, .. } => {
            let mut v: Vec<&mut Expr> = vec![expr];
            v.extend(list.iter_mut());
            v
        }
        ExprKind::Between {
            expr, low, high, ..
        } => vec![expr, low, high],
        ExprKind::Case {
            branches,
            otherwise,
        } => {
            let mut v: Vec<&mut Expr> = Vec::new();
            for (w, t) in branches.iter_mut() {
                v.push(w);
                v.push(t);
            }
            if let Some(o) = otherwise {
                v.push(o);
            }
            v
        }
        ExprKind::Struct(fields) => fields.iter_mut().map(|(_, v)| v).collect(),
    };
    if let Some(slot) = slots.get_mut(i) {
        **slot = new;
    }
    out
}

/// Simpler versions of an expression: each part of it in its place, and calls without
/// their last argument.
fn simpler(e: &Expr, limit: usize) -> Vec<Expr> {
    let mut out: Vec<Expr> = children(e).into_iter().cloned().collect();
    if let ExprKind::Call { function, args } = &e.kind {
        if !args.is_empty() {
            out.push(Expr::new(
                ExprKind::Call {
                    function: function.clone(),
                    args: args[..args.len() - 1].to_vec(),
                },
                e.span,
            ));
        }
    }
    for (i, child) in children(e).into_iter().enumerate() {
        if out.len() >= limit {
            break;
        }
        for v in simpler(child, limit) {
            out.push(with_child(e, i, v));
        }
    }
    out.truncate(limit);
    out
}

pub(super) async fn simplify_exprs(s: &mut Shrinker) {
    for step in 0..s.best.steps.len() {
        let mut slot = 0;
        loop {
            if s.spent() || step >= s.best.steps.len() {
                return;
            }
            let mut exprs: Vec<Expr> = Vec::new();
            step_exprs_mut(&mut s.best.steps[step].kind.clone(), &mut |e| {
                exprs.push(e.clone())
            });
            let Some(current) = exprs.get(slot).cloned() else {
                break;
            };
            let mut progress = false;
            for v in simpler(&current, 40) {
                let mut candidate = s.best.clone();
                let mut n = 0;
                step_exprs_mut(&mut candidate.steps[step].kind, &mut |e| {
                    if n == slot {
                        *e = v.clone();
                    }
                    n += 1;
                });
                if s.try_case(candidate).await {
                    progress = true;
                    break;
                }
                if s.spent() {
                    return;
                }
            }
            if !progress {
                slot += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expr(text: &str) -> Expr {
        wrangle_dsl::parse_expr(text).expect("an expression")
    }

    #[test]
    fn an_expression_is_replaced_by_its_parts() {
        let shown: Vec<String> = simpler(&expr("upper(a) ++ b"), 10)
            .iter()
            .map(wrangle_dsl::print_expr)
            .collect();
        assert!(shown.contains(&"upper(a)".to_string()), "{shown:?}");
        assert!(shown.contains(&"b".to_string()), "{shown:?}");
        assert!(shown.contains(&"a ++ b".to_string()), "{shown:?}");
    }
}
