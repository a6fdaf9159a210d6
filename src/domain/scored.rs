//! What scoring an evaluation gives (every node's and indicator's exact score, the total, the grade,
//! the checks) and `score()`, which makes it: the rules' arithmetic (`score.rs`), then the checks over
//! its results (`checks.rs`). Both phases read and write these types and nothing else of each other.

use rust_decimal::Decimal;

use super::checks::{self, Check};
use super::indicator::Completion;
use super::model::{Evaluation, Level};
use super::num::{self, Overflow};
use super::Lang;
use crate::i18n::texts;

/// Completion badge of one indicator; `as_str` is the `data-status` the app and CLI print.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Badge {
    /// 已完成.
    Met,
    /// 超额完成.
    Exceeded,
    /// 未完成.
    Short,
    /// 待填.
    Pending,
    /// 不适用.
    NotApplicable,
    /// 有误: an input the rule cannot use (see the indicator's error).
    Invalid,
}

impl Badge {
    pub fn as_str(self) -> &'static str {
        match self {
            Badge::Met => "met",
            Badge::Exceeded => "exceeded",
            Badge::Short => "short",
            Badge::Pending => "pending",
            Badge::NotApplicable => "na",
            Badge::Invalid => "error",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let t = texts(lang);
        match self {
            Badge::Met => t.badge_met,
            Badge::Exceeded => t.badge_exceeded,
            Badge::Short => t.badge_short,
            Badge::Pending => t.unset,
            Badge::NotApplicable => t.not_applicable,
            Badge::Invalid => t.badge_invalid,
        }
    }

    pub const ALL: [Badge; 6] =
        [Badge::Met, Badge::Exceeded, Badge::Short, Badge::Pending, Badge::NotApplicable, Badge::Invalid];
}

/// Why a node or indicator could not be scored. It counts 0 until the input is fixed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuleError {
    /// A month's 序时进度 is zero or negative: its credit would divide by zero.
    ZeroSchedule {
        month: String,
    },
    NoMonths,
    MissingTarget,
    LevelForNumeric,
    NumberForQualitative,
    PercentOutsideBand {
        level: Level,
        percent: Decimal,
        min: Decimal,
        max: Decimal,
    },
    NegativeWeight,
    ZeroTotalWeight,
    ManualOutOfRange {
        score: Decimal,
        points: Decimal,
    },
    BandScoreOutOfRange {
        score: Decimal,
        points: Decimal,
    },
    NegativeDeductionRate,
    NegativePoints,
    Overflow,
    /// A funds block without its first line (年度资金总额).
    NoBudgetLines,
    /// 全年预算数 is zero or below: the execution rate would divide by it.
    ZeroBudget,
    NegativeAmount,
    /// A target or actual as written that cannot be read (`target`: which), and how to write it.
    Unreadable {
        target: bool,
        cell: super::written::Unreadable,
    },
    /// The target's sign (`≥6艘`) disagrees with the row's direction.
    SignAgainstDirection {
        text: String,
        sign: super::model::Direction,
        direction: super::model::Direction,
    },
    /// A 时效 row whose target is no deadline.
    NotADeadline {
        text: String,
    },
    /// A 时效 row whose actual cannot be held against its deadline.
    UndecidableTime {
        target: String,
        actual: String,
    },
    /// A 时效 row with a year on one side only and no year above the table to fill the other: the
    /// row's dates cannot be compared until the evaluation's year (年度) is filled. `target_undated`:
    /// the deadline lacks the year (`12月底前`), else the actual does (`12月15日`).
    NoYear {
        target: String,
        actual: String,
        target_undated: bool,
    },
}

impl From<Overflow> for RuleError {
    fn from(_: Overflow) -> Self {
        RuleError::Overflow
    }
}

impl RuleError {
    /// Stable code, as in the CLI's warnings.
    pub fn code(&self) -> &'static str {
        match self {
            RuleError::ZeroSchedule { .. } => "division_by_zero",
            RuleError::NoMonths => "no_months",
            RuleError::MissingTarget => "missing_target",
            RuleError::LevelForNumeric | RuleError::NumberForQualitative => "wrong_actual_kind",
            RuleError::PercentOutsideBand { .. } => "percent_outside_band",
            RuleError::NegativeWeight => "negative_weight",
            RuleError::ZeroTotalWeight => "zero_total_weight",
            RuleError::ManualOutOfRange { .. } => "manual_out_of_range",
            RuleError::BandScoreOutOfRange { .. } => "band_score_out_of_range",
            RuleError::NegativeDeductionRate => "negative_deduction",
            RuleError::NegativePoints => "negative_points",
            RuleError::Overflow => "overflow",
            RuleError::NoBudgetLines => "no_budget_lines",
            RuleError::ZeroBudget => "zero_budget",
            RuleError::NegativeAmount => "negative_amount",
            RuleError::Unreadable { target: true, .. } => "unreadable_target",
            RuleError::Unreadable { target: false, .. } => "unreadable_actual",
            RuleError::SignAgainstDirection { .. } => "sign_against_direction",
            RuleError::NotADeadline { .. } => "not_a_deadline",
            // The same code as before it had its own message: the CLI's codes are a contract.
            RuleError::UndecidableTime { .. } | RuleError::NoYear { .. } => "undecidable_time",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let x = num::format_exact;
        match self {
            RuleError::ZeroSchedule { month } => lang.pick(
                format!("{month}的序时进度为 0，无法计算执行率（除以零）"),
                format!("{month}: the schedule is 0, so the rate cannot be divided by it"),
            ),
            RuleError::NoMonths => lang.pick("没有任何月份的数据".into(), "No months are listed".into()),
            RuleError::MissingTarget => lang.pick("缺少目标值".into(), "The target is missing".into()),
            RuleError::LevelForNumeric => lang.pick(
                "定量指标的实际值应为数字".into(),
                "A quantitative indicator needs a number as its actual".into(),
            ),
            RuleError::NumberForQualitative => lang.pick(
                "定性指标应选择达成程度".into(),
                "A qualitative indicator needs a level (achieved / partial / not achieved)".into(),
            ),
            RuleError::PercentOutsideBand { level, percent, min, max } => {
                let name = level_label(*level, lang);
                lang.pick(
                    format!("“{name}”的得分比例应在 {}%–{}% 之间，填写的是 {}%", x(*min), x(*max), x(*percent)),
                    format!("“{name}” takes {}–{}% of the share; {}% was entered", x(*min), x(*max), x(*percent)),
                )
            }
            RuleError::NegativeWeight => lang.pick("权重不能为负".into(), "A weight cannot be negative".into()),
            RuleError::ZeroTotalWeight => lang.pick(
                "权重合计为 0，无法分配分值".into(),
                "The weights add up to 0, so the points cannot be shared".into(),
            ),
            RuleError::ManualOutOfRange { score, points } => lang.pick(
                format!("手工评分 {} 超出 0–{} 分的范围", x(*score), x(*points)),
                format!("The manual score {} is outside 0–{}", x(*score), x(*points)),
            ),
            RuleError::BandScoreOutOfRange { score, points } => lang.pick(
                format!("档次得分 {} 超出 0–{} 分的范围", x(*score), x(*points)),
                format!("A band's score {} is outside 0–{}", x(*score), x(*points)),
            ),
            RuleError::NegativeDeductionRate => {
                lang.pick("每单位扣分不能为负".into(), "The deduction per unit cannot be negative".into())
            }
            RuleError::NegativePoints => lang.pick("分值不能为负".into(), "Points cannot be negative".into()),
            RuleError::Overflow => lang
                .pick("数值过大，超出可精确计算的范围".into(), "The numbers are too large to calculate exactly".into()),
            RuleError::NoBudgetLines => {
                lang.pick("资金表没有“年度资金总额”一行".into(), "The funds block has no total line".into())
            }
            RuleError::ZeroBudget => lang.pick(
                "全年预算数为 0，无法计算执行率".into(),
                "The full-year budget is 0, so no execution rate can be computed".into(),
            ),
            RuleError::NegativeAmount => lang.pick("金额不能为负".into(), "An amount cannot be negative".into()),
            RuleError::Unreadable { target, cell } => {
                let what = match target {
                    true => lang.pick("目标值", "The target "),
                    false => lang.pick("实际完成值", "The actual "),
                };
                format!("{what}{}", cell.message(lang))
            }
            RuleError::SignAgainstDirection { text, sign, direction } => lang.pick(
                format!(
                    "目标值“{text}”写的是“{}”，与指标方向“{}”不符：符号请放在“方向”里，目标值只填数值",
                    sign.symbol(),
                    direction.symbol()
                ),
                format!(
                    "The target “{text}” says “{}” but the row's direction is “{}”: put the sign in the direction and only the number in the target",
                    sign.symbol(),
                    direction.symbol()
                ),
            ),
            RuleError::NotADeadline { text } => lang.pick(
                format!("时效指标的目标值“{text}”不是期限：请写成“12月底前”“2023年6月30日前”或“按时完成”"),
                format!("The time target “{text}” is no deadline: write “12月底前”, “2023年6月30日前” or “按时完成”"),
            ),
            RuleError::UndecidableTime { target, actual } => lang.pick(
                format!("无法判断“{actual}”是否满足期限“{target}”：请填写完成日期（如“2023年11月20日”）或“按时完成”/“未按时”"),
                format!("Cannot tell whether “{actual}” meets “{target}”: give the date it was done (e.g. “2023年11月20日”) or “按时完成” / “未按时”"),
            ),
            RuleError::NoYear { target, actual, target_undated: true } => lang.pick(
                format!("无法判断“{actual}”是否满足期限“{target}”：“{target}”是哪一年的期限？请在表格上方填写年度"),
                format!("Cannot tell whether “{actual}” meets “{target}”: which year is “{target}” in? Fill in the year above the table"),
            ),
            RuleError::NoYear { target, actual, target_undated: false } => lang.pick(
                format!("无法判断“{actual}”是否满足期限“{target}”：“{actual}”是哪一年？请在表格上方填写年度，或写明年份"),
                format!("Cannot tell whether “{actual}” meets “{target}”: which year is “{actual}” in? Fill in the year above the table, or write the year"),
            ),
        }
    }
}

pub fn level_label(level: Level, lang: Lang) -> &'static str {
    let t = texts(lang);
    match level {
        Level::Achieved => t.level_achieved,
        Level::Partial => t.level_partial,
        Level::NotAchieved => t.level_not_achieved,
    }
}

/// Whether a node has a score yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Scored,
    /// Some input is still empty (待填); what is missing counts 0.
    Pending,
    /// An input the rule cannot use; the node counts 0.
    Invalid,
}

/// What the rule made of its inputs, for display and for "where were points lost".
#[derive(Clone, Debug, PartialEq)]
pub enum Detail {
    Group,
    /// The rate credited, in percent (capped at 100).
    Rate {
        credited: Option<Decimal>,
    },
    /// Each month's credit in [0, 1] (None: no rate yet) and their mean, in percent.
    MonthlyExecution {
        credits: Vec<Option<Decimal>>,
        average: Option<Decimal>,
    },
    Indicators {
        applicable: usize,
        pending: usize,
    },
    /// Index of the band reached, in the file's order.
    Bands {
        reached: Option<usize>,
    },
    PassFail {
        passed: Option<bool>,
    },
    Deduction {
        deducted: Option<Decimal>,
    },
    Manual,
    /// 执行率 = 全年执行数 / 全年预算数 of the total line, in percent (before any cap).
    Budget {
        rate: Option<Decimal>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct NodeResult {
    pub id: String,
    pub depth: usize,
    /// Index of the parent in `Scored::nodes`.
    pub parent: Option<usize>,
    pub points: Decimal,
    pub score: Decimal,
    pub lost: Decimal,
    pub reported: Option<Decimal>,
    /// reported − computed.
    pub difference: Option<Decimal>,
    pub status: Status,
    pub detail: Detail,
    pub error: Option<RuleError>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct IndicatorResult {
    pub id: String,
    /// The node whose list holds the indicator.
    pub node_id: String,
    /// The indicator's part of the list's points (0 when not applicable).
    pub share: Decimal,
    pub completion: Completion,
    pub score: Decimal,
    pub lost: Decimal,
    /// The row's printed 得分, and it minus the computed score.
    pub reported: Option<Decimal>,
    pub difference: Option<Decimal>,
}

impl IndicatorResult {
    pub fn badge(&self) -> Badge {
        self.completion.badge
    }
    pub fn ratio(&self) -> Option<Decimal> {
        self.completion.ratio
    }
    pub fn error(&self) -> Option<&RuleError> {
        self.completion.error.as_ref()
    }
}

/// Everything the engine says about one evaluation.
#[derive(Clone, Debug, PartialEq)]
pub struct Scored {
    /// Every node, parents before children, in the file's order.
    pub nodes: Vec<NodeResult>,
    pub indicators: Vec<IndicatorResult>,
    /// The root's score after any cap: the number the grade is read from.
    pub total: Decimal,
    pub uncapped_total: Decimal,
    /// The cap that lowered the total, if one did.
    pub cap: Option<Decimal>,
    /// The points of not-applicable indicators that the total was converted without
    /// (`Rescale::Table`: the applicable scores summed, then converted to the full points).
    pub not_applicable_points: Decimal,
    pub grade: String,
    pub checks: Vec<Check>,
}

impl Scored {
    pub fn node(&self, id: &str) -> Option<&NodeResult> {
        self.nodes.iter().find(|n| n.id == id)
    }

    pub fn indicator(&self, id: &str) -> Option<&IndicatorResult> {
        self.indicators.iter().find(|i| i.id == id)
    }

    pub fn root(&self) -> &NodeResult {
        // `score` always pushes the root first.
        &self.nodes[0]
    }

    /// Indicators of one node's list, in order.
    pub fn indicators_of<'a>(&'a self, node_id: &'a str) -> impl Iterator<Item = &'a IndicatorResult> + 'a {
        self.indicators.iter().filter(move |i| i.node_id == node_id)
    }

    /// The root as the table shows it: scoring the total the grade is read from (converted to the full
    /// points without not-applicable rows, then capped), and losing what it lacks of them. Other nodes
    /// are as scored.
    pub fn shown(&self, node: &NodeResult) -> Option<NodeResult> {
        (node.parent.is_none() && self.total != node.score).then(|| NodeResult {
            score: self.total,
            lost: node.points.checked_sub(self.total).unwrap_or(node.lost),
            difference: node.reported.and_then(|r| r.checked_sub(self.total)),
            ..node.clone()
        })
    }

    pub fn count_badge(&self, badge: Badge) -> usize {
        self.indicators.iter().filter(|i| i.badge() == badge).count()
    }

    /// How many rows the summary counts with this badge. 待填 and 有误 are the inputs the total waits
    /// for (`open`, as the provisional grade counts them: a funds block, a compliance item, not only
    /// indicators), so that "待填 8" stands beside "暂定：8 处待填"; the other badges count indicators.
    pub fn shown_count(&self, badge: Badge, open: OpenInputs) -> usize {
        match badge {
            Badge::Pending => open.pending,
            Badge::Invalid => open.invalid,
            badge => self.count_badge(badge),
        }
    }

    /// The inputs the total still waits for. Until both counts are 0 the grade is provisional: a blank
    /// evaluation reads 差 only because everything missing counts 0.
    pub fn open_inputs(&self) -> OpenInputs {
        let mut open =
            OpenInputs { pending: self.count_badge(Badge::Pending), invalid: self.count_badge(Badge::Invalid) };
        for node in &self.nodes {
            match (&node.detail, node.status) {
                // A group's status is its children's; a list's is its indicators', counted above.
                (Detail::Group, _) | (_, Status::Scored) => {}
                (Detail::Indicators { pending: 0, .. }, Status::Pending) => open.pending += 1, // an empty list
                (Detail::Indicators { .. }, Status::Invalid) if node.error.is_some() => open.invalid += 1,
                (Detail::Indicators { .. }, _) => {}
                (_, Status::Pending) => open.pending += 1,
                (_, Status::Invalid) => open.invalid += 1,
            }
        }
        open
    }
}

/// Counts of inputs not filled in (待填) and not usable (有误), indicators and other scored items alike.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OpenInputs {
    pub pending: usize,
    pub invalid: usize,
}

impl OpenInputs {
    pub fn is_empty(self) -> bool {
        self.pending == 0 && self.invalid == 0
    }

    /// What a provisional grade says of itself: "暂定：3 处待填、1 处有误".
    pub fn provisional_note(self, lang: Lang) -> String {
        let mut parts = Vec::new();
        if self.pending > 0 {
            let inputs = if self.pending == 1 { "input" } else { "inputs" };
            parts.push(lang.pick(format!("{} 处待填", self.pending), format!("{} {inputs} to fill in", self.pending)));
        }
        if self.invalid > 0 {
            parts.push(lang.pick(format!("{} 处有误", self.invalid), format!("{} invalid", self.invalid)));
        }
        format!("{}{}", lang.pick("暂定：", "provisional: "), parts.join(texts(lang).list_separator))
    }
}

/// Scores the whole evaluation, then runs the checks over it.
pub fn score(evaluation: &Evaluation) -> Scored {
    let mut scored = super::score::apply_rules(evaluation);
    scored.checks = checks::run(evaluation, &scored);
    scored
}

/// The grade of the band with the highest minimum the total reaches; "—" when none does.
pub fn grade_for(total: Decimal, bands: &[super::GradeBand]) -> String {
    bands
        .iter()
        .filter(|band| total >= band.min)
        .max_by_key(|band| band.min)
        .map_or_else(|| "—".to_string(), |band| band.grade.clone())
}

/// The execution rate, in percent, that a `rate` or `monthly_execution` node was scored on.
pub fn execution_rate(node: &NodeResult) -> Option<Decimal> {
    match &node.detail {
        Detail::Rate { credited } => *credited,
        Detail::MonthlyExecution { average, .. } => *average,
        Detail::Budget { rate } => *rate,
        _ => None,
    }
}
