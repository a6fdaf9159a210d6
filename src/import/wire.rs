//! What the import worker (`src/bin/import_worker.rs`) and the page say to each other. Plain data, no
//! browser code: the worker answers with `answer`, the page reads the answer with `Reply::from_json`.
//! The page links only `Reply` and its parsing, never `answer`, so calamine stays in the worker's
//! wasm (docs/PERFORMANCE.md, "Workbook import").
//!
//! The protocol (docs/FORMAT.md, "The import worker"):
//! - page → worker: a JS object `{ id, name, bytes }`, `bytes` an `ArrayBuffer` (transferred), or
//!   `{ id, text }`, a whole table pasted as text (`read_pasted_table`);
//! - worker → page: one string of JSON per message: `"Ready"` once, when the worker can take requests
//!   (messages sent before it are lost), then one `{"Read": …}` or `{"Refused": …}` per request, with
//!   the request's `id`.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::Value;

use super::{read_pasted_table, read_workbook, ImportError, ImportReport, Imported, Note, RowSource};
use crate::domain::Lang;

/// The request's field names (the page sets them, the worker reads them).
pub const ID: &str = "id";
pub const NAME: &str = "name";
pub const BYTES: &str = "bytes";
/// A pasted table's clipboard text, instead of `name` and `bytes`.
pub const TEXT: &str = "text";

#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Reply {
    /// The worker is running and takes requests.
    Ready,
    /// The workbook was read: `file` is the evaluation as a file in the current format (the text
    /// `jixiao import` prints), for the page's one load path.
    Read { id: u32, file: String, report: ImportReport },
    /// The workbook was refused: `ImportError`'s code and its message in both languages (it names the file).
    Refused { id: u32, code: String, zh: String, en: String },
}

impl Reply {
    pub fn to_json(&self) -> String {
        // A Reply is strings, numbers and decimals: nothing serde_json can refuse.
        serde_json::to_string(self).unwrap_or_else(|_| "\"Ready\"".to_string())
    }

    /// Read back field by field from a `serde_json::Value`, the page's one JSON reader (`format::load`
    /// parses files the same way): a derived `Deserialize` would add its own parser to the page's
    /// wasm (about 30 KB gzipped, measured).
    pub fn from_json(text: &str) -> Option<Reply> {
        let value: Value = serde_json::from_str(text).ok()?;
        if value.as_str() == Some("Ready") {
            return Some(Reply::Ready);
        }
        let id = |v: &Value| v.get("id")?.as_u64().and_then(|id| u32::try_from(id).ok());
        let text = |v: &Value, field: &str| v.get(field)?.as_str().map(str::to_string);
        if let Some(read) = value.get("Read") {
            return Some(Reply::Read {
                id: id(read)?,
                file: text(read, "file")?,
                report: report(read.get("report")?)?,
            });
        }
        let refused = value.get("Refused")?;
        Some(Reply::Refused {
            id: id(refused)?,
            code: text(refused, "code")?,
            zh: text(refused, "zh")?,
            en: text(refused, "en")?,
        })
    }

    /// The request this replies to (none for `Ready`).
    pub fn id(&self) -> Option<u32> {
        match self {
            Reply::Ready => None,
            Reply::Read { id, .. } | Reply::Refused { id, .. } => Some(*id),
        }
    }
}

/// The worker's whole job: a workbook's bytes read into a reply.
pub fn answer(id: u32, bytes: &[u8], name: &str) -> Reply {
    reply(id, read_workbook(bytes, name, None))
}

/// A whole table pasted as text, read into a reply the same way.
pub fn answer_pasted(id: u32, text: &str) -> Reply {
    reply(id, read_pasted_table(text))
}

fn reply(id: u32, read: Result<Imported, ImportError>) -> Reply {
    match read {
        Ok(imported) => Reply::Read { id, file: crate::format::to_json(&imported.evaluation), report: imported.report },
        Err(error) => Reply::Refused {
            id,
            code: error.code().to_string(),
            zh: error.message(Lang::Zh),
            en: error.message(Lang::En),
        },
    }
}

fn report(value: &Value) -> Option<ImportReport> {
    let text = |v: &Value, field: &str| v.get(field)?.as_str().map(str::to_string);
    let decimal = |v: &Value, field: &str| Decimal::from_str(v.get(field)?.as_str()?).ok();
    let list = |field: &str| value.get(field)?.as_array();
    let notes = |field: &str| {
        list(field)?
            .iter()
            .map(|n| Some(Note { place: text(n, "place")?, text: text(n, "text")?, zh: text(n, "zh")? }))
            .collect::<Option<Vec<_>>>()
    };
    Some(ImportReport {
        sheet: text(value, "sheet")?,
        rows: list("rows")?
            .iter()
            .map(|r| Some(RowSource { id: text(r, "id")?, name: text(r, "name")?, cell: text(r, "cell")? }))
            .collect::<Option<Vec<_>>>()?,
        skipped: notes("skipped")?,
        assumed: notes("assumed")?,
        computed_total: decimal(value, "computed_total")?,
        // Absent is `null`; anything else must read.
        printed_total: match value.get("printed_total")? {
            Value::Null => None,
            _ => Some(decimal(value, "printed_total")?),
        },
        printed_grade: text(value, "printed_grade"),
        computed_grade: text(value, "computed_grade")?,
    })
}
