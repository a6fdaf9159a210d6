//! `jixiao`, run as a real process: output shape, exit codes, messages.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn jixiao(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/presets/seed-2023.json");

#[test]
fn score_prints_the_scored_tree() {
    let out = jixiao(&["score", SEED], b"");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["report"], "jixiao-score");
    assert_eq!(report["total"]["score"], "97.7794");
    assert_eq!(report["total"]["display"], "97.779");
    assert_eq!(report["total"]["reported"], "97.998");
    assert_eq!(report["total"]["grade"], "优");
    let node = |id: &str| report["nodes"].as_array().unwrap().iter().find(|n| n["id"] == id).unwrap().clone();
    assert_eq!(node("lz.exec")["score"], "4.99915");
    assert_eq!(node("lz.dept")["score"], "19.78125");
    assert_eq!(node("lz.dept")["reported"], "20");
    assert_eq!(node("lz.dept")["lost"], "0.21875");
    assert_eq!(node("gl")["display"], "48.000");
    let dept07 = report["indicators"].as_array().unwrap().iter().find(|i| i["id"] == "dept-07").unwrap();
    assert_eq!(dept07["badge"], "short");
    assert_eq!(dept07["ratio"], "0.65");
    assert_eq!(dept07["score"], "0.40625");
    assert_eq!(report["badges"]["short"], 1);
    let warnings = report["warnings"].as_array().unwrap();
    let mismatch = warnings.iter().find(|w| w["code"] == "reported_mismatch" && w["node_id"] == "lz.dept").unwrap();
    assert!(mismatch["message"].as_str().unwrap().contains("创新领军人才"));
    assert!(warnings.iter().any(|w| w["code"] == "short_no_reason" && w["indicator_id"] == "dept-07"));
}

#[test]
fn score_reads_standard_input_and_speaks_english() {
    let seed = std::fs::read(SEED).unwrap();
    let out = jixiao(&["score", "-", "--lang", "en"], &seed);
    assert_eq!(out.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let message = report["warnings"][0]["message"].as_str().unwrap();
    assert!(message.contains("reported 97.998, computed 97.7794"), "{message}");
}

#[test]
fn check_accepts_good_files_and_lists_every_problem_of_bad_ones() {
    let out = jixiao(&["check", SEED], b"");
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("可以打开"), "{}", text(&out.stdout));

    let bad = br#"{"format":"jixiao-evaluation","version":2,"meta":{},"root":{"id":"r","name":"R","points":"x","children":[{"id":"a"}]}}"#;
    let out = jixiao(&["check", "-"], bad);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 4, "{stderr}");
    // Where in words, what is wrong, then the JSON path in brackets.
    assert_eq!(lines[0], "-: [not_a_number] 项目“R”的分值：“x”不是数字 [root.points]");
    assert!(lines[1].starts_with("-: [missing_field] 项目“R”第 1 个下级项目："), "{stderr}");
    assert!(lines[1].ends_with(" [root.children[0]]"), "{stderr}");

    let out = jixiao(&["check", "/nonexistent/file.json"], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).starts_with("/nonexistent/file.json: "));

    let out = jixiao(&["score", "-"], b"{\"format\": \"jixiao-evaluation\", \"version\": 99}");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("[future_version]"));
}

#[test]
fn presets_are_listed_and_printed() {
    let out = jixiao(&["preset", "--list"], b"");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        "seed-2023\ndepartment-blank\nproject-blank\nproject-national\nproject-national-example\nproject-hubei\nproject-sichuan\n"
    );
    let out = jixiao(&["preset", "seed-2023"], b"");
    assert_eq!(out.stdout, std::fs::read(SEED).unwrap());
    let out = jixiao(&["preset", "nope"], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("seed-2023, department-blank, project-blank"));
}

#[test]
fn a_wrong_command_line_prints_usage() {
    for args in [&[][..], &["score"][..], &["frobnicate", "x"][..], &["score", "x", "--lang", "fr"][..]] {
        let out = jixiao(args, b"");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out.stderr).contains("usage:"), "{args:?}");
    }
    let out = jixiao(&["--help"], b"");
    assert_eq!(out.status.code(), Some(0));
}
