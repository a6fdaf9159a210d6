//! Reading a file someone emailed: bytes in, an `Evaluation` or every problem with its place.
//!
//! The bytes are decoded to text, the JSON parsed into a tree (syntax errors carry line and column),
//! migrated to the current version (`migrate`), then read field by field (`decode`); the text is also
//! searched for keys an object repeats, which the tree cannot show. Problems are `problems`' types.

use std::borrow::Cow;

use serde_json::Value;

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

/// The bytes as text, in the encodings `load` accepts (the JSON itself is read by `super::decode`).
pub fn decode(bytes: &[u8]) -> Result<String, LoadError> {
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
        String::from_utf16(&units).map_err(|_| whole(ProblemKind::NotUtf8))
    };
    match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => {
            std::str::from_utf8(rest).map(str::to_owned).map_err(|_| whole(ProblemKind::NotUtf8))
        }
        [0xFF, 0xFE, ..] => utf16(false),
        [0xFE, 0xFF, ..] => utf16(true),
        _ if bytes.contains(&0) && looks_like_utf16(bytes) => Err(whole(ProblemKind::NotUtf8)),
        _ if bytes.contains(&0) => Err(whole(ProblemKind::Binary)),
        _ => std::str::from_utf8(bytes).map(str::to_owned).map_err(|_| whole(ProblemKind::NotUtf8)),
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
    let value: Value = serde_json::from_str(text).map_err(|e| LoadError::one(syntax_problem(&e)))?;
    // Repeated keys are found in the text as written, so they are put in words against the tree as
    // written, before migration renames anything; the rest against the tree that was read.
    let mut repeated = LoadError { problems: duplicate_keys(text) };
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

/// Keys that an object of the (valid) JSON `text` repeats, each at its path. serde_json keeps the
/// last value of a repeated key, so the first would be lost without a word on the next save.
/// One pass over the text with an explicit stack: no recursion, whatever the nesting.
fn duplicate_keys(text: &str) -> Vec<Problem> {
    // Keys borrow the text (decoded only when they hold an escape), and a path is written out only
    // for a key that repeats: at 2,000 indicators this pass used to cost as much as the parse.
    enum Frame<'t> {
        Object { keys: KeySet<'t>, key: Option<Cow<'t, str>>, expect_key: bool },
        Array { index: usize },
    }
    /// An object's keys so far: a short list scanned in place (a file's objects have a dozen keys;
    /// hashing each key cost more than the parse), a hash set once an object grows long (a hostile
    /// file's object of a million keys stays linear).
    enum KeySet<'t> {
        Few(Vec<Cow<'t, str>>),
        Many(std::collections::HashSet<Cow<'t, str>>),
    }
    impl<'t> KeySet<'t> {
        const FEW: usize = 32;
        /// False when `key` was already there.
        fn insert(&mut self, key: Cow<'t, str>) -> bool {
            match self {
                KeySet::Few(keys) if keys.contains(&key) => false,
                KeySet::Few(keys) if keys.len() < Self::FEW => {
                    keys.push(key);
                    true
                }
                KeySet::Few(keys) => {
                    let mut many: std::collections::HashSet<_> = keys.drain(..).collect();
                    many.insert(key);
                    *self = KeySet::Many(many);
                    true
                }
                KeySet::Many(keys) => keys.insert(key),
            }
        }
    }
    fn path_of(frames: &[Frame]) -> String {
        let mut path = String::new();
        for frame in frames {
            match frame {
                Frame::Object { key: Some(key), .. } => path = join(&path, key),
                Frame::Object { key: None, .. } => {}
                Frame::Array { index } => path = indexed(&path, *index),
            }
        }
        path
    }
    let mut problems = Vec::new();
    let mut frames: Vec<Frame> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' => frames.push(Frame::Object { keys: KeySet::Few(Vec::new()), key: None, expect_key: true }),
            b'[' => frames.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                frames.pop();
            }
            b',' => match frames.last_mut() {
                Some(Frame::Object { expect_key, .. }) => *expect_key = true,
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { expect_key, .. }) = frames.last_mut() {
                    *expect_key = false;
                }
            }
            b'"' => {
                let start = i;
                i += 1;
                // To the closing quote, a jump at a time: a file is mostly the text inside strings.
                while let Some(offset) = bytes.get(i..).and_then(|rest| memchr::memchr2(b'"', b'\\', rest)) {
                    i += offset;
                    if bytes[i] == b'"' {
                        break;
                    }
                    i += 2;
                }
                if bytes.get(i) != Some(&b'"') {
                    i = bytes.len();
                }
                if let Some(Frame::Object { expect_key: true, .. }) = frames.last() {
                    let raw = text.get(start..=i.min(bytes.len() - 1)).unwrap_or_default();
                    let key: Cow<str> = match raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
                        Some(plain) if !plain.contains('\\') => Cow::Borrowed(plain),
                        _ => Cow::Owned(serde_json::from_str(raw).unwrap_or_else(|_| raw.to_string())),
                    };
                    // The object's own path leaves out its key slot, which is about to change.
                    let repeated = match frames.last_mut() {
                        Some(Frame::Object { keys, key: slot, .. }) => {
                            *slot = None;
                            !keys.insert(key.clone())
                        }
                        _ => false,
                    };
                    if repeated {
                        problems.push(Problem::at(
                            &join(&path_of(&frames), &key),
                            ProblemKind::DuplicateKey { key: key.to_string() },
                        ));
                    }
                    if let Some(Frame::Object { key: slot, .. }) = frames.last_mut() {
                        *slot = Some(key);
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_keys_are_found_at_their_paths_escaped_or_not() {
        let text = r#"{"x": {"a": 1, "\u0061": 2, "b\"": 3}, "list": [{"k": 1}, {"k": 2, "j": [], "k": 3}], "x": 4}"#;
        let found: Vec<(String, String)> = duplicate_keys(text)
            .into_iter()
            .map(|p| match p.kind {
                ProblemKind::DuplicateKey { key } => (p.path, key),
                other => panic!("not a repeated key: {other:?}"),
            })
            .collect();
        let expected = [("x.a", "a"), ("list[1].k", "k"), ("x", "x")];
        assert_eq!(found, expected.map(|(path, key)| (path.to_string(), key.to_string())));
    }
}
