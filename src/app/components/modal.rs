//! What a modal dialog (`role="dialog" aria-modal="true"`: the workbook import's preview, two files
//! side by side) does with the keyboard, in one place: the focus comes back where it was when the
//! dialog closes, Escape closes it, and Tab goes round inside it.

use yew::prelude::*;

use crate::app::effects;

/// Remembers the focus when the dialog first draws and gives it back when the dialog goes, or, if
/// that element is gone meanwhile, to the element with the test id `fallback`.
#[hook]
pub fn use_focus_given_back(fallback: &'static str) {
    use_effect_with((), move |_| {
        let previous = effects::focused_element();
        move || effects::restore_focus(previous, fallback)
    });
}

/// The dialog's `keydown`: Escape closes it, as a dialog's does.
pub fn escape_closes(close: Callback<()>) -> Callback<KeyboardEvent> {
    Callback::from(move |event: KeyboardEvent| {
        if event.key() == "Escape" {
            event.prevent_default();
            close.emit(());
        }
    })
}

/// A focusable edge of the dialog that hands the focus on to `to`: placed after its last control it
/// sends Tab round to the first, placed before its first, Shift+Tab round to the last, so the
/// keyboard stays in the dialog as its `aria-modal` says (the page behind waits).
pub fn focus_wrap(to: &NodeRef) -> Html {
    let to = to.clone();
    let onfocus = Callback::from(move |_: FocusEvent| {
        if let Some(element) = to.cast::<web_sys::HtmlElement>() {
            let _ = element.focus();
        }
    });
    html! { <span class="import__wrap" tabindex="0" aria-hidden="true" {onfocus}></span> }
}
