//! 绩效自评计算器: the scoring engine, the evaluation file and the built-in presets, plus (in the
//! browser build) the Yew app. `domain`, `format` and `export` know nothing of the browser.

pub mod app;
pub mod cli;
pub mod domain;
pub mod export;
pub mod format;
pub mod presets;

/// Benchmark helpers: synthetic evaluations and, in the browser, timed entry points. Only with the
/// `bench` feature (`scripts/bench.sh`); the shipped app never carries them.
#[cfg(feature = "bench")]
pub mod bench;
