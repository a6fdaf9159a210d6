//! The engine's native benchmark, and the generator of the benchmark's big evaluation file.
//!
//!   cargo run --release --features bench --example engine_bench -- generate 2000 FILE
//!   cargo run --release --features bench --example engine_bench -- score 100000 RUNS
//!   cargo run --release --features bench --example engine_bench -- reducer FILE RUNS
//!   cargo run --release --features bench --example engine_bench -- copies N DIR
//!
//! `copies` writes N copies of the sample (seed-2023) under DIR, 100 to a folder, each with its own
//! department ("…（副本 17）") so that they are N units, not N duplicates; time `jixiao review` over them:
//!
//!   cargo build --profile cli --bin jixiao
//!   time target/cli/jixiao review DIR --format csv > /dev/null
//!
//! Each command prints one line of JSON for `bench/measure.mjs`. Timings are wall-clock milliseconds per
//! run (a plain timed loop after one untimed warm-up run); the benchmark takes their median.

use std::time::Instant;

use jixiao::app::state::{Action, AppState, Source};
use jixiao::bench::{count_indicators, synthetic};
use jixiao::domain::InputKey;
use jixiao::domain::{score, Lang};
use jixiao::format;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| args.get(i).map(String::as_str).unwrap_or_else(|| usage());
    let number = |i: usize| arg(i).parse::<usize>().unwrap_or_else(|_| usage());
    match arg(0) {
        "generate" => generate(number(1), arg(2)),
        "score" => score_runs(number(1), number(2)),
        "reducer" => reducer_runs(arg(1), number(2)),
        "copies" => copies(number(1), arg(2)),
        _ => usage(),
    }
}

fn usage() -> ! {
    eprintln!("usage: engine_bench generate N FILE | score N RUNS | reducer FILE RUNS | copies N DIR");
    std::process::exit(2)
}

fn ms(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1e3
}

fn list(values: &[f64]) -> String {
    values.iter().map(|v| format!("{v:.4}")).collect::<Vec<_>>().join(",")
}

/// Writes a synthetic evaluation in the file format; prints its size, total and the indicator the
/// edit benchmark types into (a copy of dept-07, short of its target, in the middle of the table).
fn generate(indicators: usize, file: &str) {
    let evaluation = synthetic(indicators);
    let json = format::to_json(&evaluation);
    std::fs::write(file, &json).unwrap_or_else(|e| panic!("cannot write {file}: {e}"));
    let scored = score(&evaluation);
    let edit = scored
        .indicators
        .iter()
        .filter(|i| i.id.starts_with("dept-07-"))
        .nth(scored.indicators.iter().filter(|i| i.id.starts_with("dept-07-")).count() / 2)
        .map(|i| i.id.clone())
        .unwrap_or_default();
    let actual = evaluation
        .find_indicator(&edit)
        .and_then(|(_, i)| i.actual.clone())
        .map(|a| match a {
            jixiao::domain::Actual::Number(n) => n.to_string(),
            other => format!("{other:?}"),
        })
        .unwrap_or_default();
    println!(
        r#"{{"file":"{file}","indicators":{},"bytes":{},"total":"{}","edit_indicator":"{edit}","edit_actual":"{actual}"}}"#,
        count_indicators(&evaluation.root),
        json.len(),
        jixiao::domain::num::format_exact(scored.total),
    );
}

/// `score()` on a synthetic evaluation of `indicators` indicators, `runs` times.
fn score_runs(indicators: usize, runs: usize) {
    let evaluation = synthetic(indicators);
    let warm = score(&evaluation);
    let mut times = Vec::with_capacity(runs);
    let mut total = warm.total;
    for _ in 0..runs {
        let start = Instant::now();
        let scored = score(std::hint::black_box(&evaluation));
        times.push(ms(start));
        total = scored.total;
    }
    println!(
        r#"{{"indicators":{},"runs":{runs},"total":"{total}","ms":[{}]}}"#,
        count_indicators(&evaluation.root),
        list(&times)
    );
}

/// The app's reducer on one keystroke in the file's edit indicator, natively: the same step the
/// browser runs, without Yew and the DOM. Also `score()` and the autosave's `to_json` alone.
fn reducer_runs(file: &str, runs: usize) {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("cannot read {file}: {e}"));
    let start = Instant::now();
    let evaluation = format::load_str(&text).unwrap_or_else(|e| panic!("{file} does not load: {e:?}"));
    let load_ms = ms(start);
    let start = Instant::now();
    let mut state = AppState::new(evaluation, Source::File(file.into()), Lang::Zh);
    let open_ms = ms(start);
    let id = state
        .scored
        .indicators
        .iter()
        .filter(|i| i.id.starts_with("dept-07-"))
        .nth(state.scored.indicators.iter().filter(|i| i.id.starts_with("dept-07-")).count() / 2)
        .map(|i| i.id.clone())
        .expect("a generated file has dept-07 copies");
    let (mut step, mut rescore, mut save) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..=runs {
        let text = if run % 2 == 0 { "1" } else { "13" };
        let start = Instant::now();
        state = state.step(Action::Input { key: InputKey::Actual(id.clone()), text: text.into() });
        let t_step = ms(start);
        let start = Instant::now();
        std::hint::black_box(score(&state.evaluation));
        let t_score = ms(start);
        let start = Instant::now();
        std::hint::black_box(format::to_json(&state.document));
        let t_save = ms(start);
        // The first run warms up.
        if run > 0 {
            step.push(t_step);
            rescore.push(t_score);
            save.push(t_save);
        }
    }
    println!(
        r#"{{"load_ms":{load_ms:.4},"open_ms":{open_ms:.4},"step_ms":[{}],"score_ms":[{}],"to_json_ms":[{}]}}"#,
        list(&step),
        list(&rescore),
        list(&save)
    );
}

/// N copies of the sample under `dir`, 100 to a folder; prints how many and their total size.
fn copies(count: usize, dir: &str) {
    let seed = jixiao::presets::find("seed-2023").and_then(|p| p.evaluation().ok()).unwrap_or_else(|| usage());
    let mut bytes = 0;
    for i in 0..count {
        let mut copy = seed.clone();
        copy.meta.department = format!("{}（副本 {i}）", seed.meta.department);
        let folder = std::path::Path::new(dir).join(format!("{:04}", i / 100));
        std::fs::create_dir_all(&folder).unwrap_or_else(|e| panic!("cannot create {}: {e}", folder.display()));
        let json = format::to_json(&copy);
        bytes += json.len();
        let file = folder.join(format!("{i:05}.json"));
        std::fs::write(&file, json).unwrap_or_else(|e| panic!("cannot write {}: {e}", file.display()));
    }
    println!("{{\"copies\":{count},\"bytes\":{bytes}}}");
}
