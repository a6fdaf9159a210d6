//! The reviewer's record, kept in the evaluation's file (`review`): who reviewed it, when, the
//! conclusion (通过 / 退回修改 / 待定) and the opinions as the reviewer edited them.
//!
//! A record edited by hand into something this build does not read (an unknown conclusion, a number
//! where text belongs, a field it does not know) does not refuse the file: the evaluation is the
//! department's and still loads; the record is kept exactly as written (so saving loses nothing) and
//! flagged with what is wrong with it (`Review::Flagged`).

use serde::{Serialize, Serializer};
use serde_json::Value;

use crate::domain::Lang;

/// 审核结论.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Conclusion {
    /// 通过.
    Approved,
    /// 退回修改.
    Returned,
    /// 待定.
    Pending,
}

impl Conclusion {
    pub const ALL: [Conclusion; 3] = [Conclusion::Approved, Conclusion::Returned, Conclusion::Pending];

    /// The name in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Conclusion::Approved => "approved",
            Conclusion::Returned => "returned",
            Conclusion::Pending => "pending",
        }
    }

    pub fn parse(text: &str) -> Option<Conclusion> {
        Conclusion::ALL.into_iter().find(|c| c.as_str() == text)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Conclusion::Approved => lang.pick("通过", "approved"),
            Conclusion::Returned => lang.pick("退回修改", "returned for correction"),
            Conclusion::Pending => lang.pick("待定", "pending"),
        }
    }
}

/// A review as the file holds it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema), schemars(deny_unknown_fields))]
pub struct ReviewRecord {
    /// 审核人.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reviewer: String,
    /// 审核日期, `YYYY-MM-DD` (empty: not dated).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[cfg_attr(test, schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$")))]
    pub date: String,
    pub conclusion: Conclusion,
    /// 审核意见, one a paragraph, as the reviewer edited them (generated ones start numbered).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub opinions: Vec<String>,
}

/// What is wrong with a review record edited by hand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReviewProblem {
    NotAnObject,
    UnknownField { field: String },
    WrongType { field: &'static str, expected: &'static str },
    MissingConclusion,
    UnknownConclusion { found: String },
    BadDate { found: String },
}

impl ReviewProblem {
    pub fn code(&self) -> &'static str {
        match self {
            ReviewProblem::NotAnObject => "review_not_an_object",
            ReviewProblem::UnknownField { .. } => "review_unknown_field",
            ReviewProblem::WrongType { .. } => "review_wrong_type",
            ReviewProblem::MissingConclusion => "review_missing_conclusion",
            ReviewProblem::UnknownConclusion { .. } => "review_bad_conclusion",
            ReviewProblem::BadDate { .. } => "review_bad_date",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match self {
            ReviewProblem::NotAnObject => {
                lang.pick("审核记录不是一个对象".into(), "the review record is not an object".into())
            }
            ReviewProblem::UnknownField { field } => lang.pick(
                format!("审核记录含未知字段“{field}”"),
                format!("the review record has an unknown field “{field}”"),
            ),
            ReviewProblem::WrongType { field, expected } => lang.pick(
                format!("审核记录的 {field} 应为{}", if *expected == "text" { "文字" } else { "文字列表" }),
                format!("the review record's {field} should be {expected}"),
            ),
            ReviewProblem::MissingConclusion => {
                lang.pick("审核记录缺少审核结论".into(), "the review record has no conclusion".into())
            }
            ReviewProblem::UnknownConclusion { found } => lang.pick(
                format!("审核结论“{found}”无法识别（应为 approved、returned 或 pending）"),
                format!("the conclusion “{found}” is not approved, returned or pending"),
            ),
            ReviewProblem::BadDate { found } => lang.pick(
                format!("审核日期“{found}”不是 YYYY-MM-DD 格式的日期"),
                format!("the review date “{found}” is not a YYYY-MM-DD date"),
            ),
        }
    }
}

/// The file's `review`: a record read as written, or one this build cannot read, kept as it was.
#[derive(Clone, Debug, PartialEq)]
pub enum Review {
    Record(ReviewRecord),
    /// Edited by hand into something unreadable: the JSON as written (saved back unchanged) and why.
    Flagged {
        raw: Value,
        problems: Vec<ReviewProblem>,
    },
}

impl Review {
    pub fn record(&self) -> Option<&ReviewRecord> {
        match self {
            Review::Record(record) => Some(record),
            Review::Flagged { .. } => None,
        }
    }

    pub fn problems(&self) -> &[ReviewProblem] {
        match self {
            Review::Record(_) => &[],
            Review::Flagged { problems, .. } => problems,
        }
    }

    /// Reads a record leniently: never fails, a record it cannot read is flagged.
    pub fn read(value: &Value) -> Review {
        let flagged = |problems| Review::Flagged { raw: value.clone(), problems };
        let Value::Object(map) = value else { return flagged(vec![ReviewProblem::NotAnObject]) };
        let mut problems = Vec::new();
        let mut text = |field: &'static str| match map.get(field) {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s.clone(),
            Some(_) => {
                problems.push(ReviewProblem::WrongType { field, expected: "text" });
                String::new()
            }
        };
        let reviewer = text("reviewer");
        let date = text("date");
        let conclusion_text = text("conclusion");
        let opinions = match map.get("opinions") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) if items.iter().all(Value::is_string) => {
                items.iter().filter_map(|v| v.as_str().map(str::to_string)).collect()
            }
            Some(_) => {
                problems.push(ReviewProblem::WrongType { field: "opinions", expected: "a list of texts" });
                Vec::new()
            }
        };
        let conclusion = Conclusion::parse(&conclusion_text);
        match (conclusion_text.is_empty(), conclusion) {
            (_, Some(_)) => {}
            (true, None) if !matches!(map.get("conclusion"), Some(v) if !v.is_null() && !v.is_string()) => {
                problems.push(ReviewProblem::MissingConclusion)
            }
            (true, None) => {}
            (false, None) => problems.push(ReviewProblem::UnknownConclusion { found: conclusion_text }),
        }
        if !date.is_empty() && !is_date(&date) {
            problems.push(ReviewProblem::BadDate { found: date.clone() });
        }
        for field in map.keys() {
            if !["reviewer", "date", "conclusion", "opinions"].contains(&field.as_str()) {
                problems.push(ReviewProblem::UnknownField { field: field.clone() });
            }
        }
        match conclusion {
            Some(conclusion) if problems.is_empty() => {
                Review::Record(ReviewRecord { reviewer, date, conclusion, opinions })
            }
            _ => flagged(problems),
        }
    }
}

impl Serialize for Review {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Review::Record(record) => record.serialize(serializer),
            Review::Flagged { raw, .. } => raw.serialize(serializer),
        }
    }
}

/// `YYYY-MM-DD` with a month 01–12 and a day 01–31.
pub fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' || !digits(0..4) || !digits(5..7) || !digits(8..10) {
        return false;
    }
    let month: u32 = text[5..7].parse().unwrap_or(0);
    let day: u32 = text[8..10].parse().unwrap_or(0);
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_record_reads_and_writes_back_the_same() {
        let value =
            json!({ "reviewer": "王审", "date": "2024-05-20", "conclusion": "returned", "opinions": ["1. 请核实。"] });
        let review = Review::read(&value);
        assert_eq!(review.record().map(|r| r.conclusion), Some(Conclusion::Returned));
        assert_eq!(serde_json::to_value(&review).unwrap(), value);
    }

    #[test]
    fn a_tampered_record_is_flagged_and_kept_as_written() {
        for (value, code) in [
            (json!({ "conclusion": "通过" }), "review_bad_conclusion"),
            (json!({ "conclusion": "approved", "reviewer": 7 }), "review_wrong_type"),
            (json!({ "conclusion": "approved", "opinions": "all fine" }), "review_wrong_type"),
            (json!({ "conclusion": "approved", "score": "100" }), "review_unknown_field"),
            (json!({ "reviewer": "王审" }), "review_missing_conclusion"),
            (json!({ "conclusion": 1 }), "review_wrong_type"),
            (json!({ "conclusion": "pending", "date": "20.5.2024" }), "review_bad_date"),
            (json!(["approved"]), "review_not_an_object"),
        ] {
            let review = Review::read(&value);
            assert!(review.record().is_none(), "{value}");
            assert_eq!(review.problems().iter().map(ReviewProblem::code).collect::<Vec<_>>(), [code], "{value}");
            assert!(!review.problems()[0].message(Lang::Zh).is_empty());
            assert_eq!(serde_json::to_value(&review).unwrap(), value);
        }
    }

    #[test]
    fn dates() {
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2024-13-01"));
        assert!(!is_date("2024-1-01"));
        assert!(!is_date("２０２４-01-01"));
    }
}
