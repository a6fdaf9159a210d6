//! The page's side of the import worker (`src/bin/import_worker.rs`): `read_workbook(name, bytes,
//! done)` (or `read_pasted_table(text, done)`, a whole table pasted) reads a workbook off the page's thread and calls `done` with the evaluation, loaded through
//! the one load path (`format::load`, from the file text the worker wrote), and the import report, or
//! with why it could not. No Yew here: the reviewer's desk reads its workbooks through this too.
//!
//! The worker (and calamine in it) is fetched the first time a workbook is read, never with the page.
//! Requests wait until it says it is ready; one worker serves them all, one after another. A worker
//! that cannot start (the single-file build opened from disk has no worker file) or that dies fails
//! every request waiting, with `WorkbookError::NoWorker` or `Crashed`; the next request tries again.

use std::cell::RefCell;
use std::collections::BTreeMap;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Worker};

use crate::domain::{Evaluation, Lang};
use crate::format::{self, LoadError};
use crate::import::wire::{self, Reply};
use crate::import::ImportReport;

/// The worker's loader (import_loader.js, copied by Trunk beside index.html): it starts the worker
/// binary, whose files keep their names (no hash), and turns a failure to start into an `error` event.
const WORKER_SCRIPT: &str = "./import_loader.js";

/// A workbook read.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkbookRead {
    pub file_name: String,
    /// A whole table pasted as text (`read_pasted_table`), not a workbook opened.
    pub pasted: bool,
    pub evaluation: Evaluation,
    pub report: ImportReport,
}

/// Why a workbook was not read.
#[derive(Clone, Debug, PartialEq)]
pub enum WorkbookError {
    /// The reader refused the workbook: `ImportError`'s code and message (naming the file).
    Refused { code: String, zh: String, en: String },
    /// The worker could not start: the single-file build from disk, or its files missing.
    NoWorker,
    /// The worker stopped while it read (a bug in the reader: the page is unharmed).
    Crashed,
    /// The worker's file text did not load (never expected: the worker writes it with `format::to_json`).
    Load(LoadError),
}

impl WorkbookError {
    /// The reader's message; `None` for the cases the page words itself (`NoWorker`, `Load`).
    pub fn refusal(&self, lang: Lang) -> Option<&str> {
        match self {
            WorkbookError::Refused { zh, en, .. } => Some(lang.pick(zh, en)),
            _ => None,
        }
    }
}

type Done = Box<dyn FnOnce(Result<WorkbookRead, WorkbookError>)>;

struct Request {
    id: u32,
    file_name: String,
    what: What,
}

/// What the worker reads.
enum What {
    Workbook(Vec<u8>),
    /// A whole table's clipboard text.
    Pasted(String),
}

/// A request waiting for its answer.
struct Waiting {
    file_name: String,
    pasted: bool,
    done: Done,
}

/// The one worker, its handlers, and the requests it has not answered.
struct Reader {
    worker: Worker,
    ready: bool,
    /// Sent once the worker is ready.
    queued: Vec<Request>,
    waiting: BTreeMap<u32, Waiting>,
    next_id: u32,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

thread_local! {
    static READER: RefCell<Option<Reader>> = const { RefCell::new(None) };
}

/// Reads a workbook's bytes in the worker; `done` is called once, later (never before this returns).
pub fn read_workbook(
    file_name: String,
    bytes: Vec<u8>,
    done: impl FnOnce(Result<WorkbookRead, WorkbookError>) + 'static,
) {
    request(file_name, What::Workbook(bytes), Box::new(done));
}

/// Reads a whole table pasted from a spreadsheet (`import::is_whole_table`) in the worker, by the
/// workbook's reader; `done` as `read_workbook`'s, its `file_name` `import::PASTED_NAME`.
pub fn read_pasted_table(text: String, done: impl FnOnce(Result<WorkbookRead, WorkbookError>) + 'static) {
    request(crate::import::PASTED_NAME.to_string(), What::Pasted(text), Box::new(done));
}

fn request(file_name: String, what: What, done: Done) {
    let pasted = matches!(what, What::Pasted(_));
    // Sent once the reader is no longer borrowed (a failed send takes its request back out).
    let outcome = READER.with(|reader| {
        let mut reader = reader.borrow_mut();
        if reader.is_none() {
            *reader = start();
        }
        let Some(reader) = reader.as_mut() else { return Err(done) };
        let id = reader.next_id;
        reader.next_id = reader.next_id.wrapping_add(1);
        reader.waiting.insert(id, Waiting { file_name: file_name.clone(), pasted, done });
        let request = Request { id, file_name, what };
        if reader.ready {
            return Ok(Some((reader.worker.clone(), request)));
        }
        reader.queued.push(request);
        Ok(None)
    });
    match outcome {
        Ok(Some((worker, request))) => send(&worker, request),
        Ok(None) => {}
        // Answered as the worker would have been: later, never from inside the caller.
        Err(done) => later(move || done(Err(WorkbookError::NoWorker))),
    }
}

/// Whether a worker is running and ready (the benchmark waits for it before it times an import).
pub fn worker_ready() -> bool {
    READER.with(|reader| reader.borrow().as_ref().is_some_and(|r| r.ready))
}

fn start() -> Option<Reader> {
    // A page from disk (file://) may not start a worker at all: the constructor throws.
    let worker = Worker::new(WORKER_SCRIPT).ok()?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        if let Some(reply) = event.data().as_string().as_deref().and_then(Reply::from_json) {
            answered(reply);
        }
    });
    // The worker's script not found or not allowed, or the worker died (a trap in its wasm).
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(|event: web_sys::Event| {
        event.prevent_default();
        stopped();
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Some(Reader {
        worker,
        ready: false,
        queued: Vec::new(),
        waiting: BTreeMap::new(),
        next_id: 1,
        _on_message: on_message,
        _on_error: on_error,
    })
}

fn send(worker: &Worker, request: Request) {
    let message = js_sys::Object::new();
    let set = |name: &str, value: &JsValue| js_sys::Reflect::set(&message, &JsValue::from_str(name), value);
    let sent = set(wire::ID, &JsValue::from(request.id)).is_ok()
        && match &request.what {
            What::Workbook(bytes) => {
                let buffer = js_sys::Uint8Array::from(bytes.as_slice()).buffer();
                // The buffer moves to the worker instead of being copied.
                set(wire::NAME, &JsValue::from_str(&request.file_name)).is_ok()
                    && set(wire::BYTES, &buffer).is_ok()
                    && worker.post_message_with_transfer(&message, &js_sys::Array::of1(&buffer)).is_ok()
            }
            What::Pasted(text) => {
                set(wire::TEXT, &JsValue::from_str(text)).is_ok() && worker.post_message(&message).is_ok()
            }
        };
    if !sent {
        let done = READER.with(|reader| reader.borrow_mut().as_mut().and_then(|r| r.waiting.remove(&request.id)));
        if let Some(Waiting { done, .. }) = done {
            later(move || done(Err(WorkbookError::NoWorker)));
        }
    }
}

fn answered(reply: Reply) {
    if reply == Reply::Ready {
        let queued = READER.with(|reader| {
            let mut reader = reader.borrow_mut();
            let Some(reader) = reader.as_mut() else { return Vec::new() };
            reader.ready = true;
            std::mem::take(&mut reader.queued).into_iter().map(|r| (reader.worker.clone(), r)).collect::<Vec<_>>()
        });
        for (worker, request) in queued {
            send(&worker, request);
        }
        return;
    }
    let Some(id) = reply.id() else { return };
    // Taken out before it is called: `done` may read another workbook.
    let Some(Waiting { file_name, pasted, done }) =
        READER.with(|reader| reader.borrow_mut().as_mut().and_then(|r| r.waiting.remove(&id)))
    else {
        return;
    };
    done(match reply {
        Reply::Read { file, report, .. } => match format::load(file.as_bytes()) {
            Ok(evaluation) => Ok(WorkbookRead { file_name, pasted, evaluation, report }),
            Err(error) => Err(WorkbookError::Load(error)),
        },
        Reply::Refused { code, zh, en, .. } => Err(WorkbookError::Refused { code, zh, en }),
        Reply::Ready => return,
    });
}

/// The worker failed: every request waiting fails, and the next starts a new worker.
fn stopped() {
    let Some(Reader { worker, ready, waiting, _on_message, _on_error, .. }) =
        READER.with(|reader| reader.borrow_mut().take())
    else {
        return;
    };
    worker.terminate();
    // The handlers are freed after this one returns (a closure may not free itself while it runs).
    later(move || drop((_on_message, _on_error)));
    for Waiting { done, .. } in waiting.into_values() {
        done(Err(if ready { WorkbookError::Crashed } else { WorkbookError::NoWorker }));
    }
}

fn later(f: impl FnOnce() + 'static) {
    gloo::timers::callback::Timeout::new(0, f).forget();
}
