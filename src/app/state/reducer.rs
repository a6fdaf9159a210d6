//! The one reducer: `AppState::step`, the only place state changes. An input change is applied once,
//! to the evaluation shown, and goes into the document as it is (the base inputs) or into the shown
//! scenario's list of changes; a change to the document itself (structure, undo, another variant)
//! derives the shown evaluation again from it.

use std::rc::Rc;

use rust_decimal::Decimal;

use super::drafts::{draft_matches, invalid_input, Draft, DraftError};
use super::variants::{Baseline, BaselineKind, Comparison, GoalQuery, Scoring, Variant};
use super::{AppState, Autosaved, FailedLoad, Notice, Source};
use crate::domain::input::{year_digits, InputError};
use crate::domain::num::parse_number;
use crate::domain::paste::{apply_funds_paste, apply_paste, parse_block, Column, PasteAt};
use crate::domain::scenario::{changed_inputs, Edit};
use crate::domain::structure::{next_year, StructureEdit};
use crate::domain::whatif::{deltas, Deltas, GoalSeek};
use crate::domain::{score, Actual, BudgetField, Evaluation, InputKey, Lang, Level, Scenario};
use crate::format::LoadError;
use crate::presets;

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Text typed into a number input: a table cell, a rule's parameter, points, the year.
    Input {
        key: InputKey,
        text: String,
    },
    /// The input's text was committed (its change event: Enter, or the focus gone): its run of
    /// keystrokes, one undo step, ends there, and text refused later takes back no further.
    InputLeft(InputKey),
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
    /// An actual typed as written (a 时效 row's "2023年11月20日" or "按时完成"): a number or a level as
    /// read, "/" not applicable, anything else kept as text.
    SetWrittenActual {
        indicator: String,
        text: String,
    },
    SetManualReason {
        node: String,
        text: String,
    },
    /// Why a funds block's execution rate is low (its 偏差原因).
    SetBudgetReason {
        node: String,
        text: String,
    },
    ToggleCollapsed(String),
    /// A file was read and parsed; a failure leaves the evaluation exactly as it was.
    Opened {
        file_name: String,
        result: Box<Result<Evaluation, LoadError>>,
    },
    FileReadFailed {
        file_name: String,
    },
    /// A workbook read by the import worker and accepted in its preview: it replaces the work on
    /// screen, as one undo step (undo brings back what was there).
    ImportWorkbook {
        file_name: String,
        evaluation: Rc<Evaluation>,
    },
    NewFromPreset(String),
    Restored(Box<Autosaved>),
    /// Throw the restored work away for what it started from: its preset, or its file as opened (the
    /// baseline kept beside the autosave). Undoable.
    DiscardRestored,
    SetLang(Lang),
    Saved {
        file_name: String,
    },
    /// The work was taken back into the reviewer's desk (返回审核台), which keeps it: no longer
    /// unsaved, as after saving, with nothing downloaded and nothing to say.
    HeldByDesk,
    /// A notice to show (a storage problem, a hint).
    Notify(Notice),
    /// Another tab of this app (same browser, same page) saved its work as the autosave.
    OtherTabSaved,
    /// This tab's work becomes the autosave again; the other tab is told in its turn.
    KeepThisTab,
    DismissNotice,
    DismissLoadError,
    /// The current state becomes the baseline that deltas are measured from.
    PinBaseline,
    Undo,
    Redo,
    /// Sets one changed input back to its baseline value.
    Revert(InputKey),
    RevertAll,
    SelectVariant(Variant),
    /// A new scenario holding the current inputs, shown at once.
    AddScenario {
        name: String,
    },
    DeleteScenario(usize),
    Compare {
        left: Variant,
        right: Variant,
    },
    CloseComparison,
    GoalSeek {
        indicator: String,
        goal: Decimal,
    },
    /// Sets the indicator's actual to the goal-seek answer.
    ApplyGoal,
    /// Unfolds every section above a node or indicator, so a jump to it lands on a visible row.
    Reveal(String),
    SetEditing(bool),
    SetNotApplicable {
        indicator: String,
        value: bool,
    },
    Structure(StructureEdit),
    /// A block copied from a spreadsheet, pasted with the focus on this indicator's row, in this column.
    Paste {
        start: String,
        focus: Column,
        text: String,
    },
    /// A block copied from a finance table, pasted on a funds block's amount: it fills across and down.
    PasteFunds {
        node: String,
        line: usize,
        field: BudgetField,
        text: String,
    },
    /// Last year's file becomes this year's: targets kept, actuals cleared.
    NextYear,
}

impl AppState {
    /// One step of the app: the only place state changes.
    pub fn step(&self, action: Action) -> AppState {
        let mut next = self.clone();
        let keep_this_tab = matches!(action, Action::KeepThisTab);
        match action {
            // A target written with its sign or unit ("≥90%", "880万元", "12月底前") sets the row's
            // direction and unit too: a change to the table's shape, kept as typed.
            Action::Input { key: InputKey::Target(indicator), text } if is_written_target(&text) => {
                let key = InputKey::Target(indicator.clone());
                let mut document = (*self.document).clone();
                let edit = StructureEdit::SetWrittenTarget { indicator, text: text.clone() };
                if edit.apply(&mut document).is_ok() {
                    next.joining(&key);
                    next.document = Rc::new(document);
                    next.touched();
                    Rc::make_mut(&mut next.drafts).remove(&key);
                }
            }
            Action::Input { key, text } => {
                let typed = if key == InputKey::Year { year_digits(&text) } else { &text };
                let error = match parse_number(typed).or_else(|error| self.written_actual(&key, &text).ok_or(error)) {
                    // An actual written with its unit ("6艘", "4.94 万人") says why when it cannot be read.
                    // One in another unit ("12处" in a row in 公里) says so: nothing is converted.
                    Err(error) => Some(match (self.unreadable_actual(&key, &text), self.other_unit(&key, &text)) {
                        (Some(cell), _) => DraftError::Written(cell),
                        (None, Some(other)) => DraftError::OtherUnit(other),
                        (None, None) => DraftError::NotANumber(error),
                    }),
                    Ok(value) => match next.set_number(&key, value) {
                        // A stale event (the input is gone): nothing to say beside it.
                        Ok(()) | Err(InputError::Missing(_)) => None,
                        Err(refused) => Some(DraftError::Refused(refused)),
                    },
                };
                // Refused, the input holds what it held before this run of keystrokes in it.
                if error.is_some() && self.last_edit.as_ref() == Some(&key) {
                    next.take_back_run();
                }
                Rc::make_mut(&mut next.drafts).insert(key, Draft { text, error });
            }
            Action::InputLeft(key) => {
                if self.last_edit.as_ref() == Some(&key) {
                    next.last_edit = None;
                }
            }
            Action::SetLevel { indicator, level } => {
                Rc::make_mut(&mut next.drafts).remove(&InputKey::LevelPercent(indicator.clone()));
                next.apply(&Edit::Actual {
                    indicator,
                    value: level.map(|level| Actual::Level { level, percent: None }),
                });
            }
            Action::SetPassed { node, passed } => next.apply(&Edit::Passed { node, value: passed }),
            Action::SetReason { indicator, text } => next.apply(&Edit::Reason { indicator, text }),
            Action::SetWrittenActual { indicator, text } => match Actual::written(&text) {
                Ok(value) => next.apply(&Edit::Actual { indicator, value }),
                Err(_) => next.apply(&Edit::NotApplicable { indicator, value: true }),
            },
            Action::SetManualReason { node, text } => next.apply(&Edit::ManualReason { node, text }),
            Action::SetBudgetReason { node, text } => next.apply(&Edit::BudgetReason { node, text }),
            Action::ToggleCollapsed(id) => {
                let collapsed = Rc::make_mut(&mut next.collapsed);
                if !collapsed.remove(&id) {
                    collapsed.insert(id);
                }
            }
            Action::Opened { file_name, result } => match *result {
                Ok(evaluation) => {
                    next = AppState::new(evaluation, Source::File(file_name.clone()), self.lang);
                    next.revision = self.revision + 1;
                    next.notice = Some(Notice::Opened(file_name));
                }
                Err(error) => next.load_error = Some(Rc::new(FailedLoad { file_name, error })),
            },
            Action::FileReadFailed { file_name } => next.notice = Some(Notice::FileReadFailed(file_name)),
            Action::ImportWorkbook { file_name, evaluation } => {
                next.remember_replaced();
                next.last_edit = None;
                next.active = Variant::Base;
                next.drafts = Rc::default();
                next.comparison = None;
                next.goal = None;
                next.load_error = None;
                // Compared with itself, as an opened file is; `on_file` stays the file the work came
                // from, so the import is unsaved work and undoing it is not.
                next.baseline = Rc::new(Baseline::of(Scoring::of(evaluation.clone()), BaselineKind::Origin));
                next.document = evaluation;
                next.source = Source::File(file_name.clone());
                next.touched();
                next.notice = Some(Notice::Opened(file_name));
            }
            Action::NewFromPreset(name) => {
                if let Some(Ok(evaluation)) = presets::find(&name).map(|p| p.evaluation()) {
                    next = AppState::new(evaluation, Source::Preset(name), self.lang);
                    next.revision = self.revision + 1;
                }
            }
            Action::Restored(autosaved) => next = AppState::restored(*autosaved, self.lang),
            Action::DiscardRestored => {
                let preset = |name: &str| presets::find(name).and_then(|p| p.evaluation().ok());
                let origin = match &self.source {
                    Source::Preset(name) => preset(name),
                    Source::File(_) | Source::Autosave => Some((*self.baseline.scoring.evaluation).clone()),
                }
                .or_else(|| preset(presets::DEFAULT_PRESET));
                if let Some(origin) = origin {
                    next.remember();
                    next.last_edit = None;
                    next.active = Variant::Base;
                    next.drafts = Rc::default();
                    let origin = Rc::new(origin);
                    next.on_file = Some(origin.clone());
                    next.document = origin;
                    next.touched();
                    next.notice = Some(Notice::Discarded);
                }
            }
            Action::SetLang(lang) => next.lang = lang,
            Action::Saved { file_name } => {
                next.dirty = false;
                next.on_file = Some(self.document.clone());
                next.notice = Some(Notice::Saved(file_name));
            }
            Action::HeldByDesk => {
                next.dirty = false;
                next.on_file = Some(self.document.clone());
            }
            Action::Notify(notice) => next.notice = Some(notice),
            Action::OtherTabSaved => {
                next.autosave_paused = true;
                next.notice = Some(Notice::OtherTab);
            }
            Action::KeepThisTab => {
                next.autosave_paused = false;
                // The autosave effect runs on a new revision: it writes this tab's work now.
                next.revision = self.revision + 1;
                next.notice = None;
            }
            Action::DismissNotice => next.notice = None,
            Action::DismissLoadError => next.load_error = None,
            Action::PinBaseline => {
                let scoring = Scoring { evaluation: self.evaluation.clone(), scored: self.scored.clone() };
                next.baseline = Rc::new(Baseline::of(scoring, BaselineKind::Pinned));
                next.deltas = Rc::new(deltas(&next.scored, &next.scored));
                next.changes = Default::default();
            }
            // Text that was not set was never an edit: undo first takes it back, showing the input's
            // value again, as a sheet's undo takes back what was typed into a cell.
            Action::Undo if invalid_input(&self.drafts).is_some() => {
                Rc::make_mut(&mut next.drafts).retain(|_, draft| draft.error.is_none());
            }
            Action::Undo => next.travel(true),
            Action::Redo => next.travel(false),
            Action::Revert(key) => {
                if let Some(change) = self.changes().iter().find(|c| c.key() == key) {
                    next.apply(&change.before.clone());
                    next.last_edit = None;
                }
            }
            Action::RevertAll => {
                let changes = self.changes();
                if !changes.is_empty() {
                    next.remember();
                    next.last_edit = None;
                    let mut shown = (*self.evaluation).clone();
                    for change in changes {
                        let _ = change.before.apply(&mut shown);
                    }
                    let keys: Vec<InputKey> = changes.iter().map(|c| c.key()).collect();
                    next.put(shown, &keys);
                }
            }
            Action::SelectVariant(variant) => {
                if variant != self.active && variant.exists_in(&self.document) {
                    next.remember();
                    next.last_edit = None;
                    next.active = variant;
                    next.drafts = Rc::default();
                    next.refresh();
                }
            }
            Action::AddScenario { name } => {
                next.remember();
                next.last_edit = None;
                // The inputs shown, as changes to the file's own.
                let changes = changed_inputs(&self.document, &self.evaluation).into_iter().map(|c| c.after).collect();
                let document = Rc::make_mut(&mut next.document);
                document.scenarios.push(Scenario { name, changes });
                next.active = Variant::Scenario(document.scenarios.len() - 1);
                // The evaluation shown is the same: only which variant holds it changed.
                next.revision += 1;
                next.dirty = next.differs_from_file();
            }
            Action::DeleteScenario(index) => {
                if index < self.document.scenarios.len() {
                    next.remember();
                    next.last_edit = None;
                    Rc::make_mut(&mut next.document).scenarios.remove(index);
                    next.active = match self.active {
                        Variant::Scenario(i) if i == index => Variant::Base,
                        Variant::Scenario(i) if i > index => Variant::Scenario(i - 1),
                        other => other,
                    };
                    next.comparison = None;
                    next.touched();
                }
            }
            Action::Compare { left, right } => {
                if left.exists_in(&self.document) && right.exists_in(&self.document) {
                    next.comparison = Some(Rc::new(next.compare(left, right, None)));
                }
            }
            Action::CloseComparison => next.comparison = None,
            Action::GoalSeek { indicator, goal } => next.goal = Some(Rc::new(GoalQuery::new(indicator, goal))),
            Action::ApplyGoal => {
                if let Some((
                    query,
                    Ok(GoalSeek::Reachable { actual, .. } | GoalSeek::Unreachable { best_actual: actual, .. }),
                )) = self.goal_answer()
                {
                    let indicator = query.indicator.clone();
                    // In the indicator's granularity: 20 people, not 19.9952.
                    let (unit, at_least) = match (self.evaluation.find_indicator(&indicator), self.goal_answer()) {
                        (Some((_, i)), Some((_, Ok(GoalSeek::Reachable { at_least, .. })))) => {
                            (i.unit.clone(), *at_least)
                        }
                        _ => (String::new(), true),
                    };
                    let actual = crate::domain::whatif::in_units(&unit, *actual, at_least);
                    Rc::make_mut(&mut next.drafts).remove(&InputKey::Actual(indicator.clone()));
                    next.apply(&Edit::Actual { indicator, value: Some(Actual::Number(actual)) });
                    next.last_edit = None;
                }
            }
            Action::SetEditing(editing) => next.editing = editing,
            Action::SetNotApplicable { indicator, value } => {
                next.apply(&Edit::NotApplicable { indicator, value });
                next.last_edit = None;
            }
            Action::Structure(edit) => {
                let mut document = (*self.document).clone();
                // A row added takes the focus (its name is the first thing to type).
                let added = matches!(edit, StructureEdit::AddIndicator { .. })
                    .then(|| crate::domain::structure::fresh_id(&document, "ind-"));
                next.focus = None;
                match edit.apply(&mut document) {
                    Ok(()) => {
                        next.remember();
                        next.last_edit = None;
                        next.document = Rc::new(document);
                        next.touched();
                        if let Some(id) = added {
                            next.revealed = Some(id.clone());
                            next.focus = Some(id);
                        }
                        // A refusal before this edit no longer stands.
                        if matches!(next.notice, Some(Notice::StructureRefused(_))) {
                            next.notice = None;
                        }
                    }
                    Err(error) => next.notice = Some(Notice::StructureRefused(error)),
                }
            }
            Action::Paste { start, focus, text } => {
                let mut shown = (*self.evaluation).clone();
                let at = PasteAt { start: &start, focus, inputs_only: self.active_scenario().is_some() };
                let report = apply_paste(&mut shown, at, &parse_block(&text));
                if report.filled > 0 {
                    next.remember();
                    next.last_edit = None;
                    // The rows pasted into show what was pasted, not text typed there before.
                    Rc::make_mut(&mut next.drafts)
                        .retain(|key, _| !(key.is_indicator() && report.rows.iter().any(|r| r == key.owner())));
                    let keys: Vec<InputKey> = report
                        .rows
                        .iter()
                        .flat_map(|id| {
                            [
                                InputKey::Actual(id.clone()),
                                InputKey::Target(id.clone()),
                                InputKey::Reason(id.clone()),
                                // "/" sets a row aside, in a scenario too.
                                InputKey::NotApplicable(id.clone()),
                            ]
                        })
                        .collect();
                    next.put(shown, &keys);
                }
                next.notice = Some(Notice::Pasted(report));
            }
            Action::PasteFunds { node, line, field, text } => {
                let mut shown = (*self.evaluation).clone();
                let report = apply_funds_paste(&mut shown, &node, line, field, &parse_block(&text));
                if report.filled > 0 {
                    next.remember();
                    next.last_edit = None;
                    let lines = match shown.root.find(&node).and_then(|n| n.rule()) {
                        Some(crate::domain::Rule::Budget { lines, .. }) => lines.len(),
                        _ => 0,
                    };
                    let keys: Vec<InputKey> = (0..lines)
                        .flat_map(|l| BudgetField::ALL.map(|f| InputKey::BudgetAmount(node.clone(), l, f)))
                        .collect();
                    // The amounts pasted show what was pasted, not text typed there before.
                    Rc::make_mut(&mut next.drafts).retain(|key, _| !keys.contains(key));
                    next.put(shown, &keys);
                }
                next.notice = Some(Notice::Pasted(report));
            }
            Action::NextYear => {
                let mut fresh = AppState::new(
                    next_year(&Evaluation { scenarios: Vec::new(), ..(*self.document).clone() }),
                    Source::File(String::new()),
                    self.lang,
                );
                fresh.revision = self.revision + 1;
                // Its actuals are cleared: like a blank template, it is no baseline.
                fresh.baseline = Rc::new(Baseline::of(fresh.baseline.scoring.clone(), BaselineKind::Unset));
                fresh.refresh();
                fresh.dirty = true;
                fresh.on_file = None;
                fresh.editing = self.editing;
                fresh.notice = Some(Notice::NextYear);
                next = fresh;
            }
            Action::Reveal(id) => {
                let collapsed = Rc::make_mut(&mut next.collapsed);
                for ancestor in ancestors(&self.evaluation, &id) {
                    collapsed.remove(&ancestor);
                }
                next.revealed = Some(id);
            }
        }
        // While paused, every change that would have been autosaved says again why it was not.
        if self.autosave_paused && !keep_this_tab {
            next.autosave_paused = true;
            if next.revision != self.revision {
                next.notice = Some(Notice::OtherTab);
            }
        }
        next
    }

    /// An actual typed with its row's unit ("6艘" in a row in 艘): its number.
    fn written_actual(&self, key: &InputKey, text: &str) -> Option<Option<Decimal>> {
        use crate::domain::written::{read_actual_with_unit, Written};
        let InputKey::Actual(id) = key else { return None };
        let (_, row) = self.evaluation.find_indicator(id)?;
        let same = |a: &str, b: &str| a.replace('％', "%") == b.replace('％', "%");
        match read_actual_with_unit(text) {
            (Written::Number(n), unit) if unit.is_empty() || same(&unit, &row.unit) => Some(Some(n)),
            _ => None,
        }
    }

    /// An actual typed with a unit other than its row's.
    fn other_unit(&self, key: &InputKey, text: &str) -> Option<crate::domain::written::OtherUnit> {
        let InputKey::Actual(id) = key else { return None };
        let (_, row) = self.evaluation.find_indicator(id)?;
        crate::domain::written::other_unit(text, &row.unit)
    }

    /// Why an actual typed as written cannot be read, in the words of `written` (a bound, two numbers…).
    fn unreadable_actual(&self, key: &InputKey, text: &str) -> Option<crate::domain::written::Unreadable> {
        use crate::domain::written::{read_actual, Written};
        match (key, read_actual(text)) {
            (InputKey::Actual(_), Written::Unreadable(cell)) => Some(cell),
            _ => None,
        }
    }

    /// Sets a number input. The table's shape (points, weights, a rule's parameters, the year) is the
    /// document's in every variant; any other input is the variant's shown.
    fn set_number(&mut self, key: &InputKey, value: Option<Decimal>) -> Result<(), InputError> {
        if key.is_structure() {
            let mut document = (*self.document).clone();
            document.set_number(key, value)?;
            self.joining(key);
            self.document = Rc::new(document);
            self.touched();
        } else {
            let mut shown = (*self.evaluation).clone();
            shown.set_number(key, value)?;
            self.joining(key);
            self.put(shown, std::slice::from_ref(key));
        }
        Ok(())
    }

    /// An input edit (a level, a pass, a reason, a revert, goal seek's answer) to the variant shown.
    fn apply(&mut self, edit: &Edit) {
        let mut shown = (*self.evaluation).clone();
        // An edit naming something that is gone (a stale event) changes nothing.
        if edit.apply(&mut shown).is_err() {
            return;
        }
        let key = edit.key();
        self.joining(&key);
        self.put(shown, &[key]);
    }

    /// A new undo step, unless this input was the last one changed (more typing into one cell is one
    /// step).
    fn joining(&mut self, key: &InputKey) {
        if self.last_edit.as_ref() != Some(key) {
            self.remember();
            self.last_edit = Some(key.clone());
        }
    }

    /// The shown evaluation, with these inputs changed, goes into the document: as the base inputs,
    /// or as the shown scenario's changes to these inputs (no other is looked at).
    fn put(&mut self, shown: Evaluation, keys: &[InputKey]) {
        // Text typed into these inputs before shows a value they no longer hold (after a revert, goal
        // seek's answer): drop it. Text that was not set stays, with its message.
        if self.drafts.keys().any(|key| keys.contains(key)) {
            Rc::make_mut(&mut self.drafts)
                .retain(|key, draft| !keys.contains(key) || draft.error.is_some() || draft_matches(&shown, key, draft));
        }
        match self.active {
            Variant::Scenario(i) if i < self.document.scenarios.len() => {
                let document = Rc::make_mut(&mut self.document);
                let mut scenarios = std::mem::take(&mut document.scenarios);
                for key in keys {
                    scenarios[i].record(key, document, &shown);
                }
                document.scenarios = scenarios;
                self.set_shown(Rc::new(shown));
            }
            // The base inputs are the document: the edited evaluation replaces it whole.
            _ => {
                let shown = Rc::new(Evaluation { scenarios: self.document.scenarios.clone(), ..shown });
                self.document = shown.clone();
                self.set_shown(shown);
            }
        }
        self.revision += 1;
        self.dirty = self.differs_from_file();
    }

    /// Two variants scored side by side. The shown variant's scoring is reused, not redone, and so is
    /// a side of `reuse` that is not the one shown (it has not changed).
    pub(super) fn compare(&self, left: Variant, right: Variant, reuse: Option<&Comparison>) -> Comparison {
        let scoring = |variant: Variant, kept: Option<&Scoring>| match kept {
            Some(kept) if variant != self.active => kept.clone(),
            _ if variant == self.active => Scoring { evaluation: self.evaluation.clone(), scored: self.scored.clone() },
            _ => Scoring::of(variant.evaluation(&self.document).0),
        };
        let left_scoring = scoring(left, reuse.map(|c| &c.left_scoring));
        let right_scoring = scoring(right, reuse.map(|c| &c.right_scoring));
        let deltas = deltas(&left_scoring.scored, &right_scoring.scored);
        Comparison { left, right, left_scoring, right_scoring, deltas }
    }

    /// The document changed as a whole (structure, undo, another variant): derive the evaluation shown
    /// from it again, and both sides of a comparison.
    pub(super) fn touched(&mut self) {
        self.revision += 1;
        self.dirty = self.differs_from_file();
        self.refresh();
    }

    /// Cheap at any size: the indicators both share compare by pointer (`Indicator: Eq`).
    pub(super) fn differs_from_file(&self) -> bool {
        !self.on_file.as_ref().is_some_and(|file| Rc::ptr_eq(file, &self.document) || **file == *self.document)
    }

    /// Derives the shown evaluation from the document, and everything shown from it.
    pub(super) fn refresh(&mut self) {
        let (evaluation, stale) = self.active.evaluation(&self.document);
        // A valid draft whose value the evaluation no longer holds (after undo, a revert, a switch)
        // would show a stale number: drop it. Bad drafts stay, with their message.
        if self.drafts.iter().any(|(key, draft)| draft.error.is_none() && !draft_matches(&evaluation, key, draft)) {
            Rc::make_mut(&mut self.drafts)
                .retain(|key, draft| draft.error.is_some() || draft_matches(&evaluation, key, draft));
        }
        self.stale_changes = Rc::new(stale);
        let comparison = self.comparison.take();
        self.set_shown(evaluation);
        // Either side may have changed with the document.
        self.comparison = comparison.map(|c| Rc::new(self.compare(c.left, c.right, None)));
    }

    /// The evaluation shown changed: score it once, and start afresh what the panels derive from it.
    pub(super) fn set_shown(&mut self, evaluation: Rc<Evaluation>) {
        self.scored = Rc::new(score(&evaluation));
        self.evaluation = evaluation;
        self.deltas = Rc::new(if self.baseline.is_set() {
            deltas(&self.baseline.scoring.scored, &self.scored)
        } else {
            Deltas::none()
        });
        self.changes = Default::default();
        self.losses = Default::default();
        self.goal = self.goal.as_ref().map(|query| Rc::new(query.asked_again()));
        // Only the shown side of a comparison changed.
        if let Some(comparison) = self.comparison.take() {
            self.comparison = Some(Rc::new(self.compare(comparison.left, comparison.right, Some(&comparison))));
        }
    }
}

/// Text that is no plain number but reads as a target as written: a sign, a unit, a deadline, a level.
fn is_written_target(text: &str) -> bool {
    use crate::domain::written::{read_target, Written};
    parse_number(text).is_err()
        && matches!(read_target(text).value, Written::Number(_) | Written::Deadline(_) | Written::Level(_))
}

/// The ids of the nodes above a node or indicator, root first.
pub(super) fn ancestors(evaluation: &Evaluation, id: &str) -> Vec<String> {
    fn path(node: &crate::domain::Node, id: &str, trail: &mut Vec<String>) -> bool {
        if node.id == id {
            return true;
        }
        trail.push(node.id.clone());
        if node.indicators().iter().any(|i| i.id == id) || node.children().iter().any(|child| path(child, id, trail)) {
            return true;
        }
        trail.pop();
        false
    }
    let mut trail = Vec::new();
    if path(&evaluation.root, id, &mut trail) {
        trail
    } else {
        Vec::new()
    }
}
