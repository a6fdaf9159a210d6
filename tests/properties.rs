//! Properties of the engine and the file format over random evaluations: scores stay within their
//! points, groups add up exactly, ≥ indicators are monotone, files round-trip byte for byte, and
//! nothing (scoring, loading) panics on any input.

use std::rc::Rc;
use std::str::FromStr;

use jixiao::domain::{
    score, Actual, AtMostScoring, Band, BudgetLine, Direction, Evaluation, GradeBand, Indicator, Level, LevelBand,
    Meta, Month, Node, NodeBody, QualitativeBands, Rescale, Rule, RuleError, Scored, TotalCap, TotalCaps,
};
use jixiao::format::{load, load_str, to_json};
use proptest::prelude::*;
use proptest::sample::select;
use rust_decimal::Decimal;
use serde_json::Value;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn config() -> ProptestConfig {
    ProptestConfig::with_cases(256)
}

// ---------------------------------------------------------------------------------------------------
// strategies: numbers

/// Values where the rules change behaviour, and the extremes of what a decimal holds.
fn edge_decimals() -> Vec<Decimal> {
    [
        "0",
        "1",
        "-1",
        "0.5",
        "1.3",
        "20",
        "60",
        "80",
        "99.83",
        "100",
        "130",
        "0.0000000000000000000000000001",
        "-0.0000000000000000000000000001",
        "79228162514264337593543950335",
        "-79228162514264337593543950335",
        "7922816251426433759354395033.5",
    ]
    .into_iter()
    .map(d)
    .collect()
}

/// Any decimal, weighted towards the everyday: small integers and short fractions (negatives
/// included), the edges, and now and then any value at any scale.
fn decimal() -> BoxedStrategy<Decimal> {
    prop_oneof![
        3 => (-200i64..=200).prop_map(Decimal::from),
        3 => (-1_000_000i64..=1_000_000, 0u32..=4).prop_map(|(m, s)| Decimal::new(m, s)),
        2 => select(edge_decimals()),
        1 => (any::<u32>(), any::<u32>(), any::<u32>(), any::<bool>(), 0u32..=28)
            .prop_map(|(lo, mid, hi, negative, scale)| Decimal::from_parts(lo, mid, hi, negative, scale)),
    ]
    .boxed()
}

/// A non-negative decimal of everyday size: points that add up without rounding.
fn modest_points() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        1 => Just(Decimal::ZERO),
        4 => (0i64..=100_000, 0u32..=3).prop_map(|(m, s)| Decimal::new(m, s)),
    ]
}

fn non_negative() -> impl Strategy<Value = Decimal> {
    decimal().prop_map(|x| x.abs())
}

// ---------------------------------------------------------------------------------------------------
// strategies: text

/// Empty, ordinary, Chinese, or hostile to JSON (quotes, backslashes, control characters).
fn text() -> BoxedStrategy<String> {
    prop_oneof![
        3 => Just(String::new()),
        2 => "[a-z0-9 ]{1,8}",
        2 => "[预算执行率绩效目标完成情况偏差原因]{1,6}",
        1 => "\\PC{1,8}",
        1 => "[\\x00-\\x1f\"\\\\\u{3000} \u{feff}]{1,4}",
    ]
    .boxed()
}

// ---------------------------------------------------------------------------------------------------
// strategies: the model

fn direction() -> impl Strategy<Value = Direction> {
    select(Direction::ALL.to_vec())
}

fn level() -> impl Strategy<Value = Level> {
    select(Level::ALL.to_vec())
}

fn at_most_scoring() -> impl Strategy<Value = AtMostScoring> {
    select(vec![AtMostScoring::Proportional, AtMostScoring::Linear])
}

fn actual() -> BoxedStrategy<Actual> {
    prop_oneof![
        3 => decimal().prop_map(Actual::Number),
        2 => (level(), prop::option::of(decimal())).prop_map(|(level, percent)| Actual::Level { level, percent }),
        // As written, neither a number nor a level: a 时效 row's date or word, a cell that cannot be read.
        1 => select(vec!["2023年11月20日", "12月20日", "按时完成", "未按时", "xx", "0x5A", "90-95%"])
            .prop_map(|text| Actual::Text(text.to_string())),
    ]
    .boxed()
}

fn level_band() -> BoxedStrategy<LevelBand> {
    (decimal(), decimal(), decimal()).prop_map(|(min, max, default)| LevelBand { min, max, default }).boxed()
}

fn qualitative_bands() -> BoxedStrategy<Option<QualitativeBands>> {
    prop_oneof![
        3 => Just(None),
        1 => Just(Some(QualitativeBands::default())),
        1 => (level_band(), level_band(), level_band())
            .prop_map(|(achieved, partial, not_achieved)| Some(QualitativeBands { achieved, partial, not_achieved })),
    ]
    .boxed()
}

fn weight() -> BoxedStrategy<Option<Decimal>> {
    prop_oneof![3 => Just(None), 2 => non_negative().prop_map(Some), 1 => decimal().prop_map(Some)].boxed()
}

/// An indicator with a placeholder id (`number_ids` makes them unique).
fn indicator() -> BoxedStrategy<Indicator> {
    (
        (direction(), prop::option::of(decimal()), prop::option::of(actual()), weight(), prop::bool::weighted(0.15)),
        (text(), text(), text(), text(), text(), text(), text()),
        (prop::option::of(decimal()), prop::option::of(decimal())),
    )
        .prop_map(
            |(
                (direction, target, actual, weight, not_applicable),
                (name, category, explanation, target_text, unit, actual_text, deviation_reason),
                (points, reported),
            )| Indicator {
                id: String::new(),
                category,
                name,
                explanation,
                direction,
                target,
                target_text,
                unit,
                actual,
                actual_text,
                deviation_reason,
                weight,
                points,
                reported,
                not_applicable,
            },
        )
        .boxed()
}

fn month() -> BoxedStrategy<Month> {
    (text(), prop::option::of(decimal()), prop_oneof![3 => (1i64..=100).prop_map(Decimal::from), 1 => decimal()])
        .prop_map(|(month, rate, schedule)| Month { month, rate, schedule })
        .boxed()
}

fn budget_line() -> BoxedStrategy<BudgetLine> {
    (text(), prop::option::of(decimal()), prop::option::of(decimal()), prop::option::of(decimal()))
        .prop_map(|(name, initial, adjusted, executed)| BudgetLine { name, initial, adjusted, executed })
        .boxed()
}

fn rule() -> BoxedStrategy<Rule> {
    prop_oneof![
        prop::option::of(decimal()).prop_map(|rate| Rule::Rate { rate }),
        prop::collection::vec(month(), 0..5).prop_map(|months| Rule::MonthlyExecution { months }),
        (at_most_scoring(), qualitative_bands(), prop::collection::vec(indicator(), 0..6)).prop_map(
            |(at_most_scoring, qualitative_bands, indicators)| Rule::Indicators {
                at_most_scoring,
                qualitative_bands,
                indicators: indicators.into_iter().map(Rc::new).collect(),
            }
        ),
        (prop::option::of(decimal()), text(), prop::collection::vec((decimal(), decimal()), 0..4)).prop_map(
            |(input, unit, bands)| Rule::Bands {
                input,
                unit,
                bands: bands.into_iter().map(|(min, score)| Band { min, score }).collect(),
            }
        ),
        prop::option::of(any::<bool>()).prop_map(|passed| Rule::PassFail { passed }),
        (prop::option::of(decimal()), decimal(), decimal()).prop_map(|(value, limit, per_unit)| Rule::Deduction {
            value,
            limit,
            per_unit
        }),
        (prop::option::of(decimal()), text()).prop_map(|(score, reason)| Rule::Manual { score, reason }),
        (prop::collection::vec(budget_line(), 0..4), any::<bool>(), text())
            .prop_map(|(lines, uncapped, reason)| Rule::Budget { lines, uncapped, reason }),
    ]
    .boxed()
}

/// A tree up to 4 levels deep whose groups are worth exactly their children's points, every point
/// count non-negative and of everyday size; the rules' inputs are anything at all.
fn well_formed_tree() -> impl Strategy<Value = Node> {
    let leaf = (modest_points(), rule(), text()).prop_map(|(points, rule, name)| Node::leaf("", name, points, rule));
    leaf.prop_recursive(3, 48, 5, |inner| {
        (prop::collection::vec(inner, 0..5), text()).prop_map(|(children, name)| {
            let points = children.iter().map(|c| c.points).sum();
            Node::group("", name, points, children)
        })
    })
}

/// Any tree: points negative, huge or not adding up, reported scores anywhere.
fn any_tree() -> impl Strategy<Value = Node> {
    let leaf = (decimal(), rule(), text(), prop::option::of(decimal()), text())
        .prop_map(|(points, rule, name, reported, note)| Node { reported, note, ..Node::leaf("", name, points, rule) });
    leaf.prop_recursive(3, 48, 5, |inner| {
        (prop::collection::vec(inner, 0..5), decimal(), text(), prop::option::of(decimal()))
            .prop_map(|(children, points, name, reported)| Node { reported, ..Node::group("", name, points, children) })
    })
}

/// Gives every node and indicator its own id, as the file format requires.
fn number_ids(node: &mut Node, next: &mut usize) {
    node.id = format!("n{next}");
    *next += 1;
    match &mut node.body {
        NodeBody::Group(children) => children.iter_mut().for_each(|c| number_ids(c, next)),
        NodeBody::Leaf(Rule::Indicators { indicators, .. }) => {
            for indicator in indicators.iter_mut().map(Rc::make_mut) {
                indicator.id = format!("i{next}");
                *next += 1;
            }
        }
        NodeBody::Leaf(_) => {}
    }
}

fn with_ids(mut root: Node) -> Node {
    number_ids(&mut root, &mut 0);
    root
}

/// Meta the file can hold: at most 28 decimals, and a year of 0 or more (the model holds an `i32`, but
/// the loader reads the year as unsigned, so a negative year saves and does not load back).
fn meta() -> BoxedStrategy<Meta> {
    let grade_bands = prop_oneof![
        2 => Just(Meta::default().grade_bands),
        1 => prop::collection::vec((text(), decimal()), 0..5)
            .prop_map(|bands| bands.into_iter().map(|(grade, min)| GradeBand { grade, min }).collect()),
    ];
    let total_caps = prop::option::of(
        (prop_oneof!["n[0-9]{1,2}", text()], prop::collection::vec((decimal(), decimal()), 0..4)).prop_map(
            |(rate_node, caps)| TotalCaps {
                rate_node,
                caps: caps.into_iter().map(|(below, cap)| TotalCap { below, cap }).collect(),
            },
        ),
    );
    let written = (select(Rescale::ALL.to_vec()), text(), text());
    ((text(), text(), prop::option::of(0i32..=i32::MAX), text()), (0u32..=28, grade_bands, total_caps), written)
        .prop_map(
            |(
                (title, department, year, notes),
                (display_decimals, grade_bands, total_caps),
                (rescale, goal_expected, conclusion),
            )| Meta {
                title,
                department,
                year,
                notes,
                display_decimals,
                grade_bands,
                total_caps,
                not_applicable_rescale: rescale,
                goal_expected,
                conclusion,
                ..Meta::default()
            },
        )
        .boxed()
}

fn well_formed() -> impl Strategy<Value = Evaluation> {
    (meta(), well_formed_tree()).prop_map(|(meta, root)| Evaluation {
        scenarios: Vec::new(),
        review: None,
        meta,
        root: rows_by_weight(with_ids(root)),
    })
}

/// Rows weighted, not with points of their own: a list's rows' points adding up to the list's is
/// `well_formed_tree`'s promise for groups only.
fn rows_by_weight(mut node: Node) -> Node {
    match &mut node.body {
        NodeBody::Group(children) => {
            *children = std::mem::take(children).into_iter().map(rows_by_weight).collect();
        }
        NodeBody::Leaf(Rule::Indicators { indicators, .. }) => {
            for indicator in indicators.iter_mut() {
                Rc::make_mut(indicator).points = None;
            }
        }
        NodeBody::Leaf(_) => {}
    }
    node
}

fn any_evaluation() -> impl Strategy<Value = Evaluation> {
    (meta(), any::<u32>(), any_tree()).prop_map(|(meta, display_decimals, root)| Evaluation {
        scenarios: Vec::new(),
        review: None,
        // Any precision at all: the engine must cope with more than the file allows.
        meta: Meta { display_decimals: display_decimals % 40, ..meta },
        root: with_ids(root),
    })
}

// ---------------------------------------------------------------------------------------------------
// shared assertions

/// Every node within [0, max(points, 0)], every indicator within [0, share], results for all.
fn assert_bounded(evaluation: &Evaluation, scored: &Scored) -> Result<(), TestCaseError> {
    let nodes: Vec<&Node> = evaluation.root.walk().collect();
    prop_assert_eq!(scored.nodes.len(), nodes.len());
    for (node, result) in nodes.iter().zip(&scored.nodes) {
        prop_assert_eq!(&node.id, &result.id);
        let points = node.points.max(Decimal::ZERO);
        // A funds block the file scores uncapped may pass its points (its group may not).
        let ceiling = if uncapped_budget(node) { Decimal::MAX } else { points };
        prop_assert!(result.score >= Decimal::ZERO, "{} scored {} < 0", node.id, result.score);
        prop_assert!(result.score <= ceiling, "{} scored {} > {}", node.id, result.score, points);
        prop_assert_eq!(result.lost, points - result.score);
    }
    let indicators: Vec<&Indicator> = nodes.iter().flat_map(|n| n.indicators()).map(|i| &**i).collect();
    prop_assert_eq!(scored.indicators.len(), indicators.len());
    for (indicator, result) in indicators.iter().zip(&scored.indicators) {
        prop_assert_eq!(&indicator.id, &result.id);
        prop_assert!(result.share >= Decimal::ZERO, "{} has share {}", result.id, result.share);
        prop_assert!(result.score >= Decimal::ZERO, "{} scored {} < 0", result.id, result.score);
        prop_assert!(result.score <= result.share, "{} scored {} > {}", result.id, result.score, result.share);
        if let Some(ratio) = result.ratio() {
            prop_assert!(Decimal::ZERO <= ratio && ratio <= Decimal::ONE, "{} has ratio {}", result.id, ratio);
        }
    }
    prop_assert!(scored.total >= Decimal::ZERO && scored.total <= scored.uncapped_total);
    // Converted without its not-applicable rows, the total stays within the full points.
    prop_assert!(scored.total <= evaluation.root.points.max(Decimal::ZERO), "total {}", scored.total);
    Ok(())
}

fn uncapped_budget(node: &Node) -> bool {
    matches!(node.rule(), Some(Rule::Budget { uncapped: true, .. }))
}

// ---------------------------------------------------------------------------------------------------
// properties: scoring

proptest! {
    #![proptest_config(config())]

    #[test]
    fn scores_stay_within_their_points(evaluation in well_formed()) {
        let scored = score(&evaluation);
        assert_bounded(&evaluation, &scored)?;
    }

    #[test]
    fn a_well_formed_group_scores_the_exact_sum_of_its_children(evaluation in well_formed()) {
        let scored = score(&evaluation);
        for (index, result) in scored.nodes.iter().enumerate() {
            let children: Vec<Decimal> =
                scored.nodes.iter().filter(|c| c.parent == Some(index)).map(|c| c.score).collect();
            let group = evaluation.root.find(&result.id).filter(|n| matches!(n.body, NodeBody::Group(_)));
            // A group is worth at most its points: an uncapped funds block under it may pass them.
            if group.is_some_and(|g| !g.walk().any(uncapped_budget)) {
                let sum = children.iter().try_fold(Decimal::ZERO, |sum, c| sum.checked_add(*c));
                prop_assert_eq!(Some(result.score), sum, "group {}", result.id);
                prop_assert_eq!(result.error.as_ref(), None);
            }
        }
        // No points mismatch can be reported on a well-formed tree.
        prop_assert!(scored.checks.iter().all(|c| c.code() != "points_mismatch"), "{:?}", scored.checks);
        if evaluation.meta.total_caps.is_none() && scored.not_applicable_points.is_zero() {
            prop_assert_eq!(scored.total, scored.root().score);
        }
    }

    /// Raising a ≥ indicator's actual never lowers its score or its list's, all else the same; overflow
    /// aside (an actual so far over a tiny target that the ratio does not fit is an error, counted 0).
    #[test]
    fn an_at_least_indicator_never_loses_by_doing_more(
        points in modest_points(),
        others in prop::collection::vec(indicator(), 0..4),
        position in any::<prop::sample::Index>(),
        target in decimal(),
        actual in decimal(),
        more in non_negative(),
        weight in weight(),
        not_applicable in prop::bool::weighted(0.1),
        at_most in at_most_scoring(),
    ) {
        let Some(higher) = actual.checked_add(more) else { return Ok(()) };
        let ours = position.index(others.len() + 1);
        let list = |actual: Decimal| {
            let mut indicators = others.clone();
            let ours_indicator = Indicator {
                target: Some(target),
                actual: Some(Actual::Number(actual)),
                weight,
                not_applicable,
                ..Indicator::new("", "ours", Direction::AtLeast)
            };
            indicators.insert(ours, ours_indicator);
            let indicators = indicators.into_iter().map(Rc::new).collect();
            let rule = Rule::Indicators { at_most_scoring: at_most, qualitative_bands: None, indicators };
            Evaluation { scenarios: Vec::new(), review: None, meta: Meta::default(), root: with_ids(Node::leaf("", "list", points, rule)) }
        };
        let (low, high) = (list(actual), list(higher));
        let (low, high) = (score(&low), score(&high));
        let overflowed = |s: &Scored| {
            s.root().error == Some(RuleError::Overflow) || s.indicators[ours].error() == Some(&RuleError::Overflow)
        };
        if !overflowed(&low) && !overflowed(&high) {
            prop_assert!(high.indicators[ours].score >= low.indicators[ours].score,
                "{} → {}: {} < {}", actual, higher, high.indicators[ours].score, low.indicators[ours].score);
            prop_assert!(high.root().score >= low.root().score,
                "{} → {}: list {} < {}", actual, higher, high.root().score, low.root().score);
        }
    }

    #[test]
    fn scoring_never_panics_and_stays_bounded(evaluation in any_evaluation()) {
        let scored = score(&evaluation);
        assert_bounded(&evaluation, &scored)?;
        for check in &scored.checks {
            check.message(jixiao::domain::Lang::Zh);
            check.message(jixiao::domain::Lang::En);
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// properties: the file

proptest! {
    #![proptest_config(config())]

    #[test]
    fn files_round_trip_byte_for_byte(evaluation in (meta(), any_tree()).prop_map(|(meta, root)| Evaluation { scenarios: Vec::new(), review: None, meta, root: with_ids(root) })) {
        let json = to_json(&evaluation);
        let loaded = load_str(&json);
        prop_assert_eq!(loaded.as_ref(), Ok(&evaluation), "{}", json);
        prop_assert_eq!(to_json(&loaded.unwrap()), json);
    }

    #[test]
    fn well_formed_files_round_trip_too(evaluation in well_formed()) {
        let json = to_json(&evaluation);
        let loaded = load(json.as_bytes());
        prop_assert_eq!(loaded.as_ref(), Ok(&evaluation));
        prop_assert_eq!(to_json(&loaded.unwrap()), json);
    }

    #[test]
    fn loading_arbitrary_bytes_never_panics(
        prefix in select(vec![&b""[..], &b"\xEF\xBB\xBF"[..], &b"\xFF\xFE"[..], &b"\xFE\xFF"[..]]),
        bytes in prop::collection::vec(any::<u8>(), 0..256),
    ) {
        let input = [prefix, &bytes].concat();
        if let Ok(evaluation) = load(&input) {
            score(&evaluation);
        }
    }

    #[test]
    fn loading_json_ish_text_never_panics(text in json_ish()) {
        if let Ok(evaluation) = load_str(&text) {
            score(&evaluation);
        }
        if let Ok(evaluation) = load(text.as_bytes()) {
            score(&evaluation);
        }
    }

    /// A real file with a few random edits: wrong types, missing and unknown keys, odd numbers, cuts.
    #[test]
    fn loading_damaged_files_never_panics(
        evaluation in well_formed(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), edit()), 1..4),
        cut in prop::option::weighted(0.2, any::<prop::sample::Index>()),
    ) {
        let mut value: Value = serde_json::from_str(&to_json(&evaluation)).unwrap();
        for (at, edit) in &edits {
            let count = count_values(&value);
            apply(nth_value(&mut value, at.index(count)), edit);
        }
        let mut text = value.to_string();
        if let Some(cut) = cut {
            let at = cut.index(text.len() + 1);
            let at = (0..=at).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
            text.truncate(at);
        }
        if let Ok(loaded) = load_str(&text) {
            let scored = score(&loaded);
            assert_bounded(&loaded, &scored)?;
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// JSON-ish input

const VOCABULARY: &[&str] = &[
    "format",
    "version",
    "meta",
    "root",
    "id",
    "name",
    "points",
    "reported",
    "note",
    "children",
    "rule",
    "kind",
    "rate",
    "months",
    "month",
    "schedule",
    "indicators",
    "direction",
    "target",
    "actual",
    "level",
    "percent",
    "weight",
    "not_applicable",
    "deviation_reason",
    "bands",
    "min",
    "max",
    "default",
    "score",
    "input",
    "unit",
    "passed",
    "value",
    "limit",
    "per_unit",
    "reason",
    "display_decimals",
    "grade_bands",
    "grade",
    "total_caps",
    "rate_node",
    "caps",
    "below",
    "cap",
    "at_most_scoring",
    "qualitative_bands",
    "achieved",
    "partial",
    "not_achieved",
    "year",
    "title",
    "items",
    "reported_score",
    "precision",
    "jixiao-evaluation",
    "monthly_execution",
    "pass_fail",
    "deduction",
    "manual",
    "at_least",
    "at_most",
    "exactly",
    "qualitative",
    "linear",
    "proportional",
];

fn word() -> impl Strategy<Value = &'static str> {
    select(VOCABULARY)
}

fn json_number() -> impl Strategy<Value = String> {
    prop_oneof![
        "-?[0-9]{1,4}(\\.[0-9]{1,4})?",
        "-?[0-9]{1,40}(\\.[0-9]{0,40})?([eE][+-]?[0-9]{1,4})?",
        select(vec!["0", "-0", "1e400", "1e-400", "79228162514264337593543950336", "0.00000000000000000000000000001"])
            .prop_map(String::from),
    ]
}

fn json_value() -> BoxedStrategy<String> {
    let leaf = prop_oneof![
        select(vec!["null", "true", "false", "1", "2"]).prop_map(String::from),
        json_number(),
        json_number().prop_map(|n| format!("\"{n}\"")),
        word().prop_map(|w| format!("\"{w}\"")),
        "\"[ -~]{0,8}\"",
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(|items| format!("[{}]", items.join(","))),
            prop::collection::vec((word(), inner), 0..7).prop_map(|pairs| {
                let fields: Vec<String> = pairs.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
                format!("{{{}}}", fields.join(","))
            }),
        ]
    })
    .boxed()
}

fn json_ish() -> impl Strategy<Value = String> {
    prop_oneof![
        // Characters JSON is made of, in any order.
        "[\\[\\]{}\":,0-9a-z.eE+\\- \n\\\\]{0,64}",
        // Any JSON value.
        json_value(),
        // Something that passes the header check, with anything for the body.
        (select(vec!["1", "2", "3", "0", "-1", "1.0", "\"2\""]), json_value(), json_value()).prop_map(
            |(v, meta, root)| format!(r#"{{"format":"jixiao-evaluation","version":{v},"meta":{meta},"root":{root}}}"#)
        ),
        // Deep nesting, well past the parser's limit.
        (1usize..2000).prop_map(|n| format!(
            r#"{{"format":"jixiao-evaluation","version":2,"meta":{{}},"root":{}{}"#,
            "[".repeat(n),
            "]".repeat(n)
        )),
        (1usize..300).prop_map(|n| {
            let open = r#"{"id":"x","name":"","points":"1","children":["#;
            format!(
                r#"{{"format":"jixiao-evaluation","version":2,"meta":{{}},"root":{}{}}}"#,
                open.repeat(n),
                "]}".repeat(n)
            )
        }),
    ]
}

/// One change to a JSON value.
#[derive(Clone, Debug)]
enum Edit {
    Replace(String),
    RemoveKey(prop::sample::Index),
    AddKey(&'static str, String),
    RenameKey(prop::sample::Index, &'static str),
}

fn edit() -> BoxedStrategy<Edit> {
    prop_oneof![
        json_value().prop_map(Edit::Replace),
        any::<prop::sample::Index>().prop_map(Edit::RemoveKey),
        (word(), json_value()).prop_map(|(k, v)| Edit::AddKey(k, v)),
        (any::<prop::sample::Index>(), word()).prop_map(|(i, k)| Edit::RenameKey(i, k)),
    ]
    .boxed()
}

fn count_values(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(count_values).sum(),
        Value::Object(map) => map.values().map(count_values).sum(),
        _ => 0,
    }
}

/// The n-th value in preorder (n < count_values).
fn nth_value(value: &mut Value, n: usize) -> &mut Value {
    if n == 0 {
        return value;
    }
    let mut n = n - 1;
    let children: Vec<&mut Value> = match value {
        Value::Array(items) => items.iter_mut().collect(),
        Value::Object(map) => map.values_mut().collect(),
        _ => unreachable!("n is within the count"),
    };
    for child in children {
        let size = count_values(child);
        if n < size {
            return nth_value(child, n);
        }
        n -= size;
    }
    unreachable!("n is within the count")
}

fn apply(value: &mut Value, edit: &Edit) {
    let parse = |text: &str| serde_json::from_str::<Value>(text).unwrap_or(Value::Null);
    match (edit, value) {
        (Edit::Replace(text), value) => *value = parse(text),
        (Edit::RemoveKey(i), Value::Object(map)) if !map.is_empty() => {
            let key = map.keys().nth(i.index(map.len())).cloned().unwrap();
            map.remove(&key);
        }
        (Edit::AddKey(key, text), Value::Object(map)) => {
            map.insert((*key).to_string(), parse(text));
        }
        (Edit::RenameKey(i, to), Value::Object(map)) if !map.is_empty() => {
            let key = map.keys().nth(i.index(map.len())).cloned().unwrap();
            let v = map.remove(&key).unwrap();
            map.insert((*to).to_string(), v);
        }
        (_, Value::Array(items)) if !items.is_empty() => items.truncate(items.len() - 1),
        (_, value) => *value = Value::Null,
    }
}

// ---------------------------------------------------------------------------------------------------
// paste: blocks built from what report tables hold

/// Cells as report tables and careless copies hold them: numbers with and without signs and units,
/// levels, names, reasons, blanks, junk.
fn paste_cell() -> impl Strategy<Value = String> {
    select(vec![
        "",
        "28",
        "33.01",
        "≥3.3 万人",
        "4.94 万人",
        "95%以上",
        "96%或以上",
        "96%",
        "≤5%",
        "不超过10天",
        "12场",
        "-1",
        "１２",
        "1,234",
        "1,2",
        "达成",
        "部分达成 70",
        "未达成",
        "新增就业",
        "经费未到位",
        "万人",
        "人",
        "2023年度就业人数",
        "≥三万",
        "abc",
        "%",
        "=",
        "0",
        "99999999999999999999999999999",
    ])
    .prop_map(str::to_string)
}

fn seed() -> Evaluation {
    jixiao::presets::find("seed-2023").unwrap().evaluation().unwrap()
}

proptest! {
    #![proptest_config(config())]

    /// Any block, from any row, on either column, in the base or a scenario: every problem is worded,
    /// only the rows the report names change, a block read as no layout changes nothing, and the
    /// result scores and saves.
    #[test]
    fn a_paste_changes_only_the_rows_it_reports(
        rows in prop::collection::vec(prop::collection::vec(paste_cell(), 1..7), 1..6),
        start in 0usize..54,
        on_target in any::<bool>(),
        inputs_only in any::<bool>(),
    ) {
        use jixiao::domain::paste::{apply_paste, Column, PasteAt};
        let before = seed();
        let mut after = before.clone();
        let ids: Vec<String> = before.root.walk().flat_map(|n| n.indicators().iter().map(|i| i.id.clone())).collect();
        let focus = if on_target { Column::Target } else { Column::Actual };
        let report = apply_paste(&mut after, PasteAt { start: &ids[start % ids.len()], focus, inputs_only }, &rows);
        for problem in &report.problems {
            prop_assert!(!problem.message(jixiao::domain::Lang::Zh).is_empty());
        }
        for id in &ids {
            let (old, new) = (before.find_indicator(id).unwrap().1, after.find_indicator(id).unwrap().1);
            prop_assert!(old == new || report.rows.contains(id), "{id} changed but is not reported");
            if inputs_only {
                prop_assert_eq!((&old.name, &old.unit, old.direction), (&new.name, &new.unit, new.direction));
            }
        }
        if report.columns.is_empty() {
            prop_assert_eq!(&after, &before);
        }
        let _ = score(&after);
        prop_assert!(load_str(&to_json(&after)).is_ok());
    }
}
