//! The scored evaluation handed on as a report: a 自评表 workbook (`.xlsx`, numbers as numbers) and
//! the indicator table as CSV (exact decimals as text). Browser-free like `domain` and `format`, so the
//! native tests read back exactly what the app downloads.

mod columns;
pub mod csv;
pub mod desk;
mod project;
mod workbook;
pub mod xlsx;
mod zip;

use std::fmt;

pub use self::csv::to_csv;
pub use self::xlsx::to_xlsx;

use crate::domain::{Evaluation, Lang};
use crate::i18n::texts;

pub const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const CSV_MIME: &str = "text/csv;charset=utf-8";

/// Why a workbook could not be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportError {
    /// The workbook would pass one of the format's limits (a text over 32,767 characters, more than
    /// 1,048,576 rows, a zip over 4 GiB); what and where, in English.
    Xlsx(String),
}

impl ExportError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ExportError::Xlsx(detail) => lang.pick(
                format!("无法生成 Excel 文件（{detail}）"),
                format!("The Excel file could not be written ({detail})"),
            ),
        }
    }
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for ExportError {}

impl From<zip::ZipError> for ExportError {
    fn from(error: zip::ZipError) -> Self {
        ExportError::Xlsx(error.0)
    }
}

/// "2023-广州市人力资源和社会保障局-自评表.xlsx": the saved file's stem, what the file is, the extension.
pub fn file_name(evaluation: &Evaluation, lang: Lang, extension: &str) -> String {
    let stem = crate::format::save::file_stem(evaluation);
    format!("{stem}-{}.{extension}", texts(lang).sheet.to_lowercase())
}

/// A scenario's export says so in its file name and its title: once emailed, a what-if must not pass
/// for the file's own 自评表. The evaluation to export (its title marked) and the file name.
pub fn for_scenario(evaluation: &Evaluation, scenario: &str, lang: Lang, extension: &str) -> (Evaluation, String) {
    let mark = lang.pick(format!("情景：{scenario}，非文件数据"), format!("scenario: {scenario}, not the file's data"));
    let mut marked = evaluation.clone();
    let title = evaluation.meta.title.trim();
    marked.meta.title = if title.is_empty() { mark.clone() } else { format!("{title}{}", texts(lang).aside(&mark)) };
    let t = texts(lang);
    let (stem, what) =
        (crate::format::save::file_stem(evaluation), format!("{}-{}", t.sheet, t.scenario).to_lowercase());
    (marked, format!("{stem}-{what}-{}.{extension}", crate::format::save::file_safe(scenario)))
}
