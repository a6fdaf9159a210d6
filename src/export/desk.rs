//! The reviewer's desk handed on: one line per file, as a workbook (`.xlsx`: a summary sheet, one
//! row per file, its figures real numbers and the review in its last columns; and an opinions sheet,
//! one row per opinion) and as CSV (the columns of `jixiao review --format csv --opinions`, so a
//! script reads either). Browser-free: the desk (`app::desk`) hands over plain lines.
//!
//! The opinions have a sheet of their own rather than a long wrapped column of the summary: there
//! each can be filtered, sorted and printed as a line, and the summary stays one row high. The
//! summary keeps how many each file has (意见条数), so a file with none is seen at a glance.

use rust_decimal::Decimal;

use super::workbook::{Font, Format, SheetParts, Workbook};
use super::xlsx::{number_format, Shown};
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
    /// The opinions as the review pane shows them, one a line: the record's, else the generated ones.
    pub opinions: Vec<String>,
}

const ACCENT: u32 = 0x1D4F91;
const LINE: u32 = 0xB8C2CF;
const WHITE: u32 = 0xFFFFFF;
/// Column widths in Excel's units. The summary: file, unit, year, computed, reported, difference,
/// grade, execution, errors, warnings, conclusion, reviewer, date, finding, number of opinions.
const SUMMARY_WIDTHS: [u32; 15] = [24, 30, 7, 11, 11, 10, 8, 10, 7, 7, 10, 10, 12, 48, 9];
/// The opinions: file, unit, year, conclusion, number, opinion, reviewer, date.
const OPINION_WIDTHS: [u32; 8] = [24, 30, 7, 10, 6, 72, 10, 12];

/// The cells' looks, the same on both sheets.
struct Styles {
    header: Format,
    body: Format,
    number: Format,
    /// A count or a year.
    whole: Format,
}

impl Styles {
    fn new() -> Styles {
        let body = Format { border: Some(LINE), left: true, top_wrapped: true, ..Format::default() };
        let number = Format { border: Some(LINE), top_wrapped: true, ..Format::default() };
        let header = Format {
            font: Font { bold: true, colour: Some(WHITE), ..Font::default() },
            fill: Some(ACCENT),
            ..body.clone()
        };
        let whole = number.with_num_format("0");
        Styles { header, body, number, whole }
    }
}

/// The summary (one row per file) and the opinions (one row per opinion), as a workbook of two sheets.
pub fn desk_xlsx(lines: &[DeskLine<'_>], lang: Lang) -> Result<Vec<u8>, ExportError> {
    let words = texts(lang).desk_sheet;
    let styles = Styles::new();
    let mut book = Workbook::default();
    write_summary(&mut book, lines, lang, &styles)?;
    book.next_sheet();
    write_opinions(&mut book, lines, lang, &styles)?;
    let sheets = [
        SheetParts { name: words.summary, widths: &SUMMARY_WIDTHS, header: 0, freeze: true },
        SheetParts { name: words.opinions, widths: &OPINION_WIDTHS, header: 0, freeze: true },
    ];
    let title = texts(lang).desk.title;
    Ok(book.save_sheets(title, "", &sheets)?)
}

fn write_summary(book: &mut Workbook, lines: &[DeskLine<'_>], lang: Lang, styles: &Styles) -> Result<(), ExportError> {
    let t = texts(lang).desk;
    let Styles { header, body, number, whole } = styles;
    let [file, unit, year, computed, reported, difference, grade, execution, errors, warnings, conclusion, finding] =
        t.columns;
    let headers = [
        file,
        unit,
        year,
        computed,
        reported,
        difference,
        grade,
        execution,
        errors,
        warnings,
        conclusion,
        t.reviewer,
        t.date,
        finding,
        texts(lang).desk_sheet.opinion_count,
    ];
    for (col, text) in headers.iter().enumerate() {
        book.write_string(0, col as u16, text, header)?;
    }
    for (i, line) in lines.iter().enumerate() {
        let r = i as u32 + 1;
        book.write_string(r, 0, line.file, body)?;
        // Each figure shown with its own places (a whole 98 without a stray point), the totals by the
        // one rule for them (the file's display places, padded), as the desk shows them.
        let decimal = |book: &mut Workbook, col: u16, value: Option<Decimal>, shown: Shown| match value {
            Some(value) => book.write_number(r, col, value, &number.with_num_format(number_format(value, shown))),
            None => book.write_blank(r, col, number),
        };
        match line.row {
            Some(row) => {
                let total = Shown::Total(row.display_decimals);
                book.write_string(r, 1, &row.unit, body)?;
                write_year(book, r, 2, row, styles)?;
                decimal(book, 3, Some(row.computed), total)?;
                decimal(book, 4, row.reported, total)?;
                decimal(book, 5, row.difference, total)?;
                book.write_string(r, 6, &row.grade_text(lang), body)?;
                decimal(book, 7, row.execution_rate, Shown::Plain)?;
                book.write_number(r, 8, Decimal::from(row.errors), whole)?;
                book.write_number(r, 9, Decimal::from(row.warnings), whole)?;
                let (label, reviewer, date) = review_of(row, lang);
                book.write_string(r, 10, &label, body)?;
                book.write_string(r, 11, &reviewer, body)?;
                book.write_string(r, 12, &date, body)?;
            }
            None => {
                for col in 1..=12 {
                    book.write_blank(r, col, body)?;
                }
            }
        }
        let mut said = line.flag_messages.join(lang.pick("；", "; "));
        if !said.is_empty() && !line.finding.is_empty() {
            said = format!("[{said}] {}", line.finding);
        } else if said.is_empty() {
            said = line.finding.clone();
        }
        book.write_string(r, 13, &said, body)?;
        book.write_number(r, 14, Decimal::from(numbered_opinions(line).count()), whole)?;
    }
    Ok(())
}

/// One row per opinion, files in the summary's order: the file, its unit and year, the review's
/// conclusion, the opinion's number and text, the reviewer and the date.
fn write_opinions(book: &mut Workbook, lines: &[DeskLine<'_>], lang: Lang, styles: &Styles) -> Result<(), ExportError> {
    let t = texts(lang).desk;
    let Styles { header, body, number, whole, .. } = styles;
    let [file, unit, year, .., conclusion, _] = t.columns;
    let headers = [file, unit, year, conclusion, texts(lang).desk_sheet.number, t.opinions, t.reviewer, t.date];
    for (col, text) in headers.iter().enumerate() {
        book.write_string(0, col as u16, text, header)?;
    }
    let mut r = 0;
    for line in lines {
        let (label, reviewer, date) = line.row.map(|row| review_of(row, lang)).unwrap_or_default();
        for (n, opinion) in numbered_opinions(line) {
            r += 1;
            book.write_string(r, 0, line.file, body)?;
            match line.row {
                Some(row) => {
                    book.write_string(r, 1, &row.unit, body)?;
                    write_year(book, r, 2, row, styles)?;
                }
                None => {
                    book.write_blank(r, 1, body)?;
                    book.write_blank(r, 2, number)?;
                }
            }
            book.write_string(r, 3, &label, body)?;
            book.write_number(r, 4, Decimal::from(n), whole)?;
            book.write_string(r, 5, opinion, body)?;
            book.write_string(r, 6, &reviewer, body)?;
            book.write_string(r, 7, &date, body)?;
        }
    }
    Ok(())
}

fn write_year(book: &mut Workbook, r: u32, col: u16, row: &Row, styles: &Styles) -> Result<(), ExportError> {
    match row.year {
        Some(y) => book.write_number(r, col, Decimal::from(y), &styles.whole),
        None => book.write_blank(r, col, &styles.number),
    }
}

/// The review's conclusion in words, the reviewer and the date; empty without a record.
fn review_of(row: &Row, lang: Lang) -> (String, String, String) {
    match &row.review {
        Some(Review::Record(record)) => {
            (record.conclusion.label(lang).to_string(), record.reviewer.clone(), record.date.clone())
        }
        Some(Review::Flagged { .. }) => {
            (lang.pick("（无法读取）", "(unreadable)").to_string(), String::new(), String::new())
        }
        None => (String::new(), String::new(), String::new()),
    }
}

/// A file's opinions numbered from 1, blank lines left out. The number has its own column, so an
/// opinion loses the `1. ` before it when that is its own number (as `numbered` writes it, and as
/// the review pane starts); any other text is kept as written.
fn numbered_opinions<'l>(line: &'l DeskLine<'_>) -> impl Iterator<Item = (usize, &'l str)> {
    line.opinions.iter().map(|o| o.trim()).filter(|o| !o.is_empty()).enumerate().map(|(i, opinion)| {
        let n = i + 1;
        (n, opinion.strip_prefix(format!("{n}. ").as_str()).unwrap_or(opinion))
    })
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

    fn read_book(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
        open_workbook_from_rs(Cursor::new(bytes)).unwrap()
    }

    fn text(range: &calamine::Range<Data>, r: u32, c: u32) -> String {
        match range.get_value((r, c)) {
            Some(Data::String(s)) => s.clone(),
            None | Some(Data::Empty) => String::new(),
            Some(other) => panic!("({r}, {c}) holds {other:?}, not text"),
        }
    }

    /// Each figure with its own places and the totals by the one rule for them: a whole 98 shows as
    /// 98.000 beside 97.779, never as "98." (the format "0.######" leaves the point in Excel and WPS).
    #[test]
    fn the_figures_show_as_the_desk_shows_them() {
        let example = crate::presets::find("project-national-example").unwrap().evaluation().unwrap();
        let example = Row::new(&example, &score(&example));
        let seed = seed_row();
        let mut both = lines(&seed);
        both[1] = DeskLine { file: "example.json", row: Some(&example), ..both[0].clone() };
        let bytes = desk_xlsx(&both, Lang::Zh).unwrap();
        let format = |cell: &str| crate::export::workbook::tests::cell_format(&bytes, 1, cell);
        // Row 2: the seed (97.7794, 97.998, +0.2186); row 3: the example (96.75, 98, 95 % spent).
        for cell in ["D2", "E2", "F2", "D3", "E3", "F3"] {
            assert_eq!(format(cell), "#,##0.000", "{cell}");
        }
        assert_eq!(example.execution_rate, Some(Decimal::from(95)));
        assert_eq!(format("H3"), "#,##0");
        assert!(!format("H2").ends_with('.') && format("H2").starts_with("#,##0."), "{}", format("H2"));
    }

    #[test]
    fn the_workbook_reads_back_with_real_numbers_and_the_review() {
        let row = seed_row();
        let mut book = read_book(desk_xlsx(&lines(&row), Lang::Zh).unwrap());
        assert_eq!(book.sheet_names(), ["审核汇总", "审核意见"]);
        let sheet = book.worksheet_range("审核汇总").unwrap();
        let cell = |r: u32, c: u32| sheet.get_value((r, c)).cloned().unwrap_or(Data::Empty);
        assert_eq!(cell(0, 3), Data::String("计算总分".into()));
        assert_eq!(cell(0, 14), Data::String("意见条数".into()));
        assert_eq!(cell(1, 0), Data::String("seed.json".into()));
        assert_eq!(cell(1, 3), Data::Float(97.7794));
        assert_eq!(cell(1, 4), Data::Float(97.998));
        assert_eq!(cell(1, 10), Data::String("退回修改".into()));
        assert_eq!(cell(1, 11), Data::String("王审".into()));
        assert_eq!(cell(1, 12), Data::String("2024-05-20".into()));
        let Data::String(finding) = cell(1, 13) else { panic!("no finding") };
        assert!(finding.starts_with("[与 copy.json 内容相同] 报告总分"), "{finding}");
        assert_eq!(cell(1, 14), Data::Float(row.opinions.len() as f64));
        assert_eq!(cell(2, 0), Data::String("broken, \"quoted\".json".into()));
        assert_eq!(cell(2, 3), Data::Empty);
        assert_eq!(cell(2, 14), Data::Float(0.0));
        assert_eq!(sheet.get_size(), (3, 15), "a header and a row per file, no opinions column");
    }

    /// One row per opinion, numbered within its file, with the file's unit, year and review; the
    /// numbers the review pane starts with are not repeated in the text; blank lines are no opinion.
    #[test]
    fn the_opinions_sheet_has_a_row_per_opinion() {
        let row = seed_row();
        let mut desk = lines(&row);
        desk[0].opinions =
            vec!["1. 请更正总分。".into(), "  ".into(), "2. 请补充偏差原因。".into(), "另：附件缺页".into()];
        desk.push(DeskLine {
            file: "other.json",
            row: Some(&row),
            opinions: vec!["1、表述有误".into()],
            ..desk[0].clone()
        });
        let mut book = read_book(desk_xlsx(&desk, Lang::Zh).unwrap());
        let summary = book.worksheet_range("审核汇总").unwrap();
        assert_eq!(summary.get_value((1, 14)), Some(&Data::Float(3.0)));
        assert_eq!(summary.get_value((3, 14)), Some(&Data::Float(1.0)));
        let sheet = book.worksheet_range("审核意见").unwrap();
        let header: Vec<String> = (0..8).map(|c| text(&sheet, 0, c)).collect();
        assert_eq!(header, ["文件", "单位 / 项目", "年度", "审核结论", "序号", "审核意见", "审核人", "审核日期"]);
        let rows: Vec<(String, String, String)> =
            (1..sheet.height() as u32).map(|r| (text(&sheet, r, 0), text(&sheet, r, 5), text(&sheet, r, 3))).collect();
        let expected = [
            ("seed.json", "请更正总分。"),
            ("seed.json", "请补充偏差原因。"),
            ("seed.json", "另：附件缺页"),
            ("other.json", "1、表述有误"),
        ];
        let expected: Vec<(String, String, String)> =
            expected.iter().map(|(f, o)| (f.to_string(), o.to_string(), "退回修改".to_string())).collect();
        assert_eq!(rows, expected, "the unreadable file has no opinion");
        let numbers: Vec<_> = (1..5).map(|r| sheet.get_value((r, 4)).cloned()).collect();
        assert_eq!(numbers, [1.0, 2.0, 3.0, 1.0].map(|n| Some(Data::Float(n))));
        assert_eq!(text(&sheet, 1, 1), row.unit);
        assert_eq!(sheet.get_value((1, 2)), Some(&Data::Float(2023.0)));
        assert_eq!((text(&sheet, 1, 6), text(&sheet, 1, 7)), ("王审".into(), "2024-05-20".into()));
    }

    /// Generated opinions (no review yet) are listed too, and the sheets and headers follow the language.
    #[test]
    fn the_sheets_are_named_in_the_reader_s_language() {
        let mut row = seed_row();
        row.review = None;
        let mut desk = lines(&row);
        let generated = numbered(&row.opinions, Lang::En);
        desk[0].opinions = generated.clone();
        let mut book = read_book(desk_xlsx(&desk, Lang::En).unwrap());
        assert_eq!(book.sheet_names(), ["Summary", "Opinions"]);
        let sheet = book.worksheet_range("Opinions").unwrap();
        assert_eq!((text(&sheet, 0, 4), text(&sheet, 0, 5)), ("No.".into(), "Review opinions".into()));
        assert_eq!(sheet.height(), generated.len() + 1);
        for (i, opinion) in generated.iter().enumerate() {
            let r = i as u32 + 1;
            assert_eq!(format!("{}. {}", r, text(&sheet, r, 5)), *opinion);
            assert_eq!(text(&sheet, r, 0), "seed.json");
            assert_eq!(text(&sheet, r, 3), "", "no review, no conclusion");
        }
        assert!(generated.len() >= 2, "the seed has several findings");
        assert!(text(&sheet, 1, 5).contains("97.998"), "{}", text(&sheet, 1, 5));
    }
}
