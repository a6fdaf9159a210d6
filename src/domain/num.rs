//! Decimal helpers: checked arithmetic that turns overflow into an error, display rounding, and the
//! parser for what people type into a cell (half-width or full-width digits, thousands separators, %).

use rust_decimal::{Decimal, RoundingStrategy};

use super::Lang;

/// The arithmetic went past what a decimal can hold (about 7.9 × 10²⁸).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Overflow;

pub fn add(a: Decimal, b: Decimal) -> Result<Decimal, Overflow> {
    a.checked_add(b).ok_or(Overflow)
}

pub fn sub(a: Decimal, b: Decimal) -> Result<Decimal, Overflow> {
    a.checked_sub(b).ok_or(Overflow)
}

pub fn mul(a: Decimal, b: Decimal) -> Result<Decimal, Overflow> {
    a.checked_mul(b).ok_or(Overflow)
}

/// Callers check the divisor for zero first: a zero here is reported as overflow, never a panic.
pub fn div(a: Decimal, b: Decimal) -> Result<Decimal, Overflow> {
    a.checked_div(b).ok_or(Overflow)
}

pub fn sum(values: impl IntoIterator<Item = Decimal>) -> Result<Decimal, Overflow> {
    values.into_iter().try_fold(Decimal::ZERO, add)
}

pub fn clamp(value: Decimal, low: Decimal, high: Decimal) -> Decimal {
    value.max(low).min(high)
}

pub const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

/// Half-up at `decimals` places, the way the report prints subtotals (49.99815 → 49.998).
pub fn round_display(value: Decimal, decimals: u32) -> Decimal {
    value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero)
}

/// The one display rule for a total or a subtotal, wherever it is shown (summary, review panel,
/// comparison, printout, the workbook's number format, `jixiao score`'s `display`, `jixiao review`):
/// half-up at the evaluation's `display_decimals`, padded to them as the report prints (97.998, 48.000).
///
/// Rounded and padded to exactly `decimals` places: "48.000". A decimal has at most 28 places, so
/// more (a file may ask for any number) shows 28: padding a 28-place value beyond them would make
/// `rust_decimal` panic while printing it (found by fuzzing: `fuzz/`, docs/RELIABILITY.md).
pub fn format_fixed(value: Decimal, decimals: u32) -> String {
    let decimals = decimals.min(MAX_PLACES);
    let mut rounded = round_display(value, decimals);
    rounded.rescale(decimals);
    rounded.to_string()
}

/// A difference between two totals by the same rule, its sign always shown (+0.219, -1.000, 0.000).
/// One too small to show at those places keeps its direction and says it is rounded (≈+0.000).
pub fn format_fixed_signed(delta: Decimal, decimals: u32) -> String {
    let size = format_fixed(delta.abs(), decimals);
    let shown_zero = round_display(delta.abs(), decimals.min(MAX_PLACES)).is_zero();
    match delta.cmp(&Decimal::ZERO) {
        std::cmp::Ordering::Equal => size,
        _ if shown_zero => format!("≈{}{size}", if delta > Decimal::ZERO { "+" } else { "-" }),
        std::cmp::Ordering::Greater => format!("+{size}"),
        std::cmp::Ordering::Less => format!("-{size}"),
    }
}

/// The places a total shows (`format_fixed`'s), for a workbook's number format.
pub fn total_places(decimals: u32) -> u32 {
    decimals.min(MAX_PLACES)
}

/// The most decimal places a `Decimal` holds.
pub const MAX_PLACES: u32 = 28;

/// Exact, without trailing zeros: "4.99915", "20", "0.65".
pub fn format_exact(value: Decimal) -> String {
    value.normalize().to_string()
}

/// Places a computed value shows in text before it is rounded for the reader.
pub const SHORT_PLACES: u32 = 5;

/// A computed value as people read it: exact when short (4.99915), otherwise rounded to five places
/// and marked (≈0.37879), never the 28 places of a third. Data attributes and files keep it exact.
pub fn format_short(value: Decimal) -> String {
    if value.normalize().scale() <= SHORT_PLACES {
        format_exact(value)
    } else {
        format!("≈{}", format_exact(round_display(value, SHORT_PLACES)))
    }
}

/// A change as people read it: `format_short` with its sign always shown (+0.21925, ≈-0.59943, 0).
pub fn format_signed(delta: Decimal) -> String {
    let sign = if delta > Decimal::ZERO {
        "+"
    } else if delta < Decimal::ZERO {
        "-"
    } else {
        ""
    };
    with_sign(sign, delta.abs())
}

/// Points lost, as the lost-points list writes them: −1, ≈−0.33333.
pub fn format_lost(lost: Decimal) -> String {
    with_sign("−", lost)
}

/// The sign after the ≈ of a rounded value, so that the mark always comes first.
fn with_sign(sign: &str, size: Decimal) -> String {
    let size = format_short(size);
    match size.strip_prefix('≈') {
        Some(rounded) => format!("≈{sign}{rounded}"),
        None => format!("{sign}{size}"),
    }
}

/// A ratio as a percentage with at most `decimals` places: 0.65 → "65%", 0.99983 → "99.983%".
pub fn format_percent(ratio: Decimal, decimals: u32) -> String {
    let percent = ratio.checked_mul(HUNDRED).unwrap_or(ratio);
    format!("{}%", format_exact(round_display(percent, decimals)))
}

/// Why a typed cell is not a number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    NotANumber(String),
    TooLarge(String),
}

impl ParseError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ParseError::NotANumber(t), Lang::Zh) => format!("“{t}”不是数字"),
            (ParseError::NotANumber(t), Lang::En) => format!("“{t}” is not a number"),
            (ParseError::TooLarge(t), Lang::Zh) => format!("“{t}”超出可计算的范围"),
            (ParseError::TooLarge(t), Lang::En) => format!("“{t}” is too large to calculate with"),
        }
    }
}

/// A digit as people type one: ASCII or full width (as Chinese input methods produce).
pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// What people type into a number cell: blank is `None` (待填). Accepts full-width digits and signs
/// (as Chinese input methods produce), thousands separators (`,` `，`), a trailing `%` and spaces.
pub fn parse_number(text: &str) -> Result<Option<Decimal>, ParseError> {
    let halfwidth: String = text
        .trim()
        .chars()
        .filter_map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            '．' | '。' => Some('.'),
            '－' | '−' => Some('-'),
            '＋' => Some('+'),
            '，' => Some(','),
            ' ' | '\u{3000}' => None,
            c => Some(c),
        })
        .collect();
    if !commas_group_thousands(&halfwidth) {
        return Err(ParseError::NotANumber(text.trim().to_string()));
    }
    let normalized = halfwidth.replace(',', "");
    if normalized.is_empty() {
        return Ok(None);
    }
    let normalized = normalized.strip_suffix('%').or_else(|| normalized.strip_suffix('％')).unwrap_or(&normalized);
    parse_decimal_text(normalized).map(Some).map_err(|kind| match kind {
        DecimalTextError::Invalid => ParseError::NotANumber(text.trim().to_string()),
        DecimalTextError::TooLarge => ParseError::TooLarge(text.trim().to_string()),
    })
}

/// A comma separates thousands only between groups of three digits (1,234,567.8): "1,2" is someone's
/// decimal comma, and reading it as 12 would score a number nobody typed.
fn commas_group_thousands(text: &str) -> bool {
    let unsigned = text.trim_start_matches(['-', '+']);
    let int_part = unsigned.split(['.', 'e', 'E', '%', '％']).next().unwrap_or_default();
    if unsigned[int_part.len()..].contains(',') {
        return false;
    }
    let mut groups = int_part.split(',');
    let first = groups.next().unwrap_or_default().len();
    let rest: Vec<usize> = groups.map(str::len).collect();
    rest.is_empty() || ((1..=3).contains(&first) && rest.iter().all(|len| *len == 3))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecimalTextError {
    Invalid,
    TooLarge,
}

/// Strict decimal syntax (as JSON writes numbers, plus a leading `+`), exactly or not at all:
/// digits that do not fit are an error rather than silently rounded.
pub fn parse_decimal_text(text: &str) -> Result<Decimal, DecimalTextError> {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits_ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int_part.is_empty() && frac_part.is_empty()
        || !digits_ok(int_part)
        || !digits_ok(frac_part)
        || mantissa.ends_with('.') && frac_part.is_empty() && mantissa.len() == 1
    {
        return Err(DecimalTextError::Invalid);
    }
    match exponent {
        None => Decimal::from_str_exact(text).map_err(|_| {
            // Syntax is already known good: only size or precision can fail here.
            DecimalTextError::TooLarge
        }),
        Some(exp) => {
            let exp_digits = exp.strip_prefix(['-', '+']).unwrap_or(exp);
            if exp_digits.is_empty() || !digits_ok(exp_digits) {
                return Err(DecimalTextError::Invalid);
            }
            Decimal::from_scientific(text).map_err(|_| DecimalTextError::TooLarge)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::d;

    /// Any number of places, on the smallest and largest values: padded to at most 28, never a panic.
    #[test]
    fn fixed_places_beyond_what_a_decimal_holds() {
        let tiny = d("0.0000000000000000000000000001");
        assert_eq!(format_fixed(tiny, 40), "0.0000000000000000000000000001");
        assert_eq!(format_fixed(-tiny, u32::MAX), "-0.0000000000000000000000000001");
        assert_eq!(format_fixed(d("5"), 4_000_000_000), "5.0000000000000000000000000000");
        assert_eq!(format_fixed(Decimal::MAX, 40), Decimal::MAX.to_string());
        assert_eq!(format_fixed(d("48"), 3), "48.000");
    }

    #[test]
    fn parses_what_people_type() {
        let cases: &[(&str, Option<&str>)] = &[
            ("", None),
            ("   ", None),
            ("33.01", Some("33.01")),
            (" 33.01 ", Some("33.01")),
            ("１２３．５", Some("123.5")),
            ("1,234,567.8", Some("1234567.8")),
            ("１，２３４", Some("1234")),
            ("82.52%", Some("82.52")),
            ("82.52％", Some("82.52")),
            ("-13.65", Some("-13.65")),
            ("－5", Some("-5")),
            ("+7", Some("7")),
            ("1e3", Some("1000")),
            (".5", Some("0.5")),
            ("5.", Some("5")),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_number(text).unwrap(), expected.map(d), "input {text:?}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_number() {
        // Commas that do not group thousands: a decimal comma, a typo. Read as 12 they scored a number
        // nobody typed.
        for text in ["1,2", "12,34", "1,2345", ",123", "1,234,56", "1.234,5", "1234,567", "１，２"] {
            assert_eq!(parse_number(text), Err(ParseError::NotANumber(text.to_string())), "input {text:?}");
        }
        for text in ["abc", "12abc", "1.2.3", "--1", "%", "e5", "1e", "NaN", "Infinity", "0x10", "."] {
            assert_eq!(parse_number(text), Err(ParseError::NotANumber(text.to_string())), "input {text:?}");
        }
        for text in ["1e400", "123456789012345678901234567890123"] {
            assert_eq!(parse_number(text), Err(ParseError::TooLarge(text.to_string())), "input {text:?}");
        }
    }

    #[test]
    fn rounds_half_up_for_display() {
        let cases = [
            ("49.99815", 3, "49.998"),
            ("97.99815", 3, "97.998"),
            ("48", 3, "48.000"),
            ("0.0005", 3, "0.001"),
            ("-0.0005", 3, "-0.001"),
            ("19.78125", 3, "19.781"),
        ];
        for (value, decimals, shown) in cases {
            assert_eq!(format_fixed(d(value), decimals), shown);
        }
        assert_eq!(format_percent(d("0.99983"), 3), "99.983%");
        assert_eq!(format_percent(d("0.65"), 2), "65%");
        assert_eq!(format_exact(d("4.999150")), "4.99915");
    }

    /// A total and a difference between totals: one rule, half-up at the display places, padded.
    #[test]
    fn totals_and_their_differences_by_one_rule() {
        let cases = [
            // (value, places, total, difference)
            ("97.7794", 3, "97.779", "+97.779"),
            ("97.99815", 3, "97.998", "+97.998"),
            ("100", 3, "100.000", "+100.000"),
            ("0.2186", 3, "0.219", "+0.219"),
            ("-0.3125", 3, "-0.313", "-0.313"),
            ("-0.3124", 2, "-0.31", "-0.31"),
            ("0", 3, "0.000", "0.000"),
            ("0.0004", 3, "0.000", "≈+0.000"),
            ("-0.0004", 3, "0.000", "≈-0.000"),
            ("0.0005", 3, "0.001", "+0.001"),
            ("98.33333333333333333333333333", 3, "98.333", "+98.333"),
            ("98.33333333333333333333333333", 0, "98", "+98"),
        ];
        for (value, places, total, difference) in cases {
            assert_eq!(format_fixed(d(value), places), total, "{value} at {places}");
            assert_eq!(format_fixed_signed(d(value), places), difference, "{value} at {places}");
        }
        assert_eq!(total_places(3), 3);
        assert_eq!(total_places(40), MAX_PLACES);
    }

    #[test]
    fn computed_values_are_shown_short() {
        let third = d("1") / d("3");
        let cases = [
            (d("4.99915"), "4.99915", "+4.99915"),
            (d("4.999150"), "4.99915", "+4.99915"),
            (d("0.2186"), "0.2186", "+0.2186"),
            (third, "≈0.33333", "≈+0.33333"),
            (-third * d("2"), "≈-0.66667", "≈-0.66667"),
            (d("-0.5994318181818181818181818182"), "≈-0.59943", "≈-0.59943"),
            (d("0"), "0", "0"),
            (d("-13.65"), "-13.65", "-13.65"),
            // A change too small to show keeps its direction.
            (d("0.000001"), "≈0", "≈+0"),
            (d("-0.000001"), "≈0", "≈-0"),
        ];
        for (value, short, signed) in cases {
            assert_eq!((format_short(value).as_str(), format_signed(value).as_str()), (short, signed), "{value}");
        }
        assert_eq!((format_lost(d("1")).as_str(), format_lost(third).as_str()), ("−1", "≈−0.33333"));
    }

    #[test]
    fn arithmetic_overflow_is_an_error() {
        assert_eq!(mul(Decimal::MAX, d("2")), Err(Overflow));
        assert_eq!(add(Decimal::MAX, Decimal::ONE), Err(Overflow));
        assert_eq!(div(Decimal::ONE, Decimal::ZERO), Err(Overflow));
        assert_eq!(sum([d("1.5"), d("2.5")]), Ok(d("4")));
    }
}
