//! List and struct functions, and JSON text. Positions are 1-based; a null list gives null.

use super::helpers::{
    integer, null, only_where, plan_error, regex_of, text, unknown, within, Args,
};

/// A list position beyond any list (lists hold fewer than 2³¹ items; the kernels take no more).
const BEYOND: i64 = i32::MAX as i64;
use super::Call;
use crate::compile::error::Result;
use crate::udf;
use datafusion::arrow::datatypes::{DataType, Field};
use datafusion::common::ScalarValue;
use datafusion::functions::expr_fn as f;
use datafusion::functions_nested::expr_fn as n;
use datafusion::logical_expr::{lit, when, Expr};
use std::sync::Arc;
use wrangle_dsl::ast::Literal;
use wrangle_dsl::catalog::Kind;
use wrangle_dsl::check::Type;

pub(super) fn compile(args: Vec<Expr>, call: &Call) -> Result<Expr> {
    let mut a = Args::new(args, call);
    Ok(match call.def.name {
        "make_list" => n::make_array(a.rest()),
        "split" => {
            let (t, separator) = (text(a.next()?), a.next()?);
            match regex_of(&separator) {
                // `split_parts` with 0 parts splits at every match.
                Some(re) => udf::split_parts::split_parts(t, lit(re), lit(0i64)),
                None => null(&DataType::List(Arc::new(Field::new_list_field(
                    DataType::Utf8,
                    true,
                )))),
            }
        }
        "list_length" => integer(n::array_length(a.next()?)),
        // Positions beyond any list (which the kernels refuse) mean the same as its ends.
        "list_get" => n::array_element(a.next()?, within(integer(a.next()?), -BEYOND, BEYOND)),
        "list_slice" => {
            let (list, start) = (a.next()?, within(integer(a.next()?), -BEYOND, BEYOND));
            let end = match a.optional() {
                Some(length) => within(
                    start.clone() + within(integer(length), -BEYOND, BEYOND) - lit(1i64),
                    -BEYOND,
                    BEYOND,
                ),
                None => integer(n::array_length(list.clone())),
            };
            n::array_slice(list, start, end, None)
        }
        "list_contains" => {
            let (list, value) = beside_items(a.next()?, a.next()?, call);
            n::array_has(list, value)
        }
        "list_position" => {
            let (list, value) = beside_items(a.next()?, a.next()?, call);
            let position = integer(n::array_position(list.clone(), value, lit(1i64)));
            when(list.is_null(), null(&DataType::Int64))
                .otherwise(f::coalesce(vec![position, lit(0i64)]))
                .map_err(|e| plan_error(call, e))?
        }
        "list_join" => n::array_to_string(a.next()?, text(a.next()?)),
        "list_sort" => {
            let list = a.next()?;
            let sort = |order: &str| n::array_sort(list.clone(), lit(order), lit("NULLS LAST"));
            match (call.written.len() > 1, call.literal(1)) {
                (false, _) | (true, Some(Literal::Boolean(false))) => sort("ASC"),
                (true, Some(Literal::Boolean(true))) => sort("DESC"),
                (true, _) => {
                    let descending = a.next()?;
                    when(descending.is_true(), sort("DESC"))
                        .otherwise(sort("ASC"))
                        .map_err(|e| plan_error(call, e))?
                }
            }
        }
        "list_reverse" => n::array_reverse(a.next()?),
        "list_distinct" => n::array_distinct(a.next()?),
        "list_append" => {
            // DataFusion appends to a null list as to an empty one; a null list gives null.
            let (list, value) = beside_items(a.next()?, a.next()?, call);
            only_where(
                list.clone().is_not_null(),
                n::array_append(list, value),
                call,
            )?
        }
        "list_concat" => {
            // A null written as a list has no list type for DataFusion; it is skipped anyway.
            let is_null = |e: &Expr| matches!(e, Expr::Literal(ScalarValue::Null, _));
            let mut lists: Vec<Expr> = a.rest().into_iter().filter(|e| !is_null(e)).collect();
            let items: Vec<&Type> = call.written.iter().filter_map(|w| w.ty.item()).collect();
            let known = items.len() == call.written.len() && items.len() == lists.len();
            if known
                && (items.windows(2).any(|w| w[0] != w[1]) || items.iter().any(|t| is_decimal(t)))
            {
                let firsts = lists
                    .iter()
                    .map(|l| n::array_element(l.clone(), lit(1i64)))
                    .zip(items);
                let common = n::make_array(vec![common_type_probe(firsts.collect())]);
                lists = lists
                    .into_iter()
                    .map(|l| f::cast_to_type(l, common.clone()))
                    .collect();
            }
            if lists.is_empty() {
                lit(ScalarValue::Null)
            } else {
                n::array_concat(lists)
            }
        }
        "list_flatten" => n::flatten(a.next()?),
        "list_sum" => {
            // DataFusion sums as floats; the sum of integers is an integer.
            let list = a.next()?;
            // (The type of an item, or integer for a list of nulls.)
            let item_type = f::coalesce(vec![n::array_element(list.clone(), lit(1i64)), lit(0i64)]);
            f::try_cast_to_type(n::array_sum(list), item_type)
        }
        "list_min" => n::array_min(a.next()?),
        "list_max" => n::array_max(a.next()?),
        "struct_get" => {
            let value = a.next()?;
            f::get_field(value, call.string(1)?)
        }
        "to_json" => udf::to_json::to_json().call(vec![a.next()?]),
        "json_get" => udf::json_get::json_get().call(vec![text(a.next()?), text(a.next()?)]),
        _ => return Err(unknown(call)),
    })
}

fn is_decimal(ty: &Type) -> bool {
    ty.kind() == Kind::Decimal
}

/// A list and a value to find in it or add to it, of one item type. DataFusion's list
/// functions do not bring an integer list and a decimal, or decimals of two scales, to one
/// type, so where the checker's types differ (or are decimals) both are cast to the type
/// they have in common.
fn beside_items(list: Expr, value: Expr, call: &Call) -> (Expr, Expr) {
    let (Some(item), Some(value_type)) = (
        call.written.first().and_then(|w| w.ty.item()),
        call.written.get(1).map(|w| &w.ty),
    ) else {
        return (list, value);
    };
    if value_type.kind() == Kind::Any || (item == value_type && !is_decimal(item)) {
        return (list, value);
    }
    let first = n::array_element(list.clone(), lit(1i64));
    let common = common_type_probe(vec![(first, item), (value.clone(), value_type)]);
    (
        f::cast_to_type(list, n::make_array(vec![common.clone()])),
        f::cast_to_type(value, common),
    )
}

/// An expression whose type is the one values of these types have in common; only its
/// type is used (`cast_to_type` reads the type and never the values). Numbers meet as
/// arithmetic does (an integer and a decimal make a decimal wide enough for both, two
/// decimals one with the larger scale), other values as DataFusion's `make_array` brings
/// them together.
fn common_type_probe(values: Vec<(Expr, &Type)>) -> Expr {
    let number = |t: &Type| matches!(t.kind(), Kind::Integer | Kind::Float | Kind::Decimal);
    if values.iter().all(|(_, t)| number(t)) {
        let mut sum = values.into_iter().map(|(e, _)| e);
        let first = sum.next().unwrap_or_else(|| lit(0i64));
        sum.fold(first, |all, e| all + e)
    } else {
        let items: Vec<Expr> = values.into_iter().map(|(e, _)| e).collect();
        n::array_element(n::make_array(items), lit(1i64))
    }
}
