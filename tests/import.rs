//! Reading the workbooks people already have (src/import): four provincial layouts, each untidy in its
//! own way (merged cells, numbers as text, full-width digits, units in cells, percent formats, blank
//! rows, hidden sheets, a second table, formulas with cached values), their computed totals checked
//! exactly; and the workbooks that must be refused, each with its message. Every fixture is written
//! here, by rust_xlsxwriter.

#[path = "support/encrypted_book.rs"]
mod encrypted_book;
use encrypted_book::encrypted_book;
use std::str::FromStr;
use std::time::{Duration, Instant};

use jixiao::domain::{score, Actual, Direction, Indicator, Lang, Level, Node, NodeBody, Rule};
use jixiao::import::{read_workbook, ImportErrorKind, Imported, SheetChoice};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatAlign, Formula, Workbook, Worksheet};

fn d(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

/// A cell as a fixture writes it.
enum V {
    /// Nothing written.
    E,
    S(&'static str),
    N(f64),
    /// A fraction shown as a percent (0.96 shown as 96%).
    P(f64),
    /// A formula and the value saved with it.
    F(&'static str, &'static str),
    /// A date cell (year, month, day), shown as yyyy-mm-dd.
    D(u16, u8, u8),
}
use V::*;

fn row(ws: &mut Worksheet, r: u32, cells: &[V]) {
    let percent = Format::new().set_num_format("0%");
    for (c, v) in cells.iter().enumerate() {
        let c = c as u16;
        match v {
            E => {}
            S(s) => {
                ws.write_string(r, c, *s).unwrap();
            }
            N(n) => {
                ws.write_number(r, c, *n).unwrap();
            }
            P(n) => {
                ws.write_number_with_format(r, c, *n, &percent).unwrap();
            }
            F(f, result) => {
                ws.write_formula(r, c, Formula::new(*f).set_result(*result)).unwrap();
            }
            D(y, m, d) => {
                let date = rust_xlsxwriter::ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                ws.write_datetime_with_format(r, c, &date, &Format::new().set_num_format("yyyy-mm-dd")).unwrap();
            }
        }
    }
}

fn merge(ws: &mut Worksheet, r0: u32, c0: u16, r1: u32, c1: u16, text: &str) {
    ws.merge_range(r0, c0, r1, c1, text, &Format::new().set_align(FormatAlign::Center)).unwrap();
}

fn read(bytes: &[u8], name: &str) -> Imported {
    match read_workbook(bytes, name, None) {
        Ok(imported) => imported,
        Err(e) => panic!("{e}"),
    }
}

fn indicators(node: &Node) -> Vec<&Indicator> {
    node.walk().flat_map(|n| n.indicators().iter().map(|i| &**i)).collect()
}

fn find<'a>(imported: &'a Imported, name: &str) -> &'a Indicator {
    indicators(&imported.evaluation.root)
        .into_iter()
        .find(|i| i.name == name)
        .unwrap_or_else(|| panic!("no row {name}"))
}

fn has_note(notes: &[jixiao::import::Note], place: &str, words: &str) -> bool {
    notes.iter().any(|n| n.place == place && n.text.contains(words))
}

// ---------------------------------------------------------------------------------------------
// 1. The national layout (财预〔2020〕10号): 预算执行 10, 产出 50, 效益 30, 满意度 10 — the calculator's
// worked example, written as a department would keep it.

/// The indicator header is on row 12 (index 11); rows follow from 13, with a blank spacer row.
fn national_sheet(ws: &mut Worksheet, score_formula_value: &'static str) {
    merge(ws, 0, 0, 0, 8, "项目支出绩效自评表");
    merge(ws, 1, 0, 1, 8, "（ 2023 年度）");
    row(ws, 2, &[S("项目名称")]);
    merge(ws, 2, 1, 2, 8, "2023年度某县农村饮水安全巩固提升工程");
    row(ws, 3, &[S("主管部门")]);
    merge(ws, 3, 1, 3, 3, "某县水利局");
    row(ws, 3, &[E, E, E, E, S("实施单位")]);
    merge(ws, 3, 5, 3, 8, "某县农村供水服务中心");
    merge(ws, 4, 0, 8, 0, "项目资金\n（万元）");
    row(ws, 4, &[E, E, S("年初预算数"), S("全年预算数"), S("全年执行数"), S("分值"), S("执行率"), S("得分")]);
    // Amounts as numbers, as text and with their unit; the score a formula with its cached value.
    row(ws, 5, &[E, S("年度资金总额"), N(800.0), S("880"), N(836.0), N(10.0), P(0.95), F("=F6*E6/D6", "9.5")]);
    row(ws, 6, &[E, S("其中：当年财政拨款"), N(800.0), N(800.0), S("756万元"), S("—")]);
    row(ws, 7, &[E, S("上年结转资金"), N(0.0), N(80.0), N(80.0), S("—")]);
    row(ws, 8, &[E, S("其他资金"), N(0.0), N(0.0), N(0.0), S("—")]);
    merge(ws, 9, 0, 10, 0, "年度总体目标");
    merge(ws, 9, 1, 9, 4, "预期目标");
    merge(ws, 9, 5, 9, 8, "实际完成情况");
    merge(ws, 10, 1, 10, 4, "新建及改造农村供水工程12处，新增和改善3.2万农村人口饮水条件。");
    merge(ws, 10, 5, 10, 8, "完成新建及改造农村供水工程12处，改善3.0万农村人口饮水条件。");
    merge(ws, 11, 0, 23, 0, "绩效指标");
    row(
        ws,
        11,
        &[
            E,
            S("一级指标"),
            S("二级指标"),
            S("三级指标"),
            S("年度指标值"),
            S("实际完成值"),
            S("分值"),
            S("得分"),
            S("偏差原因分析及改进措施"),
        ],
    );
    merge(ws, 12, 1, 18, 1, "产出指标（50分）");
    merge(ws, 12, 2, 13, 2, "数量指标");
    // Full-width digits, points as text.
    row(ws, 12, &[E, E, E, S("新建及改造农村供水工程"), S("≥12处"), S("１２处"), S("10"), N(10.0)]);
    row(
        ws,
        13,
        &[
            E,
            E,
            E,
            S("受益农村人口"),
            S("≥3.2万人"),
            S("3.0万人"),
            N(10.0),
            N(10.0),
            S("受雨季影响，2个村组管网延伸工程顺延至次年实施。"),
        ],
    );
    // A blank spacer row inside the merged 产出 cell.
    row(ws, 15, &[E, E, S("质量指标"), S("农村集中供水工程水质达标率"), S("≥95%"), P(0.96), N(10.0), N(10.0)]);
    row(ws, 16, &[E, E, S("时效指标"), S("工程完工时间"), S("12月底前"), S("2023年11月20日"), N(10.0), N(10.0)]);
    row(ws, 17, &[E, E, S("成本指标"), S("项目总成本"), S("≤880万元"), S("836万元"), N(10.0), N(10.0)]);
    row(ws, 18, &[]);
    merge(ws, 19, 1, 22, 1, "效益指标");
    row(ws, 19, &[E, E, S("经济效益"), S("带动农民增收"), S("/"), S("/"), N(10.0), E, S("本项目为公益性供水工程。")]);
    row(
        ws,
        20,
        &[
            E,
            E,
            S("社会效益"),
            S("农村自来水普及率"),
            S("≥90%"),
            S("87.3%"),
            N(10.0),
            N(9.7),
            S("管网延伸工程所涉村组尚未通水。"),
        ],
    );
    row(
        ws,
        21,
        &[
            E,
            E,
            S("生态效益"),
            S("水源地保护措施落实情况"),
            S("达成年度指标"),
            S("部分达成年度指标并具有一定效果"),
            N(5.0),
            N(4.0),
            S("防护设施建设滞后。"),
        ],
    );
    row(ws, 22, &[E, E, S("可持续影响"), S("工程设计使用年限"), S("≥15年"), S("15年"), N(5.0), N(5.0)]);
    row(
        ws,
        23,
        &[
            E,
            S("满意度指标"),
            S("服务对象满意度"),
            S("受益群众满意度"),
            S("≥95%"),
            S(" 96% "),
            N(10.0),
            F("=G24", score_formula_value),
        ],
    );
    merge(ws, 24, 0, 24, 5, "总分");
    row(ws, 24, &[E, E, E, E, E, E, N(100.0), F("=SUM(H13:H24)+F6", "98")]);
    row(ws, 25, &[S("自评等级"), S("优")]);
}

fn national_book(score_formula_value: &'static str) -> Vec<u8> {
    let mut book = Workbook::new();
    // A hidden sheet first: an old draft with a table of its own, never read unless named.
    let old = book.add_worksheet();
    old.set_name("旧稿").unwrap();
    national_sheet(old, "10");
    old.set_hidden(true);
    let ws = book.add_worksheet();
    ws.set_name("自评表").unwrap();
    national_sheet(ws, score_formula_value);
    ws.set_active(true);
    // A second table on another sheet: noted, not read.
    let other = book.add_worksheet();
    other.set_name("附表").unwrap();
    row(other, 0, &[S("一级指标"), S("二级指标"), S("三级指标"), S("指标值"), S("完成值"), S("分值"), S("得分")]);
    row(other, 1, &[S("产出指标"), S("数量指标"), S("培训人数"), S("≥100人"), S("90人"), N(100.0), N(90.0)]);
    book.save_to_buffer().unwrap()
}

#[test]
fn national_layout_reads_whole_and_scores_exactly() {
    let imported = read(&national_book("10"), "national.xlsx");
    let (e, report) = (&imported.evaluation, &imported.report);
    assert_eq!(report.sheet, "自评表");
    assert_eq!(e.meta.title, "项目支出绩效自评表");
    assert_eq!(e.meta.year, Some(2023));
    assert_eq!(e.meta.project, "2023年度某县农村饮水安全巩固提升工程");
    assert_eq!(e.meta.department, "某县水利局");
    assert_eq!(e.meta.executing_unit, "某县农村供水服务中心");
    assert!(e.meta.goal_expected.starts_with("新建及改造农村供水工程12处"));
    assert!(e.meta.goal_actual.starts_with("完成新建及改造"));

    // The funds block: text, units and a formula's cached value read; the lines as printed.
    let budget = e.root.find("budget").unwrap();
    assert_eq!(budget.points, d("10"));
    assert_eq!(budget.reported, Some(d("9.5")));
    assert_eq!(budget.note, "单位：万元");
    let Some(Rule::Budget { lines, .. }) = budget.rule() else { panic!("not a budget") };
    let names: Vec<&str> = lines.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["年度资金总额", "当年财政拨款", "上年结转资金", "其他资金"]);
    assert_eq!(
        (lines[0].initial, lines[0].adjusted, lines[0].executed),
        (Some(d("800")), Some(d("880")), Some(d("836")))
    );
    assert_eq!(lines[1].executed, Some(d("756")));

    // Ten rows, each from its cell; the merged 一级 / 二级 cells apply to every row they span.
    assert_eq!(indicators(&e.root).len(), 10);
    let groups: Vec<(&str, &str)> = e.root.children().iter().map(|n| (n.id.as_str(), n.name.as_str())).collect();
    assert_eq!(
        groups,
        [("budget", "预算执行"), ("output", "产出指标"), ("outcome", "效益指标"), ("satisfaction", "满意度指标")]
    );
    let points: Vec<Decimal> = e.root.children().iter().map(|n| n.points).collect();
    assert_eq!(points, [d("10"), d("50"), d("30"), d("10")]);
    let boats = find(&imported, "新建及改造农村供水工程");
    assert_eq!(boats.category, "产出指标/数量指标");
    assert_eq!((boats.direction, boats.target, boats.unit.as_str()), (Direction::AtLeast, Some(d("12")), "处"));
    assert_eq!(boats.actual, Some(Actual::Number(d("12"))), "full-width digits");
    assert_eq!(boats.points, Some(d("10")), "points stored as text");
    assert_eq!(find(&imported, "受益农村人口").category, "产出指标/数量指标");
    let quality = find(&imported, "农村集中供水工程水质达标率");
    assert_eq!(quality.category, "产出指标/质量指标");
    assert_eq!(quality.actual, Some(Actual::Number(d("96"))), "0.96 shown as 96 %");
    assert_eq!(find(&imported, "工程完工时间").direction, Direction::OnTime);
    let cost = find(&imported, "项目总成本");
    assert_eq!((cost.direction, cost.target, cost.unit.as_str()), (Direction::AtMost, Some(d("880")), "万元"));
    assert!(find(&imported, "带动农民增收").not_applicable);
    let water = find(&imported, "水源地保护措施落实情况");
    assert_eq!(water.direction, Direction::Qualitative);
    assert!(matches!(water.actual, Some(Actual::Level { level: Level::Partial, .. })));
    assert_eq!(find(&imported, "受益群众满意度").reported, Some(d("10")), "a formula's cached value");
    assert_eq!(find(&imported, "受益群众满意度").actual, Some(Actual::Number(d("96"))));

    // The report: where each row came from, what was skipped, what was assumed.
    assert!(report.rows.iter().any(|r| r.name == "新建及改造农村供水工程" && r.cell == "自评表!D13"));
    assert!(report.rows.iter().any(|r| r.id == "budget" && r.cell == "自评表!B6"));
    assert!(has_note(&report.skipped, "自评表!15", "blank row"));
    assert!(has_note(&report.skipped, "旧稿", "hidden sheet"));
    assert!(has_note(&report.skipped, "附表", "holds another table"));
    assert!(has_note(&report.assumed, "自评表!F16", "read as 96%"));
    assert!(has_note(&report.assumed, "自评表!E13", "direction ≥"));
    assert!(has_note(&report.assumed, "自评表!E13", "unit 处"));
    assert!(has_note(&report.assumed, "自评表!E7", "“756万元” read as the number 756"));

    // The printed scores became `reported`: the workbook's arithmetic is checked on opening.
    assert_eq!(report.computed_total, d("96.75"));
    assert_eq!(report.printed_total, Some(d("98")));
    assert_eq!(e.root.reported, Some(d("98")));
    assert_eq!((report.computed_grade.as_str(), report.printed_grade.as_deref()), ("优", Some("优")));
    let scored = score(e);
    assert_eq!(scored.total, d("96.75"));
    assert!(scored.checks.iter().any(|c| c.code() == "reported_mismatch"));
    // The same as the calculator's own worked example.
    let example = jixiao::presets::find("project-national-example").unwrap().evaluation().unwrap();
    assert_eq!(score(&example).total, scored.total);
}

#[test]
fn a_hidden_or_other_sheet_is_read_when_named() {
    let bytes = national_book("10");
    let other = read_workbook(&bytes, "national.xlsx", Some(&SheetChoice::Name("附表".into()))).unwrap();
    assert_eq!(other.report.sheet, "附表");
    assert_eq!(indicators(&other.evaluation.root).len(), 1);
    assert_eq!(other.report.computed_total, d("90"));
    let hidden = read_workbook(&bytes, "national.xlsx", Some(&SheetChoice::parse("1"))).unwrap();
    assert_eq!(hidden.report.sheet, "旧稿");
    assert_eq!(hidden.report.computed_total, d("96.75"));
    let none = read_workbook(&bytes, "national.xlsx", Some(&SheetChoice::parse("9"))).unwrap_err();
    assert_eq!(none.kind, ImportErrorKind::NoSuchSheet("9".into()));
}

// ---------------------------------------------------------------------------------------------
// 2. Hubei: 预算执行 20 and two 年度绩效目标 blocks, each with its own goal and header; 一级 cells
// left blank below their first row instead of merged.

fn hubei_book() -> Vec<u8> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    merge(ws, 0, 0, 0, 8, "2023年度项目支出绩效自评表");
    row(ws, 1, &[S("项目名称："), S("职业技能培训补贴")]);
    row(ws, 2, &[S("主管部门"), S("某市人力资源和社会保障局"), E, E, S("实施单位"), S("某市职业技能鉴定中心")]);
    row(
        ws,
        3,
        &[
            S("项目资金（万元）"),
            E,
            S("年初预算数"),
            S("全年预算数"),
            S("全年执行数"),
            S("分值"),
            S("执行率"),
            S("得分"),
        ],
    );
    row(
        ws,
        4,
        &[S("项目资金（万元）"), S("年度资金总额"), S("100.00"), S("100.00"), S("90.00"), N(20.0), S("90%"), N(18.0)],
    );
    row(ws, 5, &[S("项目资金（万元）"), S("其中：财政拨款"), N(100.0), N(100.0), N(90.0)]);
    row(ws, 6, &[]);
    merge(ws, 7, 0, 7, 8, "年度绩效目标一");
    row(ws, 8, &[S("年度总体目标"), S("预期目标"), E, E, E, S("实际完成情况")]);
    row(ws, 9, &[E, S("培训1000人次，合格率90%以上。"), E, E, E, S("培训1200人次，合格率81%。")]);
    row(
        ws,
        10,
        &[
            S("一级指标"),
            S("二级指标"),
            S("三级指标"),
            S("年度指标值"),
            S("实际完成值"),
            S("分值"),
            S("得分"),
            S("偏差原因分析及改进措施"),
        ],
    );
    row(ws, 11, &[S("产出指标"), S("数量指标"), S("完成培训人次"), S("≥1000人次"), S("1200人次"), N(20.0), N(20.0)]);
    row(
        ws,
        12,
        &[
            S("效益指标"),
            S("社会效益"),
            S("培训合格率"),
            S("≥90%"),
            P(0.81),
            N(16.0),
            F("=F13*E13/0.9", "14.4"),
            S("部分学员未通过考核。"),
        ],
    );
    row(ws, 13, &[S("满意度指标"), S("服务对象满意度"), S("学员满意度"), S("≥90%"), S("95%"), N(4.0), N(4.0)]);
    merge(ws, 14, 0, 14, 8, "年度绩效目标二");
    row(ws, 15, &[S("年度总体目标"), S("预期目标"), E, E, E, S("实际完成情况")]);
    row(ws, 16, &[E, S("设备完好率98%以上，运行成本不超过50万元。"), E, E, E, S("设备完好率98%，运行成本62.5万元。")]);
    row(
        ws,
        17,
        &[
            S("一级指标"),
            S("二级指标"),
            S("三级指标"),
            S("年度指标值"),
            S("实际完成值"),
            S("分值"),
            S("得分"),
            S("偏差原因分析及改进措施"),
        ],
    );
    row(ws, 18, &[S("产出指标"), S("质量指标"), S("设备完好率"), S("≥98%"), S("98%"), N(10.0), N(10.0)]);
    // 一级 left blank: taken from the row above, and said.
    row(
        ws,
        19,
        &[E, S("成本指标"), S("运行成本"), S("≤50万元"), S("62.5万元"), N(10.0), N(8.0), S("设备老化，维修费用增加。")],
    );
    row(ws, 20, &[S("效益指标"), S("可持续影响"), S("设备使用年限"), S("≥5年"), S("5年"), N(16.0), N(16.0)]);
    row(ws, 21, &[S("满意度指标"), S("服务对象满意度"), S("学员满意度"), S("达成年度指标"), S("达成"), N(4.0), N(4.0)]);
    row(ws, 22, &[S("总分"), E, E, E, E, N(100.0), N(94.4)]);
    row(ws, 23, &[S("自评等级："), S("优")]);
    book.save_to_buffer().unwrap()
}

#[test]
fn hubei_layout_two_goal_blocks() {
    let imported = read(&hubei_book(), "hubei.xlsx");
    let (e, report) = (&imported.evaluation, &imported.report);
    assert_eq!(e.meta.year, Some(2023));
    assert_eq!(e.meta.project, "职业技能培训补贴");
    assert_eq!(e.meta.department, "某市人力资源和社会保障局");
    assert_eq!(e.meta.executing_unit, "某市职业技能鉴定中心");
    assert_eq!(e.meta.goal_expected, "培训1000人次，合格率90%以上。\n设备完好率98%以上，运行成本不超过50万元。");
    let tops: Vec<(&str, &str, Decimal)> =
        e.root.children().iter().map(|n| (n.id.as_str(), n.name.as_str(), n.points)).collect();
    assert_eq!(
        tops,
        [("budget", "预算执行", d("20")), ("goal1", "年度绩效目标一", d("40")), ("goal2", "年度绩效目标二", d("40"))]
    );
    let goal2 = e.root.find("goal2").unwrap();
    let NodeBody::Group(children) = &goal2.body else { panic!() };
    let ids: Vec<&str> = children.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids, ["goal2.output", "goal2.outcome", "goal2.satisfaction"]);
    let cost = find(&imported, "运行成本");
    assert_eq!(cost.id, "goal2.output-02");
    assert_eq!(cost.category, "产出指标/成本指标");
    assert!(has_note(&report.assumed, "Sheet1!A20", "产出指标"));
    assert_eq!(find(&imported, "培训合格率").actual, Some(Actual::Number(d("81"))));
    assert_eq!(find(&imported, "培训合格率").reported, Some(d("14.4")));
    // 18 + (20 + 14.4 + 4) + (10 + 8 + 16 + 4)
    assert_eq!(report.computed_total, d("94.4"));
    assert_eq!(report.printed_total, Some(d("94.4")));
    assert_eq!(report.printed_grade.as_deref(), Some("优"));
    assert!(has_note(&report.skipped, "Sheet1!15", "spanning"));
    assert!(has_note(&report.assumed, "Sheet1", "2 年度目标 blocks"));
}

// ---------------------------------------------------------------------------------------------
// 3. Sichuan: 预算执行 10 + 指标 90 with a 指标性质 column (=, ≥, ≤) and a unit column; a funds line
// below 90 %.

fn sichuan_book() -> Vec<u8> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("四川").unwrap();
    merge(ws, 0, 0, 0, 9, "四川省2024年度项目支出绩效自评表");
    row(ws, 1, &[S("项目名称"), S("基层医疗设备购置")]);
    row(ws, 2, &[S("主管部门"), S("某县卫生健康局"), E, E, E, S("实施单位"), S("某县人民医院")]);
    row(
        ws,
        3,
        &[
            S("资金（万元）"),
            S(""),
            S("年初预算数"),
            S("全年预算数"),
            S("全年执行数"),
            S("分值"),
            S("执行率"),
            S("得分"),
        ],
    );
    row(ws, 4, &[S("资金（万元）"), S("年度资金总额"), N(200.0), N(200.0), N(160.0), N(10.0), P(0.8), N(8.0)]);
    row(ws, 5, &[S("资金（万元）"), S("其中：财政拨款"), N(200.0), N(200.0), N(160.0)]);
    row(
        ws,
        6,
        &[
            S("一级指标"),
            S("二级指标"),
            S("三级指标"),
            S("指标性质"),
            S("指标值"),
            S("度量单位"),
            S("实际完成值"),
            S("分值"),
            S("得分"),
            S("偏差原因"),
        ],
    );
    merge(ws, 7, 0, 9, 0, "产出指标");
    row(ws, 7, &[E, S("数量指标"), S("新增设备"), S("≥"), S("１０"), S("台"), N(10.0), S(" 30 "), N(30.0)]);
    row(ws, 8, &[E, S("质量指标"), S("验收合格率"), S("="), N(100.0), S("%"), N(100.0), N(20.0), N(20.0)]);
    row(
        ws,
        9,
        &[E, S("成本指标"), S("单位成本"), S("≤"), N(2.0), S("万元/台"), N(2.5), N(10.0), N(8.0), S("设备涨价。")],
    );
    row(
        ws,
        10,
        &[S("效益指标"), S("社会效益"), S("服务人次"), S("≥"), N(5000.0), S("人次"), S("６０００"), N(20.0), N(20.0)],
    );
    row(
        ws,
        11,
        &[S("满意度指标"), S("服务对象满意度"), S("患者满意度"), S("≥"), P(0.9), S("%"), P(0.9), N(10.0), N(10.0)],
    );
    row(ws, 12, &[S("合计"), E, E, E, E, E, E, N(100.0), F("=SUM(I8:I12)+H5", "96")]);
    book.save_to_buffer().unwrap()
}

#[test]
fn sichuan_layout_nature_column() {
    let imported = read(&sichuan_book(), "sichuan.xlsx");
    let (e, report) = (&imported.evaluation, &imported.report);
    assert_eq!(e.meta.year, Some(2024));
    let units: Vec<(Direction, Option<Decimal>, &str)> =
        indicators(&e.root).iter().map(|i| (i.direction, i.target, i.unit.as_str())).collect();
    assert_eq!(
        units,
        [
            (Direction::AtLeast, Some(d("10")), "台"),
            (Direction::Exactly, Some(d("100")), "%"),
            (Direction::AtMost, Some(d("2")), "万元/台"),
            (Direction::AtLeast, Some(d("5000")), "人次"),
            (Direction::AtLeast, Some(d("90")), "%"),
        ]
    );
    assert_eq!(find(&imported, "新增设备").points, Some(d("30")));
    assert_eq!(find(&imported, "服务人次").actual, Some(Actual::Number(d("6000"))));
    assert_eq!(find(&imported, "患者满意度").actual, Some(Actual::Number(d("90"))));
    // 8 + 30 + 20 + 10 × 2 / 2.5 + 20 + 10
    assert_eq!(report.computed_total, d("96"));
    assert_eq!(report.printed_total, Some(d("96")));
    let scored = score(e);
    assert!(scored.checks.iter().any(|c| c.code() == "low_execution_no_reason"));
}

// ---------------------------------------------------------------------------------------------
// 4. A header split over two rows (指标值 over 年度指标值 | 实际完成值) and the funds block as
// 预算数 / 执行数, the heading's values after colons.

fn split_header_book() -> Vec<u8> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    row(ws, 0, &[S("某县 2024年度 项目支出绩效自评表")]);
    row(ws, 1, &[S("项目名称：乡村道路养护")]);
    row(ws, 2, &[S("主管部门：县交通运输局"), E, E, E, S("实施单位：县公路事业发展中心")]);
    row(ws, 3, &[S("资金情况（万元）"), S("预算数"), S("执行数"), S("分值"), S("得分")]);
    row(ws, 4, &[S("合计"), N(500.0), N(450.0), N(10.0), N(9.0)]);
    row(ws, 5, &[S("其中：财政拨款"), N(500.0), N(450.0)]);
    merge(ws, 7, 0, 8, 0, "一级指标");
    merge(ws, 7, 1, 8, 1, "二级指标");
    merge(ws, 7, 2, 8, 2, "三级指标");
    merge(ws, 7, 3, 7, 4, "指标值");
    merge(ws, 7, 5, 8, 5, "分值");
    merge(ws, 7, 6, 8, 6, "得分");
    merge(ws, 7, 7, 8, 7, "偏差原因");
    row(ws, 8, &[E, E, E, S("年度指标值"), S("实际完成值")]);
    merge(ws, 9, 0, 10, 0, "产出指标");
    row(ws, 9, &[E, S("数量指标"), S("养护里程"), S("≥120公里"), S("126公里"), N(30.0), N(30.0)]);
    row(ws, 10, &[E, S("时效指标"), S("完成时间"), S("2024年10月底前"), D(2024, 11, 15), N(20.0), N(20.0)]);
    row(ws, 11, &[S("效益指标"), S("社会效益"), S("道路优良率"), S("≥80%"), S("76%"), N(30.0), N(28.5)]);
    row(ws, 12, &[S("满意度指标"), S("服务对象满意度"), S("群众满意度"), S("≥90%"), S("92%"), N(10.0), N(10.0)]);
    row(ws, 13, &[S("合计"), E, E, E, E, N(100.0), N(97.5)]);
    book.save_to_buffer().unwrap()
}

#[test]
fn split_header_and_plain_funds_block() {
    let imported = read(&split_header_book(), "split.xlsx");
    let (e, report) = (&imported.evaluation, &imported.report);
    assert_eq!(e.meta.year, Some(2024));
    assert_eq!(e.meta.project, "乡村道路养护");
    assert_eq!(e.meta.department, "县交通运输局");
    assert_eq!(e.meta.executing_unit, "县公路事业发展中心");
    let Some(Rule::Budget { lines, .. }) = e.root.find("budget").unwrap().rule() else { panic!() };
    assert_eq!(lines[0].name, "年度资金总额");
    assert_eq!((lines[0].initial, lines[0].adjusted, lines[0].executed), (None, Some(d("500")), Some(d("450"))));
    assert_eq!(indicators(&e.root).len(), 4);
    let late = find(&imported, "完成时间");
    assert_eq!((late.direction, late.target_text.as_str()), (Direction::OnTime, "2024年10月底前"));
    // A date cell, read as people write a date.
    assert_eq!(late.actual, Some(Actual::Text("2024年11月15日".into())));
    assert_eq!(find(&imported, "养护里程").actual, Some(Actual::Number(d("126"))));
    // 9 + 30 + 0 (late) + 30 × 76 / 80 + 10
    assert_eq!(report.computed_total, d("77.5"));
    assert_eq!(report.computed_grade, "中");
    assert_eq!(report.printed_total, Some(d("97.5")));
    assert!(score(e).checks.iter().any(|c| c.code() == "reported_mismatch"));
}

/// A row that does not apply (`/` as its actual), or one with no target, has no sign to be noted as
/// missing (QA: "目标值“”没有符号：取 ≥" on a 不适用 row); a target without a sign still is.
#[test]
fn no_sign_is_noted_only_where_a_target_applies() {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    row(ws, 0, &[S("项目支出绩效自评表")]);
    row(ws, 1, &[S("项目名称"), S("乡村道路养护")]);
    row(ws, 3, &[S("一级指标"), S("二级指标"), S("三级指标"), S("年度指标值"), S("实际完成值"), S("分值"), S("得分")]);
    row(ws, 4, &[S("产出指标"), S("数量指标"), S("养护次数"), S("12"), S("12"), N(30.0), N(30.0)]);
    row(ws, 5, &[S("效益指标"), S("经济效益"), S("带动增收"), E, S("/"), N(30.0)]);
    row(ws, 6, &[S("效益指标"), S("社会效益"), S("通行保障率"), S("90"), S("/"), N(30.0)]);
    row(ws, 7, &[S("满意度指标"), S("服务对象满意度"), S("群众满意度"), S("≥90%"), S("92%"), N(10.0), N(10.0)]);
    let imported = read(&book.save_to_buffer().unwrap(), "na.xlsx");
    let notes: Vec<&str> = imported.report.assumed.iter().map(|n| n.zh.as_str()).collect();
    let no_sign: Vec<&&str> = notes.iter().filter(|n| n.contains("没有符号")).collect();
    assert_eq!(no_sign, [&"目标值“12”没有符号：取 ≥"], "{notes:?}");
    assert!(find(&imported, "带动增收").not_applicable && find(&imported, "通行保障率").not_applicable);
}

// ---------------------------------------------------------------------------------------------
// Refused workbooks: each a clear error naming the file.

fn refused(bytes: &[u8], name: &str) -> jixiao::import::ImportError {
    match read_workbook(bytes, name, None) {
        Ok(_) => panic!("{name} was read"),
        Err(e) => {
            assert!(e.message(Lang::En).starts_with(&format!("{name}: ")), "{}", e.message(Lang::En));
            assert!(e.message(Lang::Zh).starts_with(&format!("{name}：")), "{}", e.message(Lang::Zh));
            e
        }
    }
}

/// Damaged copies of a good workbook (cut anywhere, a byte flipped anywhere) are read or refused,
/// never a panic.
#[test]
fn damaged_copies_never_panic() {
    let bytes = national_book("10");
    let step = (bytes.len() / 400).max(1);
    for at in (0..bytes.len()).step_by(step) {
        let _ = read_workbook(&bytes[..at], "cut.xlsx", None);
        let mut flipped = bytes.clone();
        flipped[at] ^= 0x5A;
        let _ = read_workbook(&flipped, "flipped.xlsx", None);
    }
    // The OLE header of an encrypted workbook, cut and flipped likewise.
    let ole = encrypted_book();
    for at in (0..ole.len()).step_by(7) {
        let _ = read_workbook(&ole[..at], "cut.xls", None);
        let mut flipped = ole.clone();
        flipped[at] ^= 0xFF;
        let _ = read_workbook(&flipped, "flipped.xls", None);
    }
}

#[test]
fn not_a_zip() {
    let e = refused(b"name,target\nboats,6\n", "table.xlsx");
    assert_eq!(e.kind, ImportErrorKind::NotAWorkbook);
    assert_eq!(refused(b"", "empty.xlsx").kind, ImportErrorKind::NotAWorkbook);
}

#[test]
fn truncated_zip() {
    let bytes = national_book("10");
    for cut in [bytes.len() / 2, bytes.len() - 10, 40] {
        let e = refused(&bytes[..cut], "cut.xlsx");
        assert!(matches!(e.kind, ImportErrorKind::Damaged(_)), "{cut}: {e}");
        assert_eq!(e.code(), "damaged_workbook");
    }
}

/// A zip whose central directory declares a part of 3 GB: refused by the declared size, before
/// anything is inflated.
#[test]
fn zip_bomb_refused_by_declared_size() {
    let mut bytes = national_book("10");
    let sig = b"PK\x01\x02";
    let at: Vec<usize> = bytes.windows(4).enumerate().filter(|(_, w)| w == sig).map(|(i, _)| i).collect();
    assert!(!at.is_empty());
    for i in at {
        // The uncompressed size, 24 bytes into a central directory header.
        bytes[i + 24..i + 28].copy_from_slice(&0xC000_0000u32.to_le_bytes());
    }
    let started = Instant::now();
    let e = refused(&bytes, "bomb.xlsx");
    assert!(matches!(e.kind, ImportErrorKind::TooLarge { .. }), "{e}");
    assert!(e.message(Lang::En).contains("not inflated"), "{e}");
    assert!(started.elapsed() < Duration::from_secs(2));
}

/// A real one: 80 MB of zeros in 80 KB.
#[test]
fn zip_bomb_real() {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/workbook.xml", options).unwrap();
    zip.write_all(b"<workbook/>").unwrap();
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    let zeros = vec![b' '; 1024 * 1024];
    for _ in 0..80 {
        zip.write_all(&zeros).unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    assert!(bytes.len() < 1024 * 1024);
    let e = refused(&bytes, "bomb.xlsx");
    assert!(matches!(e.kind, ImportErrorKind::TooLarge { .. }), "{e}");
}

#[test]
fn encrypted_workbook() {
    let e = refused(&encrypted_book(), "secret.xlsx");
    assert_eq!(e.kind, ImportErrorKind::Encrypted);
    assert!(e.message(Lang::Zh).contains("密码"), "{}", e.message(Lang::Zh));
}

#[test]
fn no_recognisable_table() {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    row(ws, 0, &[S("姓名"), S("电话")]);
    row(ws, 1, &[S("张三"), N(13800000000.0)]);
    let e = refused(&book.save_to_buffer().unwrap(), "contacts.xlsx");
    assert_eq!(e.kind, ImportErrorKind::NoTable);
    assert!(e.message(Lang::En).contains("三级指标"));
}

#[test]
fn a_hundred_thousand_rows_in_bounded_time() {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    row(ws, 0, &[S("一级指标"), S("二级指标"), S("三级指标"), S("指标值"), S("完成值"), S("分值"), S("得分")]);
    for r in 1..100_000u32 {
        ws.write_string(r, 2, "指标").unwrap();
        ws.write_number(r, 3, 1.0).unwrap();
        ws.write_number(r, 4, 1.0).unwrap();
    }
    let bytes = book.save_to_buffer().unwrap();
    let started = Instant::now();
    let e = refused(&bytes, "long.xlsx");
    assert_eq!(e.kind, ImportErrorKind::TooManyRows { sheet: "Sheet1".into(), rows: jixiao::import::MAX_ROWS });
    assert!(started.elapsed() < Duration::from_secs(30), "{:?}", started.elapsed());
}

/// The workbook with one part's text replaced (rust_xlsxwriter always saves a formula's value; a
/// workbook written by a script or a converter may not).
fn edit_part(bytes: &[u8], part: &str, from: &str, to: &str) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().to_string();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).unwrap();
        if name == part {
            let text = String::from_utf8(content).unwrap();
            assert!(text.contains(from), "{part} lacks {from}");
            content = text.replace(from, to).into_bytes();
        }
        out.start_file(name, options).unwrap();
        out.write_all(&content).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn formula_without_cached_value() {
    let bytes = edit_part(&national_book("0"), "xl/worksheets/sheet2.xml", "<f>G24</f><v>0</v>", "<f>G24</f>");
    let e = refused(&bytes, "nocache.xlsx");
    assert_eq!(e.kind, ImportErrorKind::FormulaWithoutValue { cell: "自评表!H24".into(), formula: "G24".into() });
    assert!(e.message(Lang::En).contains("nocache.xlsx: 自评表!H24 holds the formula =G24 without its saved value"));
}

#[test]
fn word_document_renamed() {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(b"<Types/>").unwrap();
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(b"<w:document/>").unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    let e = refused(&bytes, "report.xlsx");
    assert_eq!(e.code(), "not_a_spreadsheet");
    assert_eq!(e.message(Lang::En), "report.xlsx: this is a Word document, not a spreadsheet");
}

// ---------------------------------------------------------------------------------------------
// The command line.

fn run(args: &[&str]) -> jixiao::cli::Outcome {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    jixiao::cli::run(&args, &mut std::io::empty())
}

fn temp(name: &str, bytes: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("jixiao-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn cli_import_prints_the_file_and_the_notes() {
    let path = temp("national.xlsx", &national_book("10"));
    let out = run(&["import", &path]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let evaluation = jixiao::format::load(out.stdout.as_bytes()).unwrap();
    assert_eq!(score(&evaluation).total, d("96.75"));
    assert!(out.stdout.starts_with("{\n  \"format\": \"jixiao-evaluation\",\n  \"version\": 4,"));
    assert!(out.stderr.contains("row 自评表!D13: 新建及改造农村供水工程"), "{}", out.stderr);
    assert!(out.stderr.contains("total: computed 96.75 · printed 98"), "{}", out.stderr);

    let other = run(&["import", &path, "--sheet", "附表"]);
    assert_eq!(other.code, 0, "{}", other.stderr);
    assert!(other.stderr.contains("sheet: 附表"));
    assert_eq!(run(&["import", &path, "--sheet"]).code, 2);
}

#[test]
fn cli_score_and_check_take_a_workbook() {
    let path = temp("sichuan.xlsx", &sichuan_book());
    let scored = run(&["score", &path]);
    assert_eq!(scored.code, 0, "{}", scored.stderr);
    let json: serde_json::Value = serde_json::from_str(&scored.stdout).unwrap();
    assert_eq!(json["total"]["score"], "96");
    assert!(scored.stderr.contains("total: computed 96"));
    // By its magic bytes, whatever its name.
    let renamed = temp("sichuan.dat", &sichuan_book());
    assert_eq!(run(&["check", &renamed]).code, 0);
    // Named .json, a zip is what the app says it is: not a text file.
    let json = temp("sichuan.json", &sichuan_book());
    assert!(run(&["check", &json]).stderr.contains("[binary]"));
    let bad = temp("bad.xlsx", b"not a workbook");
    let out = run(&["check", &bad]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("[not_a_workbook]"), "{}", out.stderr);
}

/// What the import worker sends the page (src/import/wire.rs): the evaluation as a file the one load
/// path reads back to the same evaluation, the report whole, and a refusal's code and messages; all
/// through their JSON, as they cross from the worker.
#[test]
fn the_worker_reply_carries_the_file_and_the_report() {
    use jixiao::import::wire::{answer, Reply};
    let bytes = national_book("10");
    let imported = read(&bytes, "national.xlsx");
    let reply = Reply::from_json(&answer(7, &bytes, "national.xlsx").to_json()).expect("a reply");
    let Reply::Read { id, file, report } = reply else { panic!("not read: {reply:?}") };
    assert_eq!(id, 7);
    assert_eq!(jixiao::format::load(file.as_bytes()).unwrap(), imported.evaluation);
    assert_eq!(report, imported.report);
    assert_eq!(report.computed_total, d("96.75"));
    // Every note in both languages (the app shows the Chinese one in Chinese).
    let notes: Vec<_> = report.skipped.iter().chain(&report.assumed).collect();
    assert!(notes.len() > 5);
    for note in notes {
        assert!(!note.zh.is_empty() && note.zh != note.text, "{note:?}");
    }
    assert!(report.skipped.iter().any(|n| n.place == "自评表!15" && n.zh == "空行" && n.text == "blank row"));

    let refused = Reply::from_json(&answer(8, b"PK\x03\x04 cut short", "坏.xlsx").to_json()).expect("a reply");
    let Reply::Refused { id, code, zh, en } = refused else { panic!("not refused: {refused:?}") };
    assert_eq!((id, code.as_str()), (8, "damaged_workbook"));
    assert!(zh.starts_with("坏.xlsx：") && en.starts_with("坏.xlsx: "), "{zh} / {en}");
    assert_eq!(Reply::from_json(&Reply::Ready.to_json()), Some(Reply::Ready));
}

// ---------------------------------------------------------------------------------------------
// A whole table pasted from Excel/WPS (src/import/pasted.rs): the national sheet above as Excel puts
// it on the clipboard when the whole table is selected and copied: tab-separated, CRLF line ends, a
// merged cell's value in its first cell and empty cells after it, a cell with a line break quoted,
// numbers as they are shown (0.96 formatted as a percent is "96%", a formula its value).

/// The national sheet's A1:I26 as Excel copies it.
const NATIONAL_COPIED: [[&str; 9]; 26] = [
    ["项目支出绩效自评表", "", "", "", "", "", "", "", ""],
    ["（ 2023 年度）", "", "", "", "", "", "", "", ""],
    ["项目名称", "2023年度某县农村饮水安全巩固提升工程", "", "", "", "", "", "", ""],
    ["主管部门", "某县水利局", "", "", "实施单位", "某县农村供水服务中心", "", "", ""],
    ["项目资金\n（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", ""],
    ["", "年度资金总额", "800", "880", "836", "10", "95%", "9.5", ""],
    ["", "其中：当年财政拨款", "800", "800", "756万元", "—", "", "", ""],
    ["", "上年结转资金", "0", "80", "80", "—", "", "", ""],
    ["", "其他资金", "0", "0", "0", "—", "", "", ""],
    ["年度总体目标", "预期目标", "", "", "", "实际完成情况", "", "", ""],
    [
        "",
        "新建及改造农村供水工程12处，新增和改善3.2万农村人口饮水条件。",
        "",
        "",
        "",
        "完成新建及改造农村供水工程12处，改善3.0万农村人口饮水条件。",
        "",
        "",
        "",
    ],
    [
        "绩效指标",
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ],
    ["", "产出指标（50分）", "数量指标", "新建及改造农村供水工程", "≥12处", "１２处", "10", "10", ""],
    ["", "", "", "受益农村人口", "≥3.2万人", "3.0万人", "10", "10", "受雨季影响，2个村组管网延伸工程顺延至次年实施。"],
    ["", "", "", "", "", "", "", "", ""],
    ["", "", "质量指标", "农村集中供水工程水质达标率", "≥95%", "96%", "10", "10", ""],
    ["", "", "时效指标", "工程完工时间", "12月底前", "2023年11月20日", "10", "10", ""],
    ["", "", "成本指标", "项目总成本", "≤880万元", "836万元", "10", "10", ""],
    ["", "", "", "", "", "", "", "", ""],
    ["", "效益指标", "经济效益", "带动农民增收", "/", "/", "10", "", "本项目为公益性供水工程。"],
    ["", "", "社会效益", "农村自来水普及率", "≥90%", "87.3%", "10", "9.7", "管网延伸工程所涉村组尚未通水。"],
    [
        "",
        "",
        "生态效益",
        "水源地保护措施落实情况",
        "达成年度指标",
        "部分达成年度指标并具有一定效果",
        "5",
        "4",
        "防护设施建设滞后。",
    ],
    ["", "", "可持续影响", "工程设计使用年限", "≥15年", "15年", "5", "5", ""],
    ["", "满意度指标", "服务对象满意度", "受益群众满意度", "≥95%", " 96% ", "10", "10", ""],
    ["总分", "", "", "", "", "", "100", "98", ""],
    ["自评等级", "优", "", "", "", "", "", "", ""],
];

/// Rows of cells as Excel's clipboard text: a cell with a tab, a line break or a quote in quotes (its
/// quotes doubled), cells by tabs, rows by CRLF, a CRLF after the last.
fn excel_copy<R: AsRef<[&'static str]>>(rows: &[R]) -> String {
    let cell = |c: &str| {
        if c.contains(['\t', '\n', '\r', '"']) {
            format!("\"{}\"", c.replace('"', "\"\""))
        } else {
            c.to_string()
        }
    };
    rows.iter().map(|r| r.as_ref().iter().map(|c| cell(c)).collect::<Vec<_>>().join("\t") + "\r\n").collect()
}

fn pasted(text: &str) -> Imported {
    match jixiao::import::read_pasted_table(text) {
        Ok(imported) => imported,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn a_whole_table_pasted_reads_as_its_workbook() {
    let text = excel_copy(&NATIONAL_COPIED);
    assert!(jixiao::import::is_whole_table(&text));
    let from_paste = pasted(&text);
    let from_book = read(&national_book("10"), "national.xlsx");
    assert_eq!(from_paste.evaluation, from_book.evaluation);
    let report = &from_paste.report;
    assert_eq!(report.sheet, "粘贴");
    assert_eq!(report.computed_total, d("96.75"));
    assert_eq!(report.printed_total, Some(d("98")));
    assert_eq!(report.computed_grade, "优");
    // Every row named by the pasted row and column, as the workbook's by its cell.
    let cells: Vec<String> = report.rows.iter().map(|r| r.cell.replace("粘贴!", "")).collect();
    let book_cells: Vec<String> = from_book.report.rows.iter().map(|r| r.cell.replace("自评表!", "")).collect();
    assert_eq!(cells, book_cells);
    assert!(report.rows.iter().any(|r| r.name == "新建及改造农村供水工程" && r.cell == "粘贴!D13"));
    // The quoted cell with its line break is one cell: the funds' unit is read from it.
    assert_eq!(from_paste.evaluation.root.find("budget").unwrap().note, "单位：万元");
    // Numbers pasted as text are not each a note; a number with its unit still is.
    assert!(!report.assumed.iter().any(|n| n.text.contains("“10” read as")), "{:?}", report.assumed);
    assert!(has_note(&report.assumed, "粘贴!E7", "“756万元” read as the number 756"));
    assert!(has_note(&report.skipped, "粘贴!15", "blank row"));
    // A paste is called a table, not a workbook, where the conventions assumed are named.
    let conventions = |notes: &[jixiao::import::Note]| {
        notes.iter().find(|n| n.zh.contains("没有写明的计分规则")).map(|n| (n.zh.clone(), n.text.clone())).unwrap()
    };
    let (zh, en) = conventions(&report.assumed);
    assert!(zh.starts_with("表格没有写明") && en.contains("the table does not state"), "{zh} / {en}");
    let (zh, en) = conventions(&from_book.report.assumed);
    assert!(zh.starts_with("工作簿没有写明") && en.contains("the workbook does not state"), "{zh} / {en}");
}

#[test]
fn pasted_blank_category_cells_are_filled_down() {
    let imported = pasted(&excel_copy(&NATIONAL_COPIED));
    // The merged 产出 / 数量 cells arrived only in their first row.
    assert_eq!(find(&imported, "受益农村人口").category, "产出指标/数量指标");
    assert_eq!(find(&imported, "项目总成本").category, "产出指标/成本指标");
    assert_eq!(find(&imported, "农村自来水普及率").category, "效益指标/社会效益");
    assert!(has_note(&imported.report.assumed, "粘贴!B14", "from the row above"));
    assert!(has_note(&imported.report.assumed, "粘贴!C14", "“数量指标” from the row above"));
}

#[test]
fn pasted_quoted_cells_hold_tabs_quotes_and_line_breaks() {
    let mut rows: Vec<[&str; 9]> = NATIONAL_COPIED.to_vec();
    rows[2][1] = "某县\t“农村饮水”\"安全\"\n巩固提升工程";
    rows[19][8] = "公益性，\n不产生收入。";
    let text = excel_copy(&rows);
    assert!(text.contains("\"某县\t“农村饮水”\"\"安全\"\"\n巩固提升工程\""), "{text}");
    let imported = pasted(&text);
    assert_eq!(imported.evaluation.meta.project, "某县\t“农村饮水”\"安全\"\n巩固提升工程");
    assert_eq!(find(&imported, "带动农民增收").deviation_reason, "公益性，\n不产生收入。");
    // Nothing shifted: the rows after are where they were.
    assert_eq!(imported.report.computed_total, d("96.75"));
    assert!(imported.report.rows.iter().any(|r| r.name == "受益群众满意度" && r.cell == "粘贴!D24"));
}

#[test]
fn a_paste_that_is_not_a_whole_table_is_refused() {
    // The rows with their header only: the cell-by-cell paste's (it names the columns).
    let rows = excel_copy(&NATIONAL_COPIED[11..24]);
    // A funds line, plain text, one value, nothing.
    for text in [rows.as_str(), "800\t880\t836\r\n", "项目名称\t某工程\r\n总分\t98\r\n", "96%", ""] {
        assert!(!jixiao::import::is_whole_table(text), "{text}");
        let error = jixiao::import::read_pasted_table(text).unwrap_err();
        assert_eq!(error.kind, ImportErrorKind::NotATable, "{text}");
        assert_eq!(error.code(), "not_a_table");
        assert!(error.message(Lang::Zh).starts_with("粘贴的表格："), "{}", error.message(Lang::Zh));
    }
    // The same rows under the project's name are a whole table.
    let with_title = excel_copy(&[NATIONAL_COPIED[2]]) + &rows;
    assert!(jixiao::import::is_whole_table(&with_title));
    assert_eq!(pasted(&with_title).evaluation.meta.project, "2023年度某县农村饮水安全巩固提升工程");
}

/// The worker reads a pasted table as it reads a workbook (src/import/wire.rs, `answer_pasted`).
#[test]
fn the_worker_answers_a_pasted_table() {
    use jixiao::import::wire::{answer_pasted, Reply};
    let text = excel_copy(&NATIONAL_COPIED);
    let reply = Reply::from_json(&answer_pasted(3, &text).to_json()).expect("a reply");
    let Reply::Read { id, file, report } = reply else { panic!("not read: {reply:?}") };
    assert_eq!(id, 3);
    assert_eq!(jixiao::format::load(file.as_bytes()).unwrap(), pasted(&text).evaluation);
    assert_eq!(report.computed_total, d("96.75"));
    let refused = Reply::from_json(&answer_pasted(4, "a\tb\r\n").to_json()).expect("a reply");
    assert!(matches!(refused, Reply::Refused { id: 4, ref code, .. } if code == "not_a_table"), "{refused:?}");
}
