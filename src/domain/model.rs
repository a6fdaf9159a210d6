//! The evaluation as people write it down: a tree of scored nodes, each either a group of children or a
//! leaf with a scoring rule. Plain data, no browser, no scoring: see `score` for that.
//!
//! Every number is a `Decimal`; percentages are stored as numbers of percent (`99.83` is 99.83%).

use std::rc::Rc;

use rust_decimal::Decimal;
use serde::Serialize;

use super::scenario::Scenario;

/// The file's top level, minus the format marker and version (those live in `format`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema), schemars(deny_unknown_fields))]
pub struct Evaluation {
    pub meta: Meta,
    pub root: Node,
    /// Named what-if variants: each a list of input changes applied on top of this evaluation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scenarios: Vec<Scenario>,
    /// The reviewer's record (审核记录), if the file has been reviewed: see `review::record`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, schemars(with = "Option<super::review::ReviewRecord>"))]
    pub review: Option<super::review::Review>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema), schemars(deny_unknown_fields))]
pub struct Meta {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub department: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// Decimals shown for subtotals and the total (the seed prints 3). Scores stay exact underneath.
    #[serde(default)]
    pub display_decimals: u32,
    /// Highest band first is not required: the grade is the band with the largest `min` the total reaches.
    #[serde(default)]
    pub grade_bands: Vec<GradeBand>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_caps: Option<TotalCaps>,
    /// Where the points of not-applicable indicators go.
    #[serde(default)]
    pub not_applicable_rescale: Rescale,
    /// The project's name, its 主管部门 and 实施单位 (a project table's heading).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub project: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub executing_unit: String,
    /// 年度总体目标: 预期目标 and 实际完成情况.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub goal_expected: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub goal_actual: String,
    /// The report's closing words: 评价结论, 存在问题, 改进措施.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub conclusion: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub problems: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub improvements: String,
}

/// Where the points of not-applicable indicators go (用适用指标得分汇总后按百分制折算).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Rescale {
    /// The applicable scores of the whole table are summed and converted to its full points: the
    /// national template's reading.
    #[default]
    Table,
    /// Within the indicator list: the other indicators of the list share its points (files before
    /// version 4 scored so).
    List,
}

impl Rescale {
    pub const ALL: [Rescale; 2] = [Rescale::Table, Rescale::List];

    pub fn as_str(self) -> &'static str {
        match self {
            Rescale::Table => "table",
            Rescale::List => "list",
        }
    }
}

/// A project table's words in its meta, each a text of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MetaText {
    Project,
    ExecutingUnit,
    GoalExpected,
    GoalActual,
    Conclusion,
    Problems,
    Improvements,
}

impl MetaText {
    pub const ALL: [MetaText; 7] = [
        MetaText::Project,
        MetaText::ExecutingUnit,
        MetaText::GoalExpected,
        MetaText::GoalActual,
        MetaText::Conclusion,
        MetaText::Problems,
        MetaText::Improvements,
    ];

    pub fn field(self, meta: &Meta) -> &str {
        match self {
            MetaText::Project => &meta.project,
            MetaText::ExecutingUnit => &meta.executing_unit,
            MetaText::GoalExpected => &meta.goal_expected,
            MetaText::GoalActual => &meta.goal_actual,
            MetaText::Conclusion => &meta.conclusion,
            MetaText::Problems => &meta.problems,
            MetaText::Improvements => &meta.improvements,
        }
    }

    pub fn field_mut(self, meta: &mut Meta) -> &mut String {
        match self {
            MetaText::Project => &mut meta.project,
            MetaText::ExecutingUnit => &mut meta.executing_unit,
            MetaText::GoalExpected => &mut meta.goal_expected,
            MetaText::GoalActual => &mut meta.goal_actual,
            MetaText::Conclusion => &mut meta.conclusion,
            MetaText::Problems => &mut meta.problems,
            MetaText::Improvements => &mut meta.improvements,
        }
    }

    /// Its name in files (`meta`'s field).
    pub fn as_str(self) -> &'static str {
        match self {
            MetaText::Project => "project",
            MetaText::ExecutingUnit => "executing_unit",
            MetaText::GoalExpected => "goal_expected",
            MetaText::GoalActual => "goal_actual",
            MetaText::Conclusion => "conclusion",
            MetaText::Problems => "problems",
            MetaText::Improvements => "improvements",
        }
    }
}

impl Meta {
    /// Whose evaluation it is, as the page, the printout and the tab name it: a project table's
    /// project, a department-wide one's department, else its title.
    pub fn name(&self) -> &str {
        [&self.project, &self.department, &self.title]
            .into_iter()
            .map(|s| s.trim())
            .find(|s| !s.is_empty())
            .unwrap_or("")
    }
}

impl Default for Meta {
    fn default() -> Self {
        Meta {
            title: String::new(),
            department: String::new(),
            year: None,
            notes: String::new(),
            display_decimals: DEFAULT_DISPLAY_DECIMALS,
            grade_bands: default_grade_bands(),
            total_caps: None,
            not_applicable_rescale: Rescale::default(),
            project: String::new(),
            executing_unit: String::new(),
            goal_expected: String::new(),
            goal_actual: String::new(),
            conclusion: String::new(),
            problems: String::new(),
            improvements: String::new(),
        }
    }
}

pub const DEFAULT_DISPLAY_DECIMALS: u32 = 3;

/// 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below: the bands the Ministry of Finance's framework uses.
pub fn default_grade_bands() -> Vec<GradeBand> {
    [("优", 90), ("良", 80), ("中", 60), ("差", 0)]
        .into_iter()
        .map(|(grade, min)| GradeBand { grade: grade.to_string(), min: Decimal::from(min) })
        .collect()
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema), schemars(deny_unknown_fields))]
pub struct GradeBand {
    pub grade: String,
    #[cfg_attr(test, schemars(with = "crate::format::schema::DecimalText"))]
    pub min: Decimal,
}

/// Some frameworks cap the total when budget execution is low: below 80% the total is at most 89, …
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema), schemars(deny_unknown_fields))]
pub struct TotalCaps {
    /// The node whose execution rate decides the cap (a `rate` or `monthly_execution` leaf).
    pub rate_node: String,
    pub caps: Vec<TotalCap>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema), schemars(deny_unknown_fields))]
pub struct TotalCap {
    /// Applies when the rate (in percent) is strictly below this.
    #[cfg_attr(test, schemars(with = "crate::format::schema::DecimalText"))]
    pub below: Decimal,
    #[cfg_attr(test, schemars(with = "crate::format::schema::DecimalText"))]
    pub cap: Decimal,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema), schemars(deny_unknown_fields))]
pub struct Node {
    pub id: String,
    pub name: String,
    /// 分值: what the node is worth.
    #[cfg_attr(test, schemars(with = "crate::format::schema::DecimalText"))]
    pub points: Decimal,
    /// The score printed in the department's own report, kept beside the computed one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, schemars(with = "Option<crate::format::schema::DecimalText>"))]
    pub reported: Option<Decimal>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(flatten)]
    pub body: NodeBody,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub enum NodeBody {
    #[serde(rename = "children")]
    Group(Vec<Node>),
    #[serde(rename = "rule")]
    Leaf(Rule),
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema), schemars(deny_unknown_fields))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Rule {
    /// points × min(rate, 100%).
    Rate {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(test, schemars(with = "Option<crate::format::schema::DecimalText>"))]
        rate: Option<Decimal>,
    },
    /// points × mean over months of min(rate / schedule, 1).
    MonthlyExecution { months: Vec<Month> },
    /// points spread over indicators by weight; each scores its share × completion ratio.
    Indicators {
        #[serde(default, skip_serializing_if = "AtMostScoring::is_default")]
        at_most_scoring: AtMostScoring,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        qualitative_bands: Option<QualitativeBands>,
        // Each shared, so that an edit copies the one indicator it changes, not the list (the app
        // keeps the evaluation before each edit for undo and the what-if baseline). Not a doc comment:
        // the file's schema (docs/evaluation.schema.json) would carry it.
        indicators: Vec<Rc<Indicator>>,
    },
    /// The score of the highest band the input reaches, 0 below them all.
    Bands {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(test, schemars(with = "Option<crate::format::schema::DecimalText>"))]
        input: Option<Decimal>,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        unit: String,
        bands: Vec<Band>,
    },
    /// Full points or nothing.
    PassFail {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        passed: Option<bool>,
    },
    /// points − per_unit × max(0, value − limit), floored at 0.
    Deduction {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(test, schemars(with = "Option<crate::format::schema::DecimalText>"))]
        value: Option<Decimal>,
        #[serde(default)]
        #[cfg_attr(test, schemars(with = "crate::format::schema::DecimalText"))]
        limit: Decimal,
        #[cfg_attr(test, schemars(with = "crate::format::schema::DecimalText"))]
        per_unit: Decimal,
    },
    /// A reviewer's judgement: a score within [0, points] and the reason for it.
    Manual {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(test, schemars(with = "Option<crate::format::schema::DecimalText>"))]
        score: Option<Decimal>,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        reason: String,
    },
    /// 预算执行 from the amounts the table prints: points × 全年执行数 / 全年预算数 of the first line
    /// (年度资金总额; the others are its sources), capped at the points unless `uncapped`.
    Budget {
        lines: Vec<BudgetLine>,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        uncapped: bool,
        /// Why the execution fell short (a rate below 90 % wants one).
        #[serde(default, skip_serializing_if = "String::is_empty")]
        reason: String,
    },
}

/// One line of a project table's funds block, in 万元 or 元 as the table prints them.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema), schemars(deny_unknown_fields))]
pub struct BudgetLine {
    /// 年度资金总额, 当年财政拨款, 上年结转资金, 其他资金, …
    pub name: String,
    /// 年初预算数.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, schemars(with = "Option<crate::format::schema::DecimalText>"))]
    pub initial: Option<Decimal>,
    /// 全年预算数 (adjusted, including carry-over): what the rate is measured against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, schemars(with = "Option<crate::format::schema::DecimalText>"))]
    pub adjusted: Option<Decimal>,
    /// 全年执行数.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, schemars(with = "Option<crate::format::schema::DecimalText>"))]
    pub executed: Option<Decimal>,
}

impl BudgetLine {
    pub fn new(name: impl Into<String>) -> BudgetLine {
        BudgetLine { name: name.into(), initial: None, adjusted: None, executed: None }
    }

    pub fn amount(&self, field: BudgetField) -> Option<Decimal> {
        match field {
            BudgetField::Initial => self.initial,
            BudgetField::Adjusted => self.adjusted,
            BudgetField::Executed => self.executed,
        }
    }

    pub fn amount_mut(&mut self, field: BudgetField) -> &mut Option<Decimal> {
        match field {
            BudgetField::Initial => &mut self.initial,
            BudgetField::Adjusted => &mut self.adjusted,
            BudgetField::Executed => &mut self.executed,
        }
    }
}

/// Which amount of a funds line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum BudgetField {
    /// 年初预算数.
    Initial,
    /// 全年预算数.
    Adjusted,
    /// 全年执行数.
    Executed,
}

impl BudgetField {
    pub const ALL: [BudgetField; 3] = [BudgetField::Initial, BudgetField::Adjusted, BudgetField::Executed];

    pub fn as_str(self) -> &'static str {
        match self {
            BudgetField::Initial => "initial",
            BudgetField::Adjusted => "adjusted",
            BudgetField::Executed => "executed",
        }
    }
}

impl Rule {
    pub fn kind(&self) -> RuleKind {
        match self {
            Rule::Rate { .. } => RuleKind::Rate,
            Rule::MonthlyExecution { .. } => RuleKind::MonthlyExecution,
            Rule::Indicators { .. } => RuleKind::Indicators,
            Rule::Bands { .. } => RuleKind::Bands,
            Rule::PassFail { .. } => RuleKind::PassFail,
            Rule::Deduction { .. } => RuleKind::Deduction,
            Rule::Manual { .. } => RuleKind::Manual,
            Rule::Budget { .. } => RuleKind::Budget,
        }
    }
}

/// The rule kinds, by the name the file uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleKind {
    Rate,
    MonthlyExecution,
    Indicators,
    Bands,
    PassFail,
    Deduction,
    Manual,
    Budget,
}

impl RuleKind {
    pub const ALL: [RuleKind; 8] = [
        RuleKind::Rate,
        RuleKind::MonthlyExecution,
        RuleKind::Indicators,
        RuleKind::Bands,
        RuleKind::PassFail,
        RuleKind::Deduction,
        RuleKind::Manual,
        RuleKind::Budget,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::Rate => "rate",
            RuleKind::MonthlyExecution => "monthly_execution",
            RuleKind::Indicators => "indicators",
            RuleKind::Bands => "bands",
            RuleKind::PassFail => "pass_fail",
            RuleKind::Deduction => "deduction",
            RuleKind::Manual => "manual",
            RuleKind::Budget => "budget",
        }
    }

    pub fn parse(text: &str) -> Option<RuleKind> {
        RuleKind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema), schemars(deny_unknown_fields))]
pub struct Month {
    /// As the report names it, e.g. "3月".
    pub month: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, schemars(with = "Option<crate::format::schema::DecimalText>"))]
    pub rate: Option<Decimal>,
    /// 序时进度 for that month, in percent.
    #[cfg_attr(test, schemars(with = "crate::format::schema::DecimalText"))]
    pub schedule: Decimal,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema), schemars(deny_unknown_fields))]
pub struct Band {
    #[cfg_attr(test, schemars(with = "crate::format::schema::DecimalText"))]
    pub min: Decimal,
    #[cfg_attr(test, schemars(with = "crate::format::schema::DecimalText"))]
    pub score: Decimal,
}

/// How a ≤ indicator scores once the actual passes the target; both conventions are in use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AtMostScoring {
    /// target / actual (the manuals' convention).
    #[default]
    Proportional,
    /// 1 − (actual − target) / target, reaching 0 at twice the target (finance software's).
    Linear,
}

impl AtMostScoring {
    pub const ALL: [AtMostScoring; 2] = [AtMostScoring::Proportional, AtMostScoring::Linear];

    pub fn is_default(&self) -> bool {
        *self == AtMostScoring::default()
    }

    /// Its name in files.
    pub fn as_str(self) -> &'static str {
        match self {
            AtMostScoring::Proportional => "proportional",
            AtMostScoring::Linear => "linear",
        }
    }

    pub fn parse(text: &str) -> Option<AtMostScoring> {
        AtMostScoring::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// Percent-of-share bands for qualitative indicators, inclusive at both ends.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema), schemars(deny_unknown_fields))]
pub struct QualitativeBands {
    pub achieved: LevelBand,
    pub partial: LevelBand,
    pub not_achieved: LevelBand,
}

impl Default for QualitativeBands {
    /// 达成 80–100, 部分达成 60–80, 未达成 0–60; the defaults used when the user gives no percent are
    /// an assumption: the top of 达成 and the middle of the other two.
    fn default() -> Self {
        let band = |min: i64, max: i64, default: i64| LevelBand {
            min: Decimal::from(min),
            max: Decimal::from(max),
            default: Decimal::from(default),
        };
        QualitativeBands { achieved: band(80, 100, 100), partial: band(60, 80, 70), not_achieved: band(0, 60, 30) }
    }
}

impl QualitativeBands {
    pub fn band(&self, level: Level) -> &LevelBand {
        match level {
            Level::Achieved => &self.achieved,
            Level::Partial => &self.partial,
            Level::NotAchieved => &self.not_achieved,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema), schemars(deny_unknown_fields))]
pub struct LevelBand {
    #[cfg_attr(test, schemars(with = "crate::format::schema::DecimalText"))]
    pub min: Decimal,
    #[cfg_attr(test, schemars(with = "crate::format::schema::DecimalText"))]
    pub max: Decimal,
    #[cfg_attr(test, schemars(with = "crate::format::schema::DecimalText"))]
    pub default: Decimal,
}

// Eq: comparing two evaluations that share most indicators (`Rc`, copied on write) then compares
// the shared ones by pointer (std's `Rc` equality for `Eq` types), which the unsaved marker relies on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema), schemars(deny_unknown_fields))]
pub struct Indicator {
    pub id: String,
    /// 一级/二级, e.g. "产出指标/数量指标".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub category: String,
    pub name: String,
    /// 指标解释.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub explanation: String,
    /// 指标性质.
    pub direction: Direction,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, schemars(with = "Option<crate::format::schema::DecimalText>"))]
    pub target: Option<Decimal>,
    /// The target as the report words it ("28万人以上").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub target_text: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
    /// None is 待填.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<Actual>,
    /// 完成情况 as the report words it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub actual_text: String,
    /// 偏差原因.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub deviation_reason: String,
    /// Relative weight within the list; None counts as 1 (equal weights).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, schemars(with = "Option<crate::format::schema::DecimalText>"))]
    pub weight: Option<Decimal>,
    /// The row's own 分值 (a project table's): it scores 分值 × completion, and is its weight.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, schemars(with = "Option<crate::format::schema::DecimalText>"))]
    pub points: Option<Decimal>,
    /// The 得分 the report printed for the row, kept beside the computed one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, schemars(with = "Option<crate::format::schema::DecimalText>"))]
    pub reported: Option<Decimal>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_applicable: bool,
}

impl Indicator {
    /// A blank indicator: the starting point for new rows and for tests.
    pub fn new(id: impl Into<String>, name: impl Into<String>, direction: Direction) -> Self {
        Indicator {
            id: id.into(),
            category: String::new(),
            name: name.into(),
            explanation: String::new(),
            direction,
            target: None,
            target_text: String::new(),
            unit: String::new(),
            actual: None,
            actual_text: String::new(),
            deviation_reason: String::new(),
            weight: None,
            points: None,
            reported: None,
            not_applicable: false,
        }
    }
}

/// 指标性质.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// ≥ target (正向).
    AtLeast,
    /// ≤ target (反向).
    AtMost,
    /// = target.
    Exactly,
    /// 定性: judged by level.
    Qualitative,
    /// 时效: a deadline ("12月底前", "按时完成") met or not, read from the target and actual as written.
    OnTime,
}

impl Direction {
    pub const ALL: [Direction; 5] =
        [Direction::AtLeast, Direction::AtMost, Direction::Exactly, Direction::Qualitative, Direction::OnTime];

    pub fn as_str(self) -> &'static str {
        match self {
            Direction::AtLeast => "at_least",
            Direction::AtMost => "at_most",
            Direction::Exactly => "exactly",
            Direction::Qualitative => "qualitative",
            Direction::OnTime => "on_time",
        }
    }

    pub fn parse(text: &str) -> Option<Direction> {
        Direction::ALL.into_iter().find(|d| d.as_str() == text)
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Direction::AtLeast => "≥",
            Direction::AtMost => "≤",
            Direction::Exactly => "=",
            Direction::Qualitative => "定性",
            Direction::OnTime => "时效",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Actual {
    #[cfg_attr(test, schemars(with = "crate::format::schema::DecimalText"))]
    Number(Decimal),
    Level {
        level: Level,
        /// The exact percent of the share within the level's band; None takes the band's default.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(test, schemars(with = "Option<crate::format::schema::DecimalText>"))]
        percent: Option<Decimal>,
    },
    /// As written, read as neither a number nor a level: a 时效 row's date or `按时完成`, or a cell
    /// that cannot be read (scoring says why). Never a number's or a level's text
    /// (`Indicator::take_written_actual` reads those).
    Text(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 达成.
    Achieved,
    /// 部分达成.
    Partial,
    /// 未达成.
    NotAchieved,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Achieved, Level::Partial, Level::NotAchieved];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Achieved => "achieved",
            Level::Partial => "partial",
            Level::NotAchieved => "not_achieved",
        }
    }

    pub fn parse(text: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.as_str() == text)
    }
}

impl Node {
    pub fn group(id: impl Into<String>, name: impl Into<String>, points: Decimal, children: Vec<Node>) -> Node {
        Node::with_body(id.into(), name.into(), points, NodeBody::Group(children))
    }

    pub fn leaf(id: impl Into<String>, name: impl Into<String>, points: Decimal, rule: Rule) -> Node {
        Node::with_body(id.into(), name.into(), points, NodeBody::Leaf(rule))
    }

    fn with_body(id: String, name: String, points: Decimal, body: NodeBody) -> Node {
        Node { id, name, points, reported: None, note: String::new(), body }
    }

    pub fn children(&self) -> &[Node] {
        match &self.body {
            NodeBody::Group(children) => children,
            NodeBody::Leaf(_) => &[],
        }
    }

    pub fn rule(&self) -> Option<&Rule> {
        match &self.body {
            NodeBody::Leaf(rule) => Some(rule),
            NodeBody::Group(_) => None,
        }
    }

    /// Every node below and including this one, parents before children.
    pub fn walk(&self) -> impl Iterator<Item = &Node> {
        let mut stack = vec![self];
        std::iter::from_fn(move || {
            let node = stack.pop()?;
            stack.extend(node.children().iter().rev());
            Some(node)
        })
    }

    pub fn find(&self, id: &str) -> Option<&Node> {
        self.walk().find(|n| n.id == id)
    }

    pub fn find_mut(&mut self, id: &str) -> Option<&mut Node> {
        if self.id == id {
            return Some(self);
        }
        match &mut self.body {
            NodeBody::Group(children) => children.iter_mut().find_map(|c| c.find_mut(id)),
            NodeBody::Leaf(_) => None,
        }
    }

    pub fn indicators(&self) -> &[Rc<Indicator>] {
        match self.rule() {
            Some(Rule::Indicators { indicators, .. }) => indicators,
            _ => &[],
        }
    }
}

impl Evaluation {
    pub fn new(meta: Meta, root: Node) -> Evaluation {
        Evaluation { meta, root, scenarios: Vec::new(), review: None }
    }

    /// The indicator with this id, and the node whose list holds it.
    pub fn find_indicator(&self, id: &str) -> Option<(&Node, &Indicator)> {
        self.root.walk().find_map(|node| node.indicators().iter().find(|i| i.id == id).map(|i| (node, &**i)))
    }

    pub fn find_indicator_mut(&mut self, id: &str) -> Option<&mut Indicator> {
        fn search<'a>(node: &'a mut Node, id: &str) -> Option<&'a mut Indicator> {
            match &mut node.body {
                // Copied here if another evaluation shares it (copy on write).
                NodeBody::Leaf(Rule::Indicators { indicators, .. }) => {
                    indicators.iter_mut().find(|i| i.id == id).map(Rc::make_mut)
                }
                NodeBody::Leaf(_) => None,
                NodeBody::Group(children) => children.iter_mut().find_map(|c| search(c, id)),
            }
        }
        search(&mut self.root, id)
    }
}
