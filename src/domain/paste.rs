//! Pasting a block of cells copied from Excel or WPS: tab-separated rows, filled into the indicator
//! rows from the focused one down. What each column is comes from how many there are and what they
//! hold (`layout`): values (numbers, levels) go to the target and actual, text to the name, unit and
//! 偏差原因; two columns of values are a target and an actual, a value then text an actual and its reason.
//! Cells are read as reports print them: a target may carry its direction and unit (`≥3.3 万人`,
//! `95%以上`, `不超过10天`), an actual its unit (`4.94 万人`).
//! Every cell that does not parse is reported with its row and column; the others are filled.

use rust_decimal::Decimal;

use super::input::InputKey;
use super::model::{Actual, BudgetField, Direction, Evaluation, Indicator, Level};
use super::num::{is_digit, parse_number, ParseError};
use super::structure::kind_of_target;
use super::written::{read_actual, split_suffix, Written};
use super::Lang;

/// Splits clipboard text into rows of cells, as spreadsheets write it: tabs between cells, newlines
/// between rows, and cells holding tabs, newlines or quotes wrapped in double quotes ("" for ").
pub fn parse_block(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', false) if cell.is_empty() => quoted = true,
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            ('"', true) => quoted = false,
            ('\t', false) => row.push(std::mem::take(&mut cell)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows
}

/// A cell the paste could not use.
#[derive(Clone, Debug, PartialEq)]
pub struct PasteProblem {
    /// 1-based, in the pasted block.
    pub row: usize,
    pub column: usize,
    pub text: String,
    pub kind: PasteProblemKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PasteProblemKind {
    Number(ParseError),
    /// A qualitative indicator takes 达成 / 部分达成 / 未达成 (or a percent within one).
    NotALevel,
    /// More rows than indicators below the focused one.
    NoRowLeft,
    /// A unit column's cell that holds a number or a sign: the columns were not what they seemed.
    NotAUnit,
    /// A value in another unit than its indicator's (`49400 人` in a row in 万人).
    UnitMismatch {
        pasted: String,
        expected: String,
    },
    /// The cells fit none of the layouts: nothing is pasted rather than a guess filled in.
    Unrecognized,
    /// A scenario keeps inputs only (targets, actuals, reasons): a name, unit or direction is not kept.
    NotInScenario,
    /// Not refused, but to check: the row's name was replaced (a block one row off renames every row).
    Renamed {
        from: String,
    },
    /// A 分值 column's cell on a row scored by its weight in its list, which has no 分值 of its own.
    NoPoints,
    /// A cell pasted beyond a funds block's three amounts or its last line.
    NoFundsCell,
}

impl PasteProblem {
    pub fn message(&self, lang: Lang) -> String {
        let place = lang.pick(
            format!("第 {} 行第 {} 列", self.row, self.column),
            format!("row {}, column {}", self.row, self.column),
        );
        let what = match &self.kind {
            PasteProblemKind::Number(e) => e.message(lang),
            PasteProblemKind::NotALevel => lang.pick(
                format!("“{}”不是达成程度（达成 / 部分达成 / 未达成）", self.text),
                format!("“{}” is not a level (达成 / 部分达成 / 未达成)", self.text),
            ),
            PasteProblemKind::NoRowLeft => {
                lang.pick("下方已没有指标行，未粘贴".into(), "no indicator row left below; not pasted".into())
            }
            PasteProblemKind::NotAUnit => lang.pick(
                format!("“{}”不像单位，未填", self.text),
                format!("“{}” does not look like a unit; not filled", self.text),
            ),
            PasteProblemKind::Unrecognized => lang.pick(
                "无法判断各列是什么，未粘贴（可按列粘贴：实际值；目标值、实际值；名称、目标值、单位、实际值、偏差原因等）".into(),
                "not pasted: the columns could not be told apart (paste actuals; targets and actuals; name, target, unit, actual, reason…)".into(),
            ),
            PasteProblemKind::NotInScenario => lang.pick(
                format!("情景只保存目标值、实际值和偏差原因，“{}”未填（名称、单位、方向请在基准中修改）", self.text),
                format!("a scenario keeps targets, actuals and reasons only: “{}” not filled (change names, units and directions in the base)", self.text),
            ),
            PasteProblemKind::Renamed { from } => lang.pick(
                format!("名称由“{from}”改为“{}”，请核对是否对齐", self.text),
                format!("renamed from “{from}” to “{}”: check the rows line up", self.text),
            ),
            PasteProblemKind::NoFundsCell => {
                lang.pick("资金表这里已没有可填的格，未粘贴".into(), "no amount of the funds block here; not pasted".into())
            }
            PasteProblemKind::NoPoints => lang.pick(
                format!("此指标按权重计分，没有自己的分值，“{}”未填", self.text),
                format!("this indicator is scored by its weight and has no points of its own: “{}” not filled", self.text),
            ),
            PasteProblemKind::UnitMismatch { pasted, expected } => lang.pick(
                format!("单位“{pasted}”与指标的单位“{expected}”不同，未填"),
                format!("the unit “{pasted}” is not the indicator's unit “{expected}”; not filled"),
            ),
        };
        format!("{place}{}{what}", lang.pick("：", ": "))
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PasteReport {
    /// Indicator rows that received at least one value.
    pub filled: usize,
    /// Their ids.
    pub rows: Vec<String>,
    /// What the block's first row was read as, column by column: the notice says it, since two
    /// columns are a target and an actual, not an actual and a reason.
    pub columns: Vec<Column>,
    pub problems: Vec<PasteProblem>,
}

/// Where a block is pasted.
#[derive(Clone, Copy, Debug)]
pub struct PasteAt<'a> {
    /// The indicator whose row has the focus: the block fills from it down.
    pub start: &'a str,
    /// The column pasted on (target or actual): a block of one column goes there.
    pub focus: Column,
    /// A scenario keeps inputs only: names, units and directions are refused, not dropped unseen.
    pub inputs_only: bool,
}

/// Fills the block into the indicators from `at.start` on (in the table's order, across lists).
/// Blank cells clear a value (a blank name keeps the name). A first row with no value in it is a
/// header, and skipped.
pub fn apply_paste(evaluation: &mut Evaluation, at: PasteAt, block: &[Vec<String>]) -> PasteReport {
    let order: Vec<String> = evaluation.root.walk().flat_map(|n| n.indicators().iter().map(|i| i.id.clone())).collect();
    let Some(first) = order.iter().position(|id| id == at.start) else { return PasteReport::default() };
    let header = usize::from(is_header(block));
    // A header copied with the block says what its columns are; without one, what they hold does.
    let by_header = block.first().filter(|_| header == 1).and_then(|words| header_layout(words));
    let Some(columns) = by_header.or_else(|| layout(&block[header..], at.focus)) else {
        let problem = PasteProblem { row: 1, column: 1, text: String::new(), kind: PasteProblemKind::Unrecognized };
        return PasteReport { problems: vec![problem], ..Default::default() };
    };
    let mut report = PasteReport { columns: columns.clone(), ..Default::default() };
    for (r, cells) in block.iter().enumerate().skip(header) {
        let Some(id) = order.get(first + r - header) else {
            report.problems.push(PasteProblem {
                row: r + 1,
                column: 1,
                text: cells.join("\t"),
                kind: PasteProblemKind::NoRowLeft,
            });
            continue;
        };
        let Some(indicator) = evaluation.find_indicator_mut(id) else { continue };
        let mut filled = false;
        for (c, (text, column)) in cells.iter().zip(columns.iter().copied()).enumerate() {
            let before = indicator.name.clone();
            match fill(indicator, column, text, at.inputs_only) {
                Ok(()) => {
                    filled = true;
                    // A template's placeholder ("（数量指标）") or a row just added ("新指标") is there to be
                    // replaced: no need to check it.
                    let placeholder = before.starts_with('（') && before.ends_with('）')
                        || [Lang::Zh, Lang::En]
                            .into_iter()
                            .any(|lang| before == crate::i18n::texts(lang).new_indicator);
                    if column == Column::Name && !before.is_empty() && !placeholder && indicator.name != before {
                        let kind = PasteProblemKind::Renamed { from: before };
                        report.problems.push(PasteProblem {
                            row: r + 1,
                            column: c + 1,
                            text: indicator.name.clone(),
                            kind,
                        });
                    }
                }
                Err(kind) => {
                    report.problems.push(PasteProblem { row: r + 1, column: c + 1, text: text.trim().into(), kind })
                }
            }
        }
        if filled {
            report.filled += 1;
            report.rows.push(id.clone());
        }
    }
    report
}

/// A block pasted into a funds block's amount (`line`, `field`): its cells fill the amounts from
/// there, right across 年初预算数, 全年预算数, 全年执行数 and down its lines, as a finance table copies
/// them. A cell that is no number, or beyond the block, is reported; the others are filled.
pub fn apply_funds_paste(
    evaluation: &mut Evaluation,
    node: &str,
    line: usize,
    field: BudgetField,
    block: &[Vec<String>],
) -> PasteReport {
    let first = BudgetField::ALL.iter().position(|f| *f == field).unwrap_or(0);
    let mut report = PasteReport::default();
    for (r, cells) in block.iter().enumerate() {
        let mut filled = false;
        for (c, text) in cells.iter().enumerate() {
            let problem = |kind| PasteProblem { row: r + 1, column: c + 1, text: text.trim().to_string(), kind };
            let Some(field) = BudgetField::ALL.get(first + c) else {
                report.problems.push(problem(PasteProblemKind::NoFundsCell));
                continue;
            };
            let key = InputKey::BudgetAmount(node.to_string(), line + r, *field);
            match parse_cell(text.trim(), text.trim()) {
                Ok(value) => match evaluation.set_number(&key, value) {
                    Ok(()) => filled = true,
                    Err(_) => report.problems.push(problem(PasteProblemKind::NoFundsCell)),
                },
                Err(kind) => report.problems.push(problem(kind)),
            }
        }
        report.filled += usize::from(filled);
    }
    report
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Name,
    Target,
    Unit,
    Actual,
    Reason,
    /// A project table's row's 分值 (a column only a header names: by what it holds it is a number).
    Points,
    /// A column the header names but the rows do not take (一级指标, 得分…).
    Skipped,
}

impl Column {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Column::Name => lang.pick("名称", "name"),
            Column::Target => lang.pick("目标值", "target"),
            Column::Unit => lang.pick("单位", "unit"),
            Column::Actual => lang.pick("实际值", "actual"),
            Column::Reason => lang.pick("偏差原因", "reason"),
            Column::Points => lang.pick("分值", "points"),
            Column::Skipped => lang.pick("（不读）", "(not read)"),
        }
    }
}

/// The layouts a block can have, by width; the first of each width is the one taken when the cells
/// do not tell (the module's header), the others when they do.
const LAYOUTS: [&[Column]; 12] = {
    use Column::*;
    [
        &[Actual],
        &[Target, Actual],
        &[Actual, Reason],
        &[Name, Actual],
        &[Target, Unit, Actual],
        &[Name, Target, Actual],
        &[Target, Actual, Reason],
        &[Name, Actual, Reason],
        &[Name, Target, Unit, Actual],
        &[Name, Target, Actual, Reason],
        &[Target, Unit, Actual, Reason],
        &[Name, Target, Unit, Actual, Reason],
    ]
};

/// What a pasted column holds, judged from all its cells.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Holds {
    Values,
    Text,
    Nothing,
}

/// The block's columns: of the layouts of its width (cells beyond the fifth are ignored), the first
/// whose values and text fall where a target and an actual, or a name, unit and reason, go; None when
/// none fits. A count alone read "13, 经费未到位" as a target and an actual: the target became 13, the
/// indicator met. A column left blank fits only a text column: read as targets or actuals, its blanks
/// would clear them.
fn layout(block: &[Vec<String>], focus: Column) -> Option<Vec<Column>> {
    let width = block.iter().map(Vec::len).max().unwrap_or(0).min(5);
    if width == 1 {
        return Some(vec![focus]);
    }
    let holds: Vec<Holds> = (0..width).map(|c| column_holds(block, c)).collect();
    let fits = |layout: &&[Column]| {
        layout.iter().zip(&holds).all(|(column, holds)| match column {
            Column::Target | Column::Actual => *holds == Holds::Values,
            _ => *holds != Holds::Values,
        })
    };
    LAYOUTS.iter().copied().filter(|l| l.len() == width).find(fits).map(<[Column]>::to_vec)
}

/// The columns a header's words name, as the printed tables word them (三级指标, 年度指标值, 实际完成值,
/// 分值, 偏差原因…); None when a word is not known or a column is named twice: the cells then decide.
fn header_layout(header: &[String]) -> Option<Vec<Column>> {
    let columns: Vec<Column> = header.iter().map(|word| header_column(word)).collect::<Option<_>>()?;
    let named: Vec<&Column> = columns.iter().filter(|c| **c != Column::Skipped).collect();
    let twice = named.iter().enumerate().any(|(i, c)| named[..i].contains(c));
    let fills = named.iter().any(|c| matches!(c, Column::Name | Column::Target | Column::Actual));
    (fills && !twice).then_some(columns)
}

fn header_column(word: &str) -> Option<Column> {
    let word: String = word.chars().filter(|c| !c.is_whitespace()).collect();
    let has = |part: &str| word.contains(part);
    Some(match word.as_str() {
        "" | "一级指标" | "二级指标" | "序号" => Column::Skipped,
        _ if has("偏差") || has("原因") => Column::Reason,
        _ if has("分值") => Column::Points,
        _ if has("得分") || has("评分") => Column::Skipped,
        _ if has("实际") || has("完成值") => Column::Actual,
        _ if has("指标值") || has("目标") => Column::Target,
        _ if has("单位") => Column::Unit,
        _ if has("三级指标") || has("名称") || word == "指标" => Column::Name,
        _ => return None,
    })
}

/// A first row of text only, over rows with values: the table's header, copied with it.
fn is_header(block: &[Vec<String>]) -> bool {
    let has_value = |row: &Vec<String>| row.iter().any(|c| is_value(c.trim()));
    let Some((first, rest)) = block.split_first() else { return false };
    first.iter().any(|c| !c.trim().is_empty()) && !has_value(first) && rest.iter().any(has_value)
}

fn column_holds(block: &[Vec<String>], column: usize) -> Holds {
    let cells = block.iter().filter_map(|row| row.get(column)).map(|c| c.trim()).filter(|c| !c.is_empty());
    let (values, text) = cells.fold((0, 0), |(v, t), cell| if is_value(cell) { (v + 1, t) } else { (v, t + 1) });
    match (values, text) {
        (0, 0) => Holds::Nothing,
        (v, t) if v >= t => Holds::Values,
        _ => Holds::Text,
    }
}

/// A number as reports print one (≥3.3 万人, 95%以上, 12场), a bound (≥…), or a level (部分达成 70): a
/// short unit, no digits in it. A name such as 2023年度新增就业人数 is text.
fn is_value(cell: &str) -> bool {
    if parse_level(cell).is_some() {
        return true;
    }
    let (direction, number, unit) = split_target(cell);
    // ≥ or 以上 makes it a target, even one whose number is mistyped (its message then says so).
    direction.is_some()
        || unit.chars().count() <= 4 && !unit.chars().any(is_digit) && matches!(parse_number(number), Ok(Some(_)))
}

fn fill(indicator: &mut Indicator, column: Column, text: &str, inputs_only: bool) -> Result<(), PasteProblemKind> {
    let text = text.trim();
    match column {
        Column::Name if text.is_empty() => {}
        Column::Name | Column::Unit if inputs_only && text != field(indicator, column) => {
            return Err(PasteProblemKind::NotInScenario)
        }
        Column::Name => indicator.name = text.to_string(),
        // A unit is a word or two (万人, 场次, %): not a number, a sign or a sentence.
        Column::Unit if text.chars().count() > 6 || text.chars().any(|c| is_digit(c) || "≥≤<>=＜＞＝".contains(c)) => {
            return Err(PasteProblemKind::NotAUnit)
        }
        Column::Unit => indicator.unit = text.to_string(),
        Column::Reason => indicator.deviation_reason = text.to_string(),
        Column::Skipped => {}
        Column::Points if text.is_empty() => {}
        Column::Points if inputs_only => return Err(PasteProblemKind::NotInScenario),
        Column::Points if indicator.points.is_none() => return Err(PasteProblemKind::NoPoints),
        Column::Points => {
            let points = parse_cell(text, text)?;
            let key = InputKey::RowPoints(indicator.id.clone());
            indicator
                .set_number(&key, points)
                .map_err(|_| PasteProblemKind::Number(ParseError::NotANumber(text.to_string())))?;
        }
        // "/": how a report prints a row that does not apply. Pasted, it sets the row aside, as typed.
        Column::Target | Column::Actual if read_actual(text) == Written::NotApplicable => {
            indicator.not_applicable = true;
        }
        // A qualitative row's target is its wording (达成年度指标), a 时效 row's its deadline (12月底前),
        // and a 时效 row's actual the day it was done: kept as written, as typed into the row.
        Column::Target
            if matches!(indicator.direction, Direction::OnTime | Direction::Qualitative)
                || indicator.actual.is_none() && kind_of_target(text).is_some() =>
        {
            if let Some(kind) = kind_of_target(text).filter(|_| indicator.actual.is_none() && !inputs_only) {
                indicator.direction = kind;
            }
            // A scenario keeps inputs only: the wording, not the unit a number in it would give the row.
            let unit = std::mem::take(&mut indicator.unit);
            indicator.take_written_target(text);
            if inputs_only || !unit.is_empty() {
                indicator.unit = unit;
            }
        }
        Column::Actual if indicator.direction == Direction::OnTime => indicator.take_written_actual(text),
        Column::Target => {
            let (direction, number, unit) = split_target(text);
            let target = parse_cell(number, text)?;
            let unit = unit_of(number, unit);
            check_unit(indicator, unit)?;
            // A qualitative indicator keeps its kind: a sign alone does not make it numeric.
            let direction =
                direction.filter(|d| indicator.direction != Direction::Qualitative && *d != indicator.direction);
            if inputs_only && (direction.is_some() || (!unit.is_empty() && indicator.unit.is_empty())) {
                return Err(PasteProblemKind::NotInScenario);
            }
            if let Some(direction) = direction {
                indicator.direction = direction;
            }
            if indicator.unit.is_empty() {
                indicator.unit = unit.to_string();
            }
            // A target takes any number.
            let _ = indicator.set_number(&InputKey::Target(indicator.id.clone()), target);
        }
        // A bare number on a qualitative row is the percent within the level it has (实现程度 70%).
        Column::Actual if indicator.direction == Direction::Qualitative => {
            indicator.actual = match (parse_level(text), &indicator.actual, parse_number(text)) {
                (Some(level), ..) => level,
                (None, Some(Actual::Level { .. }), Ok(Some(percent))) => {
                    let key = InputKey::LevelPercent(indicator.id.clone());
                    return indicator.set_number(&key, Some(percent)).map_err(|_| PasteProblemKind::NotALevel);
                }
                _ => return Err(PasteProblemKind::NotALevel),
            };
        }
        Column::Actual => {
            let (number, unit) = split_unit(text);
            // An actual is a value reached, not a bound: 95%以上 is no actual.
            if split_suffix(unit).1.is_some() {
                return Err(PasteProblemKind::Number(ParseError::NotANumber(text.to_string())));
            }
            let actual = parse_cell(number, text)?;
            let unit = unit_of(number, unit);
            check_unit(indicator, unit)?;
            if inputs_only && !unit.is_empty() && indicator.unit.is_empty() {
                return Err(PasteProblemKind::NotInScenario);
            }
            if indicator.unit.is_empty() {
                indicator.unit = unit.to_string();
            }
            // An actual takes any number.
            let _ = indicator.set_number(&InputKey::Actual(indicator.id.clone()), actual);
        }
    }
    Ok(())
}

fn field(indicator: &Indicator, column: Column) -> &str {
    match column {
        Column::Name => &indicator.name,
        Column::Unit => &indicator.unit,
        _ => "",
    }
}

/// A value's unit must be its row's, when both have one: 49400 人 in a row in 万人 scores 49400 万人.
fn check_unit(indicator: &Indicator, unit: &str) -> Result<(), PasteProblemKind> {
    if !unit.is_empty() && !indicator.unit.is_empty() && unit != indicator.unit {
        return Err(PasteProblemKind::UnitMismatch { pasted: unit.into(), expected: indicator.unit.clone() });
    }
    Ok(())
}

/// A cell's unit, a percent sign included: 96% is in %, which a row in 万人 does not take.
fn unit_of<'a>(number: &str, unit: &'a str) -> &'a str {
    if unit.is_empty() && number.ends_with(['%', '％']) {
        "%"
    } else {
        unit
    }
}

/// The number of a cell, its error naming the whole cell as the user sees it.
fn parse_cell(number: &str, cell: &str) -> Result<Option<Decimal>, PasteProblemKind> {
    parse_number(number).map_err(|e| {
        PasteProblemKind::Number(match e {
            ParseError::NotANumber(_) => ParseError::NotANumber(cell.to_string()),
            ParseError::TooLarge(_) => ParseError::TooLarge(cell.to_string()),
        })
    })
}

/// Signs and words before a target's number, longest first where one begins another.
const DIRECTION_PREFIXES: [(&str, Direction); 18] = [
    ("≥", Direction::AtLeast),
    ("≧", Direction::AtLeast),
    (">=", Direction::AtLeast),
    ("＞＝", Direction::AtLeast),
    (">", Direction::AtLeast),
    ("＞", Direction::AtLeast),
    ("不低于", Direction::AtLeast),
    ("不少于", Direction::AtLeast),
    ("≤", Direction::AtMost),
    ("≦", Direction::AtMost),
    ("<=", Direction::AtMost),
    ("＜＝", Direction::AtMost),
    ("<", Direction::AtMost),
    ("＜", Direction::AtMost),
    ("不高于", Direction::AtMost),
    ("不超过", Direction::AtMost),
    ("=", Direction::Exactly),
    ("＝", Direction::Exactly),
];

/// "≥3.3 万人" → (≥, "3.3", "万人"); "95%以上" → (≥, "95%", ""); "28" → (None, "28", "").
fn split_target(text: &str) -> (Option<Direction>, &str, &str) {
    let text = text.trim();
    let mut direction = None;
    let mut rest = text;
    if let Some((sign, dir)) = DIRECTION_PREFIXES.iter().find(|(sign, _)| text.starts_with(sign)) {
        direction = Some(*dir);
        rest = text[sign.len()..].trim_start();
    }
    let (number, unit) = split_unit(rest);
    // The words after a unit (以上, 以内…) are written.rs's, one list for a cell however it arrives.
    let (unit, after) = split_suffix(unit);
    (direction.or(after), number, unit)
}

/// "4.94 万人" → ("4.94", "万人"): the unit is what follows the last digit (or percent sign).
/// Text with no digit at all is left whole, for the number parser to refuse.
fn split_unit(text: &str) -> (&str, &str) {
    let text = text.trim();
    let end = text
        .char_indices()
        .rfind(|(_, c)| is_digit(*c) || matches!(c, '%' | '％'))
        .map_or(text.len(), |(i, c)| i + c.len_utf8());
    (text[..end].trim_end(), text[end..].trim())
}

/// "达成", "部分达成 70", "未达成", "achieved"…; blank is 待填 (Some(None)); anything else None.
fn parse_level(text: &str) -> Option<Option<Actual>> {
    if text.is_empty() {
        return Some(None);
    }
    let levels = [
        ("部分达成", Level::Partial),
        ("未达成", Level::NotAchieved),
        ("达成", Level::Achieved),
        ("partial", Level::Partial),
        ("not_achieved", Level::NotAchieved),
        ("achieved", Level::Achieved),
    ];
    let (word, level) = levels.iter().find(|(word, _)| text.starts_with(word))?;
    let rest = text[word.len()..].trim();
    let percent: Option<Decimal> = if rest.is_empty() { None } else { parse_number(rest).ok()? };
    Some(Some(Actual::Level { level: *level, percent }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{d, seed};

    fn at(start: &str) -> PasteAt<'_> {
        PasteAt { start, focus: Column::Actual, inputs_only: false }
    }

    fn actual(e: &Evaluation, id: &str) -> Option<Actual> {
        e.find_indicator(id).unwrap().1.actual.clone()
    }

    /// The report says what the first row's columns were read as; two are a target and an actual.
    #[test]
    fn the_report_names_the_columns_read() {
        use Column::*;
        let cases: [(&str, &[Column]); 15] = [
            ("20", &[Actual]),
            ("abc", &[Actual]),
            ("33.01\t12.09", &[Target, Actual]),
            // A blank column is never read as targets or actuals: its blanks would clear them.
            ("\t13", &[Name, Actual]),
            ("33.01\t\n12.09\t\n", &[Actual, Reason]),
            ("13\t经费未到位", &[Actual, Reason]),
            ("部分达成 70\t活动延期", &[Actual, Reason]),
            ("促进创业数\t4.94 万人", &[Name, Actual]),
            ("28\t人\t33.01", &[Target, Unit, Actual]),
            ("促进创业数\t≥3.3 万人\t4.94 万人", &[Name, Target, Actual]),
            ("28\t33.01\t超额完成", &[Target, Actual, Reason]),
            ("促进创业数\t≥3.3 万人\t4.94 万人\t原因A", &[Name, Target, Actual, Reason]),
            ("名称\t28\t人\t33.01\t原因\t多余", &[Name, Target, Unit, Actual, Reason]),
            // A name with digits in it is still text; a column mostly of values is values.
            ("2023年度新增就业人数\t28\t33.01\n其他\t10\tabc\n其他\t10\t12", &[Name, Target, Actual]),
            ("", &[]),
        ];
        for (text, columns) in cases {
            let mut evaluation = seed();
            let report = apply_paste(&mut evaluation, at("dept-01"), &parse_block(text));
            assert_eq!(report.columns, columns, "{text:?}");
        }
        let labels: Vec<&str> = [Target, Actual].iter().map(|c| c.label(Lang::Zh)).collect();
        assert_eq!(labels, ["目标值", "实际值"]);
    }

    #[test]
    fn a_slash_sets_its_row_aside_and_the_rows_around_it_fill() {
        let mut evaluation = crate::presets::find("project-national").unwrap().evaluation().unwrap();
        let block = parse_block("农村自来水普及率\t≥90%\t87.3%\n带动农民增收\t/\t/\n");
        let report = apply_paste(&mut evaluation, PasteAt { start: "outcome-02", ..at("") }, &block);
        assert_eq!(report.problems, []);
        let (_, slashed) = evaluation.find_indicator("outcome-03").unwrap();
        assert!(slashed.not_applicable);
        assert_eq!((slashed.name.as_str(), slashed.target, &slashed.actual), ("带动农民增收", None, &None));
        let (_, filled) = evaluation.find_indicator("outcome-02").unwrap();
        assert_eq!(
            (filled.not_applicable, filled.target, filled.actual.clone()),
            (false, Some(d("90")), Some(Actual::Number(d("87.3"))))
        );
    }

    #[test]
    fn a_deadline_row_takes_its_date_and_a_qualitative_row_its_wording() {
        let mut evaluation = crate::presets::find("project-national").unwrap().evaluation().unwrap();
        crate::domain::structure::StructureEdit::SetDirection {
            indicator: "outcome-03".into(),
            direction: Direction::Qualitative,
        }
        .apply(&mut evaluation)
        .unwrap();
        // Two rows: one alone, "12月底前" would read as a value and the date as a reason.
        let block = parse_block("工程完工时间\t12月底前\t2023年11月20日\n项目总成本\t≤880万元\t836万元\n");
        let report = apply_paste(&mut evaluation, PasteAt { start: "output-03", ..at("") }, &block);
        assert_eq!(report.problems, []);
        let (_, on_time) = evaluation.find_indicator("output-03").unwrap();
        assert_eq!(on_time.actual, Some(Actual::Text("2023年11月20日".into())));
        assert_eq!((on_time.target, on_time.target_text.as_str(), on_time.unit.as_str()), (None, "12月底前", ""));
        assert_eq!(evaluation.find_indicator("output-04").unwrap().1.actual, Some(Actual::Number(d("836"))));
        let block = parse_block("水源地保护措施落实情况\t达成年度指标\t部分达成\n工程设计使用年限\t≥15年\t15年\n");
        let report = apply_paste(&mut evaluation, PasteAt { start: "outcome-03", ..at("") }, &block);
        assert_eq!(report.problems, []);
        let (_, qualitative) = evaluation.find_indicator("outcome-03").unwrap();
        assert_eq!(qualitative.target_text, "达成年度指标");
        assert_eq!(qualitative.actual, Some(Actual::Level { level: Level::Partial, percent: None }));
    }

    #[test]
    fn a_header_copied_with_the_block_says_its_columns_and_its_points_are_read() {
        let mut evaluation = crate::presets::find("project-national").unwrap().evaluation().unwrap();
        let block = parse_block(
            "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因\n\
             产出指标\t数量指标\t新建供水工程\t≥12处\t12处\t10\t10\t\n\
             产出指标\t质量指标\t水质达标率\t≥95%\t96%\t10\t10\t\n",
        );
        let report = apply_paste(&mut evaluation, PasteAt { start: "output-01", ..at("") }, &block);
        use Column::*;
        assert_eq!(report.columns, [Skipped, Skipped, Name, Target, Actual, Points, Skipped, Reason]);
        assert_eq!((report.filled, report.problems.as_slice()), (2, &[][..]));
        let (_, first) = evaluation.find_indicator("output-01").unwrap();
        assert_eq!((first.name.as_str(), first.target, first.points), ("新建供水工程", Some(d("12")), Some(d("10"))));
        // A department list's rows have weights, not points: said, not filled.
        let mut seed = seed();
        let block = parse_block("指标名称\t分值\n促进创业数\t5\n");
        let report = apply_paste(&mut seed, at("dept-01"), &block);
        assert!(report.problems.iter().any(|p| p.kind == PasteProblemKind::NoPoints && p.column == 2), "{report:?}");
        // A word the header does not know: the cells decide, as without a header.
        let block = parse_block("指标\t备注甲\t备注乙\n促进创业数\t≥3.3 万人\t4.94 万人\n");
        let report = apply_paste(&mut seed, at("dept-04"), &block);
        assert_eq!(report.columns, [Name, Target, Actual]);
    }

    #[test]
    fn a_funds_line_pasted_fills_across_and_down_and_says_what_it_could_not() {
        let mut evaluation = crate::presets::find("project-national").unwrap().evaluation().unwrap();
        let block = parse_block("800\t880\t836\n800\t八百\t756\t9\n");
        let report = apply_funds_paste(&mut evaluation, "budget", 0, BudgetField::Initial, &block);
        let amounts = |e: &Evaluation, line| {
            BudgetField::ALL.map(|f| e.number(&InputKey::BudgetAmount("budget".into(), line, f)))
        };
        assert_eq!(amounts(&evaluation, 0), [Some(d("800")), Some(d("880")), Some(d("836"))]);
        assert_eq!(amounts(&evaluation, 1), [Some(d("800")), None, Some(d("756"))]);
        assert_eq!(report.filled, 2);
        let problems: Vec<(usize, usize, &str)> =
            report.problems.iter().map(|p| (p.row, p.column, p.text.as_str())).collect();
        assert_eq!(problems, [(2, 2, "八百"), (2, 4, "9")]);
        // From 全年预算数 on, and below the last line: said, not filled.
        let report = apply_funds_paste(&mut evaluation, "budget", 3, BudgetField::Adjusted, &parse_block("1\t2\n3\n"));
        assert_eq!(amounts(&evaluation, 3)[1..], [Some(d("1")), Some(d("2"))]);
        assert_eq!(report.problems.iter().map(|p| p.row).collect::<Vec<_>>(), [2]);
    }

    #[test]
    fn splits_cells_as_spreadsheets_copy_them() {
        let cases: &[(&str, Vec<Vec<&str>>)] = &[
            ("1\t2\n3\t4\n", vec![vec!["1", "2"], vec!["3", "4"]]),
            ("1\t2\r\n3\t4", vec![vec!["1", "2"], vec!["3", "4"]]),
            ("a\t\tc\n", vec![vec!["a", "", "c"]]),
            ("\"x\ty\"\t\"line1\nline2\"\t\"say \"\"hi\"\"\"\n", vec![vec!["x\ty", "line1\nline2", "say \"hi\""]]),
            ("42", vec![vec!["42"]]),
            ("", vec![]),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_block(text), *expected, "{text:?}");
        }
    }

    /// A column of actuals with full-width digits, thousands separators and a blank (percentages:
    /// `percents_bounds_and_units_that_are_not`).
    #[test]
    fn a_column_of_actuals_fills_down_from_the_focused_row() {
        let mut e = seed();
        let block = parse_block("３４．５\n1,234\n８２．５\n\nabc\n");
        let report = apply_paste(&mut e, at("dept-01"), &block);
        assert_eq!(actual(&e, "dept-01"), Some(Actual::Number(d("34.5"))));
        assert_eq!(actual(&e, "dept-02"), Some(Actual::Number(d("1234"))));
        assert_eq!(actual(&e, "dept-03"), Some(Actual::Number(d("82.5"))));
        assert_eq!(actual(&e, "dept-04"), None, "a blank cell clears");
        assert_eq!(
            actual(&e, "dept-05"),
            seed().find_indicator("dept-05").unwrap().1.actual,
            "a bad cell changes nothing"
        );
        assert_eq!(report.filled, 4);
        assert_eq!(report.problems.len(), 1);
        assert_eq!((report.problems[0].row, report.problems[0].column), (5, 1));
        assert_eq!(report.problems[0].message(Lang::Zh), "第 5 行第 1 列：“abc”不是数字");
    }

    #[test]
    fn rows_of_name_target_unit_actual() {
        let mut e = seed();
        let block = parse_block("新增就业\t３０\t万人\t31.2\n创新人才\t13\t人\t１３\n");
        e.find_indicator_mut("dept-06").unwrap().unit.clear();
        let report = apply_paste(&mut e, at("dept-06"), &block);
        // Nothing refused; the two renames are listed, to check that the rows line up.
        let renamed: Vec<(&str, usize)> = report
            .problems
            .iter()
            .map(|p| match &p.kind {
                PasteProblemKind::Renamed { .. } => (p.text.as_str(), p.row),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(renamed, [("新增就业", 1), ("创新人才", 2)]);
        assert_eq!(
            report.problems[0].message(Lang::Zh),
            "第 1 行第 1 列：名称由“在站博士后研究人员发放生活补贴人数”改为“新增就业”，请核对是否对齐"
        );
        let (_, i) = e.find_indicator("dept-06").unwrap();
        assert_eq!((i.name.as_str(), i.target, i.unit.as_str()), ("新增就业", Some(d("30")), "万人"));
        assert_eq!(i.actual, Some(Actual::Number(d("31.2"))));
        let (_, i) = e.find_indicator("dept-07").unwrap();
        assert_eq!((i.target, &i.actual), (Some(d("13")), &Some(Actual::Number(d("13")))));
        assert_eq!(report.filled, 2);
    }

    /// Targets as reports print them: (cell) → (direction read, number, unit).
    #[test]
    fn a_target_cell_gives_its_direction_and_unit() {
        use Direction::*;
        let cases: &[(&str, Option<Direction>, &str, &str)] = &[
            ("28", None, "28", ""),
            ("≥3.3 万人", Some(AtLeast), "3.3", "万人"),
            ("≥12场", Some(AtLeast), "12", "场"),
            (">=95%", Some(AtLeast), "95%", ""),
            ("＞＝９５％", Some(AtLeast), "９５％", ""),
            ("≤2%", Some(AtMost), "2%", ""),
            ("<= 10 天", Some(AtMost), "10", "天"),
            ("不超过10天", Some(AtMost), "10", "天"),
            ("不低于 90%", Some(AtLeast), "90%", ""),
            ("95%以上", Some(AtLeast), "95%", ""),
            ("10天以内", Some(AtMost), "10", "天"),
            ("5 个及以下", Some(AtMost), "5", "个"),
            ("=100%", Some(Exactly), "100%", ""),
            ("＝100", Some(Exactly), "100", ""),
            ("-5", None, "-5", ""),
            ("", None, "", ""),
            ("较好", None, "较好", ""),
        ];
        for (cell, direction, number, unit) in cases {
            assert_eq!(split_target(cell), (*direction, *number, *unit), "{cell:?}");
        }
    }

    /// Rows copied from the report's table: a target with its sign and unit, an actual with its unit.
    #[test]
    fn targets_and_actuals_with_signs_and_units() {
        let mut e = seed();
        let block = parse_block("≥3.5 万人\t4.94 万人\n≤5万人\t3\n96%或以上\t4.94 万人\n");
        let report = apply_paste(&mut e, at("dept-04"), &block);
        let (_, i) = e.find_indicator("dept-04").unwrap();
        assert_eq!((i.direction, i.target, i.unit.as_str()), (Direction::AtLeast, Some(d("3.5")), "万人"));
        assert_eq!(i.actual, Some(Actual::Number(d("4.94"))));
        let (_, i) = e.find_indicator("dept-05").unwrap();
        assert_eq!((i.direction, i.target, i.unit.as_str()), (Direction::AtMost, Some(d("5")), "万人"));
        assert_eq!(i.actual, Some(Actual::Number(d("3"))));
        // dept-06 is in 人: a target in % and an actual in 万人 are both refused, and nothing changes.
        assert_eq!(e.find_indicator("dept-06").map(|(_, i)| i), seed().find_indicator("dept-06").map(|(_, i)| i));
        let messages: Vec<String> = report.problems.iter().map(|p| p.message(Lang::Zh)).collect();
        assert_eq!(
            messages,
            [
                "第 3 行第 1 列：单位“%”与指标的单位“人”不同，未填",
                "第 3 行第 2 列：单位“万人”与指标的单位“人”不同，未填"
            ]
        );
        // A cell that is no number is named whole in its message.
        let report = apply_paste(&mut e, at("dept-04"), &parse_block("≥三万\t1"));
        assert_eq!(report.problems[0].message(Lang::Zh), "第 1 行第 1 列：“≥三万”不是数字");
    }

    /// An actual and its reason, pasted into a row: the target stays. (Read by count alone, the 13 was
    /// the target, the reason refused as not a number, and the indicator met.)
    #[test]
    fn an_actual_and_its_reason_leave_the_target() {
        let mut e = seed();
        let report = apply_paste(&mut e, at("dept-07"), &parse_block("13\t经费未到位，部分人才延期评估"));
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        let (_, i) = e.find_indicator("dept-07").unwrap();
        assert_eq!((i.target, i.deviation_reason.as_str()), (Some(d("20")), "经费未到位，部分人才延期评估"));
        assert_eq!(i.actual, Some(Actual::Number(d("13"))));
    }

    /// A percent is a unit like any other; a bound is no actual; a unit cell holding a number is refused.
    #[test]
    fn percents_bounds_and_units_that_are_not() {
        let mut e = seed();
        let report = apply_paste(&mut e, at("dept-02"), &parse_block("96%\n95%以上\n"));
        let messages: Vec<String> = report.problems.iter().map(|p| p.message(Lang::Zh)).collect();
        assert_eq!(
            messages,
            ["第 1 行第 1 列：单位“%”与指标的单位“万人”不同，未填", "第 2 行第 1 列：“95%以上”不是数字"]
        );
        assert_eq!(e, seed(), "nothing filled");
        // A row with no unit takes the target's, and its actual in percent then fits.
        e.find_indicator_mut("dept-02").unwrap().unit.clear();
        let report = apply_paste(&mut e, at("dept-02"), &parse_block("95%以上\t96%"));
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        let (_, i) = e.find_indicator("dept-02").unwrap();
        assert_eq!((i.target, i.unit.as_str(), &i.actual), (Some(d("95")), "%", &Some(Actual::Number(d("96")))));
        let report = apply_paste(&mut e, at("dept-03"), &parse_block("4\t第2批\t4.77"));
        assert_eq!(report.columns, [Column::Target, Column::Unit, Column::Actual]);
        assert_eq!(report.problems[0].kind, PasteProblemKind::NotAUnit);
        assert_eq!(e.find_indicator("dept-03").unwrap().1.unit, "万人");
    }

    /// Cells that fit no layout are not pasted at all (a guess cleared targets and renamed rows), and a
    /// header row copied with the block is skipped.
    #[test]
    fn no_guesses_and_no_headers() {
        let mut e = seed();
        // 分类, 名称, 目标, 实际: two text columns first, which no layout has.
        let report = apply_paste(
            &mut e,
            at("dept-01"),
            &parse_block("产出指标\t新增就业\t≥28\t33.01\n产出指标\t再就业\t≥10.5\t12.09\n"),
        );
        assert_eq!((report.filled, report.columns.len()), (0, 0));
        assert_eq!(report.problems[0].kind, PasteProblemKind::Unrecognized);
        assert_eq!(e, seed());
        let report = apply_paste(
            &mut e,
            at("dept-01"),
            &parse_block("绩效指标\t年度目标值\t实际值\n新增就业\t≥28 万人\t33.5 万人\n"),
        );
        assert_eq!(report.columns, [Column::Name, Column::Target, Column::Actual]);
        let (_, i) = e.find_indicator("dept-01").unwrap();
        assert_eq!((i.name.as_str(), &i.actual), ("新增就业", &Some(Actual::Number(d("33.5")))));
        assert_eq!(report.problems[0].row, 2, "the rename is listed at the block's row: {:?}", report.problems);
        assert_eq!(e.find_indicator("dept-02").map(|(_, i)| i), seed().find_indicator("dept-02").map(|(_, i)| i));
    }

    /// One column goes where it was pasted: a target cell takes targets; a qualitative row takes a bare
    /// number as the percent within its level.
    #[test]
    fn one_column_goes_to_the_focused_column() {
        let mut e = seed();
        let report = apply_paste(&mut e, PasteAt { focus: Column::Target, ..at("dept-01") }, &parse_block("30\n11\n"));
        assert_eq!(report.columns, [Column::Target]);
        let targets: Vec<_> = ["dept-01", "dept-02"].iter().map(|id| e.find_indicator(id).unwrap().1.target).collect();
        assert_eq!(targets, [Some(d("30")), Some(d("11"))]);
        assert_eq!(e.find_indicator("dept-01").unwrap().1.actual, seed().find_indicator("dept-01").unwrap().1.actual);
        apply_paste(&mut e, at("dept-25"), &parse_block("95\n"));
        assert_eq!(actual(&e, "dept-25"), Some(Actual::Level { level: Level::Achieved, percent: Some(d("95")) }));
    }

    /// A scenario keeps inputs only: what it cannot keep is refused and listed, not dropped unseen.
    #[test]
    fn a_scenario_refuses_names_units_and_directions() {
        let mut e = seed();
        let scenario = PasteAt { inputs_only: true, ..at("dept-04") };
        let report = apply_paste(&mut e, scenario, &parse_block("新名称\t≤3.5 万人\t4.94 万人\n"));
        let kinds: Vec<_> = report.problems.iter().map(|p| (p.column, p.kind.clone())).collect();
        assert_eq!(kinds, [(1, PasteProblemKind::NotInScenario), (2, PasteProblemKind::NotInScenario)]);
        let (_, i) = e.find_indicator("dept-04").unwrap();
        assert_eq!((i.name.as_str(), i.direction, i.target), ("促进创业数", Direction::AtLeast, Some(d("3.3"))));
        assert_eq!(i.actual, Some(Actual::Number(d("4.94"))));
        // Its own name, unit and direction again are no change, and pass.
        let report = apply_paste(&mut e, scenario, &parse_block("促进创业数\t≥3.5 万人\t4.9 万人\n"));
        assert!(report.problems.is_empty(), "{:?}", report.problems);
        assert_eq!(e.find_indicator("dept-04").unwrap().1.target, Some(d("3.5")));
    }

    /// A sign does not turn a qualitative indicator numeric, and an actual's unit fills an empty one.
    #[test]
    fn a_sign_keeps_a_qualitative_indicator_and_a_unit_fills_an_empty_one() {
        let mut e = seed();
        apply_paste(&mut e, at("dept-25"), &parse_block("≥90%\t达成"));
        let (_, i) = e.find_indicator("dept-25").unwrap();
        assert_eq!(i.direction, Direction::Qualitative);
        let mut e = seed();
        e.find_indicator_mut("dept-04").unwrap().unit.clear();
        apply_paste(&mut e, at("dept-04"), &parse_block("5 万人"));
        let (_, i) = e.find_indicator("dept-04").unwrap();
        assert_eq!((i.unit.as_str(), &i.actual), ("万人", &Some(Actual::Number(d("5")))));
    }

    #[test]
    fn levels_for_qualitative_rows_and_running_out_of_rows() {
        let mut e = seed();
        let report = apply_paste(&mut e, at("dept-25"), &parse_block("部分达成 70\n很好\n"));
        assert_eq!(actual(&e, "dept-25"), Some(Actual::Level { level: Level::Partial, percent: Some(d("70")) }));
        assert_eq!(report.problems[0].kind, PasteProblemKind::NotALevel);

        let last = "fund-eff-07";
        let report = apply_paste(&mut e, at(last), &parse_block("96\n97\n"));
        assert_eq!(actual(&e, last), Some(Actual::Number(d("96"))));
        assert_eq!(report.problems.len(), 1);
        assert_eq!(report.problems[0].kind, PasteProblemKind::NoRowLeft);
    }
}
