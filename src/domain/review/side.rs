//! Two evaluations side by side, as a reviewer compares them on the desk: two versions of one unit's
//! evaluation (or two years of it), or two units' tables. Their totals, grades and execution rates,
//! each top-level part, then each scored item and indicator matched across the two files: by id when
//! they share the layout (the same unit and the same nodes), else by category path and name; what
//! has no partner is listed as only on one side. Plain data, no browser: the desk's view draws it.
//!
//! Unlike a scenario comparison (`domain::whatif`), which compares variants of one document whose
//! ids are the same by construction, the two files here were written apart: ids mean the same thing
//! only when the layout and the unit are the same (two units' tables copied from one preset share
//! their ids, not their indicators).

use rust_decimal::Decimal;

use super::{actual_words, execution_rate_of, target_words, with_unit, Words};
use crate::domain::model::{Evaluation, Node, Rule};
use crate::domain::num::format_short as short;
use crate::domain::scored::{execution_rate, Badge, NodeResult, OpenInputs, Scored, Status};
use crate::domain::Lang;

/// One side as handed in: the evaluation and its scores.
#[derive(Clone, Copy)]
pub struct Side<'a> {
    pub evaluation: &'a Evaluation,
    pub scored: &'a Scored,
}

/// How the rows of the two files were paired.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Matching {
    /// The same unit with the same nodes: by id (an indicator renamed in a new version is still itself),
    /// what is left by name.
    ById,
    /// Different units or layouts: by category path and name.
    ByName,
}

impl Matching {
    pub fn as_str(self) -> &'static str {
        match self {
            Matching::ById => "id",
            Matching::ByName => "name",
        }
    }
}

/// A side's heading figures.
#[derive(Clone, Debug, PartialEq)]
pub struct SideHead {
    pub unit: String,
    pub year: Option<i32>,
    /// The total the grade is read from, exact.
    pub total: Decimal,
    pub display_decimals: u32,
    pub grade: String,
    /// While not empty the grade is provisional.
    pub open: OpenInputs,
    pub execution_rate: Option<Decimal>,
}

impl SideHead {
    fn of(side: Side<'_>) -> SideHead {
        SideHead {
            unit: side.evaluation.meta.name().to_string(),
            year: side.evaluation.meta.year,
            total: side.scored.total,
            display_decimals: side.evaluation.meta.display_decimals,
            grade: side.scored.grade.clone(),
            open: side.scored.open_inputs(),
            execution_rate: execution_rate_of(side.evaluation, side.scored),
        }
    }

    pub fn provisional(&self) -> bool {
        !self.open.is_empty()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// A top-level part (产出 / 效益 / 满意度 / 预算执行, or a department's 一级).
    Part,
    /// A scored item that is not an indicator (a rate, a band, a pass/fail, a manual score…).
    Item,
    Indicator,
}

impl RowKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RowKind::Part => "part",
            RowKind::Item => "item",
            RowKind::Indicator => "indicator",
        }
    }
}

/// Whether a cell's score stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellState {
    Scored,
    /// An input still empty: it counts 0 until filled in.
    Pending,
    /// An input the rule cannot use: it counts 0.
    Invalid,
    /// Set aside (不适用): no score to compare.
    NotApplicable,
}

impl CellState {
    pub fn as_str(self) -> &'static str {
        match self {
            CellState::Scored => "scored",
            CellState::Pending => "pending",
            CellState::Invalid => "invalid",
            CellState::NotApplicable => "na",
        }
    }
}

/// One side of a row.
#[derive(Clone, Debug, PartialEq)]
pub struct SideCell {
    pub id: String,
    pub name: String,
    /// 一级/二级 as the file has it (indicators), else empty.
    pub category: String,
    /// As a reviewer quotes it ("≥90%", "20 人", "“12月底前”"), empty where there is no target.
    pub target: String,
    /// The input as read ("13 人", "达成", "99.5%"), "—" while empty.
    pub actual: Words,
    pub score: Decimal,
    /// What it is worth: an indicator's share of its list, a node's points.
    pub points: Decimal,
    pub state: CellState,
}

/// Which files a row is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    Both,
    LeftOnly,
    RightOnly,
}

impl Presence {
    pub fn as_str(self) -> &'static str {
        match self {
            Presence::Both => "both",
            Presence::LeftOnly => "left",
            Presence::RightOnly => "right",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct SideRow {
    /// The row's id: the shared id, `left|right` when paired by name with different ids, else the
    /// one side's id.
    pub key: String,
    pub kind: RowKind,
    /// The index in `SideBySide::parts` of the part it is listed under (`None` for a part).
    pub part: Option<usize>,
    pub left: Option<SideCell>,
    pub right: Option<SideCell>,
    /// Right's score minus left's, where both sides score it (not where either is not applicable).
    pub difference: Option<Decimal>,
}

impl SideRow {
    fn new(kind: RowKind, part: Option<usize>, left: Option<SideCell>, right: Option<SideCell>) -> SideRow {
        let key = match (&left, &right) {
            (Some(l), Some(r)) if l.id == r.id => l.id.clone(),
            (Some(l), Some(r)) => format!("{}|{}", l.id, r.id),
            (Some(cell), None) | (None, Some(cell)) => cell.id.clone(),
            (None, None) => String::new(),
        };
        let scores = |cell: &SideCell| (cell.state != CellState::NotApplicable).then_some(cell.score);
        let difference = match (left.as_ref().and_then(scores), right.as_ref().and_then(scores)) {
            (Some(l), Some(r)) => r.checked_sub(l),
            _ => None,
        };
        SideRow { key, kind, part, left, right, difference }
    }

    /// The name the row goes by: the left file's, else the right's.
    pub fn name(&self) -> &str {
        self.left.as_ref().or(self.right.as_ref()).map_or("", |c| c.name.as_str())
    }

    /// The right file's name where it differs (an indicator renamed, matched by id).
    pub fn renamed(&self) -> Option<&str> {
        match (&self.left, &self.right) {
            (Some(l), Some(r)) if l.name.trim() != r.name.trim() => Some(r.name.as_str()),
            _ => None,
        }
    }

    pub fn presence(&self) -> Presence {
        match (&self.left, &self.right) {
            (Some(_), None) => Presence::LeftOnly,
            (None, Some(_)) => Presence::RightOnly,
            _ => Presence::Both,
        }
    }

    /// The difference's size, for "largest first".
    pub fn magnitude(&self) -> Option<Decimal> {
        self.difference.map(|d| d.abs())
    }
}

/// Two evaluations side by side.
#[derive(Clone, Debug, PartialEq)]
pub struct SideBySide {
    pub matching: Matching,
    pub left: SideHead,
    pub right: SideHead,
    /// Right's total minus left's.
    pub total_difference: Option<Decimal>,
    pub execution_difference: Option<Decimal>,
    /// The top-level parts: the left file's in its order, then those only in the right file.
    pub parts: Vec<SideRow>,
    /// The items and indicators, part by part in the parts' order; within a part the left file's
    /// order, then those only in the right file.
    pub rows: Vec<SideRow>,
}

impl SideBySide {
    pub fn new(left: Side<'_>, right: Side<'_>) -> SideBySide {
        let matching = if same_layout(left.evaluation, right.evaluation) { Matching::ById } else { Matching::ByName };
        let (left_parts, left_rows) = collect(left);
        let (right_parts, right_rows) = collect(right);

        let part_pairs = pair(&left_parts, &right_parts, matching);
        let mut part_of_left = vec![0; left_parts.len()];
        let mut part_of_right = vec![0; right_parts.len()];
        let parts: Vec<SideRow> = part_pairs
            .iter()
            .enumerate()
            .map(|(index, &(l, r))| {
                if let Some(l) = l {
                    part_of_left[l] = index;
                }
                if let Some(r) = r {
                    part_of_right[r] = index;
                }
                let cell = |found: &[Found], i: Option<usize>| i.map(|i| found[i].cell.clone());
                SideRow::new(RowKind::Part, None, cell(&left_parts, l), cell(&right_parts, r))
            })
            .collect();

        let row_pairs = pair(&left_rows, &right_rows, matching);
        // Each pair under its part: the left row's part, else (only on the right) the right row's.
        let part_of = |&(l, r): &(Option<usize>, Option<usize>)| match (l, r) {
            (Some(l), _) => part_of_left[left_rows[l].part],
            (None, Some(r)) => part_of_right[right_rows[r].part],
            (None, None) => 0,
        };
        let mut rows = Vec::with_capacity(row_pairs.len());
        for part in 0..parts.len() {
            for pair in row_pairs.iter().filter(|p| part_of(p) == part) {
                let (l, r) = *pair;
                let left_row = l.map(|l| &left_rows[l]);
                let right_row = r.map(|r| &right_rows[r]);
                let kind = left_row.or(right_row).map_or(RowKind::Item, |f| f.kind);
                rows.push(SideRow::new(
                    kind,
                    Some(part),
                    left_row.map(|f| f.cell.clone()),
                    right_row.map(|f| f.cell.clone()),
                ));
            }
        }

        let left_head = SideHead::of(left);
        let right_head = SideHead::of(right);
        SideBySide {
            matching,
            total_difference: right_head.total.checked_sub(left_head.total),
            execution_difference: match (left_head.execution_rate, right_head.execution_rate) {
                (Some(l), Some(r)) => r.checked_sub(l),
                _ => None,
            },
            left: left_head,
            right: right_head,
            parts,
            rows,
        }
    }

    /// The items and indicators, the largest difference first (rows without one last, each group in
    /// the table's order).
    pub fn by_difference(&self) -> Vec<&SideRow> {
        let mut rows: Vec<&SideRow> = self.rows.iter().collect();
        rows.sort_by_key(|r| std::cmp::Reverse(r.magnitude()));
        rows
    }

    /// Nothing tells the two apart: every part, item and indicator on both sides, in the same state,
    /// with the same score.
    pub fn all_same(&self) -> bool {
        self.parts.iter().chain(&self.rows).all(|row| match (&row.left, &row.right) {
            (Some(l), Some(r)) => l.state == r.state && row.difference.is_none_or(|d| d.is_zero()),
            _ => false,
        })
    }

    /// The largest difference among the items and indicators, if any is not zero.
    pub fn largest(&self) -> Option<Decimal> {
        self.rows.iter().filter_map(SideRow::magnitude).max().filter(|m| !m.is_zero())
    }
}

/// The same unit with the same nodes (in the same order): its ids can be trusted to mean the same.
fn same_layout(left: &Evaluation, right: &Evaluation) -> bool {
    let ids = |e: &Evaluation| e.root.walk().map(|n| n.id.clone()).collect::<Vec<_>>();
    normalized(left.meta.name()) == normalized(right.meta.name()) && ids(left) == ids(right)
}

/// A name as matched: without any white space (full-width spaces and line breaks in cells too).
fn normalized(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A part, item or indicator of one side, with what it is matched by.
struct Found {
    cell: SideCell,
    kind: RowKind,
    /// The index of its top-level part among the side's parts.
    part: usize,
    /// Category path (or the part's name) and name, normalized.
    name_key: String,
}

/// A side's top-level parts, and its items and indicators, in the file's order.
fn collect(side: Side<'_>) -> (Vec<Found>, Vec<Found>) {
    let mut parts = Vec::new();
    let mut rows = Vec::new();
    for (index, part) in side.evaluation.root.children().iter().enumerate() {
        let Some(cell) = node_cell(side, part) else { continue };
        let part_name = normalized(&part.name);
        parts.push(Found { cell, kind: RowKind::Part, part: index, name_key: part_name.clone() });
        let part_index = parts.len() - 1;
        for node in part.walk() {
            if let Some(Rule::Indicators { .. }) = node.rule() {
                for indicator in node.indicators() {
                    let Some(result) = side.scored.indicator(&indicator.id) else { continue };
                    let category = normalized(&indicator.category);
                    let path = if category.is_empty() { &part_name } else { &category };
                    let state = match result.badge() {
                        Badge::Pending => CellState::Pending,
                        Badge::Invalid => CellState::Invalid,
                        Badge::NotApplicable => CellState::NotApplicable,
                        _ => CellState::Scored,
                    };
                    let cell = SideCell {
                        id: indicator.id.clone(),
                        name: indicator.name.clone(),
                        category: indicator.category.clone(),
                        target: target_words(indicator),
                        actual: Words { zh: actual_words(indicator, Lang::Zh), en: actual_words(indicator, Lang::En) },
                        score: result.score,
                        points: result.share,
                        state,
                    };
                    let name_key = format!("{path}/{}", normalized(&indicator.name));
                    rows.push(Found { cell, kind: RowKind::Indicator, part: part_index, name_key });
                }
            } else if node.rule().is_some() && !std::ptr::eq(node, part) {
                let Some(cell) = node_cell(side, node) else { continue };
                let name_key = format!("{part_name}/{}", normalized(&node.name));
                rows.push(Found { cell, kind: RowKind::Item, part: part_index, name_key });
            }
        }
    }
    (parts, rows)
}

/// A node as a cell: its score and points, and (a leaf) its input as read.
fn node_cell(side: Side<'_>, node: &Node) -> Option<SideCell> {
    let result = side.scored.node(&node.id)?;
    let state = match result.status {
        Status::Scored => CellState::Scored,
        Status::Pending => CellState::Pending,
        Status::Invalid => CellState::Invalid,
    };
    let actual = match node.rule() {
        Some(rule) if !matches!(rule, Rule::Indicators { .. }) => {
            Words { zh: item_actual(rule, result, Lang::Zh), en: item_actual(rule, result, Lang::En) }
        }
        _ => Words { zh: String::new(), en: String::new() },
    };
    Some(SideCell {
        id: node.id.clone(),
        name: node.name.clone(),
        category: String::new(),
        target: String::new(),
        actual,
        score: result.score,
        points: result.points,
        state,
    })
}

/// An item's input as a reviewer reads it: a rate in percent, a band's input with its unit, 是/否…
fn item_actual(rule: &Rule, result: &NodeResult, lang: Lang) -> String {
    let percent = |rate: Option<Decimal>| rate.map(|r| format!("{}%", short(r)));
    let text = match rule {
        Rule::Rate { rate } => percent(*rate),
        Rule::MonthlyExecution { .. } | Rule::Budget { .. } => percent(execution_rate(result)),
        Rule::Bands { input, unit, .. } => input.map(|i| with_unit(i, unit)),
        Rule::PassFail { passed } => {
            passed.map(|p| lang.pick(if p { "是" } else { "否" }, if p { "yes" } else { "no" }).to_string())
        }
        Rule::Deduction { value, .. } => value.map(short),
        Rule::Manual { score, .. } => score.map(short),
        Rule::Indicators { .. } => None,
    };
    text.unwrap_or_else(|| "—".to_string())
}

/// Pairs of indices into `left` and `right`, each found once: by id first (`Matching::ById`), then by
/// kind and name key, in order (two rows of one name pair first with first). The left's in its order,
/// each with its partner, then the right's left over in theirs.
fn pair(left: &[Found], right: &[Found], matching: Matching) -> Vec<(Option<usize>, Option<usize>)> {
    let mut partner: Vec<Option<usize>> = vec![None; left.len()];
    let mut taken = vec![false; right.len()];
    let mut find = |same: &dyn Fn(&Found, &Found) -> bool| {
        for (l, found) in left.iter().enumerate() {
            if partner[l].is_some() {
                continue;
            }
            if let Some(r) =
                (0..right.len()).find(|&r| !taken[r] && right[r].kind == found.kind && same(found, &right[r]))
            {
                partner[l] = Some(r);
                taken[r] = true;
            }
        }
    };
    if matching == Matching::ById {
        find(&|a, b| a.cell.id == b.cell.id);
    }
    find(&|a, b| a.name_key == b.name_key);
    partner
        .iter()
        .enumerate()
        .map(|(l, r)| (Some(l), *r))
        .chain((0..right.len()).filter(|&r| !taken[r]).map(|r| (None, Some(r))))
        .collect()
}
