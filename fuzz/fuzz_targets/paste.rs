//! A pasted spreadsheet block into the sample (and the same text as a whole table, import/pasted.rs): any text, from any indicator on, on its target or
//! actual, in the base or a scenario. Every problem has a message; the result still scores and saves.
#![no_main]

use jixiao::domain::paste::{apply_paste, parse_block, Column, PasteAt};
use jixiao::domain::{score, Evaluation, Lang};
use jixiao::format;
use jixiao::presets;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&start, text)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(text);
    // Loaded once per thread (an evaluation shares its indicators through `Rc`: no plain static).
    thread_local! {
        static SAMPLE: Option<Evaluation> = presets::find(presets::DEFAULT_PRESET).and_then(|p| p.evaluation().ok());
    }
    let Some(mut evaluation) = SAMPLE.with(Option::clone) else { return };
    let ids: Vec<String> = evaluation.root.walk().flat_map(|n| n.indicators().iter().map(|i| i.id.clone())).collect();
    let focus = if start & 1 == 0 { Column::Actual } else { Column::Target };
    let inputs_only = start & 2 != 0;
    let start = &ids[usize::from(start >> 2) % ids.len()];
    // The same text as a whole table (import/pasted.rs): read or refused, never a panic; what the page
    // sends to the cells' paste (not a whole table) the reader refuses too.
    if let Ok(imported) = jixiao::import::read_pasted_table(&text) {
        assert!(jixiao::import::is_whole_table(&text));
        let _ = score(&imported.evaluation);
    }
    let block = parse_block(&text);
    let report = apply_paste(&mut evaluation, PasteAt { start, focus, inputs_only }, &block);
    for problem in &report.problems {
        assert!(!problem.message(Lang::Zh).is_empty());
        assert!(!problem.message(Lang::En).is_empty());
    }
    let _ = score(&evaluation);
    let saved = format::to_json(&evaluation);
    assert!(format::load_str(&saved).is_ok(), "a pasted evaluation does not load back");
});
