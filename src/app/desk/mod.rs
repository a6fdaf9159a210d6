//! The reviewer's desk (审核台): many evaluations at once, each reduced to its reviewer's row
//! (`domain::review::Row`), compared with the others (`domain::review::compare`), sorted, filtered and
//! reviewed. Plain Rust with its own reducer (`DeskState::step`), tested natively like the
//! calculator's state; the view (`components::desk`) turns events into `DeskAction`s, and the reading
//! of files (`components::desk::read_file`) ends in `read_bytes` below.

use std::cmp::Ordering;
use std::rc::Rc;

use rust_decimal::Decimal;

use crate::domain::review::compare::{fingerprint, flag_all, Compared, Flag};
use crate::domain::review::{generated_in, numbered, review_opinions, Conclusion, Review, ReviewRecord, Row};
use crate::domain::{score, Evaluation, Lang};
use crate::format::{self, LoadError};

/// One file on the desk.
#[derive(Clone, Debug, PartialEq)]
pub struct DeskEntry {
    /// In the order the files arrived; stays the entry's name while it is on the desk.
    pub id: u32,
    pub file_name: String,
    pub body: Body,
    /// What the other entries reveal about it.
    pub flags: Vec<Flag>,
    /// A file that did not load, as it came: what the desk's storage keeps of it (`store`).
    pub original: Option<Rc<[u8]>>,
    /// The evaluation changed after its review was written and the reviewer's edited opinions were
    /// kept (`carry_review`): flagged `review_stale` until the reviewer touches the review again.
    pub review_stale: bool,
    /// Changed in the calculator and taken back (返回审核台): the desk's copy is no longer the file
    /// read, and a file picked again under its name does not replace it (`merge`).
    pub edited: bool,
}

/// A file read: its name, what it is, and (if it did not load) its bytes as they came.
#[derive(Clone, Debug, PartialEq)]
pub struct Arrived {
    pub name: String,
    pub body: Body,
    pub original: Option<Rc<[u8]>>,
    /// Restored from storage: the entry's review was written before its evaluation changed.
    pub review_stale: bool,
    /// Restored from storage: the entry was changed in the calculator (`DeskEntry::edited`).
    pub edited: bool,
}

impl Arrived {
    pub fn read(name: &str, bytes: &[u8]) -> Arrived {
        let body = read_bytes(name, bytes);
        let failed = matches!(body, Body::NotEvaluation(_) | Body::Unreadable(_));
        Arrived {
            name: name.to_string(),
            original: failed.then(|| Rc::from(bytes)),
            body,
            review_stale: false,
            edited: false,
        }
    }

    pub fn of(name: &str, body: Body) -> Arrived {
        Arrived { name: name.to_string(), body, original: None, review_stale: false, edited: false }
    }

    /// A new entry of the desk, under this id.
    fn into_entry(self, id: u32) -> DeskEntry {
        let Arrived { name, body, original, review_stale, edited } = self;
        DeskEntry { id, file_name: name, body, flags: Vec::new(), original, review_stale, edited }
    }
}

/// A name on the desk without its folder: the file's own name, as the calculator knows it.
pub fn base_name(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

/// The files of one pick or drop in the order they are read and listed: by path, as `jixiao review`
/// lists them (a folder picker hands them over in the disk's order). Sorted before reading, so the
/// reading streams as fast as before.
pub fn in_path_order<T>(files: &mut [(String, T)]) {
    files.sort_by(|a, b| a.0.cmp(&b.0));
}

/// What a file turned out to be.
#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    Evaluated(Rc<Assessed>),
    /// Read, and something other than an evaluation (another JSON file).
    NotEvaluation(LoadError),
    /// An evaluation file that does not load, or a file too large.
    Unreadable(LoadError),
    /// The browser could not read the file (removed since it was picked, a folder dropped as a file).
    ReadFailed,
    /// A workbook this page cannot read: no import worker (the single file opened from disk).
    Workbook,
    /// A workbook the import worker refused (not a table, encrypted, damaged…), in its words.
    WorkbookRefused {
        zh: String,
        en: String,
    },
}

/// An evaluation read and scored, reduced to its row.
#[derive(Clone, Debug, PartialEq)]
pub struct Assessed {
    pub evaluation: Rc<Evaluation>,
    pub row: Row,
    pub fingerprint: (u64, u64),
}

impl Assessed {
    pub fn of(evaluation: Rc<Evaluation>) -> Assessed {
        let scored = score(&evaluation);
        let row = Row::new(&evaluation, &scored);
        Assessed { fingerprint: fingerprint(&evaluation), row, evaluation }
    }

    /// The same evaluation with another review record: nothing to score again, and the same
    /// fingerprint (the review record is not part of it).
    fn with_review(&self, review: Option<Review>) -> Assessed {
        let mut evaluation = (*self.evaluation).clone();
        evaluation.review = review.clone();
        let mut row = self.row.clone();
        row.review = review;
        Assessed { fingerprint: self.fingerprint, row, evaluation: Rc::new(evaluation) }
    }
}

/// `came` (the entry's evaluation, changed) with the review `kept` had: a record whose opinions are
/// the generated ones, untouched, gets the opinions generated from the new figures (in the same
/// language); opinions the reviewer edited are kept as written and the review is marked stale (the
/// second value). The conclusion, reviewer and date stay: they are the reviewer's.
fn carry_review(kept: &Assessed, stale: bool, came: &Assessed) -> (Rc<Assessed>, bool) {
    match &kept.row.review {
        None if came.row.review.is_none() => (Rc::new(came.clone()), false),
        None => (Rc::new(came.with_review(None)), false),
        Some(Review::Record(record)) => match generated_in(&record.opinions, &kept.row) {
            Some(lang) => {
                let record = ReviewRecord { opinions: numbered(&came.row.opinions, lang), ..record.clone() };
                (Rc::new(came.with_review(Some(Review::Record(record)))), stale)
            }
            None => (Rc::new(came.with_review(Some(Review::Record(record.clone())))), true),
        },
        // A record nobody can read stays as it was (flagged as such already).
        Some(flagged) => (Rc::new(came.with_review(Some(flagged.clone()))), stale),
    }
}

/// What became of a file read again under a name already on the desk (`merge`).
enum Merge {
    /// The same evaluation (or the same file): the entry stays as it is, its review with it.
    Same,
    /// It no longer loads: the entry stays as it was (its evaluation and review are not lost).
    NotRead,
    /// Changed: the entry as it is now (same id, same place).
    Updated(DeskEntry),
    /// Different, but the desk's copy was changed in the calculator: kept, the reviewer's work is not
    /// replaced unasked by a file read again.
    KeptEdited,
}

/// A file read again under a name already on the desk, against the entry there. The same
/// evaluation (whatever its review record) keeps the entry and the desk's review (the file's own only
/// where the desk has none); a changed evaluation replaces the entry's: with no review of its own it
/// carries the desk's (`carry_review`), with one it comes as it is.
fn merge(entry: &DeskEntry, arrived: Arrived) -> Merge {
    let kept = entry.assessed();
    let Body::Evaluated(came) = &arrived.body else {
        if kept.is_some() {
            return Merge::NotRead;
        }
        let same = entry.body == arrived.body && entry.original == arrived.original;
        return if same {
            Merge::Same
        } else {
            Merge::Updated(DeskEntry {
                body: arrived.body,
                original: arrived.original,
                review_stale: false,
                ..entry.clone()
            })
        };
    };
    let Some(kept) = kept else {
        return Merge::Updated(DeskEntry { body: arrived.body, original: None, review_stale: false, ..entry.clone() });
    };
    if entry.edited && kept.fingerprint != came.fingerprint {
        return Merge::KeptEdited;
    }
    let (body, review_stale) = if kept.fingerprint == came.fingerprint {
        if kept.row.review.is_some() || came.row.review.is_none() {
            return Merge::Same;
        }
        (arrived.body, false)
    } else if came.row.review.is_some() {
        (arrived.body, false)
    } else {
        let (assessed, stale) = carry_review(kept, entry.review_stale, came);
        (Body::Evaluated(assessed), stale)
    };
    Merge::Updated(DeskEntry { body, original: None, review_stale, ..entry.clone() })
}

/// A row's `data-status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Read, nothing to say.
    Ok,
    /// Read, with a finding (an opinion) or a flag (a duplicate, another year…).
    Findings,
    /// Not read as an evaluation.
    Error,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Findings => "findings",
            Status::Error => "error",
        }
    }
}

impl DeskEntry {
    pub fn assessed(&self) -> Option<&Assessed> {
        match &self.body {
            Body::Evaluated(assessed) => Some(assessed),
            _ => None,
        }
    }

    /// The evaluation's `Rc`, whose pointer says whether it changed.
    pub fn assessed_rc(&self) -> Option<Rc<Assessed>> {
        match &self.body {
            Body::Evaluated(assessed) => Some(assessed.clone()),
            _ => None,
        }
    }

    pub fn row(&self) -> Option<&Row> {
        self.assessed().map(|a| &a.row)
    }

    pub fn status(&self) -> Status {
        match self.row() {
            None => Status::Error,
            Some(row) if row.finding().is_some() || !self.flags.is_empty() => Status::Findings,
            Some(_) => Status::Ok,
        }
    }

    pub fn record(&self) -> Option<&ReviewRecord> {
        self.row().and_then(|r| r.review.as_ref()).and_then(Review::record)
    }

    pub fn conclusion(&self) -> Option<Conclusion> {
        self.record().map(|r| r.conclusion)
    }

    /// The opinions as the review pane starts them: the record's, else the generated ones (as
    /// `jixiao review --opinions` prints them: `review_opinions`).
    pub fn opinions_text(&self, lang: Lang) -> String {
        self.row().map(|row| review_opinions(row, lang).join("\n")).unwrap_or_default()
    }

    /// The name its download takes: the name it came with (the department recognises its file),
    /// without the folder; a workbook's entry downloads its evaluation file, so `.json` ends it.
    pub fn download_name(&self) -> String {
        let name = base_name(&self.file_name);
        match name.rsplit_once('.') {
            Some((stem, _)) if !stem.is_empty() && crate::import::is_workbook(name, &[]) => format!("{stem}.json"),
            _ => name.to_string(),
        }
    }

    /// The entry as the desk's exports hand it on (`export::desk`).
    pub fn line(&self, lang: Lang) -> crate::export::desk::DeskLine<'_> {
        crate::export::desk::DeskLine {
            file: &self.file_name,
            status: match self.body {
                Body::Evaluated(_) => "ok",
                Body::NotEvaluation(_) => "not_evaluation",
                _ => "unreadable",
            },
            row: self.row(),
            flag_codes: self.flags.iter().map(Flag::code).collect(),
            flag_messages: self.flags.iter().map(|f| f.message(lang)).collect(),
            finding: self.finding(lang),
            opinions: self.opinions_text(lang).lines().map(str::to_string).collect(),
        }
    }

    /// What the row's last column says: why the file was not read, else its most important finding.
    pub fn finding(&self, lang: Lang) -> String {
        let first_problem = |error: &LoadError| {
            let mut text = error.problems.first().map(|p| p.message(lang)).unwrap_or_default();
            if error.problems.len() > 1 {
                let more = error.problems.len() - 1;
                text += &lang.pick(format!("（另有 {more} 处问题）"), format!(" ({more} more problems)"));
            }
            text
        };
        match &self.body {
            Body::Evaluated(assessed) => assessed.row.finding().map(|o| o.text(lang)).unwrap_or_default(),
            Body::NotEvaluation(error) => lang.pick(
                format!("不是评价文件：{}", first_problem(error)),
                format!("not an evaluation: {}", first_problem(error)),
            ),
            Body::Unreadable(error) => lang.pick(
                format!("无法读取：{}", first_problem(error)),
                format!("cannot be read: {}", first_problem(error)),
            ),
            Body::ReadFailed => lang
                .pick(
                    "浏览器无法读取该文件（可能已被移动或删除，或是一个文件夹）",
                    "the browser could not read this file (moved, removed, or a folder)",
                )
                .to_string(),
            Body::Workbook => lang
                .pick(
                    "这是一个工作簿：读取工作簿需要从网址打开的计算器（单文件版不能读取），或用 jixiao import 转为评价文件",
                    "a workbook: reading one needs the calculator opened from its web address (not the single file), or convert it with jixiao import",
                )
                .to_string(),
            Body::WorkbookRefused { zh, en } => lang.pick(zh, en).to_string(),
        }
    }
}

/// One file's bytes, as the desk takes them: never fails, a file that is not an evaluation says why.
/// A workbook is `Body::Workbook` here: the import worker reads it (`components::desk::read_file`).
pub fn read_bytes(file_name: &str, bytes: &[u8]) -> Body {
    if bytes.len() > format::MAX_FILE_BYTES {
        return Body::Unreadable(LoadError::too_large(bytes.len()));
    }
    if crate::import::is_workbook(file_name, bytes) {
        return Body::Workbook;
    }
    read_evaluation(bytes)
}

/// Bytes that are an evaluation file, whatever the file's name: a workbook read by the worker is kept
/// as the evaluation file it became, under the workbook's name.
pub fn read_evaluation(bytes: &[u8]) -> Body {
    match format::load(bytes) {
        Ok(evaluation) => Body::Evaluated(Rc::new(Assessed::of(Rc::new(evaluation)))),
        Err(error) => {
            let other = error.problems.iter().any(|p| crate::batch::NOT_AN_EVALUATION.contains(&p.code()));
            if other {
                Body::NotEvaluation(error)
            } else {
                Body::Unreadable(error)
            }
        }
    }
}

/// The columns a reviewer sorts by (the header cells, in order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    File,
    Unit,
    Year,
    Computed,
    Reported,
    Difference,
    Grade,
    Execution,
    Errors,
    Warnings,
    Conclusion,
    Finding,
}

impl Column {
    pub const ALL: [Column; 12] = [
        Column::File,
        Column::Unit,
        Column::Year,
        Column::Computed,
        Column::Reported,
        Column::Difference,
        Column::Grade,
        Column::Execution,
        Column::Errors,
        Column::Warnings,
        Column::Conclusion,
        Column::Finding,
    ];

    /// The header's `data-column`.
    pub fn as_str(self) -> &'static str {
        match self {
            Column::File => "file",
            Column::Unit => "unit",
            Column::Year => "year",
            Column::Computed => "computed",
            Column::Reported => "reported",
            Column::Difference => "difference",
            Column::Grade => "grade",
            Column::Execution => "execution",
            Column::Errors => "errors",
            Column::Warnings => "warnings",
            Column::Conclusion => "conclusion",
            Column::Finding => "finding",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    pub column: Column,
    pub descending: bool,
}

/// Which conclusions to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConclusionFilter {
    /// Not yet reviewed (no readable record).
    Unreviewed,
    Is(Conclusion),
}

impl ConclusionFilter {
    pub fn as_str(self) -> &'static str {
        match self {
            ConclusionFilter::Unreviewed => "none",
            ConclusionFilter::Is(c) => c.as_str(),
        }
    }

    pub fn parse(text: &str) -> Option<ConclusionFilter> {
        match text {
            "none" => Some(ConclusionFilter::Unreviewed),
            other => Conclusion::parse(other).map(ConclusionFilter::Is),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    /// Only entries with a finding, a flag, or not read.
    pub findings_only: bool,
    pub grade: Option<String>,
    pub conclusion: Option<ConclusionFilter>,
    /// Part of the file name, the unit or the title.
    pub search: String,
}

impl Filter {
    fn admits(&self, entry: &DeskEntry) -> bool {
        if self.findings_only && entry.status() == Status::Ok {
            return false;
        }
        if let Some(grade) = &self.grade {
            if entry.row().is_none_or(|r| &r.grade != grade) {
                return false;
            }
        }
        match self.conclusion {
            Some(ConclusionFilter::Unreviewed) if entry.conclusion().is_some() => return false,
            Some(ConclusionFilter::Is(c)) if entry.conclusion() != Some(c) => return false,
            _ => {}
        }
        let needle = self.search.trim().to_lowercase();
        needle.is_empty()
            || std::iter::once(entry.file_name.as_str())
                .chain(entry.row().into_iter().flat_map(|r| [r.unit.as_str(), r.title.as_str()]))
                .any(|hay| hay.to_lowercase().contains(&needle))
    }
}

/// Why the desk is not kept across a reload (it still works for the session).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageProblem {
    /// No IndexedDB (a private window of some browsers, storage switched off).
    Unavailable,
    /// The browser refused a write: most often its storage for this page is full.
    Full,
}

/// Reading under way: files asked for, and files done.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

/// Files of the last reading that were already on the desk under the same name (`merge`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Merged {
    /// The same evaluation (or the same file): the entry kept as it was, with its review.
    pub already: usize,
    /// Changed since: the entry now holds the file as it is.
    pub updated: usize,
    /// No longer loads: the entry kept as it was.
    pub not_read: usize,
    /// Different, but changed on the desk (in the calculator): the desk's copy kept.
    pub kept_edited: usize,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct DeskState {
    /// In the order the files arrived.
    pub entries: Rc<Vec<Rc<DeskEntry>>>,
    next_id: u32,
    pub sort: Option<Sort>,
    pub filter: Filter,
    /// The row with the keyboard focus and the review pane open.
    pub focused: Option<u32>,
    /// The page's scroll when the desk was left for the calculator, to come back to.
    pub scroll: f64,
    /// The desk is the view shown (else the calculator).
    pub shown: bool,
    /// The entry open in the calculator: "返回审核台" takes the calculator's evaluation back into it.
    pub opened: Option<u32>,
    /// 审核人: stamped on every record the desk writes.
    pub reviewer: String,
    pub progress: Progress,
    pub merged: Merged,
    pub storage_problem: Option<StorageProblem>,
    /// Side by side (issue 20): the entries picked to compare (at most two, the first picked on the
    /// left), and whether they are shown.
    pub picked: Vec<u32>,
    pub side_by_side: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum DeskAction {
    Show,
    /// Back to the calculator without opening an entry.
    Hide,
    /// Files picked or dropped: how many will be read.
    ReadStarted(usize),
    /// Files read (a chunk), in the order picked.
    Read(Vec<Arrived>),
    /// Entries kept from an earlier session, with their ids.
    Restore(Vec<(u32, Arrived)>),
    /// After a reload: the entry the calculator's restored work was opened from is open again, so
    /// 返回审核台 takes the work back into it (the entry may still be on its way from storage).
    Resume(u32),
    /// Sort by a column: ascending, then descending on a second click.
    SortBy(Column),
    FindingsOnly(bool),
    Grade(Option<String>),
    Conclusions(Option<ConclusionFilter>),
    Search(String),
    Focus(u32),
    /// Arrow keys: the next (+1) or previous (−1) row as shown.
    MoveFocus(i32),
    /// Opened in the calculator; `scroll` is where the desk was.
    Open {
        id: u32,
        scroll: f64,
    },
    /// The calculator's evaluation back into the entry opened, and the desk shown again.
    TakeBack(Rc<Evaluation>),
    /// Back to the desk with nothing taken back: the calculator holds another file by now.
    Abandon,
    /// 审核结论 (none: no record). A new record starts with the generated opinions in `lang`.
    SetConclusion {
        id: u32,
        conclusion: Option<Conclusion>,
        today: String,
        lang: Lang,
    },
    SetOpinions {
        id: u32,
        text: String,
        today: String,
        lang: Lang,
    },
    SetDate {
        id: u32,
        date: String,
        lang: Lang,
    },
    SetReviewer(String),
    StorageFailed(StorageProblem),
    Clear,
    /// Side by side: an entry picked (or unpicked) to compare; a third is refused while two are.
    Pick {
        id: u32,
        picked: bool,
    },
    /// The two picked shown side by side (true), or the desk again (false).
    SideBySide(bool),
    /// The picked two change sides.
    SwapSides,
}

impl DeskState {
    pub fn step(&self, action: DeskAction) -> DeskState {
        let mut next = self.clone();
        match action {
            DeskAction::Show => next.shown = true,
            DeskAction::Hide => next.shown = false,
            DeskAction::ReadStarted(count) => {
                if self.progress.done >= self.progress.total {
                    next.progress = Progress::default();
                    next.merged = Merged::default();
                }
                next.progress.total += count;
            }
            DeskAction::Read(files) => {
                next.progress.done += files.len();
                next.read(files);
            }
            DeskAction::Restore(entries) => next.add(entries.into_iter()),
            DeskAction::Resume(id) => {
                next.opened = Some(id);
                next.focused = Some(id);
                next.shown = false;
            }
            DeskAction::SortBy(column) => {
                next.sort = Some(match self.sort {
                    Some(sort) if sort.column == column => Sort { column, descending: !sort.descending },
                    _ => Sort { column, descending: false },
                })
            }
            DeskAction::FindingsOnly(on) => next.filter.findings_only = on,
            DeskAction::Grade(grade) => next.filter.grade = grade,
            DeskAction::Conclusions(which) => next.filter.conclusion = which,
            DeskAction::Search(text) => next.filter.search = text,
            DeskAction::Focus(id) => next.focused = Some(id),
            DeskAction::MoveFocus(by) => {
                let shown = self.visible();
                let at = self.focused.and_then(|id| shown.iter().position(|e| e.id == id));
                let to = match at {
                    Some(at) => (at as i64 + i64::from(by)).clamp(0, shown.len() as i64 - 1) as usize,
                    None if by < 0 => shown.len().saturating_sub(1),
                    None => 0,
                };
                next.focused = shown.get(to).map(|e| e.id).or(self.focused);
            }
            DeskAction::Open { id, scroll } => {
                if self.entry(id).is_some_and(|e| e.assessed().is_some()) {
                    next.opened = Some(id);
                    next.focused = Some(id);
                    next.scroll = scroll;
                    next.shown = false;
                }
            }
            DeskAction::TakeBack(evaluation) => {
                if let Some(id) = self.opened {
                    next.take_back(id, evaluation);
                }
                next.opened = None;
                next.shown = true;
            }
            DeskAction::Abandon => {
                next.opened = None;
                next.shown = true;
            }
            DeskAction::SetConclusion { id, conclusion, today, lang } => match conclusion {
                Some(conclusion) => next.write_review(id, &today, lang, |record| record.conclusion = conclusion),
                None => next.set_review(id, None),
            },
            DeskAction::SetOpinions { id, text, today, lang } => {
                next.write_review(id, &today, lang, |record| record.opinions = opinion_lines(&text))
            }
            DeskAction::SetDate { id, date, lang } => {
                next.write_review(id, &date.clone(), lang, |record| record.date = date)
            }
            DeskAction::SetReviewer(name) => next.reviewer = name,
            DeskAction::StorageFailed(problem) => next.storage_problem = Some(problem),
            DeskAction::Clear => {
                next = DeskState {
                    shown: self.shown,
                    reviewer: self.reviewer.clone(),
                    storage_problem: self.storage_problem,
                    ..DeskState::default()
                };
            }
            DeskAction::Pick { id, picked } => {
                let pickable = self.entry(id).is_some_and(|e| e.assessed().is_some());
                if !picked {
                    next.picked.retain(|p| *p != id);
                    next.side_by_side = false;
                } else if pickable && next.picked.len() < 2 && !next.picked.contains(&id) {
                    next.picked.push(id);
                }
            }
            DeskAction::SideBySide(shown) => next.side_by_side = shown && self.compared().is_some(),
            DeskAction::SwapSides => next.picked.reverse(),
        }
        next
    }

    /// The two entries picked, left and right, while both are evaluations on the desk.
    pub fn compared(&self) -> Option<(Rc<DeskEntry>, Rc<DeskEntry>)> {
        let [left, right] = self.picked[..] else { return None };
        let entry = |id| self.entry(id).filter(|e| e.assessed().is_some()).cloned();
        Some((entry(left)?, entry(right)?))
    }

    pub fn entry(&self, id: u32) -> Option<&Rc<DeskEntry>> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// The entries the filter lets through, in the order sorted (else as they arrived).
    pub fn visible(&self) -> Vec<Rc<DeskEntry>> {
        let mut shown: Vec<Rc<DeskEntry>> = self.entries.iter().filter(|e| self.filter.admits(e)).cloned().collect();
        if let Some(sort) = self.sort {
            // Stable: equal rows keep their order of arrival. Rows without the figure go last either way.
            shown.sort_by(|a, b| {
                let (order, missing) = compare(a, b, sort.column);
                if missing {
                    order
                } else if sort.descending {
                    order.reverse()
                } else {
                    order
                }
            });
        }
        shown
    }

    /// The grades on the desk, for the grade filter.
    pub fn grades(&self) -> Vec<String> {
        let mut grades: Vec<String> = Vec::new();
        for row in self.entries.iter().filter_map(|e| e.row()) {
            if !grades.contains(&row.grade) {
                grades.push(row.grade.clone());
            }
        }
        grades
    }

    pub fn reading(&self) -> bool {
        self.progress.done < self.progress.total
    }

    fn add(&mut self, files: impl Iterator<Item = (u32, Arrived)>) {
        let entries = Rc::make_mut(&mut self.entries);
        for (id, arrived) in files {
            // Restored twice (storage slower than a pick), or restored after: nothing twice.
            if entries.iter().any(|e| e.id == id) {
                continue;
            }
            entries.push(Rc::new(arrived.into_entry(id)));
            self.next_id = self.next_id.max(id + 1);
        }
        entries.sort_by_key(|e| e.id);
        self.refresh_flags();
    }

    /// Files read: each a new entry, except a file already on the desk under the same name (picked
    /// again), which is merged into its entry (`merge`) and counted (`merged`): a desk never lists one
    /// file twice.
    fn read(&mut self, files: Vec<Arrived>) {
        let entries = Rc::make_mut(&mut self.entries);
        let mut at: std::collections::HashMap<String, usize> =
            entries.iter().enumerate().map(|(i, e)| (e.file_name.clone(), i)).collect();
        for arrived in files {
            match at.get(&arrived.name) {
                Some(&i) => match merge(&entries[i], arrived) {
                    Merge::Same => self.merged.already += 1,
                    Merge::NotRead => self.merged.not_read += 1,
                    Merge::KeptEdited => self.merged.kept_edited += 1,
                    Merge::Updated(entry) => {
                        entries[i] = Rc::new(entry);
                        self.merged.updated += 1;
                    }
                },
                None => {
                    let id = self.next_id;
                    self.next_id += 1;
                    at.insert(arrived.name.clone(), entries.len());
                    entries.push(Rc::new(arrived.into_entry(id)));
                }
            }
        }
        self.refresh_flags();
    }

    /// The calculator's evaluation back into the entry: unchanged, the entry stays as it was; changed,
    /// it carries the entry's review (`carry_review`: the calculator does not edit reviews).
    fn take_back(&mut self, id: u32, evaluation: Rc<Evaluation>) {
        let Some(entry) = self.entry(id) else { return };
        let Some(kept) = entry.assessed() else { return };
        let came = Assessed::of(evaluation);
        if came.fingerprint == kept.fingerprint {
            return;
        }
        let (assessed, stale) = carry_review(kept, entry.review_stale, &came);
        self.replace(id, Body::Evaluated(assessed), stale);
        if let Some(entry) = Rc::make_mut(&mut self.entries).iter_mut().find(|e| e.id == id) {
            Rc::make_mut(entry).edited = true;
        }
    }

    fn replace(&mut self, id: u32, body: Body, review_stale: bool) {
        let entries = Rc::make_mut(&mut self.entries);
        if let Some(entry) = entries.iter_mut().find(|e| e.id == id) {
            let entry = Rc::make_mut(entry);
            entry.body = body;
            entry.review_stale = review_stale;
        }
        self.refresh_flags();
    }

    /// What the desk says of the last reading's files that were already on it, if any were.
    pub fn merged_note(&self, lang: Lang) -> Option<String> {
        let Merged { already, updated, not_read, kept_edited } = self.merged;
        // (how many, Chinese, English for one, English for several)
        let said = [
            (
                already,
                "个文件已在审核台上且内容相同，未重复添加",
                "file was already on the desk with the same content: not added twice",
                "files were already on the desk with the same content: not added twice",
            ),
            (
                updated,
                "个已在审核台上的文件内容有变化，已换为新读取的内容",
                "file on the desk changed: its row shows now the new content",
                "files on the desk changed: their rows show now the new content",
            ),
            (
                kept_edited,
                "个文件在审核台上改过：保留审核台上的内容，未用再次读取的文件替换",
                "file was changed on the desk: the desk keeps its copy, not the file read again",
                "files were changed on the desk: the desk keeps their copies, not the files read again",
            ),
            (
                not_read,
                "个已在审核台上的文件再次读取时无法读取，审核台保留原有内容",
                "file on the desk could not be read again: the desk keeps it as it was",
                "files on the desk could not be read again: the desk keeps them as they were",
            ),
        ];
        let parts: Vec<String> = said
            .iter()
            .filter(|(n, ..)| *n > 0)
            .map(|(n, zh, one, several)| {
                lang.pick(format!("{n} {zh}"), format!("{n} {}", if *n == 1 { one } else { several }))
            })
            .collect();
        (!parts.is_empty()).then(|| parts.join(lang.pick("；", "; ")))
    }

    /// The flags from the entries as they are now; an entry whose flags did not change keeps its `Rc`
    /// (its row is not drawn again).
    fn refresh_flags(&mut self) {
        let flags = {
            let compared: Vec<Compared<'_>> = self
                .entries
                .iter()
                .map(|e| Compared {
                    name: &e.file_name,
                    row: e.row(),
                    fingerprint: e.assessed().map(|a| a.fingerprint),
                })
                .collect();
            flag_all(&compared, None)
        };
        let entries = Rc::make_mut(&mut self.entries);
        for (entry, mut flags) in entries.iter_mut().zip(flags) {
            if entry.review_stale {
                flags.push(Flag::ReviewStale);
            }
            if entry.flags != flags {
                Rc::make_mut(entry).flags = flags;
            }
        }
    }

    /// The reviewer's own change to the review: whatever it was written before, it is theirs now.
    fn set_review(&mut self, id: u32, review: Option<Review>) {
        let Some(assessed) = self.entry(id).and_then(|e| e.assessed()) else { return };
        let body = Body::Evaluated(Rc::new(assessed.with_review(review)));
        self.replace(id, body, false);
    }

    /// Changes the entry's record, starting one (待定, dated `today`, the generated opinions) if it has
    /// none or one that cannot be read (the reviewer writes it anew). Stamped with the desk's reviewer.
    fn write_review(&mut self, id: u32, today: &str, lang: Lang, change: impl FnOnce(&mut ReviewRecord)) {
        let Some(entry) = self.entry(id) else { return };
        let Some(row) = entry.row() else { return };
        let mut record = entry.record().cloned().unwrap_or_else(|| ReviewRecord {
            reviewer: String::new(),
            date: today.to_string(),
            conclusion: Conclusion::Pending,
            opinions: numbered(&row.opinions, lang),
        });
        if !self.reviewer.trim().is_empty() {
            record.reviewer = self.reviewer.trim().to_string();
        }
        change(&mut record);
        self.set_review(id, Some(Review::Record(record)));
    }
}

/// The opinions a record keeps of the text typed: a line each, without the spaces that end it, and
/// no empty line. (The review pane shows what is typed as long as it comes to the record's lines.)
pub fn opinion_lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim_end).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

/// Two entries by a column, and whether one of them lacks the figure (it then goes last).
fn compare(a: &DeskEntry, b: &DeskEntry, column: Column) -> (Ordering, bool) {
    let by_decimal = |f: fn(&Row) -> Option<Decimal>| optional(a.row().and_then(f), b.row().and_then(f));
    let by_count = |f: fn(&Row) -> usize| optional(a.row().map(f), b.row().map(f));
    match column {
        Column::File => (a.file_name.cmp(&b.file_name), false),
        Column::Unit => optional(a.row().map(|r| r.unit.clone()), b.row().map(|r| r.unit.clone())),
        Column::Year => optional(a.row().and_then(|r| r.year), b.row().and_then(|r| r.year)),
        // The grade follows the total it is read from.
        Column::Computed | Column::Grade => by_decimal(|r| Some(r.computed)),
        Column::Reported => by_decimal(|r| r.reported),
        Column::Difference => by_decimal(|r| r.difference),
        Column::Execution => by_decimal(|r| r.execution_rate),
        Column::Errors => by_count(|r| r.errors),
        Column::Warnings => by_count(|r| r.warnings),
        Column::Conclusion => optional(a.conclusion().map(conclusion_rank), b.conclusion().map(conclusion_rank)),
        Column::Finding => (a.finding(Lang::Zh).cmp(&b.finding(Lang::Zh)), false),
    }
}

fn conclusion_rank(conclusion: Conclusion) -> u8 {
    match conclusion {
        Conclusion::Returned => 0,
        Conclusion::Pending => 1,
        Conclusion::Approved => 2,
    }
}

fn optional<T: Ord>(a: Option<T>, b: Option<T>) -> (Ordering, bool) {
    match (a, b) {
        (Some(a), Some(b)) => (a.cmp(&b), false),
        (Some(_), None) => (Ordering::Less, true),
        (None, Some(_)) => (Ordering::Greater, true),
        (None, None) => (Ordering::Equal, true),
    }
}

#[cfg(target_arch = "wasm32")]
pub mod store;

#[cfg(test)]
mod tests;
