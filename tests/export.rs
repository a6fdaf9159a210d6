//! The exports, read back: the `.xlsx` opened with calamine (cells, real numbers, row count) and the
//! CSV parsed as RFC 4180 (BOM, CRLF, quoting, exact decimals).

use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};
use jixiao::domain::{score, Evaluation, Lang, Scored};
use jixiao::export::{self, to_csv, to_xlsx};
use jixiao::presets;

fn seed() -> Evaluation {
    presets::find("seed-2023").unwrap().evaluation().unwrap()
}

fn sheet(bytes: Vec<u8>, name: &str) -> Range<Data> {
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("a readable .xlsx");
    assert_eq!(workbook.sheet_names(), vec![name.to_string()]);
    workbook.worksheet_range(name).expect("the sheet")
}

fn cell(range: &Range<Data>, row: usize, col: usize) -> Data {
    range.get_value((row as u32, col as u32)).cloned().unwrap_or(Data::Empty)
}

fn text(range: &Range<Data>, row: usize, col: usize) -> String {
    match cell(range, row, col) {
        Data::String(s) => s,
        Data::Empty => String::new(),
        other => panic!("({row}, {col}) holds {other:?}, not text"),
    }
}

fn number(range: &Range<Data>, row: usize, col: usize) -> f64 {
    match cell(range, row, col) {
        Data::Float(f) => f,
        Data::Int(i) => i as f64,
        other => panic!("({row}, {col}) holds {other:?}, not a number"),
    }
}

/// The row whose first column holds `label`.
fn row_labelled(range: &Range<Data>, label: &str) -> usize {
    (0..range.height())
        .find(|&r| cell(range, r, 0) == Data::String(label.into()))
        .unwrap_or_else(|| panic!("no {label} row"))
}

fn counts(evaluation: &Evaluation, scored: &Scored) -> (usize, usize) {
    (evaluation.root.walk().count(), scored.indicators.len())
}

#[test]
fn xlsx_is_a_self_evaluation_table_with_real_numbers() {
    let evaluation = seed();
    let scored = score(&evaluation);
    let bytes = to_xlsx(&evaluation, &scored, Lang::Zh).unwrap();
    assert_eq!(&bytes[..2], b"PK", "an .xlsx is a zip");
    let range = sheet(bytes, "自评表");

    // The title block and the summary.
    assert_eq!(text(&range, 0, 0), "2023年度部门整体支出绩效自评");
    assert_eq!(text(&range, row_labelled(&range, "部门"), 1), "广州市人力资源和社会保障局");
    assert_eq!(number(&range, row_labelled(&range, "年度"), 1), 2023.0);
    assert_eq!(number(&range, row_labelled(&range, "计算总分"), 1), 97.7794);
    assert_eq!(number(&range, row_labelled(&range, "报告总分"), 1), 97.998);
    assert_eq!(text(&range, row_labelled(&range, "等级"), 1), "优");
    assert_eq!(number(&range, row_labelled(&range, "履职效能"), 1), 49.7794);
    assert_eq!(number(&range, row_labelled(&range, "管理效率"), 1), 48.0);

    // The table: its header, then one row per node (the root last, as the total) and per indicator.
    let header = row_labelled(&range, "一级指标");
    let headers: Vec<String> = (0..10).map(|c| text(&range, header, c)).collect();
    assert_eq!(
        headers,
        [
            "一级指标",
            "二级指标",
            "三级指标",
            "分值",
            "年度目标值",
            "实际完成值",
            "完成率",
            "得分",
            "报告得分",
            "偏差原因"
        ]
    );
    let (nodes, indicators) = counts(&evaluation, &scored);
    assert_eq!((nodes, indicators), (39, 54));
    assert_eq!(range.height() - header - 1, nodes + indicators);

    let total = range.height() - 1;
    assert_eq!(text(&range, total, 0), "合计");
    assert_eq!(number(&range, total, 3), 100.0);
    assert_eq!(number(&range, total, 7), 97.7794);
    assert_eq!(number(&range, total, 8), 97.998);

    // dept-07: 13 of about 20 people, 65 %, 0.40625 of its 0.625.
    let (_, dept07) = evaluation.find_indicator("dept-07").unwrap();
    let row = (header..range.height()).find(|&r| text(&range, r, 2) == dept07.name).expect("the dept-07 row");
    assert_eq!(text(&range, row, 0), "履职效能");
    assert_eq!(text(&range, row, 1), "部门整体绩效完成情况");
    assert_eq!(number(&range, row, 3), 0.625);
    assert_eq!(text(&range, row, 4), "≥ 20 人");
    assert_eq!(number(&range, row, 5), 13.0);
    assert_eq!(number(&range, row, 6), 0.65);
    assert_eq!(number(&range, row, 7), 0.40625);
    assert_eq!(cell(&range, row, 8), Data::Empty);

    // A group, a monthly-execution item (its average rate as the completion) and a deeper list.
    let lz_dept = row_labelled_in(&range, header, 1, "部门整体绩效完成情况");
    assert_eq!((number(&range, lz_dept, 3), number(&range, lz_dept, 7)), (20.0, 19.78125));
    assert_eq!(number(&range, lz_dept, 8), 20.0);
    let exec = (header..total).find(|&r| text(&range, r, 1) == "预算执行" && text(&range, r, 0) == "履职效能").unwrap();
    assert_eq!(number(&range, exec, 6), 0.99983);
    assert_eq!(number(&range, exec, 7), 4.99915);
    let output =
        (header..total).find(|&r| text(&range, r, 1) == "专项资金绩效完成情况 / 产出指标").expect("a level-4 row");
    assert!(!text(&range, output, 2).is_empty());
}

/// A grade read from an incomplete evaluation says so, in both languages; a complete one is the grade alone.
#[test]
fn xlsx_marks_a_provisional_grade() {
    let blank = presets::find("department-blank").unwrap().evaluation().unwrap();
    let scored = score(&blank);
    let open = scored.open_inputs();
    assert!(open.pending > 0);
    let range = sheet(to_xlsx(&blank, &scored, Lang::Zh).unwrap(), "自评表");
    assert_eq!(text(&range, row_labelled(&range, "等级"), 1), format!("差（暂定：{} 处待填）", open.pending));
    let range = sheet(to_xlsx(&blank, &scored, Lang::En).unwrap(), "Self-evaluation");
    assert_eq!(
        text(&range, row_labelled(&range, "Grade"), 1),
        format!("Poor (provisional: {} inputs to fill in)", open.pending)
    );
}

fn row_labelled_in(range: &Range<Data>, from: usize, col: usize, label: &str) -> usize {
    (from..range.height())
        .find(|&r| text(range, r, col) == label && text(range, r, col + 1).is_empty())
        .unwrap_or_else(|| panic!("no {label} row"))
}

#[test]
fn xlsx_speaks_english_too() {
    let evaluation = seed();
    let scored = score(&evaluation);
    let range = sheet(to_xlsx(&evaluation, &scored, Lang::En).unwrap(), "Self-evaluation");
    assert_eq!(number(&range, row_labelled(&range, "Computed total"), 1), 97.7794);
    assert_eq!(text(&range, row_labelled(&range, "Level 1"), 9), "Reason for deviation");
    // The grade in English too: 优 is Excellent.
    assert_eq!(text(&range, row_labelled(&range, "Grade"), 1), "Excellent");
}

#[test]
fn xlsx_of_an_empty_evaluation_still_opens() {
    let evaluation = presets::find("project-blank").unwrap().evaluation().unwrap();
    let scored = score(&evaluation);
    let range = sheet(to_xlsx(&evaluation, &scored, Lang::Zh).unwrap(), "自评表");
    let header = row_labelled(&range, "一级指标");
    let (nodes, indicators) = counts(&evaluation, &scored);
    assert_eq!(range.height() - header - 1, nodes + indicators);
}

/// RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "a bare CR ends no record");
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\n') => panic!("a record ended with LF, not CRLF"),
            (false, c) => field.push(c),
        }
    }
    assert!(!quoted && field.is_empty() && row.is_empty(), "the text ends with CRLF");
    rows
}

#[test]
fn csv_lists_every_indicator_with_exact_decimals() {
    let evaluation = seed();
    let scored = score(&evaluation);
    let csv = to_csv(&evaluation, &scored, Lang::Zh);
    assert!(csv.as_bytes().starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 byte-order mark");
    let rows = parse_csv(csv.trim_start_matches('\u{feff}'));
    assert_eq!(
        rows[0],
        [
            "编号",
            "所属项目",
            "类别",
            "指标",
            "方向",
            "目标值",
            "单位",
            "实际值",
            "完成率",
            "分值",
            "得分",
            "状态",
            "偏差原因"
        ]
    );
    assert_eq!(rows.len() - 1, 32 + 15 + 7);
    assert!(rows.iter().all(|r| r.len() == 13));
    let dept07 = rows.iter().find(|r| r[0] == "dept-07").unwrap();
    assert_eq!(dept07[1], "履职效能 / 部门整体绩效完成情况");
    assert_eq!(dept07[3], evaluation.find_indicator("dept-07").unwrap().1.name);
    assert_eq!(&dept07[4..12], ["≥", "20", "人", "13", "0.65", "0.625", "0.40625", "未完成"]);
    // Shares that do not divide evenly stay exact.
    let output = rows.iter().find(|r| r[1].ends_with("产出指标")).unwrap();
    assert_eq!(output[9], "0.6666666666666666666666666667");

    let english = parse_csv(to_csv(&evaluation, &scored, Lang::En).trim_start_matches('\u{feff}'));
    assert_eq!(english[0][0], "ID");
    assert_eq!(english.iter().find(|r| r[0] == "dept-07").unwrap()[11], "Short");
}

#[test]
fn csv_quotes_commas_quotes_and_line_breaks() {
    let mut evaluation = seed();
    let name = "人数, \"第二期\"\n资助";
    let reason = "=HYPERLINK(\"http://example.invalid\")";
    let indicator = evaluation.find_indicator_mut("dept-07").unwrap();
    indicator.name = name.into();
    indicator.deviation_reason = reason.into();
    let scored = score(&evaluation);
    let csv = to_csv(&evaluation, &scored, Lang::Zh);
    assert!(csv.contains("\"人数, \"\"第二期\"\"\n资助\""), "quoted, quotes doubled, the line break kept");
    let rows = parse_csv(csv.trim_start_matches('\u{feff}'));
    assert_eq!(rows.len() - 1, 54);
    let dept07 = rows.iter().find(|r| r[0] == "dept-07").unwrap();
    assert_eq!(dept07[3], name);
    assert_eq!(dept07[12], format!("'{reason}"), "a formula stays text");
}

#[test]
fn file_names_follow_the_saved_file() {
    let evaluation = seed();
    assert_eq!(
        export::file_name(&evaluation, Lang::Zh, "xlsx"),
        "2023-广州市人力资源和社会保障局-部门整体支出绩效自评-自评表.xlsx"
    );
    assert_eq!(
        export::file_name(&evaluation, Lang::En, "csv"),
        "2023-广州市人力资源和社会保障局-部门整体支出绩效自评-self-evaluation.csv"
    );
    let blank = presets::find("project-blank").unwrap().evaluation().unwrap();
    assert!(export::file_name(&blank, Lang::Zh, "csv").ends_with("-自评表.csv"));
}

/// A scenario's export names it, in the file name and the title: a what-if does not pass for the
/// file's own 自评表 once emailed.
#[test]
fn a_scenarios_export_says_so() {
    let mut evaluation = seed();
    evaluation.meta.title = "部门整体支出绩效自评".into();
    let (marked, name) = export::for_scenario(&evaluation, "乐观/预测", Lang::Zh, "xlsx");
    assert_eq!(name, "2023-广州市人力资源和社会保障局-部门整体支出绩效自评-自评表-情景-乐观_预测.xlsx");
    assert_eq!(marked.meta.title, "部门整体支出绩效自评（情景：乐观/预测，非文件数据）");
    assert_eq!(marked.root, evaluation.root, "only the title changes");
    let (_, name) = export::for_scenario(&evaluation, "A", Lang::En, "csv");
    assert_eq!(name, "2023-广州市人力资源和社会保障局-部门整体支出绩效自评-self-evaluation-scenario-A.csv");
}

/// A project table's words go into its 自评表, where the filed form has them: the project beside its
/// label, 年度总体目标 under 预期目标 and 实际完成情况, the conclusions beside theirs (the form itself is
/// tested in tests/roundtrip.rs); a department-wide table without them has no such rows.
#[test]
fn xlsx_carries_a_project_tables_words() {
    let example = presets::find("project-national-example").unwrap().evaluation().unwrap();
    let range = sheet(export::to_xlsx(&example, &score(&example), Lang::Zh).unwrap(), "自评表");
    let goals = row_labelled(&range, "年度总体目标");
    assert_eq!((text(&range, goals, 1), text(&range, goals, 5)), ("预期目标".into(), "实际完成情况".into()));
    assert_eq!(text(&range, goals + 1, 1), example.meta.goal_expected);
    assert_eq!(text(&range, goals + 1, 5), example.meta.goal_actual);
    assert_eq!(text(&range, row_labelled(&range, "项目名称"), 1), example.meta.project);
    for (label, text) in [
        ("评价结论", &example.meta.conclusion),
        ("存在问题", &example.meta.problems),
        ("改进措施", &example.meta.improvements),
    ] {
        assert!(!text.is_empty(), "{label}: the example has it");
        assert_eq!(&self::text(&range, row_labelled(&range, label), 2), text, "{label}");
    }
    let seed = seed();
    let range = sheet(export::to_xlsx(&seed, &score(&seed), Lang::Zh).unwrap(), "自评表");
    assert!((0..range.height()).all(|r| cell(&range, r, 0) != Data::String("评价结论".into())));
}

/// A 不适用 row of a project table keeps its 分值 in the CSV as the table shows it (QA: the CSV said 0
/// where the table said 10); its score is 0, and an applicable row's 分值 is its own too.
#[test]
fn csv_gives_a_not_applicable_row_its_points() {
    let mut evaluation = presets::find("project-national-example").unwrap().evaluation().unwrap();
    let row = evaluation.root.walk().flat_map(|n| n.indicators().iter()).find(|i| i.points.is_some()).unwrap();
    let (na_id, points) = (row.id.clone(), row.points.unwrap().normalize().to_string());
    jixiao::domain::Edit::NotApplicable { indicator: na_id.clone(), value: true }.apply(&mut evaluation).unwrap();
    let scored = score(&evaluation);
    assert!(scored.indicator(&na_id).unwrap().share.is_zero(), "the engine gives it no share");
    let rows = parse_csv(to_csv(&evaluation, &scored, Lang::Zh).trim_start_matches('\u{feff}'));
    let row = rows.iter().find(|r| r[0] == na_id).unwrap();
    assert_eq!((row[9].as_str(), row[10].as_str(), row[11].as_str()), (points.as_str(), "0", "不适用"));
    for indicator in evaluation.root.walk().flat_map(|n| n.indicators().iter()) {
        let row = rows.iter().find(|r| r[0] == indicator.id).unwrap();
        assert_eq!(row[9], indicator.points.unwrap().normalize().to_string(), "{}", indicator.id);
    }
}
