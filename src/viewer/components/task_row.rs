//! One task as a table row (a card on narrow screens). Click or Enter opens its details; the arrow
//! keys move between rows.

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::core::model::Task;
use crate::viewer::i18n::{task_duration, Key, Lang};

use super::copy_button::CopyButton;
use super::status_badge::StatusBadge;
use super::time_cell::TimeText;

#[derive(Properties, PartialEq)]
pub(crate) struct TaskRowProps {
    pub task: Task,
    pub now_ms: f64,
    /// Whether the row is the one Tab lands on (roving tab index).
    pub tab_stop: bool,
    /// Whether its details are open.
    pub selected: bool,
    pub onopen: Callback<Task>,
    pub onfocus: Callback<()>,
    /// Its bar in the timeline is hovered or focused (or the row itself is).
    #[prop_or_default]
    pub highlighted: bool,
    /// The pointer entered (`Some(job ID)`) or left (`None`) the row.
    #[prop_or_default]
    pub onhover: Callback<Option<String>>,
}

/// Moves focus to another row of the same body. (Yew delegates events to the app root, so the row
/// is found from the event's target, not its current target.)
fn focus_row(from: &HtmlElement, key: &str) -> bool {
    let target = match key {
        "ArrowDown" => from.next_element_sibling(),
        "ArrowUp" => from.previous_element_sibling(),
        "Home" => from
            .parent_element()
            .and_then(|body| body.first_element_child()),
        "End" => from
            .parent_element()
            .and_then(|body| body.last_element_child()),
        _ => return false,
    };
    if let Some(row) = target.and_then(|row| row.dyn_into::<HtmlElement>().ok()) {
        let _ = row.focus();
    }
    true
}

#[function_component]
pub(crate) fn TaskRow(props: &TaskRowProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let task = &props.task;
    let onclick = {
        let (onopen, task) = (props.onopen.clone(), task.clone());
        Callback::from(move |_: MouseEvent| onopen.emit(task.clone()))
    };
    let onkeydown = {
        let (onopen, task) = (props.onopen.clone(), task.clone());
        Callback::from(move |event: KeyboardEvent| {
            let key = event.key();
            if key == "Enter" || key == " " {
                event.prevent_default();
                onopen.emit(task.clone());
            } else if let Some(row) = event
                .target()
                .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
                .and_then(|element| element.closest("tr.task-row").ok().flatten())
                .and_then(|row| row.dyn_into::<HtmlElement>().ok())
            {
                if focus_row(&row, &key) {
                    event.prevent_default();
                }
            }
        })
    };
    let onfocus = {
        let onfocus = props.onfocus.clone();
        Callback::from(move |_: FocusEvent| onfocus.emit(()))
    };
    let onmouseenter = {
        let (onhover, job_id) = (props.onhover.clone(), task.job_id.clone());
        Callback::from(move |_: MouseEvent| onhover.emit(Some(job_id.clone())))
    };
    let onmouseleave = {
        let onhover = props.onhover.clone();
        Callback::from(move |_: MouseEvent| onhover.emit(None))
    };
    let duration = task_duration(lang, task, props.now_ms);
    let failed = task.status.is_failure();
    html! {
        <tr class={classes!("task-row", props.selected.then_some("task-row--selected"), failed.then_some("task-row--failed"), props.highlighted.then_some("task-row--highlighted"))}
            tabindex={if props.tab_stop { "0" } else { "-1" }}
            data-job-id={task.job_id.clone()}
            aria-label={format!("{} {}", lang.t(Key::TaskWord), task.job_id)}
            {onclick} {onkeydown} {onfocus} {onmouseenter} {onmouseleave}>
            <td data-label={lang.t(Key::Status)} class="cell-status"><StatusBadge status={task.status.clone()} /></td>
            <td data-label={lang.t(Key::JobId)} class="cell-id">
                <span class="id-with-copy">
                    <code class="id" title={task.job_id.clone()}>{ task.job_id.clone() }</code>
                    <CopyButton text={task.job_id.clone()} what={lang.t(Key::WhatJobId)} tabbable={false} />
                </span>
            </td>
            <td data-label={lang.t(Key::BackupName)} class="cell-name">
                if task.backup_name.is_empty() { <span class="muted">{ "—" }</span> } else { { task.backup_name.clone() } }
            </td>
            <td data-label={lang.t(Key::Resource)} class="cell-resource">
                if task.resource_id.is_empty() {
                    <span class="muted">{ "—" }</span>
                } else {
                    <span class="id-with-copy">
                        if !task.resource_type.is_empty() { <span class="tag">{ task.resource_type.clone() }</span> }
                        <code class="id" title={task.resource_id.clone()}>{ task.resource_id.clone() }</code>
                        <CopyButton text={task.resource_id.clone()} what={lang.t(Key::WhatResourceId)} tabbable={false} />
                    </span>
                }
            </td>
            <td data-label={lang.t(Key::Created)} class="cell-time"><TimeText at={Some(task.created_at)} now_ms={props.now_ms} /></td>
            <td data-label={lang.t(Key::Finished)} class="cell-time"><TimeText at={task.finished_at} now_ms={props.now_ms} /></td>
            <td data-label={lang.t(Key::Duration)} class="cell-duration">
                { match duration {
                    Some((text, true)) => html! { <span class="ticking" title={lang.t(Key::RunningHint)}>{ text }</span> },
                    Some((text, false)) => html! { { text } },
                    None => html! { <span class="muted">{ "—" }</span> },
                } }
            </td>
        </tr>
    }
}
