//! Writing the file: deterministic (same evaluation, same bytes) and lossless (everything loaded is
//! written back). Decimals are written as strings so that no JSON reader turns them into floats.

use serde::Serialize;

use super::{CURRENT_VERSION, FORMAT_MARKER};
use crate::domain::review::Review;
use crate::domain::{Evaluation, Meta, Node, Scenario};
use crate::i18n::texts;

#[derive(Serialize)]
struct File<'a> {
    format: &'static str,
    version: u64,
    meta: &'a Meta,
    root: &'a Node,
    #[serde(skip_serializing_if = "<[Scenario]>::is_empty")]
    scenarios: &'a [Scenario],
    #[serde(skip_serializing_if = "Option::is_none")]
    review: Option<&'a Review>,
}

impl<'a> File<'a> {
    fn of(evaluation: &'a Evaluation) -> File<'a> {
        File {
            format: FORMAT_MARKER,
            version: CURRENT_VERSION,
            meta: &evaluation.meta,
            root: &evaluation.root,
            scenarios: &evaluation.scenarios,
            review: evaluation.review.as_ref(),
        }
    }
}

/// The file's text: two-space indented JSON, Chinese unescaped, ending in a newline.
pub fn to_json(evaluation: &Evaluation) -> String {
    // Serializing plain structs of strings, decimals and vectors into a String cannot fail.
    let mut text = serde_json::to_string_pretty(&File::of(evaluation)).unwrap_or_default();
    text.push('\n');
    text
}

/// The file's content without its layout (compact JSON) streamed into `out`: what tells two
/// evaluations apart (`jixiao review`'s duplicates) at a quarter of `to_json`'s cost, no text built.
pub fn write_content(evaluation: &Evaluation, out: impl std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer(out, &File::of(evaluation)).map_err(std::io::Error::other)
}

/// `write_content` without the review record: the evaluation as the department made it, so that a
/// reviewed copy and the file it was reviewed from read as the same evaluation (`review::compare`).
pub fn write_evaluation_content(evaluation: &Evaluation, out: impl std::io::Write) -> std::io::Result<()> {
    let file = File { review: None, ..File::of(evaluation) };
    serde_json::to_writer(out, &file).map_err(std::io::Error::other)
}

/// "2023-广州市人力资源和社会保障局": `file_name`'s year and department (or title) without a total or an
/// extension, for the other files made from an evaluation (the exports' "…-自评表.xlsx").
pub fn file_stem(evaluation: &Evaluation) -> String {
    let name = file_name(evaluation);
    name.strip_suffix(".json").unwrap_or(&name).to_string()
}

/// "2023-广州市人力资源和社会保障局-部门整体支出绩效自评.json": year, unit and title, as people name the
/// files they email; the same name whatever the total (the total is in the file). A title that
/// repeats the year or the unit does not say them twice. Characters file systems refuse are replaced.
pub fn file_name(evaluation: &Evaluation) -> String {
    let meta = &evaluation.meta;
    let mut parts: Vec<String> = Vec::new();
    let year = meta.year.map(|y| y.to_string());
    if let Some(year) = &year {
        parts.push(year.clone());
    }
    let unit = meta.department.trim();
    if !unit.is_empty() {
        parts.push(unit.to_string());
    }
    let mut title = if meta.project.trim().is_empty() { meta.title.trim() } else { meta.project.trim() };
    if let Some(year) = &year {
        let rest = title.trim_start_matches(year.as_str()).trim_start();
        title = rest.strip_prefix("年度").or_else(|| rest.strip_prefix('年')).unwrap_or(rest).trim();
    }
    title = title.trim_start_matches(unit).trim();
    if !title.is_empty() {
        parts.push(title.to_string());
    }
    if parts.is_empty() {
        parts.push("绩效自评".to_string());
    }
    format!("{}.json", file_safe(&parts.join("-")))
}

/// The text with the characters that file systems refuse in a name replaced.
pub fn file_safe(text: &str) -> String {
    text.chars().map(|c| if r#"\/:*?"<>|"#.contains(c) || c.is_control() { '_' } else { c }).collect()
}

/// Who and what a file is, in one line, for "replace your work with this?": title, department,
/// year, how many indicators, and the total it computes.
pub fn describe(evaluation: &Evaluation, lang: crate::domain::Lang) -> String {
    let scored = crate::domain::score(evaluation);
    let meta = &evaluation.meta;
    let indicators: usize = evaluation.root.walk().map(|n| n.indicators().len()).sum();
    let mut parts: Vec<String> = Vec::new();
    for part in [&meta.title, &meta.department] {
        if !part.trim().is_empty() {
            parts.push(part.trim().to_string());
        }
    }
    if let Some(year) = meta.year {
        parts.push(lang.pick(format!("{year} 年度"), format!("year {year}")));
    }
    let t = texts(lang);
    parts.push(format!("{indicators} {}", t.indicators_word));
    let total = crate::domain::num::format_fixed(scored.total, meta.display_decimals);
    let grade = t.aside(&scored.grade);
    parts.push(lang.pick(format!("计算总分 {total}{grade}"), format!("computed total {total}{grade}")));
    parts.join(" · ")
}
