//! The project-table presets (issue #17): the national template blank and a worked example, the Hubei
//! and Sichuan layouts. Each loads, saves back byte for byte, adds up, says its rule choices, and scores
//! as worked out by hand below.

use std::str::FromStr;

use jixiao::domain::{score, Badge, Direction, Node, NodeBody, Rescale, Rule, Scored, Severity, Status};
use jixiao::format;
use jixiao::presets;
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

struct Case {
    name: &'static str,
    /// Nothing filled in: every row 待填.
    blank: bool,
    /// The rows of each indicator list, by the list's id.
    lists: &'static [(&'static str, usize)],
    /// The budget item's id and points.
    budget: (&'static str, &'static str),
    /// Words the notes must carry beyond the rule choices every preset states.
    notes_mention: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        name: "project-national",
        blank: true,
        lists: &[("output", 4), ("outcome", 4), ("satisfaction", 1)],
        budget: ("budget", "10"),
        notes_mention: &["财预〔2020〕10号"],
    },
    Case {
        name: "project-national-example",
        blank: false,
        lists: &[("output", 5), ("outcome", 4), ("satisfaction", 1)],
        budget: ("budget", "10"),
        notes_mention: &["示例（虚构）", "不是任何真实部门或项目的数据", "not any real department"],
    },
    Case {
        name: "project-hubei",
        blank: true,
        lists: &[
            ("goal1.output", 4),
            ("goal1.outcome", 4),
            ("goal1.satisfaction", 1),
            ("goal2.output", 4),
            ("goal2.outcome", 4),
            ("goal2.satisfaction", 1),
        ],
        budget: ("budget", "20"),
        notes_mention: &["80/50", "假定", "assumed"],
    },
    Case {
        name: "project-sichuan",
        blank: true,
        lists: &[("output", 4), ("outcome", 4), ("satisfaction", 1)],
        budget: ("budget", "10"),
        notes_mention: &["预算执行率未达到90%的需说明原因", "指标性质", "假定"],
    },
];

fn case_evaluation(case: &Case) -> jixiao::domain::Evaluation {
    presets::find(case.name)
        .unwrap_or_else(|| panic!("{} is not registered", case.name))
        .evaluation()
        .unwrap_or_else(|e| panic!("{}: {e}", case.name))
}

fn rows_points_sum(node: &Node) -> Decimal {
    node.indicators().iter().map(|i| i.points.unwrap_or_else(|| panic!("{}: a row without points", i.id))).sum()
}

#[test]
fn each_loads_and_saves_back_byte_for_byte() {
    for case in CASES {
        let preset = presets::find(case.name).unwrap();
        let evaluation = case_evaluation(case);
        let saved = format::to_json(&evaluation);
        let first_difference = saved.lines().zip(preset.json.lines()).find(|(a, b)| a != b);
        assert!(saved == preset.json, "{}: not in saved form: {first_difference:?}", case.name);
        assert_eq!(format::load_str(&saved).unwrap(), evaluation, "{}", case.name);
    }
}

#[test]
fn points_add_up_groups_to_parents_and_rows_to_lists() {
    for case in CASES {
        let evaluation = case_evaluation(case);
        assert_eq!(evaluation.root.points, d("100"), "{}", case.name);
        for node in evaluation.root.walk() {
            match &node.body {
                NodeBody::Group(children) => {
                    let sum: Decimal = children.iter().map(|c| c.points).sum();
                    assert_eq!(sum, node.points, "{}: the children of {}", case.name, node.id);
                }
                NodeBody::Leaf(Rule::Indicators { .. }) => {
                    // No check says so (points_mismatch looks at groups only): the sum is tested here.
                    assert_eq!(rows_points_sum(node), node.points, "{}: the rows of {}", case.name, node.id);
                }
                NodeBody::Leaf(_) => {}
            }
        }
        for &(list, rows) in case.lists {
            let node = evaluation.root.find(list).unwrap_or_else(|| panic!("{}: no list {list}", case.name));
            assert_eq!(node.indicators().len(), rows, "{}: rows of {list}", case.name);
        }
        let (budget, points) = case.budget;
        let node = evaluation.root.find(budget).unwrap();
        assert_eq!(node.points, d(points), "{}", case.name);
        let Some(Rule::Budget { lines, uncapped, .. }) = node.rule() else {
            panic!("{}: {budget} is no budget", case.name)
        };
        assert!(!uncapped, "{}: the budget is capped at its points", case.name);
        let names: Vec<&str> = lines.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["年度资金总额", "当年财政拨款", "上年结转资金", "其他资金"], "{}", case.name);
        let scored = score(&evaluation);
        let flagged: Vec<String> = scored
            .checks
            .iter()
            .filter(|c| c.code() == "points_mismatch" || c.severity() == Severity::Error)
            .map(|c| c.message(jixiao::domain::Lang::En))
            .collect();
        assert!(flagged.is_empty(), "{}: {flagged:?}", case.name);
    }
}

#[test]
fn notes_state_the_rule_choices_in_both_languages() {
    for case in CASES {
        let preset = presets::find(case.name).unwrap();
        // Stated in the file, not left to the default.
        assert!(preset.json.contains(r#""not_applicable_rescale": "table""#), "{}", case.name);
        let evaluation = case_evaluation(case);
        assert_eq!(evaluation.meta.not_applicable_rescale, Rescale::Table, "{}", case.name);
        let notes = &evaluation.meta.notes;
        for word in [
            "按百分制折算",
            "not_applicable_rescale = table",
            "proportional",
            "定性指标",
            "qualitative rows",
            "不超过分值（capped）",
            "capped at its points",
        ]
        .iter()
        .chain(case.notes_mention)
        {
            assert!(notes.contains(word), "{}: the notes do not say “{word}”", case.name);
        }
    }
}

#[test]
fn blank_presets_score_every_row_pending_with_a_provisional_grade() {
    for case in CASES.iter().filter(|c| c.blank) {
        let evaluation = case_evaluation(case);
        let scored = score(&evaluation);
        let rows: usize = case.lists.iter().map(|(_, n)| n).sum();
        assert_eq!(scored.indicators.len(), rows, "{}", case.name);
        for row in &scored.indicators {
            assert_eq!(row.badge(), Badge::Pending, "{}: {}", case.name, row.id);
        }
        assert_eq!(scored.node(case.budget.0).unwrap().status, Status::Pending, "{}", case.name);
        let open = scored.open_inputs();
        // Every row and the funds block.
        assert_eq!((open.pending, open.invalid), (rows + 1, 0), "{}", case.name);
        assert_eq!(scored.total, Decimal::ZERO, "{}", case.name);
        assert_eq!(scored.grade, "差", "{}", case.name);
        assert!(!open.is_empty(), "{}: the grade must read as provisional", case.name);
        // The 成本 rows are ≤ and the 时效 rows judged by their deadline.
        for node in evaluation.root.walk() {
            for row in node.indicators() {
                if row.category.contains("成本") {
                    assert_eq!(row.direction, Direction::AtMost, "{}: {}", case.name, row.id);
                }
                if row.category.contains("时效") {
                    assert_eq!(row.direction, Direction::OnTime, "{}: {}", case.name, row.id);
                }
            }
        }
    }
}

#[test]
fn hubei_scores_qualitative_rows_in_80_50_bands() {
    let evaluation = presets::find("project-hubei").unwrap().evaluation().unwrap();
    let lists: Vec<&Node> = evaluation.root.walk().filter(|n| !n.indicators().is_empty()).collect();
    assert_eq!(lists.len(), 6);
    for list in lists {
        let Some(Rule::Indicators { qualitative_bands: Some(bands), .. }) = list.rule() else {
            panic!("{}: no qualitative bands", list.id)
        };
        assert_eq!((bands.achieved.min, bands.achieved.max), (d("80"), d("100")));
        assert_eq!((bands.partial.min, bands.partial.max), (d("50"), d("80")));
        assert_eq!((bands.not_achieved.min, bands.not_achieved.max), (d("0"), d("50")));
    }
}

#[test]
fn sichuan_asks_for_a_reason_below_90_percent_execution() {
    let mut evaluation = presets::find("project-sichuan").unwrap().evaluation().unwrap();
    let NodeBody::Leaf(Rule::Budget { lines, .. }) = &mut evaluation.root.find_mut("budget").unwrap().body else {
        panic!("no budget")
    };
    lines[0].adjusted = Some(d("200"));
    lines[0].executed = Some(d("170"));
    let scored = score(&evaluation);
    // 10 × 170 / 200 = 8.5, at 85 % execution: below 90 % with no reason given.
    assert_eq!(scored.node("budget").unwrap().score, d("8.5"));
    assert!(scored.checks.iter().any(|c| c.code() == "low_execution_no_reason" && c.node_id == "budget"));
}

/// The worked example, by hand (rows' 分值 in brackets):
///
/// 预算执行 [10]: 836 / 880 = 0.95 → 9.5
/// 产出 [50]: 新建及改造农村供水工程 ≥12处, 12处 → 10; 受益农村人口 ≥3.2万人, 3.0万人 → 10 × 3.0 / 3.2 = 9.375;
///   水质达标率 ≥95%, 96% → 10 (capped); 工程完工时间 12月底前, 2023年11月20日 → on time, 10;
///   项目总成本 ≤880万元, 836万元 → 10. Subtotal 49.375.
/// 效益 [30]: 带动农民增收 “/” [10] not applicable; 农村自来水普及率 ≥90%, 87.3% → 10 × 0.97 = 9.7;
///   水源地保护 部分达成 (80/60 bands, default 70 %) → 5 × 0.7 = 3.5; 工程设计使用年限 ≥15年, 15年 → 5.
///   Subtotal 18.2.
/// 满意度 [10]: ≥95%, 96% → 10.
/// Applicable scores 9.5 + 49.375 + 18.2 + 10 = 87.075 of 90 applicable points;
/// converted to 100 (table): 87.075 × 100 / 90 = 96.75, grade 优.
/// Printed: 受益农村人口 10 (≠ 9.375), 水源地保护 4 (≠ 3.5), 产出 50, 效益 18.7, total 98
/// (= 88.2 × 100 / 90, the printed rows converted).
#[test]
fn the_worked_example_scores_96_75_and_flags_the_printed_scores_that_disagree() {
    let evaluation = presets::find("project-national-example").unwrap().evaluation().unwrap();
    let scored: Scored = score(&evaluation);
    assert_eq!(scored.node("budget").unwrap().score, d("9.5"));
    assert_eq!(scored.node("output").unwrap().score, d("49.375"));
    assert_eq!(scored.node("outcome").unwrap().score, d("18.2"));
    assert_eq!(scored.node("satisfaction").unwrap().score, d("10"));
    assert_eq!(scored.root().score, d("87.075"), "the applicable scores, before conversion");
    assert_eq!(scored.not_applicable_points, d("10"));
    assert_eq!(scored.total, d("96.75"));
    assert_eq!(scored.uncapped_total, d("96.75"));
    assert_eq!(scored.grade, "优");
    assert!(scored.open_inputs().is_empty(), "a filled-in table's grade is final");

    let row = |id: &str| scored.indicator(id).unwrap_or_else(|| panic!("no row {id}"));
    assert_eq!(row("output-02").score, d("9.375"));
    assert_eq!(row("outcome-02").score, d("9.7"));
    assert_eq!(row("outcome-03").score, d("3.5"));
    // The 时效 row: done on 20 November, before the end of December.
    assert_eq!((row("output-04").badge(), row("output-04").score), (Badge::Met, d("10")));
    // The 成本 row: under its ceiling.
    assert_eq!((row("output-05").badge(), row("output-05").score), (Badge::Met, d("10")));
    // The not-applicable row: dropped, its 10 points out of the total the table is converted from.
    assert_eq!(row("outcome-01").badge(), Badge::NotApplicable);
    assert_eq!((row("outcome-01").share, row("outcome-01").score), (Decimal::ZERO, Decimal::ZERO));
    assert_eq!(scored.node("outcome").unwrap().points, d("30"));

    let mismatched_rows: Vec<&str> = scored
        .checks
        .iter()
        .filter(|c| c.code() == "reported_mismatch")
        .filter_map(|c| c.indicator_id.as_deref())
        .collect();
    assert_eq!(mismatched_rows, ["output-02", "outcome-03"]);
    let mismatched_nodes: Vec<&str> = scored
        .checks
        .iter()
        .filter(|c| c.code() == "reported_mismatch" && c.indicator_id.is_none())
        .map(|c| c.node_id.as_str())
        .collect();
    assert_eq!(mismatched_nodes, ["total", "output", "outcome"]);
    // Every row short of full marks says why.
    assert!(!scored.checks.iter().any(|c| c.code() == "short_no_reason"));
    // The printed total 98 against the computed 96.75, as the table shows it.
    assert_eq!(scored.shown(scored.root()).unwrap().score, d("96.75"));
    assert_eq!(evaluation.root.reported, Some(d("98")));

    // Illustrative and generic: nothing presented as a real department's.
    let meta = &evaluation.meta;
    assert_eq!(meta.year, Some(2023));
    assert!(meta.department.starts_with('某') && meta.project.contains("某县"), "{meta:?}");
    for text in [&meta.goal_expected, &meta.goal_actual, &meta.conclusion, &meta.problems, &meta.improvements] {
        assert!(!text.is_empty());
    }
}
