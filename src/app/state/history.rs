//! Undo and redo: whole documents, shared (an edit copies only what it changes), and which variant
//! was shown.

use std::rc::Rc;

use super::{AppState, Variant};
use crate::domain::Evaluation;

/// What undo and redo restore.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    pub document: Rc<Evaluation>,
    pub active: Variant,
}

/// Undo keeps at most this many steps: a long session keeps the last few hundred, not every
/// keystroke of the day.
const UNDO_LIMIT: usize = 500;

impl AppState {
    /// Saves the current document for undo, and forgets what redo could bring back.
    pub(super) fn remember(&mut self) {
        let undo = Rc::make_mut(&mut self.undo);
        undo.push(Snapshot { document: self.document.clone(), active: self.active });
        if undo.len() > UNDO_LIMIT {
            undo.remove(0);
        }
        self.redo = Rc::default();
    }

    pub(super) fn travel(&mut self, back: bool) {
        let (from, to) = if back { (&mut self.undo, &mut self.redo) } else { (&mut self.redo, &mut self.undo) };
        let Some(snapshot) = Rc::make_mut(from).pop() else { return };
        Rc::make_mut(to).push(Snapshot { document: self.document.clone(), active: self.active });
        self.document = snapshot.document;
        self.active = snapshot.active;
        self.last_edit = None;
        self.drafts = Rc::default();
        self.touched();
    }
}
