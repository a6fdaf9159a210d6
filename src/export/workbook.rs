//! A small SpreadsheetML writer: one or more named sheets of cells (texts as shared strings, numbers
//! as their exact decimal text), merged ranges, row heights and column widths, a frozen header row
//! repeated on every printed page (A4 landscape, one page wide), a stylesheet made of the formats the
//! cells use, and the package parts around them, in a stored zip (`super::zip`). As in Excel's own
//! files, the sheets share one table of strings and one stylesheet. It knows nothing of a 自评表:
//! `super::xlsx` lays one out on it. The output is deterministic: the same cells give the same bytes
//! (no creation time is recorded).

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;

use super::zip::{ZipError, ZipWriter};
use super::ExportError;

/// Excel's limits: rows in a sheet, characters (UTF-16 code units) in a cell.
pub(super) const MAX_ROWS: u32 = 1_048_576;
pub(super) const MAX_TEXT: usize = 32_767;

/// A font of the stylesheet: Calibri, at a size, bold or not, in a colour (`0xRRGGBB`) or the default.
/// The default is the workbook's own, Calibri 11.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Font {
    pub bold: bool,
    pub size: u32,
    pub colour: Option<u32>,
}

impl Default for Font {
    fn default() -> Font {
        Font { bold: false, size: 11, colour: None }
    }
}

impl Font {
    fn xml(self) -> String {
        let bold = if self.bold { "<b/>" } else { "" };
        let colour = self.colour.map(|rgb| format!("<color rgb=\"FF{rgb:06X}\"/>")).unwrap_or_default();
        format!("<font>{bold}<sz val=\"{}\"/>{colour}<name val=\"Calibri\"/><family val=\"2\"/></font>", self.size)
    }
}

/// A cell's look: one `xf` of the stylesheet per distinct value. The stylesheet's fonts, fills and
/// borders are those the formats use, in the order the cells first use them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Format {
    pub font: Font,
    /// A solid fill in this colour.
    pub fill: Option<u32>,
    /// A thin border in this colour on all four sides.
    pub border: Option<u32>,
    /// Aligned left.
    pub left: bool,
    /// Aligned to the top and wrapped.
    pub top_wrapped: bool,
    /// Centred both ways and wrapped: an official form's labels and merged 一级 / 二级 cells.
    pub centred: bool,
    pub num_format: Option<String>,
}

impl Format {
    pub fn with_num_format(&self, code: impl Into<String>) -> Format {
        Format { num_format: Some(code.into()), ..self.clone() }
    }
}

enum Value {
    Blank,
    /// An index into the shared strings.
    Text(usize),
    /// The number's text (`number_text`).
    Number(String),
}

struct Cell {
    /// The cell's `xf` in the stylesheet: 0 the default, else `Workbook::xfs[xf - 1]`.
    xf: usize,
    value: Value,
}

#[derive(Default)]
struct Row {
    /// The height in whole pixels, as Excel keeps it (written in points, 4 pixels to 3 points).
    height_px: Option<u32>,
    cells: BTreeMap<u16, Cell>,
}

/// One sheet's cells and merged ranges.
#[derive(Default)]
struct SheetCells {
    rows: BTreeMap<u32, Row>,
    merged: Vec<String>,
}

/// The workbook being written: its sheets' cells, the shared strings and the styles they use. What is
/// written goes to the current sheet; `next_sheet` puts it aside and starts another.
#[derive(Default)]
pub(super) struct Workbook {
    /// The sheets before the current one, in order.
    finished: Vec<SheetCells>,
    current: SheetCells,
    /// The shared strings: distinct texts in first-use order, each one's index, and how many cells
    /// hold a text.
    strings: Vec<String>,
    string_ids: HashMap<String, usize>,
    string_cells: usize,
    /// Distinct formats in first-use order, after the default one (`xf` 0).
    xfs: Vec<Format>,
    /// Custom number formats in first-use order: ids 164 and up.
    num_formats: Vec<String>,
}

/// The stylesheet's fonts (the default first), solid fills and borders.
struct UsedStyles {
    fonts: Vec<Font>,
    fills: Vec<u32>,
    borders: Vec<u32>,
}

/// What the parts around a one-sheet workbook say.
pub(super) struct Parts<'a> {
    pub sheet_name: &'a str,
    pub title: &'a str,
    pub company: &'a str,
    /// Each column's width from the first, in Excel's units (about one Latin character).
    pub widths: &'a [u32],
    /// The header row (0-based): it is repeated at the top of each printed page.
    pub header: u32,
    /// The rows down to the header stay on screen (a short heading above it; not a form's long one).
    pub freeze: bool,
}

/// One sheet of a workbook of several (`Workbook::save_sheets`): its tab's name, and as in `Parts`,
/// its widths, the header row printed on each page, and whether the rows down to it stay on screen.
pub(super) struct SheetParts<'a> {
    pub name: &'a str,
    pub widths: &'a [u32],
    pub header: u32,
    pub freeze: bool,
}

impl Workbook {
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
        Ok(self.current.rows.entry(row).or_default())
    }

    fn put(&mut self, row: u32, col: u16, value: Value, format: &Format) -> Result<(), ExportError> {
        let xf = self.xf(format);
        if let Some(Cell { value: Value::Text(_), .. }) = self.row(row)?.cells.insert(col, Cell { xf, value }) {
            self.string_cells -= 1; // overwritten
        }
        Ok(())
    }

    pub(super) fn write_blank(&mut self, row: u32, col: u16, format: &Format) -> Result<(), ExportError> {
        self.put(row, col, Value::Blank, format)
    }

    pub(super) fn write_string(&mut self, row: u32, col: u16, text: &str, format: &Format) -> Result<(), ExportError> {
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

    /// A numeric cell holding `value` exactly (`number_text`).
    pub(super) fn write_number(
        &mut self,
        row: u32,
        col: u16,
        value: Decimal,
        format: &Format,
    ) -> Result<(), ExportError> {
        self.put(row, col, Value::Number(number_text(value)), format)
    }

    /// A text across a row's columns, in the first cell; the others blank in the same format.
    pub(super) fn merge_range(
        &mut self,
        row: u32,
        first: u16,
        last: u16,
        text: &str,
        format: &Format,
    ) -> Result<(), ExportError> {
        self.merge_area((row, first), (row, last), text, format)
    }

    /// A text over a rectangle of cells (rows and columns, corners included), in its top-left cell;
    /// the others blank in the same format, so their borders are drawn. One cell is not merged.
    pub(super) fn merge_area(
        &mut self,
        (first_row, first_col): (u32, u16),
        (last_row, last_col): (u32, u16),
        text: &str,
        format: &Format,
    ) -> Result<(), ExportError> {
        for row in first_row..=last_row {
            for col in first_col..=last_col {
                self.write_blank(row, col, format)?;
            }
        }
        if !text.is_empty() {
            self.write_string(first_row, first_col, text, format)?;
        }
        if (first_row, first_col) != (last_row, last_col) {
            self.current.merged.push(format!("{}:{}", cell_name(first_row, first_col), cell_name(last_row, last_col)));
        }
        Ok(())
    }

    /// Excel stores a row's height in whole pixels (4 to 3 points): the nearest to `points`.
    pub(super) fn set_row_height(&mut self, row: u32, points: u32) -> Result<(), ExportError> {
        self.row(row)?.height_px = Some((points * 4 + 1) / 3);
        Ok(())
    }

    /// Puts the current sheet aside: what is written from now on goes to the next one.
    pub(super) fn next_sheet(&mut self) {
        self.finished.push(std::mem::take(&mut self.current));
    }

    /// The workbook of one sheet.
    pub(super) fn save(&self, parts: &Parts) -> Result<Vec<u8>, ZipError> {
        let sheet =
            SheetParts { name: parts.sheet_name, widths: parts.widths, header: parts.header, freeze: parts.freeze };
        self.save_sheets(parts.title, parts.company, &[sheet])
    }

    /// The workbook of its sheets in the order they were written, `sheets` saying what each is (the
    /// first one is shown when the file opens). `title` and `company` are the file's properties.
    pub(super) fn save_sheets(&self, title: &str, company: &str, sheets: &[SheetParts]) -> Result<Vec<u8>, ZipError> {
        let cells: Vec<&SheetCells> = self.finished.iter().chain([&self.current]).collect();
        if cells.len() != sheets.len() {
            return Err(ZipError(format!("{} sheets written but {} described", cells.len(), sheets.len())));
        }
        let mut zip = ZipWriter::new();
        zip.add("[Content_Types].xml", content_types(sheets.len()).as_bytes())?;
        zip.add("_rels/.rels", ROOT_RELS.as_bytes())?;
        zip.add("docProps/core.xml", core_xml(title).as_bytes())?;
        zip.add("docProps/app.xml", app_xml(company, sheets).as_bytes())?;
        zip.add("xl/workbook.xml", workbook_xml(sheets).as_bytes())?;
        zip.add("xl/_rels/workbook.xml.rels", workbook_rels(sheets.len()).as_bytes())?;
        zip.add("xl/styles.xml", self.styles_xml().as_bytes())?;
        for (i, (cells, parts)) in cells.into_iter().zip(sheets).enumerate() {
            zip.add(&format!("xl/worksheets/sheet{}.xml", i + 1), cells.xml(parts, i == 0).as_bytes())?;
        }
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
        let used = self.used_styles();
        xml.push_str(&format!("<fonts count=\"{}\">", used.fonts.len()));
        for font in &used.fonts {
            xml.push_str(&font.xml());
        }
        xml.push_str("</fonts>");
        let solid = |rgb: u32| {
            let pattern = format!("<fgColor rgb=\"FF{rgb:06X}\"/><bgColor indexed=\"64\"/>");
            format!("<fill><patternFill patternType=\"solid\">{pattern}</patternFill></fill>")
        };
        xml.push_str(&format!("<fills count=\"{}\">", used.fills.len() + 2));
        xml.push_str(
            r#"<fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>"#,
        );
        for &rgb in &used.fills {
            xml.push_str(&solid(rgb));
        }
        xml.push_str("</fills>");
        xml.push_str(&format!("<borders count=\"{}\">", used.borders.len() + 1));
        xml.push_str("<border><left/><right/><top/><bottom/><diagonal/></border>");
        for &rgb in &used.borders {
            xml.push_str("<border>");
            for name in ["left", "right", "top", "bottom"] {
                xml.push_str(&format!("<{name} style=\"thin\"><color rgb=\"FF{rgb:06X}\"/></{name}>"));
            }
            xml.push_str("<diagonal/></border>");
        }
        xml.push_str("</borders>");
        xml.push_str(r#"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#);
        xml.push_str(&format!("<cellXfs count=\"{}\">", self.xfs.len() + 1));
        for format in std::iter::once(&Format::default()).chain(&self.xfs) {
            xml.push_str(&self.xf_xml(format, &used));
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

    /// The fonts, fills and borders the formats use, in the order of their first use.
    fn used_styles(&self) -> UsedStyles {
        let mut used = UsedStyles { fonts: vec![Font::default()], fills: Vec::new(), borders: Vec::new() };
        fn add<T: PartialEq>(list: &mut Vec<T>, item: T) {
            if !list.contains(&item) {
                list.push(item);
            }
        }
        for format in &self.xfs {
            add(&mut used.fonts, format.font);
            format.fill.into_iter().for_each(|rgb| add(&mut used.fills, rgb));
            format.border.into_iter().for_each(|rgb| add(&mut used.borders, rgb));
        }
        used
    }

    fn xf_xml(&self, format: &Format, used: &UsedStyles) -> String {
        let num_format = match &format.num_format {
            Some(code) => self.num_formats.iter().position(|c| c == code).map_or(0, |i| FIRST_NUM_FORMAT + i),
            None => 0,
        };
        let font = used.fonts.iter().position(|&f| f == format.font).unwrap_or(0);
        // After the two fills every workbook starts with (none, gray125), and the one empty border.
        let fill = format.fill.and_then(|rgb| used.fills.iter().position(|&f| f == rgb)).map_or(0, |i| i + 2);
        let border = format.border.and_then(|rgb| used.borders.iter().position(|&b| b == rgb)).map_or(0, |i| i + 1);
        let mut xml = format!(
            "<xf numFmtId=\"{num_format}\" fontId=\"{font}\" fillId=\"{fill}\" borderId=\"{border}\" xfId=\"0\""
        );
        let applied = [
            ("applyNumberFormat", num_format != 0),
            ("applyFont", font != 0),
            ("applyFill", fill != 0),
            ("applyBorder", border != 0),
            ("applyAlignment", format.left || format.top_wrapped || format.centred),
        ];
        for (name, _) in applied.iter().filter(|(_, applied)| *applied) {
            xml.push_str(&format!(" {name}=\"1\""));
        }
        if !format.left && !format.top_wrapped && !format.centred {
            xml.push_str("/>");
            return xml;
        }
        xml.push_str("><alignment");
        if format.centred {
            xml.push_str(" horizontal=\"center\" vertical=\"center\" wrapText=\"1\"");
        } else {
            if format.left {
                xml.push_str(" horizontal=\"left\"");
            }
            if format.top_wrapped {
                xml.push_str(" vertical=\"top\" wrapText=\"1\"");
            }
        }
        xml.push_str("/></xf>");
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

impl SheetCells {
    /// A sheet's part: its cells, merges, view and print setup. The first sheet is the selected tab.
    fn xml(&self, parts: &SheetParts, first: bool) -> String {
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
        let selected = if first { " tabSelected=\"1\"" } else { "" };
        if parts.freeze {
            xml.push_str(&format!(
                "<sheetViews><sheetView{selected} workbookViewId=\"0\">\
                 <pane ySplit=\"{frozen}\" topLeftCell=\"{}\" activePane=\"bottomLeft\" state=\"frozen\"/>\
                 <selection pane=\"bottomLeft\"/></sheetView></sheetViews>",
                cell_name(frozen, 0)
            ));
        } else {
            xml.push_str(&format!("<sheetViews><sheetView{selected} workbookViewId=\"0\"/></sheetViews>"));
        }
        xml.push_str(r#"<sheetFormatPr defaultRowHeight="15"/><cols>"#);
        let mut col = 0;
        while col < parts.widths.len() {
            let width = parts.widths[col];
            let last = (col..parts.widths.len()).take_while(|&c| parts.widths[c] == width).last().unwrap_or(col);
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
}

const FIRST_NUM_FORMAT: usize = 164;

const XML_DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// The parts' content types: the package's, then each sheet's (`sheet1.xml`…), then the strings'.
fn content_types(sheets: usize) -> String {
    let mut xml = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
        r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
        r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
        r#"<Default Extension="xml" ContentType="application/xml"/>"#,
        r#"<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>"#,
        r#"<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>"#,
        r#"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#,
        r#"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
    ));
    for n in 1..=sheets {
        xml.push_str(&format!(
            r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        ));
    }
    xml.push_str(concat!(
        r#"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#,
        "</Types>"
    ));
    xml
}

const ROOT_RELS: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#,
    r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#,
    r#"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>"#,
    "</Relationships>"
);

/// The workbook's links: sheet n is `rIdn` (as `workbook_xml` names it), then the styles and the strings.
fn workbook_rels(sheets: usize) -> String {
    let mut xml = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    ));
    for n in 1..=sheets {
        xml.push_str(&format!(
            r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>"#
        ));
    }
    let (styles, strings) = (sheets + 1, sheets + 2);
    xml.push_str(&format!(
        r#"<Relationship Id="rId{styles}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#
    ));
    xml.push_str(&format!(
        r#"<Relationship Id="rId{strings}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#
    ));
    xml.push_str("</Relationships>");
    xml
}

/// The title and the calculator as the file's description. No author and no dates: a creation time
/// would make two exports of the same evaluation differ.
fn core_xml(title: &str) -> String {
    let mut xml = String::from(XML_DECLARATION);
    xml.push_str(concat!(
        r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties""#,
        r#" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>"#
    ));
    escape(&mut xml, title, Escape::Text);
    xml.push_str("</dc:title><dc:description>绩效自评计算器</dc:description></cp:coreProperties>");
    xml
}

/// The department as the company, and the parts list Excel writes (the sheets, then their print titles).
fn app_xml(company: &str, sheets: &[SheetParts]) -> String {
    let mut xml = String::from(XML_DECLARATION);
    xml.push_str(concat!(
        r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties""#,
        r#" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">"#
    ));
    xml.push_str("<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>");
    let n = sheets.len();
    xml.push_str(&format!(
        "<HeadingPairs><vt:vector size=\"4\" baseType=\"variant\">\
         <vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>{n}</vt:i4></vt:variant>\
         <vt:variant><vt:lpstr>Named Ranges</vt:lpstr></vt:variant><vt:variant><vt:i4>{n}</vt:i4></vt:variant>\
         </vt:vector></HeadingPairs>"
    ));
    xml.push_str(&format!("<TitlesOfParts><vt:vector size=\"{}\" baseType=\"lpstr\">", 2 * n));
    for sheet in sheets {
        xml.push_str("<vt:lpstr>");
        escape(&mut xml, sheet.name, Escape::Text);
        xml.push_str("</vt:lpstr>");
    }
    for sheet in sheets {
        xml.push_str("<vt:lpstr>");
        escape(&mut xml, &format!("{}!Print_Titles", quoted_sheet_name(sheet.name)), Escape::Text);
        xml.push_str("</vt:lpstr>");
    }
    xml.push_str("</vt:vector></TitlesOfParts><Company>");
    escape(&mut xml, company, Escape::Text);
    xml.push_str("</Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>");
    xml.push_str("<HyperlinksChanged>false</HyperlinksChanged><AppVersion>12.0000</AppVersion></Properties>");
    xml
}

/// The sheets, and each one's header row as its print titles (`_xlnm.Print_Titles`: repeated at the
/// top of every printed page).
fn workbook_xml(sheets: &[SheetParts]) -> String {
    let mut xml = String::from(XML_DECLARATION);
    xml.push_str(concat!(
        r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main""#,
        r#" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#
    ));
    xml.push_str(
        r#"<bookViews><workbookView xWindow="240" yWindow="15" windowWidth="16095" windowHeight="9660"/></bookViews>"#,
    );
    xml.push_str("<sheets>");
    for (i, sheet) in sheets.iter().enumerate() {
        xml.push_str("<sheet name=\"");
        escape(&mut xml, sheet.name, Escape::Attribute);
        xml.push_str(&format!("\" sheetId=\"{n}\" r:id=\"rId{n}\"/>", n = i + 1));
    }
    xml.push_str("</sheets><definedNames>");
    for (i, sheet) in sheets.iter().enumerate() {
        xml.push_str(&format!("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"{i}\">"));
        let row = u64::from(sheet.header) + 1;
        escape(&mut xml, &format!("{}!${row}:${row}", quoted_sheet_name(sheet.name)), Escape::Text);
        xml.push_str("</definedName>");
    }
    xml.push_str(r#"</definedNames><calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>"#);
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

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
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
        let mut book = Workbook::default();
        book.set_row_height(0, 26).unwrap();
        book.set_row_height(1, 30).unwrap();
        assert_eq!((book.current.rows[&0].height_px, book.current.rows[&1].height_px), (Some(35), Some(40)));
        assert_eq!((points(35), points(40)), ("26.25".to_string(), "30".to_string()));
        assert_eq!(quoted_sheet_name("自评表"), "'自评表'");
        assert_eq!(quoted_sheet_name("It's"), "'It''s'");
    }

    #[test]
    fn the_format_s_limits_are_errors_not_broken_files() {
        let mut book = Workbook::default();
        let body = Format { top_wrapped: true, ..Format::default() };
        assert!(book.write_blank(MAX_ROWS - 1, 0, &body).is_ok());
        let past = book.write_blank(MAX_ROWS, 0, &body).unwrap_err();
        assert!(matches!(&past, ExportError::Xlsx(m) if m.contains("1048577")), "{past:?}");
        assert!(book.write_number(MAX_ROWS, 0, Decimal::ONE, &body).is_err());
        assert!(book.write_string(0, 0, &"a".repeat(MAX_TEXT), &body).is_ok());
        let long = book.write_string(0, 1, &"a".repeat(MAX_TEXT + 1), &body).unwrap_err();
        assert!(matches!(&long, ExportError::Xlsx(m) if m.contains("B1") && m.contains("32768")), "{long:?}");
        // Excel counts UTF-16 units: a character outside the BMP takes two.
        assert!(book.write_string(0, 2, &"😀".repeat(MAX_TEXT / 2 + 1), &body).is_err());
        // What is left out is not counted.
        assert!(book.write_string(0, 3, &format!("{}\u{1}", "a".repeat(MAX_TEXT)), &body).is_ok());
    }

    #[test]
    fn shared_strings_are_counted_once_per_cell() {
        let mut book = Workbook::default();
        let body = Format::default();
        book.write_string(0, 0, "a", &body).unwrap();
        book.write_string(0, 1, "a", &body).unwrap();
        book.write_string(1, 0, " b", &body).unwrap();
        book.write_number(0, 1, Decimal::ONE, &body).unwrap(); // overwrites a text
        let xml = book.shared_strings_xml();
        assert!(xml.contains(r#"count="2" uniqueCount="2""#), "{xml}");
        assert!(xml.ends_with(r#"<si><t>a</t></si><si><t xml:space="preserve"> b</t></si></sst>"#), "{xml}");
    }

    /// A one-sheet book touching each thing the writer does: merges across a row and over an area,
    /// row heights, runs of equal widths, fonts, fills, borders, alignments, number formats, texts
    /// that need escaping or `xml:space`, a text overwritten by a number, a frozen header.
    fn one_sheet_sample() -> Workbook {
        let mut book = Workbook::default();
        let title = Format { font: Font { bold: true, size: 16, colour: None }, centred: true, ..Format::default() };
        let header = Format {
            font: Font { bold: true, colour: Some(0xFFFFFF), ..Font::default() },
            fill: Some(0x1D4F91),
            border: Some(0xB8C2CF),
            left: true,
            top_wrapped: true,
            ..Format::default()
        };
        let body = Format { border: Some(0xB8C2CF), left: true, top_wrapped: true, ..Format::default() };
        let exact = Format { border: Some(0xB8C2CF), ..Format::default() }.with_num_format("0.######");
        book.merge_range(0, 0, 3, "2023年度 <自评表> & \"quoted\"", &title).unwrap();
        book.set_row_height(0, 26).unwrap();
        for (col, text) in ["名称", "分值", "得分", "说明"].iter().enumerate() {
            book.write_string(1, col as u16, text, &header).unwrap();
        }
        book.write_string(2, 0, " leading space", &body).unwrap();
        book.write_number(2, 1, d("20"), &exact).unwrap();
        book.write_number(2, 2, d("13.65"), &exact.with_num_format("0.00")).unwrap();
        book.write_string(2, 3, "_x0041_ 一行\n两行\r", &body).unwrap();
        book.write_string(3, 0, "名称", &body).unwrap();
        book.write_string(3, 2, "to be overwritten", &body).unwrap();
        book.write_number(3, 2, d("-0"), &exact).unwrap();
        book.write_blank(3, 3, &Format::default()).unwrap();
        book.merge_area((4, 0), (5, 1), "合并", &title).unwrap();
        book.set_row_height(5, 30).unwrap();
        book
    }

    /// The number format a cell is shown with ("General" where it has none of its own), read back
    /// from the parts as a spreadsheet reads it: the cell's style, then that style's format.
    pub(in crate::export) fn cell_format(xlsx: &[u8], sheet: usize, cell: &str) -> String {
        let parts = crate::export::zip::tests::read_zip(xlsx);
        let part = |name: &str| {
            let (_, data) = parts.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("{name}"));
            String::from_utf8(data.clone()).unwrap()
        };
        let attr = |tag: &str, name: &str| -> Option<String> {
            let needle = format!(" {name}=\"");
            let start = tag.find(&needle)? + needle.len();
            Some(tag[start..start + tag[start..].find('"')?].to_string())
        };
        let tag_at = |xml: &str, at: usize| xml[at..at + xml[at..].find('>').unwrap()].to_string();
        let sheet = part(&format!("xl/worksheets/sheet{sheet}.xml"));
        let cell_at = sheet.find(&format!("<c r=\"{cell}\"")).unwrap_or_else(|| panic!("no cell {cell}"));
        let style: usize = attr(&tag_at(&sheet, cell_at), "s").map_or(0, |s| s.parse().unwrap());
        let styles = part("xl/styles.xml");
        let xfs = &styles[styles.find("<cellXfs").unwrap()..];
        let (xf_at, _) = xfs.match_indices("<xf ").nth(style).unwrap();
        let id = attr(&tag_at(xfs, xf_at), "numFmtId").unwrap();
        if id == "0" {
            return "General".into();
        }
        let needle = format!("<numFmt numFmtId=\"{id}\" formatCode=\"");
        let start = styles.find(&needle).unwrap_or_else(|| panic!("format {id}")) + needle.len();
        styles[start..start + styles[start..].find('"').unwrap()].replace("&quot;", "\"")
    }

    fn parts_text(bytes: &[u8]) -> String {
        let mut text = String::new();
        for (name, data) in crate::export::zip::tests::read_zip(bytes) {
            text += &format!("--- {name}\n{}\n", String::from_utf8(data).unwrap());
        }
        text
    }

    /// Every one-sheet export (the 自评表, the project form) must stay byte for byte what it was
    /// before the writer learnt several sheets: the golden parts were written by the one-sheet writer
    /// (commit 0768bbb) and are compared here whole.
    #[test]
    fn a_one_sheet_book_is_written_as_before() {
        let frozen = Parts {
            sheet_name: "自评表 It's",
            title: "T & <t>",
            company: "广州 & Co",
            widths: &[24, 10, 10, 8],
            header: 1,
            freeze: true,
        };
        let bytes = one_sheet_sample().save(&frozen).unwrap();
        assert_eq!(parts_text(&bytes), include_str!("testdata/one-sheet-frozen.txt"));
        let mut book = Workbook::default();
        book.write_string(0, 0, "表", &Format::default()).unwrap();
        let plain = Parts { sheet_name: "Sheet", title: "", company: "", widths: &[], header: 0, freeze: false };
        let bytes = book.save(&plain).unwrap();
        assert_eq!(parts_text(&bytes), include_str!("testdata/one-sheet-plain.txt"));
    }

    /// Two sheets share the strings and the styles; each has its own cells, merges, widths, view and
    /// print titles, and reads back under its name.
    #[test]
    fn several_sheets_share_strings_and_styles() {
        use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
        let bold = Format { font: Font { bold: true, ..Font::default() }, ..Format::default() };
        let mut book = Workbook::default();
        book.merge_range(0, 0, 1, "汇总", &bold).unwrap();
        book.write_string(1, 0, "seed.json", &Format::default()).unwrap();
        book.write_number(1, 1, d("97.7794"), &Format::default()).unwrap();
        book.next_sheet();
        book.write_string(0, 0, "文件", &bold).unwrap();
        book.write_string(1, 0, "seed.json", &Format::default()).unwrap();
        book.write_string(2, 2, "1. 请更正总分。", &bold).unwrap();
        let sheets = [
            SheetParts { name: "审核汇总", widths: &[24, 11], header: 1, freeze: false },
            SheetParts { name: "It's 意见", widths: &[24, 6, 72], header: 0, freeze: true },
        ];
        let bytes = book.save_sheets("审核台", "", &sheets).unwrap();
        let parts = crate::export::zip::tests::read_zip(&bytes);
        let part = |name: &str| {
            let (_, data) = parts.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no {name}"));
            String::from_utf8(data.clone()).unwrap()
        };
        for (name, data) in &parts {
            assert_well_formed(name, std::str::from_utf8(data).unwrap());
        }
        // One table of strings: "seed.json" once though two sheets hold it; one bold format.
        assert!(part("xl/sharedStrings.xml").contains(r#"count="5" uniqueCount="4""#));
        assert_eq!(part("xl/styles.xml").matches("<b/>").count(), 1);
        let (first, second) = (part("xl/worksheets/sheet1.xml"), part("xl/worksheets/sheet2.xml"));
        assert!(first.contains(r#"<sheetView tabSelected="1" workbookViewId="0"/>"#), "{first}");
        assert!(first.contains(r#"<mergeCell ref="A1:B1"/>"#) && !second.contains("mergeCell"), "{second}");
        assert!(second.contains(r#"<sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2""#), "{second}");
        assert!(second.contains(r#"<col min="3" max="3" width="72.7109375""#), "{second}");
        assert!(part("[Content_Types].xml").contains("/xl/worksheets/sheet2.xml"));
        assert!(part("xl/_rels/workbook.xml.rels").contains(r#"Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml""#));
        let workbook = part("xl/workbook.xml");
        assert!(workbook.contains(r#"localSheetId="0">'审核汇总'!$2:$2<"#), "{workbook}");
        assert!(workbook.contains(r#"localSheetId="1">'It''s 意见'!$1:$1<"#), "{workbook}");
        assert!(part("docProps/app.xml").contains("<vt:i4>2</vt:i4>"));

        let mut read: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(read.sheet_names(), ["审核汇总", "It's 意见"]);
        let summary = read.worksheet_range("审核汇总").unwrap();
        assert_eq!(summary.get_value((1, 1)), Some(&Data::Float(97.7794)));
        let opinions = read.worksheet_range("It's 意见").unwrap();
        assert_eq!(opinions.get_value((1, 0)), Some(&Data::String("seed.json".into())));
        assert_eq!(opinions.get_value((2, 2)), Some(&Data::String("1. 请更正总分。".into())));
        // Each sheet has its own cells: the first's number is not on the second.
        assert_eq!(opinions.get_value((1, 1)), Some(&Data::Empty));
        assert_eq!((summary.get_size(), opinions.get_size()), ((2, 2), (3, 3)));

        // Sheets described and written must agree.
        assert!(book.save_sheets("", "", &sheets[..1]).is_err());
    }

    /// A small well-formedness check: one root, every element closed in order, attributes quoted,
    /// only the five predefined entities and character references, no character XML 1.0 forbids.
    pub(in crate::export) fn assert_well_formed(name: &str, xml: &str) {
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
}
