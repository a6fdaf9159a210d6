//! The engine on hostile numbers: the sample evaluation with its decimals replaced by values the
//! fuzzer picks (0, ±1, the largest and smallest decimals, 28-place fractions, anything), its
//! directions, weights, flags and conventions flipped, then scored, checked, reported, compared
//! with the original, explained (points lost) and goal-sought. Nothing may panic.
#![no_main]

use jixiao::domain::whatif::{deltas, lost_points, seek_actual};
use jixiao::domain::{
    checks, num, score, Actual, AtMostScoring, Direction, Evaluation, Lang, Level, Node, NodeBody, Rule, Scored,
};
use jixiao::format::{self, report};
use jixiao::presets;
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;

/// Reads the fuzzer's bytes as a stream of choices; once they run out every choice is "keep".
struct Choices<'a>(&'a [u8]);

impl Choices<'_> {
    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((b, rest)) => {
                self.0 = rest;
                *b
            }
            None => 0,
        }
    }

    fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.byte(), self.byte(), self.byte(), self.byte()])
    }

    fn decimal(&mut self) -> Decimal {
        match self.byte() % 12 {
            0 => Decimal::ZERO,
            1 => Decimal::ONE,
            2 => Decimal::NEGATIVE_ONE,
            3 => Decimal::ONE_HUNDRED,
            4 => Decimal::MAX,
            5 => Decimal::MIN,
            6 => Decimal::new(1, 28),
            7 => Decimal::new(-1, 28),
            8 => Decimal::from(self.byte()),
            9 => Decimal::new(i64::from(self.u32()), u32::from(self.byte() % 29)),
            _ => Decimal::from_parts(
                self.u32(),
                self.u32(),
                self.u32(),
                self.byte() & 1 == 1,
                u32::from(self.byte() % 29),
            ),
        }
    }

    /// Replaces `value` one time in four (when the stream says so).
    fn maybe(&mut self, value: &mut Decimal) {
        if self.byte() % 4 == 1 {
            *value = self.decimal();
        }
    }

    fn maybe_opt(&mut self, value: &mut Option<Decimal>) {
        match self.byte() % 6 {
            1 => *value = Some(self.decimal()),
            2 => *value = None,
            _ => {}
        }
    }
}

fn mutate_node(c: &mut Choices, node: &mut Node) {
    c.maybe(&mut node.points);
    c.maybe_opt(&mut node.reported);
    match &mut node.body {
        NodeBody::Group(children) => {
            if c.byte() % 16 == 1 && !children.is_empty() {
                let i = usize::from(c.byte()) % children.len();
                children.remove(i);
            }
            for child in children {
                mutate_node(c, child);
            }
        }
        NodeBody::Leaf(rule) => mutate_rule(c, rule),
    }
}

fn mutate_rule(c: &mut Choices, rule: &mut Rule) {
    match rule {
        Rule::Rate { rate } => c.maybe_opt(rate),
        Rule::MonthlyExecution { months } => {
            if c.byte() % 16 == 1 {
                months.clear();
            }
            for month in months {
                c.maybe_opt(&mut month.rate);
                c.maybe(&mut month.schedule);
            }
        }
        Rule::Indicators { at_most_scoring, qualitative_bands, indicators } => {
            if c.byte() % 8 == 1 {
                *at_most_scoring = if c.byte() & 1 == 0 { AtMostScoring::Linear } else { AtMostScoring::Proportional };
            }
            if c.byte() % 8 == 1 {
                let mut bands = qualitative_bands.clone().unwrap_or_default();
                for band in [&mut bands.achieved, &mut bands.partial, &mut bands.not_achieved] {
                    c.maybe(&mut band.min);
                    c.maybe(&mut band.max);
                    c.maybe(&mut band.default);
                }
                *qualitative_bands = Some(bands);
            }
            for indicator in indicators.iter_mut().map(std::rc::Rc::make_mut) {
                if c.byte() % 8 == 1 {
                    indicator.direction = Direction::ALL[usize::from(c.byte()) % Direction::ALL.len()];
                }
                c.maybe_opt(&mut indicator.target);
                c.maybe_opt(&mut indicator.weight);
                c.maybe_opt(&mut indicator.points);
                c.maybe_opt(&mut indicator.reported);
                match c.byte() % 8 {
                    1 => indicator.actual = Some(Actual::Number(c.decimal())),
                    2 => {
                        let level = Level::ALL[usize::from(c.byte()) % Level::ALL.len()];
                        let percent = if c.byte() & 1 == 0 { None } else { Some(c.decimal()) };
                        indicator.actual = Some(Actual::Level { level, percent });
                    }
                    3 => indicator.actual = None,
                    // As written: a date, on time, a cell that cannot be read (a 时效 row's, or a typo).
                    4 => {
                        let text = ["2023年11月20日", "按时完成", "未按时", "xx", "12月"][usize::from(c.byte()) % 5];
                        indicator.actual = Some(Actual::Text(text.into()));
                    }
                    _ => {}
                }
                if c.byte() % 16 == 1 {
                    indicator.not_applicable = !indicator.not_applicable;
                }
            }
        }
        Rule::Bands { input, bands, .. } => {
            c.maybe_opt(input);
            for band in bands {
                c.maybe(&mut band.min);
                c.maybe(&mut band.score);
            }
        }
        Rule::PassFail { passed } => {
            if c.byte() % 4 == 1 {
                *passed = [None, Some(true), Some(false)][usize::from(c.byte()) % 3];
            }
        }
        Rule::Deduction { value, limit, per_unit } => {
            c.maybe_opt(value);
            c.maybe(limit);
            c.maybe(per_unit);
        }
        Rule::Manual { score, .. } => c.maybe_opt(score),
        Rule::Budget { lines, uncapped, .. } => {
            if c.byte() % 8 == 1 {
                *uncapped = !*uncapped;
            }
            for line in lines {
                c.maybe_opt(&mut line.initial);
                c.maybe_opt(&mut line.adjusted);
                c.maybe_opt(&mut line.executed);
            }
        }
    }
}

fn mutate(c: &mut Choices, evaluation: &mut Evaluation) {
    if c.byte() % 4 == 1 {
        evaluation.meta.display_decimals = c.u32();
    }
    for band in &mut evaluation.meta.grade_bands {
        c.maybe(&mut band.min);
    }
    if c.byte() % 16 == 1 {
        evaluation.meta.grade_bands.clear();
    }
    if let Some(caps) = &mut evaluation.meta.total_caps {
        for cap in &mut caps.caps {
            c.maybe(&mut cap.below);
            c.maybe(&mut cap.cap);
        }
    }
    mutate_node(c, &mut evaluation.root);
}

/// The presets, loaded and scored once per thread (not on every input; an evaluation shares its
/// indicators through `Rc`, so it is not `Sync` and cannot live in a plain static).
fn originals() -> &'static [(Evaluation, Scored)] {
    thread_local! {
        static ORIGINALS: &'static [(Evaluation, Scored)] = presets::PRESETS
            .iter()
            .filter_map(|p| p.evaluation().ok())
            .map(|e| {
                let scored = score(&e);
                (e, scored)
            })
            .collect::<Vec<_>>()
            .leak();
    }
    ORIGINALS.with(|originals| *originals)
}

fuzz_target!(|data: &[u8]| {
    let originals = originals();
    let (original, original_scored) = &originals[usize::from(data.first().copied().unwrap_or(0)) % originals.len()];
    let mut choices = Choices(data.get(1..).unwrap_or_default());
    let mut evaluation = original.clone();
    mutate(&mut choices, &mut evaluation);

    let scored = score(&evaluation);
    let _ = checks::run(&evaluation, &scored);
    let _ = report::scored_json(&evaluation, &scored, Lang::Zh);
    let _ = num::format_fixed(scored.total, evaluation.meta.display_decimals);
    let _ = deltas(original_scored, &scored);
    let _ = lost_points(&evaluation, &scored);
    let indicators: Vec<String> =
        evaluation.root.walk().flat_map(|n| n.indicators().iter().map(|i| i.id.clone())).collect();
    if !indicators.is_empty() {
        let id = &indicators[usize::from(choices.byte()) % indicators.len()];
        let _ = seek_actual(&evaluation, id, choices.decimal());
    }
    // What the engine accepts, the file keeps: save → load gives it back.
    let saved = format::to_json(&evaluation);
    match format::load_str(&saved) {
        Ok(again) => assert_eq!(again, evaluation, "save → load changed the evaluation"),
        Err(error) => panic!("a saved evaluation was refused: {error}"),
    }
});
