//! The desk kept in the browser across reloads: IndexedDB (through the `idb` crate), one record per
//! entry keyed by its id, holding its name and the bytes that read back into it (`read_bytes`): the
//! evaluation as saved now (with its review), or a file that did not load as it came. localStorage
//! (5 MB) would hold a few dozen evaluations; a desk holds hundreds.
//!
//! The reviewer's name is a few bytes and lives in localStorage beside the calculator's settings.

use idb::{Database, DatabaseEvent, Factory, ObjectStoreParams, TransactionMode};
use wasm_bindgen::{JsCast, JsValue};

use super::{read_evaluation, Arrived, Body, DeskEntry, StorageProblem};
use crate::format;

const DATABASE: &str = "jixiao-desk";
const ENTRIES: &str = "entries";
const REVIEWER_KEY: &str = "jixiao.desk.reviewer";
/// The entry open in the calculator (`id` TAB `name`), beside the calculator's autosave: a reload
/// restores the work and, with it, the way back to the desk.
const OPENED_KEY: &str = "jixiao.desk.opened";

/// One entry as kept: its id, name, and what to read back (`None`: the browser could not read it).
pub struct Kept {
    pub id: u32,
    pub name: String,
    pub bytes: Option<Vec<u8>>,
    /// For a file kept without its bytes: its size, to say it was too large.
    pub size: Option<usize>,
    /// A workbook the import worker refused: its message (Chinese, English).
    pub refused: Option<(String, String)>,
    /// Its review was written before its evaluation changed (`DeskEntry::review_stale`).
    pub review_stale: bool,
    /// Changed in the calculator (`DeskEntry::edited`).
    pub edited: bool,
}

impl Kept {
    /// The entry back, read as it was first read.
    pub fn arrived(&self) -> Arrived {
        Arrived { review_stale: self.review_stale, edited: self.edited, ..self.read_back() }
    }

    fn read_back(&self) -> Arrived {
        match (&self.bytes, self.size) {
            // A workbook the worker read is kept as its evaluation file: read back without the worker.
            (Some(bytes), _)
                if !crate::import::looks_like_workbook(bytes) && crate::import::is_workbook(&self.name, bytes) =>
            {
                Arrived::of(&self.name, read_evaluation(bytes))
            }
            (Some(bytes), _) => Arrived::read(&self.name, bytes),
            (None, _) if self.refused.is_some() => {
                let (zh, en) = self.refused.clone().unwrap_or_default();
                Arrived::of(&self.name, Body::WorkbookRefused { zh, en })
            }
            (None, Some(size)) if size > 0 => {
                Arrived::of(&self.name, Body::Unreadable(format::LoadError::too_large(size)))
            }
            (None, Some(_)) => Arrived::of(&self.name, Body::Workbook),
            (None, None) => Arrived::of(&self.name, Body::ReadFailed),
        }
    }
}

pub async fn open() -> Result<Database, StorageProblem> {
    let factory = Factory::new().map_err(|_| StorageProblem::Unavailable)?;
    let mut request = factory.open(DATABASE, Some(1)).map_err(|_| StorageProblem::Unavailable)?;
    request.on_upgrade_needed(|event| {
        if let Ok(database) = event.database() {
            let _ = database.create_object_store(ENTRIES, ObjectStoreParams::new());
        }
    });
    request.await.map_err(|_| StorageProblem::Unavailable)
}

/// Every entry kept, in the order of their ids.
pub async fn load(database: &Database) -> Result<Vec<Kept>, StorageProblem> {
    let unavailable = |_| StorageProblem::Unavailable;
    let transaction = database.transaction(&[ENTRIES], TransactionMode::ReadOnly).map_err(unavailable)?;
    let store = transaction.object_store(ENTRIES).map_err(unavailable)?;
    let keys = store.get_all_keys(None, None).map_err(unavailable)?.await.map_err(unavailable)?;
    let values = store.get_all(None, None).map_err(unavailable)?.await.map_err(unavailable)?;
    let get = |value: &JsValue, field: &str| js_sys::Reflect::get(value, &field.into()).ok();
    let mut kept: Vec<Kept> = keys
        .iter()
        .zip(values.iter())
        .filter_map(|(key, value)| {
            let id = key.as_f64()? as u32;
            let name = get(value, "name")?.as_string()?;
            let bytes = get(value, "bytes").and_then(|b| b.dyn_into::<js_sys::Uint8Array>().ok()).map(|b| b.to_vec());
            let size = get(value, "size").and_then(|s| s.as_f64()).map(|s| s as usize);
            let text = |field: &str| get(value, field).and_then(|t| t.as_string());
            let refused = text("refusedZh").zip(text("refusedEn"));
            let review_stale = get(value, "reviewStale").is_some_and(|s| s.is_truthy());
            let edited = get(value, "edited").is_some_and(|s| s.is_truthy());
            Some(Kept { id, name, bytes, size, refused, review_stale, edited })
        })
        .collect();
    kept.sort_by_key(|k| k.id);
    Ok(kept)
}

/// What an entry is kept as.
fn record(entry: &DeskEntry) -> JsValue {
    let object = js_sys::Object::new();
    let set = |field: &str, value: &JsValue| {
        let _ = js_sys::Reflect::set(&object, &field.into(), value);
    };
    set("name", &entry.file_name.as_str().into());
    if entry.review_stale {
        set("reviewStale", &JsValue::TRUE);
    }
    if entry.edited {
        set("edited", &JsValue::TRUE);
    }
    match &entry.body {
        Body::Evaluated(assessed) => {
            set("bytes", &js_sys::Uint8Array::from(format::to_json(&assessed.evaluation).as_bytes()).into())
        }
        Body::NotEvaluation(_) | Body::Unreadable(_) => {
            match entry.original.as_deref() {
                Some(bytes) => set("bytes", &js_sys::Uint8Array::from(bytes).into()),
                // Refused before it was read: too large.
                None => set("size", &JsValue::from_f64((format::MAX_FILE_BYTES + 1) as f64)),
            }
        }
        Body::Workbook => set("size", &JsValue::from_f64(0.0)),
        Body::WorkbookRefused { zh, en } => {
            set("refusedZh", &zh.as_str().into());
            set("refusedEn", &en.as_str().into());
        }
        Body::ReadFailed => {}
    }
    object.into()
}

/// Writes the entries given, in one transaction.
pub async fn put(database: &Database, entries: &[std::rc::Rc<DeskEntry>]) -> Result<(), StorageProblem> {
    // Whatever the browser says (QuotaExceededError most often), the desk was not kept.
    let write = |_| StorageProblem::Full;
    let transaction = database.transaction(&[ENTRIES], TransactionMode::ReadWrite).map_err(write)?;
    let store = transaction.object_store(ENTRIES).map_err(write)?;
    for entry in entries {
        store.put(&record(entry), Some(&JsValue::from_f64(f64::from(entry.id)))).map_err(write)?;
    }
    match transaction.await.map_err(write)? {
        idb::TransactionResult::Committed => Ok(()),
        idb::TransactionResult::Aborted => Err(StorageProblem::Full),
    }
}

pub async fn clear(database: &Database) -> Result<(), StorageProblem> {
    let problem = |_| StorageProblem::Full;
    let transaction = database.transaction(&[ENTRIES], TransactionMode::ReadWrite).map_err(problem)?;
    let store = transaction.object_store(ENTRIES).map_err(problem)?;
    store.clear().map_err(problem)?.await.map_err(problem)?;
    transaction.await.map(|_| ()).map_err(problem)
}

pub fn load_reviewer() -> String {
    storage().and_then(|s| s.get_item(REVIEWER_KEY).ok().flatten()).unwrap_or_default()
}

/// No name, no key: a visit that never uses the desk writes nothing.
pub fn save_reviewer(name: &str) {
    if let Some(storage) = storage() {
        let _ = if name.is_empty() { storage.remove_item(REVIEWER_KEY) } else { storage.set_item(REVIEWER_KEY, name) };
    }
}

/// The desk entry open in the calculator, as last kept: its id and name.
pub fn load_opened() -> Option<(u32, String)> {
    let text = storage()?.get_item(OPENED_KEY).ok().flatten()?;
    let (id, name) = text.split_once('\t')?;
    Some((id.parse().ok()?, name.to_string()))
}

/// Kept while an entry is open in the calculator, removed when none is.
pub fn save_opened(opened: Option<(u32, &str)>) {
    if let Some(storage) = storage() {
        let _ = match opened {
            Some((id, name)) => storage.set_item(OPENED_KEY, &format!("{id}\t{name}")),
            None => storage.remove_item(OPENED_KEY),
        };
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}
