//! One indicator's completion: ratio, badge and per-cell error, by its direction (指标性质).

use rust_decimal::Decimal;

use super::model::{Actual, AtMostScoring, Direction, Indicator, QualitativeBands};
use super::num::{self, Overflow};
use super::scored::{Badge, RuleError};
use super::written::{deadline_met, read_actual, read_target, Deadline, Hint, Unreadable, Written};

/// How far one indicator got towards its target.
#[derive(Clone, Debug, PartialEq)]
pub struct Completion {
    pub badge: Badge,
    /// actual / target before capping (≥ and = only): 1.3 and above wants a 偏差原因.
    pub raw_ratio: Option<Decimal>,
    /// The credited share of the indicator's points, in [0, 1]; None when pending, n/a or invalid.
    pub ratio: Option<Decimal>,
    pub error: Option<RuleError>,
    /// The target is zero, so actual / target is undefined and the convention decided.
    pub zero_target: bool,
}

impl Completion {
    fn of(badge: Badge) -> Self {
        Completion { badge, raw_ratio: None, ratio: None, error: None, zero_target: false }
    }

    fn invalid(error: RuleError) -> Self {
        Completion { error: Some(error), ..Completion::of(Badge::Invalid) }
    }

    fn scored(badge: Badge, ratio: Decimal, raw_ratio: Option<Decimal>) -> Self {
        Completion {
            badge,
            raw_ratio,
            ratio: Some(num::clamp(ratio, Decimal::ZERO, Decimal::ONE)),
            error: None,
            zero_target: false,
        }
    }
}

/// `year` (the evaluation's) completes a date written without one in a 时效 row.
pub fn completion(
    indicator: &Indicator,
    at_most: AtMostScoring,
    bands: &QualitativeBands,
    year: Option<i32>,
) -> Completion {
    if indicator.not_applicable {
        return Completion::of(Badge::NotApplicable);
    }
    if indicator.direction == Direction::OnTime {
        return on_time(indicator, year);
    }
    let Some(actual) = &indicator.actual else {
        return Completion::of(Badge::Pending);
    };
    match (indicator.direction, actual) {
        (Direction::Qualitative, Actual::Level { level, percent }) => {
            let band = bands.band(*level);
            let percent = percent.unwrap_or(band.default);
            if percent < band.min || percent > band.max {
                return Completion::invalid(RuleError::PercentOutsideBand {
                    level: *level,
                    percent,
                    min: band.min,
                    max: band.max,
                });
            }
            let badge = if *level == super::Level::Achieved { Badge::Met } else { Badge::Short };
            match num::div(percent, num::HUNDRED) {
                Ok(ratio) => Completion::scored(badge, ratio, None),
                Err(Overflow) => Completion::invalid(RuleError::Overflow),
            }
        }
        // Written, and not a number or a level (those were read): say why, and how to write it.
        (_, Actual::Text(text)) => {
            let cell = match read_actual(text) {
                Written::Unreadable(cell) => cell,
                _ => Unreadable { text: text.clone(), hint: Hint::Unrecognized },
            };
            Completion::invalid(RuleError::Unreadable { target: false, cell })
        }
        (Direction::Qualitative, Actual::Number(_)) => Completion::invalid(RuleError::NumberForQualitative),
        (_, Actual::Level { .. }) => Completion::invalid(RuleError::LevelForNumeric),
        (direction, Actual::Number(actual)) => match target(indicator) {
            Ok(target) => numeric(direction, *actual, target, at_most)
                .unwrap_or_else(|Overflow| Completion::invalid(RuleError::Overflow)),
            Err(error) => Completion::invalid(error),
        },
    }
}

/// A numeric row's target: as read, or read now from how it is written (`≥90%`, `不超过10天`), whose
/// sign must agree with the row's direction.
fn target(indicator: &Indicator) -> Result<Decimal, RuleError> {
    if let Some(target) = indicator.target {
        return Ok(target);
    }
    let text = indicator.target_text.trim();
    if text.is_empty() {
        return Err(RuleError::MissingTarget);
    }
    let written = read_target(text);
    match written.value {
        Written::Number(_) if written.sign.is_some_and(|sign| sign != indicator.direction) => {
            Err(RuleError::SignAgainstDirection {
                text: text.to_string(),
                sign: written.sign.unwrap_or(indicator.direction),
                direction: indicator.direction,
            })
        }
        Written::Number(n) => Ok(n),
        Written::Unreadable(cell) => Err(RuleError::Unreadable { target: true, cell }),
        _ => Err(RuleError::Unreadable {
            target: true,
            cell: Unreadable { text: text.to_string(), hint: Hint::Unrecognized },
        }),
    }
}

/// A 时效 row: met (full credit) or not (none), from its deadline and what the actual says.
fn on_time(indicator: &Indicator, year: Option<i32>) -> Completion {
    if indicator.actual.is_none() {
        return Completion::of(Badge::Pending);
    }
    let target_text = indicator.target_text.trim();
    let deadline = match read_target(target_text).value {
        Written::Deadline(deadline) => deadline,
        Written::Empty => return Completion::invalid(RuleError::MissingTarget),
        Written::Unreadable(cell) => return Completion::invalid(RuleError::Unreadable { target: true, cell }),
        _ => return Completion::invalid(RuleError::NotADeadline { text: target_text.to_string() }),
    };
    let actual = match &indicator.actual {
        Some(Actual::Text(text)) => read_actual(text),
        Some(Actual::Level { level, .. }) => Written::Level(*level),
        Some(Actual::Number(_)) => {
            let cell = Unreadable { text: indicator.actual_text.clone(), hint: Hint::Unrecognized };
            return Completion::invalid(RuleError::Unreadable { target: false, cell });
        }
        None => return Completion::of(Badge::Pending),
    };
    match (&actual, deadline_met(&deadline, &actual, year)) {
        (_, Some(true)) => Completion::scored(Badge::Met, Decimal::ONE, None),
        (_, Some(false)) => Completion::scored(Badge::Short, Decimal::ZERO, None),
        (Written::Unreadable(cell), None) => {
            Completion::invalid(RuleError::Unreadable { target: false, cell: cell.clone() })
        }
        (actual, None) => {
            let target = target_text.to_string();
            let actual_text = match &indicator.actual {
                Some(Actual::Text(text)) => text.clone(),
                _ => indicator.actual_text.trim().to_string(),
            };
            // Dated on one side only with no 年度 to fill the other: the year is what is missing,
            // not the way the date is written.
            match (&deadline, actual, year) {
                (Deadline::By(by), Written::Date(date), None) if by.year.is_some() != date.year.is_some() => {
                    Completion::invalid(RuleError::NoYear {
                        target,
                        actual: actual_text,
                        target_undated: by.year.is_none(),
                    })
                }
                _ => Completion::invalid(RuleError::UndecidableTime { target, actual: actual_text }),
            }
        }
    }
}

fn numeric(
    direction: Direction,
    actual: Decimal,
    target: Decimal,
    at_most: AtMostScoring,
) -> Result<Completion, Overflow> {
    let positive_target = target > Decimal::ZERO;
    let mut completion = match direction {
        Direction::AtLeast | Direction::Exactly if !positive_target => {
            // No ratio exists; reaching the target is all that can be judged.
            let badge = match actual.cmp(&target) {
                std::cmp::Ordering::Less => Badge::Short,
                std::cmp::Ordering::Equal => Badge::Met,
                std::cmp::Ordering::Greater if direction == Direction::Exactly => Badge::Exceeded,
                std::cmp::Ordering::Greater => Badge::Met,
            };
            let ratio = if badge == Badge::Short { Decimal::ZERO } else { Decimal::ONE };
            Completion::scored(badge, ratio, None)
        }
        // A quotient too large to hold is far beyond the target: credited in full, no ratio shown.
        Direction::AtLeast | Direction::Exactly if num::div(actual, target).is_err() => {
            Completion::scored(Badge::Exceeded, Decimal::ONE, None)
        }
        Direction::AtLeast | Direction::Exactly => {
            let raw = num::div(actual, target)?;
            let badge = match raw.cmp(&Decimal::ONE) {
                std::cmp::Ordering::Less => Badge::Short,
                std::cmp::Ordering::Equal => Badge::Met,
                std::cmp::Ordering::Greater => Badge::Exceeded,
            };
            Completion::scored(badge, raw, Some(raw))
        }
        Direction::AtMost if actual <= target => Completion::scored(Badge::Met, Decimal::ONE, None),
        // Past a zero (or negative) ceiling there is nothing to scale by: no credit.
        Direction::AtMost if !positive_target => Completion::scored(Badge::Short, Decimal::ZERO, None),
        Direction::AtMost => {
            let ratio = match at_most {
                AtMostScoring::Proportional => num::div(target, actual)?,
                AtMostScoring::Linear => num::sub(Decimal::ONE, num::div(num::sub(actual, target)?, target)?)?,
            };
            Completion::scored(Badge::Short, ratio, None)
        }
        Direction::Qualitative | Direction::OnTime => unreachable_qualitative(),
    };
    completion.zero_target = target.is_zero() && direction != Direction::AtMost || target.is_zero() && actual > target;
    Ok(completion)
}

/// Qualitative indicators never reach the numeric path (the caller matches them first); should one
/// ever do, it scores nothing rather than panicking.
fn unreachable_qualitative() -> Completion {
    Completion::invalid(RuleError::NumberForQualitative)
}

#[cfg(test)]
#[allow(clippy::type_complexity)] // test tables spell out their columns
mod tests {
    use super::*;
    use crate::domain::Level;
    use crate::test_support::d;

    fn numeric_indicator(direction: Direction, target: Option<&str>, actual: Option<&str>) -> Indicator {
        Indicator {
            target: target.map(d),
            actual: actual.map(|a| Actual::Number(d(a))),
            ..Indicator::new("i", "指标", direction)
        }
    }

    /// (direction, at-most convention, target, actual) → (badge, ratio, raw ratio)
    #[test]
    fn numeric_directions() {
        use AtMostScoring::{Linear, Proportional};
        use Badge::*;
        use Direction::*;
        let cases: &[(Direction, AtMostScoring, &str, &str, Badge, Option<&str>, Option<&str>)] = &[
            // ≥: actual / target, capped at 1.
            (AtLeast, Proportional, "28", "33.01", Exceeded, Some("1"), Some("1.1789285714285714285714285714")),
            (AtLeast, Proportional, "20", "13", Short, Some("0.65"), Some("0.65")),
            (AtLeast, Proportional, "20", "20", Met, Some("1"), Some("1")),
            (AtLeast, Proportional, "20", "0", Short, Some("0"), Some("0")),
            (AtLeast, Proportional, "20", "-5", Short, Some("0"), Some("-0.25")),
            (AtLeast, Proportional, "0", "5", Met, Some("1"), None),
            (AtLeast, Proportional, "0", "0", Met, Some("1"), None),
            (AtLeast, Proportional, "0", "-1", Short, Some("0"), None),
            // actual / target too large to hold: far beyond the target, credited in full.
            (
                AtLeast,
                Proportional,
                "0.0000000000000000000000000001",
                "79228162514264337593543950335",
                Exceeded,
                Some("1"),
                None,
            ),
            // ≤ with the two conventions.
            (AtMost, Proportional, "5", "2.51", Met, Some("1"), None),
            (AtMost, Proportional, "5", "5", Met, Some("1"), None),
            (AtMost, Proportional, "5", "10", Short, Some("0.5"), None),
            (AtMost, Linear, "5", "6", Short, Some("0.8"), None),
            (AtMost, Linear, "5", "10", Short, Some("0"), None),
            (AtMost, Linear, "5", "12", Short, Some("0"), None),
            (AtMost, Proportional, "0", "0", Met, Some("1"), None),
            (AtMost, Proportional, "0", "3", Short, Some("0"), None),
            (AtMost, Linear, "0", "3", Short, Some("0"), None),
            // =: under-shoot as ≥, over-shoot credited but flagged as exceeded.
            (Exactly, Proportional, "46", "46", Met, Some("1"), Some("1")),
            (Exactly, Proportional, "46", "23", Short, Some("0.5"), Some("0.5")),
            (Exactly, Proportional, "46", "50", Exceeded, Some("1"), Some("1.0869565217391304347826086957")),
            (Exactly, Proportional, "0", "0", Met, Some("1"), None),
            (Exactly, Proportional, "0", "1", Exceeded, Some("1"), None),
        ];
        for (direction, at_most, target, actual, badge, ratio, raw) in cases {
            let got = completion(
                &numeric_indicator(*direction, Some(target), Some(actual)),
                *at_most,
                &QualitativeBands::default(),
                None,
            );
            let label = format!("{direction:?} {at_most:?} target {target} actual {actual}");
            assert_eq!(got.badge, *badge, "{label}");
            assert_eq!(got.ratio, ratio.map(d), "{label}");
            assert_eq!(got.raw_ratio, raw.map(d), "{label}");
            assert_eq!(got.error, None, "{label}");
        }
    }

    #[test]
    fn zero_targets_are_flagged() {
        let flagged = |direction, target, actual| {
            completion(
                &numeric_indicator(direction, Some(target), Some(actual)),
                AtMostScoring::default(),
                &QualitativeBands::default(),
                None,
            )
            .zero_target
        };
        assert!(flagged(Direction::AtLeast, "0", "5"));
        assert!(flagged(Direction::AtMost, "0", "3"));
        assert!(!flagged(Direction::AtMost, "0", "0"), "0 ≤ 0 is simply met");
        assert!(!flagged(Direction::AtLeast, "5", "0"));
    }

    #[test]
    fn states_without_a_score() {
        let bands = QualitativeBands::default();
        let cases: &[(Indicator, Badge, Option<RuleError>)] = &[
            (numeric_indicator(Direction::AtLeast, Some("10"), None), Badge::Pending, None),
            (
                Indicator { not_applicable: true, ..numeric_indicator(Direction::AtLeast, Some("10"), Some("1")) },
                Badge::NotApplicable,
                None,
            ),
            (numeric_indicator(Direction::AtLeast, None, Some("1")), Badge::Invalid, Some(RuleError::MissingTarget)),
            (
                Indicator {
                    actual: Some(Actual::Level { level: Level::Achieved, percent: None }),
                    ..numeric_indicator(Direction::AtLeast, Some("1"), None)
                },
                Badge::Invalid,
                Some(RuleError::LevelForNumeric),
            ),
            (
                numeric_indicator(Direction::Qualitative, None, Some("1")),
                Badge::Invalid,
                Some(RuleError::NumberForQualitative),
            ),
        ];
        for (indicator, badge, error) in cases {
            let got = completion(indicator, AtMostScoring::default(), &bands, None);
            assert_eq!(got.badge, *badge, "{indicator:?}");
            assert_eq!(got.error, *error, "{indicator:?}");
            assert_eq!(got.ratio, None, "{indicator:?}");
        }
    }

    /// Qualitative levels: inside the band (inclusive) scores the percent; outside is an input error.
    #[test]
    fn qualitative_bands_and_bounds() {
        let bands = QualitativeBands::default();
        let cases: &[(Level, Option<&str>, Result<&str, ()>, Badge)] = &[
            (Level::Achieved, None, Ok("1"), Badge::Met),
            (Level::Achieved, Some("100"), Ok("1"), Badge::Met),
            (Level::Achieved, Some("80"), Ok("0.8"), Badge::Met),
            (Level::Achieved, Some("79.99"), Err(()), Badge::Invalid),
            (Level::Achieved, Some("100.01"), Err(()), Badge::Invalid),
            (Level::Partial, None, Ok("0.7"), Badge::Short),
            (Level::Partial, Some("60"), Ok("0.6"), Badge::Short),
            (Level::Partial, Some("80"), Ok("0.8"), Badge::Short),
            (Level::Partial, Some("59.9"), Err(()), Badge::Invalid),
            (Level::NotAchieved, None, Ok("0.3"), Badge::Short),
            (Level::NotAchieved, Some("0"), Ok("0"), Badge::Short),
            (Level::NotAchieved, Some("60"), Ok("0.6"), Badge::Short),
            (Level::NotAchieved, Some("-1"), Err(()), Badge::Invalid),
        ];
        for (level, percent, ratio, badge) in cases {
            let indicator = Indicator {
                actual: Some(Actual::Level { level: *level, percent: percent.map(d) }),
                ..Indicator::new("q", "定性", Direction::Qualitative)
            };
            let got = completion(&indicator, AtMostScoring::default(), &bands, None);
            let label = format!("{level:?} {percent:?}");
            assert_eq!(got.badge, *badge, "{label}");
            match ratio {
                Ok(r) => assert_eq!(got.ratio, Some(d(r)), "{label}"),
                Err(()) => assert!(matches!(got.error, Some(RuleError::PercentOutsideBand { .. })), "{label}"),
            }
        }
    }
}
