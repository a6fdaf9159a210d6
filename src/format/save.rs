//! Writing the file: deterministic (same evaluation, same bytes) and lossless (everything loaded is
//! written back). Decimals are written as strings so that no JSON reader turns them into floats.

use serde::Serialize;

use super::{CURRENT_VERSION, FORMAT_MARKER};
use crate::domain::{Evaluation, Meta, Node, Scenario};

#[derive(Serialize)]
struct File<'a> {
    format: &'static str,
    version: u64,
    meta: &'a Meta,
    root: &'a Node,
    #[serde(skip_serializing_if = "<[Scenario]>::is_empty")]
    scenarios: &'a [Scenario],
}

/// The file's text: two-space indented JSON, Chinese unescaped, ending in a newline.
pub fn to_json(evaluation: &Evaluation) -> String {
    let file = File {
        format: FORMAT_MARKER,
        version: CURRENT_VERSION,
        meta: &evaluation.meta,
        root: &evaluation.root,
        scenarios: &evaluation.scenarios,
    };
    // Serializing plain structs of strings, decimals and vectors into a String cannot fail.
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}

/// "2023-广州市人力资源和社会保障局-97.998.json": year, department and total, as people name the files
/// they email. Characters that file systems refuse are replaced.
pub fn file_name(evaluation: &Evaluation, total: Option<&str>) -> String {
    let meta = &evaluation.meta;
    let mut parts: Vec<String> = Vec::new();
    if let Some(year) = meta.year {
        parts.push(year.to_string());
    }
    let who = if meta.department.trim().is_empty() { meta.title.trim() } else { meta.department.trim() };
    if !who.is_empty() {
        parts.push(who.to_string());
    }
    if let Some(total) = total {
        parts.push(total.to_string());
    }
    if parts.is_empty() {
        parts.push("绩效自评".to_string());
    }
    let name: String =
        parts.join("-").chars().map(|c| if r#"\/:*?"<>|"#.contains(c) || c.is_control() { '_' } else { c }).collect();
    format!("{name}.json")
}
