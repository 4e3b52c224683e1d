//! The details of one task: every field, with a failure's code and message first and prominent;
//! for a CBR task, its `error_info` first, then its fields and every `extra_info` block
//! (`cbr_details.rs`). The app moves the focus into it when it opens.

use yew::prelude::*;

use crate::browser;
use crate::format::utc_time;
use crate::i18n::{status_label, task_duration, Key, Lang};
use crate::route::cbr_status;
use vbs_tasks::core::cbr::OperationLog;
use vbs_tasks::core::taskrow::TaskRow;

use super::cbr_details::{cbr_fields, extra_blocks};
use super::copy_button::copy_button;
use super::icon::{icon, IconName};
use super::status_badge::status_badge_as;
use super::time_cell::time_text;

#[derive(Properties, PartialEq)]
pub(crate) struct TaskDetailsProps {
    /// The task shown.
    pub task: TaskRow,
    /// Its operation log, for a CBR task.
    #[prop_or_default]
    pub log: Option<OperationLog>,
    /// "Now" for its relative times and a running task's duration (server clock).
    pub now_ms: f64,
    /// The close button was pressed (the focus goes back to the task's row).
    pub onclose: Callback<()>,
}

/// The details panel.
#[function_component]
pub(crate) fn TaskDetails(props: &TaskDetailsProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let task = &props.task;
    let onclose = {
        let (onclose, job_id) = (props.onclose.clone(), task.id.clone());
        Callback::from(move |_: MouseEvent| {
            onclose.emit(());
            browser::focus_task_row(&job_id);
        })
    };
    let id_row = |label: &'static str, value: &str, what: &'static str| {
        html! {
            <>
                <dt>{ label }</dt>
                <dd>
                    if value.is_empty() { <span class="muted">{ "—" }</span> } else {
                        <span class="id-with-copy"><code class="id id--full">{ value.to_owned() }</code>
                        { copy_button(lang, value.to_owned().into(), what) }</span>
                    }
                </dd>
            </>
        }
    };
    let text_row = |label: &'static str, value: Option<String>| {
        html! {
            <>
                <dt>{ label }</dt>
                <dd>{ match value.filter(|v| !v.is_empty()) {
                    Some(value) => html! { { value } },
                    None => html! { <span class="muted">{ "—" }</span> },
                } }</dd>
            </>
        }
    };
    let has_failure = task.code.is_some() || task.message.is_some();
    let wire = match &props.log {
        Some(_) => cbr_status(&task.status).unwrap_or_else(|| task.status.as_str().to_owned()),
        None => task.status.as_str().to_owned(),
    };
    let fields = match &props.log {
        Some(log) => html! {
            <>
                { cbr_fields(lang, task, log, props.now_ms) }
                { extra_blocks(lang, log) }
            </>
        },
        None => html! {
            <dl class="fields">
                { id_row(lang.t(Key::JobId), &task.id, lang.t(Key::WhatJobId)) }
                { id_row(lang.t(Key::WhatVbsJobId), task.sub_job_id.as_deref().unwrap_or_default(), lang.t(Key::WhatVbsJobId)) }
                { text_row(lang.t(Key::BackupName), Some(task.backup_name.clone())) }
                { id_row(lang.t(Key::ResourceId), &task.resource_id, lang.t(Key::WhatResourceId)) }
                { text_row(lang.t(Key::ResourceType), Some(task.resource_type.clone())) }
                <dt>{ lang.t(Key::Created) }</dt>
                <dd>{ time_text(lang, Some(task.created_at), props.now_ms) }
                    <div class="muted small">{ utc_time(task.created_at) }</div></dd>
                <dt>{ lang.t(Key::Finished) }</dt>
                <dd>{ time_text(lang, task.ended_at, props.now_ms) }
                    if let Some(at) = task.ended_at { <div class="muted small">{ utc_time(at) }</div> }</dd>
                { text_row(lang.t(Key::Duration), task_duration(lang, task, props.now_ms).map(|(text, _)| text)) }
                if !has_failure {
                    { text_row(lang.t(Key::Code), task.code.clone()) }
                    { text_row(lang.t(Key::Message), task.message.clone()) }
                }
            </dl>
        },
    };
    html! {
        <section class="details" role="dialog" aria-modal="false" aria-labelledby="details-title">
            <header class="details__head">
                <h2 id="details-title">{ lang.t(Key::TaskDetails) }</h2>
                <button id="details-close" type="button" class="icon-button" aria-label={lang.t(Key::CloseDetails)}
                        title={lang.t(Key::CloseEsc)} onclick={onclose}>{ icon(IconName::Cross) }</button>
            </header>
            <div class="details__status">
                { status_badge_as(lang, &task.status, &wire) }
                <span class="muted">{ status_label(lang, &task.status).to_owned() }{ " · " }{ wire.clone() }</span>
            </div>
            if has_failure {
                <section class="failure" aria-label={lang.t(Key::Failure)}>
                    <p class="failure__code"><span class="failure__label">{ lang.t(Key::Code) }</span>
                        <code data-field="code">{ task.code.clone().unwrap_or_else(|| "—".to_owned()) }</code></p>
                    <p class="failure__message" data-field="message">{ task.message.clone().unwrap_or_else(|| lang.t(Key::NoMessage).to_owned()) }</p>
                </section>
            }
            { fields }
        </section>
    }
}
