//! `jixiao`, the command line on the same engine: for reviewers who check many files, and for tests.
//! All of it is here, as a function of arguments and input to output, so tests call it directly.

use std::io::Read;

use crate::domain::{score, Lang};
use crate::format::{self, report};
use crate::presets;

pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    fn ok(stdout: String) -> Outcome {
        Outcome { code: 0, stdout, stderr: String::new() }
    }
    fn fail(code: i32, stderr: String) -> Outcome {
        Outcome { code, stdout: String::new(), stderr }
    }
}

/// Exit codes: 0 done, 1 the file (or preset) was refused, 2 the command line was wrong.
pub const EXIT_REFUSED: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

pub const USAGE: &str = "\
jixiao — 绩效自评计算器 (performance self-evaluation calculator)

usage:
  jixiao score FILE.json [--lang zh|en]   print the scored evaluation as JSON
  jixiao check FILE.json [--lang zh|en]   exit 1 with every problem if the file does not load
  jixiao import FILE.xlsx [--sheet NAME|N]  print a workbook's table as an evaluation file (notes on stderr)
  jixiao preset NAME                      print a built-in evaluation
  jixiao preset --list                    print the built-in names, one a line
  jixiao review PATH… [--format table|csv|json] [--opinions] [--year YEAR] [--lang zh|en]
                                          one line per evaluation in the files and folders; exit 1
                                          if one has an error, 2 if a file cannot be read
FILE may be - for standard input; score and check also take a workbook (.xlsx, .xlsm, .xls, .ods).";

pub fn run(args: &[String], stdin: &mut dyn Read) -> Outcome {
    let mut lang = Lang::Zh;
    let mut words: Vec<&str> = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--lang" => match iter.next().and_then(|code| Lang::from_code(code)) {
                Some(l) => lang = l,
                None => return Outcome::fail(EXIT_USAGE, format!("--lang takes zh or en\n\n{USAGE}\n")),
            },
            "-h" | "--help" => return Outcome::ok(format!("{USAGE}\n")),
            other => words.push(other),
        }
    }
    match words.as_slice() {
        ["score", file] => with_file(file, stdin, lang, |evaluation| {
            let scored = score(&evaluation);
            let json = report::scored_json(&evaluation, &scored, lang);
            Outcome::ok(serde_json::to_string_pretty(&json).unwrap_or_default() + "\n")
        }),
        ["check", file] => with_file(file, stdin, lang, |evaluation| {
            let nodes = evaluation.root.walk().count();
            let indicators: usize = evaluation.root.walk().map(|n| n.indicators().len()).sum();
            Outcome::ok(match lang {
                Lang::Zh => format!("ok: {file} 可以打开（{nodes} 个项目，{indicators} 个指标）\n"),
                Lang::En => format!("ok: {file} loads ({nodes} nodes, {indicators} indicators)\n"),
            })
        }),
        ["import", file, rest @ ..] => import_workbook(file, rest, stdin, lang),
        ["preset", "--list"] => Outcome::ok(presets::PRESETS.iter().map(|p| format!("{}\n", p.name)).collect()),
        ["preset", name] => match presets::find(name) {
            // In the current saved form (the stored presets are kept in it; a test says so).
            Some(preset) => match preset.evaluation() {
                Ok(evaluation) => Outcome::ok(crate::format::to_json(&evaluation)),
                Err(error) => Outcome::fail(EXIT_REFUSED, format!("{}\n", error.messages(Lang::En).join("\n"))),
            },
            None => Outcome::fail(
                EXIT_REFUSED,
                format!("no preset named “{name}”; the presets are: {}\n", preset_names().join(", ")),
            ),
        },
        ["review", rest @ ..] => crate::batch::review(rest, lang, USAGE),
        _ => Outcome::fail(EXIT_USAGE, format!("{USAGE}\n")),
    }
}

fn preset_names() -> Vec<&'static str> {
    presets::PRESETS.iter().map(|p| p.name).collect()
}

fn with_file(
    file: &str,
    stdin: &mut dyn Read,
    lang: Lang,
    then: impl FnOnce(crate::domain::Evaluation) -> Outcome,
) -> Outcome {
    let bytes = match read_bytes(file, stdin, lang) {
        Ok(bytes) => bytes,
        Err(refusal) => return refusal,
    };
    if crate::import::is_workbook(file, &bytes) {
        return match crate::import::read_workbook(&bytes, file, None) {
            Ok(imported) => {
                let mut outcome = then(imported.evaluation);
                outcome.stderr.insert_str(0, &notes(file, &imported.report));
                outcome
            }
            Err(error) => Outcome::fail(EXIT_REFUSED, format!("{file}: [{}] {}\n", error.code(), error.message(lang))),
        };
    }
    match format::load_named(file, &bytes) {
        Ok(evaluation) => then(evaluation),
        Err(error) => refused(file, &error, lang),
    }
}

/// One line per problem on standard error: `FILE: [code] message [path]`, the JSON path last, for
/// those who edit the file by hand (a message that names no place in words has none after it).
fn refused(file: &str, error: &format::LoadError, lang: Lang) -> Outcome {
    let lines: String = error
        .problems
        .iter()
        .map(|p| match p.path_detail() {
            Some(path) => format!("{file}: [{}] {} [{path}]\n", p.code(), p.message(lang)),
            None => format!("{file}: [{}] {}\n", p.code(), p.message(lang)),
        })
        .collect();
    Outcome::fail(EXIT_REFUSED, lines)
}

/// `jixiao import FILE.xlsx [--sheet NAME|N]`: the evaluation on standard output in the current file
/// format, the import report on standard error.
fn import_workbook(file: &str, rest: &[&str], stdin: &mut dyn Read, lang: Lang) -> Outcome {
    let sheet = match rest {
        [] => None,
        ["--sheet", sheet] => Some(crate::import::SheetChoice::parse(sheet)),
        _ => return Outcome::fail(EXIT_USAGE, format!("{USAGE}\n")),
    };
    let bytes = match read_bytes(file, stdin, lang) {
        Ok(bytes) => bytes,
        Err(refusal) => return refusal,
    };
    match crate::import::read_workbook(&bytes, file, sheet.as_ref()) {
        Ok(imported) => {
            Outcome { code: 0, stdout: format::to_json(&imported.evaluation), stderr: notes(file, &imported.report) }
        }
        Err(error) => Outcome::fail(EXIT_REFUSED, format!("{file}: [{}] {}\n", error.code(), error.message(lang))),
    }
}

/// A file's bytes (`-`: standard input), or the refusal of a file too large to read or unreadable.
fn read_bytes(file: &str, stdin: &mut dyn Read, lang: Lang) -> Result<Vec<u8>, Outcome> {
    // Read one byte past the limit: enough to refuse a huge file without holding all of it.
    let limit = format::MAX_FILE_BYTES as u64 + 1;
    // A file on disk says its size: refuse a huge one with that size, before reading any of it.
    if let Some(size) = (file != "-").then(|| std::fs::metadata(file).map(|m| m.len()).ok()).flatten() {
        if size >= limit {
            return Err(refused(
                file,
                &format::LoadError::too_large(usize::try_from(size).unwrap_or(usize::MAX)),
                lang,
            ));
        }
    }
    let mut bytes = Vec::new();
    let read = if file == "-" {
        stdin.take(limit).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(file).and_then(|f| f.take(limit).read_to_end(&mut bytes))
    };
    if let Err(error) = read {
        return Err(Outcome::fail(EXIT_REFUSED, format!("{file}: {error}\n")));
    }
    if bytes.len() as u64 >= limit {
        return Err(refused(file, &format::LoadError::too_large(bytes.len()), lang));
    }
    Ok(bytes)
}

/// The import report, one line each, on standard error.
fn notes(file: &str, report: &crate::import::ImportReport) -> String {
    report.lines().iter().map(|line| format!("{file}: {line}\n")).collect()
}
