//! The scored evaluation handed on as a report: a 自评表 workbook (`.xlsx`, numbers as numbers) and
//! the indicator table as CSV (exact decimals as text). Browser-free like `domain` and `format`, so the
//! native tests read back exactly what the app downloads.

pub mod csv;
mod workbook;
pub mod xlsx;
mod zip;

use std::fmt;

pub use self::csv::to_csv;
pub use self::xlsx::to_xlsx;

use crate::domain::num::format_exact;
use crate::domain::score::level_label;
use crate::domain::{Actual, Direction, Evaluation, Indicator, Lang, Node, Scored};

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
    format!("{stem}-{}.{extension}", lang.pick("自评表", "self-evaluation"))
}

/// A scenario's export says so in its file name and its title: once emailed, a what-if must not pass
/// for the file's own 自评表. The evaluation to export (its title marked) and the file name.
pub fn for_scenario(evaluation: &Evaluation, scenario: &str, lang: Lang, extension: &str) -> (Evaluation, String) {
    let mark = lang.pick(format!("情景：{scenario}，非文件数据"), format!("scenario: {scenario}, not the file's data"));
    let mut marked = evaluation.clone();
    let title = evaluation.meta.title.trim();
    marked.meta.title = if title.is_empty() {
        mark.clone()
    } else {
        format!("{title}{}{mark}{}", lang.pick("（", " ("), lang.pick("）", ")"))
    };
    let (stem, what) =
        (crate::format::save::file_stem(evaluation), lang.pick("自评表-情景", "self-evaluation-scenario"));
    (marked, format!("{stem}-{what}-{}.{extension}", crate::format::save::file_safe(scenario)))
}

/// Each node's path of names below the root (the root's is empty), in `Scored::nodes` order: the
/// 一级 / 二级 / 三级 columns of a 自评表.
pub(crate) fn node_paths<'a>(evaluation: &'a Evaluation, scored: &Scored) -> Vec<Vec<&'a str>> {
    let nodes: Vec<&Node> = evaluation.root.walk().collect();
    let mut paths: Vec<Vec<&str>> = Vec::with_capacity(nodes.len());
    for (node, result) in nodes.iter().zip(&scored.nodes) {
        let path = match result.parent.and_then(|p| paths.get(p)) {
            Some(parent) => {
                let mut path = parent.clone();
                path.push(node.name.as_str());
                path
            }
            None => Vec::new(),
        };
        paths.push(path);
    }
    paths
}

/// A path as the three columns: the first name, the middle ones joined, the last (a path of one fills
/// only the first column, of two the first two).
pub(crate) fn three_levels(path: &[&str]) -> [String; 3] {
    match path {
        [] => Default::default(),
        [one] => [one.to_string(), String::new(), String::new()],
        [one, two] => [one.to_string(), two.to_string(), String::new()],
        [first, middle @ .., last] => [first.to_string(), middle.join(" / "), last.to_string()],
    }
}

/// The target as a 自评表 writes it: "≥ 20 人", "≤ 5%", or the report's wording for a qualitative one.
pub(crate) fn target_text(indicator: &Indicator) -> String {
    match (indicator.direction, indicator.target) {
        (Direction::Qualitative, _) | (_, None) => indicator.target_text.trim().to_string(),
        (direction, Some(target)) => {
            format!("{} {}{}", direction.symbol(), format_exact(target), unit_suffix(&indicator.unit))
        }
    }
}

fn unit_suffix(unit: &str) -> String {
    match unit.trim() {
        "" => String::new(),
        "%" | "％" => "%".to_string(),
        unit => format!(" {unit}"),
    }
}

/// A qualitative actual: "部分达成 75%", or the level alone when it takes the band's default.
pub(crate) fn level_text(actual: &Actual, lang: Lang) -> String {
    match actual {
        Actual::Number(n) => format_exact(*n),
        Actual::Level { level, percent: Some(percent) } => {
            format!("{} {}%", level_label(*level, lang), format_exact(*percent))
        }
        Actual::Level { level, percent: None } => level_label(*level, lang).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_three_columns() {
        assert_eq!(three_levels(&[]), [String::new(), String::new(), String::new()]);
        assert_eq!(three_levels(&["履职效能"]), ["履职效能".to_string(), String::new(), String::new()]);
        assert_eq!(
            three_levels(&["履职效能", "专项资金绩效完成情况", "产出指标", "指标"]),
            ["履职效能".to_string(), "专项资金绩效完成情况 / 产出指标".to_string(), "指标".to_string()]
        );
    }

    #[test]
    fn targets_read_as_the_report_writes_them() {
        let mut indicator = Indicator::new("i", "人数", Direction::AtLeast);
        indicator.target = Some(20.into());
        indicator.unit = "人".into();
        assert_eq!(target_text(&indicator), "≥ 20 人");
        indicator.unit = "%".into();
        indicator.direction = Direction::AtMost;
        assert_eq!(target_text(&indicator), "≤ 20%");
        indicator.direction = Direction::Qualitative;
        indicator.target_text = "群众满意".into();
        assert_eq!(target_text(&indicator), "群众满意");
    }
}
