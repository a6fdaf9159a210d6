//! The hostile-file corpus (tests/corpus/manifest.json) through the engine, the app's reducer and the
//! `jixiao` command: every file is refused with its codes, the path of its first problem and its
//! message in both languages, and the work on screen stays exactly as it was; or it loads, with the
//! checks and the total the manifest names. Then properties over damaged copies of the corpus.

use std::path::{Path, PathBuf};
use std::process::Command;

use jixiao::app::state::{Action, AppState};
use jixiao::domain::InputKey;
use jixiao::domain::{checks, score, Lang};
use jixiao::format::{self, load, load_str, to_json};
use jixiao::presets;
use proptest::prelude::*;
use serde_json::Value;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

struct Case {
    file: String,
    expect: String,
    entry: Value,
}

impl Case {
    fn str(&self, key: &str) -> &str {
        self.entry[key].as_str().unwrap_or_else(|| panic!("{}: no “{key}” in the manifest", self.file))
    }

    fn list(&self, key: &str) -> Vec<&str> {
        self.entry[key].as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default()
    }

    /// Bytes the test makes itself (too large to commit): `{`, spaces, `}`.
    fn generated(&self) -> Option<usize> {
        self.entry.get("generate").map(|g| g["bytes"].as_u64().expect("generate.bytes") as usize)
    }

    fn bytes(&self) -> Vec<u8> {
        match self.generated() {
            Some(size) => {
                let mut bytes = vec![b' '; size];
                bytes[0] = b'{';
                bytes[size - 1] = b'}';
                bytes
            }
            None => std::fs::read(corpus_dir().join("files").join(&self.file))
                .unwrap_or_else(|e| panic!("{}: {e}", self.file)),
        }
    }

    /// A path the CLI can read: the committed file, or the generated one written to a temp dir.
    fn path_on_disk(&self, dir: &Path) -> PathBuf {
        match self.generated() {
            Some(_) => {
                let path = dir.join(self.file.replace('/', "-"));
                std::fs::write(&path, self.bytes()).unwrap();
                path
            }
            None => corpus_dir().join("files").join(&self.file),
        }
    }
}

fn manifest() -> Vec<Case> {
    let text = std::fs::read_to_string(corpus_dir().join("manifest.json")).expect("tests/corpus/manifest.json");
    let manifest: Value = serde_json::from_str(&text).expect("the manifest is JSON");
    manifest["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|entry| Case {
            file: entry["file"].as_str().expect("file").to_string(),
            expect: entry["expect"].as_str().expect("expect").to_string(),
            entry: entry.clone(),
        })
        .collect()
}

/// Every committed file is in the manifest and every manifest entry has its file: nothing in the
/// corpus goes untested, and the corpus is as large as promised.
#[test]
fn the_manifest_covers_the_corpus() {
    let cases = manifest();
    let mut on_disk = Vec::new();
    let mut dirs = vec![corpus_dir().join("files")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                on_disk
                    .push(path.strip_prefix(corpus_dir().join("files")).unwrap().to_string_lossy().replace('\\', "/"));
            }
        }
    }
    on_disk.sort();
    let mut listed: Vec<String> = cases.iter().filter(|c| c.generated().is_none()).map(|c| c.file.clone()).collect();
    listed.sort();
    assert_eq!(listed, on_disk, "tests/corpus/files and manifest.json differ");
    let mut unique = listed.clone();
    unique.dedup();
    assert_eq!(unique.len(), listed.len(), "a file is listed twice");
    let refused = cases.iter().filter(|c| c.expect == "refused").count();
    assert!(refused >= 40, "only {refused} refused files");
    assert!(cases.iter().all(|c| ["refused", "flagged", "loads"].contains(&c.expect.as_str())));
}

/// The engine: `format::load` on the bytes.
#[test]
fn the_engine_refuses_or_flags_every_file_as_the_manifest_says() {
    let mut failures = Vec::new();
    for case in manifest() {
        if let Err(why) = check_engine(&case) {
            failures.push(format!("{}: {why}", case.file));
        }
    }
    assert!(failures.is_empty(), "{} of the corpus failed:\n{}", failures.len(), failures.join("\n"));
}

fn check_engine(case: &Case) -> Result<(), String> {
    let result = load(&case.bytes());
    match case.expect.as_str() {
        "refused" => {
            let error = result.err().ok_or("loaded, but should be refused")?;
            let codes: Vec<&str> = error.problems.iter().map(|p| p.code()).collect();
            if codes != case.list("codes") {
                return Err(format!("codes {codes:?}, expected {:?}", case.list("codes")));
            }
            let first = &error.problems[0];
            if first.path != case.str("path") {
                return Err(format!("path “{}”, expected “{}”", first.path, case.str("path")));
            }
            for (lang, key) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
                let message = first.message(lang);
                if !message.contains(case.str(key)) {
                    return Err(format!("{key} message “{message}” lacks “{}”", case.str(key)));
                }
            }
            // Every problem, not just the first, says something in both languages.
            if error.problems.iter().any(|p| p.message(Lang::Zh).is_empty() || p.message(Lang::En).is_empty()) {
                return Err("a problem without a message".into());
            }
        }
        expect => {
            let evaluation = result.map_err(|e| format!("refused: {e}"))?;
            let scored = score(&evaluation);
            if scored.total.normalize().to_string() != case.str("total") {
                return Err(format!("total {}, expected {}", scored.total, case.str("total")));
            }
            if expect == "flagged" {
                let found = checks::run(&evaluation, &scored);
                for code in case.list("checks") {
                    let matching: Vec<_> = found.iter().filter(|c| c.code() == code).collect();
                    if matching.is_empty() {
                        return Err(format!(
                            "no {code} check among {:?}",
                            found.iter().map(|c| c.code()).collect::<Vec<_>>()
                        ));
                    }
                    for (lang, key) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
                        if !matching.iter().any(|c| c.message(lang).contains(case.str(key))) {
                            return Err(format!("no {code} check whose {key} message has “{}”", case.str(key)));
                        }
                    }
                }
            }
            // What loads, saves and loads back the same.
            let saved = to_json(&evaluation);
            if load_str(&saved).as_ref() != Ok(&evaluation) {
                return Err("save → load changed it".into());
            }
        }
    }
    Ok(())
}

/// The app's reducer, as the browser drives it: work with an unsaved edit, then the file is opened.
/// A refused file leaves the evaluation, the drafts, the scores and the unsaved flag exactly as they
/// were, and shows the same problems; an accepted one replaces the work.
#[test]
fn the_app_state_keeps_the_work_when_a_corpus_file_is_refused() {
    let before =
        AppState::sample(Lang::Zh).step(Action::Input { key: InputKey::Actual("dept-07".into()), text: "17".into() });
    assert!(before.dirty);
    let mut failures = Vec::new();
    for case in manifest() {
        let after = before.step(Action::Opened { file_name: case.file.clone(), result: Box::new(load(&case.bytes())) });
        let problem = match case.expect.as_str() {
            "refused" => {
                let shown: Vec<&str> =
                    after.load_error.iter().flat_map(|f| f.error.problems.iter().map(|p| p.code())).collect();
                if after.evaluation != before.evaluation
                    || after.document != before.document
                    || after.drafts != before.drafts
                    || after.scored != before.scored
                    || !after.dirty
                    || after.revision != before.revision
                {
                    Some("the work changed".to_string())
                } else if shown != case.list("codes") {
                    Some(format!("shows {shown:?}"))
                } else if after.load_error.as_ref().map(|f| f.file_name.as_str()) != Some(case.file.as_str()) {
                    Some("the panel does not name the file".into())
                } else {
                    None
                }
            }
            _ => (after.scored.total.normalize().to_string() != case.str("total") || after.load_error.is_some())
                .then(|| format!("total {} after opening", after.scored.total)),
        };
        if let Some(problem) = problem {
            failures.push(format!("{}: {problem}", case.file));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn jixiao(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_jixiao")).args(args).output().expect("run jixiao");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

/// The command line: `jixiao check` exits 1 with one `FILE: [code] message` line per problem, in
/// both languages; `jixiao score` scores what loads, with the manifest's total and checks.
#[test]
fn the_cli_refuses_or_scores_every_file_as_the_manifest_says() {
    let temp = std::env::temp_dir().join(format!("jixiao-corpus-{}", std::process::id()));
    std::fs::create_dir_all(&temp).unwrap();
    let mut failures = Vec::new();
    for case in manifest() {
        let path = case.path_on_disk(&temp);
        let file = path.to_str().unwrap();
        let mut fail = |why: String| failures.push(format!("{}: {why}", case.file));
        if case.expect == "refused" {
            for (lang, key) in [("zh", "zh"), ("en", "en")] {
                let (code, stdout, stderr) = jixiao(&["check", file, "--lang", lang]);
                let lines: Vec<&str> = stderr.lines().collect();
                let codes: Vec<String> = lines
                    .iter()
                    .map(|l| {
                        l.strip_prefix(&format!("{file}: ["))
                            .and_then(|r| r.split(']').next())
                            .unwrap_or("?")
                            .to_string()
                    })
                    .collect();
                if code != 1 || !stdout.is_empty() {
                    fail(format!("check --lang {lang}: exit {code}, stdout “{stdout}”"));
                } else if codes != case.list("codes") {
                    fail(format!("check --lang {lang}: codes {codes:?}"));
                } else if !lines[0].contains(case.str(key)) {
                    fail(format!("check --lang {lang}: “{}” lacks “{}”", lines[0], case.str(key)));
                }
            }
        } else {
            let (code, stdout, stderr) = jixiao(&["score", file, "--lang", "en"]);
            let report: Value = serde_json::from_str(&stdout).unwrap_or(Value::Null);
            if code != 0 {
                fail(format!("score: exit {code}: {stderr}"));
            } else if report["total"]["score"] != case.str("total") {
                fail(format!("score: total {}", report["total"]["score"]));
            } else {
                for check in case.list("checks") {
                    let found = report["warnings"].as_array().into_iter().flatten().any(|w| {
                        w["code"] == check && w["message"].as_str().is_some_and(|m| m.contains(case.str("en")))
                    });
                    if !found {
                        fail(format!("score: no {check} warning with “{}”", case.str("en")));
                    }
                }
            }
        }
        if case.generated().is_some() {
            let _ = std::fs::remove_file(&path);
        }
    }
    let _ = std::fs::remove_dir_all(&temp);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Standard input is read only up to the limit: a 50 MB stream is refused without being held.
#[test]
fn the_cli_refuses_a_huge_stream_on_stdin() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(["check", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let chunk = vec![b' '; 1 << 20];
        // The reader stops at the limit and exits; the broken pipe that follows is expected.
        for _ in 0..50 {
            if stdin.write_all(&chunk).is_err() {
                break;
            }
        }
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).starts_with("-: [too_large] "),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

// ---------------------------------------------------------------------------------------------------
// Properties: damaged copies of the corpus and of the sample.

/// The committed corpus and the presets, read once.
fn seed_files() -> &'static [Vec<u8>] {
    static FILES: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    FILES.get_or_init(|| {
        let mut files: Vec<Vec<u8>> = manifest().iter().filter(|c| c.generated().is_none()).map(Case::bytes).collect();
        files.extend(presets::PRESETS.iter().map(|p| p.json.as_bytes().to_vec()));
        files
    })
}

/// What must hold for any bytes: no panic; a refusal lists at least one problem, each with a code
/// and words in both languages, and leaves the app's work untouched; what loads scores, checks and
/// round-trips.
fn any_file_is_handled(bytes: &[u8]) -> Result<(), TestCaseError> {
    match load(bytes) {
        Err(error) => {
            prop_assert!(!error.problems.is_empty());
            for problem in &error.problems {
                prop_assert!(!problem.code().is_empty());
                prop_assert!(!problem.message(Lang::Zh).is_empty() && !problem.message(Lang::En).is_empty());
            }
            let state = AppState::sample(Lang::Zh);
            let after = state.step(Action::Opened { file_name: "x.json".into(), result: Box::new(Err(error)) });
            prop_assert_eq!(&after.evaluation, &state.evaluation);
        }
        Ok(evaluation) => {
            let scored = score(&evaluation);
            let _ = checks::run(&evaluation, &scored);
            let saved = to_json(&evaluation);
            prop_assert_eq!(load_str(&saved), Ok(evaluation));
        }
    }
    Ok(())
}

#[derive(Clone, Debug)]
enum Damage {
    Flip {
        at: usize,
        bit: u8,
    },
    Cut {
        at: usize,
    },
    Insert {
        at: usize,
        bytes: Vec<u8>,
    },
    Delete {
        at: usize,
        len: usize,
    },
    /// A piece of one corpus file pasted into another.
    Splice {
        at: usize,
        from: usize,
        start: usize,
        len: usize,
    },
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        (any::<usize>(), 0u8..8).prop_map(|(at, bit)| Damage::Flip { at, bit }),
        any::<usize>().prop_map(|at| Damage::Cut { at }),
        (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(at, bytes)| Damage::Insert { at, bytes }),
        (any::<usize>(), 1usize..64).prop_map(|(at, len)| Damage::Delete { at, len }),
        (any::<usize>(), any::<usize>(), any::<usize>(), 1usize..256)
            .prop_map(|(at, from, start, len)| Damage::Splice { at, from, start, len }),
    ]
}

fn apply(files: &[Vec<u8>], mut bytes: Vec<u8>, damage: &Damage) -> Vec<u8> {
    let n = bytes.len().max(1);
    match damage {
        Damage::Flip { at, bit } => {
            if !bytes.is_empty() {
                bytes[at % n] ^= 1 << bit;
            }
        }
        Damage::Cut { at } => bytes.truncate(at % n),
        Damage::Insert { at, bytes: new } => {
            let at = at % (bytes.len() + 1);
            bytes.splice(at..at, new.iter().copied());
        }
        Damage::Delete { at, len } => {
            let at = at % n;
            let end = (at + len).min(bytes.len());
            if at < end {
                bytes.drain(at..end);
            }
        }
        Damage::Splice { at, from, start, len } => {
            let source = &files[from % files.len()];
            if !source.is_empty() {
                let start = start % source.len();
                let end = (start + len).min(source.len());
                let at = at % (bytes.len() + 1);
                bytes.splice(at..at, source[start..end].iter().copied());
            }
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Up to four kinds of damage to any corpus file, the sample or a blank preset.
    #[test]
    fn damaged_files_are_handled(which in any::<usize>(), damages in proptest::collection::vec(damage(), 1..5)) {
        let files = seed_files();
        let mut bytes = files[which % files.len()].clone();
        for d in &damages {
            bytes = apply(files, bytes, d);
        }
        any_file_is_handled(&bytes)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Any line `"key": value,` of a saved file written twice in its object is refused as a
    /// repeated key, naming the key at its path, never read with one of the two values dropped.
    #[test]
    fn a_repeated_key_is_refused_not_dropped(which in any::<usize>(), line in any::<usize>()) {
        let preset = &presets::PRESETS[which % presets::PRESETS.len()];
        let lines: Vec<&str> = preset.json.lines().collect();
        let scalar = |l: &&str| {
            let t = l.trim();
            t.starts_with('"') && t.contains("\": ") && !t.ends_with('{') && !t.ends_with('[') && !t.ends_with("[],")
        };
        let candidates: Vec<usize> = (0..lines.len()).filter(|i| scalar(&lines[*i])).collect();
        let at = candidates[line % candidates.len()];
        let copy = lines[at].trim_end_matches(',');
        let mut text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        text.insert(at, format!("{copy},"));
        let key = copy.trim().split('"').nth(1).unwrap().to_string();
        let error = load_str(&text.join("\n")).expect_err("a repeated key loaded");
        let repeated: Vec<_> = error.problems.iter().filter(|p| p.code() == "duplicate_key").collect();
        prop_assert_eq!(repeated.len(), 1, "{:?}", error.problems);
        prop_assert!(repeated[0].path.ends_with(&key), "{} does not end with {}", repeated[0].path, key);
        let named = format!("“{}”", key);
        prop_assert!(repeated[0].message(Lang::Zh).contains(&named));
    }
}

proptest! {
    // Three presets, two byte orders: a few cases cover them.
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Any preset saved as UTF-16 loads the same with a byte-order mark, and without one is refused
    /// as "not UTF-8" (never as a binary file).
    #[test]
    fn utf16_is_read_with_a_bom_and_named_without(which in any::<usize>(), big_endian in any::<bool>()) {
        let preset = &presets::PRESETS[which % presets::PRESETS.len()];
        let units = preset.json.encode_utf16();
        let body: Vec<u8> = if big_endian {
            units.flat_map(u16::to_be_bytes).collect()
        } else {
            units.flat_map(u16::to_le_bytes).collect()
        };
        let bom: &[u8] = if big_endian { &[0xFE, 0xFF] } else { &[0xFF, 0xFE] };
        let with_bom: Vec<u8> = bom.iter().copied().chain(body.iter().copied()).collect();
        prop_assert_eq!(load(&with_bom), format::load_str(preset.json));
        let error = load(&body).unwrap_err();
        let codes: Vec<&str> = error.problems.iter().map(|p| p.code()).collect();
        prop_assert_eq!(codes, vec!["not_utf8"]);
    }
}
