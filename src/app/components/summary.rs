//! The summary that stays in view: total and grade, the reported total and the gap, the two sections'
//! subtotals, and counts of indicators by badge.

use std::rc::Rc;

use yew::prelude::*;

use super::review::delta_class;
use super::{same, use_height_property};
use crate::app::state::BaselineKind;
use crate::domain::num::{format_exact, format_fixed, format_fixed_signed};
use crate::domain::whatif::Deltas;
use crate::domain::{Badge, Evaluation, Lang, OpenInputs, Scored, Severity};
use crate::i18n::texts;

#[derive(Properties)]
pub struct SummaryProps {
    pub evaluation: Rc<Evaluation>,
    pub scored: Rc<Scored>,
    pub deltas: Rc<Deltas>,
    /// What the deltas are measured against, for the words before the total's.
    pub baseline: BaselineKind,
    pub lang: Lang,
    /// The inputs the total waits for, cells whose text is not a number included (`AppState::open_inputs`).
    pub open: OpenInputs,
}

impl PartialEq for SummaryProps {
    fn eq(&self, other: &Self) -> bool {
        same(&self.evaluation, &other.evaluation)
            && same(&self.scored, &other.scored)
            && same(&self.deltas, &other.deltas)
            && self.baseline == other.baseline
            && self.lang == other.lang
            && self.open == other.open
    }
}

#[function_component(Summary)]
pub fn summary(props: &SummaryProps) -> Html {
    let t = texts(props.lang);
    let scored = &props.scored;
    let decimals = props.evaluation.meta.display_decimals;
    // The root as shown: the total the grade is read from (converted, capped), the printed one against it.
    let root = scored.shown(scored.root()).unwrap_or_else(|| scored.root().clone());
    let root = &root;
    let sections = props.evaluation.root.children().iter().zip(scored.nodes.iter().filter(|n| n.depth == 1));
    let warnings = scored.checks.iter().filter(|c| c.severity() != Severity::Info).count();
    let open = props.open;
    let summary = use_height_property("--summary-height");
    html! {
        <section class="summary" aria-label={t.total} ref={summary}>
            <div class="summary__total">
                <span class="summary__label">{ t.total }</span>
                <strong class="summary__value" data-testid="total-computed" data-value={format_exact(scored.total)}>
                    { format_fixed(scored.total, decimals) }
                </strong>
                <span class="summary__of">{ format!("/ {}", format_exact(root.points)) }</span>
                if !props.deltas.total.is_zero() || props.deltas.grade_changed() { { total_delta(&props.deltas, props.baseline, decimals, props.lang) } }
                if let Some(cap) = scored.cap { { capped_at(cap, props.lang) } }
            </div>
            <div class="summary__grade">
                <span class="summary__label">{ t.grade }</span>
                <strong class={classes!("grade", format!("grade--{}", grade_class(&scored.grade)), (!open.is_empty()).then_some("grade--provisional"))} data-testid="grade" data-grade={scored.grade.clone()}>{ crate::i18n::grade_name(&scored.grade, props.lang) }</strong>
                if props.deltas.grade_changed() { { grade_change(&props.deltas, props.lang) } }
                if !open.is_empty() { { provisional(open, props.lang) } }
            </div>
            if let Some(reported) = root.reported {
                <div class="summary__reported">
                    <span class="summary__label">{ t.reported_total }</span>
                    <span data-testid="total-reported" data-value={format_exact(reported)}>{ format_fixed(reported, decimals) }</span>
                    if let Some(difference) = root.difference.filter(|&d| crate::domain::checks::printed_differs(d, decimals)) {
                        <span class="summary__difference" data-testid="total-difference" data-value={format_exact(difference)}>
                            { format!("{} {}", t.difference, format_fixed_signed(difference, decimals)) }
                        </span>
                    }
                </div>
            }
            <ul class="summary__sections">
                { for sections.map(|(node, result)| html! {
                    <li data-testid="subtotal" data-node-id={node.id.clone()} data-value={format_exact(result.score)}>
                        <span class="summary__label">{ &node.name }</span>
                        <span class="summary__subtotal">{ format_fixed(result.score, decimals) }</span>
                        <span class="summary__of">{ format!("/ {}", format_exact(result.points)) }</span>
                    </li>
                }) }
            </ul>
            <ul class="summary__badges" aria-label={t.badges}>
                { for Badge::ALL.iter().filter(|b| **b != Badge::Invalid || scored.shown_count(**b, open) > 0).map(|badge| html! {
                    <li data-testid="badge-count" data-status={badge.as_str()}>
                        <span class={classes!("badge", format!("badge--{}", badge.as_str()))}>{ badge.label(props.lang) }</span>
                        <span class="summary__count">{ scored.shown_count(*badge, open) }</span>
                    </li>
                }) }
                <li data-testid="warning-count" data-value={warnings.to_string()}>
                    <span class="badge badge--warning">{ t.warnings }</span>
                    <span class="summary__count">{ warnings }</span>
                </li>
            </ul>
        </section>
    }
}

fn total_delta(deltas: &Deltas, baseline: BaselineKind, decimals: u32, lang: Lang) -> Html {
    let t = texts(lang);
    let against = if baseline == BaselineKind::Pinned { t.delta_vs_pinned } else { t.delta_vs_origin };
    html! {
        <span class={classes!("summary__delta", delta_class(deltas.total))} data-testid="delta-total"
            data-value={format_exact(deltas.total)} title={against}>
            { format!("{against} {}", format_fixed_signed(deltas.total, decimals)) }
        </span>
    }
}

fn grade_change(deltas: &Deltas, lang: Lang) -> Html {
    html! {
        <span class="summary__grade-change" data-testid="grade-change">
            { format!("{} → {}", crate::i18n::grade_name(&deltas.grade_before, lang), crate::i18n::grade_name(&deltas.grade_after, lang)) }
        </span>
    }
}

/// A grade read from a total that still counts missing or unusable inputs as 0: a blank template is not 差.
fn provisional(open: OpenInputs, lang: Lang) -> Html {
    html! {
        <span class="summary__provisional" data-testid="grade-provisional" data-pending={open.pending.to_string()}
            data-invalid={open.invalid.to_string()} title={texts(lang).provisional_hint}>
            { open.provisional_note(lang) }
        </span>
    }
}

fn capped_at(cap: rust_decimal::Decimal, lang: Lang) -> Html {
    let t = texts(lang);
    html! { <span class="summary__cap">{ t.aside(format!("{} {}", t.capped_at, format_exact(cap))) }</span> }
}

fn grade_class(grade: &str) -> &'static str {
    match grade {
        "优" => "excellent",
        "良" => "good",
        "中" => "fair",
        "差" => "poor",
        _ => "other",
    }
}
