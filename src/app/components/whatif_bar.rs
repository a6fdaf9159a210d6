//! The what-if bar: which variant is shown (the file's data or a scenario), new and delete scenario,
//! pin the baseline (and what the deltas are measured against), undo and redo.

use std::rc::Rc;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::review::{parse_variant, variant_label, variant_value};
use super::{same, use_dispatch, use_select_value};
use crate::app::effects;
use crate::app::state::{invalid_input, Action, AppState, BaselineKind, Variant};
use crate::i18n::texts;

#[derive(Properties)]
pub struct WhatIfBarProps {
    pub state: Rc<AppState>,
}

impl PartialEq for WhatIfBarProps {
    fn eq(&self, other: &Self) -> bool {
        same(&self.state, &other.state)
    }
}

#[function_component(WhatIfBar)]
pub fn whatif_bar(props: &WhatIfBarProps) -> Html {
    let state = &props.state;
    let t = texts(state.lang);
    let dispatch = use_dispatch();
    let scenario_select = use_select_value(variant_value(state.active));
    let variants: Vec<Variant> =
        std::iter::once(Variant::Base).chain((0..state.document.scenarios.len()).map(Variant::Scenario)).collect();
    let onchange = dispatch.reform(|e: Event| {
        Action::SelectVariant(parse_variant(&e.target_unchecked_into::<HtmlSelectElement>().value()))
    });
    let add = {
        let dispatch = dispatch.clone();
        let default = format!("{} {}", t.new_scenario_default, state.document.scenarios.len() + 1);
        Callback::from(move |_: MouseEvent| {
            if let Some(name) = effects::prompt(t.new_scenario_prompt, &default).filter(|n| !n.trim().is_empty()) {
                dispatch.emit(Action::AddScenario { name: name.trim().to_string() });
            }
        })
    };
    let delete = match state.active {
        Variant::Scenario(i) => Some(dispatch.reform(move |_: MouseEvent| Action::DeleteScenario(i))),
        Variant::Base => None,
    };
    html! {
        <div class="whatif" role="toolbar" aria-label={t.scenario}>
            <label class="whatif__scenario">{ t.scenario }
                <select ref={scenario_select} data-testid="scenario-select" {onchange}>
                    { for variants.iter().map(|v| html! {
                        <option value={variant_value(*v)}
                            selected={*v == state.active}>{ variant_label(state, *v) }</option>
                    }) }
                </select>
            </label>
            <button type="button" class="button" data-testid="new-scenario" onclick={add}>{ t.new_scenario }</button>
            if let Some(delete) = delete {
                <button type="button" class="button" data-testid="delete-scenario" onclick={delete}>{ t.delete_scenario }</button>
            }
            <button type="button" class={classes!("button", state.editing.then_some("button--pressed"))} data-testid="edit-structure"
                aria-pressed={state.editing.to_string()} onclick={dispatch.reform({ let editing = state.editing; move |_: MouseEvent| Action::SetEditing(!editing) })}>
                { t.edit_structure }
            </button>
            <button type="button" class="button" data-testid="pin-baseline" title={t.pin_baseline_hint}
                onclick={dispatch.reform(|_: MouseEvent| Action::PinBaseline)}>{ t.pin_baseline }</button>
            { compared_with(state.baseline.kind, state.lang) }
            <span class="whatif__history">
                <button type="button" class="button" data-testid="undo" disabled={state.undo.is_empty() && invalid_input(&state.drafts).is_none()} title="Ctrl+Z"
                    onclick={dispatch.reform(|_: MouseEvent| Action::Undo)}>{ format!("↶ {}", t.undo) }</button>
                <button type="button" class="button" data-testid="redo" disabled={state.redo.is_empty()} title="Ctrl+Shift+Z / Ctrl+Y"
                    onclick={dispatch.reform(|_: MouseEvent| Action::Redo)}>{ format!("↷ {}", t.redo) }</button>
            </span>
            if !state.stale_changes.is_empty() { { stale_changes(state) } }
        </div>
    }
}

/// What every Δ on the page is measured against, said once beside the button that changes it.
fn compared_with(kind: BaselineKind, lang: crate::domain::Lang) -> Html {
    let t = texts(lang);
    let text = match kind {
        BaselineKind::Origin => format!("Δ {}", t.delta_vs_origin),
        BaselineKind::Pinned => format!("Δ {}", t.delta_vs_pinned),
        BaselineKind::Unset => t.no_baseline.to_string(),
    };
    html! { <span class="whatif__baseline" data-testid="baseline-kind" data-kind={kind.as_str()}>{ text }</span> }
}

fn stale_changes(state: &AppState) -> Html {
    let t = texts(state.lang);
    html! {
        <span class="whatif__stale" data-testid="stale-changes" title={state.stale_changes.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n")}>
            { format!("{}{}", t.stale_changes, t.aside(state.stale_changes.len())) }
        </span>
    }
}
