//! Test-only: the file's JSON Schema, generated from the Rust types and compared with the committed
//! `docs/evaluation.schema.json`, so the documented schema cannot drift from what the code reads and
//! writes. `UPDATE_SCHEMA=1 cargo test schema` rewrites the committed file after a deliberate change.

use schemars::JsonSchema;
use serde_json::Value;

use crate::domain::{Meta, Node, Scenario};

/// A decimal written as a JSON string. Files may also hold plain JSON numbers; they are read from
/// their text and written back as strings.
#[derive(JsonSchema)]
#[schemars(transparent)]
pub struct DecimalText(#[schemars(regex(pattern = r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$"))] pub String);

/// The whole file, as `format::save` writes it.
#[derive(JsonSchema)]
#[schemars(title = "绩效自评文件 (jixiao-evaluation)")]
#[allow(dead_code)]
struct EvaluationFile {
    /// Always "jixiao-evaluation".
    format: String,
    /// The format version; this build writes 4 and reads 1 to 4.
    version: u64,
    meta: Meta,
    root: Node,
    #[serde(default)]
    scenarios: Vec<Scenario>,
    /// The reviewer's record. A record this build cannot read does not refuse the file: it is kept as
    /// written and flagged (docs/FORMAT.md, `review`).
    #[serde(default)]
    review: Option<crate::domain::review::ReviewRecord>,
}

pub fn generate() -> Value {
    let schema = schemars::schema_for!(EvaluationFile);
    let mut value = serde_json::to_value(&schema).unwrap_or_default();
    let properties = &mut value["properties"];
    properties["format"] =
        serde_json::json!({ "const": super::FORMAT_MARKER, "description": "Always \"jixiao-evaluation\"." });
    properties["version"] =
        serde_json::json!({ "const": super::CURRENT_VERSION, "description": "The format version this build writes." });
    value
}

pub const COMMITTED_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/evaluation.schema.json");

pub fn generated_text() -> String {
    serde_json::to_string_pretty(&generate()).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_in_step_with_the_types() {
        let generated = generated_text();
        if std::env::var_os("UPDATE_SCHEMA").is_some() {
            std::fs::write(COMMITTED_PATH, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(COMMITTED_PATH).unwrap_or_default();
        assert!(
            committed == generated,
            "docs/evaluation.schema.json is out of step with the Rust types; if the change is deliberate, run \
             UPDATE_SCHEMA=1 cargo test schema and document it in docs/FORMAT.md"
        );
    }

    #[test]
    fn presets_and_saved_files_follow_the_schema() {
        let schema: Value = serde_json::from_str(&std::fs::read_to_string(COMMITTED_PATH).unwrap()).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        for preset in crate::presets::PRESETS {
            let saved = crate::format::to_json(&preset.evaluation().unwrap());
            let instance: Value = serde_json::from_str(&saved).unwrap();
            let errors: Vec<String> =
                validator.iter_errors(&instance).map(|e| format!("{} at {}", e, e.instance_path())).collect();
            assert!(errors.is_empty(), "{}: {errors:#?}", preset.name);
        }
        let broken: Value =
            serde_json::json!({ "format": "jixiao-evaluation", "version": 2, "meta": {}, "root": { "id": "x" } });
        assert!(!validator.is_valid(&broken), "the schema must reject a node without name, points and body");
    }
}
