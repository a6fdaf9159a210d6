//! One number input with two-phase editing: it shows what was typed, and the parse error under it.

use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::use_dispatch;
use crate::app::effects::focus_next_input;
use crate::app::state::{Action, Draft};
use crate::domain::paste::Column;
use crate::domain::{InputKey, Lang};

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
    /// A not-applicable row's inputs take nothing.
    #[prop_or_default]
    pub disabled: bool,
}

/// Enter moves focus to the next cell marked `data-enter-next`, as in a sheet. Every element carrying
/// that mark needs this handler, or the chain stops at it.
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
    let oninput = {
        let key = props.input.clone();
        dispatch.reform(move |e: InputEvent| Action::Input {
            key: key.clone(),
            text: e.target_unchecked_into::<HtmlInputElement>().value(),
        })
    };
    let onkeydown = enter_moves_on();
    let onpaste = match &props.input {
        InputKey::Actual(id) | InputKey::LevelPercent(id) => {
            Some(paste_into_rows(id, Column::Actual, &dispatch, false))
        }
        InputKey::Target(id) => Some(paste_into_rows(id, Column::Target, &dispatch, false)),
        _ => None,
    };
    let text = props.draft.as_ref().map_or_else(|| props.value.clone(), |d| d.text.clone());
    let error = props.draft.as_ref().and_then(|d| d.error.as_ref()).map(|e| e.message(props.lang));
    html! {
        <span class={classes!("num-cell", error.is_some().then_some("num-cell--invalid"), text.is_empty().then_some("num-cell--empty"))}>
            <input
                type="text"
                inputmode="decimal"
                class="num-cell__input"
                data-testid={props.testid}
                data-enter-next={(!props.off_chain).then_some("true")}
                disabled={props.disabled}
                aria-label={props.label.clone()}
                aria-invalid={error.is_some().to_string()}
                value={text}
                {oninput}
                {onpaste}
                {onkeydown}
            />
            if let Some(suffix) = &props.suffix { <span class="num-cell__suffix">{ suffix.clone() }</span> }
            if let Some(message) = error {
                <span class="num-cell__error" role="alert" data-testid="cell-error">{ message }</span>
            }
        </span>
    }
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
        if always || text.trim_end_matches(['\r', '\n']).contains(['\t', '\n']) {
            e.prevent_default();
            dispatch.emit(Action::Paste { start: id.clone(), focus, text });
        }
    })
}
