//! One number input with two-phase editing: it shows what was typed, and the parse error under it.

use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::inline_edit::use_select_on_entry;
use super::use_dispatch;
use crate::app::effects::focus_next_input;
use crate::app::state::{Action, Draft};
use crate::domain::paste::Column;
use crate::domain::{BudgetField, InputKey, Lang};

#[derive(Properties, PartialEq)]
pub struct NumberCellProps {
    pub input: InputKey,
    /// The value in the evaluation, as text ("" when empty).
    pub value: String,
    pub draft: Option<Draft>,
    pub label: AttrValue,
    pub testid: &'static str,
    pub lang: Lang,
    #[prop_or_default]
    pub suffix: Option<AttrValue>,
    /// Out of the Enter chain (a level's percent: Enter goes from level to level, not into it).
    #[prop_or_default]
    pub off_chain: bool,
    /// The column Enter goes down (`data-enter-next`'s value): the actuals' ("true"), or the targets'.
    #[prop_or("true")]
    pub chain: &'static str,
    /// A not-applicable row's inputs take nothing.
    #[prop_or_default]
    pub disabled: bool,
    /// Sent when the box is left or Enter pressed, not on each keystroke: a target written with its
    /// unit ("≥3.2万人") read while typed set the row's unit from "≥3.2万".
    #[prop_or_default]
    pub on_change: bool,
    /// What the box takes, while it is empty (a level's band: "60–80").
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    /// Its text shown whole, wrapping over the box until the box is focused (a target written in
    /// words, such as 达成年度指标, in a phone's narrow column); a box cannot wrap its own text.
    #[prop_or_default]
    pub wraps: bool,
}

/// Enter moves focus to the next cell marked `data-enter-next` with the same value (its column), as
/// in a sheet. Every element carrying that mark needs this handler, or the chain stops at it.
pub fn enter_moves_on() -> Callback<KeyboardEvent> {
    Callback::from(|e: KeyboardEvent| {
        if e.key() == "Enter" {
            e.prevent_default();
            if let Some(target) = e.target_dyn_into::<web_sys::Element>() {
                focus_next_input(&target);
            }
        }
    })
}

#[function_component(NumberCell)]
pub fn number_cell(props: &NumberCellProps) -> Html {
    let dispatch = use_dispatch();
    let send = {
        let key = props.input.clone();
        dispatch.reform(move |e: Event| Action::Input {
            key: key.clone(),
            text: e.target_unchecked_into::<HtmlInputElement>().value(),
        })
    };
    // Committed (Enter, or the focus gone), the cell's run of keystrokes ends: one undo step, and what
    // a refusal later takes back (`Action::InputLeft`).
    let left = {
        let (key, dispatch) = (props.input.clone(), dispatch.clone());
        move || dispatch.emit(Action::InputLeft(key.clone()))
    };
    let (oninput, onchange) = if props.on_change {
        (
            None,
            Callback::from(move |e: Event| {
                send.emit(e);
                left();
            }),
        )
    } else {
        (Some(send.reform(|e: InputEvent| e.into())), Callback::from(move |_: Event| left()))
    };
    let onkeydown = enter_moves_on();
    let (onmousedown, onclick) = use_select_on_entry();
    let onpaste = match &props.input {
        InputKey::Actual(id) | InputKey::LevelPercent(id) => {
            Some(paste_into_rows(id, Column::Actual, &dispatch, false))
        }
        InputKey::Target(id) => Some(paste_into_rows(id, Column::Target, &dispatch, false)),
        InputKey::BudgetAmount(node, line, field) => Some(paste_into_funds(node, *line, *field, &dispatch)),
        _ => None,
    };
    let text = props.draft.as_ref().map_or_else(|| props.value.clone(), |d| d.text.clone());
    let error = props.draft.as_ref().and_then(|d| d.error.as_ref()).map(|e| e.message(props.lang));
    html! {
        <span class={classes!("num-cell", error.is_some().then_some("num-cell--invalid"), text.is_empty().then_some("num-cell--empty"),
                props.wraps.then_some("num-cell--wraps"))}>
            if props.wraps { <span class="num-cell__shown" aria-hidden="true" data-testid={format!("{}-shown", props.testid)}>{ text.clone() }</span> }
            <input
                type="text"
                inputmode="decimal"
                class="num-cell__input"
                data-testid={props.testid}
                data-enter-next={(!props.off_chain).then_some(props.chain)}
                data-own-undo={props.on_change.then_some("true")}
                disabled={props.disabled}
                aria-label={props.label.clone()}
                aria-invalid={error.is_some().to_string()}
                placeholder={props.placeholder.clone()}
                value={text}
                {oninput}
                {onchange}
                {onpaste}
                {onkeydown}
                {onmousedown}
                {onclick}
            />
            if let Some(suffix) = &props.suffix { <span class="num-cell__suffix">{ suffix.clone() }</span> }
            if let Some(message) = error {
                <span class="num-cell__error" role="alert" data-testid="cell-error">{ message }</span>
            }
        </span>
    }
}

/// A paste into a funds block's amount: a block of cells (a finance table's line copied) fills the
/// amounts from this one, across and down; a single value is typed into the box as usual.
fn paste_into_funds(node: &str, line: usize, field: BudgetField, dispatch: &Callback<Action>) -> Callback<Event> {
    let (node, dispatch) = (node.to_string(), dispatch.clone());
    Callback::from(move |e: Event| {
        let Some(clipboard) = e.dyn_ref::<web_sys::ClipboardEvent>().and_then(|c| c.clipboard_data()) else {
            return;
        };
        let Ok(text) = clipboard.get_data("text/plain") else { return };
        // A whole table is the page's to import (components/app.rs), not this line's.
        if text.trim_end_matches(['\r', '\n']).contains(['\t', '\n']) && !crate::import::is_whole_table(&text) {
            e.prevent_default();
            dispatch.emit(Action::PasteFunds { node: node.clone(), line, field, text });
        }
    })
}

/// A paste into an indicator's row: a block of cells from a spreadsheet fills the rows from this one
/// down. A single value is typed into an input as usual; a select (`always`), which cannot take text,
/// reads it as the row's one cell (部分达成 70).
pub fn paste_into_rows(id: &str, focus: Column, dispatch: &Callback<Action>, always: bool) -> Callback<Event> {
    let (id, dispatch) = (id.to_string(), dispatch.clone());
    Callback::from(move |e: Event| {
        let Some(clipboard) = e.dyn_ref::<web_sys::ClipboardEvent>().and_then(|c| c.clipboard_data()) else {
            return;
        };
        let Ok(text) = clipboard.get_data("text/plain") else { return };
        if crate::import::is_whole_table(&text) {
            // The page imports it (components/app.rs): the event goes on up.
            return;
        }
        if always || text.trim_end_matches(['\r', '\n']).contains(['\t', '\n']) {
            e.prevent_default();
            dispatch.emit(Action::Paste { start: id.clone(), focus, text });
        }
    })
}
