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
    assert!(message.contains("reported 97.998, computed 97.779, a difference of +0.219"), "{message}");
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

/// A fresh folder under the system's temporary one, for one test.
fn temp_folder(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("jixiao-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn preset_text(name: &str) -> String {
    text(&jixiao(&["preset", name], b"").stdout)
}

/// The seed twice (one a copy in a nested folder), a 2022 version, another version of 2023, the
/// project example with a tampered review record, a blank, a broken file, a JSON that is not an
/// evaluation, and a text file the walk leaves alone.
fn review_folder(name: &str) -> std::path::PathBuf {
    let dir = temp_folder(name);
    let write = |path: &str, contents: &str| {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    };
    let seed = preset_text("seed-2023");
    write("a-seed.json", &seed);
    write("nested/deeper/seed-copy.json", &seed);
    write("nested/seed-2022.json", &seed.replace("\"year\": 2023", "\"year\": 2022"));
    write("nested/seed-v2.json", &seed.replace("\"display_decimals\": 3", "\"display_decimals\": 4"));
    let project = preset_text("project-national-example");
    let tampered =
        project.trim_end().strip_suffix('}').unwrap().to_string() + ",\"review\":{\"conclusion\":\"通过\"}}\n";
    write("project.json", &tampered);
    write("blank.json", &preset_text("department-blank"));
    write("nested/broken.json", "{\"format\": \"jixiao-evaluation\", ");
    write("package.json", "{\"name\": \"not an evaluation\"}");
    write("notes.txt", "not read");
    dir
}

#[test]
fn review_lists_every_file_of_a_folder_in_order_and_says_what_is_wrong() {
    let dir = review_folder("table");
    let out = jixiao(&["review", dir.to_str().unwrap()], b"");
    // A file could not be read: 2, and the run went on.
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("文件"), "{stdout}");
    let files: Vec<String> = lines[1..]
        .iter()
        .map(|l| l.split_whitespace().next().unwrap().strip_prefix(dir.to_str().unwrap()).unwrap().to_string())
        .collect();
    assert_eq!(
        files,
        [
            "/a-seed.json",
            "/blank.json",
            "/nested/broken.json",
            "/nested/deeper/seed-copy.json",
            "/nested/seed-2022.json",
            "/nested/seed-v2.json",
            "/package.json",
            "/project.json"
        ]
    );
    let line = |file: &str| *lines.iter().find(|l| l.contains(file)).unwrap();
    assert!(line("a-seed.json").contains("97.779  ") && line("a-seed.json").contains("报告多计 0.2186 分"));
    assert!(line("a-seed.json").contains("内容相同") && line("a-seed.json").contains("另有版本"));
    assert!(line("seed-2022.json").contains("年度 2022 与其他文件（2023）不同"));
    assert!(line("broken.json").contains("无法读取：["));
    assert!(line("package.json").contains("不是评价文件"));
    assert!(line("project.json").contains("审核记录被改动"));
    assert!(line("blank.json").contains("暂定：33 处待填"));
    assert!(!stdout.contains("notes.txt"));
    assert!(text(&out.stderr).contains("共 8 个文件"), "{}", text(&out.stderr));

    // The same files named one by one, in another order: the same lines.
    let mut paths: Vec<String> = files.iter().rev().map(|f| format!("{}{f}", dir.display())).collect();
    paths.insert(0, "review".into());
    let args: Vec<&str> = paths.iter().map(String::as_str).collect();
    assert_eq!(text(&jixiao(&args, b"").stdout), stdout);
}

#[test]
fn review_exit_codes() {
    let dir = temp_folder("codes");
    std::fs::write(dir.join("seed.json"), preset_text("seed-2023")).unwrap();
    let seed = dir.join("seed.json");
    let seed = seed.to_str().unwrap();
    assert_eq!(jixiao(&["review", seed], b"").status.code(), Some(0));
    // An error-level finding (a printed total above its 100): 1.
    let impossible = preset_text("seed-2023").replacen("\"reported\": \"97.998\"", "\"reported\": \"120\"", 1);
    std::fs::write(dir.join("impossible.json"), impossible).unwrap();
    let out = jixiao(&["review", dir.to_str().unwrap()], b"");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    // A missing file as well: 2 wins.
    let out = jixiao(&["review", dir.to_str().unwrap(), "/nonexistent/x.json"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stdout).contains("/nonexistent/x.json"));
    // A wrong command line: 2 with the usage.
    for args in [&["review"][..], &["review", seed, "--format", "xml"][..], &["review", seed, "--year", "x"][..]] {
        let out = jixiao(args, b"");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out.stderr).contains("usage:"));
    }
}

#[test]
fn review_csv_and_json_shapes() {
    let dir = review_folder("shapes");
    let folder = dir.to_str().unwrap();
    let out = jixiao(&["review", folder, "--format", "csv", "--lang", "en", "--year", "2023"], b"");
    let csv = text(&out.stdout);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "path,status,unit,title,year,computed,reported,difference,grade,provisional,pending_inputs,invalid_inputs,execution_rate,errors,warnings,review,flags,flag_messages,finding"
    );
    let seed = lines.next().unwrap();
    assert!(
        seed.starts_with(&format!(
            "{folder}/a-seed.json,ok,广州市人力资源和社会保障局,2023年度部门整体支出绩效自评,2023,97.7794,97.998,0.2186,优,false,0,0,99.983,0,9,,duplicate;version,"
        )),
        "{seed}"
    );
    assert!(csv.contains(",unreadable,"), "{csv}");
    assert!(csv.contains(",not_evaluation,"));
    assert!(csv.contains(",flagged,"));
    assert!(csv.contains("other_year,\"year 2022, not 2023 like the others\""), "{csv}");

    let out = jixiao(&["review", folder, "--format", "json", "--opinions"], b"");
    let rows: Vec<Value> = text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), 8);
    let seed = &rows[0];
    assert_eq!(seed["status"], "ok");
    assert_eq!(seed["computed"], "97.7794");
    assert_eq!(seed["reported"], "97.998");
    assert_eq!(seed["difference"], "0.2186");
    assert_eq!(seed["grade"], "优");
    assert_eq!(seed["execution_rate"], "99.983");
    assert_eq!(seed["finding"]["code"], "reported_mismatch");
    let opinions = seed["opinions"].as_array().unwrap();
    assert!(opinions[1].as_str().unwrap().contains("涉及分值 0.21875 分"), "{opinions:?}");
    let flags: Vec<&str> = seed["flags"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert_eq!(flags, ["duplicate", "version"]);
    let broken = rows.iter().find(|r| r["path"].as_str().unwrap().ends_with("broken.json")).unwrap();
    assert_eq!(broken["status"], "unreadable");
    assert!(broken["reason"].as_str().unwrap().starts_with("["));
    assert!(broken.get("computed").is_none());
    let project = rows.iter().find(|r| r["path"].as_str().unwrap().ends_with("project.json")).unwrap();
    assert_eq!(project["review"]["conclusion"], "flagged");
    assert_eq!(project["review"]["problems"][0], "review_bad_conclusion");
}

/// The review record is the reviewer's, not part of the evaluation: a reviewed copy of a file is the
/// same evaluation (a duplicate, not another version), and `--opinions` prints the record's opinions
/// where there is a record (as the desk exports them), the generated ones elsewhere, in every format.
#[test]
fn review_a_reviewed_copy_is_a_duplicate_and_its_opinions_are_the_records() {
    let dir = temp_folder("reviewed");
    let seed = preset_text("seed-2023");
    let reviewed = seed.trim_end().strip_suffix('}').unwrap().to_string()
        + ",\"review\":{\"reviewer\":\"王审\",\"date\":\"2024-05-20\",\"conclusion\":\"approved\",\"opinions\":[\"1. 已核实，同意。\"]}}\n";
    std::fs::write(dir.join("a.json"), &seed).unwrap();
    std::fs::write(dir.join("b-reviewed.json"), &reviewed).unwrap();
    let folder = dir.to_str().unwrap();

    let out = jixiao(&["review", folder, "--format", "json", "--opinions"], b"");
    let rows: Vec<Value> = text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let codes = |row: &Value| -> Vec<String> {
        row["flags"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(codes(&rows[0]), ["duplicate"]);
    assert_eq!(codes(&rows[1]), ["duplicate"]);
    assert_eq!(rows[1]["review"]["conclusion"], "approved");
    assert_eq!(rows[1]["opinions"], serde_json::json!(["1. 已核实，同意。"]));
    let generated = rows[0]["opinions"].as_array().unwrap();
    assert!(generated[0].as_str().unwrap().starts_with("1. 报告总分 97.998 分"), "{generated:?}");

    let table = text(&jixiao(&["review", folder, "--opinions"], b"").stdout);
    assert!(!table.contains("另有版本"), "{table}");
    // The line that starts with b's path (a's line names b in its flag) and what is under it.
    let under_b = table.split(&format!("\n{folder}/b-reviewed.json  ")).nth(1).unwrap();
    let opinions_of_b: Vec<&str> = under_b.lines().skip(1).take_while(|l| l.starts_with("    ")).collect();
    assert_eq!(opinions_of_b, ["    1. 已核实，同意。"], "{table}");

    let csv = text(&jixiao(&["review", folder, "--format", "csv", "--opinions"], b"").stdout);
    let b_line = csv.lines().find(|l| l.starts_with(&format!("{folder}/b-reviewed.json,"))).unwrap();
    assert!(b_line.ends_with(",1. 已核实，同意。"), "{b_line}");
}

/// A file named twice is one file: it is never its own duplicate.
#[test]
fn review_a_file_named_twice_does_not_name_itself() {
    let dir = temp_folder("twice");
    let path = dir.join("seed.json");
    std::fs::write(&path, preset_text("seed-2023")).unwrap();
    let path = path.to_str().unwrap();
    let out = text(&jixiao(&["review", path, path, "--format", "json"], b"").stdout);
    let rows: Vec<Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(rows.len(), 2);
    for row in rows {
        assert_eq!(row["flags"], serde_json::json!([]), "{out}");
    }
}
