//! The changes a user makes to an evaluation's inputs, as data. The app's reducer turns keystrokes into
//! these (after parsing), and later undo/redo and what-if scenarios replay them.

use rust_decimal::Decimal;

use super::model::{Actual, Evaluation, Level, NodeBody, Rule};

#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// An indicator's actual value; None clears it (待填).
    SetActual {
        indicator: String,
        actual: Option<Actual>,
    },
    /// The percent within a qualitative level's band; None takes the band's default.
    SetLevel {
        indicator: String,
        level: Option<Level>,
        percent: Option<Decimal>,
    },
    SetTarget {
        indicator: String,
        target: Option<Decimal>,
    },
    SetDeviationReason {
        indicator: String,
        reason: String,
    },
    SetNotApplicable {
        indicator: String,
        not_applicable: bool,
    },
    SetRate {
        node: String,
        rate: Option<Decimal>,
    },
    SetMonthRate {
        node: String,
        month: usize,
        rate: Option<Decimal>,
    },
    SetBandInput {
        node: String,
        input: Option<Decimal>,
    },
    SetPassed {
        node: String,
        passed: Option<bool>,
    },
    SetDeductionValue {
        node: String,
        value: Option<Decimal>,
    },
    SetManualScore {
        node: String,
        score: Option<Decimal>,
    },
    SetManualReason {
        node: String,
        reason: String,
    },
    SetReported {
        node: String,
        reported: Option<Decimal>,
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
    /// Applies the edit in place; on error the evaluation is unchanged.
    pub fn apply(&self, evaluation: &mut Evaluation) -> Result<(), EditError> {
        match self {
            Edit::SetActual { indicator, actual } => indicator_mut(evaluation, indicator)?.actual = actual.clone(),
            Edit::SetLevel { indicator, level, percent } => {
                indicator_mut(evaluation, indicator)?.actual =
                    level.map(|level| Actual::Level { level, percent: *percent })
            }
            Edit::SetTarget { indicator, target } => indicator_mut(evaluation, indicator)?.target = *target,
            Edit::SetDeviationReason { indicator, reason } => {
                indicator_mut(evaluation, indicator)?.deviation_reason = reason.clone()
            }
            Edit::SetNotApplicable { indicator, not_applicable } => {
                indicator_mut(evaluation, indicator)?.not_applicable = *not_applicable
            }
            Edit::SetReported { node, reported } => node_mut(evaluation, node)?.reported = *reported,
            Edit::SetRate { node, rate } => match rule_mut(evaluation, node)? {
                Rule::Rate { rate: slot } => *slot = *rate,
                _ => return Err(EditError::WrongRule { node: node.clone() }),
            },
            Edit::SetMonthRate { node, month, rate } => match rule_mut(evaluation, node)? {
                Rule::MonthlyExecution { months } => match months.get_mut(*month) {
                    Some(m) => m.rate = *rate,
                    None => return Err(EditError::NoSuchMonth { node: node.clone(), month: *month }),
                },
                _ => return Err(EditError::WrongRule { node: node.clone() }),
            },
            Edit::SetBandInput { node, input } => match rule_mut(evaluation, node)? {
                Rule::Bands { input: slot, .. } => *slot = *input,
                _ => return Err(EditError::WrongRule { node: node.clone() }),
            },
            Edit::SetPassed { node, passed } => match rule_mut(evaluation, node)? {
                Rule::PassFail { passed: slot } => *slot = *passed,
                _ => return Err(EditError::WrongRule { node: node.clone() }),
            },
            Edit::SetDeductionValue { node, value } => match rule_mut(evaluation, node)? {
                Rule::Deduction { value: slot, .. } => *slot = *value,
                _ => return Err(EditError::WrongRule { node: node.clone() }),
            },
            Edit::SetManualScore { node, score } => match rule_mut(evaluation, node)? {
                Rule::Manual { score: slot, .. } => *slot = *score,
                _ => return Err(EditError::WrongRule { node: node.clone() }),
            },
            Edit::SetManualReason { node, reason } => match rule_mut(evaluation, node)? {
                Rule::Manual { reason: slot, .. } => *slot = reason.clone(),
                _ => return Err(EditError::WrongRule { node: node.clone() }),
            },
        }
        Ok(())
    }
}

fn indicator_mut<'a>(evaluation: &'a mut Evaluation, id: &str) -> Result<&'a mut super::Indicator, EditError> {
    evaluation.find_indicator_mut(id).ok_or_else(|| EditError::NoSuchIndicator(id.to_string()))
}

fn node_mut<'a>(evaluation: &'a mut Evaluation, id: &str) -> Result<&'a mut super::Node, EditError> {
    evaluation.root.find_mut(id).ok_or_else(|| EditError::NoSuchNode(id.to_string()))
}

fn rule_mut<'a>(evaluation: &'a mut Evaluation, id: &str) -> Result<&'a mut Rule, EditError> {
    match &mut node_mut(evaluation, id)?.body {
        NodeBody::Leaf(rule) => Ok(rule),
        NodeBody::Group(_) => Err(EditError::WrongRule { node: id.to_string() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{score, Badge};
    use crate::presets;
    use std::str::FromStr;

    fn seed() -> Evaluation {
        presets::find("seed-2023").unwrap().evaluation().unwrap()
    }

    #[test]
    fn edits_change_inputs_and_scores() {
        let mut evaluation = seed();
        let edits = [
            Edit::SetActual { indicator: "dept-07".into(), actual: Some(Actual::Number(Decimal::from(20))) },
            Edit::SetPassed { node: "gl.procurement.contract-filing".into(), passed: Some(true) },
            Edit::SetBandInput { node: "gl.procurement.contract-timeliness".into(), input: Some(Decimal::from(99)) },
        ];
        for edit in &edits {
            edit.apply(&mut evaluation).unwrap();
        }
        let scored = score(&evaluation);
        assert_eq!(scored.indicator("dept-07").unwrap().badge(), Badge::Met);
        assert_eq!(scored.node("gl").unwrap().score, Decimal::from(50));
        assert_eq!(scored.total, Decimal::from_str("99.99815").unwrap());
    }

    #[test]
    fn edits_naming_the_wrong_thing_change_nothing() {
        let original = seed();
        let cases = [
            (Edit::SetActual { indicator: "nope".into(), actual: None }, EditError::NoSuchIndicator("nope".into())),
            (Edit::SetRate { node: "nope".into(), rate: None }, EditError::NoSuchNode("nope".into())),
            (Edit::SetRate { node: "lz.exec".into(), rate: None }, EditError::WrongRule { node: "lz.exec".into() }),
            (Edit::SetPassed { node: "gl".into(), passed: None }, EditError::WrongRule { node: "gl".into() }),
            (
                Edit::SetMonthRate { node: "lz.exec".into(), month: 10, rate: None },
                EditError::NoSuchMonth { node: "lz.exec".into(), month: 10 },
            ),
        ];
        for (edit, expected) in cases {
            let mut evaluation = original.clone();
            assert_eq!(edit.apply(&mut evaluation), Err(expected));
            assert_eq!(evaluation, original);
        }
    }
}
