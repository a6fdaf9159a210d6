//! The JSON tree, migrated to the current version, read field by field into an `Evaluation`: one pass
//! that reports *all* problems, each with its JSON path. Numbers are read from their text (strings or
//! JSON numbers alike, never through f64).

use std::collections::HashMap;
use std::rc::Rc;

use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::problems::{indexed, join, json_type, LoadError, Problem, ProblemKind};
use crate::domain::num::{parse_decimal_text, DecimalTextError};
use crate::domain::scenario::Edit;
use crate::domain::written::{read_target, Written};
use crate::domain::{
    Actual, AtMostScoring, Band, BudgetField, BudgetLine, Direction, Evaluation, GradeBand, Indicator, Level,
    LevelBand, Meta, Month, Node, NodeBody, QualitativeBands, Rescale, Rule, RuleKind, Scenario, TotalCap, TotalCaps,
};

/// Collects problems while reading; every reader method returns `None` after recording why.
struct Reader {
    problems: Vec<Problem>,
    /// id → the path where it was first seen: ids are one namespace across nodes and indicators.
    ids: HashMap<String, String>,
}

/// One JSON object being read: remembers which keys were read, so the rest are reported as unknown.
struct Obj<'v> {
    map: &'v Map<String, Value>,
    path: String,
    known: Vec<&'static str>,
}

impl Reader {
    fn problem(&mut self, path: &str, kind: ProblemKind) {
        self.problems.push(Problem::at(path, kind));
    }

    /// Records that `found` is not the `expected` JSON type; `None` for the caller to return.
    fn wrong_type<T>(&mut self, path: &str, expected: &'static str, found: &Value) -> Option<T> {
        self.problem(path, ProblemKind::WrongType { expected, found: json_type(found) });
        None
    }

    fn object<'v>(&mut self, value: &'v Value, path: String) -> Option<Obj<'v>> {
        match value {
            Value::Object(map) => Some(Obj { map, path, known: Vec::new() }),
            other => self.wrong_type(&path, "an object", other),
        }
    }

    fn finish(&mut self, obj: Obj<'_>) {
        for key in obj.map.keys() {
            if !obj.known.contains(&key.as_str()) {
                let path = join(&obj.path, key);
                self.problem(&path, ProblemKind::UnknownField { field: key.clone() });
            }
        }
    }

    fn string(&mut self, value: &Value, path: &str) -> Option<String> {
        match value {
            Value::String(s) => Some(s.clone()),
            other => self.wrong_type(path, "a string", other),
        }
    }

    fn decimal(&mut self, value: &Value, path: &str) -> Option<Decimal> {
        let text = match value {
            Value::String(s) => s.trim(),
            // With serde_json's arbitrary_precision the number keeps the text it was written with.
            Value::Number(n) => n.as_str(),
            other => return self.wrong_type(path, "a decimal (string or number)", other),
        };
        match parse_decimal_text(text) {
            Ok(d) => Some(d),
            Err(DecimalTextError::Invalid) => {
                self.problem(path, ProblemKind::NotANumber { text: text.to_string() });
                None
            }
            Err(DecimalTextError::TooLarge) => {
                self.problem(path, ProblemKind::NumberTooLarge { text: text.to_string() });
                None
            }
        }
    }

    fn integer(&mut self, value: &Value, path: &str) -> Option<u64> {
        self.whole_number(value, path, serde_json::Number::as_u64)
    }

    /// A year: a whole number that fits an i32 (negative allowed, so what saves also loads).
    fn year(&mut self, value: &Value, path: &str) -> Option<i32> {
        self.whole_number(value, path, |n| n.as_i64().and_then(|y| i32::try_from(y).ok()))
    }

    fn whole_number<T>(
        &mut self,
        value: &Value,
        path: &str,
        fit: impl Fn(&serde_json::Number) -> Option<T>,
    ) -> Option<T> {
        match value {
            Value::Number(n) => {
                let fitted = fit(n);
                if fitted.is_none() {
                    self.problem(path, ProblemKind::NotAnInteger { text: n.to_string() });
                }
                fitted
            }
            other => self.wrong_type(path, "a whole number", other),
        }
    }

    fn boolean(&mut self, value: &Value, path: &str) -> Option<bool> {
        match value {
            Value::Bool(b) => Some(*b),
            other => self.wrong_type(path, "a boolean", other),
        }
    }

    fn array<'v>(&mut self, value: &'v Value, path: &str) -> Option<&'v [Value]> {
        match value {
            Value::Array(items) => Some(items),
            other => self.wrong_type(path, "an array", other),
        }
    }

    /// One of a closed list of names: `all` and each one's `name` in files, as the type defines them,
    /// so the names accepted and the names a problem lists are the same.
    fn choice<T: Copy>(&mut self, value: &Value, path: &str, all: &[T], name: fn(T) -> &'static str) -> Option<T> {
        let text = self.string(value, path)?;
        let found = all.iter().copied().find(|&item| name(item) == text);
        if found.is_none() {
            let allowed = all.iter().map(|&item| name(item)).collect();
            self.problem(path, ProblemKind::BadChoice { found: text, allowed });
        }
        found
    }

    fn id(&mut self, value: Option<String>, path: &str) -> Option<String> {
        let id = value?;
        if id.trim().is_empty() {
            self.problem(path, ProblemKind::EmptyId);
            return None;
        }
        if let Some(first) = self.ids.get(&id) {
            let first = first.clone();
            self.problem(path, ProblemKind::DuplicateId { id, first });
            return None;
        }
        self.ids.insert(id.clone(), path.to_string());
        Some(id)
    }
}

impl<'v> Obj<'v> {
    /// Marks `key` as known and returns its value, if present and not null, with its path.
    fn get(&mut self, key: &'static str) -> Option<(&'v Value, String)> {
        self.value(key).map(|v| (v, join(&self.path, key)))
    }

    /// `get` without the path: the scalar fields below write theirs out only for a problem (a path
    /// for every field read was a twentieth of `jixiao review`).
    fn value(&mut self, key: &'static str) -> Option<&'v Value> {
        self.known.push(key);
        let map: &'v Map<String, Value> = self.map;
        // Scanned, not looked up: an object of the format has a dozen keys, and hashing the name
        // (SipHash) cost more than comparing it with each; `get` is called once per field the format
        // knows, so even a hostile object of a million keys costs a few passes over it.
        let value = map.iter().find_map(|(name, value)| (name == key).then_some(value));
        value.filter(|v| !v.is_null())
    }

    fn require(&mut self, reader: &mut Reader, key: &'static str) -> Option<(&'v Value, String)> {
        let found = self.get(key);
        if found.is_none() {
            reader.problem(&self.path.clone(), ProblemKind::MissingField { field: key });
        }
        found
    }

    /// `require` without the path (`value`).
    fn require_value(&mut self, reader: &mut Reader, key: &'static str) -> Option<&'v Value> {
        let found = self.value(key);
        if found.is_none() {
            reader.problem(&self.path.clone(), ProblemKind::MissingField { field: key });
        }
        found
    }

    /// A string field's text; anything else goes to `Reader::string` with its path, to be named.
    fn string_of(&self, r: &mut Reader, value: &Value, key: &str) -> Option<String> {
        match value {
            Value::String(text) => Some(text.clone()),
            other => r.string(other, &join(&self.path, key)),
        }
    }

    /// A decimal field's value; anything unreadable goes to `Reader::decimal` with its path, to be named.
    fn decimal_of(&self, r: &mut Reader, value: &Value, key: &str) -> Option<Decimal> {
        let quick = match value {
            Value::String(text) => parse_decimal_text(text.trim()).ok(),
            Value::Number(number) => parse_decimal_text(number.as_str()).ok(),
            _ => None,
        };
        quick.or_else(|| r.decimal(value, &join(&self.path, key)))
    }

    fn req_string(&mut self, r: &mut Reader, key: &'static str) -> Option<String> {
        let v = self.require_value(r, key)?;
        self.string_of(r, v, key)
    }

    /// The required `id`, not empty and not used before (`Reader::id`).
    fn req_id(&mut self, r: &mut Reader) -> Option<String> {
        let id = self.req_string(r, "id");
        r.id(id, &join(&self.path, "id"))
    }

    /// An optional text field: absent is empty.
    fn text(&mut self, r: &mut Reader, key: &'static str) -> String {
        self.value(key).and_then(|v| self.string_of(r, v, key)).unwrap_or_default()
    }

    fn req_decimal(&mut self, r: &mut Reader, key: &'static str) -> Option<Decimal> {
        let v = self.require_value(r, key)?;
        self.decimal_of(r, v, key)
    }

    /// Absent is `Ok(None)`; present but unreadable is `Err(())` (the problem is recorded).
    fn opt_decimal(&mut self, r: &mut Reader, key: &'static str) -> Result<Option<Decimal>, ()> {
        match self.value(key) {
            None => Ok(None),
            Some(v) => self.decimal_of(r, v, key).map(Some).ok_or(()),
        }
    }

    fn opt_bool(&mut self, r: &mut Reader, key: &'static str) -> Result<Option<bool>, ()> {
        match self.value(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(v) => r.boolean(v, &join(&self.path, key)).map(Some).ok_or(()),
        }
    }
}

pub(super) fn read_evaluation(value: &Value) -> Result<Evaluation, LoadError> {
    let mut r = Reader { problems: Vec::new(), ids: HashMap::new() };
    // `migrate` has already checked the object, the marker and the version.
    let mut top = r.object(value, String::new()).ok_or_else(|| LoadError { problems: r.problems.clone() })?;
    top.get("format");
    top.get("version");
    let meta = top.require(&mut r, "meta").and_then(|(v, p)| read_meta(&mut r, v, p));
    let root = top.require(&mut r, "root").and_then(|(v, p)| read_node(&mut r, v, p));
    let scenarios = match top.get("scenarios") {
        None => Some(Vec::new()),
        Some((v, p)) => read_list(&mut r, v, &p, read_scenario),
    };
    // Never a problem of the file: a record edited by hand into something unreadable is kept and flagged.
    let review = top.get("review").map(|(v, _)| crate::domain::review::Review::read(v));
    r.finish(top);
    match (meta, root, scenarios, r.problems.is_empty()) {
        (Some(meta), Some(root), Some(scenarios), true) => Ok(Evaluation { meta, root, scenarios, review }),
        _ => Err(LoadError { problems: r.problems }),
    }
}

fn read_meta(r: &mut Reader, value: &Value, path: String) -> Option<Meta> {
    let mut o = r.object(value, path)?;
    let defaults = Meta::default();
    let title = o.text(r, "title");
    let department = o.text(r, "department");
    let year = match o.get("year") {
        None => Some(None),
        Some((v, p)) => r.year(v, &p).map(Some),
    };
    let notes = o.text(r, "notes");
    let display_decimals = match o.get("display_decimals") {
        None => Some(defaults.display_decimals),
        Some((v, p)) => r.integer(v, &p).and_then(|d| match u32::try_from(d) {
            Ok(d) => Some(d),
            _ => {
                r.problem(&p, ProblemKind::NotAnInteger { text: d.to_string() });
                None
            }
        }),
    };
    let grade_bands = match o.get("grade_bands") {
        None => Some(defaults.grade_bands),
        Some((v, p)) => read_list(r, v, &p, |r, v, p| {
            let mut b = r.object(v, p)?;
            let grade = b.req_string(r, "grade");
            let min = b.req_decimal(r, "min");
            r.finish(b);
            Some(GradeBand { grade: grade?, min: min? })
        }),
    };
    let total_caps = match o.get("total_caps") {
        None => Some(None),
        Some((v, p)) => (|| {
            let mut c = r.object(v, p)?;
            let rate_node = c.req_string(r, "rate_node");
            let caps = c.require(r, "caps").and_then(|(v, p)| {
                read_decimal_pairs(r, v, &p, ["below", "cap"], |below, cap| TotalCap { below, cap })
            });
            r.finish(c);
            Some(Some(TotalCaps { rate_node: rate_node?, caps: caps? }))
        })(),
    };
    let not_applicable_rescale = match o.get("not_applicable_rescale") {
        None => Some(defaults.not_applicable_rescale),
        Some((v, p)) => r.choice(v, &p, &Rescale::ALL, Rescale::as_str),
    };
    let project = o.text(r, "project");
    let executing_unit = o.text(r, "executing_unit");
    let goal_expected = o.text(r, "goal_expected");
    let goal_actual = o.text(r, "goal_actual");
    let conclusion = o.text(r, "conclusion");
    let problems = o.text(r, "problems");
    let improvements = o.text(r, "improvements");
    r.finish(o);
    Some(Meta {
        title,
        department,
        year: year?,
        notes,
        display_decimals: display_decimals?,
        grade_bands: grade_bands?,
        total_caps: total_caps?,
        not_applicable_rescale: not_applicable_rescale?,
        project,
        executing_unit,
        goal_expected,
        goal_actual,
        conclusion,
        problems,
        improvements,
    })
}

/// Reads every element (so every element's problems are reported) and succeeds only if all did.
fn read_list<T>(
    r: &mut Reader,
    value: &Value,
    path: &str,
    mut read: impl FnMut(&mut Reader, &Value, String) -> Option<T>,
) -> Option<Vec<T>> {
    let items = r.array(value, path)?;
    let read_items: Vec<Option<T>> = items.iter().enumerate().map(|(i, v)| read(r, v, indexed(path, i))).collect();
    read_items.into_iter().collect()
}

/// A list of objects of two required decimals (`{"min": …, "score": …}` and the like), each made
/// into a `T` from the two in `keys`' order.
fn read_decimal_pairs<T>(
    r: &mut Reader,
    value: &Value,
    path: &str,
    keys: [&'static str; 2],
    make: fn(Decimal, Decimal) -> T,
) -> Option<Vec<T>> {
    read_list(r, value, path, |r, v, p| {
        let mut o = r.object(v, p)?;
        let first = o.req_decimal(r, keys[0]);
        let second = o.req_decimal(r, keys[1]);
        r.finish(o);
        Some(make(first?, second?))
    })
}

fn read_node(r: &mut Reader, value: &Value, path: String) -> Option<Node> {
    let mut o = r.object(value, path.clone())?;
    let id = o.req_id(r);
    let name = o.req_string(r, "name");
    let points = o.req_decimal(r, "points");
    let reported = o.opt_decimal(r, "reported");
    let note = o.text(r, "note");
    let children = o.get("children");
    let rule = o.get("rule");
    let body = match (children, rule) {
        (Some(_), Some(_)) => {
            r.problem(&path, ProblemKind::ChildrenAndRule);
            None
        }
        (None, None) => {
            r.problem(&path, ProblemKind::NeitherChildrenNorRule);
            None
        }
        (Some((v, p)), None) => read_list(r, v, &p, read_node).map(NodeBody::Group),
        (None, Some((v, p))) => read_rule(r, v, p).map(NodeBody::Leaf),
    };
    r.finish(o);
    Some(Node { id: id?, name: name?, points: points?, reported: reported.ok()?, note, body: body? })
}

fn read_rule(r: &mut Reader, value: &Value, path: String) -> Option<Rule> {
    let mut o = r.object(value, path)?;
    let kind = o.require(r, "kind").and_then(|(v, p)| r.choice(v, &p, &RuleKind::ALL, RuleKind::as_str));
    let Some(kind) = kind else {
        // Without a kind the other keys mean nothing: do not report them as unknown too.
        return None;
    };
    let rule = match kind {
        RuleKind::Rate => {
            let rate = o.opt_decimal(r, "rate");
            Some(Rule::Rate { rate: rate.ok()? })
        }
        RuleKind::MonthlyExecution => {
            let months = o.require(r, "months").and_then(|(v, p)| {
                read_list(r, v, &p, |r, v, p| {
                    let mut m = r.object(v, p)?;
                    let month = m.req_string(r, "month");
                    let rate = m.opt_decimal(r, "rate");
                    let schedule = m.req_decimal(r, "schedule");
                    r.finish(m);
                    Some(Month { month: month?, rate: rate.ok()?, schedule: schedule? })
                })
            });
            Some(Rule::MonthlyExecution { months: months? })
        }
        RuleKind::Indicators => {
            let at_most_scoring = match o.get("at_most_scoring") {
                None => Some(AtMostScoring::default()),
                Some((v, p)) => r.choice(v, &p, &AtMostScoring::ALL, AtMostScoring::as_str),
            };
            let qualitative_bands = match o.get("qualitative_bands") {
                None => Some(None),
                Some((v, p)) => read_qualitative_bands(r, v, p).map(Some),
            };
            let indicators = o
                .require(r, "indicators")
                .and_then(|(v, p)| read_list(r, v, &p, |r, v, p| read_indicator(r, v, p).map(Rc::new)));
            Some(Rule::Indicators {
                at_most_scoring: at_most_scoring?,
                qualitative_bands: qualitative_bands?,
                indicators: indicators?,
            })
        }
        RuleKind::Bands => {
            let input = o.opt_decimal(r, "input");
            let unit = o.text(r, "unit");
            let bands = o
                .require(r, "bands")
                .and_then(|(v, p)| read_decimal_pairs(r, v, &p, ["min", "score"], |min, score| Band { min, score }));
            Some(Rule::Bands { input: input.ok()?, unit, bands: bands? })
        }
        RuleKind::PassFail => {
            let passed = o.opt_bool(r, "passed");
            Some(Rule::PassFail { passed: passed.ok()? })
        }
        RuleKind::Deduction => {
            let value = o.opt_decimal(r, "value");
            let limit = o.opt_decimal(r, "limit");
            let per_unit = o.req_decimal(r, "per_unit");
            Some(Rule::Deduction { value: value.ok()?, limit: limit.ok()?.unwrap_or_default(), per_unit: per_unit? })
        }
        RuleKind::Manual => {
            let score = o.opt_decimal(r, "score");
            let reason = o.text(r, "reason");
            Some(Rule::Manual { score: score.ok()?, reason })
        }
        RuleKind::Budget => {
            let lines = o.require(r, "lines").and_then(|(v, p)| {
                read_list(r, v, &p, |r, v, p| {
                    let mut l = r.object(v, p)?;
                    let name = l.req_string(r, "name");
                    let initial = l.opt_decimal(r, "initial");
                    let adjusted = l.opt_decimal(r, "adjusted");
                    let executed = l.opt_decimal(r, "executed");
                    r.finish(l);
                    Some(BudgetLine {
                        name: name?,
                        initial: initial.ok()?,
                        adjusted: adjusted.ok()?,
                        executed: executed.ok()?,
                    })
                })
            });
            let uncapped = o.opt_bool(r, "uncapped");
            let reason = o.text(r, "reason");
            Some(Rule::Budget { lines: lines?, uncapped: uncapped.ok()?.unwrap_or(false), reason })
        }
    };
    r.finish(o);
    rule
}

fn read_qualitative_bands(r: &mut Reader, value: &Value, path: String) -> Option<QualitativeBands> {
    let mut o = r.object(value, path)?;
    let mut band = |o: &mut Obj<'_>, key: &'static str| {
        let (v, p) = o.require(r, key)?;
        let mut b = r.object(v, p)?;
        let min = b.req_decimal(r, "min");
        let max = b.req_decimal(r, "max");
        let default = b.req_decimal(r, "default");
        r.finish(b);
        Some(LevelBand { min: min?, max: max?, default: default? })
    };
    let achieved = band(&mut o, "achieved");
    let partial = band(&mut o, "partial");
    let not_achieved = band(&mut o, "not_achieved");
    r.finish(o);
    Some(QualitativeBands { achieved: achieved?, partial: partial?, not_achieved: not_achieved? })
}

fn read_indicator(r: &mut Reader, value: &Value, path: String) -> Option<Indicator> {
    let mut o = r.object(value, path)?;
    let id = o.req_id(r);
    let category = o.text(r, "category");
    let name = o.req_string(r, "name");
    let explanation = o.text(r, "explanation");
    let direction = match o.get("direction") {
        None => None,
        Some((v, p)) => Some(r.choice(v, &p, &Direction::ALL, Direction::as_str)),
    };
    let target = match o.get("target") {
        Some((Value::String(text), _)) if parse_decimal_text(text.trim()).is_err() => Ok(Held::Written(text.clone())),
        Some((v, p)) => r.decimal(v, &p).map(|d| Held::Value(Some(d))).ok_or(()),
        None => Ok(Held::Value(None)),
    };
    let target_text = o.text(r, "target_text");
    let unit = o.text(r, "unit");
    let actual = match o.get("actual") {
        None => Some(Held::Value(None)),
        Some((Value::String(text), _)) if parse_decimal_text(text.trim()).is_err() => Some(Held::Written(text.clone())),
        Some((v, p)) => read_actual(r, v, p).map(|a| Held::Value(Some(a))),
    };
    let actual_text = o.text(r, "actual_text");
    let deviation_reason = o.text(r, "deviation_reason");
    let weight = o.opt_decimal(r, "weight");
    let points = o.opt_decimal(r, "points");
    let reported = o.opt_decimal(r, "reported");
    let not_applicable = o.opt_bool(r, "not_applicable");
    // A target written with its sign gives the direction when the file names none (`"≥90%"`), a level
    // a qualitative row's and a deadline a 时效 row's.
    let written_target = match &target {
        Ok(Held::Written(text)) => Some(read_target(text)),
        _ => None,
    };
    let direction = match direction {
        Some(direction) => direction,
        None => match written_target.as_ref().map(|w| (&w.value, w.sign)) {
            Some((Written::Number(_), Some(sign))) => Some(sign),
            Some((Written::Level(_), _)) => Some(Direction::Qualitative),
            Some((Written::Deadline(_), _)) => Some(Direction::OnTime),
            _ => {
                r.problem(&o.path.clone(), ProblemKind::MissingField { field: "direction" });
                None
            }
        },
    };
    r.finish(o);
    let mut indicator = Indicator {
        id: id?,
        category,
        name: name?,
        explanation,
        direction: direction?,
        target: None,
        target_text,
        unit,
        actual: None,
        actual_text,
        deviation_reason,
        weight: weight.ok()?,
        points: points.ok()?,
        reported: reported.ok()?,
        not_applicable: not_applicable.ok()?.unwrap_or(false),
    };
    match target.ok()? {
        Held::Value(target) => indicator.target = target,
        Held::Written(text) => indicator.take_written_target(&text),
    }
    match actual? {
        Held::Value(actual) => indicator.actual = actual,
        Held::Written(text) => indicator.take_written_actual(&text),
    }
    Some(indicator)
}

/// A target or an actual as the file holds it: a value, or a cell as people write it.
enum Held<T> {
    Value(T),
    Written(String),
}

fn read_scenario(r: &mut Reader, value: &Value, path: String) -> Option<Scenario> {
    let mut o = r.object(value, path)?;
    let name = o.req_string(r, "name");
    let changes = o.require(r, "changes").and_then(|(v, p)| read_list(r, v, &p, read_edit));
    r.finish(o);
    Some(Scenario { name: name?, changes: changes? })
}

/// One change of a scenario: `{"set": "actual", "indicator": "dept-07", "value": "20"}` and the like.
fn read_edit(r: &mut Reader, value: &Value, path: String) -> Option<Edit> {
    let mut o = r.object(value, path)?;
    let kind = o.require(r, "set").and_then(|(v, p)| r.choice(v, &p, &Edit::KINDS, |kind| kind))?;
    let owner_key =
        if matches!(kind, "actual" | "target" | "reason" | "not_applicable") { "indicator" } else { "node" };
    let owner = o.req_string(r, owner_key);
    let edit = match kind {
        "actual" => {
            let value = match o.get("value") {
                None => Some(None),
                Some((v, p)) => read_actual(r, v, p).map(Some),
            };
            owner.zip(value).map(|(indicator, value)| Edit::Actual { indicator, value })
        }
        "reason" | "manual_reason" | "budget_reason" => {
            let text = o.text(r, "text");
            owner.map(|owner| match kind {
                "reason" => Edit::Reason { indicator: owner, text },
                "budget_reason" => Edit::BudgetReason { node: owner, text },
                _ => Edit::ManualReason { node: owner, text },
            })
        }
        "budget_amount" => {
            let line = o.require(r, "line").and_then(|(v, p)| r.integer(v, &p)).and_then(|l| usize::try_from(l).ok());
            let field =
                o.require(r, "field").and_then(|(v, p)| r.choice(v, &p, &BudgetField::ALL, BudgetField::as_str));
            let value = o.opt_decimal(r, "value").ok();
            match (owner, line, field, value) {
                (Some(node), Some(line), Some(field), Some(value)) => {
                    Some(Edit::BudgetAmount { node, line, field, value })
                }
                _ => None,
            }
        }
        "not_applicable" => {
            let value = o.require(r, "value").and_then(|(v, p)| r.boolean(v, &p));
            owner.zip(value).map(|(indicator, value)| Edit::NotApplicable { indicator, value })
        }
        "passed" => {
            let value = o.opt_bool(r, "value").ok();
            owner.zip(value).map(|(node, value)| Edit::Passed { node, value })
        }
        "month_rate" => {
            let month = o.require(r, "month").and_then(|(v, p)| r.integer(v, &p)).and_then(|m| usize::try_from(m).ok());
            let value = o.opt_decimal(r, "value").ok();
            match (owner, month, value) {
                (Some(node), Some(month), Some(value)) => Some(Edit::MonthRate { node, month, value }),
                _ => None,
            }
        }
        decimal_kind => {
            let value = o.opt_decimal(r, "value").ok();
            owner.zip(value).map(|(owner, value)| match decimal_kind {
                "target" => Edit::Target { indicator: owner, value },
                "rate" => Edit::Rate { node: owner, value },
                "band_input" => Edit::BandInput { node: owner, value },
                "deduction_value" => Edit::DeductionValue { node: owner, value },
                "manual_score" => Edit::ManualScore { node: owner, value },
                _ => Edit::Reported { node: owner, value },
            })
        }
    };
    r.finish(o);
    edit
}

/// An indicator's actual: a decimal, or `{"level": …, "percent": …}` for a qualitative indicator.
fn read_actual(r: &mut Reader, value: &Value, path: String) -> Option<Actual> {
    if !value.is_object() {
        return r.decimal(value, &path).map(Actual::Number);
    }
    let mut a = r.object(value, path)?;
    let level = a.require(r, "level").and_then(|(v, p)| r.choice(v, &p, &Level::ALL, Level::as_str));
    let percent = a.opt_decimal(r, "percent");
    r.finish(a);
    Some(Actual::Level { level: level?, percent: percent.ok()? })
}
