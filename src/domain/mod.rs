//! The domain: what an evaluation is, how it scores, what is worth a warning. Knows nothing of the
//! browser, so `cargo test` runs all of it natively.

pub mod checks;
pub mod indicator;
pub mod input;
pub mod model;
pub mod num;
pub mod paste;
pub mod review;
pub mod scenario;
pub mod score;
pub mod scored;
pub mod structure;
pub mod whatif;
pub mod written;

pub use checks::{Check, CheckKind, Severity};
pub use input::InputKey;
pub use model::*;
pub use scenario::{Edit, Scenario};
pub use scored::{score, Badge, Detail, IndicatorResult, NodeResult, OpenInputs, RuleError, Scored, Status};

/// The languages the app speaks: Chinese first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks the text for this language.
    pub fn pick<T>(self, zh: T, en: T) -> T {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}
