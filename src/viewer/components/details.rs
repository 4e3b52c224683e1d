//! The details of one task: every field, with a failure's code and message first and prominent.

use yew::prelude::*;

use crate::core::model::Task;
use crate::viewer::browser;
use crate::viewer::format::{status_label, task_duration, utc_time};

use super::copy_button::CopyButton;
use super::icon::{Icon, IconName};
use super::status_badge::StatusBadge;
use super::time_cell::TimeText;

#[derive(Properties, PartialEq)]
pub(crate) struct DetailsProps {
    pub task: Task,
    pub now_ms: f64,
    pub onclose: Callback<()>,
}

#[function_component]
pub(crate) fn Details(props: &DetailsProps) -> Html {
    let task = &props.task;
    // Focus moves into the panel when it opens (or shows another task), so Esc and Tab work there.
    use_effect_with(task.job_id.clone(), |_| browser::focus_id("details-close"));
    let onclose = {
        let (onclose, job_id) = (props.onclose.clone(), task.job_id.clone());
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
                        <CopyButton text={value.to_owned()} what={what} /></span>
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
    html! {
        <aside class="details" role="dialog" aria-modal="false" aria-labelledby="details-title">
            <header class="details__head">
                <h2 id="details-title">{ "Task details" }</h2>
                <button id="details-close" type="button" class="icon-button" aria-label="Close details"
                        title="Close (Esc)" onclick={onclose}><Icon name={IconName::Cross} /></button>
            </header>
            <div class="details__status">
                <StatusBadge status={task.status.clone()} />
                <span class="muted">{ status_label(&task.status).to_owned() }{ " · " }{ task.status.as_str().to_owned() }</span>
            </div>
            if has_failure {
                <section class="failure" aria-label="Failure">
                    <p class="failure__code"><span class="failure__label">{ "Code" }</span>
                        <code data-field="code">{ task.code.clone().unwrap_or_else(|| "—".to_owned()) }</code></p>
                    <p class="failure__message" data-field="message">{ task.message.clone().unwrap_or_else(|| "No message".to_owned()) }</p>
                </section>
            }
            <dl class="fields">
                { id_row("Job ID", &task.job_id, "job ID") }
                { id_row("VBS job ID", task.vbs_job_id.as_deref().unwrap_or_default(), "VBS job ID") }
                { text_row("Backup name", Some(task.backup_name.clone())) }
                { id_row("Resource ID", &task.resource_id, "resource ID") }
                { text_row("Resource type", Some(task.resource_type.clone())) }
                <dt>{ "Created" }</dt>
                <dd><TimeText at={Some(task.created_at)} now_ms={props.now_ms} />
                    <div class="muted small">{ utc_time(task.created_at) }</div></dd>
                <dt>{ "Finished" }</dt>
                <dd><TimeText at={task.finished_at} now_ms={props.now_ms} />
                    if let Some(at) = task.finished_at { <div class="muted small">{ utc_time(at) }</div> }</dd>
                { text_row("Duration", task_duration(task, props.now_ms).map(|(text, _)| text)) }
                if !has_failure {
                    { text_row("Code", task.code.clone()) }
                    { text_row("Message", task.message.clone()) }
                }
            </dl>
        </aside>
    }
}
