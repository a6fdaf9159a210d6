//! An input: one value a person types into an evaluation, named by a key. The table's cells, the
//! structure editor's number boxes, paste, goal seek and a scenario's changes all read a number with
//! `Evaluation::number` and write it with `Evaluation::set_number`; nothing else reaches into the
//! tree for them.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::model::{Actual, BudgetField, Evaluation, Indicator, Node, NodeBody, Rule};
use super::scenario::EditError;
use super::written::{read_actual, read_target, Written};
use super::Lang;

/// Which input: the indicator or node it belongs to and which of its values. Two changes with the
/// same key overwrite each other.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InputKey {
    Actual(String),
    Target(String),
    /// The percent inside a qualitative level's band.
    LevelPercent(String),
    Reason(String),
    NotApplicable(String),
    Rate(String),
    MonthRate(String, usize),
    BandInput(String),
    Passed(String),
    DeductionValue(String),
    ManualScore(String),
    ManualReason(String),
    /// The score the department's report printed for a node.
    Reported(String),
    /// What a node is worth (分值).
    Points(String),
    /// An indicator's weight within its list.
    Weight(String),
    DeductionLimit(String),
    DeductionPerUnit(String),
    /// An amount of a funds block's line (its index).
    BudgetAmount(String, usize, BudgetField),
    /// Why the budget's execution fell short.
    BudgetReason(String),
    /// A project table's row: its 分值 and the 得分 its report printed.
    RowPoints(String),
    RowReported(String),
    /// The evaluation's year.
    Year,
}

impl InputKey {
    /// The indicator or node the input belongs to ("" for the evaluation's own).
    pub fn owner(&self) -> &str {
        match self {
            InputKey::Actual(id)
            | InputKey::Target(id)
            | InputKey::LevelPercent(id)
            | InputKey::Reason(id)
            | InputKey::NotApplicable(id)
            | InputKey::Weight(id)
            | InputKey::Rate(id)
            | InputKey::MonthRate(id, _)
            | InputKey::BandInput(id)
            | InputKey::Passed(id)
            | InputKey::DeductionValue(id)
            | InputKey::ManualScore(id)
            | InputKey::ManualReason(id)
            | InputKey::Reported(id)
            | InputKey::Points(id)
            | InputKey::DeductionLimit(id)
            | InputKey::DeductionPerUnit(id)
            | InputKey::BudgetAmount(id, ..)
            | InputKey::BudgetReason(id)
            | InputKey::RowPoints(id)
            | InputKey::RowReported(id) => id,
            InputKey::Year => "",
        }
    }

    pub fn is_indicator(&self) -> bool {
        matches!(
            self,
            InputKey::Actual(_)
                | InputKey::Target(_)
                | InputKey::LevelPercent(_)
                | InputKey::Reason(_)
                | InputKey::NotApplicable(_)
                | InputKey::Weight(_)
                | InputKey::RowPoints(_)
                | InputKey::RowReported(_)
        )
    }

    /// Part of the table's shape rather than of what happened: a scenario holds no such change, and
    /// one made while a scenario is shown changes the file's own table.
    pub fn is_structure(&self) -> bool {
        matches!(
            self,
            InputKey::Points(_)
                | InputKey::Weight(_)
                | InputKey::RowPoints(_)
                | InputKey::RowReported(_)
                | InputKey::DeductionLimit(_)
                | InputKey::DeductionPerUnit(_)
                | InputKey::Year
        )
    }

    /// The node whose own row holds this input (an indicator's inputs are in the indicator's row).
    pub fn node(&self) -> Option<&str> {
        (!self.is_indicator() && *self != InputKey::Year).then(|| self.owner())
    }
}

/// Why a number was not set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputError {
    /// The key names nothing in this evaluation (an indicator since removed, another rule kind).
    Missing(EditError),
    /// Points, a deduction's limit: a blank would silently become 0.
    Required,
    Negative,
    /// A year.
    NotWhole,
    /// A whole number, but no year an evaluation is of (0, -1, 99999).
    NotAYear,
}

/// The years an evaluation can be of: 0 or 99999 typed is a slip, not a year.
const YEARS_START: i32 = 1900;
const YEARS_END: i32 = 2100;

/// A year as people write it: "2024", "2024年", "2024 年度".
pub fn year_digits(text: &str) -> &str {
    let text = text.trim();
    text.strip_suffix("年度").or_else(|| text.strip_suffix('年')).unwrap_or(text).trim_end()
}

impl InputError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            InputError::Missing(error) => error.to_string(),
            InputError::Required => lang.pick("请填写数值", "A number is needed").into(),
            InputError::Negative => lang.pick("不能为负数", "Cannot be negative").into(),
            InputError::NotWhole => {
                lang.pick("请填写整数（如 2024）", "A whole number is needed (such as 2024)").into()
            }
            InputError::NotAYear => lang
                .pick(
                    "请填写 1900 至 2100 之间的年度（如 2024）",
                    "A year between 1900 and 2100 is needed (such as 2024)",
                )
                .into(),
        }
    }
}

impl From<EditError> for InputError {
    fn from(error: EditError) -> Self {
        InputError::Missing(error)
    }
}

impl Evaluation {
    /// The number an input holds: None when it is empty, or not a number input of this evaluation.
    pub fn number(&self, key: &InputKey) -> Option<Decimal> {
        let indicator = |id: &str| self.find_indicator(id).map(|(_, i)| i);
        let node = |id: &str| self.root.find(id);
        let rule = |id: &str| node(id).and_then(Node::rule);
        match key {
            InputKey::Actual(id) => match indicator(id)?.actual {
                Some(Actual::Number(n)) => Some(n),
                _ => None,
            },
            InputKey::Target(id) => indicator(id)?.target,
            InputKey::LevelPercent(id) => match indicator(id)?.actual {
                Some(Actual::Level { percent, .. }) => percent,
                _ => None,
            },
            InputKey::Weight(id) => indicator(id)?.weight,
            InputKey::RowPoints(id) => indicator(id)?.points,
            InputKey::RowReported(id) => indicator(id)?.reported,
            InputKey::BudgetAmount(id, line, field) => match rule(id)? {
                Rule::Budget { lines, .. } => lines.get(*line)?.amount(*field),
                _ => None,
            },
            InputKey::Reported(id) => node(id)?.reported,
            InputKey::Points(id) => Some(node(id)?.points),
            InputKey::Rate(id) => match rule(id)? {
                Rule::Rate { rate } => *rate,
                _ => None,
            },
            InputKey::MonthRate(id, month) => match rule(id)? {
                Rule::MonthlyExecution { months } => months.get(*month)?.rate,
                _ => None,
            },
            InputKey::BandInput(id) => match rule(id)? {
                Rule::Bands { input, .. } => *input,
                _ => None,
            },
            InputKey::DeductionValue(id) => match rule(id)? {
                Rule::Deduction { value, .. } => *value,
                _ => None,
            },
            InputKey::DeductionLimit(id) => match rule(id)? {
                Rule::Deduction { limit, .. } => Some(*limit),
                _ => None,
            },
            InputKey::DeductionPerUnit(id) => match rule(id)? {
                Rule::Deduction { per_unit, .. } => Some(*per_unit),
                _ => None,
            },
            InputKey::ManualScore(id) => match rule(id)? {
                Rule::Manual { score, .. } => *score,
                _ => None,
            },
            InputKey::Year => self.meta.year.map(Decimal::from),
            InputKey::Reason(_)
            | InputKey::NotApplicable(_)
            | InputKey::Passed(_)
            | InputKey::ManualReason(_)
            | InputKey::BudgetReason(_) => None,
        }
    }

    /// Sets a number input (None: empty). Refused, the evaluation is unchanged.
    pub fn set_number(&mut self, key: &InputKey, value: Option<Decimal>) -> Result<(), InputError> {
        // A row's own 分值 cleared would make it a row without points, and its box would go with it.
        let required = matches!(
            key,
            InputKey::Points(_) | InputKey::RowPoints(_) | InputKey::DeductionLimit(_) | InputKey::DeductionPerUnit(_)
        );
        let non_negative = matches!(
            key,
            InputKey::Points(_)
                | InputKey::Reported(_)
                | InputKey::Weight(_)
                | InputKey::RowPoints(_)
                | InputKey::RowReported(_)
        );
        let value = match value {
            None if required => return Err(InputError::Required),
            Some(v) if non_negative && v < Decimal::ZERO => return Err(InputError::Negative),
            other => other,
        };
        let wrong = |id: &String| InputError::Missing(EditError::WrongRule { node: id.clone() });
        match key {
            InputKey::Actual(id)
            | InputKey::Target(id)
            | InputKey::LevelPercent(id)
            | InputKey::Weight(id)
            | InputKey::RowPoints(id)
            | InputKey::RowReported(id) => indicator_mut(self, id)?.set_number(key, value)?,
            InputKey::BudgetAmount(id, line, field) => match rule_mut(self, id)? {
                Rule::Budget { lines, .. } => match lines.get_mut(*line) {
                    Some(l) => *l.amount_mut(*field) = value,
                    None => return Err(wrong(id)),
                },
                _ => return Err(wrong(id)),
            },
            InputKey::Reported(id) => node_mut(self, id)?.reported = value,
            InputKey::Points(id) => node_mut(self, id)?.points = value.unwrap_or_default(),
            InputKey::Rate(id) => match rule_mut(self, id)? {
                Rule::Rate { rate } => *rate = value,
                _ => return Err(wrong(id)),
            },
            InputKey::MonthRate(id, month) => match rule_mut(self, id)? {
                Rule::MonthlyExecution { months } => match months.get_mut(*month) {
                    Some(m) => m.rate = value,
                    None => return Err(EditError::NoSuchMonth { node: id.clone(), month: *month }.into()),
                },
                _ => return Err(wrong(id)),
            },
            InputKey::BandInput(id) => match rule_mut(self, id)? {
                Rule::Bands { input, .. } => *input = value,
                _ => return Err(wrong(id)),
            },
            InputKey::DeductionValue(id) => match rule_mut(self, id)? {
                Rule::Deduction { value: slot, .. } => *slot = value,
                _ => return Err(wrong(id)),
            },
            InputKey::DeductionLimit(id) => match rule_mut(self, id)? {
                Rule::Deduction { limit, .. } => *limit = value.unwrap_or_default(),
                _ => return Err(wrong(id)),
            },
            InputKey::DeductionPerUnit(id) => match rule_mut(self, id)? {
                Rule::Deduction { per_unit, .. } => *per_unit = value.unwrap_or_default(),
                _ => return Err(wrong(id)),
            },
            InputKey::ManualScore(id) => match rule_mut(self, id)? {
                Rule::Manual { score, .. } => *score = value,
                _ => return Err(wrong(id)),
            },
            InputKey::Year => {
                self.meta.year = match value {
                    None => None,
                    // Whole, and small enough to be one (a year of 10^20 would be cleared, not kept).
                    Some(v) if v.fract().is_zero() => match v.to_i32().ok_or(InputError::NotWhole)? {
                        year @ YEARS_START..=YEARS_END => Some(year),
                        _ => return Err(InputError::NotAYear),
                    },
                    Some(_) => return Err(InputError::NotWhole),
                }
            }
            InputKey::Reason(id)
            | InputKey::NotApplicable(id)
            | InputKey::Passed(id)
            | InputKey::ManualReason(id)
            | InputKey::BudgetReason(id) => return Err(wrong(id)),
        }
        Ok(())
    }
}

impl Indicator {
    /// A target as written (`≥90%`, `95%以上`, `12月底前`, `达成年度指标`, `/`): kept as written (its
    /// `target_text`), with the number read from it and its unit where the row has none. A sign
    /// against the row's direction, or text that is no number, leaves the number empty: scoring reads
    /// the text and says why.
    pub fn take_written_target(&mut self, text: &str) {
        let written = read_target(text);
        self.target_text = text.trim().to_string();
        self.target = match written.value {
            Written::Number(n) if written.sign.is_none_or(|sign| sign == self.direction) => Some(n),
            Written::NotApplicable => {
                self.not_applicable = true;
                None
            }
            _ => None,
        };
        if self.unit.is_empty() && self.target.is_some() {
            self.unit = written.unit;
        }
    }

    /// An actual as written (`96%`, `4.94 万人`, `较好`, `2023年11月20日`, `/`): a number or a level as
    /// read, its cell kept as the report's wording (`actual_text`) when that has none; anything else
    /// kept as text itself, for scoring to read (a date is a 时效 row's).
    pub fn take_written_actual(&mut self, text: &str) {
        let text = text.trim();
        match Actual::written(text) {
            Ok(actual) => {
                if matches!(actual, Some(Actual::Number(_) | Actual::Level { .. })) && self.actual_text.is_empty() {
                    self.actual_text = text.to_string();
                }
                self.actual = actual;
            }
            Err(NotApplicable) => {
                self.not_applicable = true;
                self.actual = None;
            }
        }
    }

    /// Sets one of the indicator's own number inputs (`Evaluation::set_number` finds the indicator;
    /// paste, which has it in hand, calls this).
    pub fn set_number(&mut self, key: &InputKey, value: Option<Decimal>) -> Result<(), InputError> {
        let missing = || InputError::Missing(EditError::NoSuchIndicator(key.owner().to_string()));
        match key {
            InputKey::Actual(_) => self.actual = value.map(Actual::Number),
            InputKey::Target(_) => self.target = value,
            InputKey::Weight(_) | InputKey::RowPoints(_) | InputKey::RowReported(_)
                if value.is_some_and(|v| v < Decimal::ZERO) =>
            {
                return Err(InputError::Negative)
            }
            InputKey::Weight(_) => self.weight = value,
            InputKey::RowPoints(_) => self.points = value,
            InputKey::RowReported(_) => self.reported = value,
            InputKey::LevelPercent(_) => match &mut self.actual {
                Some(Actual::Level { percent, .. }) => *percent = value,
                _ => return Err(missing()),
            },
            _ => return Err(missing()),
        }
        Ok(())
    }
}

/// "/": the row does not apply.
#[derive(Debug, PartialEq, Eq)]
pub struct NotApplicable;

impl Actual {
    /// An actual as written: a number or a level as read, `/` not applicable, anything else the text
    /// itself (a 时效 row's date, or a cell scoring will say it cannot read); None when blank.
    pub fn written(text: &str) -> Result<Option<Actual>, NotApplicable> {
        let text = text.trim();
        Ok(match read_actual(text) {
            Written::Number(n) => Some(Actual::Number(n)),
            Written::Level(level) => Some(Actual::Level { level, percent: None }),
            Written::Empty => None,
            Written::NotApplicable => return Err(NotApplicable),
            _ => Some(Actual::Text(text.to_string())),
        })
    }
}

pub(super) fn indicator_mut<'a>(evaluation: &'a mut Evaluation, id: &str) -> Result<&'a mut Indicator, EditError> {
    evaluation.find_indicator_mut(id).ok_or_else(|| EditError::NoSuchIndicator(id.to_string()))
}

pub(super) fn node_mut<'a>(evaluation: &'a mut Evaluation, id: &str) -> Result<&'a mut Node, EditError> {
    evaluation.root.find_mut(id).ok_or_else(|| EditError::NoSuchNode(id.to_string()))
}

pub(super) fn rule_mut<'a>(evaluation: &'a mut Evaluation, id: &str) -> Result<&'a mut Rule, EditError> {
    match &mut node_mut(evaluation, id)?.body {
        NodeBody::Leaf(rule) => Ok(rule),
        NodeBody::Group(_) => Err(EditError::WrongRule { node: id.to_string() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{d, seed};

    /// Every number input reads back what was set, and a refusal leaves the evaluation as it was.
    #[test]
    fn set_then_get() {
        let base = seed();
        let month_node = base
            .root
            .walk()
            .find(|n| matches!(n.rule(), Some(Rule::MonthlyExecution { .. })))
            .map(|n| n.id.clone())
            .unwrap();
        let indicator = base.root.walk().flat_map(|n| n.indicators()).next().unwrap().id.clone();
        let cases = [
            InputKey::Actual(indicator.clone()),
            InputKey::Target(indicator.clone()),
            InputKey::Weight(indicator),
            InputKey::MonthRate(month_node.clone(), 0),
            InputKey::Reported(month_node.clone()),
            InputKey::Points(month_node),
            InputKey::Year,
        ];
        for key in cases {
            let mut evaluation = base.clone();
            let value = if key == InputKey::Year { d("2024") } else { d("7") };
            evaluation.set_number(&key, Some(value)).unwrap_or_else(|e| panic!("{key:?}: {e:?}"));
            assert_eq!(evaluation.number(&key), Some(value), "{key:?}");
        }
    }

    #[test]
    fn a_year_as_people_write_it() {
        for (text, digits) in [("2024", "2024"), ("2024年", "2024"), (" 2024 年度 ", "2024"), ("二〇二四", "二〇二四")]
        {
            assert_eq!(year_digits(text), digits, "{text}");
        }
    }

    #[test]
    fn refusals_change_nothing() {
        let base = seed();
        let root = base.root.id.clone();
        let cases = [
            (InputKey::Points(root.clone()), None, InputError::Required),
            (InputKey::Points(root.clone()), Some(d("-1")), InputError::Negative),
            (InputKey::Reported(root.clone()), Some(d("-0.5")), InputError::Negative),
            (InputKey::Year, Some(d("2023.5")), InputError::NotWhole),
            (InputKey::Year, Some(d("100000000000")), InputError::NotWhole),
            // QA: 0, -1 and 99999 were taken, and the heading read "0 · …".
            (InputKey::Year, Some(d("0")), InputError::NotAYear),
            (InputKey::Year, Some(d("-1")), InputError::NotAYear),
            (InputKey::Year, Some(d("99999")), InputError::NotAYear),
            // QA: a row's 分值 cleared took its box away mid-edit (a row without its own points).
            (InputKey::RowPoints("dept-07".into()), None, InputError::Required),
            (InputKey::Rate(root.clone()), Some(d("1")), InputError::Missing(EditError::WrongRule { node: root })),
            (
                InputKey::Actual("nope".into()),
                Some(d("1")),
                InputError::Missing(EditError::NoSuchIndicator("nope".into())),
            ),
        ];
        for (key, value, error) in cases {
            let mut evaluation = base.clone();
            assert_eq!(evaluation.set_number(&key, value), Err(error), "{key:?}");
            assert_eq!(evaluation, base, "{key:?}");
        }
    }
}
