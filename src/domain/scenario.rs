//! A what-if scenario and its edits. An edit is one input of an evaluation set to a value, as data:
//! scenarios store them in the file, and the changed-inputs list and its reverts are these too. Each
//! edit carries the value it sets, so `inputs()` of an evaluation is the list of edits that would
//! reproduce its inputs, and comparing two such lists is a diff.

use std::rc::Rc;

use rust_decimal::Decimal;
use serde::Serialize;

use super::input::{indicator_mut, node_mut, rule_mut, InputError, InputKey};
use super::model::{Actual, BudgetField, Evaluation, Indicator, Node, NodeBody, Rule};

/// A named what-if: changes applied on top of the evaluation's own inputs.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema), schemars(deny_unknown_fields))]
pub struct Scenario {
    pub name: String,
    /// Applied in order to the evaluation's own inputs; a later change to the same input wins.
    pub changes: Vec<Edit>,
}

impl Scenario {
    /// `base` (the file's own inputs) with this scenario's changes applied, and the changes that no
    /// longer fit (an indicator since removed, say), which are skipped.
    pub fn apply_to(&self, base: &Evaluation) -> (Evaluation, Vec<EditError>) {
        let mut variant = Evaluation { scenarios: Vec::new(), ..base.clone() };
        let errors = self.changes.iter().filter_map(|change| change.apply(&mut variant).err()).collect();
        (variant, errors)
    }

    /// Records an input as `shown` now holds it: one change per input, the last wins, and an input
    /// back at the file's own value (`base`) is no change at all.
    pub fn record(&mut self, key: &InputKey, base: &Evaluation, shown: &Evaluation) {
        let Some(edit) = Edit::read(shown, key) else { return };
        let key = edit.key();
        self.changes.retain(|change| change.key() != key);
        if Edit::read(base, &key).as_ref() != Some(&edit) {
            self.changes.push(edit);
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema), schemars(deny_unknown_fields))]
#[serde(tag = "set", rename_all = "snake_case")]
pub enum Edit {
    /// An indicator's actual value (a number, or a level for a qualitative one); None is 待填.
    Actual {
        indicator: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        value: Option<Actual>,
    },
    Target {
        indicator: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(test, schemars(with = "Option<crate::format::schema::DecimalText>"))]
        value: Option<Decimal>,
    },
    /// 偏差原因.
    Reason {
        indicator: String,
        text: String,
    },
    NotApplicable {
        indicator: String,
        value: bool,
    },
    Rate {
        node: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(test, schemars(with = "Option<crate::format::schema::DecimalText>"))]
        value: Option<Decimal>,
    },
    /// The rate of the `month`-th month (0-based) of a monthly-execution item.
    MonthRate {
        node: String,
        month: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(test, schemars(with = "Option<crate::format::schema::DecimalText>"))]
        value: Option<Decimal>,
    },
    BandInput {
        node: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(test, schemars(with = "Option<crate::format::schema::DecimalText>"))]
        value: Option<Decimal>,
    },
    Passed {
        node: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        value: Option<bool>,
    },
    DeductionValue {
        node: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(test, schemars(with = "Option<crate::format::schema::DecimalText>"))]
        value: Option<Decimal>,
    },
    ManualScore {
        node: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(test, schemars(with = "Option<crate::format::schema::DecimalText>"))]
        value: Option<Decimal>,
    },
    ManualReason {
        node: String,
        text: String,
    },
    /// The score the department's report printed for a node.
    Reported {
        node: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(test, schemars(with = "Option<crate::format::schema::DecimalText>"))]
        value: Option<Decimal>,
    },
    /// An amount of a funds block's line (`line`: its index).
    BudgetAmount {
        node: String,
        line: usize,
        field: BudgetField,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(test, schemars(with = "Option<crate::format::schema::DecimalText>"))]
        value: Option<Decimal>,
    },
    BudgetReason {
        node: String,
        text: String,
    },
}

/// An edit that names something the evaluation does not have (or of another kind).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    NoSuchIndicator(String),
    NoSuchNode(String),
    WrongRule { node: String },
    NoSuchMonth { node: String, month: usize },
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::NoSuchIndicator(id) => write!(f, "没有编号为“{id}”的指标"),
            EditError::NoSuchNode(id) => write!(f, "没有编号为“{id}”的项目"),
            EditError::WrongRule { node } => write!(f, "项目“{node}”不适用这项修改"),
            EditError::NoSuchMonth { node, month } => write!(f, "项目“{node}”没有第 {} 个月份", month + 1),
        }
    }
}

impl Edit {
    /// The kinds of edit as a file names them (its `set`), in the order of the variants.
    pub const KINDS: [&'static str; 14] = [
        "actual",
        "target",
        "reason",
        "not_applicable",
        "rate",
        "month_rate",
        "band_input",
        "passed",
        "deduction_value",
        "manual_score",
        "manual_reason",
        "reported",
        "budget_amount",
        "budget_reason",
    ];

    /// Which of `KINDS` this edit is.
    pub fn kind(&self) -> &'static str {
        Edit::KINDS[match self {
            Edit::Actual { .. } => 0,
            Edit::Target { .. } => 1,
            Edit::Reason { .. } => 2,
            Edit::NotApplicable { .. } => 3,
            Edit::Rate { .. } => 4,
            Edit::MonthRate { .. } => 5,
            Edit::BandInput { .. } => 6,
            Edit::Passed { .. } => 7,
            Edit::DeductionValue { .. } => 8,
            Edit::ManualScore { .. } => 9,
            Edit::ManualReason { .. } => 10,
            Edit::Reported { .. } => 11,
            Edit::BudgetAmount { .. } => 12,
            Edit::BudgetReason { .. } => 13,
        }]
    }

    pub fn key(&self) -> InputKey {
        match self {
            Edit::Actual { indicator, .. } => InputKey::Actual(indicator.clone()),
            Edit::Target { indicator, .. } => InputKey::Target(indicator.clone()),
            Edit::Reason { indicator, .. } => InputKey::Reason(indicator.clone()),
            Edit::NotApplicable { indicator, .. } => InputKey::NotApplicable(indicator.clone()),
            Edit::Rate { node, .. } => InputKey::Rate(node.clone()),
            Edit::MonthRate { node, month, .. } => InputKey::MonthRate(node.clone(), *month),
            Edit::BandInput { node, .. } => InputKey::BandInput(node.clone()),
            Edit::Passed { node, .. } => InputKey::Passed(node.clone()),
            Edit::DeductionValue { node, .. } => InputKey::DeductionValue(node.clone()),
            Edit::ManualScore { node, .. } => InputKey::ManualScore(node.clone()),
            Edit::ManualReason { node, .. } => InputKey::ManualReason(node.clone()),
            Edit::Reported { node, .. } => InputKey::Reported(node.clone()),
            Edit::BudgetAmount { node, line, field, .. } => InputKey::BudgetAmount(node.clone(), *line, *field),
            Edit::BudgetReason { node, .. } => InputKey::BudgetReason(node.clone()),
        }
    }

    /// Applies the edit in place; on error the evaluation is unchanged. Numbers go through
    /// `Evaluation::set_number`, like every number typed.
    pub fn apply(&self, evaluation: &mut Evaluation) -> Result<(), EditError> {
        let wrong = |node: &String| EditError::WrongRule { node: node.clone() };
        let number = |evaluation: &mut Evaluation, value: Option<Decimal>| {
            evaluation.set_number(&self.key(), value).map_err(|error| match error {
                InputError::Missing(error) => error,
                // Inputs take any number; only structure numbers refuse some.
                _ => wrong(&self.key().owner().to_string()),
            })
        };
        match self {
            Edit::Actual { indicator, value } => indicator_mut(evaluation, indicator)?.actual = value.clone(),
            Edit::Target { value, .. }
            | Edit::Rate { value, .. }
            | Edit::MonthRate { value, .. }
            | Edit::BandInput { value, .. }
            | Edit::DeductionValue { value, .. }
            | Edit::ManualScore { value, .. }
            | Edit::BudgetAmount { value, .. } => number(evaluation, *value)?,
            Edit::BudgetReason { node, text } => match rule_mut(evaluation, node)? {
                Rule::Budget { reason, .. } => *reason = text.clone(),
                _ => return Err(wrong(node)),
            },
            Edit::Reported { node, value } => node_mut(evaluation, node)?.reported = *value,
            Edit::Reason { indicator, text } => indicator_mut(evaluation, indicator)?.deviation_reason = text.clone(),
            Edit::NotApplicable { indicator, value } => indicator_mut(evaluation, indicator)?.not_applicable = *value,
            Edit::Passed { node, value } => match rule_mut(evaluation, node)? {
                Rule::PassFail { passed } => *passed = *value,
                _ => return Err(wrong(node)),
            },
            Edit::ManualReason { node, text } => match rule_mut(evaluation, node)? {
                Rule::Manual { reason, .. } => *reason = text.clone(),
                _ => return Err(wrong(node)),
            },
        }
        Ok(())
    }

    /// The edit that sets an input to the value `evaluation` holds (a level's percent is part of its
    /// actual). None for a structure number, or an input the evaluation does not have.
    pub fn read(evaluation: &Evaluation, key: &InputKey) -> Option<Edit> {
        let key = match key {
            InputKey::LevelPercent(id) => InputKey::Actual(id.clone()),
            key if key.is_structure() => return None,
            key => key.clone(),
        };
        if key.is_indicator() {
            let (_, indicator) = evaluation.find_indicator(key.owner())?;
            indicator_inputs(indicator).into_iter().find(|edit| edit.key() == key)
        } else {
            node_inputs(evaluation.root.find(key.owner())?).into_iter().find(|edit| edit.key() == key)
        }
    }
}

/// Every input of the evaluation, as the edit that sets it to its current value, in the tree's order.
pub fn inputs(evaluation: &Evaluation) -> Vec<Edit> {
    let mut edits = Vec::new();
    for node in evaluation.root.walk() {
        edits.extend(node_inputs(node));
        edits.extend(node.indicators().iter().flat_map(|i| indicator_inputs(i)));
    }
    edits
}

/// A node's own inputs (its indicators' are `indicator_inputs`).
fn node_inputs(node: &Node) -> Vec<Edit> {
    let id = || node.id.clone();
    let mut edits = vec![Edit::Reported { node: id(), value: node.reported }];
    match &node.body {
        NodeBody::Group(_) | NodeBody::Leaf(Rule::Indicators { .. }) => {}
        NodeBody::Leaf(Rule::Rate { rate }) => edits.push(Edit::Rate { node: id(), value: *rate }),
        NodeBody::Leaf(Rule::MonthlyExecution { months }) => edits
            .extend(months.iter().enumerate().map(|(month, m)| Edit::MonthRate { node: id(), month, value: m.rate })),
        NodeBody::Leaf(Rule::Bands { input, .. }) => edits.push(Edit::BandInput { node: id(), value: *input }),
        NodeBody::Leaf(Rule::PassFail { passed }) => edits.push(Edit::Passed { node: id(), value: *passed }),
        NodeBody::Leaf(Rule::Deduction { value, .. }) => edits.push(Edit::DeductionValue { node: id(), value: *value }),
        NodeBody::Leaf(Rule::Manual { score, reason }) => {
            edits.push(Edit::ManualScore { node: id(), value: *score });
            edits.push(Edit::ManualReason { node: id(), text: reason.clone() });
        }
        NodeBody::Leaf(Rule::Budget { lines, reason, .. }) => {
            for (line, amounts) in lines.iter().enumerate() {
                edits.extend(BudgetField::ALL.into_iter().map(|field| Edit::BudgetAmount {
                    node: id(),
                    line,
                    field,
                    value: amounts.amount(field),
                }));
            }
            edits.push(Edit::BudgetReason { node: id(), text: reason.clone() });
        }
    }
    edits
}

fn indicator_inputs(i: &Indicator) -> [Edit; 4] {
    let indicator = || i.id.clone();
    [
        Edit::Actual { indicator: indicator(), value: i.actual.clone() },
        Edit::Target { indicator: indicator(), value: i.target },
        Edit::Reason { indicator: indicator(), text: i.deviation_reason.clone() },
        Edit::NotApplicable { indicator: indicator(), value: i.not_applicable },
    ]
}

/// The inputs of `current` that differ from `base`'s (`index` gives `InputIndex::of(base)`), as
/// `InputIndex::changes_to` lists them. With the same tree on both sides (every input edit) it walks
/// the two side by side and builds edits only where an input differs: at 2,000 indicators, listing
/// and hashing 8,000 inputs per keystroke was most of the reducer's time. The index is asked for
/// only when the trees differ (after a structure edit), so a caller can build it then.
pub fn changes_since<'a>(
    base: &Evaluation,
    index: impl FnOnce() -> &'a InputIndex,
    current: &Evaluation,
) -> Vec<InputChange> {
    same_tree_changes(base, current).unwrap_or_else(|| index().changes_to(current))
}

/// None when the trees differ (ids, rule kinds, month or indicator lists).
fn same_tree_changes(base: &Evaluation, current: &Evaluation) -> Option<Vec<InputChange>> {
    let mut changes = Vec::new();
    let pair = |before: &[Edit], after: &[Edit], changes: &mut Vec<InputChange>| -> Option<()> {
        if before.len() != after.len() {
            return None;
        }
        for (before, after) in before.iter().zip(after) {
            if before.key() != after.key() {
                return None;
            }
            if before != after {
                changes.push(InputChange { before: before.clone(), after: after.clone() });
            }
        }
        Some(())
    };
    let (mut old, mut new) = (base.root.walk(), current.root.walk());
    loop {
        let (before, after) = match (old.next(), new.next()) {
            (None, None) => return Some(changes),
            (Some(before), Some(after)) if before.id == after.id => (before, after),
            _ => return None,
        };
        pair(&node_inputs(before), &node_inputs(after), &mut changes)?;
        let (was, now) = (before.indicators(), after.indicators());
        if was.len() != now.len() {
            return None;
        }
        for (was, now) in was.iter().zip(now) {
            // Shared (copy on write): the very same indicator, nothing to compare.
            if Rc::ptr_eq(was, now) {
                continue;
            }
            if was.id != now.id {
                return None;
            }
            // The fields `indicator_inputs` lists: compared in place, so that an unchanged indicator
            // builds no edits.
            let same = was.actual == now.actual
                && was.target == now.target
                && was.deviation_reason == now.deviation_reason
                && was.not_applicable == now.not_applicable;
            if !same {
                pair(&indicator_inputs(was), &indicator_inputs(now), &mut changes)?;
            }
        }
    }
}

/// One input that differs between two evaluations of the same structure.
#[derive(Clone, Debug, PartialEq)]
pub struct InputChange {
    /// Sets the input back to its value in the first evaluation.
    pub before: Edit,
    /// Sets it to its value in the second.
    pub after: Edit,
}

impl InputChange {
    pub fn key(&self) -> InputKey {
        self.after.key()
    }
}

/// The inputs that differ from `base` to `current`, in the tree's order. Inputs that exist on one side
/// only (after structure edits) are left out: there is nothing on the other side to revert to.
pub fn changed_inputs(base: &Evaluation, current: &Evaluation) -> Vec<InputChange> {
    same_tree_changes(base, current).unwrap_or_else(|| InputIndex::of(base).changes_to(current))
}

/// An evaluation's inputs by key, kept so that comparing many states with one baseline lists the
/// baseline's inputs once, not on every keystroke.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct InputIndex(std::collections::HashMap<InputKey, Edit>);

impl InputIndex {
    pub fn of(evaluation: &Evaluation) -> InputIndex {
        InputIndex(inputs(evaluation).into_iter().map(|e| (e.key(), e)).collect())
    }

    /// The inputs of `current` that differ from these, in `current`'s tree order.
    pub fn changes_to(&self, current: &Evaluation) -> Vec<InputChange> {
        inputs(current)
            .into_iter()
            .filter_map(|after| {
                let before = self.0.get(&after.key())?;
                (*before != after).then(|| InputChange { before: before.clone(), after })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{score, Badge};
    use crate::presets;
    use crate::test_support::{d, seed};

    /// The side-by-side walk lists exactly what the index lists, whether the tree stayed the same
    /// (input edits) or not (then it falls back to the index).
    #[test]
    fn changes_since_agrees_with_the_index() {
        use crate::domain::structure::StructureEdit;
        let base = seed();
        let index = InputIndex::of(&base);
        let inputs_edited = |edits: &[Edit]| {
            let mut current = base.clone();
            for edit in edits {
                edit.apply(&mut current).unwrap();
            }
            current
        };
        let restructured = |edits: &[StructureEdit]| {
            let mut current = inputs_edited(&[Edit::Actual { indicator: "dept-07".into(), value: None }]);
            for edit in edits {
                edit.apply(&mut current).unwrap();
            }
            current
        };
        // (case, the evaluation, walked side by side rather than through the index)
        let cases = [
            ("unchanged", base.clone(), true),
            (
                "inputs edited",
                inputs_edited(&[
                    Edit::Actual { indicator: "dept-07".into(), value: Some(Actual::Number(Decimal::from(20))) },
                    Edit::Reason { indicator: "dept-01".into(), text: "因为".into() },
                    Edit::NotApplicable { indicator: "dept-02".into(), value: true },
                    Edit::Passed { node: "gl.procurement.contract-filing".into(), value: Some(false) },
                    Edit::Reported { node: "lz".into(), value: None },
                ]),
                true,
            ),
            ("an indicator removed", restructured(&[StructureEdit::Remove { id: "dept-01".into() }]), false),
            ("an indicator moved", restructured(&[StructureEdit::Move { id: "dept-07".into(), up: true }]), false),
            (
                "a node moved",
                restructured(&[StructureEdit::Move { id: "gl.procurement.contract-filing".into(), up: true }]),
                false,
            ),
        ];
        assert_eq!(index.changes_to(&cases[1].1).len(), 4, "the edited inputs (the pass/fail item already failed)");
        for (name, current, side_by_side) in cases {
            let expected = index.changes_to(&current);
            assert_eq!(same_tree_changes(&base, &current).is_some(), side_by_side, "{name}");
            assert_eq!(changes_since(&base, || &index, &current), expected, "{name}");
            assert_eq!(changed_inputs(&base, &current), expected, "{name}");
        }
    }

    /// `Edit::KINDS` names each variant as the file writes it (serde's `set` tag), so the loader can
    /// take its list from here.
    #[test]
    fn kinds_are_the_files_names() {
        let one = || "x".to_string();
        let edits = [
            Edit::Actual { indicator: one(), value: None },
            Edit::Target { indicator: one(), value: None },
            Edit::Reason { indicator: one(), text: one() },
            Edit::NotApplicable { indicator: one(), value: true },
            Edit::Rate { node: one(), value: None },
            Edit::MonthRate { node: one(), month: 0, value: None },
            Edit::BandInput { node: one(), value: None },
            Edit::Passed { node: one(), value: None },
            Edit::DeductionValue { node: one(), value: None },
            Edit::ManualScore { node: one(), value: None },
            Edit::ManualReason { node: one(), text: one() },
            Edit::Reported { node: one(), value: None },
            Edit::BudgetAmount { node: one(), line: 0, field: BudgetField::Executed, value: None },
            Edit::BudgetReason { node: one(), text: one() },
        ];
        for (edit, kind) in edits.iter().zip(Edit::KINDS) {
            assert_eq!(serde_json::to_value(edit).unwrap()["set"], kind);
            assert_eq!(edit.kind(), kind);
        }
    }

    #[test]
    fn edits_change_inputs_and_scores() {
        let mut evaluation = seed();
        let edits = [
            Edit::Actual { indicator: "dept-07".into(), value: Some(Actual::Number(Decimal::from(20))) },
            Edit::Passed { node: "gl.procurement.contract-filing".into(), value: Some(true) },
            Edit::BandInput { node: "gl.procurement.contract-timeliness".into(), value: Some(Decimal::from(99)) },
        ];
        for edit in &edits {
            edit.apply(&mut evaluation).unwrap();
        }
        let scored = score(&evaluation);
        assert_eq!(scored.indicator("dept-07").unwrap().badge(), Badge::Met);
        assert_eq!(scored.node("gl").unwrap().score, Decimal::from(50));
        assert_eq!(scored.total, d("99.99815"));
    }

    #[test]
    fn edits_naming_the_wrong_thing_change_nothing() {
        let original = seed();
        let cases = [
            (Edit::Actual { indicator: "nope".into(), value: None }, EditError::NoSuchIndicator("nope".into())),
            (Edit::Rate { node: "nope".into(), value: None }, EditError::NoSuchNode("nope".into())),
            (Edit::Rate { node: "lz.exec".into(), value: None }, EditError::WrongRule { node: "lz.exec".into() }),
            (Edit::Passed { node: "gl".into(), value: None }, EditError::WrongRule { node: "gl".into() }),
            (
                Edit::MonthRate { node: "lz.exec".into(), month: 10, value: None },
                EditError::NoSuchMonth { node: "lz.exec".into(), month: 10 },
            ),
        ];
        for (edit, expected) in cases {
            let mut evaluation = original.clone();
            assert_eq!(edit.apply(&mut evaluation), Err(expected));
            assert_eq!(evaluation, original);
        }
    }

    /// inputs() reproduces an evaluation: applying them to a copy with other inputs restores it.
    #[test]
    fn inputs_reproduce_the_evaluation() {
        let original = seed();
        let blank_inputs = presets::find("department-blank").unwrap().evaluation().unwrap();
        let mut copy = original.clone();
        for edit in inputs(&blank_inputs) {
            let _ = edit.apply(&mut copy);
        }
        assert_ne!(copy, original);
        for edit in inputs(&original) {
            edit.apply(&mut copy).unwrap();
        }
        assert_eq!(copy, original);
    }

    #[test]
    fn changed_inputs_lists_each_difference_and_reverts_it() {
        let base = seed();
        let mut current = base.clone();
        let changes = [
            Edit::Actual { indicator: "dept-07".into(), value: Some(Actual::Number(d("18"))) },
            Edit::MonthRate { node: "lz.exec".into(), month: 9, value: Some(d("100")) },
            Edit::Reason { indicator: "dept-04".into(), text: "经济回暖".into() },
        ];
        for edit in &changes {
            edit.apply(&mut current).unwrap();
        }
        let listed = changed_inputs(&base, &current);
        let keys: Vec<InputKey> = listed.iter().map(InputChange::key).collect();
        assert_eq!(
            keys,
            [
                InputKey::MonthRate("lz.exec".into(), 9),
                InputKey::Reason("dept-04".into()),
                InputKey::Actual("dept-07".into())
            ]
        );
        assert_eq!(
            listed[2].before,
            Edit::Actual { indicator: "dept-07".into(), value: Some(Actual::Number(d("13"))) }
        );
        for change in &listed {
            change.before.apply(&mut current).unwrap();
        }
        assert_eq!(current, base);
        assert!(changed_inputs(&base, &base).is_empty());
    }
}
