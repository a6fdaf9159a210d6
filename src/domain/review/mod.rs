//! The reviewer's desk without the desk: for one evaluation and its scores, the line a reviewer's
//! list shows (`Row`) and the opinions (审核意见) a reviewer would write from its findings (`Opinion`).
//! Plain data and text in both languages, no browser and no files: the `jixiao review` command
//! (`crate::batch`) prints them, and the app can show them.

pub mod compare;
pub mod record;
pub mod side;

use std::collections::HashSet;

use rust_decimal::Decimal;

pub use record::{Conclusion, Review, ReviewProblem, ReviewRecord};

use super::checks::{Check, CheckKind, Severity};
use super::model::{Actual, Direction, Evaluation, Indicator, Node, Rule};
use super::num::{format_fixed, format_percent, format_short as short};
use super::scored::{execution_rate, level_label, OpenInputs, Scored};
use super::Lang;

/// One evaluation on the reviewer's list.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Whose evaluation it is (`Meta::name`: the project, else the department, else the title).
    pub unit: String,
    pub title: String,
    pub year: Option<i32>,
    /// The total the grade is read from (converted, capped), exact.
    pub computed: Decimal,
    pub display_decimals: u32,
    /// The total the report printed, and it minus the computed one.
    pub reported: Option<Decimal>,
    pub difference: Option<Decimal>,
    pub grade: String,
    /// Inputs still empty or unusable: while not empty the grade is provisional.
    pub open: OpenInputs,
    /// In percent: the total cap's rate node, else the funds block, else the first execution item.
    pub execution_rate: Option<Decimal>,
    pub errors: usize,
    pub warnings: usize,
    /// Most important first; the first is the row's finding.
    pub opinions: Vec<Opinion>,
    /// The reviewer's record the file carries, if any.
    pub review: Option<Review>,
}

impl Row {
    pub fn new(evaluation: &Evaluation, scored: &Scored) -> Row {
        let root = scored.shown(scored.root()).unwrap_or_else(|| scored.root().clone());
        let count = |severity| scored.checks.iter().filter(|c| c.severity() == severity).count();
        Row {
            unit: evaluation.meta.name().to_string(),
            title: evaluation.meta.title.trim().to_string(),
            year: evaluation.meta.year,
            computed: scored.total,
            display_decimals: evaluation.meta.display_decimals,
            reported: root.reported,
            difference: root.difference,
            grade: scored.grade.clone(),
            open: scored.open_inputs(),
            execution_rate: execution_rate_of(evaluation, scored),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            opinions: opinions(evaluation, scored),
            review: evaluation.review.clone(),
        }
    }

    pub fn provisional(&self) -> bool {
        !self.open.is_empty()
    }

    /// The most important finding, if there is any.
    pub fn finding(&self) -> Option<&Opinion> {
        self.opinions.first()
    }

    /// The grade as read: "优", or "优（暂定：3 处待填）".
    pub fn grade_text(&self, lang: Lang) -> String {
        let grade = crate::i18n::grade_name(&self.grade, lang);
        if self.provisional() {
            lang.pick(
                format!("{grade}（{}）", self.open.provisional_note(lang)),
                format!("{grade} ({})", self.open.provisional_note(lang)),
            )
        } else {
            grade.to_string()
        }
    }

    /// The computed total rounded as the evaluation shows it.
    pub fn computed_display(&self) -> String {
        format_fixed(self.computed, self.display_decimals)
    }
}

/// The execution rate a reviewer looks at first (see `Row::execution_rate`).
pub fn execution_rate_of(evaluation: &Evaluation, scored: &Scored) -> Option<Decimal> {
    let nodes: Vec<&Node> = evaluation.root.walk().collect();
    let capped = evaluation.meta.total_caps.as_ref().and_then(|caps| nodes.iter().position(|n| n.id == caps.rate_node));
    let budget = || nodes.iter().position(|n| matches!(n.rule(), Some(Rule::Budget { .. })));
    capped
        .or_else(budget)
        .and_then(|i| scored.nodes.get(i))
        .and_then(execution_rate)
        .or_else(|| scored.nodes.iter().find_map(execution_rate))
}

/// One opinion (审核意见): a finding put as a reviewer puts it, with the figures it rests on.
#[derive(Clone, Debug, PartialEq)]
pub struct Opinion {
    /// The check it comes from (`reported_mismatch`, …), or `pending_inputs`.
    pub code: &'static str,
    pub severity: Severity,
    pub node_id: String,
    pub indicator_id: Option<String>,
    /// The points the report and the rules disagree by, where there is such a figure.
    pub at_stake: Option<Decimal>,
    pub kind: OpinionKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum OpinionKind {
    /// The printed total against the computed one.
    Total { reported: Decimal, computed: Decimal, reported_grade: String, grade: String },
    /// An indicator the report scores otherwise than the rules.
    Indicator(IndicatorFinding),
    /// Inputs still empty or unusable: the grade is provisional.
    Pending { open: OpenInputs, grade: String },
    /// Any other finding, in the check's own words.
    Check(Check),
}

/// An indicator the report scores otherwise than the rules, with its figures as people read them.
#[derive(Clone, Debug, PartialEq)]
pub struct IndicatorFinding {
    pub name: String,
    /// "20 人", "≤880 万元", or the target as written when it is not a number.
    pub target: String,
    /// "13 人", a level (达成 / 部分达成 / 未达成, in the reader's language), or the actual as written.
    pub actual: Words,
    pub ratio: Option<Decimal>,
    pub printed: Printed,
    /// What the rules give the indicator.
    pub computed: Decimal,
    pub reason_given: bool,
}

/// A text in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Words {
    pub zh: String,
    pub en: String,
}

impl Words {
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }
}

/// What the report scored an indicator.
#[derive(Clone, Debug, PartialEq)]
pub enum Printed {
    /// The row's own printed 得分 (a project table's).
    Row(Decimal),
    /// No score of its own: the node whose printed score does not deduct for it.
    Node { name: String, reported: Decimal },
}

impl Opinion {
    pub fn text(&self, lang: Lang) -> String {
        match &self.kind {
            OpinionKind::Total { reported, computed, reported_grade, grade } => {
                let gap = reported.saturating_sub(*computed);
                let mut text = lang.pick(
                    format!(
                        "报告总分 {} 分，按评分规则计算为 {} 分，报告{} {} 分",
                        short(*reported),
                        short(*computed),
                        if gap > Decimal::ZERO { "多计" } else { "少计" },
                        short(gap.abs())
                    ),
                    format!(
                        "The report's total is {}, the rules give {}: the report {} by {}",
                        short(*reported),
                        short(*computed),
                        if gap > Decimal::ZERO { "overstates it" } else { "understates it" },
                        short(gap.abs())
                    ),
                );
                if reported_grade != grade {
                    text += &lang.pick(
                        format!("，等级应为“{grade}”而非“{reported_grade}”"),
                        format!(", and the grade is {grade}, not {reported_grade}"),
                    );
                }
                text + lang.pick("。请核实并更正总分。", ". Please check and correct the total.")
            }
            OpinionKind::Indicator(f) => {
                let ratio = f.ratio.map(|r| format_percent(r, 2));
                let at_stake = short(self.at_stake.unwrap_or_default());
                let mut text = match lang {
                    Lang::Zh => {
                        let mut t = format!("指标“{}”目标值 {}，实际完成 {}", f.name, f.target, f.actual.zh);
                        if let Some(ratio) = &ratio {
                            t += &format!("，完成率 {ratio}");
                        }
                        t += &match &f.printed {
                            Printed::Row(r) => format!("；报告该指标得分 {} 分", short(*r)),
                            Printed::Node { name, reported } => {
                                format!("；报告“{name}”得 {} 分，未因该指标扣分", short(*reported))
                            }
                        };
                        t + &format!("，按评分规则应得 {} 分，涉及分值 {at_stake} 分", short(f.computed))
                    }
                    Lang::En => {
                        let mut t = format!("Indicator “{}”: target {}, actual {}", f.name, f.target, f.actual.en);
                        if let Some(ratio) = &ratio {
                            t += &format!(", {ratio} complete");
                        }
                        t += &match &f.printed {
                            Printed::Row(r) => format!("; the report scores it {}", short(*r)),
                            Printed::Node { name, reported } => {
                                format!("; the report scores “{name}” {} with no deduction for it", short(*reported))
                            }
                        };
                        t + &format!(", the rules give {}: {at_stake} points at stake", short(f.computed))
                    }
                };
                let short_of_target = f.ratio.is_some_and(|r| r < Decimal::ONE);
                if short_of_target && !f.reason_given {
                    text += lang.pick("，且未说明偏差原因", ", and no reason is given for the shortfall");
                }
                text + lang
                    .pick("。请核实并更正得分，或说明理由。", ". Please check and correct the score, or explain it.")
            }
            OpinionKind::Pending { open, grade } => {
                let mut zh = Vec::new();
                let mut en = Vec::new();
                if open.pending > 0 {
                    zh.push(format!("{} 处数据尚未填写", open.pending));
                    en.push(format!(
                        "{} input{} still to fill in",
                        open.pending,
                        if open.pending == 1 { "" } else { "s" }
                    ));
                }
                if open.invalid > 0 {
                    zh.push(format!("{} 处数据有误", open.invalid));
                    en.push(format!("{} invalid", open.invalid));
                }
                lang.pick(
                    format!("{}，等级“{grade}”仅为暂定。请补齐后重新报送。", zh.join("、")),
                    format!(
                        "{}: the grade {} is provisional. Please complete them and resubmit.",
                        en.join(", "),
                        crate::i18n::grade_name(grade, Lang::En)
                    ),
                )
            }
            OpinionKind::Check(check) => {
                let message = check.message(lang);
                let message = message.trim_end_matches(['。', '.']);
                let explain = matches!(
                    check.kind,
                    CheckKind::ShortWithoutReason { .. }
                        | CheckKind::ExceededWithoutReason { .. }
                        | CheckKind::LowExecutionWithoutReason { .. }
                        | CheckKind::ManualWithoutReason
                );
                let ask = match (self.severity, explain) {
                    (Severity::Error, _) => lang.pick("。请更正。", ". Please correct it."),
                    (_, true) => lang.pick("。请补充说明。", ". Please explain it."),
                    _ => lang.pick("。请核实。", ". Please check it."),
                };
                format!("{message}{ask}")
            }
        }
    }
}

/// Opinions numbered as a review writes them: "1. …", "2. …".
pub fn numbered(opinions: &[Opinion], lang: Lang) -> Vec<String> {
    opinions.iter().enumerate().map(|(i, o)| format!("{}. {}", i + 1, o.text(lang))).collect()
}

/// The opinions a file's review stands by: its record's as the reviewer wrote them (none is none),
/// else, without a readable record, the generated ones numbered. What `jixiao review --opinions`
/// prints and the desk shows and exports, so that the two agree.
pub fn review_opinions(row: &Row, lang: Lang) -> Vec<String> {
    match row.review.as_ref().and_then(Review::record) {
        Some(record) => record.opinions.clone(),
        None => numbered(&row.opinions, lang),
    }
}

/// The language `opinions` were generated in from `row`'s findings, if they are exactly the generated
/// ones (the reviewer did not edit them).
pub fn generated_in(opinions: &[String], row: &Row) -> Option<Lang> {
    [Lang::Zh, Lang::En].into_iter().find(|lang| numbered(&row.opinions, *lang) == opinions)
}

/// The opinions a reviewer would write, most important first: errors; the printed total against the
/// computed one; each indicator the report scores otherwise than the rules, most points first; the
/// other warnings in the table's order; and, while inputs are open, that the grade is provisional.
/// Notes (待填 one by one, a cap applied, a list all not applicable) are not opinions.
pub fn opinions(evaluation: &Evaluation, scored: &Scored) -> Vec<Opinion> {
    let root_id = &evaluation.root.id;
    let from_check = |check: &Check| Opinion {
        code: check.code(),
        severity: check.severity(),
        node_id: check.node_id.clone(),
        indicator_id: check.indicator_id.clone(),
        at_stake: None,
        kind: OpinionKind::Check(check.clone()),
    };
    let mut errors: Vec<Opinion> = Vec::new();
    let mut total: Vec<Opinion> = Vec::new();
    let mut indicators: Vec<Opinion> = Vec::new();
    let mut covered: HashSet<String> = HashSet::new();
    let mut others: Vec<Opinion> = Vec::new();
    let mismatches = || scored.checks.iter().filter(|c| matches!(c.kind, CheckKind::ReportedMismatch { .. }));
    // Rows with their own printed score first, then the culprits of the nodes below the root, then the
    // root's: an indicator is named once, beside the nearest score that does not deduct for it.
    let is_root = |c: &&Check| c.node_id == *root_id && c.indicator_id.is_none();
    let depth = |c: &&Check| scored.node(&c.node_id).map_or(0, |n| n.depth);
    let mut nodes: Vec<&Check> = mismatches().filter(|c| c.indicator_id.is_none() && !is_root(c)).collect();
    nodes.sort_by_key(|c| std::cmp::Reverse(depth(c)));
    let order = mismatches().filter(|c| c.indicator_id.is_some()).chain(nodes).chain(mismatches().filter(is_root));
    for check in order {
        let CheckKind::ReportedMismatch { reported, computed, explained_by, .. } = &check.kind else { continue };
        if let Some(id) = &check.indicator_id {
            if let Some(opinion) = indicator_opinion(evaluation, scored, check, id, Printed::Row(*reported)) {
                covered.insert(id.clone());
                indicators.push(opinion);
            }
            continue;
        }
        let mut named = false;
        for culprit in explained_by.iter().filter(|c| c.gap.is_none()) {
            let Some(id) = &culprit.indicator_id else { continue };
            named = true;
            if covered.contains(id) {
                continue;
            }
            let printed = Printed::Node { name: check.subject.clone(), reported: *reported };
            if let Some(mut opinion) = indicator_opinion(evaluation, scored, check, id, printed) {
                opinion.at_stake = Some(culprit.lost);
                covered.insert(id.clone());
                indicators.push(opinion);
            }
        }
        if check.node_id == *root_id {
            let reported_grade = super::scored::grade_for(*reported, &evaluation.meta.grade_bands);
            total.push(Opinion {
                at_stake: reported.checked_sub(*computed).map(|d| d.abs()),
                kind: OpinionKind::Total {
                    reported: *reported,
                    computed: *computed,
                    reported_grade,
                    grade: scored.grade.clone(),
                },
                ..from_check(check)
            });
        } else if !named && explained_by.iter().all(|c| c.gap.is_none()) {
            // A leaf's printed score (a rate, a manual score) or a node nothing below explains.
            others.push(Opinion { at_stake: reported.checked_sub(*computed).map(|d| d.abs()), ..from_check(check) });
        }
    }
    indicators.sort_by_key(|o| std::cmp::Reverse(o.at_stake.unwrap_or_default()));
    for check in &scored.checks {
        let covered_here = check.indicator_id.as_ref().is_some_and(|id| covered.contains(id));
        match (&check.kind, check.severity()) {
            (_, Severity::Error) => errors.push(from_check(check)),
            (CheckKind::ReportedMismatch { .. }, _) | (_, Severity::Info) => {}
            (CheckKind::ShortWithoutReason { .. }, _) if covered_here => {}
            _ => others.push(from_check(check)),
        }
    }
    let open = scored.open_inputs();
    let pending = (!open.is_empty()).then(|| Opinion {
        code: "pending_inputs",
        severity: Severity::Info,
        node_id: root_id.clone(),
        indicator_id: None,
        at_stake: None,
        kind: OpinionKind::Pending { open, grade: scored.grade.clone() },
    });
    errors.into_iter().chain(total).chain(indicators).chain(others).chain(pending).collect()
}

fn indicator_opinion(
    evaluation: &Evaluation,
    scored: &Scored,
    check: &Check,
    id: &str,
    printed: Printed,
) -> Option<Opinion> {
    let (_, indicator) = evaluation.find_indicator(id)?;
    let result = scored.indicator(id)?;
    let at_stake = match &printed {
        Printed::Row(reported) => reported.checked_sub(result.score).map(|d| d.abs()),
        Printed::Node { .. } => Some(result.lost),
    };
    Some(Opinion {
        code: check.code(),
        severity: check.severity(),
        node_id: result.node_id.clone(),
        indicator_id: Some(id.to_string()),
        at_stake,
        kind: OpinionKind::Indicator(IndicatorFinding {
            name: indicator.name.clone(),
            target: target_words(indicator),
            actual: Words { zh: actual_words(indicator, Lang::Zh), en: actual_words(indicator, Lang::En) },
            ratio: result.ratio(),
            printed,
            computed: result.score,
            reason_given: !indicator.deviation_reason.trim().is_empty(),
        }),
    })
}

/// "5" with its unit: "20 人", "95%".
pub(crate) fn with_unit(value: Decimal, unit: &str) -> String {
    let unit = unit.trim();
    match unit {
        "" => short(value),
        "%" | "％" => format!("{}%", short(value)),
        _ => format!("{} {unit}", short(value)),
    }
}

/// The target as a reviewer quotes it: the number read, with its direction and unit, else as written.
pub(crate) fn target_words(indicator: &Indicator) -> String {
    match indicator.target {
        Some(target) => {
            let sign = match indicator.direction {
                Direction::AtMost => "≤",
                Direction::Exactly => "=",
                _ => "",
            };
            format!("{sign}{}", with_unit(target, &indicator.unit))
        }
        None if !indicator.target_text.trim().is_empty() => format!("“{}”", indicator.target_text.trim()),
        None => "—".to_string(),
    }
}

pub(crate) fn actual_words(indicator: &Indicator, lang: Lang) -> String {
    match &indicator.actual {
        Some(Actual::Number(actual)) => with_unit(*actual, &indicator.unit),
        Some(Actual::Level { level, .. }) => level_label(*level, lang).to_string(),
        Some(Actual::Text(text)) => format!("“{}”", text.trim()),
        None => "—".to_string(),
    }
}
