//! What is wrong with a file that did not load: each problem with its place (in words, from
//! `super::place`, with the JSON path kept as a secondary detail; or a line and column for syntax),
//! and its message in both languages. Loading and migration both report in
//! these terms; neither depends on the other for them.

use serde_json::Value;

use super::place::{place, Place};
use super::{CURRENT_VERSION, FORMAT_MARKER, MAX_FILE_BYTES};
use crate::domain::Lang;

/// Why a file was refused: every problem found, in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    pub problems: Vec<Problem>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Where in the file, as a JSON path (`root.children[0].points`); empty for the file as a whole.
    /// Shown after the message for those who edit files by hand.
    pub path: String,
    /// Line and column (1-based) for syntax errors.
    pub position: Option<(usize, usize)>,
    pub kind: ProblemKind,
    /// The path in words (`项目“执行率”的分值`), once resolved against the file's tree
    /// (`LoadError::locate`); without it the message names the path itself.
    pub place: Option<Place>,
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
        /// The names accepted, as the type they name defines them.
        allowed: Vec<&'static str>,
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
    /// A table saved as text (`csv`, `tsv`, `txt`), not an evaluation file: which can be opened instead.
    TextTable {
        extension: String,
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
    pub(super) fn at(path: &str, kind: ProblemKind) -> Problem {
        Problem { path: path.to_string(), position: None, kind, place: None }
    }

    /// Resolves the path against `tree`, the parsed file, into words for the message.
    pub fn locate(&mut self, tree: &Value) {
        if self.position.is_none() && !self.path.is_empty() {
            // An unknown or repeated field, or an id, is named by the message: the place is its object.
            let container = matches!(
                self.kind,
                ProblemKind::UnknownField { .. }
                    | ProblemKind::DuplicateKey { .. }
                    | ProblemKind::DuplicateId { .. }
                    | ProblemKind::EmptyId
            );
            self.place = Some(place(&self.path, tree, container));
        }
    }

    /// The JSON path as a secondary detail, for a message that says its place in words (one that
    /// does not, begins with the path itself).
    pub fn path_detail(&self) -> Option<&str> {
        self.place.as_ref().filter(|_| !self.path.is_empty()).map(|_| self.path.as_str())
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
            ProblemKind::TextTable { .. } => "text_table",
        }
    }

    /// "项目“执行率”的分值：“abc”不是数字" — the place first, in words, then what is wrong (and, as
    /// the kinds word it, what to do). The JSON path is `path_detail`, shown apart. A problem not
    /// located (`locate`) names its path instead: "root.children[0].points：“abc”不是数字".
    pub fn message(&self, lang: Lang) -> String {
        let place = match (self.position, &self.place, self.path.is_empty()) {
            (Some((line, column)), _, _) => {
                lang.pick(format!("第 {line} 行第 {column} 列："), format!("line {line}, column {column}: "))
            }
            (None, Some(place), _) if !place.is_empty() => {
                lang.pick(format!("{}：", place.zh), format!("{}: ", place.en))
            }
            (None, Some(_), _) | (None, None, true) => String::new(),
            (None, None, false) => lang.pick(format!("{}：", self.path), format!("{}: ", self.path)),
        };
        place + &self.describe(lang)
    }

    fn describe(&self, lang: Lang) -> String {
        match &self.kind {
            ProblemKind::Empty => lang.pick("文件是空的".into(), "The file is empty".into()),
            ProblemKind::TextTable { extension } => {
                let kind = match extension.as_str() {
                    "txt" => lang.pick("文本文件（.txt）", "A text file (.txt)"),
                    other => lang.pick(if other == "tsv" { "TSV 表格" } else { "CSV 表格" }, if other == "tsv" { "A TSV table" } else { "A CSV table" }),
                };
                lang.pick(
                    format!("{kind}不能在这里打开（导出的 CSV 只供查看和汇总）：请打开保存的 .json 文件，或 .xlsx 工作簿"),
                    format!("{kind} cannot be opened here (an exported CSV is for reading and summing only): open the saved .json file, or an .xlsx workbook"),
                )
            }
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
                format!("此文件由更新版本的计算器保存（格式版本 {found}），本程序只能打开版本 {} 及以前的文件，请更新计算器", CURRENT_VERSION),
                format!("This file was saved by a newer calculator (format version {found}); this one opens versions up to {}. Please update", CURRENT_VERSION),
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
    pub(super) fn one(problem: Problem) -> LoadError {
        LoadError { problems: vec![problem] }
    }

    /// One problem with the file as a whole (no path).
    pub(super) fn whole(kind: ProblemKind) -> LoadError {
        LoadError::one(Problem::at("", kind))
    }

    /// A file refused for its size before it is read at all.
    pub fn too_large(bytes: usize) -> LoadError {
        LoadError::whole(ProblemKind::TooLarge { bytes, limit: MAX_FILE_BYTES })
    }

    /// Resolves every problem's path against `tree`, the parsed file (`Problem::locate`).
    pub fn locate(&mut self, tree: &Value) {
        for problem in &mut self.problems {
            problem.locate(tree);
        }
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

pub(super) fn syntax_problem(error: &serde_json::Error) -> Problem {
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
        place: None,
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

/// `path.key`. Every field read builds its path (a problem may need it), so no `format!` here: at
/// 2,000 indicators the formatting machinery was a third of reading the file.
pub(super) fn join(path: &str, key: &str) -> String {
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
pub(super) fn indexed(path: &str, index: usize) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

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
            let message = super::super::load_str(text).unwrap_err().messages(Lang::Zh).join(" ");
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
