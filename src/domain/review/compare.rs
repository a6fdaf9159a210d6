//! What only the other files reveal about one evaluation on a reviewer's list: the same content
//! twice, two versions of one unit's year, a year other than most, and (its own) a review record
//! edited into something unreadable. Shared by `jixiao review` (`crate::batch`) and the browser's
//! desk (`crate::app::desk`), which hand it their entries in the order they list them.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

use super::{Review, ReviewProblem, Row};
use crate::domain::{Evaluation, Lang};

/// Something about a file that only the other files, or the file's own reading, reveal.
#[derive(Clone, Debug, PartialEq)]
pub enum Flag {
    /// The same evaluation (the same content once saved) as these files (the first few, and how many
    /// more).
    Duplicate { others: Vec<String>, more: usize },
    /// Another version of the same unit's evaluation for the same year: a file of each other version
    /// (the first few, and how many more versions).
    Version { others: Vec<String>, more: usize },
    /// A year other than the one asked for (`--year`) or most files have.
    OtherYear { year: Option<i32>, expected: i32 },
    /// The review record was edited into something unreadable (kept as it was).
    ReviewFlagged { problems: Vec<ReviewProblem> },
    /// How the reader read it (a workbook's notes).
    Note { text: String },
}

impl Flag {
    pub fn code(&self) -> &'static str {
        match self {
            Flag::Duplicate { .. } => "duplicate",
            Flag::Version { .. } => "version",
            Flag::OtherYear { .. } => "other_year",
            Flag::ReviewFlagged { .. } => "review_flagged",
            Flag::Note { .. } => "note",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let list = |paths: &[String], more: usize| {
            let mut text = paths.join(lang.pick("、", ", "));
            if more > 0 {
                text += &lang.pick(format!(" 等（另有 {more} 个）"), format!(" and {more} more"));
            }
            text
        };
        match self {
            Flag::Duplicate { others, more } => lang.pick(
                format!("与 {} 内容相同", list(others, *more)),
                format!("same content as {}", list(others, *more)),
            ),
            Flag::Version { others, more } => lang.pick(
                format!("同一单位同一年度另有版本：{}", list(others, *more)),
                format!("another version of this unit's year: {}", list(others, *more)),
            ),
            Flag::OtherYear { year: Some(year), expected } => lang.pick(
                format!("年度 {year} 与其他文件（{expected}）不同"),
                format!("year {year}, not {expected} like the others"),
            ),
            Flag::OtherYear { year: None, expected } => {
                lang.pick(format!("未填年度（其他文件为 {expected}）"), format!("no year (the others: {expected})"))
            }
            Flag::ReviewFlagged { problems } => {
                let what: Vec<String> = problems.iter().map(|p| p.message(lang)).collect();
                lang.pick(
                    format!("审核记录被改动，无法读取：{}", what.join("；")),
                    format!("the review record was altered and cannot be read: {}", what.join("; ")),
                )
            }
            Flag::Note { text } => text.clone(),
        }
    }
}

/// One entry as the comparison sees it: its name (a path, a file name), its row if it was read, and
/// the fingerprint of its content as saved (equal content, equal fingerprint).
pub struct Compared<'a> {
    pub name: &'a str,
    pub row: Option<&'a Row>,
    pub fingerprint: Option<(u64, u64)>,
}

/// How many other files a duplicate or version flag names.
const NAMED: usize = 3;

/// A fingerprint of the evaluation's content: two independent 64-bit hashes of it, fed as it is
/// serialised (compact JSON, no text built: a quarter of saving it), so equal content, equal
/// fingerprint. The desk's and `jixiao review`'s.
pub fn fingerprint(evaluation: &Evaluation) -> (u64, u64) {
    struct Both(std::hash::DefaultHasher, std::hash::DefaultHasher);
    impl std::io::Write for Both {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.write(bytes);
            self.1.write(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let salted = |salt: u8| {
        let mut hasher = std::hash::DefaultHasher::new();
        salt.hash(&mut hasher);
        hasher
    };
    // Buffered: serde_json writes token by token, and a hasher is quicker fed in long runs (the
    // hash of a stream does not depend on how it is cut).
    let mut both = std::io::BufWriter::with_capacity(1 << 14, Both(salted(0), salted(1)));
    // Writing into hashers cannot fail.
    let _ = crate::format::write_content(evaluation, &mut both).and_then(|()| std::io::Write::flush(&mut both));
    let (both, _) = both.into_parts();
    (both.0.finish(), both.1.finish())
}

/// For each entry (in the order given), what the others reveal about it; `year` is the year asked
/// for, else the one most entries have (none on a tie).
pub fn flag_all(entries: &[Compared<'_>], year: Option<i32>) -> Vec<Vec<Flag>> {
    let mut by_content: HashMap<(u64, u64), Vec<usize>> = HashMap::new();
    let mut by_unit: HashMap<(&str, i32), Vec<usize>> = HashMap::new();
    let mut years: HashMap<i32, usize> = HashMap::new();
    for (i, entry) in entries.iter().enumerate() {
        let (Some(row), Some(fingerprint)) = (entry.row, entry.fingerprint) else { continue };
        by_content.entry(fingerprint).or_default().push(i);
        if let Some(y) = row.year {
            *years.entry(y).or_default() += 1;
            if !row.unit.is_empty() {
                by_unit.entry((row.unit.as_str(), y)).or_default().push(i);
            }
        }
    }
    let name = |i: &usize| entries[*i].name.to_string();
    let mut flags: Vec<Vec<Flag>> = vec![Vec::new(); entries.len()];
    // A few names each, however large the group: ten thousand copies must not list each other.
    // Groups in the order of their first entry, so that the flags come out the same on every run.
    let mut content_groups: Vec<&Vec<usize>> = by_content.values().filter(|g| g.len() > 1).collect();
    content_groups.sort_by_key(|g| g[0]);
    for group in content_groups {
        for &i in group {
            let others: Vec<String> = group.iter().filter(|j| **j != i).take(NAMED).map(name).collect();
            let more = group.len() - 1 - others.len();
            flags[i].push(Flag::Duplicate { others, more });
        }
    }
    let mut unit_groups: Vec<&Vec<usize>> = by_unit.values().collect();
    unit_groups.sort_by_key(|g| g[0]);
    for group in unit_groups {
        // One entry of each version (each content), in the list's order.
        let mut seen = HashSet::new();
        let versions: Vec<usize> = group.iter().copied().filter(|i| seen.insert(entries[*i].fingerprint)).collect();
        if versions.len() < 2 {
            continue;
        }
        for &i in group {
            let mine = entries[i].fingerprint;
            let others: Vec<String> =
                versions.iter().filter(|v| entries[**v].fingerprint != mine).take(NAMED).map(name).collect();
            let more = versions.len() - 1 - others.len();
            flags[i].push(Flag::Version { others, more });
        }
    }
    let expected = year.or_else(|| {
        let most = years.values().copied().max()?;
        let mut top = years.iter().filter(|(_, n)| **n == most);
        let (year, _) = top.next()?;
        top.next().is_none().then_some(*year)
    });
    for (i, entry) in entries.iter().enumerate() {
        let Some(row) = entry.row else { continue };
        if let Some(expected) = expected.filter(|e| row.year != Some(*e)) {
            flags[i].push(Flag::OtherYear { year: row.year, expected });
        }
        if let Some(Review::Flagged { problems, .. }) = &row.review {
            flags[i].push(Flag::ReviewFlagged { problems: problems.clone() });
        }
    }
    flags
}
