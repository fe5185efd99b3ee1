//! The DataFusion session batch runs use.

use datafusion::execution::context::SessionContext;
use datafusion::prelude::SessionConfig;

/// A session using every core. Recipes whose steps depend on input order (`fill`,
/// `dedup … keep`) number rows with a window over the whole input, which DataFusion runs
/// in one partition.
pub fn batch_session() -> SessionContext {
    let config = SessionConfig::new().with_information_schema(false);
    SessionContext::new_with_config(config)
}
