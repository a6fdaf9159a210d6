//! The evaluation as one table, in the tree's order: node rows with their points and scores, the
//! indicator rows of each list, and the inputs of each leaf. Sections fold. A table of more than
//! `WINDOW_FROM` lines draws only the chunks near the viewport (`app::window`).

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;

use gloo::render::{request_animation_frame, AnimationFrame};
use yew::prelude::*;

use super::indicator_row::IndicatorRow;
use super::review::{delta_span, total_delta_span};
use super::row_window::use_row_window;
use super::rule_input::{rule_outcome, GridRow, ManualReason, RuleInput};
use super::structure_controls::{NodeControls, NodeNumber, NodeNumberField};
use super::{same, use_dispatch, use_height_property};
use crate::app::state::{Action, Drafts, NodeDrafts};
use crate::app::window::{CHUNK, DEFAULT_LINE_PX, FIRST_FRAME_LINES, WINDOW_FROM};
use crate::domain::checks::printed_differs;
use crate::domain::num::{format_exact, format_fixed, format_short};
use crate::domain::structure::node_has_data;
use crate::domain::whatif::Deltas;
use crate::domain::InputKey;
use crate::domain::{
    Actual, Direction, Evaluation, Indicator, IndicatorResult, Lang, LevelBand, Node, NodeBody, NodeResult,
    QualitativeBands, Rule, Scored, Status,
};
use crate::i18n::texts;

#[derive(Properties)]
pub struct ScoreTableProps {
    pub evaluation: Rc<Evaluation>,
    pub scored: Rc<Scored>,
    pub drafts: Rc<Drafts>,
    pub collapsed: Rc<BTreeSet<String>>,
    pub deltas: Rc<Deltas>,
    pub lang: Lang,
    #[prop_or_default]
    pub editing: bool,
    /// The row last jumped to: drawn even when the table is windowed and it is far from view.
    #[prop_or_default]
    pub revealed: Option<String>,
    /// A row just added, whose name box takes the focus.
    #[prop_or_default]
    pub focus: Option<String>,
}

impl PartialEq for ScoreTableProps {
    fn eq(&self, other: &Self) -> bool {
        same(&self.evaluation, &other.evaluation)
            && same(&self.scored, &other.scored)
            && same(&self.drafts, &other.drafts)
            && same(&self.collapsed, &other.collapsed)
            && same(&self.deltas, &other.deltas)
            && self.lang == other.lang
            && self.editing == other.editing
            && self.revealed == other.revealed
    }
}

/// One line of the table before it is drawn: every line is listed (borrowed, cheap), only the ones
/// that will be seen become rows.
enum Line<'a> {
    Node {
        node: &'a Node,
        result: &'a NodeResult,
        collapsed: bool,
    },
    /// The grid of inputs under an item: its months, or its funds block.
    Grid {
        node: &'a Node,
        result: &'a NodeResult,
    },
    Indicator {
        indicator: &'a Indicator,
        result: &'a IndicatorResult,
        depth: usize,
        /// Its 二级指标, where it starts a run of rows that share it (the printed table merges them).
        category: Option<&'a str>,
        /// Its list's qualitative bands (the defaults where the list sets none).
        bands: Option<&'a QualitativeBands>,
    },
}

impl Line<'_> {
    fn id(&self) -> &str {
        match self {
            Line::Node { node, .. } | Line::Grid { node, .. } => &node.id,
            Line::Indicator { indicator, .. } => &indicator.id,
        }
    }
}

/// A category as its list's rows show it: "产出指标/数量指标" under 产出指标 is 数量指标 (the 一级 is the
/// list's own row); any other is shown whole.
fn second_level<'a>(category: &'a str, list: &str) -> &'a str {
    match category.split_once('/') {
        Some((first, second)) if list.contains(first.trim_end_matches("指标")) => second,
        _ => category,
    }
}

/// The bands a list without its own takes (SCORING.md: 80/60).
static DEFAULT_BANDS: std::sync::LazyLock<QualitativeBands> = std::sync::LazyLock::new(QualitativeBands::default);

/// A qualitative row's chosen level's band.
fn chosen_band(indicator: &Indicator, bands: Option<&QualitativeBands>) -> Option<LevelBand> {
    match (&indicator.actual, bands) {
        (Some(Actual::Level { level, .. }), Some(bands)) if indicator.direction == Direction::Qualitative => {
            Some(bands.band(*level).clone())
        }
        _ => None,
    }
}

/// The visible lines in the tree's order: a folded node hides every following node deeper than
/// itself (pre-order with depths).
fn lines<'a>(evaluation: &'a Evaluation, scored: &'a Scored, collapsed: &BTreeSet<String>) -> Vec<Line<'a>> {
    let mut lines = Vec::with_capacity(scored.nodes.len() + scored.indicators.len());
    let mut indicator_start = 0;
    let mut folded_at: Option<usize> = None;
    for (node, result) in evaluation.root.walk().zip(scored.nodes.iter()) {
        let indicators = node.indicators();
        let range = indicator_start..indicator_start + indicators.len();
        indicator_start = range.end;
        if folded_at.is_some_and(|depth| result.depth > depth) {
            continue;
        }
        let collapsed = collapsed.contains(&node.id);
        folded_at = collapsed.then_some(result.depth);
        lines.push(Line::Node { node, result, collapsed });
        if collapsed {
            continue;
        }
        if let Some(Rule::MonthlyExecution { .. } | Rule::Budget { .. }) = node.rule() {
            lines.push(Line::Grid { node, result });
        }
        let depth = result.depth + 1;
        let bands = match node.rule() {
            Some(Rule::Indicators { qualitative_bands, .. }) => {
                Some(qualitative_bands.as_ref().unwrap_or(&DEFAULT_BANDS))
            }
            _ => None,
        };
        let results = scored.indicators.get(range).unwrap_or_default();
        let mut previous: Option<&str> = None;
        lines.extend(indicators.iter().zip(results).map(|(indicator, result)| {
            let category = indicator.category.as_str();
            let starts = previous != Some(category);
            previous = Some(category);
            Line::Indicator {
                indicator,
                result,
                depth,
                category: starts.then(|| second_level(category, &node.name)),
                bands,
            }
        }));
    }
    lines
}

#[function_component(ScoreTable)]
pub fn score_table(props: &ScoreTableProps) -> Html {
    let t = texts(props.lang);
    let lines = lines(&props.evaluation, &props.scored, &props.collapsed);
    let table_ref = use_node_ref();
    let head = use_height_property("--table-head-height");
    let window = use_row_window(table_ref.clone(), lines.len(), WINDOW_FROM);
    let windowed = window.windowed;
    // The first frame draws the table's top (FIRST_FRAME_LINES), the rest follows once it is on screen.
    // (Printing draws every line: the window is not windowed then.)
    let whole = use_state_eq(|| false);
    let partial = !*whole && !windowed && lines.len() > FIRST_FRAME_LINES;
    {
        let whole = whole.clone();
        use_effect_with((), move |_| {
            // Drawn in the frame after the first: that one is on screen by then.
            let next: Rc<RefCell<Option<AnimationFrame>>> = Rc::default();
            let slot = next.clone();
            let first = request_animation_frame(move |_| {
                *slot.borrow_mut() = Some(request_animation_frame(move |_| whole.set(true)));
            });
            move || drop((first, next))
        });
    }

    let draw = |line: &Line| match *line {
        Line::Node { node, result, collapsed } => node_row(props, node, result, collapsed),
        Line::Grid { node, result } => html! {
            <GridRow key={format!("{}/grid", node.id)} node={row_node(node)} result={result.clone()}
                drafts={node_drafts(props, node)} lang={props.lang} />
        },
        Line::Indicator { indicator, result, depth, category, bands } => html! {
            <IndicatorRow key={indicator.id.clone()} indicator={indicator.clone()} result={result.clone()}
                category={category.map(|c| AttrValue::from(c.to_string()))}
                focus={props.focus.as_deref() == Some(indicator.id.as_str())}
                {depth} lang={props.lang} delta={props.deltas.indicator(&indicator.id)} decimals={props.evaluation.meta.display_decimals}
                editing={props.editing}
                target_draft={props.drafts.get(&InputKey::Target(indicator.id.clone())).cloned()}
                actual_draft={props.drafts.get(&InputKey::Actual(indicator.id.clone())).cloned()}
                percent_draft={props.drafts.get(&InputKey::LevelPercent(indicator.id.clone())).cloned()}
                points_draft={indicator.points.and_then(|_| props.drafts.get(&InputKey::RowPoints(indicator.id.clone())).cloned())}
                band={chosen_band(indicator, bands)} />
        },
    };
    // Chunks of lines. Windowed, the chunks far from the viewport stand in as one empty row of their
    // height.
    let revealed = props.revealed.as_deref().and_then(|id| lines.iter().position(|line| line.id() == id));
    let chunk = |(i, chunk): (usize, &[Line])| {
        if window.draws(i) || revealed.is_some_and(|line| line / CHUNK == i) {
            html! { <tbody key={i} data-chunk={i.to_string()}>{ for chunk.iter().map(draw) }</tbody> }
        } else {
            window.gap(i, 10, "score-table__gap")
        }
    };
    let body = if partial {
        let (top, rest) = lines.split_at(FIRST_FRAME_LINES);
        html! {
            <>
                <tbody key={0} data-chunk="0">{ for top.iter().map(draw) }</tbody>
                <tbody key="rest" class="score-table__gap" aria-hidden="true">
                    <tr><td colspan="10" style={format!("height: {}px", rest.len() * DEFAULT_LINE_PX as usize)}></td></tr>
                </tbody>
            </>
        }
    } else {
        html! { <>{ for lines.chunks(CHUNK).enumerate().map(chunk) }</> }
    };
    // In a box that scrolls sideways on a phone, the names staying in view (styles/table.css).
    html! {
        <div class="table-scroll">
        <table class="score-table" data-testid="score-table" ref={table_ref}
            data-indicators={props.scored.indicators.len().to_string()} data-windowed={windowed.to_string()}
            data-partial={partial.then_some("true")}>
            <thead ref={head}>
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
            { body }
        </table>
        </div>
    }
}

/// The node as its own row needs it: without its children and indicators, which have rows of their
/// own. (Cloning and comparing a list of 1,000 indicators for its heading row was most of a keystroke.)
fn row_node(node: &Node) -> Rc<Node> {
    let body = match &node.body {
        NodeBody::Group(_) => NodeBody::Group(Vec::new()),
        NodeBody::Leaf(Rule::Indicators { at_most_scoring, qualitative_bands, .. }) => {
            NodeBody::Leaf(Rule::Indicators {
                at_most_scoring: *at_most_scoring,
                qualitative_bands: qualitative_bands.clone(),
                indicators: Vec::new(),
            })
        }
        NodeBody::Leaf(rule) => NodeBody::Leaf(rule.clone()),
    };
    Rc::new(Node {
        id: node.id.clone(),
        name: node.name.clone(),
        points: node.points,
        reported: node.reported,
        note: node.note.clone(),
        body,
    })
}

fn node_row(props: &ScoreTableProps, node: &Node, result: &NodeResult, collapsed: bool) -> Html {
    // A capped total's root row shows it capped (`Scored::shown`).
    let capped = props.scored.shown(result);
    let result = capped.as_ref().unwrap_or(result);
    let foldable = !node.children().is_empty()
        || !node.indicators().is_empty()
        || matches!(node.rule(), Some(Rule::MonthlyExecution { .. }));
    html! {
        <NodeRow key={node.id.clone()} node={row_node(node)} result={result.clone()} {collapsed} {foldable}
            has_children={!node.children().is_empty()} has_data={props.editing && node_has_data(node)}
            delta={props.deltas.node(&node.id)} editing={props.editing} is_root={result.parent.is_none()}
            drafts={node_drafts(props, node)} lang={props.lang} decimals={props.evaluation.meta.display_decimals} />
    }
}

fn node_drafts(props: &ScoreTableProps, node: &Node) -> NodeDrafts {
    NodeDrafts { node: node.id.clone(), all: props.drafts.clone() }
}

#[derive(Properties, PartialEq)]
pub struct NodeRowProps {
    pub node: Rc<Node>,
    pub result: NodeResult,
    pub collapsed: bool,
    pub drafts: NodeDrafts,
    pub lang: Lang,
    pub decimals: u32,
    pub delta: Option<rust_decimal::Decimal>,
    pub editing: bool,
    pub is_root: bool,
    /// Has rows below it to fold.
    pub foldable: bool,
    pub has_children: bool,
    /// Removing it would lose entered values (worked out only while editing the structure).
    pub has_data: bool,
}

#[function_component(NodeRow)]
pub fn node_row_view(props: &NodeRowProps) -> Html {
    let t = texts(props.lang);
    let dispatch = use_dispatch();
    let NodeRowProps { node, result, lang, .. } = props;
    let is_group = node.rule().is_none();
    // Subtotals print at the report's precision (49.998); item scores exactly (4.99915).
    let shown = |value| if is_group { format_fixed(value, props.decimals) } else { format_short(value) };
    let differs = result.difference.is_some_and(|d| printed_differs(d, props.decimals));
    let toggle = {
        let id = node.id.clone();
        dispatch.reform(move |_: MouseEvent| Action::ToggleCollapsed(id.clone()))
    };
    let indent = super::indent_style(2, result.depth);
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
                if props.foldable {
                    <button type="button" class="fold" aria-expanded={(!props.collapsed).to_string()}
                        aria-label={if props.collapsed { t.expand } else { t.collapse }} onclick={toggle} data-testid="fold">
                        { if props.collapsed { "▸" } else { "▾" } }
                    </button>
                }
                <span class="score-table__label" data-testid="node-name" title={node.note.clone()}>{ &node.name }</span>
                if props.editing { { node_controls(props) } }
            </td>
            <td class="num" data-testid="node-points" data-value={format_exact(result.points)}>
                if props.editing {
                    { node_number(node, NodeNumberField::Points, *lang) }
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
                    if is_group { { total_delta_span(delta, props.decimals, "node-delta") } } else { { delta_span(delta, "node-delta") } }
                }
            </td>
            <td class={classes!("num", differs.then_some("score-table__reported--differs"))} data-testid="node-reported"
                data-value={result.reported.map(format_exact).unwrap_or_default()}
                title={if differs { t.reported_differs } else { "" }}>
                if props.editing {
                    { node_number(node, NodeNumberField::Reported, *lang) }
                } else {
                    // As the computed score beside it: a group's to its display places (48.000 by 48.000).
                    { result.reported.map(shown).unwrap_or_default() }
                }
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

fn node_controls(props: &NodeRowProps) -> Html {
    html! {
        <NodeControls node={props.node.clone()} is_root={props.is_root} has_children={props.has_children}
            has_data={props.has_data} lang={props.lang} />
    }
}

fn node_number(node: &Node, field: NodeNumberField, lang: Lang) -> Html {
    let value = match field {
        NodeNumberField::Points => Some(node.points),
        NodeNumberField::Reported => node.reported,
    };
    html! { <NodeNumber node_id={node.id.clone()} {field} {value} {lang} /> }
}
