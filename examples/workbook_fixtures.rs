//! Workbooks for the browser tests and the benchmark, written by rust_xlsxwriter (never by our own
//! export) and, for the broken ones, by the zip crate or by hand as an OLE header:
//!
//!   cargo run --example workbook_fixtures -- OUT_DIR
//!
//! writes into OUT_DIR:
//! - `项目自评表.xlsx`: a national-layout project table (funds block, 产出 / 效益 / 满意度, merged 一级
//!   and 二级 cells, a blank spacer row, targets with "≥" and units) whose row 服务老人人数 prints a
//!   score of 20 for 1,100 of 1,200 people, so the printed total disagrees with the computed one;
//! - `rows-300.xlsx`: the same layout with 300 indicator rows (`make bench`'s import);
//! - `bad/`: workbooks the page must refuse, and `bad/manifest.json`: each one's name, what it is,
//!   and the code the reader gives it (tests/e2e/import.test.mjs opens every one).

#[path = "../tests/support/encrypted_book.rs"]
mod encrypted_book;
use encrypted_book::encrypted_book;
use std::io::Write;
use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

fn main() {
    let Some(out) = std::env::args().nth(1) else {
        eprintln!("usage: cargo run --example workbook_fixtures -- OUT_DIR");
        std::process::exit(2);
    };
    if let Err(error) = write_all(Path::new(&out)) {
        eprintln!("workbook_fixtures: {error}");
        std::process::exit(1);
    }
}

fn write_all(out: &Path) -> Result<(), Box<dyn std::error::Error>> {
    std::fs::create_dir_all(out.join("bad"))?;
    let table = project_book(&sample_rows())?;
    std::fs::write(out.join("项目自评表.xlsx"), &table)?;
    std::fs::write(out.join("rows-300.xlsx"), project_book(&many_rows(300))?)?;

    let bad: Vec<(&str, &str, &str, Vec<u8>)> = vec![
        ("不是工作簿.xlsx", "plain text named .xlsx", "not_a_workbook", b"name,target\nboats,6\n".to_vec()),
        ("截断.xlsx", "the table's workbook cut in half", "damaged_workbook", table[..table.len() / 2].to_vec()),
        (
            "加密.xlsx",
            "a password-protected workbook (OLE with EncryptedPackage)",
            "encrypted_workbook",
            encrypted_book(),
        ),
        ("报告.xlsx", "a Word document renamed .xlsx", "not_a_spreadsheet", word_document()?),
        ("通讯录.xlsx", "a workbook with no self-evaluation table", "no_table", contacts_book()?),
        ("炸弹.xlsx", "a zip of 80 MB of spaces in under 1 MB", "workbook_too_large", zip_bomb()?),
    ];
    let mut manifest = Vec::new();
    for (name, what, code, bytes) in bad {
        std::fs::write(out.join("bad").join(name), bytes)?;
        manifest.push(format!(r#"  {{ "file": "{name}", "what": "{what}", "code": "{code}" }}"#));
    }
    std::fs::write(out.join("bad/manifest.json"), format!("[\n{}\n]\n", manifest.join(",\n")))?;
    Ok(())
}

/// One indicator row: 一级, 二级, 三级, target, actual, points, printed score.
type Row = (&'static str, &'static str, String, &'static str, &'static str, f64, f64);

fn sample_rows() -> Vec<Row> {
    vec![
        ("产出指标", "数量指标", "服务老人人数".into(), "≥1200人", "1100人", 20.0, 20.0),
        ("产出指标", "质量指标", "服务质量抽查合格率".into(), "≥95%", "96%", 15.0, 15.0),
        ("产出指标", "时效指标", "补助发放完成时间".into(), "12月底前", "2024年11月20日", 15.0, 15.0),
        ("效益指标", "社会效益", "受益老人覆盖率".into(), "≥90%", "92%", 30.0, 30.0),
        ("满意度指标", "服务对象满意度", "老人满意度".into(), "≥90%", "93%", 10.0, 10.0),
    ]
}

/// `n` rows in the three groups (产出 60 %, 效益 30 %, 满意度 10 % of the rows), 0.3 points each.
fn many_rows(n: usize) -> Vec<Row> {
    (0..n)
        .map(|i| {
            let (level1, level2) = match i * 10 / n {
                0..=5 => ("产出指标", "数量指标"),
                6..=8 => ("效益指标", "社会效益"),
                _ => ("满意度指标", "服务对象满意度"),
            };
            let actual = ["1100人", "1200人", "1300人"][i % 3];
            (level1, level2, format!("第{}项指标", i + 1), "≥1200人", actual, 0.3, 0.3)
        })
        .collect()
}

fn cell(ws: &mut Worksheet, r: u32, c: u16, text: &str) -> Result<(), XlsxError> {
    ws.write_string(r, c, text).map(|_| ())
}

fn merge(ws: &mut Worksheet, r0: u32, c0: u16, r1: u32, c1: u16, text: &str) -> Result<(), XlsxError> {
    ws.merge_range(r0, c0, r1, c1, text, &Format::new().set_align(FormatAlign::Center)).map(|_| ())
}

/// The national layout: title, year, project, funds block (10 points), then the indicator table
/// with its 一级 / 二级 cells merged over the rows they cover and a blank row after the first group.
fn project_book(rows: &[Row]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("自评表")?;
    merge(ws, 0, 0, 0, 8, "项目支出绩效自评表")?;
    merge(ws, 1, 0, 1, 8, "（2024年度）")?;
    cell(ws, 2, 0, "项目名称")?;
    merge(ws, 2, 1, 2, 8, "某区社区养老服务补助")?;
    cell(ws, 3, 0, "主管部门")?;
    merge(ws, 3, 1, 3, 3, "某区民政局")?;
    cell(ws, 3, 4, "实施单位")?;
    merge(ws, 3, 5, 3, 8, "某区养老服务中心")?;
    merge(ws, 4, 0, 5, 0, "项目资金（万元）")?;
    for (c, word) in ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"].iter().enumerate()
    {
        cell(ws, 4, c as u16 + 2, word)?;
    }
    cell(ws, 5, 1, "年度资金总额")?;
    for (c, value) in [500.0, 500.0, 480.0, 10.0].iter().enumerate() {
        ws.write_number(5, c as u16 + 2, *value)?;
    }
    ws.write_number_with_format(5, 6, 0.96, &Format::new().set_num_format("0%"))?;
    ws.write_number(5, 7, 9.6)?;
    let header = 6u32;
    for (c, word) in
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
            .iter()
            .enumerate()
    {
        cell(ws, header, c as u16 + 1, word)?;
    }
    // Rows laid out first (a blank spacer row after the first group), then the merged cells.
    let mut r = header + 1;
    let mut placed: Vec<(u32, &Row)> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        if i > 0 && rows[i - 1].0 != row.0 && rows[i - 1].0 == rows[0].0 {
            r += 1;
        }
        placed.push((r, row));
        r += 1;
    }
    let last = r - 1;
    merge(ws, header, 0, last, 0, "绩效指标")?;
    let mut printed_total = 9.6;
    for (r, (_, _, name, target, actual, points, score)) in &placed {
        cell(ws, *r, 3, name)?;
        cell(ws, *r, 4, target)?;
        cell(ws, *r, 5, actual)?;
        ws.write_number(*r, 6, *points)?;
        ws.write_number(*r, 7, *score)?;
        printed_total += score;
    }
    // 一级 and 二级: one cell per run of equal values, merged when it spans more than one row.
    for level in [0usize, 1] {
        let mut start = 0;
        while start < placed.len() {
            let key = |i: usize| if level == 0 { placed[i].1 .0 } else { placed[i].1 .1 };
            let mut end = start;
            while end + 1 < placed.len()
                && key(end + 1) == key(start)
                && (level == 0 || placed[end + 1].1 .0 == placed[start].1 .0)
            {
                end += 1;
            }
            let (r0, r1, column) = (placed[start].0, placed[end].0, level as u16 + 1);
            if r0 == r1 {
                cell(ws, r0, column, key(start))?;
            } else {
                merge(ws, r0, column, r1, column, key(start))?;
            }
            start = end + 1;
        }
    }
    merge(ws, last + 1, 0, last + 1, 5, "总分")?;
    ws.write_number(last + 1, 6, 100.0)?;
    // Rounded as a clerk would print it.
    ws.write_number(last + 1, 7, (printed_total * 100.0).round() / 100.0)?;
    cell(ws, last + 2, 0, "自评等级")?;
    cell(ws, last + 2, 1, "优")?;
    book.save_to_buffer()
}

fn contacts_book() -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    cell(ws, 0, 0, "姓名")?;
    cell(ws, 0, 1, "电话")?;
    cell(ws, 1, 0, "张三")?;
    ws.write_number(1, 1, 13_800_000_000.0)?;
    book.save_to_buffer()
}

fn word_document() -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("[Content_Types].xml", options)?;
    zip.write_all(b"<Types/>")?;
    zip.start_file("word/document.xml", options)?;
    zip.write_all(b"<w:document/>")?;
    Ok(zip.finish()?.into_inner())
}

fn zip_bomb() -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/workbook.xml", options)?;
    zip.write_all(b"<workbook/>")?;
    zip.start_file("xl/worksheets/sheet1.xml", options)?;
    let spaces = vec![b' '; 1024 * 1024];
    for _ in 0..80 {
        zip.write_all(&spaces)?;
    }
    Ok(zip.finish()?.into_inner())
}
