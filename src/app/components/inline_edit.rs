//! A text edited in place in the table (a row's name, its run's category): it reads as text until
//! hovered or focused, keeps what is typed in the box and commits it on change (Enter or leaving the
//! box), so a rename is one edit and one undo step, and typing re-renders nothing. The text shown is
//! drawn under the box, so a long name wraps as before (on paper too) instead of being cut off.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::number_cell::enter_moves_on;

#[derive(Properties, PartialEq)]
pub struct InlineTextProps {
    /// The model's value; a new one (a commit, an undo) replaces a refused text.
    pub value: AttrValue,
    /// What a screen reader reads: the row's name and what this box is.
    pub label: AttrValue,
    pub testid: &'static str,
    pub on_commit: Callback<String>,
    /// Blank is refused with this message beside the box (a name cleared would be lost unseen).
    #[prop_or_default]
    pub required: Option<AttrValue>,
    /// In the names' Enter chain (`data-enter-next="name"`): Enter goes down to the next row's name.
    #[prop_or_default]
    pub enter_next: bool,
    #[prop_or_default]
    pub class: Classes,
    /// A block pasted into the box (a column of names copied from a sheet fills the rows down).
    #[prop_or_default]
    pub onpaste: Option<Callback<Event>>,
}

#[function_component(InlineText)]
pub fn inline_text(props: &InlineTextProps) -> Html {
    // (text refused, why): shown instead of the model's value until a new value arrives.
    let refused = use_state_eq(|| None::<(String, AttrValue)>);
    {
        let refused = refused.clone();
        use_effect_with(props.value.clone(), move |_| refused.set(None));
    }
    let onchange = {
        let (refused, on_commit, required) = (refused.clone(), props.on_commit.clone(), props.required.clone());
        Callback::from(move |e: Event| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            match &required {
                Some(message) if text.trim().is_empty() => refused.set(Some((text, message.clone()))),
                _ => {
                    refused.set(None);
                    on_commit.emit(text);
                }
            }
        })
    };
    let onkeydown = props.enter_next.then(enter_moves_on);
    let (onmousedown, onclick) = use_select_on_entry();
    let value = refused.as_ref().map_or_else(|| props.value.to_string(), |(text, _)| text.clone());
    html! {
        <span class={classes!("inline-edit", refused.is_some().then_some("inline-edit--invalid"), props.class.clone())}>
            <span class="inline-edit__shown" aria-hidden="true">{ value.clone() }</span>
            <input type="text" class="inline-edit__input" data-testid={props.testid} data-own-undo="true"
                data-enter-next={props.enter_next.then_some("name")} aria-label={props.label.clone()}
                aria-invalid={refused.is_some().to_string()} {value} {onchange} {onkeydown} {onmousedown} {onclick}
                onpaste={props.onpaste.clone()} />
            if let Some((_, message)) = refused.as_ref() {
                <span class="num-cell__error" role="alert">{ message.clone() }</span>
            }
        </span>
    }
}

/// A box clicked into selects its text, as a sheet's cell does (and Enter landing on it): what is
/// typed replaces it (a template's "（数量指标）", a 分值 of 20, need no clearing). A second click,
/// in a box that has the focus, places the caret. The two handlers go on the input.
#[hook]
pub fn use_select_on_entry() -> (Callback<MouseEvent>, Callback<MouseEvent>) {
    let entered = use_mut_ref(|| false);
    let onmousedown = {
        let entered = entered.clone();
        Callback::from(move |e: MouseEvent| {
            let input = e.target_unchecked_into::<web_sys::Element>();
            let focused = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
            *entered.borrow_mut() = !focused.is_some_and(|f| f.is_same_node(Some(&input)));
        })
    };
    let onclick = Callback::from(move |e: MouseEvent| {
        if std::mem::take(&mut *entered.borrow_mut()) {
            e.target_unchecked_into::<HtmlInputElement>().select();
        }
    });
    (onmousedown, onclick)
}
