//! The reviewer's desk (审核台): the files picked or dropped, one row each, sorted, filtered and
//! reviewed. Its state and reducer are `app::desk`; this is the view and the reading of files.

use std::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use std::cell::RefCell;
use std::collections::HashMap;

use super::row_window::use_row_window;
use crate::app::desk::store;
use crate::app::desk::{
    opinion_lines, Arrived, Assessed, Body, Column, ConclusionFilter, DeskAction, DeskEntry, DeskState, StorageProblem,
};
use crate::app::effects;
use crate::app::window::CHUNK;
use crate::app::workbook::{WorkbookError, WorkbookRead};
use crate::domain::num::{format_exact, format_fixed, format_fixed_signed, format_short};
use crate::domain::review::Conclusion;
use crate::domain::Lang;
use crate::format::{self, LoadError};
use crate::i18n::{grade_name, texts};

use super::side_by_side::SideBySideView;

/// Reading and scoring go on for at most this long before the browser has its turn (no task over
/// 100 ms, whatever the number of files)...
const CHUNK_MS: f64 = 25.0;
/// ...and the rows read are shown at most this often: each showing redraws the desk's list (its
/// sort, its filter, the comparison of every file with the others), so a thousand files shown a few
/// at a time cost more in redrawing than in reading.
const SHOW_MS: f64 = 150.0;

/// A desk of more rows than this draws only those near the viewport (printing draws them all). Fewer
/// than the calculator's table: a row of the desk is taller, and the desk has its own search.
const WINDOW_FROM_ROWS: usize = 100;

/// Files the browser reads ahead of the one being scored: their reading overlaps the scoring.
const READ_AHEAD: usize = 8;

/// Starts reading a file's first `MAX_FILE_BYTES + 1` bytes (at most one past the limit: a huge file
/// would freeze the tab): a promise of the chunks read, an `Array` of `Uint8Array`s. Streamed, because
/// `File.slice` and `File.size` each ask the disk synchronously (over a second at a thousand files).
fn start_reading(file: &web_sys::File) -> js_sys::Promise {
    let stream = file.stream();
    wasm_bindgen_futures::future_to_promise(async move {
        let reader: web_sys::ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
        let chunks = js_sys::Array::new();
        let mut length = 0;
        while length <= format::MAX_FILE_BYTES {
            let step = wasm_bindgen_futures::JsFuture::from(reader.read()).await?;
            if js_sys::Reflect::get(&step, &"done".into())?.is_truthy() {
                return Ok(chunks.into());
            }
            let chunk: js_sys::Uint8Array = js_sys::Reflect::get(&step, &"value".into())?.unchecked_into();
            length += chunk.length() as usize;
            chunks.push(&chunk);
        }
        let _ = reader.cancel();
        Ok(chunks.into())
    })
}

/// One file, read as the desk takes it: an evaluation file here, a workbook in the import worker
/// (the calculator's, started the first time a workbook comes).
async fn read_file(name: String, file: &web_sys::File, reading: js_sys::Promise) -> Arrived {
    let Ok(chunks) = wasm_bindgen_futures::JsFuture::from(reading).await else {
        return Arrived::of(&name, Body::ReadFailed);
    };
    let mut bytes = Vec::new();
    for chunk in js_sys::Array::from(&chunks).iter() {
        let chunk: js_sys::Uint8Array = chunk.unchecked_into();
        let start = bytes.len();
        bytes.resize(start + chunk.length() as usize, 0);
        chunk.copy_to(&mut bytes[start..]);
    }
    if bytes.len() > format::MAX_FILE_BYTES {
        return Arrived::of(&name, Body::Unreadable(LoadError::too_large(file.size() as usize)));
    }
    if crate::import::is_workbook(&name, &bytes) {
        return Arrived::of(&name, read_workbook(name.clone(), bytes).await);
    }
    Arrived::read(&name, &bytes)
}

/// A workbook read by the import worker, awaited: its evaluation scored, or why it was not read.
async fn read_workbook(name: String, bytes: Vec<u8>) -> Body {
    let answer: Rc<RefCell<Option<Result<WorkbookRead, WorkbookError>>>> = Rc::default();
    let promise = {
        let answer = answer.clone();
        js_sys::Promise::new(&mut move |resolve, _| {
            let answer = answer.clone();
            crate::app::workbook::read_workbook(name.clone(), bytes.clone(), move |read| {
                *answer.borrow_mut() = Some(read);
                let _ = resolve.call0(&JsValue::UNDEFINED);
            });
        })
    };
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    let refused = |zh: &str, en: &str| Body::WorkbookRefused { zh: zh.to_string(), en: en.to_string() };
    let answer = answer.borrow_mut().take();
    match answer {
        Some(Ok(read)) => Body::Evaluated(Rc::new(Assessed::of(Rc::new(read.evaluation)))),
        Some(Err(WorkbookError::Refused { zh, en, .. })) => Body::WorkbookRefused { zh, en },
        Some(Err(WorkbookError::NoWorker)) => Body::Workbook,
        Some(Err(WorkbookError::Load(_))) | Some(Err(WorkbookError::Crashed)) | None => refused(
            "读取工作簿时出错（工作簿读取程序意外停止），请重试或用 jixiao import 转换",
            "the workbook reader stopped while reading it: try again, or convert it with jixiao import",
        ),
    }
}

/// The name a row shows: the path inside a folder picked, else the file's name.
fn display_name(file: &web_sys::File) -> String {
    let relative = js_sys::Reflect::get(file, &"webkitRelativePath".into()).ok().and_then(|v| v.as_string());
    relative.filter(|r| !r.is_empty()).unwrap_or_else(|| file.name())
}

/// Entries written to the storage in one task (each about a millisecond to save again).
const STORE_AT_ONCE: usize = 8;

/// Extensions read from inside a folder (a file chosen or dropped by itself is read whatever its name):
/// evaluations, and workbooks, which get their row saying they need the workbook import.
const FOLDER_EXTENSIONS: [&str; 5] = [".json", ".xlsx", ".xlsm", ".xls", ".ods"];

fn wanted_in_folder(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    FOLDER_EXTENSIONS.iter().any(|e| lower.ends_with(e))
}

/// Reads the files in order, `READ_AHEAD` of them in the browser's hands at a time, yielding every
/// `CHUNK_MS`, the rows read shown every `SHOW_MS`.
pub fn read_files(files: Vec<(String, web_sys::File)>, dispatch: Callback<DeskAction>) {
    if files.is_empty() {
        return;
    }
    dispatch.emit(DeskAction::ReadStarted(files.len()));
    yew::platform::spawn_local(async move {
        let mut waiting = files.into_iter();
        let mut ahead = std::collections::VecDeque::with_capacity(READ_AHEAD);
        let mut chunk = Vec::new();
        let mut worked_since = js_sys::Date::now();
        let mut shown_at = worked_since;
        loop {
            while ahead.len() < READ_AHEAD {
                let Some((name, file)) = waiting.next() else { break };
                let reading = start_reading(&file);
                ahead.push_back((name, file, reading));
            }
            let Some((name, file, reading)) = ahead.pop_front() else { break };
            chunk.push(read_file(name, &file, reading).await);
            let now = js_sys::Date::now();
            if now - shown_at > SHOW_MS {
                // Drawn in a task of its own (Yew draws right after the dispatch, in the same task):
                // the reading's work and the drawing of what it read never add up in one task.
                effects::next_task().await;
                dispatch.emit(DeskAction::Read(std::mem::take(&mut chunk)));
                effects::next_task().await;
                shown_at = js_sys::Date::now();
                worked_since = shown_at;
            } else if now - worked_since > CHUNK_MS {
                effects::next_task().await;
                worked_since = js_sys::Date::now();
            }
        }
        if !chunk.is_empty() {
            dispatch.emit(DeskAction::Read(chunk));
        }
    });
}

/// What the storage holds of the desk: the database once open, and each entry as last written.
#[derive(Default)]
struct Kept {
    database: Option<Rc<idb::Database>>,
    /// Every entry written, and its evaluation as written (`None`: a file that did not load, which
    /// does not change).
    written: HashMap<u32, Option<Rc<Assessed>>>,
    /// Restored and not yet seen by a pass: read back as written, nothing to write.
    restored: std::collections::HashSet<u32>,
}

/// Keeps the desk in IndexedDB across reloads (`app::desk::store`): restores it once, then writes
/// each entry new or changed since it was last written, and clears the storage when the desk is
/// cleared. Without storage the desk works for the session and says so.
#[hook]
pub fn use_desk_storage(state: Rc<DeskState>, dispatch: Callback<DeskAction>) {
    let kept: Rc<RefCell<Kept>> = use_mut_ref(Kept::default);
    {
        let kept = kept.clone();
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            let reviewer = store::load_reviewer();
            if !reviewer.is_empty() {
                dispatch.emit(DeskAction::SetReviewer(reviewer));
            }
            yew::platform::spawn_local(async move {
                let opened = store::open().await;
                let restored = match &opened {
                    Ok(database) => store::load(database).await,
                    Err(problem) => Err(*problem),
                };
                match (opened, restored) {
                    (Ok(database), Ok(entries)) => {
                        let mut kept = kept.borrow_mut();
                        kept.restored.extend(entries.iter().map(|k| k.id));
                        kept.database = Some(Rc::new(database));
                        drop(kept);
                        // Restored even if empty: the entries read meanwhile are written by the next pass.
                        dispatch.emit(DeskAction::Restore(entries.iter().map(|k| (k.id, k.arrived())).collect()));
                    }
                    (_, Err(problem)) | (Err(problem), _) => dispatch.emit(DeskAction::StorageFailed(problem)),
                }
            });
        });
    }
    use_effect_with(state.reviewer.clone(), |name| store::save_reviewer(name));
    use_effect_with(Rc::as_ptr(&state.entries) as usize, move |_| {
        let mut kept = kept.borrow_mut();
        let Some(database) = kept.database.clone() else { return };
        if state.entries.is_empty() && !kept.written.is_empty() {
            kept.written.clear();
            yew::platform::spawn_local(async move {
                if let Err(problem) = store::clear(&database).await {
                    dispatch.emit(DeskAction::StorageFailed(problem));
                }
            });
            return;
        }
        // Files still coming are written once they have all come (the next pass): their saving, about a
        // millisecond each, would otherwise slow the listing. A review changed meanwhile is written now.
        let reading = state.reading();
        let mut changed: Vec<Rc<DeskEntry>> = Vec::new();
        for entry in state.entries.iter() {
            if reading && !kept.written.contains_key(&entry.id) && !kept.restored.contains(&entry.id) {
                continue;
            }
            let now = entry.assessed_rc();
            let restored = kept.restored.remove(&entry.id);
            let new = match kept.written.get(&entry.id) {
                _ if restored => false,
                None => true,
                Some(Some(written)) => now.as_ref().is_none_or(|now| !Rc::ptr_eq(written, now)),
                Some(None) => now.is_some(),
            };
            if new {
                changed.push(entry.clone());
            }
            kept.written.insert(entry.id, now);
        }
        if changed.is_empty() {
            return;
        }
        yew::platform::spawn_local(async move {
            // A few at a time, each in a task of its own (not the drawing's): each record is the
            // evaluation saved again.
            for few in changed.chunks(STORE_AT_ONCE) {
                effects::next_task().await;
                if let Err(problem) = store::put(&database, few).await {
                    dispatch.emit(DeskAction::StorageFailed(problem));
                    return;
                }
            }
        });
    });
}

/// The files of a `FileList` (a picker's), each with its name on the desk; of a folder picked, only
/// evaluations and workbooks.
pub fn files_of(list: Option<web_sys::FileList>) -> Vec<(String, web_sys::File)> {
    let files = list.map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect::<Vec<_>>()).unwrap_or_default();
    files
        .into_iter()
        .map(|file| (display_name(&file), file))
        .filter(|(name, file)| *name == file.name() || wanted_in_folder(name))
        .collect()
}

/// The files of a drop: each file dropped, and the evaluations and workbooks inside each folder
/// dropped (walked through the browser's entries API), each with its path inside the drop. The
/// entries are taken while the drop event lasts (they are gone after it); the walk is asynchronous.
pub fn dropped(data: &web_sys::DataTransfer, then: Callback<Vec<(String, web_sys::File)>>) {
    let items = data.items();
    let entries: Vec<web_sys::FileSystemEntry> = (0..items.length())
        .filter_map(|i| items.get(i))
        .filter_map(|item| item.webkit_get_as_entry().ok().flatten())
        .collect();
    if entries.is_empty() {
        // No entries API: the files as the drop lists them (a folder among them will say it cannot be read).
        return then.emit(files_of(data.files()));
    }
    yew::platform::spawn_local(async move {
        let mut files = Vec::new();
        for entry in entries {
            walk(entry, true, &mut files).await;
        }
        then.emit(files);
    });
}

/// A file entry's file, or every wanted file below a folder entry, depth first.
async fn walk(entry: web_sys::FileSystemEntry, top: bool, files: &mut Vec<(String, web_sys::File)>) {
    let mut stack = vec![(entry, top)];
    while let Some((entry, top)) = stack.pop() {
        let path = entry.full_path().trim_start_matches('/').to_string();
        if entry.is_directory() {
            let reader = entry.unchecked_into::<web_sys::FileSystemDirectoryEntry>().create_reader();
            // readEntries answers in batches (of 100 in Chromium) until an empty one.
            let mut children = Vec::new();
            loop {
                let batch = callback_promise(|ok, failed| {
                    let _ = reader.read_entries_with_callback_and_callback(ok, failed);
                })
                .await
                .ok()
                .map(|value| js_sys::Array::from(&value))
                .unwrap_or_default();
                if batch.length() == 0 {
                    break;
                }
                children.extend(batch.iter().map(|e| e.unchecked_into::<web_sys::FileSystemEntry>()));
            }
            // Reversed onto the stack: read in the folder's order.
            stack.extend(children.into_iter().rev().map(|child| (child, false)));
        } else if top || wanted_in_folder(&path) {
            let file_entry = entry.unchecked_into::<web_sys::FileSystemFileEntry>();
            let file = callback_promise(|ok, failed| file_entry.file_with_callback_and_callback(ok, failed)).await;
            if let Ok(file) = file.and_then(|f| f.dyn_into::<web_sys::File>()) {
                files.push((path, file));
            }
        }
    }
}

/// A callback-style browser call as a future: `call` gets the success and the error callbacks.
async fn callback_promise(
    call: impl FnOnce(&js_sys::Function, &js_sys::Function),
) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue> {
    let mut call = Some(call);
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        if let Some(call) = call.take() {
            call(&resolve, &reject);
        }
    });
    wasm_bindgen_futures::JsFuture::from(promise).await
}

/// Today as `YYYY-MM-DD`, in the reviewer's time zone.
fn today() -> String {
    let now = js_sys::Date::new_0();
    format!("{:04}-{:02}-{:02}", now.get_full_year(), now.get_month() + 1, now.get_date())
}

#[derive(Properties)]
pub struct DeskProps {
    pub state: Rc<DeskState>,
    pub dispatch: Callback<DeskAction>,
    pub lang: Lang,
    /// Open an entry in the calculator.
    pub on_open: Callback<u32>,
    pub on_files: Callback<Vec<(String, web_sys::File)>>,
    pub on_close: Callback<()>,
    pub on_lang: Callback<()>,
}

impl PartialEq for DeskProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.state, &other.state) && self.lang == other.lang
    }
}

#[function_component(Desk)]
pub fn desk(props: &DeskProps) -> Html {
    let state = &props.state;
    let lang = props.lang;
    let t = texts(lang).desk;
    let dispatch = props.dispatch.clone();
    let visible = {
        let state = state.clone();
        use_memo((Rc::as_ptr(&state.entries) as usize, state.sort, state.filter.clone()), move |_| state.visible())
    };
    // A long desk draws the rows near the viewport (a thousand rows laid out again each time more
    // arrive took seconds); a short one, every row.
    let table_ref = use_node_ref();
    let window = use_row_window(table_ref.clone(), visible.len(), WINDOW_FROM_ROWS);
    // Back from the calculator: at the same place, the row opened focused.
    {
        let focused = state.focused;
        let scroll = state.scroll;
        use_effect_with((), move |_| {
            if let Some(id) = focused {
                focus_row(id);
            }
            if let Some(window) = web_sys::window() {
                window.scroll_to_with_x_and_y(0.0, scroll);
            }
        });
    }
    // The arrow keys move the focus; the row follows it on the screen.
    let keyed = use_mut_ref(|| false);
    {
        let keyed = keyed.clone();
        use_effect_with(state.focused, move |focused| {
            if std::mem::take(&mut *keyed.borrow_mut()) {
                if let Some(id) = focused {
                    focus_row(*id);
                }
            }
        });
    }
    let onkeydown = {
        let dispatch = dispatch.clone();
        let on_open = props.on_open.clone();
        let focused = state.focused;
        let picked = state.picked.clone();
        let keyed = keyed.clone();
        Callback::from(move |e: KeyboardEvent| {
            // Keys typed into a row's select or the review pane are theirs.
            let on_row =
                e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|t| t.tag_name() == "TR");
            if !on_row {
                return;
            }
            match e.key().as_str() {
                "ArrowDown" | "ArrowUp" => {
                    e.prevent_default();
                    *keyed.borrow_mut() = true;
                    dispatch.emit(DeskAction::MoveFocus(if e.key() == "ArrowDown" { 1 } else { -1 }));
                }
                "Enter" => {
                    if let Some(id) = focused {
                        e.prevent_default();
                        on_open.emit(id);
                    }
                }
                // Side by side: Space picks the focused row, as its checkbox does.
                " " => {
                    if let Some(id) = focused {
                        e.prevent_default();
                        dispatch.emit(DeskAction::Pick { id, picked: !picked.contains(&id) });
                    }
                }
                _ => {}
            }
        })
    };
    let on_pick = {
        let on_files = props.on_files.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let files = files_of(input.files());
            // Cleared so that choosing the same files again reads them again.
            input.set_value("");
            on_files.emit(files);
        })
    };
    let on_reviewer = dispatch.reform(|e: InputEvent| {
        let input: HtmlInputElement = e.target_unchecked_into();
        DeskAction::SetReviewer(input.value())
    });
    let on_findings = dispatch.reform(|e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        DeskAction::FindingsOnly(input.checked())
    });
    let on_grade = dispatch.reform(|e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        DeskAction::Grade(Some(select.value()).filter(|v| !v.is_empty()))
    });
    let on_conclusions = dispatch.reform(|e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        DeskAction::Conclusions(ConclusionFilter::parse(&select.value()))
    });
    let on_search = dispatch.reform(|e: InputEvent| {
        let input: HtmlInputElement = e.target_unchecked_into();
        DeskAction::Search(input.value())
    });
    let on_clear = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| {
            if effects::confirm(t.clear_confirm) {
                dispatch.emit(DeskAction::Clear);
            }
        })
    };
    let grade_select = super::use_select_value(state.filter.grade.clone().unwrap_or_default());
    let conclusion_select =
        super::use_select_value(state.filter.conclusion.map(|c| c.as_str().to_string()).unwrap_or_default());
    // The chunks of rows, keyed by their index, as one child of the table (beside its head: siblings
    // without keys would make Yew draw every chunk and the head again whenever a chunk is added).
    let chunks = html! { <>
        { for visible.chunks(CHUNK).enumerate().map(|(i, rows)| {
            if !window.draws(i) && !rows.iter().any(|e| state.focused == Some(e.id)) {
                return window.gap(i, Column::ALL.len() + 1, "desk-table__gap");
            }
            html! {
                <tbody key={i} data-chunk={i.to_string()}>
                    { for rows.iter().map(|entry| {
                        let focused = state.focused == Some(entry.id);
                        html! {
                            <DeskRow key={entry.id} entry={entry.clone()} {lang} {focused} dispatch={dispatch.clone()} on_open={props.on_open.clone()}
                                pick={pick_of(state, entry.id)} />
                        }
                    }) }
                </tbody>
            }
        }) }
    </> };
    let progress = state.progress;
    html! {
        <section class="desk" data-testid="desk" aria-label={t.title}>
            <div class="desk__bar">
                <h2 class="desk__title">{ t.title }</h2>
                <label class="button button--primary">
                    { t.pick_files }
                    <input type="file" multiple=true class="visually-hidden" accept=".json,application/json,.xlsx,.xlsm,.xls,.ods"
                        data-testid="desk-files" onchange={on_pick.clone()} />
                </label>
                <label class="button">
                    { t.pick_folder }
                    <input type="file" multiple=true webkitdirectory=true class="visually-hidden" data-testid="desk-folder" onchange={on_pick} />
                </label>
                <label class="desk__reviewer">{ t.reviewer }
                    <input type="text" data-testid="desk-reviewer" value={state.reviewer.clone()} oninput={on_reviewer} />
                </label>
                <span class="desk__spacer"></span>
                if !state.entries.is_empty() {
                    <button type="button" class="button" data-testid="desk-export-xlsx" onclick={export(&visible, lang, Export::Xlsx)}>{ t.export_xlsx }</button>
                    <button type="button" class="button" data-testid="desk-export-csv" onclick={export(&visible, lang, Export::Csv)}>{ t.export_csv }</button>
                    <button type="button" class="button" data-testid="desk-print" onclick={Callback::from(|_| effects::print())}>{ texts(lang).print }</button>
                    <button type="button" class="button" data-testid="desk-clear" onclick={on_clear}>{ t.clear }</button>
                }
                <button type="button" class="button" data-testid="desk-close" onclick={props.on_close.reform(|_| ())}>{ t.back_to_calculator }</button>
                <button type="button" class="button" data-testid="lang" lang={if lang == Lang::Zh { "en" } else { "zh-CN" }}
                    onclick={props.on_lang.reform(|_| ())}>{ texts(lang).switch_lang }</button>
            </div>
            if let Some(problem) = state.storage_problem {
                <p class="desk__storage" role="alert" data-testid="desk-storage-problem" data-problem={match problem { StorageProblem::Unavailable => "unavailable", StorageProblem::Full => "full" }}>
                    { match problem { StorageProblem::Unavailable => t.storage_unavailable, StorageProblem::Full => t.storage_full } }
                </p>
            }
            if state.reading() {
                <div class="desk__progress" role="status" data-testid="desk-progress" data-done={progress.done.to_string()} data-total={progress.total.to_string()}>
                    { format!("{} {} / {}", t.reading, progress.done, progress.total) }
                    <progress max={progress.total.to_string()} value={progress.done.to_string()}></progress>
                </div>
            }
            if let Some(note) = state.merged_note(lang) {
                <p class="desk__merged" role="status" data-testid="desk-merged" data-already={state.merged.already.to_string()}
                    data-updated={state.merged.updated.to_string()} data-not-read={state.merged.not_read.to_string()}
                    data-kept-edited={state.merged.kept_edited.to_string()}>{ note }</p>
            }
            if state.entries.is_empty() {
                <p class="desk__empty" data-testid="desk-empty">{ t.empty }</p>
            } else {
                <div class="desk__filters">
                    <label><input type="checkbox" data-testid="desk-filter-findings" checked={state.filter.findings_only} onchange={on_findings} />{ t.findings_only }</label>
                    <select data-testid="desk-filter-grade" aria-label={texts(lang).grade} onchange={on_grade} ref={grade_select}>
                        <option value="">{ t.all_grades }</option>
                        { for state.grades().into_iter().map(|g| html! { <option value={g.clone()}>{ grade_name(&g, lang).to_string() }</option> }) }
                    </select>
                    <select data-testid="desk-filter-conclusion" aria-label={t.columns[10]} onchange={on_conclusions} ref={conclusion_select}>
                        <option value="">{ t.all_conclusions }</option>
                        <option value="none">{ t.unreviewed }</option>
                        { for Conclusion::ALL.iter().map(|c| html! { <option value={c.as_str()}>{ c.label(lang) }</option> }) }
                    </select>
                    <input type="search" data-testid="desk-search" placeholder={t.search} aria-label={t.search} value={state.filter.search.clone()} oninput={on_search} />
                    { compare_button(state, &dispatch, lang) }
                    <span class="desk__count" data-testid="desk-count" data-shown={visible.len().to_string()} data-total={state.entries.len().to_string()}>
                        { format!("{} {} / {}", t.shown, visible.len(), state.entries.len()) }
                    </span>
                </div>
                <div class="desk__scroll">
                <table class="desk-table" data-testid="desk-table" ref={table_ref} data-windowed={window.windowed.to_string()} {onkeydown}>
                    <thead>
                        <tr>
                            { for Column::ALL.iter().zip(t.columns).map(|(column, label)| header(*column, label, state, &dispatch)) }
                            <th scope="col" class="desk-table__actions">{ t.actions }</th>
                        </tr>
                    </thead>
                    { chunks }
                </table>
                </div>
            }
            if let Some((left, right)) = state.compared().filter(|_| state.side_by_side) {
                <SideBySideView {left} {right} {lang} on_close={dispatch.reform(|()| DeskAction::SideBySide(false))}
                    on_swap={dispatch.reform(|()| DeskAction::SwapSides)} />
            }
        </section>
    }
}

/// A row's checkbox for side by side: whether it is picked, and whether it can be (two are already).
fn pick_of(state: &DeskState, id: u32) -> Pick {
    let picked = state.picked.contains(&id);
    Pick { picked, full: !picked && state.picked.len() >= 2 }
}

/// 并排比较: enabled when two evaluations are picked.
fn compare_button(state: &DeskState, dispatch: &Callback<DeskAction>, lang: Lang) -> Html {
    let t = texts(lang).side;
    let ready = state.compared().is_some();
    html! {
        <button type="button" class="button" data-testid="desk-compare" data-picked={state.picked.len().to_string()}
            disabled={!ready} title={t.compare_hint} onclick={dispatch.reform(|_| DeskAction::SideBySide(true))}>
            { format!("{}{}", t.compare, texts(lang).aside(format!("{} {}/2", t.picked, state.picked.len()))) }
        </button>
    }
}

#[derive(Clone, Copy)]
enum Export {
    Xlsx,
    Csv,
}

/// Downloads the rows shown (sorted and filtered as on the screen).
fn export(visible: &Rc<Vec<Rc<DeskEntry>>>, lang: Lang, kind: Export) -> Callback<MouseEvent> {
    let visible = visible.clone();
    Callback::from(move |_| {
        let lines: Vec<_> = visible.iter().map(|e| e.line(lang)).collect();
        let stem = format!("{}-{}", texts(lang).desk.file_stem, today());
        let done = match kind {
            Export::Xlsx => match crate::export::desk::desk_xlsx(&lines, lang) {
                Ok(bytes) => effects::download_bytes(&format!("{stem}.xlsx"), &bytes, crate::export::XLSX_MIME).is_ok(),
                Err(error) => {
                    let _ = web_sys::window().map(|w| w.alert_with_message(&error.message(lang)));
                    return;
                }
            },
            Export::Csv => {
                // A byte-order mark: Excel opens UTF-8 CSV as such only with one.
                let text = format!("\u{feff}{}", crate::export::desk::desk_csv(&lines, lang));
                effects::download(&format!("{stem}.csv"), &text, crate::export::CSV_MIME).is_ok()
            }
        };
        if !done {
            let _ = web_sys::window().map(|w| w.alert_with_message(texts(lang).desk.download_blocked));
        }
    })
}

/// Gives the row the keyboard focus and brings it into view.
fn focus_row(id: u32) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let row = document.query_selector(&format!("tr[data-entry=\"{id}\"]")).ok().flatten();
    if let Some(row) = row.and_then(|r| r.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = row.focus();
    }
}

fn header(column: Column, label: &'static str, state: &DeskState, dispatch: &Callback<DeskAction>) -> Html {
    let sort = match state.sort {
        Some(sort) if sort.column == column => {
            if sort.descending {
                "descending"
            } else {
                "ascending"
            }
        }
        _ => "none",
    };
    let arrow = match sort {
        "ascending" => " ▲",
        "descending" => " ▼",
        _ => "",
    };
    html! {
        <th scope="col" aria-sort={sort} class={format!("desk-table__{}", column.as_str())}>
            <button type="button" class="desk-table__sort" data-testid="desk-sort" data-column={column.as_str()}
                onclick={dispatch.reform(move |_| DeskAction::SortBy(column))}>{ label }{ arrow }</button>
            // On paper the name as text: print.css hides buttons, and Chromium paints none in the header
            // it repeats on each page.
            <span class="print-only">{ label }</span>
        </th>
    }
}

#[derive(Properties)]
pub struct DeskRowProps {
    pub entry: Rc<DeskEntry>,
    pub lang: Lang,
    pub focused: bool,
    pub dispatch: Callback<DeskAction>,
    pub on_open: Callback<u32>,
    pub pick: Pick,
}

/// A row's side-by-side checkbox: picked, or not pickable because two others are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pick {
    pub picked: bool,
    pub full: bool,
}

impl PartialEq for DeskRowProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.entry, &other.entry)
            && self.lang == other.lang
            && self.focused == other.focused
            && self.pick == other.pick
    }
}

#[function_component(DeskRow)]
pub fn desk_row(props: &DeskRowProps) -> Html {
    let entry = &props.entry;
    let lang = props.lang;
    let t = texts(lang).desk;
    let id = entry.id;
    let status = entry.status();
    let dash = || html! { <span class="desk-table__none">{ "—" }</span> };
    // The row focused (by a click, Tab, or a control inside it) is the one the arrows move from. Its
    // review pane opens below it and the pane above closes, which moves the row: from a pointer, only
    // once the click is done (a row moved between the press and the release misses the click).
    let pressed = use_mut_ref(|| false);
    let onpointerdown = {
        let pressed = pressed.clone();
        Callback::from(move |_: PointerEvent| *pressed.borrow_mut() = true)
    };
    let onfocusin = {
        let dispatch = props.dispatch.clone();
        let focused = props.focused;
        let pressed = pressed.clone();
        Callback::from(move |_: FocusEvent| {
            if !focused && !*pressed.borrow() {
                dispatch.emit(DeskAction::Focus(id));
            }
        })
    };
    // A press released outside the row (no click here) is over once the focus leaves it; a touch that
    // became a scroll, at once.
    let onfocusout = {
        let pressed = pressed.clone();
        Callback::from(move |_: FocusEvent| *pressed.borrow_mut() = false)
    };
    let onpointercancel = {
        let pressed = pressed.clone();
        Callback::from(move |_: PointerEvent| *pressed.borrow_mut() = false)
    };
    let onclick = {
        let dispatch = props.dispatch.clone();
        let focused = props.focused;
        Callback::from(move |e: MouseEvent| {
            *pressed.borrow_mut() = false;
            // Not for the side-by-side checkbox (picking is not reviewing) nor the conclusion's select,
            // whose choice focuses the row (a click that opens its list would move it under the list).
            let on_control = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|t| t.class_name() == "desk-pick" || t.closest("select").ok().flatten().is_some());
            if !focused && !on_control {
                dispatch.emit(DeskAction::Focus(id));
            }
        })
    };
    let on_open = props.on_open.reform(move |_: MouseEvent| id);
    let on_pick = props.dispatch.reform(move |e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        DeskAction::Pick { id, picked: input.checked() }
    });
    let on_download = {
        let entry = entry.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(assessed) = entry.assessed() {
                let name = entry.download_name();
                let _ = effects::download(&name, &format::to_json(&assessed.evaluation), "application/json");
            }
        })
    };
    let on_conclusion = {
        let dispatch = props.dispatch.clone();
        let focused = props.focused;
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let conclusion = Conclusion::parse(&select.value());
            // The row concluded shows its review: the opinions the record starts with are seen.
            if !focused {
                dispatch.emit(DeskAction::Focus(id));
            }
            dispatch.emit(DeskAction::SetConclusion { id, conclusion, today: today(), lang });
        })
    };
    let conclusion = entry.conclusion().map(|c| c.as_str().to_string()).unwrap_or_default();
    let conclusion_select = super::use_select_value(conclusion.clone());
    let finding = entry.finding(lang);
    let flags: Vec<String> = entry.flags.iter().map(|f| f.message(lang)).collect();
    let cells = match entry.row() {
        Some(row) => html! { <>
            <td class="desk-table__unit">{ row.unit.clone() }</td>
            <td class="desk-table__year">{ row.year.map_or_else(|| "—".to_string(), |y| y.to_string()) }</td>
            <td class="desk-table__number" data-testid="desk-total" data-value={format_exact(row.computed)}>{ row.computed_display() }</td>
            <td class="desk-table__number" data-testid="desk-reported" data-value={row.reported.map(format_exact).unwrap_or_default()}>
                { row.reported.map_or_else(dash, |r| html! { format_fixed(r, row.display_decimals) }) }
            </td>
            <td class="desk-table__number" data-testid="desk-difference" data-value={row.difference.map(format_exact).unwrap_or_default()}>
                { row.difference.map_or_else(dash, |d| html! { format_fixed_signed(d, row.display_decimals) }) }
            </td>
            <td class={classes!("desk-table__grade", row.provisional().then_some("desk-table__grade--provisional"))} data-testid="desk-grade"
                data-grade={row.grade.clone()} data-provisional={row.provisional().to_string()} title={row.provisional().then(|| row.grade_text(lang))}>
                { grade_name(&row.grade, lang).to_string() }
                if row.provisional() { <small>{ format!(" ({})", t.provisional) }</small> }
            </td>
            <td class="desk-table__number" data-testid="desk-execution" data-value={row.execution_rate.map(format_exact).unwrap_or_default()}>
                { row.execution_rate.map_or_else(dash, |r| html! { format!("{}%", format_short(r)) }) }
            </td>
            <td class="desk-table__number" data-testid="desk-errors" data-value={row.errors.to_string()}>{ row.errors }</td>
            <td class="desk-table__number" data-testid="desk-warnings" data-value={row.warnings.to_string()}>{ row.warnings }</td>
            <td>
                // Its title: the conclusion whole where the column cuts it (returned for correction, at 1366 px).
                <select data-testid="desk-conclusion" aria-label={t.columns[10]} onchange={on_conclusion} ref={conclusion_select}
                    title={entry.conclusion().map(|c| c.label(lang))}
                    class={format!("desk-conclusion desk-conclusion--{}", if conclusion.is_empty() { "none" } else { &conclusion })}>
                    <option value="" selected={conclusion.is_empty()}>{ t.not_reviewed }</option>
                    { for Conclusion::ALL.iter().map(|c| html! {
                        <option value={c.as_str()} selected={conclusion == c.as_str()}>{ c.label(lang) }</option>
                    }) }
                </select>
            </td>
        </> },
        None => html! { <>
            { for (0..9).map(|_| html! { <td>{ dash() }</td> }) }
            <td>{ dash() }</td>
        </> },
    };
    html! { <>
        <tr class={classes!("desk-row", format!("desk-row--{}", status.as_str()), props.focused.then_some("desk-row--focused"))}
            data-testid="desk-row" data-file={entry.file_name.clone()} data-status={status.as_str()} data-entry={id.to_string()}
            data-conclusion={conclusion.clone()} tabindex="0" aria-selected={props.focused.to_string()}
            {onpointerdown} {onpointercancel} {onfocusin} {onfocusout} {onclick}>
            <th scope="row" class="desk-table__file">
                if entry.assessed().is_some() {
                    <input type="checkbox" class="desk-pick" data-testid="desk-pick" checked={props.pick.picked} disabled={props.pick.full}
                        aria-label={format!("{}{}", texts(lang).side.pick, entry.file_name)} title={texts(lang).side.compare_hint}
                        onchange={on_pick} />
                }
                { entry.file_name.clone() }
            </th>
            { cells }
            <td class="desk-table__finding" data-testid="desk-finding">
                { for flags.iter().map(|f| html! { <span class="desk-flag" data-testid="desk-flag">{ f.clone() }</span> }) }
                { finding }
            </td>
            <td class="desk-table__actions">
                if entry.assessed().is_some() {
                    <button type="button" class="button button--small" data-testid="desk-open" onclick={on_open}>{ t.open }</button>
                    <button type="button" class="button button--small" data-testid="desk-download" onclick={on_download}>{ t.download }</button>
                }
            </td>
        </tr>
        if props.focused && entry.assessed().is_some() {
            <DeskReview entry={entry.clone()} {lang} dispatch={props.dispatch.clone()} />
        }
    </> }
}

#[derive(Properties)]
pub struct DeskReviewProps {
    pub entry: Rc<DeskEntry>,
    pub lang: Lang,
    pub dispatch: Callback<DeskAction>,
}

impl PartialEq for DeskReviewProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.entry, &other.entry) && self.lang == other.lang
    }
}

/// The focused row's review: its opinions (generated, then as edited) and the date.
#[function_component(DeskReview)]
pub fn desk_review(props: &DeskReviewProps) -> Html {
    let lang = props.lang;
    let t = texts(lang).desk;
    let id = props.entry.id;
    let record = props.entry.record();
    // What the reviewer typed, kept as typed (the record keeps its lines trimmed, and a space or a new
    // line at the end would vanish under the cursor); shown while it still says what the record says.
    let typed = use_state(String::new);
    let recorded = props.entry.opinions_text(lang);
    let shown = if opinion_lines(&typed) == opinion_lines(&recorded) { (*typed).clone() } else { recorded };
    let on_opinions = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            typed.set(area.value());
            dispatch.emit(DeskAction::SetOpinions { id, text: area.value(), today: today(), lang });
        })
    };
    let on_date = props.dispatch.reform(move |e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        DeskAction::SetDate { id, date: input.value(), lang }
    });
    html! {
        <tr class="desk-review" data-testid="desk-review">
            // Every column (the 12 and the actions): a wider span would add a column and move them all.
            <td colspan={(Column::ALL.len() + 1).to_string()}>
                <div class="desk-review__body">
                    <label class="desk-review__opinions">{ t.opinions }
                        <textarea data-testid="desk-opinions" rows="6" value={shown} oninput={on_opinions}></textarea>
                    </label>
                    <div class="desk-review__side">
                        <label>{ t.date }
                            <input type="date" data-testid="desk-date" value={record.map(|r| r.date.clone()).unwrap_or_default()} onchange={on_date} />
                        </label>
                        if let Some(record) = record.filter(|r| !r.reviewer.is_empty()) {
                            <p class="desk-review__reviewer" data-testid="desk-review-reviewer">{ format!("{}{}{}", t.reviewer, texts(lang).colon, record.reviewer) }</p>
                        }
                    </div>
                </div>
            </td>
        </tr>
    }
}
