//! Targets and actuals as people write them in a 项目支出绩效自评表: a sign and a unit around a number
//! (`≥3.3 万人`, `95%以上`, `不超过10天`), a level in words (`达成年度指标`, `较好`), a deadline (`12月底前`,
//! `按时完成`), a date (`2023年11月20日`), `/` for a row that does not apply, or a placeholder left in.
//! The file keeps each cell as written beside what was read from it, so reading never rewrites a cell:
//! what cannot be read is `Unreadable`, with a hint that says how to write it. Pure, and never panics.

use rust_decimal::Decimal;

use super::num::{is_digit, parse_number, ParseError};
use super::{Direction, Lang, Level};

/// What a target cell says, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WrittenTarget {
    /// The sign written with the number (`≥`, `以上`, `不超过`…); None when there is none. A deadline
    /// carries none: `6月30日前` is a `Deadline`, met on or before its date.
    pub sign: Option<Direction>,
    pub value: Written,
    /// The unit after the number, as written and trimmed (`万人`, `%`, `％`); empty for anything else.
    pub unit: String,
}

/// What a cell says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Written {
    /// `95`, `95%`, `4.94 万人`, `１２３`, `1,200`: the unit is split off.
    Number(Decimal),
    /// Qualitative wording: `达成年度指标`, `较好`, `基本完成`, `未达成`…
    Level(Level),
    /// A time target: `12月底前`, `2023年6月30日前`, `年底前`, `按时完成`. Targets only.
    Deadline(Deadline),
    /// A date: `2023年11月20日`, `2023-11-20`, `11月20日`, `2023年11月`. Actuals only (a date in a
    /// target is the deadline it sets).
    Date(Date),
    /// `按时完成`, `如期完成`, `及时` (true); `未按时完成`, `延期`, `逾期` (false). In a target only the
    /// negative words stay this: the positive ones are `Deadline::OnTime`.
    OnTime(bool),
    /// `/`, `／`, `不适用`, `不涉及`, `无`, `N/A`: the row does not apply.
    NotApplicable,
    /// Blank or whitespace: not filled yet.
    Empty,
    Unreadable(Unreadable),
}

/// A calendar date as written: the year may be left out (the evaluation's), the day too (the end of
/// the month: `12月底`, `2023年11月`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Date {
    pub year: Option<i32>,
    pub month: u32,
    pub day: Option<u32>,
}

impl Date {
    /// A month that exists and a day within it (29 February in a year not given).
    pub fn is_valid(&self) -> bool {
        (1..=12).contains(&self.month)
            && self.day.is_none_or(|day| day >= 1 && day <= days_in_month(self.year, self.month))
    }

    /// The day it stands for when compared: its own, or the month's last.
    fn day_or_end(&self) -> u32 {
        self.day.unwrap_or_else(|| days_in_month(self.year, self.month))
    }
}

/// A time target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Deadline {
    /// On or before this date.
    By(Date),
    /// `按时完成`, `及时`: met when the actual says on time, or done (`已完成`).
    OnTime,
}

/// A cell that could not be read, as written (trimmed), and how to write it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreadable {
    pub text: String,
    pub hint: Hint,
}

impl Unreadable {
    /// The cell quoted, then the hint: `“90-95%”：请只填一个数值…`.
    pub fn message(&self, lang: Lang) -> String {
        format!("“{}”{}{}", self.text, lang.pick("：", ": "), self.hint.message(lang))
    }
}

/// Why a cell could not be read, each saying how to write it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Hint {
    /// A bound in an actual: `95%以上`, `≥90`, `不低于90%`.
    BoundInActual,
    /// A deadline in an actual: `6月30日前`, `年内`, `截至11月`.
    DeadlineInActual,
    /// Two numbers: `90-95%`, `3~5个`, `95%，98%`.
    TwoNumbers,
    /// A placeholder left in: `xx`, `*`, `——`, `待定`, `≥xx%` (see `is_placeholder`).
    Placeholder,
    /// A date that cannot be: `13月`, `2月30日`, `2023-11-31`.
    NoSuchDate,
    /// Words before or after the number: `约95%`, `95%左右`, `完成95%`, `3个已验收`.
    WordsAroundNumber,
    /// Signs before and after the number that disagree: `≥90%以下`.
    ConflictingSigns,
    /// Digits that are not a number as written: `1,2`, `1.2.3`.
    BadNumber,
    /// A number beyond what can be calculated with.
    TooLarge,
    /// None of the above: words that are no level, a sign with nothing after it.
    Unrecognized,
}

impl Hint {
    pub fn message(&self, lang: Lang) -> String {
        let (zh, en) = match self {
            Hint::BoundInActual => (
                "实际完成值是达到的数值，不带“以上”“≥”“不低于”等，如“96%”",
                "an actual is the value reached, without “以上”, “≥” or “不低于”: e.g. “96%”",
            ),
            Hint::DeadlineInActual => (
                "实际完成时间请填完成的日期，如“2023年11月20日”，不带“前”“截至”",
                "an actual time is the date it was done, e.g. “2023年11月20日”, without “前” or “截至”",
            ),
            Hint::TwoNumbers => (
                "请只填一个数值；区间请按考核口径取一个值",
                "write one number only; for a range, take the value the evaluation uses",
            ),
            Hint::Placeholder => (
                "占位符未替换：请填写数值、日期或达成程度；本项不适用请填“/”",
                "a placeholder is left in: write the number, date or level, or “/” if the row does not apply",
            ),
            Hint::NoSuchDate => (
                "没有这个日期：月份为 1–12，日不超过当月天数",
                "no such date: months run 1–12, days to the end of the month",
            ),
            Hint::WordsAroundNumber => (
                "请只填数值和单位，如“95%”“4.94 万人”；“约”“左右”等说明请写在偏差原因中",
                "write the number and its unit only (“95%”, “4.94 万人”); put “about” and other remarks in the reason",
            ),
            Hint::ConflictingSigns => (
                "数值前后的符号相互矛盾，请只写一个，如“≥90%”或“90%以上”",
                "the signs before and after the number disagree: write one, e.g. “≥90%” or “90%以上”",
            ),
            Hint::BadNumber => (
                "数字写法有误：小数点用“.”，千分位逗号每三位一个，如“1,200.5”",
                "the number is mistyped: a point for decimals, commas between groups of three (“1,200.5”)",
            ),
            Hint::TooLarge => ("数值过大，无法计算", "too large to calculate with"),
            Hint::Unrecognized => (
                "无法识别：请填写数值（可带单位，如“95%”）、日期（如“2023年6月30日前”），或达成程度（达成年度指标 / 部分达成年度指标并具有一定效果 / 未达成年度指标且效果较差）",
                "not understood: write a number (with its unit, e.g. “95%”), a date (e.g. “2023年6月30日前”) or a level (达成年度指标 / 部分达成年度指标并具有一定效果 / 未达成年度指标且效果较差)",
            ),
        };
        lang.pick(zh, en).to_string()
    }
}

/// Reads a target cell: its sign, its value (a number, level, deadline…) and its unit.
pub fn read_target(text: &str) -> WrittenTarget {
    read(text, Role::Target)
}

/// Reads an actual cell. An actual carries no sign: `95%以上` is `Unreadable` (`Hint::BoundInActual`);
/// `=100%` is read as 100. The unit is dropped: `read_actual_with_unit` keeps it.
pub fn read_actual(text: &str) -> Written {
    read_actual_with_unit(text).0
}

/// Reads an actual cell and the unit after its number (empty when there is none).
pub fn read_actual_with_unit(text: &str) -> (Written, String) {
    let read = read(text, Role::Actual);
    (read.value, read.unit)
}

/// A number typed with a unit that is not its row's: `12处` in a row in 公里, `850万` in one in 万元.
/// Nothing is converted; the cell is refused and this says why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OtherUnit {
    /// The cell as typed (trimmed).
    pub text: String,
    pub unit: String,
    /// The row's unit; empty when the row has none.
    pub row_unit: String,
}

impl OtherUnit {
    pub fn message(&self, lang: Lang) -> String {
        let OtherUnit { text, unit, row_unit } = self;
        if row_unit.is_empty() {
            lang.pick(
                format!("“{text}”的单位“{unit}”与本行不同：本行没有单位，请只填数值"),
                format!("“{text}” is in “{unit}”, but this row has no unit: write the number only"),
            )
        } else {
            lang.pick(
                format!("“{text}”的单位“{unit}”与本行的单位“{row_unit}”不同"),
                format!("“{text}” is in “{unit}”, not in this row's unit “{row_unit}”"),
            )
        }
    }
}

/// Whether an actual typed into a row in `row_unit` is a number in another unit (`OtherUnit`).
/// A unit matches when it is the row's (`％` and `%` alike); a number without one is the row's. One
/// Latin letter after the digits (`15x`) is a slip of the keyboard more likely than a unit.
pub fn other_unit(text: &str, row_unit: &str) -> Option<OtherUnit> {
    let (written, unit) = read_actual_with_unit(text);
    let same = |a: &str, b: &str| a.replace('％', "%") == b.replace('％', "%");
    let a_slip = unit.len() == 1 && unit.chars().all(|c| c.is_ascii_alphabetic());
    match written {
        Written::Number(_) if !unit.is_empty() && !a_slip && !same(&unit, row_unit) => {
            Some(OtherUnit { text: text.trim().to_string(), unit, row_unit: row_unit.to_string() })
        }
        _ => None,
    }
}

/// A placeholder left in a cell: `*`, `—`, `——`, `-`, `xx`, `XX`, `××`, `…`, `待定`, `待填`, also with a
/// sign or unit around it (`≥xx%`, `xx万人`).
pub fn is_placeholder(text: &str) -> bool {
    matches!(read_target(text).value, Written::Unreadable(Unreadable { hint: Hint::Placeholder, .. }))
}

/// Whether `actual` is on or before `deadline` (a date on the deadline is met). `year`, the
/// evaluation's, fills a year left out; a day left out is the end of its month. None when it cannot
/// be told: a year missing on one side only with no `year` to fill it, or a date that cannot be.
pub fn date_met(deadline: &Date, actual: &Date, year: Option<i32>) -> Option<bool> {
    let (deadline_year, actual_year) = match (deadline.year.or(year), actual.year.or(year)) {
        (Some(d), Some(a)) => (Some(d), Some(a)),
        // Both left out and nothing to fill them: the same year, whichever it is.
        (None, None) => (None, None),
        _ => return None,
    };
    let deadline = Date { year: deadline_year, ..*deadline };
    let actual = Date { year: actual_year, ..*actual };
    if !deadline.is_valid() || !actual.is_valid() {
        return None;
    }
    let key = |d: &Date| (d.year.unwrap_or(0), d.month, d.day_or_end());
    Some(key(&actual) <= key(&deadline))
}

/// Whether an actual meets a time target: a date against `Deadline::By` (`date_met`); `按时完成` /
/// `延期` against either; against `Deadline::OnTime`, done (`已完成`, a level achieved) is met and a
/// lower level is not. None when it cannot be told (a date against `按时完成`, `已完成` against a date).
pub fn deadline_met(deadline: &Deadline, actual: &Written, year: Option<i32>) -> Option<bool> {
    match (deadline, actual) {
        (_, Written::OnTime(on_time)) => Some(*on_time),
        (Deadline::By(by), Written::Date(date)) => date_met(by, date, year),
        (Deadline::OnTime, Written::Level(level)) => Some(*level == Level::Achieved),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------------
// reading

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Target,
    Actual,
}

fn read(text: &str, role: Role) -> WrittenTarget {
    let trimmed = text.trim();
    let cell = trimmed.trim_end_matches(['。', '；', ';']).trim_end();
    let unreadable = |hint| Written::Unreadable(Unreadable { text: trimmed.to_string(), hint });
    let plain = |value| WrittenTarget { sign: None, value, unit: String::new() };
    if cell.is_empty() {
        return plain(if trimmed.is_empty() { Written::Empty } else { unreadable(Hint::Unrecognized) });
    }
    let word = squash(cell);
    if PLACEHOLDER_WORDS.contains(&word.as_str()) || word.chars().all(is_placeholder_mark) {
        return plain(unreadable(Hint::Placeholder));
    }
    if NOT_APPLICABLE.contains(&word.as_str()) {
        return plain(Written::NotApplicable);
    }
    if let Some((_, level)) = LEVEL_WORDS.iter().find(|(w, _)| *w == word) {
        return plain(Written::Level(*level));
    }
    if let Some((_, on_time)) = TIME_WORDS.iter().find(|(w, _)| *w == word) {
        return plain(match (role, on_time) {
            (Role::Target, true) => Written::Deadline(Deadline::OnTime),
            _ => Written::OnTime(*on_time),
        });
    }
    if let Some(when) = read_when(&word) {
        return plain(match (when, role) {
            (Err(hint), _) => unreadable(hint),
            (Ok((date, _)), Role::Target) => Written::Deadline(Deadline::By(date)),
            (Ok((_, true)), Role::Actual) => unreadable(Hint::DeadlineInActual),
            (Ok((date, false)), Role::Actual) => Written::Date(date),
        });
    }
    let read = read_quantity(cell);
    let bound = matches!(read.sign, Some(Direction::AtLeast | Direction::AtMost));
    let value = match (read.value, role) {
        (Ok(Quantity::Number(_)), Role::Actual) if bound => unreadable(Hint::BoundInActual),
        (Ok(Quantity::Number(n)), _) => Written::Number(n),
        // ≤6月30日: a deadline written with a sign.
        (Ok(Quantity::Date(_)), Role::Actual) => unreadable(Hint::DeadlineInActual),
        (Ok(Quantity::Date(date)), Role::Target) if read.sign == Some(Direction::AtMost) => {
            Written::Deadline(Deadline::By(date))
        }
        (Ok(Quantity::Date(_)), Role::Target) => unreadable(Hint::Unrecognized),
        // A bound is what an actual must not carry, whatever follows it.
        (Err(Hint::Placeholder), _) => unreadable(Hint::Placeholder),
        (Err(_), Role::Actual) if bound => unreadable(Hint::BoundInActual),
        (Err(hint), _) => unreadable(hint),
    };
    let sign = if role == Role::Actual { None } else { read.sign };
    WrittenTarget { sign, value, unit: read.unit }
}

enum Quantity {
    Number(Decimal),
    Date(Date),
}

struct QuantityRead {
    sign: Option<Direction>,
    value: Result<Quantity, Hint>,
    unit: String,
}

/// `≥3.3 万人`, `95%以上`, `控制在10天以内`, `≥xx%`: a sign, a number and a unit, in that order.
fn read_quantity(cell: &str) -> QuantityRead {
    let (prefix, rest) = split_prefix(cell);
    let rest = rest.trim_start();
    let fail = |sign, hint, unit: &str| QuantityRead { sign, value: Err(hint), unit: unit.to_string() };
    if prefix.is_some() {
        if let Some(when) = read_when(&squash(rest)) {
            return match when {
                Ok((date, _)) => QuantityRead { sign: prefix, value: Ok(Quantity::Date(date)), unit: String::new() },
                Err(hint) => fail(prefix, hint, ""),
            };
        }
    }
    // xx%, ××万人: a placeholder where the number goes.
    let marks: usize = rest.chars().take_while(|c| "xX×*＊?？…".contains(*c)).map(char::len_utf8).sum();
    if marks > 0 && !rest.chars().any(is_digit) {
        let (unit, suffix) = split_suffix(rest[marks..].trim());
        if is_unit(unit) {
            return fail(prefix.or(suffix), Hint::Placeholder, unit);
        }
    }
    let (number, after) = scan_number(rest);
    if !number.chars().any(is_digit) {
        let hint = if rest.chars().any(is_digit) { Hint::WordsAroundNumber } else { Hint::Unrecognized };
        return fail(prefix, hint, "");
    }
    let (unit, suffix) = split_suffix(after.trim());
    let sign = match (prefix, suffix) {
        (Some(p), Some(s)) if p != s => return fail(Some(p), Hint::ConflictingSigns, unit),
        (p, s) => p.or(s),
    };
    let value = match parse_number(number) {
        Ok(Some(value)) => value,
        Ok(None) | Err(ParseError::NotANumber(_)) => return fail(sign, Hint::BadNumber, unit),
        Err(ParseError::TooLarge(_)) => return fail(sign, Hint::TooLarge, unit),
    };
    if unit.chars().any(is_digit) {
        return fail(sign, Hint::TwoNumbers, "");
    }
    if !is_unit(unit) {
        return fail(sign, Hint::WordsAroundNumber, "");
    }
    QuantityRead { sign, value: Ok(Quantity::Number(value)), unit: unit.to_string() }
}

/// Signs and words before a number; the longest that matches is taken (不超过 before 超过, >= before >).
/// Strict ones (`>`, `高于`, `超过`; `<`, `低于`, `少于`) are read as ≥ and ≤: the engine has no strict
/// bound, and a value on the bound is then met.
const SIGN_PREFIXES: [(&str, Direction); 45] = {
    use Direction::{AtLeast as L, AtMost as M, Exactly as E};
    [
        ("≥", L),
        ("≧", L),
        (">=", L),
        ("＞＝", L),
        ("＞=", L),
        (">＝", L),
        (">", L),
        ("＞", L),
        ("不低于", L),
        ("不少于", L),
        ("不小于", L),
        ("大于等于", L),
        ("大于或等于", L),
        ("高于或等于", L),
        ("至少", L),
        ("达到", L),
        ("高于", L),
        ("大于", L),
        ("超过", L),
        ("多于", L),
        ("≤", M),
        ("≦", M),
        ("<=", M),
        ("＜＝", M),
        ("＜=", M),
        ("<＝", M),
        ("<", M),
        ("＜", M),
        ("不高于", M),
        ("不超过", M),
        ("不大于", M),
        ("不多于", M),
        ("小于等于", M),
        ("小于或等于", M),
        ("低于或等于", M),
        ("至多", M),
        ("最多", M),
        ("控制在", M),
        ("低于", M),
        ("少于", M),
        ("小于", M),
        ("=", E),
        ("＝", E),
        ("等于", E),
        ("==", E),
    ]
};

/// Words after a number's unit: 95%以上, 10天以内, 10天内.
const SIGN_SUFFIXES: [(&str, Direction); 10] = [
    ("及以上", Direction::AtLeast),
    ("或以上", Direction::AtLeast),
    ("以上", Direction::AtLeast),
    ("及以下", Direction::AtMost),
    ("或以下", Direction::AtMost),
    ("以下", Direction::AtMost),
    ("以内", Direction::AtMost),
    ("之内", Direction::AtMost),
    ("内", Direction::AtMost),
    ("之下", Direction::AtMost),
];

fn split_prefix(cell: &str) -> (Option<Direction>, &str) {
    SIGN_PREFIXES
        .iter()
        .filter(|(sign, _)| cell.starts_with(sign))
        .max_by_key(|(sign, _)| sign.len())
        .map_or((None, cell), |(sign, direction)| (Some(*direction), &cell[sign.len()..]))
}

/// A unit without the sign word after it ("%以上" → ("%", ≥)); paste reads its cells with it too.
pub(crate) fn split_suffix(unit: &str) -> (&str, Option<Direction>) {
    SIGN_SUFFIXES
        .iter()
        .find(|(word, _)| unit.ends_with(word))
        .map_or((unit, None), |(word, direction)| (unit[..unit.len() - word.len()].trim_end(), Some(*direction)))
}

/// The number at the start: a sign, digits (full width too), points and thousands commas. Commas at
/// its end are punctuation, left with the rest.
fn scan_number(text: &str) -> (&str, &str) {
    let mut end = 0;
    for (i, c) in text.char_indices() {
        let sign = i == 0 && matches!(c, '-' | '+' | '－' | '−' | '＋');
        if sign || is_digit(c) || matches!(c, '.' | '．' | ',' | '，') {
            end = i + c.len_utf8();
        } else {
            break;
        }
    }
    let number = text[..end].trim_end_matches([',', '，']);
    (number, &text[number.len()..])
}

/// A unit is a word or two (万人, 场次, 个百分点, 元/人, %): no punctuation, no remarks.
fn is_unit(unit: &str) -> bool {
    const NOT_IN_A_UNIT: [&str; 16] = [
        "完成", "达成", "实现", "左右", "上下", "约", "余", "多", "以上", "以下", "以内", "之内", "前", "后", "或",
        "及",
    ];
    unit.chars().count() <= 8
        && !unit.chars().any(|c| "，,。；;：:！!？?、（）()[]【】\"“”'‘’<>≤≥=＝＜＞~～".contains(c))
        && (!unit.contains(['%', '％']) || unit.chars().count() == 1)
        && !NOT_IN_A_UNIT.iter().any(|word| unit.contains(word))
}

// ---------------------------------------------------------------------------------------------------
// words

/// The cell as words are matched: no whitespace, ASCII lower case, full-width digits as ASCII, `_`
/// dropped (not_achieved).
fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '_')
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// A cell made of these only is a placeholder: `*`, `—`, `——`, `-`, `xx`, `××`, `…`, `...`, `?`.
/// A dash is one too, though some write it for "does not apply": which one was meant cannot be told,
/// and read as not applicable its row would drop out of the score; the hint asks for `/` then.
fn is_placeholder_mark(c: char) -> bool {
    "*＊—–─-－﹣x×?？…．.·_＿○".contains(c)
}

/// Placeholder words (squashed).
const PLACEHOLDER_WORDS: [&str; 8] = ["待定", "待填", "待补充", "待确认", "待补", "未定", "tbd", "tbc"];

/// The row does not apply (squashed). `无` is here as the form asks, though in a row such as 安全事故
/// it may mean none (0): a check can ask which.
const NOT_APPLICABLE: [&str; 8] = ["/", "／", "\\", "不适用", "不涉及", "无", "n/a", "na"];

/// Levels (squashed), matched whole: `未完成` is not `完成`, `部分达成` not `达成`. 较差 is not achieved,
/// as the official 未达成年度指标且效果较差 says; 一般 and 中 are partial.
const LEVEL_WORDS: [(&str, Level); 58] = {
    use Level::{Achieved as A, NotAchieved as N, Partial as P};
    [
        ("达成年度指标", A),
        ("达成预期指标", A),
        ("达成预期目标", A),
        ("完成年度指标", A),
        ("达成", A),
        ("已达成", A),
        ("全部达成", A),
        ("达标", A),
        ("已达标", A),
        ("完成", A),
        ("已完成", A),
        ("全部完成", A),
        ("全面完成", A),
        ("超额完成", A),
        ("实现", A),
        ("已实现", A),
        ("好", A),
        ("很好", A),
        ("较好", A),
        ("良好", A),
        ("良", A),
        ("优", A),
        ("优秀", A),
        ("优良", A),
        ("满意", A),
        ("非常满意", A),
        ("比较满意", A),
        ("合格", A),
        ("achieved", A),
        ("部分达成年度指标并具有一定效果", P),
        ("部分达成年度指标", P),
        ("部分达成", P),
        ("部分完成", P),
        ("部分实现", P),
        ("基本达成", P),
        ("基本完成", P),
        ("基本实现", P),
        ("基本达标", P),
        ("基本满意", P),
        ("一般", P),
        ("中", P),
        ("中等", P),
        ("partial", P),
        ("partiallyachieved", P),
        ("未达成年度指标且效果较差", N),
        ("未达成年度指标", N),
        ("未达成", N),
        ("未完成", N),
        ("没有完成", N),
        ("未实现", N),
        ("未达标", N),
        ("不达标", N),
        ("差", N),
        ("较差", N),
        ("很差", N),
        ("不满意", N),
        ("不合格", N),
        ("notachieved", N),
    ]
};

/// On time or not (squashed), matched whole. `已完成` says done, not when: it is a level (achieved),
/// which meets a `按时完成` target all the same (`deadline_met`).
const TIME_WORDS: [(&str, bool); 30] = [
    ("按时完成", true),
    ("按时", true),
    ("如期完成", true),
    ("如期", true),
    ("按期完成", true),
    ("按期", true),
    ("及时", true),
    ("及时完成", true),
    ("准时", true),
    ("准时完成", true),
    ("提前完成", true),
    ("按计划完成", true),
    ("按进度完成", true),
    ("ontime", true),
    ("未按时", false),
    ("未按时完成", false),
    ("未如期完成", false),
    ("未按期完成", false),
    ("未及时", false),
    ("未及时完成", false),
    ("不及时", false),
    ("延期", false),
    ("延期完成", false),
    ("逾期", false),
    ("逾期完成", false),
    ("滞后", false),
    ("推迟", false),
    ("延迟", false),
    ("延误", false),
    ("late", false),
];

// ---------------------------------------------------------------------------------------------------
// dates

/// A date or deadline (squashed text): None when it is not written as one; the date and whether it
/// was written as a deadline (`前`, `截至`, `年内`); or `NoSuchDate`.
fn read_when(word: &str) -> Option<Result<(Date, bool), Hint>> {
    let mut rest = word;
    let mut deadline = false;
    for prefix in ["截止至", "截止到", "截至", "截止", "计划于", "须于", "需于", "应于", "已于", "于", "在"]
    {
        if let Some(after) = rest.strip_prefix(prefix) {
            deadline = prefix.starts_with('截');
            rest = after;
            break;
        }
    }
    rest = rest.strip_suffix("完成").unwrap_or(rest);
    for suffix in ["之前", "以前", "前", "为止", "止"] {
        if let Some(before) = rest.strip_suffix(suffix) {
            deadline = true;
            rest = before;
            break;
        }
    }
    let (date, within) = read_date(rest)?;
    Some(date.map(|date| (date, deadline || within)))
}

/// `2023年11月20日`, `2023-11-20`, `2023.11.20`, `2023/11/20`, `11月20日`, `2023年11月`, `12月底`,
/// `年底`, `2023年上半年`, `第三季度`: the date, and whether it says "within" (`年内`). None when it is
/// no date (`2023.11` is a number; `2023年` alone a year).
fn read_date(text: &str) -> Option<(Result<Date, Hint>, bool)> {
    if let Some(date) = read_numeric_date(text) {
        return Some((date, false));
    }
    let (year, rest, has_year) = match text.char_indices().nth(4) {
        Some((i, '年')) if text[..i].bytes().all(|b| b.is_ascii_digit()) => {
            (text[..i].parse::<i32>().ok(), &text[i + '年'.len_utf8()..], true)
        }
        _ => match ["本年度", "本年", "当年", "今年", "年度"].iter().find(|w| text.starts_with(**w)) {
            Some(w) => (None, &text[w.len()..], true),
            None => (None, text, false),
        },
    };
    let end_of = |month: u32, within: bool| Some((Ok(Date { year, month, day: None }), within));
    match rest {
        "底" | "末" | "终" if has_year => return end_of(12, false),
        "内" | "度内" if has_year => return end_of(12, true),
        "年底" | "年末" | "年终" | "年度末" if !has_year => return end_of(12, false),
        "年内" | "年度内" if !has_year => return end_of(12, true),
        "上半年" | "上半年底" | "上半年末" => return end_of(6, false),
        "下半年" | "下半年底" | "下半年末" => return end_of(12, false),
        _ => {}
    }
    let quarter = rest.strip_prefix('第').unwrap_or(rest);
    if let Some(quarter) = quarter.strip_suffix(['末', '底']).unwrap_or(quarter).strip_suffix("季度") {
        let month = small_number(quarter)?.checked_mul(3).filter(|m| (3..=12).contains(m));
        return Some((month.map(|month| Date { year, month, day: None }).ok_or(Hint::NoSuchDate), false));
    }
    let (month, rest) = rest.split_once('月')?;
    let month = small_number(month.strip_suffix('份').unwrap_or(month))?;
    let rest = rest.strip_prefix('份').unwrap_or(rest);
    // A month read, then what is no day (11月中旬以后): no date, but no number either.
    let day = match rest {
        "" | "底" | "末" | "下旬" => None,
        "上旬" => Some(10),
        "中旬" => Some(20),
        _ => match small_number(rest.strip_suffix(['日', '号']).unwrap_or(rest)) {
            Some(day) => Some(day),
            None => return Some((Err(Hint::Unrecognized), false)),
        },
    };
    let date = Date { year, month, day };
    Some((if date.is_valid() { Ok(date) } else { Err(Hint::NoSuchDate) }, false))
}

/// `2023-11-20`, `2023/11/20`, `2023.11.20`, `2023-11`, `2023/11` (a year of four digits first). `2023.11`
/// is left to the number reader.
fn read_numeric_date(text: &str) -> Option<Result<Date, Hint>> {
    let separator = text.chars().find(|c| !c.is_ascii_digit())?;
    if !matches!(separator, '-' | '/' | '.') {
        return None;
    }
    let parts: Vec<&str> = text.split(separator).collect();
    let digits = |part: &&str| !part.is_empty() && part.len() <= 4 && part.bytes().all(|b| b.is_ascii_digit());
    if parts[0].len() != 4 || !parts.iter().all(digits) || parts[1..].iter().any(|p| p.len() > 2) {
        return None;
    }
    let number = |part: &str| part.parse::<u32>().ok();
    let year = parts[0].parse::<i32>().ok();
    let date = match parts[..] {
        [_, month, day] => Date { year, month: number(month)?, day: Some(number(day)?) },
        [_, month] if separator != '.' => Date { year, month: number(month)?, day: None },
        _ => return None,
    };
    Some(if date.is_valid() { Ok(date) } else { Err(Hint::NoSuchDate) })
}

/// 1 to 99 in digits (`12`), or 1 to 39 in Chinese numerals (`十二`, `三十一`) as months and days are written.
fn small_number(text: &str) -> Option<u32> {
    if !text.is_empty() && text.len() <= 2 && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().ok();
    }
    let digit = |c: char| "一二三四五六七八九".chars().position(|d| d == c).map(|p| p as u32 + 1);
    let chars: Vec<char> = text.chars().collect();
    match chars[..] {
        ['十'] => Some(10),
        [c] => digit(c),
        ['十', c] => Some(10 + digit(c)?),
        [t, '十'] => Some(digit(t)? * 10).filter(|n| *n <= 30),
        [t, '十', c] => Some(digit(t)? * 10 + digit(c)?).filter(|n| *n < 40),
        _ => None,
    }
}

fn days_in_month(year: Option<i32>, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => match year {
            Some(y) if !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) => 28,
            _ => 29,
        },
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::d;
    use Direction::{AtLeast, AtMost, Exactly};

    fn n(text: &str) -> Written {
        Written::Number(d(text))
    }

    fn date(year: Option<i32>, month: u32, day: Option<u32>) -> Date {
        Date { year, month, day }
    }

    fn by(year: Option<i32>, month: u32, day: Option<u32>) -> Written {
        Written::Deadline(Deadline::By(date(year, month, day)))
    }

    fn on(year: Option<i32>, month: u32, day: Option<u32>) -> Written {
        Written::Date(date(year, month, day))
    }

    fn hint(written: &Written) -> Option<Hint> {
        match written {
            Written::Unreadable(u) => Some(u.hint),
            _ => None,
        }
    }

    /// Targets with a sign, a number and a unit: (cell, sign, value, unit).
    #[test]
    fn targets_with_signs_and_units() {
        let cases: &[(&str, Option<Direction>, &str, &str)] = &[
            ("90%", None, "90", "%"),
            ("28", None, "28", ""),
            (" 28 ", None, "28", ""),
            ("-5", None, "-5", ""),
            ("0", None, "0", ""),
            ("≥90%", Some(AtLeast), "90", "%"),
            ("≥3.3 万人", Some(AtLeast), "3.3", "万人"),
            ("≥ 3.3万人", Some(AtLeast), "3.3", "万人"),
            ("≧12场", Some(AtLeast), "12", "场"),
            (">=90", Some(AtLeast), "90", ""),
            ("＞＝９５％", Some(AtLeast), "95", "％"),
            ("＞=95%", Some(AtLeast), "95", "%"),
            (">90%", Some(AtLeast), "90", "%"),
            ("不低于90%", Some(AtLeast), "90", "%"),
            ("不低于 90 %", Some(AtLeast), "90", "%"),
            ("不少于5个", Some(AtLeast), "5", "个"),
            ("不小于5个", Some(AtLeast), "5", "个"),
            ("90%以上", Some(AtLeast), "90", "%"),
            ("95%及以上", Some(AtLeast), "95", "%"),
            ("96%或以上", Some(AtLeast), "96", "%"),
            ("至少3场次", Some(AtLeast), "3", "场次"),
            ("大于等于90%", Some(AtLeast), "90", "%"),
            ("大于或等于90%", Some(AtLeast), "90", "%"),
            ("达到95%", Some(AtLeast), "95", "%"),
            ("高于80%", Some(AtLeast), "80", "%"),
            ("超过1000人次", Some(AtLeast), "1000", "人次"),
            ("≥1,200人", Some(AtLeast), "1200", "人"),
            ("≤880万元", Some(AtMost), "880", "万元"),
            ("<=10", Some(AtMost), "10", ""),
            ("＜＝10天", Some(AtMost), "10", "天"),
            ("<5%", Some(AtMost), "5", "%"),
            ("不超过10天", Some(AtMost), "10", "天"),
            ("不高于5%", Some(AtMost), "5", "%"),
            ("不大于3次", Some(AtMost), "3", "次"),
            ("小于等于3次", Some(AtMost), "3", "次"),
            ("10天以内", Some(AtMost), "10", "天"),
            ("10天之内", Some(AtMost), "10", "天"),
            ("10天内", Some(AtMost), "10", "天"),
            ("5个以下", Some(AtMost), "5", "个"),
            ("5 个及以下", Some(AtMost), "5", "个"),
            ("低于5%", Some(AtMost), "5", "%"),
            ("少于3次", Some(AtMost), "3", "次"),
            ("小于3次", Some(AtMost), "3", "次"),
            ("控制在880万元以内", Some(AtMost), "880", "万元"),
            ("控制在 880 万元", Some(AtMost), "880", "万元"),
            ("不超过880万元以内", Some(AtMost), "880", "万元"),
            ("=1个", Some(Exactly), "1", "个"),
            ("＝100%", Some(Exactly), "100", "%"),
            ("等于100%", Some(Exactly), "100", "%"),
            ("4.94 万人", None, "4.94", "万人"),
            ("6艘", None, "6", "艘"),
            ("１２３", None, "123", ""),
            ("１，２３４．５万元", None, "1234.5", "万元"),
            ("2个百分点", None, "2", "个百分点"),
            ("50元/人", None, "50", "元/人"),
            ("6个月", None, "6", "个月"),
            ("2023", None, "2023", ""),
            // A point between a year and a month is a decimal point: 2023.11 is a number.
            ("2023.11", None, "2023.11", ""),
            ("95%。", None, "95", "%"),
        ];
        for (cell, sign, value, unit) in cases {
            let read = read_target(cell);
            assert_eq!((read.sign, &read.value, read.unit.as_str()), (*sign, &n(value), *unit), "{cell:?}");
        }
    }

    /// Actuals as written: (cell, value, unit).
    #[test]
    fn actuals_as_written() {
        let cases: &[(&str, &str, &str)] = &[
            ("95", "95", ""),
            ("95%", "95", "%"),
            ("９５％", "95", "％"),
            ("4.94 万人", "4.94", "万人"),
            ("4.94\u{3000}万人", "4.94", "万人"),
            ("1个", "1", "个"),
            ("6艘", "6", "艘"),
            ("880万元", "880", "万元"),
            ("１２３", "123", ""),
            ("1,200", "1200", ""),
            ("1，200", "1200", ""),
            ("-13.65", "-13.65", ""),
            ("－5", "-5", ""),
            (".5", "0.5", ""),
            ("=100%", "100", "%"),
            ("＝1个", "1", "个"),
            ("0", "0", ""),
        ];
        for (cell, value, unit) in cases {
            assert_eq!(read_actual_with_unit(cell), (n(value), unit.to_string()), "{cell:?}");
            assert_eq!(read_actual(cell), n(value), "{cell:?}");
        }
    }

    /// A number in another unit than its row's is named with both units; its row's unit, `％` for
    /// `%`, no unit, or no number at all is not another unit.
    #[test]
    fn another_unit_than_the_rows() {
        let cases: &[(&str, &str, Option<&str>)] = &[
            ("12处", "公里", Some("“12处”的单位“处”与本行的单位“公里”不同")),
            ("850万", "万元", Some("“850万”的单位“万”与本行的单位“万元”不同")),
            ("8500000元", "万元", Some("“8500000元”的单位“元”与本行的单位“万元”不同")),
            (" 12 处 ", "", Some("“12 处”的单位“处”与本行不同：本行没有单位，请只填数值")),
            ("126公里", "公里", None),
            ("95％", "%", None),
            ("12", "公里", None),
            ("约12处", "公里", None),
            ("15x", "人", None),
            ("15kg", "吨", Some("“15kg”的单位“kg”与本行的单位“吨”不同")),
        ];
        for (text, row_unit, message) in cases {
            let found = other_unit(text, row_unit);
            assert_eq!(found.as_ref().map(|o| o.message(Lang::Zh)).as_deref(), *message, "{text:?} in {row_unit:?}");
        }
        let en = other_unit("12处", "公里").unwrap().message(Lang::En);
        assert_eq!(en, "“12处” is in “处”, not in this row's unit “公里”");
    }

    /// Every level word reads the same as a target and as an actual.
    #[test]
    fn levels_in_both_positions() {
        use Level::*;
        let cases: &[(&str, Level)] = &[
            ("达成年度指标", Achieved),
            ("部分达成年度指标并具有一定效果", Partial),
            ("未达成年度指标且效果较差", NotAchieved),
            ("达成预期指标", Achieved),
            ("达成", Achieved),
            ("已达成", Achieved),
            ("完成", Achieved),
            ("已完成", Achieved),
            ("全部完成", Achieved),
            ("超额完成", Achieved),
            ("好", Achieved),
            ("较好", Achieved),
            ("良好", Achieved),
            ("优", Achieved),
            ("优秀", Achieved),
            ("满意", Achieved),
            ("比较满意", Achieved),
            ("达标", Achieved),
            ("部分达成", Partial),
            ("部分完成", Partial),
            ("基本达成", Partial),
            ("基本完成", Partial),
            ("基本满意", Partial),
            ("一般", Partial),
            ("中", Partial),
            ("未达成", NotAchieved),
            ("未完成", NotAchieved),
            ("差", NotAchieved),
            ("较差", NotAchieved),
            ("不满意", NotAchieved),
            ("未达标", NotAchieved),
            ("不合格", NotAchieved),
            (" 达 成 ", Achieved),
            ("达成。", Achieved),
            ("Achieved", Achieved),
            ("partial", Partial),
            ("not_achieved", NotAchieved),
            ("Not Achieved", NotAchieved),
        ];
        for (cell, level) in cases {
            let target = read_target(cell);
            assert_eq!(
                (target.sign, &target.value, target.unit.as_str()),
                (None, &Written::Level(*level), ""),
                "{cell:?}"
            );
            assert_eq!(read_actual(cell), Written::Level(*level), "{cell:?}");
        }
        // Words that hold a level word are matched whole, never by what they contain.
        assert_eq!(
            read_actual("很一般般"),
            Written::Unreadable(Unreadable { text: "很一般般".into(), hint: Hint::Unrecognized })
        );
    }

    /// On time or not: a target's positive word is a deadline, its negative word stays what it says.
    #[test]
    fn time_words_in_both_positions() {
        let cases: &[(&str, bool)] = &[
            ("按时完成", true),
            ("按时", true),
            ("如期完成", true),
            ("按期完成", true),
            ("及时", true),
            ("及时完成", true),
            ("提前完成", true),
            ("On time", true),
            ("未按时", false),
            ("未按时完成", false),
            ("未及时完成", false),
            ("不及时", false),
            ("延期", false),
            ("延期完成", false),
            ("逾期", false),
            ("逾期完成", false),
            ("滞后", false),
        ];
        for (cell, on_time) in cases {
            let target = if *on_time { Written::Deadline(Deadline::OnTime) } else { Written::OnTime(false) };
            assert_eq!(read_target(cell).value, target, "{cell:?}");
            assert_eq!(read_actual(cell), Written::OnTime(*on_time), "{cell:?}");
        }
    }

    /// Dates and deadlines: (cell, as a target, as an actual).
    #[test]
    fn dates_and_deadlines_in_both_positions() {
        let deadline = |text: &str| Written::Unreadable(Unreadable { text: text.into(), hint: Hint::DeadlineInActual });
        let cases: Vec<(&str, Written, Written)> = vec![
            ("12月底前", by(None, 12, None), deadline("12月底前")),
            ("12月底前完成", by(None, 12, None), deadline("12月底前完成")),
            ("2023年6月30日前", by(Some(2023), 6, Some(30)), deadline("2023年6月30日前")),
            ("2023年6月30日之前", by(Some(2023), 6, Some(30)), deadline("2023年6月30日之前")),
            ("6月30日前", by(None, 6, Some(30)), deadline("6月30日前")),
            ("6月30号以前", by(None, 6, Some(30)), deadline("6月30号以前")),
            ("年底前", by(None, 12, None), deadline("年底前")),
            ("年底前完成", by(None, 12, None), deadline("年底前完成")),
            ("2023年底前", by(Some(2023), 12, None), deadline("2023年底前")),
            ("年内", by(None, 12, None), deadline("年内")),
            ("年内完成", by(None, 12, None), deadline("年内完成")),
            ("本年度内", by(None, 12, None), deadline("本年度内")),
            ("截至2023年12月31日", by(Some(2023), 12, Some(31)), deadline("截至2023年12月31日")),
            ("≤6月30日", by(None, 6, Some(30)), deadline("≤6月30日")),
            ("十二月底前", by(None, 12, None), deadline("十二月底前")),
            ("１１月２０日前", by(None, 11, Some(20)), deadline("１１月２０日前")),
            ("2023年11月20日", by(Some(2023), 11, Some(20)), on(Some(2023), 11, Some(20))),
            ("2023-11-20", by(Some(2023), 11, Some(20)), on(Some(2023), 11, Some(20))),
            ("2023.11.20", by(Some(2023), 11, Some(20)), on(Some(2023), 11, Some(20))),
            ("2023/11/20", by(Some(2023), 11, Some(20)), on(Some(2023), 11, Some(20))),
            ("2023/1/5", by(Some(2023), 1, Some(5)), on(Some(2023), 1, Some(5))),
            ("2023-11", by(Some(2023), 11, None), on(Some(2023), 11, None)),
            ("11月20日", by(None, 11, Some(20)), on(None, 11, Some(20))),
            ("11月20号", by(None, 11, Some(20)), on(None, 11, Some(20))),
            ("2023年11月", by(Some(2023), 11, None), on(Some(2023), 11, None)),
            ("2023年11月份", by(Some(2023), 11, None), on(Some(2023), 11, None)),
            ("11月", by(None, 11, None), on(None, 11, None)),
            ("12月底", by(None, 12, None), on(None, 12, None)),
            ("年底", by(None, 12, None), on(None, 12, None)),
            ("2023年底", by(Some(2023), 12, None), on(Some(2023), 12, None)),
            ("11月中旬", by(None, 11, Some(20)), on(None, 11, Some(20))),
            ("上半年", by(None, 6, None), on(None, 6, None)),
            ("2023年上半年", by(Some(2023), 6, None), on(Some(2023), 6, None)),
            ("第三季度", by(None, 9, None), on(None, 9, None)),
            ("三季度末前", by(None, 9, None), deadline("三季度末前")),
            ("2023年11月20日完成", by(Some(2023), 11, Some(20)), on(Some(2023), 11, Some(20))),
            ("已于2023年11月20日完成", by(Some(2023), 11, Some(20)), on(Some(2023), 11, Some(20))),
            ("2024年2月29日", by(Some(2024), 2, Some(29)), on(Some(2024), 2, Some(29))),
            ("2月29日", by(None, 2, Some(29)), on(None, 2, Some(29))),
        ];
        for (cell, target, actual) in cases {
            let read = read_target(cell);
            assert_eq!(read.value, target, "target {cell:?}");
            assert_eq!(read.unit, "", "target {cell:?}");
            assert_eq!(read_actual(cell), actual, "actual {cell:?}");
        }
    }

    /// Does not apply, blank, and placeholders, the same in both positions.
    #[test]
    fn not_applicable_blank_and_placeholders() {
        for cell in ["/", "／", "不适用", "不涉及", "无", "N/A", " / "] {
            assert_eq!(read_target(cell).value, Written::NotApplicable, "{cell:?}");
            assert_eq!(read_actual(cell), Written::NotApplicable, "{cell:?}");
            assert!(!is_placeholder(cell), "{cell:?}");
        }
        for cell in ["", " ", "\u{3000}", "\n\t"] {
            assert_eq!(read_target(cell), WrittenTarget { sign: None, value: Written::Empty, unit: String::new() });
            assert_eq!(read_actual(cell), Written::Empty, "{cell:?}");
            assert!(!is_placeholder(cell), "{cell:?}");
        }
        // A dash is a placeholder too: "not filled" and "does not apply" cannot be told apart.
        let placeholders = [
            "*",
            "＊",
            "**",
            "—",
            "——",
            "-",
            "－",
            "--",
            "xx",
            "XX",
            "x",
            "××",
            "…",
            "……",
            "...",
            "待定",
            "待填",
            "TBD",
            "？",
            "≥xx%",
            "xx万人",
            "XX%以上",
            "xx人数",
        ];
        for cell in placeholders {
            let target = read_target(cell);
            assert_eq!(hint(&target.value), Some(Hint::Placeholder), "{cell:?}");
            assert_eq!(hint(&read_actual(cell)), Some(Hint::Placeholder), "{cell:?}");
            assert!(is_placeholder(cell), "{cell:?}");
        }
        // With a sign or unit around it, the placeholder still gives them.
        let target = read_target("≥xx%");
        assert_eq!((target.sign, target.unit.as_str()), (Some(AtLeast), "%"));
        let target = read_target("XX%以上");
        assert_eq!((target.sign, target.unit.as_str()), (Some(AtLeast), "%"));
        for cell in ["95%", "达成", "x1", "2x", "xx项工作全部按计划推进", "待定事项"] {
            assert!(!is_placeholder(cell), "{cell:?}");
        }
    }

    /// What cannot be read, and the hint it gets: (cell, target's hint, actual's hint).
    #[test]
    fn unreadable_cells_say_how_to_write_them() {
        use Hint::*;
        let cases: &[(&str, Option<Hint>, Hint)] = &[
            ("95%以上", None, BoundInActual),
            ("≥90", None, BoundInActual),
            ("不低于90%", None, BoundInActual),
            ("≤880万元", None, BoundInActual),
            ("10天以内", None, BoundInActual),
            ("达到95%", None, BoundInActual),
            ("≥三万", Some(Unrecognized), BoundInActual),
            ("90-95%", Some(TwoNumbers), TwoNumbers),
            ("90%-95%", Some(TwoNumbers), TwoNumbers),
            ("3~5个", Some(TwoNumbers), TwoNumbers),
            ("3至5个", Some(TwoNumbers), TwoNumbers),
            ("95%，98%", Some(TwoNumbers), TwoNumbers),
            ("≥90-95%", Some(TwoNumbers), BoundInActual),
            ("13月", Some(NoSuchDate), NoSuchDate),
            ("2023年13月", Some(NoSuchDate), NoSuchDate),
            ("2月30日", Some(NoSuchDate), NoSuchDate),
            ("2023年2月29日", Some(NoSuchDate), NoSuchDate),
            ("2023-11-31", Some(NoSuchDate), NoSuchDate),
            ("2023-00-10", Some(NoSuchDate), NoSuchDate),
            ("0月5日前", Some(NoSuchDate), NoSuchDate),
            ("11月32日", Some(NoSuchDate), NoSuchDate),
            ("第五季度", Some(NoSuchDate), NoSuchDate),
            ("约95%", Some(WordsAroundNumber), WordsAroundNumber),
            ("95%左右", Some(WordsAroundNumber), WordsAroundNumber),
            ("完成95%", Some(WordsAroundNumber), WordsAroundNumber),
            ("95%完成", Some(WordsAroundNumber), WordsAroundNumber),
            ("300余人", Some(WordsAroundNumber), WordsAroundNumber),
            ("300多人", Some(WordsAroundNumber), WordsAroundNumber),
            ("第2批", Some(WordsAroundNumber), WordsAroundNumber),
            ("3个，已验收", Some(WordsAroundNumber), WordsAroundNumber),
            ("12项工作任务全部按计划推进", Some(WordsAroundNumber), WordsAroundNumber),
            ("≥90%以下", Some(ConflictingSigns), BoundInActual),
            ("1,2", Some(BadNumber), BadNumber),
            ("1.2.3", Some(BadNumber), BadNumber),
            ("123456789012345678901234567890123", Some(TooLarge), TooLarge),
            ("很好很好", Some(Unrecognized), Unrecognized),
            ("有效提升", Some(Unrecognized), Unrecognized),
            ("部分达成 70", Some(WordsAroundNumber), WordsAroundNumber),
            ("≥", Some(Unrecognized), BoundInActual),
            ("。", Some(Unrecognized), Unrecognized),
            ("11月中旬以后", Some(Unrecognized), Unrecognized),
            ("≥6月30日", Some(Unrecognized), DeadlineInActual),
        ];
        for (cell, target_hint, actual_hint) in cases {
            let target = read_target(cell);
            assert_eq!(hint(&target.value), *target_hint, "target {cell:?}: {target:?}");
            let actual = read_actual(cell);
            assert_eq!(
                actual,
                Written::Unreadable(Unreadable { text: cell.trim().into(), hint: *actual_hint }),
                "actual {cell:?}"
            );
        }
    }

    /// Every hint says how to write the cell, in both languages.
    #[test]
    fn hints_in_chinese_and_english() {
        use Hint::*;
        let all = [
            BoundInActual,
            DeadlineInActual,
            TwoNumbers,
            Placeholder,
            NoSuchDate,
            WordsAroundNumber,
            ConflictingSigns,
            BadNumber,
            TooLarge,
            Unrecognized,
        ];
        for hint in all {
            let (zh, en) = (hint.message(Lang::Zh), hint.message(Lang::En));
            assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{hint:?}");
            assert!(en.chars().any(|c| c.is_ascii_alphabetic()) && zh != en, "{hint:?}");
        }
        let Written::Unreadable(u) = read_actual("95%以上") else { panic!() };
        assert_eq!(u.message(Lang::Zh), "“95%以上”：实际完成值是达到的数值，不带“以上”“≥”“不低于”等，如“96%”");
        let Written::Unreadable(u) = read_target("90-95%").value else { panic!() };
        assert_eq!(
            u.message(Lang::En),
            "“90-95%”: write one number only; for a range, take the value the evaluation uses"
        );
    }

    /// On or before: (deadline, actual, the evaluation's year, met).
    #[test]
    fn dates_met_on_or_before_the_deadline() {
        let cases: &[(Date, Date, Option<i32>, Option<bool>)] = &[
            (date(Some(2023), 6, Some(30)), date(Some(2023), 6, Some(30)), None, Some(true)),
            (date(Some(2023), 6, Some(30)), date(Some(2023), 6, Some(29)), None, Some(true)),
            (date(Some(2023), 6, Some(30)), date(Some(2023), 7, Some(1)), None, Some(false)),
            (date(Some(2023), 12, None), date(Some(2023), 12, Some(31)), None, Some(true)),
            (date(Some(2023), 12, None), date(Some(2024), 1, Some(1)), None, Some(false)),
            (date(Some(2024), 1, Some(10)), date(Some(2023), 12, Some(31)), None, Some(true)),
            // The year filled in from the evaluation's, on either side.
            (date(None, 12, None), date(Some(2023), 11, Some(20)), Some(2023), Some(true)),
            (date(None, 6, Some(30)), date(Some(2023), 7, Some(2)), Some(2023), Some(false)),
            (date(Some(2023), 6, Some(30)), date(None, 6, Some(15)), Some(2023), Some(true)),
            (date(None, 12, None), date(Some(2024), 1, Some(5)), Some(2023), Some(false)),
            // Both left out: the same year, whichever.
            (date(None, 11, Some(30)), date(None, 11, None), None, Some(true)),
            (date(None, 11, Some(29)), date(None, 11, None), None, Some(false)),
            // One left out and nothing to fill it: cannot be told.
            (date(None, 12, None), date(Some(2023), 11, Some(20)), None, None),
            (date(Some(2023), 12, None), date(None, 11, Some(20)), None, None),
            // A month's end is its last day: February by the year.
            (date(Some(2023), 2, None), date(Some(2023), 2, Some(28)), None, Some(true)),
            (date(Some(2024), 2, Some(28)), date(Some(2024), 2, None), None, Some(false)),
            (date(Some(2023), 2, Some(28)), date(Some(2023), 2, None), None, Some(true)),
            // A date that cannot be.
            (date(Some(2023), 13, None), date(Some(2023), 1, Some(1)), None, None),
            (date(Some(2023), 2, Some(29)), date(Some(2023), 1, Some(1)), None, None),
            (date(None, 2, Some(29)), date(None, 2, Some(1)), Some(2023), None),
            (date(Some(2023), 6, Some(0)), date(Some(2023), 1, Some(1)), None, None),
        ];
        for (deadline, actual, year, met) in cases {
            assert_eq!(date_met(deadline, actual, *year), *met, "{deadline:?} {actual:?} {year:?}");
        }
    }

    /// Time targets against what actuals say.
    #[test]
    fn deadlines_met_by_what_actuals_say() {
        let june = Deadline::By(date(None, 6, Some(30)));
        let cases: &[(Deadline, &str, Option<bool>)] = &[
            (Deadline::OnTime, "按时完成", Some(true)),
            (Deadline::OnTime, "已完成", Some(true)),
            (Deadline::OnTime, "基本完成", Some(false)),
            (Deadline::OnTime, "延期", Some(false)),
            (Deadline::OnTime, "2023年6月1日", None),
            (june, "2023年6月30日", Some(true)),
            (june, "2023-07-01", Some(false)),
            (june, "如期完成", Some(true)),
            (june, "逾期", Some(false)),
            (june, "已完成", None),
            (june, "95%", None),
            (june, "", None),
        ];
        for (deadline, actual, met) in cases {
            assert_eq!(deadline_met(deadline, &read_actual(actual), Some(2023)), *met, "{deadline:?} {actual:?}");
        }
        // Read from the cells, end to end.
        let Written::Deadline(target) = read_target("12月底前").value else { panic!() };
        assert_eq!(deadline_met(&target, &read_actual("2023年11月20日"), Some(2023)), Some(true));
        assert_eq!(deadline_met(&target, &read_actual("2024年1月3日"), Some(2023)), Some(false));
    }
}

/// Reading never panics, on any text and on text made of the pieces cells are made of.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use proptest::prelude::*;
    use proptest::sample::select;

    use super::*;

    const PIECES: [&str; 48] = [
        "≥",
        ">=",
        "＞＝",
        "≤",
        "<",
        "=",
        "＝",
        "不低于",
        "不超过",
        "控制在",
        "达到",
        "以上",
        "以内",
        "及以下",
        "内",
        "9",
        "95",
        "１２",
        "0",
        ".",
        "．",
        ",",
        "，",
        "-",
        "－",
        "%",
        "％",
        "万人",
        "个",
        " ",
        "\u{3000}",
        "年",
        "月",
        "日",
        "底",
        "前",
        "截至",
        "完成",
        "达成",
        "未",
        "部分",
        "十二",
        "季度",
        "第",
        "xx",
        "—",
        "/",
        "2023",
    ];

    fn cell() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "\\PC{0,12}",
            proptest::collection::vec(select(PIECES.to_vec()), 0..8).prop_map(|pieces| pieces.concat()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn any_text_reads_without_panicking(text in cell()) {
            let target = read_target(&text);
            let actual = read_actual(&text);
            let _ = is_placeholder(&text);
            for written in [&target.value, &actual] {
                if let Written::Unreadable(u) = written {
                    prop_assert_eq!(u.text.as_str(), text.trim());
                    prop_assert!(!u.message(Lang::Zh).is_empty() && !u.message(Lang::En).is_empty());
                }
            }
            // An actual never carries a sign, a deadline or a sign's unit without a number.
            prop_assert!(!matches!(actual, Written::Deadline(_)));
            prop_assert!(!matches!(target.value, Written::Date(_)));
        }

        #[test]
        fn any_dates_compare_without_panicking(
            y1 in proptest::option::of(any::<i32>()), m1 in any::<u32>(), d1 in proptest::option::of(any::<u32>()),
            y2 in proptest::option::of(any::<i32>()), m2 in 0u32..=13, d2 in proptest::option::of(0u32..=32),
            year in proptest::option::of(any::<i32>()),
        ) {
            let (a, b) = (Date { year: y1, month: m1, day: d1 }, Date { year: y2, month: m2, day: d2 });
            let _ = date_met(&a, &b, year);
            if (Date { year: b.year.or(year), ..b }).is_valid() {
                // A date meets itself as a deadline (a year filled in may make 2月29日 no date).
                prop_assert_eq!(date_met(&b, &b, year), Some(true));
            }
        }

        /// A number with a unit reads back as written.
        #[test]
        fn a_number_and_unit_read_back(m in -1_000_000i64..=1_000_000, scale in 0u32..=4,
                                       unit in select(vec!["", "%", "万人", "个", "万元", "人次", "天"]),
                                       space in select(vec!["", " "])) {
            let value = Decimal::new(m, scale);
            let (written, read_unit) = read_actual_with_unit(&format!("{value}{space}{unit}"));
            prop_assert_eq!(written, Written::Number(value));
            prop_assert_eq!(read_unit, unit);
            let target = read_target(&format!("≥{value}{unit}"));
            prop_assert_eq!((target.sign, target.value, target.unit.as_str()), (Some(Direction::AtLeast), Written::Number(value), unit));
        }
    }
}
