//! Handing the evaluation on: the 自评表 as an Excel workbook, the indicator table as CSV, and the
//! browser's print dialog (laid out by styles/print.css on A4 landscape; "save as PDF" is in it too).
//! What is exported is what is shown: the active variant, as scored on screen.

use std::rc::Rc;

use yew::prelude::*;

use super::{same, use_dispatch};
use crate::app::effects::{self, DownloadBlocked};
use crate::app::state::{Action, Drafts, Notice};
use crate::domain::{Evaluation, Lang, Scored};
use crate::export;
use crate::i18n::texts;

#[derive(Properties)]
pub struct ExportMenuProps {
    pub evaluation: Rc<Evaluation>,
    pub scored: Rc<Scored>,
    /// Cells whose text is not a number refuse the export, as the save (`refuse_invalid_input`).
    pub drafts: Rc<Drafts>,
    /// The scenario shown, if one is: its exports say so (`export::for_scenario`).
    #[prop_or_default]
    pub scenario: Option<AttrValue>,
    pub lang: Lang,
}

impl PartialEq for ExportMenuProps {
    fn eq(&self, other: &Self) -> bool {
        same(&self.evaluation, &other.evaluation)
            && same(&self.scored, &other.scored)
            && same(&self.drafts, &other.drafts)
            && self.scenario == other.scenario
            && self.lang == other.lang
    }
}

/// Which file a button makes.
#[derive(Clone, Copy)]
enum Kind {
    Xlsx,
    Csv,
}

fn export(
    evaluation: &Evaluation,
    scored: &Scored,
    scenario: Option<&str>,
    lang: Lang,
    kind: Kind,
) -> Result<(), Notice> {
    let blocked = |DownloadBlocked| Notice::SaveFailed;
    let extension = match kind {
        Kind::Xlsx => "xlsx",
        Kind::Csv => "csv",
    };
    let marked;
    let (evaluation, name) = match scenario {
        Some(scenario) => {
            let (evaluation, name) = export::for_scenario(evaluation, scenario, lang, extension);
            marked = evaluation;
            (&marked, name)
        }
        None => (evaluation, export::file_name(evaluation, lang, extension)),
    };
    match kind {
        Kind::Xlsx => {
            let bytes = export::to_xlsx(evaluation, scored, lang).map_err(|e| Notice::ExportFailed(e.message(lang)))?;
            effects::download_bytes(&name, &bytes, export::XLSX_MIME).map_err(blocked)
        }
        Kind::Csv => {
            effects::download(&name, &export::to_csv(evaluation, scored, lang), export::CSV_MIME).map_err(blocked)
        }
    }
}

#[function_component(ExportMenu)]
pub fn export_menu(props: &ExportMenuProps) -> Html {
    let t = texts(props.lang);
    let dispatch = use_dispatch();
    let on_export = |kind: Kind| {
        let (evaluation, scored, drafts, lang) =
            (props.evaluation.clone(), props.scored.clone(), props.drafts.clone(), props.lang);
        let scenario = props.scenario.clone();
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            if super::refuse_invalid_input(&drafts, &dispatch) {
                return;
            }
            if let Err(notice) = export(&evaluation, &scored, scenario.as_deref(), lang, kind) {
                dispatch.emit(Action::Notify(notice));
            }
        })
    };
    html! {
        <div class="export-menu" role="group">
            <button type="button" class="button" data-testid="export-xlsx" onclick={on_export(Kind::Xlsx)}>{ t.export_xlsx }</button>
            <button type="button" class="button" data-testid="export-csv" onclick={on_export(Kind::Csv)}>{ t.export_csv }</button>
            <button type="button" class="button" data-testid="print" title={t.print_hint}
                onclick={Callback::from(|_: MouseEvent| effects::print())}>{ t.print }</button>
        </div>
    }
}
