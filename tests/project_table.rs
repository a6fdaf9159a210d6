//! The project table (项目支出绩效自评表, SCORING.md §5) as tables: rows written as people write
//! them → badge, credited share, score and checks; rows' own points and not-applicable rows under
//! both conversions; the funds block; printed scores beside computed ones.
#![allow(clippy::type_complexity)] // the tables spell out their columns

use std::rc::Rc;
use std::str::FromStr;

use jixiao::domain::{
    score, AtMostScoring, Badge, BudgetLine, Direction, Evaluation, Indicator, Meta, Node, Rescale, Rule, Scored,
};
use jixiao::format::{load_str, to_json};
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// A row as a 自评表 prints it: its target and actual as written, its 分值.
fn row(id: &str, direction: Option<Direction>, target: &str, actual: &str, points: &str) -> Indicator {
    // As the loader does when the file names no direction: the target's sign gives it.
    let sign = jixiao::domain::written::read_target(target).sign;
    let mut row = Indicator::new(id, id, direction.or(sign).unwrap_or(Direction::AtLeast));
    row.points = Some(d(points));
    row.take_written_target(target);
    row.take_written_actual(actual);
    row
}

fn list(rows: Vec<Indicator>) -> Rule {
    Rule::Indicators {
        at_most_scoring: AtMostScoring::default(),
        qualitative_bands: None,
        indicators: rows.into_iter().map(Rc::new).collect(),
    }
}

fn evaluation(rescale: Rescale, children: Vec<Node>) -> Evaluation {
    let points = children.iter().map(|c| c.points).sum();
    Evaluation::new(
        Meta { year: Some(2023), not_applicable_rescale: rescale, ..Meta::default() },
        Node::group("total", "总分", points, children),
    )
}

fn codes(scored: &Scored, indicator: &str) -> Vec<&'static str> {
    let mut codes: Vec<_> =
        scored.checks.iter().filter(|c| c.indicator_id.as_deref() == Some(indicator)).map(|c| c.code()).collect();
    codes.sort();
    codes
}

/// One row of 10 points, written as people write it: what it is credited, and what is said of it.
#[test]
fn rows_as_written() {
    use Badge::*;
    use Direction::*;
    // (direction named by the file, target, actual, badge, credited share of 10, check codes)
    let cases: &[(Option<Direction>, &str, &str, Badge, &str, &[&str])] = &[
        (None, "≥90%", "90%", Met, "10", &[]),
        (None, "≥90%", "95%", Exceeded, "10", &[]),
        (None, "≥90%", "45%", Short, "5", &["short_no_reason"]),
        (None, "95%以上", "96%", Exceeded, "10", &[]),
        (None, "≥100", "130", Exceeded, "10", &["exceeded_no_reason"]),
        (None, "≥6艘", "6艘", Met, "10", &[]),
        (None, "≤880万元", "836.5万元", Met, "10", &[]),
        (None, "不超过10天", "12天", Short, "8.333333333333333333333333333", &["short_no_reason"]),
        (None, "=1个", "1个", Met, "10", &[]),
        (None, "=1个", "2个", Exceeded, "10", &["exact_overshoot", "exceeded_no_reason"]),
        (Some(AtLeast), "0", "0", Met, "10", &["zero_target"]),
        (None, "4.94 万人", "5 万人", Exceeded, "10", &[]),
        (Some(Qualitative), "达成年度指标", "达成年度指标", Met, "10", &[]),
        (Some(Qualitative), "达成年度指标", "部分达成年度指标并具有一定效果", Short, "7", &["short_no_reason"]),
        (Some(Qualitative), "达成年度指标", "较差", Short, "3", &["short_no_reason"]),
        (Some(Qualitative), "达成年度指标", "良好", Met, "10", &[]),
        (Some(OnTime), "12月底前", "2023年12月31日", Met, "10", &[]),
        (Some(OnTime), "12月底前", "2024年1月5日", Short, "0", &["short_no_reason"]),
        (Some(OnTime), "2023年6月30日前", "6月30日", Met, "10", &[]),
        (Some(OnTime), "按时完成", "按时完成", Met, "10", &[]),
        (Some(OnTime), "按时完成", "未按时", Short, "0", &["short_no_reason"]),
        (Some(OnTime), "12月底前", "很快", Invalid, "0", &["unreadable_actual"]),
        (Some(OnTime), "≥90%", "按时完成", Invalid, "0", &["not_a_deadline"]),
        (Some(AtMost), "≥6艘", "6艘", Invalid, "0", &["sign_against_direction"]),
        (None, "xx", "5", Invalid, "0", &["placeholder_target", "unreadable_target"]),
        (Some(AtLeast), "90", "很一般吧", Invalid, "0", &["unreadable_actual"]),
        (Some(AtLeast), "90", "95%以上", Invalid, "0", &["unreadable_actual"]),
        (Some(AtLeast), "90", "", Pending, "0", &["missing_actual"]),
    ];
    for (direction, target, actual, badge, credited, expected) in cases {
        let label = format!("{target} / {actual}");
        let table = evaluation(
            Rescale::Table,
            vec![Node::leaf("x", "x", d("10"), list(vec![row("r", *direction, target, actual, "10")]))],
        );
        let scored = score(&table);
        let result = scored.indicator("r").unwrap();
        assert_eq!(result.badge(), *badge, "{label}");
        assert_eq!(result.score, d(credited), "{label}");
        assert!(result.score >= Decimal::ZERO && result.score <= d("10"), "{label}: within its 分值");
        assert_eq!(codes(&scored, "r"), *expected, "{label}: {:?}", scored.checks);
    }
}

/// "/" in a target or an actual: the row does not apply.
#[test]
fn a_slash_is_not_applicable() {
    for (target, actual) in [("/", ""), ("≥90%", "/"), ("／", "／")] {
        let r = row("r", None, target, actual, "10");
        assert!(r.not_applicable, "{target} / {actual}");
    }
}

/// 产出 50 of rows 20 / 20 / 10, the third not applicable, the first half done; 效益 30, 满意度 10 and
/// 预算执行 10 in full. The national template converts the applicable scores to 100; the other
/// convention shares a list's points among its applicable rows.
#[test]
fn not_applicable_rows_under_both_conversions() {
    let table = |rescale| {
        let mut na = row("c", Some(Direction::AtLeast), "10", "", "10");
        na.not_applicable = true;
        evaluation(
            rescale,
            vec![
                Node::leaf(
                    "output",
                    "产出指标",
                    d("50"),
                    list(vec![
                        row("a", Some(Direction::AtLeast), "10", "5", "20"),
                        row("b", Some(Direction::AtLeast), "10", "10", "20"),
                        na,
                    ]),
                ),
                Node::leaf(
                    "outcome",
                    "效益指标",
                    d("30"),
                    list(vec![row("e", Some(Direction::AtLeast), "1", "1", "30")]),
                ),
                Node::leaf("satisfaction", "满意度指标", d("10"), list(vec![row("s", None, "≥90%", "95%", "10")])),
                Node::leaf(
                    "budget",
                    "预算执行",
                    d("10"),
                    Rule::Budget { lines: vec![funds("100", "100")], uncapped: false, reason: String::new() },
                ),
            ],
        )
    };
    // (conversion, 产出's score, points set aside, total)
    let cases = [(Rescale::Table, "30", "10", d("80") * d("100") / d("90")), (Rescale::List, "37.5", "0", d("87.5"))];
    for (rescale, output, set_aside, total) in cases {
        let scored = score(&table(rescale));
        assert_eq!(scored.node("output").unwrap().score, d(output), "{rescale:?}");
        assert_eq!(scored.not_applicable_points, d(set_aside), "{rescale:?}");
        assert_eq!(scored.total, total, "{rescale:?}");
        assert!(scored.total <= d("100"));
        // The root row shows the total it converted to.
        let root = scored.root();
        assert_eq!(scored.shown(root).map_or(root.score, |r| r.score), total, "{rescale:?}");
    }
}

fn funds(adjusted: &str, executed: &str) -> BudgetLine {
    let amount = |s: &str| (!s.is_empty()).then(|| d(s));
    BudgetLine { adjusted: amount(adjusted), executed: amount(executed), ..BudgetLine::new("年度资金总额") }
}

/// 预算执行 from the amounts: points × 全年执行数 / 全年预算数, capped at the points unless uncapped.
#[test]
fn the_funds_block() {
    // (全年预算数, 全年执行数, uncapped, reason given, score of 10, rate, error code, check codes)
    let cases: &[(&str, &str, bool, bool, &str, Option<&str>, Option<&str>, &[&str])] = &[
        (
            "880",
            "836.5",
            false,
            false,
            "9.505681818181818181818181818",
            Some("95.05681818181818181818181818"),
            None,
            &[],
        ),
        ("100", "100", false, false, "10", Some("100"), None, &[]),
        ("100", "110", false, false, "10", Some("110"), None, &["rate_over_100"]),
        ("100", "110", true, false, "11", Some("110"), None, &[]),
        ("100", "85", false, false, "8.5", Some("85"), None, &["low_execution_no_reason"]),
        ("100", "85", false, true, "8.5", Some("85"), None, &[]),
        ("100", "70", false, true, "7", Some("70"), None, &["budget_unspent"]),
        ("100", "", false, false, "0", None, None, &["missing_actual"]),
        ("0", "5", false, false, "0", None, Some("zero_budget"), &["zero_budget"]),
        ("100", "-5", false, false, "0", None, Some("negative_amount"), &["negative_amount"]),
    ];
    for (adjusted, executed, uncapped, reason, expected, rate, error, expected_codes) in cases {
        let label = format!("{adjusted} / {executed} uncapped {uncapped}");
        let rule = Rule::Budget {
            lines: vec![funds(adjusted, executed), BudgetLine::new("当年财政拨款")],
            uncapped: *uncapped,
            reason: if *reason { "项目延期验收，尾款未付".into() } else { String::new() },
        };
        let scored = score(&evaluation(Rescale::Table, vec![Node::leaf("budget", "预算执行", d("10"), rule)]));
        let node = scored.node("budget").unwrap();
        assert_eq!(node.score, d(expected), "{label}");
        assert_eq!(jixiao::domain::scored::execution_rate(node), rate.map(d), "{label}");
        assert_eq!(node.error.as_ref().map(|e| e.code()), *error, "{label}");
        let mut found: Vec<_> = scored.checks.iter().filter(|c| c.node_id == "budget").map(|c| c.code()).collect();
        found.sort();
        assert_eq!(found, *expected_codes, "{label}");
    }
}

/// The indicators did much better than the money was spent: a reviewer looks twice.
#[test]
fn results_ahead_of_spending() {
    let table = |executed| {
        evaluation(
            Rescale::Table,
            vec![
                Node::leaf("output", "产出指标", d("90"), list(vec![row("a", None, "≥1", "1", "90")])),
                Node::leaf(
                    "budget",
                    "预算执行",
                    d("10"),
                    Rule::Budget { lines: vec![funds("100", executed)], uncapped: false, reason: "已说明".into() },
                ),
            ],
        )
    };
    let ahead = |executed| score(&table(executed)).checks.iter().any(|c| c.code() == "results_ahead_of_spending");
    assert!(ahead("94"), "100 % of the indicators' points against 94 % spent");
    assert!(!ahead("95"), "5 points apart is not more than 5");
}

/// Printed scores beside computed ones, on every row: impossible, not yet comparable, or different;
/// the total's difference is explained by the rows printed otherwise, whichever way it goes.
#[test]
fn printed_scores() {
    // (printed score of a 10-point row scoring 5, its actual, the row's check)
    let cases = [
        ("11", "5", "reported_above_points"),
        ("10.0004", "5", "reported_mismatch"),
        ("7", "5", "reported_mismatch"),
        ("3", "5", "reported_mismatch"),
        ("6", "", "reported_not_filled"),
    ];
    for (printed, actual, code) in cases {
        let mut a = row("a", Some(Direction::AtLeast), "10", actual, "10");
        a.reported = Some(d(printed));
        let scored = score(&evaluation(Rescale::Table, vec![Node::leaf("x", "x", d("10"), list(vec![a]))]));
        assert!(codes(&scored, "a").contains(&code), "{printed}: {:?}", codes(&scored, "a"));
        if code == "reported_above_points" {
            let check = scored.checks.iter().find(|c| c.code() == code).unwrap();
            assert_eq!(check.severity(), jixiao::domain::Severity::Error);
        }
    }
    // Within the printed rounding (3 decimals) it agrees.
    let mut a = row("a", Some(Direction::AtLeast), "3", "1", "10");
    a.reported = Some(d("3.333"));
    let scored = score(&evaluation(Rescale::Table, vec![Node::leaf("x", "x", d("10"), list(vec![a]))]));
    assert_eq!(codes(&scored, "a"), ["short_no_reason"], "no disagreement");

    // The total printed lower than computed: the row printed lower explains it, by name.
    let mut low = row("low", Some(Direction::AtLeast), "10", "10", "10");
    low.reported = Some(d("8"));
    let mut table = evaluation(
        Rescale::Table,
        vec![Node::leaf("x", "x", d("20"), list(vec![low, row("ok", Some(Direction::AtLeast), "10", "10", "10")]))],
    );
    table.root.reported = Some(d("18"));
    let scored = score(&table);
    let total = scored.checks.iter().find(|c| c.node_id == "total" && c.code() == "reported_mismatch").unwrap();
    let message = total.message(jixiao::domain::Lang::Zh);
    assert!(message.contains("相差来自：low"), "{message}");
    assert!(!message.contains("ok"), "{message}");
}

/// load(save(x)) == x for what the project table adds, and a file written as people write targets
/// loads with what was read beside what was written.
#[test]
fn written_cells_in_the_file() {
    let text = r#"{
      "format": "jixiao-evaluation", "version": 4,
      "meta": { "title": "补贴项目", "year": 2023, "goal_expected": "补贴渔船 6 艘", "conclusion": "较好" },
      "root": { "id": "total", "name": "总分", "points": "20", "children": [
        { "id": "output", "name": "产出指标", "points": "10", "rule": { "kind": "indicators", "indicators": [
          { "id": "boats", "category": "产出指标/数量指标", "name": "补贴渔船数", "target": "≥6艘", "actual": "6艘", "points": "4", "reported": "4" },
          { "id": "cost", "category": "产出指标/成本指标", "name": "项目成本", "target": "≤880万元", "actual": "836.5万元", "points": "3" },
          { "id": "time", "category": "产出指标/时效指标", "name": "完成时间", "target": "12月底前", "actual": "2023年11月20日", "points": "3" } ] } },
        { "id": "budget", "name": "预算执行", "points": "10", "rule": { "kind": "budget", "lines": [
          { "name": "年度资金总额", "initial": "880", "adjusted": "880", "executed": "836.5" } ] } } ] }
    }"#;
    let loaded = load_str(text).unwrap();
    let (_, boats) = loaded.find_indicator("boats").unwrap();
    assert_eq!(
        (boats.direction, boats.target, boats.unit.as_str(), boats.target_text.as_str()),
        (Direction::AtLeast, Some(d("6")), "艘", "≥6艘")
    );
    let (_, cost) = loaded.find_indicator("cost").unwrap();
    assert_eq!((cost.direction, cost.target, cost.unit.as_str()), (Direction::AtMost, Some(d("880")), "万元"));
    let (_, time) = loaded.find_indicator("time").unwrap();
    assert_eq!(time.direction, Direction::OnTime);
    let scored = score(&loaded);
    assert_eq!(scored.indicator("time").unwrap().badge(), Badge::Met);
    assert_eq!(scored.node("output").unwrap().score, d("10"));
    assert_eq!(scored.total, d("10") + d("10") * d("836.5") / d("880"));
    let saved = to_json(&loaded);
    assert_eq!(load_str(&saved).unwrap(), loaded);
    assert_eq!(to_json(&load_str(&saved).unwrap()), saved);
}

/// A 时效 row dated on one side only, on a table with no 年度 yet: the message says the year is
/// missing (the date is written right), in both languages; with the year filled, the row is scored.
#[test]
fn a_time_row_without_the_year_asks_for_the_year() {
    use jixiao::domain::Lang;
    // (target, actual, which cell is named as lacking its year)
    let cases = [("12月底前", "2024年12月15日", "12月底前"), ("2024年12月底前", "12月15日", "12月15日")];
    for (target, actual, undated) in cases {
        let mut table = evaluation(
            Rescale::Table,
            vec![Node::leaf("x", "x", d("10"), list(vec![row("r", Some(Direction::OnTime), target, actual, "10")]))],
        );
        table.meta.year = None;
        let scored = score(&table);
        let result = scored.indicator("r").unwrap();
        assert_eq!(result.badge(), Badge::Invalid, "{target} / {actual}");
        let error = result.error().unwrap();
        assert_eq!(error.code(), "undecidable_time");
        let zh = error.message(Lang::Zh);
        assert!(zh.contains(&format!("“{undated}”是哪一年")) && zh.contains("请在表格上方填写年度"), "{zh}");
        assert!(!zh.contains("请填写完成日期"), "the date is written right: {zh}");
        let en = error.message(Lang::En);
        assert!(en.contains(&format!("which year is “{undated}” in")) && en.contains("year above the table"), "{en}");

        table.meta.year = Some(2024);
        assert_eq!(score(&table).indicator("r").unwrap().badge(), Badge::Met, "{target} / {actual} in 2024");
    }
    // Words the deadline cannot be held against keep their own message, year or not.
    let mut table = evaluation(
        Rescale::Table,
        vec![Node::leaf("x", "x", d("10"), list(vec![row("r", Some(Direction::OnTime), "12月底前", "已完成", "10")]))],
    );
    table.meta.year = None;
    let scored = score(&table);
    let message = scored.indicator("r").unwrap().error().unwrap().message(Lang::Zh);
    assert!(message.contains("请填写完成日期") && !message.contains("年度"), "{message}");
}

/// 当年财政拨款 + 上年结转资金 + 其他资金 make 年度资金总额: a column whose lines are all filled and do
/// not add up is flagged (a warning, naming the column and both figures); one with a line left empty
/// is not judged.
#[test]
fn funds_sources_add_up_to_the_total() {
    let line = |name: &str, initial: &str, adjusted: &str, executed: &str| {
        let amount = |s: &str| (!s.is_empty()).then(|| d(s));
        BudgetLine {
            initial: amount(initial),
            adjusted: amount(adjusted),
            executed: amount(executed),
            ..BudgetLine::new(name)
        }
    };
    // (the three sources' lines under 880 / 880 / 836.5, the columns flagged)
    let cases: &[(&[(&str, &str, &str)], &[&str])] = &[
        (&[("800", "800", "756.5"), ("80", "80", "80"), ("0", "0", "0")], &[]),
        (&[("800", "790", "756.5"), ("80", "80", "80"), ("0", "0", "0")], &["全年预算数"]),
        (&[("700", "800", "700"), ("80", "80", "80"), ("0", "0", "0")], &["年初预算数", "全年执行数"]),
        // A line not filled in: the column is not judged.
        (&[("800", "790", ""), ("80", "80", "80"), ("", "", "")], &[]),
        (&[("800", "790", ""), ("80", "80", "80"), ("0", "", "")], &[]),
    ];
    for (sources, flagged) in cases {
        let mut lines = vec![line("年度资金总额", "880", "880", "836.5")];
        for (name, (initial, adjusted, executed)) in
            ["其中：当年财政拨款", "上年结转资金", "其他资金"].iter().zip(sources.iter())
        {
            lines.push(line(name, initial, adjusted, executed));
        }
        let rule = Rule::Budget { lines, uncapped: false, reason: String::new() };
        let scored = score(&evaluation(Rescale::Table, vec![Node::leaf("budget", "预算执行", d("10"), rule)]));
        let found: Vec<_> = scored.checks.iter().filter(|c| c.code() == "funds_not_adding_up").collect();
        assert!(found.iter().all(|c| c.severity() == jixiao::domain::Severity::Warning));
        let messages: Vec<String> = found.iter().map(|c| c.message(jixiao::domain::Lang::Zh)).collect();
        assert_eq!(messages.len(), flagged.len(), "{sources:?}: {messages:?}");
        for (message, column) in messages.iter().zip(flagged.iter()) {
            assert!(message.contains(&format!("当年财政拨款、上年结转资金、其他资金的{column}合计")), "{message}");
            assert!(message.contains("与年度资金总额"), "{message}");
        }
    }
    let mut lines = vec![line("年度资金总额", "880", "880", "836.5")];
    lines.extend([
        line("当年财政拨款", "800", "790", "756.5"),
        line("上年结转资金", "80", "80", "80"),
        line("其他资金", "0", "0", "0"),
    ]);
    let rule = Rule::Budget { lines, uncapped: false, reason: String::new() };
    let scored = score(&evaluation(Rescale::Table, vec![Node::leaf("budget", "预算执行", d("10"), rule)]));
    let check = scored.checks.iter().find(|c| c.code() == "funds_not_adding_up").unwrap();
    assert_eq!(
        check.message(jixiao::domain::Lang::Zh),
        "预算执行：当年财政拨款、上年结转资金、其他资金的全年预算数合计 870，与年度资金总额 880 不符"
    );
    assert_eq!(
        check.message(jixiao::domain::Lang::En),
        "预算执行: 当年财政拨款, 上年结转资金, 其他资金 add up to 870 in “Full-year budget”, not the 年度资金总额 line's 880"
    );
}
