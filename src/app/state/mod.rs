//! The app's state and its one reducer (`reducer.rs`). Plain Rust (no Yew here), so the native tests
//! drive it: the components only turn events into `Action`s, and nothing in a view computes a score.
//!
//! One document (the file: base inputs and scenarios) is the truth; the evaluation shown and its
//! scores are derived from it once per change (`reducer.rs`), and what only a panel shows is derived
//! when that panel asks (`Derived`).

mod drafts;
mod history;
mod reducer;
mod variants;

use std::collections::BTreeSet;
use std::rc::Rc;

use rust_decimal::Decimal;

pub use drafts::{invalid_input, Draft, DraftError, Drafts, NodeDrafts};
pub use history::{Replaced, Snapshot};
pub use reducer::Action;
pub use variants::{Baseline, BaselineKind, Comparison, Derived, GoalQuery, Scoring, Variant};

use crate::domain::paste::PasteReport;
use crate::domain::scenario::{changes_since, EditError, InputChange};
use crate::domain::structure::StructureError;
use crate::domain::whatif::{lost_points, Deltas, GoalError, GoalSeek, Loss};
use crate::domain::{Badge, Evaluation, InputKey, Lang, OpenInputs, Scenario, Scored, Status};
use crate::format::LoadError;
use crate::presets;

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
    /// Where the work started from (a preset or a file), if the autosave says.
    pub origin: Option<Source>,
    /// What the baseline is (the data the work started from, or one pinned), if the autosave says.
    pub baseline_kind: Option<BaselineKind>,
}

/// Where the work on screen started from: restored work keeps its origin.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    Preset(String),
    File(String),
    /// Restored from an autosave that did not say where it started.
    Autosave,
}

impl Source {
    /// As the autosave keeps it: `preset:NAME` or `file:NAME`.
    pub fn to_key(&self) -> Option<String> {
        match self {
            Source::Preset(name) => Some(format!("preset:{name}")),
            Source::File(name) => Some(format!("file:{name}")),
            Source::Autosave => None,
        }
    }

    pub fn from_key(key: &str) -> Option<Source> {
        match key.split_once(':')? {
            ("preset", name) => Some(Source::Preset(name.into())),
            ("file", name) => Some(Source::File(name.into())),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    Restored,
    /// The restored work was thrown away for what it started from (undo brings it back).
    Discarded,
    Opened(String),
    Saved(String),
    StorageFailed,
    StorageUnavailable,
    FileReadFailed(String),
    /// The browser refused to start the download.
    SaveFailed,
    /// Saving or exporting was refused: inputs hold text that was not set (how many, and the
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
    /// How to paste a table copied from Excel/WPS (a first visit's third way to start).
    PasteHint,
    /// A workbook was opened or dropped where the page has no import worker (the single file opened
    /// from disk): what it is, and how else to bring its table in.
    Workbook(String),
    /// A whole table was pasted where the page has no import worker: how else to paste it.
    PastedTableNoReader,
    /// Another tab of this app saved its work over the autosave: this tab stopped autosaving, so the
    /// two do not overwrite each other unseen, until the user keeps this tab's work.
    OtherTab,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FailedLoad {
    pub file_name: String,
    pub error: LoadError,
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
    /// Current against the baseline (every row shows its Δ).
    pub deltas: Rc<Deltas>,
    /// The inputs changed since the baseline, and where points were lost: the review panel's.
    changes: Derived<Vec<InputChange>>,
    losses: Derived<Vec<Loss>>,
    pub undo: Rc<Vec<Snapshot>>,
    pub redo: Rc<Vec<Snapshot>>,
    /// The input the last undo step was for: more typing into the same input joins that step.
    pub last_edit: Option<InputKey>,
    pub comparison: Option<Rc<Comparison>>,
    pub goal: Option<Rc<GoalQuery>>,
    /// The table shows structure controls (add, remove, move, rename, points, rules).
    pub editing: bool,
    pub evaluation: Rc<Evaluation>,
    pub scored: Rc<Scored>,
    pub drafts: Rc<Drafts>,
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
    /// A row just added: its name box takes the focus.
    pub focus: Option<String>,
    /// Another tab wrote the autosave (`Action::OtherTabSaved`): this tab does not write it until
    /// `Action::KeepThisTab`. Survives opening files and presets, which would overwrite it too.
    pub autosave_paused: bool,
}

impl AppState {
    pub fn new(document: Evaluation, source: Source, lang: Lang) -> AppState {
        // A blank template is no baseline: against it every entry would show as a change.
        let kind = if matches!(source, Source::Preset(_)) && !has_actuals(&document) {
            BaselineKind::Unset
        } else {
            BaselineKind::Origin
        };
        let document = Rc::new(document);
        let baseline = Rc::new(Baseline::of(Scoring::of(document.clone()), kind));
        let mut state = AppState {
            evaluation: document.clone(),
            scored: baseline.scoring.scored.clone(),
            on_file: Some(document.clone()),
            document,
            active: Variant::Base,
            stale_changes: Rc::default(),
            baseline,
            deltas: Rc::new(Deltas::none()),
            changes: Derived::default(),
            losses: Derived::default(),
            undo: Rc::default(),
            redo: Rc::default(),
            last_edit: None,
            comparison: None,
            goal: None,
            editing: false,
            drafts: Rc::default(),
            lang,
            dirty: false,
            revision: 0,
            source,
            load_error: None,
            notice: None,
            collapsed: Rc::default(),
            revealed: None,
            focus: None,
            autosave_paused: false,
        };
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
        let origin = autosaved.origin.unwrap_or(Source::Autosave);
        // Without the autosave's word, work begun from a blank template still has no baseline.
        let kind = autosaved.baseline_kind.unwrap_or_else(|| match &origin {
            Source::Preset(name)
                if presets::find(name).and_then(|p| p.evaluation().ok()).is_some_and(|e| !has_actuals(&e)) =>
            {
                BaselineKind::Unset
            }
            _ => BaselineKind::Origin,
        });
        let mut state = AppState::new(autosaved.document, origin, lang);
        state.baseline = Rc::new(match autosaved.baseline {
            Some(baseline) => Baseline::of(Scoring::of(Rc::new(baseline)), kind),
            None => Baseline::of(state.baseline.scoring.clone(), kind),
        });
        // Back in the scenario it was in, if the work still has it.
        if let Some(i) = autosaved.scenario.filter(|i| *i < state.document.scenarios.len()) {
            state.active = Variant::Scenario(i);
        }
        state.refresh();
        state.dirty = !autosaved.saved;
        if state.dirty {
            // Whatever file it came from is not here to compare with. Only unsaved work is news.
            state.on_file = None;
            state.notice = Some(Notice::Restored);
        }
        state
    }

    /// What the total waits for, as the screen shows it: the engine's counts, and inputs whose text
    /// was not set (the total still uses their last values). Such an input in a row the engine
    /// already counts (empty, or unusable) is that same input, counted once, as 有误.
    pub fn open_inputs(&self) -> OpenInputs {
        let mut open = self.scored.open_inputs();
        let mut rows = BTreeSet::new();
        for (key, _) in self.drafts.iter().filter(|(_, draft)| draft.error.is_some()) {
            let row = key.owner();
            let status = if key.is_indicator() {
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

    /// The scenario shown, if one is (not the file's own inputs).
    pub fn active_scenario(&self) -> Option<&Scenario> {
        match self.active {
            Variant::Scenario(i) => self.document.scenarios.get(i),
            Variant::Base => None,
        }
    }

    pub fn draft(&self, key: &InputKey) -> Option<&Draft> {
        self.drafts.get(key)
    }

    /// The inputs that differ from the baseline, in the tree's order.
    pub fn changes(&self) -> &[InputChange] {
        self.changes.get_or_init(|| {
            let baseline = &self.baseline;
            if !baseline.is_set() {
                return Vec::new();
            }
            changes_since(&baseline.scoring.evaluation, || baseline.inputs(), &self.evaluation)
        })
    }

    /// Where the shown evaluation lost points, largest first.
    pub fn losses(&self) -> &[Loss] {
        self.losses.get_or_init(|| lost_points(&self.evaluation, &self.scored))
    }

    /// The goal-seek question and its answer for the evaluation shown.
    pub fn goal_answer(&self) -> Option<(&GoalQuery, &Result<GoalSeek, GoalError>)> {
        let query = self.goal.as_deref()?;
        let answer = query
            .answer
            .get_or_init(|| crate::domain::whatif::seek_actual(&self.evaluation, &query.indicator, query.goal));
        Some((query, answer))
    }
}

/// Any indicator has an actual: the evaluation is data, not a blank template.
fn has_actuals(evaluation: &Evaluation) -> bool {
    evaluation.root.walk().any(|node| node.indicators().iter().any(|i| i.actual.is_some()))
}

fn empty_evaluation() -> Evaluation {
    use crate::domain::{Meta, Node};
    Evaluation {
        scenarios: Vec::new(),
        meta: Meta::default(),
        root: Node::group("total", "总分", Decimal::ONE_HUNDRED, Vec::new()),
        review: None,
    }
}

#[cfg(test)]
mod tests;
