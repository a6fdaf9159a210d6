//! Reading a file someone emailed: bytes in, an `Evaluation` or every problem with its place.
//!
//! The bytes are decoded to text, the JSON parsed into a tree (syntax errors carry line and column),
//! migrated to the current version (`migrate`), then read field by field (`decode`); keys an object
//! repeats, which the tree cannot show, are noted as it is built. Problems are `problems`' types.

use std::borrow::Cow;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::map::Entry;
use serde_json::{Map, Number, Value};

use super::problems::{indexed, join, syntax_problem};
use super::{migrate, MAX_FILE_BYTES};
use crate::domain::Evaluation;

// The problem types were defined here; their old paths still name them.
pub use super::problems::{human_size, LoadError, Problem, ProblemKind, SyntaxCategory};

/// Reads a file's bytes. Accepts UTF-8 with or without a BOM, and UTF-16 with a BOM (as some Windows
/// editors save it).
pub fn load(bytes: &[u8]) -> Result<Evaluation, LoadError> {
    let text = decode(bytes)?;
    load_str(&text)
}

/// Reads a file by its name and bytes, as the app's 打开 and the CLI do: a table saved as text
/// (`.csv`, `.tsv`, `.txt`: the calculator's own CSV export, most often) that is not an evaluation
/// file says so and names the files that open, instead of a JSON syntax error at line 1.
pub fn load_named(file_name: &str, bytes: &[u8]) -> Result<Evaluation, LoadError> {
    let result = load(bytes);
    let not_json = |error: &LoadError| {
        error.problems.iter().any(|p| {
            matches!(
                p.kind,
                ProblemKind::Syntax { .. }
                    | ProblemKind::NotUtf8
                    | ProblemKind::Binary
                    | ProblemKind::NotAnObject { .. }
            )
        })
    };
    match (result, text_table_extension(file_name)) {
        (Err(error), Some(extension)) if not_json(&error) => {
            Err(LoadError::whole(ProblemKind::TextTable { extension }))
        }
        (result, _) => result,
    }
}

/// `csv`, `tsv` or `txt` when the file is named so (any case).
fn text_table_extension(file_name: &str) -> Option<String> {
    let (_, extension) = file_name.rsplit_once('.')?;
    let extension = extension.to_ascii_lowercase();
    ["csv", "tsv", "txt"].contains(&extension.as_str()).then_some(extension)
}

/// The bytes as text, in the encodings `load` accepts (the JSON itself is read by `super::decode`).
/// Borrowed when the bytes are UTF-8 already (nearly every file): no copy of the text.
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, LoadError> {
    let whole = LoadError::whole;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(LoadError::too_large(bytes.len()));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(whole(ProblemKind::Empty));
    }
    let utf16 = |be: bool| {
        // An odd number of bytes leaves half a character at the end: broken, not merely trailing text.
        if bytes.len() % 2 != 0 {
            return Err(whole(ProblemKind::NotUtf8));
        }
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|pair| match pair {
                [a, b] if be => u16::from_be_bytes([*a, *b]),
                [a, b] => u16::from_le_bytes([*a, *b]),
                _ => 0xFFFD,
            })
            .collect();
        String::from_utf16(&units).map(Cow::Owned).map_err(|_| whole(ProblemKind::NotUtf8))
    };
    match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => {
            std::str::from_utf8(rest).map(Cow::Borrowed).map_err(|_| whole(ProblemKind::NotUtf8))
        }
        [0xFF, 0xFE, ..] => utf16(false),
        [0xFE, 0xFF, ..] => utf16(true),
        _ if bytes.contains(&0) && looks_like_utf16(bytes) => Err(whole(ProblemKind::NotUtf8)),
        _ if bytes.contains(&0) => Err(whole(ProblemKind::Binary)),
        _ => std::str::from_utf8(bytes).map(Cow::Borrowed).map_err(|_| whole(ProblemKind::NotUtf8)),
    }
}

/// UTF-16 without a byte-order mark (some Windows tools save it so): every ASCII character comes with
/// a zero byte on the same side, where a binary file has zeros anywhere. Looks at the first 64 bytes.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64)];
    let pairs = head.len() / 2;
    let zeros = |parity: usize| head.iter().skip(parity).step_by(2).filter(|b| **b == 0).count();
    let (even, odd) = (zeros(0), zeros(1));
    pairs > 0 && ((odd * 2 >= pairs && even == 0) || (even * 2 >= pairs && odd == 0))
}

pub fn load_str(text: &str) -> Result<Evaluation, LoadError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(LoadError::too_large(text.len()));
    }
    if text.trim().is_empty() {
        return Err(LoadError::whole(ProblemKind::Empty));
    }
    let (value, repeated) = parse(text).map_err(|e| LoadError::one(syntax_problem(&e)))?;
    // Repeated keys are found as the text is read, so they are put in words against the tree as
    // written, before migration renames anything; the rest against the tree that was read.
    let mut repeated = LoadError { problems: repeated };
    repeated.locate(&value);
    let value = migrate::to_current(value)?;
    match super::decode::read_evaluation(&value) {
        Ok(evaluation) if repeated.problems.is_empty() => Ok(evaluation),
        Ok(_) => Err(repeated),
        Err(mut error) => {
            error.locate(&value);
            repeated.problems.append(&mut error.problems);
            Err(repeated)
        }
    }
}

/// serde_json's own tree of `text` (as `serde_json::from_str` builds it, numbers kept as their text),
/// and the keys an object repeats, each at its path, in the order of the text. serde_json keeps the
/// last value of a repeated key, so the first would be lost without a word on the next save. Found as
/// the tree is built (each key is looked up there anyway): a second pass over the text was a tenth of
/// `jixiao review`'s time.
fn parse(text: &str) -> Result<(Value, Vec<Problem>), serde_json::Error> {
    let mut repeated = Vec::new();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = Tree { at: At::Top, repeated: &mut repeated }.deserialize(&mut deserializer)?;
    // Nothing but whitespace after the value, as `serde_json::from_str` requires.
    deserializer.end()?;
    Ok((value, repeated))
}

/// Where a value sits, as a chain up to the top: a path is written out only for a key that repeats.
enum At<'a> {
    Top,
    Key(&'a At<'a>, &'a str),
    Index(&'a At<'a>, usize),
}

impl At<'_> {
    fn path(&self) -> String {
        match self {
            At::Top => String::new(),
            At::Key(parent, key) => join(&parent.path(), key),
            At::Index(parent, index) => indexed(&parent.path(), *index),
        }
    }
}

/// Builds one value of the tree, as serde_json's own `Value` visitor does, noting repeated keys.
/// Nesting is bounded by serde_json's recursion limit, as for its own tree.
struct Tree<'a, 'p> {
    at: At<'a>,
    repeated: &'p mut Vec<Problem>,
}

/// With `arbitrary_precision`, serde_json hands a number over as a one-entry object under this key,
/// its text as the value (serde_json's own `Value` visitor tells it by the same name). Should a
/// version of serde_json change it, every number would read as an object and the tests of files with
/// numbers in them would fail.
const NUMBER_KEY: &str = "$serde_json::private::Number";

impl<'de> DeserializeSeed<'de> for Tree<'_, '_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Tree<'_, '_> {
    type Value = Value;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("any valid JSON value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Value, A::Error> {
        let Tree { at, repeated } = self;
        let mut list = Vec::new();
        while let Some(item) =
            items.next_element_seed(Tree { at: At::Index(&at, list.len()), repeated: &mut *repeated })?
        {
            list.push(item);
        }
        Ok(Value::Array(list))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Value, A::Error> {
        let Tree { at, repeated } = self;
        let mut object = Map::new();
        while let Some(key) = entries.next_key::<String>()? {
            if object.is_empty() && key == NUMBER_KEY {
                let text: String = entries.next_value()?;
                return text.parse::<Number>().map(Value::Number).map_err(serde::de::Error::custom);
            }
            let slot = object.entry(key);
            if let Entry::Occupied(first) = &slot {
                let key = first.key();
                repeated.push(Problem::at(&join(&at.path(), key), ProblemKind::DuplicateKey { key: key.clone() }));
            }
            let value = entries.next_value_seed(Tree { at: At::Key(&at, slot.key()), repeated: &mut *repeated })?;
            match slot {
                Entry::Vacant(slot) => {
                    slot.insert(value);
                }
                // In the first one's place, as serde_json's own tree keeps it.
                Entry::Occupied(mut slot) => {
                    slot.insert(value);
                }
            }
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_keys_are_found_at_their_paths_escaped_or_not() {
        let text = r#"{"x": {"a": 1, "\u0061": 2, "b\"": 3}, "list": [{"k": 1}, {"k": 2, "j": [], "k": 3}], "x": 4}"#;
        let (_, repeated) = parse(text).expect("valid JSON");
        let found: Vec<(String, String)> = repeated
            .into_iter()
            .map(|p| match p.kind {
                ProblemKind::DuplicateKey { key } => (p.path, key),
                other => panic!("not a repeated key: {other:?}"),
            })
            .collect();
        let expected = [("x.a", "a"), ("list[1].k", "k"), ("x", "x")];
        assert_eq!(found, expected.map(|(path, key)| (path.to_string(), key.to_string())));
    }

    #[test]
    fn the_tree_is_serde_jsons_own() {
        // Numbers keep their text (arbitrary_precision), a repeated key keeps its first place and its
        // last value, escapes are decoded, and what is not JSON fails as serde_json fails.
        let texts = [
            r#"{"n": 1.50, "big": 123456789012345678901234567890, "neg": -0.0, "e": 1e400, "list": [1, "2", null, true, [], {}]}"#,
            r#"{"a": 1, "b": {"c": [{"d": 2}]}, "a": {"x": "\u4e2d\"q\""}}"#,
            r#"[{"$serde_json::private::Number": "12"}, {"k": 1, "$serde_json::private::Number": "x"}]"#,
            "  \"plain\"  ",
            "{\"a\": 1} trailing",
            "{\"a\": 01}",
            "[1, 2,]",
        ];
        for text in texts {
            let ours = parse(text).map(|(value, _)| value).map_err(|e| e.to_string());
            let theirs = serde_json::from_str::<Value>(text).map_err(|e| e.to_string());
            assert_eq!(ours, theirs, "{text}");
            if let Ok(Value::Object(map)) = &ours {
                let keys: Vec<&String> = map.keys().collect();
                let theirs: Vec<String> =
                    theirs.iter().flat_map(|v| v.as_object()).flat_map(|m| m.keys().cloned()).collect();
                assert_eq!(keys, theirs.iter().collect::<Vec<_>>(), "{text}");
            }
        }
        let deep = "[".repeat(200) + &"]".repeat(200);
        assert_eq!(
            parse(&deep).map_err(|e| e.to_string()).err(),
            serde_json::from_str::<Value>(&deep).map_err(|e| e.to_string()).err()
        );
    }
}
