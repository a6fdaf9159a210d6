//! Everything the app does to the browser besides drawing: storage, downloads, reading files.
//! Each function reports failure as a value; none of them panics when an API is missing or refuses.

use wasm_bindgen::JsCast;
use web_sys::Storage;

use crate::app::state::{Autosaved, BaselineKind, Source};
use crate::domain::{Evaluation, Lang};
use crate::format::{self, LoadError};

const AUTOSAVE_KEY: &str = "jixiao.autosave";
const LANG_KEY: &str = "jixiao.lang";
/// Beside the autosave: the baseline the work is compared with, and a mark that the work as
/// autosaved was saved to a file. They go with it (`clear_autosave`).
const AUTOSAVE_BASELINE_KEY: &str = "jixiao.autosave.baseline";
const AUTOSAVE_SAVED_KEY: &str = "jixiao.autosave.saved";
/// The scenario shown (its index), so that a reload opens the work where it was.
const AUTOSAVE_SCENARIO_KEY: &str = "jixiao.autosave.scenario";
/// Where the work started from (`Source::to_key`), so that discarding it returns there.
const AUTOSAVE_ORIGIN_KEY: &str = "jixiao.autosave.origin";
/// What the baseline beside the autosave is (`BaselineKind::as_str`): the file as opened, one pinned,
/// or none yet (a blank template), so that a reload names it as before.
const AUTOSAVE_BASELINE_KIND_KEY: &str = "jixiao.autosave.baseline-kind";

/// Why something could not be kept in the browser.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageError {
    /// Storage is disabled (private mode, policy) or absent.
    Unavailable,
    /// The write was refused, most often because the quota is full.
    WriteFailed,
}

fn storage() -> Result<Storage, StorageError> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten()).ok_or(StorageError::Unavailable)
}

pub fn save_autosave(evaluation: &Evaluation) -> Result<(), StorageError> {
    storage()?.set_item(AUTOSAVE_KEY, &format::to_json(evaluation)).map_err(|_| StorageError::WriteFailed)
}

/// The baseline beside the autosave. A refused write removes the old one, so that it is never
/// paired with newer work; the work itself is already kept.
pub fn save_autosave_baseline(evaluation: &Evaluation) -> Result<(), StorageError> {
    let storage = storage()?;
    storage.set_item(AUTOSAVE_BASELINE_KEY, &format::to_json(evaluation)).map_err(|_| {
        let _ = storage.remove_item(AUTOSAVE_BASELINE_KEY);
        StorageError::WriteFailed
    })
}

/// Which scenario is shown, beside the autosave (None: the file's own inputs).
pub fn set_autosave_scenario(scenario: Option<usize>) {
    if let Ok(storage) = storage() {
        let _ = match scenario {
            Some(i) => storage.set_item(AUTOSAVE_SCENARIO_KEY, &i.to_string()),
            None => storage.remove_item(AUTOSAVE_SCENARIO_KEY),
        };
    }
}

/// Where the autosaved work started from.
pub fn set_autosave_origin(origin: &Source) {
    if let (Ok(storage), Some(key)) = (storage(), origin.to_key()) {
        let _ = storage.set_item(AUTOSAVE_ORIGIN_KEY, &key);
    }
}

/// What the baseline beside the autosave is.
pub fn set_autosave_baseline_kind(kind: BaselineKind) {
    if let Ok(storage) = storage() {
        let _ = storage.set_item(AUTOSAVE_BASELINE_KIND_KEY, kind.as_str());
    }
}

/// Marks the autosaved work as saved to a file (or not, once it changes again).
pub fn set_autosave_saved(saved: bool) {
    if let Ok(storage) = storage() {
        let _ = if saved { storage.set_item(AUTOSAVE_SAVED_KEY, "1") } else { storage.remove_item(AUTOSAVE_SAVED_KEY) };
    }
}

/// The autosaved work, if there is any; a damaged autosave is reported like a damaged file. A
/// damaged baseline is only dropped: the work is then its own baseline.
pub fn load_autosave() -> Option<Result<Autosaved, LoadError>> {
    let storage = storage().ok()?;
    let text = storage.get_item(AUTOSAVE_KEY).ok().flatten()?;
    let document = match format::load_str(&text) {
        Ok(document) => document,
        Err(error) => return Some(Err(error)),
    };
    let baseline = storage.get_item(AUTOSAVE_BASELINE_KEY).ok().flatten().and_then(|t| format::load_str(&t).ok());
    let saved = storage.get_item(AUTOSAVE_SAVED_KEY).ok().flatten().is_some();
    let scenario = storage.get_item(AUTOSAVE_SCENARIO_KEY).ok().flatten().and_then(|i| i.parse().ok());
    let origin = storage.get_item(AUTOSAVE_ORIGIN_KEY).ok().flatten().and_then(|k| Source::from_key(&k));
    let baseline_kind =
        storage.get_item(AUTOSAVE_BASELINE_KIND_KEY).ok().flatten().and_then(|k| BaselineKind::from_key(&k));
    Some(Ok(Autosaved { document, baseline, saved, scenario, origin, baseline_kind }))
}

/// Calls `then` whenever another tab of this page writes the autosave (the browser's `storage`
/// event, which never fires in the tab that wrote). Dropping the listener stops it.
pub fn on_autosave_written_elsewhere(then: impl Fn() + 'static) -> Option<gloo::events::EventListener> {
    let window = web_sys::window()?;
    Some(gloo::events::EventListener::new(&window, "storage", move |event| {
        let Some(event) = event.dyn_ref::<web_sys::StorageEvent>() else { return };
        // A removal (discarding the restored work) overwrites nothing; a write does.
        if event.key().as_deref() == Some(AUTOSAVE_KEY) && event.new_value().is_some() {
            then();
        }
    }))
}

pub fn clear_autosave() {
    if let Ok(storage) = storage() {
        for key in [
            AUTOSAVE_KEY,
            AUTOSAVE_BASELINE_KEY,
            AUTOSAVE_SAVED_KEY,
            AUTOSAVE_SCENARIO_KEY,
            AUTOSAVE_ORIGIN_KEY,
            AUTOSAVE_BASELINE_KIND_KEY,
        ] {
            let _ = storage.remove_item(key);
        }
    }
}

pub fn load_lang() -> Option<Lang> {
    Lang::from_code(&storage().ok()?.get_item(LANG_KEY).ok().flatten()?)
}

pub fn save_lang(lang: Lang) {
    if let Ok(storage) = storage() {
        let _ = storage.set_item(LANG_KEY, lang.code());
    }
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", if lang == Lang::Zh { "zh-CN" } else { "en" });
    }
}

pub fn set_title(title: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(title);
    }
}

/// The browser would not start a download (no document, or Blob/URL refused).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DownloadBlocked;

/// Offers `text` as a download named `file_name`.
pub fn download(file_name: &str, text: &str, mime: &str) -> Result<(), DownloadBlocked> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|_| DownloadBlocked)?;
    click_download(file_name, &blob)
}

/// Offers `bytes` (an exported workbook) as a download named `file_name`.
pub fn download_bytes(file_name: &str, bytes: &[u8], mime: &str) -> Result<(), DownloadBlocked> {
    // Copied into a JS Uint8Array: the Blob must not point into wasm memory, which may move.
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(|_| DownloadBlocked)?;
    click_download(file_name, &blob)
}

/// Opens the browser's print dialog (to paper or to PDF), laid out by styles/print.css. A browser
/// without one (some embedded views) does nothing.
pub fn print() {
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
}

fn click_download(file_name: &str, blob: &web_sys::Blob) -> Result<(), DownloadBlocked> {
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(|_| DownloadBlocked)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or(DownloadBlocked)?;
    let anchor: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(|_| DownloadBlocked)?.dyn_into().map_err(|_| DownloadBlocked)?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    // Firefox only follows a click on an anchor that is in the document.
    let body = document.body().ok_or(DownloadBlocked)?;
    let _ = body.append_child(&anchor);
    anchor.click();
    let _ = body.remove_child(&anchor);
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Clicks the element with this `data-testid` (a button that opens another's picker).
pub fn click_testid(testid: &str) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(&format!("[data-testid=\"{testid}\"]")).ok().flatten());
    if let Some(element) = element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        element.click();
    }
}

const WELCOMED_KEY: &str = "jixiao.welcomed";

/// Whether the first visit's welcome was closed (in this browser).
pub fn welcomed() -> bool {
    storage().ok().and_then(|s| s.get_item(WELCOMED_KEY).ok().flatten()).is_some()
}

pub fn set_welcomed() {
    if let Ok(storage) = storage() {
        let _ = storage.set_item(WELCOMED_KEY, "1");
    }
}

/// Asks before throwing away unsaved work.
pub fn confirm(message: &str) -> bool {
    web_sys::window().and_then(|w| w.confirm_with_message(message).ok()).unwrap_or(true)
}

/// The element that has the focus (none when it is the page itself), to give it back later.
pub fn focused_element() -> Option<web_sys::HtmlElement> {
    let document = web_sys::window()?.document()?;
    let active = document.active_element()?;
    if document.body().is_some_and(|body| body.is_same_node(Some(&active))) {
        return None;
    }
    active.dyn_into().ok()
}

/// Gives the focus back when a dialog closes, once the page has drawn what closing it changed: to
/// `previous` while it is still on the page, else to the element with the test id `fallback`. Without
/// this the focus falls to the page's body and a keyboard user starts again from the top.
pub fn restore_focus(previous: Option<web_sys::HtmlElement>, fallback: &'static str) {
    gloo::timers::callback::Timeout::new(0, move || {
        let still_there = previous.filter(|element| element.is_connected());
        let target = still_there.or_else(|| {
            let document = web_sys::window()?.document()?;
            let element = document.query_selector(&format!("[data-testid=\"{fallback}\"]")).ok()??;
            element.dyn_into().ok()
        });
        if let Some(target) = target {
            let _ = target.focus();
        }
    })
    .forget();
}

/// Moves focus to the next element marked `data-enter-next` after `from`, as Enter does in a sheet.
pub fn focus_next_input(from: &web_sys::Element) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    // Down the column it is in, as a sheet's Enter: names to names, targets to targets, actuals to
    // actuals (the mark's value names the column).
    let column = from.get_attribute("data-enter-next").unwrap_or_default().replace(['"', '\\'], "");
    let Ok(list) = document.query_selector_all(&format!("[data-enter-next=\"{column}\"]:not(:disabled)")) else {
        return;
    };
    let inputs: Vec<web_sys::HtmlElement> =
        (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into().ok()).collect();
    if let Some(position) = inputs.iter().position(|el| el.is_same_node(Some(from))) {
        if let Some(next) = inputs.get(position + 1) {
            let _ = next.focus();
            // As Tab does and a sheet's Enter: what is typed next replaces the cell, not appends to it.
            if let Some(input) = next.dyn_ref::<web_sys::HtmlInputElement>() {
                input.select();
            }
        }
    }
}

/// Scrolls a node's or indicator's row into view once the table has drawn it, and flashes it.
pub fn jump_to_row(id: &str, indicator: bool) {
    // The year (no row: its owner is "") is the heading's box above the table.
    let selector = if id.is_empty() {
        "[data-testid=\"whose\"]".to_string()
    } else if indicator {
        format!("[data-testid=\"indicator\"][data-indicator-id=\"{}\"]", id.replace('"', "\\\""))
    } else {
        format!("[data-testid=\"node\"][data-node-id=\"{}\"]", id.replace('"', "\\\""))
    };
    // After the reveal re-renders the table: the next task, not this one.
    gloo::timers::callback::Timeout::new(0, move || {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        let Ok(Some(row)) = document.query_selector(&selector) else { return };
        row.scroll_into_view();
        let _ = row.class_list().add_1("score-table__row--flash");
        // The cell that needs the user, if one is marked so; else the row's first input.
        let invalid = row.query_selector("[aria-invalid=\"true\"]").ok().flatten();
        if let Some(input) = invalid.or_else(|| row.query_selector("input, select, button").ok().flatten()) {
            if let Ok(input) = input.dyn_into::<web_sys::HtmlElement>() {
                let _ = input.focus();
            }
        }
        gloo::timers::callback::Timeout::new(1600, move || {
            let _ = row.class_list().remove_1("score-table__row--flash");
        })
        .forget();
    })
    .forget();
}

/// Asks for a name (a scenario's); None when the user cancels.
pub fn prompt(message: &str, default: &str) -> Option<String> {
    web_sys::window()?.prompt_with_message_and_default(message, default).ok().flatten()
}

thread_local! {
    /// `next_task`'s channel, made once, and the futures waiting on it (each message wakes the oldest).
    static NEXT_TASK: Option<(web_sys::MessageChannel, std::rc::Rc<std::cell::RefCell<std::collections::VecDeque<js_sys::Function>>>)> = {
        let channel = web_sys::MessageChannel::new().ok()?;
        let waiting: std::rc::Rc<std::cell::RefCell<std::collections::VecDeque<js_sys::Function>>> = Default::default();
        let wake = {
            let waiting = waiting.clone();
            wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
                let next = waiting.borrow_mut().pop_front();
                if let Some(resolve) = next {
                    let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
                }
            })
        };
        channel.port1().set_onmessage(Some(wake.as_ref().unchecked_ref()));
        // Lives as long as the page: the channel is made once.
        wake.forget();
        Some((channel, waiting))
    };
}

/// Gives the browser its turn (input, drawing) and resumes in a task of its own. A message to
/// itself, not `setTimeout(0)`: a timer set from a timer waits at least 4 ms once nested five deep,
/// which a long reading's hundreds of yields would add up to seconds idle.
pub async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let posted = NEXT_TASK.with(|channel| {
            let (channel, waiting) = channel.as_ref()?;
            // Delivered in a later task: queued after posting, so a failed post leaves nothing queued.
            channel.port2().post_message(&wasm_bindgen::JsValue::NULL).ok()?;
            waiting.borrow_mut().push_back(resolve.clone());
            Some(())
        });
        if posted.is_none() {
            // No channel: at once (never hangs).
            let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
