//! Any bytes as a workbook: the reader returns an evaluation or a refusal with a code and a message in
//! both languages, never a panic (calamine once panicked on damaged OLE files; src/import/ole.rs walks
//! them first). What it reads must score, and save → load must give it back.
#![no_main]

use jixiao::domain::{score, Lang};
use jixiao::format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
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
