//! Random expressions of a wanted kind over the table's columns, with function calls made
//! from the catalog's signatures (so a new function is generated as soon as it is in the
//! catalog). A few arguments must be literals for the compiler (units, matchers, counts of
//! rows, struct fields); `literal_rule` lists them, and now and then a column is written
//! there anyway, which the checker should refuse.
//!
//! | file | what it does |
//! | --- | --- |
//! | `mod.rs` | columns, scopes, small builders; row-by-row expressions of a kind or a type |
//! | `literals.rs` | literals of every kind, matchers |
//! | `calls.rs` | calls made from the catalog's signatures, their arguments and result types |
//! | `operators.rs` | operators, `case`, and conditions |
//! | `aggregates.rs` | values of `aggregate`, `pivot`, table-level `expect` and `window` |

mod aggregates;
mod calls;
mod literals;
mod operators;

pub use aggregates::{aggregate, window};
pub use literals::{literal, matcher, matcher_literal};
pub use operators::condition;

use super::random::Rng;
use super::schema::Ty;
use super::table::random_value;
use calls::{call_of, candidates, pick_function};
use operators::operator;
use wrangle_dsl::ast::ExprNode;
use wrangle_dsl::ast::{BinaryOp, Expr, ExprKind, Literal, Name};
use wrangle_dsl::catalog::{FunctionClass, Kind};
use wrangle_dsl::Span;

/// How often an argument the compiler needs as a literal is given as a column instead:
/// the checker accepts such calls today, so they find where it should not.
pub const LITERAL_GAP_RATE: f64 = 0.02;

/// Functions whose result differs from run to run (kept out where outputs are compared).
pub const NONDETERMINISTIC: &[&str] = &["uuid", "random", "now", "today"];

/// A column of the table: its name, its type in the plan, and its kind for the checker.
#[derive(Clone, Debug, PartialEq)]
pub struct Col {
    pub name: String,
    pub ty: Ty,
    pub kind: Kind,
}

/// What an expression may use.
#[derive(Clone, Copy)]
pub struct Scope<'a> {
    pub columns: &'a [Col],
    /// In `aggregate` values: the only columns usable outside an aggregate function.
    pub keys: Option<&'a [String]>,
}

impl<'a> Scope<'a> {
    pub fn new(columns: &'a [Col]) -> Self {
        Scope {
            columns,
            keys: None,
        }
    }
}

pub fn e(kind: ExprKind) -> Expr {
    Expr::new(kind, Span::default())
}

pub fn name(text: &str) -> Name {
    Name::new(text, Span::default())
}

pub fn column(text: &str) -> Expr {
    e(ExprKind::Column(name(text)))
}

pub fn string(s: &str) -> Expr {
    e(ExprKind::Literal(Literal::String(s.into())))
}

fn binary(op: BinaryOp, left: Expr, right: Expr) -> Expr {
    e(ExprKind::Binary {
        op,
        left: Box::new(left),
        right: Box::new(right),
    })
}

/// A column of `want` that the checker will accept there too.
fn pick_column(rng: &mut Rng, scope: &Scope, want: Kind) -> Option<(Expr, Ty)> {
    let candidates: Vec<&Col> = scope
        .columns
        .iter()
        .filter(|c| c.ty.fits(want) && want.accepts(c.kind))
        .filter(|c| scope.keys.is_none_or(|keys| keys.contains(&c.name)))
        .collect();
    if candidates.is_empty() {
        return None;
    }
    let c = *rng.pick(&candidates);
    Some((column(&c.name), c.ty.clone()))
}

/// A column of exactly this type, if there is one.
fn column_of(rng: &mut Rng, scope: &Scope, ty: &Ty) -> Option<(Expr, Ty)> {
    let candidates: Vec<&Col> = scope
        .columns
        .iter()
        .filter(|c| &c.ty == ty && ty.kind() == c.kind)
        .filter(|c| scope.keys.is_none_or(|keys| keys.contains(&c.name)))
        .collect();
    if candidates.is_empty() {
        return None;
    }
    let c = *rng.pick(&candidates);
    Some((column(&c.name), c.ty.clone()))
}

/// An expression of exactly this type where one is at hand: a column of it, or a value.
pub fn typed(rng: &mut Rng, scope: &Scope, ty: &Ty, depth: u32) -> (Expr, Ty) {
    if rng.chance(0.6) {
        if let Some(found) = column_of(rng, scope, ty) {
            return found;
        }
    }
    if ty.is_scalar() && depth > 0 && rng.chance(0.3) {
        return scalar(rng, scope, ty.kind(), depth);
    }
    match ty {
        Ty::Unknown => (e(ExprKind::Literal(Literal::Null)), Ty::Unknown),
        Ty::Struct(fields) if fields.is_empty() => {
            (e(ExprKind::Literal(Literal::Null)), Ty::Unknown)
        }
        Ty::Decimal(..) => literal(rng, Kind::Decimal),
        other => (random_value(rng, other).expr(), other.clone()),
    }
}

/// A row-by-row expression of `want`, at most `depth` calls or operators deep.
pub fn scalar(rng: &mut Rng, scope: &Scope, want: Kind, depth: u32) -> (Expr, Ty) {
    let leaf_weight = if depth == 0 { 100 } else { 30 };
    let choice = *rng.weighted(&[
        (leaf_weight, 0),
        (if depth == 0 { 0 } else { 55 }, 1),
        (if depth == 0 { 0 } else { 20 }, 2),
        (10, 3),
    ]);
    match choice {
        0 => pick_column(rng, scope, want).unwrap_or_else(|| literal(rng, want)),
        1 => {
            let options = candidates(FunctionClass::Scalar, want);
            let Some((def, same_as)) = pick_function(rng, &options) else {
                return literal(rng, want);
            };
            call_of(rng, scope, def, same_as, depth - 1)
        }
        2 => operator(rng, scope, want, depth - 1),
        _ => literal(rng, want),
    }
}

/// Every function called in an expression, by name.
pub fn functions_in(expr: &Expr, out: &mut Vec<String>) {
    expr.walk(&mut |x| {
        if let ExprKind::Call { function, .. } = &x.kind {
            out.push(function.text.to_ascii_lowercase());
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use wrangle_dsl::catalog;
    use wrangle_dsl::check::{Column, Schema};

    fn columns() -> Vec<Col> {
        [
            ("s", Ty::String),
            ("i", Ty::Integer),
            ("f", Ty::Float),
            ("d", Ty::Decimal(10, 2)),
            ("b", Ty::Boolean),
            ("day", Ty::Date),
            ("at", Ty::Timestamp),
            ("l", Ty::List(Box::new(Ty::Integer))),
            ("ll", Ty::List(Box::new(Ty::List(Box::new(Ty::String))))),
            ("st", Ty::Struct(vec![("a".into(), Ty::Integer)])),
        ]
        .into_iter()
        .map(|(n, ty)| Col {
            name: n.into(),
            kind: ty.kind(),
            ty,
        })
        .collect()
    }

    /// Every function of the catalog comes up, so a function added to the catalog is
    /// generated without changes here.
    #[test]
    fn every_function_of_the_catalog_is_called() {
        let columns = columns();
        let scope = Scope::new(&columns);
        let mut rng = Rng::new(3);
        let mut seen = Vec::new();
        let kinds = [
            Kind::Any,
            Kind::String,
            Kind::Number,
            Kind::Integer,
            Kind::Boolean,
            Kind::Temporal,
            Kind::List,
        ];
        for i in 0..6000 {
            let (e, _) = match i % 3 {
                0 => scalar(&mut rng, &scope, kinds[i % kinds.len()], 2),
                1 => aggregate(&mut rng, &scope, Kind::Any),
                _ => window(&mut rng, &scope),
            };
            functions_in(&e, &mut seen);
        }
        let missing: Vec<&str> = catalog::functions()
            .iter()
            .map(|f| f.name)
            .filter(|n| !seen.iter().any(|s| s == n))
            .collect();
        assert!(missing.is_empty(), "never generated: {missing:?}");
    }

    /// Expressions are built to check: the checker accepts nearly all of them.
    #[test]
    fn generated_expressions_mostly_check() {
        let columns = columns();
        let scope = Scope::new(&columns);
        let schema = Schema::known(
            columns
                .iter()
                .map(|c| Column::new(c.name.clone(), c.kind))
                .collect(),
        );
        let mut rng = Rng::new(5);
        let mut refused = Vec::new();
        for _ in 0..500 {
            let (e, _) = scalar(&mut rng, &scope, Kind::Any, 2);
            let text = format!("derive zz = {}", wrangle_dsl::print_expr(&e));
            let (_, checked) = wrangle_dsl::check::parse_and_check(&text, Some(schema.clone()));
            if checked.has_errors() {
                refused.push(text);
            }
        }
        assert!(
            refused.len() < 25,
            "{} refused: {refused:#?}",
            refused.len()
        );
    }
}
