//! The 自评表 as an Excel workbook: a title block (title, department, year), the summary (computed and
//! reported totals, grade, each section's subtotal), then the table, one row per node and per indicator
//! in the tree's order, and the total last. Scores, points, actuals and completion rates are numeric
//! cells with a number format that shows their decimals; the header row is frozen and repeats on every
//! printed page (A4 landscape, one page wide).
//!
//! This file is the layout: which rows and columns hold what, and how each looks. The cells, styles
//! and package are written by `super::workbook`, a small writer of our own: one sheet with a few
//! styles needs a few hundred lines, where a general workbook library and its compression stack cost
//! the browser app some 290 KB of wasm. The same evaluation gives the same bytes.

use rust_decimal::Decimal;

use super::columns::{level_text, node_paths, target_text, three_levels};
use super::workbook::{Font, Format, Parts, Workbook};
use super::ExportError;
use crate::domain::num::{self, HUNDRED};
use crate::domain::{
    Actual, Detail, Evaluation, Indicator, IndicatorResult, Lang, MetaText, Node, NodeResult, Rule, Scored,
};
use crate::i18n::{texts, Texts};

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
const WIDTHS: [u32; 10] = [14, 26, 44, 8, 22, 14, 10, 10, 10, 40];

/// Decimals shown at most: beyond them an exact value such as 10/15 is rounded for display only (the
/// cell holds the whole decimal, as the CSV does).
const MAX_PLACES: u32 = 6;
const MAX_PERCENT_PLACES: u32 = 3;

/// Points per line of wrapped text (the default 11 pt font, with room for Chinese glyphs), and the
/// most lines a row is made tall for (Excel's rows stop at 409 pt).
pub(super) const LINE_HEIGHT: u32 = 15;
pub(super) const MAX_LINES: u32 = 27;
pub(super) const TITLE_HEIGHT: u32 = 26;

const ACCENT: u32 = 0x1D4F91;
pub(super) const GROUP_FILL: u32 = 0xE7EEF8;
pub(super) const LINE: u32 = 0xB8C2CF;
const LABEL_COLOUR: u32 = 0x616E7C;
const WHITE: u32 = 0xFFFFFF;

/// The table's header row.
fn headers(t: &Texts) -> [&'static str; 10] {
    let [level_1, level_2, level_3] = t.levels;
    [
        level_1,
        level_2,
        level_3,
        t.col_points,
        t.annual_target,
        t.actual_done,
        t.col_ratio,
        t.col_score,
        t.reported_score,
        t.col_reason,
    ]
}

/// The workbook's bytes: a project table in the form it is filed in (`super::project`), any other
/// evaluation in the layout below.
pub fn to_xlsx(evaluation: &Evaluation, scored: &Scored, lang: Lang) -> Result<Vec<u8>, ExportError> {
    if crate::domain::checks::is_project_table(evaluation) {
        return super::project::to_xlsx(evaluation, scored, lang);
    }
    let labels = texts(lang);
    let meta = &evaluation.meta;
    let title = if meta.title.trim().is_empty() { labels.untitled } else { meta.title.trim() };
    let mut out = Sheet {
        book: Workbook::default(),
        labels,
        styles: Styles::new(),
        lang,
        lines: 1,
        decimals: meta.display_decimals,
    };
    let header = out.title_and_summary(evaluation, scored, title)?;
    out.table(evaluation, scored, header)?;
    let parts = Parts {
        sheet_name: labels.sheet,
        title,
        company: meta.department.trim(),
        widths: &WIDTHS,
        header,
        freeze: true,
    };
    Ok(out.book.save(&parts)?)
}

/// How a number is shown.
#[derive(Clone, Copy)]
pub(super) enum Shown<'a> {
    Plain,
    /// A ratio shown as a percentage (0.65 → 65%).
    Percent,
    /// A total or subtotal: its exact value, shown by the one rule for totals (`num::format_fixed`:
    /// the evaluation's display places, padded), as the summary shows it.
    Total(u32),
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
pub(super) fn number_format(value: Decimal, shown: Shown) -> String {
    match shown {
        Shown::Plain => digits(places(value).min(MAX_PLACES)),
        Shown::Total(decimals) => digits(num::total_places(decimals)),
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
        let bold = Font { bold: true, ..Font::default() };
        let cell = Format { border: Some(LINE), top_wrapped: true, ..Format::default() };
        let value = Format { font: bold, left: true, ..Format::default() };
        Styles {
            title: Format { font: Font { size: 16, ..bold }, ..Format::default() },
            label: Format { font: Font { colour: Some(LABEL_COLOUR), ..bold }, ..Format::default() },
            value_text: value.clone(),
            value_number: value,
            header: Format { font: Font { colour: Some(WHITE), ..bold }, fill: Some(ACCENT), ..cell.clone() },
            group: Format { font: bold, fill: Some(GROUP_FILL), ..cell.clone() },
            body: cell,
        }
    }
}

struct Sheet {
    book: Workbook,
    labels: &'static Texts,
    styles: Styles,
    lang: Lang,
    /// The most lines a wrapped text of the row being written needs.
    lines: u32,
    /// The evaluation's display places: totals show by the one rule for them (`Shown::Total`).
    decimals: u32,
}

impl Sheet {
    fn text(&mut self, row: u32, col: u16, text: &str, format: &Format) -> Result<(), ExportError> {
        let width = WIDTHS.get(usize::from(col)).copied().unwrap_or(10);
        self.lines = self.lines.max(lines_needed(text, width));
        if text.is_empty() {
            self.book.write_blank(row, col, format)
        } else {
            self.book.write_string(row, col, text, format)
        }
    }

    fn number(&mut self, row: u32, col: u16, value: Decimal, shown: Shown, base: &Format) -> Result<(), ExportError> {
        let format = base.with_num_format(number_format(value, shown));
        self.book.write_number(row, col, value, &format)
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
        self.book.merge_range(0, 0, LAST_COLUMN, title, &title_format)?;
        self.book.set_row_height(0, TITLE_HEIGHT)?;
        let mut row = 1;
        self.text(row, 0, labels.meta_department, &label)?;
        self.text(row, 1, meta.department.trim(), &value_text)?;
        row += 1;
        self.text(row, 0, labels.meta_year, &label)?;
        if let Some(year) = meta.year {
            self.book.write_number(row, 1, Decimal::from(year), &value_number.with_num_format("0"))?;
        }
        row += 1;
        let root = scored.root();
        self.text(row, 0, labels.total, &label)?;
        self.number(row, 1, scored.total, Shown::Total(self.decimals), &value_number)?;
        row += 1;
        if let Some(cap) = scored.cap {
            self.text(row, 0, &Texts::capitalized(labels.capped_at), &label)?;
            self.number(row, 1, cap, Shown::Plain, &value_number)?;
            row += 1;
        }
        self.text(row, 0, labels.reported_total, &label)?;
        if let Some(reported) = root.reported {
            self.number(row, 1, reported, Shown::Total(self.decimals), &value_number)?;
        }
        row += 1;
        self.text(row, 0, labels.grade, &label)?;
        let open = scored.open_inputs();
        if open.is_empty() {
            self.text(row, 1, crate::i18n::grade_name(&scored.grade, self.lang), &value_text)?;
        } else {
            let name = crate::i18n::grade_name(&scored.grade, self.lang);
            let grade = format!("{name}{}", labels.aside(open.provisional_note(self.lang)));
            self.text(row, 1, &grade, &value_text)?;
        }
        row += 1;
        let sections = evaluation.root.children().iter().zip(scored.nodes.iter().filter(|n| n.depth == 1));
        for (node, result) in sections {
            self.text(row, 0, &node.name, &label)?;
            self.number(row, 1, result.score, Shown::Total(self.decimals), &value_number)?;
            row += 1;
        }
        // A project table's words, where it has them: its project, 年度总体目标, and its conclusions.
        for (which, name) in MetaText::ALL.into_iter().zip(labels.meta_texts) {
            let text = which.field(meta).trim();
            if !text.is_empty() {
                self.text(row, 0, name, &label)?;
                self.text(row, 1, text, &value_text)?;
                row += 1;
            }
        }
        // One empty row, then the table.
        Ok(row + 1)
    }

    fn table(&mut self, evaluation: &Evaluation, scored: &Scored, header: u32) -> Result<(), ExportError> {
        let header_format = self.styles.header.clone();
        self.lines = 1;
        for (col, name) in (0u16..).zip(headers(self.labels)) {
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
            self.book.set_row_height(row, self.lines.min(MAX_LINES) * LINE_HEIGHT)?;
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
        let pending = labels.unset;
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
        // A group's score is a subtotal: shown as on screen (48.000), an item's as its own decimals.
        let score = if node.rule().is_none() { Shown::Total(self.decimals) } else { Shown::Plain };
        self.number(row, SCORE, result.score, score, &format)?;
        self.maybe_number(row, REPORTED, result.reported, score, &format)?;
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
            None => self.text(row, ACTUAL, self.labels.unset, &format)?,
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
        self.number(row, SCORE, scored.total, Shown::Total(self.decimals), &format)?;
        self.maybe_number(row, REPORTED, root.reported, Shown::Total(self.decimals), &format)?;
        let note =
            scored.cap.map(|cap| format!("{} {}", Texts::capitalized(self.labels.capped_at), num::format_exact(cap)));
        self.text(row, REASON, &note.unwrap_or_default(), &format)
    }
}

/// Lines a text takes in a column of `width` (a Chinese character is two units wide, others one).
pub(super) fn lines_needed(text: &str, width: u32) -> u32 {
    let per_line = width.saturating_sub(1).max(1) as usize;
    text.split('\n')
        .map(|line| {
            let units: usize = line.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
            u32::try_from(units.div_ceil(per_line)).unwrap_or(u32::MAX).max(1)
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
    use crate::domain::score;
    use crate::export::workbook::tests::assert_well_formed;
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

    /// A total's number format shows what the summary shows: the places `format_fixed` pads to.
    #[test]
    fn totals_show_as_on_screen() {
        for (value, decimals) in [("97.7794", 3), ("48", 3), ("100", 2), ("98.33333333333333333333333333", 3), ("5", 0)]
        {
            let on_screen = num::format_fixed(d(value), decimals);
            let shown_places = on_screen.split_once('.').map_or(0, |(_, places)| places.len());
            let format = number_format(d(value), Shown::Total(decimals));
            let format_places = format.split_once('.').map_or(0, |(_, zeros)| zeros.len());
            assert_eq!(format_places, shown_places, "{value} at {decimals}: {format} vs {on_screen}");
        }
        assert_eq!(number_format(d("97.7794"), Shown::Total(3)), "#,##0.000");
    }

    #[test]
    fn wrapped_text_gets_its_lines() {
        assert_eq!(lines_needed("", 10), 1);
        assert_eq!(lines_needed("short", 10), 1);
        assert_eq!(lines_needed("人才", 10), 1);
        assert_eq!(lines_needed("对已入选的创新领军人才", 10), 3, "22 units over 9 a line");
        assert_eq!(lines_needed("123456789", 10), 1, "9 units fill a line exactly");
        assert_eq!(lines_needed("1234567890", 10), 2);
        assert_eq!(lines_needed("a\nb\nc", 10), 3);
        assert_eq!(lines_needed("ab", 1), 2, "a width of 1 still holds one unit a line");
    }

    #[test]
    fn a_text_over_excel_s_limit_is_an_error_not_a_broken_file() {
        let mut evaluation = seed();
        evaluation.find_indicator_mut("dept-07").unwrap().deviation_reason = "原因".repeat(20_000);
        let scored = score(&evaluation);
        let error = to_xlsx(&evaluation, &scored, Lang::Zh).unwrap_err();
        assert!(matches!(&error, ExportError::Xlsx(m) if m.contains("40000")), "{error:?}");
        assert!(error.message(Lang::Zh).starts_with("无法生成 Excel 文件"));
    }

    fn seed() -> Evaluation {
        crate::presets::find("seed-2023").unwrap().evaluation().unwrap()
    }

    fn parts_of(bytes: &[u8]) -> Vec<(String, String)> {
        super::super::zip::tests::read_zip(bytes)
            .into_iter()
            .map(|(name, data)| (name, String::from_utf8(data).expect("UTF-8 XML")))
            .collect()
    }

    #[test]
    fn the_workbook_is_a_zip_of_well_formed_parts() {
        let evaluation = seed();
        let scored = score(&evaluation);
        let parts = parts_of(&to_xlsx(&evaluation, &scored, Lang::Zh).unwrap());
        let names: Vec<&str> = parts.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(
            names,
            [
                "[Content_Types].xml",
                "_rels/.rels",
                "docProps/core.xml",
                "docProps/app.xml",
                "xl/workbook.xml",
                "xl/_rels/workbook.xml.rels",
                "xl/styles.xml",
                "xl/worksheets/sheet1.xml",
                "xl/sharedStrings.xml"
            ]
        );
        for (name, xml) in &parts {
            assert_well_formed(name, xml);
        }
        let part = |name: &str| &parts.iter().find(|(n, _)| n == name).unwrap().1;
        // Every part but the content types and the relationships is named in the content types.
        for (name, _) in parts.iter().filter(|(n, _)| n.ends_with(".xml") && *n != "[Content_Types].xml") {
            assert!(part("[Content_Types].xml").contains(&format!("PartName=\"/{name}\"")), "{name}");
        }

        let sheet = part("xl/worksheets/sheet1.xml");
        // The title merged across the table, the header row (row 10) frozen and repeated in print.
        assert!(sheet.contains(r#"<mergeCell ref="A1:J1"/>"#));
        assert!(sheet.contains(r#"<row r="1" ht="26.25" customHeight="1"><c r="A1" s="1" t="s"><v>0</v></c>"#));
        assert!(sheet.contains(r#"<pane ySplit="10" topLeftCell="A11" activePane="bottomLeft" state="frozen"/>"#));
        assert!(part("xl/workbook.xml")
            .contains(r#"<definedName name="_xlnm.Print_Titles" localSheetId="0">'自评表'!$10:$10</definedName>"#));
        assert!(sheet.contains(r#"<pageSetup paperSize="9" fitToHeight="0" orientation="landscape"/>"#));
        assert!(sheet.contains(r#"<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>"#));
        assert!(sheet.contains(r#"<col min="7" max="9" width="10.7109375" customWidth="1"/>"#));
        assert!(sheet.contains(r#"<dimension ref="A1:J103"/>"#));
        assert!(sheet.contains(r#"<v>97.7794</v>"#) && sheet.contains(r#"<v>0.99983</v>"#));
        // Wrapped text makes its row taller (a five-line deviation reason, among others).
        assert!(sheet.contains(r#"ht="30" customHeight="1""#) && sheet.contains(r#"ht="105" customHeight="1""#));
        let styles = part("xl/styles.xml");
        // The total (97.7794) as the summary shows it, to the display places.
        for code in ["#,##0.000", "0.000%", "#,##0&quot; 人&quot;", "#,##0.00&quot;%&quot;", "0"] {
            assert!(styles.contains(&format!("formatCode=\"{code}\"")), "{code}");
        }
        assert!(styles.contains(r#"<fgColor rgb="FF1D4F91"/>"#) && styles.contains(r#"<color rgb="FFB8C2CF"/>"#));
        assert!(styles.contains(r#"<alignment vertical="top" wrapText="1"/>"#));
        assert!(part("docProps/core.xml").contains("<dc:title>2023年度部门整体支出绩效自评</dc:title>"));
        assert!(part("docProps/app.xml").contains("<Company>广州市人力资源和社会保障局</Company>"));
        assert!(part("docProps/app.xml").contains("<vt:lpstr>'自评表'!Print_Titles</vt:lpstr>"));
    }

    #[test]
    fn the_same_evaluation_gives_the_same_bytes() {
        let evaluation = seed();
        let scored = score(&evaluation);
        for lang in [Lang::Zh, Lang::En] {
            let first = to_xlsx(&evaluation, &scored, lang).unwrap();
            assert_eq!(first, to_xlsx(&evaluation, &scored, lang).unwrap());
            assert_eq!(first, to_xlsx(&evaluation, &score(&seed()), lang).unwrap());
        }
    }

    /// Texts with markup, controls, a literal `_xHHHH_`, a CR and edge spaces read back as written
    /// (less the characters XML cannot hold).
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn awkward_texts_read_back() {
        use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};

        let mut evaluation = seed();
        let name = " <b>人数</b> & \"第二期\"\t_x0041_\r\nnext\u{1}\u{FFFF} ";
        evaluation.find_indicator_mut("dept-07").unwrap().name = name.into();
        evaluation.meta.department = "A & B <部门>\u{7}".into();
        let scored = score(&evaluation);
        let bytes = to_xlsx(&evaluation, &scored, Lang::Zh).unwrap();
        for (part, xml) in parts_of(&bytes) {
            assert_well_formed(&part, &xml);
        }
        let mut workbook: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        let range = workbook.worksheet_range("自评表").unwrap();
        let texts: Vec<String> = range
            .cells()
            .filter_map(|(_, _, cell)| match cell {
                Data::String(s) => Some(s.clone()),
                _ => None,
            })
            .collect();
        assert!(texts.contains(&" <b>人数</b> & \"第二期\"\t_x0041_\r\nnext ".to_string()), "{texts:?}");
        assert!(texts.contains(&"A & B <部门>".to_string()));
    }
}
