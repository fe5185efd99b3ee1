//! `expect` steps in batch runs and tests: [`crate::expectations`] with the executor's error.

use crate::compile::Expectation;
use crate::error::{Error, Result};
use datafusion::execution::context::SessionContext;

pub use crate::expectations::Outcome;

pub async fn evaluate(ctx: &SessionContext, expectation: &Expectation) -> Result<Outcome> {
    crate::expectations::evaluate(ctx, expectation)
        .await
        .map_err(Error::engine)
}
