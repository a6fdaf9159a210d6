//! Reading the workbooks people already have: a 项目支出绩效自评表 in .xlsx / .xlsm (also .xls and .ods,
//! which calamine reads at no extra code) becomes an `Evaluation` (the project table, format version 4)
//! and an `ImportReport` that says where every row came from (`Sheet1!C12`), what was skipped and why,
//! what was assumed, and the computed total beside the printed one.
//!
//! The table is found by its words (一级指标, 年度指标值, 全年预算数, 总分…), never at fixed cells. What a
//! workbook does not say is not guessed silently: every assumption is in the report. A workbook that
//! cannot be read is an `ImportError` naming the file and what is wrong; nothing here panics.
//!
//! No browser code: the same module builds for wasm32, for the app's worker to load on demand.

mod container;
mod grid;
mod ole;
mod pasted;
mod table;
pub mod wire;

use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::domain::{score, Evaluation, Lang};

pub use container::{is_workbook, looks_like_workbook, MAX_UNCOMPRESSED_BYTES};
pub use grid::MAX_ROWS;
pub use pasted::{is_whole_table, read_pasted_table, PASTED_NAME, PASTED_SHEET};

/// Which sheet to read: by name, or by its 1-based position. None: the one whose table is found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SheetChoice {
    Name(String),
    Number(usize),
}

impl SheetChoice {
    /// `--sheet` as typed: a number is a position (1 is the first sheet), anything else a name.
    pub fn parse(text: &str) -> SheetChoice {
        match text.trim().parse::<usize>() {
            Ok(n) => SheetChoice::Number(n),
            Err(_) => SheetChoice::Name(text.to_string()),
        }
    }
}

/// A workbook read: the evaluation and what reading it involved.
#[derive(Clone, Debug)]
pub struct Imported {
    pub evaluation: Evaluation,
    pub report: ImportReport,
}

/// What reading a workbook involved, for the person who opens it. Serialised, it crosses from the
/// import worker to the page (`wire`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ImportReport {
    /// The sheet the table was read from.
    pub sheet: String,
    /// Every row read, with the cell it came from.
    pub rows: Vec<RowSource>,
    /// What was not read, and why (a blank spacer row, a hidden sheet, a second table…).
    pub skipped: Vec<Note>,
    /// What the workbook did not say and the import decided (a direction from "≥", a unit, a fraction
    /// read as a percent…).
    pub assumed: Vec<Note>,
    /// The total the engine computes from what was read.
    pub computed_total: Decimal,
    /// The 总分 the workbook prints, if it prints one.
    pub printed_total: Option<Decimal>,
    /// The grade the workbook prints (自评等级), and the one computed.
    pub printed_grade: Option<String>,
    pub computed_grade: String,
}

/// One row of the evaluation and where it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RowSource {
    /// The indicator's id, or the node's (`budget`).
    pub id: String,
    pub name: String,
    /// `Sheet1!C12`: the row's name cell.
    pub cell: String,
}

/// A remark about one place in the workbook, in both languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Note {
    /// `Sheet1!A12`, `Sheet1!7` (a whole row) or `Sheet2` (a whole sheet).
    pub place: String,
    /// In English (the CLI prints this one).
    pub text: String,
    /// In Chinese (the app shows it in Chinese).
    pub zh: String,
}

impl Note {
    pub fn new(place: String, zh: impl Into<String>, en: impl Into<String>) -> Note {
        Note { place, text: en.into(), zh: zh.into() }
    }

    pub fn text(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.text)
    }
}

impl ImportReport {
    /// The report as lines for a terminal (the CLI prints them on standard error).
    pub fn lines(&self) -> Vec<String> {
        let mut lines = vec![format!("sheet: {}", self.sheet)];
        lines.extend(self.rows.iter().map(|r| format!("row {}: {} ({})", r.cell, r.name, r.id)));
        lines.extend(self.skipped.iter().map(|n| format!("skipped {}: {}", n.place, n.text)));
        lines.extend(self.assumed.iter().map(|n| format!("assumed {}: {}", n.place, n.text)));
        let printed = self.printed_total.map_or_else(|| "none".to_string(), |t| t.normalize().to_string());
        lines.push(format!("total: computed {} · printed {printed}", self.computed_total.normalize()));
        let printed_grade = self.printed_grade.as_deref().unwrap_or("none");
        lines.push(format!("grade: computed {} · printed {printed_grade}", self.computed_grade));
        lines
    }
}

/// Why a workbook could not be read. Its message names the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    pub file: String,
    pub kind: ImportErrorKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportErrorKind {
    /// Empty, or neither a zip (xlsx, xlsm, ods) nor an OLE file (xls).
    NotAWorkbook,
    /// A zip that ends early or whose directory is damaged.
    Damaged(String),
    /// The zip declares more than `MAX_UNCOMPRESSED_BYTES` once inflated (or an absurd ratio).
    TooLarge { declared: u64 },
    /// Password protected.
    Encrypted,
    /// A zip of another kind: a Word document, a presentation…
    OtherDocument(&'static str),
    /// No sheet by that name or number.
    NoSuchSheet(String),
    /// No sheet holds a table with 三级指标 / 指标值 / 实际完成值 headers.
    NoTable,
    /// The table goes on past `MAX_ROWS` rows: not a project table.
    TooManyRows { sheet: String, rows: usize },
    /// A cell the table needs holds a formula saved without its value.
    FormulaWithoutValue { cell: String, formula: String },
    /// calamine could not read it.
    Unreadable(String),
    /// Pasted text with no whole table in it (no 绩效指标 header under a title, project or funds): the
    /// page pastes it cell by cell instead.
    NotATable,
}

impl ImportError {
    fn new(file: &str, kind: ImportErrorKind) -> ImportError {
        ImportError { file: file.to_string(), kind }
    }

    /// A short stable code, as `jixiao check` prints it.
    pub fn code(&self) -> &'static str {
        match self.kind {
            ImportErrorKind::NotAWorkbook => "not_a_workbook",
            ImportErrorKind::Damaged(_) => "damaged_workbook",
            ImportErrorKind::TooLarge { .. } => "workbook_too_large",
            ImportErrorKind::Encrypted => "encrypted_workbook",
            ImportErrorKind::OtherDocument(_) => "not_a_spreadsheet",
            ImportErrorKind::NoSuchSheet(_) => "no_such_sheet",
            ImportErrorKind::NoTable => "no_table",
            ImportErrorKind::TooManyRows { .. } => "too_many_rows",
            ImportErrorKind::FormulaWithoutValue { .. } => "formula_without_value",
            ImportErrorKind::Unreadable(_) => "unreadable_workbook",
            ImportErrorKind::NotATable => "not_a_table",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let file = &self.file;
        match (&self.kind, lang) {
            (ImportErrorKind::NotAWorkbook, Lang::Zh) => {
                format!("{file}：不是 Excel/WPS 工作簿（.xlsx、.xlsm、.xls、.ods）")
            }
            (ImportErrorKind::NotAWorkbook, Lang::En) => {
                format!("{file}: not an Excel/WPS workbook (.xlsx, .xlsm, .xls, .ods)")
            }
            (ImportErrorKind::Damaged(why), Lang::Zh) => format!("{file}：工作簿已损坏或不完整（{why}）"),
            (ImportErrorKind::Damaged(why), Lang::En) => {
                format!("{file}: the workbook is damaged or truncated ({why})")
            }
            (ImportErrorKind::TooLarge { declared }, Lang::Zh) => format!(
                "{file}：解压后有 {}，超过 {} 的上限，未解压",
                human(*declared),
                human(MAX_UNCOMPRESSED_BYTES)
            ),
            (ImportErrorKind::TooLarge { declared }, Lang::En) => format!(
                "{file}: it would inflate to {}, over the {} limit; not inflated",
                human(*declared),
                human(MAX_UNCOMPRESSED_BYTES)
            ),
            (ImportErrorKind::Encrypted, Lang::Zh) => {
                format!("{file}：工作簿设有密码；请在 Excel/WPS 中取消密码后另存再打开")
            }
            (ImportErrorKind::Encrypted, Lang::En) => format!(
                "{file}: the workbook is password protected; remove the password in Excel/WPS, save, and open it again"
            ),
            (ImportErrorKind::OtherDocument(what), Lang::Zh) => format!("{file}：这是{what}，不是电子表格"),
            (ImportErrorKind::OtherDocument(what), Lang::En) => {
                format!("{file}: this is {}, not a spreadsheet", english_document(what))
            }
            (ImportErrorKind::NoSuchSheet(sheet), Lang::Zh) => format!("{file}：没有工作表“{sheet}”"),
            (ImportErrorKind::NoSuchSheet(sheet), Lang::En) => format!("{file}: no sheet “{sheet}”"),
            (ImportErrorKind::NoTable, Lang::Zh) => format!(
                "{file}：没有找到绩效自评表：没有一个工作表同时有“三级指标”“指标值”“实际完成值”（或“完成值”）表头"
            ),
            (ImportErrorKind::NoTable, Lang::En) => format!(
                "{file}: no self-evaluation table found: no sheet has the headers 三级指标, 指标值 and 实际完成值 (or 完成值)"
            ),
            (ImportErrorKind::TooManyRows { sheet, rows }, Lang::Zh) => format!(
                "{file}：工作表“{sheet}”的表格超过 {rows} 行仍未结束，不是一张项目支出绩效自评表（通常几十行）"
            ),
            (ImportErrorKind::TooManyRows { sheet, rows }, Lang::En) => format!(
                "{file}: the table on sheet “{sheet}” goes on past {rows} rows; a project table has tens of rows"
            ),
            (ImportErrorKind::FormulaWithoutValue { cell, formula }, Lang::Zh) => format!(
                "{file}：{cell} 是公式 ={formula}，但文件里没有保存它的计算结果；请在 Excel/WPS 中打开并保存后再导入"
            ),
            (ImportErrorKind::FormulaWithoutValue { cell, formula }, Lang::En) => format!(
                "{file}: {cell} holds the formula ={formula} without its saved value; open and save it in Excel/WPS, then import it again"
            ),
            (ImportErrorKind::Unreadable(why), Lang::Zh) => format!("{file}：无法读取工作簿（{why}）"),
            (ImportErrorKind::Unreadable(why), Lang::En) => format!("{file}: the workbook cannot be read ({why})"),
            (ImportErrorKind::NotATable, Lang::Zh) => format!(
                "{file}：不是整张自评表：没有找到标题、项目名称或资金表下面带“三级指标”“指标值”“实际完成值”表头的绩效指标"
            ),
            (ImportErrorKind::NotATable, Lang::En) => format!(
                "{file}: not a whole self-evaluation table: no 绩效指标 header (三级指标, 指标值, 实际完成值) under a title, project name or funds block"
            ),
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for ImportError {}

fn english_document(what: &str) -> &'static str {
    match what {
        "Word 文档" => "a Word document",
        "PowerPoint 演示文稿" => "a PowerPoint presentation",
        "OpenDocument 文本" => "an OpenDocument text",
        _ => "another kind of document",
    }
}

fn human(bytes: u64) -> String {
    crate::format::problems::human_size(usize::try_from(bytes).unwrap_or(usize::MAX))
}

/// Reads a workbook's bytes. `file` names it in errors and notes (the file name as the person knows it).
pub fn read_workbook(bytes: &[u8], file: &str, sheet: Option<&SheetChoice>) -> Result<Imported, ImportError> {
    let fail = |kind| ImportError::new(file, kind);
    let book = container::open(bytes).map_err(fail)?;
    let mut book = grid::Book::new(book);
    let mut skipped = Vec::new();
    let grids = book.grids(sheet, &mut skipped).map_err(fail)?;
    let mut found = table::find(grids, &mut skipped).map_err(fail)?;
    found.report.skipped.splice(0..0, skipped);
    let scored = score(&found.evaluation);
    found.report.computed_total = scored.total;
    found.report.computed_grade = scored.grade;
    Ok(Imported { evaluation: found.evaluation, report: found.report })
}
