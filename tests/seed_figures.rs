//! The seed report's own figures, exactly (SCORING.md §1), and the contradiction the app must expose.

use std::str::FromStr;

use jixiao::domain::num::{format_fixed, format_percent};
use jixiao::domain::{score, Actual, Badge, CheckKind, Detail, Evaluation};
use jixiao::presets;
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn seed() -> Evaluation {
    presets::find("seed-2023").unwrap().evaluation().unwrap()
}

#[test]
fn budget_execution_averages_99_983_and_scores_4_99915() {
    let scored = score(&seed());
    let exec = scored.node("lz.exec").unwrap();
    let Detail::MonthlyExecution { average, credits } = &exec.detail else {
        panic!("lz.exec is not monthly execution")
    };
    assert_eq!(credits.len(), 10, "March to December");
    assert_eq!(*average, Some(d("99.983")));
    assert_eq!(format_percent(average.unwrap() / Decimal::ONE_HUNDRED, 3), "99.983%");
    assert_eq!(exec.score, d("4.99915"));
    assert_eq!(exec.reported, Some(d("4.99915")));
}

#[test]
fn special_fund_spending_scores_4_999() {
    assert_eq!(score(&seed()).node("lz.fund-exec").unwrap().score, d("4.999"));
}

#[test]
fn management_efficiency_is_48_with_the_two_procurement_deductions() {
    let scored = score(&seed());
    let gl = scored.node("gl").unwrap();
    assert_eq!(gl.score, d("48"));
    assert_eq!(format_fixed(gl.score, 3), "48.000");
    assert_eq!(scored.node("gl.procurement.contract-timeliness").unwrap().score, d("2"));
    assert_eq!(scored.node("gl.procurement.contract-filing").unwrap().score, d("0"));
    let losers: Vec<&str> = scored
        .nodes
        .iter()
        .filter(|n| n.lost > Decimal::ZERO && n.id.starts_with("gl.") && n.depth == 3)
        .map(|n| n.id.as_str())
        .collect();
    assert_eq!(losers, ["gl.procurement.contract-timeliness", "gl.procurement.contract-filing"]);
}

#[test]
fn the_special_fund_indicators_all_meet_their_targets() {
    let scored = score(&seed());
    assert_eq!(scored.node("lz.fund").unwrap().score, d("20"));
    assert_eq!(scored.indicators_of("lz.fund.output").count(), 15);
    assert_eq!(scored.indicators_of("lz.fund.outcome").count(), 7);
    assert_eq!(scored.indicators_of("lz.dept").count(), 32);
}

/// The table says 13 of about 20, the report counts it met: the computed score is lower, and the
/// warning names the indicator.
#[test]
fn the_transcribed_table_computes_less_than_the_report() {
    let scored = score(&seed());
    let dept = scored.node("lz.dept").unwrap();
    assert_eq!(dept.score, d("19.78125"), "20 − 0.625 × 0.35");
    assert_eq!(dept.reported, Some(d("20")));
    assert_eq!(dept.difference, Some(d("0.21875")));

    let dept07 = scored.indicator("dept-07").unwrap();
    assert_eq!(dept07.badge(), Badge::Short);
    assert_eq!(dept07.ratio(), Some(d("0.65")));
    assert_eq!(dept07.share, d("0.625"));
    assert_eq!(dept07.lost, d("0.21875"));
    let short: Vec<&str> =
        scored.indicators.iter().filter(|i| i.badge() == Badge::Short).map(|i| i.id.as_str()).collect();
    assert_eq!(short, ["dept-07"], "every other indicator meets its target");

    let lz = scored.node("lz").unwrap();
    assert_eq!(lz.score, d("49.7794"));
    assert_eq!(lz.reported, Some(d("49.998")));
    assert_eq!(scored.total, d("97.7794"));
    assert_eq!(format_fixed(scored.total, 3), "97.779");
    assert_eq!(scored.root().reported, Some(d("97.998")));
    assert_eq!(scored.grade, "优");

    let mismatches: Vec<&jixiao::domain::Check> =
        scored.checks.iter().filter(|c| c.code() == "reported_mismatch").collect();
    let mismatched: Vec<&str> = mismatches.iter().map(|c| c.node_id.as_str()).collect();
    assert_eq!(mismatched, ["total", "lz", "lz.dept"]);
    for check in mismatches {
        let CheckKind::ReportedMismatch { explained_by, .. } = &check.kind else { unreachable!() };
        assert_eq!(explained_by.len(), 1, "{check:?}");
        assert_eq!(explained_by[0].indicator_id.as_deref(), Some("dept-07"));
        assert!(check
            .message(jixiao::domain::Lang::Zh)
            .contains("对已入选的创新领军人才进行中期评估并发放第二期资助经费人数"));
    }
    let dept_message = scored
        .checks
        .iter()
        .find(|c| c.code() == "reported_mismatch" && c.node_id == "lz.dept")
        .unwrap()
        .message(jixiao::domain::Lang::Zh);
    assert!(dept_message.contains("报告得分 20，计算得分 19.781，相差 +0.219"), "{dept_message}");
    assert!(dept_message.contains("完成率 65%"), "{dept_message}");
}

/// As the report reads it (target 13), the computed total is the reported 97.998 to the last digit.
#[test]
fn setting_the_target_to_13_brings_the_total_to_97_998() {
    let mut evaluation = seed();
    evaluation.find_indicator_mut("dept-07").unwrap().target = Some(d("13"));
    let scored = score(&evaluation);
    assert_eq!(scored.node("lz.dept").unwrap().score, d("20"));
    assert_eq!(scored.node("lz").unwrap().score, d("49.99815"));
    assert_eq!(format_fixed(scored.node("lz").unwrap().score, 3), "49.998");
    assert_eq!(scored.total, d("97.99815"));
    assert_eq!(format_fixed(scored.total, 3), "97.998");
    assert_eq!(scored.grade, "优");
    assert!(scored.checks.iter().all(|c| c.code() != "reported_mismatch"), "{:?}", scored.checks);
}

#[test]
fn the_seed_keeps_its_narrative_and_table_texts() {
    let evaluation = seed();
    let (node, dept07) = evaluation.find_indicator("dept-07").unwrap();
    assert_eq!(node.id, "lz.dept");
    assert_eq!(dept07.actual, Some(Actual::Number(d("13"))));
    assert_eq!(dept07.target, Some(d("20")));
    assert!(evaluation.meta.notes.contains("dept-07") || evaluation.meta.notes.contains("创新领军人才"));
    let leaves = evaluation.root.find("gl").unwrap().walk().filter(|n| n.rule().is_some()).count();
    assert_eq!(leaves, 23, "the 管理效率 table has 23 rows");
}

#[test]
fn every_preset_loads_and_scores_without_errors() {
    for preset in presets::PRESETS {
        let evaluation = preset.evaluation().unwrap_or_else(|e| panic!("{}: {e}", preset.name));
        let scored = score(&evaluation);
        let errors: Vec<String> = scored
            .checks
            .iter()
            .filter(|c| c.severity() == jixiao::domain::Severity::Error || c.code() == "points_mismatch")
            .map(|c| c.message(jixiao::domain::Lang::Zh))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", preset.name);
        assert_eq!(scored.root().points, d("100"), "{}", preset.name);
    }
    let blank = score(&presets::find("project-blank").unwrap().evaluation().unwrap());
    assert_eq!(blank.total, Decimal::ZERO, "a blank template scores nothing yet");
    assert_eq!(blank.grade, "差");
}
