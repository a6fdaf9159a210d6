//! The review panel under the summary: where points were lost, reported vs computed, every check,
//! the inputs changed since the baseline (with revert), two variants side by side, and goal seek.
//! Every list item jumps to its row in the table.

use std::rc::Rc;

use rust_decimal::Decimal;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::{same, use_dispatch, use_select_value};
use crate::app::effects::jump_to_row;
use crate::app::state::{Action, AppState, BaselineKind, Comparison, GoalQuery, Variant};
use crate::domain::checks::CheckKind;
use crate::domain::num::{
    format_exact, format_fixed, format_fixed_signed, format_lost, format_short, format_signed, parse_number,
};
use crate::domain::scenario::{Edit, InputChange};
use crate::domain::whatif::{GoalError, GoalSeek, Loss};
use crate::domain::{Actual, BudgetField, Check, Direction, Evaluation, Lang, Scored, Severity};
use crate::i18n::texts;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Lost,
    Reported,
    Checks,
    Changes,
    Compare,
    Goal,
}

#[derive(Properties)]
pub struct ReviewPanelProps {
    pub state: Rc<AppState>,
}

impl PartialEq for ReviewPanelProps {
    fn eq(&self, other: &Self) -> bool {
        same(&self.state, &other.state)
    }
}

#[function_component(ReviewPanel)]
pub fn review_panel(props: &ReviewPanelProps) -> Html {
    let t = texts(props.state.lang);
    let tab = use_state(|| Tab::Lost);
    let dispatch = use_dispatch();
    let state = &props.state;
    let mismatches: Vec<&Check> = state.scored.checks.iter().filter(|c| c.code() == "reported_mismatch").collect();
    let warnings = state.scored.checks.iter().filter(|c| c.severity() != Severity::Info).count();
    let tabs = [
        (Tab::Lost, t.tab_lost, state.losses().len(), "tab-lost"),
        (Tab::Reported, t.tab_reported, mismatches.len(), "tab-reported"),
        (Tab::Checks, t.tab_checks, warnings, "tab-checks"),
        (Tab::Changes, t.tab_changes, state.changes().len(), "tab-changes"),
        (Tab::Compare, t.tab_compare, state.document.scenarios.len(), "tab-compare"),
        (Tab::Goal, t.tab_goal, 0, "tab-goal"),
    ];
    // The tab list as WAI-ARIA has it: one stop for Tab (the selected tab), the arrow keys, Home and
    // End move along it and select as they go.
    let onkeydown = {
        let tab = tab.clone();
        let order: Vec<Tab> = tabs.iter().map(|(which, ..)| *which).collect();
        Callback::from(move |e: KeyboardEvent| {
            let at = order.iter().position(|t| *t == *tab).unwrap_or(0);
            let len = order.len();
            let to = match e.key().as_str() {
                "ArrowRight" => (at + 1) % len,
                "ArrowLeft" => (at + len - 1) % len,
                "Home" => 0,
                "End" => len - 1,
                _ => return,
            };
            e.prevent_default();
            tab.set(order[to]);
            // Yew delegates events to its root: the list is found from the key's target, not as the
            // event's current target.
            let list =
                e.target_dyn_into::<web_sys::Element>().and_then(|t| t.closest("[role=\"tablist\"]").ok().flatten());
            let buttons = list.map(|list| list.children());
            if let Some(button) =
                buttons.and_then(|b| b.item(to as u32)).and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = button.focus();
            }
        })
    };
    html! {
        <section class="review" aria-label={t.review}>
            <div class="review__tabs" role="tablist" {onkeydown}>
                { for tabs.iter().map(|(which, label, count, testid)| {
                    let select = { let tab = tab.clone(); let which = *which; Callback::from(move |_: MouseEvent| tab.set(which)) };
                    html! {
                        <button type="button" role="tab" class={classes!("review__tab", (*tab == *which).then_some("review__tab--active"))}
                            aria-selected={(*tab == *which).to_string()} tabindex={if *tab == *which { "0" } else { "-1" }}
                            data-testid={*testid} onclick={select}>
                            { *label }
                            if *count > 0 { <span class="review__count">{ count }</span> }
                        </button>
                    }
                }) }
            </div>
            <div class="review__body" role="tabpanel">
                { match *tab {
                    Tab::Lost => lost_points(state, &dispatch),
                    Tab::Reported => reported(state, &mismatches, &dispatch),
                    Tab::Checks => checks(state, &dispatch),
                    Tab::Changes => changes(state, &dispatch),
                    Tab::Compare => html! { <CompareView state={state.clone()} /> },
                    Tab::Goal => html! { <GoalView state={state.clone()} /> },
                } }
            </div>
        </section>
    }
}

/// A button that unfolds the row's sections and scrolls to it.
fn jump(dispatch: &Callback<Action>, id: &str, indicator: bool) -> Callback<MouseEvent> {
    let dispatch = dispatch.clone();
    let id = id.to_string();
    Callback::from(move |_| {
        dispatch.emit(Action::Reveal(id.clone()));
        jump_to_row(&id, indicator);
    })
}

fn lost_points(state: &AppState, dispatch: &Callback<Action>) -> Html {
    let t = texts(state.lang);
    if state.losses().is_empty() {
        return html! { <p class="review__empty" data-testid="lost-points">{ t.nothing_lost }</p> };
    }
    let item = |loss: &Loss| {
        let id = loss.indicator_id.as_deref().unwrap_or(&loss.node_id);
        html! {
            <li data-testid="lost-item" data-node-id={loss.node_id.clone()} data-indicator-id={loss.indicator_id.clone()}
                data-value={format_exact(loss.lost)}>
                <button type="button" class="review__jump" onclick={jump(dispatch, id, loss.indicator_id.is_some())}>{ &loss.name }</button>
                <span class="review__lost">{ format_lost(loss.lost) }</span>
                <span class="review__of">{ format!("/ {}", format_short(loss.worth)) }</span>
                <span class="review__reason">{ loss.reason.describe(state.lang) }</span>
            </li>
        }
    };
    html! {
        // Drawn anew when its length changes: Chromium kept the old items' numbers when a shorter list
        // replaced a longer one in place (2. … 5. for four items). Not on every keystroke: at 10,000
        // indicators the list is thousands of items long.
        <ol key={state.losses().len().to_string()} class="review__list" data-testid="lost-points">{ for state.losses().iter().map(item) }</ol>
    }
}

fn reported(state: &AppState, mismatches: &[&Check], dispatch: &Callback<Action>) -> Html {
    let t = texts(state.lang);
    if mismatches.is_empty() {
        return html! { <p class="review__empty" data-testid="reported-diff">{ t.reported_all_match }</p> };
    }
    html! {
        <ul class="review__list" data-testid="reported-diff">
            { for mismatches.iter().map(|check| {
                let CheckKind::ReportedMismatch { reported, computed, explained_by, .. } = &check.kind else { return Html::default() };
                // A total or subtotal by the one rule for totals, as the summary and the table show it.
                let total = check.indicator_id.is_none() && state.evaluation.root.find(&check.node_id).is_some_and(|n| n.rule().is_none());
                let decimals = state.evaluation.meta.display_decimals;
                let (reported_text, computed_text, difference_text) = if total {
                    (format_fixed(*reported, decimals), format_fixed(*computed, decimals), format_fixed_signed(*reported - *computed, decimals))
                } else {
                    (format_exact(*reported), format_short(*computed), format_signed(*reported - *computed))
                };
                html! {
                    // A row's printed score (a project table's) jumps to the row, a node's to the node.
                    <li data-testid="reported-item" data-node-id={check.node_id.clone()} data-indicator-id={check.indicator_id.clone()}
                        data-value={format_exact(*reported - *computed)}>
                        <button type="button" class="review__jump"
                            onclick={jump(dispatch, check.indicator_id.as_deref().unwrap_or(&check.node_id), check.indicator_id.is_some())}>{ &check.subject }</button>
                        <span>{ format!("{} {reported_text} · {} {computed_text}", t.col_reported, t.col_score) }</span>
                        <span class="review__lost">{ format!("{} {difference_text}", t.difference) }</span>
                        <ul class="review__culprits">
                            { for explained_by.iter().map(|c| {
                                let id = c.indicator_id.clone().unwrap_or_else(|| c.node_id.clone());
                                html! {
                                    <li data-testid="culprit" data-indicator-id={c.indicator_id.clone()} data-node-id={c.node_id.clone()}>
                                        <button type="button" class="review__jump" onclick={jump(dispatch, &id, c.indicator_id.is_some())}>{ &c.name }</button>
                                        // A row printed otherwise: by how much; else the points it lost.
                                        if let Some(gap) = c.gap {
                                            { format!(" {} {}", t.difference, format_signed(gap)) }
                                        } else {
                                            { format!(" {}", format_lost(c.lost)) }
                                            if let Some(r) = c.ratio { { format!(" ({} {})", t.col_ratio, crate::domain::num::format_percent(r, 2)) } }
                                        }
                                    </li>
                                }
                            }) }
                        </ul>
                    </li>
                }
            }) }
        </ul>
    }
}

fn checks(state: &AppState, dispatch: &Callback<Action>) -> Html {
    let t = texts(state.lang);
    let mut sorted: Vec<&Check> = state.scored.checks.iter().collect();
    sorted.sort_by_key(|c| c.severity());
    html! {
        <ul class="review__list" data-testid="checks" data-count={sorted.len().to_string()}>
            if sorted.is_empty() { <li class="review__empty">{ t.no_checks }</li> }
            { for sorted.iter().map(|check| {
                let id = check.indicator_id.clone().unwrap_or_else(|| check.node_id.clone());
                html! {
                    <li data-testid="check" data-code={check.code()} data-severity={check.severity().as_str()}
                        data-node-id={check.node_id.clone()} data-indicator-id={check.indicator_id.clone()}
                        class={format!("review__check review__check--{}", check.severity().as_str())}>
                        <button type="button" class="review__jump" onclick={jump(dispatch, &id, check.indicator_id.is_some())}>
                            { check.message(state.lang) }
                        </button>
                    </li>
                }
            }) }
        </ul>
    }
}

fn changes(state: &AppState, dispatch: &Callback<Action>) -> Html {
    let t = texts(state.lang);
    let revert_all = dispatch.reform(|_: MouseEvent| Action::RevertAll);
    // Named for what they go back to: the data the work started from, or the baseline pinned.
    let (none, revert_all_label) = match state.baseline.kind {
        BaselineKind::Unset => {
            return html! { <div data-testid="changes" data-baseline="unset"><p class="review__empty">{ t.no_baseline_changes }</p></div> }
        }
        BaselineKind::Origin => (t.no_changes_origin, t.revert_all_origin),
        BaselineKind::Pinned => (t.no_changes_pinned, t.revert_all_pinned),
    };
    html! {
        <div data-testid="changes" data-baseline={state.baseline.kind.as_str()}>
            if state.changes().is_empty() {
                <p class="review__empty">{ none }</p>
            } else {
                <ul class="review__list">
                    { for state.changes().iter().map(|change| {
                        let key = change.key();
                        let revert = dispatch.reform(move |_: MouseEvent| Action::Revert(key.clone()));
                        let owner = change.key().owner().to_string();
                        html! {
                            <li data-testid="change" data-owner={owner.clone()}>
                                <button type="button" class="review__jump" onclick={jump(dispatch, &owner, change.key().is_indicator())}>
                                    { owner_name(&state.evaluation, &owner) }
                                </button>
                                <span>{ describe_change(change, state.lang) }</span>
                                <button type="button" class="button button--small" data-testid="revert" onclick={revert}>{ t.revert }</button>
                            </li>
                        }
                    }) }
                </ul>
                <button type="button" class="button" data-testid="revert-all" onclick={revert_all}>{ revert_all_label }</button>
            }
        </div>
    }
}

fn owner_name(evaluation: &Evaluation, id: &str) -> String {
    evaluation
        .find_indicator(id)
        .map(|(_, i)| i.name.clone())
        .or_else(|| evaluation.root.find(id).map(|n| n.name.clone()))
        .unwrap_or_else(|| id.to_string())
}

/// "实际值 13 → 20".
fn describe_change(change: &InputChange, lang: Lang) -> String {
    let t = texts(lang);
    let (what, before) = edit_text(&change.before, lang);
    let (_, after) = edit_text(&change.after, lang);
    let empty = |s: String| if s.is_empty() { t.unset.to_string() } else { s };
    format!("{what}{}{} → {}", t.colon, empty(before), empty(after))
}

fn edit_text(edit: &Edit, lang: Lang) -> (&'static str, String) {
    let t = texts(lang);
    let number = |v: &Option<Decimal>| v.map(|d| d.to_string()).unwrap_or_default();
    match edit {
        Edit::Actual { value, .. } => (
            t.col_actual,
            match value {
                Some(Actual::Number(n)) => n.to_string(),
                Some(Actual::Level { level, percent }) => format!(
                    "{}{}",
                    crate::domain::scored::level_label(*level, lang),
                    percent.map(|p| format!(" {p}%")).unwrap_or_default()
                ),
                Some(Actual::Text(text)) => text.clone(),
                None => String::new(),
            },
        ),
        Edit::Target { value, .. } => (t.col_target, number(value)),
        Edit::Reason { text, .. } => (t.col_reason, text.clone()),
        Edit::NotApplicable { value, .. } => (t.not_applicable, if *value { "✓".into() } else { "✗".into() }),
        Edit::Rate { value, .. } | Edit::BandInput { value, .. } | Edit::DeductionValue { value, .. } => {
            (t.col_actual, number(value))
        }
        Edit::MonthRate { month, value, .. } => (t.month_rate, format!("#{} {}", month + 1, number(value))),
        Edit::BudgetAmount { line, field, value, .. } => {
            let what = match field {
                BudgetField::Initial => t.budget_initial,
                BudgetField::Adjusted => t.budget_adjusted,
                BudgetField::Executed => t.budget_executed,
            };
            (what, format!("#{} {}", line + 1, number(value)))
        }
        Edit::BudgetReason { text, .. } => (t.col_reason, text.clone()),
        Edit::Passed { value, .. } => (
            t.col_status,
            match value {
                Some(true) => t.passed.into(),
                Some(false) => t.failed.into(),
                None => String::new(),
            },
        ),
        Edit::ManualScore { value, .. } => (t.col_score, number(value)),
        Edit::ManualReason { text, .. } => (t.manual_reason, text.clone()),
        Edit::Reported { value, .. } => (t.col_reported, number(value)),
    }
}

#[derive(Properties)]
pub struct CompareViewProps {
    pub state: Rc<AppState>,
}

impl PartialEq for CompareViewProps {
    fn eq(&self, other: &Self) -> bool {
        same(&self.state, &other.state)
    }
}

pub fn variant_label(state: &AppState, variant: Variant) -> String {
    match variant {
        Variant::Base => texts(state.lang).base_variant.to_string(),
        Variant::Scenario(i) => state.document.scenarios.get(i).map(|s| s.name.clone()).unwrap_or_default(),
    }
}

pub fn variant_value(variant: Variant) -> String {
    match variant {
        Variant::Base => "base".into(),
        Variant::Scenario(i) => i.to_string(),
    }
}

pub fn parse_variant(value: &str) -> Variant {
    value.parse().map(Variant::Scenario).unwrap_or(Variant::Base)
}

#[function_component(CompareView)]
fn compare_view(props: &CompareViewProps) -> Html {
    let state = &props.state;
    let t = texts(state.lang);
    let dispatch = use_dispatch();
    // Before the early return below: hooks run on every render, in the same order.
    let (left, right) =
        state.comparison.as_deref().map_or((Variant::Base, Variant::Scenario(0)), |c| (c.left, c.right));
    let left_select = use_select_value(variant_value(left));
    let right_select = use_select_value(variant_value(right));
    let variants: Vec<Variant> =
        std::iter::once(Variant::Base).chain((0..state.document.scenarios.len()).map(Variant::Scenario)).collect();
    if variants.len() < 2 {
        return html! { <p class="review__empty" data-testid="comparison">{ t.need_scenarios }</p> };
    }
    let current = state.comparison.as_deref();
    let picker = |side_left: bool, selected: Variant, select: NodeRef| {
        let dispatch = dispatch.clone();
        let onchange = Callback::from(move |e: Event| {
            let picked = parse_variant(&e.target_unchecked_into::<HtmlSelectElement>().value());
            dispatch.emit(if side_left {
                Action::Compare { left: picked, right }
            } else {
                Action::Compare { left, right: picked }
            });
        });
        html! {
            <select ref={select} data-testid={if side_left { "compare-left" } else { "compare-right" }} {onchange}>
                { for variants.iter().map(|v| html! {
                    <option value={variant_value(*v)} selected={*v == selected}>{ variant_label(state, *v) }</option>
                }) }
            </select>
        }
    };
    let start = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::Compare { left, right }))
    };
    html! {
        <div class="compare" data-testid="comparison">
            <div class="compare__pickers">{ picker(true, left, left_select) }<span>{ " ⇄ " }</span>{ picker(false, right, right_select) }
                if current.is_none() { <button type="button" class="button" data-testid="compare-start" onclick={start}>{ t.compare }</button> }
            </div>
            if let Some(comparison) = current { { comparison_table(state, comparison) } }
        </div>
    }
}

fn comparison_table(state: &AppState, c: &Comparison) -> Html {
    let t = texts(state.lang);
    let decimals = state.evaluation.meta.display_decimals;
    let left = &c.left_scoring.scored;
    let right = &c.right_scoring.scored;
    let rows: Vec<(String, String, Decimal, Decimal)> =
        std::iter::once(("total".to_string(), t.total.to_string(), left.total, right.total))
            .chain(c.right_scoring.evaluation.root.children().iter().filter_map(|n| {
                Some((n.id.clone(), n.name.clone(), left.node(&n.id)?.score, right.node(&n.id)?.score))
            }))
            .chain(c.deltas.nodes.iter().filter(|(id, _)| right.node(id).is_some_and(|n| n.depth > 1)).filter_map(
                |(id, _)| {
                    Some((
                        id.clone(),
                        owner_name(&c.right_scoring.evaluation, id),
                        left.node(id)?.score,
                        right.node(id)?.score,
                    ))
                },
            ))
            .collect();
    // The indicators behind those differences, the largest first (the panel shows the top of a long list).
    let mut indicators: Vec<(String, String, Decimal, Decimal)> = c
        .deltas
        .indicators
        .iter()
        .filter_map(|(id, _)| {
            let (l, r) = (left.indicator(id)?.score, right.indicator(id)?.score);
            Some((id.clone(), owner_name(&c.right_scoring.evaluation, id), l, r))
        })
        .collect();
    indicators.sort_by_key(|(_, _, l, r)| std::cmp::Reverse((*r - *l).abs()));
    // A grade read from inputs still empty or invalid says so, on either side.
    let grade = |variant: Variant, scored: &Scored| {
        // The variant on screen may hold text that is not a number, which only the state knows of.
        let open = if variant == state.active { state.open_inputs() } else { scored.open_inputs() };
        let name = crate::i18n::grade_name(&scored.grade, state.lang);
        if open.is_empty() {
            name.to_string()
        } else {
            format!("{name}{}", t.aside(open.provisional_note(state.lang)))
        }
    };
    let row = |is_node: bool, (id, name, l, r): &(String, String, Decimal, Decimal)| {
        let testid = if is_node { "compare-row" } else { "compare-indicator" };
        let (node, indicator) = if is_node { (Some(id.clone()), None) } else { (None, Some(id.clone())) };
        // A node to its display places, as in the table; an indicator's share as the table shows it.
        let shown = |d: Decimal| if is_node { format_fixed(d, decimals) } else { format_short(d) };
        let signed = |d: Decimal| if is_node { format_fixed_signed(d, decimals) } else { format_signed(d) };
        html! {
            <tr data-testid={testid} data-node-id={node} data-indicator-id={indicator}
                class={(!is_node).then_some("compare__indicator")}>
                <td>{ name }</td>
                <td class="num">{ shown(*l) }</td>
                <td class="num">{ shown(*r) }</td>
                <td class={classes!("num", delta_class(*r - *l))} data-value={format_exact(*r - *l)}>{ signed(*r - *l) }</td>
            </tr>
        }
    };
    html! {
        <table class="compare__table">
            <thead><tr>
                <th>{ t.col_item }</th><th>{ variant_label(state, c.left) }</th><th>{ variant_label(state, c.right) }</th><th>{ t.difference }</th>
            </tr></thead>
            <tbody>
                { for rows.iter().map(|r| row(true, r)) }
                <tr data-testid="compare-grade"><td>{ t.grade }</td><td>{ grade(c.left, left) }</td><td>{ grade(c.right, right) }</td><td></td></tr>
            </tbody>
            if !indicators.is_empty() {
                <tbody data-testid="compare-indicators">
                    <tr><th colspan="4" scope="rowgroup">{ t.compare_indicators }</th></tr>
                    { for indicators.iter().map(|r| row(false, r)) }
                </tbody>
            }
        </table>
    }
}

/// A what-if's change to a row's score, beside it.
pub fn delta_span(delta: Decimal, testid: &'static str) -> Html {
    delta_text(delta, format_signed(delta), testid)
}

/// A what-if's change to a total or subtotal (a group's), by the one rule for totals: as the summary
/// says the total's.
pub fn total_delta_span(delta: Decimal, decimals: u32, testid: &'static str) -> Html {
    delta_text(delta, format_fixed_signed(delta, decimals), testid)
}

fn delta_text(delta: Decimal, text: String, testid: &'static str) -> Html {
    html! { <span class={classes!("delta", delta_class(delta))} data-testid={testid} data-value={format_exact(delta)}>{ text }</span> }
}

pub fn delta_class(delta: Decimal) -> &'static str {
    match delta.cmp(&Decimal::ZERO) {
        std::cmp::Ordering::Greater => "delta--up",
        std::cmp::Ordering::Less => "delta--down",
        std::cmp::Ordering::Equal => "delta--same",
    }
}

#[derive(Properties)]
pub struct GoalViewProps {
    pub state: Rc<AppState>,
}

impl PartialEq for GoalViewProps {
    fn eq(&self, other: &Self) -> bool {
        same(&self.state, &other.state)
    }
}

#[function_component(GoalView)]
fn goal_view(props: &GoalViewProps) -> Html {
    let state = &props.state;
    let t = texts(state.lang);
    let dispatch = use_dispatch();
    let solvable: Vec<(&str, &str, &str)> = state
        .evaluation
        .root
        .walk()
        .flat_map(|n| n.indicators().iter().map(move |i| (n, i)))
        .filter(|(_, i)| {
            i.direction != Direction::Qualitative && !i.not_applicable && i.target.is_some_and(|t| t > Decimal::ZERO)
        })
        .map(|(n, i)| (i.id.as_str(), i.name.as_str(), n.name.as_str()))
        .collect();
    // Two lists can hold indicators of the same name (享受社保补贴人数): those say whose they are.
    let mut named = std::collections::HashMap::new();
    for (_, name, _) in &solvable {
        *named.entry(*name).or_insert(0) += 1;
    }
    let candidates: Vec<(String, String)> = solvable
        .iter()
        .map(|(id, name, list)| {
            let shared = named[name] > 1;
            let label = if shared { format!("{name}{}", t.aside(list)) } else { name.to_string() };
            (id.to_string(), label)
        })
        .collect();
    let asked = state.goal_answer();
    let query: Option<&GoalQuery> = asked.map(|(query, _)| query);
    // It starts on the indicator that lost the most (that is where a goal is most likely sought).
    let most_lost = candidates
        .iter()
        .max_by_key(|(id, _)| state.scored.indicator(id).map(|r| r.lost).unwrap_or_default())
        .map(|c| c.0.clone());
    let indicator = use_state(|| {
        query
            .map(|q| q.indicator.clone())
            .or(most_lost)
            .or_else(|| candidates.first().map(|c| c.0.clone()))
            .unwrap_or_default()
    });

    let indicator_select = use_select_value((*indicator).clone());
    let goal_text = use_state(|| query.map(|q| q.goal.to_string()).unwrap_or_else(|| "90".into()));
    let goal_error = parse_number(&goal_text).err().map(|e| e.message(state.lang));
    let on_indicator = {
        let indicator = indicator.clone();
        Callback::from(move |e: Event| indicator.set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let on_goal = {
        let goal_text = goal_text.clone();
        Callback::from(move |e: InputEvent| goal_text.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let typed_goal = parse_number(&goal_text).ok().flatten();
    let seek = {
        let dispatch = dispatch.clone();
        let indicator = indicator.clone();
        let goal_text = goal_text.clone();
        // The box shows the goal asked, also when a grade's button asked it.
        Callback::from(move |goal: Decimal| {
            goal_text.set(goal.to_string());
            dispatch.emit(Action::GoalSeek { indicator: (*indicator).clone(), goal });
        })
    };
    let solve = |goal: Option<Decimal>| {
        let seek = seek.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(goal) = goal {
                seek.emit(goal);
            }
        })
    };
    let on_goal_key = {
        let seek = seek.clone();
        Callback::from(move |e: KeyboardEvent| {
            if let (true, Some(goal)) = (e.key() == "Enter", typed_goal) {
                seek.emit(goal);
            }
        })
    };
    // An answer to another question than the one on screen (the goal or the indicator changed since)
    // would read as this one's: it shows again once asked.
    let answered = asked.filter(|(q, _)| Some(q.goal) == typed_goal && q.indicator == *indicator);
    let excellent = state.evaluation.meta.grade_bands.iter().max_by_key(|b| b.min).map(|b| (b.grade.clone(), b.min));
    let apply = dispatch.reform(|_: MouseEvent| Action::ApplyGoal);
    // After every hook (hooks run in the same order on every render): nothing to seek is said plainly.
    if candidates.is_empty() {
        return html! { <p class="review__empty" data-testid="goal-nothing">{ t.goal_nothing }</p> };
    }
    html! {
        <div class="goal" data-testid="goal-seek">
            <label>{ t.indicator }
                <select ref={indicator_select} data-testid="goal-indicator" onchange={on_indicator}>
                    { for candidates.iter().map(|(id, name)| html! { <option value={id.clone()} selected={*id == *indicator}>{ name }</option> }) }
                </select>
            </label>
            <label>{ t.goal_total }
                <input type="text" inputmode="decimal" data-testid="goal-total" value={(*goal_text).clone()} oninput={on_goal}
                    onkeydown={on_goal_key} aria-invalid={goal_error.is_some().to_string()} />
            </label>
            <button type="button" class="button button--primary" data-testid="goal-solve" onclick={solve(typed_goal)}>{ t.goal_solve }</button>
            if let Some((grade, min)) = excellent {
                <button type="button" class="button" data-testid="goal-grade" onclick={solve(Some(min))}>{ format!("{} {}", t.goal_reach_grade, crate::i18n::grade_name(&grade, state.lang)) }</button>
            }
            if let Some(message) = goal_error { <span class="num-cell__error" data-testid="goal-error">{ message }</span> }
            if let Some((query, answer)) = answered {
                <div class="goal__answer" data-testid="goal-answer" data-indicator-id={query.indicator.clone()}>
                    { goal_answer(state, &query.indicator, answer) }
                    if matches!(answer, Ok(GoalSeek::Reachable { .. } | GoalSeek::Unreachable { .. })) {
                        <button type="button" class="button" data-testid="goal-apply" onclick={apply}>{ t.goal_apply }</button>
                    }
                </div>
            }
        </div>
    }
}

fn goal_answer(state: &AppState, indicator: &str, answer: &Result<GoalSeek, GoalError>) -> Html {
    let t = texts(state.lang);
    let name = owner_name(&state.evaluation, indicator);
    match answer {
        Ok(GoalSeek::Reachable { actual, at_least, total }) => {
            let unit = state.evaluation.find_indicator(indicator).map(|(_, i)| i.unit.clone()).unwrap_or_default();
            let whole = crate::domain::whatif::in_units(&unit, *actual, *at_least);
            let sign = if *at_least { "≥" } else { "≤" };
            // In whole people (or boats, events…), with the exact figure beside it.
            let needs = if whole == *actual {
                format!("{sign} {}{unit}", format_exact(*actual))
            } else {
                format!(
                    "{sign} {}{unit}{}",
                    format_exact(whole),
                    t.aside(format!("{} {}", t.goal_exact, format_exact(*actual)))
                )
            };
            html! {
                <span data-testid="goal-result" data-status="reachable" data-value={format_exact(*actual)} data-whole={format_exact(whole)}>
                    { format!("{name}{}{} {needs}{}", t.colon, t.goal_needs, t.aside(format!("{} {}", t.total, format_fixed(*total, state.evaluation.meta.display_decimals)))) }
                </span>
            }
        }
        Ok(GoalSeek::Always { total }) => html! {
            <span data-testid="goal-result" data-status="always" data-value="">{ format!("{name}{}{}{}", t.colon, t.goal_always, t.aside(format!("{} {}", t.total, format_fixed(*total, state.evaluation.meta.display_decimals)))) }</span>
        },
        Ok(GoalSeek::Unreachable { best_actual, best_total }) => html! {
            <span data-testid="goal-result" data-status="unreachable" data-value={format_exact(*best_total)}>
                { format!("{}{}{} {}{}", t.goal_unreachable, t.colon, t.goal_best, format_fixed(*best_total, state.evaluation.meta.display_decimals), t.aside(format!("{} {}", t.col_actual, format_exact(*best_actual)))) }
            </span>
        },
        Err(error) => {
            html! { <span data-testid="goal-result" data-status="error" class="num-cell__error">{ error.message(state.lang) }</span> }
        }
    }
}
