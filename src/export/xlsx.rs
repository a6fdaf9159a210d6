//! The 自评表 as an Excel workbook: a title block (title, department, year), the summary (computed and
//! reported totals, grade, each section's subtotal), then the table, one row per node and per indicator
//! in the tree's order, and the total last. Scores, points, actuals and completion rates are numeric
//! cells with a number format that shows their decimals; the header row is frozen and repeats on every
//! printed page (A4 landscape, one page wide).

use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, Format, FormatAlign, FormatBorder, Workbook, Worksheet};

use super::{level_text, node_paths, target_text, three_levels, ExportError};
use crate::domain::num::{self, HUNDRED};
use crate::domain::{Actual, Detail, Evaluation, Indicator, IndicatorResult, Lang, Node, NodeResult, Rule, Scored};

/// Columns of the table.
const POINTS: u16 = 3;
const TARGET: u16 = 4;
const ACTUAL: u16 = 5;
const RATIO: u16 = 6;
const SCORE: u16 = 7;
const REPORTED: u16 = 8;
const REASON: u16 = 9;
const LAST_COLUMN: u16 = REASON;

/// Column widths in Excel's units (about one Latin character; a Chinese character takes two).
const WIDTHS: [f64; 10] = [14.0, 26.0, 44.0, 8.0, 22.0, 14.0, 10.0, 10.0, 10.0, 40.0];

/// Decimals shown at most: beyond them an exact value such as 10/15 is rounded for display only (the
/// cell holds the full f64 and the CSV the exact decimal).
const MAX_PLACES: u32 = 6;
const MAX_PERCENT_PLACES: u32 = 3;

/// Points per line of wrapped text (the default 11 pt font, with room for Chinese glyphs), and the
/// most lines a row is made tall for (Excel's rows stop at 409 pt).
const LINE_HEIGHT: f64 = 15.0;
const MAX_LINES: u32 = 27;

const ACCENT: u32 = 0x1D4F91;
const GROUP_FILL: u32 = 0xE7EEF8;
const LINE: u32 = 0xB8C2CF;

struct Labels {
    sheet: &'static str,
    headers: [&'static str; 10],
    untitled: &'static str,
    department: &'static str,
    year: &'static str,
    total: &'static str,
    reported_total: &'static str,
    grade: &'static str,
    capped_at: &'static str,
    sum_row: &'static str,
    pending: &'static str,
    not_applicable: &'static str,
    passed: &'static str,
    failed: &'static str,
}

static ZH: Labels = Labels {
    sheet: "自评表",
    headers: [
        "一级指标",
        "二级指标",
        "三级指标",
        "分值",
        "年度目标值",
        "实际完成值",
        "完成率",
        "得分",
        "报告得分",
        "偏差原因",
    ],
    untitled: "绩效自评表",
    department: "部门",
    year: "年度",
    total: "计算总分",
    reported_total: "报告总分",
    grade: "等级",
    capped_at: "封顶",
    sum_row: "合计",
    pending: "待填",
    not_applicable: "不适用",
    passed: "达标",
    failed: "未达标",
};

static EN: Labels = Labels {
    sheet: "Self-evaluation",
    headers: [
        "Level 1",
        "Level 2",
        "Level 3",
        "Points",
        "Annual target",
        "Actual",
        "Completion",
        "Score",
        "Reported score",
        "Reason for deviation",
    ],
    untitled: "Performance self-evaluation",
    department: "Department",
    year: "Year",
    total: "Computed total",
    reported_total: "Reported total",
    grade: "Grade",
    capped_at: "Capped at",
    sum_row: "Total",
    pending: "To fill",
    not_applicable: "N/A",
    passed: "Pass",
    failed: "Fail",
};

/// The workbook's bytes.
pub fn to_xlsx(evaluation: &Evaluation, scored: &Scored, lang: Lang) -> Result<Vec<u8>, ExportError> {
    let labels = lang.pick(&ZH, &EN);
    let meta = &evaluation.meta;
    let title = if meta.title.trim().is_empty() { labels.untitled } else { meta.title.trim() };
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new().set_title(title).set_company(meta.department.trim()).set_comment("绩效自评计算器"),
    );
    let sheet = workbook.add_worksheet();
    sheet.set_name(labels.sheet)?;
    for (col, width) in (0u16..).zip(WIDTHS) {
        sheet.set_column_width(col, width)?;
    }
    let mut out = Sheet { sheet, labels, styles: Styles::new(), lang, lines: 1 };
    let header = out.title_and_summary(evaluation, scored, title)?;
    out.table(evaluation, scored, header)?;

    out.sheet.set_freeze_panes(header + 1, 0)?;
    out.sheet.set_repeat_rows(header, header)?;
    out.sheet.set_landscape().set_paper_size(9).set_print_fit_to_pages(1, 0);
    Ok(workbook.save_to_buffer()?)
}

/// rust_xlsxwriter stores a numeric cell as an f64, as Excel itself does: this is the one place the
/// exact decimals become floating point, at the very edge. Scoring never sees it. Going through the
/// decimal's text gives the f64 nearest to the exact value, which Excel shows with the same digits for
/// anything up to 15 significant digits (97.7794 reads back as 97.7794); the CSV keeps the exact text.
fn to_f64(value: Decimal) -> Result<f64, ExportError> {
    let text = value.normalize().to_string();
    text.parse::<f64>().map_err(|_| ExportError::Number(text))
}

/// How a number is shown.
#[derive(Clone, Copy)]
enum Shown<'a> {
    Plain,
    /// A ratio shown as a percentage (0.65 → 65%).
    Percent,
    /// A number followed by its unit, which stays out of the value (13 → "13 人"; 99.83 → "99.83%").
    Unit(&'a str),
}

fn places(value: Decimal) -> u32 {
    value.normalize().scale()
}

fn digits(places: u32) -> String {
    if places == 0 {
        "#,##0".to_string()
    } else {
        format!("#,##0.{}", "0".repeat(places as usize))
    }
}

/// An Excel number format showing the value's own decimals.
fn number_format(value: Decimal, shown: Shown) -> String {
    match shown {
        Shown::Plain => digits(places(value).min(MAX_PLACES)),
        Shown::Percent => {
            let places = places(value).saturating_sub(2).min(MAX_PERCENT_PLACES);
            if places == 0 {
                "0%".to_string()
            } else {
                format!("0.{}%", "0".repeat(places as usize))
            }
        }
        Shown::Unit(unit) => {
            // Quoted literal text: a quote or backslash in the unit would end or escape it.
            let unit: String = unit.trim().chars().filter(|c| !matches!(c, '"' | '\\')).collect();
            let number = digits(places(value).min(MAX_PLACES));
            match unit.as_str() {
                "" => number,
                "%" | "％" => format!("{number}\"%\""),
                unit => format!("{number}\" {unit}\""),
            }
        }
    }
}

struct Styles {
    title: Format,
    label: Format,
    value_text: Format,
    value_number: Format,
    header: Format,
    body: Format,
    group: Format,
}

impl Styles {
    fn new() -> Styles {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_border_color(LINE)
            .set_align(FormatAlign::Top)
            .set_text_wrap();
        Styles {
            title: Format::new().set_bold().set_font_size(16),
            label: Format::new().set_bold().set_font_color(0x616E7C),
            value_text: Format::new().set_bold().set_align(FormatAlign::Left),
            value_number: Format::new().set_bold().set_align(FormatAlign::Left),
            header: cell.clone().set_bold().set_font_color(0xFFFFFF).set_background_color(ACCENT),
            group: cell.clone().set_bold().set_background_color(GROUP_FILL),
            body: cell,
        }
    }
}

struct Sheet<'a> {
    sheet: &'a mut Worksheet,
    labels: &'static Labels,
    styles: Styles,
    lang: Lang,
    /// The most lines a wrapped text of the row being written needs.
    lines: u32,
}

impl Sheet<'_> {
    fn text(&mut self, row: u32, col: u16, text: &str, format: &Format) -> Result<(), ExportError> {
        let width = WIDTHS.get(usize::from(col)).copied().unwrap_or(10.0);
        self.lines = self.lines.max(lines_needed(text, width));
        if text.is_empty() {
            self.sheet.write_blank(row, col, format)?;
        } else {
            self.sheet.write_string_with_format(row, col, text, format)?;
        }
        Ok(())
    }

    fn number(&mut self, row: u32, col: u16, value: Decimal, shown: Shown, base: &Format) -> Result<(), ExportError> {
        let format = base.clone().set_num_format(number_format(value, shown));
        self.sheet.write_number_with_format(row, col, to_f64(value)?, &format)?;
        Ok(())
    }

    fn maybe_number(
        &mut self,
        row: u32,
        col: u16,
        value: Option<Decimal>,
        shown: Shown,
        base: &Format,
    ) -> Result<(), ExportError> {
        match value {
            Some(value) => self.number(row, col, value, shown, base),
            None => self.text(row, col, "", base),
        }
    }

    /// Writes the title block and the summary; returns the header row of the table below them.
    fn title_and_summary(&mut self, evaluation: &Evaluation, scored: &Scored, title: &str) -> Result<u32, ExportError> {
        let labels = self.labels;
        let meta = &evaluation.meta;
        let title_format = self.styles.title.clone();
        let label = self.styles.label.clone();
        let value_text = self.styles.value_text.clone();
        let value_number = self.styles.value_number.clone();
        self.sheet.merge_range(0, 0, 0, LAST_COLUMN, title, &title_format)?;
        self.sheet.set_row_height(0, 26)?;
        let mut row = 1;
        self.text(row, 0, labels.department, &label)?;
        self.text(row, 1, meta.department.trim(), &value_text)?;
        row += 1;
        self.text(row, 0, labels.year, &label)?;
        if let Some(year) = meta.year {
            self.sheet.write_number_with_format(row, 1, year, &value_number.clone().set_num_format("0"))?;
        }
        row += 1;
        let root = scored.root();
        self.text(row, 0, labels.total, &label)?;
        self.number(row, 1, scored.total, Shown::Plain, &value_number)?;
        row += 1;
        if let Some(cap) = scored.cap {
            self.text(row, 0, labels.capped_at, &label)?;
            self.number(row, 1, cap, Shown::Plain, &value_number)?;
            row += 1;
        }
        self.text(row, 0, labels.reported_total, &label)?;
        if let Some(reported) = root.reported {
            self.number(row, 1, reported, Shown::Plain, &value_number)?;
        }
        row += 1;
        self.text(row, 0, labels.grade, &label)?;
        self.text(row, 1, &scored.grade, &value_text)?;
        row += 1;
        let sections = evaluation.root.children().iter().zip(scored.nodes.iter().filter(|n| n.depth == 1));
        for (node, result) in sections {
            self.text(row, 0, &node.name, &label)?;
            self.number(row, 1, result.score, Shown::Plain, &value_number)?;
            row += 1;
        }
        // One empty row, then the table.
        Ok(row + 1)
    }

    fn table(&mut self, evaluation: &Evaluation, scored: &Scored, header: u32) -> Result<(), ExportError> {
        let header_format = self.styles.header.clone();
        self.lines = 1;
        for (col, name) in (0u16..).zip(self.labels.headers) {
            self.text(header, col, name, &header_format)?;
        }
        self.fit_row(header)?;
        let paths = node_paths(evaluation, scored);
        let nodes: Vec<&Node> = evaluation.root.walk().collect();
        let mut row = header + 1;
        // `score` lists the indicators in the tree's order, each list's in its own.
        let mut indicator_results = scored.indicators.iter();
        for ((node, result), path) in nodes.iter().zip(&scored.nodes).zip(&paths) {
            if result.parent.is_none() {
                continue; // the root is the total, written last
            }
            self.node_row(row, node, result, path)?;
            self.fit_row(row)?;
            row += 1;
            for (indicator, indicator_result) in node.indicators().iter().zip(indicator_results.by_ref()) {
                let mut full_path = path.clone();
                full_path.push(indicator.name.as_str());
                self.indicator_row(row, indicator, indicator_result, &full_path)?;
                self.fit_row(row)?;
                row += 1;
            }
        }
        self.total_row(row, scored)?;
        self.fit_row(row)
    }

    /// Gives a row whose wrapped text runs over several lines the height to show it all: Excel fits
    /// such rows itself, but LibreOffice and WPS keep the default height of files that state none.
    fn fit_row(&mut self, row: u32) -> Result<(), ExportError> {
        if self.lines > 1 {
            self.sheet.set_row_height(row, f64::from(self.lines.min(MAX_LINES)) * LINE_HEIGHT)?;
        }
        self.lines = 1;
        Ok(())
    }

    fn node_row(&mut self, row: u32, node: &Node, result: &NodeResult, path: &[&str]) -> Result<(), ExportError> {
        let labels = self.labels;
        let format = if node.rule().is_none() { self.styles.group.clone() } else { self.styles.body.clone() };
        for (col, name) in (0u16..).zip(three_levels(path)) {
            self.text(row, col, &name, &format)?;
        }
        self.number(row, POINTS, result.points, Shown::Plain, &format)?;
        self.text(row, TARGET, "", &format)?;
        let pending = labels.pending;
        match node.rule() {
            Some(Rule::Rate { rate: Some(rate) }) => self.number(row, ACTUAL, *rate, Shown::Unit("%"), &format)?,
            Some(Rule::Bands { input: Some(input), unit, .. }) => {
                self.number(row, ACTUAL, *input, Shown::Unit(unit), &format)?
            }
            Some(Rule::Deduction { value: Some(value), .. }) => {
                self.number(row, ACTUAL, *value, Shown::Plain, &format)?
            }
            Some(Rule::PassFail { passed: Some(passed) }) => {
                self.text(row, ACTUAL, if *passed { labels.passed } else { labels.failed }, &format)?
            }
            Some(Rule::Rate { rate: None })
            | Some(Rule::Bands { input: None, .. })
            | Some(Rule::Deduction { value: None, .. })
            | Some(Rule::PassFail { passed: None })
            | Some(Rule::Manual { score: None, .. }) => self.text(row, ACTUAL, pending, &format)?,
            _ => self.text(row, ACTUAL, "", &format)?,
        }
        // The execution rate credited, as a share (99.983 % → 0.99983).
        let rate = match &result.detail {
            Detail::Rate { credited } => *credited,
            Detail::MonthlyExecution { average, .. } => *average,
            _ => None,
        };
        let ratio = rate.and_then(|rate| num::div(rate, HUNDRED).ok());
        self.maybe_number(row, RATIO, ratio, Shown::Percent, &format)?;
        self.number(row, SCORE, result.score, Shown::Plain, &format)?;
        self.maybe_number(row, REPORTED, result.reported, Shown::Plain, &format)?;
        let mut reason = match node.rule() {
            Some(Rule::Manual { reason, .. }) => reason.trim().to_string(),
            _ => String::new(),
        };
        if let Some(error) = &result.error {
            push_line(&mut reason, &error.message(self.lang));
        }
        self.text(row, REASON, &reason, &format)
    }

    fn indicator_row(
        &mut self,
        row: u32,
        indicator: &Indicator,
        result: &IndicatorResult,
        path: &[&str],
    ) -> Result<(), ExportError> {
        let format = self.styles.body.clone();
        for (col, name) in (0u16..).zip(three_levels(path)) {
            self.text(row, col, &name, &format)?;
        }
        self.number(row, POINTS, result.share, Shown::Plain, &format)?;
        self.text(row, TARGET, &target_text(indicator), &format)?;
        match &indicator.actual {
            Some(Actual::Number(actual)) => self.number(row, ACTUAL, *actual, Shown::Unit(&indicator.unit), &format)?,
            Some(level) => self.text(row, ACTUAL, &level_text(level, self.lang), &format)?,
            None if indicator.not_applicable => self.text(row, ACTUAL, self.labels.not_applicable, &format)?,
            None => self.text(row, ACTUAL, self.labels.pending, &format)?,
        }
        self.maybe_number(row, RATIO, result.ratio(), Shown::Percent, &format)?;
        self.number(row, SCORE, result.score, Shown::Plain, &format)?;
        self.text(row, REPORTED, "", &format)?;
        let mut reason = indicator.deviation_reason.trim().to_string();
        if let Some(error) = result.error() {
            push_line(&mut reason, &error.message(self.lang));
        }
        self.text(row, REASON, &reason, &format)
    }

    /// The root's row: points, the total after any cap, the reported total.
    fn total_row(&mut self, row: u32, scored: &Scored) -> Result<(), ExportError> {
        let format = self.styles.group.clone();
        let root = scored.root();
        self.text(row, 0, self.labels.sum_row, &format)?;
        for col in 1..POINTS {
            self.text(row, col, "", &format)?;
        }
        self.number(row, POINTS, root.points, Shown::Plain, &format)?;
        for col in [TARGET, ACTUAL, RATIO] {
            self.text(row, col, "", &format)?;
        }
        self.number(row, SCORE, scored.total, Shown::Plain, &format)?;
        self.maybe_number(row, REPORTED, root.reported, Shown::Plain, &format)?;
        let note = scored.cap.map(|cap| format!("{} {}", self.labels.capped_at, num::format_exact(cap)));
        self.text(row, REASON, &note.unwrap_or_default(), &format)
    }
}

/// Lines a text takes in a column of `width` (a Chinese character is two units wide, others one).
fn lines_needed(text: &str, width: f64) -> u32 {
    let per_line = (width - 1.0).max(1.0);
    text.split('\n')
        .map(|line| {
            let units: f64 = line.chars().map(|c| if c.is_ascii() { 1.0 } else { 2.0 }).sum();
            ((units / per_line).ceil() as u32).max(1)
        })
        .sum()
}

fn push_line(text: &mut String, line: &str) {
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(line);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn formats_show_the_value_s_own_decimals() {
        assert_eq!(number_format(d("97.7794"), Shown::Plain), "#,##0.0000");
        assert_eq!(number_format(d("20"), Shown::Plain), "#,##0");
        assert_eq!(number_format(d("48.000"), Shown::Plain), "#,##0");
        assert_eq!(number_format(d("0.6666666666666666666666666667"), Shown::Plain), "#,##0.000000");
        assert_eq!(number_format(d("0.65"), Shown::Percent), "0%");
        assert_eq!(number_format(d("0.99983"), Shown::Percent), "0.000%");
        assert_eq!(number_format(d("1"), Shown::Percent), "0%");
        assert_eq!(number_format(d("13"), Shown::Unit("人")), "#,##0\" 人\"");
        assert_eq!(number_format(d("99.83"), Shown::Unit("%")), "#,##0.00\"%\"");
        assert_eq!(number_format(d("5"), Shown::Unit("a\"b\\")), "#,##0\" ab\"");
    }

    #[test]
    fn wrapped_text_gets_its_lines() {
        assert_eq!(lines_needed("", 10.0), 1);
        assert_eq!(lines_needed("short", 10.0), 1);
        assert_eq!(lines_needed("人才", 10.0), 1);
        assert_eq!(lines_needed("对已入选的创新领军人才", 10.0), 3, "22 units over 9 a line");
        assert_eq!(lines_needed("a\nb\nc", 10.0), 3);
    }

    #[test]
    fn numbers_reach_excel_through_their_text() {
        assert_eq!(to_f64(d("97.7794")).unwrap(), 97.7794);
        assert_eq!(to_f64(d("0.40625")).unwrap(), 0.40625);
        assert_eq!(to_f64(d("-13.65")).unwrap(), -13.65);
        assert_eq!(to_f64(Decimal::MAX).unwrap(), 7.922816251426434e28);
    }
}
