//! The reviewer's desk handed on: one line per file, as a workbook (`.xlsx`: a summary sheet, its
//! figures real numbers, the review and its opinions in the last columns) and as CSV (the columns of
//! `jixiao review --format csv --opinions`, so a script reads either). Browser-free: the desk
//! (`app::desk`) hands over plain lines.
//!
//! One sheet: the writer (`super::workbook`) writes one, and the opinions sit in the summary's last
//! column, one paragraph a line, wrapped.

use rust_decimal::Decimal;

use super::workbook::{Font, Format, Parts, Workbook};
use super::ExportError;
use crate::batch::CSV_COLUMNS;
use crate::domain::review::{Review, Row};
use crate::domain::Lang;
use crate::i18n::texts;

/// One file on the desk, as it is handed on.
#[derive(Clone, Debug, PartialEq)]
pub struct DeskLine<'a> {
    pub file: &'a str,
    /// `ok`, `not_evaluation` or `unreadable`, as `jixiao review` says it.
    pub status: &'static str,
    pub row: Option<&'a Row>,
    /// The flags' codes and messages (a duplicate, another year…).
    pub flag_codes: Vec<&'static str>,
    pub flag_messages: Vec<String>,
    /// The most important finding, or why the file was not read.
    pub finding: String,
    /// The opinions as the review pane shows them: the record's, else the generated ones.
    pub opinions: Vec<String>,
}

const ACCENT: u32 = 0x1D4F91;
const LINE: u32 = 0xB8C2CF;
const WHITE: u32 = 0xFFFFFF;
/// Column widths in Excel's units: file, unit, year, computed, reported, difference, grade,
/// execution, errors, warnings, conclusion, reviewer, date, finding, opinions.
const WIDTHS: [u32; 15] = [24, 30, 7, 11, 11, 10, 8, 10, 7, 7, 10, 10, 12, 48, 72];

/// The summary as a workbook.
pub fn desk_xlsx(lines: &[DeskLine<'_>], lang: Lang) -> Result<Vec<u8>, ExportError> {
    let t = texts(lang).desk;
    let mut book = Workbook::default();
    let body = Format { border: Some(LINE), left: true, top_wrapped: true, ..Format::default() };
    let number = Format { border: Some(LINE), top_wrapped: true, ..Format::default() };
    let header = Format {
        font: Font { bold: true, colour: Some(WHITE), ..Font::default() },
        fill: Some(ACCENT),
        ..body.clone()
    };
    let exact = number.with_num_format("0.######");
    let whole = number.with_num_format("0");
    let [file, unit, year, computed, reported, difference, grade, execution, errors, warnings, conclusion, finding] =
        t.columns;
    let headers = [
        file, unit, year, computed, reported, difference, grade, execution, errors, warnings, conclusion, t.reviewer,
        t.date, finding, t.opinions,
    ];
    for (col, text) in headers.iter().enumerate() {
        book.write_string(0, col as u16, text, &header)?;
    }
    for (i, line) in lines.iter().enumerate() {
        let r = i as u32 + 1;
        book.write_string(r, 0, line.file, &body)?;
        let decimal = |book: &mut Workbook, col: u16, value: Option<Decimal>| match value {
            Some(value) => book.write_number(r, col, value, &exact),
            None => book.write_blank(r, col, &number),
        };
        match line.row {
            Some(row) => {
                book.write_string(r, 1, &row.unit, &body)?;
                match row.year {
                    Some(y) => book.write_number(r, 2, Decimal::from(y), &whole)?,
                    None => book.write_blank(r, 2, &number)?,
                }
                decimal(&mut book, 3, Some(row.computed))?;
                decimal(&mut book, 4, row.reported)?;
                decimal(&mut book, 5, row.difference)?;
                book.write_string(r, 6, &row.grade_text(lang), &body)?;
                decimal(&mut book, 7, row.execution_rate)?;
                book.write_number(r, 8, Decimal::from(row.errors), &whole)?;
                book.write_number(r, 9, Decimal::from(row.warnings), &whole)?;
                let (label, reviewer, date) = match &row.review {
                    Some(Review::Record(record)) => {
                        (record.conclusion.label(lang).to_string(), record.reviewer.clone(), record.date.clone())
                    }
                    Some(Review::Flagged { .. }) => {
                        (lang.pick("（无法读取）", "(unreadable)").to_string(), String::new(), String::new())
                    }
                    None => (String::new(), String::new(), String::new()),
                };
                book.write_string(r, 10, &label, &body)?;
                book.write_string(r, 11, &reviewer, &body)?;
                book.write_string(r, 12, &date, &body)?;
            }
            None => {
                for col in 1..=12 {
                    book.write_blank(r, col, &body)?;
                }
            }
        }
        let mut said = line.flag_messages.join(lang.pick("；", "; "));
        if !said.is_empty() && !line.finding.is_empty() {
            said = format!("[{said}] {}", line.finding);
        } else if said.is_empty() {
            said = line.finding.clone();
        }
        book.write_string(r, 13, &said, &body)?;
        book.write_string(r, 14, &line.opinions.join("\n"), &body)?;
    }
    let parts = Parts { sheet_name: t.title, title: t.title, company: "", widths: &WIDTHS, header: 0, freeze: true };
    Ok(book.save(&parts)?)
}

/// The summary as CSV: `jixiao review --format csv --opinions`'s columns (RFC 4180, `\n` line ends,
/// exact decimals), with the desk's opinions (as edited) in the last.
pub fn desk_csv(lines: &[DeskLine<'_>], lang: Lang) -> String {
    let mut out = CSV_COLUMNS.join(",");
    out += ",opinions\n";
    for line in lines {
        let review_line = super::csv::ReviewLine {
            file: line.file,
            status: line.status,
            row: line.row,
            flag_codes: line.flag_codes.join(";"),
            flag_messages: line.flag_messages.join(lang.pick("；", "; ")),
            finding: line.finding.clone(),
        };
        super::csv::push_review_line(&mut out, review_line, Some(line.opinions.join("\n")));
    }
    out
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};

    use super::*;
    use crate::domain::review::{numbered, Conclusion, ReviewRecord};
    use crate::domain::score;
    use crate::test_support::seed;

    fn seed_row() -> Row {
        let mut evaluation = seed();
        evaluation.review = Some(Review::Record(ReviewRecord {
            reviewer: "王审".into(),
            date: "2024-05-20".into(),
            conclusion: Conclusion::Returned,
            opinions: vec!["1. 请更正总分。".into()],
        }));
        Row::new(&evaluation, &score(&evaluation))
    }

    fn lines(row: &Row) -> Vec<DeskLine<'_>> {
        vec![
            DeskLine {
                file: "seed.json",
                status: "ok",
                row: Some(row),
                flag_codes: vec!["duplicate"],
                flag_messages: vec!["与 copy.json 内容相同".into()],
                finding: row.finding().map(|o| o.text(Lang::Zh)).unwrap_or_default(),
                opinions: numbered(&row.opinions, Lang::Zh),
            },
            DeskLine {
                file: "broken, \"quoted\".json",
                status: "unreadable",
                row: None,
                flag_codes: vec![],
                flag_messages: vec![],
                finding: "无法读取：文件不完整".into(),
                opinions: vec![],
            },
        ]
    }

    #[test]
    fn the_csv_has_the_review_command_s_columns_and_exact_figures() {
        let row = seed_row();
        let csv = desk_csv(&lines(&row), Lang::Zh);
        let mut records = csv.lines();
        let header: Vec<&str> = records.next().unwrap().split(',').collect();
        assert_eq!(header[..CSV_COLUMNS.len()], *CSV_COLUMNS);
        assert_eq!(header.last(), Some(&"opinions"));
        assert!(csv.contains(",97.7794,97.998,0.2186,优,false,0,0,"), "{csv}");
        assert!(csv.contains(",returned,duplicate,"), "{csv}");
        assert!(csv.contains("\"broken, \"\"quoted\"\".json\",unreadable,"), "{csv}");
        // The generated opinions, numbered, one a line inside their quoted cell.
        assert!(csv.contains("\"1. 报告总分 97.998 分"), "{csv}");
    }

    #[test]
    fn the_workbook_reads_back_with_real_numbers_and_the_review() {
        let row = seed_row();
        let bytes = desk_xlsx(&lines(&row), Lang::Zh).unwrap();
        let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        let sheet = book.worksheet_range("审核台").unwrap();
        let cell = |r: u32, c: u32| sheet.get_value((r, c)).cloned().unwrap_or(Data::Empty);
        assert_eq!(cell(0, 3), Data::String("计算总分".into()));
        assert_eq!(cell(1, 0), Data::String("seed.json".into()));
        assert_eq!(cell(1, 3), Data::Float(97.7794));
        assert_eq!(cell(1, 4), Data::Float(97.998));
        assert_eq!(cell(1, 10), Data::String("退回修改".into()));
        assert_eq!(cell(1, 11), Data::String("王审".into()));
        assert_eq!(cell(1, 12), Data::String("2024-05-20".into()));
        let Data::String(finding) = cell(1, 13) else { panic!("no finding") };
        assert!(finding.starts_with("[与 copy.json 内容相同] 报告总分"), "{finding}");
        let Data::String(opinions) = cell(1, 14) else { panic!("no opinions") };
        assert!(opinions.contains("0.21875"), "{opinions}");
        assert_eq!(cell(2, 0), Data::String("broken, \"quoted\".json".into()));
        assert_eq!(cell(2, 3), Data::Empty);
    }
}
