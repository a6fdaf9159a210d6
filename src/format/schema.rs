//! Test-only: the JSON Schema of the file, generated from the Rust types.

/// A decimal written as a JSON string.
#[derive(schemars::JsonSchema)]
#[schemars(transparent)]
pub struct DecimalText(#[schemars(regex(pattern = r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$"))] pub String);
