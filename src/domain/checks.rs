//! Warnings a reviewer wants to see, computed from an evaluation and its scores. Never fatal: an
//! evaluation with every warning in this file still scores.

use std::ops::Range;

use rust_decimal::Decimal;

use super::model::{Actual, Direction, Evaluation, Node, Rule};
use super::num::{format_exact as x, format_percent, format_short as short, HUNDRED};
use super::scored::{execution_rate, Badge, NodeResult, RuleError, Scored};
use super::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One finding, about a node and possibly one of its indicators.
#[derive(Clone, Debug, PartialEq)]
pub struct Check {
    pub kind: CheckKind,
    pub node_id: String,
    pub indicator_id: Option<String>,
    /// The node's or indicator's name, for the message.
    pub subject: String,
}

/// Something that lost points and so explains a gap between a reported and a computed score.
#[derive(Clone, Debug, PartialEq)]
pub struct Culprit {
    pub node_id: String,
    pub indicator_id: Option<String>,
    pub name: String,
    pub lost: Decimal,
    pub ratio: Option<Decimal>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum CheckKind {
    /// A rule could not use its input; the node or indicator counts 0.
    Rule(RuleError),
    PointsMismatch {
        children_sum: Decimal,
        points: Decimal,
    },
    /// 待填: an indicator without an actual, or a leaf without its input.
    MissingActual,
    /// 未完成 with no 偏差原因.
    ShortWithoutReason {
        ratio: Decimal,
    },
    /// ≥ 130% of target with no 偏差原因.
    ExceededWithoutReason {
        raw_ratio: Decimal,
    },
    /// Over an "= target" indicator's target.
    ExactOvershoot {
        target: Decimal,
        actual: Decimal,
    },
    ManualWithoutReason,
    ReportedMismatch {
        reported: Decimal,
        computed: Decimal,
        explained_by: Vec<Culprit>,
    },
    NegativeValue {
        value: Decimal,
    },
    RateOver100 {
        rate: Decimal,
    },
    /// actual / target is undefined; the convention decided the ratio.
    ZeroTarget,
    NoIndicators,
    AllNotApplicable,
    CapApplied {
        rate: Decimal,
        cap: Decimal,
    },
    CapNodeInvalid,
    /// A grade starts above the full points (they were lowered after the bands were set): no total
    /// reaches it.
    GradeUnreachable {
        grade: String,
        min: Decimal,
        points: Decimal,
    },
}

/// At and above this actual / target, a 偏差原因 is expected.
pub fn far_exceeded() -> Decimal {
    Decimal::new(13, 1)
}

impl Check {
    /// Stable identifier, printed by the CLI and carried in the app's `data-code`.
    pub fn code(&self) -> &'static str {
        match &self.kind {
            CheckKind::Rule(error) => error.code(),
            CheckKind::PointsMismatch { .. } => "points_mismatch",
            CheckKind::MissingActual => "missing_actual",
            CheckKind::ShortWithoutReason { .. } => "short_no_reason",
            CheckKind::ExceededWithoutReason { .. } => "exceeded_no_reason",
            CheckKind::ExactOvershoot { .. } => "exact_overshoot",
            CheckKind::ManualWithoutReason => "manual_no_reason",
            CheckKind::ReportedMismatch { .. } => "reported_mismatch",
            CheckKind::NegativeValue { .. } => "negative_value",
            CheckKind::RateOver100 { .. } => "rate_over_100",
            CheckKind::ZeroTarget => "zero_target",
            CheckKind::NoIndicators => "no_indicators",
            CheckKind::AllNotApplicable => "all_not_applicable",
            CheckKind::CapApplied { .. } => "cap_applied",
            CheckKind::CapNodeInvalid => "cap_node_invalid",
            CheckKind::GradeUnreachable { .. } => "grade_unreachable",
        }
    }

    pub fn severity(&self) -> Severity {
        match &self.kind {
            CheckKind::Rule(_) | CheckKind::CapNodeInvalid => Severity::Error,
            CheckKind::MissingActual | CheckKind::CapApplied { .. } | CheckKind::AllNotApplicable => Severity::Info,
            _ => Severity::Warning,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let who = &self.subject;
        match &self.kind {
            CheckKind::Rule(error) => {
                lang.pick(format!("{who}：{}", error.message(lang)), format!("{who}: {}", error.message(lang)))
            }
            CheckKind::PointsMismatch { children_sum, points } => lang.pick(
                format!("{who}：下级分值合计 {}，与本项分值 {} 不符", x(*children_sum), x(*points)),
                format!("{who}: its items add up to {} points, not its {}", x(*children_sum), x(*points)),
            ),
            CheckKind::MissingActual => {
                lang.pick(format!("{who}：尚未填写实际值"), format!("{who}: no actual value yet"))
            }
            CheckKind::ShortWithoutReason { ratio } => lang.pick(
                format!("{who}：未完成（完成率 {}），未填写偏差原因", format_percent(*ratio, 2)),
                format!("{who}: short of target ({}) with no reason given", format_percent(*ratio, 2)),
            ),
            CheckKind::ExceededWithoutReason { raw_ratio } => lang.pick(
                format!("{who}：完成值达目标的 {}（≥130%），应说明偏差原因", format_percent(*raw_ratio, 2)),
                format!("{who}: {} of target (≥130%) with no reason given", format_percent(*raw_ratio, 2)),
            ),
            CheckKind::ExactOvershoot { target, actual } => lang.pick(
                format!("{who}：目标为等于 {}，实际 {} 超出目标", x(*target), x(*actual)),
                format!("{who}: the target is exactly {}, the actual {} is over it", x(*target), x(*actual)),
            ),
            CheckKind::ManualWithoutReason => {
                lang.pick(format!("{who}：手工评分未说明理由"), format!("{who}: manual score without a reason"))
            }
            CheckKind::ReportedMismatch { reported, computed, explained_by } => {
                let gap = reported
                    .checked_sub(*computed)
                    .map_or_else(|| lang.pick("超出可计算范围", "too large").into(), short);
                let culprits: Vec<String> = explained_by
                    .iter()
                    .map(|c| match c.ratio {
                        Some(r) => lang.pick(
                            format!("{}（完成率 {}，失分 {}）", c.name, format_percent(r, 2), short(c.lost)),
                            format!("{} ({} complete, {} lost)", c.name, format_percent(r, 2), short(c.lost)),
                        ),
                        None => lang.pick(
                            format!("{}（失分 {}）", c.name, short(c.lost)),
                            format!("{} ({} lost)", c.name, short(c.lost)),
                        ),
                    })
                    .collect();
                let mut text = lang.pick(
                    format!("{who}：报告得分 {}，计算得分 {}，相差 {gap}", x(*reported), short(*computed)),
                    format!("{who}: reported {}, computed {}, a difference of {gap}", x(*reported), short(*computed)),
                );
                if !culprits.is_empty() {
                    text += &lang.pick(
                        format!("；失分来自：{}", culprits.join("、")),
                        format!("; points lost at: {}", culprits.join(", ")),
                    );
                }
                text
            }
            CheckKind::NegativeValue { value } => lang.pick(
                format!("{who}：数值 {} 为负数", x(*value)),
                format!("{who}: the value {} is negative", x(*value)),
            ),
            CheckKind::RateOver100 { rate } => lang.pick(
                format!("{who}：执行率 {}% 超过 100%，按 100% 计", short(*rate)),
                format!("{who}: a rate of {}% is over 100%; 100% is credited", short(*rate)),
            ),
            CheckKind::ZeroTarget => lang.pick(
                format!("{who}：目标值为 0，完成率无法相除，按是否达到目标计分"),
                format!("{who}: the target is 0, so there is no ratio; scored on reaching it or not"),
            ),
            CheckKind::NoIndicators => {
                lang.pick(format!("{who}：尚未设置任何指标"), format!("{who}: no indicators yet"))
            }
            CheckKind::AllNotApplicable => lang.pick(
                format!("{who}：所有指标均不适用，按满分计"),
                format!("{who}: every indicator is not applicable; full points"),
            ),
            CheckKind::CapApplied { rate, cap } => lang.pick(
                format!("{who}：执行率 {}%，总分封顶 {} 分", short(*rate), x(*cap)),
                format!("{who}: execution at {}%, so the total is capped at {}", short(*rate), x(*cap)),
            ),
            CheckKind::CapNodeInvalid => lang.pick(
                format!("总分封顶规则引用的“{who}”不是执行率项目"),
                format!("The total cap refers to “{who}”, which is not an execution-rate item"),
            ),
            CheckKind::GradeUnreachable { grade, min, points } => lang.pick(
                format!("等级“{grade}”从 {} 分起，高于满分 {}，无法达到", x(*min), x(*points)),
                format!(
                    "The grade “{grade}” starts at {}, above the full {} points: no total reaches it",
                    x(*min),
                    x(*points)
                ),
            ),
        }
    }
}

/// Every check, in the tree's order (the evaluation-level ones last).
pub fn run(evaluation: &Evaluation, scored: &Scored) -> Vec<Check> {
    let nodes: Vec<&Node> = evaluation.root.walk().collect();
    let tree = Tree::new(&nodes, scored);
    let tolerance = half_display_unit(evaluation.meta.display_decimals);
    let mut checks = Vec::new();
    for (index, node) in nodes.iter().enumerate() {
        let result = &scored.nodes[index];
        let mut push = |kind: CheckKind, indicator: Option<(&str, &str)>| {
            checks.push(Check {
                kind,
                node_id: node.id.clone(),
                indicator_id: indicator.map(|(id, _)| id.to_string()),
                subject: indicator.map_or_else(|| node.name.clone(), |(_, name)| name.to_string()),
            })
        };
        if let Some(error) = &result.error {
            push(CheckKind::Rule(error.clone()), None);
        }
        if node.rule().is_none() {
            let children_sum = node.children().iter().try_fold(Decimal::ZERO, |sum, c| sum.checked_add(c.points));
            if let Some(children_sum) = children_sum.filter(|s| *s != node.points) {
                push(CheckKind::PointsMismatch { children_sum, points: node.points }, None);
            }
        }
        if let Some(rule) = node.rule() {
            leaf_checks(rule, result, &mut push);
            if let Rule::Indicators { indicators, .. } = rule {
                for (indicator, outcome) in indicators.iter().zip(&scored.indicators[tree.indicators[index].clone()]) {
                    let c = &outcome.completion;
                    let mut flag = |kind| push(kind, Some((&indicator.id, &indicator.name)));
                    if let Some(error) = &c.error {
                        flag(CheckKind::Rule(error.clone()));
                    }
                    let no_reason = indicator.deviation_reason.trim().is_empty();
                    match c.badge {
                        Badge::Pending => flag(CheckKind::MissingActual),
                        Badge::Short if no_reason => {
                            flag(CheckKind::ShortWithoutReason { ratio: c.ratio.unwrap_or_default() })
                        }
                        _ => {}
                    }
                    if let Some(raw) = c.raw_ratio.filter(|r| *r >= far_exceeded() && no_reason) {
                        flag(CheckKind::ExceededWithoutReason { raw_ratio: raw });
                    }
                    if let (Direction::Exactly, Badge::Exceeded, Some(target), Some(Actual::Number(actual))) =
                        (indicator.direction, c.badge, indicator.target, &indicator.actual)
                    {
                        flag(CheckKind::ExactOvershoot { target, actual: *actual });
                    }
                    if c.zero_target {
                        flag(CheckKind::ZeroTarget);
                    }
                    let negative = match &indicator.actual {
                        Some(Actual::Number(a)) if *a < Decimal::ZERO && !indicator.not_applicable => Some(*a),
                        _ => indicator.target.filter(|t| *t < Decimal::ZERO),
                    };
                    if let Some(value) = negative {
                        flag(CheckKind::NegativeValue { value });
                    }
                }
            }
        }
        if let Some(reported) = node.reported {
            if beyond(reported, result.score, tolerance) {
                let explained_by = tree.explain(index, tolerance);
                push(CheckKind::ReportedMismatch { reported, computed: result.score, explained_by }, None);
            }
        }
    }
    if let Some(caps) = &evaluation.meta.total_caps {
        let rate_node = nodes.iter().position(|n| n.id == caps.rate_node);
        let rate = rate_node.and_then(|i| execution_rate(&scored.nodes[i]));
        let subject = rate_node.map_or_else(|| caps.rate_node.clone(), |i| nodes[i].name.clone());
        let check =
            |kind| Check { kind, node_id: caps.rate_node.clone(), indicator_id: None, subject: subject.clone() };
        match (rate_node, rate, scored.cap) {
            (None, _, _) => checks.push(check(CheckKind::CapNodeInvalid)),
            (Some(i), None, _)
                if !matches!(nodes[i].rule(), Some(Rule::Rate { .. } | Rule::MonthlyExecution { .. })) =>
            {
                checks.push(check(CheckKind::CapNodeInvalid))
            }
            (Some(_), Some(rate), Some(cap)) => checks.push(check(CheckKind::CapApplied { rate, cap })),
            _ => {}
        }
    }
    let root = &evaluation.root;
    for band in evaluation.meta.grade_bands.iter().filter(|b| b.min > root.points) {
        let kind = CheckKind::GradeUnreachable { grade: band.grade.clone(), min: band.min, points: root.points };
        checks.push(Check { kind, node_id: root.id.clone(), indicator_id: None, subject: root.name.clone() });
    }
    checks
}

/// Whether `a` and `b` differ by more than `tolerance`; a difference too large for a decimal does.
fn beyond(a: Decimal, b: Decimal, tolerance: Decimal) -> bool {
    a.checked_sub(b).is_none_or(|gap| gap.abs() > tolerance)
}

/// Half of the last displayed place: differences up to this are rounding, not disagreement.
pub fn half_display_unit(decimals: u32) -> Decimal {
    // 0.5 × 10^-decimals; beyond 27 places the unit is below what a decimal holds, so compare exactly.
    if decimals > 27 {
        return Decimal::ZERO;
    }
    Decimal::new(5, decimals + 1)
}

fn leaf_checks(rule: &Rule, result: &NodeResult, push: &mut impl FnMut(CheckKind, Option<(&str, &str)>)) {
    let over_100 = |rate: &Decimal| *rate > HUNDRED;
    match rule {
        Rule::Rate { rate: None }
        | Rule::Bands { input: None, .. }
        | Rule::PassFail { passed: None }
        | Rule::Deduction { value: None, .. } => push(CheckKind::MissingActual, None),
        Rule::Manual { score: None, .. } => push(CheckKind::MissingActual, None),
        Rule::Rate { rate: Some(rate) } => {
            if over_100(rate) {
                push(CheckKind::RateOver100 { rate: *rate }, None);
            }
            if *rate < Decimal::ZERO {
                push(CheckKind::NegativeValue { value: *rate }, None);
            }
        }
        Rule::MonthlyExecution { months } => {
            if months.iter().any(|m| m.rate.is_none()) && !months.is_empty() {
                push(CheckKind::MissingActual, None);
            }
            if let Some(rate) = months.iter().filter_map(|m| m.rate).find(over_100) {
                push(CheckKind::RateOver100 { rate }, None);
            }
            if let Some(value) = months.iter().filter_map(|m| m.rate).find(|r| *r < Decimal::ZERO) {
                push(CheckKind::NegativeValue { value }, None);
            }
        }
        Rule::Indicators { indicators, .. } => {
            if indicators.is_empty() {
                push(CheckKind::NoIndicators, None);
            } else if indicators.iter().all(|i| i.not_applicable) {
                push(CheckKind::AllNotApplicable, None);
            }
        }
        Rule::Manual { score: Some(_), reason } if reason.trim().is_empty() && result.error.is_none() => {
            push(CheckKind::ManualWithoutReason, None)
        }
        _ => {}
    }
}

/// Parent/child and node/indicator links over the flat results, for the explanations.
struct Tree<'a> {
    nodes: &'a [&'a Node],
    scored: &'a Scored,
    children: Vec<Vec<usize>>,
    /// The indicator results of each node, as a range into `Scored::indicators`.
    indicators: Vec<Range<usize>>,
}

impl<'a> Tree<'a> {
    fn new(nodes: &'a [&'a Node], scored: &'a Scored) -> Tree<'a> {
        let mut children = vec![Vec::new(); nodes.len()];
        for (i, result) in scored.nodes.iter().enumerate() {
            if let Some(parent) = result.parent {
                children[parent].push(i);
            }
        }
        let mut start = 0;
        let indicators = nodes
            .iter()
            .map(|node| {
                let range = start..start + node.indicators().len();
                start = range.end;
                range
            })
            .collect();
        Tree { nodes, scored, children, indicators }
    }

    /// What lost points under a node whose reported score disagrees: descend through children that
    /// report nothing or disagree too, skip those whose reported score matches (the department and the
    /// engine agree there), and name the indicators and leaves that lost points. Largest loss first.
    fn explain(&self, index: usize, tolerance: Decimal) -> Vec<Culprit> {
        let mut culprits = Vec::new();
        self.collect(index, tolerance, &mut culprits);
        culprits.sort_by_key(|c| std::cmp::Reverse(c.lost));
        culprits
    }

    fn collect(&self, index: usize, tolerance: Decimal, out: &mut Vec<Culprit>) {
        let node = self.nodes[index];
        let result = &self.scored.nodes[index];
        if !node.children().is_empty() {
            for &child in &self.children[index] {
                let child_result = &self.scored.nodes[child];
                let agrees = child_result.reported.is_some_and(|r| !beyond(r, child_result.score, tolerance));
                if !agrees {
                    self.collect(child, tolerance, out);
                }
            }
            return;
        }
        let range = self.indicators[index].clone();
        if range.is_empty() {
            if result.lost > Decimal::ZERO {
                out.push(Culprit {
                    node_id: node.id.clone(),
                    indicator_id: None,
                    name: node.name.clone(),
                    lost: result.lost,
                    ratio: None,
                });
            }
            return;
        }
        for (indicator, outcome) in node.indicators().iter().zip(&self.scored.indicators[range]) {
            if outcome.lost > Decimal::ZERO {
                out.push(Culprit {
                    node_id: node.id.clone(),
                    indicator_id: Some(indicator.id.clone()),
                    name: indicator.name.clone(),
                    lost: outcome.lost,
                    ratio: outcome.completion.ratio,
                });
            }
        }
    }
}
