//! Aggregate functions: an aggregate expression, or, in a `window` step, the same
//! aggregate over the whole window (every row of the `by` group, whatever the order).
//! They skip nulls and give null for no values, except the counts, which give 0.

use super::helpers::{float, integer, only_where, plan_error, text, unknown, Args};
use super::{Call, WindowSpec};
use crate::compile::error::Result;
use crate::udf;
use datafusion::common::ScalarValue;
use datafusion::functions_aggregate as agg;
use datafusion::logical_expr::expr::{AggregateFunction, NullTreatment, WindowFunction};
use datafusion::logical_expr::{
    lit, AggregateUDF, Expr, ExprFunctionExt, SortExpr, WindowFrame, WindowFrameBound,
    WindowFrameUnits,
};
use std::sync::Arc;

/// One call of an aggregate function, before it is placed in an aggregate or a window.
pub(super) struct Aggregate {
    pub udaf: Arc<AggregateUDF>,
    pub args: Vec<Expr>,
    pub distinct: bool,
    pub ignore_nulls: bool,
    /// The order the aggregate reads its values in (`WITHIN GROUP`), outside windows.
    pub order_by: Vec<SortExpr>,
}

impl Aggregate {
    pub(super) fn new(udaf: Arc<AggregateUDF>, args: Vec<Expr>) -> Self {
        Aggregate {
            udaf,
            args,
            distinct: false,
            ignore_nulls: false,
            order_by: vec![],
        }
    }

    fn distinct(mut self) -> Self {
        self.distinct = true;
        self
    }

    fn ignore_nulls(mut self) -> Self {
        self.ignore_nulls = true;
        self
    }

    /// The aggregate expression, or the window expression over `call.window` with `frame`
    /// (the whole window when `None`).
    pub(super) fn build(self, call: &Call, frame: Option<WindowFrame>) -> Result<Expr> {
        let null_treatment = self.ignore_nulls.then_some(NullTreatment::IgnoreNulls);
        let Some(window) = call.window else {
            return Ok(Expr::AggregateFunction(AggregateFunction::new_udf(
                self.udaf,
                self.args,
                self.distinct,
                None,
                self.order_by,
                null_treatment,
            )));
        };
        let function = Expr::WindowFunction(Box::new(WindowFunction::new(self.udaf, self.args)));
        let mut builder = over(function, window, frame.unwrap_or_else(whole_window))
            .null_treatment(null_treatment);
        if self.distinct {
            builder = builder.distinct();
        }
        builder.build().map_err(|e| plan_error(call, e))
    }
}

/// A window function over `window` with `frame`, still to be built, its rows in the
/// window's total order ([`WindowSpec::row_order`]).
pub(super) fn over(
    function: Expr,
    window: &WindowSpec,
    frame: WindowFrame,
) -> datafusion::logical_expr::expr_fn::ExprFuncBuilder {
    over_keys(function, window, &window.row_order, frame)
}

/// A window function over `window`'s partitions, ordered by `keys`, with `frame`, still to
/// be built.
pub(super) fn over_keys(
    function: Expr,
    window: &WindowSpec,
    keys: &[SortExpr],
    frame: WindowFrame,
) -> datafusion::logical_expr::expr_fn::ExprFuncBuilder {
    function
        .partition_by(window.partition_by.clone())
        .order_by(keys.to_vec())
        .window_frame(frame)
}

/// Every row of the window.
pub(super) fn whole_window() -> WindowFrame {
    WindowFrame::new_bounds(
        WindowFrameUnits::Rows,
        WindowFrameBound::Preceding(ScalarValue::UInt64(None)),
        WindowFrameBound::Following(ScalarValue::UInt64(None)),
    )
}

pub(super) fn compile(args: Vec<Expr>, call: &Call) -> Result<Expr> {
    let mut a = Args::new(args, call);
    let plain =
        |udaf: Arc<AggregateUDF>, args: Vec<Expr>| Aggregate::new(udaf, args).build(call, None);
    let count = agg::count::count_udaf;
    Ok(match call.def.name {
        "count" => plain(count(), vec![a.optional().unwrap_or_else(|| lit(1i64))])?,
        "count_distinct" => Aggregate::new(count(), vec![a.next()?])
            .distinct()
            .build(call, None)?,
        "count_if" => plain(count(), vec![only_where(a.next()?, lit(1i64), call)?])?,
        "count_null" => plain(
            count(),
            vec![only_where(a.next()?.is_null(), lit(1i64), call)?],
        )?,
        "sum" => plain(agg::sum::sum_udaf(), vec![a.next()?])?,
        "avg" => float(plain(agg::average::avg_udaf(), vec![a.next()?])?),
        "min" => plain(agg::min_max::min_udaf(), vec![a.next()?])?,
        "max" => plain(agg::min_max::max_udaf(), vec![a.next()?])?,
        "median" => plain(agg::median::median_udaf(), vec![float(a.next()?)])?,
        "percentile" => {
            let (x, p) = (float(a.next()?), float(a.next()?));
            let mut percentile = Aggregate::new(
                agg::percentile_cont::percentile_cont_udaf(),
                vec![x.clone(), p],
            );
            percentile.order_by = vec![x.sort(true, false)];
            percentile.build(call, None)?
        }
        "mode" => plain(udf::mode::mode(), vec![a.next()?])?,
        "stddev" => plain(agg::stddev::stddev_udaf(), vec![float(a.next()?)])?,
        "stddev_pop" => plain(agg::stddev::stddev_pop_udaf(), vec![float(a.next()?)])?,
        "variance" => plain(agg::variance::var_samp_udaf(), vec![float(a.next()?)])?,
        "variance_pop" => plain(agg::variance::var_pop_udaf(), vec![float(a.next()?)])?,
        "first" => Aggregate::new(agg::first_last::first_value_udaf(), vec![a.next()?])
            .ignore_nulls()
            .build(call, None)?,
        "last" => Aggregate::new(agg::first_last::last_value_udaf(), vec![a.next()?])
            .ignore_nulls()
            .build(call, None)?,
        "any_value" => plain(agg::any_value::any_value_udaf(), vec![a.next()?])?,
        "min_by" => plain(udf::min_max_by::min_by(), vec![a.next()?, a.next()?])?,
        "max_by" => plain(udf::min_max_by::max_by(), vec![a.next()?, a.next()?])?,
        "list" => {
            let values = Aggregate::new(agg::array_agg::array_agg_udaf(), vec![a.next()?])
                .ignore_nulls()
                .build(call, None)?;
            // No values make an empty list, not null.
            let empty = datafusion::functions_nested::expr_fn::make_array(vec![]);
            datafusion::functions::expr_fn::coalesce(vec![values, empty])
        }
        "string_agg" => plain(
            agg::string_agg::string_agg_udaf(),
            vec![text(a.next()?), text(a.next()?)],
        )?,
        // DataFusion's sketch takes integers, dates, decimals and text, not floats, lists
        // or structs: it counts the values' text, which is the same count.
        "approx_count_distinct" => integer(plain(
            agg::approx_distinct::approx_distinct_udaf(),
            vec![crate::udf::to_string::to_string().call(vec![a.next()?])],
        )?),
        "all_true" => plain(agg::bool_and_or::bool_and_udaf(), vec![a.next()?])?,
        "any_true" => plain(agg::bool_and_or::bool_or_udaf(), vec![a.next()?])?,
        "is_unique" => {
            let value = a.next()?;
            let all = plain(count(), vec![value.clone()])?;
            let different = Aggregate::new(count(), vec![value])
                .distinct()
                .build(call, None)?;
            all.eq(different)
        }
        _ => return Err(unknown(call)),
    })
}
