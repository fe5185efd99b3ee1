//! The DataFusion session batch runs use.

use crate::error::{Error, Result};
use datafusion::execution::context::SessionContext;
use datafusion::execution::memory_pool::FairSpillPool;
use datafusion::execution::runtime_env::RuntimeEnvBuilder;
use datafusion::prelude::SessionConfig;
use std::sync::Arc;

/// How a run may use the machine.
#[derive(Clone, Copy, Debug, Default)]
pub struct SessionOptions {
    /// The memory the run's operators may hold at once; sorts and aggregates spill to
    /// local disk beyond it (a join's smaller table must fit). The run then reads and
    /// works in one stream. `None`: no limit, every core.
    pub memory_limit: Option<usize>,
}

/// A session using every core (one when order matters) that can also run plans with row
/// counters (`compile::compile_counted`).
pub fn batch_session() -> SessionContext {
    session(SessionOptions::default()).expect("the default runtime builds")
}

pub fn session(options: SessionOptions) -> Result<SessionContext> {
    let mut config = SessionConfig::new().with_information_schema(false);
    let mut runtime = RuntimeEnvBuilder::new();
    if let Some(limit) = options.memory_limit {
        // One stream: with a sorter per core, each sorter's share of a small limit is too
        // small to merge what it spilled, and the merge of their outputs cannot spill at
        // all; in one stream a run finishes within a quarter of the memory it would need
        // otherwise. A sort holds back a quarter of the limit to merge its spill files.
        let execution = &mut config.options_mut().execution;
        execution.target_partitions = 1;
        execution.sort_spill_reservation_bytes =
            execution.sort_spill_reservation_bytes.min(limit / 4);
        // Spill files go to the system's temporary folder.
        runtime = runtime.with_memory_pool(Arc::new(FairSpillPool::new(limit)));
    }
    let runtime = runtime
        .build_arc()
        .map_err(|e| Error::Engine(e.strip_backtrace()))?;
    let state = crate::accounting::session_state_with(config, Some(runtime));
    Ok(SessionContext::new_with_state(state))
}

pub use crate::compile::keep_input_order;

/// `512M`, `2G`, `1.5GiB`, `800000000`: a size in bytes for `--memory-limit`.
pub fn parse_size(text: &str) -> std::result::Result<usize, String> {
    let trimmed = text.trim();
    let split = trimmed
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(split);
    let number: f64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a size like 512M or 2G"))?;
    let scale: f64 = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 1.0,
        "K" | "KB" | "KIB" => 1024.0,
        "M" | "MB" | "MIB" => 1024.0 * 1024.0,
        "G" | "GB" | "GIB" => 1024.0 * 1024.0 * 1024.0,
        "T" | "TB" | "TIB" => 1024.0_f64.powi(4),
        _ => return Err(format!("`{text}`: the units are K, M, G and T")),
    };
    let bytes = number * scale;
    if bytes < 1024.0 * 1024.0 {
        return Err(format!(
            "`{text}` is too little memory to run anything (at least 1M)"
        ));
    }
    Ok(bytes as usize)
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes_have_units() {
        assert_eq!(parse_size("512M"), Ok(512 * 1024 * 1024));
        assert_eq!(parse_size("2G"), Ok(2 * 1024 * 1024 * 1024));
        assert_eq!(parse_size("1.5GiB"), Ok(1536 * 1024 * 1024));
        assert_eq!(parse_size("8000000"), Ok(8_000_000));
        assert!(parse_size("12").is_err());
        assert!(parse_size("lots").is_err());
        assert!(parse_size("3X").is_err());
    }
}
