//! 绩效自评计算器: the scoring engine, the evaluation file and the built-in presets, plus (in the
//! browser build) the Yew app. `domain` and `format` know nothing of the browser.

pub mod app;
pub mod cli;
pub mod domain;
pub mod format;
pub mod presets;
