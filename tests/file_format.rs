//! The evaluation file: what loads, what is refused and with which message, migration, and the
//! save → load → save round trip.

use std::str::FromStr;

use jixiao::domain::{Lang, NodeBody, Rule};
use jixiao::format::{self, load, load_str, ProblemKind};
use jixiao::presets;
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// A minimal valid file around the given root node.
fn file_with_root(root: &str) -> String {
    format!(r#"{{"format":"jixiao-evaluation","version":3,"meta":{{"title":"t"}},"root":{root}}}"#)
}

const LEAF: &str = r#"{"id":"a","name":"A","points":"10","rule":{"kind":"pass_fail","passed":true}}"#;

/// (file text, expected problem codes, expected path of the first problem, a fragment of its Chinese message)
#[test]
fn refused_files_say_what_and_where() {
    let cases: Vec<(String, Vec<&str>, &str, &str)> = vec![
        ("".into(), vec!["empty"], "", "文件是空的"),
        ("   \n".into(), vec!["empty"], "", "文件是空的"),
        (r#"{"format":"jixiao-evaluation","version":2,"meta":{"#.into(), vec!["truncated"], "", "文件不完整"),
        ("[1,2,3]".into(), vec!["not_an_object"], "", "数组"),
        ("42".into(), vec!["not_an_object"], "", "数字"),
        (r#"{"name":"x"}"#.into(), vec!["not_an_evaluation"], "", "缺少 \"format\""),
        (r#"{"format":"excel","version":1}"#.into(), vec!["wrong_format"], "", "“excel”"),
        (r#"{"format":"jixiao-evaluation"}"#.into(), vec!["missing_version"], "", "version"),
        (r#"{"format":"jixiao-evaluation","version":"2"}"#.into(), vec!["bad_version"], "", "无效"),
        (r#"{"format":"jixiao-evaluation","version":0}"#.into(), vec!["bad_version"], "", "无效"),
        (
            r#"{"format":"jixiao-evaluation","version":5,"meta":{},"root":{}}"#.into(),
            vec!["future_version"],
            "",
            "更新版本",
        ),
        (r#"{"format":"jixiao-evaluation","version":2,"meta":{}}"#.into(), vec!["missing_field"], "", "“root”"),
        (
            file_with_root(r#"{"id":"a","name":"A","points":"abc","rule":{"kind":"pass_fail"}}"#),
            vec!["not_a_number"],
            "root.points",
            "“abc”不是数字",
        ),
        (
            file_with_root(r#"{"id":"a","name":"A","points":1e400,"rule":{"kind":"pass_fail"}}"#),
            vec!["number_too_large"],
            "root.points",
            "太大",
        ),
        (
            file_with_root(
                r#"{"id":"a","name":"A","points":"123456789012345678901234567890","rule":{"kind":"pass_fail"}}"#,
            ),
            vec!["number_too_large"],
            "root.points",
            "太大",
        ),
        (
            file_with_root(r#"{"id":"a","name":"A","points":true,"rule":{"kind":"pass_fail"}}"#),
            vec!["wrong_type"],
            "root.points",
            "应为数字",
        ),
        (
            file_with_root(r#"{"id":"a","name":"A","points":"5","rule":{"kind":"magic"}}"#),
            vec!["bad_choice"],
            "root.rule.kind",
            "“magic”不是可选值",
        ),
        (
            file_with_root(r#"{"id":"a","name":"A","points":"5"}"#),
            vec!["neither_children_nor_rule"],
            "root",
            "children",
        ),
        (
            file_with_root(r#"{"id":"a","name":"A","points":"5","children":[],"rule":{"kind":"pass_fail"}}"#),
            vec!["children_and_rule"],
            "root",
            "不能同时",
        ),
        (
            file_with_root(r#"{"id":"a","name":"A","points":"5","rule":{"kind":"pass_fail"},"colour":"red"}"#),
            vec!["unknown_field"],
            "root.colour",
            "“colour”",
        ),
        (
            file_with_root(r#"{"id":"","name":"A","points":"5","rule":{"kind":"pass_fail"}}"#),
            vec!["empty_id"],
            "root.id",
            "不能为空",
        ),
        (
            file_with_root(&format!(r#"{{"id":"r","name":"R","points":"20","children":[{LEAF},{LEAF}]}}"#)),
            vec!["duplicate_id"],
            "root.children[1].id",
            "“a”重复（首次出现在 root.children[0].id）",
        ),
        (
            file_with_root(
                r#"{"id":"r","name":"R","points":"5","rule":{"kind":"indicators","indicators":[{"id":"i","name":"I","direction":"upwards","actual":{"level":"great"}}]}}"#,
            ),
            vec!["bad_choice", "bad_choice"],
            "root.rule.indicators[0].direction",
            "at_least / at_most / exactly / qualitative",
        ),
    ];
    for (text, codes, path, fragment) in cases {
        let error = load_str(&text).expect_err(&text);
        let got: Vec<&str> = error.problems.iter().map(|p| p.code()).collect();
        assert_eq!(got, codes, "{text}");
        assert_eq!(error.problems[0].path, path, "{text}");
        let message = error.problems[0].message(Lang::Zh);
        assert!(message.contains(fragment), "{text}\n→ {message}");
        assert!(!error.problems[0].message(Lang::En).is_empty());
    }
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let text = file_with_root(
        r#"{"id":"r","name":"R","points":"x","children":[
            {"id":"a","points":"1","rule":{"kind":"rate","rate":"y"}},
            {"id":"b","name":"B","points":"1","rule":{"kind":"bands","bands":[{"min":"1"}]}}]}"#,
    );
    let error = load_str(&text).unwrap_err();
    let found: Vec<(&str, &str)> = error.problems.iter().map(|p| (p.path.as_str(), p.code())).collect();
    assert_eq!(
        found,
        [
            ("root.points", "not_a_number"),
            ("root.children[0]", "missing_field"),
            ("root.children[0].rule.rate", "not_a_number"),
            ("root.children[1].rule.bands[0]", "missing_field"),
        ]
    );
}

#[test]
fn syntax_errors_carry_line_and_column() {
    let text = "{\n  \"format\": \"jixiao-evaluation\",\n  \"version\": 2,\n  \"meta\": {,}\n}";
    let error = load_str(text).unwrap_err();
    assert_eq!(error.problems.len(), 1);
    assert_eq!(error.problems[0].position, Some((4, 12)));
    assert!(
        error.problems[0].message(Lang::Zh).starts_with("第 4 行第 12 列："),
        "{}",
        error.problems[0].message(Lang::Zh)
    );
}

#[test]
fn encodings_and_non_text() {
    let seed = presets::find("seed-2023").unwrap().json;
    // A UTF-8 BOM, as Windows Notepad writes it, is accepted.
    let mut with_bom = vec![0xEF, 0xBB, 0xBF];
    with_bom.extend_from_slice(seed.as_bytes());
    assert!(load(&with_bom).is_ok());
    // UTF-16 with its BOM, both byte orders.
    for big_endian in [false, true] {
        let mut bytes = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
        for unit in seed.encode_utf16() {
            bytes.extend_from_slice(&if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
        }
        assert_eq!(load(&bytes).unwrap(), load(seed.as_bytes()).unwrap());
    }
    let codes = |bytes: &[u8]| load(bytes).unwrap_err().problems.iter().map(|p| p.code()).collect::<Vec<_>>();
    assert_eq!(codes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), ["binary"]);
    assert_eq!(
        codes(
            "{\"format\": \"caf\u{e9}\"}"
                .as_bytes()
                .iter()
                .map(|&b| if b == 0xC3 { 0xE9 } else { b })
                .collect::<Vec<_>>()
                .as_slice()
        ),
        ["not_utf8"]
    );
    let huge = vec![b' '; format::MAX_FILE_BYTES + 1];
    let error = load(&huge).unwrap_err();
    assert_eq!(error.problems[0].code(), "too_large");
    assert!(error.problems[0].message(Lang::Zh).contains("16.0 MB"), "{}", error.problems[0].message(Lang::Zh));
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let text = "[".repeat(10_000) + &"]".repeat(10_000);
    assert_eq!(load_str(&text).unwrap_err().problems[0].code(), "too_deep");
}

/// JSON numbers are read from their text, never through f64.
#[test]
fn json_numbers_keep_every_digit() {
    let text = file_with_root(
        r#"{"id":"a","name":"A","points":0.1,"reported":12345678901234567890.123456789,"rule":{"kind":"rate","rate":99.83}}"#,
    );
    let evaluation = load_str(&text).unwrap();
    assert_eq!(evaluation.root.points, d("0.1"));
    assert_eq!(evaluation.root.reported, Some(d("12345678901234567890.123456789")));
    assert_eq!(evaluation.root.rule(), Some(&Rule::Rate { rate: Some(d("99.83")) }));
    // …and written back as strings.
    let saved = format::to_json(&evaluation);
    assert!(saved.contains(r#""reported": "12345678901234567890.123456789""#), "{saved}");
}

#[test]
fn version_1_files_are_migrated() {
    let v1 = r#"{"format":"jixiao-evaluation","version":1,"meta":{"title":"旧","precision":2},
        "root":{"id":"r","name":"总分","points":"10","reported_score":"10","items":[
            {"id":"a","name":"A","points":"10","reported_score":"10","rule":{"kind":"pass_fail","passed":true}}]}}"#;
    let evaluation = load_str(v1).unwrap();
    assert_eq!(evaluation.meta.display_decimals, 2);
    assert_eq!(evaluation.root.reported, Some(d("10")));
    let NodeBody::Group(children) = &evaluation.root.body else { panic!("items became children") };
    assert_eq!(children[0].reported, Some(d("10")));
    assert!(format::to_json(&evaluation).contains("\"version\": 4"));
}

/// The presets are stored in the saved form, so load → save gives the same bytes, and again.
#[test]
fn save_is_deterministic_and_lossless() {
    for preset in presets::PRESETS {
        let evaluation = preset.evaluation().unwrap();
        let saved = format::to_json(&evaluation);
        let first_difference = saved.lines().zip(preset.json.lines()).find(|(a, b)| a != b);
        assert!(saved == preset.json, "{} is not in canonical saved form: {first_difference:?}", preset.name);
        let reloaded = load_str(&saved).unwrap();
        assert_eq!(reloaded, evaluation, "{}", preset.name);
        assert_eq!(format::to_json(&reloaded), saved, "{}", preset.name);
    }
}

#[test]
fn file_names_say_who_and_when_and_stay_when_the_total_changes() {
    let seed = presets::find("seed-2023").unwrap().evaluation().unwrap();
    // The title's year and unit are not said twice.
    assert_eq!(format::file_name(&seed), "2023-广州市人力资源和社会保障局-部门整体支出绩效自评.json");
    let mut changed = seed.clone();
    changed.set_number(&jixiao::domain::InputKey::Actual("dept-07".into()), Some(d("20"))).unwrap();
    assert_ne!(jixiao::domain::score(&changed).total, jixiao::domain::score(&seed).total);
    assert_eq!(format::file_name(&changed), format::file_name(&seed), "the total is in the file, not its name");
    let example = presets::find("project-national-example").unwrap().evaluation().unwrap();
    assert!(
        format::file_name(&example).contains(example.meta.project.trim_start_matches("2023年度")),
        "{}",
        format::file_name(&example)
    );
    let mut blank = presets::find("project-blank").unwrap().evaluation().unwrap();
    assert_eq!(format::file_name(&blank), "项目支出绩效自评.json");
    blank.meta.title = "a/b:c".into();
    assert_eq!(format::file_name(&blank), "a_b_c.json");
}

#[test]
fn load_error_problem_kinds_have_messages_in_both_languages() {
    let kinds = [ProblemKind::Empty, ProblemKind::Binary, ProblemKind::NotUtf8, ProblemKind::NotAnEvaluation];
    for kind in kinds {
        let problem = jixiao::format::Problem { path: String::new(), position: None, kind, place: None };
        assert_ne!(problem.message(Lang::Zh), problem.message(Lang::En));
    }
}

/// Scenarios are saved in the file, read back exactly, and a bad change is reported with its path.
#[test]
fn scenarios_round_trip_and_apply() {
    use jixiao::domain::scenario::Edit;
    use jixiao::domain::{score, Actual, Scenario};
    let mut evaluation = presets::find("seed-2023").unwrap().evaluation().unwrap();
    evaluation.scenarios = vec![Scenario {
        name: "按报告口径".into(),
        changes: vec![
            Edit::Target { indicator: "dept-07".into(), value: Some(d("13")) },
            Edit::Actual {
                indicator: "dept-25".into(),
                value: Some(Actual::Level { level: jixiao::domain::Level::Partial, percent: Some(d("75")) }),
            },
            Edit::MonthRate { node: "lz.exec".into(), month: 9, value: None },
            Edit::Passed { node: "gl.procurement.contract-filing".into(), value: Some(true) },
            Edit::Reason { indicator: "dept-07".into(), text: "口径调整".into() },
        ],
    }];
    let saved = format::to_json(&evaluation);
    assert!(saved.contains(r#""set": "target""#), "{saved}");
    let loaded = load_str(&saved).unwrap();
    assert_eq!(loaded, evaluation);
    assert_eq!(format::to_json(&loaded), saved);

    let (variant, stale) = loaded.scenarios[0].apply_to(&loaded);
    assert!(stale.is_empty());
    assert_eq!(variant.find_indicator("dept-07").unwrap().1.target, Some(d("13")));
    assert!(score(&variant).node("lz.dept").unwrap().score < d("20"), "dept-25 is now partial");

    let bad = saved.replace(r#""set": "target""#, r#""set": "colour""#);
    let error = load_str(&bad).unwrap_err();
    assert_eq!(error.problems[0].code(), "bad_choice");
    assert_eq!(error.problems[0].path, "scenarios[0].changes[0].set");
}

#[test]
fn older_files_open_as_the_current_version() {
    let seed = presets::find("seed-2023").unwrap().json;
    // As version 2 and 3 wrote it: no rescaling named, scenarios optional.
    let old =
        seed.replace(r#""version": 4"#, r#""version": 2"#).replace(",\n    \"not_applicable_rescale\": \"list\"", "");
    assert!(!old.contains("not_applicable_rescale"));
    let evaluation = load_str(&old).unwrap();
    assert!(evaluation.scenarios.is_empty());
    // An older file rescales not-applicable indicators within their list, as it always scored.
    assert_eq!(evaluation.meta.not_applicable_rescale, jixiao::domain::Rescale::List);
    assert_eq!(format::to_json(&evaluation), seed);
    // A version 4 file that does not say rescales over the whole table, as the national template does.
    let v4 = seed.replace(",\n    \"not_applicable_rescale\": \"list\"", "");
    assert_eq!(load_str(&v4).unwrap().meta.not_applicable_rescale, jixiao::domain::Rescale::Table);
}

#[test]
fn a_file_describes_who_and_what_it_is() {
    use jixiao::domain::Lang;
    let seed = presets::find("seed-2023").unwrap().evaluation().unwrap();
    assert_eq!(
        format::describe(&seed, Lang::Zh),
        "2023年度部门整体支出绩效自评 · 广州市人力资源和社会保障局 · 2023 年度 · 54 个指标 · 计算总分 97.779（优）"
    );
    assert!(format::describe(&seed, Lang::En).ends_with("54 indicators · computed total 97.779 (优)"));
}

/// The calculator's own CSV export (or any table saved as text) opened as a file: it says a CSV
/// cannot be opened and which files can, not "JSON 格式错误" at line 1; a .txt holding a good file
/// still opens, and one holding a broken evaluation keeps its detailed problems.
#[test]
fn a_csv_or_text_table_names_the_files_that_open() {
    let evaluation = presets::find("seed-2023").unwrap().evaluation().unwrap();
    let scored = jixiao::domain::score(&evaluation);
    let csv = jixiao::export::to_csv(&evaluation, &scored, Lang::Zh);
    for name in ["2023-自评表.csv", "EXPORT.CSV", "表格.tsv", "notes.txt"] {
        let error = format::load_named(name, csv.as_bytes()).unwrap_err();
        assert_eq!(error.problems.len(), 1, "{name}");
        let problem = &error.problems[0];
        assert_eq!(problem.code(), "text_table", "{name}");
        let (zh, en) = (problem.message(Lang::Zh), problem.message(Lang::En));
        assert!(zh.contains("不能在这里打开") && zh.contains(".json") && zh.contains(".xlsx"), "{zh}");
        assert!(!zh.contains("JSON 格式错误") && !zh.contains("第 1 行"), "{zh}");
        assert!(en.contains("cannot be opened") && en.contains(".json"), "{en}");
    }
    // Named .json, the same bytes are what they are: a JSON syntax error.
    assert_eq!(format::load_named("x.json", csv.as_bytes()).unwrap_err().problems[0].code(), "syntax");
    let good = format::to_json(&evaluation);
    assert_eq!(format::load_named("saved.txt", good.as_bytes()).unwrap(), evaluation);
    let broken = good.replacen("\"points\": \"100\"", "\"points\": \"abc\"", 1);
    assert_ne!(broken, good);
    assert_eq!(format::load_named("saved.txt", broken.as_bytes()).unwrap_err().problems[0].code(), "not_a_number");
}
