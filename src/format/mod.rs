//! The evaluation file: JSON that people email each other. See `docs/FORMAT.md`.

mod decode;
pub mod load;
pub mod migrate;
pub mod place;
pub mod problems;
pub mod report;
pub mod save;

#[cfg(test)]
pub mod schema;

pub use load::{load, load_str};
pub use problems::{LoadError, Problem, ProblemKind};
pub use save::{describe, file_name, to_json, write_content, write_evaluation_content};

/// The value of the file's `format` field.
pub const FORMAT_MARKER: &str = "jixiao-evaluation";
/// The version this build writes; it reads this and every older one.
pub const CURRENT_VERSION: u64 = 4;
/// Larger files are refused before parsing: a 2,000-indicator evaluation is about 1 MB.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;
