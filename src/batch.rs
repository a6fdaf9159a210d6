//! `jixiao review PATH…`: the reviewer's list over many files. Files and folders (walked recursively),
//! each read through `read_evaluation`, scored on every core (rayon; one by one in the wasm build, which
//! has no files anyway), reduced to its `Row` and dropped: only the rows are kept, so memory grows with
//! the number of files, not their size. Then the rows are sorted by path, compared with each other
//! (the same content twice, two versions of one unit's year, a year other than most) and printed.
//! See docs/FORMAT.md, "jixiao review".

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{json, Value};

use crate::cli::Outcome;
use crate::domain::num::{format_exact, format_fixed, format_fixed_signed, format_short};
pub use crate::domain::review::compare::Flag;
use crate::domain::review::compare::{fingerprint, flag_all, Compared};
use crate::domain::review::{review_opinions, Review, Row};
use crate::domain::{score, Evaluation, Lang};
use crate::format;

/// Exit codes of `jixiao review`: an evaluation has an error-level finding; a file could not be read
/// (wins over the former).
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_UNREADABLE: i32 = 2;

/// Extensions a folder's files are read by (case-insensitive); a file named on the command line is
/// read whatever its name. Workbooks join here when `read_evaluation` reads them.
pub const EXTENSIONS: &[&str] = &["json"];

/// Error codes (`[code] …` at the start of `read_evaluation`'s error) meaning the file was read and is
/// something other than an evaluation.
pub const NOT_AN_EVALUATION: &[&str] = &["not_an_evaluation", "wrong_format", "not_an_object"];

/// THE SEAM: one file, read as an evaluation, with notes about how it was read (a workbook's sheet,
/// the rows skipped…; none for JSON). The error is `[code] message` (several joined by "; "); a code
/// from `NOT_AN_EVALUATION` says the file is something else. Reads JSON through `format::load` for now;
/// workbooks are to be read here too (and their extension added to `EXTENSIONS`).
pub fn read_evaluation(path: &Path, lang: Lang) -> Result<(Evaluation, Vec<String>), String> {
    let limit = format::MAX_FILE_BYTES as u64 + 1;
    let io = |error: std::io::Error| format!("[io] {error}");
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size >= limit {
        return Err(problems(&format::LoadError::too_large(usize::try_from(size).unwrap_or(usize::MAX)), lang));
    }
    // Sized once (plus the byte that tells a file grown since from one that did not): growing the
    // buffer by doubling copied each file three times.
    let mut bytes = Vec::with_capacity(usize::try_from(size + 1).unwrap_or(0));
    file.take(limit).read_to_end(&mut bytes).map_err(io)?;
    format::load(&bytes).map(|evaluation| (evaluation, Vec::new())).map_err(|error| problems(&error, lang))
}

/// A load error as one line: its first three problems, and how many more.
fn problems(error: &format::LoadError, lang: Lang) -> String {
    let mut parts: Vec<String> =
        error.problems.iter().take(3).map(|p| format!("[{}] {}", p.code(), p.message(lang))).collect();
    if error.problems.len() > 3 {
        let more = error.problems.len() - 3;
        parts.push(lang.pick(format!("另有 {more} 处问题"), format!("{more} more problems")));
    }
    parts.join("; ")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Read and scored.
    Evaluated,
    /// Read, and not an evaluation (another JSON file, another workbook).
    NotEvaluation,
    /// Could not be read: missing, unreadable, too large, broken, or an evaluation that does not load.
    Unreadable,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Evaluated => "ok",
            Status::NotEvaluation => "not_evaluation",
            Status::Unreadable => "unreadable",
        }
    }
}

/// One file on the list.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub path: String,
    pub status: Status,
    /// Why it was not read, or what it is instead.
    pub reason: Option<String>,
    pub row: Option<Row>,
    pub flags: Vec<Flag>,
    /// Two independent 64-bit hashes of the evaluation as saved: equal content, equal fingerprint.
    fingerprint: Option<(u64, u64)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Table,
    Csv,
    Json,
}

pub struct Options {
    pub format: OutputFormat,
    pub opinions: bool,
    pub year: Option<i32>,
    pub lang: Lang,
}

/// `jixiao review` after `review`: its options and paths.
pub fn review(args: &[&str], lang: Lang, usage: &str) -> Outcome {
    let mut options = Options { format: OutputFormat::Table, opinions: false, year: None, lang };
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut iter = args.iter();
    let wrong = |what: &str| Outcome {
        code: crate::cli::EXIT_USAGE,
        stdout: String::new(),
        stderr: format!("{what}\n\n{usage}\n"),
    };
    while let Some(arg) = iter.next() {
        match *arg {
            "--format" => match iter.next().copied() {
                Some("table") => options.format = OutputFormat::Table,
                Some("csv") => options.format = OutputFormat::Csv,
                Some("json") => options.format = OutputFormat::Json,
                _ => return wrong("--format takes table, csv or json"),
            },
            "--opinions" => options.opinions = true,
            "--year" => match iter.next().and_then(|y| y.parse::<i32>().ok()) {
                Some(year) => options.year = Some(year),
                None => return wrong("--year takes a year"),
            },
            flag if flag.starts_with("--") => return wrong(&format!("unknown option {flag}")),
            path => paths.push(PathBuf::from(path)),
        }
    }
    if paths.is_empty() {
        return wrong("review needs at least one file or folder");
    }
    let skipped = AtomicUsize::new(0);
    let entries = assess_all(Walk::new(paths, &skipped), lang);
    let entries = compare(entries, options.year);
    let code = exit_code(&entries);
    let stdout = match options.format {
        OutputFormat::Table => table(&entries, &options),
        OutputFormat::Csv => csv(&entries, &options),
        OutputFormat::Json => json_lines(&entries, &options),
    };
    let stderr = summary(&entries, skipped.load(Ordering::Relaxed), lang);
    Outcome { code, stdout, stderr }
}

/// 2 if a file could not be read, else 1 if an evaluation has an error-level finding, else 0.
pub fn exit_code(entries: &[Entry]) -> i32 {
    if entries.iter().any(|e| e.status == Status::Unreadable) {
        EXIT_UNREADABLE
    } else if entries.iter().any(|e| e.row.as_ref().is_some_and(|r| r.errors > 0)) {
        EXIT_FINDINGS
    } else {
        0
    }
}

/// What the walk yields: a file to read, or a path that could not be listed or does not exist.
enum Walked {
    File(PathBuf),
    Failed(PathBuf, String),
}

/// The files under the paths, depth first, listed one folder at a time (never the whole tree at once).
/// Symbolic links to folders are not followed (no cycles); links to files are read.
struct Walk<'a> {
    /// Paths named on the command line, still to visit, in reverse.
    args: Vec<PathBuf>,
    /// Open folders.
    stack: Vec<std::fs::ReadDir>,
    skipped: &'a AtomicUsize,
}

impl<'a> Walk<'a> {
    fn new(mut args: Vec<PathBuf>, skipped: &'a AtomicUsize) -> Walk<'a> {
        args.reverse();
        Walk { args, stack: Vec::new(), skipped }
    }

    fn open(&mut self, dir: PathBuf) -> Option<Walked> {
        match std::fs::read_dir(&dir) {
            Ok(entries) => {
                self.stack.push(entries);
                None
            }
            Err(error) => Some(Walked::Failed(dir, format!("[io] {error}"))),
        }
    }
}

impl Iterator for Walk<'_> {
    type Item = Walked;

    fn next(&mut self) -> Option<Walked> {
        loop {
            if let Some(dir) = self.stack.last_mut() {
                match dir.next() {
                    None => {
                        self.stack.pop();
                    }
                    Some(Err(error)) => return Some(Walked::Failed(PathBuf::from("?"), format!("[io] {error}"))),
                    Some(Ok(entry)) => {
                        let path = entry.path();
                        let kind = entry.file_type();
                        match kind {
                            Ok(kind) if kind.is_dir() => {
                                if let Some(failed) = self.open(path) {
                                    return Some(failed);
                                }
                            }
                            Ok(kind) if kind.is_file() || (kind.is_symlink() && path.is_file()) => {
                                if has_extension(&path) {
                                    return Some(Walked::File(path));
                                }
                                self.skipped.fetch_add(1, Ordering::Relaxed);
                            }
                            Ok(_) => {}
                            Err(error) => return Some(Walked::Failed(path, format!("[io] {error}"))),
                        }
                    }
                }
                continue;
            }
            let arg = self.args.pop()?;
            if arg.is_dir() {
                if let Some(failed) = self.open(arg) {
                    return Some(failed);
                }
            } else {
                // Named on the command line: read whatever its name (a missing file says so).
                return Some(Walked::File(arg));
            }
        }
    }
}

fn has_extension(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// Every file read, scored and reduced to its row, on every core.
#[cfg(not(target_arch = "wasm32"))]
fn assess_all(walk: Walk<'_>, lang: Lang) -> Vec<Entry> {
    use rayon::iter::{ParallelBridge, ParallelIterator};
    walk.par_bridge().map(|walked| assess(walked, lang)).collect()
}

#[cfg(target_arch = "wasm32")]
fn assess_all(walk: Walk<'_>, lang: Lang) -> Vec<Entry> {
    walk.map(|walked| assess(walked, lang)).collect()
}

fn assess(walked: Walked, lang: Lang) -> Entry {
    let (path, read) = match walked {
        Walked::Failed(path, reason) => (path, Err(reason)),
        Walked::File(path) => {
            let read = read_evaluation(&path, lang);
            (path, read)
        }
    };
    let entry = |status, reason, row, flags, fingerprint| Entry {
        path: path.display().to_string(),
        status,
        reason,
        row,
        flags,
        fingerprint,
    };
    match read {
        Ok((evaluation, notes)) => {
            let scored = score(&evaluation);
            let row = Row::new(&evaluation, &scored);
            let fingerprint = fingerprint(&evaluation);
            let flags = notes.into_iter().map(|text| Flag::Note { text }).collect();
            entry(Status::Evaluated, None, Some(row), flags, Some(fingerprint))
        }
        Err(reason) => {
            let code = reason.strip_prefix('[').and_then(|r| r.split(']').next()).unwrap_or("");
            let status = if NOT_AN_EVALUATION.contains(&code) { Status::NotEvaluation } else { Status::Unreadable };
            entry(status, Some(reason), None, Vec::new(), None)
        }
    }
}

/// Sorted by path, each entry flagged with what the others reveal about it (`review::compare`).
pub fn compare(mut entries: Vec<Entry>, year: Option<i32>) -> Vec<Entry> {
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    let compared: Vec<Compared<'_>> =
        entries.iter().map(|e| Compared { name: &e.path, row: e.row.as_ref(), fingerprint: e.fingerprint }).collect();
    let flags = flag_all(&compared, year);
    for (entry, mut flags) in entries.iter_mut().zip(flags) {
        entry.flags.append(&mut flags);
    }
    entries
}

/// On standard error: how many files of each kind, and how many a folder held that were not read.
fn summary(entries: &[Entry], skipped: usize, lang: Lang) -> String {
    let count = |status| entries.iter().filter(|e| e.status == status).count();
    let (ok, other, unreadable) = (count(Status::Evaluated), count(Status::NotEvaluation), count(Status::Unreadable));
    let errors = entries.iter().filter(|e| e.row.as_ref().is_some_and(|r| r.errors > 0)).count();
    lang.pick(
        format!(
            "共 {} 个文件：{ok} 份评价（{errors} 份有错误），{other} 个不是评价文件，{unreadable} 个无法读取；文件夹中另有 {skipped} 个其他类型的文件未读取\n",
            entries.len()
        ),
        format!(
            "{} files: {ok} evaluations ({errors} with errors), {other} not evaluations, {unreadable} unreadable; {skipped} other files in the folders were not read\n",
            entries.len()
        ),
    )
}

/// What the row's last columns say: the finding, else why the file was not read.
fn finding(entry: &Entry, lang: Lang) -> String {
    match (&entry.row, &entry.reason) {
        (Some(row), _) => row.finding().map(|o| o.text(lang)).unwrap_or_default(),
        (None, Some(reason)) => match entry.status {
            Status::NotEvaluation => {
                lang.pick(format!("不是评价文件：{reason}"), format!("not an evaluation: {reason}"))
            }
            _ => lang.pick(format!("无法读取：{reason}"), format!("cannot be read: {reason}")),
        },
        (None, None) => String::new(),
    }
}

fn flags_text(entry: &Entry, lang: Lang) -> String {
    entry.flags.iter().map(|f| f.message(lang)).collect::<Vec<_>>().join(lang.pick("；", "; "))
}

fn percent(rate: rust_decimal::Decimal) -> String {
    format!("{}%", format_short(rate))
}

fn conclusion(row: &Row, lang: Lang) -> String {
    match &row.review {
        Some(Review::Record(record)) => record.conclusion.label(lang).to_string(),
        Some(Review::Flagged { .. }) => lang.pick("（无法读取）", "(unreadable)").to_string(),
        None => String::new(),
    }
}

/// Aligned columns for reading; with `--opinions`, each evaluation's opinions below it (`review_opinions`).
fn table(entries: &[Entry], options: &Options) -> String {
    let lang = options.lang;
    let header: Vec<String> = lang
        .pick(
            ["文件", "单位", "年度", "计算总分", "报告总分", "相差", "等级", "执行率", "错误", "警告", "审核", "要点"],
            [
                "file",
                "unit",
                "year",
                "computed",
                "reported",
                "difference",
                "grade",
                "execution",
                "errors",
                "warnings",
                "review",
                "finding",
            ],
        )
        .iter()
        .map(|s| s.to_string())
        .collect();
    let dash = || "—".to_string();
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|entry| {
            let mut last = finding(entry, lang);
            let flags = flags_text(entry, lang);
            if !flags.is_empty() {
                last = if last.is_empty() { format!("[{flags}]") } else { format!("[{flags}] {last}") };
            }
            match &entry.row {
                Some(row) => vec![
                    entry.path.clone(),
                    row.unit.clone(),
                    row.year.map_or_else(dash, |y| y.to_string()),
                    row.computed_display(),
                    // Beside the computed total, by the one rule for totals.
                    row.reported.map_or_else(dash, |r| format_fixed(r, row.display_decimals)),
                    row.difference.map_or_else(dash, |d| format_fixed_signed(d, row.display_decimals)),
                    row.grade_text(lang),
                    row.execution_rate.map_or_else(dash, percent),
                    row.errors.to_string(),
                    row.warnings.to_string(),
                    conclusion(row, lang),
                    last,
                ],
                None => {
                    let mut cells = vec![entry.path.clone()];
                    cells.extend((0..10).map(|_| dash()));
                    cells.push(last);
                    cells
                }
            }
        })
        .collect();
    let columns = header.len();
    let widths: Vec<usize> = (0..columns - 1)
        .map(|c| std::iter::once(&header).chain(&rows).map(|r| width(&r[c])).max().unwrap_or(0))
        .collect();
    let line = |cells: &[String]| {
        let mut out = String::new();
        for (c, cell) in cells.iter().enumerate() {
            out.push_str(cell);
            if c + 1 < columns {
                out.push_str(&" ".repeat(widths[c] - width(cell) + 2));
            }
        }
        out.trim_end().to_string() + "\n"
    };
    let mut out = line(&header);
    for (entry, cells) in entries.iter().zip(&rows) {
        out += &line(cells);
        if let Some(row) = entry.row.as_ref().filter(|_| options.opinions) {
            for opinion in review_opinions(row, lang) {
                out += &format!("    {opinion}\n");
            }
        }
    }
    out
}

/// Columns of a terminal: East Asian wide characters take two.
fn width(text: &str) -> usize {
    text.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x20000..=0x3FFFD => 2,
            _ => 1,
        })
        .sum()
}

/// The CSV header: English names, the same in both languages (the texts in the rows are in `--lang`).
pub const CSV_COLUMNS: &[&str] = &[
    "path",
    "status",
    "unit",
    "title",
    "year",
    "computed",
    "reported",
    "difference",
    "grade",
    "provisional",
    "pending_inputs",
    "invalid_inputs",
    "execution_rate",
    "errors",
    "warnings",
    "review",
    "flags",
    "flag_messages",
    "finding",
];

/// RFC 4180 with `\n` line ends; exact decimals; `opinions` (numbered, one a line) last with `--opinions`.
fn csv(entries: &[Entry], options: &Options) -> String {
    let lang = options.lang;
    let mut out = String::new();
    let mut header: Vec<&str> = CSV_COLUMNS.to_vec();
    if options.opinions {
        header.push("opinions");
    }
    out += &header.join(",");
    out.push('\n');
    for entry in entries {
        let row = entry.row.as_ref();
        let line = crate::export::csv::ReviewLine {
            file: &entry.path,
            status: entry.status.as_str(),
            row,
            flag_codes: entry.flags.iter().map(Flag::code).collect::<Vec<_>>().join(";"),
            flag_messages: flags_text(entry, lang),
            finding: finding(entry, lang),
        };
        let opinions = options.opinions.then(|| row.map(|r| review_opinions(r, lang).join("\n")).unwrap_or_default());
        crate::export::csv::push_review_line(&mut out, line, opinions);
    }
    out
}

/// JSON Lines: one object per file, in the same order as the other formats.
fn json_lines(entries: &[Entry], options: &Options) -> String {
    let lang = options.lang;
    let exact = |d: Option<rust_decimal::Decimal>| d.map_or(Value::Null, |d| Value::String(format_exact(d)));
    let mut out = String::new();
    for entry in entries {
        let mut object = json!({
            "path": entry.path,
            "status": entry.status.as_str(),
            "reason": entry.reason,
            "flags": entry.flags.iter().map(|f| json!({ "code": f.code(), "message": f.message(lang) })).collect::<Vec<_>>(),
        });
        if let Some(row) = &entry.row {
            let fields = json!({
                "unit": row.unit,
                "title": row.title,
                "year": row.year,
                "computed": exact(Some(row.computed)),
                "display": row.computed_display(),
                "reported": exact(row.reported),
                "difference": exact(row.difference),
                "grade": row.grade,
                "provisional": row.provisional(),
                "pending_inputs": row.open.pending,
                "invalid_inputs": row.open.invalid,
                "execution_rate": exact(row.execution_rate),
                "errors": row.errors,
                "warnings": row.warnings,
                "finding": row.finding().map(|o| json!({
                    "code": o.code,
                    "node_id": o.node_id,
                    "indicator_id": o.indicator_id,
                    "at_stake": exact(o.at_stake),
                    "text": o.text(lang),
                })),
                "review": row.review.as_ref().map(|review| match review {
                    Review::Record(record) => json!({
                        "conclusion": record.conclusion.as_str(),
                        "reviewer": record.reviewer,
                        "date": record.date,
                    }),
                    Review::Flagged { problems, .. } => json!({
                        "conclusion": "flagged",
                        "problems": problems.iter().map(|p| p.code()).collect::<Vec<_>>(),
                    }),
                }),
            });
            if let (Value::Object(target), Value::Object(source)) = (&mut object, fields) {
                target.extend(source);
            }
            if options.opinions {
                object["opinions"] = json!(review_opinions(row, lang));
            }
        }
        out += &serde_json::to_string(&object).unwrap_or_default();
        out.push('\n');
    }
    out
}
