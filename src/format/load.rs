//! Reading a file someone emailed: bytes in, an `Evaluation` or every problem with its place.
//!
//! The JSON is parsed into a tree first (syntax errors carry line and column), migrated to the current
//! version, then read field by field so that one pass reports *all* problems, each with its JSON path,
//! in words a user understands. Numbers are read from their text (strings or JSON numbers alike, never
//! through f64).

use std::borrow::Cow;
use std::collections::HashMap;
use std::rc::Rc;

use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::migrate;
use super::{FORMAT_MARKER, MAX_FILE_BYTES};
use crate::domain::num::{parse_decimal_text, DecimalTextError};
use crate::domain::scenario::Edit;
use crate::domain::{
    Actual, AtMostScoring, Band, Direction, Evaluation, GradeBand, Indicator, Lang, Level, LevelBand, Meta, Month,
    Node, NodeBody, QualitativeBands, Rule, RuleKind, Scenario, TotalCap, TotalCaps,
};

/// Why a file was refused: every problem found, in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    pub problems: Vec<Problem>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Where in the file, as a JSON path (`root.children[0].points`); empty for the file as a whole.
    pub path: String,
    /// Line and column (1-based) for syntax errors.
    pub position: Option<(usize, usize)>,
    pub kind: ProblemKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    Empty,
    TooLarge {
        bytes: usize,
        limit: usize,
    },
    Binary,
    NotUtf8,
    /// JSON syntax, as serde_json words it (English), classified for the Chinese message.
    Syntax {
        category: SyntaxCategory,
        detail: String,
    },
    NotAnObject {
        found: &'static str,
    },
    NotAnEvaluation,
    WrongFormat {
        found: String,
    },
    MissingVersion,
    BadVersion {
        found: String,
    },
    FutureVersion {
        found: u64,
    },
    MissingField {
        field: &'static str,
    },
    UnknownField {
        field: String,
    },
    WrongType {
        expected: &'static str,
        found: &'static str,
    },
    NotANumber {
        text: String,
    },
    NumberTooLarge {
        text: String,
    },
    NotAnInteger {
        text: String,
    },
    BadChoice {
        found: String,
        allowed: &'static [&'static str],
    },
    ChildrenAndRule,
    NeitherChildrenNorRule,
    DuplicateId {
        id: String,
        first: String,
    },
    EmptyId,
    /// The same key twice in one object: JSON readers keep one value and drop the other unseen.
    DuplicateKey {
        key: String,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyntaxCategory {
    /// The file ends in the middle of the JSON: cut off in transfer, most often.
    Truncated,
    /// Nesting deeper than the parser allows.
    TooDeep,
    /// Something after the end of the JSON.
    TrailingText,
    Other,
}

impl Problem {
    fn at(path: &str, kind: ProblemKind) -> Problem {
        Problem { path: path.to_string(), position: None, kind }
    }

    /// A stable code for the kind, used by tests and the CLI.
    pub fn code(&self) -> &'static str {
        match &self.kind {
            ProblemKind::Empty => "empty",
            ProblemKind::TooLarge { .. } => "too_large",
            ProblemKind::Binary => "binary",
            ProblemKind::NotUtf8 => "not_utf8",
            ProblemKind::Syntax { category: SyntaxCategory::Truncated, .. } => "truncated",
            ProblemKind::Syntax { category: SyntaxCategory::TooDeep, .. } => "too_deep",
            ProblemKind::Syntax { .. } => "syntax",
            ProblemKind::NotAnObject { .. } => "not_an_object",
            ProblemKind::NotAnEvaluation => "not_an_evaluation",
            ProblemKind::WrongFormat { .. } => "wrong_format",
            ProblemKind::MissingVersion => "missing_version",
            ProblemKind::BadVersion { .. } => "bad_version",
            ProblemKind::FutureVersion { .. } => "future_version",
            ProblemKind::MissingField { .. } => "missing_field",
            ProblemKind::UnknownField { .. } => "unknown_field",
            ProblemKind::WrongType { .. } => "wrong_type",
            ProblemKind::NotANumber { .. } => "not_a_number",
            ProblemKind::NumberTooLarge { .. } => "number_too_large",
            ProblemKind::NotAnInteger { .. } => "not_an_integer",
            ProblemKind::BadChoice { .. } => "bad_choice",
            ProblemKind::ChildrenAndRule => "children_and_rule",
            ProblemKind::NeitherChildrenNorRule => "neither_children_nor_rule",
            ProblemKind::DuplicateId { .. } => "duplicate_id",
            ProblemKind::EmptyId => "empty_id",
            ProblemKind::DuplicateKey { .. } => "duplicate_key",
        }
    }

    /// "root.children[0].points：应为数字，实际是“abc”" — the place first, then what is wrong.
    pub fn message(&self, lang: Lang) -> String {
        let place = match (self.position, self.path.is_empty()) {
            (Some((line, column)), _) => {
                lang.pick(format!("第 {line} 行第 {column} 列："), format!("line {line}, column {column}: "))
            }
            (None, false) => lang.pick(format!("{}：", self.path), format!("{}: ", self.path)),
            (None, true) => String::new(),
        };
        place + &self.describe(lang)
    }

    fn describe(&self, lang: Lang) -> String {
        match &self.kind {
            ProblemKind::Empty => lang.pick("文件是空的".into(), "The file is empty".into()),
            // A size that rounds to the limit (or one unknown: standard input is read only to one byte
            // past it) would read "16.0 MB, over the 16.0 MB limit": say just that it is over.
            ProblemKind::TooLarge { bytes, limit } if human_size(*bytes) == human_size(*limit) => lang.pick(
                format!("文件超过 {} 的上限，未读取", human_size(*limit)),
                format!("The file is over the {} limit; it was not read", human_size(*limit)),
            ),
            ProblemKind::TooLarge { bytes, limit } => lang.pick(
                format!("文件有 {}，超过 {} 的上限，未读取", human_size(*bytes), human_size(*limit)),
                format!("The file is {}, over the {} limit; it was not read", human_size(*bytes), human_size(*limit)),
            ),
            ProblemKind::Binary => lang.pick("这不是文本文件（可能是改了扩展名的其他文件）".into(), "This is not a text file (perhaps another kind of file renamed to .json)".into()),
            ProblemKind::NotUtf8 => lang.pick("文件不是 UTF-8 编码的文本，请用 UTF-8 保存后再打开".into(), "The file is not UTF-8 text; save it as UTF-8 and open it again".into()),
            ProblemKind::Syntax { category, detail } => match category {
                SyntaxCategory::Truncated => lang.pick("文件不完整，在此处意外结束（可能传输时被截断）".into(), format!("The file ends too early; it may have been cut off ({detail})")),
                SyntaxCategory::TooDeep => lang.pick("嵌套层数过多，无法读取".into(), format!("Nested too deeply to read ({detail})")),
                SyntaxCategory::TrailingText => lang.pick("JSON 结束后还有多余内容".into(), format!("There is more text after the end of the JSON ({detail})")),
                SyntaxCategory::Other => lang.pick(format!("JSON 格式错误：{}", syntax_zh(detail)), format!("Not valid JSON: {detail}")),
            },
            ProblemKind::NotAnObject { found } => lang.pick(format!("文件内容应是一个对象（{{…}}），实际是{}", type_zh(found)), format!("The file should hold an object ({{…}}), not {found}")),
            ProblemKind::NotAnEvaluation => lang.pick(
                format!("这不是绩效自评文件：缺少 \"format\": \"{FORMAT_MARKER}\" 标记"),
                format!("This is not an evaluation file: it has no \"format\": \"{FORMAT_MARKER}\" marker"),
            ),
            ProblemKind::WrongFormat { found } => lang.pick(
                format!("文件格式标记是“{found}”，不是“{FORMAT_MARKER}”"),
                format!("The format marker is “{found}”, not “{FORMAT_MARKER}”"),
            ),
            ProblemKind::MissingVersion => lang.pick("缺少格式版本号（version）".into(), "The format version (version) is missing".into()),
            ProblemKind::BadVersion { found } => lang.pick(format!("格式版本号“{found}”无效"), format!("“{found}” is not a valid format version")),
            ProblemKind::FutureVersion { found } => lang.pick(
                format!("此文件由更新版本的计算器保存（格式版本 {found}），本程序只能打开版本 {} 及以前的文件，请更新计算器", super::CURRENT_VERSION),
                format!("This file was saved by a newer calculator (format version {found}); this one opens versions up to {}. Please update", super::CURRENT_VERSION),
            ),
            ProblemKind::MissingField { field } => lang.pick(format!("缺少必填项“{field}”"), format!("the required field “{field}” is missing")),
            ProblemKind::UnknownField { field } => lang.pick(
                format!("无法识别的字段“{field}”（为免丢失数据，文件未打开）"),
                format!("unknown field “{field}” (the file was not opened, so nothing in it is lost)"),
            ),
            ProblemKind::WrongType { expected, found } => {
                lang.pick(format!("应为{}，实际是{}", type_zh(expected), type_zh(found)), format!("expected {expected}, found {found}"))
            }
            ProblemKind::NotANumber { text } => lang.pick(format!("“{text}”不是数字"), format!("“{text}” is not a number")),
            ProblemKind::NumberTooLarge { text } => lang.pick(
                format!("数字“{}”太大或位数太多，无法精确计算", shorten(text)),
                format!("the number “{}” is too large or too long to calculate exactly", shorten(text)),
            ),
            ProblemKind::NotAnInteger { text } => lang.pick(format!("“{}”应为非负整数", shorten(text)), format!("“{}” should be a whole number", shorten(text))),
            ProblemKind::BadChoice { found, allowed } => lang.pick(
                format!("“{found}”不是可选值，应为：{}", allowed.join(" / ")),
                format!("“{found}” is not one of: {}", allowed.join(" / ")),
            ),
            ProblemKind::ChildrenAndRule => lang.pick("一个项目不能同时有下级项目（children）和评分规则（rule）".into(), "a node cannot have both children and a rule".into()),
            ProblemKind::NeitherChildrenNorRule => lang.pick("项目需要下级项目（children）或评分规则（rule）".into(), "a node needs either children or a rule".into()),
            ProblemKind::DuplicateId { id, first } => lang.pick(format!("编号“{id}”重复（首次出现在 {first}）"), format!("the id “{id}” is used twice (first at {first})")),
            ProblemKind::EmptyId => lang.pick("编号（id）不能为空".into(), "an id cannot be empty".into()),
            ProblemKind::DuplicateKey { key } => lang.pick(
                format!("字段“{key}”出现了两次（为免丢失其中一个值，文件未打开）"),
                format!("the field “{key}” appears twice (the file was not opened, so neither value is lost)"),
            ),
        }
    }
}

/// serde_json's description of a syntax error, in Chinese; one it might add later stays as it is.
fn syntax_zh(detail: &str) -> String {
    let zh = match detail {
        "expected value" => "此处应是一个值（数字、文本、对象等）",
        "key must be a string" => "键名必须是带双引号的文本",
        "expected `:`" => "键名后缺少冒号 “:”",
        "expected `,` or `]`" => "缺少逗号 “,” 或右方括号 “]”",
        "expected `,` or `}`" => "缺少逗号 “,” 或右花括号 “}”",
        "expected `\"`" => "缺少双引号",
        "expected ident" => "无法识别的词（true、false、null 须小写）",
        "trailing comma" => "最后一项后面多了逗号",
        "invalid escape" => "文本中有无效的转义符 “\\”",
        "invalid number" => "无效的数字",
        "number out of range" => "数字超出范围",
        "invalid unicode code point" | "lone leading surrogate in hex escape" | "unexpected end of hex escape" => {
            "文本中有无效的 \\u 转义"
        }
        "control character (\\u0000-\\u001F) found while parsing a string" => "文本中有换行符或其他控制字符",
        other => return other.to_string(),
    };
    zh.to_string()
}

fn type_zh(name: &str) -> &str {
    match name {
        "an object" => "对象",
        "an array" => "数组",
        "a string" => "文本",
        "a number" => "数字",
        "a boolean" => "true/false",
        "null" => "空值 null",
        "a decimal (string or number)" => "数字（文本或数值）",
        "a whole number" => "整数",
        other => other,
    }
}

fn shorten(text: &str) -> String {
    if text.chars().count() <= 40 {
        text.to_string()
    } else {
        format!("{}…（共 {} 个字符）", text.chars().take(32).collect::<String>(), text.chars().count())
    }
}

/// A size in bytes to one decimal place, in integers: float formatting would bring its tables
/// into the first download for this one message. Ties round to even, as `{:.1}` of the f64 would.
pub fn human_size(bytes: usize) -> String {
    let tenths = |unit: u128| {
        let scaled = bytes as u128 * 10;
        let (whole, rest) = (scaled / unit, scaled % unit);
        let up = 2 * rest > unit || (2 * rest == unit && whole % 2 == 1);
        let tenths = whole + u128::from(up);
        format!("{}.{}", tenths / 10, tenths % 10)
    };
    if bytes >= 1024 * 1024 {
        format!("{} MB", tenths(1024 * 1024))
    } else if bytes >= 1024 {
        format!("{} KB", tenths(1024))
    } else {
        format!("{bytes} B")
    }
}

impl LoadError {
    fn one(problem: Problem) -> LoadError {
        LoadError { problems: vec![problem] }
    }

    /// A file refused for its size before it is read at all.
    pub fn too_large(bytes: usize) -> LoadError {
        LoadError::one(Problem::at("", ProblemKind::TooLarge { bytes, limit: MAX_FILE_BYTES }))
    }

    pub fn messages(&self, lang: Lang) -> Vec<String> {
        self.problems.iter().map(|p| p.message(lang)).collect()
    }
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.messages(Lang::Zh).join("\n"))
    }
}

/// Reads a file's bytes. Accepts UTF-8 with or without a BOM, and UTF-16 with a BOM (as some Windows
/// editors save it).
pub fn load(bytes: &[u8]) -> Result<Evaluation, LoadError> {
    let text = decode(bytes)?;
    load_str(&text)
}

pub fn decode(bytes: &[u8]) -> Result<String, LoadError> {
    let whole = |kind| LoadError::one(Problem::at("", kind));
    if bytes.len() > MAX_FILE_BYTES {
        return Err(whole(ProblemKind::TooLarge { bytes: bytes.len(), limit: MAX_FILE_BYTES }));
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
        return Err(LoadError::one(Problem::at(
            "",
            ProblemKind::TooLarge { bytes: text.len(), limit: MAX_FILE_BYTES },
        )));
    }
    if text.trim().is_empty() {
        return Err(LoadError::one(Problem::at("", ProblemKind::Empty)));
    }
    let value: Value = serde_json::from_str(text).map_err(|e| LoadError::one(syntax_problem(&e)))?;
    let value = migrate::to_current(value)?;
    let repeated = duplicate_keys(text);
    match read_evaluation(&value) {
        Ok(evaluation) if repeated.is_empty() => Ok(evaluation),
        Ok(_) => Err(LoadError { problems: repeated }),
        Err(error) => Err(LoadError { problems: repeated.into_iter().chain(error.problems).collect() }),
    }
}

/// Keys that an object of the (valid) JSON `text` repeats, each at its path. serde_json keeps the
/// last value of a repeated key, so the first would be lost without a word on the next save.
/// One pass over the text with an explicit stack: no recursion, whatever the nesting.
fn duplicate_keys(text: &str) -> Vec<Problem> {
    // Keys borrow the text (decoded only when they hold an escape), and a path is written out only
    // for a key that repeats: at 2,000 indicators this pass used to cost as much as the parse.
    enum Frame<'t> {
        Object { keys: std::collections::HashSet<Cow<'t, str>>, key: Option<Cow<'t, str>>, expect_key: bool },
        Array { index: usize },
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
            b'{' => frames.push(Frame::Object { keys: Default::default(), key: None, expect_key: true }),
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
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
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

fn syntax_problem(error: &serde_json::Error) -> Problem {
    let detail = error.to_string();
    let category = if error.is_eof() {
        SyntaxCategory::Truncated
    } else if detail.contains("recursion limit") {
        SyntaxCategory::TooDeep
    } else if detail.contains("trailing characters") {
        SyntaxCategory::TrailingText
    } else {
        SyntaxCategory::Other
    };
    // serde_json appends " at line L column C"; the position is shown on its own.
    let detail = detail.split(" at line ").next().unwrap_or_default().to_string();
    Problem {
        path: String::new(),
        // serde_json counts a line's columns from 0 right after a line break; people count from 1.
        position: Some((error.line(), error.column().max(1))),
        kind: ProblemKind::Syntax { category, detail },
    }
}

pub(super) fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Collects problems while reading; every reader method returns `None` after recording why.
struct Reader {
    problems: Vec<Problem>,
    /// id → the path where it was first seen: ids are one namespace across nodes and indicators.
    ids: HashMap<String, String>,
}

/// One JSON object being read: remembers which keys were read, so the rest are reported as unknown.
struct Obj<'v> {
    map: &'v Map<String, Value>,
    path: String,
    known: Vec<&'static str>,
}

impl Reader {
    fn problem(&mut self, path: &str, kind: ProblemKind) {
        self.problems.push(Problem::at(path, kind));
    }

    fn object<'v>(&mut self, value: &'v Value, path: String) -> Option<Obj<'v>> {
        match value {
            Value::Object(map) => Some(Obj { map, path, known: Vec::new() }),
            other => {
                self.problem(&path, ProblemKind::WrongType { expected: "an object", found: json_type(other) });
                None
            }
        }
    }

    fn finish(&mut self, obj: Obj<'_>) {
        for key in obj.map.keys() {
            if !obj.known.contains(&key.as_str()) {
                let path = join(&obj.path, key);
                self.problem(&path, ProblemKind::UnknownField { field: key.clone() });
            }
        }
    }

    fn string(&mut self, value: &Value, path: &str) -> Option<String> {
        match value {
            Value::String(s) => Some(s.clone()),
            other => {
                self.problem(path, ProblemKind::WrongType { expected: "a string", found: json_type(other) });
                None
            }
        }
    }

    fn decimal(&mut self, value: &Value, path: &str) -> Option<Decimal> {
        let text = match value {
            Value::String(s) => s.trim(),
            // With serde_json's arbitrary_precision the number keeps the text it was written with.
            Value::Number(n) => n.as_str(),
            other => {
                self.problem(
                    path,
                    ProblemKind::WrongType { expected: "a decimal (string or number)", found: json_type(other) },
                );
                return None;
            }
        };
        match parse_decimal_text(text) {
            Ok(d) => Some(d),
            Err(DecimalTextError::Invalid) => {
                self.problem(path, ProblemKind::NotANumber { text: text.to_string() });
                None
            }
            Err(DecimalTextError::TooLarge) => {
                self.problem(path, ProblemKind::NumberTooLarge { text: text.to_string() });
                None
            }
        }
    }

    fn integer(&mut self, value: &Value, path: &str) -> Option<u64> {
        self.whole_number(value, path, serde_json::Number::as_u64)
    }

    /// A year: a whole number that fits an i32 (negative allowed, so what saves also loads).
    fn year(&mut self, value: &Value, path: &str) -> Option<i32> {
        self.whole_number(value, path, |n| n.as_i64().and_then(|y| i32::try_from(y).ok()))
    }

    fn whole_number<T>(
        &mut self,
        value: &Value,
        path: &str,
        fit: impl Fn(&serde_json::Number) -> Option<T>,
    ) -> Option<T> {
        match value {
            Value::Number(n) => {
                let fitted = fit(n);
                if fitted.is_none() {
                    self.problem(path, ProblemKind::NotAnInteger { text: n.to_string() });
                }
                fitted
            }
            other => {
                self.problem(path, ProblemKind::WrongType { expected: "a whole number", found: json_type(other) });
                None
            }
        }
    }

    fn boolean(&mut self, value: &Value, path: &str) -> Option<bool> {
        match value {
            Value::Bool(b) => Some(*b),
            other => {
                self.problem(path, ProblemKind::WrongType { expected: "a boolean", found: json_type(other) });
                None
            }
        }
    }

    fn array<'v>(&mut self, value: &'v Value, path: &str) -> Option<&'v [Value]> {
        match value {
            Value::Array(items) => Some(items),
            other => {
                self.problem(path, ProblemKind::WrongType { expected: "an array", found: json_type(other) });
                None
            }
        }
    }

    fn choice<T>(
        &mut self,
        value: &Value,
        path: &str,
        parse: fn(&str) -> Option<T>,
        allowed: &'static [&'static str],
    ) -> Option<T> {
        let text = self.string(value, path)?;
        let parsed = parse(&text);
        if parsed.is_none() {
            self.problem(path, ProblemKind::BadChoice { found: text, allowed });
        }
        parsed
    }

    fn id(&mut self, value: Option<String>, path: &str) -> Option<String> {
        let id = value?;
        if id.trim().is_empty() {
            self.problem(path, ProblemKind::EmptyId);
            return None;
        }
        if let Some(first) = self.ids.get(&id) {
            let first = first.clone();
            self.problem(path, ProblemKind::DuplicateId { id, first });
            return None;
        }
        self.ids.insert(id.clone(), path.to_string());
        Some(id)
    }
}

/// `path.key`. Every field read builds its path (a problem may need it), so no `format!` here: at
/// 2,000 indicators the formatting machinery was a third of reading the file.
fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        return key.to_string();
    }
    let mut joined = String::with_capacity(path.len() + 1 + key.len());
    joined.push_str(path);
    joined.push('.');
    joined.push_str(key);
    joined
}

/// `path[index]`, likewise without `format!`.
fn indexed(path: &str, index: usize) -> String {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = index;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let mut joined = String::with_capacity(path.len() + 2 + digits.len() - at);
    joined.push_str(path);
    joined.push('[');
    joined.extend(digits[at..].iter().map(|&d| char::from(d)));
    joined.push(']');
    joined
}

impl<'v> Obj<'v> {
    /// Marks `key` as known and returns its value, if present and not null.
    fn get(&mut self, key: &'static str) -> Option<(&'v Value, String)> {
        self.known.push(key);
        let map: &'v Map<String, Value> = self.map;
        map.get(key).filter(|v| !v.is_null()).map(|v| (v, join(&self.path, key)))
    }

    fn require(&mut self, reader: &mut Reader, key: &'static str) -> Option<(&'v Value, String)> {
        let found = self.get(key);
        if found.is_none() {
            reader.problem(&self.path.clone(), ProblemKind::MissingField { field: key });
        }
        found
    }

    fn req_string(&mut self, r: &mut Reader, key: &'static str) -> Option<String> {
        let (v, p) = self.require(r, key)?;
        r.string(v, &p)
    }

    /// An optional text field: absent is empty.
    fn text(&mut self, r: &mut Reader, key: &'static str) -> String {
        self.get(key).and_then(|(v, p)| r.string(v, &p)).unwrap_or_default()
    }

    fn req_decimal(&mut self, r: &mut Reader, key: &'static str) -> Option<Decimal> {
        let (v, p) = self.require(r, key)?;
        r.decimal(v, &p)
    }

    /// Absent is `Ok(None)`; present but unreadable is `Err(())` (the problem is recorded).
    fn opt_decimal(&mut self, r: &mut Reader, key: &'static str) -> Result<Option<Decimal>, ()> {
        match self.get(key) {
            None => Ok(None),
            Some((v, p)) => r.decimal(v, &p).map(Some).ok_or(()),
        }
    }

    fn opt_bool(&mut self, r: &mut Reader, key: &'static str) -> Result<Option<bool>, ()> {
        match self.get(key) {
            None => Ok(None),
            Some((v, p)) => r.boolean(v, &p).map(Some).ok_or(()),
        }
    }
}

const DIRECTIONS: &[&str] = &["at_least", "at_most", "exactly", "qualitative"];
const LEVELS: &[&str] = &["achieved", "partial", "not_achieved"];
const RULE_KINDS: &[&str] = &["rate", "monthly_execution", "indicators", "bands", "pass_fail", "deduction", "manual"];
const AT_MOST_SCORINGS: &[&str] = &["proportional", "linear"];
const EDIT_KINDS: &[&str] = &[
    "actual",
    "target",
    "reason",
    "not_applicable",
    "rate",
    "month_rate",
    "band_input",
    "passed",
    "deduction_value",
    "manual_score",
    "manual_reason",
    "reported",
];

fn read_evaluation(value: &Value) -> Result<Evaluation, LoadError> {
    let mut r = Reader { problems: Vec::new(), ids: HashMap::new() };
    // `migrate` has already checked the object, the marker and the version.
    let mut top = r.object(value, String::new()).ok_or_else(|| LoadError { problems: r.problems.clone() })?;
    top.get("format");
    top.get("version");
    let meta = top.require(&mut r, "meta").and_then(|(v, p)| read_meta(&mut r, v, p));
    let root = top.require(&mut r, "root").and_then(|(v, p)| read_node(&mut r, v, p));
    let scenarios = match top.get("scenarios") {
        None => Some(Vec::new()),
        Some((v, p)) => read_list(&mut r, v, &p, read_scenario),
    };
    r.finish(top);
    match (meta, root, scenarios, r.problems.is_empty()) {
        (Some(meta), Some(root), Some(scenarios), true) => Ok(Evaluation { meta, root, scenarios }),
        _ => Err(LoadError { problems: r.problems }),
    }
}

fn read_meta(r: &mut Reader, value: &Value, path: String) -> Option<Meta> {
    let mut o = r.object(value, path)?;
    let defaults = Meta::default();
    let title = o.text(r, "title");
    let department = o.text(r, "department");
    let year = match o.get("year") {
        None => Some(None),
        Some((v, p)) => r.year(v, &p).map(Some),
    };
    let notes = o.text(r, "notes");
    let display_decimals = match o.get("display_decimals") {
        None => Some(defaults.display_decimals),
        Some((v, p)) => r.integer(v, &p).and_then(|d| match u32::try_from(d) {
            Ok(d) => Some(d),
            _ => {
                r.problem(&p, ProblemKind::NotAnInteger { text: d.to_string() });
                None
            }
        }),
    };
    let grade_bands = match o.get("grade_bands") {
        None => Some(defaults.grade_bands),
        Some((v, p)) => read_list(r, v, &p, |r, v, p| {
            let mut b = r.object(v, p)?;
            let grade = b.req_string(r, "grade");
            let min = b.req_decimal(r, "min");
            r.finish(b);
            Some(GradeBand { grade: grade?, min: min? })
        }),
    };
    let total_caps = match o.get("total_caps") {
        None => Some(None),
        Some((v, p)) => (|| {
            let mut c = r.object(v, p)?;
            let rate_node = c.req_string(r, "rate_node");
            let caps = c.require(r, "caps").and_then(|(v, p)| {
                read_list(r, v, &p, |r, v, p| {
                    let mut cap = r.object(v, p)?;
                    let below = cap.req_decimal(r, "below");
                    let value = cap.req_decimal(r, "cap");
                    r.finish(cap);
                    Some(TotalCap { below: below?, cap: value? })
                })
            });
            r.finish(c);
            Some(Some(TotalCaps { rate_node: rate_node?, caps: caps? }))
        })(),
    };
    r.finish(o);
    Some(Meta {
        title,
        department,
        year: year?,
        notes,
        display_decimals: display_decimals?,
        grade_bands: grade_bands?,
        total_caps: total_caps?,
    })
}

/// Reads every element (so every element's problems are reported) and succeeds only if all did.
fn read_list<T>(
    r: &mut Reader,
    value: &Value,
    path: &str,
    mut read: impl FnMut(&mut Reader, &Value, String) -> Option<T>,
) -> Option<Vec<T>> {
    let items = r.array(value, path)?;
    let read_items: Vec<Option<T>> = items.iter().enumerate().map(|(i, v)| read(r, v, indexed(path, i))).collect();
    read_items.into_iter().collect()
}

fn read_node(r: &mut Reader, value: &Value, path: String) -> Option<Node> {
    let mut o = r.object(value, path.clone())?;
    let id = o.req_string(r, "id");
    let id = r.id(id, &join(&path, "id"));
    let name = o.req_string(r, "name");
    let points = o.req_decimal(r, "points");
    let reported = o.opt_decimal(r, "reported");
    let note = o.text(r, "note");
    let children = o.get("children");
    let rule = o.get("rule");
    let body = match (children, rule) {
        (Some(_), Some(_)) => {
            r.problem(&path, ProblemKind::ChildrenAndRule);
            None
        }
        (None, None) => {
            r.problem(&path, ProblemKind::NeitherChildrenNorRule);
            None
        }
        (Some((v, p)), None) => read_list(r, v, &p, read_node).map(NodeBody::Group),
        (None, Some((v, p))) => read_rule(r, v, p).map(NodeBody::Leaf),
    };
    r.finish(o);
    Some(Node { id: id?, name: name?, points: points?, reported: reported.ok()?, note, body: body? })
}

fn read_rule(r: &mut Reader, value: &Value, path: String) -> Option<Rule> {
    let mut o = r.object(value, path)?;
    let kind = o.require(r, "kind").and_then(|(v, p)| r.choice(v, &p, RuleKind::parse, RULE_KINDS));
    let Some(kind) = kind else {
        // Without a kind the other keys mean nothing: do not report them as unknown too.
        return None;
    };
    let rule = match kind {
        RuleKind::Rate => {
            let rate = o.opt_decimal(r, "rate");
            Some(Rule::Rate { rate: rate.ok()? })
        }
        RuleKind::MonthlyExecution => {
            let months = o.require(r, "months").and_then(|(v, p)| {
                read_list(r, v, &p, |r, v, p| {
                    let mut m = r.object(v, p)?;
                    let month = m.req_string(r, "month");
                    let rate = m.opt_decimal(r, "rate");
                    let schedule = m.req_decimal(r, "schedule");
                    r.finish(m);
                    Some(Month { month: month?, rate: rate.ok()?, schedule: schedule? })
                })
            });
            Some(Rule::MonthlyExecution { months: months? })
        }
        RuleKind::Indicators => {
            let at_most_scoring = match o.get("at_most_scoring") {
                None => Some(AtMostScoring::default()),
                Some((v, p)) => r.choice(v, &p, AtMostScoring::parse, AT_MOST_SCORINGS),
            };
            let qualitative_bands = match o.get("qualitative_bands") {
                None => Some(None),
                Some((v, p)) => read_qualitative_bands(r, v, p).map(Some),
            };
            let indicators = o
                .require(r, "indicators")
                .and_then(|(v, p)| read_list(r, v, &p, |r, v, p| read_indicator(r, v, p).map(Rc::new)));
            Some(Rule::Indicators {
                at_most_scoring: at_most_scoring?,
                qualitative_bands: qualitative_bands?,
                indicators: indicators?,
            })
        }
        RuleKind::Bands => {
            let input = o.opt_decimal(r, "input");
            let unit = o.text(r, "unit");
            let bands = o.require(r, "bands").and_then(|(v, p)| {
                read_list(r, v, &p, |r, v, p| {
                    let mut b = r.object(v, p)?;
                    let min = b.req_decimal(r, "min");
                    let score = b.req_decimal(r, "score");
                    r.finish(b);
                    Some(Band { min: min?, score: score? })
                })
            });
            Some(Rule::Bands { input: input.ok()?, unit, bands: bands? })
        }
        RuleKind::PassFail => {
            let passed = o.opt_bool(r, "passed");
            Some(Rule::PassFail { passed: passed.ok()? })
        }
        RuleKind::Deduction => {
            let value = o.opt_decimal(r, "value");
            let limit = o.opt_decimal(r, "limit");
            let per_unit = o.req_decimal(r, "per_unit");
            Some(Rule::Deduction { value: value.ok()?, limit: limit.ok()?.unwrap_or_default(), per_unit: per_unit? })
        }
        RuleKind::Manual => {
            let score = o.opt_decimal(r, "score");
            let reason = o.text(r, "reason");
            Some(Rule::Manual { score: score.ok()?, reason })
        }
    };
    r.finish(o);
    rule
}

fn read_qualitative_bands(r: &mut Reader, value: &Value, path: String) -> Option<QualitativeBands> {
    let mut o = r.object(value, path)?;
    let mut band = |o: &mut Obj<'_>, key: &'static str| {
        let (v, p) = o.require(r, key)?;
        let mut b = r.object(v, p)?;
        let min = b.req_decimal(r, "min");
        let max = b.req_decimal(r, "max");
        let default = b.req_decimal(r, "default");
        r.finish(b);
        Some(LevelBand { min: min?, max: max?, default: default? })
    };
    let achieved = band(&mut o, "achieved");
    let partial = band(&mut o, "partial");
    let not_achieved = band(&mut o, "not_achieved");
    r.finish(o);
    Some(QualitativeBands { achieved: achieved?, partial: partial?, not_achieved: not_achieved? })
}

fn read_indicator(r: &mut Reader, value: &Value, path: String) -> Option<Indicator> {
    let mut o = r.object(value, path.clone())?;
    let id = o.req_string(r, "id");
    let id = r.id(id, &join(&path, "id"));
    let category = o.text(r, "category");
    let name = o.req_string(r, "name");
    let explanation = o.text(r, "explanation");
    let direction = o.require(r, "direction").and_then(|(v, p)| r.choice(v, &p, Direction::parse, DIRECTIONS));
    let target = o.opt_decimal(r, "target");
    let target_text = o.text(r, "target_text");
    let unit = o.text(r, "unit");
    let actual = match o.get("actual") {
        None => Some(None),
        Some((v, p)) => read_actual(r, v, p).map(Some),
    };
    let actual_text = o.text(r, "actual_text");
    let deviation_reason = o.text(r, "deviation_reason");
    let weight = o.opt_decimal(r, "weight");
    let not_applicable = o.opt_bool(r, "not_applicable");
    r.finish(o);
    Some(Indicator {
        id: id?,
        category,
        name: name?,
        explanation,
        direction: direction?,
        target: target.ok()?,
        target_text,
        unit,
        actual: actual?,
        actual_text,
        deviation_reason,
        weight: weight.ok()?,
        not_applicable: not_applicable.ok()?.unwrap_or(false),
    })
}

fn read_scenario(r: &mut Reader, value: &Value, path: String) -> Option<Scenario> {
    let mut o = r.object(value, path)?;
    let name = o.req_string(r, "name");
    let changes = o.require(r, "changes").and_then(|(v, p)| read_list(r, v, &p, read_edit));
    r.finish(o);
    Some(Scenario { name: name?, changes: changes? })
}

fn edit_kind(text: &str) -> Option<&'static str> {
    EDIT_KINDS.iter().find(|k| **k == text).copied()
}

/// One change of a scenario: `{"set": "actual", "indicator": "dept-07", "value": "20"}` and the like.
fn read_edit(r: &mut Reader, value: &Value, path: String) -> Option<Edit> {
    let mut o = r.object(value, path)?;
    let kind = o.require(r, "set").and_then(|(v, p)| r.choice(v, &p, edit_kind, EDIT_KINDS))?;
    let owner_key =
        if matches!(kind, "actual" | "target" | "reason" | "not_applicable") { "indicator" } else { "node" };
    let owner = o.req_string(r, owner_key);
    let edit = match kind {
        "actual" => {
            let value = match o.get("value") {
                None => Some(None),
                Some((v, p)) => read_actual(r, v, p).map(Some),
            };
            owner.zip(value).map(|(indicator, value)| Edit::Actual { indicator, value })
        }
        "reason" | "manual_reason" => {
            let text = o.text(r, "text");
            owner.map(|owner| match kind {
                "reason" => Edit::Reason { indicator: owner, text },
                _ => Edit::ManualReason { node: owner, text },
            })
        }
        "not_applicable" => {
            let value = o.require(r, "value").and_then(|(v, p)| r.boolean(v, &p));
            owner.zip(value).map(|(indicator, value)| Edit::NotApplicable { indicator, value })
        }
        "passed" => {
            let value = o.opt_bool(r, "value").ok();
            owner.zip(value).map(|(node, value)| Edit::Passed { node, value })
        }
        "month_rate" => {
            let month = o.require(r, "month").and_then(|(v, p)| r.integer(v, &p)).and_then(|m| usize::try_from(m).ok());
            let value = o.opt_decimal(r, "value").ok();
            match (owner, month, value) {
                (Some(node), Some(month), Some(value)) => Some(Edit::MonthRate { node, month, value }),
                _ => None,
            }
        }
        decimal_kind => {
            let value = o.opt_decimal(r, "value").ok();
            owner.zip(value).map(|(owner, value)| match decimal_kind {
                "target" => Edit::Target { indicator: owner, value },
                "rate" => Edit::Rate { node: owner, value },
                "band_input" => Edit::BandInput { node: owner, value },
                "deduction_value" => Edit::DeductionValue { node: owner, value },
                "manual_score" => Edit::ManualScore { node: owner, value },
                _ => Edit::Reported { node: owner, value },
            })
        }
    };
    r.finish(o);
    edit
}

/// An indicator's actual: a decimal, or `{"level": …, "percent": …}` for a qualitative indicator.
fn read_actual(r: &mut Reader, value: &Value, path: String) -> Option<Actual> {
    if !value.is_object() {
        return r.decimal(value, &path).map(Actual::Number);
    }
    let mut a = r.object(value, path)?;
    let level = a.require(r, "level").and_then(|(v, p)| r.choice(v, &p, Level::parse, LEVELS));
    let percent = a.opt_decimal(r, "percent");
    r.finish(a);
    Some(Actual::Level { level: level?, percent: percent.ok()? })
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

    #[test]
    fn a_file_just_over_the_limit_is_said_to_be_over_it_not_the_same_size() {
        let over = |bytes: usize, lang| LoadError::too_large(bytes).problems[0].message(lang);
        assert!(over(MAX_FILE_BYTES + 1, Lang::En).contains("The file is over the 16.0 MB limit"));
        assert!(over(MAX_FILE_BYTES + 1, Lang::Zh).contains("文件超过 16.0 MB 的上限"));
        assert!(over(50 * 1024 * 1024, Lang::En).contains("The file is 50.0 MB, over the 16.0 MB limit"));
    }

    /// The integer formatting says what `{:.1}` of the f64 said, ties included (1.25 MB → "1.2").
    #[test]
    fn sizes_read_as_float_formatting_would_have_them() {
        let by_float = |bytes: usize| {
            if bytes >= 1024 * 1024 {
                format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
            } else if bytes >= 1024 {
                format!("{:.1} KB", bytes as f64 / 1024.0)
            } else {
                format!("{bytes} B")
            }
        };
        let cases = [0, 1, 1023, 1024, 1075, 1076, 1126, 1127, 1280, 1331, 1332, 52_428, 1_048_575, 1_048_576];
        let cases =
            cases.into_iter().chain([1_310_720, 1_363_148, 1_415_577, MAX_FILE_BYTES, MAX_FILE_BYTES + 1, usize::MAX]);
        for bytes in cases.chain((0..4000).map(|i| i * 263 + 1_048_000)) {
            assert_eq!(human_size(bytes), by_float(bytes), "{bytes} bytes");
        }
        assert_eq!(human_size(1_310_720), "1.2 MB", "1.25 MB exactly: a tie, to even");
    }

    /// Each syntax error a hand-edited file can have reads in Chinese, not in serde_json's English.
    #[test]
    fn syntax_errors_are_described_in_chinese() {
        let cases = [
            (r#"{"format": }"#, "此处应是一个值"),
            (r#"{format: 1}"#, "键名必须是带双引号的文本"),
            (r#"{"format" 1}"#, "缺少冒号"),
            (r#"[1 2]"#, "右方括号"),
            (r#"{"a": 1 "b": 2}"#, "右花括号"),
            (r#"{"a": tru}"#, "true、false、null"),
            (r#"{"a": 1,}"#, "多了逗号"),
            (r#"{"a": "\x"}"#, "转义符"),
            (r#"{"a": -}"#, "无效的数字"),
            ("{\"a\": \"line\nbreak\"}", "控制字符"),
            (r#"{"a": "\ud800"}"#, "\\u 转义"),
        ];
        for (text, expected) in cases {
            let message = load_str(text).unwrap_err().messages(Lang::Zh).join(" ");
            assert!(message.contains(expected), "{text}: {message}");
            assert!(
                !message.chars().any(|c| c.is_ascii_lowercase() && !"jsonturefal".contains(c)),
                "{text}: {message}"
            );
        }
    }

    #[test]
    fn paths_are_joined_and_indexed() {
        assert_eq!(join("", "root"), "root");
        assert_eq!(join("root", "id"), "root.id");
        assert_eq!(indexed("root.children", 0), "root.children[0]");
        assert_eq!(indexed("list", 1234567), "list[1234567]");
        assert_eq!(indexed("", usize::MAX), format!("[{}]", usize::MAX));
    }
}
