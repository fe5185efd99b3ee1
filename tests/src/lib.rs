//! The project's cross-crate tests live under `tests/tests/`: the diagnostics corpus
//! (`tests/diagnostics/`, one mistake per file) and the executable documentation. The
//! conformance corpus and end-to-end tests join them as the engines land.
