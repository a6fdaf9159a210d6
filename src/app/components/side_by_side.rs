//! Two evaluations of the desk side by side (并排比较, issue 20): a dialog over the desk, which stays
//! where it was underneath. The rows and their matching are `domain::review::side`'s; this draws them.

use std::rc::Rc;

use rust_decimal::Decimal;
use yew::prelude::*;

use super::modal::{escape_closes, focus_wrap, use_focus_given_back};
use super::review::delta_class;
use crate::app::desk::DeskEntry;
use crate::domain::num::{format_exact, format_fixed, format_fixed_signed, format_short, format_signed};
use crate::domain::review::side::{CellState, Matching, Presence, Side, SideBySide, SideCell, SideHead, SideRow};
use crate::domain::{score, Lang};
use crate::i18n::{grade_name, texts};

#[derive(Properties)]
pub struct SideBySideViewProps {
    pub left: Rc<DeskEntry>,
    pub right: Rc<DeskEntry>,
    pub lang: Lang,
    pub on_close: Callback<()>,
    pub on_swap: Callback<()>,
}

impl PartialEq for SideBySideViewProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.left, &other.left) && Rc::ptr_eq(&self.right, &other.right) && self.lang == other.lang
    }
}

/// The two scored and matched: once per pair of entries as they are (an entry taken back from the
/// calculator is a new `Rc`).
fn compare(left: &DeskEntry, right: &DeskEntry) -> Option<SideBySide> {
    let (left, right) = (left.assessed()?, right.assessed()?);
    let (left_scored, right_scored) = (score(&left.evaluation), score(&right.evaluation));
    Some(SideBySide::new(
        Side { evaluation: &left.evaluation, scored: &left_scored },
        Side { evaluation: &right.evaluation, scored: &right_scored },
    ))
}

#[function_component(SideBySideView)]
pub fn side_by_side_view(props: &SideBySideViewProps) -> Html {
    let lang = props.lang;
    let t = texts(lang).side;
    let compared = {
        let (left, right) = (props.left.clone(), props.right.clone());
        use_memo((Rc::as_ptr(&left) as usize, Rc::as_ptr(&right) as usize), move |_| compare(&left, &right))
    };
    let by_difference = use_state(|| false);
    let dialog = use_node_ref();
    // Tab stays in the dialog (it is modal): past its end back to 左右互换, before its start to 关闭.
    let swap_button = use_node_ref();
    let close_button = use_node_ref();
    // Opened, the dialog takes the focus (its keys are Escape's); closed, the focus goes back where it
    // was (the compare button), or to the compare button if that is gone. Remembered first: the
    // effects run in this order.
    use_focus_given_back("desk-compare");
    {
        let dialog = dialog.clone();
        use_effect_with((), move |_| {
            if let Some(dialog) = dialog.cast::<web_sys::HtmlElement>() {
                let _ = dialog.focus();
            }
        });
    }
    let onkeydown = escape_closes(props.on_close.clone());
    let Some(side) = compared.as_ref() else { return html! {} };
    let toggle_order = {
        let by_difference = by_difference.clone();
        Callback::from(move |_: MouseEvent| by_difference.set(!*by_difference))
    };
    let rows: Vec<&SideRow> = if *by_difference { side.by_difference() } else { side.rows.iter().collect() };
    let largest = side.largest();
    let matching = match side.matching {
        Matching::ById => t.matched_by_id,
        Matching::ByName => t.matched_by_name,
    };
    html! {
        <div class="side-overlay">
            { focus_wrap(&close_button) }
            <section class="side" role="dialog" aria-modal="true" aria-labelledby="side-title" tabindex="-1" ref={dialog} {onkeydown}
                data-testid="desk-side-by-side" data-left={props.left.file_name.clone()} data-right={props.right.file_name.clone()}
                data-matching={side.matching.as_str()}>
                <div class="side__bar">
                    <h2 class="side__title" id="side-title">{ t.title }</h2>
                    <p class="side__matching" data-testid="side-matching">{ matching }</p>
                    <span class="side__spacer"></span>
                    <button type="button" class="button" data-testid="side-swap" ref={swap_button.clone()} onclick={props.on_swap.reform(|_| ())}>{ t.swap }</button>
                    <button type="button" class="button button--primary" data-testid="side-close" ref={close_button.clone()} onclick={props.on_close.reform(|_| ())}>{ t.close }</button>
                </div>
                { heads(side, &props.left.file_name, &props.right.file_name, lang) }
                <div class="side__tools">
                    <button type="button" class="button button--small" data-testid="side-order" aria-pressed={by_difference.to_string()}
                        data-order={if *by_difference { "difference" } else { "table" }} onclick={toggle_order}>
                        { t.order_difference }
                    </button>
                    if side.all_same() { <span class="side__same" data-testid="side-no-difference">{ t.no_difference }</span> }
                </div>
                <div class="side__scroll">
                    <table class="side-table side-table--rows">
                        <thead>
                            <tr>
                                <th scope="col" rowspan="2" class="side-table__name">{ t.item }</th>
                                <th scope="colgroup" colspan="3" class="side-table__file">{ props.left.file_name.clone() }</th>
                                <th scope="colgroup" colspan="3" class="side-table__file">{ props.right.file_name.clone() }</th>
                                <th scope="col" rowspan="2">{ t.difference }</th>
                            </tr>
                            <tr>
                                { for (0..2).map(|_| html! { <>
                                    <th scope="col">{ t.target }</th><th scope="col">{ t.actual }</th><th scope="col">{ t.score }</th>
                                </> }) }
                            </tr>
                        </thead>
                        <tbody>
                            { for rows.iter().enumerate().map(|(i, row)| {
                                // In the table's order each part heads its rows.
                                let starts_part = !*by_difference && (i == 0 || rows[i - 1].part != row.part);
                                let part = row.part.and_then(|p| side.parts.get(p));
                                html! { <>
                                    if let Some(part) = part.filter(|_| starts_part) {
                                        <tr class="side-table__part"><th colspan="8" scope="rowgroup">{ part.name() }</th></tr>
                                    }
                                    { item_row(row, largest, (*by_difference).then(|| part.map(|p| p.name())).flatten(), lang) }
                                </> }
                            }) }
                        </tbody>
                    </table>
                </div>
            </section>
            { focus_wrap(&swap_button) }
        </div>
    }
}

/// The files' heading figures and their parts: file, unit, year, total, grade, execution rate, then
/// each top-level part.
fn heads(side: &SideBySide, left_file: &str, right_file: &str, lang: Lang) -> Html {
    let t = texts(lang).side;
    let info = |key: &'static str, label: &'static str, value: &dyn Fn(&SideHead) -> String| {
        html! {
            <tr data-testid="side-info" data-key={key}>
                <th scope="row" class="side-table__name">{ label }</th>
                <td data-testid="side-left" data-value={value(&side.left)}>{ value(&side.left) }</td>
                <td data-testid="side-right" data-value={value(&side.right)}>{ value(&side.right) }</td>
                <td></td>
            </tr>
        }
    };
    let year = |head: &SideHead| head.year.map_or_else(|| "—".to_string(), |y| y.to_string());
    let grade = |head: &SideHead, testid: &'static str| {
        html! {
            <td data-testid={testid} data-value={head.grade.clone()} data-provisional={head.provisional().to_string()}
                class={classes!(head.provisional().then_some("side-table__provisional"))}>
                { grade_name(&head.grade, lang).to_string() }
                if head.provisional() { <small>{ texts(lang).aside(head.open.provisional_note(lang)) }</small> }
            </td>
        }
    };
    let decimals = side.left.display_decimals.max(side.right.display_decimals);
    let total = |head: &SideHead, testid: &'static str| {
        html! { <td class="num" data-testid={testid} data-value={format_exact(head.total)}>{ format_fixed(head.total, head.display_decimals) }</td> }
    };
    let rate = |head: &SideHead, testid: &'static str| {
        let value = head.execution_rate;
        html! {
            <td class="num" data-testid={testid} data-value={value.map(format_exact).unwrap_or_default()}>
                { value.map_or_else(|| "—".to_string(), |r| format!("{}%", format_short(r))) }
            </td>
        }
    };
    html! {
        <div class="side__scroll">
            <table class="side-table side-table--heads">
                <thead>
                    <tr>
                        <th scope="col" class="side-table__name"></th>
                        <th scope="col" class="side-table__file" data-testid="side-file-left">{ left_file.to_string() }</th>
                        <th scope="col" class="side-table__file" data-testid="side-file-right">{ right_file.to_string() }</th>
                        <th scope="col">{ t.difference }</th>
                    </tr>
                </thead>
                <tbody>
                    { info("unit", t.unit, &|h| h.unit.clone()) }
                    { info("year", t.year, &year) }
                    <tr data-testid="side-row" data-key="total" data-kind="total" class="side-table__total">
                        <th scope="row" class="side-table__name">{ t.total }</th>
                        { total(&side.left, "side-left") }
                        { total(&side.right, "side-right") }
                        { diff_cell(side.total_difference, |d| format_fixed_signed(d, decimals)) }
                    </tr>
                    <tr data-testid="side-info" data-key="grade">
                        <th scope="row" class="side-table__name">{ t.grade }</th>
                        { grade(&side.left, "side-left") }
                        { grade(&side.right, "side-right") }
                        <td></td>
                    </tr>
                    <tr data-testid="side-row" data-key="execution" data-kind="execution">
                        <th scope="row" class="side-table__name">{ t.execution }</th>
                        { rate(&side.left, "side-left") }
                        { rate(&side.right, "side-right") }
                        { diff_cell(side.execution_difference, |d| format!("{}{}", format_signed(d), t.points_of_percent)) }
                    </tr>
                    <tr class="side-table__part"><th colspan="4" scope="rowgroup">{ t.parts }</th></tr>
                    { for side.parts.iter().map(|part| {
                        let shown = |cell: &SideCell, head: &SideHead| format_fixed(cell.score, head.display_decimals);
                        html! {
                            <tr data-testid="side-row" data-key={part.key.clone()} data-kind="part" data-presence={part.presence().as_str()}>
                                <th scope="row" class="side-table__name">{ part.name() }{ presence_note(part, lang) }</th>
                                { score_cell(part.left.as_ref(), "side-left", |c| shown(c, &side.left), lang) }
                                { score_cell(part.right.as_ref(), "side-right", |c| shown(c, &side.right), lang) }
                                { diff_cell(part.difference, |d| format_fixed_signed(d, decimals)) }
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}

/// An item's or an indicator's row: its name, each side's target, actual and score, the difference.
fn item_row(row: &SideRow, largest: Option<Decimal>, part_name: Option<&str>, lang: Lang) -> Html {
    let is_largest = largest.is_some() && row.magnitude() == largest;
    let changed = row.difference.is_some_and(|d| !d.is_zero());
    let words = |cell: Option<&SideCell>| match cell {
        Some(cell) => html! { <>
            <td class="side-table__text">{ cell.target.clone() }</td>
            <td class="side-table__text">{ cell.actual.get(lang).to_string() }</td>
        </> },
        None => html! { <><td class="side-table__none">{ "—" }</td><td class="side-table__none">{ "—" }</td></> },
    };
    let category = row.left.as_ref().or(row.right.as_ref()).map(|c| c.category.clone()).filter(|c| !c.is_empty());
    html! {
        <tr data-testid="side-row" data-key={row.key.clone()} data-kind={row.kind.as_str()} data-presence={row.presence().as_str()}
            data-largest={is_largest.to_string()}
            class={classes!("side-row", changed.then_some("side-row--changed"), is_largest.then_some("side-row--largest"),
                (row.presence() != Presence::Both).then_some("side-row--alone"))}
            title={is_largest.then_some(texts(lang).side.largest)}>
            <th scope="row" class="side-table__name">
                { row.name().to_string() }
                if let Some(renamed) = row.renamed() {
                    <small class="side-table__renamed">{ format!("{}{renamed}", texts(lang).side.renamed) }</small>
                }
                if let Some(part) = part_name.or(category.as_deref()) {
                    <small class="side-table__category">{ part.to_string() }</small>
                }
                { presence_note(row, lang) }
            </th>
            { words(row.left.as_ref()) }
            { score_cell(row.left.as_ref(), "side-left", |c| format_short(c.score), lang) }
            { words(row.right.as_ref()) }
            { score_cell(row.right.as_ref(), "side-right", |c| format_short(c.score), lang) }
            { diff_cell(row.difference, format_signed) }
        </tr>
    }
}

/// "only in the left file", for a row without a partner.
fn presence_note(row: &SideRow, lang: Lang) -> Html {
    let t = texts(lang).side;
    match row.presence() {
        Presence::Both => html! {},
        Presence::LeftOnly => html! { <small class="side-table__alone">{ t.only_left }</small> },
        Presence::RightOnly => html! { <small class="side-table__alone">{ t.only_right }</small> },
    }
}

/// One side's score: exact in `data-value` (empty where the file has no such row or sets it aside),
/// with the cell's state (待填 and 有误 count 0; 不适用 has no score).
fn score_cell(cell: Option<&SideCell>, testid: &'static str, shown: impl Fn(&SideCell) -> String, lang: Lang) -> Html {
    let t = texts(lang);
    let Some(cell) = cell else {
        return html! { <td class="num side-table__none" data-testid={testid} data-value="" data-state="absent">{ "—" }</td> };
    };
    let (value, text, note) = match cell.state {
        CellState::NotApplicable => (String::new(), t.not_applicable.to_string(), None),
        CellState::Scored => (format_exact(cell.score), shown(cell), None),
        CellState::Pending => (format_exact(cell.score), shown(cell), Some(t.unset)),
        CellState::Invalid => (format_exact(cell.score), shown(cell), Some(t.badge_invalid)),
    };
    html! {
        <td class={classes!("num", format!("side-table__state--{}", cell.state.as_str()))} data-testid={testid}
            data-value={value} data-state={cell.state.as_str()}>
            { text }
            if let Some(note) = note { <small>{ format!(" {note}") }</small> }
        </td>
    }
}

/// Right minus left, signed and coloured; empty where there is nothing to compare.
fn diff_cell(difference: Option<Decimal>, shown: impl Fn(Decimal) -> String) -> Html {
    match difference {
        Some(d) => html! {
            <td class={classes!("num", "side-table__diff", delta_class(d))} data-testid="side-diff" data-value={format_exact(d)}>{ shown(d) }</td>
        },
        None => html! { <td class="num side-table__diff" data-testid="side-diff" data-value="">{ "" }</td> },
    }
}
