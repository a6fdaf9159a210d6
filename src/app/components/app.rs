//! The app: one reducer, the effects around it (autosave, language, leaving with unsaved work), and
//! the page layout.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use gloo::file::callbacks::FileReader;
use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::desk::{read_files, Desk};
use super::import_preview::{ImportPreview, ImportView, PendingImport};
use super::notices::{LoadErrorPanel, NoticeBar};
use super::project_texts::ProjectTexts;
use super::review::ReviewPanel;
use super::summary::Summary;
use super::table::ScoreTable;
use super::toolbar::{Toolbar, NEXT_YEAR};
use super::welcome::Welcome;
use super::whatif_bar::WhatIfBar;
use super::{Dispatch, DraftsContext};
use crate::app::desk::{in_path_order, DeskAction, DeskState};
use crate::app::effects::{self, StorageError};
use crate::app::state::{Action, AppState, Notice, Source, Variant};
use crate::app::workbook::{self, WorkbookError};
use crate::domain::checks::is_project_table;
use crate::domain::{Evaluation, Lang};
use crate::format::{self, LoadError, MAX_FILE_BYTES};
use crate::i18n::texts;

/// The reducer's state, held in an `Rc` of its own: props that take the whole state keep the same
/// pointer from render to render until an action changes it, so their components are not redrawn for
/// nothing (a drag over the page, a timer).
#[derive(PartialEq)]
struct Store(Rc<AppState>);

impl Reducible for Store {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(Store(Rc::new(self.0.step(action))))
    }
}

impl std::ops::Deref for Store {
    type Target = AppState;

    fn deref(&self) -> &AppState {
        &self.0
    }
}

/// The desk's state in an `Rc` of its own, as `Store` (the desk's rows compare their entries by pointer).
#[derive(Default, PartialEq)]
struct DeskStore(Rc<DeskState>);

impl Reducible for DeskStore {
    type Action = DeskAction;

    fn reduce(self: Rc<Self>, action: DeskAction) -> Rc<Self> {
        Rc::new(DeskStore(Rc::new(self.0.step(action))))
    }
}

/// The sample, or the autosaved work if there is some, in the remembered language. (The sample is
/// not loaded at all when there is work to restore.)
fn initial_state() -> Store {
    let lang = effects::load_lang().unwrap_or_default();
    Store(Rc::new(match effects::load_autosave() {
        Some(Ok(autosaved)) => AppState::restored(autosaved, lang),
        // A damaged autosave is not worth a scare on every start: drop it, keep the sample.
        Some(Err(_)) => {
            effects::clear_autosave();
            AppState::sample(lang)
        }
        None => AppState::sample(lang),
    }))
}

/// The autosave writes the file once typing pauses this long: a number typed is one write, not one
/// per digit, and no write lands between two keystrokes (at 2,000 indicators a write is a 1 MB
/// `localStorage.setItem`, about 12 ms).
const AUTOSAVE_PAUSE_MS: u32 = 500;
/// ...and at the latest this long after the first unsaved change, however long the typing goes on: a
/// tab that dies mid-edit loses at most this much work.
const AUTOSAVE_MAX_WAIT_MS: f64 = 3000.0;

/// The autosave's pending write: the state last drawn, and the timer that will write it.
#[derive(Default)]
struct Autosave {
    current: Option<UseReducerHandle<Store>>,
    timer: Option<Timeout>,
    /// When the oldest change not yet written was made (`Date.now()`).
    since: Option<f64>,
    /// The baseline last written beside the autosave: it is written again only when another is
    /// pinned or opened (or another tab may have written its own).
    baseline_written: Option<Rc<Evaluation>>,
}

impl Autosave {
    /// Writes when the changes pause (`AUTOSAVE_PAUSE_MS`) or have waited `AUTOSAVE_MAX_WAIT_MS`,
    /// whatever the state is then.
    fn schedule(autosave: &Rc<RefCell<Autosave>>) {
        let now = js_sys::Date::now();
        let mut pending = autosave.borrow_mut();
        let since = *pending.since.get_or_insert(now);
        let left = AUTOSAVE_MAX_WAIT_MS - (now - since);
        let delay = (AUTOSAVE_PAUSE_MS as f64).min(left.max(0.0)) as u32;
        let later = autosave.clone();
        // Replacing the timer cancels the one before.
        pending.timer = Some(Timeout::new(delay, move || Autosave::flush(&later)));
    }

    /// Writes now if a write is pending.
    fn flush(autosave: &Rc<RefCell<Autosave>>) {
        let state = {
            let mut pending = autosave.borrow_mut();
            pending.since = None;
            if pending.timer.take().is_none() {
                return;
            }
            pending.current.clone()
        };
        // The document, not the variant shown: its scenarios are work too. Not while another tab's
        // work is the autosave (the notice says so).
        let Some(state) = state.filter(|s| s.revision > 0 && !s.autosave_paused) else { return };
        let problem = match effects::save_autosave(&state.document) {
            Ok(()) => {
                // Saved means the file (or preset) holds this work: restored, it is not unsaved work.
                effects::set_autosave_saved(!state.dirty);
                effects::set_autosave_origin(&state.source);
                effects::set_autosave_baseline_kind(state.baseline.kind);
                let baseline = &state.baseline.scoring.evaluation;
                let written = autosave.borrow().baseline_written.as_ref().is_some_and(|w| Rc::ptr_eq(w, baseline));
                if !written {
                    // Refused, it is no loss: the work is kept, and restores as its own baseline.
                    let kept = effects::save_autosave_baseline(baseline).is_ok();
                    autosave.borrow_mut().baseline_written = kept.then(|| baseline.clone());
                }
                None
            }
            Err(StorageError::Unavailable) => Some(Notice::StorageUnavailable),
            Err(StorageError::WriteFailed) => Some(Notice::StorageFailed),
        };
        if let Some(notice) = problem.filter(|n| state.notice.as_ref() != Some(n)) {
            state.dispatch(Action::Notify(notice));
        }
    }
}

/// Which desk entry the calculator holds, kept beside the autosave (`store::save_opened`): after a
/// reload that restores the work opened from that entry, the entry is open again (`Resume`), so
/// 返回审核台 is still offered and takes the edits back. Read once, before it is first written.
#[hook]
fn use_opened_across_reload(desk: &DeskState, dispatch: &Callback<DeskAction>, source: &Source) {
    let started = use_mut_ref(|| false);
    let opened = desk.opened;
    let name = opened.and_then(|id| desk.entry(id)).map(|e| e.file_name.clone());
    let dispatch = dispatch.clone();
    let source = source.clone();
    use_effect_with((opened, name), move |(opened, name)| {
        if !std::mem::replace(&mut *started.borrow_mut(), true) {
            let kept = crate::app::desk::store::load_opened();
            let resumed =
                kept.filter(|(_, name)| source == Source::File(crate::app::desk::base_name(name).to_string()));
            if let Some((id, _)) = resumed {
                dispatch.emit(DeskAction::Resume(id));
                return;
            }
        }
        match (opened, name) {
            (Some(id), Some(name)) => crate::app::desk::store::save_opened(Some((*id, name))),
            // Resumed, its entry still on its way from storage: kept as it is.
            (Some(_), None) => {}
            (None, _) => crate::app::desk::store::save_opened(None),
        }
    });
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(initial_state);
    // One callback for the app's lifetime: it is the context every row reads, and a new one on each
    // render would re-render every row on every keystroke.
    let dispatch = {
        let dispatcher = state.dispatcher();
        (*use_memo((), move |_| Callback::from(move |action| dispatcher.dispatch(action)))).clone()
    };
    let reader: Rc<RefCell<Option<FileReader>>> = use_mut_ref(|| None);
    let desk = use_reducer(DeskStore::default);
    let desk_dispatch = {
        let dispatcher = desk.dispatcher();
        (*use_memo((), move |_| Callback::from(move |action| dispatcher.dispatch(action)))).clone()
    };
    super::desk::use_desk_storage(desk.0.clone(), desk_dispatch.clone());
    use_opened_across_reload(&desk.0, &desk_dispatch, &state.source);
    let dragging = use_state(|| false);
    // A workbook being read, read and waiting for 导入 / 取消, or refused (components/import_preview.rs).
    let import = use_state(|| None::<ImportView>);
    let t = texts(state.lang);

    // Autosave shortly after a change, and at once when the page is hidden or left. A refusal is said
    // once, never fatal.
    let autosave = use_mut_ref(Autosave::default);
    autosave.borrow_mut().current = Some(state.clone());
    {
        let autosave = autosave.clone();
        use_effect_with(state.revision, move |revision| {
            if *revision > 0 {
                Autosave::schedule(&autosave);
            }
        });
    }
    {
        let autosave = autosave.clone();
        use_effect_with((), move |_| {
            let flush = move |_: &Event| Autosave::flush(&autosave);
            let listeners = web_sys::window().map(|window| {
                let document = window.document();
                [
                    Some(EventListener::new(&window, "pagehide", flush.clone())),
                    document.map(|document| {
                        EventListener::new(&document, "visibilitychange", move |event| {
                            let hidden = event
                                .target()
                                .and_then(|t| t.dyn_into::<web_sys::Document>().ok())
                                .is_some_and(|d| d.hidden());
                            if hidden {
                                flush(event);
                            }
                        })
                    }),
                ]
            });
            move || drop(listeners)
        });
    }
    // Another tab writing the autosave pauses this one's (two tabs never overwrite each other unseen).
    {
        let dispatch = dispatch.clone();
        let autosave = autosave.clone();
        use_effect_with((), move |_| {
            let listener = effects::on_autosave_written_elsewhere(move || {
                // Its baseline may be beside the autosave now: this tab writes its own again.
                autosave.borrow_mut().baseline_written = None;
                dispatch.emit(Action::OtherTabSaved)
            });
            move || drop(listener)
        });
    }
    use_effect_with(state.lang, |lang| effects::save_lang(*lang));
    // Not while another tab's work is the autosave: its scenarios are not this tab's.
    use_effect_with((state.active, state.autosave_paused), |(active, paused)| {
        if !paused {
            effects::set_autosave_scenario(match active {
                Variant::Scenario(i) => Some(*i),
                Variant::Base => None,
            });
        }
    });
    {
        let title = match state.evaluation.meta.name() {
            "" => t.app_title.to_string(),
            name => format!("{name} · {}", t.app_title),
        };
        use_effect_with(title, |title| effects::set_title(title));
    }
    // Closing the tab with unsaved changes asks first.
    use_effect_with(state.dirty, |dirty| {
        let listener = dirty.then(|| {
            web_sys::window().map(|window| {
                // gloo listeners are passive unless told otherwise, and a passive one cannot prevent_default.
                EventListener::new_with_options(
                    &window,
                    "beforeunload",
                    EventListenerOptions::enable_prevent_default(),
                    |event| {
                        event.prevent_default();
                        if let Some(event) = event.dyn_ref::<web_sys::BeforeUnloadEvent>() {
                            event.set_return_value("unsaved");
                        }
                    },
                )
            })
        });
        move || drop(listener)
    });

    let open_file = {
        let dispatch = dispatch.clone();
        let import = import.clone();
        // Opening replaces the work, as a preset does: over unsaved changes it first says who and
        // what the file is, and asks (the autosave would be overwritten by the opened file too).
        let ask = state.dirty.then_some(state.lang);
        Callback::from(move |file: web_sys::File| {
            let file_name = file.name();
            let size = file.size();
            if size > MAX_FILE_BYTES as f64 {
                // Refused before reading: a huge file would freeze the tab.
                let error = LoadError::too_large(size as usize);
                dispatch.emit(Action::Opened { file_name, result: Box::new(Err(error)) });
                return;
            }
            let dispatch = dispatch.clone();
            let import = import.clone();
            let task = gloo::file::callbacks::read_as_bytes(&gloo::file::File::from(file), move |read| {
                let result = match read {
                    // A workbook is not a broken evaluation file: the worker reads it, the preview
                    // shows what it read, and nothing replaces the work until it is accepted.
                    // One load error at a time: the new file's outcome replaces the last one's.
                    Ok(bytes) if crate::import::is_workbook(&file_name, &bytes) => {
                        dispatch.emit(Action::DismissLoadError);
                        return read_workbook(file_name, bytes, import, dispatch);
                    }
                    Ok(bytes) => {
                        import.set(None);
                        format::load_named(&file_name, &bytes)
                    }
                    Err(_) => return dispatch.emit(Action::FileReadFailed { file_name }),
                };
                if let (Some(lang), Ok(evaluation)) = (ask, &result) {
                    let question = format!("{}\n\n{}", texts(lang).open_replace, format::describe(evaluation, lang));
                    if !effects::confirm(&question) {
                        return;
                    }
                }
                dispatch.emit(Action::Opened { file_name, result: Box::new(result) })
            });
            *reader.borrow_mut() = Some(task);
        })
    };
    let on_import_accept = {
        let import = import.clone();
        let dispatch = dispatch.clone();
        Callback::from(move |()| {
            if let Some(ImportView::Preview(pending)) = &*import {
                let file_name = pending.read.file_name.clone();
                dispatch.emit(Action::ImportWorkbook { file_name, evaluation: pending.evaluation.clone() });
            }
            import.set(None);
        })
    };
    let on_import_cancel = {
        let import = import.clone();
        Callback::from(move |()| import.set(None))
    };
    let on_save = {
        let state = state.clone();
        let dispatch = dispatch.clone();
        let autosave = autosave.clone();
        Callback::from(move |()| {
            if super::refuse_invalid_input(&state.drafts, &dispatch) {
                return;
            }
            // The document, whichever variant is shown: the file keeps the base inputs and every
            // scenario, and its name carries the total it opens with.
            let document = &state.document;
            let file_name = format::file_name(document);
            match effects::download(&file_name, &format::to_json(document), "application/json") {
                Ok(()) => {
                    // The autosave holds what was saved, marked so: restored, it is not unsaved work.
                    Autosave::flush(&autosave);
                    effects::set_autosave_saved(true);
                    state.dispatch(Action::Saved { file_name })
                }
                Err(effects::DownloadBlocked) => state.dispatch(Action::Notify(Notice::SaveFailed)),
            }
        })
    };
    let on_preset = {
        let state = state.clone();
        Callback::from(move |name: String| {
            if !state.dirty || effects::confirm(texts(state.lang).confirm_replace) {
                state.dispatch(if name == NEXT_YEAR { Action::NextYear } else { Action::NewFromPreset(name) });
            }
        })
    };
    let on_lang = {
        let state = state.clone();
        Callback::from(move |()| {
            state.dispatch(Action::SetLang(if state.lang == Lang::Zh { Lang::En } else { Lang::Zh }))
        })
    };
    let on_discard_restored = {
        let state = state.clone();
        let autosave = autosave.clone();
        Callback::from(move |()| {
            // Say what will be lost; undo brings it back.
            let t = texts(state.lang);
            let question = format!("{}\n\n{}", t.discard_confirm, format::describe(&state.document, state.lang));
            if !effects::confirm(&question) {
                return;
            }
            // A write still waiting would put the discarded work back.
            let mut pending = autosave.borrow_mut();
            (pending.timer, pending.since, pending.baseline_written) = (None, None, None);
            drop(pending);
            effects::clear_autosave();
            state.dispatch(Action::DiscardRestored);
        })
    };
    let on_desk_files = {
        let desk_dispatch = desk_dispatch.clone();
        Callback::from(move |mut files: Vec<(String, web_sys::File)>| {
            in_path_order(&mut files);
            read_files(files, desk_dispatch.clone())
        })
    };
    let on_desk_open = {
        let state = state.clone();
        let desk = desk.clone();
        Callback::from(move |id: u32| {
            let Some(entry) = desk.0.entry(id).cloned() else { return };
            let Some(assessed) = entry.assessed() else { return };
            // Work taken back into the desk is not unsaved (`Action::HeldByDesk`): nothing to ask.
            if state.dirty {
                let question = format!(
                    "{}\n\n{}",
                    texts(state.lang).open_replace,
                    format::describe(&assessed.evaluation, state.lang)
                );
                if !effects::confirm(&question) {
                    return;
                }
            }
            let scroll = web_sys::window().and_then(|w| w.scroll_y().ok()).unwrap_or(0.0);
            desk.dispatch(DeskAction::Open { id, scroll });
            let file_name = crate::app::desk::base_name(&entry.file_name).to_string();
            state.dispatch(Action::Opened { file_name, result: Box::new(Ok((*assessed.evaluation).clone())) });
            if let Some(window) = web_sys::window() {
                window.scroll_to_with_x_and_y(0.0, 0.0);
            }
        })
    };
    let on_back_to_desk = {
        let state = state.clone();
        let desk = desk.clone();
        let dispatch = dispatch.clone();
        let autosave = autosave.clone();
        Callback::from(move |()| {
            // As for saving: text that is not a number would go back as its cell's last valid value.
            if super::refuse_invalid_input(&state.drafts, &dispatch) {
                return;
            }
            // Only the file the desk opened goes back: another opened since stays in the calculator.
            let opened = desk.0.opened.and_then(|id| desk.0.entry(id)).map(|e| e.file_name.clone());
            let name = opened.as_deref().map(|n| crate::app::desk::base_name(n).to_string());
            if name.is_some_and(|n| state.source == Source::File(n)) {
                desk.dispatch(DeskAction::TakeBack(state.document.clone()));
                // The desk keeps the work now (and across a reload, in its storage): as after saving,
                // the autosave is marked saved and the calculator's work is not unsaved.
                Autosave::flush(&autosave);
                effects::set_autosave_saved(true);
                state.dispatch(Action::HeldByDesk);
            } else {
                desk.dispatch(DeskAction::Abandon);
            }
        })
    };
    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if !*dragging {
                dragging.set(true);
            }
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            // Only leaving the window ends the drag; moving between elements fires this too.
            if e.related_target().is_none() {
                dragging.set(false);
            }
        })
    };
    let ondrop = {
        let dragging = dragging.clone();
        let open_file = open_file.clone();
        let on_desk_files = on_desk_files.clone();
        let desk_shown = desk.0.shown;
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            if desk_shown {
                if let Some(data) = e.data_transfer() {
                    super::desk::dropped(&data, on_desk_files.clone());
                }
                return;
            }
            if let Some(file) = e.data_transfer().and_then(|dt| dt.files()).and_then(|files| files.get(0)) {
                open_file.emit(file);
            }
        })
    };

    // A whole 自评表 pasted anywhere (selected whole in Excel/WPS and copied) is read as a workbook
    // is, by the import worker, and shown in the import's preview; a block of rows is the cells' own
    // paste (number_cell.rs), which lets a whole table through to here.
    {
        let import = import.clone();
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                EventListener::new_with_options(
                    &window,
                    "paste",
                    EventListenerOptions::enable_prevent_default(),
                    move |event| {
                        let Some(text) = event
                            .dyn_ref::<web_sys::ClipboardEvent>()
                            .and_then(|e| e.clipboard_data())
                            .and_then(|data| data.get_data("text/plain").ok())
                        else {
                            return;
                        };
                        if event.default_prevented() || !crate::import::is_whole_table(&text) {
                            return;
                        }
                        event.prevent_default();
                        read_pasted_table(text, import.clone(), dispatch.clone());
                    },
                )
            });
            move || drop(listener)
        });
    }

    // Undo and redo from anywhere on the page, as in a spreadsheet.
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                EventListener::new_with_options(
                    &window,
                    "keydown",
                    EventListenerOptions::enable_prevent_default(),
                    move |event| {
                        let Some(key) = event.dyn_ref::<web_sys::KeyboardEvent>() else { return };
                        if !(key.ctrl_key() || key.meta_key()) {
                            return;
                        }
                        // A box that commits when left (a name, the heading's fields, a text below the
                        // table) undoes its own typing, as a spreadsheet's cell being edited: the page's
                        // undo would take back an earlier edit elsewhere and leave the typing. On the
                        // desk the calculator's undo is out of view: its boxes keep their own.
                        let own = event.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
                        if own.is_some_and(|el| el.closest("[data-own-undo], .page--desk").ok().flatten().is_some()) {
                            return;
                        }
                        // ASCII only: the shortcuts are Latin letters, and `str::to_lowercase` would bring in the
                        // Unicode case tables (about 20 KB of the first download).
                        let action = match (key.key().to_ascii_lowercase().as_str(), key.shift_key()) {
                            ("z", false) => Action::Undo,
                            ("z", true) | ("y", false) => Action::Redo,
                            _ => return,
                        };
                        key.prevent_default();
                        dispatch.emit(action);
                    },
                )
            });
            move || drop(listener)
        });
    }
    let shared = state.0.clone();
    // A first visit: the sample, nothing restored, the welcome not yet closed in this browser.
    let welcome_open = use_state(|| !effects::welcomed());
    let first_visit = *welcome_open && state.revision == 0 && state.notice.is_none();
    let on_welcome_close = {
        let welcome_open = welcome_open.clone();
        Callback::from(move |()| {
            effects::set_welcomed();
            welcome_open.set(false);
        })
    };
    let sample = state.source == Source::Preset(crate::presets::DEFAULT_PRESET.into());

    // Whose evaluation it is heads the page (and the printout): its project, or its department.
    let title = match (state.evaluation.meta.name(), state.evaluation.meta.year) {
        ("", _) => state.evaluation.meta.title.clone(),
        // A name that says its year (2023年度某县…) is not given it twice.
        (name, Some(y)) if name.starts_with(&y.to_string()) => name.to_string(),
        (name, Some(y)) => format!("{y} · {name}"),
        (name, None) => name.to_string(),
    };
    html! {
        <ContextProvider<Dispatch> context={Dispatch(dispatch.clone())}>
        <ContextProvider<DraftsContext> context={DraftsContext(state.drafts.clone())}>
            <div class={classes!("page", dragging.then_some("page--dragging"), desk.0.shown.then_some("page--desk"))} {ondragover} {ondragleave} {ondrop} data-testid="page">
                if desk.0.shown {
                    <Desk state={desk.0.clone()} dispatch={desk_dispatch.clone()} lang={state.lang} on_open={on_desk_open}
                        on_files={on_desk_files} on_close={desk_dispatch.reform(|()| DeskAction::Hide)} on_lang={on_lang.clone()} />
                } else {
                // One row: the file actions, then export and print (styles/export.css).
                <div class="topbar">
                    <Toolbar lang={state.lang} dirty={state.dirty} title={title} {sample} on_open={open_file} {on_save} on_preset={on_preset.clone()} {on_lang}
                        on_desk={desk_dispatch.reform(|()| DeskAction::Show)} on_back_to_desk={desk.0.opened.is_some().then_some(on_back_to_desk)} />
                    <super::export_menu::ExportMenu evaluation={state.evaluation.clone()} scored={state.scored.clone()} drafts={state.drafts.clone()}
                        scenario={state.active_scenario().map(|s| AttrValue::from(s.name.clone()))} lang={state.lang} />
                </div>
                if first_visit && sample {
                    <Welcome lang={state.lang} on_preset={on_preset.clone()} on_close={on_welcome_close} dispatch={dispatch.clone()} />
                }
                if let Some(notice) = state.notice.clone() {
                    <NoticeBar {notice} lang={state.lang} {on_discard_restored} />
                }
                if let Some(view) = (*import).clone() {
                    <ImportPreview {view} lang={state.lang} on_accept={on_import_accept} on_cancel={on_import_cancel} />
                }
                if let Some(failed) = state.load_error.clone() {
                    <LoadErrorPanel {failed} lang={state.lang} />
                }
                <WhatIfBar state={shared.clone()} />
                if state.editing {
                    <super::structure_controls::MetaControls title={state.evaluation.meta.title.clone()} grade_bands={state.evaluation.meta.grade_bands.clone()}
                        points={state.evaluation.root.points} lang={state.lang} />
                }
                <main class="main">
                    <Summary evaluation={state.evaluation.clone()} scored={state.scored.clone()} deltas={state.deltas.clone()} baseline={state.baseline.kind} lang={state.lang}
                        open={state.open_inputs()} />
                    <ReviewPanel state={shared} />
                    <super::whose::Whose meta={state.evaluation.meta.clone()} project_table={is_project_table(&state.evaluation)} lang={state.lang} />
                    <ScoreTable evaluation={state.evaluation.clone()} scored={state.scored.clone()} drafts={state.drafts.clone()}
                        collapsed={state.collapsed.clone()} deltas={state.deltas.clone()} lang={state.lang} editing={state.editing}
                        revealed={state.revealed.clone()} focus={state.focus.clone()} />
                    if is_project_table(&state.evaluation) {
                        <ProjectTexts meta={state.evaluation.meta.clone()} lang={state.lang} />
                    }
                </main>
                }
                <footer class="footer">{ t.local_only }</footer>
                if *dragging { <div class="drop-overlay" aria-hidden="true">{ t.drop_here }</div> }
            </div>
        </ContextProvider<DraftsContext>>
        </ContextProvider<Dispatch>>
    }
}

/// Sends a workbook to the import worker; what it read (or why not) becomes the import's view. Without
/// a worker (the single file opened from disk) the notice says how else to bring the table in.
fn read_workbook(
    file_name: String,
    bytes: Vec<u8>,
    import: UseStateHandle<Option<ImportView>>,
    dispatch: Callback<Action>,
) {
    import.set(Some(ImportView::Reading(file_name.clone())));
    workbook::read_workbook(file_name.clone(), bytes, move |result| match result {
        Ok(read) => import.set(Some(ImportView::Preview(Rc::new(PendingImport::new(read))))),
        Err(WorkbookError::NoWorker) => {
            import.set(None);
            dispatch.emit(Action::Notify(Notice::Workbook(file_name)));
        }
        Err(error) => import.set(Some(ImportView::Failed(file_name, error))),
    });
}

/// Sends a whole pasted table to the import worker, as `read_workbook` a workbook.
fn read_pasted_table(text: String, import: UseStateHandle<Option<ImportView>>, dispatch: Callback<Action>) {
    let name = crate::import::PASTED_NAME.to_string();
    import.set(Some(ImportView::Reading(name.clone())));
    workbook::read_pasted_table(text, move |result| match result {
        Ok(read) => import.set(Some(ImportView::Preview(Rc::new(PendingImport::new(read))))),
        Err(WorkbookError::NoWorker) => {
            import.set(None);
            dispatch.emit(Action::Notify(Notice::PastedTableNoReader));
        }
        Err(error) => import.set(Some(ImportView::Failed(name, error))),
    });
}
