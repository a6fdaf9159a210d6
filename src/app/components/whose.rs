//! Whose evaluation it is, filled in place above the table as the form's own heading is: a project
//! table's 项目名称, 主管部门, 实施单位 and 年度, a department's 部门 and 年度. A blank template has
//! none of them, and they name the saved file and head the page, so they are filling, not reshaping:
//! no mode to find first. Text commits on change (one undo step); the year is a number input like
//! any cell's (a refused year stays in its box as a draft and blocks saving). On paper a project
//! table's 主管部门 and 实施单位 print as a line of words under the heading, which says the rest.

use rust_decimal::Decimal;
use yew::prelude::*;

use super::structure_controls::{CommitText, StructNumber};
use super::use_dispatch;
use crate::app::state::Action;
use crate::domain::structure::StructureEdit;
use crate::domain::{InputKey, Lang, Meta, MetaText};
use crate::i18n::texts;

#[derive(Properties, PartialEq)]
pub struct WhoseProps {
    pub meta: Meta,
    pub project_table: bool,
    pub lang: Lang,
}

#[function_component(Whose)]
pub fn whose(props: &WhoseProps) -> Html {
    let t = texts(props.lang);
    let dispatch = use_dispatch();
    let meta = &props.meta;
    // `heading`: a field the page's heading already says (the project, the year), not printed twice.
    let text_field = |name: &'static str, value: &str, testid: &'static str, edit: Callback<String>, heading: bool| {
        html! {
            <label class={classes!("whose__field", heading.then_some("whose__field--heading"))}>
                <span class="whose__label">{ name }</span>
                <CommitText value={value.to_string()} label={name} {testid} class="whose__input" on_commit={edit} />
                <span class="print-only">{ value.to_string() }</span>
            </label>
        }
    };
    let meta_text = |which: MetaText| {
        dispatch.reform(move |text: String| Action::Structure(StructureEdit::SetMetaText(which, text)))
    };
    let department = dispatch.reform(|text: String| Action::Structure(StructureEdit::SetDepartment(text)));
    html! {
        <section class={classes!("whose", props.project_table.then_some("whose--project"))} data-testid="whose" aria-label={t.whose}>
            if props.project_table {
                { text_field(t.form.project, &meta.project, "project-input", meta_text(MetaText::Project), true) }
                { text_field(t.form.department, &meta.department, "department-input", department, false) }
                { text_field(t.form.executing_unit, &meta.executing_unit, "executing-unit-input", meta_text(MetaText::ExecutingUnit), false) }
            } else {
                { text_field(t.meta_department, &meta.department, "department-input", department, true) }
            }
            <label class="whose__field whose__field--heading">
                <span class="whose__label">{ t.meta_year }</span>
                <StructNumber input={InputKey::Year} value={meta.year.map(Decimal::from)} label={t.meta_year} testid="year-input" lang={props.lang} />
                <span class="print-only">{ meta.year.map(|y| y.to_string()).unwrap_or_default() }</span>
            </label>
        </section>
    }
}
