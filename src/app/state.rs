//! The app's state and its one reducer. Plain Rust (no Yew here), so the native tests drive it: the
//! components only turn events into `Action`s, and nothing in a view computes a score.

use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use rust_decimal::Decimal;

use crate::domain::edit::{changed_inputs, changes_since, Edit, EditError, InputChange, InputIndex, InputKey};
use crate::domain::num::{parse_number, ParseError};
use crate::domain::paste::{apply_paste, parse_block, Column, PasteAt, PasteReport};
use crate::domain::structure::{next_year, StructureEdit, StructureError};
use crate::domain::whatif::{deltas, lost_points, seek_actual, Deltas, GoalError, GoalSeek, Loss};
use crate::domain::{score, Actual, Badge, Evaluation, Lang, Level, OpenInputs, Scenario, Scored, Status};
use crate::format::LoadError;
use crate::presets;

/// A cell a user types a number into. Its text is kept beside the evaluation (two-phase input), so a
/// bad entry stays visible, with its message, instead of becoming 0.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cell {
    Actual(String),
    Target(String),
    LevelPercent(String),
    Rate(String),
    MonthRate(String, usize),
    BandInput(String),
    DeductionValue(String),
    ManualScore(String),
}

/// The cells whose text is not a valid number: how many, and the first in the table's order of
/// cells. Saving or exporting then would write their last valid values, not what the screen shows.
pub fn invalid_input(drafts: &BTreeMap<Cell, Draft>) -> Option<(usize, &Cell, &Draft)> {
    let mut invalid = drafts.iter().filter(|(_, draft)| draft.error.is_some());
    let (cell, draft) = invalid.next()?;
    Some((1 + invalid.count(), cell, draft))
}

impl Cell {
    /// The row the cell is in: its indicator's id (true) or its node's (false).
    pub fn row(&self) -> (&str, bool) {
        match self {
            Cell::Actual(id) | Cell::Target(id) | Cell::LevelPercent(id) => (id, true),
            Cell::Rate(node)
            | Cell::MonthRate(node, _)
            | Cell::BandInput(node)
            | Cell::DeductionValue(node)
            | Cell::ManualScore(node) => (node, false),
        }
    }

    /// The node whose rule this cell is an input of (the indicator cells belong to no node).
    pub fn node(&self) -> Option<&str> {
        match self {
            Cell::Rate(node)
            | Cell::MonthRate(node, _)
            | Cell::BandInput(node)
            | Cell::DeductionValue(node)
            | Cell::ManualScore(node) => Some(node),
            Cell::Actual(_) | Cell::Target(_) | Cell::LevelPercent(_) => None,
        }
    }
}

/// The drafts of one node's own cells, as its row's props: they compare equal while that node's
/// drafts are unchanged, so typing in one cell does not re-render every other node's row.
#[derive(Clone)]
pub struct NodeDrafts {
    pub node: String,
    pub all: Rc<BTreeMap<Cell, Draft>>,
}

impl NodeDrafts {
    pub fn get(&self, cell: &Cell) -> Option<Draft> {
        self.all.get(cell).cloned()
    }

    fn own(&self) -> impl Iterator<Item = (&Cell, &Draft)> {
        self.all.iter().filter(|(cell, _)| cell.node() == Some(self.node.as_str()))
    }
}

impl PartialEq for NodeDrafts {
    fn eq(&self, other: &Self) -> bool {
        self.node == other.node && (Rc::ptr_eq(&self.all, &other.all) || self.own().eq(other.own()))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub text: String,
    pub error: Option<ParseError>,
}

/// What the browser kept of the last session (`app::effects`): the work, the baseline it was compared
/// with (the file as opened, or as last pinned), and whether the work had been saved to a file.
#[derive(Clone, Debug, PartialEq)]
pub struct Autosaved {
    pub document: Evaluation,
    /// None: the work is its own baseline (none was kept, or it did not load).
    pub baseline: Option<Evaluation>,
    pub saved: bool,
    /// The scenario that was shown (its index), if one was.
    pub scenario: Option<usize>,
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
    /// Saving or exporting was refused: cells hold text that is not a number (how many, and the
    /// first's text). The file would have had their last valid values, not what is on screen.
    InvalidInput {
        count: usize,
        first: String,
    },
    /// An export could not be made (`export::ExportError`'s message).
    ExportFailed(String),
    /// What a paste filled, and the cells it could not use.
    Pasted(PasteReport),
    StructureRefused(StructureError),
    /// A new year's evaluation was made from last year's.
    NextYear,
    /// Another tab of this app saved its work over the autosave: this tab stopped autosaving, so the
    /// two do not overwrite each other unseen, until the user keeps this tab's work.
    OtherTab,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FailedLoad {
    pub file_name: String,
    pub error: LoadError,
}

/// A scored evaluation kept for comparison: the pinned baseline, or one side of a comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct Scoring {
    pub evaluation: Rc<Evaluation>,
    pub scored: Rc<Scored>,
}

impl Scoring {
    fn of(evaluation: Evaluation) -> Scoring {
        Scoring { scored: Rc::new(score(&evaluation)), evaluation: Rc::new(evaluation) }
    }
}

/// The pinned baseline: its scoring, and its inputs indexed for the changed-inputs list, once and only
/// when a structure edit first needs the index (input edits never do; the first screen runs no
/// hashing for it).
#[derive(Clone, Debug)]
pub struct Baseline {
    pub scoring: Scoring,
    inputs: Rc<OnceCell<InputIndex>>,
}

impl Baseline {
    fn of(scoring: Scoring) -> Baseline {
        Baseline { inputs: Rc::default(), scoring }
    }

    fn inputs(&self) -> &InputIndex {
        self.inputs.get_or_init(|| InputIndex::of(&self.scoring.evaluation))
    }
}

/// The index is derived from the scoring: equal scorings are equal baselines, index built or not.
impl PartialEq for Baseline {
    fn eq(&self, other: &Baseline) -> bool {
        self.scoring == other.scoring
    }
}

/// The file's own inputs, or one of its scenarios.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variant {
    Base,
    Scenario(usize),
}

/// What undo and redo restore: the whole document and which variant was shown.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    pub document: Rc<Evaluation>,
    pub active: Variant,
}

/// Two variants side by side.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    pub left: Variant,
    pub right: Variant,
    pub left_scoring: Scoring,
    pub right_scoring: Scoring,
    /// right − left.
    pub deltas: Deltas,
}

/// A goal-seek question and the engine's answer.
#[derive(Clone, Debug, PartialEq)]
pub struct GoalQuery {
    pub indicator: String,
    pub goal: Decimal,
    pub answer: Result<GoalSeek, GoalError>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    /// The file as it will be saved: the base inputs and the scenarios.
    pub document: Rc<Evaluation>,
    /// Which variant is shown and edited.
    pub active: Variant,
    /// Scenario changes that no longer fit the evaluation (an indicator since removed), skipped.
    pub stale_changes: Rc<Vec<EditError>>,
    /// What the pinned baseline scored; the loaded file is the baseline until another is pinned.
    pub baseline: Rc<Baseline>,
    /// Current against the baseline.
    pub deltas: Rc<Deltas>,
    pub changes: Rc<Vec<InputChange>>,
    pub losses: Rc<Vec<Loss>>,
    pub undo: Rc<Vec<Snapshot>>,
    pub redo: Rc<Vec<Snapshot>>,
    /// The input the last undo step was for: more typing into the same cell joins that step.
    pub last_edit: Option<InputKey>,
    pub comparison: Option<Rc<Comparison>>,
    pub goal: Option<Rc<GoalQuery>>,
    /// The table shows structure controls (add, remove, move, rename, points, rules).
    pub editing: bool,
    pub evaluation: Rc<Evaluation>,
    pub scored: Rc<Scored>,
    pub drafts: Rc<BTreeMap<Cell, Draft>>,
    pub lang: Lang,
    /// Differs from what its file holds (`on_file`): closing the tab asks first.
    pub dirty: bool,
    /// The document as its file (or preset) holds it, when that is known: undoing back to it, or
    /// typing the old value again, makes the work unsaved no longer.
    pub on_file: Option<Rc<Evaluation>>,
    /// Counts changes to the evaluation; the autosave effect runs when it moves.
    pub revision: u64,
    pub source: Source,
    pub load_error: Option<Rc<FailedLoad>>,
    pub notice: Option<Notice>,
    pub collapsed: Rc<BTreeSet<String>>,
    /// The row last jumped to (`Action::Reveal`): a windowed table draws it wherever it is.
    pub revealed: Option<String>,
    /// Another tab wrote the autosave (`Action::OtherTabSaved`): this tab does not write it until
    /// `Action::KeepThisTab`. Survives opening files and presets, which would overwrite it too.
    pub autosave_paused: bool,
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
        result: Box<Result<Evaluation, LoadError>>,
    },
    FileReadFailed {
        file_name: String,
    },
    NewFromPreset(String),
    Restored(Box<Autosaved>),
    /// Throw the restored autosave away and show the sample again.
    DiscardRestored,
    SetLang(Lang),
    Saved {
        file_name: String,
    },
    StorageProblem(Notice),
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
    /// Last year's file becomes this year's: targets kept, actuals cleared.
    NextYear,
}

impl AppState {
    /// What the total waits for, as the screen shows it: the engine's counts, and cells whose text is
    /// not a number (the total still uses their last values). Such a cell in a row the engine already
    /// counts (empty, or unusable) is that same input, counted once, as 有误.
    pub fn open_inputs(&self) -> OpenInputs {
        let mut open = self.scored.open_inputs();
        let mut rows = BTreeSet::new();
        for (cell, _) in self.drafts.iter().filter(|(_, draft)| draft.error.is_some()) {
            let (row, is_indicator) = cell.row();
            let status = if is_indicator {
                self.scored.indicator(row).map(|i| match i.badge() {
                    Badge::Pending => Status::Pending,
                    Badge::Invalid => Status::Invalid,
                    _ => Status::Scored,
                })
            } else {
                self.scored.node(row).map(|n| n.status)
            };
            match status {
                Some(Status::Invalid) => {}
                Some(Status::Pending) if !rows.insert(row) => {}
                Some(Status::Pending) => {
                    open.pending = open.pending.saturating_sub(1);
                    open.invalid += 1;
                }
                _ => open.invalid += 1,
            }
        }
        open
    }

    pub fn new(document: Evaluation, source: Source, lang: Lang) -> AppState {
        let baseline = Rc::new(Baseline::of(Scoring::of(document.clone())));
        let mut state = AppState {
            evaluation: baseline.scoring.evaluation.clone(),
            scored: baseline.scoring.scored.clone(),
            document: Rc::new(document),
            active: Variant::Base,
            stale_changes: Rc::default(),
            baseline,
            deltas: Rc::new(Deltas {
                total: Decimal::ZERO,
                grade_before: String::new(),
                grade_after: String::new(),
                nodes: Vec::new(),
                indicators: Vec::new(),
            }),
            changes: Rc::default(),
            losses: Rc::default(),
            undo: Rc::default(),
            redo: Rc::default(),
            last_edit: None,
            comparison: None,
            goal: None,
            editing: false,
            drafts: Rc::default(),
            lang,
            dirty: false,
            on_file: None,
            revision: 0,
            source,
            load_error: None,
            notice: None,
            collapsed: Rc::default(),
            revealed: None,
            autosave_paused: false,
        };
        state.on_file = Some(state.document.clone());
        state.refresh();
        state
    }

    /// The built-in sample: what the app shows on first open.
    pub fn sample(lang: Lang) -> AppState {
        match presets::find(presets::DEFAULT_PRESET).map(|p| p.evaluation()) {
            Some(Ok(evaluation)) => AppState::new(evaluation, Source::Preset(presets::DEFAULT_PRESET.into()), lang),
            // Presets are tested to load; an empty evaluation is the last resort, never a panic.
            _ => AppState::new(empty_evaluation(), Source::Preset(String::new()), lang),
        }
    }

    /// The autosaved work, brought back when the page opens, and the notice that says so: compared
    /// with the baseline it was compared with, and unsaved unless it had been saved to a file.
    pub fn restored(autosaved: Autosaved, lang: Lang) -> AppState {
        let mut state = AppState::new(autosaved.document, Source::Autosave, lang);
        if let Some(baseline) = autosaved.baseline {
            state.baseline = Rc::new(Baseline::of(Scoring::of(baseline)));
        }
        // Back in the scenario it was in, if the work still has it.
        if let Some(i) = autosaved.scenario.filter(|i| *i < state.document.scenarios.len()) {
            state.active = Variant::Scenario(i);
        }
        state.refresh();
        state.dirty = !autosaved.saved;
        if state.dirty {
            // Whatever file it came from is not here to compare with.
            state.on_file = None;
        }
        state.notice = Some(Notice::Restored);
        state
    }

    /// The scenario shown, if one is (not the file's own inputs).
    pub fn active_scenario(&self) -> Option<&crate::domain::Scenario> {
        match self.active {
            Variant::Scenario(i) => self.document.scenarios.get(i),
            Variant::Base => None,
        }
    }

    pub fn draft(&self, cell: &Cell) -> Option<&Draft> {
        self.drafts.get(cell)
    }

    /// One step of the app: the only place state changes.
    pub fn step(&self, action: Action) -> AppState {
        let mut next = self.clone();
        let keep_this_tab = matches!(action, Action::KeepThisTab);
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
            Action::Opened { file_name, result } => match *result {
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
            Action::Restored(autosaved) => next = AppState::restored(*autosaved, self.lang),
            Action::DiscardRestored => {
                // The revision stays, so the autosave effect does not write the sample back at once.
                next = AppState::sample(self.lang);
                next.revision = self.revision;
            }
            Action::SetLang(lang) => next.lang = lang,
            Action::Saved { file_name } => {
                next.dirty = false;
                next.on_file = Some(self.document.clone());
                next.notice = Some(Notice::Saved(file_name));
            }
            Action::StorageProblem(notice) => next.notice = Some(notice),
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
                next.baseline =
                    Rc::new(Baseline::of(Scoring { evaluation: self.evaluation.clone(), scored: self.scored.clone() }));
                next.refresh();
            }
            // Text that is not a number was never an edit: undo first takes it back, showing the
            // cell's value again, as a sheet's undo takes back what was typed into a cell.
            Action::Undo if invalid_input(&self.drafts).is_some() => {
                Rc::make_mut(&mut next.drafts).retain(|_, draft| draft.error.is_none());
            }
            Action::Undo => next.travel(true),
            Action::Redo => next.travel(false),
            Action::Revert(key) => {
                if let Some(change) = self.changes.iter().find(|c| c.key() == key) {
                    next.apply(&change.before.clone());
                    next.last_edit = None;
                }
            }
            Action::RevertAll => {
                let befores: Vec<Edit> = self.changes.iter().map(|c| c.before.clone()).collect();
                if !befores.is_empty() {
                    next.remember();
                    next.last_edit = None;
                    let mut evaluation = (*self.evaluation).clone();
                    for edit in &befores {
                        let _ = edit.apply(&mut evaluation);
                    }
                    next.set_evaluation(evaluation);
                }
            }
            Action::SelectVariant(variant) => {
                if variant != self.active && self.variant_exists(variant) {
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
                let changes = changed_inputs(&without_scenarios(&self.document), &self.evaluation)
                    .into_iter()
                    .map(|c| c.after)
                    .collect();
                let document = Rc::make_mut(&mut next.document);
                document.scenarios.push(Scenario { name, changes });
                next.active = Variant::Scenario(document.scenarios.len() - 1);
                next.touched();
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
                if self.variant_exists(left) && self.variant_exists(right) {
                    next.comparison = Some(Rc::new(next.compare(left, right)));
                }
            }
            Action::CloseComparison => next.comparison = None,
            Action::GoalSeek { indicator, goal } => {
                let answer = seek_actual(&self.evaluation, &indicator, goal);
                next.goal = Some(Rc::new(GoalQuery { indicator, goal, answer }));
            }
            Action::ApplyGoal => {
                if let Some(query) = &self.goal {
                    if let Ok(GoalSeek::Reachable { actual, .. } | GoalSeek::Unreachable { best_actual: actual, .. }) =
                        &query.answer
                    {
                        let indicator = query.indicator.clone();
                        Rc::make_mut(&mut next.drafts).remove(&Cell::Actual(indicator.clone()));
                        next.apply(&Edit::Actual { indicator, value: Some(Actual::Number(*actual)) });
                        next.last_edit = None;
                    }
                }
            }
            Action::SetEditing(editing) => next.editing = editing,
            Action::SetNotApplicable { indicator, value } => {
                next.apply(&Edit::NotApplicable { indicator, value });
                next.last_edit = None;
            }
            Action::Structure(edit) => {
                let mut document = (*self.document).clone();
                match edit.apply(&mut document) {
                    Ok(()) => {
                        next.remember();
                        next.last_edit = None;
                        next.document = Rc::new(document);
                        next.touched();
                        // A refusal before this edit no longer stands.
                        if matches!(next.notice, Some(Notice::StructureRefused(_))) {
                            next.notice = None;
                        }
                    }
                    Err(error) => next.notice = Some(Notice::StructureRefused(error)),
                }
            }
            Action::Paste { start, focus, text } => {
                let mut evaluation = (*self.evaluation).clone();
                let at = PasteAt { start: &start, focus, inputs_only: self.active_scenario().is_some() };
                let report = apply_paste(&mut evaluation, at, &parse_block(&text));
                if report.filled > 0 {
                    next.remember();
                    next.last_edit = None;
                    // The rows pasted into show what was pasted, not text typed there before.
                    Rc::make_mut(&mut next.drafts)
                        .retain(|cell, _| !matches!(cell.row(), (id, true) if report.rows.iter().any(|r| r == id)));
                    next.set_evaluation(evaluation);
                }
                next.notice = Some(Notice::Pasted(report));
            }
            Action::NextYear => {
                let mut fresh = AppState::new(
                    next_year(&without_scenarios(&self.document)),
                    Source::File(String::new()),
                    self.lang,
                );
                fresh.revision = self.revision + 1;
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

    /// Saves the current document for undo, and forgets what redo could bring back.
    fn remember(&mut self) {
        Rc::make_mut(&mut self.undo).push(Snapshot { document: self.document.clone(), active: self.active });
        // A long session keeps the last few hundred steps, not every keystroke of the day.
        if self.undo.len() > UNDO_LIMIT {
            Rc::make_mut(&mut self.undo).remove(0);
        }
        self.redo = Rc::default();
    }

    fn travel(&mut self, back: bool) {
        let (from, to) = if back { (&mut self.undo, &mut self.redo) } else { (&mut self.redo, &mut self.undo) };
        let Some(snapshot) = Rc::make_mut(from).pop() else { return };
        Rc::make_mut(to).push(Snapshot { document: self.document.clone(), active: self.active });
        self.document = snapshot.document;
        self.active = snapshot.active;
        self.last_edit = None;
        self.drafts = Rc::default();
        self.touched();
    }

    fn variant_exists(&self, variant: Variant) -> bool {
        match variant {
            Variant::Base => true,
            Variant::Scenario(i) => i < self.document.scenarios.len(),
        }
    }

    /// The evaluation a variant shows: the base inputs, or them with a scenario's changes.
    /// The evaluation a variant shows: the base inputs (the document itself, shared, not copied), or
    /// them with a scenario's changes.
    fn variant_evaluation(&self, variant: Variant) -> (Rc<Evaluation>, Vec<EditError>) {
        match variant {
            Variant::Scenario(i) if i < self.document.scenarios.len() => {
                let (evaluation, stale) = without_scenarios(&self.document).with_scenario(&self.document.scenarios[i]);
                (Rc::new(evaluation), stale)
            }
            _ => (self.document.clone(), Vec::new()),
        }
    }

    fn compare(&self, left: Variant, right: Variant) -> Comparison {
        let scoring = |variant| {
            let evaluation = self.variant_evaluation(variant).0;
            Scoring { scored: Rc::new(score(&evaluation)), evaluation }
        };
        let (left_scoring, right_scoring) = (scoring(left), scoring(right));
        let deltas = deltas(&left_scoring.scored, &right_scoring.scored);
        Comparison { left, right, left_scoring, right_scoring, deltas }
    }

    /// The document changed: re-derive everything shown from it.
    fn touched(&mut self) {
        self.revision += 1;
        self.dirty = self.differs_from_file();
        self.refresh();
    }

    /// Cheap at any size: the indicators both share compare by pointer (`Indicator: Eq`).
    fn differs_from_file(&self) -> bool {
        !self.on_file.as_ref().is_some_and(|file| Rc::ptr_eq(file, &self.document) || **file == *self.document)
    }

    /// Re-derives the shown evaluation, its scores and the analyses from the document.
    fn refresh(&mut self) {
        let (evaluation, stale) = self.variant_evaluation(self.active);
        // A valid draft whose value the evaluation no longer holds (after undo, a revert, a switch)
        // would show a stale number: drop it. Bad drafts stay, with their message.
        if self.drafts.iter().any(|(cell, draft)| draft.error.is_none() && !draft_matches(&evaluation, cell, draft)) {
            Rc::make_mut(&mut self.drafts)
                .retain(|cell, draft| draft.error.is_some() || draft_matches(&evaluation, cell, draft));
        }
        self.stale_changes = Rc::new(stale);
        self.set_shown(evaluation);
    }

    fn set_shown(&mut self, evaluation: Rc<Evaluation>) {
        let scored = score(&evaluation);
        self.deltas = Rc::new(deltas(&self.baseline.scoring.scored, &scored));
        self.changes =
            Rc::new(changes_since(&self.baseline.scoring.evaluation, || self.baseline.inputs(), &evaluation));
        self.losses = Rc::new(lost_points(&evaluation, &scored));
        self.scored = Rc::new(scored);
        self.evaluation = evaluation;
        if let Some(comparison) = &self.comparison {
            self.comparison = Some(Rc::new(self.compare(comparison.left, comparison.right)));
        }
    }

    /// The edited evaluation goes back into the document: as the base inputs, or as the active
    /// scenario's changes against them.
    fn set_evaluation(&mut self, evaluation: Evaluation) {
        match self.active {
            Variant::Scenario(i) if i < self.document.scenarios.len() => {
                let document = Rc::make_mut(&mut self.document);
                let base = without_scenarios(document);
                document.scenarios[i].changes =
                    changed_inputs(&base, &evaluation).into_iter().map(|c| c.after).collect();
            }
            // The base inputs are the document: the edited evaluation replaces it whole (no copy of
            // the old one is made just to be overwritten).
            _ => self.document = Rc::new(Evaluation { scenarios: self.document.scenarios.clone(), ..evaluation }),
        }
        self.revision += 1;
        self.dirty = self.differs_from_file();
        self.refresh();
    }

    fn apply(&mut self, edit: &Edit) {
        let mut evaluation = (*self.evaluation).clone();
        // An edit naming something that is gone (a stale event) changes nothing.
        if edit.apply(&mut evaluation).is_err() {
            return;
        }
        let key = edit.key();
        if self.last_edit.as_ref() != Some(&key) {
            self.remember();
            self.last_edit = Some(key);
        }
        self.set_evaluation(evaluation);
    }

    /// The domain edit a parsed number makes in this cell.
    fn edit_for(&self, cell: &Cell, value: Option<Decimal>) -> Option<Edit> {
        Some(match cell.clone() {
            Cell::Actual(indicator) => Edit::Actual { indicator, value: value.map(Actual::Number) },
            Cell::Target(indicator) => Edit::Target { indicator, value },
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

/// Whether a draft's text parses to the value its cell holds in the evaluation.
fn draft_matches(evaluation: &Evaluation, cell: &Cell, draft: &Draft) -> bool {
    let Ok(typed) = parse_number(&draft.text) else { return false };
    let rule = |id: &str| evaluation.root.find(id).and_then(|n| n.rule());
    let held = match cell {
        Cell::Actual(id) => match evaluation.find_indicator(id).map(|(_, i)| &i.actual) {
            Some(Some(Actual::Number(n))) => Some(*n),
            _ => None,
        },
        Cell::Target(id) => evaluation.find_indicator(id).and_then(|(_, i)| i.target),
        Cell::LevelPercent(id) => match evaluation.find_indicator(id).map(|(_, i)| &i.actual) {
            Some(Some(Actual::Level { percent, .. })) => *percent,
            _ => None,
        },
        Cell::Rate(id) => match rule(id) {
            Some(crate::domain::Rule::Rate { rate }) => *rate,
            _ => None,
        },
        Cell::MonthRate(id, month) => match rule(id) {
            Some(crate::domain::Rule::MonthlyExecution { months }) => months.get(*month).and_then(|m| m.rate),
            _ => None,
        },
        Cell::BandInput(id) => match rule(id) {
            Some(crate::domain::Rule::Bands { input, .. }) => *input,
            _ => None,
        },
        Cell::DeductionValue(id) => match rule(id) {
            Some(crate::domain::Rule::Deduction { value, .. }) => *value,
            _ => None,
        },
        Cell::ManualScore(id) => match rule(id) {
            Some(crate::domain::Rule::Manual { score, .. }) => *score,
            _ => None,
        },
    };
    typed == held
}

/// Undo keeps at most this many steps.
const UNDO_LIMIT: usize = 500;

fn without_scenarios(document: &Evaluation) -> Evaluation {
    Evaluation { scenarios: Vec::new(), ..document.clone() }
}

/// The ids of the nodes above a node or indicator, root first.
fn ancestors(evaluation: &Evaluation, id: &str) -> Vec<String> {
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
    use crate::test_support::d;

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

    /// Cells whose text is not a number are found (how many, the first), and a corrected one is not.
    #[test]
    fn invalid_input_is_counted_until_corrected() {
        let state = AppState::sample(Lang::Zh);
        assert_eq!(invalid_input(&state.drafts), None);
        let bad = typed(&state, Cell::Actual("dept-07".into()), "2O");
        let bad = typed(&bad, Cell::Rate("lz.exec".into()), "x");
        let (count, cell, draft) = invalid_input(&bad.drafts).expect("two cells are not numbers");
        assert_eq!(count, 2);
        assert_eq!((cell.row(), draft.text.as_str()), (("dept-07", true), "2O"));
        // The evaluation kept the last valid values: that is what a save would have written.
        assert_eq!(bad.scored.total, state.scored.total);
        let fixed = typed(&typed(&bad, Cell::Actual("dept-07".into()), "20"), Cell::Rate("lz.exec".into()), "");
        assert_eq!(invalid_input(&fixed.drafts), None);
    }

    /// The work is unsaved while it differs from its file: undone back to it, or the old value typed
    /// again, it is not; after a save, the saved version is the one compared with.
    #[test]
    fn unsaved_means_different_from_the_file() {
        let sample = AppState::sample(Lang::Zh);
        let edited = typed(&sample, Cell::Actual("dept-07".into()), "20");
        assert!(edited.dirty);
        assert!(!edited.step(Action::Undo).dirty, "undone back to the file");
        assert!(!typed(&edited, Cell::Actual("dept-07".into()), "13").dirty, "the file's value typed again");
        let saved = edited.step(Action::Saved { file_name: "x.json".into() });
        assert!(!saved.dirty);
        assert!(saved.step(Action::Undo).dirty, "the saved file holds 20 now");
        // Restored unsaved work has no file to compare with: unsaved until saved.
        let autosaved =
            Autosaved { document: (*edited.document).clone(), baseline: None, saved: false, scenario: None };
        let restored = AppState::restored(autosaved, Lang::Zh);
        assert!(
            typed(&typed(&restored, Cell::Actual("dept-07".into()), "13"), Cell::Actual("dept-07".into()), "20").dirty
        );
    }

    /// Restored work opens in the scenario it was shown in, if the work still has it.
    #[test]
    fn restored_work_opens_in_its_scenario() {
        let with = AppState::sample(Lang::Zh).step(Action::AddScenario { name: "乐观".into() });
        let edited = typed(&with, Cell::Actual("dept-07".into()), "20");
        assert_eq!(edited.active, Variant::Scenario(0));
        let autosaved =
            |scenario| Autosaved { document: (*edited.document).clone(), baseline: None, saved: false, scenario };
        let restored = AppState::restored(autosaved(Some(0)), Lang::Zh);
        assert_eq!(restored.active, Variant::Scenario(0));
        assert_eq!(restored.scored.total, d("97.99815"), "the scenario's total, not the base's");
        assert_eq!(AppState::restored(autosaved(Some(5)), Lang::Zh).active, Variant::Base, "gone: the base");
        assert_eq!(AppState::restored(autosaved(None), Lang::Zh).scored.total, d("97.7794"));
    }

    /// Undo first takes back text that is not a number; the edit before it is the next undo.
    #[test]
    fn undo_takes_back_a_bad_entry_before_an_edit() {
        let edited = typed(&AppState::sample(Lang::Zh), Cell::Actual("dept-07".into()), "20");
        let bad = typed(&edited, Cell::Actual("dept-07".into()), "2O");
        let once = bad.step(Action::Undo);
        assert_eq!(once.draft(&Cell::Actual("dept-07".into())), None);
        assert_eq!(once.scored.total, d("97.99815"), "the 20 typed before stays");
        assert_eq!(once.undo, bad.undo);
        let twice = once.step(Action::Undo);
        assert_eq!(twice.scored.total, d("97.7794"));
    }

    /// An edit copies the indicator it changes and shares every other one with the state before it
    /// (which undo and the what-if baseline keep): a keystroke at 2,000 indicators copies one, not 2,000.
    #[test]
    fn an_edit_copies_only_the_indicator_it_changes() {
        let state = AppState::sample(Lang::Zh);
        let next = typed(&state, Cell::Actual("dept-07".into()), "20");
        let all = |s: &AppState| -> Vec<Rc<crate::domain::Indicator>> {
            s.evaluation.root.walk().flat_map(|n| n.indicators().iter().cloned()).collect()
        };
        let (before, after) = (all(&state), all(&next));
        assert_eq!(before.len(), after.len());
        for (old, new) in before.iter().zip(&after) {
            assert_eq!(Rc::ptr_eq(old, new), old.id != "dept-07", "{}", old.id);
        }
        // The state before the edit still holds the old value.
        assert_eq!(state.evaluation.find_indicator("dept-07").unwrap().1.actual, Some(Actual::Number(d("13"))));
        assert_eq!(next.evaluation.find_indicator("dept-07").unwrap().1.actual, Some(Actual::Number(d("20"))));
    }

    /// Opening on the autosave skips the sample the page would otherwise start on: the same state as
    /// restoring it over the sample, without loading and scoring the sample first.
    #[test]
    fn restoring_at_start_is_restoring_over_the_sample() {
        let work = typed(&AppState::sample(Lang::En), Cell::Actual("dept-07".into()), "20").evaluation;
        let autosaved = Autosaved { document: (*work).clone(), baseline: None, saved: false, scenario: None };
        let over_sample = AppState::sample(Lang::En).step(Action::Restored(Box::new(autosaved.clone())));
        assert_eq!(AppState::restored(autosaved, Lang::En), over_sample);
        assert_eq!(over_sample.notice, Some(Notice::Restored));
        assert_eq!(over_sample.scored.total, d("97.99815"));
    }

    /// Restored work is compared with the file it started from, as before the reload, and counts as
    /// unsaved (closing the tab asks) unless it had been saved.
    #[test]
    fn restored_work_keeps_its_baseline_and_its_unsaved_state() {
        let sample = AppState::sample(Lang::Zh);
        let edited = typed(&sample, Cell::Actual("dept-07".into()), "20");
        let autosaved = |saved| Autosaved {
            document: (*edited.document).clone(),
            baseline: Some((*sample.document).clone()),
            saved,
            scenario: None,
        };
        let restored = AppState::restored(autosaved(false), Lang::Zh);
        assert!(restored.dirty);
        assert_eq!(restored.changes, edited.changes);
        assert_eq!(restored.changes.len(), 1);
        assert_eq!(restored.deltas.total, d("0.21875"));
        assert_eq!(restored.scored.total, d("97.99815"));
        // Reverting the change brings the file's value back.
        let key = restored.changes[0].key();
        assert_eq!(restored.step(Action::Revert(key)).scored.total, d("97.7794"));
        assert!(!AppState::restored(autosaved(true), Lang::Zh).dirty);
        // Without a baseline the work is its own, as before.
        let alone = AppState::restored(Autosaved { baseline: None, ..autosaved(false) }, Lang::Zh);
        assert!(alone.changes.is_empty());
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
        let next = state.step(Action::Opened { file_name: "bad.json".into(), result: Box::new(Err(error.clone())) });
        assert_eq!(next.evaluation, state.evaluation);
        assert_eq!(next.drafts, state.drafts);
        assert!(next.dirty);
        assert_eq!(next.load_error.as_deref(), Some(&FailedLoad { file_name: "bad.json".into(), error }));
    }

    #[test]
    fn a_good_open_replaces_the_work_and_clears_drafts() {
        let state = typed(&AppState::sample(Lang::Zh), Cell::Actual("dept-07".into()), "oops");
        let blank = presets::find("project-blank").unwrap().evaluation().unwrap();
        let next = state.step(Action::Opened { file_name: "p.json".into(), result: Box::new(Ok(blank.clone())) });
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

    fn seed_state() -> AppState {
        AppState::sample(Lang::Zh)
    }

    #[test]
    fn the_loaded_file_is_the_baseline_and_deltas_follow_edits() {
        let state = typed(&seed_state(), Cell::Actual("dept-07".into()), "20");
        assert_eq!(state.deltas.total, d("0.21875"));
        assert_eq!(state.deltas.node("lz.dept"), Some(d("0.21875")));
        assert_eq!(state.deltas.indicator("dept-07"), Some(d("0.21875")));
        assert_eq!(state.changes.len(), 1);
        let pinned = state.step(Action::PinBaseline);
        assert!(pinned.deltas.nodes.is_empty());
        assert!(pinned.changes.is_empty());
        let again = typed(&pinned, Cell::Actual("dept-07".into()), "10");
        assert_eq!(again.deltas.total, d("-0.3125"));
    }

    /// Typing several characters into one cell is one undo step; undo and redo walk the steps.
    #[test]
    fn undo_and_redo() {
        let start = seed_state();
        let mut state = start.clone();
        for text in ["1", "18"] {
            state = typed(&state, Cell::Actual("dept-07".into()), text);
        }
        state = state.step(Action::SetPassed { node: "gl.procurement.contract-filing".into(), passed: Some(true) });
        assert_eq!(state.undo.len(), 2);
        let one_back = state.step(Action::Undo);
        assert_eq!(one_back.scored.node("gl").unwrap().score, d("48"));
        assert_eq!(one_back.scored.indicator("dept-07").unwrap().ratio(), Some(d("0.9")));
        let two_back = one_back.step(Action::Undo);
        assert_eq!(two_back.evaluation, start.evaluation);
        assert_eq!(two_back.step(Action::Undo), two_back, "nothing left to undo");
        let forward = two_back.step(Action::Redo).step(Action::Redo);
        assert_eq!(forward.evaluation, state.evaluation);
        // A new edit after undo drops the redo steps.
        let branched =
            one_back.step(Action::SetPassed { node: "gl.procurement.contract-filing".into(), passed: Some(false) });
        assert!(branched.redo.is_empty());
    }

    #[test]
    fn revert_one_input_or_all() {
        let mut state = typed(&seed_state(), Cell::Actual("dept-07".into()), "20");
        state = typed(&state, Cell::Rate("lz.fund-exec".into()), "100");
        assert_eq!(state.changes.len(), 2);
        let one = state.step(Action::Revert(InputKey::Actual("dept-07".into())));
        assert_eq!(one.changes.len(), 1);
        assert_eq!(one.scored.indicator("dept-07").unwrap().ratio(), Some(d("0.65")));
        let all = state.step(Action::RevertAll);
        assert!(all.changes.is_empty());
        assert_eq!(all.scored.total, d("97.7794"));
        assert_eq!(all.step(Action::Undo).scored.total, state.scored.total, "revert all is one undo step");
    }

    #[test]
    fn scenarios_keep_their_own_inputs_and_are_saved_in_the_document() {
        let base = seed_state();
        let scenario = base.step(Action::AddScenario { name: "乐观".into() });
        assert_eq!(scenario.active, Variant::Scenario(0));
        let edited = typed(&scenario, Cell::Actual("dept-07".into()), "20");
        assert_eq!(edited.scored.total, d("97.99815"));
        assert_eq!(
            edited.document.scenarios[0].changes,
            [Edit::Actual { indicator: "dept-07".into(), value: Some(Actual::Number(d("20"))) }]
        );
        // The base inputs are untouched; switching shows them.
        let back = edited.step(Action::SelectVariant(Variant::Base));
        assert_eq!(back.scored.total, d("97.7794"));
        assert_eq!(back.document.root, base.document.root);
        let saved = crate::format::to_json(&back.document);
        let reloaded = crate::format::load_str(&saved).unwrap();
        assert_eq!(reloaded.scenarios[0].name, "乐观");
        // Side by side: the scenario is 0.21875 ahead of the base.
        let compared = back.step(Action::Compare { left: Variant::Base, right: Variant::Scenario(0) });
        let comparison = compared.comparison.as_ref().unwrap();
        assert_eq!(comparison.deltas.total, d("0.21875"));
        assert_eq!(comparison.right_scoring.scored.total, d("97.99815"));
        // Undo reaches across the switch.
        assert_eq!(back.step(Action::Undo).active, Variant::Scenario(0));
        let deleted = edited.step(Action::DeleteScenario(0));
        assert!(deleted.document.scenarios.is_empty());
        assert_eq!(deleted.active, Variant::Base);
        assert_eq!(deleted.scored.total, d("97.7794"));
    }

    #[test]
    fn goal_seek_answers_and_applies() {
        let state = seed_state().step(Action::GoalSeek { indicator: "dept-07".into(), goal: d("97.998") });
        let query = state.goal.as_ref().unwrap();
        assert_eq!(query.answer, Ok(GoalSeek::Reachable { actual: d("19.9952"), at_least: true, total: d("97.998") }));
        let applied = state.step(Action::ApplyGoal);
        assert_eq!(applied.scored.total, d("97.998"));
        assert_eq!(applied.step(Action::Undo).scored.total, d("97.7794"));
    }

    #[test]
    fn reveal_unfolds_every_section_above() {
        let folded = ["total", "lz", "lz.dept", "gl"]
            .into_iter()
            .fold(seed_state(), |s, id| s.step(Action::ToggleCollapsed(id.into())));
        let revealed = folded.step(Action::Reveal("dept-07".into()));
        assert_eq!(revealed.collapsed.iter().collect::<Vec<_>>(), ["gl"]);
        assert_eq!(revealed.revealed.as_deref(), Some("dept-07"));
        assert_eq!(ancestors(&revealed.evaluation, "nope"), Vec::<String>::new());
    }

    /// After undo or a revert the cell shows the restored value, not the text typed before.
    #[test]
    fn stale_drafts_give_way_to_restored_values() {
        let typed_state = typed(&seed_state(), Cell::Actual("dept-07".into()), "20");
        assert!(typed_state.draft(&Cell::Actual("dept-07".into())).is_some());
        let reverted = typed_state.step(Action::Revert(InputKey::Actual("dept-07".into())));
        assert_eq!(reverted.draft(&Cell::Actual("dept-07".into())), None);
        let bad = typed(&seed_state(), Cell::Actual("dept-07".into()), "2x");
        let still_bad =
            bad.step(Action::SetPassed { node: "gl.procurement.contract-filing".into(), passed: Some(true) });
        assert_eq!(still_bad.draft(&Cell::Actual("dept-07".into())).map(|d| d.text.as_str()), Some("2x"));
    }

    #[test]
    fn structure_edits_are_undoable_and_refusals_are_told() {
        let state = seed_state();
        let added = state.step(Action::Structure(StructureEdit::AddIndicator {
            node: "lz.dept".into(),
            after: None,
            name: "新指标".into(),
        }));
        assert_eq!(added.scored.indicators_of("lz.dept").count(), 33);
        assert!(added.dirty);
        assert_eq!(added.step(Action::Undo).evaluation, state.evaluation);
        let refused = state.step(Action::Structure(StructureEdit::Remove { id: "total".into() }));
        assert_eq!(refused.notice, Some(Notice::StructureRefused(StructureError::CannotRemoveRoot)));
        assert_eq!(refused.document, state.document);
        // Targets are typed like actuals.
        let retargeted = typed(&state, Cell::Target("dept-07".into()), "13");
        assert_eq!(retargeted.scored.total, d("97.99815"));
    }

    #[test]
    fn paste_fills_rows_as_one_undo_step_and_reports_bad_cells() {
        let state = seed_state();
        let pasted = state.step(Action::Paste {
            start: "dept-07".into(),
            focus: Column::Actual,
            text: "20\n８５０\nx\n".into(),
        });
        assert_eq!(pasted.scored.indicator("dept-07").unwrap().ratio(), Some(d("1")));
        assert_eq!(pasted.evaluation.find_indicator("dept-08").unwrap().1.actual, Some(Actual::Number(d("850"))));
        let Some(Notice::Pasted(report)) = &pasted.notice else { panic!("a paste reports") };
        assert_eq!(report.filled, 2);
        assert_eq!(report.problems.len(), 1);
        assert_eq!(pasted.step(Action::Undo).evaluation, state.evaluation);
    }

    /// Text typed into a cell that was not a number gives way to what a paste puts there.
    #[test]
    fn a_paste_replaces_unreadable_text_in_the_rows_it_fills() {
        let bad = typed(&seed_state(), Cell::Actual("dept-08".into()), "abc");
        assert!(invalid_input(&bad.drafts).is_some());
        let pasted =
            bad.step(Action::Paste { start: "dept-07".into(), focus: Column::Actual, text: "20\n850\n".into() });
        assert!(invalid_input(&pasted.drafts).is_none());
        assert_eq!(pasted.evaluation.find_indicator("dept-08").unwrap().1.actual, Some(Actual::Number(d("850"))));
        // A paste that does not reach that row leaves its text alone.
        let elsewhere = bad.step(Action::Paste { start: "dept-01".into(), focus: Column::Actual, text: "30\n".into() });
        assert!(invalid_input(&elsewhere.drafts).is_some());
    }

    /// Text that is not a number makes the grade provisional; in a row already empty it is that row's
    /// one open input, now 有误, not a second one.
    #[test]
    fn open_inputs_count_unreadable_text_once() {
        let state = seed_state();
        assert!(state.open_inputs().is_empty());
        let bad = typed(&state, Cell::Actual("dept-08".into()), "abc");
        assert_eq!(bad.open_inputs(), OpenInputs { pending: 0, invalid: 1 });
        let emptied = typed(&state, Cell::Actual("dept-08".into()), "");
        assert_eq!(emptied.open_inputs(), OpenInputs { pending: 1, invalid: 0 });
        let bad_there = typed(&emptied, Cell::Actual("dept-08".into()), "abc");
        assert_eq!(bad_there.open_inputs(), OpenInputs { pending: 0, invalid: 1 });
        let both = typed(&bad_there, Cell::Target("dept-08".into()), "x");
        assert_eq!(both.open_inputs(), OpenInputs { pending: 0, invalid: 1 }, "one row, one input counted");
    }

    #[test]
    fn next_year_starts_from_last_years_targets() {
        let state = typed(&seed_state(), Cell::Actual("dept-07".into()), "18");
        let next = state.step(Action::NextYear);
        assert_eq!(next.evaluation.meta.year, Some(2024));
        assert_eq!(next.scored.total, Decimal::ZERO);
        assert_eq!(next.evaluation.find_indicator("dept-07").unwrap().1.target, Some(d("20")));
        assert!(next.dirty, "a new year is unsaved work");
        assert_eq!(next.notice, Some(Notice::NextYear));
    }

    /// Two tabs on one autosave: when the other tab writes it, this one is told and stops writing
    /// (edits go on in memory, each one says so again), even across opening a file, until the user
    /// keeps this tab's work, which writes it at once.
    #[test]
    fn another_tabs_autosave_pauses_this_ones_until_kept() {
        let state = typed(&seed_state(), Cell::Actual("dept-07".into()), "17");
        let told = state.step(Action::OtherTabSaved);
        assert!(told.autosave_paused);
        assert_eq!(told.notice, Some(Notice::OtherTab));
        assert_eq!(told.revision, state.revision, "being told is not a change to save");
        assert_eq!(told.evaluation, state.evaluation, "this tab's work stays");

        let dismissed = told.step(Action::DismissNotice);
        assert_eq!(dismissed.notice, None);
        let edited = typed(&dismissed, Cell::Actual("dept-07".into()), "18");
        assert!(edited.autosave_paused);
        assert_eq!(edited.notice, Some(Notice::OtherTab), "an unsaved edit says why again");
        assert_eq!(edited.scored.indicator("dept-07").unwrap().ratio(), Some(d("0.9")));

        let blank = presets::find("project-blank").unwrap().evaluation().unwrap();
        let opened = edited.step(Action::Opened { file_name: "p.json".into(), result: Box::new(Ok(blank)) });
        assert!(opened.autosave_paused, "opening a file would overwrite the other tab's autosave too");
        assert_eq!(opened.notice, Some(Notice::OtherTab));

        let kept = edited.step(Action::KeepThisTab);
        assert!(!kept.autosave_paused);
        assert_eq!(kept.notice, None);
        assert!(kept.revision > edited.revision, "keeping writes the autosave at once");
        let later = typed(&kept, Cell::Actual("dept-07".into()), "19");
        assert_eq!(later.notice, None);
        assert!(!later.autosave_paused);
    }

    #[test]
    fn a_nodes_drafts_compare_equal_while_its_own_cells_are_unchanged() {
        let typed = |pairs: &[(Cell, &str)]| {
            Rc::new(
                pairs
                    .iter()
                    .map(|(cell, text)| (cell.clone(), Draft { text: text.to_string(), error: None }))
                    .collect(),
            )
        };
        let of = |node: &str, all: &Rc<BTreeMap<Cell, Draft>>| NodeDrafts { node: node.into(), all: all.clone() };
        let before = typed(&[(Cell::Rate("a".into()), "9"), (Cell::Actual("i1".into()), "1")]);
        // Another cell's text changed: node a's row is the same, node b's too.
        let other_cell = typed(&[(Cell::Rate("a".into()), "9"), (Cell::Actual("i1".into()), "12")]);
        assert!(of("a", &before) == of("a", &other_cell));
        assert!(of("b", &before) == of("b", &other_cell));
        // Its own cell changed, or a draft of its own appeared: not the same.
        let own_cell = typed(&[(Cell::Rate("a".into()), "99"), (Cell::Actual("i1".into()), "1")]);
        assert!(of("a", &before) != of("a", &own_cell));
        let month = typed(&[(Cell::Rate("a".into()), "9"), (Cell::MonthRate("b".into(), 3), "1")]);
        assert!(of("b", &before) != of("b", &month));
        assert!(of("a", &before) != of("b", &before));
    }
}
