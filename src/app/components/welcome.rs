//! A first visit's one line: what the calculator is, that the table below is a sample, and the three
//! ways to start (a blank table, a file, a table pasted from Excel/WPS). Closed, it stays closed.

use yew::prelude::*;

use super::toolbar::BLANK_PRESET;
use crate::app::effects;
use crate::app::state::{Action, Notice};
use crate::domain::Lang;
use crate::i18n::texts;

#[derive(Properties, PartialEq)]
pub struct WelcomeProps {
    pub lang: Lang,
    /// Starts from a preset (asking first over unsaved work).
    pub on_preset: Callback<String>,
    pub on_close: Callback<()>,
    pub dispatch: Callback<Action>,
}

#[function_component(Welcome)]
pub fn welcome(props: &WelcomeProps) -> Html {
    let t = texts(props.lang);
    let blank = props.on_preset.reform(|_: MouseEvent| BLANK_PRESET.to_string());
    // The toolbar's file input is the one way to open a file: this button opens its picker.
    let open = Callback::from(|_: MouseEvent| effects::click_testid("open-file"));
    let paste = {
        let (on_preset, dispatch) = (props.on_preset.clone(), props.dispatch.clone());
        Callback::from(move |_: MouseEvent| {
            on_preset.emit(BLANK_PRESET.to_string());
            dispatch.emit(Action::Notify(Notice::PasteHint));
        })
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <section class="welcome" data-testid="welcome" aria-label={t.welcome_label}>
            <p class="welcome__text">{ t.welcome }</p>
            <div class="welcome__actions">
                <button type="button" class="button button--primary" data-testid="welcome-blank" onclick={blank}>{ t.welcome_blank }</button>
                <button type="button" class="button" data-testid="welcome-open" onclick={open}>{ t.welcome_open }</button>
                <button type="button" class="button" data-testid="welcome-paste" onclick={paste}>{ t.welcome_paste }</button>
                <button type="button" class="button button--link" data-testid="welcome-close" onclick={close}>{ t.welcome_close }</button>
            </div>
        </section>
    }
}
