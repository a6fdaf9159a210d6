//! Any bytes as a workbook: the reader returns an evaluation or a refusal with a code and a message in
//! both languages, never a panic (calamine once panicked on damaged OLE files; src/import/ole.rs walks
//! them first). What it reads must score, and save → load must give it back; the import worker's
//! reply (src/import/wire.rs) must read back as it was sent.
#![no_main]

use jixiao::domain::{score, Lang};
use jixiao::format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // What the app's import worker would send the page, read back as the page reads it.
    let reply = jixiao::import::wire::answer(1, data, "fuzz.xlsx");
    assert_eq!(jixiao::import::wire::Reply::from_json(&reply.to_json()), Some(reply));
    match jixiao::import::read_workbook(data, "fuzz.xlsx", None) {
        Err(error) => {
            assert!(!error.code().is_empty());
            assert!(!error.message(Lang::Zh).is_empty());
            assert!(!error.message(Lang::En).is_empty());
        }
        Ok(imported) => {
            let _ = score(&imported.evaluation);
            let saved = format::to_json(&imported.evaluation);
            assert_eq!(format::load_str(&saved).expect("an imported table saves and loads"), imported.evaluation);
        }
    }
});
