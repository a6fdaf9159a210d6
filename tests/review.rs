//! The reviewer's rows and opinions (`domain::review`), table-driven over the presets, and the review
//! record in the file.

use jixiao::domain::review::{numbered, Conclusion, OpinionKind, Printed, Review, Row};
use jixiao::domain::{score, Evaluation, Lang};
use jixiao::format;
use jixiao::presets;

fn preset(name: &str) -> Evaluation {
    presets::find(name).unwrap().evaluation().unwrap()
}

fn row(name: &str) -> Row {
    let evaluation = preset(name);
    Row::new(&evaluation, &score(&evaluation))
}

#[test]
fn rows_of_the_presets() {
    // name, unit, year, computed, reported, difference, grade, provisional, execution rate, errors
    #[allow(clippy::type_complexity)]
    let cases: &[(&str, &str, Option<i32>, &str, Option<&str>, Option<&str>, &str, bool, Option<&str>, usize)] = &[
        (
            "seed-2023",
            "广州市人力资源和社会保障局",
            Some(2023),
            "97.7794",
            Some("97.998"),
            Some("0.2186"),
            "优",
            false,
            Some("99.983"),
            0,
        ),
        (
            "project-national-example",
            "2023年度某县农村饮水安全巩固提升工程",
            Some(2023),
            "96.75",
            Some("98"),
            Some("1.25"),
            "优",
            false,
            Some("95"),
            0,
        ),
        ("department-blank", "部门整体支出绩效自评", None, "0", None, None, "差", true, None, 0),
        ("project-blank", "项目支出绩效自评", None, "0", None, None, "差", true, None, 0),
    ];
    let exact = |d: rust_decimal::Decimal| jixiao::domain::num::format_exact(d);
    for &(name, unit, year, computed, reported, difference, grade, provisional, rate, errors) in cases {
        let row = row(name);
        assert_eq!(row.unit, unit, "{name}");
        assert_eq!(row.year, year, "{name}");
        assert_eq!(exact(row.computed), computed, "{name}");
        assert_eq!(row.reported.map(exact).as_deref(), reported, "{name}");
        assert_eq!(row.difference.map(exact).as_deref(), difference, "{name}");
        assert_eq!(row.grade, grade, "{name}");
        assert_eq!(row.provisional(), provisional, "{name}");
        assert_eq!(row.execution_rate.map(exact).as_deref(), rate, "{name}");
        assert_eq!(row.errors, errors, "{name}");
    }
    assert_eq!(row("seed-2023").warnings, 9);
    assert_eq!(row("department-blank").grade_text(Lang::Zh), "差（暂定：33 处待填）");
    assert_eq!(row("department-blank").grade_text(Lang::En), "Poor (provisional: 33 inputs to fill in)");
}

#[test]
fn the_seed_names_dept_07_with_its_figures_and_the_points_at_stake() {
    let row = row("seed-2023");
    // The first finding is the total: the report's 97.998 against 97.7794.
    let first = row.finding().unwrap();
    assert!(matches!(first.kind, OpinionKind::Total { .. }));
    assert_eq!(
        first.text(Lang::Zh),
        "报告总分 97.998 分，按评分规则计算为 97.7794 分，报告多计 0.2186 分。请核实并更正总分。"
    );
    let dept07 = row.opinions.iter().find(|o| o.indicator_id.as_deref() == Some("dept-07")).unwrap();
    assert_eq!(dept07.at_stake, Some(rust_decimal::Decimal::new(21875, 5)));
    let OpinionKind::Indicator(finding) = &dept07.kind else { panic!("{dept07:?}") };
    assert_eq!(finding.printed, Printed::Node { name: "部门整体绩效完成情况".into(), reported: 20.into() });
    let zh = dept07.text(Lang::Zh);
    for part in [
        "“对已入选的创新领军人才进行中期评估并发放第二期资助经费人数”",
        "目标值 20 人",
        "实际完成 13 人",
        "完成率 65%",
        "应得 0.40625 分",
        "涉及分值 0.21875 分",
        "未说明偏差原因",
    ] {
        assert!(zh.contains(part), "{part} not in {zh}");
    }
    let en = dept07.text(Lang::En);
    for part in ["target 20 人", "actual 13 人", "65% complete", "the rules give 0.40625", "0.21875 points at stake"]
    {
        assert!(en.contains(part), "{part} not in {en}");
    }
    // Named once, though the department's list, 履职效能 and the total all disagree because of it; and
    // its missing reason is in its opinion, not a second one.
    assert_eq!(row.opinions.iter().filter(|o| o.indicator_id.as_deref() == Some("dept-07")).count(), 1);
    let numbered = numbered(&row.opinions, Lang::Zh);
    assert!(numbered[1].starts_with("2. 指标“对已入选的"), "{numbered:?}");
    assert!(numbered.iter().enumerate().all(|(i, text)| text.starts_with(&format!("{}. ", i + 1))));
}

#[test]
fn opinions_of_the_presets() {
    // name, the opinions' codes and indicators in order, the points at stake, a phrase of each (zh)
    #[allow(clippy::type_complexity)]
    let cases: &[(&str, &[(&str, Option<&str>, Option<&str>, &str)])] = &[
        (
            "project-national-example",
            &[
                ("reported_mismatch", None, Some("1.25"), "报告总分 98 分，按评分规则计算为 96.75 分，报告多计 1.25 分"),
                ("reported_mismatch", Some("output-02"), Some("0.625"), "指标“受益农村人口”目标值 3.2 万人，实际完成 3 万人，完成率 93.75%；报告该指标得分 10 分，按评分规则应得 9.375 分，涉及分值 0.625 分"),
                ("reported_mismatch", Some("outcome-03"), Some("0.5"), "目标值 “达成年度指标”，实际完成 部分达成，完成率 70%；报告该指标得分 4 分，按评分规则应得 3.5 分"),
            ],
        ),
        ("department-blank", &[("pending_inputs", None, None, "33 处数据尚未填写，等级“差”仅为暂定")]),
        ("project-blank", &[("pending_inputs", None, None, "8 处数据尚未填写")]),
    ];
    for (name, expected) in cases {
        let row = row(name);
        assert_eq!(row.opinions.len(), expected.len(), "{name}: {:#?}", numbered(&row.opinions, Lang::Zh));
        for (opinion, (code, indicator, at_stake, phrase)) in row.opinions.iter().zip(expected.iter()) {
            assert_eq!(opinion.code, *code, "{name}");
            assert_eq!(opinion.indicator_id.as_deref(), *indicator, "{name}");
            assert_eq!(opinion.at_stake.map(jixiao::domain::num::format_exact).as_deref(), *at_stake, "{name}");
            let text = opinion.text(Lang::Zh);
            assert!(text.contains(phrase), "{name}: {phrase} not in {text}");
            assert!(!opinion.text(Lang::En).is_empty());
        }
    }
}

#[test]
fn an_error_comes_first() {
    let mut evaluation = preset("seed-2023");
    evaluation.find_indicator_mut("dept-03").unwrap().actual_text = "很多".into();
    let text = jixiao::format::to_json(&evaluation).replace("\"reported\": \"97.998\"", "\"reported\": \"120\"");
    let evaluation = format::load_str(&text).unwrap();
    let row = Row::new(&evaluation, &score(&evaluation));
    assert!(row.errors > 0);
    assert_eq!(row.finding().unwrap().code, "reported_above_points");
    assert!(row.finding().unwrap().text(Lang::Zh).ends_with("请更正。"));
}

#[test]
fn the_review_record_round_trips_and_older_files_load_unchanged() {
    let seed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/presets/seed-2023.json")).unwrap();
    let evaluation = format::load_str(&seed).unwrap();
    assert_eq!(evaluation.review, None);
    assert_eq!(format::to_json(&evaluation), seed);

    let reviewed = seed.trim_end().strip_suffix('}').unwrap().trim_end().to_string()
        + ",\n  \"review\": {\n    \"reviewer\": \"王审\",\n    \"date\": \"2024-05-20\",\n    \"conclusion\": \"returned\",\n    \"opinions\": [\n      \"1. 请核实 dept-07。\"\n    ]\n  }\n}\n";
    let evaluation = format::load_str(&reviewed).unwrap();
    let record = evaluation.review.as_ref().and_then(Review::record).unwrap();
    assert_eq!(record.conclusion, Conclusion::Returned);
    assert_eq!(record.conclusion.label(Lang::Zh), "退回修改");
    assert_eq!(format::to_json(&evaluation), reviewed);
    // Next year's copy starts unreviewed.
    assert_eq!(jixiao::domain::structure::next_year(&evaluation).review, None);

    // Tampered with: the evaluation loads, the record is kept as written and flagged.
    let tampered = reviewed.replace("\"returned\"", "\"通过\"").replace("\"王审\"", "7");
    let evaluation = format::load_str(&tampered).unwrap();
    let review = evaluation.review.as_ref().unwrap();
    assert!(review.record().is_none());
    let codes: Vec<&str> = review.problems().iter().map(|p| p.code()).collect();
    assert_eq!(codes, ["review_wrong_type", "review_bad_conclusion"]);
    assert_eq!(format::to_json(&evaluation), tampered);
    assert_eq!(Row::new(&evaluation, &score(&evaluation)).review.as_ref(), Some(review));
}
