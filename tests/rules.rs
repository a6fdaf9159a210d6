//! Every rule kind as a table: inputs → exact score, status, detail and check codes (SCORING.md §2–§4).
//!
//! Each table builds small evaluations with `Node::leaf` / `Node::group`, scores them with
//! `jixiao::domain::score` and reads the results back through `Scored::node` / `Scored::indicator`.

use std::rc::Rc;
use std::str::FromStr;

use jixiao::domain::{
    score, Actual, AtMostScoring, Badge, Band, CheckKind, Detail, Direction, Evaluation, GradeBand, Indicator, Level,
    LevelBand, Meta, Month, Node, QualitativeBands, Rescale, Rule, RuleError, Scored, Status, TotalCap, TotalCaps,
};
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn od(s: Option<&str>) -> Option<Decimal> {
    s.map(d)
}

/// The largest decimal: 2⁹⁶ − 1.
const MAX: &str = "79228162514264337593543950335";

/// One leaf `x` under a root `root` worth the same points, with default meta but for not-applicable
/// indicators, rescaled within their list (the project table's conversion is `project_rows`').
fn single(points: &str, rule: Rule) -> Evaluation {
    Evaluation {
        scenarios: Vec::new(),
        review: None,
        meta: Meta { not_applicable_rescale: Rescale::List, ..Meta::default() },
        root: Node::group("root", "总分", d(points), vec![leaf("x", points, rule)]),
    }
}

fn leaf(id: &str, points: &str, rule: Rule) -> Node {
    Node::leaf(id, id, d(points), rule)
}

/// Codes of the checks about a node itself (not about one of its indicators), sorted.
/// Codes of the checks about one node, sorted. The small evaluations here are not worth 100 points, so
/// the default grade bands' `grade_unreachable` is left out (`unreachable_grades_are_flagged` tests it).
fn node_codes<'a>(scored: &'a Scored, id: &str) -> Vec<&'a str> {
    let mut codes: Vec<&str> = scored
        .checks
        .iter()
        .filter(|c| c.node_id == id && c.indicator_id.is_none() && c.code() != "grade_unreachable")
        .map(|c| c.code())
        .collect();
    codes.sort_unstable();
    codes
}

/// Codes of the checks about one indicator, sorted.
fn indicator_codes<'a>(scored: &'a Scored, id: &str) -> Vec<&'a str> {
    let mut codes: Vec<&str> =
        scored.checks.iter().filter(|c| c.indicator_id.as_deref() == Some(id)).map(|c| c.code()).collect();
    codes.sort_unstable();
    codes
}

fn sorted<'a>(codes: &[&'a str]) -> Vec<&'a str> {
    let mut codes = codes.to_vec();
    codes.sort_unstable();
    codes
}

// ---------------------------------------------------------------------------------------------------
// rate

/// (rate, points) → (score, status, credited rate, codes on the node)
#[test]
fn rate() {
    use Status::*;
    #[allow(clippy::type_complexity)]
    let cases: &[(Option<&str>, &str, &str, Status, Option<&str>, &[&str])] = &[
        (Some("80"), "5", "4", Scored, Some("80"), &[]),
        (Some("99.98"), "5", "4.999", Scored, Some("99.98"), &[]),
        (Some("33.333"), "3", "0.99999", Scored, Some("33.333"), &[]),
        (Some("0"), "5", "0", Scored, Some("0"), &[]),
        (Some("100"), "5", "5", Scored, Some("100"), &[]),
        (Some("100.01"), "5", "5", Scored, Some("100"), &["rate_over_100"]),
        (Some("250"), "10", "10", Scored, Some("100"), &["rate_over_100"]),
        (Some("-3"), "5", "0", Scored, Some("0"), &["negative_value"]),
        (Some("-0.0001"), "5", "0", Scored, Some("0"), &["negative_value"]),
        (Some("50"), "0", "0", Scored, Some("50"), &[]),
        (None, "5", "0", Pending, None, &["missing_actual"]),
    ];
    for (rate, points, expected, status, credited, codes) in cases {
        let scored = score(&single(points, Rule::Rate { rate: od(*rate) }));
        let x = scored.node("x").unwrap();
        let label = format!("rate {rate:?} on {points}");
        assert_eq!(x.score, d(expected), "{label}");
        assert_eq!(x.status, *status, "{label}");
        assert_eq!(x.detail, Detail::Rate { credited: od(*credited) }, "{label}");
        assert_eq!(x.error, None, "{label}");
        assert_eq!(x.lost, d(points) - d(expected), "{label}");
        assert_eq!(node_codes(&scored, "x"), sorted(codes), "{label}");
    }
}

// ---------------------------------------------------------------------------------------------------
// monthly execution

fn months(list: &[(Option<&str>, &str)]) -> Vec<Month> {
    list.iter()
        .enumerate()
        .map(|(i, (rate, schedule))| Month { month: format!("{}月", i + 3), rate: od(*rate), schedule: d(schedule) })
        .collect()
}

/// The seed's shape: March to November ahead of 序时进度 (credited 100%), December at the annual 99.83%.
fn seed_months() -> Vec<(Option<&'static str>, &'static str)> {
    let ahead = [
        ("20.1", "16.67"),
        ("30", "25"),
        ("40", "33.33"),
        ("45", "41.67"),
        ("55", "50"),
        ("60", "58.33"),
        ("70", "66.67"),
        ("80", "75"),
        ("90", "83.33"),
    ];
    ahead.iter().map(|(rate, schedule)| (Some(*rate), *schedule)).chain([(Some("99.83"), "100")]).collect()
}

/// (months as (rate, schedule), points) → (score, status, average %, credits, error code, node codes)
#[test]
fn monthly_execution() {
    use Status::*;
    let seed = seed_months();
    let seed_credits: Vec<Option<&str>> = (0..9).map(|_| Some("1")).chain([Some("0.9983")]).collect();
    #[allow(clippy::type_complexity)]
    let cases: Vec<(
        &[(Option<&str>, &str)],
        &str,
        &str,
        Status,
        Option<&str>,
        Vec<Option<&str>>,
        Option<&str>,
        &[&str],
    )> = vec![
        // (9 × 1 + 0.9983) / 10 = 0.99983; 5 × 0.99983 = 4.99915.
        (seed.as_slice(), "5", "4.99915", Scored, Some("99.983"), seed_credits, None, &[]),
        // Below schedule: credit = rate / schedule.
        (
            &[(Some("40"), "50"), (Some("100"), "100")],
            "5",
            "4.5",
            Scored,
            Some("90"),
            vec![Some("0.8"), Some("1")],
            None,
            &[],
        ),
        (
            &[(Some("10"), "30")],
            "3",
            "0.9999999999999999999999999999",
            Scored,
            Some("33.333333333333333333333333330"),
            vec![Some("0.3333333333333333333333333333")],
            None,
            &[],
        ),
        // Exactly on schedule, and ahead of it.
        (
            &[(Some("50"), "50"), (Some("75"), "50")],
            "2",
            "2",
            Scored,
            Some("100"),
            vec![Some("1"), Some("1")],
            None,
            &[],
        ),
        // A rate over 100% is credited 1 and flagged; a negative one credits 0 and is flagged.
        (&[(Some("120"), "100")], "5", "5", Scored, Some("100"), vec![Some("1")], None, &["rate_over_100"]),
        (
            &[(Some("-5"), "50"), (Some("50"), "50")],
            "4",
            "2",
            Scored,
            Some("50"),
            vec![Some("0"), Some("1")],
            None,
            &["negative_value"],
        ),
        // A zero or negative schedule cannot be divided by: the node is invalid and counts 0.
        (&[(Some("50"), "0")], "5", "0", Invalid, None, vec![], Some("division_by_zero"), &["division_by_zero"]),
        (
            &[(Some("50"), "50"), (Some("50"), "-1")],
            "5",
            "0",
            Invalid,
            None,
            vec![],
            Some("division_by_zero"),
            &["division_by_zero"],
        ),
        // ... even when that month has no rate yet.
        (
            &[(Some("50"), "50"), (None, "0")],
            "5",
            "0",
            Invalid,
            None,
            vec![],
            Some("division_by_zero"),
            &["division_by_zero", "missing_actual"],
        ),
        // No months at all.
        (&[], "5", "0", Invalid, None, vec![], Some("no_months"), &["no_months"]),
        // Some months pending: they count 0 (the mean is over the listed months, so clearing a month
        // never raises the score), and the node is pending.
        (
            &[(Some("50"), "100"), (None, "100"), (Some("100"), "100")],
            "4",
            "2",
            Pending,
            Some("50"),
            vec![Some("0.5"), None, Some("1")],
            None,
            &["missing_actual"],
        ),
        // Every month pending.
        (&[(None, "50"), (None, "100")], "5", "0", Pending, None, vec![None, None], None, &["missing_actual"]),
    ];
    for (list, points, expected, status, average, credits, error, codes) in cases {
        let scored = score(&single(points, Rule::MonthlyExecution { months: months(list) }));
        let x = scored.node("x").unwrap();
        let label = format!("months {list:?} on {points}");
        assert_eq!(x.score, d(expected), "{label}");
        assert_eq!(x.status, status, "{label}");
        assert_eq!(x.error.as_ref().map(RuleError::code), error, "{label}");
        assert_eq!(
            x.detail,
            Detail::MonthlyExecution { credits: credits.into_iter().map(od).collect(), average: od(average) },
            "{label}"
        );
        assert_eq!(node_codes(&scored, "x"), sorted(codes), "{label}");
    }
    // The error names the month.
    let scored = score(&single("5", Rule::MonthlyExecution { months: months(&[(Some("1"), "1"), (Some("1"), "0")]) }));
    assert_eq!(scored.node("x").unwrap().error, Some(RuleError::ZeroSchedule { month: "4月".to_string() }));
}

// ---------------------------------------------------------------------------------------------------
// indicators

fn numeric(id: &str, direction: Direction, target: &str, actual: Option<&str>) -> Indicator {
    Indicator {
        target: Some(d(target)),
        actual: actual.map(|a| Actual::Number(d(a))),
        ..Indicator::new(id, id, direction)
    }
}

fn ge(id: &str, target: &str, actual: &str) -> Indicator {
    numeric(id, Direction::AtLeast, target, Some(actual))
}

fn le(id: &str, target: &str, actual: &str) -> Indicator {
    numeric(id, Direction::AtMost, target, Some(actual))
}

fn eq(id: &str, target: &str, actual: &str) -> Indicator {
    numeric(id, Direction::Exactly, target, Some(actual))
}

fn qual(id: &str, level: Level, percent: Option<&str>) -> Indicator {
    Indicator {
        actual: Some(Actual::Level { level, percent: od(percent) }),
        ..Indicator::new(id, id, Direction::Qualitative)
    }
}

trait Tweak {
    fn weight(self, weight: &str) -> Self;
    fn na(self) -> Self;
    fn reason(self, reason: &str) -> Self;
}

impl Tweak for Indicator {
    fn weight(self, weight: &str) -> Self {
        Indicator { weight: Some(d(weight)), ..self }
    }
    fn na(self) -> Self {
        Indicator { not_applicable: true, ..self }
    }
    fn reason(self, reason: &str) -> Self {
        Indicator { deviation_reason: reason.to_string(), ..self }
    }
}

fn list(
    at_most_scoring: AtMostScoring,
    qualitative_bands: Option<QualitativeBands>,
    indicators: Vec<Indicator>,
) -> Rule {
    Rule::Indicators { at_most_scoring, qualitative_bands, indicators: indicators.into_iter().map(Rc::new).collect() }
}

/// 100–80 / 80–50 / 50–0: the local variant SCORING.md mentions.
fn local_bands() -> QualitativeBands {
    let band = |min: &str, max: &str, default: &str| LevelBand { min: d(min), max: d(max), default: d(default) };
    QualitativeBands {
        achieved: band("80", "100", "100"),
        partial: band("50", "80", "65"),
        not_achieved: band("0", "50", "25"),
    }
}

struct ListCase {
    label: &'static str,
    points: &'static str,
    at_most: AtMostScoring,
    bands: Option<QualitativeBands>,
    indicators: Vec<Indicator>,
    score: &'static str,
    status: Status,
    node_codes: &'static [&'static str],
    /// (id, share, score, badge, codes on the indicator)
    expect: Vec<(&'static str, &'static str, &'static str, Badge, &'static [&'static str])>,
}

impl Default for ListCase {
    fn default() -> Self {
        ListCase {
            label: "",
            points: "10",
            at_most: AtMostScoring::Proportional,
            bands: None,
            indicators: Vec::new(),
            score: "0",
            status: Status::Scored,
            node_codes: &[],
            expect: Vec::new(),
        }
    }
}

#[test]
fn indicator_lists() {
    use AtMostScoring::{Linear, Proportional};
    use Badge::*;
    use Level::*;
    let cases = vec![
        ListCase {
            label: "equal weights by default",
            indicators: vec![ge("a", "10", "10"), ge("b", "20", "20"), ge("c", "5", "5"), ge("d", "1", "1")],
            score: "10",
            expect: vec![("a", "2.5", "2.5", Met, &[]), ("d", "2.5", "2.5", Met, &[])],
            ..Default::default()
        },
        ListCase {
            label: "equal weights, one at half with a reason",
            indicators: vec![
                ge("a", "10", "10"),
                ge("b", "20", "10").reason("资金晚到"),
                ge("c", "5", "5"),
                ge("d", "1", "1"),
            ],
            score: "8.75",
            expect: vec![("a", "2.5", "2.5", Met, &[]), ("b", "2.5", "1.25", Short, &[])],
            ..Default::default()
        },
        ListCase {
            label: "explicit weights 1 : 3",
            indicators: vec![ge("a", "10", "10").weight("1"), ge("b", "20", "10").weight("3").reason("r")],
            score: "6.25",
            expect: vec![("a", "2.5", "2.5", Met, &[]), ("b", "7.5", "3.75", Short, &[])],
            ..Default::default()
        },
        ListCase {
            label: "no weight counts as 1 beside explicit ones",
            indicators: vec![ge("a", "1", "1"), ge("b", "1", "1").weight("2"), ge("c", "1", "1")],
            score: "10",
            expect: vec![("a", "2.5", "2.5", Met, &[]), ("b", "5", "5", Met, &[]), ("c", "2.5", "2.5", Met, &[])],
            ..Default::default()
        },
        ListCase {
            label: "a zero weight takes no share",
            indicators: vec![ge("a", "10", "0").weight("0"), ge("b", "1", "1")],
            score: "10",
            expect: vec![("a", "0", "0", Short, &["short_no_reason"]), ("b", "10", "10", Met, &[])],
            ..Default::default()
        },
        ListCase {
            label: "3 indicators, 1 not applicable: the other two share all points",
            indicators: vec![ge("a", "10", "10"), ge("b", "10", "0").na(), ge("c", "10", "5").reason("r")],
            score: "7.5",
            expect: vec![("a", "5", "5", Met, &[]), ("b", "0", "0", NotApplicable, &[]), ("c", "5", "2.5", Short, &[])],
            ..Default::default()
        },
        ListCase {
            label: "all not applicable: full points",
            indicators: vec![ge("a", "10", "0").na(), qual("b", NotAchieved, None).na()],
            score: "10",
            node_codes: &["all_not_applicable"],
            expect: vec![("a", "0", "0", NotApplicable, &[]), ("b", "0", "0", NotApplicable, &[])],
            ..Default::default()
        },
        ListCase {
            label: "empty list",
            indicators: vec![],
            score: "0",
            status: Status::Pending,
            node_codes: &["no_indicators"],
            ..Default::default()
        },
        ListCase {
            label: "a negative weight",
            indicators: vec![ge("a", "1", "1").weight("-1"), ge("b", "1", "1")],
            score: "0",
            status: Status::Invalid,
            node_codes: &["negative_weight"],
            expect: vec![("a", "0", "0", Met, &[]), ("b", "0", "0", Met, &[])],
            ..Default::default()
        },
        ListCase {
            label: "weights adding up to zero",
            indicators: vec![ge("a", "1", "1").weight("0"), ge("b", "1", "1").weight("0")],
            score: "0",
            status: Status::Invalid,
            node_codes: &["zero_total_weight"],
            expect: vec![("a", "0", "0", Met, &[]), ("b", "0", "0", Met, &[])],
            ..Default::default()
        },
        ListCase {
            label: "only the not-applicable indicator has weight",
            indicators: vec![ge("a", "1", "1").weight("0"), ge("b", "1", "1").weight("5").na()],
            score: "0",
            status: Status::Invalid,
            node_codes: &["zero_total_weight"],
            ..Default::default()
        },
        ListCase {
            label: "≤ met, at and under the ceiling",
            points: "4",
            indicators: vec![le("a", "5", "2.51"), le("b", "5", "5")],
            score: "4",
            expect: vec![("a", "2", "2", Met, &[]), ("b", "2", "2", Met, &[])],
            ..Default::default()
        },
        ListCase {
            label: "≤ proportional: target / actual",
            points: "4",
            at_most: Proportional,
            indicators: vec![le("a", "5", "10").reason("r"), le("b", "5", "12.5")],
            score: "1.8",
            expect: vec![("a", "2", "1", Short, &[]), ("b", "2", "0.8", Short, &["short_no_reason"])],
            ..Default::default()
        },
        ListCase {
            label: "≤ linear: 1 − (actual − target) / target, 0 from twice the target",
            points: "6",
            at_most: Linear,
            indicators: vec![
                le("a", "5", "6").reason("r"),
                le("b", "5", "10").reason("r"),
                le("c", "5", "12").reason("r"),
            ],
            score: "1.6",
            expect: vec![("a", "2", "1.6", Short, &[]), ("b", "2", "0", Short, &[]), ("c", "2", "0", Short, &[])],
            ..Default::default()
        },
        ListCase {
            label: "= target: met, under-shoot as ≥, over-shoot credited and flagged",
            points: "4",
            indicators: vec![
                eq("a", "46", "46"),
                eq("b", "46", "23").reason("r"),
                eq("c", "46", "50"),
                eq("d", "10", "13").reason(""),
            ],
            score: "3.5",
            expect: vec![
                ("a", "1", "1", Met, &[]),
                ("b", "1", "0.5", Short, &[]),
                ("c", "1", "1", Exceeded, &["exact_overshoot"]),
                ("d", "1", "1", Exceeded, &["exact_overshoot", "exceeded_no_reason"]),
            ],
            ..Default::default()
        },
        ListCase {
            label: "qualitative levels, default bands and percents",
            points: "5",
            indicators: vec![
                qual("a", Achieved, None),
                qual("b", Partial, None).reason("r"),
                qual("c", NotAchieved, None).reason("r"),
                qual("d", Partial, Some("65")),
                qual("e", Achieved, Some("80")),
            ],
            score: "3.45",
            expect: vec![
                ("a", "1", "1", Met, &[]),
                ("b", "1", "0.7", Short, &[]),
                ("c", "1", "0.3", Short, &[]),
                ("d", "1", "0.65", Short, &["short_no_reason"]),
                ("e", "1", "0.8", Met, &[]),
            ],
            ..Default::default()
        },
        ListCase {
            label: "qualitative levels, explicit bands (100–80 / 80–50 / 50–0)",
            points: "4",
            bands: Some(local_bands()),
            indicators: vec![
                qual("a", Partial, None).reason("r"),
                qual("b", Partial, Some("50")).reason("r"),
                qual("c", NotAchieved, Some("50")).reason("r"),
                qual("d", NotAchieved, None).reason("r"),
            ],
            score: "1.9",
            expect: vec![
                ("a", "1", "0.65", Short, &[]),
                ("b", "1", "0.5", Short, &[]),
                ("c", "1", "0.5", Short, &[]),
                ("d", "1", "0.25", Short, &[]),
            ],
            ..Default::default()
        },
        ListCase {
            label: "a percent outside its level's band is an input error",
            points: "2",
            indicators: vec![qual("a", Achieved, Some("79.99")), ge("b", "1", "1")],
            score: "1",
            status: Status::Invalid,
            expect: vec![("a", "1", "0", Invalid, &["percent_outside_band"]), ("b", "1", "1", Met, &[])],
            ..Default::default()
        },
        ListCase {
            label: "explicit bands move the edges: 55 is partial there, not under the defaults",
            points: "2",
            bands: Some(local_bands()),
            indicators: vec![qual("a", Partial, Some("55")).reason("r"), qual("b", Partial, Some("49.99"))],
            score: "0.55",
            status: Status::Invalid,
            expect: vec![("a", "1", "0.55", Short, &[]), ("b", "1", "0", Invalid, &["percent_outside_band"])],
            ..Default::default()
        },
        ListCase {
            label: "zero target with a positive actual: ≥ met, ≤ nothing",
            points: "3",
            indicators: vec![ge("a", "0", "5"), le("b", "0", "3"), le("c", "0", "0")],
            score: "2",
            expect: vec![
                ("a", "1", "1", Met, &["zero_target"]),
                ("b", "1", "0", Short, &["short_no_reason", "zero_target"]),
                ("c", "1", "1", Met, &[]),
            ],
            ..Default::default()
        },
        ListCase {
            label: "a missing actual is pending and counts 0",
            points: "2",
            indicators: vec![ge("a", "10", "10"), numeric("b", Direction::AtLeast, "10", None)],
            score: "1",
            status: Status::Pending,
            expect: vec![("a", "1", "1", Met, &[]), ("b", "1", "0", Pending, &["missing_actual"])],
            ..Default::default()
        },
        ListCase {
            label: "over-achievement is capped at ratio 1",
            points: "1",
            indicators: vec![ge("a", "28", "33.01")],
            score: "1",
            expect: vec![("a", "1", "1", Exceeded, &[])],
            ..Default::default()
        },
        ListCase {
            label: "≥ 130% of target wants a reason",
            points: "4",
            indicators: vec![
                ge("a", "10", "13"),
                ge("b", "10", "12.99"),
                ge("c", "10", "13").reason("提前完成"),
                ge("d", "10", "50").reason("  "),
            ],
            score: "4",
            expect: vec![
                ("a", "1", "1", Exceeded, &["exceeded_no_reason"]),
                ("b", "1", "1", Exceeded, &[]),
                ("c", "1", "1", Exceeded, &[]),
                ("d", "1", "1", Exceeded, &["exceeded_no_reason"]),
            ],
            ..Default::default()
        },
        ListCase {
            label: "short wants a reason",
            points: "3",
            indicators: vec![
                ge("a", "20", "13"),
                ge("b", "20", "13").reason("人数以实际申报为准"),
                ge("c", "20", "13").reason(" "),
            ],
            score: "1.95",
            expect: vec![
                ("a", "1", "0.65", Short, &["short_no_reason"]),
                ("b", "1", "0.65", Short, &[]),
                ("c", "1", "0.65", Short, &["short_no_reason"]),
            ],
            ..Default::default()
        },
        ListCase {
            label: "a negative actual credits 0 and is flagged",
            points: "1",
            indicators: vec![ge("a", "10", "-5")],
            score: "0",
            expect: vec![("a", "1", "0", Short, &["negative_value", "short_no_reason"])],
            ..Default::default()
        },
        ListCase {
            label: "inputs the rule cannot use",
            points: "3",
            indicators: vec![
                Indicator { actual: Some(Actual::Number(d("5"))), ..Indicator::new("a", "a", Direction::AtLeast) },
                Indicator {
                    target: Some(d("5")),
                    actual: Some(Actual::Level { level: Achieved, percent: None }),
                    ..Indicator::new("b", "b", Direction::AtMost)
                },
                Indicator { actual: Some(Actual::Number(d("5"))), ..Indicator::new("c", "c", Direction::Qualitative) },
            ],
            score: "0",
            status: Status::Invalid,
            expect: vec![
                ("a", "1", "0", Invalid, &["missing_target"]),
                ("b", "1", "0", Invalid, &["wrong_actual_kind"]),
                ("c", "1", "0", Invalid, &["wrong_actual_kind"]),
            ],
            ..Default::default()
        },
    ];
    for case in cases {
        let label = case.label;
        let ids: Vec<String> = case.indicators.iter().map(|i| i.id.clone()).collect();
        let scored = score(&single(case.points, list(case.at_most, case.bands, case.indicators)));
        let x = scored.node("x").unwrap();
        assert_eq!(x.score, d(case.score), "{label}");
        assert_eq!(x.status, case.status, "{label}");
        assert_eq!(node_codes(&scored, "x"), sorted(case.node_codes), "{label}");
        // Every indicator gets a result, in order, even when the list cannot be scored.
        let got: Vec<&str> = scored.indicators_of("x").map(|i| i.id.as_str()).collect();
        assert_eq!(got, ids, "{label}");
        for (id, share, expected, badge, codes) in case.expect {
            let i = scored.indicator(id).unwrap();
            let label = format!("{label}: {id}");
            assert_eq!(i.share, d(share), "{label}");
            assert_eq!(i.score, d(expected), "{label}");
            assert_eq!(i.lost, d(share) - d(expected), "{label}");
            assert_eq!(i.badge(), badge, "{label}");
            assert_eq!(indicator_codes(&scored, id), sorted(codes), "{label}");
        }
    }
}

/// n equal, met shares of `points`: the list divides once, so the total is exactly `points` even when
/// each share is a rounded repeating decimal.
#[test]
fn equal_met_shares_sum_exactly() {
    let cases = [
        (15, "10", "0.6666666666666666666666666667"),
        (7, "10", "1.4285714285714285714285714286"),
        (3, "10", "3.3333333333333333333333333333"),
        (32, "20", "0.625"),
        (9, "1", "0.1111111111111111111111111111"),
        (13, "7", "0.5384615384615384615384615385"),
    ];
    for (n, points, share) in cases {
        let indicators = (0..n).map(|i| ge(&format!("i{i}"), "3", "3")).collect();
        let scored = score(&single(points, list(AtMostScoring::Proportional, None, indicators)));
        let label = format!("{n} shares of {points}");
        assert_eq!(scored.node("x").unwrap().score, d(points), "{label}");
        assert_eq!(scored.node("root").unwrap().score, d(points), "{label}");
        for i in scored.indicators_of("x") {
            assert_eq!(i.share, d(share), "{label}");
            assert_eq!(i.score, d(share), "{label}");
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// bands

/// (input, bands as (min, score), points) → (score, status, band reached, node codes)
#[test]
fn bands() {
    use Status::*;
    let curve: &[(&str, &str)] = &[("60", "1"), ("80", "2"), ("95", "3")];
    #[allow(clippy::type_complexity)]
    let cases: &[(Option<&str>, &[(&str, &str)], &str, &str, Status, Option<usize>, &[&str])] = &[
        (Some("59.99"), curve, "3", "0", Scored, None, &[]),
        (Some("-10"), curve, "3", "0", Scored, None, &[]),
        (Some("60"), curve, "3", "1", Scored, Some(0), &[]),
        (Some("70"), curve, "3", "1", Scored, Some(0), &[]),
        (Some("80"), curve, "3", "2", Scored, Some(1), &[]),
        (Some("94.99"), curve, "3", "2", Scored, Some(1), &[]),
        (Some("95"), curve, "3", "3", Scored, Some(2), &[]),
        (Some("120"), curve, "3", "3", Scored, Some(2), &[]),
        // The file's order does not matter: the highest min reached wins; the index is the file's.
        (Some("85"), &[("95", "3"), ("60", "1"), ("80", "2")], "3", "2", Scored, Some(2), &[]),
        // Fractional band scores (采购合同签订时效性: about 95% → 2 of 3).
        (Some("95.2"), &[("90", "1.5"), ("95", "2"), ("100", "3")], "3", "2", Scored, Some(1), &[]),
        (Some("50"), &[], "3", "0", Scored, None, &[]),
        // A band worth more than the node's points, or less than 0, is an error.
        (Some("95"), &[("60", "1"), ("95", "4")], "3", "0", Invalid, None, &["band_score_out_of_range"]),
        (Some("95"), &[("60", "-1"), ("95", "3")], "3", "0", Invalid, None, &["band_score_out_of_range"]),
        (None, curve, "3", "0", Pending, None, &["missing_actual"]),
    ];
    for (input, bands, points, expected, status, reached, codes) in cases {
        let bands = bands.iter().map(|(min, score)| Band { min: d(min), score: d(score) }).collect();
        let scored = score(&single(points, Rule::Bands { input: od(*input), unit: "%".into(), bands }));
        let x = scored.node("x").unwrap();
        let label = format!("input {input:?}");
        assert_eq!(x.score, d(expected), "{label}");
        assert_eq!(x.status, *status, "{label}");
        if *status != Invalid {
            assert_eq!(x.detail, Detail::Bands { reached: *reached }, "{label}");
        }
        assert_eq!(node_codes(&scored, "x"), sorted(codes), "{label}");
    }
}

// ---------------------------------------------------------------------------------------------------
// pass / fail

#[test]
fn pass_fail() {
    let cases: &[(Option<bool>, &str, Status, &[&str])] = &[
        (Some(true), "2", Status::Scored, &[]),
        (Some(false), "0", Status::Scored, &[]),
        (None, "0", Status::Pending, &["missing_actual"]),
    ];
    for (passed, expected, status, codes) in cases {
        let scored = score(&single("2", Rule::PassFail { passed: *passed }));
        let x = scored.node("x").unwrap();
        assert_eq!(x.score, d(expected), "{passed:?}");
        assert_eq!(x.lost, d("2") - d(expected), "{passed:?}");
        assert_eq!(x.status, *status, "{passed:?}");
        assert_eq!(x.detail, Detail::PassFail { passed: *passed }, "{passed:?}");
        assert_eq!(node_codes(&scored, "x"), sorted(codes), "{passed:?}");
    }
}

// ---------------------------------------------------------------------------------------------------
// deduction

/// (value, limit, per unit, points) → (score, status, deducted, node codes)
#[test]
fn deduction() {
    use Status::*;
    #[allow(clippy::type_complexity)]
    let cases: &[(Option<&str>, &str, &str, &str, &str, Status, Option<&str>, &[&str])] = &[
        // 三公经费变动率: 8 points at ≤ 0, −0.8 per percentage point over.
        (Some("-13.65"), "0", "0.8", "8", "8", Scored, Some("0"), &[]),
        (Some("0"), "0", "0.8", "8", "8", Scored, Some("0"), &[]),
        (Some("2.5"), "0", "0.8", "8", "6", Scored, Some("2"), &[]),
        (Some("10"), "0", "0.8", "8", "0", Scored, Some("8"), &[]),
        (Some("15"), "0", "0.8", "8", "0", Scored, Some("8"), &[]),
        // A limit other than 0.
        (Some("4.9"), "5", "1", "4", "4", Scored, Some("0"), &[]),
        (Some("7"), "5", "1", "4", "2", Scored, Some("2"), &[]),
        (Some("3"), "-2", "0.5", "4", "1.5", Scored, Some("2.5"), &[]),
        // Per-unit counts (limit 0): 3 late contracts at 0.5 each.
        (Some("3"), "0", "0.5", "2", "0.5", Scored, Some("1.5"), &[]),
        (Some("1"), "0", "1", "1", "0", Scored, Some("1"), &[]),
        (Some("100"), "0", "0", "2", "2", Scored, Some("0"), &[]),
        (Some("3"), "0", "-0.5", "2", "0", Invalid, None, &["negative_deduction"]),
        (None, "0", "0.5", "2", "0", Pending, None, &["missing_actual"]),
    ];
    for (value, limit, per_unit, points, expected, status, deducted, codes) in cases {
        let rule = Rule::Deduction { value: od(*value), limit: d(limit), per_unit: d(per_unit) };
        let scored = score(&single(points, rule));
        let x = scored.node("x").unwrap();
        let label = format!("value {value:?} limit {limit} per {per_unit} on {points}");
        assert_eq!(x.score, d(expected), "{label}");
        assert_eq!(x.status, *status, "{label}");
        assert_eq!(x.detail, Detail::Deduction { deducted: od(*deducted) }, "{label}");
        assert_eq!(node_codes(&scored, "x"), sorted(codes), "{label}");
    }
}

// ---------------------------------------------------------------------------------------------------
// manual

/// (score entered, reason, points) → (score, status, node codes)
#[test]
fn manual() {
    use Status::*;
    #[allow(clippy::type_complexity)]
    let cases: &[(Option<&str>, &str, &str, &str, Status, &[&str])] = &[
        (Some("2.5"), "资料齐全", "3", "2.5", Scored, &[]),
        (Some("0"), "未提供", "3", "0", Scored, &[]),
        (Some("3"), "完全符合", "3", "3", Scored, &[]),
        (Some("3.01"), "r", "3", "0", Invalid, &["manual_out_of_range"]),
        (Some("-0.5"), "r", "3", "0", Invalid, &["manual_out_of_range"]),
        // Out of range and no reason: the error is what matters.
        (Some("4"), "", "3", "0", Invalid, &["manual_out_of_range"]),
        (Some("2"), "", "3", "2", Scored, &["manual_no_reason"]),
        (Some("2"), " \u{3000}", "3", "2", Scored, &["manual_no_reason"]),
        (None, "", "3", "0", Pending, &["missing_actual"]),
    ];
    for (entered, reason, points, expected, status, codes) in cases {
        let scored = score(&single(points, Rule::Manual { score: od(*entered), reason: reason.to_string() }));
        let x = scored.node("x").unwrap();
        let label = format!("manual {entered:?} {reason:?} on {points}");
        assert_eq!(x.score, d(expected), "{label}");
        assert_eq!(x.status, *status, "{label}");
        assert_eq!(node_codes(&scored, "x"), sorted(codes), "{label}");
    }
    let scored = score(&single("3", Rule::Manual { score: Some(d("3.01")), reason: String::new() }));
    assert_eq!(scored.node("x").unwrap().error, Some(RuleError::ManualOutOfRange { score: d("3.01"), points: d("3") }));
}

// ---------------------------------------------------------------------------------------------------
// groups

fn passed(id: &str, points: &str) -> Node {
    leaf(id, points, Rule::PassFail { passed: Some(true) })
}

/// (group points, children as (points, passed)) → (group score, group codes)
#[test]
fn group_points() {
    #[allow(clippy::type_complexity)]
    let cases: &[(&str, &[(&str, bool)], &str, &[&str])] = &[
        ("10", &[("6", true), ("4", true)], "10", &[]),
        ("10", &[("6", true), ("4", false)], "6", &[]),
        ("10", &[("2.5", true), ("2.5", true), ("5", true)], "10", &[]),
        // Children claiming more than the group: a warning, and the group counts at most its points.
        ("10", &[("6", true), ("6", true)], "10", &["points_mismatch"]),
        ("10", &[("6", true), ("6", false)], "6", &["points_mismatch"]),
        // Children worth less than the group.
        ("10", &[("4", true), ("4", true)], "8", &["points_mismatch"]),
        // A group with no children at all holds none of its points: flagged like any other mismatch.
        ("10", &[], "0", &["points_mismatch"]),
    ];
    for (points, shape, expected, codes) in cases {
        let children = shape
            .iter()
            .enumerate()
            .map(|(i, (p, ok))| leaf(&format!("c{i}"), p, Rule::PassFail { passed: Some(*ok) }))
            .collect();
        let scored = score(&Evaluation {
            scenarios: Vec::new(),
            review: None,
            meta: Meta::default(),
            root: Node::group("g", "g", d(points), children),
        });
        let g = scored.node("g").unwrap();
        let label = format!("group {points} over {shape:?}");
        assert_eq!(g.score, d(expected), "{label}");
        assert_eq!(g.lost, d(points) - d(expected), "{label}");
        assert_eq!(node_codes(&scored, "g"), sorted(codes), "{label}");
        assert_eq!(scored.total, d(expected), "{label}");
    }
}

/// (display decimals, reported, on a leaf that computes 4.999) → (difference, flagged)
#[test]
fn reported_versus_computed() {
    let cases: &[(u32, &str, &str, bool)] = &[
        (3, "4.999", "0", false),
        // Half a display unit (0.0005) is tolerated, on either side; a hair more is not.
        (3, "4.9995", "0.0005", false),
        (3, "4.9985", "-0.0005", false),
        (3, "4.9996", "0.0006", true),
        (3, "4.9984", "-0.0006", true),
        (3, "5", "0.001", true),
        (0, "5.499", "0.5", false),
        (0, "5.5", "0.501", true),
        (2, "5.004", "0.005", false),
        (2, "5.0041", "0.0051", true),
        (28, "4.9990000000000000000000000001", "0.0000000000000000000000000001", true),
    ];
    for (decimals, reported, difference, flagged) in cases {
        let mut x = leaf("x", "5", Rule::Rate { rate: Some(d("99.98")) });
        x.reported = Some(d(reported));
        let meta = Meta { display_decimals: *decimals, ..Meta::default() };
        let scored = score(&Evaluation {
            scenarios: Vec::new(),
            review: None,
            meta,
            root: Node::group("root", "总分", d("5"), vec![x]),
        });
        let result = scored.node("x").unwrap();
        let label = format!("reported {reported} at {decimals} decimals");
        assert_eq!(result.score, d("4.999"), "{label}");
        assert_eq!(result.reported, Some(d(reported)), "{label}");
        assert_eq!(result.difference, Some(d(difference)), "{label}");
        let expected: &[&str] = if *flagged { &["reported_mismatch"] } else { &[] };
        assert_eq!(node_codes(&scored, "x"), expected, "{label}");
    }
}

/// The seed's 履职效能: computed 49.99815, reported 49.998 (within half a unit at 3 decimals).
#[test]
fn reported_subtotal_within_display_rounding() {
    let exec = leaf("exec", "5", Rule::MonthlyExecution { months: months(&seed_months()) });
    let fund = leaf("fund", "5", Rule::Rate { rate: Some(d("99.98")) });
    let dept = passed("dept", "20");
    let special = passed("special", "20");
    let mut group = Node::group("lz", "履职效能", d("50"), vec![exec, dept, fund, special]);
    group.reported = Some(d("49.998"));
    let scored = score(&Evaluation { scenarios: Vec::new(), review: None, meta: Meta::default(), root: group });
    assert_eq!(scored.node("lz").unwrap().score, d("49.99815"));
    assert_eq!(scored.node("lz").unwrap().difference, Some(d("-0.00015")));
    assert_eq!(node_codes(&scored, "lz"), Vec::<&str>::new());
    assert!(scored.checks.iter().all(|c| c.code() == "grade_unreachable"), "{:?}", scored.checks);
}

// ---------------------------------------------------------------------------------------------------
// total caps

/// A 100-point root: an execution-rate leaf worth 10, and a manual leaf worth 90.
fn capped(rate_leaf: Rule, rest: &str, rate_node: &str) -> Evaluation {
    let caps = vec![TotalCap { below: d("80"), cap: d("89") }, TotalCap { below: d("70"), cap: d("79") }];
    let meta = Meta { total_caps: Some(TotalCaps { rate_node: rate_node.to_string(), caps }), ..Meta::default() };
    let rest = leaf("rest", "90", Rule::Manual { score: Some(d(rest)), reason: "r".into() });
    Evaluation {
        scenarios: Vec::new(),
        review: None,
        meta,
        root: Node::group("root", "总分", d("100"), vec![leaf("exec", "10", rate_leaf), rest]),
    }
}

/// (execution rate, the other 90 points' score, cap node) → (uncapped, total, cap, grade, codes on the cap node)
#[test]
fn total_caps() {
    let rate = |r: &str| Rule::Rate { rate: Some(d(r)) };
    let monthly = |r: &str| Rule::MonthlyExecution {
        months: vec![Month { month: "12月".into(), rate: Some(d(r)), schedule: d("100") }],
    };
    #[allow(clippy::type_complexity)]
    let cases: Vec<(&str, Rule, &str, &str, &str, &str, Option<&str>, &str, &[&str])> = vec![
        ("75 caps 95 at 89", rate("75"), "87.5", "exec", "95", "89", Some("89"), "良", &["cap_applied"]),
        (
            "65 caps at 79 (the lowest cap that applies)",
            rate("65"),
            "88.5",
            "exec",
            "95",
            "79",
            Some("79"),
            "中",
            &["cap_applied"],
        ),
        ("85 is above every cap's line", rate("85"), "86.5", "exec", "95", "95", None, "优", &[]),
        ("80 is not below 80", rate("80"), "87", "exec", "95", "95", None, "优", &[]),
        ("a total already under the cap is left alone", rate("75"), "77.5", "exec", "85", "85", None, "良", &[]),
        (
            "monthly execution averages count too",
            monthly("75"),
            "87.5",
            "exec",
            "95",
            "89",
            Some("89"),
            "良",
            &["cap_applied"],
        ),
        ("a rate over 100 is credited 100", rate("120"), "85", "exec", "95", "95", None, "优", &["rate_over_100"]),
        ("the cap node is not a rate node", rate("75"), "87.5", "rest", "95", "95", None, "优", &["cap_node_invalid"]),
        ("the cap node does not exist", rate("75"), "87.5", "nowhere", "95", "95", None, "优", &["cap_node_invalid"]),
    ];
    for (label, rule, rest, rate_node, uncapped, total, cap, grade, codes) in cases {
        let scored = score(&capped(rule, rest, rate_node));
        assert_eq!(scored.uncapped_total, d(uncapped), "{label}");
        assert_eq!(scored.root().score, d(uncapped), "{label}: the root keeps its own score");
        assert_eq!(scored.total, d(total), "{label}");
        assert_eq!(scored.cap, od(cap), "{label}");
        assert_eq!(scored.grade, grade, "{label}");
        let mut got: Vec<&str> = scored.checks.iter().filter(|c| c.indicator_id.is_none()).map(|c| c.code()).collect();
        got.sort_unstable();
        assert_eq!(got, sorted(codes), "{label}");
    }
    // A rate node without its rate yet decides nothing and is not an error.
    let scored = score(&capped(Rule::Rate { rate: None }, "90", "exec"));
    assert_eq!((scored.total, scored.cap), (d("90"), None));
    assert_eq!(node_codes(&scored, "exec"), ["missing_actual"]);
}

// ---------------------------------------------------------------------------------------------------
// grades

/// (total, grade bands) → grade
#[test]
fn grades() {
    let custom = vec![
        GradeBand { grade: "A".into(), min: d("85") },
        GradeBand { grade: "C".into(), min: d("50") },
        GradeBand { grade: "B".into(), min: d("70") },
    ];
    let cases: &[(&str, Option<&[GradeBand]>, &str)] = &[
        ("100", None, "优"),
        ("90", None, "优"),
        ("89.999", None, "良"),
        ("80", None, "良"),
        ("79.9999999", None, "中"),
        ("60", None, "中"),
        ("59.99", None, "差"),
        ("0", None, "差"),
        ("97.99815", None, "优"),
        ("85", Some(&custom), "A"),
        ("84.99", Some(&custom), "B"),
        ("70", Some(&custom), "B"),
        ("50", Some(&custom), "C"),
        ("49.99", Some(&custom), "—"),
        ("100", Some(&[]), "—"),
    ];
    for (total, bands, grade) in cases {
        let meta = Meta {
            grade_bands: bands.map_or_else(|| Meta::default().grade_bands, <[GradeBand]>::to_vec),
            ..Meta::default()
        };
        let root = leaf("root", "100", Rule::Manual { score: Some(d(total)), reason: "r".into() });
        let scored = score(&Evaluation { scenarios: Vec::new(), review: None, meta, root });
        assert_eq!(scored.total, d(total), "{total}");
        assert_eq!(scored.grade, *grade, "{total} with {bands:?}");
    }
}

// ---------------------------------------------------------------------------------------------------
// overflow and malformed input: an error or a clean result, never a panic

/// What became of one node: its score, or the error it reports.
#[derive(Debug, PartialEq)]
enum Outcome {
    Score(&'static str),
    Error(&'static str),
}

#[test]
fn overflow_is_an_error_never_a_panic() {
    use Outcome::{Error, Score};
    let tiny = "0.0000000000000000000000000001";
    let neg_max = format!("-{MAX}");
    let cases: Vec<(&str, Evaluation, Outcome)> = vec![
        // The rate is divided by 100 first, so even the largest points scale without overflowing.
        (
            "MAX points × a rate",
            single(MAX, Rule::Rate { rate: Some(d("50")) }),
            Score("39614081257132168796771975168"),
        ),
        ("MAX points × 100%", single(MAX, Rule::Rate { rate: Some(d("100")) }), Score(MAX)),
        ("a tiny point count × a rate rounds, cleanly", single(tiny, Rule::Rate { rate: Some(d("50")) }), Score("0")),
        ("MAX points, passed", single(MAX, Rule::PassFail { passed: Some(true) }), Score(MAX)),
        ("MAX points, manual MAX", single(MAX, Rule::Manual { score: Some(d(MAX)), reason: "r".into() }), Score(MAX)),
        (
            "MAX points, monthly on schedule",
            single(MAX, Rule::MonthlyExecution { months: months(&[(Some("50"), "50"), (Some("50"), "50")]) }),
            Score(MAX),
        ),
        (
            "a month far ahead of a tiny schedule",
            single("5", Rule::MonthlyExecution { months: months(&[(Some(MAX), tiny)]) }),
            Error("overflow"),
        ),
        (
            "MAX points × a mean below 1 rounds, cleanly",
            single(MAX, Rule::MonthlyExecution { months: months(&[(Some("40"), "50"), (Some("30"), "50")]) }),
            Score("55459713759985036315480765234"),
        ),
        (
            "deduction: value − limit overflows",
            single("5", Rule::Deduction { value: Some(d(MAX)), limit: d(&neg_max), per_unit: d("1") }),
            Error("overflow"),
        ),
        (
            "deduction: beyond × per unit too large to hold floors at 0",
            single("5", Rule::Deduction { value: Some(d(MAX)), limit: d("0"), per_unit: d("2") }),
            Score("0"),
        ),
        (
            "bands with MAX everywhere",
            single(
                MAX,
                Rule::Bands {
                    input: Some(d(MAX)),
                    unit: String::new(),
                    bands: vec![Band { min: d(MAX), score: d(MAX) }],
                },
            ),
            Score(MAX),
        ),
        (
            "indicator list: MAX points × MAX weight",
            single(
                MAX,
                list(AtMostScoring::Proportional, None, vec![ge("a", "1", "1").weight(MAX), ge("b", "1", "1")]),
            ),
            Error("overflow"),
        ),
        (
            "indicator list: weights summing past MAX",
            single(
                "1",
                list(
                    AtMostScoring::Proportional,
                    None,
                    vec![ge("a", "1", "1").weight(MAX), ge("b", "1", "1").weight(MAX)],
                ),
            ),
            Error("overflow"),
        ),
        (
            "indicator list: MAX over a tiny target (a ratio too large to hold is full credit)",
            single("1", list(AtMostScoring::Proportional, None, vec![ge("a", tiny, MAX)])),
            Score("1"),
        ),
        (
            "indicator list: linear ≤ with an overflowing excess",
            single("1", list(AtMostScoring::Linear, None, vec![le("a", tiny, MAX)])),
            Score("0"),
        ),
        (
            "a group whose children overflow when added",
            Evaluation {
                scenarios: Vec::new(),
                review: None,
                meta: Meta::default(),
                root: Node::group("x", "x", d(MAX), vec![passed("c1", MAX), passed("c2", MAX)]),
            },
            Error("overflow"),
        ),
        ("negative points on a leaf", single("-1", Rule::PassFail { passed: Some(true) }), Error("negative_points")),
        (
            "negative points on an indicator list",
            single("-1", list(AtMostScoring::Proportional, None, vec![ge("a", "1", "1"), ge("b", "2", "1")])),
            Error("negative_points"),
        ),
        (
            "negative points on an indicator list, followed by another list",
            Evaluation {
                scenarios: Vec::new(),
                review: None,
                meta: Meta::default(),
                root: Node::group(
                    "root",
                    "总分",
                    d("0"),
                    vec![
                        leaf("x", "-1", list(AtMostScoring::Proportional, None, vec![ge("a", "1", "1")])),
                        leaf(
                            "y",
                            "1",
                            list(AtMostScoring::Proportional, None, vec![ge("b", "2", "1"), ge("c", "1", "1")]),
                        ),
                    ],
                ),
            },
            Error("negative_points"),
        ),
        (
            "a reported score so far off that the difference overflows",
            {
                let mut e = single("5", Rule::PassFail { passed: Some(true) });
                e.root.reported = Some(d(&neg_max));
                e
            },
            Score("5"),
        ),
        (
            "MAX reported against a tiny computed score",
            {
                let mut e = single("5", Rule::PassFail { passed: Some(false) });
                e.root.find_mut("x").unwrap().reported = Some(d(MAX));
                e
            },
            Score("0"),
        ),
    ];
    for (label, evaluation, outcome) in cases {
        let scored = score(&evaluation);
        let x = scored.node("x").unwrap();
        let got = match &x.error {
            Some(error) => Error(error.code()),
            None => Score(""),
        };
        match outcome {
            Error(code) => {
                assert_eq!(got, Error(code), "{label}");
                assert_eq!(x.score, Decimal::ZERO, "{label}");
                assert_eq!(x.status, Status::Invalid, "{label}");
                assert!(node_codes(&scored, "x").contains(&code), "{label}");
            }
            Score(expected) => {
                assert_eq!(got, Score(""), "{label}");
                assert_eq!(x.score, d(expected), "{label}");
            }
        }
        // Whatever happened, every indicator has a result and every check can be worded.
        let indicator_count: usize = evaluation.root.walk().map(|n| n.indicators().len()).sum();
        assert_eq!(scored.indicators.len(), indicator_count, "{label}");
        for check in &scored.checks {
            assert!(!check.message(jixiao::domain::Lang::Zh).is_empty(), "{label}");
            assert!(!check.message(jixiao::domain::Lang::En).is_empty(), "{label}");
        }
    }
}

/// An actual so far beyond a tiny target that the ratio cannot be held is credited in full, not 0.
#[test]
fn a_ratio_too_large_to_hold_is_full_credit() {
    let tiny = "0.0000000000000000000000000001";
    let scored =
        score(&single("2", list(AtMostScoring::Proportional, None, vec![ge("a", tiny, MAX), ge("b", "1", "1")])));
    let a = scored.indicator("a").unwrap();
    assert_eq!(a.badge(), Badge::Exceeded);
    assert_eq!(a.error(), None);
    assert_eq!(a.score, d("1"));
    assert_eq!(scored.indicator("b").unwrap().score, d("1"));
    let x = scored.node("x").unwrap();
    assert_eq!((x.score, x.status), (d("2"), Status::Scored));
}

/// What the total still waits for, so that the grade can say it is provisional: each case is a list of
/// leaves → (pending, invalid).
#[test]
fn open_inputs() {
    let filled = || leaf("f", "1", Rule::PassFail { passed: Some(true) });
    let cases: Vec<(&str, Vec<Node>, usize, usize)> = vec![
        ("everything filled", vec![filled()], 0, 0),
        (
            "an empty pass/fail and an empty manual score",
            vec![
                filled(),
                leaf("p", "1", Rule::PassFail { passed: None }),
                leaf("m", "1", Rule::Manual { score: None, reason: String::new() }),
            ],
            2,
            0,
        ),
        (
            "a list counts its indicators, not itself",
            vec![
                leaf(
                    "l",
                    "2",
                    list(
                        AtMostScoring::default(),
                        None,
                        vec![
                            ge("a", "1", "1"),
                            numeric("b", Direction::AtLeast, "1", None),
                            numeric("c", Direction::AtLeast, "1", None),
                        ],
                    ),
                ),
                filled(),
            ],
            2,
            0,
        ),
        (
            "an empty list waits for its indicators",
            vec![leaf("l", "2", list(AtMostScoring::default(), None, vec![]))],
            1,
            0,
        ),
        (
            "an indicator the rule cannot use",
            vec![leaf(
                "l",
                "2",
                list(
                    AtMostScoring::default(),
                    None,
                    vec![qual("a", Level::Achieved, Some("79.99")), numeric("b", Direction::AtLeast, "1", None)],
                ),
            )],
            1,
            1,
        ),
        (
            "a list that cannot be scored as a whole, though each indicator is met",
            vec![leaf(
                "l",
                "2",
                list(
                    AtMostScoring::default(),
                    None,
                    vec![ge("a", "1", "1").weight("0"), ge("b", "1", "1").weight("0")],
                ),
            )],
            0,
            1,
        ),
        (
            "a manual score over its points",
            vec![leaf("m", "1", Rule::Manual { score: Some(d("2")), reason: String::new() })],
            0,
            1,
        ),
    ];
    for (label, leaves, pending, invalid) in cases {
        let scored = score(&Evaluation {
            scenarios: Vec::new(),
            review: None,
            meta: Meta::default(),
            root: Node::group("g", "g", d("10"), leaves),
        });
        let open = scored.open_inputs();
        assert_eq!((open.pending, open.invalid), (pending, invalid), "{label}");
        assert_eq!(open.is_empty(), pending + invalid == 0, "{label}");
    }
}

/// The seed is complete; the blank presets wait for every input they have.
#[test]
fn open_inputs_of_the_presets() {
    for preset in jixiao::presets::PRESETS {
        let evaluation = preset.evaluation().unwrap();
        let scored = score(&evaluation);
        let open = scored.open_inputs();
        assert_eq!(open.invalid, 0, "{}", preset.name);
        // The samples are filled in; the blank templates wait for every row.
        if preset.name.starts_with("seed") || preset.name.ends_with("-example") {
            assert!(open.is_empty(), "{}: {open:?}", preset.name);
        } else {
            assert!(open.pending >= scored.indicators.len() && open.pending > 0, "{}: {open:?}", preset.name);
        }
    }
}

#[test]
fn a_provisional_grade_says_what_it_waits_for() {
    use jixiao::domain::{Lang, OpenInputs};
    let cases = [
        (OpenInputs { pending: 3, invalid: 0 }, "暂定：3 处待填", "provisional: 3 inputs to fill in"),
        (OpenInputs { pending: 0, invalid: 1 }, "暂定：1 处有误", "provisional: 1 invalid"),
        (OpenInputs { pending: 1, invalid: 0 }, "暂定：1 处待填", "provisional: 1 input to fill in"),
        (
            OpenInputs { pending: 2, invalid: 1 },
            "暂定：2 处待填、1 处有误",
            "provisional: 2 inputs to fill in, 1 invalid",
        ),
    ];
    for (open, zh, en) in cases {
        assert_eq!(open.provisional_note(Lang::Zh), zh);
        assert_eq!(open.provisional_note(Lang::En), en);
    }
}

/// Grade bands above the full points are flagged: lowering the total's points left 优 90 unreachable.
#[test]
fn unreachable_grades_are_flagged() {
    let cases: &[(&str, &[&str])] = &[("100", &[]), ("90", &[]), ("85", &["优"]), ("50", &["优", "良", "中"])];
    for (points, unreachable) in cases {
        let evaluation = Evaluation {
            scenarios: Vec::new(),
            review: None,
            meta: Meta::default(),
            root: Node::group("g", "g", d(points), vec![leaf("x", points, Rule::PassFail { passed: Some(true) })]),
        };
        let scored = score(&evaluation);
        let flagged: Vec<String> = scored
            .checks
            .iter()
            .filter(|c| c.code() == "grade_unreachable")
            .map(|c| match &c.kind {
                CheckKind::GradeUnreachable { grade, .. } => grade.clone(),
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(flagged, *unreachable, "points {points}");
    }
    let check = score(&Evaluation {
        scenarios: Vec::new(),
        review: None,
        meta: Meta::default(),
        root: Node::group("g", "总分", d("50"), vec![leaf("x", "50", Rule::PassFail { passed: Some(true) })]),
    })
    .checks
    .into_iter()
    .find(|c| c.code() == "grade_unreachable")
    .unwrap();
    assert_eq!(check.message(jixiao::domain::Lang::Zh), "等级“优”从 90 分起，高于满分 50，无法达到");
}
