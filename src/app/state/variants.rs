//! What the shown evaluation is measured against: the file's own inputs or a scenario (a variant),
//! the pinned baseline, a comparison of two variants, a goal-seek question. And `Derived`, for what
//! a panel shows that is computed only when the panel asks for it.

use std::cell::OnceCell;
use std::fmt;
use std::rc::Rc;

use rust_decimal::Decimal;

use crate::domain::scenario::{EditError, InputIndex};
use crate::domain::whatif::{GoalError, GoalSeek};
use crate::domain::{score, Evaluation, Scored};

/// The file's own inputs, or one of its scenarios.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variant {
    Base,
    Scenario(usize),
}

impl Variant {
    pub fn exists_in(self, document: &Evaluation) -> bool {
        match self {
            Variant::Base => true,
            Variant::Scenario(i) => i < document.scenarios.len(),
        }
    }

    /// The evaluation this variant shows: the base inputs (the document itself, shared, not copied),
    /// or them with a scenario's changes, and the changes that no longer fit.
    pub fn evaluation(self, document: &Rc<Evaluation>) -> (Rc<Evaluation>, Vec<EditError>) {
        match self {
            Variant::Scenario(i) if i < document.scenarios.len() => {
                let (evaluation, stale) = document.scenarios[i].apply_to(document);
                (Rc::new(evaluation), stale)
            }
            _ => (document.clone(), Vec::new()),
        }
    }
}

/// A scored evaluation kept for comparison: the pinned baseline, or one side of a comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct Scoring {
    pub evaluation: Rc<Evaluation>,
    pub scored: Rc<Scored>,
}

impl Scoring {
    pub fn of(evaluation: Rc<Evaluation>) -> Scoring {
        Scoring { scored: Rc::new(score(&evaluation)), evaluation }
    }
}

/// What the deltas measure against. Two things were both called 基准 (the file's data and a pinned
/// baseline); the screen names them apart, and a blank template is no baseline at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BaselineKind {
    /// The data the work started from: a file as opened, the built-in sample (文件原值).
    Origin,
    /// One the user pinned (比较基准).
    Pinned,
    /// None yet: the work started from a blank template, against which every entry would be a change.
    Unset,
}

impl BaselineKind {
    /// As the autosave keeps it beside the baseline.
    pub fn as_str(self) -> &'static str {
        match self {
            BaselineKind::Origin => "origin",
            BaselineKind::Pinned => "pinned",
            BaselineKind::Unset => "unset",
        }
    }

    pub fn from_key(key: &str) -> Option<BaselineKind> {
        [BaselineKind::Origin, BaselineKind::Pinned, BaselineKind::Unset].into_iter().find(|k| k.as_str() == key)
    }
}

/// The baseline: its scoring, what it is, and its inputs indexed for the changed-inputs list, once and
/// only when a structure edit first needs the index (input edits never do).
#[derive(Clone, Debug)]
pub struct Baseline {
    pub scoring: Scoring,
    pub kind: BaselineKind,
    inputs: Rc<OnceCell<InputIndex>>,
}

impl Baseline {
    pub fn of(scoring: Scoring, kind: BaselineKind) -> Baseline {
        Baseline { inputs: Rc::default(), scoring, kind }
    }

    /// Deltas and changes are shown against it (not against a blank template).
    pub fn is_set(&self) -> bool {
        self.kind != BaselineKind::Unset
    }

    pub fn inputs(&self) -> &InputIndex {
        self.inputs.get_or_init(|| InputIndex::of(&self.scoring.evaluation))
    }
}

/// The index is derived from the scoring: equal scorings of one kind are equal baselines, index built
/// or not.
impl PartialEq for Baseline {
    fn eq(&self, other: &Baseline) -> bool {
        self.kind == other.kind && self.scoring == other.scoring
    }
}

/// Two variants side by side. A side is scored when it changes, not when the other does.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    pub left: Variant,
    pub right: Variant,
    pub left_scoring: Scoring,
    pub right_scoring: Scoring,
    /// right − left.
    pub deltas: crate::domain::whatif::Deltas,
}

/// A goal-seek question; its answer is worked out for the evaluation shown when the goal panel first
/// asks for it, and asked again (not kept) after any change.
#[derive(Clone, Debug, PartialEq)]
pub struct GoalQuery {
    pub indicator: String,
    pub goal: Decimal,
    pub(super) answer: Derived<Result<GoalSeek, GoalError>>,
}

impl GoalQuery {
    pub fn new(indicator: String, goal: Decimal) -> GoalQuery {
        GoalQuery { indicator, goal, answer: Derived::default() }
    }

    /// The same question, for an evaluation that has changed.
    pub fn asked_again(&self) -> GoalQuery {
        GoalQuery::new(self.indicator.clone(), self.goal)
    }
}

/// A value derived from the rest of the state on first use, and dropped with the state it came from.
/// Equal states derive equal values, so it takes no part in comparing states.
#[derive(Clone)]
pub struct Derived<T>(Rc<OnceCell<T>>);

impl<T> Derived<T> {
    pub fn get_or_init(&self, derive: impl FnOnce() -> T) -> &T {
        self.0.get_or_init(derive)
    }
}

impl<T> Default for Derived<T> {
    fn default() -> Self {
        Derived(Rc::default())
    }
}

impl<T> PartialEq for Derived<T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<T: fmt::Debug> fmt::Debug for Derived<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.get() {
            Some(value) => write!(f, "Derived({value:?})"),
            None => f.write_str("Derived(not yet)"),
        }
    }
}
