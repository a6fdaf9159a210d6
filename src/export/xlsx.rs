//! The 自评表 as an Excel workbook: a title block (title, department, year), the summary (computed and
//! reported totals, grade, each section's subtotal), then the table, one row per node and per indicator
//! in the tree's order, and the total last. Scores, points, actuals and completion rates are numeric
//! cells with a number format that shows their decimals; the header row is frozen and repeats on every
//! printed page (A4 landscape, one page wide).
//!
//! Written by hand, SpreadsheetML straight into a stored zip (`super::zip`): one sheet with a few
//! styles needs a few hundred lines, where a general workbook library and its compression stack cost
//! the browser app some 290 KB of wasm. The output is deterministic: the same evaluation gives the same
//! bytes (no creation time is recorded).

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;

use super::zip::{ZipError, ZipWriter};
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
const WIDTHS: [u32; 10] = [14, 26, 44, 8, 22, 14, 10, 10, 10, 40];

/// Decimals shown at most: beyond them an exact value such as 10/15 is rounded for display only (the
/// cell holds the whole decimal, as the CSV does).
const MAX_PLACES: u32 = 6;
const MAX_PERCENT_PLACES: u32 = 3;

/// Points per line of wrapped text (the default 11 pt font, with room for Chinese glyphs), and the
/// most lines a row is made tall for (Excel's rows stop at 409 pt).
const LINE_HEIGHT: u32 = 15;
const MAX_LINES: u32 = 27;
const TITLE_HEIGHT: u32 = 26;

const ACCENT: u32 = 0x1D4F91;
const GROUP_FILL: u32 = 0xE7EEF8;
const LINE: u32 = 0xB8C2CF;
const LABEL_COLOUR: u32 = 0x616E7C;
const WHITE: u32 = 0xFFFFFF;

/// Excel's limits: rows in a sheet, characters (UTF-16 code units) in a cell.
const MAX_ROWS: u32 = 1_048_576;
const MAX_TEXT: usize = 32_767;

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
    let mut out = Sheet { book: Book::default(), labels, styles: Styles::new(), lang, lines: 1 };
    let header = out.title_and_summary(evaluation, scored, title)?;
    out.table(evaluation, scored, header)?;
    let parts = Parts { sheet_name: labels.sheet, title, company: meta.department.trim(), header };
    Ok(out.book.save(&parts)?)
}

/// A numeric cell's value as the sheet's XML writes it: the decimal's exact text. The spreadsheet
/// reads it as it reads what one types, into the double nearest to it (97.7794 shows as 97.7794);
/// the decimals stay exact up to the file. No float is parsed or formatted here, which also keeps
/// the float tables out of the app's first download.
fn number_text(value: Decimal) -> String {
    // -0 would show as "-0" in some readers.
    if value.is_zero() {
        "0".to_string()
    } else {
        value.normalize().to_string()
    }
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

/// The fonts of the stylesheet, in its order (the first is the workbook's default, Calibri 11).
#[derive(Clone, Copy, Default, PartialEq, Eq)]
enum Font {
    #[default]
    Regular,
    /// The title: bold, 16 pt.
    Title,
    /// The summary's labels: bold, grey.
    Label,
    Bold,
    /// The table's header: bold, white on the accent fill.
    Header,
}

impl Font {
    const ALL: [Font; 5] = [Font::Regular, Font::Title, Font::Label, Font::Bold, Font::Header];

    fn xml(self) -> String {
        let (bold, size, colour) = match self {
            Font::Regular => (false, 11, None),
            Font::Title => (true, 16, None),
            Font::Label => (true, 11, Some(LABEL_COLOUR)),
            Font::Bold => (true, 11, None),
            Font::Header => (true, 11, Some(WHITE)),
        };
        let bold = if bold { "<b/>" } else { "" };
        let colour = colour.map(|rgb| format!("<color rgb=\"FF{rgb:06X}\"/>")).unwrap_or_default();
        format!("<font>{bold}<sz val=\"{size}\"/>{colour}<name val=\"Calibri\"/><family val=\"2\"/></font>")
    }
}

/// The fills, in the stylesheet's order after the two every workbook starts with (none, gray125).
#[derive(Clone, Copy, Default, PartialEq, Eq)]
enum Fill {
    #[default]
    None,
    Accent,
    Group,
}

impl Fill {
    fn id(self) -> usize {
        match self {
            Fill::None => 0,
            Fill::Accent => 2,
            Fill::Group => 3,
        }
    }
}

/// A cell's look: what rust_xlsxwriter's `Format` said for this sheet, and one `xf` of the
/// stylesheet per distinct value.
#[derive(Clone, Default, PartialEq, Eq)]
struct Format {
    font: Font,
    fill: Fill,
    /// A thin border in `LINE` on all four sides.
    border: bool,
    /// Aligned left (numbers in the summary).
    left: bool,
    /// Aligned to the top and wrapped (the table's cells).
    top_wrapped: bool,
    num_format: Option<String>,
}

impl Format {
    fn with_num_format(&self, code: impl Into<String>) -> Format {
        Format { num_format: Some(code.into()), ..self.clone() }
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
        let cell = Format { border: true, top_wrapped: true, ..Format::default() };
        let value = Format { font: Font::Bold, left: true, ..Format::default() };
        Styles {
            title: Format { font: Font::Title, ..Format::default() },
            label: Format { font: Font::Label, ..Format::default() },
            value_text: value.clone(),
            value_number: value,
            header: Format { font: Font::Header, fill: Fill::Accent, ..cell.clone() },
            group: Format { font: Font::Bold, fill: Fill::Group, ..cell.clone() },
            body: cell,
        }
    }
}

enum Value {
    Blank,
    /// An index into the shared strings.
    Text(usize),
    /// The number's text (`number_text`, or an integer's).
    Number(String),
}

struct Cell {
    /// The cell's `xf` in the stylesheet: 0 the default, else `Book::xfs[xf - 1]`.
    xf: usize,
    value: Value,
}

#[derive(Default)]
struct Row {
    /// The height in whole pixels, as Excel keeps it (written in points, 4 pixels to 3 points).
    height_px: Option<u32>,
    cells: BTreeMap<u16, Cell>,
}

/// The workbook being written: its one sheet's cells, the shared strings and the styles they use.
#[derive(Default)]
struct Book {
    rows: BTreeMap<u32, Row>,
    /// The shared strings: distinct texts in first-use order, each one's index, and how many cells
    /// hold a text.
    strings: Vec<String>,
    string_ids: HashMap<String, usize>,
    string_cells: usize,
    /// Distinct formats in first-use order, after the default one (`xf` 0).
    xfs: Vec<Format>,
    /// Custom number formats in first-use order: ids 164 and up.
    num_formats: Vec<String>,
    merged: Vec<String>,
}

/// What the parts around the sheet say.
struct Parts<'a> {
    sheet_name: &'a str,
    title: &'a str,
    company: &'a str,
    /// The table's header row (0-based): frozen, and repeated on each printed page.
    header: u32,
}

impl Book {
    fn xf(&mut self, format: &Format) -> usize {
        if let Some(code) = &format.num_format {
            if !self.num_formats.contains(code) {
                self.num_formats.push(code.clone());
            }
        }
        if *format == Format::default() {
            return 0;
        }
        match self.xfs.iter().position(|f| f == format) {
            Some(i) => i + 1,
            None => {
                self.xfs.push(format.clone());
                self.xfs.len()
            }
        }
    }

    fn row(&mut self, row: u32) -> Result<&mut Row, ExportError> {
        if row >= MAX_ROWS {
            return Err(ExportError::Xlsx(format!("row {} is past Excel's last row, 1,048,576", u64::from(row) + 1)));
        }
        Ok(self.rows.entry(row).or_default())
    }

    fn put(&mut self, row: u32, col: u16, value: Value, format: &Format) -> Result<(), ExportError> {
        let xf = self.xf(format);
        if let Some(Cell { value: Value::Text(_), .. }) = self.row(row)?.cells.insert(col, Cell { xf, value }) {
            self.string_cells -= 1; // overwritten
        }
        Ok(())
    }

    fn write_blank(&mut self, row: u32, col: u16, format: &Format) -> Result<(), ExportError> {
        self.put(row, col, Value::Blank, format)
    }

    fn write_string(&mut self, row: u32, col: u16, text: &str, format: &Format) -> Result<(), ExportError> {
        let length: usize = text.chars().filter(|&c| is_xml_char(c)).map(char::len_utf16).sum();
        if length > MAX_TEXT {
            return Err(ExportError::Xlsx(format!(
                "cell {} holds {length} characters, over Excel's limit of 32,767",
                cell_name(row, col)
            )));
        }
        let id = match self.string_ids.get(text) {
            Some(&id) => id,
            None => {
                self.strings.push(text.to_string());
                self.string_ids.insert(text.to_string(), self.strings.len() - 1);
                self.strings.len() - 1
            }
        };
        self.put(row, col, Value::Text(id), format)?;
        self.string_cells += 1;
        Ok(())
    }

    fn write_number(&mut self, row: u32, col: u16, text: String, format: &Format) -> Result<(), ExportError> {
        self.put(row, col, Value::Number(text), format)
    }

    /// A text across a row's columns, in the first cell; the others blank in the same format.
    fn merge_range(&mut self, row: u32, first: u16, last: u16, text: &str, format: &Format) -> Result<(), ExportError> {
        self.write_string(row, first, text, format)?;
        for col in first + 1..=last {
            self.write_blank(row, col, format)?;
        }
        self.merged.push(format!("{}:{}", cell_name(row, first), cell_name(row, last)));
        Ok(())
    }

    /// Excel stores a row's height in whole pixels (4 to 3 points): the nearest to `points`.
    fn set_row_height(&mut self, row: u32, points: u32) -> Result<(), ExportError> {
        self.row(row)?.height_px = Some((points * 4 + 1) / 3);
        Ok(())
    }

    fn save(&self, parts: &Parts) -> Result<Vec<u8>, ZipError> {
        let mut zip = ZipWriter::new();
        zip.add("[Content_Types].xml", CONTENT_TYPES.as_bytes())?;
        zip.add("_rels/.rels", ROOT_RELS.as_bytes())?;
        zip.add("docProps/core.xml", core_xml(parts).as_bytes())?;
        zip.add("docProps/app.xml", app_xml(parts).as_bytes())?;
        zip.add("xl/workbook.xml", workbook_xml(parts).as_bytes())?;
        zip.add("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes())?;
        zip.add("xl/styles.xml", self.styles_xml().as_bytes())?;
        zip.add("xl/worksheets/sheet1.xml", self.sheet_xml(parts).as_bytes())?;
        zip.add("xl/sharedStrings.xml", self.shared_strings_xml().as_bytes())?;
        zip.finish()
    }

    fn styles_xml(&self) -> String {
        let mut xml = String::from(XML_DECLARATION);
        xml.push_str(r#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#);
        if !self.num_formats.is_empty() {
            xml.push_str(&format!("<numFmts count=\"{}\">", self.num_formats.len()));
            for (id, code) in (FIRST_NUM_FORMAT..).zip(&self.num_formats) {
                xml.push_str(&format!("<numFmt numFmtId=\"{id}\" formatCode=\""));
                escape(&mut xml, code, Escape::Attribute);
                xml.push_str("\"/>");
            }
            xml.push_str("</numFmts>");
        }
        xml.push_str(&format!("<fonts count=\"{}\">", Font::ALL.len()));
        for font in Font::ALL {
            xml.push_str(&font.xml());
        }
        xml.push_str("</fonts>");
        let solid = |rgb: u32| {
            let pattern = format!("<fgColor rgb=\"FF{rgb:06X}\"/><bgColor indexed=\"64\"/>");
            format!("<fill><patternFill patternType=\"solid\">{pattern}</patternFill></fill>")
        };
        xml.push_str(concat!(
            r#"<fills count="4"><fill><patternFill patternType="none"/></fill>"#,
            r#"<fill><patternFill patternType="gray125"/></fill>"#
        ));
        xml.push_str(&solid(ACCENT));
        xml.push_str(&solid(GROUP_FILL));
        xml.push_str("</fills>");
        let side = |name: &str| format!("<{name} style=\"thin\"><color rgb=\"FF{LINE:06X}\"/></{name}>");
        xml.push_str(r#"<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border>"#);
        for name in ["left", "right", "top", "bottom"] {
            xml.push_str(&side(name));
        }
        xml.push_str("<diagonal/></border></borders>");
        xml.push_str(r#"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#);
        xml.push_str(&format!("<cellXfs count=\"{}\">", self.xfs.len() + 1));
        for format in std::iter::once(&Format::default()).chain(&self.xfs) {
            xml.push_str(&self.xf_xml(format));
        }
        xml.push_str("</cellXfs>");
        xml.push_str(r#"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#);
        xml.push_str(concat!(
            r#"<dxfs count="0"/>"#,
            r#"<tableStyles count="0" defaultTableStyle="TableStyleMedium9" defaultPivotStyle="PivotStyleLight16"/>"#
        ));
        xml.push_str("</styleSheet>");
        xml
    }

    fn xf_xml(&self, format: &Format) -> String {
        let num_format = match &format.num_format {
            Some(code) => self.num_formats.iter().position(|c| c == code).map_or(0, |i| FIRST_NUM_FORMAT + i),
            None => 0,
        };
        let font = Font::ALL.iter().position(|&f| f == format.font).unwrap_or(0);
        let mut xml = format!(
            "<xf numFmtId=\"{num_format}\" fontId=\"{font}\" fillId=\"{}\" borderId=\"{}\" xfId=\"0\"",
            format.fill.id(),
            usize::from(format.border)
        );
        let applied = [
            ("applyNumberFormat", num_format != 0),
            ("applyFont", font != 0),
            ("applyFill", format.fill != Fill::None),
            ("applyBorder", format.border),
            ("applyAlignment", format.left || format.top_wrapped),
        ];
        for (name, _) in applied.iter().filter(|(_, applied)| *applied) {
            xml.push_str(&format!(" {name}=\"1\""));
        }
        if !format.left && !format.top_wrapped {
            xml.push_str("/>");
            return xml;
        }
        xml.push_str("><alignment");
        if format.left {
            xml.push_str(" horizontal=\"left\"");
        }
        if format.top_wrapped {
            xml.push_str(" vertical=\"top\" wrapText=\"1\"");
        }
        xml.push_str("/></xf>");
        xml
    }

    fn sheet_xml(&self, parts: &Parts) -> String {
        let mut xml = String::with_capacity(64 * 1024);
        xml.push_str(XML_DECLARATION);
        xml.push_str(concat!(
            r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main""#,
            r#" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
        ));
        // Fit to one page wide: `fitToPage` here, the pages in `pageSetup` below.
        xml.push_str(r#"<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>"#);
        let last_row = self.rows.keys().next_back().copied().unwrap_or(0);
        let last_col = self.rows.values().filter_map(|r| r.cells.keys().next_back()).max().copied().unwrap_or(0);
        xml.push_str(&format!("<dimension ref=\"A1:{}\"/>", cell_name(last_row, last_col)));
        // The rows down to the header stay on screen.
        let frozen = parts.header + 1;
        xml.push_str(&format!(
            "<sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\">\
             <pane ySplit=\"{frozen}\" topLeftCell=\"{}\" activePane=\"bottomLeft\" state=\"frozen\"/>\
             <selection pane=\"bottomLeft\"/></sheetView></sheetViews>",
            cell_name(frozen, 0)
        ));
        xml.push_str(r#"<sheetFormatPr defaultRowHeight="15"/><cols>"#);
        let mut col = 0;
        while col < WIDTHS.len() {
            let width = WIDTHS[col];
            let last = (col..WIDTHS.len()).take_while(|&c| WIDTHS[c] == width).last().unwrap_or(col);
            xml.push_str(&format!(
                "<col min=\"{}\" max=\"{}\" width=\"{}\" customWidth=\"1\"/>",
                col + 1,
                last + 1,
                stored_width(width)
            ));
            col = last + 1;
        }
        xml.push_str("</cols><sheetData>");
        for (&r, row) in &self.rows {
            xml.push_str(&format!("<row r=\"{}\"", u64::from(r) + 1));
            if let Some(pixels) = row.height_px {
                xml.push_str(&format!(" ht=\"{}\" customHeight=\"1\"", points(pixels)));
            }
            xml.push('>');
            for (&col, cell) in &row.cells {
                xml.push_str(&format!("<c r=\"{}\"", cell_name(r, col)));
                if cell.xf != 0 {
                    xml.push_str(&format!(" s=\"{}\"", cell.xf));
                }
                match &cell.value {
                    Value::Blank => xml.push_str("/>"),
                    Value::Text(id) => xml.push_str(&format!(" t=\"s\"><v>{id}</v></c>")),
                    Value::Number(text) => xml.push_str(&format!("><v>{text}</v></c>")),
                }
            }
            xml.push_str("</row>");
        }
        xml.push_str("</sheetData>");
        if !self.merged.is_empty() {
            xml.push_str(&format!("<mergeCells count=\"{}\">", self.merged.len()));
            for range in &self.merged {
                xml.push_str(&format!("<mergeCell ref=\"{range}\"/>"));
            }
            xml.push_str("</mergeCells>");
        }
        xml.push_str(r#"<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>"#);
        // A4 (paper size 9), landscape, one page wide and as many tall as it takes (0).
        xml.push_str(r#"<pageSetup paperSize="9" fitToHeight="0" orientation="landscape"/>"#);
        xml.push_str("</worksheet>");
        xml
    }

    fn shared_strings_xml(&self) -> String {
        let mut xml = String::with_capacity(16 * 1024);
        xml.push_str(XML_DECLARATION);
        xml.push_str(&format!(
            "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"{}\" uniqueCount=\"{}\">",
            self.string_cells,
            self.strings.len()
        ));
        for text in &self.strings {
            // Leading or trailing spaces and line breaks survive only with xml:space.
            if text.starts_with(char::is_whitespace) || text.ends_with(char::is_whitespace) {
                xml.push_str("<si><t xml:space=\"preserve\">");
            } else {
                xml.push_str("<si><t>");
            }
            escape(&mut xml, text, Escape::CellText);
            xml.push_str("</t></si>");
        }
        xml.push_str("</sst>");
        xml
    }
}

const FIRST_NUM_FORMAT: usize = 164;

const XML_DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

const CONTENT_TYPES: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
    r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
    r#"<Default Extension="xml" ContentType="application/xml"/>"#,
    r#"<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>"#,
    r#"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#,
    r#"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#,
    r#"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
    r#"<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#,
    r#"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#,
    "</Types>"
);

const ROOT_RELS: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#,
    r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#,
    r#"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>"#,
    "</Relationships>"
);

const WORKBOOK_RELS: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>"#,
    r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
    r#"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#,
    "</Relationships>"
);

/// The title and the calculator as the file's description. No author and no dates: a creation time
/// would make two exports of the same evaluation differ.
fn core_xml(parts: &Parts) -> String {
    let mut xml = String::from(XML_DECLARATION);
    xml.push_str(concat!(
        r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties""#,
        r#" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>"#
    ));
    escape(&mut xml, parts.title, Escape::Text);
    xml.push_str("</dc:title><dc:description>绩效自评计算器</dc:description></cp:coreProperties>");
    xml
}

/// The department as the company, and the parts list Excel writes (the sheet and its print titles).
fn app_xml(parts: &Parts) -> String {
    let mut xml = String::from(XML_DECLARATION);
    xml.push_str(concat!(
        r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties""#,
        r#" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">"#
    ));
    xml.push_str("<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>");
    xml.push_str(concat!(
        r#"<HeadingPairs><vt:vector size="4" baseType="variant">"#,
        r#"<vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>1</vt:i4></vt:variant>"#,
        r#"<vt:variant><vt:lpstr>Named Ranges</vt:lpstr></vt:variant><vt:variant><vt:i4>1</vt:i4></vt:variant>"#,
        r#"</vt:vector></HeadingPairs>"#
    ));
    xml.push_str(r#"<TitlesOfParts><vt:vector size="2" baseType="lpstr"><vt:lpstr>"#);
    escape(&mut xml, parts.sheet_name, Escape::Text);
    xml.push_str("</vt:lpstr><vt:lpstr>");
    escape(&mut xml, &format!("{}!Print_Titles", quoted_sheet_name(parts.sheet_name)), Escape::Text);
    xml.push_str("</vt:lpstr></vt:vector></TitlesOfParts><Company>");
    escape(&mut xml, parts.company, Escape::Text);
    xml.push_str("</Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>");
    xml.push_str("<HyperlinksChanged>false</HyperlinksChanged><AppVersion>12.0000</AppVersion></Properties>");
    xml
}

/// The one sheet, and its header row as the print titles (`_xlnm.Print_Titles`: repeated at the top of
/// every printed page).
fn workbook_xml(parts: &Parts) -> String {
    let mut xml = String::from(XML_DECLARATION);
    xml.push_str(concat!(
        r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main""#,
        r#" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
    ));
    xml.push_str(
        r#"<bookViews><workbookView xWindow="240" yWindow="15" windowWidth="16095" windowHeight="9660"/></bookViews>"#,
    );
    xml.push_str("<sheets><sheet name=\"");
    escape(&mut xml, parts.sheet_name, Escape::Attribute);
    xml.push_str("\" sheetId=\"1\" r:id=\"rId1\"/></sheets>");
    xml.push_str(r#"<definedNames><definedName name="_xlnm.Print_Titles" localSheetId="0">"#);
    let row = u64::from(parts.header) + 1;
    escape(&mut xml, &format!("{}!${row}:${row}", quoted_sheet_name(parts.sheet_name)), Escape::Text);
    xml.push_str(r#"</definedName></definedNames><calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>"#);
    xml
}

/// A sheet's name in a reference: always quoted (which Excel accepts for any name), a quote doubled.
fn quoted_sheet_name(name: &str) -> String {
    format!("'{}'", name.replace('\'', "''"))
}

/// "A1" for row 0, column 0.
fn cell_name(row: u32, col: u16) -> String {
    let mut letters = Vec::new();
    let mut n = u32::from(col) + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", letters.into_iter().collect::<String>(), u64::from(row) + 1)
}

/// A column width as the file stores it: Excel adds the cell's padding (5 pixels at the default
/// font's 7-pixel digit) and keeps whole 1/256ths of a character (14 → 14.7109375), exact in decimal.
fn stored_width(width: u32) -> String {
    let pixels = width * 7 + 5;
    let in_256ths = pixels * 256 / 7;
    (Decimal::from(in_256ths) / Decimal::from(256)).normalize().to_string()
}

/// A row height in whole pixels as points, exactly (35 → 26.25).
fn points(pixels: u32) -> String {
    (Decimal::from(pixels * 3) / Decimal::from(4)).normalize().to_string()
}

/// Characters XML 1.0 allows: none of the C0 controls but tab, line feed and carriage return, and not
/// U+FFFE or U+FFFF (a Rust `char` is never a surrogate).
fn is_xml_char(c: char) -> bool {
    !matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Escape {
    /// Element content.
    Text,
    /// An attribute value in double quotes: tabs and line breaks as references, or a parser would
    /// turn them into spaces.
    Attribute,
    /// A cell's text, where Excel also reads `_xHHHH_` as a character: a literal one has its
    /// underscore escaped (`_x005F_`), as Excel itself writes it.
    CellText,
}

/// Appends `text` escaped for XML: `&`, `<`, `>` and `"` as entities, a carriage return as a
/// reference (a parser reads a bare one as a line feed), characters XML 1.0 forbids left out.
fn escape(out: &mut String, text: &str, context: Escape) {
    for (i, c) in text.char_indices() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\r' => out.push_str("&#xD;"),
            '\n' if context == Escape::Attribute => out.push_str("&#xA;"),
            '\t' if context == Escape::Attribute => out.push_str("&#x9;"),
            '_' if context == Escape::CellText && is_excel_escape(&text[i..]) => out.push_str("_x005F_"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
}

/// Whether `text` starts with `_xHHHH_`.
fn is_excel_escape(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 7
        && bytes[0] == b'_'
        && bytes[1] == b'x'
        && bytes[2..6].iter().all(u8::is_ascii_hexdigit)
        && bytes[6] == b'_'
}

struct Sheet {
    book: Book,
    labels: &'static Labels,
    styles: Styles,
    lang: Lang,
    /// The most lines a wrapped text of the row being written needs.
    lines: u32,
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
        self.book.write_number(row, col, number_text(value), &format)
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
        self.text(row, 0, labels.department, &label)?;
        self.text(row, 1, meta.department.trim(), &value_text)?;
        row += 1;
        self.text(row, 0, labels.year, &label)?;
        if let Some(year) = meta.year {
            self.book.write_number(row, 1, year.to_string(), &value_number.with_num_format("0"))?;
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
        let open = scored.open_inputs();
        if open.is_empty() {
            self.text(row, 1, &scored.grade, &value_text)?;
        } else {
            let (open_bracket, close_bracket) = self.lang.pick(("（", "）"), (" (", ")"));
            let grade = format!("{}{open_bracket}{}{close_bracket}", scored.grade, open.provisional_note(self.lang));
            self.text(row, 1, &grade, &value_text)?;
        }
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
fn lines_needed(text: &str, width: u32) -> u32 {
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
        assert_eq!(lines_needed("", 10), 1);
        assert_eq!(lines_needed("short", 10), 1);
        assert_eq!(lines_needed("人才", 10), 1);
        assert_eq!(lines_needed("对已入选的创新领军人才", 10), 3, "22 units over 9 a line");
        assert_eq!(lines_needed("123456789", 10), 1, "9 units fill a line exactly");
        assert_eq!(lines_needed("1234567890", 10), 2);
        assert_eq!(lines_needed("a\nb\nc", 10), 3);
        assert_eq!(lines_needed("ab", 1), 2, "a width of 1 still holds one unit a line");
    }

    /// The cell holds the exact decimal; what a spreadsheet reads from it is the double nearest to it
    /// (here Rust's parser stands in for Excel's).
    #[test]
    fn numbers_are_written_as_their_exact_decimal() {
        let cases = [
            ("97.7794", "97.7794", 97.7794),
            ("0.40625", "0.40625", 0.40625),
            ("-13.65", "-13.65", -13.65),
            ("65.00", "65", 65.0),
            ("2023", "2023", 2023.0),
            ("0.000", "0", 0.0),
            ("-0", "0", 0.0),
            ("0.3333333333333333333333333333", "0.3333333333333333333333333333", 1.0 / 3.0),
            ("-0.0000000000000000000000000001", "-0.0000000000000000000000000001", -1e-28),
        ];
        for (value, text, read_back) in cases {
            assert_eq!(number_text(d(value)), text, "{value}");
            assert_eq!(text.parse::<f64>().unwrap(), read_back, "{value}");
        }
        assert_eq!(number_text(Decimal::MAX), "79228162514264337593543950335");
    }

    fn escaped(text: &str, context: Escape) -> String {
        let mut out = String::new();
        escape(&mut out, text, context);
        out
    }

    #[test]
    fn xml_is_escaped_and_illegal_characters_left_out() {
        assert_eq!(escaped("a & b < c > d \"e\" 'f'", Escape::Text), "a &amp; b &lt; c &gt; d &quot;e&quot; 'f'");
        assert_eq!(escaped("&amp;", Escape::Text), "&amp;amp;");
        // C0 controls other than tab, line feed and CR, and U+FFFE/U+FFFF, are not XML 1.0.
        assert_eq!(escaped("a\u{0}b\u{1}\u{8}c\u{B}\u{C}\u{1F}d\u{FFFE}\u{FFFF}e", Escape::Text), "abcde");
        assert_eq!(escaped("\u{7F}\u{85}\u{FFFD}\u{10FFFF}", Escape::Text), "\u{7F}\u{85}\u{FFFD}\u{10FFFF}");
        // Tab and line feed as they are in content; a CR as a reference, which no parser normalises.
        assert_eq!(escaped("a\tb\nc\r\nd", Escape::Text), "a\tb\nc&#xD;\nd");
        assert_eq!(escaped("a\tb\nc\r", Escape::Attribute), "a&#x9;b&#xA;c&#xD;");
        // In a cell, a literal _xHHHH_ keeps its text (Excel would read it as a character).
        assert_eq!(escaped("_x0041_ _x00e9_", Escape::CellText), "_x005F_x0041_ _x005F_x00e9_");
        assert_eq!(escaped("_x0041_", Escape::Text), "_x0041_");
        assert_eq!(
            escaped("_x41_ _x004G_ _x0041 x_0041_ __x0041_", Escape::CellText),
            "_x41_ _x004G_ _x0041 x_0041_ __x005F_x0041_"
        );
        assert_eq!(escaped("人数 ≥ 20", Escape::CellText), "人数 ≥ 20");
    }

    #[test]
    fn cells_rows_and_columns_are_named_and_sized_as_excel_does() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(102, 9), "J103");
        assert_eq!(cell_name(0, 25), "Z1");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(MAX_ROWS - 1, 16_383), "XFD1048576");
        assert_eq!(stored_width(14), "14.7109375");
        assert_eq!(stored_width(8), "8.7109375");
        assert_eq!(stored_width(10), "10.7109375");
        let mut book = Book::default();
        book.set_row_height(0, TITLE_HEIGHT).unwrap();
        book.set_row_height(1, 2 * LINE_HEIGHT).unwrap();
        assert_eq!((book.rows[&0].height_px, book.rows[&1].height_px), (Some(35), Some(40)));
        assert_eq!((points(35), points(40)), ("26.25".to_string(), "30".to_string()));
        assert_eq!(quoted_sheet_name("自评表"), "'自评表'");
        assert_eq!(quoted_sheet_name("It's"), "'It''s'");
    }

    #[test]
    fn the_format_s_limits_are_errors_not_broken_files() {
        let mut book = Book::default();
        let body = Styles::new().body;
        assert!(book.write_blank(MAX_ROWS - 1, 0, &body).is_ok());
        let past = book.write_blank(MAX_ROWS, 0, &body).unwrap_err();
        assert!(matches!(&past, ExportError::Xlsx(m) if m.contains("1048577")), "{past:?}");
        assert!(book.write_number(MAX_ROWS, 0, "1".into(), &body).is_err());
        assert!(book.write_string(0, 0, &"a".repeat(MAX_TEXT), &body).is_ok());
        let long = book.write_string(0, 1, &"a".repeat(MAX_TEXT + 1), &body).unwrap_err();
        assert!(matches!(&long, ExportError::Xlsx(m) if m.contains("B1") && m.contains("32768")), "{long:?}");
        // Excel counts UTF-16 units: a character outside the BMP takes two.
        assert!(book.write_string(0, 2, &"😀".repeat(MAX_TEXT / 2 + 1), &body).is_err());
        // What is left out is not counted.
        assert!(book.write_string(0, 3, &format!("{}\u{1}", "a".repeat(MAX_TEXT)), &body).is_ok());

        let mut evaluation = seed();
        evaluation.find_indicator_mut("dept-07").unwrap().deviation_reason = "原因".repeat(20_000);
        let scored = score(&evaluation);
        let error = to_xlsx(&evaluation, &scored, Lang::Zh).unwrap_err();
        assert!(matches!(&error, ExportError::Xlsx(m) if m.contains("40000")), "{error:?}");
        assert!(error.message(Lang::Zh).starts_with("无法生成 Excel 文件"));
    }

    #[test]
    fn shared_strings_are_counted_once_per_cell() {
        let mut book = Book::default();
        let body = Styles::new().body;
        book.write_string(0, 0, "a", &body).unwrap();
        book.write_string(0, 1, "a", &body).unwrap();
        book.write_string(1, 0, " b", &body).unwrap();
        book.write_number(0, 1, "1".into(), &body).unwrap(); // overwrites a text
        let xml = book.shared_strings_xml();
        assert!(xml.contains(r#"count="2" uniqueCount="2""#), "{xml}");
        assert!(xml.ends_with(r#"<si><t>a</t></si><si><t xml:space="preserve"> b</t></si></sst>"#), "{xml}");
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

    /// A small well-formedness check: one root, every element closed in order, attributes quoted,
    /// only the five predefined entities and character references, no character XML 1.0 forbids.
    fn assert_well_formed(name: &str, xml: &str) {
        let body = xml.strip_prefix(XML_DECLARATION).unwrap_or_else(|| panic!("{name}: the XML declaration"));
        assert!(body.chars().all(is_xml_char), "{name}: a character XML forbids");
        let mut open: Vec<&str> = Vec::new();
        let mut roots = 0;
        let mut rest = body;
        let check_text = |text: &str| {
            assert!(!text.contains('>') && !text.contains('<'), "{name}: markup in text {text:?}");
            for entity in text.split('&').skip(1) {
                let end = entity.find(';').unwrap_or_else(|| panic!("{name}: a bare & in {text:?}"));
                let entity = &entity[..end];
                let known = ["amp", "lt", "gt", "quot", "apos"].contains(&entity)
                    || entity.strip_prefix("#x").is_some_and(|h| u32::from_str_radix(h, 16).is_ok());
                assert!(known, "{name}: &{entity};");
            }
        };
        while let Some(start) = rest.find('<') {
            let text = &rest[..start];
            assert!(!open.is_empty() || text.is_empty(), "{name}: text outside the root");
            check_text(text);
            let end = start + rest[start..].find('>').unwrap_or_else(|| panic!("{name}: an unclosed tag"));
            let tag = &rest[start + 1..end];
            rest = &rest[end + 1..];
            if let Some(closing) = tag.strip_prefix('/') {
                assert_eq!(open.pop(), Some(closing), "{name}: </{closing}> closes another element");
                continue;
            }
            let (tag, empty) = match tag.strip_suffix('/') {
                Some(tag) => (tag, true),
                None => (tag, false),
            };
            let element = tag.split(' ').next().unwrap();
            let mut attributes = &tag[element.len()..];
            while !attributes.is_empty() {
                let (name_eq, value) = attributes.trim_start().split_once("=\"").expect("name=\"value\"");
                assert!(!name_eq.contains(' ') && !name_eq.is_empty(), "{name}: attribute {name_eq:?}");
                let (value, after) = value.split_once('"').expect("a closing quote");
                check_text(value);
                attributes = after;
            }
            if open.is_empty() {
                roots += 1;
            }
            if !empty {
                open.push(element);
            }
        }
        assert!(open.is_empty() && rest.is_empty(), "{name}: {open:?} left open");
        assert_eq!(roots, 1, "{name}: one root element");
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
        for code in ["#,##0.0000", "0.000%", "#,##0&quot; 人&quot;", "#,##0.00&quot;%&quot;", "0"] {
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
