//! Open, save, new from a preset, and the language switch.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::domain::Lang;
use crate::i18n::texts;
use crate::presets::PRESETS;

/// The picker's value for "copy the current file as next year's".
pub const NEXT_YEAR: &str = "next-year";
/// A blank table to start from: the national project table, the most common self-evaluation.
pub const BLANK_PRESET: &str = "project-national";

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    pub lang: Lang,
    pub dirty: bool,
    pub title: AttrValue,
    /// The table shown is the built-in sample: the title says so (示例).
    #[prop_or_default]
    pub sample: bool,
    pub on_open: Callback<web_sys::File>,
    pub on_save: Callback<()>,
    pub on_preset: Callback<String>,
    pub on_lang: Callback<()>,
    /// The way to the reviewer's desk, and back to it while one of its entries is open here.
    pub on_desk: Callback<()>,
    #[prop_or_default]
    pub on_back_to_desk: Option<Callback<()>>,
}

#[function_component(Toolbar)]
pub fn toolbar(props: &ToolbarProps) -> Html {
    let t = texts(props.lang);
    let on_open = props.on_open.clone();
    let onchange_file = Callback::from(move |e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            // Cleared so that choosing the same file again opens it again.
            input.set_value("");
            on_open.emit(file);
        }
    });
    let on_preset = props.on_preset.clone();
    let onchange_preset = Callback::from(move |e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        let name = select.value();
        select.set_value("");
        if !name.is_empty() {
            on_preset.emit(name);
        }
    });
    html! {
        <header class="toolbar">
            <h1 class="toolbar__title">{ t.app_title }
                // The name takes the room the actions leave, its badge and dot right after it
                // (styles/toolbar.css).
                <span class="toolbar__about">
                    if !props.title.is_empty() { <span class="toolbar__doc" data-testid="doc-name" title={props.title.clone()}>{ props.title.clone() }</span> }
                    if props.sample { <span class="toolbar__sample" data-testid="sample-badge">{ t.sample }</span> }
                    if props.dirty { <span class="toolbar__dirty" data-testid="dirty" title={t.unsaved}>{ "●" }</span> }
                </span>
            </h1>
            <div class="toolbar__actions">
                <label class="button" title={t.open_hint}>
                    { t.open }
                    <input type="file" class="visually-hidden" accept=".json,application/json,.xlsx,.xlsm,.xls,.ods" data-testid="open-file" onchange={onchange_file} />
                </label>
                <button type="button" class="button button--primary" data-testid="save-file" onclick={props.on_save.reform(|_| ())}>{ t.save }</button>
                <select class="button" data-testid="new-from-preset" aria-label={t.new_from} onchange={onchange_preset}>
                    <option value="" selected=true>{ t.new_from }</option>
                    { for PRESETS.iter().map(|p| html! {
                        <option value={p.name}>{ if props.lang == Lang::Zh { p.title_zh } else { p.title_en } }</option>
                    }) }
                    <option value={NEXT_YEAR}>{ t.next_year }</option>
                </select>
                if let Some(back) = &props.on_back_to_desk {
                    <button type="button" class="button button--primary" data-testid="back-to-desk" title={t.desk.back_to_desk_hint}
                        onclick={back.reform(|_| ())}>{ t.desk.back_to_desk }</button>
                } else {
                    <button type="button" class="button" data-testid="open-desk" title={t.desk.open_desk_hint}
                        onclick={props.on_desk.reform(|_| ())}>{ t.desk.open_desk }</button>
                }
                <button type="button" class="button" data-testid="lang" lang={if props.lang == Lang::Zh { "en" } else { "zh-CN" }}
                    onclick={props.on_lang.reform(|_| ())}>{ t.switch_lang }</button>
            </div>
        </header>
    }
}
