//! Math functions. Out-of-domain arguments give null (never NaN or an error), division by
//! zero gives null, and the functions documented as integer-valued return integers.

use super::helpers::{float, integer, null, only_where, plan_error, unknown, Args};
use super::Call;
use crate::compile::error::Result;
use crate::udf;
use datafusion::arrow::datatypes::DataType;
use datafusion::functions::expr_fn as f;
use datafusion::logical_expr::{binary_expr, lit, try_cast, when, Expr, Operator};
use wrangle_dsl::ast::Literal;

pub(super) fn compile(args: Vec<Expr>, call: &Call) -> Result<Expr> {
    let mut a = Args::new(args, call);
    let zero = || lit(0i64);
    Ok(match call.def.name {
        "abs" => f::abs(a.next()?),
        // Whole numbers that do not fit an integer (or NaN) give null; decimals exactly.
        "ceil" => udf::ceil_floor::ceil().call(vec![a.next()?]),
        "floor" => udf::ceil_floor::floor().call(vec![a.next()?]),
        // DataFusion's round keeps integers and decimals and rounds halves away from zero.
        "round" => {
            let x = a.next()?;
            // DataFusion's round gives a decimal the scale of its digits when they are a
            // literal of its own type (Int32), and keeps the scale otherwise. A literal of
            // another type is a literal only once simplified, after the types around the
            // call were worked out with the scale kept: a comparison with the result then
            // fails on decimals of two scales. So written digits are an Int32 literal.
            let digits = match (call.written.len() > 1, call.literal(1)) {
                (false, _) => lit(0i32),
                (true, Some(Literal::Integer(n))) => {
                    lit(i32::try_from(*n).unwrap_or(if *n < 0 { i32::MIN } else { i32::MAX }))
                }
                (true, _) => integer(a.optional().unwrap_or_else(zero)),
            };
            f::round(vec![x, digits])
        }
        "trunc" => {
            let x = a.next()?;
            let digits = a.optional().map(integer).unwrap_or_else(zero);
            // Exact for integers and decimals, keeping the argument's type.
            udf::trunc::trunc().call(vec![x, digits])
        }
        "sqrt" => {
            let x = float(a.next()?);
            f::sqrt(only_where(x.clone().gt_eq(lit(0.0)), x, call)?)
        }
        "cbrt" => f::cbrt(float(a.next()?)),
        // Zero to a negative power is undefined: null.
        "power" => {
            let (x, exponent) = (float(a.next()?), float(a.next()?));
            let defined = x
                .clone()
                .not_eq(lit(0.0))
                .or(exponent.clone().gt_eq(lit(0.0)));
            f::power(x, only_where(defined, exponent, call)?)
        }
        "exp" => f::exp(float(a.next()?)),
        "ln" | "log10" | "log2" => {
            let x = float(a.next()?);
            let x = only_where(x.clone().gt(lit(0.0)), x, call)?;
            match call.def.name {
                "ln" => f::ln(x),
                "log10" => f::log10(x),
                _ => f::log2(x),
            }
        }
        "log" => {
            let (base, x) = (float(a.next()?), float(a.next()?));
            f::log(base, only_where(x.clone().gt(lit(0.0)), x, call)?)
        }
        "mod" => {
            let (x, divisor) = (a.next()?, a.next()?);
            let divisor = only_where(divisor.clone().not_eq(zero()), divisor, call)?;
            let remainder = binary_expr(x, Operator::Modulo, divisor.clone());
            // `%` keeps the sign of the dividend; move a remainder of the other sign over.
            let other_sign = remainder.clone().not_eq(zero()).and(
                remainder
                    .clone()
                    .lt(zero())
                    .not_eq(divisor.clone().lt(zero())),
            );
            when(other_sign, remainder.clone() + divisor)
                .otherwise(remainder)
                .map_err(|e| plan_error(call, e))?
        }
        "div" => {
            let (x, divisor) = (a.next()?, a.next()?);
            let divisor = only_where(divisor.clone().not_eq(zero()), divisor, call)?;
            // Integers divide as integers (toward zero); a float or decimal quotient is cut
            // toward zero by the cast.
            try_cast(binary_expr(x, Operator::Divide, divisor), DataType::Int64)
        }
        "sign" => try_cast(f::signum(a.next()?), DataType::Int64),
        "greatest" => f::greatest(a.rest()),
        "least" => f::least(a.rest()),
        "pi" => f::pi(),
        "sin" => f::sin(float(a.next()?)),
        "cos" => f::cos(float(a.next()?)),
        "tan" => f::tan(float(a.next()?)),
        "asin" | "acos" => {
            let x = float(a.next()?);
            let x = only_where(x.clone().between(lit(-1.0), lit(1.0)), x, call)?;
            if call.def.name == "asin" {
                f::asin(x)
            } else {
                f::acos(x)
            }
        }
        "atan" => f::atan(float(a.next()?)),
        "atan2" => f::atan2(float(a.next()?), float(a.next()?)),
        "degrees" => f::degrees(float(a.next()?)),
        "radians" => f::radians(float(a.next()?)),
        "is_nan" => f::isnan(float(a.next()?)),
        "random" => f::random(),
        "gcd" => f::gcd(integer(a.next()?), integer(a.next()?)),
        "lcm" => f::lcm(integer(a.next()?), integer(a.next()?)),
        "factorial" => {
            let n = integer(a.next()?);
            when(n.clone().gt(lit(20i64)), null(&DataType::Int64))
                .when(n.clone().lt(lit(1i64)), lit(1i64))
                .otherwise(f::factorial(n))
                .map_err(|e| plan_error(call, e))?
        }
        "format_number" => {
            let x = a.next()?;
            let digits = a.optional().map(integer).unwrap_or_else(zero);
            udf::format_number::format_number().call(vec![x, digits])
        }
        _ => return Err(unknown(call)),
    })
}
