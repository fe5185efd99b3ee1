//! List and struct functions, and JSON text. Positions are 1-based; a null list gives null.

use super::helpers::{integer, null, plan_error, regex_of, text, unknown, Args};
use super::Call;
use crate::compile::error::Result;
use crate::udf;
use datafusion::arrow::datatypes::{DataType, Field};
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
        "list_get" => n::array_element(a.next()?, integer(a.next()?)),
        "list_slice" => {
            let (list, start) = (a.next()?, integer(a.next()?));
            let end = match a.optional() {
                Some(length) => start.clone() + integer(length) - lit(1i64),
                None => lit(i64::MAX),
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
        "list_append" => n::array_append(a.next()?, a.next()?),
        "list_concat" => n::array_concat(a.rest()),
        "list_flatten" => n::flatten(a.next()?),
        "list_sum" => {
            // DataFusion sums as floats; the sum of integers is an integer.
            let list = a.next()?;
            f::try_cast_to_type(n::array_sum(list.clone()), n::array_element(list, lit(1i64)))
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
