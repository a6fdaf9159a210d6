//! The inputs of a leaf item, by its rule: a rate, a pass/fail toggle, a band input, a deduction
//! count, a manual score with its reason. Monthly execution and a funds block get a grid row of their
//! own under the item (`GridRow`).

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::number_cell::NumberCell;
use super::{use_dispatch, use_select_value};
use crate::app::month_grid::{even_columns, LINE_WIDTHS};
use crate::app::state::{Action, NodeDrafts};
use crate::domain::num::{format_exact, format_percent};
use crate::domain::InputKey;
use crate::domain::{BudgetField, Detail, Lang, Node, NodeResult, Rule};
use crate::i18n::texts;

#[derive(Properties, PartialEq)]
pub struct RuleInputProps {
    pub node: Rc<Node>,
    pub result: NodeResult,
    pub drafts: NodeDrafts,
    pub lang: Lang,
}

fn text_of(value: Option<rust_decimal::Decimal>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

#[function_component(RuleInput)]
pub fn rule_input(props: &RuleInputProps) -> Html {
    let t = texts(props.lang);
    let dispatch = use_dispatch();
    let pass_fail = use_select_value(match props.node.rule() {
        Some(Rule::PassFail { passed: Some(true) }) => "pass".into(),
        Some(Rule::PassFail { passed: Some(false) }) => "fail".into(),
        _ => String::new(),
    });
    let id = props.node.id.clone();
    let draft = |key: &InputKey| props.drafts.get(key);
    let label = |what: &str| AttrValue::from(format!("{} {what}", props.node.name));
    let Some(rule) = props.node.rule() else { return Html::default() };
    match rule {
        Rule::Rate { rate } => {
            let input = InputKey::Rate(id);
            html! { <NumberCell draft={draft(&input)} {input} value={text_of(*rate)} label={label(t.month_rate)}
            testid="rule-input" lang={props.lang} suffix={Some(AttrValue::from("%"))} /> }
        }
        Rule::Bands { input, unit, .. } => {
            let (value, input) = (text_of(*input), InputKey::BandInput(id));
            html! { <NumberCell draft={draft(&input)} {input} {value} label={label(t.col_actual)}
            testid="rule-input" lang={props.lang}
            suffix={(!unit.is_empty()).then(|| AttrValue::from(unit.clone()))} /> }
        }
        Rule::Deduction { value, .. } => {
            let input = InputKey::DeductionValue(id);
            html! { <NumberCell draft={draft(&input)} {input} value={text_of(*value)} label={label(t.col_actual)}
            testid="rule-input" lang={props.lang} /> }
        }
        Rule::PassFail { passed } => {
            let onchange = dispatch.reform(move |e: Event| Action::SetPassed {
                node: id.clone(),
                passed: match e.target_unchecked_into::<HtmlSelectElement>().value().as_str() {
                    "pass" => Some(true),
                    "fail" => Some(false),
                    _ => None,
                },
            });
            html! {
                <select ref={pass_fail} class="pass-fail" data-testid="pass-fail" aria-label={label(t.col_status)} {onchange}>
                    <option value="" selected={passed.is_none()}>{ t.unset }</option>
                    <option value="pass" selected={*passed == Some(true)}>{ t.passed }</option>
                    <option value="fail" selected={*passed == Some(false)}>{ t.failed }</option>
                </select>
            }
        }
        Rule::Manual { score, .. } => {
            let input = InputKey::ManualScore(id);
            html! { <NumberCell draft={draft(&input)} {input} value={text_of(*score)} label={label(t.col_score)}
            testid="rule-input" lang={props.lang} /> }
        }
        Rule::MonthlyExecution { .. } | Rule::Indicators { .. } | Rule::Budget { .. } => Html::default(),
    }
}

/// What the rule made of its input, for the completion column.
pub fn rule_outcome(node: &Node, result: &NodeResult, lang: Lang) -> String {
    let t = texts(lang);
    match (&result.detail, node.rule()) {
        (Detail::Rate { credited: Some(rate) }, _) => format!("{}%", format_exact(*rate)),
        (Detail::MonthlyExecution { average: Some(average), .. }, _) => {
            format!("{} {}%", t.average, format_exact(*average))
        }
        (Detail::Bands { reached: Some(i) }, Some(Rule::Bands { bands, .. })) => {
            bands.get(*i).map(|b| format!("≥ {} → {}", format_exact(b.min), format_exact(b.score))).unwrap_or_default()
        }
        (Detail::Bands { reached: None }, Some(Rule::Bands { input: Some(_), .. })) => t.no_band.to_string(),
        (Detail::Deduction { deducted: Some(d) }, _) if !d.is_zero() => format!("{} {}", t.deducted, format_exact(*d)),
        (Detail::Budget { rate: Some(rate) }, _) => format!("{} {}%", t.execution_rate, format_exact(rate.round_dp(2))),
        _ => String::new(),
    }
}

/// The reason a manual score needs, in the reason column.
#[derive(Properties, PartialEq)]
pub struct ManualReasonProps {
    pub node_id: String,
    pub reason: String,
    pub lang: Lang,
}

#[function_component(ManualReason)]
pub fn manual_reason(props: &ManualReasonProps) -> Html {
    let dispatch = use_dispatch();
    let node = props.node_id.clone();
    let oninput = dispatch.reform(move |e: InputEvent| Action::SetManualReason {
        node: node.clone(),
        text: e.target_unchecked_into::<HtmlInputElement>().value(),
    });
    html! {
        <>
        <input type="text" class={classes!("reason-input", props.reason.trim().is_empty().then_some("reason-input--wanted"))}
            aria-label={texts(props.lang).manual_reason} placeholder={texts(props.lang).manual_reason}
            value={props.reason.clone()} {oninput} />
        <span class="print-only">{ &props.reason }</span>
        </>
    }
}

/// A funds block's 偏差原因, in the reason column of its row: why the execution rate is low. Commits
/// on change (one undo step), as a file's `budget_reason` edit.
#[derive(Properties, PartialEq)]
pub struct BudgetReasonProps {
    pub node_id: String,
    pub node_name: String,
    pub reason: String,
    /// The rate is below 90 % and no reason is given (the check `low_execution_no_reason`).
    pub wanted: bool,
    pub lang: Lang,
}

#[function_component(BudgetReason)]
pub fn budget_reason(props: &BudgetReasonProps) -> Html {
    let dispatch = use_dispatch();
    let t = texts(props.lang);
    let node = props.node_id.clone();
    let onchange = dispatch.reform(move |e: Event| Action::SetBudgetReason {
        node: node.clone(),
        text: e.target_unchecked_into::<HtmlInputElement>().value(),
    });
    html! {
        <>
        <input type="text" class={classes!("reason-input", props.wanted.then_some("reason-input--wanted"))}
            data-testid="budget-reason-input" data-own-undo="true" aria-label={format!("{} {}", props.node_name, t.col_reason)}
            placeholder={if props.wanted { t.reason_placeholder } else { "" }}
            value={props.reason.clone()} {onchange} />
        <span class="print-only">{ &props.reason }</span>
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct GridRowProps {
    pub node: Rc<Node>,
    pub result: NodeResult,
    pub drafts: NodeDrafts,
    pub lang: Lang,
}

/// The grid under an item whose inputs are many: its months, or its funds block.
#[function_component(GridRow)]
pub fn grid_row(props: &GridRowProps) -> Html {
    match props.node.rule() {
        Some(Rule::MonthlyExecution { .. }) => months(props),
        Some(Rule::Budget { .. }) => funds(props),
        _ => Html::default(),
    }
}

/// 年初预算数, 全年预算数 and 全年执行数 for the total and each of its sources, as the table prints
/// them; the rate is the total line's.
fn funds(props: &GridRowProps) -> Html {
    let t = texts(props.lang);
    let Some(Rule::Budget { lines, .. }) = props.node.rule() else { return Html::default() };
    let heads = [t.budget_initial, t.budget_adjusted, t.budget_executed];
    html! {
        <tr class="score-table__row score-table__row--grid" data-testid="funds" data-node-id={props.node.id.clone()}>
            <td colspan="10">
                <table class="funds">
                    <thead><tr><th></th>{ for heads.iter().map(|h| html! { <th scope="col">{ *h }</th> }) }</tr></thead>
                    <tbody>
                    { for lines.iter().enumerate().map(|(i, line)| html! {
                        <tr data-testid="funds-line">
                            <th scope="row">{ &line.name }</th>
                            { for BudgetField::ALL.into_iter().zip(heads).map(|(field, head)| {
                                let input = InputKey::BudgetAmount(props.node.id.clone(), i, field);
                                html! { <td><NumberCell draft={props.drafts.get(&input)} {input}
                                    value={text_of(line.amount(field))} label={format!("{} {head}", line.name)}
                                    testid="funds-amount" lang={props.lang} /></td> }
                            }) }
                        </tr>
                    }) }
                    </tbody>
                </table>
            </td>
        </tr>
    }
}

/// The editable grid of months under a monthly-execution item.
fn months(props: &GridRowProps) -> Html {
    let t = texts(props.lang);
    let Some(Rule::MonthlyExecution { months }) = props.node.rule() else { return Html::default() };
    let credits = match &props.result.detail {
        Detail::MonthlyExecution { credits, .. } => credits.clone(),
        _ => Vec::new(),
    };
    // For each width the grid may have (styles/table.css picks one by the room it has), how many
    // months a line holds so that the lines come out even: 10 months as 5 + 5, never 9 + 1.
    let columns: String =
        LINE_WIDTHS.iter().map(|most| format!("--months-{most}:{};", even_columns(months.len(), *most))).collect();
    html! {
        <tr class="score-table__row score-table__row--months" data-testid="months" data-node-id={props.node.id.clone()}>
            <td colspan="10">
                <div class="months-box">
                <div class="months" style={columns}>
                    { for months.iter().enumerate().map(|(i, month)| {
                        let input = InputKey::MonthRate(props.node.id.clone(), i);
                        let credit = credits.get(i).copied().flatten();
                        html! {
                            <div class="months__month" data-testid="month">
                                <span class="months__label">{ crate::i18n::month_name(&month.month, props.lang) }</span>
                                <NumberCell draft={props.drafts.get(&input)} {input}
                                    value={text_of(month.rate)} label={format!("{} {} {}", props.node.name, month.month, t.month_rate)}
                                    testid="month-rate" lang={props.lang} suffix={Some(AttrValue::from("%"))} />
                                <span class="months__schedule">{ format!("{} {}%", t.schedule, format_exact(month.schedule)) }</span>
                                <span class="months__credit" data-value={credit.map(format_exact).unwrap_or_default()}>
                                    { credit.map(|c| format_percent(c, 2)).unwrap_or_default() }
                                </span>
                            </div>
                        }
                    }) }
                </div>
                </div>
            </td>
        </tr>
    }
}
