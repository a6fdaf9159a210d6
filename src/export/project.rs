//! The project table (项目支出绩效自评表) in the layout it is filed in (SCORING.md §5): the title and
//! year; 项目名称, 主管部门, 实施单位; the funds block (项目资金（万元）: 年初预算数, 全年预算数, 全年执行数,
//! 分值, 执行率, 得分, one line for 年度资金总额 and one for each of its sources); 年度总体目标 (预期目标 |
//! 实际完成情况); 绩效指标 with 一级 / 二级 cells merged over the rows they span; 总分, 自评等级 and the
//! closing words. Eight columns, borders on every cell of the form.
//!
//! A form holds what is filed: targets and actuals as written, and in 得分 the score the report
//! prints (`reported`), or the computed one where the report prints none and the row is scored. A
//! printed total that the rules do not give is followed by the computed one. The form's words are
//! the Chinese ones in both languages (`FormTexts`): they are what budget systems and
//! `crate::import` look for, so an exported form reads back as the same evaluation.

use rust_decimal::Decimal;

use super::columns::{level_text, target_text};
use super::workbook::{Font, Format, Parts, Workbook};
use super::xlsx::{lines_needed, number_format, Shown, GROUP_FILL, LINE, LINE_HEIGHT, MAX_LINES, TITLE_HEIGHT};
use super::ExportError;
use crate::domain::num::{self, format_exact, HUNDRED};
use crate::domain::written::{read_target, Written};
use crate::domain::{
    Actual, Badge, Detail, Direction, Evaluation, Indicator, IndicatorResult, Lang, Node, NodeResult, Rule, Scored,
    Status,
};
use crate::i18n::{texts, FormTexts};

/// The indicator table's columns; the other blocks use the same eight.
const LEVEL_1: u16 = 0;
const LEVEL_2: u16 = 1;
const NAME: u16 = 2;
const TARGET: u16 = 3;
const ACTUAL: u16 = 4;
const POINTS: u16 = 5;
const SCORE: u16 = 6;
const REASON: u16 = 7;
const LAST: u16 = REASON;
/// The funds block: its label, the line's name, then 年初预算数 … 得分 from this column.
const FUNDS_FIRST_AMOUNT: u16 = 2;

const WIDTHS: [u32; 8] = [14, 16, 30, 18, 18, 9, 9, 36];

/// The workbook's bytes.
pub(super) fn to_xlsx(evaluation: &Evaluation, scored: &Scored, lang: Lang) -> Result<Vec<u8>, ExportError> {
    let words = texts(Lang::Zh).form;
    let meta = &evaluation.meta;
    let title = match (meta.title.trim(), meta.year) {
        ("", Some(year)) => format!("{year}{}{}", words.year, words.title),
        ("", None) => words.title.to_string(),
        (title, _) => title.to_string(),
    };
    let mut sheet = Form { book: Workbook::default(), words, styles: Styles::new(), lines: 1 };
    let header = sheet.write(evaluation, scored, &title)?;
    let parts = Parts {
        sheet_name: texts(lang).sheet,
        title: &title,
        company: meta.department.trim(),
        widths: &WIDTHS,
        header,
        freeze: false,
    };
    Ok(sheet.book.save(&parts)?)
}

struct Styles {
    title: Format,
    /// A label of the form: bold on a tint, centred.
    label: Format,
    /// A text the form holds: wrapped, from the top left.
    text: Format,
    /// A short value (a target, a number): centred.
    value: Format,
}

impl Styles {
    fn new() -> Styles {
        let bold = Font { bold: true, ..Font::default() };
        let cell = Format { border: Some(LINE), ..Format::default() };
        Styles {
            title: Format { font: Font { size: 16, ..bold }, centred: true, ..Format::default() },
            label: Format { font: bold, fill: Some(GROUP_FILL), centred: true, ..cell.clone() },
            text: Format { top_wrapped: true, ..cell.clone() },
            value: Format { centred: true, ..cell },
        }
    }
}

/// One row of the indicator table, before it is written: the 一级 / 二级 cells of runs of rows are
/// merged, which needs the rows around them.
enum Line<'a> {
    Indicator {
        level_1: String,
        level_2: String,
        indicator: &'a Indicator,
        result: &'a IndicatorResult,
    },
    /// A list's printed 小计.
    Subtotal {
        node: &'a Node,
        result: &'a NodeResult,
    },
    /// A scored item that is neither a list nor the funds block (a 预算执行率 typed as a rate…).
    Other {
        node: &'a Node,
        result: &'a NodeResult,
    },
}

/// The 绩效指标 blocks: one per top-level group that holds lists (a Hubei table's 年度绩效目标一, 二),
/// the lists directly under the root in one block of their own.
struct Block<'a> {
    /// The top-level group, or None for the root's own lists.
    group: Option<&'a Node>,
    items: Vec<(&'a Node, &'a NodeResult)>,
}

struct Form {
    book: Workbook,
    words: &'static FormTexts,
    styles: Styles,
    /// The most lines a wrapped text of the row being written needs.
    lines: u32,
}

impl Form {
    /// A text over columns `first..=last` of a row (merged when more than one), its lines counted
    /// for the row's height.
    fn text(&mut self, row: u32, (first, last): (u16, u16), text: &str, format: &Format) -> Result<(), ExportError> {
        let width: u32 = (first..=last).map(|c| WIDTHS[usize::from(c)]).sum();
        self.lines = self.lines.max(lines_needed(text, width));
        self.book.merge_area((row, first), (row, last), text, format)
    }

    fn number(&mut self, row: u32, col: u16, value: Option<Decimal>, shown: Shown) -> Result<(), ExportError> {
        let format = self.styles.value.clone();
        match value {
            Some(value) => {
                self.book.write_number(row, col, value, &format.with_num_format(number_format(value, shown)))
            }
            None => self.book.write_blank(row, col, &format),
        }
    }

    /// Gives the row the height its wrapped texts need (LibreOffice and WPS do not fit rows).
    fn fit_row(&mut self, row: u32) -> Result<(), ExportError> {
        if self.lines > 1 {
            self.book.set_row_height(row, self.lines.min(MAX_LINES) * LINE_HEIGHT)?;
        }
        self.lines = 1;
        Ok(())
    }

    /// Writes the whole form; returns the first indicator header's row (repeated on printed pages).
    fn write(&mut self, evaluation: &Evaluation, scored: &Scored, title: &str) -> Result<u32, ExportError> {
        let words = self.words;
        let meta = &evaluation.meta;
        let (label, text) = (self.styles.label.clone(), self.styles.text.clone());
        let title_format = self.styles.title.clone();
        self.book.merge_area((0, 0), (0, LAST), title, &title_format)?;
        self.book.set_row_height(0, TITLE_HEIGHT)?;
        let mut row = 1;
        // The year under a title that does not say it: （2023年度）.
        if let Some(year) = meta.year.filter(|year| !title.contains(&format!("{year}年"))) {
            self.book.merge_area((row, 0), (row, LAST), &format!("（{year}{}）", words.year), &title_format)?;
            row += 1;
        }
        self.text(row, (0, 0), words.project, &label)?;
        self.text(row, (1, LAST), meta.project.trim(), &text)?;
        self.fit_row(row)?;
        row += 1;
        self.text(row, (0, 0), words.department, &label)?;
        self.text(row, (1, 3), meta.department.trim(), &text)?;
        self.text(row, (4, 4), words.executing_unit, &label)?;
        self.text(row, (5, LAST), meta.executing_unit.trim(), &text)?;
        self.fit_row(row)?;
        row += 1;

        let nodes: Vec<(&Node, &NodeResult)> = evaluation.root.walk().zip(&scored.nodes).collect();
        if let Some((node, result)) = nodes.iter().find(|(n, _)| matches!(n.rule(), Some(Rule::Budget { .. }))) {
            row = self.funds(row, node, result)?;
        }

        self.book.merge_area((row, 0), (row + 1, 0), words.goals, &label)?;
        self.text(row, (1, 4), words.goal_columns[0], &label)?;
        self.text(row, (5, LAST), words.goal_columns[1], &label)?;
        row += 1;
        self.text(row, (1, 4), meta.goal_expected.trim(), &text)?;
        self.text(row, (5, LAST), meta.goal_actual.trim(), &text)?;
        self.fit_row(row)?;
        row += 1;

        let blocks = blocks(&nodes);
        let mut first_header = None;
        for block in &blocks {
            let heading = match block.group {
                Some(group) if blocks.len() > 1 => group.name.trim(),
                _ => words.indicators,
            };
            self.book.merge_area((row, 0), (row, LAST), heading, &label)?;
            row += 1;
            for (col, name) in (0u16..).zip(words.columns) {
                self.text(row, (col, col), name, &label)?;
            }
            self.fit_row(row)?;
            first_header.get_or_insert(row);
            row += 1;
            let lines = lines(block, scored);
            row = self.indicator_table(row, &lines)?;
        }

        let root = scored.root();
        let open = scored.open_inputs();
        let total = filed(root.reported, scored.total, open.is_empty());
        self.text(row, (0, ACTUAL), words.total, &label)?;
        self.number(row, POINTS, Some(root.points), Shown::Plain)?;
        // Shown by the one rule for totals (96.980, as the page and `jixiao score` show it).
        self.number(row, SCORE, total, Shown::Total(meta.display_decimals))?;
        self.text(row, (REASON, REASON), "", &text)?;
        row += 1;
        self.text(row, (0, ACTUAL), words.grade, &label)?;
        let grade = total.map(|total| crate::domain::scored::grade_for(total, &meta.grade_bands)).unwrap_or_default();
        self.text(row, (POINTS, LAST), &grade, &self.styles.value.clone())?;
        row += 1;
        // A printed total the rules do not give: the computed one beside it, as a reviewer notes it.
        if root.reported.is_some_and(|reported| reported != scored.total) && open.is_empty() {
            let computed = format!("{} {}、{} {}", words.total, format_exact(scored.total), words.grade, scored.grade);
            self.text(row, (0, ACTUAL), words.computed, &label)?;
            self.text(row, (POINTS, LAST), &computed, &text)?;
            self.fit_row(row)?;
            row += 1;
        }
        let budget_reason = nodes.iter().find_map(|(n, _)| match n.rule() {
            Some(Rule::Budget { reason, .. }) if !reason.trim().is_empty() => Some(reason.trim()),
            _ => None,
        });
        let closing = [meta.conclusion.trim(), meta.problems.trim(), meta.improvements.trim()];
        for (name, value) in
            words.closing.into_iter().zip(closing).chain(budget_reason.map(|r| (words.budget_reason, r)))
        {
            self.text(row, (0, 1), name, &label)?;
            self.text(row, (2, LAST), value, &text)?;
            self.fit_row(row)?;
            row += 1;
        }
        Ok(first_header.unwrap_or(row))
    }

    /// The funds block from `row`: its header, then one line per budget line. Returns the row after it.
    fn funds(&mut self, row: u32, node: &Node, result: &NodeResult) -> Result<u32, ExportError> {
        let words = self.words;
        let label = self.styles.label.clone();
        let Some(Rule::Budget { lines, .. }) = node.rule() else { return Ok(row) };
        // The unit the amounts are in, as the node's note says (单位：元); 万元 by default.
        let unit = if node.note.contains('元') && !node.note.contains("万元") {
            words.funds_units[1]
        } else {
            words.funds_units[0]
        };
        let last_line = row.saturating_add(u32::try_from(lines.len()).unwrap_or(u32::MAX));
        self.book.merge_area((row, 0), (last_line, 0), &format!("{}（{unit}）", words.funds), &label)?;
        self.text(row, (1, 1), "", &label)?;
        for (col, name) in (FUNDS_FIRST_AMOUNT..).zip(words.budget) {
            self.text(row, (col, col), name, &label)?;
        }
        self.fit_row(row)?;
        let rate = match result.detail {
            Detail::Budget { rate } => rate.and_then(|rate| num::div(rate, HUNDRED).ok()),
            _ => None,
        };
        let text = self.styles.text.clone();
        for (i, (line, r)) in lines.iter().zip(row + 1..).enumerate() {
            let name =
                if i == 1 { format!("{}{}", words.of_which, line.name.trim()) } else { line.name.trim().to_string() };
            self.text(r, (1, 1), &name, &text)?;
            for (col, amount) in (FUNDS_FIRST_AMOUNT..).zip([line.initial, line.adjusted, line.executed]) {
                self.number(r, col, amount, Shown::Plain)?;
            }
            if i == 0 {
                self.number(r, FUNDS_FIRST_AMOUNT + 3, Some(result.points), Shown::Plain)?;
                self.number(r, FUNDS_FIRST_AMOUNT + 4, rate, Shown::Percent)?;
                let score = filed(result.reported, result.score, result.status == Status::Scored);
                self.number(r, FUNDS_FIRST_AMOUNT + 5, score, Shown::Plain)?;
            } else {
                let value = self.styles.value.clone();
                for col in FUNDS_FIRST_AMOUNT + 3..=LAST {
                    self.text(r, (col, col), "—", &value)?;
                }
            }
            self.fit_row(r)?;
        }
        Ok(last_line.saturating_add(1))
    }

    /// The rows of one block from `row`, 一级 and 二级 merged over their runs. Returns the row after.
    fn indicator_table(&mut self, first: u32, lines: &[Line]) -> Result<u32, ExportError> {
        let (label, text, value) = (self.styles.label.clone(), self.styles.text.clone(), self.styles.value.clone());
        let mut row = first;
        for line in lines {
            match line {
                Line::Indicator { indicator, result, .. } => {
                    self.text(row, (NAME, NAME), indicator.name.trim(), &text)?;
                    self.text(row, (TARGET, TARGET), &written_target(indicator), &value)?;
                    self.text(row, (ACTUAL, ACTUAL), &written_actual(indicator), &value)?;
                    self.number(row, POINTS, Some(indicator.points.unwrap_or(result.share)), Shown::Plain)?;
                    let complete = !matches!(result.badge(), Badge::Pending | Badge::Invalid | Badge::NotApplicable);
                    self.number(row, SCORE, filed(indicator.reported, result.score, complete), Shown::Plain)?;
                    self.text(row, (REASON, REASON), indicator.deviation_reason.trim(), &text)?;
                }
                Line::Subtotal { node, result } => {
                    self.text(row, (LEVEL_1, ACTUAL), &format!("{}{}", node.name.trim(), self.words.subtotal), &label)?;
                    self.number(row, POINTS, Some(result.points), Shown::Plain)?;
                    self.number(row, SCORE, result.reported, Shown::Plain)?;
                    self.text(row, (REASON, REASON), "", &text)?;
                }
                Line::Other { node, result } => {
                    self.text(row, (LEVEL_1, NAME), node.name.trim(), &text)?;
                    self.text(row, (TARGET, ACTUAL), "", &value)?;
                    self.number(row, POINTS, Some(result.points), Shown::Plain)?;
                    let score = filed(result.reported, result.score, result.status == Status::Scored);
                    self.number(row, SCORE, score, Shown::Plain)?;
                    let reason = match node.rule() {
                        Some(Rule::Manual { reason, .. }) => reason.trim(),
                        _ => "",
                    };
                    self.text(row, (REASON, REASON), reason, &text)?;
                }
            }
            self.fit_row(row)?;
            row += 1;
        }
        // 一级 over each run of indicator rows with the same 一级, 二级 over each run within it with
        // the same 二级. A 小计 or another item ends a run.
        let level = |line: &Line, depth: usize| match line {
            Line::Indicator { level_1, level_2, .. } => {
                Some(if depth == 1 { level_1.clone() } else { level_2.clone() })
            }
            _ => None,
        };
        for (col, depth) in [(LEVEL_1, 1), (LEVEL_2, 2)] {
            let mut start = 0;
            while start < lines.len() {
                let Some(name) = level(&lines[start], depth) else {
                    start += 1;
                    continue;
                };
                let parent = level(&lines[start], 1);
                let end = (start..lines.len())
                    .take_while(|&i| level(&lines[i], depth).as_ref() == Some(&name) && level(&lines[i], 1) == parent)
                    .last()
                    .unwrap_or(start);
                let (top, bottom) = (first + start as u32, first + end as u32);
                self.book.merge_area((top, col), (bottom, col), &name, &value)?;
                start = end + 1;
            }
        }
        Ok(row)
    }
}

/// The blocks of lists and other scored items, in the tree's order.
fn blocks<'a>(nodes: &[(&'a Node, &'a NodeResult)]) -> Vec<Block<'a>> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut top: Option<&Node> = None;
    for &(node, result) in nodes {
        if result.depth == 1 {
            top = Some(node);
        }
        let item = match node.rule() {
            None | Some(Rule::Budget { .. }) => continue,
            Some(_) => (node, result),
        };
        let group = if result.depth >= 2 { top } else { None };
        match blocks.last_mut() {
            Some(block) if block.group.map(|g| g as *const Node) == group.map(|g| g as *const Node) => {
                block.items.push(item)
            }
            _ => blocks.push(Block { group, items: vec![item] }),
        }
    }
    blocks
}

/// A block's rows: each list's indicators (its 小计 after them when the report prints one), and the
/// other scored items as they come.
fn lines<'a>(block: &Block<'a>, scored: &'a Scored) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    for &(node, result) in &block.items {
        if !matches!(node.rule(), Some(Rule::Indicators { .. })) {
            lines.push(Line::Other { node, result });
            continue;
        }
        for (indicator, indicator_result) in node.indicators().iter().zip(scored.indicators_of(&node.id)) {
            // 产出指标/数量指标 → 一级 产出指标, 二级 数量指标; a row without a category takes its list's name.
            let category = indicator.category.trim();
            let (level_1, level_2) = match category.split_once('/') {
                Some((one, two)) => (one.trim().to_string(), two.trim().to_string()),
                None if category.is_empty() => (node.name.trim().to_string(), String::new()),
                None => (category.to_string(), String::new()),
            };
            lines.push(Line::Indicator { level_1, level_2, indicator, result: indicator_result });
        }
        if node.reported.is_some() {
            lines.push(Line::Subtotal { node, result });
        }
    }
    lines
}

/// What a form's 得分 holds: the score the report prints, else the computed one once it is final.
fn filed(reported: Option<Decimal>, computed: Decimal, complete: bool) -> Option<Decimal> {
    reported.or(complete.then_some(computed))
}

/// The target as written. A number written without its sign gets the row's ≤ or = before it: a
/// reader of the form takes a bare number for ≥.
fn written_target(indicator: &Indicator) -> String {
    let text = indicator.target_text.trim();
    if text.is_empty() {
        return if indicator.target.is_some() { target_text(indicator) } else { String::new() };
    }
    let written = read_target(text);
    match written.value {
        // The text says another number than the row holds: the row's own.
        Written::Number(n) if indicator.target.is_some_and(|target| target != n) => target_text(indicator),
        Written::Number(_)
            if written.sign.is_none() && matches!(indicator.direction, Direction::AtMost | Direction::Exactly) =>
        {
            format!("{}{text}", indicator.direction.symbol())
        }
        _ => text.to_string(),
    }
}

/// The actual as written, when its wording still says what the row holds; else the row's value
/// with its unit. A row that does not apply reads "/", as forms write it.
fn written_actual(indicator: &Indicator) -> String {
    if indicator.not_applicable {
        return "/".to_string();
    }
    let Some(actual) = &indicator.actual else { return String::new() };
    let text = indicator.actual_text.trim();
    if !text.is_empty() && Actual::written(text).ok().flatten().as_ref() == Some(actual) {
        return text.to_string();
    }
    match actual {
        Actual::Number(n) => format!("{}{}", format_exact(*n), indicator.unit.trim()),
        other => level_text(other, Lang::Zh),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::score;
    use crate::export::workbook::tests::assert_well_formed;

    fn example() -> Evaluation {
        crate::presets::find("project-national-example").unwrap().evaluation().unwrap()
    }

    #[test]
    fn targets_keep_their_wording_and_their_direction() {
        let mut row = Indicator::new("i", "项目总成本", Direction::AtMost);
        row.take_written_target("880万元");
        assert_eq!(written_target(&row), "≤880万元", "a bare number would read as ≥");
        row.take_written_target("≤880万元");
        assert_eq!(written_target(&row), "≤880万元");
        let mut row = Indicator::new("i", "水质达标率", Direction::AtLeast);
        row.take_written_target("95%以上");
        assert_eq!(written_target(&row), "95%以上");
        row.target = Some(Decimal::from(90));
        assert_eq!(written_target(&row), "≥ 90%", "the text says 95, the row 90");
        row.direction = Direction::OnTime;
        row.take_written_target("12月底前");
        assert_eq!(written_target(&row), "12月底前");
    }

    #[test]
    fn actuals_keep_their_wording_while_it_says_the_value() {
        let mut row = Indicator::new("i", "受益人口", Direction::AtLeast);
        row.unit = "万人".into();
        assert_eq!(written_actual(&row), "");
        row.take_written_actual("3.0万人");
        assert_eq!(written_actual(&row), "3.0万人");
        row.actual = Some(Actual::Number(Decimal::new(32, 1)));
        assert_eq!(written_actual(&row), "3.2万人", "the wording says 3.0, the row 3.2");
        row.not_applicable = true;
        assert_eq!(written_actual(&row), "/");
    }

    #[test]
    fn the_form_is_a_zip_of_well_formed_parts_with_merged_levels() {
        let evaluation = example();
        let bytes = to_xlsx(&evaluation, &score(&evaluation), Lang::Zh).unwrap();
        let parts = super::super::zip::tests::read_zip(&bytes);
        for (name, data) in &parts {
            assert_well_formed(name, &String::from_utf8(data.clone()).unwrap());
        }
        let sheet = parts.iter().find(|(n, _)| n == "xl/worksheets/sheet1.xml").unwrap();
        let sheet = String::from_utf8(sheet.1.clone()).unwrap();
        assert!(sheet.contains("<mergeCells count="), "{sheet}");
        assert!(!sheet.contains("state=\"frozen\""), "a form's long heading is not frozen");
        let styles = parts.iter().find(|(n, _)| n == "xl/styles.xml").unwrap();
        let styles = String::from_utf8(styles.1.clone()).unwrap();
        assert!(styles.contains(r#"<alignment horizontal="center" vertical="center" wrapText="1"/>"#));
    }

    /// 总分 as the page, the printout and `jixiao score`'s display show it (96.980, not 96.979887), the
    /// exact value underneath.
    #[test]
    fn the_total_shows_by_the_one_rule_for_totals() {
        use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
        let mut evaluation = example();
        // A total with more places than the display's: 受益农村人口 at 2.9 of 3.2.
        let edit = crate::domain::Edit::Actual {
            indicator: "output-02".into(),
            value: Some(crate::domain::Actual::Number(Decimal::new(29, 1))),
        };
        edit.apply(&mut evaluation).unwrap();
        evaluation.root.reported = None;
        let scored = score(&evaluation);
        assert!(scored.total.normalize().scale() > 3, "{}", scored.total);
        let bytes = to_xlsx(&evaluation, &scored, Lang::Zh).unwrap();
        let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes.clone())).unwrap();
        let range = book.worksheet_range_at(0).unwrap().unwrap();
        let row = range.rows().position(|r| r.first() == Some(&Data::String("总分".into()))).expect("总分");
        let cell = format!("G{}", row + 1);
        assert_eq!(SCORE, 6, "column G");
        assert_eq!(crate::export::workbook::tests::cell_format(&bytes, 1, &cell), "#,##0.000");
        match range.get((row, SCORE as usize)) {
            Some(Data::Float(value)) => {
                assert_eq!(Decimal::try_from(*value).unwrap().round_dp(6), scored.total.round_dp(6))
            }
            other => panic!("{other:?}"),
        }
    }
}
