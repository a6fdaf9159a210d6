//! Messages to the user: a file that would not open (with every problem and where), and notices
//! about autosave, storage and saving.

use std::rc::Rc;

use yew::prelude::*;

use super::use_dispatch;
use crate::app::state::{Action, FailedLoad, Notice};
use crate::domain::Lang;
use crate::i18n::texts;

#[derive(Properties, PartialEq)]
pub struct LoadErrorPanelProps {
    pub failed: Rc<FailedLoad>,
    pub lang: Lang,
}

#[function_component(LoadErrorPanel)]
pub fn load_error_panel(props: &LoadErrorPanelProps) -> Html {
    let t = texts(props.lang);
    let dismiss = use_dispatch().reform(|_: MouseEvent| Action::DismissLoadError);
    html! {
        <section class="alert alert--error" role="alert" data-testid="load-error">
            <h2 class="alert__title">{ format!("{}{}{}", t.load_failed, t.colon, props.failed.file_name) }</h2>
            <ul class="alert__list">
                { for props.failed.error.problems.iter().map(|p| html! {
                    // The JSON path first in the item (a small line above the words), for those
                    // who edit the file by hand.
                    <li data-testid="load-problem" data-code={p.code()}>
                        if let Some(path) = p.path_detail() {
                            <small class="alert__path" data-testid="problem-path">{ path }</small>
                        }
                        <span class="alert__message">{ p.message(props.lang) }</span>
                    </li>
                }) }
            </ul>
            <button type="button" class="button" onclick={dismiss}>{ t.dismiss }</button>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct NoticeBarProps {
    pub notice: Notice,
    pub lang: Lang,
    pub on_discard_restored: Callback<()>,
}

#[function_component(NoticeBar)]
pub fn notice_bar(props: &NoticeBarProps) -> Html {
    let t = texts(props.lang);
    let dismiss = use_dispatch().reform(|_: MouseEvent| Action::DismissNotice);
    let keep_this_tab = use_dispatch().reform(|_: MouseEvent| Action::KeepThisTab);
    let (text, kind, testid) = match &props.notice {
        Notice::Restored => (t.restored.to_string(), "info", "notice-restored"),
        Notice::Discarded => (t.discarded.to_string(), "info", "notice-discarded"),
        Notice::PasteHint => (t.paste_hint.to_string(), "info", "notice-paste-hint"),
        Notice::Workbook(name) => (format!("{name}{}{}", t.colon, t.workbook_not_yet), "warning", "notice-workbook"),
        Notice::PastedTableNoReader => (t.pasted_table_no_reader.to_string(), "warning", "notice-workbook"),
        Notice::Opened(name) => (format!("{}{}{name}", t.opened, t.colon), "info", "notice-opened"),
        Notice::Saved(name) => (format!("{}{}{name}", t.saved_as, t.colon), "info", "notice-saved"),
        Notice::StorageFailed => (t.storage_failed.to_string(), "warning", "notice-storage"),
        Notice::StorageUnavailable => (t.storage_unavailable.to_string(), "warning", "notice-storage"),
        Notice::FileReadFailed(name) => {
            (format!("{}{}{name}", t.file_read_failed, t.colon), "warning", "notice-read-failed")
        }
        Notice::SaveFailed => (t.save_failed.to_string(), "warning", "notice-save-failed"),
        Notice::InvalidInput { count, first } => {
            let what = if *count == 1 { t.invalid_input_one } else { t.invalid_input };
            (format!("{count} {what}{}“{first}”", t.colon), "warning", "notice-invalid-input")
        }
        Notice::ExportFailed(message) => {
            (format!("{}{}{message}", t.export_failed, t.colon), "warning", "notice-export-failed")
        }
        Notice::Pasted(report) => (
            format!(
                "{} {} {}{}{}",
                t.pasted,
                report.filled,
                t.pasted_rows,
                if report.columns.is_empty() {
                    String::new()
                } else {
                    t.aside(
                        report.columns.iter().map(|c| c.label(props.lang)).collect::<Vec<_>>().join(t.list_separator),
                    )
                },
                // The sentence ends before the list of cells to check.
                if report.problems.is_empty() { "" } else { props.lang.pick("。", ".") }
            ),
            if report.problems.is_empty() { "info" } else { "warning" },
            "notice-pasted",
        ),
        Notice::StructureRefused(error) => {
            (format!("{}{}{}", t.structure_refused, t.colon, error.message(props.lang)), "warning", "notice-structure")
        }
        Notice::NextYear => (t.next_year_done.to_string(), "info", "notice-next-year"),
        Notice::OtherTab => (t.other_tab.to_string(), "warning", "notice-other-tab"),
    };
    let problems: Vec<String> = match &props.notice {
        Notice::Pasted(report) => report.problems.iter().map(|p| p.message(props.lang)).collect(),
        _ => Vec::new(),
    };
    let discard = props.on_discard_restored.reform(|_: MouseEvent| ());
    html! {
        <div class={classes!("notice", format!("notice--{kind}"))} role="status" data-testid={testid}>
            <span>{ text }</span>
            if !problems.is_empty() {
                <span class="notice__heading">{ t.paste_problems }</span>
                <ul class="notice__list">
                    { for problems.iter().map(|p| html! { <li data-testid="paste-problem">{ p }</li> }) }
                </ul>
            }
            if props.notice == Notice::OtherTab {
                <button type="button" class="button button--link" data-testid="keep-this-tab"
                    onclick={keep_this_tab}>{ t.keep_this_tab }</button>
            }
            if props.notice == Notice::Restored {
                <button type="button" class="button button--link" data-testid="discard-restored" onclick={discard}>{ t.discard_restored }</button>
            }
            <button type="button" class="button button--link" onclick={dismiss}>{ t.dismiss }</button>
        </div>
    }
}
