//! 绩效自评计算器: the scoring engine, the evaluation file and the built-in presets, plus (in the
//! browser build) the Yew app. `domain`, `format` and `export` know nothing of the browser.

pub mod app;
pub mod batch;
pub mod cli;
pub mod domain;
pub mod export;
pub mod format;
pub mod i18n;
pub mod import;
pub mod presets;

/// Benchmark helpers: synthetic evaluations and, in the browser, timed entry points. Only with the
/// `bench` feature (`scripts/bench.sh`); the shipped app never carries them.
#[cfg(feature = "bench")]
pub mod bench;

/// Helpers the unit tests share.
#[cfg(test)]
pub(crate) mod test_support {
    use std::str::FromStr;

    use rust_decimal::Decimal;

    use crate::domain::Evaluation;

    /// A decimal from its text; tests only (the input is a literal).
    pub fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    /// The seed sample, as loaded from the preset.
    pub fn seed() -> Evaluation {
        crate::presets::find("seed-2023").unwrap().evaluation().unwrap()
    }
}
