//! The rules' arithmetic: an evaluation in, every node's and indicator's exact score out (the first
//! phase of `scored::score`).
//!
//! Pure and total: any evaluation, however wrong, scores without panicking. What cannot be scored is a
//! `RuleError` on that node or indicator (it then counts 0), and the checks turn the rest into warnings.

use std::rc::Rc;

use rust_decimal::Decimal;

use super::indicator::{completion, Completion};
use super::model::{Evaluation, Indicator, Node, NodeBody, Rescale, Rule};
use super::num::{self, Overflow, HUNDRED};
use super::scored::{execution_rate, grade_for, Badge, Detail, IndicatorResult, NodeResult, RuleError, Scored, Status};

/// Every node's and indicator's score, the total and its grade; no checks yet.
pub(super) fn apply_rules(evaluation: &Evaluation) -> Scored {
    let rescale = evaluation.meta.not_applicable_rescale;
    let mut scorer = Scorer {
        nodes: Vec::new(),
        indicators: Vec::new(),
        rescale,
        year: evaluation.meta.year,
        not_applicable_points: Decimal::ZERO,
    };
    scorer.node(&evaluation.root, 0, None);
    let root = &scorer.nodes[0];
    // 用适用指标得分汇总后按百分制折算: the applicable scores, converted to the full points.
    let applicable = root.points.saturating_sub(scorer.not_applicable_points.min(root.points));
    let uncapped_total = if scorer.not_applicable_points.is_zero() || applicable <= Decimal::ZERO {
        root.score
    } else {
        num::div(num::mul(root.score, root.points).unwrap_or(root.score), applicable)
            .map_or(root.score, |t| t.min(root.points))
    };
    let cap = applicable_cap(evaluation, &scorer.nodes).filter(|cap| *cap < uncapped_total);
    let total = cap.map_or(uncapped_total, |cap| cap.max(Decimal::ZERO));
    Scored {
        grade: grade_for(total, &evaluation.meta.grade_bands),
        nodes: scorer.nodes,
        indicators: scorer.indicators,
        total,
        uncapped_total,
        cap,
        not_applicable_points: scorer.not_applicable_points,
        checks: Vec::new(),
    }
}

/// The lowest cap whose "below" the execution rate falls under.
fn applicable_cap(evaluation: &Evaluation, nodes: &[NodeResult]) -> Option<Decimal> {
    let caps = evaluation.meta.total_caps.as_ref()?;
    let rate = execution_rate(nodes.iter().find(|n| n.id == caps.rate_node)?)?;
    caps.caps.iter().filter(|c| rate < c.below).map(|c| c.cap).min()
}

struct Scorer {
    nodes: Vec<NodeResult>,
    indicators: Vec<IndicatorResult>,
    rescale: Rescale,
    /// The evaluation's year, for dates written without one.
    year: Option<i32>,
    /// The shares of not-applicable indicators left out of their lists (`Rescale::Table`).
    not_applicable_points: Decimal,
}

struct LeafOutcome {
    score: Decimal,
    status: Status,
    detail: Detail,
}

impl LeafOutcome {
    fn scored(score: Decimal, detail: Detail) -> Self {
        LeafOutcome { score, status: Status::Scored, detail }
    }
    fn pending(detail: Detail) -> Self {
        LeafOutcome { score: Decimal::ZERO, status: Status::Pending, detail }
    }
}

impl Scorer {
    /// Pushes the node's result (and its subtree's) and returns its index.
    fn node(&mut self, node: &Node, depth: usize, parent: Option<usize>) -> usize {
        let index = self.nodes.len();
        self.nodes.push(NodeResult {
            id: node.id.clone(),
            depth,
            parent,
            points: node.points,
            score: Decimal::ZERO,
            lost: Decimal::ZERO,
            reported: node.reported,
            difference: None,
            status: Status::Scored,
            detail: Detail::Group,
            error: None,
        });
        let points = node.points.max(Decimal::ZERO);
        let (score, status, detail, error) = match &node.body {
            NodeBody::Group(children) => {
                let child_indexes: Vec<usize> = children.iter().map(|c| self.node(c, depth + 1, Some(index))).collect();
                let statuses: Vec<Status> = child_indexes.iter().map(|&i| self.nodes[i].status).collect();
                let status = if statuses.contains(&Status::Invalid) {
                    Status::Invalid
                } else if statuses.contains(&Status::Pending) {
                    Status::Pending
                } else {
                    Status::Scored
                };
                match num::sum(child_indexes.iter().map(|&i| self.nodes[i].score)) {
                    // A group is worth at most its points even when its children claim more (a warning).
                    Ok(sum) => (num::clamp(sum, Decimal::ZERO, points), status, Detail::Group, None),
                    Err(Overflow) => (Decimal::ZERO, Status::Invalid, Detail::Group, Some(RuleError::Overflow)),
                }
            }
            NodeBody::Leaf(rule) => {
                // Scored (on 0 points) even when the points are negative, so that every indicator still
                // gets a result: the checks read them by position.
                let outcome = self.leaf(node, rule, points);
                let outcome = if node.points < Decimal::ZERO { Err(RuleError::NegativePoints) } else { outcome };
                // A budget scored uncapped may pass its points, as the file says; any other leaf may not.
                let ceiling = if matches!(rule, Rule::Budget { uncapped: true, .. }) { Decimal::MAX } else { points };
                match outcome {
                    Ok(o) => (num::clamp(o.score, Decimal::ZERO, ceiling), o.status, o.detail, None),
                    Err(error) => (Decimal::ZERO, Status::Invalid, fallback_detail(rule), Some(error)),
                }
            }
        };
        let result = &mut self.nodes[index];
        result.score = score;
        result.lost = points - score;
        result.difference = node.reported.and_then(|r| r.checked_sub(score));
        result.status = status;
        result.detail = detail;
        result.error = error;
        index
    }

    fn leaf(&mut self, node: &Node, rule: &Rule, points: Decimal) -> Result<LeafOutcome, RuleError> {
        Ok(match rule {
            Rule::Rate { rate: None } => LeafOutcome::pending(Detail::Rate { credited: None }),
            Rule::Rate { rate: Some(rate) } => {
                let credited = num::clamp(*rate, Decimal::ZERO, HUNDRED);
                LeafOutcome::scored(
                    // Dividing the rate first keeps points near the decimal's limit from overflowing.
                    num::mul(points, num::div(credited, HUNDRED)?)?,
                    Detail::Rate { credited: Some(credited) },
                )
            }
            Rule::MonthlyExecution { months } => {
                if months.is_empty() {
                    return Err(RuleError::NoMonths);
                }
                let mut credits = Vec::with_capacity(months.len());
                for month in months {
                    if month.schedule <= Decimal::ZERO {
                        return Err(RuleError::ZeroSchedule { month: month.month.clone() });
                    }
                    let credit =
                        month.rate.map(|rate| num::div(rate.max(Decimal::ZERO), month.schedule)).transpose()?;
                    credits.push(credit.map(|c| c.min(Decimal::ONE)));
                }
                let filled = credits.iter().flatten().count();
                if filled == 0 {
                    return Ok(LeafOutcome::pending(Detail::MonthlyExecution { credits, average: None }));
                }
                // The mean over the listed months (SCORING.md): a month not filled in counts 0, as any
                // input not yet given does, so clearing a month never raises the score.
                // Divide once, at the end, so 9 × 1 + 0.9983 over 10 stays exactly 0.99983.
                let mean = num::div(num::sum(credits.iter().flatten().copied())?, Decimal::from(credits.len()))?;
                let score = num::mul(points, mean)?;
                let status = if filled < credits.len() { Status::Pending } else { Status::Scored };
                LeafOutcome {
                    score,
                    status,
                    detail: Detail::MonthlyExecution { average: Some(num::mul(mean, HUNDRED)?), credits },
                }
            }
            Rule::Indicators { at_most_scoring, qualitative_bands, indicators } => {
                let bands = qualitative_bands.clone().unwrap_or_default();
                let year = self.year;
                self.indicator_list(&node.id, points, indicators, |i| completion(i, *at_most_scoring, &bands, year))?
            }
            Rule::Bands { input: None, .. } => LeafOutcome::pending(Detail::Bands { reached: None }),
            Rule::Bands { input: Some(input), bands, .. } => {
                for band in bands {
                    if band.score < Decimal::ZERO || band.score > points {
                        return Err(RuleError::BandScoreOutOfRange { score: band.score, points });
                    }
                }
                let reached = bands
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| *input >= b.min)
                    .max_by_key(|(_, b)| b.min)
                    .map(|(i, _)| i);
                LeafOutcome::scored(reached.map_or(Decimal::ZERO, |i| bands[i].score), Detail::Bands { reached })
            }
            Rule::PassFail { passed: None } => LeafOutcome::pending(Detail::PassFail { passed: None }),
            Rule::PassFail { passed: Some(passed) } => LeafOutcome::scored(
                if *passed { points } else { Decimal::ZERO },
                Detail::PassFail { passed: Some(*passed) },
            ),
            Rule::Deduction { value: None, .. } => LeafOutcome::pending(Detail::Deduction { deducted: None }),
            Rule::Deduction { value: Some(value), limit, per_unit } => {
                if *per_unit < Decimal::ZERO {
                    return Err(RuleError::NegativeDeductionRate);
                }
                let beyond = num::sub(*value, *limit)?.max(Decimal::ZERO);
                // A deduction too large to compute is larger than the points: the floor applies.
                let deducted = num::mul(beyond, *per_unit).unwrap_or(points).min(points);
                LeafOutcome::scored(points - deducted, Detail::Deduction { deducted: Some(deducted) })
            }
            Rule::Budget { lines, uncapped, .. } => {
                let total = lines.first().ok_or(RuleError::NoBudgetLines)?;
                let amounts = [total.initial, total.adjusted, total.executed];
                if amounts.iter().flatten().any(|a| *a < Decimal::ZERO) {
                    return Err(RuleError::NegativeAmount);
                }
                let (Some(budget), Some(executed)) = (total.adjusted, total.executed) else {
                    return Ok(LeafOutcome::pending(Detail::Budget { rate: None }));
                };
                if budget.is_zero() {
                    return Err(RuleError::ZeroBudget);
                }
                let ratio = num::div(executed, budget)?;
                let credited = if *uncapped { ratio } else { ratio.min(Decimal::ONE) };
                LeafOutcome::scored(
                    num::mul(points, credited)?,
                    Detail::Budget { rate: Some(num::mul(ratio, HUNDRED)?) },
                )
            }
            Rule::Manual { score: None, .. } => LeafOutcome::pending(Detail::Manual),
            Rule::Manual { score: Some(score), .. } => {
                if *score < Decimal::ZERO || *score > points {
                    return Err(RuleError::ManualOutOfRange { score: *score, points });
                }
                LeafOutcome::scored(*score, Detail::Manual)
            }
        })
    }

    /// points × Σ(weight × ratio) / Σ weight over the applicable indicators. The division comes last so
    /// fifteen equal shares of 10 that are all met make exactly 10, not 9.999…9.
    /// Every indicator gets a result, even when the list as a whole cannot be scored.
    fn indicator_list(
        &mut self,
        node_id: &str,
        points: Decimal,
        indicators: &[Rc<Indicator>],
        complete: impl Fn(&Indicator) -> Completion,
    ) -> Result<LeafOutcome, RuleError> {
        let completions: Vec<Completion> = indicators.iter().map(|i| complete(i)).collect();
        let pending = completions.iter().filter(|c| c.badge == Badge::Pending).count();
        let invalid = completions.iter().any(|c| c.badge == Badge::Invalid);
        let applicable = indicators.iter().filter(|i| !i.not_applicable).count();
        let scored = score_list(points, indicators, &completions, self.rescale);
        if let Ok(list) = &scored {
            // Too many points to add up is the conversion's loss only: the total stays unconverted.
            self.not_applicable_points = self.not_applicable_points.saturating_add(list.not_applicable);
        }
        let per_indicator = match &scored {
            Ok(list) => list.per_indicator.clone(),
            Err(_) => vec![(Decimal::ZERO, Decimal::ZERO); indicators.len()],
        };
        for ((indicator, completion), (share, score)) in indicators.iter().zip(completions).zip(per_indicator) {
            self.indicators.push(IndicatorResult {
                id: indicator.id.clone(),
                node_id: node_id.to_string(),
                share,
                lost: share - score,
                score,
                completion,
                reported: indicator.reported,
                difference: indicator.reported.and_then(|r| r.checked_sub(score)),
            });
        }
        let detail = Detail::Indicators { applicable, pending };
        if indicators.is_empty() {
            // Nothing listed: nothing earned yet.
            return Ok(LeafOutcome::pending(detail));
        }
        let status = if invalid {
            Status::Invalid
        } else if pending > 0 {
            Status::Pending
        } else {
            Status::Scored
        };
        Ok(LeafOutcome { score: scored?.score, status, detail })
    }
}

struct ListScores {
    /// (share of the points, score) per indicator, in order.
    per_indicator: Vec<(Decimal, Decimal)>,
    score: Decimal,
    /// The shares of its not-applicable indicators, left for the total to convert without.
    not_applicable: Decimal,
}

/// A row's weight in its list: its own 分值 where the table gives one, else its weight (1 by default).
fn weight(indicator: &Indicator) -> Decimal {
    indicator.points.or(indicator.weight).unwrap_or(Decimal::ONE)
}

/// share = points × weight / Σ weight; the list's score is points × Σ(weight × ratio) / Σ weight,
/// dividing once so that fifteen met shares of 10 make exactly 10, not 9.999…9. Not-applicable
/// indicators are left out of Σ weight (`Rescale::List`: the others share the list's points), or kept
/// in it with their shares set aside for the total (`Rescale::Table`).
fn score_list(
    points: Decimal,
    indicators: &[Rc<Indicator>],
    completions: &[Completion],
    rescale: Rescale,
) -> Result<ListScores, RuleError> {
    if indicators.iter().any(|i| weight(i) < Decimal::ZERO) {
        return Err(RuleError::NegativeWeight);
    }
    let applicable = || indicators.iter().filter(|i| !i.not_applicable);
    let nothing = || vec![(Decimal::ZERO, Decimal::ZERO); indicators.len()];
    if applicable().next().is_none() {
        // Everything declared not applicable: nothing can be lost.
        return Ok(match rescale {
            Rescale::List => ListScores { per_indicator: nothing(), score: points, not_applicable: Decimal::ZERO },
            Rescale::Table => ListScores { per_indicator: nothing(), score: Decimal::ZERO, not_applicable: points },
        });
    }
    let total_weight = match rescale {
        Rescale::List => num::sum(applicable().map(|i| weight(i)))?,
        Rescale::Table => num::sum(indicators.iter().map(|i| weight(i)))?,
    };
    if total_weight.is_zero() {
        return Err(RuleError::ZeroTotalWeight);
    }
    let mut weighted_credit = Decimal::ZERO;
    let mut not_applicable = Decimal::ZERO;
    let mut per_indicator = Vec::with_capacity(indicators.len());
    for (indicator, completion) in indicators.iter().zip(completions) {
        let share = num::div(num::mul(points, weight(indicator))?, total_weight)?;
        if indicator.not_applicable {
            not_applicable = num::add(not_applicable, share)?;
            per_indicator.push((Decimal::ZERO, Decimal::ZERO));
            continue;
        }
        let ratio = completion.ratio.unwrap_or(Decimal::ZERO);
        weighted_credit = num::add(weighted_credit, num::mul(weight(indicator), ratio)?)?;
        per_indicator.push((share, num::mul(share, ratio)?));
    }
    let score = num::div(num::mul(points, weighted_credit)?, total_weight)?;
    let not_applicable = if rescale == Rescale::Table { not_applicable } else { Decimal::ZERO };
    Ok(ListScores { per_indicator, score, not_applicable })
}

fn fallback_detail(rule: &Rule) -> Detail {
    match rule {
        Rule::Rate { .. } => Detail::Rate { credited: None },
        Rule::MonthlyExecution { .. } => Detail::MonthlyExecution { credits: Vec::new(), average: None },
        Rule::Indicators { .. } => Detail::Indicators { applicable: 0, pending: 0 },
        Rule::Bands { .. } => Detail::Bands { reached: None },
        Rule::PassFail { passed } => Detail::PassFail { passed: *passed },
        Rule::Deduction { .. } => Detail::Deduction { deducted: None },
        Rule::Manual { .. } => Detail::Manual,
        Rule::Budget { .. } => Detail::Budget { rate: None },
    }
}
