//! What only the other files reveal about one evaluation on a reviewer's list: the same evaluation
//! twice (reviewed or not: the review record is not part of what is compared), two versions of one
//! unit's year, a year other than most, and (its own) a review record edited into something
//! unreadable. Shared by `jixiao review` (`crate::batch`) and the browser's desk
//! (`crate::app::desk`), which hand it their entries in the order they list them.

use std::collections::{HashMap, HashSet};
use std::hash::Hasher;

use super::{Review, ReviewProblem, Row};
use crate::domain::{Evaluation, Lang};

/// Something about a file that only the other files, or the file's own reading, reveal.
#[derive(Clone, Debug, PartialEq)]
pub enum Flag {
    /// The same evaluation (the same content once saved, whatever its review record) as these files
    /// (the first few, and how many more).
    Duplicate { others: Vec<String>, more: usize },
    /// Another version of the same unit's evaluation for the same year: a file of each other version
    /// (the first few, and how many more versions).
    Version { others: Vec<String>, more: usize },
    /// A year other than the one asked for (`--year`) or most files have.
    OtherYear { year: Option<i32>, expected: i32 },
    /// The review record was edited into something unreadable (kept as it was).
    ReviewFlagged { problems: Vec<ReviewProblem> },
    /// The desk's own: the evaluation changed after its review was written, and the reviewer had
    /// edited the opinions (so they were not written anew): the review may speak of the old figures.
    ReviewStale,
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
            Flag::ReviewStale => "review_stale",
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
            Flag::ReviewStale => lang
                .pick(
                    "审核记录写于文件修改之前：审核意见可能仍是对修改前数据的意见，请复核",
                    "the review was written before the file changed: its opinions may be about the old figures, check them",
                )
                .to_string(),
            Flag::Note { text } => text.clone(),
        }
    }
}

/// One entry as the comparison sees it: its name (a path, a file name), its row if it was read, and
/// the fingerprint of its evaluation as saved without its review record (equal content, equal
/// fingerprint).
pub struct Compared<'a> {
    pub name: &'a str,
    pub row: Option<&'a Row>,
    pub fingerprint: Option<(u64, u64)>,
}

/// How many other files a duplicate or version flag names.
const NAMED: usize = 3;

/// A fingerprint of the evaluation's content: two independent 64-bit hashes of it as serialised
/// (compact JSON) without its review record, so equal evaluations, equal fingerprint, reviewed or not:
/// a reviewed copy is the same evaluation, not another version. The desk's and `jixiao review`'s;
/// compared in memory only, never stored, so the hashes may change between versions.
pub fn fingerprint(evaluation: &Evaluation) -> (u64, u64) {
    // Into one buffer, then each hash over it in long runs: two SipHashes fed as it was written cost
    // a tenth of `jixiao review`; one SipHash and a multiply-rotate hash of 8-byte words, a third of that.
    let mut content = Vec::with_capacity(1 << 16);
    // Writing into a Vec cannot fail.
    let _ = crate::format::write_evaluation_content(evaluation, &mut content);
    let mut sip = std::hash::DefaultHasher::new();
    sip.write(&content);
    (sip.finish(), words_hash(&content))
}

/// A 64-bit hash unrelated to SipHash: each 8-byte word mixed in by xor, multiply (odd constant) and
/// rotate. Each step is a bijection of the state for a given word and of the word for a given state,
/// so two contents of one length that differ in one word never collide. Not a defence against a
/// crafted collision (neither is an unkeyed SipHash): it tells apart files people happen to send.
fn words_hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mix = |state: u64, word: u64| (state ^ word).wrapping_mul(K).rotate_left(29);
    let mut words = bytes.chunks_exact(8);
    let mut state = bytes.len() as u64;
    for word in &mut words {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(word);
        state = mix(state, u64::from_le_bytes(eight));
    }
    let mut last = [0u8; 8];
    last[..words.remainder().len()].copy_from_slice(words.remainder());
    state = mix(state, u64::from_le_bytes(last));
    // A final avalanche (MurmurHash3's fmix64), so that the last word's bits reach every bit.
    state ^= state >> 33;
    state = state.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    state ^= state >> 33;
    state = state.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    state ^ (state >> 33)
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
    // A name listed twice (a file named twice on a command line) is one file: it never names itself.
    let other = |i: usize, j: usize| j != i && entries[j].name != entries[i].name;
    let mut flags: Vec<Vec<Flag>> = vec![Vec::new(); entries.len()];
    // A few names each, however large the group: ten thousand copies must not list each other.
    // Groups in the order of their first entry, so that the flags come out the same on every run.
    let mut content_groups: Vec<&Vec<usize>> = by_content.values().filter(|g| g.len() > 1).collect();
    content_groups.sort_by_key(|g| g[0]);
    for group in content_groups {
        for &i in group {
            let theirs: Vec<usize> = group.iter().copied().filter(|j| other(i, *j)).collect();
            if theirs.is_empty() {
                continue;
            }
            let others: Vec<String> = theirs.iter().take(NAMED).map(name).collect();
            let more = theirs.len() - others.len();
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
            let theirs: Vec<usize> =
                versions.iter().copied().filter(|v| entries[*v].fingerprint != mine && other(i, *v)).collect();
            if theirs.is_empty() {
                continue;
            }
            let others: Vec<String> = theirs.iter().take(NAMED).map(name).collect();
            let more = theirs.len() - others.len();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn seed() -> Evaluation {
        crate::presets::find("seed-2023").and_then(|p| p.evaluation().ok()).expect("the seed preset loads")
    }

    #[test]
    fn fingerprint_follows_the_content_not_the_layout() {
        let evaluation = seed();
        let pretty = crate::format::to_json(&evaluation);
        let compact: String = {
            let value: serde_json::Value = serde_json::from_str(&pretty).expect("the file is JSON");
            serde_json::to_string(&value).expect("a tree serialises")
        };
        let reloaded = crate::format::load_str(&compact).expect("the compact text loads");
        assert_eq!(fingerprint(&reloaded), fingerprint(&evaluation));

        let mut renamed = evaluation.clone();
        renamed.meta.department.push('2');
        let (sip, words) = fingerprint(&evaluation);
        let (other_sip, other_words) = fingerprint(&renamed);
        assert_ne!(sip, other_sip);
        assert_ne!(words, other_words);
    }

    #[test]
    fn the_review_record_is_not_part_of_the_fingerprint() {
        let evaluation = seed();
        let mut reviewed = evaluation.clone();
        reviewed.review = Some(Review::Record(super::super::ReviewRecord {
            reviewer: "王审".into(),
            date: "2024-05-20".into(),
            conclusion: super::super::Conclusion::Approved,
            opinions: vec!["1. 同意。".into()],
        }));
        assert_eq!(fingerprint(&reviewed), fingerprint(&evaluation));
        let mut edited = evaluation.clone();
        edited.meta.title.push('2');
        assert_ne!(fingerprint(&edited), fingerprint(&evaluation));
    }

    /// One file listed twice (a path named twice) is never its own duplicate or version; a third
    /// file, another version of the same unit's year, is named, never the entry itself.
    #[test]
    fn an_entry_never_names_itself() {
        let evaluation = seed();
        let row = Row::new(&evaluation, &crate::domain::score(&evaluation));
        let mut other = evaluation.clone();
        other.meta.display_decimals += 1;
        let other_row = Row::new(&other, &crate::domain::score(&other));
        let compared = [
            Compared { name: "a.json", row: Some(&row), fingerprint: Some(fingerprint(&evaluation)) },
            Compared { name: "a.json", row: Some(&row), fingerprint: Some(fingerprint(&evaluation)) },
            Compared { name: "v2.json", row: Some(&other_row), fingerprint: Some(fingerprint(&other)) },
        ];
        let flags = flag_all(&compared, None);
        for (i, flags) in flags.iter().enumerate() {
            for flag in flags {
                assert_eq!(flag.code(), "version", "{i}: {flag:?}");
                assert!(!flag.message(Lang::En).contains(compared[i].name), "{i}: {flag:?}");
            }
        }
        assert_eq!(flags[0], [Flag::Version { others: vec!["v2.json".into()], more: 0 }]);
        assert_eq!(flags[2], [Flag::Version { others: vec!["a.json".into()], more: 0 }]);
    }

    #[test]
    fn words_hash_sees_every_byte_and_the_length() {
        let text = b"{\"format\":\"jixiao-evaluation\",\"version\":4,\"x\":\"12\"}".to_vec();
        let original = words_hash(&text);
        // One byte changed anywhere, in the whole words and in the tail alike.
        for at in 0..text.len() {
            let mut changed = text.clone();
            changed[at] ^= 1;
            assert_ne!(words_hash(&changed), original, "byte {at}");
        }
        // A trailing zero byte is not the same content as none.
        let mut longer = text.clone();
        longer.push(0);
        assert_ne!(words_hash(&longer), original);
        assert_ne!(words_hash(b""), words_hash(&[0]));
    }
}
