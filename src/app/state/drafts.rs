//! Two-phase input: the text typed into a number input is kept beside the evaluation, keyed by the
//! input it is for, so a bad entry stays visible, with its message, instead of becoming 0. The same
//! for every number box: a table cell, a rule's parameter, points, a year.

use std::collections::BTreeMap;
use std::rc::Rc;

use crate::domain::input::InputError;
use crate::domain::num::{parse_number, ParseError};
use crate::domain::{Evaluation, InputKey, Lang};

#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub text: String,
    pub error: Option<DraftError>,
}

/// Why a draft's text was not set: it is not a number, or the input does not take that number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DraftError {
    NotANumber(ParseError),
    Refused(InputError),
    /// Written as people write a cell, but not readable as this input: the hint says how.
    Written(crate::domain::written::Unreadable),
    /// A number in another unit than its row's (`12处` in a row in 公里).
    OtherUnit(crate::domain::written::OtherUnit),
}

impl DraftError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            DraftError::NotANumber(error) => error.message(lang),
            DraftError::Refused(error) => error.message(lang),
            DraftError::Written(cell) => cell.message(lang),
            DraftError::OtherUnit(other) => other.message(lang),
        }
    }
}

pub type Drafts = BTreeMap<InputKey, Draft>;

/// The inputs whose text was not set: how many, and the first in the order of keys. Saving or
/// exporting then would write their last valid values, not what the screen shows.
pub fn invalid_input(drafts: &Drafts) -> Option<(usize, &InputKey, &Draft)> {
    let mut invalid = drafts.iter().filter(|(_, draft)| draft.error.is_some());
    let (key, draft) = invalid.next()?;
    Some((1 + invalid.count(), key, draft))
}

/// Whether a draft's text reads as the value its input holds in the evaluation.
pub fn draft_matches(evaluation: &Evaluation, key: &InputKey, draft: &Draft) -> bool {
    parse_number(&draft.text).is_ok_and(|typed| typed == evaluation.number(key))
}

/// The drafts of one node's own inputs, as its row's props: they compare equal while that node's
/// drafts are unchanged, so typing in one cell does not re-render every other node's row.
#[derive(Clone)]
pub struct NodeDrafts {
    pub node: String,
    pub all: Rc<Drafts>,
}

impl NodeDrafts {
    pub fn get(&self, key: &InputKey) -> Option<Draft> {
        self.all.get(key).cloned()
    }

    fn own(&self) -> impl Iterator<Item = (&InputKey, &Draft)> {
        self.all.iter().filter(|(key, _)| key.node() == Some(self.node.as_str()))
    }
}

impl PartialEq for NodeDrafts {
    fn eq(&self, other: &Self) -> bool {
        self.node == other.node && (Rc::ptr_eq(&self.all, &other.all) || self.own().eq(other.own()))
    }
}
