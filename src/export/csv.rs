//! The indicator table as CSV: one row per indicator, every number the exact decimal as text.
//!
//! UTF-8 with a byte-order mark (without it Excel reads the Chinese as the local code page), CRLF line
//! ends and RFC 4180 quoting. Free text that starts like a formula (`=`, `+`, `-`, `@`) gets a leading
//! apostrophe, so a file someone emailed cannot run a formula in the spreadsheet that opens the export.

use super::columns::{level_text, node_paths};
use crate::domain::num::format_exact;
use crate::domain::{Direction, Evaluation, Lang, Node, Scored};
use crate::i18n::{texts, Texts};

/// The header row.
fn headers(t: &Texts) -> [&'static str; 13] {
    [
        t.col_id,
        t.col_parent,
        t.category,
        t.indicator,
        t.direction,
        t.col_target,
        t.unit,
        t.col_actual,
        t.col_ratio,
        t.col_points,
        t.col_score,
        t.col_status,
        t.col_reason,
    ]
}

/// One field: free text (quoted as needed, guarded against formulas) or an exact number.
enum Field {
    Text(String),
    Number(String),
}

/// The CSV text, starting with the byte-order mark.
pub fn to_csv(evaluation: &Evaluation, scored: &Scored, lang: Lang) -> String {
    let mut out = String::from('\u{feff}');
    write_row(&mut out, headers(texts(lang)).map(|h| Field::Text(h.to_string())));
    let paths = node_paths(evaluation, scored);
    let nodes: Vec<&Node> = evaluation.root.walk().collect();
    // `score` lists the indicators in the tree's order, each list's in its own.
    let mut results = scored.indicators.iter();
    for (node, path) in nodes.iter().zip(&paths) {
        for (indicator, result) in node.indicators().iter().zip(results.by_ref()) {
            let target = match (indicator.direction, indicator.target) {
                (Direction::Qualitative, _) | (_, None) => Field::Text(indicator.target_text.clone()),
                (_, Some(target)) => Field::Number(format_exact(target)),
            };
            let actual = match &indicator.actual {
                Some(crate::domain::Actual::Number(n)) => Field::Number(format_exact(*n)),
                Some(level) => Field::Text(level_text(level, lang)),
                None => Field::Text(String::new()),
            };
            write_row(
                &mut out,
                [
                    Field::Text(indicator.id.clone()),
                    Field::Text(path.join(" / ")),
                    Field::Text(indicator.category.clone()),
                    Field::Text(indicator.name.clone()),
                    Field::Text(direction_label(indicator.direction, lang).to_string()),
                    target,
                    Field::Text(indicator.unit.clone()),
                    actual,
                    Field::Number(result.ratio().map(format_exact).unwrap_or_default()),
                    // A row's own 分值 as the table and the workbook show it (a 不适用 row's too, whose
                    // share is 0); a list's share where the row has none.
                    Field::Number(format_exact(indicator.points.unwrap_or(result.share))),
                    Field::Number(format_exact(result.score)),
                    Field::Text(result.badge().label(lang).to_string()),
                    Field::Text(indicator.deviation_reason.clone()),
                ],
            );
        }
    }
    out
}

fn direction_label(direction: Direction, lang: Lang) -> &'static str {
    match direction {
        Direction::Qualitative => texts(lang).qualitative,
        // A plain "=" would start like a formula and get the guard's apostrophe, which the sheet shows.
        Direction::Exactly => "＝",
        direction => direction.symbol(),
    }
}

fn write_row(out: &mut String, fields: impl IntoIterator<Item = Field>) {
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match field {
            Field::Number(text) => out.push_str(&text),
            Field::Text(text) => push_text(out, &text),
        }
    }
    out.push_str("\r\n");
}

/// RFC 4180: a field holding a comma, a quote or a line break is quoted, its quotes doubled.
/// One file's line of a review summary, as `jixiao review --format csv` and the desk's CSV write it
/// (`batch::CSV_COLUMNS`, exact decimals): its row, if read, and what was said of it; `extra` is a last
/// cell (the opinions) when asked for.
pub struct ReviewLine<'a> {
    pub file: &'a str,
    pub status: &'a str,
    pub row: Option<&'a crate::domain::review::Row>,
    pub flag_codes: String,
    pub flag_messages: String,
    pub finding: String,
}

pub(crate) fn push_review_line(out: &mut String, line: ReviewLine<'_>, extra: Option<String>) {
    use crate::domain::review::Review;
    let row = line.row;
    let exact = |d: Option<rust_decimal::Decimal>| d.map(format_exact).unwrap_or_default();
    let review = row.and_then(|r| r.review.as_ref()).map(|review| match review {
        Review::Record(record) => record.conclusion.as_str(),
        Review::Flagged { .. } => "flagged",
    });
    let mut cells: Vec<(bool, String)> = vec![
        (true, line.file.to_string()),
        (false, line.status.to_string()),
        (true, row.map(|r| r.unit.clone()).unwrap_or_default()),
        (true, row.map(|r| r.title.clone()).unwrap_or_default()),
        (false, row.and_then(|r| r.year).map(|y| y.to_string()).unwrap_or_default()),
        (false, exact(row.map(|r| r.computed))),
        (false, exact(row.and_then(|r| r.reported))),
        (false, exact(row.and_then(|r| r.difference))),
        (true, row.map(|r| r.grade.clone()).unwrap_or_default()),
        (false, row.map(|r| r.provisional().to_string()).unwrap_or_default()),
        (false, row.map(|r| r.open.pending.to_string()).unwrap_or_default()),
        (false, row.map(|r| r.open.invalid.to_string()).unwrap_or_default()),
        (false, exact(row.and_then(|r| r.execution_rate))),
        (false, row.map(|r| r.errors.to_string()).unwrap_or_default()),
        (false, row.map(|r| r.warnings.to_string()).unwrap_or_default()),
        (false, review.unwrap_or_default().to_string()),
        (false, line.flag_codes),
        (true, line.flag_messages),
        (true, line.finding),
    ];
    if let Some(extra) = extra {
        cells.push((true, extra));
    }
    for (i, (text, cell)) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if *text {
            push_text(out, cell);
        } else {
            out.push_str(cell);
        }
    }
    out.push('\n');
}

pub(crate) fn push_text(out: &mut String, text: &str) {
    let guarded;
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        guarded = format!("'{text}");
        &guarded
    } else {
        text
    };
    if text.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(value: &str) -> String {
        let mut out = String::new();
        push_text(&mut out, value);
        out
    }

    #[test]
    fn quotes_only_what_needs_it() {
        assert_eq!(text("人数"), "人数");
        assert_eq!(text("a,b"), "\"a,b\"");
        assert_eq!(text("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(text("two\nlines"), "\"two\nlines\"");
        assert_eq!(text("crlf\r\nend"), "\"crlf\r\nend\"");
        assert_eq!(text(""), "");
    }

    #[test]
    fn text_that_looks_like_a_formula_stays_text() {
        assert_eq!(text("=1+1"), "'=1+1");
        assert_eq!(text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(text("-x,y"), "\"'-x,y\"");
        let mut out = String::new();
        write_row(&mut out, [Field::Number("-13.65".into()), Field::Text("ok".into())]);
        assert_eq!(out, "-13.65,ok\r\n", "numbers are never guarded");
    }

    /// The directions read as they do on screen, none with the formula guard's apostrophe.
    #[test]
    fn directions_need_no_guard() {
        for direction in Direction::ALL {
            let label = direction_label(direction, Lang::Zh);
            assert_eq!(text(label), label, "{direction:?}");
        }
    }
}
