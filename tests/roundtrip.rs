//! The project table's export read back: by our own import (every project preset gives back the same
//! evaluation, as far as the form holds it), and by independent readers (calamine's cells and merged
//! regions, the `zip` crate's checksums) to prove the file is a valid workbook in the filed layout.

use std::io::{Cursor, Read};

use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};
use jixiao::domain::checks::printed_differs;
use jixiao::domain::{score, Badge, Evaluation, Indicator, Lang, Node, NodeBody, Rule, Scored, Status};
use jixiao::export::to_xlsx;
use jixiao::import::read_workbook;
use rust_decimal::Decimal;

fn preset(name: &str) -> Evaluation {
    jixiao::presets::find(name).unwrap().evaluation().unwrap()
}

/// Every preset that is a project table; the department-wide ones keep their own layout, which the
/// import (a project-table reader) is not meant to read.
const PROJECT_PRESETS: [&str; 4] = ["project-national", "project-national-example", "project-hubei", "project-sichuan"];

fn indicators(evaluation: &Evaluation) -> Vec<&Indicator> {
    evaluation.root.walk().flat_map(|n| n.indicators().iter().map(|i| &**i)).collect()
}

fn lists(evaluation: &Evaluation) -> Vec<&Node> {
    evaluation.root.walk().filter(|n| matches!(n.rule(), Some(Rule::Indicators { .. }))).collect()
}

fn budget(evaluation: &Evaluation) -> Option<&Node> {
    evaluation.root.walk().find(|n| matches!(n.rule(), Some(Rule::Budget { .. })))
}

/// The actual as its cell words it: its wording, or the text it is (a 时效 row's date); "/" for a
/// row that does not apply.
fn as_written(indicator: &Indicator) -> &str {
    match (&indicator.actual, indicator.actual_text.as_str()) {
        _ if indicator.not_applicable => "/",
        (Some(jixiao::domain::Actual::Text(text)), "") => text,
        (_, text) => text,
    }
}

/// The 得分 a form files: the printed score, else the computed one once the row is scored.
fn filed(indicator: &Indicator, scored: &Scored) -> Option<Decimal> {
    let result = scored.indicator(&indicator.id).unwrap();
    let complete = !matches!(result.badge(), Badge::Pending | Badge::Invalid | Badge::NotApplicable);
    indicator.reported.or(complete.then_some(result.score))
}

/// Exports `original`, imports the bytes, and compares what the form holds.
fn assert_round_trip(name: &str, original: &Evaluation, lang: Lang) {
    let scored = score(original);
    let bytes = to_xlsx(original, &scored, lang).unwrap();
    let imported = read_workbook(&bytes, "form.xlsx", None).unwrap_or_else(|e| panic!("{name}: {e}")).evaluation;
    let rescored = score(&imported);

    let (before, after) = (indicators(original), indicators(&imported));
    assert_eq!(before.len(), after.len(), "{name}: indicators");
    assert!(!before.is_empty());
    for (b, a) in before.iter().zip(&after) {
        let row = format!("{name}: {}", b.name);
        assert_eq!(a.category, b.category, "{row}: category");
        assert_eq!(a.name, b.name, "{row}: name");
        assert_eq!(a.target_text, b.target_text, "{row}: target as written");
        assert_eq!(a.target, b.target, "{row}: target");
        assert_eq!(a.direction, b.direction, "{row}: direction");
        assert_eq!(a.actual, b.actual, "{row}: actual");
        assert_eq!(as_written(a), as_written(b), "{row}: actual as written");
        assert_eq!(a.points, b.points, "{row}: points");
        assert_eq!(a.reported, filed(b, &scored), "{row}: reported score");
        assert_eq!(a.not_applicable, b.not_applicable, "{row}: not applicable");
        assert_eq!(a.deviation_reason, b.deviation_reason, "{row}: deviation reason");
    }
    let list = |n: &&Node| (n.name.clone(), n.points, n.reported);
    assert_eq!(
        lists(&imported).iter().map(list).collect::<Vec<_>>(),
        lists(original).iter().map(list).collect::<Vec<_>>(),
        "{name}: the lists, their points and printed 小计"
    );

    match (budget(original), budget(&imported)) {
        (Some(b), Some(a)) => {
            let (Some(Rule::Budget { lines: before, .. }), Some(Rule::Budget { lines: after, .. })) =
                (b.rule(), a.rule())
            else {
                unreachable!()
            };
            assert_eq!(after, before, "{name}: the funds lines");
            let reason = |n: &Node| match n.rule() {
                Some(Rule::Budget { reason, .. }) => reason.clone(),
                _ => unreachable!(),
            };
            assert_eq!(reason(a), reason(b), "{name}: the funds' reason");
            assert_eq!(a.points, b.points, "{name}: 预算执行's points");
            let result = scored.node(&b.id).unwrap();
            let filed = b.reported.or((result.status == Status::Scored).then_some(result.score));
            assert_eq!(a.reported, filed, "{name}: 预算执行's 得分");
        }
        (None, None) => {}
        (b, a) => panic!("{name}: funds block {:?} read back as {:?}", b.map(|n| &n.id), a.map(|n| &n.id)),
    }

    let (m, n) = (&original.meta, &imported.meta);
    for (what, a, b) in [
        ("project", &n.project, &m.project),
        ("department", &n.department, &m.department),
        ("executing unit", &n.executing_unit, &m.executing_unit),
        ("expected goal", &n.goal_expected, &m.goal_expected),
        ("achieved goal", &n.goal_actual, &m.goal_actual),
        ("conclusion", &n.conclusion, &m.conclusion),
        ("problems", &n.problems, &m.problems),
        ("improvements", &n.improvements, &m.improvements),
    ] {
        assert_eq!(a, b, "{name}: {what}");
    }
    assert_eq!(n.year, m.year, "{name}: year");
    assert_eq!(imported.root.points, original.root.points, "{name}: 总分's points");
    let open = scored.open_inputs().is_empty();
    assert_eq!(imported.root.reported, original.root.reported.or(open.then_some(scored.total)), "{name}: 总分");
    assert_eq!(rescored.total, scored.total, "{name}: computed total");
    assert_eq!(rescored.grade, scored.grade, "{name}: computed grade");
}

#[test]
fn every_project_preset_reads_back_as_itself() {
    for name in PROJECT_PRESETS {
        for lang in [Lang::Zh, Lang::En] {
            assert_round_trip(name, &preset(name), lang);
        }
    }
}

/// A table filled in here, with no printed scores: the form files the computed ones, and reads back
/// with them as its printed scores, which then agree with the rules.
/// No printed scores anywhere: the form files the computed ones.
fn clear_printed(node: &mut Node) {
    node.reported = None;
    match &mut node.body {
        NodeBody::Group(children) => children.iter_mut().for_each(clear_printed),
        NodeBody::Leaf(Rule::Indicators { indicators, .. }) => {
            indicators.iter_mut().for_each(|i| std::rc::Rc::make_mut(i).reported = None)
        }
        NodeBody::Leaf(_) => {}
    }
}

#[test]
fn a_table_without_printed_scores_files_the_computed_ones() {
    let mut example = preset("project-national-example");
    clear_printed(&mut example.root);
    assert_round_trip("example, computed", &example, Lang::Zh);
    let imported = read_workbook(&to_xlsx(&example, &score(&example), Lang::Zh).unwrap(), "f.xlsx", None).unwrap();
    assert_eq!(imported.report.printed_total, Some(score(&example).total));
    assert!(indicators(&imported.evaluation).iter().filter(|i| !i.not_applicable).all(|i| i.reported.is_some()));
}

/// Scores that never end (9.3333…) are written as a spreadsheet's binary floats and read back to ten
/// places: what the form files is the computed score, so it agrees, printed or not, by the one rule
/// (`printed_differs`, the table's red figures and the import's verdict): QA's re-import of the app's
/// own export said it disagreed with itself.
#[test]
fn a_score_that_never_ends_reads_back_as_agreeing() {
    let mut example = preset("project-national-example");
    clear_printed(&mut example.root);
    // 受益农村人口 2.8 of 3.2 万人 (10 points): 8.75; 农村自来水普及率 87.3 of 90 … and a target of 3:
    // 10 × 2.8 / 3 = 9.3333….
    let row = example.find_indicator_mut("output-02").unwrap();
    row.target = Some(Decimal::from(3));
    row.target_text = "≥3万人".into();
    row.actual = Some(jixiao::domain::Actual::Number(Decimal::new(28, 1)));
    row.actual_text = "2.8万人".into();
    let scored = score(&example);
    let third = scored.indicator("output-02").unwrap().score;
    assert!(third.normalize().scale() > 20, "{third}");
    let read = read_workbook(&to_xlsx(&example, &scored, Lang::Zh).unwrap(), "f.xlsx", None).unwrap();
    let rescored = score(&read.evaluation);
    let decimals = read.evaluation.meta.display_decimals;
    let printed = read.evaluation.find_indicator("output-02").unwrap().1.reported.unwrap();
    assert_ne!(printed, third, "a float cannot hold 9.3333… whole");
    assert!(!printed_differs(printed - third, decimals));
    for row in &rescored.indicators {
        assert!(!row.difference.is_some_and(|d| printed_differs(d, decimals)), "{}: {:?}", row.id, row.difference);
    }
    let total = read.report.printed_total.unwrap();
    assert!(!printed_differs(total - rescored.total, decimals), "{total} against {}", rescored.total);
    assert!(jixiao::domain::checks::run(&read.evaluation, &rescored).iter().all(|c| c.code() != "reported_mismatch"));
}

/// The form's cells as an independent reader (calamine) sees them.
fn form(bytes: &[u8]) -> (Range<Data>, Vec<calamine::Dimensions>) {
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("calamine opens it");
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    let merged = book.worksheet_merge_cells(&name).expect("the sheet").expect("its merged cells");
    (range, merged)
}

fn text(range: &Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => f.to_string(),
        Some(Data::Empty) | None => String::new(),
        other => panic!("{other:?}"),
    }
}

fn find(range: &Range<Data>, word: &str) -> (u32, u32) {
    range
        .cells()
        .find(|(_, _, c)| matches!(c, Data::String(s) if s == word))
        .map(|(r, c, _)| (r as u32, c as u32))
        .unwrap_or_else(|| panic!("no cell says {word}"))
}

#[test]
fn the_form_has_the_official_layout_with_merged_levels() {
    let example = preset("project-national-example");
    let scored = score(&example);
    let (range, merged) = form(&to_xlsx(&example, &scored, Lang::Zh).unwrap());
    let spans = |start: (u32, u32)| merged.iter().find(|d| d.start == start).map(|d| d.end);

    assert_eq!(text(&range, 0, 0), "2023年度项目支出绩效自评表（示例）");
    assert_eq!(spans((0, 0)), Some((0, 7)), "the title over the eight columns");
    for (label, value) in [("项目名称", &example.meta.project), ("主管部门", &example.meta.department)] {
        let (r, c) = find(&range, label);
        assert_eq!(&text(&range, r, c + 1), value, "{label}");
    }

    // The funds block: its label down its lines, the amounts as numbers, 执行率 and 得分 on the total.
    let (funds, _) = find(&range, "项目资金（万元）");
    assert_eq!(spans((funds, 0)), Some((funds + 4, 0)));
    let header: Vec<String> = (2..8).map(|c| text(&range, funds, c)).collect();
    assert_eq!(header, ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]);
    assert_eq!(text(&range, funds + 1, 1), "年度资金总额");
    assert_eq!(text(&range, funds + 2, 1), "其中：当年财政拨款");
    assert_eq!(text(&range, funds + 3, 1), "上年结转资金");
    assert_eq!(range.get_value((funds + 1, 4)), Some(&Data::Float(836.0)));
    assert_eq!(range.get_value((funds + 1, 6)), Some(&Data::Float(0.95)), "836 / 880");
    assert_eq!(range.get_value((funds + 1, 7)), Some(&Data::Float(9.5)), "the printed 得分");

    let (goals, _) = find(&range, "年度总体目标");
    assert_eq!(spans((goals, 0)), Some((goals + 1, 0)));
    assert_eq!((text(&range, goals, 1), text(&range, goals, 5)), ("预期目标".into(), "实际完成情况".into()));
    assert_eq!(text(&range, goals + 1, 1), example.meta.goal_expected);
    assert_eq!(spans((goals + 1, 1)), Some((goals + 1, 4)));

    let (header, _) = find(&range, "三级指标");
    let columns: Vec<String> = (0..8).map(|c| text(&range, header, c)).collect();
    assert_eq!(
        columns,
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    );
    // 产出指标 over its five rows; 数量指标 over its two; the one-row 质量指标 is not merged.
    let first = header + 1;
    assert_eq!(text(&range, first, 0), "产出指标");
    assert_eq!(spans((first, 0)), Some((first + 4, 0)));
    assert_eq!(text(&range, first, 1), "数量指标");
    assert_eq!(spans((first, 1)), Some((first + 1, 1)));
    assert_eq!(text(&range, first + 2, 1), "质量指标");
    assert_eq!(spans((first + 2, 1)), None);
    assert_eq!(text(&range, first + 1, 2), "受益农村人口");
    assert_eq!((text(&range, first + 1, 3), text(&range, first + 1, 4)), ("≥3.2万人".into(), "3.0万人".into()));
    assert_eq!(range.get_value((first + 1, 5)), Some(&Data::Float(10.0)));
    // Its printed 10, not the computed 9.375: the form files what the report prints.
    assert_eq!(range.get_value((first + 1, 6)), Some(&Data::Float(10.0)));
    assert_eq!(text(&range, first + 5, 2), "", "the 小计 row");
    assert_eq!(text(&range, first + 5, 0), "产出指标小计");

    let (total, _) = find(&range, "总分");
    assert_eq!(spans((total, 0)), Some((total, 4)));
    assert_eq!(range.get_value((total, 5)), Some(&Data::Float(100.0)));
    assert_eq!(range.get_value((total, 6)), Some(&Data::Float(98.0)));
    assert_eq!(text(&range, total + 1, 0), "自评等级");
    assert_eq!(text(&range, total + 1, 5), "优");
    // The printed 98 is not what the rules give: the computed total follows it.
    assert_eq!(text(&range, total + 2, 0), "复核（按计分规则计算）");
    assert!(text(&range, total + 2, 5).contains(&scored.total.normalize().to_string()), "{}", scored.total);
    for (label, value) in [("评价结论", &example.meta.conclusion), ("改进措施", &example.meta.improvements)] {
        let (r, c) = find(&range, label);
        assert_eq!(&text(&range, r, c + 2), value, "{label}");
    }
    let (r, _) = find(&range, "预算执行偏差原因");
    assert!(text(&range, r, 2).starts_with("部分工程尾款"));
}

/// A Hubei table's two 年度绩效目标 blocks each have their heading and header.
#[test]
fn each_goal_block_has_its_heading_and_header() {
    let hubei = preset("project-hubei");
    let (range, _) = form(&to_xlsx(&hubei, &score(&hubei), Lang::Zh).unwrap());
    let headers: Vec<u32> =
        range.cells().filter(|(_, _, c)| *c == &Data::String("三级指标".into())).map(|(r, _, _)| r as u32).collect();
    assert_eq!(headers.len(), 2);
    assert_eq!(text(&range, headers[0] - 1, 0), "年度绩效目标一");
    assert_eq!(text(&range, headers[1] - 1, 0), "年度绩效目标二");
}

/// The package as an independent zip reader sees it: every part inflates with its checksum right,
/// and the parts a workbook needs are there.
#[test]
fn the_form_is_a_valid_zip() {
    let example = preset("project-national-example");
    let bytes = to_xlsx(&example, &score(&example), Lang::Zh).unwrap();
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut names = Vec::new();
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).unwrap();
        let mut data = Vec::new();
        // Reading to the end checks the part's CRC-32.
        part.read_to_end(&mut data).unwrap_or_else(|e| panic!("{}: {e}", part.name()));
        assert_eq!(data.len() as u64, part.size());
        assert!(std::str::from_utf8(&data).is_ok(), "{}", part.name());
        names.push(part.name().to_string());
    }
    for part in ["[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/styles.xml"] {
        assert!(names.iter().any(|n| n == part), "{part} in {names:?}");
    }
}

/// A department-wide report keeps its own layout (no funds block, no form words).
#[test]
fn a_department_report_keeps_its_layout() {
    let seed = preset("seed-2023");
    let mut book: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(to_xlsx(&seed, &score(&seed), Lang::Zh).unwrap())).unwrap();
    let range = book.worksheet_range("自评表").unwrap();
    assert!(range.cells().all(|(_, _, c)| *c != Data::String("年度总体目标".into())));
    assert!(range.cells().any(|(_, _, c)| *c == Data::String("报告得分".into())));
}

/// No two merged regions of a form overlap (Excel would "repair" the file and drop them).
fn assert_merges_disjoint(merged: &[calamine::Dimensions]) {
    for (i, a) in merged.iter().enumerate() {
        assert!(a.start.0 <= a.end.0 && a.start.1 <= a.end.1, "{a:?}");
        for b in &merged[i + 1..] {
            let apart = a.end.0 < b.start.0 || b.end.0 < a.start.0 || a.end.1 < b.start.1 || b.end.1 < a.start.1;
            assert!(apart, "{a:?} overlaps {b:?}");
        }
    }
}

#[test]
fn merged_regions_never_overlap() {
    for name in PROJECT_PRESETS {
        let evaluation = preset(name);
        let (_, merged) = form(&to_xlsx(&evaluation, &score(&evaluation), Lang::Zh).unwrap());
        assert!(merged.len() > 10, "{name}: {merged:?}");
        assert_merges_disjoint(&merged);
    }
}

/// A project table made here, untidy: another scored item (a 预算执行率 typed as a rate) beside the
/// lists, a row without a category, markup and line breaks in a name. The form still opens, the item
/// is a row named across 一级–三级 (which the import reports and skips), and the rows read back.
#[test]
fn an_untidy_project_table_still_makes_a_form() {
    fn give_points(node: &mut Node) {
        match &mut node.body {
            NodeBody::Group(children) => children.iter_mut().for_each(give_points),
            NodeBody::Leaf(Rule::Indicators { indicators, .. }) => {
                for indicator in indicators.iter_mut() {
                    std::rc::Rc::make_mut(indicator).points = Some(Decimal::from(5));
                }
                if let Some(first) = indicators.first_mut() {
                    let first = std::rc::Rc::make_mut(first);
                    first.category = String::new();
                    first.name = "<b>人数</b> & \"第二期\"\n（新增）".into();
                }
            }
            NodeBody::Leaf(_) => {}
        }
    }
    let mut evaluation = preset("project-blank");
    give_points(&mut evaluation.root);
    assert!(jixiao::domain::checks::is_project_table(&evaluation));
    let bytes = to_xlsx(&evaluation, &score(&evaluation), Lang::En).unwrap();
    let (range, merged) = form(&bytes);
    assert_merges_disjoint(&merged);
    let (rate_row, rate_col) = find(&range, "预算执行率");
    assert_eq!(rate_col, 0);
    assert!(merged.iter().any(|d| d.start == (rate_row, 0) && d.end == (rate_row, 2)));
    // A row without a category takes its list's name as its 一级.
    let (named, _) = find(&range, "<b>人数</b> & \"第二期\"\n（新增）");
    assert_eq!(text(&range, named, 0), "产出指标");

    let imported = read_workbook(&bytes, "untidy.xlsx", None).unwrap();
    let names: Vec<&str> = indicators(&imported.evaluation).iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, indicators(&evaluation).iter().map(|i| i.name.as_str()).collect::<Vec<_>>());
    assert!(
        imported.report.skipped.iter().any(|n| n.place.ends_with(&format!("!{}", rate_row + 1))),
        "{:?}",
        imported.report.skipped
    );
}

/// A text over Excel's limit in a form's cell is an error that says where, not a broken file.
#[test]
fn a_text_over_excel_s_limit_is_an_error() {
    let mut example = preset("project-national-example");
    example.meta.conclusion = "结论".repeat(20_000);
    let error = to_xlsx(&example, &score(&example), Lang::Zh).unwrap_err();
    assert!(error.message(Lang::Zh).starts_with("无法生成 Excel 文件"), "{error}");
    assert!(error.to_string().contains("40000"), "{error}");
}

fn each_indicator(node: &mut Node, f: &mut impl FnMut(&mut Indicator)) {
    match &mut node.body {
        NodeBody::Group(children) => children.iter_mut().for_each(|c| each_indicator(c, f)),
        NodeBody::Leaf(Rule::Indicators { indicators, .. }) => {
            indicators.iter_mut().for_each(|i| f(std::rc::Rc::make_mut(i)))
        }
        NodeBody::Leaf(_) => {}
    }
}

mod properties {
    use super::*;
    use proptest::collection::vec;
    use proptest::prelude::*;

    /// Any characters, controls and markup included.
    fn text() -> impl Strategy<Value = String> {
        vec(any::<char>(), 0..24).prop_map(String::from_iter)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Whatever a table's cells say, its form is written (or refused by a format limit, never a
        /// panic), opens in an independent reader with disjoint merged regions, and reads back.
        #[test]
        fn any_cells_make_a_form_that_opens(
            cells in vec((text(), text(), text(), text(), 0u32..100_000, proptest::option::of(0i64..10_000_000)), 10),
            goal in text(),
            lines in vec((text(), proptest::option::of(0i64..1_000_000)), 0..6),
        ) {
            let mut evaluation = preset("project-national-example");
            let mut cells = cells.into_iter();
            each_indicator(&mut evaluation.root, &mut |indicator| {
                let Some((category, name, target, actual, points, reported)) = cells.next() else { return };
                indicator.category = category;
                indicator.name = name;
                indicator.take_written_target(&target);
                indicator.take_written_actual(&actual);
                indicator.points = Some(Decimal::new(i64::from(points), 2));
                indicator.reported = reported.map(|r| Decimal::new(r, 3));
            });
            evaluation.meta.goal_expected = goal;
            for node in evaluation.root.children().to_vec() {
                if let Some(Rule::Budget { .. }) = node.rule() {
                    let budget = evaluation.root.find_mut(&node.id).unwrap();
                    if let NodeBody::Leaf(Rule::Budget { lines: budget_lines, .. }) = &mut budget.body {
                        *budget_lines = lines
                            .iter()
                            .map(|(name, amount)| {
                                let mut line = jixiao::domain::BudgetLine::new(name.clone());
                                line.adjusted = amount.map(|a| Decimal::new(a, 2));
                                line.executed = amount.map(|a| Decimal::new(a / 2, 2));
                                line
                            })
                            .collect();
                    }
                }
            }
            let scored = score(&evaluation);
            if let Ok(bytes) = to_xlsx(&evaluation, &scored, Lang::Zh) {
                let (_, merged) = form(&bytes);
                assert_merges_disjoint(&merged);
                prop_assert!(read_workbook(&bytes, "any.xlsx", None).is_ok());
            }
        }
    }
}
