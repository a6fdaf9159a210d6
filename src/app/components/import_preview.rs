//! A workbook read, shown before anything replaces the work: each row with the cell it came from,
//! what was not read and why, what was assumed, and the total the engine computes beside the one the
//! workbook prints; 导入 replaces the work (undoably), 取消 leaves it. Also the workbook being read,
//! and a workbook that could not be read, with its message: the work stays as it was.

use std::rc::Rc;

use rust_decimal::Decimal;
use yew::prelude::*;

use super::modal::{escape_closes, focus_wrap, use_focus_given_back};
use crate::app::workbook::{WorkbookError, WorkbookRead};
use crate::domain::checks::printed_differs;
use crate::domain::num::{format_exact, format_fixed};
use crate::domain::{score, Evaluation, Lang};
use crate::i18n::{grade_name, texts};
use crate::import::Note;

/// What the import shows, between a workbook opened and its table accepted or cancelled.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportView {
    /// The worker is reading this file.
    Reading(String),
    Preview(Rc<PendingImport>),
    /// The file, and why it was not read.
    Failed(String, WorkbookError),
}

/// A workbook read and scored, waiting for 导入 or 取消.
#[derive(Debug, PartialEq)]
pub struct PendingImport {
    pub read: WorkbookRead,
    pub evaluation: Rc<Evaluation>,
    /// The engine's total and grade for the evaluation as loaded (not the worker's word for it).
    pub computed_total: Decimal,
    pub computed_grade: String,
}

impl PendingImport {
    /// Scores what was read, once, when it arrives.
    pub fn new(read: WorkbookRead) -> PendingImport {
        let scored = score(&read.evaluation);
        let evaluation = Rc::new(read.evaluation.clone());
        PendingImport { read, evaluation, computed_total: scored.total, computed_grade: scored.grade }
    }
}

#[derive(Properties, PartialEq)]
pub struct ImportPreviewProps {
    pub view: ImportView,
    pub lang: Lang,
    pub on_accept: Callback<()>,
    /// Cancel, or dismiss a failure.
    pub on_cancel: Callback<()>,
}

#[function_component(ImportPreview)]
pub fn import_preview(props: &ImportPreviewProps) -> Html {
    let t = texts(props.lang);
    let cancel = props.on_cancel.reform(|_: MouseEvent| ());
    // The dialog takes the focus on its 导入 button (Enter imports, Tab reaches 取消), and Escape
    // cancels, as a dialog's keys do.
    let accept_button = use_node_ref();
    let cancel_button = use_node_ref();
    {
        let accept_button = accept_button.clone();
        let shown = matches!(props.view, ImportView::Preview(_));
        use_effect_with(props.view.clone(), move |_| {
            if let Some(button) = accept_button.cast::<web_sys::HtmlElement>().filter(|_| shown) {
                let _ = button.focus();
            }
        });
    }
    // Closed (导入, 取消, Escape, a refusal dismissed), the focus goes back where it was when the
    // workbook came in, or, when that is gone (the table it was in was replaced), to 打开文件.
    use_focus_given_back("open-file");
    let onkeydown = escape_closes(props.on_cancel.clone());
    match &props.view {
        ImportView::Reading(file_name) => html! {
            <div class="notice notice--info" role="status" data-testid="import-reading">
                { format!("{}{}{file_name}…", t.import_reading, t.colon) }
            </div>
        },
        ImportView::Failed(file_name, error) => {
            let message = match error {
                WorkbookError::Load(load) => {
                    let problems: Vec<String> = load.problems.iter().map(|p| p.message(props.lang)).collect();
                    format!("{file_name}{}{}", t.colon, problems.join(t.list_separator))
                }
                WorkbookError::Crashed => format!("{file_name}{}{}", t.colon, t.import_crashed),
                other => other.refusal(props.lang).unwrap_or(file_name).to_string(),
            };
            let code = match error {
                WorkbookError::Refused { code, .. } => code.clone(),
                _ => String::new(),
            };
            html! {
                <section class="alert alert--error" role="alert" data-testid="notice-import-error" data-code={code}>
                    <h2 class="alert__title">{ t.import_failed }</h2>
                    <p class="import__message">{ message }{ props.lang.pick("。", ". ") }{ t.import_unchanged }</p>
                    <button type="button" class="button" onclick={cancel}>{ t.dismiss }</button>
                </section>
            }
        }
        ImportView::Preview(pending) => {
            let keys = DialogKeys { accept_button, cancel_button, onkeydown };
            preview(pending, props.lang, props.on_accept.reform(|_: MouseEvent| ()), cancel, keys)
        }
    }
}

/// The dialog's focus and keys (`import_preview`'s hooks).
struct DialogKeys {
    accept_button: NodeRef,
    cancel_button: NodeRef,
    onkeydown: Callback<KeyboardEvent>,
}

fn preview(
    pending: &PendingImport,
    lang: Lang,
    accept: Callback<MouseEvent>,
    cancel: Callback<MouseEvent>,
    keys: DialogKeys,
) -> Html {
    let t = texts(lang);
    let report = &pending.read.report;
    let printed = report.printed_total;
    // Shown as the table will show them once imported; the exact figures are the hooks' `data-value`.
    let decimals = pending.evaluation.meta.display_decimals;
    let differs =
        printed.is_some_and(|p| p.checked_sub(pending.computed_total).is_none_or(|gap| printed_differs(gap, decimals)));
    let notes = |title: &str, notes: &[Note], testid: &'static str| {
        if notes.is_empty() {
            return html! {};
        }
        html! {
            <>
                <h3 class="import__heading">{ format!("{title}{}{}", t.aside(notes.len().to_string()), t.colon) }</h3>
                <ul class="import__notes">
                    { for notes.iter().map(|n| html! {
                        <li data-testid={testid} data-place={n.place.clone()}>
                            <span class="import__cell">{ n.place.clone() }</span>{ " " }{ n.text(lang).to_string() }
                        </li>
                    }) }
                </ul>
            </>
        }
    };
    html! {
        <>
        // Over the page until 导入 or 取消: a click or tap behind the dialog edits nothing there.
        <div class="import-backdrop" aria-hidden="true" data-testid="import-backdrop"></div>
        <section class="import" role="dialog" aria-modal="true" aria-labelledby="import-title" data-testid="import-preview"
            onkeydown={keys.onkeydown}>
            { focus_wrap(&keys.cancel_button) }
            <h2 class="import__title" id="import-title">
                // A pasted table has no file or sheet to name.
                if pending.read.pasted {
                    { t.import_pasted_title }
                } else {
                    { format!("{}{}{}", t.import_title, t.colon, pending.read.file_name) }
                    <small class="import__sheet">{ t.aside(format!("{} {}", t.import_sheet, report.sheet)) }</small>
                }
            </h2>
            <p class="import__lead">{ t.import_replaces }</p>
            <p class={classes!("import__totals", differs.then_some("import__totals--differ"))}>
                <span>{ t.import_total_computed }{ t.colon }
                    <strong data-testid="import-total-computed" data-value={format_exact(pending.computed_total)}>
                        { format_fixed(pending.computed_total, decimals) }</strong>
                    { " " }{ grade_name(&pending.computed_grade, lang).to_string() }
                </span>
                <span>{ t.import_total_printed }{ t.colon }
                    if let Some(printed) = printed {
                        <strong data-testid="import-total-printed" data-value={format_exact(printed)}>{ format_fixed(printed, decimals) }</strong>
                        { " " }{ report.printed_grade.as_deref().map(|g| grade_name(g, lang)).unwrap_or_default().to_string() }
                    } else {
                        <span data-testid="import-total-printed" data-value="">{ t.import_not_printed }</span>
                    }
                </span>
                if printed.is_some() {
                    <span class="import__verdict" data-testid="import-total-verdict" data-differs={differs.to_string()}>
                        { if differs { t.import_totals_differ } else { t.import_totals_agree } }
                    </span>
                }
            </p>
            <div class="import__actions">
                <button type="button" class="button button--primary" data-testid="import-accept" onclick={accept} ref={keys.accept_button.clone()}>{ t.import_accept }</button>
                <button type="button" class="button" data-testid="import-cancel" onclick={cancel} ref={keys.cancel_button.clone()}>{ t.import_cancel }</button>
            </div>
            <h3 class="import__heading">{ format!("{}{}{}", t.import_rows, t.aside(report.rows.len().to_string()), t.colon) }</h3>
            <div class="import__scroll">
                <table class="import__rows">
                    <thead><tr><th scope="col">{ t.import_cell }</th><th scope="col">{ t.import_row_name }</th></tr></thead>
                    <tbody>
                        { for report.rows.iter().map(|r| html! {
                            <tr data-testid="import-row" data-cell={r.cell.clone()} data-id={r.id.clone()}>
                                <td class="import__cell">{ r.cell.clone() }</td>
                                <td>{ r.name.clone() }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            { notes(t.import_skipped, &report.skipped, "import-skipped") }
            { notes(t.import_assumed, &report.assumed, "import-assumed") }
            { focus_wrap(&keys.accept_button) }
        </section>
        </>
    }
}
