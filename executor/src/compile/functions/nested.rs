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
                Some(length) => {
                    start.clone() + within(integer(length), -BEYOND, BEYOND) - lit(1i64)
                }
                None => integer(n::array_length(list.clone())),
            };
            n::array_slice(list, start, end, None)
        }
        "list_contains" => n::array_has(a.next()?, a.next()?),
        "list_position" => {
            let (list, value) = (a.next()?, a.next()?);
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
            let (list, value) = (a.next()?, a.next()?);
            only_where(
                list.clone().is_not_null(),
                n::array_append(list, value),
                call,
            )?
        }
        "list_concat" => {
            // A null written as a list has no list type for DataFusion; it is skipped anyway.
            let is_null = |e: &Expr| matches!(e, Expr::Literal(ScalarValue::Null, _));
            let lists: Vec<Expr> = a.rest().into_iter().filter(|e| !is_null(e)).collect();
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
