//! Warnings a reviewer wants to see, computed from an evaluation and its scores. Never fatal: an
//! evaluation with every warning in this file still scores.

use std::ops::Range;

use rust_decimal::Decimal;

use super::model::{Actual, Direction, Evaluation, Node, Rule};
use super::num::{
    format_exact as x, format_fixed, format_fixed_signed, format_percent, format_short as short, HUNDRED,
};
use super::scored::{execution_rate, Badge, NodeResult, RuleError, Scored, Status};
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
    /// A row whose own printed score disagrees: printed − computed.
    pub gap: Option<Decimal>,
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
        /// A node's scores are totals, shown by the one rule for totals at these places (97.933,
        /// +1.667, as the summary shows them); a row's, `None`, as its cells show them.
        places: Option<u32>,
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
    /// A printed score above the row's or node's points (a total above its 100): impossible.
    ReportedAbovePoints {
        reported: Decimal,
        points: Decimal,
    },
    /// A printed score beside an input not filled in: nothing to disagree with yet.
    ReportedNotFilled {
        reported: Decimal,
    },
    /// The indicators got a larger share of their points than the money was spent (by more than 5).
    ResultsAheadOfSpending {
        indicators: Decimal,
        execution: Decimal,
    },
    /// More than 20 % of the full-year budget unspent.
    BudgetUnspent {
        unspent: Decimal,
    },
    /// An execution rate below 90 % without a 偏差原因.
    LowExecutionWithoutReason {
        rate: Decimal,
    },
    /// A 成本 indicator whose target is a floor (≥): a cost is kept under a ceiling.
    CostAtLeast,
    /// 产出, 效益 or 满意度 has no row in the table.
    MissingTier {
        tier: String,
    },
    /// A target still holds a template's placeholder ("xx", "*", "—").
    PlaceholderTarget {
        text: String,
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
            CheckKind::ReportedAbovePoints { .. } => "reported_above_points",
            CheckKind::ReportedNotFilled { .. } => "reported_not_filled",
            CheckKind::ResultsAheadOfSpending { .. } => "results_ahead_of_spending",
            CheckKind::BudgetUnspent { .. } => "budget_unspent",
            CheckKind::LowExecutionWithoutReason { .. } => "low_execution_no_reason",
            CheckKind::CostAtLeast => "cost_at_least",
            CheckKind::MissingTier { .. } => "missing_tier",
            CheckKind::PlaceholderTarget { .. } => "placeholder_target",
        }
    }

    pub fn severity(&self) -> Severity {
        match &self.kind {
            CheckKind::Rule(_) | CheckKind::CapNodeInvalid | CheckKind::ReportedAbovePoints { .. } => Severity::Error,
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
            CheckKind::ReportedMismatch { reported, computed, explained_by, places } => {
                let shown = |value: Decimal| places.map_or_else(|| short(value), |p| format_fixed(value, p));
                let gap = reported.checked_sub(*computed).map_or_else(
                    || lang.pick("超出可计算范围", "too large").into(),
                    |gap| places.map_or_else(|| short(gap), |p| format_fixed_signed(gap, p)),
                );
                let culprits: Vec<String> = explained_by
                    .iter()
                    .map(|c| match (c.gap, c.ratio) {
                        (Some(gap), _) => lang.pick(
                            format!("{}（报告与计算相差 {}）", c.name, short(gap)),
                            format!("{} (reported and computed differ by {})", c.name, short(gap)),
                        ),
                        (None, Some(r)) => lang.pick(
                            format!("{}（完成率 {}，失分 {}）", c.name, format_percent(r, 2), short(c.lost)),
                            format!("{} ({} complete, {} lost)", c.name, format_percent(r, 2), short(c.lost)),
                        ),
                        (None, None) => lang.pick(
                            format!("{}（失分 {}）", c.name, short(c.lost)),
                            format!("{} ({} lost)", c.name, short(c.lost)),
                        ),
                    })
                    .collect();
                let mut text = lang.pick(
                    format!("{who}：报告得分 {}，计算得分 {}，相差 {gap}", x(*reported), shown(*computed)),
                    format!("{who}: reported {}, computed {}, a difference of {gap}", x(*reported), shown(*computed)),
                );
                // Points lost explain a report that claims more; rows printed otherwise explain either way.
                if explained_by.iter().all(|c| c.gap.is_none()) && !culprits.is_empty() {
                    text += &lang.pick(
                        format!("；失分来自：{}", culprits.join("、")),
                        format!("; points lost at: {}", culprits.join(", ")),
                    );
                } else if !culprits.is_empty() {
                    text += &lang.pick(
                        format!("；相差来自：{}", culprits.join("、")),
                        format!("; the difference comes from: {}", culprits.join(", ")),
                    );
                }
                text
            }
            CheckKind::ReportedAbovePoints { reported, points } => lang.pick(
                format!("{who}：报告得分 {} 高于分值 {}，不可能", x(*reported), x(*points)),
                format!("{who}: a reported score of {} is above its {} points, which cannot be", x(*reported), x(*points)),
            ),
            CheckKind::ReportedNotFilled { reported } => lang.pick(
                format!("{who}：报告得分 {}，但实际值尚未填写，无从核对", x(*reported)),
                format!("{who}: reported {}, but the actual is not filled in yet, so nothing can be checked", x(*reported)),
            ),
            CheckKind::ResultsAheadOfSpending { indicators, execution } => lang.pick(
                format!(
                    "{who}：绩效指标得分率 {}%，高于预算执行率 {}% 超过 5 个百分点（结果好于花钱进度）",
                    short(*indicators),
                    short(*execution)
                ),
                format!(
                    "{who}: the indicators scored {}% of their points, more than 5 points above the {}% of the budget spent",
                    short(*indicators),
                    short(*execution)
                ),
            ),
            CheckKind::BudgetUnspent { unspent } => lang.pick(
                format!("{who}：全年预算有 {}% 未执行（超过 20%）", short(*unspent)),
                format!("{who}: {}% of the full-year budget is unspent (over 20%)", short(*unspent)),
            ),
            CheckKind::LowExecutionWithoutReason { rate } => lang.pick(
                format!("{who}：预算执行率 {}% 未达到 90%，应说明原因", short(*rate)),
                format!("{who}: an execution rate of {}% is below 90% with no reason given", short(*rate)),
            ),
            CheckKind::CostAtLeast => lang.pick(
                format!("{who}：成本指标的目标应为上限（≤），此处为“≥”"),
                format!("{who}: a cost indicator's target is a ceiling (≤), not a floor (≥)"),
            ),
            CheckKind::MissingTier { tier } => lang.pick(
                format!("绩效指标缺少“{tier}”一级指标"),
                format!("The table has no {tier} (一级指标) row"),
            ),
            CheckKind::PlaceholderTarget { text } => lang.pick(
                format!("{who}：目标值“{text}”是模板中的占位符，尚未替换"),
                format!("{who}: the target “{text}” is the template's placeholder, not yet replaced"),
            ),
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
    let project = is_project_table(evaluation);
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
        // A project table's rows carry their own points: they should add up to their list's.
        let rows = node.indicators();
        if !rows.is_empty() && rows.iter().all(|i| i.points.is_some()) {
            let sum = rows.iter().try_fold(Decimal::ZERO, |sum, i| sum.checked_add(i.points.unwrap_or_default()));
            if let Some(children_sum) = sum.filter(|s| *s != node.points) {
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
                    if let Some(reported) = indicator.reported {
                        let filled = c.badge != Badge::Pending;
                        let points = indicator.points.unwrap_or(outcome.share);
                        let kind = reported_check(reported, points, outcome.score, filled, tolerance, None, Vec::new);
                        if let Some(kind) = kind {
                            flag(kind);
                        }
                    }
                    // A project table's template checks (a department's 成本 rows may well be floors).
                    if project && indicator.category.contains("成本") && indicator.direction == Direction::AtLeast {
                        flag(CheckKind::CostAtLeast);
                    }
                    if project && is_placeholder(&indicator.target_text) {
                        flag(CheckKind::PlaceholderTarget { text: indicator.target_text.trim().to_string() });
                    }
                }
            }
        }
        if let Some(reported) = node.reported {
            // The root as shown: converted without not-applicable rows, and capped.
            let computed = scored.shown(result).map_or(result.score, |shown| shown.score);
            let filled = node.rule().is_none() || result.status != Status::Pending;
            let explain = || tree.explain(index, tolerance, reported.checked_sub(computed).unwrap_or_default());
            let places = Some(evaluation.meta.display_decimals);
            if let Some(kind) = reported_check(reported, node.points, computed, filled, tolerance, places, explain) {
                push(kind, None);
            }
        }
        if let Some(Rule::Budget { lines, reason, .. }) = node.rule() {
            budget_checks(lines, reason, result, &tree, &mut push);
        }
    }
    if project {
        for tier in ["产出", "效益", "满意度"] {
            let has = |text: &str| text.contains(tier);
            let present = nodes
                .iter()
                .any(|n| n.indicators().iter().any(|i| has(&i.category) || (i.category.is_empty() && has(&n.name))));
            if !present {
                let root = &evaluation.root;
                let kind = CheckKind::MissingTier { tier: tier.to_string() };
                checks.push(Check { kind, node_id: root.id.clone(), indicator_id: None, subject: root.name.clone() });
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

/// What a printed score says beside the computed one: impossible (above the points), not yet
/// comparable (the input is empty), or a disagreement, explained by `explain`.
fn reported_check(
    reported: Decimal,
    points: Decimal,
    computed: Decimal,
    filled: bool,
    tolerance: Decimal,
    places: Option<u32>,
    explain: impl FnOnce() -> Vec<Culprit>,
) -> Option<CheckKind> {
    // Printed scores are rounded: above the points by no more than the rounding is no contradiction.
    if beyond(reported, points, tolerance) && reported > points {
        Some(CheckKind::ReportedAbovePoints { reported, points })
    } else if !filled {
        Some(CheckKind::ReportedNotFilled { reported })
    } else if beyond(reported, computed, tolerance) {
        Some(CheckKind::ReportedMismatch { reported, computed, explained_by: explain(), places })
    } else {
        None
    }
}

/// A project table: rows with their own points, or a funds block. The checks of its template apply.
pub fn is_project_table(evaluation: &Evaluation) -> bool {
    evaluation
        .root
        .walk()
        .any(|n| matches!(n.rule(), Some(Rule::Budget { .. })) || n.indicators().iter().any(|i| i.points.is_some()))
}

/// A template's placeholder left in a cell.
fn is_placeholder(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty()
        && (text.chars().all(|c| matches!(c, '*' | '＊' | '—' | '-' | '－' | '…' | '.' | '×'))
            || text.eq_ignore_ascii_case("xx")
            || text.to_lowercase().chars().all(|c| c == 'x'))
}

/// The funds block: what was left unspent, a low rate without its reason, and indicators that did
/// better than the money was spent.
fn budget_checks(
    lines: &[crate::domain::BudgetLine],
    reason: &str,
    result: &NodeResult,
    tree: &Tree,
    push: &mut impl FnMut(CheckKind, Option<(&str, &str)>),
) {
    let Some(rate) = execution_rate(result) else { return };
    if let Some(total) = lines.first() {
        if let (Some(budget), Some(executed)) = (total.adjusted, total.executed) {
            let unspent = budget.saturating_sub(executed).max(Decimal::ZERO);
            let share = unspent.checked_div(budget).and_then(|s| s.checked_mul(HUNDRED));
            if let Some(unspent) = share.filter(|s| budget > Decimal::ZERO && *s > Decimal::from(20)) {
                push(CheckKind::BudgetUnspent { unspent }, None);
            }
        }
    }
    if rate < Decimal::from(90) && reason.trim().is_empty() {
        push(CheckKind::LowExecutionWithoutReason { rate }, None);
    }
    let (share, score) = tree
        .scored
        .indicators
        .iter()
        .filter(|i| i.completion.badge != Badge::NotApplicable)
        .fold((Decimal::ZERO, Decimal::ZERO), |(share, score), i| {
            (share.saturating_add(i.share), score.saturating_add(i.score))
        });
    let indicators = score.checked_mul(HUNDRED).and_then(|s| s.checked_div(share)).filter(|_| share > Decimal::ZERO);
    if let Some(indicators) = indicators.filter(|i| i.saturating_sub(rate) > Decimal::from(5)) {
        push(CheckKind::ResultsAheadOfSpending { indicators, execution: rate }, None);
    }
}

/// Whether `a` and `b` differ by more than `tolerance`; a difference too large for a decimal does.
fn beyond(a: Decimal, b: Decimal, tolerance: Decimal) -> bool {
    a.checked_sub(b).is_none_or(|gap| gap.abs() > tolerance)
}

/// Whether a printed score (`difference`: printed − computed) disagrees with the computed one beyond
/// rounding to the displayed places: the one rule of the checks, the table's ≠ and red figures, and
/// the import's verdict on a workbook's total (a workbook's number is a binary float: 9.333333333333334
/// is the computed 9.3333… written by a spreadsheet, not a disagreement).
pub fn printed_differs(difference: Decimal, decimals: u32) -> bool {
    difference.abs() > half_display_unit(decimals)
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
        Rule::Budget { .. } if result.status == Status::Pending => push(CheckKind::MissingActual, None),
        // Capped, a rate over 100 % is credited as 100 %: say so.
        Rule::Budget { uncapped: false, .. } => {
            if let Some(rate) = execution_rate(result).filter(over_100) {
                push(CheckKind::RateOver100 { rate }, None);
            }
        }
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

    /// What explains a node whose reported score disagrees (`gap`: reported − computed): descend
    /// through children that report nothing or disagree too, skip those whose reported score matches
    /// (the department and the engine agree there), and name the rows whose own printed score
    /// disagrees the same way and, where the report claims more, the indicators and leaves that lost
    /// points. Largest first.
    fn explain(&self, index: usize, tolerance: Decimal, gap: Decimal) -> Vec<Culprit> {
        let mut culprits = Vec::new();
        self.collect(index, tolerance, gap, &mut culprits);
        culprits.sort_by_key(|c| std::cmp::Reverse(c.gap.map_or(c.lost, |g| g.abs())));
        culprits
    }

    fn collect(&self, index: usize, tolerance: Decimal, gap: Decimal, out: &mut Vec<Culprit>) {
        let node = self.nodes[index];
        let result = &self.scored.nodes[index];
        if !node.children().is_empty() {
            for &child in &self.children[index] {
                let child_result = &self.scored.nodes[child];
                let agrees = child_result.reported.is_some_and(|r| !beyond(r, child_result.score, tolerance));
                if !agrees {
                    self.collect(child, tolerance, gap, out);
                }
            }
            return;
        }
        let range = self.indicators[index].clone();
        let claims_more = gap > Decimal::ZERO;
        if range.is_empty() {
            if claims_more && result.lost > Decimal::ZERO {
                out.push(Culprit {
                    node_id: node.id.clone(),
                    indicator_id: None,
                    name: node.name.clone(),
                    lost: result.lost,
                    ratio: None,
                    gap: None,
                });
            }
            return;
        }
        for (indicator, outcome) in node.indicators().iter().zip(&self.scored.indicators[range]) {
            let culprit = |gap| Culprit {
                node_id: node.id.clone(),
                indicator_id: Some(indicator.id.clone()),
                name: indicator.name.clone(),
                lost: outcome.lost,
                ratio: outcome.completion.ratio,
                gap,
            };
            match outcome.difference {
                // A row with its own printed score explains the gap where it disagrees the same way.
                Some(row_gap)
                    if outcome.reported.is_some()
                        && beyond(row_gap, Decimal::ZERO, tolerance)
                        && (row_gap > Decimal::ZERO) == claims_more =>
                {
                    out.push(culprit(Some(row_gap)))
                }
                Some(_) if outcome.reported.is_some() => {}
                _ if claims_more && outcome.lost > Decimal::ZERO => out.push(culprit(None)),
                _ => {}
            }
        }
    }
}
