//! The function each UDF file ends with: the one shared instance of its UDF, built on first
//! use, as DataFusion's `make_udf_function!` makes them. Not a function itself.

/// Defines functions that return one shared instance of a UDF, built from an expression
/// giving its impl the first time one of them is called. Each takes its doc comment (and
/// any other attributes), its visibility and name, the kind of UDF (`ScalarUDF` or
/// `AggregateUDF`) and the impl; a block defines one function or several of one kind.
///
/// ```text
/// udf_singleton! {
///     /// `crc32(text: Utf8) -> Int64`.
///     pub fn crc32() -> ScalarUDF = Crc32 {
///         signature: Signature::exact(vec![DataType::Utf8], Volatility::Immutable),
///     };
/// }
/// ```
///
/// defines `pub fn crc32() -> Arc<ScalarUDF>`, and `-> AggregateUDF` defines
/// `-> Arc<AggregateUDF>`.
macro_rules! udf_singleton {
    (@define $kind:ident, $(#[$attr:meta])* $vis:vis fn $name:ident = $udf_impl:expr) => {
        $(#[$attr])*
        $vis fn $name() -> ::std::sync::Arc<::datafusion::logical_expr::$kind> {
            static UDF: ::std::sync::LazyLock<::std::sync::Arc<::datafusion::logical_expr::$kind>> =
                ::std::sync::LazyLock::new(|| {
                    ::std::sync::Arc::new(::datafusion::logical_expr::$kind::new_from_impl(
                        $udf_impl,
                    ))
                });
            ::std::sync::Arc::clone(&UDF)
        }
    };
    ($($(#[$attr:meta])* $vis:vis fn $name:ident() -> ScalarUDF = $udf_impl:expr;)+) => {
        $($crate::udf::singleton::udf_singleton!(
            @define ScalarUDF, $(#[$attr])* $vis fn $name = $udf_impl
        );)+
    };
    ($($(#[$attr:meta])* $vis:vis fn $name:ident() -> AggregateUDF = $udf_impl:expr;)+) => {
        $($crate::udf::singleton::udf_singleton!(
            @define AggregateUDF, $(#[$attr])* $vis fn $name = $udf_impl
        );)+
    };
}

pub(crate) use udf_singleton;

#[cfg(test)]
mod tests {
    use datafusion::logical_expr::{ScalarUDFImpl, Signature, Volatility};
    use std::sync::Arc;

    #[derive(Debug, PartialEq, Eq, Hash)]
    struct Probe {
        signature: Signature,
    }

    impl ScalarUDFImpl for Probe {
        fn name(&self) -> &str {
            "probe"
        }

        fn signature(&self) -> &Signature {
            &self.signature
        }

        fn return_type(
            &self,
            _args: &[datafusion::arrow::datatypes::DataType],
        ) -> datafusion::common::Result<datafusion::arrow::datatypes::DataType> {
            Ok(datafusion::arrow::datatypes::DataType::Null)
        }

        fn invoke_with_args(
            &self,
            _args: datafusion::logical_expr::ScalarFunctionArgs,
        ) -> datafusion::common::Result<datafusion::logical_expr::ColumnarValue> {
            unreachable!("never called")
        }
    }

    udf_singleton! {
        /// A first probe.
        fn probe() -> ScalarUDF = Probe {
            signature: Signature::nullary(Volatility::Immutable),
        };
        /// Another probe, with its own instance.
        fn other_probe() -> ScalarUDF = Probe {
            signature: Signature::nullary(Volatility::Immutable),
        };
    }

    #[test]
    fn each_function_returns_its_one_instance() {
        assert!(Arc::ptr_eq(&probe(), &probe()));
        assert!(!Arc::ptr_eq(&probe(), &other_probe()));
        assert_eq!(probe().name(), "probe");
    }
}
