//! Any bytes through the loader. A refusal must carry at least one problem, each with a code and a
//! message in both languages; an accepted file must score, report and check without panicking, and
//! save → load must give the same evaluation and the same bytes (lossless, deterministic saving).
#![no_main]

use jixiao::domain::{checks, score, Lang};
use jixiao::format::{self, report};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match format::load(data) {
        Err(error) => {
            assert!(!error.problems.is_empty(), "a refusal without a problem");
            for problem in &error.problems {
                assert!(!problem.code().is_empty());
                assert!(!problem.message(Lang::Zh).is_empty());
                assert!(!problem.message(Lang::En).is_empty());
            }
        }
        Ok(evaluation) => {
            let scored = score(&evaluation);
            let _ = checks::run(&evaluation, &scored);
            let _ = report::scored_json(&evaluation, &scored, Lang::Zh);
            let _ = report::scored_json(&evaluation, &scored, Lang::En);
            let saved = format::to_json(&evaluation);
            let again = format::load_str(&saved).expect("a saved file loads");
            assert_eq!(again, evaluation, "save → load changed the evaluation");
            assert_eq!(format::to_json(&again), saved, "saving twice gave different bytes");
        }
    }
});
