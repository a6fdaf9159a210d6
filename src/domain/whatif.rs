//! What-if and review: how two scorings differ, where points were lost, and what one input would
//! need to be for the total to reach a goal.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::model::{Actual, Direction, Evaluation, Node, Rule};
use super::num::{self, format_exact as x, format_percent, format_short as short};
use super::scenario::Edit;
use super::scored::{score, Badge, Detail, IndicatorResult, NodeResult, RuleError, Scored};
use super::Lang;

/// What changed from a baseline scoring to the current one. Only what differs is listed.
#[derive(Clone, Debug, PartialEq)]
pub struct Deltas {
    /// current − baseline.
    pub total: Decimal,
    pub grade_before: String,
    pub grade_after: String,
    /// (node id, Δ score), in the tree's order.
    pub nodes: Vec<(String, Decimal)>,
    /// (indicator id, Δ score), in the tree's order.
    pub indicators: Vec<(String, Decimal)>,
}

impl Deltas {
    /// No difference at all (nothing to compare with yet).
    pub fn none() -> Deltas {
        Deltas {
            total: Decimal::ZERO,
            grade_before: String::new(),
            grade_after: String::new(),
            nodes: Vec::new(),
            indicators: Vec::new(),
        }
    }

    pub fn grade_changed(&self) -> bool {
        self.grade_before != self.grade_after
    }

    pub fn node(&self, id: &str) -> Option<Decimal> {
        self.nodes.iter().find(|(n, _)| n == id).map(|(_, d)| *d)
    }

    pub fn indicator(&self, id: &str) -> Option<Decimal> {
        self.indicators.iter().find(|(n, _)| n == id).map(|(_, d)| *d)
    }
}

/// Matches nodes and indicators by id; ones present on one side only are left out.
pub fn deltas(baseline: &Scored, current: &Scored) -> Deltas {
    let total = current.total.checked_sub(baseline.total).unwrap_or_default();
    let mut nodes = changed_scores(&baseline.nodes, &current.nodes, node_score);
    // The root's row shows the total (converted where rows do not apply, capped: `Scored::shown`), so
    // its Δ is the total's, not the change of the points it sums before that.
    if let Some(root) = current.nodes.iter().find(|n| n.parent.is_none()) {
        nodes.retain(|(id, _)| *id != root.id);
        if !total.is_zero() {
            nodes.insert(0, (root.id.clone(), total));
        }
    }
    Deltas {
        total,
        grade_before: baseline.grade.clone(),
        grade_after: current.grade.clone(),
        nodes,
        indicators: changed_scores(&baseline.indicators, &current.indicators, indicator_score),
    }
}

fn node_score(node: &NodeResult) -> (&str, Decimal) {
    (&node.id, node.score)
}

fn indicator_score(indicator: &IndicatorResult) -> (&str, Decimal) {
    (&indicator.id, indicator.score)
}

/// (id, Δ score) of what scores differently now. The same tree on both sides (the usual case: inputs
/// edited, on every keystroke) pairs them by position; a changed structure pairs them by id.
fn changed_scores<T>(before: &[T], now: &[T], id_score: fn(&T) -> (&str, Decimal)) -> Vec<(String, Decimal)> {
    let changed = |id: &str, before: Decimal, now: Decimal| {
        let delta = now.checked_sub(before)?;
        (!delta.is_zero()).then(|| (id.to_string(), delta))
    };
    let same_tree = before.len() == now.len() && before.iter().zip(now).all(|(b, n)| id_score(b).0 == id_score(n).0);
    if same_tree {
        return before
            .iter()
            .zip(now)
            .filter_map(|(b, n)| changed(id_score(n).0, id_score(b).1, id_score(n).1))
            .collect();
    }
    let by_id: HashMap<&str, Decimal> = before.iter().map(id_score).collect();
    now.iter()
        .filter_map(|n| {
            let (id, score) = id_score(n);
            changed(id, *by_id.get(id)?, score)
        })
        .collect()
}

/// One place that lost points, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Loss {
    pub node_id: String,
    pub indicator_id: Option<String>,
    pub name: String,
    /// What it was worth (a node's points, an indicator's share).
    pub worth: Decimal,
    pub lost: Decimal,
    pub reason: LossReason,
}

#[derive(Clone, Debug, PartialEq)]
pub enum LossReason {
    /// Completion short of the target.
    Ratio(Decimal),
    Pending,
    Invalid(RuleError),
    /// The band reached (its minimum and score), or none.
    Band(Option<(Decimal, Decimal)>),
    Failed,
    Deducted(Decimal),
    /// The execution rate credited, in percent.
    Rate(Decimal),
    Manual,
    /// The total was capped at this (the execution rate fell below a cap's threshold).
    Capped(Decimal),
}

impl LossReason {
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            LossReason::Ratio(r) => {
                lang.pick(format!("完成率 {}", format_percent(*r, 2)), format!("{} complete", format_percent(*r, 2)))
            }
            LossReason::Pending => lang.pick("待填".into(), "not filled in".into()),
            LossReason::Invalid(e) => e.message(lang),
            LossReason::Band(Some((min, score))) => lang.pick(
                format!("达到 ≥{} 档，得 {} 分", x(*min), x(*score)),
                format!("reached the ≥{} band: {}", x(*min), x(*score)),
            ),
            LossReason::Band(None) => lang.pick("未达到任何档次".into(), "no band reached".into()),
            LossReason::Failed => lang.pick("未达标".into(), "failed".into()),
            LossReason::Deducted(d) => lang.pick(format!("扣 {} 分", short(*d)), format!("{} deducted", short(*d))),
            LossReason::Rate(r) => lang.pick(format!("执行率 {}%", short(*r)), format!("rate {}%", short(*r))),
            LossReason::Manual => lang.pick("手工评分".into(), "manual score".into()),
            LossReason::Capped(cap) => {
                lang.pick(format!("总分封顶 {} 分", x(*cap)), format!("total capped at {}", x(*cap)))
            }
        }
    }
}

/// Every leaf and indicator below full marks, most points lost first (ties in the tree's order).
pub fn lost_points(evaluation: &Evaluation, scored: &Scored) -> Vec<Loss> {
    let mut losses = Vec::new();
    let mut indicator_results = scored.indicators.iter();
    for (node, result) in evaluation.root.walk().zip(&scored.nodes) {
        let Some(rule) = node.rule() else { continue };
        if let Rule::Indicators { indicators, .. } = rule {
            for (indicator, outcome) in indicators.iter().zip(indicator_results.by_ref()) {
                if outcome.lost <= Decimal::ZERO {
                    continue;
                }
                let reason = match (outcome.badge(), outcome.error(), outcome.ratio()) {
                    (_, Some(error), _) => LossReason::Invalid(error.clone()),
                    (Badge::Pending, _, _) => LossReason::Pending,
                    (_, _, ratio) => LossReason::Ratio(ratio.unwrap_or_default()),
                };
                losses.push(Loss {
                    node_id: node.id.clone(),
                    indicator_id: Some(indicator.id.clone()),
                    name: indicator.name.clone(),
                    worth: outcome.share,
                    lost: outcome.lost,
                    reason,
                });
            }
            continue;
        }
        if result.lost <= Decimal::ZERO {
            continue;
        }
        let reason = match (&result.error, &result.detail, rule) {
            (Some(error), _, _) => LossReason::Invalid(error.clone()),
            (_, _, _) if result.status == super::Status::Pending => LossReason::Pending,
            (_, Detail::Bands { reached }, Rule::Bands { bands, .. }) => {
                LossReason::Band(reached.and_then(|i| bands.get(i)).map(|b| (b.min, b.score)))
            }
            (_, Detail::PassFail { .. }, _) => LossReason::Failed,
            (_, Detail::Deduction { deducted: Some(d) }, _) => LossReason::Deducted(*d),
            (_, Detail::Rate { credited: Some(r) }, _) => LossReason::Rate(*r),
            (_, Detail::MonthlyExecution { average: Some(r), .. }, _) => LossReason::Rate(*r),
            (_, Detail::Budget { rate: Some(r) }, _) => LossReason::Rate(*r),
            _ => LossReason::Manual,
        };
        losses.push(Loss {
            node_id: node.id.clone(),
            indicator_id: None,
            name: node.name.clone(),
            worth: result.points,
            lost: result.lost,
            reason,
        });
    }
    // What a cap took off the total is lost too: the list adds up to the points the total lacks.
    if let (Some(cap), Some(root)) = (scored.cap, scored.nodes.first()) {
        losses.push(Loss {
            node_id: root.id.clone(),
            indicator_id: None,
            name: evaluation.root.name.clone(),
            worth: root.points,
            lost: scored.uncapped_total.checked_sub(scored.total).unwrap_or_default(),
            reason: LossReason::Capped(cap),
        });
    }
    // Stable: equal losses keep the tree's order.
    losses.sort_by_key(|l| std::cmp::Reverse(l.lost));
    losses
}

/// Units counted in whole things (people, boats, events, places): a goal in them is met by a whole
/// number of them.
pub fn counted_unit(unit: &str) -> bool {
    const COUNTED: [&str; 20] = [
        "人", "名", "个", "艘", "家", "场", "次", "人次", "处", "所", "项", "件", "台", "辆", "套", "篇", "期", "户",
        "村", "座",
    ];
    COUNTED.contains(&unit.trim())
}

/// A goal-seek answer in the indicator's own granularity: a head count needs 20 people, not 19.9952
/// (rounded up for a floor, down for a ceiling). Other units keep the exact figure.
pub fn in_units(unit: &str, actual: Decimal, at_least: bool) -> Decimal {
    match (counted_unit(unit), at_least) {
        (false, _) => actual,
        (true, true) => actual.ceil(),
        (true, false) => actual.floor(),
    }
}

/// The answer to "what actual would this indicator need for the total to reach the goal?"
#[derive(Clone, Debug, PartialEq)]
pub enum GoalSeek {
    /// The total reaches the goal with this actual; `at_least` says whether more (≥ indicators) or
    /// less (≤ indicators) would do too. `total` is the engine's total at exactly that actual.
    Reachable { actual: Decimal, at_least: bool, total: Decimal },
    /// Whatever the actual, the total reaches the goal. `total` is the least it can be: the total at
    /// actual 0 for a ≥ indicator, at twice the target for a ≤ one scored linearly, and for a ≤ one
    /// scored target ÷ actual the value the total falls towards as the actual grows.
    Always { total: Decimal },
    /// Even a fully met indicator leaves the total short: the best it can do.
    Unreachable { best_actual: Decimal, best_total: Decimal },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GoalError {
    NoSuchIndicator(String),
    /// Goal seek works on numeric indicators with a positive target.
    NotNumeric,
    NoTarget,
    NotApplicable,
    /// The answer is beyond what a decimal holds (found by fuzzing: `fuzz/`, docs/RELIABILITY.md).
    TooLarge,
}

impl GoalError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            GoalError::NoSuchIndicator(id) => {
                lang.pick(format!("没有编号为“{id}”的指标"), format!("No indicator “{id}”"))
            }
            GoalError::NotNumeric => {
                lang.pick("只能对定量指标求解".into(), "Only quantitative indicators can be solved for".into())
            }
            GoalError::NoTarget => {
                lang.pick("该指标没有大于 0 的目标值".into(), "The indicator has no target above 0".into())
            }
            GoalError::NotApplicable => lang.pick("该指标不适用".into(), "The indicator is not applicable".into()),
            GoalError::TooLarge => {
                lang.pick("数值过大，无法精确求解".into(), "The numbers are too large to solve exactly".into())
            }
        }
    }
}

/// Places kept in a goal-seek answer beyond the target's own.
const EXTRA_PLACES: u32 = 4;

/// Solves exactly where the total is linear in the indicator's ratio (it is, unless a group's
/// children claim more than its points or a total cap bites) and checks the answer with the engine;
/// the answer is rounded to a few places beyond the target's, in the direction that keeps the goal.
pub fn seek_actual(evaluation: &Evaluation, indicator_id: &str, goal: Decimal) -> Result<GoalSeek, GoalError> {
    let (_, indicator) =
        evaluation.find_indicator(indicator_id).ok_or_else(|| GoalError::NoSuchIndicator(indicator_id.into()))?;
    if indicator.not_applicable {
        return Err(GoalError::NotApplicable);
    }
    let target = match (indicator.direction, indicator.target) {
        (Direction::Qualitative, _) => return Err(GoalError::NotNumeric),
        (_, Some(t)) if t > Decimal::ZERO => t,
        _ => return Err(GoalError::NoTarget),
    };
    let total_at = |actual: Decimal| {
        let mut variant = evaluation.clone();
        let edit = Edit::Actual { indicator: indicator_id.to_string(), value: Some(Actual::Number(actual)) };
        // The indicator exists (found above), so the edit applies.
        let _ = edit.apply(&mut variant);
        score(&variant).total
    };
    // A decimal has at most 28 places, and every step below is checked: a target of 10^-28 or of
    // 10^28, or a goal of any size, gives an answer or TooLarge, never a panic.
    let places = (target.scale() + EXTRA_PLACES).min(num::MAX_PLACES);
    let step = Decimal::new(1, places);
    let best_total = total_at(target);
    if best_total < goal {
        return Ok(GoalSeek::Unreachable { best_actual: target, best_total });
    }
    let at_least = indicator.direction != Direction::AtMost;
    // A second point on the line: ratio 0 for ≥ (actual 0), twice the target for ≤.
    let (far, far_ratio) = if at_least {
        (Decimal::ZERO, Decimal::ZERO)
    } else {
        let twice = target.checked_mul(Decimal::TWO).ok_or(GoalError::TooLarge)?;
        let ratio = match evaluation_at_most(evaluation, indicator_id) {
            super::AtMostScoring::Proportional => Decimal::new(5, 1),
            super::AtMostScoring::Linear => Decimal::ZERO,
        };
        (twice, ratio)
    };
    let far_total = total_at(far);
    if far_total >= goal && far_ratio.is_zero() {
        return Ok(GoalSeek::Always { total: far_total });
    }
    // total(r) = far_total + slope × (r − far_ratio), with slope per unit of ratio.
    let slope = best_total
        .checked_sub(far_total)
        .ok_or(GoalError::TooLarge)?
        .checked_div(Decimal::ONE - far_ratio)
        .unwrap_or_default();
    if slope <= Decimal::ZERO {
        return Ok(GoalSeek::Unreachable { best_actual: target, best_total });
    }
    let rise = goal.checked_sub(far_total).ok_or(GoalError::TooLarge)?.checked_div(slope).unwrap_or(Decimal::ONE);
    let ratio = far_ratio.checked_add(rise).ok_or(GoalError::TooLarge)?.min(Decimal::ONE);
    if ratio <= Decimal::ZERO {
        // Only a ≤ indicator scored target ÷ actual gets here (the others' far ratio is 0): its ratio
        // never reaches 0, and the goal holds however large the actual grows. The total falls towards
        // the line's value at ratio 0; the engine confirms it at a ratio of a millionth.
        let least = far_total.checked_mul(Decimal::TWO).and_then(|t| t.checked_sub(best_total));
        let huge = target.checked_mul(Decimal::from(1_000_000));
        if let (Some(least), Some(huge)) = (least, huge) {
            if total_at(huge) >= goal {
                return Ok(GoalSeek::Always { total: least });
            }
        }
        // A bend in the line (a group or the total capped) made it look so: twice the target keeps
        // the goal (far_total ≥ goal, since the ratio found is below the far one), if not the most.
        return Ok(GoalSeek::Reachable { actual: far, at_least, total: far_total });
    }
    let mut actual = if at_least {
        num::mul(ratio, target)
            .unwrap_or(target)
            .round_dp_with_strategy(places, rust_decimal::RoundingStrategy::ToPositiveInfinity)
    } else {
        let exact = match evaluation_at_most(evaluation, indicator_id) {
            super::AtMostScoring::Proportional => target.checked_div(ratio).unwrap_or(target),
            super::AtMostScoring::Linear => {
                Decimal::TWO.checked_sub(ratio).and_then(|f| target.checked_mul(f)).ok_or(GoalError::TooLarge)?
            }
        };
        exact.round_dp_with_strategy(places, rust_decimal::RoundingStrategy::ToNegativeInfinity)
    };
    // The division above is exact to 28 digits; a last-place shortfall is made up here.
    for _ in 0..4 {
        let total = total_at(actual);
        if total >= goal {
            return Ok(GoalSeek::Reachable { actual, at_least, total });
        }
        actual =
            if at_least { actual.checked_add(step) } else { actual.checked_sub(step) }.ok_or(GoalError::TooLarge)?;
    }
    Ok(GoalSeek::Unreachable { best_actual: target, best_total })
}

fn evaluation_at_most(evaluation: &Evaluation, indicator_id: &str) -> super::AtMostScoring {
    evaluation
        .find_indicator(indicator_id)
        .and_then(|(node, _): (&Node, _)| match node.rule() {
            Some(Rule::Indicators { at_most_scoring, .. }) => Some(*at_most_scoring),
            _ => None,
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod granularity_tests {
    use super::in_units;
    use crate::test_support::d;

    #[test]
    fn an_answer_in_whole_things_where_the_unit_counts_them() {
        // (unit, exact answer, a floor?, answered)
        let cases = [
            ("人", "19.9952", true, "20"),
            ("人", "19.9952", false, "19"),
            ("艘", "6", true, "6"),
            ("万人", "3.21", true, "3.21"),
            ("%", "95.5", true, "95.5"),
            ("", "7.2", true, "7.2"),
        ];
        for (unit, exact, at_least, answered) in cases {
            assert_eq!(in_units(unit, d(exact), at_least), d(answered), "{unit} {exact}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{d, seed};

    /// Targets with 28 places or 28 digits, goals of any size, both directions and conventions: an
    /// answer or an error, never a panic (cargo-fuzz found `Decimal::new(1, 32)` here).
    #[test]
    fn goal_seek_at_the_edges_of_a_decimal() {
        for target in ["0.0000000000000000000000000001", "0.0000000000000000000000001", "79228162514264337593543950335"]
        {
            for direction in [Direction::AtLeast, Direction::AtMost] {
                for at_most in [crate::domain::AtMostScoring::Proportional, crate::domain::AtMostScoring::Linear] {
                    let mut evaluation = seed();
                    if let Some(node) = evaluation.root.find_mut("lz.dept") {
                        if let crate::domain::NodeBody::Leaf(Rule::Indicators { at_most_scoring, .. }) = &mut node.body
                        {
                            *at_most_scoring = at_most;
                        }
                    }
                    let indicator = evaluation.find_indicator_mut("dept-07").unwrap();
                    indicator.target = Some(d(target));
                    indicator.direction = direction;
                    for goal in [Decimal::MIN, d("-1"), d("0"), d("97.998"), d("100"), Decimal::MAX] {
                        match seek_actual(&evaluation, "dept-07", goal) {
                            Ok(_) | Err(GoalError::TooLarge) => {}
                            Err(other) => panic!("{target} {direction:?} {goal}: {other:?}"),
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn deltas_list_only_what_changed() {
        let base = seed();
        let mut current = base.clone();
        Edit::Actual { indicator: "dept-07".into(), value: Some(Actual::Number(d("20"))) }.apply(&mut current).unwrap();
        let delta = deltas(&score(&base), &score(&current));
        assert_eq!(delta.total, d("0.21875"));
        assert!(!delta.grade_changed());
        assert_eq!(
            delta.nodes,
            [
                ("total".to_string(), d("0.21875")),
                ("lz".to_string(), d("0.21875")),
                ("lz.dept".to_string(), d("0.21875"))
            ]
        );
        assert_eq!(delta.indicators, [("dept-07".to_string(), d("0.21875"))]);
        assert!(deltas(&score(&base), &score(&base)).nodes.is_empty());
    }

    /// Where a row does not apply the total is converted to the full points: the root's row shows that
    /// total, and its Δ is the total's (+4.167 here), not the unconverted sum's (+3.75).
    #[test]
    fn the_root_rows_delta_is_the_totals() {
        let base = crate::presets::find("project-national-example").unwrap().evaluation().unwrap();
        let mut current = base.clone();
        Edit::Actual { indicator: "output-02".into(), value: Some(Actual::Number(d("3.2"))) }
            .apply(&mut current)
            .unwrap();
        let (before, after) = (score(&base), score(&current));
        let delta = deltas(&before, &after);
        let root = |s: &Scored| s.nodes.iter().find(|n| n.parent.is_none()).unwrap().score;
        let unconverted = root(&after) - root(&before);
        assert_ne!(delta.total, unconverted, "the example has a row not applicable: the total is converted");
        assert_eq!(delta.node("total"), Some(delta.total));
        assert_eq!(delta.node("output"), Some(d("0.625")));
        assert_eq!(deltas(&before, &before).node("total"), None);
    }

    /// A changed tree (an indicator removed, one moved) pairs the two sides by id, not position.
    #[test]
    fn deltas_across_a_changed_structure_pair_by_id() {
        use crate::domain::structure::StructureEdit;
        let base = seed();
        let mut current = base.clone();
        StructureEdit::Remove { id: "dept-01".into() }.apply(&mut current).unwrap();
        StructureEdit::Move { id: "dept-07".into(), up: true }.apply(&mut current).unwrap();
        Edit::Actual { indicator: "dept-07".into(), value: Some(Actual::Number(d("20"))) }.apply(&mut current).unwrap();
        let (before, now) = (score(&base), score(&current));
        let delta = deltas(&before, &now);
        let lost_share = before.indicators.iter().find(|i| i.id == "dept-01").unwrap().score;
        assert!(delta.indicators.iter().all(|(id, _)| id != "dept-01"), "present on one side only: left out");
        // The other indicators' shares grow with one gone; each listed delta is its own score's change.
        for (id, change) in &delta.indicators {
            let score_of = |s: &Scored| s.indicators.iter().find(|i| &i.id == id).unwrap().score;
            assert_eq!(*change, score_of(&now) - score_of(&before), "{id}");
        }
        assert!(delta.indicator("dept-07").is_some());
        assert_eq!(delta.total, now.total - before.total);
        assert!(!lost_share.is_zero());
    }

    #[test]
    fn a_grade_change_is_reported() {
        let base = seed();
        let mut current = base.clone();
        for node in ["gl.budget.prior-assessment", "gl.execution.carryover-rate", "gl.performance.result-application"] {
            Edit::Passed { node: node.into(), value: Some(false) }.apply(&mut current).unwrap();
        }
        Edit::Rate { node: "lz.fund-exec".into(), value: Some(d("0")) }.apply(&mut current).unwrap();
        let delta = deltas(&score(&base), &score(&current));
        assert_eq!(delta.total, d("-12.999"));
        assert_eq!((delta.grade_before.as_str(), delta.grade_after.as_str()), ("优", "良"));
        assert!(delta.grade_changed());
    }

    /// The seed loses points in five places: two procurement items, dept-07 and the two execution rates.
    #[test]
    fn lost_points_on_the_seed() {
        let evaluation = seed();
        let losses = lost_points(&evaluation, &score(&evaluation));
        let listed: Vec<(&str, Decimal)> =
            losses.iter().map(|l| (l.indicator_id.as_deref().unwrap_or(&l.node_id), l.lost)).collect();
        assert_eq!(
            listed,
            [
                ("gl.procurement.contract-timeliness", d("1")),
                ("gl.procurement.contract-filing", d("1")),
                ("dept-07", d("0.21875")),
                ("lz.fund-exec", d("0.001")),
                ("lz.exec", d("0.00085")),
            ]
        );
        assert_eq!(losses[0].reason, LossReason::Band(Some((d("90"), d("2")))));
        assert_eq!(losses[1].reason, LossReason::Failed);
        assert_eq!(losses[2].reason, LossReason::Ratio(d("0.65")));
        assert_eq!(losses[3].reason, LossReason::Rate(d("99.98")));
        assert_eq!(losses[4].reason, LossReason::Rate(d("99.983")));
        assert_eq!(losses[0].reason.describe(Lang::Zh), "达到 ≥90 档，得 2 分");
    }

    /// The lost points add up to what the total lacks, a cap's share included (it was left out: the
    /// list and the table's root row showed the total before the cap).
    #[test]
    fn a_capped_total_lists_what_the_cap_took() {
        let mut evaluation = seed();
        evaluation.meta.total_caps = Some(crate::domain::TotalCaps {
            rate_node: "lz.exec".into(),
            caps: vec![crate::domain::TotalCap { below: d("100"), cap: d("90") }],
        });
        let scored = score(&evaluation);
        assert_eq!((scored.total, scored.uncapped_total), (d("90"), d("97.7794")));
        let losses = lost_points(&evaluation, &scored);
        assert_eq!(losses[0].reason, LossReason::Capped(d("90")));
        assert_eq!(losses[0].lost, d("7.7794"));
        assert_eq!(losses[0].reason.describe(Lang::Zh), "总分封顶 90 分");
        let lost: Decimal = losses.iter().map(|l| l.lost).sum();
        assert_eq!(lost, evaluation.root.points - scored.total);
        // The table's total row: the capped total, and every point it lacks lost.
        let root = scored.shown(&scored.nodes[0]).expect("capped: the root is shown capped");
        assert_eq!((root.score, root.lost), (d("90"), d("10")));
        assert_eq!(scored.shown(&scored.nodes[1]), None);
        // Uncapped, as before: the seed's five losses add up to 100 − 97.7794.
        let seed = seed();
        let losses = lost_points(&seed, &score(&seed));
        assert_eq!(losses.iter().map(|l| l.lost).sum::<Decimal>(), d("2.2206"));
    }

    #[test]
    fn goal_seek_finds_the_exact_actual() {
        let evaluation = seed();
        // 97.998 needs ratio 0.99976 of 20 people: 19.9952.
        assert_eq!(
            seek_actual(&evaluation, "dept-07", d("97.998")),
            Ok(GoalSeek::Reachable { actual: d("19.9952"), at_least: true, total: d("97.998") })
        );
        // Already reached at 0: any actual would do; the least total is the one at 0.
        assert_eq!(seek_actual(&evaluation, "dept-07", d("90")), Ok(GoalSeek::Always { total: d("97.37315") }));
        // 99 is out of this indicator's reach: the best is a fully met target.
        assert_eq!(
            seek_actual(&evaluation, "dept-07", d("99")),
            Ok(GoalSeek::Unreachable { best_actual: d("20"), best_total: d("97.99815") })
        );
    }

    #[test]
    fn goal_seek_on_at_most_indicators_bounds_from_above() {
        let evaluation = seed();
        // dept-28: 城市困难免学费学生资助比例 ≤ 5, actual 2.51. Proportional: ratio 5 / a.
        let (_, i) = evaluation.find_indicator("dept-28").unwrap();
        assert_eq!((i.direction, i.target), (Direction::AtMost, Some(d("5"))));
        let goal = d("97.7");
        let Ok(GoalSeek::Reachable { actual, at_least: false, total }) = seek_actual(&evaluation, "dept-28", goal)
        else {
            panic!("reachable")
        };
        assert!(total >= goal);
        let mut past = evaluation.clone();
        Edit::Actual { indicator: "dept-28".into(), value: Some(Actual::Number(actual + d("0.0001"))) }
            .apply(&mut past)
            .unwrap();
        assert!(score(&past).total < goal, "{actual} is the largest actual that keeps the goal");
    }

    #[test]
    fn goal_seek_on_a_target_over_actual_indicator_never_answers_below_zero() {
        let evaluation = seed();
        // dept-32: 有效投诉数量 ≤ 10, scored 10 ÷ actual. However many complaints, the total stays
        // above 97: the goal holds at any actual, not at a negative one.
        for goal in ["90", "97"] {
            let Ok(GoalSeek::Always { total }) = seek_actual(&evaluation, "dept-32", d(goal)) else {
                panic!("{goal} is reached whatever the actual: {:?}", seek_actual(&evaluation, "dept-32", d(goal)))
            };
            assert!(total >= d(goal));
            // The least total: what ever more complaints approach, and never reach.
            for actual in ["10", "20", "1000", "1000000000"] {
                let mut variant = evaluation.clone();
                Edit::Actual { indicator: "dept-32".into(), value: Some(Actual::Number(d(actual))) }
                    .apply(&mut variant)
                    .unwrap();
                assert!(score(&variant).total > total, "{actual} complaints");
            }
        }
        let Ok(GoalSeek::Reachable { actual, at_least: false, total }) = seek_actual(&evaluation, "dept-32", d("97.5"))
        else {
            panic!("97.5 needs few enough complaints")
        };
        assert!(actual > d("10") && total >= d("97.5"), "{actual} → {total}");
    }

    /// Every answer holds when checked with the engine, for each numeric indicator of the seed and
    /// goals across the range: a reachable actual is no less than 0 and reaches the goal, "always"
    /// holds at actuals from 0 to a billion, and "unreachable" is short at the best actual.
    #[test]
    fn every_goal_seek_answer_holds_in_the_engine() {
        let evaluation = seed();
        let total_at = |id: &str, actual: Decimal| {
            let mut variant = evaluation.clone();
            Edit::Actual { indicator: id.into(), value: Some(Actual::Number(actual)) }.apply(&mut variant).unwrap();
            score(&variant).total
        };
        let ids: Vec<String> = evaluation.root.walk().flat_map(|n| n.indicators()).map(|i| i.id.clone()).collect();
        let mut answers = [0; 3];
        for id in &ids {
            for goal in ["0", "50", "90", "95", "97", "97.5", "97.7794", "97.9", "98", "100"].map(d) {
                match seek_actual(&evaluation, id, goal) {
                    Ok(GoalSeek::Reachable { actual, total, .. }) => {
                        answers[0] += 1;
                        assert!(actual >= Decimal::ZERO, "{id} {goal}: {actual}");
                        assert_eq!(total_at(id, actual), total, "{id} {goal}");
                        assert!(total >= goal, "{id} {goal}: {actual} → {total}");
                    }
                    Ok(GoalSeek::Always { total }) => {
                        answers[1] += 1;
                        assert!(total >= goal, "{id} {goal}: {total}");
                        for actual in ["0", "0.5", "1", "10", "100", "1000000000"].map(d) {
                            assert!(total_at(id, actual) >= goal, "{id} {goal}: {actual}");
                        }
                    }
                    Ok(GoalSeek::Unreachable { best_actual, best_total }) => {
                        answers[2] += 1;
                        assert_eq!(total_at(id, best_actual), best_total, "{id} {goal}");
                        assert!(best_total < goal, "{id} {goal}");
                    }
                    Err(_) => {}
                }
            }
        }
        // All three kinds of answer were exercised.
        assert!(answers.iter().all(|n| *n > 0), "{answers:?}");
    }

    #[test]
    fn goal_seek_refuses_what_it_cannot_solve() {
        let evaluation = seed();
        assert_eq!(seek_actual(&evaluation, "dept-25", d("90")), Err(GoalError::NotNumeric));
        assert_eq!(seek_actual(&evaluation, "nope", d("90")), Err(GoalError::NoSuchIndicator("nope".into())));
        let mut na = evaluation.clone();
        Edit::NotApplicable { indicator: "dept-07".into(), value: true }.apply(&mut na).unwrap();
        assert_eq!(seek_actual(&na, "dept-07", d("90")), Err(GoalError::NotApplicable));
    }
}
