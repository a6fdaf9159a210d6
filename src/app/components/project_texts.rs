//! A project table's words below its table: 年度总体目标 (what was expected, what was achieved) and the
//! report's closing 评价结论, 存在问题, 改进措施. Edited in place (each commits on change, one undo
//! step), shown on screen and in the printout.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::use_dispatch;
use crate::app::state::Action;
use crate::domain::structure::StructureEdit;
use crate::domain::{Lang, Meta, MetaText};
use crate::i18n::texts;

#[derive(Properties, PartialEq)]
pub struct ProjectTextsProps {
    pub meta: Meta,
    pub lang: Lang,
}

#[function_component(ProjectTexts)]
pub fn project_texts(props: &ProjectTextsProps) -> Html {
    let t = texts(props.lang);
    let dispatch = use_dispatch();
    let field = |which: MetaText, name: &'static str| {
        let onchange = dispatch.reform(move |e: Event| {
            Action::Structure(StructureEdit::SetMetaText(
                which,
                e.target_unchecked_into::<HtmlTextAreaElement>().value(),
            ))
        });
        let text = which.field(&props.meta).to_string();
        html! {
            <label class="project-texts__field">
                <span class="project-texts__label">{ name }</span>
                <textarea class="project-texts__input" rows="2" data-testid={format!("meta-text-{}", which.as_str())} data-own-undo="true"
                    aria-label={name} value={text.clone()} {onchange} />
                <span class="print-only">{ text }</span>
            </label>
        }
    };
    // The project and its units are filled above the table (whose.rs); the words are here.
    let words = MetaText::ALL.into_iter().zip(t.meta_texts).skip(2);
    html! {
        <section class="project-texts" data-testid="project-texts" aria-label={t.project_texts}>
            <h2 class="project-texts__heading">{ t.project_texts }</h2>
            { for words.map(|(which, name)| field(which, name)) }
        </section>
    }
}
