//! `Export CSV` / `Export JSON` (the whole filtered set), the export's progress bar with Cancel,
//! and how the last export ended.

use yew::prelude::*;

use crate::i18n::{export_done, export_progress, failure_note, Key, Lang};
use crate::state::{ExportFormat, ExportJob, ExportOutcome};

#[derive(Properties, PartialEq)]
pub(crate) struct ExportBarProps {
    /// The export under way.
    pub job: Option<ExportJob>,
    /// How the last export of this policy ended.
    pub outcome: Option<ExportOutcome>,
    /// Whether there is a filtered set to export (a policy is shown).
    pub enabled: bool,
    /// An export button was pressed.
    pub onexport: Callback<ExportFormat>,
    /// "Cancel" was pressed.
    pub oncancel: Callback<()>,
}

/// The buttons, the progress and the last export's note.
#[function_component]
pub(crate) fn ExportBar(props: &ExportBarProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let button = |format: ExportFormat| {
        let onclick = props.onexport.reform(move |_: MouseEvent| format);
        html! {
            <button type="button" class="button" disabled={!props.enabled || props.job.is_some()} {onclick}
                    title={lang.t(Key::ExportHint)}>
                { format!("{} {}", lang.t(Key::Export), format.label()) }
            </button>
        }
    };
    let progress = props.job.as_ref().map(|job| {
        let cancel = props.oncancel.reform(|_: MouseEvent| ());
        let percent = job.percent();
        let text = export_progress(
            lang,
            job.format.label(),
            job.pages,
            job.tasks,
            job.total,
            percent.unwrap_or(0),
        );
        html! {
            <div class="export-progress" role="group" aria-label={lang.t(Key::ExportProgress)}>
                <progress max="100" value={percent.unwrap_or(0).to_string()} aria-label={lang.t(Key::ExportProgress)}></progress>
                <span class="export-progress__text" aria-live="polite">{ text }</span>
                <button type="button" class="button button--ghost" onclick={cancel}>{ lang.t(Key::Cancel) }</button>
            </div>
        }
    });
    let outcome = match (&props.job, &props.outcome) {
        (None, Some(ExportOutcome::Done(summary))) => html! {
            <span class="export-note" data-export="done">{ export_done(lang, &summary.file_name, summary.tasks) }</span>
        },
        (None, Some(ExportOutcome::Cancelled)) => html! {
            <span class="export-note" data-export="cancelled">{ lang.t(Key::ExportCancelled) }</span>
        },
        (None, Some(ExportOutcome::Failed(error))) => html! {
            <span class="export-note export-note--error" data-export="failed" role="alert">
                { format!("{}: {}", lang.t(Key::ExportFailed), failure_note(lang, error)) }
            </span>
        },
        _ => html! {},
    };
    html! {
        <div class="export-bar">
            { button(ExportFormat::Csv) }
            { button(ExportFormat::Json) }
            { progress.unwrap_or_default() }
            { outcome }
        </div>
    }
}
