//! The evaluation as one table, in the tree's order: node rows with their points and scores, the
//! indicator rows of each list, and the inputs of each leaf. Sections fold.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use yew::prelude::*;

use super::indicator_row::IndicatorRow;
use super::review::{delta_class, signed};
use super::rule_input::{rule_outcome, ManualReason, MonthsRow, RuleInput};
use super::structure_controls::{NodeControls, NodePoints};
use super::{short_decimal, use_dispatch};
use crate::app::i18n::texts;
use crate::app::state::{Action, Cell, Draft};
use crate::domain::checks::half_display_unit;
use crate::domain::num::{format_exact, format_fixed};
use crate::domain::structure::node_has_data;
use crate::domain::whatif::Deltas;
use crate::domain::{Evaluation, Lang, Node, NodeResult, Rule, Scored, Status};

#[derive(Properties, PartialEq)]
pub struct ScoreTableProps {
    pub evaluation: Rc<Evaluation>,
    pub scored: Rc<Scored>,
    pub drafts: Rc<BTreeMap<Cell, Draft>>,
    pub collapsed: Rc<BTreeSet<String>>,
    pub deltas: Rc<Deltas>,
    pub lang: Lang,
    #[prop_or_default]
    pub editing: bool,
}

#[function_component(ScoreTable)]
pub fn score_table(props: &ScoreTableProps) -> Html {
    let t = texts(props.lang);
    let nodes: Vec<&Node> = props.evaluation.root.walk().collect();
    let mut rows: Vec<Html> = Vec::with_capacity(nodes.len() * 2);
    let mut indicator_start = 0;
    // Pre-order with depths: a folded node hides every following node deeper than itself.
    let mut folded_at: Option<usize> = None;
    for (node, result) in nodes.iter().zip(props.scored.nodes.iter()) {
        let indicators = node.indicators();
        let range = indicator_start..indicator_start + indicators.len();
        indicator_start = range.end;
        if folded_at.is_some_and(|depth| result.depth > depth) {
            continue;
        }
        folded_at = None;
        let collapsed = props.collapsed.contains(&node.id);
        if collapsed {
            folded_at = Some(result.depth);
        }
        rows.push(node_row(props, node, result, collapsed));
        if collapsed {
            continue;
        }
        if let Some(Rule::MonthlyExecution { .. }) = node.rule() {
            rows.push(html! {
                <MonthsRow node={Rc::new((*node).clone())} result={result.clone()} drafts={props.drafts.clone()} lang={props.lang} />
            });
        }
        for (indicator, indicator_result) in indicators.iter().zip(&props.scored.indicators[range]) {
            rows.push(html! {
                <IndicatorRow key={indicator.id.clone()} indicator={indicator.clone()} result={indicator_result.clone()}
                    depth={result.depth + 1} lang={props.lang} delta={props.deltas.indicator(&indicator.id)}
                    editing={props.editing}
                    target_draft={props.drafts.get(&Cell::Target(indicator.id.clone())).cloned()}
                    actual_draft={props.drafts.get(&Cell::Actual(indicator.id.clone())).cloned()}
                    percent_draft={props.drafts.get(&Cell::LevelPercent(indicator.id.clone())).cloned()} />
            });
        }
    }
    html! {
        <table class="score-table" data-testid="score-table">
            <thead>
                <tr>
                    <th scope="col">{ t.col_item }</th>
                    <th scope="col">{ t.col_points }</th>
                    <th scope="col">{ t.col_target }</th>
                    <th scope="col">{ t.col_actual }</th>
                    <th scope="col">{ t.col_ratio }</th>
                    <th scope="col">{ t.col_score }</th>
                    <th scope="col">{ t.col_reported }</th>
                    <th scope="col">{ t.col_lost }</th>
                    <th scope="col">{ t.col_status }</th>
                    <th scope="col">{ t.col_reason }</th>
                </tr>
            </thead>
            <tbody>{ for rows }</tbody>
        </table>
    }
}

fn node_row(props: &ScoreTableProps, node: &Node, result: &NodeResult, collapsed: bool) -> Html {
    html! {
        <NodeRow key={node.id.clone()} node={Rc::new(node.clone())} result={result.clone()} {collapsed}
            delta={props.deltas.node(&node.id)} editing={props.editing} is_root={result.parent.is_none()}
            drafts={props.drafts.clone()} lang={props.lang} decimals={props.evaluation.meta.display_decimals} />
    }
}

#[derive(Properties, PartialEq)]
pub struct NodeRowProps {
    pub node: Rc<Node>,
    pub result: NodeResult,
    pub collapsed: bool,
    pub drafts: Rc<BTreeMap<Cell, Draft>>,
    pub lang: Lang,
    pub decimals: u32,
    pub delta: Option<rust_decimal::Decimal>,
    pub editing: bool,
    pub is_root: bool,
}

#[function_component(NodeRow)]
pub fn node_row_view(props: &NodeRowProps) -> Html {
    let t = texts(props.lang);
    let dispatch = use_dispatch();
    let NodeRowProps { node, result, lang, .. } = props;
    let foldable = !node.children().is_empty()
        || !node.indicators().is_empty()
        || matches!(node.rule(), Some(Rule::MonthlyExecution { .. }));
    let is_group = node.rule().is_none();
    // Subtotals print at the report's precision (49.998); item scores exactly (4.99915).
    let shown = |value| if is_group { format_fixed(value, props.decimals) } else { short_decimal(value) };
    let differs = result.difference.is_some_and(|d| d.abs() > half_display_unit(props.decimals));
    let toggle = {
        let id = node.id.clone();
        dispatch.reform(move |_: MouseEvent| Action::ToggleCollapsed(id.clone()))
    };
    let indent = format!("padding-left: {:.1}em", 0.2 + result.depth as f32 * 1.2);
    let status = match (&result.error, result.status) {
        (Some(error), _) => html! { <span class="score-table__error">{ error.message(*lang) }</span> },
        (None, Status::Pending) => html! { <span class="badge badge--pending">{ t.unset }</span> },
        _ => Html::default(),
    };
    html! {
        <tr class={classes!("score-table__row", format!("score-table__row--depth-{}", result.depth.min(3)),
                is_group.then_some("score-table__row--group"), differs.then_some("score-table__row--differs"))}
            data-testid="node" data-node-id={node.id.clone()}>
            <td class="score-table__name" style={indent}>
                if foldable {
                    <button type="button" class="fold" aria-expanded={(!props.collapsed).to_string()}
                        aria-label={if props.collapsed { t.expand } else { t.collapse }} onclick={toggle} data-testid="fold">
                        { if props.collapsed { "▸" } else { "▾" } }
                    </button>
                }
                <span class="score-table__label" data-testid="node-name" title={node.note.clone()}>{ &node.name }</span>
                if props.editing {
                    <NodeControls node={node.clone()} is_root={props.is_root} has_data={node_has_data(node)} lang={*lang} />
                }
            </td>
            <td class="num" data-testid="node-points" data-value={format_exact(result.points)}>
                if props.editing {
                    <NodePoints node_id={node.id.clone()} points={node.points} lang={*lang} />
                } else {
                    { format_exact(result.points) }
                }
            </td>
            <td></td>
            <td class="score-table__actual">
                if node.rule().is_some() {
                    <RuleInput node={node.clone()} result={result.clone()} drafts={props.drafts.clone()} lang={*lang} />
                }
            </td>
            <td class="num">{ rule_outcome(node, result, *lang) }</td>
            <td class="num score-table__score">
                <span data-testid="node-score" data-value={format_exact(result.score)}>{ shown(result.score) }</span>
                if let Some(delta) = props.delta {
                    <span class={classes!("delta", delta_class(delta))} data-testid="node-delta" data-value={format_exact(delta)}>{ signed(delta) }</span>
                }
            </td>
            <td class={classes!("num", differs.then_some("score-table__reported--differs"))} data-testid="node-reported"
                data-value={result.reported.map(format_exact).unwrap_or_default()}
                title={if differs { t.reported_differs } else { "" }}>
                { result.reported.map(format_exact).unwrap_or_default() }
                if differs { <span class="score-table__flag" data-testid="reported-flag" aria-label={t.reported_differs}>{ " ≠" }</span> }
            </td>
            <td class="num" data-testid="node-lost" data-value={format_exact(result.lost)}>
                { if result.lost.is_zero() { String::new() } else { shown(result.lost) } }
            </td>
            <td>{ status }</td>
            <td>
                if let Some(Rule::Manual { reason, .. }) = node.rule() {
                    <ManualReason node_id={node.id.clone()} reason={reason.clone()} lang={*lang} />
                }
            </td>
        </tr>
    }
}
