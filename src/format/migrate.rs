//! From any version this calculator has ever written to the current one, on the raw JSON tree, before
//! it is read. Each step is one small function; a newer version than ours is refused, never guessed at.
//!
//! Version 1 (the first prototype's files) differs from version 2 in three names:
//! a node's `items` is now `children`, its `reported_score` is now `reported`, and `meta.precision` is
//! now `meta.display_decimals`. Version 3 added the optional `scenarios` list; a version 2 file is a
//! version 3 file without scenarios, so that step changes nothing but the number. Version 4 added the
//! project table (a row's points and printed score, the funds block, targets as written) and
//! `meta.not_applicable_rescale`, whose default became `table`: an older file says `list`, as it scored.

use serde_json::{Map, Value};

use super::problems::{json_type, LoadError, ProblemKind};
use super::{CURRENT_VERSION, FORMAT_MARKER};

pub fn to_current(mut value: Value) -> Result<Value, LoadError> {
    let version = check_header(&value)?;
    if version < 2 {
        v1_to_v2(&mut value);
    }
    if version < 4 {
        v3_to_v4(&mut value);
    }
    if let Some(top) = value.as_object_mut() {
        top.insert("version".into(), Value::from(CURRENT_VERSION));
    }
    Ok(value)
}

/// The format marker and version: what decides whether the rest is worth reading.
fn check_header(value: &Value) -> Result<u64, LoadError> {
    let fail = |kind| Err(LoadError::whole(kind));
    let Value::Object(top) = value else {
        return fail(ProblemKind::NotAnObject { found: json_type(value) });
    };
    match top.get("format") {
        None => return fail(ProblemKind::NotAnEvaluation),
        Some(Value::String(marker)) if marker == FORMAT_MARKER => {}
        Some(other) => {
            return fail(ProblemKind::WrongFormat {
                found: other.as_str().map_or_else(|| other.to_string(), str::to_owned),
            })
        }
    }
    match top.get("version") {
        None => fail(ProblemKind::MissingVersion),
        Some(Value::Number(n)) => match n.as_u64() {
            Some(v) if v > CURRENT_VERSION => fail(ProblemKind::FutureVersion { found: v }),
            Some(v) if v >= 1 => Ok(v),
            _ => fail(ProblemKind::BadVersion { found: n.to_string() }),
        },
        Some(other) => fail(ProblemKind::BadVersion { found: other.to_string() }),
    }
}

fn v3_to_v4(top: &mut Value) {
    if let Some(meta) = top.get_mut("meta").and_then(Value::as_object_mut) {
        meta.entry("not_applicable_rescale").or_insert_with(|| Value::from("list"));
    }
}

fn v1_to_v2(top: &mut Value) {
    if let Some(meta) = top.get_mut("meta").and_then(Value::as_object_mut) {
        rename(meta, "precision", "display_decimals");
    }
    if let Some(root) = top.get_mut("root") {
        rename_nodes_v1(root);
    }
}

fn rename_nodes_v1(node: &mut Value) {
    // An explicit stack: a hostile file's nesting must not exhaust the call stack.
    let mut stack = vec![node];
    while let Some(node) = stack.pop() {
        let Some(map) = node.as_object_mut() else {
            continue;
        };
        rename(map, "items", "children");
        rename(map, "reported_score", "reported");
        if let Some(Value::Array(children)) = map.get_mut("children") {
            stack.extend(children.iter_mut());
        }
    }
}

/// Renames a key in place, keeping its position (the file's key order survives migration).
fn rename(map: &mut Map<String, Value>, from: &str, to: &str) {
    if map.contains_key(to) || !map.contains_key(from) {
        return;
    }
    let entries = std::mem::take(map);
    *map = entries.into_iter().map(|(k, v)| if k == from { (to.to_string(), v) } else { (k, v) }).collect();
}
