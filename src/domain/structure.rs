//! Changes to an evaluation's shape: add, remove, rename, move, re-point, re-rule. Like input edits
//! they are data, applied by one function, so the app's undo (which snapshots the document) and
//! its tests treat them the same way. Ids stay unique: new ones are minted against every id in use.

use std::collections::HashSet;
use std::rc::Rc;

use rust_decimal::Decimal;

use super::model::{
    Actual, AtMostScoring, Band, BudgetLine, Direction, Evaluation, GradeBand, Indicator, MetaText, Month, Node,
    NodeBody, Rule, RuleKind,
};
use super::num::{is_digit, parse_number};
use super::written::{read_target, Written};

#[derive(Clone, Debug, PartialEq)]
pub enum StructureEdit {
    /// A new node at the end of a group: a group itself (`kind` None) or a leaf with a default rule.
    AddNode {
        parent: String,
        kind: Option<RuleKind>,
        name: String,
    },
    /// A new indicator in a list, after `after` (or at the end).
    AddIndicator {
        node: String,
        after: Option<String>,
        name: String,
    },
    /// Removes a node (not the root) or an indicator.
    Remove {
        id: String,
    },
    /// One place up or down among its siblings.
    Move {
        id: String,
        up: bool,
    },
    Rename {
        id: String,
        name: String,
    },
    /// Turns a node into a group (None) or a leaf of this rule kind with default parameters. A group
    /// with children cannot become a leaf (its children would be lost): remove them first.
    SetKind {
        node: String,
        kind: Option<RuleKind>,
    },
    SetCategory {
        indicator: String,
        category: String,
    },
    /// The category of a run of rows, as the table shows it once above them: this row and the rows
    /// after it in its list that share its category (renamed in place, one undo step).
    SetRunCategory {
        indicator: String,
        category: String,
    },
    SetDirection {
        indicator: String,
        direction: Direction,
    },
    SetUnit {
        indicator: String,
        unit: String,
    },
    SetBands {
        node: String,
        bands: Vec<Band>,
    },
    SetAtMostScoring {
        node: String,
        scoring: AtMostScoring,
    },
    /// Whose evaluation it is: the title and the department (and the year, a number input), which
    /// name its files.
    SetTitle(String),
    SetDepartment(String),
    /// A target typed as people write it ("≥90%", "不超过10天", "12月底前"): its sign sets the row's
    /// direction, its unit the row's unit where it has none, and the text is kept as written.
    SetWrittenTarget {
        indicator: String,
        text: String,
    },
    /// A project table's words: its project and unit, 年度总体目标, and the closing 评价结论, 存在问题, 改进措施.
    SetMetaText(MetaText, String),
    /// The grades and the totals they start at (`parse_grade_bands` reads them as typed).
    SetGradeBands(Vec<GradeBand>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StructureError {
    NotFound(String),
    CannotRemoveRoot,
    NotAGroup(String),
    NotAList(String),
    /// The node has children; making it a leaf would drop them.
    HasChildren(String),
    WrongRule(String),
    EmptyName,
}

impl StructureError {
    pub fn message(&self, lang: super::Lang) -> String {
        match self {
            StructureError::NotFound(id) => lang.pick(format!("找不到“{id}”"), format!("“{id}” was not found")),
            StructureError::CannotRemoveRoot => lang.pick("不能删除总分".into(), "The total cannot be removed".into()),
            StructureError::NotAGroup(id) => {
                lang.pick(format!("“{id}”不是分组，不能添加下级项目"), format!("“{id}” is not a group"))
            }
            StructureError::NotAList(id) => {
                lang.pick(format!("“{id}”不是指标清单"), format!("“{id}” is not an indicator list"))
            }
            StructureError::HasChildren(id) => lang.pick(
                format!("“{id}”还有下级项目，请先删除它们"),
                format!("“{id}” still has items under it; remove them first"),
            ),
            StructureError::WrongRule(id) => {
                lang.pick(format!("“{id}”的评分方式不适用此修改"), format!("“{id}” has another rule"))
            }
            StructureError::EmptyName => lang.pick("名称不能为空".into(), "A name cannot be empty".into()),
        }
    }
}

impl StructureEdit {
    /// Applies the edit; on error the evaluation is unchanged.
    pub fn apply(&self, evaluation: &mut Evaluation) -> Result<(), StructureError> {
        let not_found = |id: &str| StructureError::NotFound(id.to_string());
        match self {
            StructureEdit::AddNode { parent, kind, name } => {
                let id = fresh_id(evaluation, &format!("{parent}."));
                let node = match kind {
                    None => Node::group(id, name.clone(), Decimal::ZERO, Vec::new()),
                    Some(kind) => Node::leaf(id, name.clone(), Decimal::ZERO, default_rule(*kind)),
                };
                let parent_node = evaluation.root.find_mut(parent).ok_or_else(|| not_found(parent))?;
                match &mut parent_node.body {
                    NodeBody::Group(children) => children.push(node),
                    NodeBody::Leaf(_) => return Err(StructureError::NotAGroup(parent.clone())),
                }
            }
            StructureEdit::AddIndicator { node, after, name } => {
                let id = fresh_id(evaluation, "ind-");
                let list = list_mut(evaluation, node)?;
                let at =
                    after.as_ref().and_then(|a| list.iter().position(|i| &i.id == a)).map_or(list.len(), |p| p + 1);
                let mut indicator = Indicator::new(id, name.clone(), Direction::AtLeast);
                // Below a row, it takes that row's 一级 / 二级 (a new 数量指标 goes among the 数量指标).
                if let Some(above) = at.checked_sub(1).and_then(|i| list.get(i)).filter(|_| after.is_some()) {
                    indicator.category = above.category.clone();
                }
                // In a project table's list the rows carry their own points: the new one too, none yet.
                if list.iter().any(|i| i.points.is_some()) {
                    indicator.points = Some(Decimal::ZERO);
                }
                list.insert(at, Rc::new(indicator));
            }
            StructureEdit::Remove { id } => {
                if evaluation.root.id == *id {
                    return Err(StructureError::CannotRemoveRoot);
                }
                if !remove(&mut evaluation.root, id) {
                    return Err(not_found(id));
                }
            }
            StructureEdit::Move { id, up } => {
                if !move_among_siblings(&mut evaluation.root, id, *up) {
                    return Err(not_found(id));
                }
            }
            StructureEdit::Rename { id, name } => {
                if name.trim().is_empty() {
                    return Err(StructureError::EmptyName);
                }
                if let Some(node) = evaluation.root.find_mut(id) {
                    node.name = name.clone();
                } else {
                    evaluation.find_indicator_mut(id).ok_or_else(|| not_found(id))?.name = name.clone();
                }
            }
            StructureEdit::SetKind { node, kind } => {
                let target = evaluation.root.find_mut(node).ok_or_else(|| not_found(node))?;
                match (&target.body, kind) {
                    (NodeBody::Group(children), Some(_)) if !children.is_empty() => {
                        return Err(StructureError::HasChildren(node.clone()))
                    }
                    (NodeBody::Leaf(rule), Some(kind)) if rule.kind() == *kind => {}
                    (NodeBody::Group(_), None) => {}
                    (_, Some(kind)) => target.body = NodeBody::Leaf(default_rule(*kind)),
                    (NodeBody::Leaf(_), None) => target.body = NodeBody::Group(Vec::new()),
                }
            }
            StructureEdit::SetCategory { indicator, category } => {
                indicator_mut(evaluation, indicator)?.category = category.clone()
            }
            StructureEdit::SetRunCategory { indicator, category } => {
                let list = evaluation
                    .root
                    .walk()
                    .find(|n| n.indicators().iter().any(|i| i.id == *indicator))
                    .map(|n| n.id.clone())
                    .ok_or_else(|| not_found(indicator))?;
                let list = list_mut(evaluation, &list)?;
                let start = list.iter().position(|i| i.id == *indicator).ok_or_else(|| not_found(indicator))?;
                let old = list[start].category.clone();
                for row in list[start..].iter_mut().take_while(|i| i.category == old) {
                    Rc::make_mut(row).category = category.clone();
                }
            }
            StructureEdit::SetDirection { indicator, direction } => {
                let i = indicator_mut(evaluation, indicator)?;
                // A number no longer fits a qualitative indicator, nor a level a numeric one.
                let keeps_actual =
                    matches!(
                        (&i.actual, direction),
                        (Some(Actual::Number(_)), d) if *d != Direction::Qualitative
                    ) || matches!((&i.actual, direction), (Some(Actual::Level { .. }), Direction::Qualitative));
                if !keeps_actual {
                    i.actual = None;
                }
                i.direction = *direction;
            }
            StructureEdit::SetUnit { indicator, unit } => indicator_mut(evaluation, indicator)?.unit = unit.clone(),
            StructureEdit::SetBands { node, bands } => match rule_mut(evaluation, node)? {
                Rule::Bands { bands: slot, .. } => *slot = bands.clone(),
                _ => return Err(StructureError::WrongRule(node.clone())),
            },
            StructureEdit::SetAtMostScoring { node, scoring } => match rule_mut(evaluation, node)? {
                Rule::Indicators { at_most_scoring, .. } => *at_most_scoring = *scoring,
                _ => return Err(StructureError::WrongRule(node.clone())),
            },
            StructureEdit::SetTitle(title) => evaluation.meta.title = title.trim().to_string(),
            StructureEdit::SetDepartment(department) => evaluation.meta.department = department.trim().to_string(),
            StructureEdit::SetWrittenTarget { indicator, text } => {
                let i = indicator_mut(evaluation, indicator)?;
                if let Some(kind) = kind_of_target(text).filter(|_| i.actual.is_none()) {
                    i.direction = kind;
                }
                let sign = read_target(text).sign;
                if let Some(sign) = sign.filter(|_| !matches!(i.direction, Direction::Qualitative | Direction::OnTime))
                {
                    i.direction = sign;
                }
                i.take_written_target(text);
            }
            StructureEdit::SetMetaText(which, text) => *which.field_mut(&mut evaluation.meta) = text.trim().to_string(),
            StructureEdit::SetGradeBands(bands) => evaluation.meta.grade_bands = bands.clone(),
        }
        Ok(())
    }
}

/// The kind of row a target's wording says, where the row has no actual yet to lose: a level
/// (达成年度指标) is a qualitative row's, a deadline (12月底前) a 时效 row's. None for a number.
pub fn kind_of_target(text: &str) -> Option<Direction> {
    match read_target(text).value {
        Written::Level(_) => Some(Direction::Qualitative),
        Written::Deadline(_) => Some(Direction::OnTime),
        _ => None,
    }
}

/// Why typed grade bands were refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GradeBandsError {
    Unreadable(String),
    Empty,
    SameGrade(String),
    /// Typed best first, each grade starts below the one before: 优 90, 良 95 would grade 97 as 良.
    OutOfOrder(String),
    /// A grade no total can reach.
    AbovePoints {
        band: String,
        points: Decimal,
    },
}

impl GradeBandsError {
    pub fn message(&self, lang: super::Lang) -> String {
        match self {
            GradeBandsError::Unreadable(item) => lang.pick(
                format!("无法识别“{item}”：请按“等级 起点分”填写，用逗号分开，如 优 90, 良 80, 中 60, 差 0"),
                format!("“{item}” is not readable: write grade and lowest total, separated by commas, as in 优 90, 良 80, 中 60, 差 0"),
            ),
            GradeBandsError::Empty => lang.pick("至少需要一个等级".into(), "At least one grade is needed".into()),
            GradeBandsError::SameGrade(grade) => {
                lang.pick(format!("等级“{grade}”写了两次"), format!("The grade “{grade}” is written twice"))
            }
            GradeBandsError::OutOfOrder(band) => lang.pick(
                format!("“{band}”的起点分应低于前一个等级：请从高到低填写"),
                format!("“{band}” must start below the grade before it: write them best first"),
            ),
            GradeBandsError::AbovePoints { band, points } => lang.pick(
                format!("“{band}”高于满分 {points}，无法达到"),
                format!("“{band}” is above the full score, {points}: no total reaches it"),
            ),
        }
    }
}

/// "优 90, 良 80, 中 60, 差 0" (or 优≥90、良：80…) → the grade bands, best first as typed, none above
/// the evaluation's full `points`.
pub fn parse_grade_bands(text: &str, points: Decimal) -> Result<Vec<GradeBand>, GradeBandsError> {
    let mut bands: Vec<GradeBand> = Vec::new();
    for item in text.split([',', '，', '、', ';', '；', '\n']).map(str::trim).filter(|item| !item.is_empty()) {
        let unreadable = || GradeBandsError::Unreadable(item.to_string());
        let number_at =
            item.find(|c: char| is_digit(c) || matches!(c, '-' | '－' | '.' | '＋' | '+')).ok_or_else(unreadable)?;
        let grade = item[..number_at].trim().trim_end_matches([':', '：', '≥', '>', '=', '＞', '＝', ' ']).trim();
        let min = parse_number(&item[number_at..]).ok().flatten().ok_or_else(unreadable)?;
        if grade.is_empty() {
            return Err(unreadable());
        }
        if bands.iter().any(|b| b.grade == grade) {
            return Err(GradeBandsError::SameGrade(grade.to_string()));
        }
        if bands.last().is_some_and(|before| before.min <= min) {
            return Err(GradeBandsError::OutOfOrder(item.to_string()));
        }
        if min > points {
            return Err(GradeBandsError::AbovePoints { band: item.to_string(), points });
        }
        bands.push(GradeBand { grade: grade.to_string(), min });
    }
    if bands.is_empty() {
        return Err(GradeBandsError::Empty);
    }
    Ok(bands)
}

/// The bands as `parse_grade_bands` reads them back.
pub fn grade_bands_text(bands: &[GradeBand]) -> String {
    bands.iter().map(|b| format!("{} {}", b.grade, super::num::format_exact(b.min))).collect::<Vec<_>>().join(", ")
}

/// A rule of this kind with nothing filled in: monthly execution gets March to December with
/// their 序时进度, bands three steps, deduction one point per unit.
pub fn default_rule(kind: RuleKind) -> Rule {
    match kind {
        RuleKind::Rate => Rule::Rate { rate: None },
        RuleKind::MonthlyExecution => Rule::MonthlyExecution {
            months: (3..=12)
                .map(|m| Month {
                    month: format!("{m}月"),
                    rate: None,
                    schedule: (Decimal::from(m * 100) / Decimal::from(12)).round_dp(2).normalize(),
                })
                .collect(),
        },
        RuleKind::Indicators => Rule::Indicators {
            at_most_scoring: AtMostScoring::default(),
            qualitative_bands: None,
            indicators: Vec::new(),
        },
        RuleKind::Bands => Rule::Bands { input: None, unit: String::new(), bands: Vec::new() },
        RuleKind::PassFail => Rule::PassFail { passed: None },
        RuleKind::Deduction => Rule::Deduction { value: None, limit: Decimal::ZERO, per_unit: Decimal::ONE },
        RuleKind::Manual => Rule::Manual { score: None, reason: String::new() },
        RuleKind::Budget => Rule::Budget {
            lines: ["年度资金总额", "当年财政拨款", "上年结转资金", "其他资金"]
                .into_iter()
                .map(BudgetLine::new)
                .collect(),
            uncapped: false,
            reason: String::new(),
        },
    }
}

/// Every id in use, nodes and indicators alike (one namespace, as the file requires).
pub fn ids(evaluation: &Evaluation) -> HashSet<String> {
    let mut ids = HashSet::new();
    for node in evaluation.root.walk() {
        ids.insert(node.id.clone());
        ids.extend(node.indicators().iter().map(|i| i.id.clone()));
    }
    ids
}

/// `prefix` followed by the smallest number not yet taken.
pub fn fresh_id(evaluation: &Evaluation, prefix: &str) -> String {
    let taken = ids(evaluation);
    (1..).map(|n| format!("{prefix}{n}")).find(|id| !taken.contains(id)).unwrap_or_default()
}

/// Whether removing this node or indicator would throw away something a user typed.
pub fn has_data(evaluation: &Evaluation, id: &str) -> bool {
    if let Some((_, indicator)) = evaluation.find_indicator(id) {
        return indicator_has_data(indicator);
    }
    evaluation.root.find(id).is_some_and(node_has_data)
}

/// Whether anything under this node was typed by a user.
pub fn node_has_data(node: &Node) -> bool {
    node.walk().any(|n| {
        n.reported.is_some()
            || n.indicators().iter().any(|i| indicator_has_data(i))
            || match n.rule() {
                Some(Rule::Rate { rate }) => rate.is_some(),
                Some(Rule::MonthlyExecution { months }) => months.iter().any(|m| m.rate.is_some()),
                Some(Rule::Bands { input, .. }) => input.is_some(),
                Some(Rule::PassFail { passed }) => passed.is_some(),
                Some(Rule::Deduction { value, .. }) => value.is_some(),
                Some(Rule::Manual { score, reason }) => score.is_some() || !reason.is_empty(),
                _ => false,
            }
    })
}

pub fn indicator_has_data(indicator: &Indicator) -> bool {
    indicator.actual.is_some() || indicator.target.is_some() || !indicator.deviation_reason.is_empty()
}

/// A new year's evaluation from last year's: the structure, points and targets are kept; every
/// actual, reported score, note (last year's account of the item), reason, scenario and the
/// reviewer's record is cleared.
pub fn next_year(evaluation: &Evaluation) -> Evaluation {
    let mut next = evaluation.clone();
    next.scenarios.clear();
    next.review = None;
    next.meta.year = evaluation.meta.year.map(|y| y.saturating_add(1));
    if let Some(year) = evaluation.meta.year {
        next.meta.title = next.meta.title.replace(&year.to_string(), &(year.saturating_add(1)).to_string());
        // The project is named with its year as often as not ("2024年度某县农村公路养护工程"): a
        // leading year moves with it, or the file would say "2025 · 2024年度…".
        if let Some(rest) = next.meta.project.strip_prefix(&format!("{year}年")) {
            next.meta.project = format!("{}年{rest}", year.saturating_add(1));
        }
        next.meta.notes = format!("由 {year} 年度的文件复制：目标值保留，实际值已清空。");
    }
    clear_node(&mut next.root);
    next
}

fn clear_node(node: &mut Node) {
    node.reported = None;
    node.note.clear();
    match &mut node.body {
        NodeBody::Group(children) => children.iter_mut().for_each(clear_node),
        NodeBody::Leaf(rule) => match rule {
            Rule::Rate { rate } => *rate = None,
            Rule::MonthlyExecution { months } => months.iter_mut().for_each(|m| m.rate = None),
            Rule::Indicators { indicators, .. } => {
                for i in indicators.iter_mut().map(Rc::make_mut) {
                    i.actual = None;
                    i.actual_text.clear();
                    i.deviation_reason.clear();
                    i.reported = None;
                }
            }
            Rule::Bands { input, .. } => *input = None,
            Rule::PassFail { passed } => *passed = None,
            Rule::Deduction { value, .. } => *value = None,
            Rule::Budget { lines, reason, .. } => {
                // Next year's budget is another: the amounts go, the lines stay.
                for line in lines.iter_mut() {
                    *line = BudgetLine::new(std::mem::take(&mut line.name));
                }
                reason.clear();
            }
            Rule::Manual { score, reason } => {
                *score = None;
                reason.clear();
            }
        },
    }
}

fn indicator_mut<'a>(evaluation: &'a mut Evaluation, id: &str) -> Result<&'a mut Indicator, StructureError> {
    evaluation.find_indicator_mut(id).ok_or_else(|| StructureError::NotFound(id.to_string()))
}

fn rule_mut<'a>(evaluation: &'a mut Evaluation, id: &str) -> Result<&'a mut Rule, StructureError> {
    match &mut evaluation.root.find_mut(id).ok_or_else(|| StructureError::NotFound(id.to_string()))?.body {
        NodeBody::Leaf(rule) => Ok(rule),
        NodeBody::Group(_) => Err(StructureError::WrongRule(id.to_string())),
    }
}

fn list_mut<'a>(evaluation: &'a mut Evaluation, id: &str) -> Result<&'a mut Vec<Rc<Indicator>>, StructureError> {
    match rule_mut(evaluation, id) {
        Ok(Rule::Indicators { indicators, .. }) => Ok(indicators),
        Ok(_) | Err(StructureError::WrongRule(_)) => Err(StructureError::NotAList(id.to_string())),
        Err(e) => Err(e),
    }
}

fn remove(node: &mut Node, id: &str) -> bool {
    match &mut node.body {
        NodeBody::Group(children) => {
            if let Some(at) = children.iter().position(|c| c.id == id) {
                children.remove(at);
                return true;
            }
            children.iter_mut().any(|c| remove(c, id))
        }
        NodeBody::Leaf(Rule::Indicators { indicators, .. }) => {
            let before = indicators.len();
            indicators.retain(|i| i.id != id);
            indicators.len() != before
        }
        NodeBody::Leaf(_) => false,
    }
}

fn move_among_siblings(node: &mut Node, id: &str, up: bool) -> bool {
    fn shift<T>(items: &mut [T], at: usize, up: bool) {
        let to = if up { at.checked_sub(1) } else { Some(at + 1).filter(|t| *t < items.len()) };
        if let Some(to) = to {
            items.swap(at, to);
        }
    }
    match &mut node.body {
        NodeBody::Group(children) => {
            if let Some(at) = children.iter().position(|c| c.id == id) {
                shift(children, at, up);
                return true;
            }
            children.iter_mut().any(|c| move_among_siblings(c, id, up))
        }
        NodeBody::Leaf(Rule::Indicators { indicators, .. }) => match indicators.iter().position(|i| i.id == id) {
            Some(at) => {
                shift(indicators, at, up);
                true
            }
            None => false,
        },
        NodeBody::Leaf(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{score, CheckKind, InputKey};
    use crate::presets;
    use crate::test_support::{d, seed};

    fn applied(evaluation: &Evaluation, edit: StructureEdit) -> Evaluation {
        let mut copy = evaluation.clone();
        edit.apply(&mut copy).unwrap();
        copy
    }

    #[test]
    fn adding_keeps_ids_unique_and_points_are_rechecked() {
        let base = seed();
        let one = applied(
            &base,
            StructureEdit::AddIndicator {
                node: "lz.dept".into(),
                after: Some("dept-07".into()),
                name: "新指标".into(),
            },
        );
        let two =
            applied(&one, StructureEdit::AddIndicator { node: "lz.dept".into(), after: None, name: "又一个".into() });
        let list: Vec<&str> = two.root.find("lz.dept").unwrap().indicators().iter().map(|i| i.id.as_str()).collect();
        assert_eq!(list.len(), 34);
        assert_eq!(list[7], "ind-1", "inserted after dept-07");
        assert_eq!(list[33], "ind-2");
        assert_eq!(ids(&two).len(), ids(&base).len() + 2);
        // A new indicator is 待填 and dilutes the equal shares: the list now scores 32 of 34 shares' worth.
        let scored = score(&two);
        assert_eq!(scored.node("lz.dept").unwrap().score, d("20") * d("31.65") / d("34"));

        let with_item = applied(
            &base,
            StructureEdit::AddNode {
                parent: "gl.cost".into(), kind: Some(RuleKind::PassFail), name: "新项目".into()
            },
        );
        let mut with_points = with_item.clone();
        with_points.set_number(&InputKey::Points("gl.cost.1".into()), Some(d("2"))).unwrap();
        let mismatch = score(&with_points).checks.into_iter().find(|c| c.node_id == "gl.cost").map(|c| c.kind);
        assert_eq!(mismatch, Some(CheckKind::PointsMismatch { children_sum: d("12"), points: d("10") }));
    }

    /// A reviewer types in the report's scores: the difference and its warning follow, and clearing one
    /// takes both away.
    #[test]
    fn reported_scores_typed_in() {
        let base = seed();
        let reported = InputKey::Reported("lz.dept".into());
        let mut lowered = base.clone();
        lowered.set_number(&reported, Some(d("19.5"))).unwrap();
        let scored = score(&lowered);
        let dept = scored.node("lz.dept").unwrap();
        assert_eq!((dept.reported, dept.difference), (Some(d("19.5")), Some(d("19.5") - d("19.78125"))));
        assert!(scored.checks.iter().any(|c| c.node_id == "lz.dept" && c.code() == "reported_mismatch"));
        let mut cleared = lowered.clone();
        cleared.set_number(&reported, None).unwrap();
        let scored = score(&cleared);
        assert_eq!(scored.node("lz.dept").unwrap().difference, None);
        assert!(!scored.checks.iter().any(|c| c.node_id == "lz.dept" && c.code() == "reported_mismatch"));
    }

    /// Grade bands as people type them: (text) → the bands read, or why not.
    #[test]
    fn grade_bands_typed() {
        let band = |grade: &str, min: &str| GradeBand { grade: grade.into(), min: d(min) };
        let defaults = crate::domain::default_grade_bands();
        let cases: Vec<(&str, Result<Vec<GradeBand>, GradeBandsError>)> = vec![
            ("优 90, 良 80, 中 60, 差 0", Ok(defaults.clone())),
            ("优≥90、良：80，中:60；差 0", Ok(defaults.clone())),
            ("优 ≥ ９０\n合格 60.5\n不合格 0", Ok(vec![band("优", "90"), band("合格", "60.5"), band("不合格", "0")])),
            ("A 85, B -1", Ok(vec![band("A", "85"), band("B", "-1")])),
            ("", Err(GradeBandsError::Empty)),
            (" , ，", Err(GradeBandsError::Empty)),
            ("优 90, 良", Err(GradeBandsError::Unreadable("良".into()))),
            ("90", Err(GradeBandsError::Unreadable("90".into()))),
            ("优 9o", Err(GradeBandsError::Unreadable("优 9o".into()))),
            ("优 90, 优 80", Err(GradeBandsError::SameGrade("优".into()))),
            ("优 90, 良 90", Err(GradeBandsError::OutOfOrder("良 90".into()))),
            ("优 90, 良 95, 中 60", Err(GradeBandsError::OutOfOrder("良 95".into()))),
            ("差 0, 优 90", Err(GradeBandsError::OutOfOrder("优 90".into()))),
            ("优 101, 良 80", Err(GradeBandsError::AbovePoints { band: "优 101".into(), points: d("100") })),
            ("满分 100", Ok(vec![band("满分", "100")])),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_grade_bands(text, d("100")), expected, "{text:?}");
        }
        assert_eq!(grade_bands_text(&defaults), "优 90, 良 80, 中 60, 差 0");
        assert_eq!(parse_grade_bands(&grade_bands_text(&defaults), d("100")), Ok(defaults));
        assert_eq!(
            GradeBandsError::OutOfOrder("良 95".into()).message(crate::domain::Lang::Zh),
            "“良 95”的起点分应低于前一个等级：请从高到低填写"
        );
    }

    /// Stricter bands move the seed's 97.7794 from 优 to 良.
    #[test]
    fn grade_bands_set() {
        let stricter = parse_grade_bands("优 98, 良 85, 中 60, 差 0", d("100")).unwrap();
        let edited = applied(&seed(), StructureEdit::SetGradeBands(stricter.clone()));
        assert_eq!(edited.meta.grade_bands, stricter);
        assert_eq!(score(&edited).grade, "良");
    }

    #[test]
    fn remove_move_rename_and_undo_by_snapshot() {
        let base = seed();
        let removed = applied(&base, StructureEdit::Remove { id: "dept-07".into() });
        assert!(removed.find_indicator("dept-07").is_none());
        assert_eq!(score(&removed).node("lz.dept").unwrap().score, d("20"), "the only short indicator is gone");
        let moved = applied(&base, StructureEdit::Move { id: "gl.cost".into(), up: true });
        let order: Vec<&str> = moved.root.find("gl").unwrap().children().iter().map(|c| c.id.as_str()).collect();
        assert_eq!(&order[5..], ["gl.cost", "gl.assets"]);
        let top = applied(&base, StructureEdit::Move { id: "lz".into(), up: true });
        assert_eq!(top, base, "the first sibling cannot move up");
        let renamed =
            applied(&base, StructureEdit::Rename { id: "dept-07".into(), name: "创新领军人才第二期资助".into() });
        assert_eq!(renamed.find_indicator("dept-07").unwrap().1.name, "创新领军人才第二期资助");
        // Undo in the app is a snapshot: the original evaluation is untouched by every edit above.
        assert_eq!(base, seed());
    }

    #[test]
    fn refused_edits_change_nothing() {
        let base = seed();
        let cases = [
            (StructureEdit::Remove { id: "total".into() }, StructureError::CannotRemoveRoot),
            (StructureEdit::Remove { id: "nope".into() }, StructureError::NotFound("nope".into())),
            (
                StructureEdit::AddNode { parent: "lz.exec".into(), kind: None, name: "x".into() },
                StructureError::NotAGroup("lz.exec".into()),
            ),
            (
                StructureEdit::AddIndicator { node: "lz.exec".into(), after: None, name: "x".into() },
                StructureError::NotAList("lz.exec".into()),
            ),
            (
                StructureEdit::SetKind { node: "gl".into(), kind: Some(RuleKind::Rate) },
                StructureError::HasChildren("gl".into()),
            ),
            (StructureEdit::Rename { id: "gl".into(), name: "  ".into() }, StructureError::EmptyName),
            (
                StructureEdit::SetBands { node: "lz.exec".into(), bands: vec![] },
                StructureError::WrongRule("lz.exec".into()),
            ),
        ];
        for (edit, error) in cases {
            let mut copy = base.clone();
            assert_eq!(edit.apply(&mut copy), Err(error), "{edit:?}");
            assert_eq!(copy, base);
        }
    }

    #[test]
    fn kinds_and_rule_parameters() {
        let base = seed();
        let rate = applied(
            &base,
            StructureEdit::SetKind { node: "gl.budget.prior-assessment".into(), kind: Some(RuleKind::Rate) },
        );
        assert_eq!(rate.root.find("gl.budget.prior-assessment").unwrap().rule(), Some(&Rule::Rate { rate: None }));
        let months = default_rule(RuleKind::MonthlyExecution);
        let Rule::MonthlyExecution { months } = months else { unreachable!() };
        let schedules: Vec<String> = months.iter().map(|m| m.schedule.to_string()).collect();
        assert_eq!(schedules, ["25", "33.33", "41.67", "50", "58.33", "66.67", "75", "83.33", "91.67", "100"]);
        let bands = vec![Band { min: d("95"), score: d("3") }, Band { min: d("85"), score: d("1") }];
        let rebanded =
            applied(&base, StructureEdit::SetBands { node: "gl.procurement.contract-timeliness".into(), bands });
        assert_eq!(score(&rebanded).node("gl.procurement.contract-timeliness").unwrap().score, d("3"));
        let flipped =
            applied(&base, StructureEdit::SetDirection { indicator: "dept-25".into(), direction: Direction::AtLeast });
        assert_eq!(
            flipped.find_indicator("dept-25").unwrap().1.actual,
            None,
            "a level does not fit a numeric indicator"
        );
        let mut weighted = base.clone();
        weighted.set_number(&InputKey::Weight("dept-07".into()), Some(d("2"))).unwrap();
        assert_eq!(score(&weighted).indicator("dept-07").unwrap().share, d("40") / d("33"));
    }

    #[test]
    fn data_is_detected_before_removal() {
        let base = seed();
        assert!(has_data(&base, "dept-07"));
        assert!(has_data(&base, "gl"));
        let blank = presets::find("department-blank").unwrap().evaluation().unwrap();
        assert!(!has_data(&blank, "gl"));
        assert!(!has_data(&blank, "dept-01"));
    }

    /// Whose evaluation it is can be set: what names its files.
    #[test]
    fn title_department_and_year_are_set() {
        let mut evaluation = presets::find("department-blank").unwrap().evaluation().unwrap();
        for edit in [
            StructureEdit::SetTitle(" 2024 年度部门整体支出绩效自评 ".into()),
            StructureEdit::SetDepartment("某某市某某局".into()),
        ] {
            edit.apply(&mut evaluation).unwrap();
        }
        evaluation.set_number(&InputKey::Year, Some(d("2024"))).unwrap();
        assert_eq!(
            (evaluation.meta.title.as_str(), evaluation.meta.department.as_str(), evaluation.meta.year),
            ("2024 年度部门整体支出绩效自评", "某某市某某局", Some(2024))
        );
        assert_eq!(crate::format::file_name(&evaluation), "2024-某某市某某局-部门整体支出绩效自评.json");
        evaluation.set_number(&InputKey::Year, None).unwrap();
        assert_eq!(evaluation.meta.year, None);
    }

    #[test]
    fn next_year_keeps_targets_and_clears_actuals() {
        let base = seed();
        let next = next_year(&base);
        assert_eq!(next.meta.year, Some(2024));
        assert_eq!(next.meta.title, "2024年度部门整体支出绩效自评");
        let (_, dept07) = next.find_indicator("dept-07").unwrap();
        assert_eq!((dept07.target, &dept07.actual), (Some(d("20")), &None));
        assert!(next.root.walk().all(|n| n.reported.is_none()));
        // Last year's account of each item ("2023 年…本项得满分") goes with last year's figures.
        assert!(base.root.walk().any(|n| !n.note.is_empty()));
        assert!(next.root.walk().all(|n| n.note.is_empty()));
        assert_eq!(score(&next).total, Decimal::ZERO);
        assert_eq!(next.root.find("gl").unwrap().points, d("50"));
        assert_eq!(crate::domain::scenario::changed_inputs(&next, &next_year(&next)).len(), 0);
    }

    /// A project named with its year moves to the next year with it, and so does its file's name;
    /// a year inside the name (a plan's) or another year stays.
    #[test]
    fn next_year_moves_a_project_named_with_its_year() {
        let mut base = presets::find("project-national-example").unwrap().evaluation().unwrap();
        base.meta.year = Some(2024);
        base.meta.title = "2024年度项目支出绩效自评表".into();
        let cases = [
            ("2024年度某县农村公路养护工程", "2025年度某县农村公路养护工程"),
            ("2024年某县农村公路养护工程", "2025年某县农村公路养护工程"),
            ("某县2024年农村公路养护工程", "某县2024年农村公路养护工程"),
            ("2023年度结转工程", "2023年度结转工程"),
            ("某县农村公路养护工程", "某县农村公路养护工程"),
        ];
        for (project, expected) in cases {
            base.meta.project = project.into();
            let next = next_year(&base);
            assert_eq!((next.meta.year, next.meta.project.as_str()), (Some(2025), expected), "{project}");
            assert_eq!(next.meta.title, "2025年度项目支出绩效自评表");
        }
        // QA saved "2025-…-2024年度…json".
        base.meta.project = "2024年度某县农村公路养护工程".into();
        let file = crate::format::file_name(&next_year(&base));
        assert!(file.starts_with("2025-") && file.ends_with("某县农村公路养护工程.json"), "{file}");
        assert!(!file.contains("2024"), "{file}");
    }

    #[test]
    fn a_run_of_rows_is_renamed_together_and_the_next_run_is_not() {
        let base = presets::find("project-national-example").unwrap().evaluation().unwrap();
        let renamed = applied(
            &base,
            StructureEdit::SetRunCategory {
                indicator: "output-01".into(), category: "产出指标/工程数量".into()
            },
        );
        let category = |id: &str| renamed.find_indicator(id).unwrap().1.category.clone();
        // output-01 and output-02 share 数量指标; output-03 is 质量指标 and keeps it.
        assert_eq!(category("output-01"), "产出指标/工程数量");
        assert_eq!(category("output-02"), "产出指标/工程数量");
        assert_eq!(category("output-03"), "产出指标/质量指标");
        // From the second row of a run: that row and the ones after it.
        let from_second = applied(
            &base,
            StructureEdit::SetRunCategory { indicator: "output-02".into(), category: "产出指标/其他".into() },
        );
        assert_eq!(from_second.find_indicator("output-01").unwrap().1.category, "产出指标/数量指标");
        assert_eq!(from_second.find_indicator("output-02").unwrap().1.category, "产出指标/其他");
        let mut copy = base.clone();
        let missing = StructureEdit::SetRunCategory { indicator: "nope".into(), category: "x".into() };
        assert_eq!(missing.apply(&mut copy), Err(StructureError::NotFound("nope".into())));
    }

    #[test]
    fn a_target_worded_as_a_level_or_a_deadline_sets_an_empty_rows_kind() {
        let base = presets::find("project-national").unwrap().evaluation().unwrap();
        let written =
            |id: &str, text: &str| StructureEdit::SetWrittenTarget { indicator: id.into(), text: text.into() };
        let direction = |e: &Evaluation, id: &str| e.find_indicator(id).unwrap().1.direction;
        let qualitative = applied(&base, written("outcome-03", "达成年度指标"));
        assert_eq!(direction(&qualitative, "outcome-03"), Direction::Qualitative);
        assert_eq!(qualitative.find_indicator("outcome-03").unwrap().1.target_text, "达成年度指标");
        assert_eq!(direction(&applied(&base, written("outcome-04", "12月底前")), "outcome-04"), Direction::OnTime);
        assert_eq!(direction(&applied(&base, written("outcome-04", "≥15年")), "outcome-04"), Direction::AtLeast);
        // A row with an actual keeps its kind: the wording does not silently clear what was typed.
        let mut filled = base.clone();
        filled.set_number(&InputKey::Actual("outcome-04".into()), Some(d("15"))).unwrap();
        assert_eq!(
            direction(&applied(&filled, written("outcome-04", "达成年度指标")), "outcome-04"),
            Direction::AtLeast
        );
    }
}
