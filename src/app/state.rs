//! The app's state and its one reducer. Plain Rust (no Yew here), so the native tests drive it: the
//! components only turn events into `Action`s, and nothing in a view computes a score.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use rust_decimal::Decimal;

use crate::domain::edit::Edit;
use crate::domain::num::{parse_number, ParseError};
use crate::domain::{score, Actual, Evaluation, Lang, Level, Scored};
use crate::format::LoadError;
use crate::presets;

/// A cell a user types a number into. Its text is kept beside the evaluation (two-phase input), so a
/// bad entry stays visible, with its message, instead of becoming 0.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cell {
    Actual(String),
    LevelPercent(String),
    Rate(String),
    MonthRate(String, usize),
    BandInput(String),
    DeductionValue(String),
    ManualScore(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub text: String,
    pub error: Option<ParseError>,
}

/// Where the work on screen came from.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    Preset(String),
    File(String),
    /// Restored from the browser's autosave.
    Autosave,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    Restored,
    Opened(String),
    Saved(String),
    StorageFailed,
    StorageUnavailable,
    FileReadFailed(String),
    /// The browser refused to start the download.
    SaveFailed,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FailedLoad {
    pub file_name: String,
    pub error: LoadError,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    pub evaluation: Rc<Evaluation>,
    pub scored: Rc<Scored>,
    pub drafts: Rc<BTreeMap<Cell, Draft>>,
    pub lang: Lang,
    /// Changed since it was opened or last saved: closing the tab asks first.
    pub dirty: bool,
    /// Counts changes to the evaluation; the autosave effect runs when it moves.
    pub revision: u64,
    pub source: Source,
    pub load_error: Option<Rc<FailedLoad>>,
    pub notice: Option<Notice>,
    pub collapsed: Rc<BTreeSet<String>>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Text typed into a number cell.
    Input {
        cell: Cell,
        text: String,
    },
    SetLevel {
        indicator: String,
        level: Option<Level>,
    },
    SetPassed {
        node: String,
        passed: Option<bool>,
    },
    SetReason {
        indicator: String,
        text: String,
    },
    SetManualReason {
        node: String,
        text: String,
    },
    ToggleCollapsed(String),
    /// A file was read and parsed; a failure leaves the evaluation exactly as it was.
    Opened {
        file_name: String,
        result: Result<Evaluation, LoadError>,
    },
    FileReadFailed {
        file_name: String,
    },
    NewFromPreset(String),
    Restored(Evaluation),
    /// Throw the restored autosave away and show the sample again.
    DiscardRestored,
    SetLang(Lang),
    Saved {
        file_name: String,
    },
    StorageProblem(Notice),
    DismissNotice,
    DismissLoadError,
}

impl AppState {
    pub fn new(evaluation: Evaluation, source: Source, lang: Lang) -> AppState {
        AppState {
            scored: Rc::new(score(&evaluation)),
            evaluation: Rc::new(evaluation),
            drafts: Rc::default(),
            lang,
            dirty: false,
            revision: 0,
            source,
            load_error: None,
            notice: None,
            collapsed: Rc::default(),
        }
    }

    /// The built-in sample: what the app shows on first open.
    pub fn sample(lang: Lang) -> AppState {
        match presets::find(presets::DEFAULT_PRESET).map(|p| p.evaluation()) {
            Some(Ok(evaluation)) => AppState::new(evaluation, Source::Preset(presets::DEFAULT_PRESET.into()), lang),
            // Presets are tested to load; an empty evaluation is the last resort, never a panic.
            _ => AppState::new(empty_evaluation(), Source::Preset(String::new()), lang),
        }
    }

    pub fn draft(&self, cell: &Cell) -> Option<&Draft> {
        self.drafts.get(cell)
    }

    /// One step of the app: the only place state changes.
    pub fn step(&self, action: Action) -> AppState {
        let mut next = self.clone();
        match action {
            Action::Input { cell, text } => {
                let parsed = parse_number(&text);
                let error = parsed.as_ref().err().cloned();
                if let Ok(value) = parsed {
                    if let Some(edit) = self.edit_for(&cell, value) {
                        next.apply(&edit);
                    }
                }
                Rc::make_mut(&mut next.drafts).insert(cell, Draft { text, error });
            }
            Action::SetLevel { indicator, level } => {
                Rc::make_mut(&mut next.drafts).remove(&Cell::LevelPercent(indicator.clone()));
                next.apply(&Edit::Actual {
                    indicator,
                    value: level.map(|level| Actual::Level { level, percent: None }),
                });
            }
            Action::SetPassed { node, passed } => next.apply(&Edit::Passed { node, value: passed }),
            Action::SetReason { indicator, text } => next.apply(&Edit::Reason { indicator, text }),
            Action::SetManualReason { node, text } => next.apply(&Edit::ManualReason { node, text }),
            Action::ToggleCollapsed(id) => {
                let collapsed = Rc::make_mut(&mut next.collapsed);
                if !collapsed.remove(&id) {
                    collapsed.insert(id);
                }
            }
            Action::Opened { file_name, result } => match result {
                Ok(evaluation) => {
                    next = AppState::new(evaluation, Source::File(file_name.clone()), self.lang);
                    next.revision = self.revision + 1;
                    next.notice = Some(Notice::Opened(file_name));
                }
                Err(error) => next.load_error = Some(Rc::new(FailedLoad { file_name, error })),
            },
            Action::FileReadFailed { file_name } => next.notice = Some(Notice::FileReadFailed(file_name)),
            Action::NewFromPreset(name) => {
                if let Some(Ok(evaluation)) = presets::find(&name).map(|p| p.evaluation()) {
                    next = AppState::new(evaluation, Source::Preset(name), self.lang);
                    next.revision = self.revision + 1;
                }
            }
            Action::Restored(evaluation) => {
                next = AppState::new(evaluation, Source::Autosave, self.lang);
                next.notice = Some(Notice::Restored);
            }
            Action::DiscardRestored => {
                // The revision stays, so the autosave effect does not write the sample back at once.
                next = AppState::sample(self.lang);
                next.revision = self.revision;
            }
            Action::SetLang(lang) => next.lang = lang,
            Action::Saved { file_name } => {
                next.dirty = false;
                next.notice = Some(Notice::Saved(file_name));
            }
            Action::StorageProblem(notice) => next.notice = Some(notice),
            Action::DismissNotice => next.notice = None,
            Action::DismissLoadError => next.load_error = None,
        }
        next
    }

    fn apply(&mut self, edit: &Edit) {
        let mut evaluation = (*self.evaluation).clone();
        // An edit naming something that is gone (a stale event) changes nothing.
        if edit.apply(&mut evaluation).is_ok() {
            self.scored = Rc::new(score(&evaluation));
            self.evaluation = Rc::new(evaluation);
            self.revision += 1;
            self.dirty = true;
        }
    }

    /// The domain edit a parsed number makes in this cell.
    fn edit_for(&self, cell: &Cell, value: Option<Decimal>) -> Option<Edit> {
        Some(match cell.clone() {
            Cell::Actual(indicator) => Edit::Actual { indicator, value: value.map(Actual::Number) },
            Cell::LevelPercent(indicator) => {
                let level = match self.evaluation.find_indicator(&indicator)?.1.actual {
                    Some(Actual::Level { level, .. }) => level,
                    _ => return None,
                };
                Edit::Actual { indicator, value: Some(Actual::Level { level, percent: value }) }
            }
            Cell::Rate(node) => Edit::Rate { node, value },
            Cell::MonthRate(node, month) => Edit::MonthRate { node, month, value },
            Cell::BandInput(node) => Edit::BandInput { node, value },
            Cell::DeductionValue(node) => Edit::DeductionValue { node, value },
            Cell::ManualScore(node) => Edit::ManualScore { node, value },
        })
    }
}

fn empty_evaluation() -> Evaluation {
    use crate::domain::{Meta, Node};
    Evaluation {
        scenarios: Vec::new(),
        meta: Meta::default(),
        root: Node::group("total", "总分", Decimal::ONE_HUNDRED, Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Badge;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn typed(state: &AppState, cell: Cell, text: &str) -> AppState {
        state.step(Action::Input { cell, text: text.into() })
    }

    #[test]
    fn typing_an_actual_rescores_at_once() {
        let state = AppState::sample(Lang::Zh);
        assert_eq!(state.scored.total, d("97.7794"));
        let next = typed(&state, Cell::Actual("dept-07".into()), "20");
        assert_eq!(next.scored.indicator("dept-07").unwrap().badge(), Badge::Met);
        assert_eq!(next.scored.total, d("97.99815"));
        assert!(next.dirty);
        assert_eq!(next.revision, state.revision + 1);
    }

    /// A bad cell keeps its text and message; the evaluation and the scores stay as they were.
    #[test]
    fn a_bad_cell_is_shown_as_bad_not_as_zero() {
        let state = typed(&AppState::sample(Lang::Zh), Cell::Actual("dept-07".into()), "15");
        let bad = typed(&state, Cell::Actual("dept-07".into()), "15x");
        let draft = bad.draft(&Cell::Actual("dept-07".into())).unwrap();
        assert_eq!(draft.text, "15x");
        assert_eq!(draft.error, Some(ParseError::NotANumber("15x".into())));
        assert_eq!(bad.evaluation, state.evaluation);
        assert_eq!(bad.scored.total, state.scored.total);
        // Fixing it clears the message and scores the new value.
        let fixed = typed(&bad, Cell::Actual("dept-07".into()), "１６");
        assert_eq!(fixed.draft(&Cell::Actual("dept-07".into())).unwrap().error, None);
        assert_eq!(fixed.scored.indicator("dept-07").unwrap().ratio(), Some(d("0.8")));
    }

    #[test]
    fn clearing_a_cell_makes_it_pending() {
        let next = typed(&AppState::sample(Lang::Zh), Cell::Actual("dept-01".into()), "  ");
        assert_eq!(next.scored.indicator("dept-01").unwrap().badge(), Badge::Pending);
    }

    #[test]
    fn rule_inputs_reach_the_engine() {
        let state = AppState::sample(Lang::Zh);
        let next = typed(&state, Cell::BandInput("gl.procurement.contract-timeliness".into()), "98");
        assert_eq!(next.scored.node("gl").unwrap().score, d("49"));
        let next = next.step(Action::SetPassed { node: "gl.procurement.contract-filing".into(), passed: Some(true) });
        assert_eq!(next.scored.node("gl").unwrap().score, d("50"));
        let next = typed(&next, Cell::MonthRate("lz.exec".into(), 9), "100");
        assert_eq!(next.scored.node("lz.exec").unwrap().score, d("5"));
        let next = typed(&next, Cell::Rate("lz.fund-exec".into()), "100%");
        assert_eq!(next.scored.node("lz.fund-exec").unwrap().score, d("5"));
    }

    #[test]
    fn a_failed_open_leaves_the_work_untouched() {
        let state = typed(&AppState::sample(Lang::Zh), Cell::Actual("dept-07".into()), "18");
        let error = crate::format::load_str("{not json").unwrap_err();
        let next = state.step(Action::Opened { file_name: "bad.json".into(), result: Err(error.clone()) });
        assert_eq!(next.evaluation, state.evaluation);
        assert_eq!(next.drafts, state.drafts);
        assert!(next.dirty);
        assert_eq!(next.load_error.as_deref(), Some(&FailedLoad { file_name: "bad.json".into(), error }));
    }

    #[test]
    fn a_good_open_replaces_the_work_and_clears_drafts() {
        let state = typed(&AppState::sample(Lang::Zh), Cell::Actual("dept-07".into()), "oops");
        let blank = presets::find("project-blank").unwrap().evaluation().unwrap();
        let next = state.step(Action::Opened { file_name: "p.json".into(), result: Ok(blank.clone()) });
        assert_eq!(*next.evaluation, blank);
        assert!(next.drafts.is_empty());
        assert!(!next.dirty);
        assert_eq!(next.source, Source::File("p.json".into()));
        assert!(next.revision > state.revision, "the autosave must notice the new work");
    }

    #[test]
    fn qualitative_levels_and_percents() {
        let state = AppState::sample(Lang::Zh);
        let id = "dept-25";
        assert_eq!(state.scored.indicator(id).unwrap().badge(), Badge::Met);
        let partial = state.step(Action::SetLevel { indicator: id.into(), level: Some(Level::Partial) });
        assert_eq!(partial.scored.indicator(id).unwrap().ratio(), Some(d("0.7")));
        let exact = typed(&partial, Cell::LevelPercent(id.into()), "65");
        assert_eq!(exact.scored.indicator(id).unwrap().ratio(), Some(d("0.65")));
        let outside = typed(&exact, Cell::LevelPercent(id.into()), "90");
        assert_eq!(outside.scored.indicator(id).unwrap().badge(), Badge::Invalid);
    }

    #[test]
    fn saving_clears_dirty_and_collapse_toggles() {
        let state = typed(&AppState::sample(Lang::Zh), Cell::Actual("dept-07".into()), "18");
        let saved = state.step(Action::Saved { file_name: "x.json".into() });
        assert!(!saved.dirty);
        let folded = saved.step(Action::ToggleCollapsed("gl".into()));
        assert!(folded.collapsed.contains("gl"));
        assert!(!folded.step(Action::ToggleCollapsed("gl".into())).collapsed.contains("gl"));
    }
}
