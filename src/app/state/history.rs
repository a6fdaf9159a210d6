//! Undo and redo: whole documents, shared (an edit copies only what it changes), and which variant
//! was shown.

use std::rc::Rc;

use super::variants::Baseline;
use super::{AppState, Source, Variant};
use crate::domain::Evaluation;

/// What undo and redo restore.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    pub document: Rc<Evaluation>,
    pub active: Variant,
    /// Set by a step that replaced what the work is compared with and came from (a workbook
    /// imported): undoing it gives those back too, or the work brought back would show its Δ against
    /// the workbook it no longer is. An edit leaves them (and a baseline pinned since) alone.
    pub replaced: Option<Replaced>,
}

/// The baseline and the source a step replaced.
#[derive(Clone, Debug)]
pub struct Replaced {
    pub baseline: Rc<Baseline>,
    pub source: Source,
}

impl PartialEq for Replaced {
    fn eq(&self, other: &Replaced) -> bool {
        Rc::ptr_eq(&self.baseline, &other.baseline) && self.source == other.source
    }
}

/// Undo keeps at most this many steps: a long session keeps the last few hundred, not every
/// keystroke of the day.
const UNDO_LIMIT: usize = 500;

impl AppState {
    /// Saves the current document for undo, and forgets what redo could bring back.
    pub(super) fn remember(&mut self) {
        self.push_undo(None);
    }

    /// Saves the current document, baseline and source for undo: the step about to be taken
    /// replaces all three.
    pub(super) fn remember_replaced(&mut self) {
        let replaced = Replaced { baseline: self.baseline.clone(), source: self.source.clone() };
        self.push_undo(Some(replaced));
    }

    fn push_undo(&mut self, replaced: Option<Replaced>) {
        let undo = Rc::make_mut(&mut self.undo);
        undo.push(Snapshot { document: self.document.clone(), active: self.active, replaced });
        if undo.len() > UNDO_LIMIT {
            undo.remove(0);
        }
        self.redo = Rc::default();
    }

    /// Takes back the run of keystrokes in the input being typed in (`last_edit`): the document goes
    /// back to what it was before the run began, and the step is forgotten. Text an input refuses
    /// ("8500000元" in a 万元 row) then leaves the figures as they were, not as its prefix ("8500000",
    /// a value typed on the way) would score them, so what a refused cell leaves does not depend on how
    /// it was typed.
    pub(super) fn take_back_run(&mut self) {
        if self.last_edit.take().is_none() {
            return;
        }
        let Some(snapshot) = Rc::make_mut(&mut self.undo).pop() else { return };
        self.document = snapshot.document;
        self.active = snapshot.active;
        self.touched();
    }

    pub(super) fn travel(&mut self, back: bool) {
        let (from, to) = if back { (&mut self.undo, &mut self.redo) } else { (&mut self.redo, &mut self.undo) };
        let Some(snapshot) = Rc::make_mut(from).pop() else { return };
        let replaced = snapshot.replaced.map(|then| {
            let now = Replaced { baseline: self.baseline.clone(), source: self.source.clone() };
            self.baseline = then.baseline;
            self.source = then.source;
            // "已打开：…" named the work that is no longer on screen.
            self.notice = None;
            now
        });
        Rc::make_mut(to).push(Snapshot { document: self.document.clone(), active: self.active, replaced });
        self.document = snapshot.document;
        self.active = snapshot.active;
        self.last_edit = None;
        self.drafts = Rc::default();
        self.touched();
    }
}
