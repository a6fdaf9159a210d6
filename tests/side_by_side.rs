//! Two evaluations side by side (`domain::review::side`), as the desk compares them: the rows matched
//! across the two files, table-driven over versions of one evaluation and two units' tables.

use std::rc::Rc;

use jixiao::domain::model::{Actual, Node, NodeBody};
use jixiao::domain::review::side::{CellState, Matching, Presence, RowKind, Side, SideBySide};
use jixiao::domain::{score, Evaluation};
use jixiao::presets;
use rust_decimal::Decimal;

fn preset(name: &str) -> Evaluation {
    presets::find(name).unwrap().evaluation().unwrap()
}

fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn compare(left: &Evaluation, right: &Evaluation) -> SideBySide {
    let (left_scored, right_scored) = (score(left), score(right));
    SideBySide::new(Side { evaluation: left, scored: &left_scored }, Side { evaluation: right, scored: &right_scored })
}

fn set_actual(evaluation: &mut Evaluation, id: &str, actual: Option<Actual>) {
    evaluation.find_indicator_mut(id).unwrap().actual = actual;
}

/// Another unit's table: the same rows under other ids (as a department's own file would have them).
fn other_unit(mut evaluation: Evaluation) -> Evaluation {
    evaluation.meta.project = "另一单位的项目".to_string();
    fn rename(node: &mut Node) {
        match &mut node.body {
            NodeBody::Group(children) => children.iter_mut().for_each(rename),
            NodeBody::Leaf(jixiao::domain::model::Rule::Indicators { indicators, .. }) => {
                for indicator in indicators.iter_mut() {
                    Rc::make_mut(indicator).id = format!("b-{}", indicator.id);
                }
            }
            NodeBody::Leaf(_) => {}
        }
    }
    rename(&mut evaluation.root);
    evaluation
}

/// The example's table in the Sichuan layout: its three indicator parts inside one 绩效指标 group.
fn sichuan_layout(evaluation: &Evaluation) -> Evaluation {
    let mut right = evaluation.clone();
    right.meta.project = "四川某项目".to_string();
    let NodeBody::Group(children) = &mut right.root.body else { panic!("a group") };
    let budget = children.remove(0);
    let inner: Vec<Node> = std::mem::take(children);
    let points = inner.iter().map(|n| n.points).sum();
    *children = vec![budget, Node::group("indicators", "绩效指标", points, inner)];
    right
}

type Build = fn(&Evaluation) -> Evaluation;

/// One row expected: its key, its kind, which files it is in, the right side's state, and the
/// difference (`None`: none to show).
type Expected = (&'static str, RowKind, Presence, Option<CellState>, Option<&'static str>);

#[test]
fn rows_matched_across_two_files() {
    let cases: Vec<(&str, &str, Build, Matching, Vec<Expected>)> = vec![
        (
            "two versions of one evaluation: one actual changed",
            "project-national-example",
            |e| {
                let mut e = e.clone();
                // 3.0 of 3.2 (9.375 of 10) becomes 3.2: full points.
                set_actual(&mut e, "output-02", Some(Actual::Number(dec("3.2"))));
                e
            },
            Matching::ById,
            vec![
                ("output-02", RowKind::Indicator, Presence::Both, Some(CellState::Scored), Some("0.625")),
                ("output-01", RowKind::Indicator, Presence::Both, Some(CellState::Scored), Some("0")),
                ("budget", RowKind::Part, Presence::Both, Some(CellState::Scored), Some("0")),
                ("output", RowKind::Part, Presence::Both, Some(CellState::Scored), Some("0.625")),
            ],
        ),
        (
            "a version renaming an indicator: still itself, matched by id",
            "project-national-example",
            |e| {
                let mut e = e.clone();
                e.find_indicator_mut("output-03").unwrap().name = "水质达标率".to_string();
                e
            },
            Matching::ById,
            vec![("output-03", RowKind::Indicator, Presence::Both, Some(CellState::Scored), Some("0"))],
        ),
        (
            "a pending input: it counts 0, the difference is the points it held",
            "project-national-example",
            |e| {
                let mut e = e.clone();
                set_actual(&mut e, "output-01", None);
                e
            },
            Matching::ById,
            vec![("output-01", RowKind::Indicator, Presence::Both, Some(CellState::Pending), Some("-10"))],
        ),
        (
            "a row set aside on one side: no difference to show",
            "project-national-example",
            |e| {
                let mut e = e.clone();
                e.find_indicator_mut("output-05").unwrap().not_applicable = true;
                e
            },
            Matching::ById,
            vec![
                ("output-05", RowKind::Indicator, Presence::Both, Some(CellState::NotApplicable), None),
                // Not applicable on both sides: nothing to compare either.
                ("outcome-01", RowKind::Indicator, Presence::Both, Some(CellState::NotApplicable), None),
            ],
        ),
        (
            "another unit's table, other ids: matched by category and name",
            "project-national-example",
            |e| other_unit(e.clone()),
            Matching::ByName,
            vec![
                ("output-02|b-output-02", RowKind::Indicator, Presence::Both, Some(CellState::Scored), Some("0")),
                ("budget", RowKind::Part, Presence::Both, Some(CellState::Scored), Some("0")),
            ],
        ),
        (
            "an indicator only on one side, and one only on the other",
            "project-national-example",
            |e| {
                let mut right = other_unit(e.clone());
                let indicator = right.find_indicator_mut("b-output-05").unwrap();
                indicator.name = "单位造价".to_string();
                right
            },
            Matching::ByName,
            vec![
                ("output-05", RowKind::Indicator, Presence::LeftOnly, None, None),
                ("b-output-05", RowKind::Indicator, Presence::RightOnly, Some(CellState::Scored), None),
                ("output-04|b-output-04", RowKind::Indicator, Presence::Both, Some(CellState::Scored), Some("0")),
            ],
        ),
        (
            "a different layout: the parts by name, the indicators by category and name",
            "project-national-example",
            sichuan_layout,
            Matching::ByName,
            vec![
                ("budget", RowKind::Part, Presence::Both, Some(CellState::Scored), Some("0")),
                ("output", RowKind::Part, Presence::LeftOnly, None, None),
                ("indicators", RowKind::Part, Presence::RightOnly, Some(CellState::Scored), None),
                ("satisfaction-01", RowKind::Indicator, Presence::Both, Some(CellState::Scored), Some("0")),
            ],
        ),
        (
            "the department-wide seed: its 管理效率 items matched as rows too",
            "seed-2023",
            |e| {
                let mut e = e.clone();
                // dept-07: 13 of about 20 people becomes 20.
                set_actual(&mut e, "dept-07", Some(Actual::Number(dec("20"))));
                e
            },
            Matching::ById,
            vec![
                (
                    "gl.procurement.contract-timeliness",
                    RowKind::Item,
                    Presence::Both,
                    Some(CellState::Scored),
                    Some("0"),
                ),
                ("lz", RowKind::Part, Presence::Both, Some(CellState::Scored), None),
                ("gl", RowKind::Part, Presence::Both, Some(CellState::Scored), Some("0")),
            ],
        ),
    ];
    for (name, preset_name, build, matching, expected) in cases {
        let left = preset(preset_name);
        let right = build(&left);
        let side = compare(&left, &right);
        assert_eq!(side.matching, matching, "{name}");
        for (key, kind, presence, right_state, difference) in expected {
            let row = side.parts.iter().chain(&side.rows).find(|r| r.key == key);
            let row = row.unwrap_or_else(|| panic!("{name}: no row {key}"));
            assert_eq!(row.kind, kind, "{name}: {key}");
            assert_eq!(row.presence(), presence, "{name}: {key}");
            assert_eq!(row.right.as_ref().map(|c| c.state), right_state, "{name}: {key}");
            if let Some(difference) = difference {
                assert_eq!(row.difference, Some(dec(difference)), "{name}: {key}");
            } else if kind != RowKind::Part || presence != Presence::Both {
                assert_eq!(row.difference, None, "{name}: {key}");
            }
        }
        // Every row of each file is listed once, on its side.
        let (left_scored, right_scored) = (score(&left), score(&right));
        for (scored, pick) in [(&left_scored, true), (&right_scored, false)] {
            let listed: Vec<&str> = side
                .rows
                .iter()
                .filter(|r| r.kind == RowKind::Indicator)
                .filter_map(|r| if pick { r.left.as_ref() } else { r.right.as_ref() })
                .map(|c| c.id.as_str())
                .collect();
            let mut ids: Vec<&str> = scored.indicators.iter().map(|i| i.id.as_str()).collect();
            let mut sorted = listed.clone();
            sorted.sort();
            ids.sort();
            assert_eq!(sorted, ids, "{name}: every indicator once");
        }
        // The totals' difference is the engine's.
        assert_eq!(side.total_difference, right_scored.total.checked_sub(left_scored.total), "{name}");
        // Each matched row's difference is the engine's scores' difference.
        for row in side.rows.iter().filter(|r| r.kind == RowKind::Indicator) {
            let (Some(l), Some(r)) = (&row.left, &row.right) else { continue };
            let engine = right_scored.indicator(&r.id).unwrap().score - left_scored.indicator(&l.id).unwrap().score;
            let applicable = l.state != CellState::NotApplicable && r.state != CellState::NotApplicable;
            assert_eq!(row.difference, applicable.then_some(engine), "{name}: {}", row.key);
        }
    }
}

/// The seed with dept-07 set to its target: the largest difference is that row, first when sorted;
/// the total moves by the engine's difference.
#[test]
fn largest_difference_first() {
    let left = preset("seed-2023");
    let mut right = left.clone();
    set_actual(&mut right, "dept-07", Some(Actual::Number(dec("20"))));
    set_actual(&mut right, "dept-01", Some(Actual::Number(dec("27"))));
    let side = compare(&left, &right);
    let sorted = side.by_difference();
    assert_eq!(sorted[0].key, "dept-07");
    assert_eq!(sorted[1].key, "dept-01");
    assert!(sorted[2].difference.unwrap().is_zero());
    assert_eq!(side.largest(), sorted[0].difference.map(|d| d.abs()));
    assert!(sorted[0].difference.unwrap() > Decimal::ZERO && sorted[1].difference.unwrap() < Decimal::ZERO);
    // Nothing changed: nothing is largest, all the same.
    assert_eq!(compare(&left, &left).largest(), None);
    assert!(compare(&left, &left).all_same());
    assert!(!side.all_same());
    // A row set aside on one side, or renamed into a row of its own: not the same, though no
    // difference is larger than 0.
    let example = preset("project-national-example");
    let mut aside = example.clone();
    aside.find_indicator_mut("outcome-04").unwrap().not_applicable = true;
    let mut renamed = example.clone();
    renamed.meta.project = "另一单位".to_string();
    renamed.find_indicator_mut("output-05").unwrap().name = "单位造价".to_string();
    for other in [aside, renamed] {
        let side = compare(&example, &other);
        assert!(!side.all_same());
    }
    // The heads: each side's total, grade and execution rate as the desk's rows have them.
    let row = jixiao::domain::review::Row::new(&left, &score(&left));
    assert_eq!(
        (side.left.total, side.left.grade.clone(), side.left.execution_rate),
        (row.computed, row.grade, row.execution_rate)
    );
}

/// Rows grouped under their parts, in the parts' order; a part's rows in the file's order.
#[test]
fn rows_follow_the_parts() {
    let left = preset("project-national-example");
    let side = compare(&left, &sichuan_layout(&left));
    let parts: Vec<Option<usize>> = side.rows.iter().map(|r| r.part).collect();
    let mut sorted = parts.clone();
    sorted.sort();
    assert_eq!(parts, sorted);
    let keys: Vec<&str> = side.rows.iter().map(|r| r.left.as_ref().unwrap().id.as_str()).take(3).collect();
    assert_eq!(keys, ["output-01", "output-02", "output-03"]);
    let names: Vec<&str> = side.parts.iter().map(|p| p.name()).collect();
    assert_eq!(names, ["预算执行", "产出指标", "效益指标", "满意度指标", "绩效指标"]);
}

/// An item's input as a reviewer reads it, in both languages; a band's unit kept; a part that is an
/// item itself (a project table's 预算执行) carries its rate.
#[test]
fn items_read_as_written() {
    let seed = preset("seed-2023");
    let side = compare(&seed, &seed);
    let cases = [
        ("lz.fund-exec", "99.98%", "99.98%"),
        ("gl.budget.prior-assessment", "是", "yes"),
        ("gl.procurement.contract-timeliness", "95%", "95%"),
        ("gl.cost.three-public-expenses", "-13.65", "-13.65"),
        ("lz.exec", "99.983%", "99.983%"),
    ];
    for (key, zh, en) in cases {
        let row = side.rows.iter().find(|r| r.key == key).unwrap_or_else(|| panic!("no row {key}"));
        assert_eq!(row.kind, RowKind::Item, "{key}");
        let cell = row.left.as_ref().unwrap();
        assert_eq!((cell.actual.zh.as_str(), cell.actual.en.as_str()), (zh, en), "{key}");
    }
    let example = preset("project-national-example");
    let side = compare(&example, &example);
    let budget = side.parts.iter().find(|p| p.key == "budget").unwrap();
    assert_eq!(budget.left.as_ref().unwrap().actual.zh, "95%");
    // A pending pass/fail: "—", and the cell says it is pending.
    let mut open = seed.clone();
    let jixiao::domain::model::NodeBody::Leaf(jixiao::domain::model::Rule::PassFail { passed }) =
        &mut open.root.find_mut("gl.budget.prior-assessment").unwrap().body
    else {
        panic!("a pass/fail item")
    };
    *passed = None;
    let side = compare(&seed, &open);
    let row = side.rows.iter().find(|r| r.key == "gl.budget.prior-assessment").unwrap();
    let right = row.right.as_ref().unwrap();
    assert_eq!((right.actual.zh.as_str(), right.state), ("—", CellState::Pending));
    assert_eq!(row.difference, Some(-row.left.as_ref().unwrap().score));
}
