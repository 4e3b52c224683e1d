//! The rows of the task table: a VBS task's row (status badge, IDs with their copy buttons,
//! times, duration) or a CBR task's (status with a running task's progress, operation, resource,
//! vault, times, duration), a skeleton row while the view loads, and the spacer that stands for
//! the rows left out of the page (`viewer::windowing`).

use yew::prelude::*;

use crate::format::fixed;
use crate::i18n::{operation_label, progress_label, resource_type_label, task_duration, Key, Lang};
use crate::route::cbr_status;
use vbs_tasks::core::cbr::ResourceType;
use vbs_tasks::core::model::TaskStatus;
use vbs_tasks::core::taskrow::TaskRow;

use super::copy_button::row_copy_button;
use super::status_badge::{status_badge, status_badge_as};
use super::task_table::COLUMNS;
use super::time_cell::time_text;

/// Where a task's row stands and how it is marked.
pub(crate) struct RowPlace {
    /// Its key among the body's rows (`windowing::row_key`).
    pub key: String,
    /// Its index in the page (0-based): the table's listeners find the task by it.
    pub index: usize,
    /// It is the table's tab stop (the row Tab lands on).
    pub tab_stop: bool,
    /// Its details are open.
    pub selected: bool,
    /// It is highlighted (hovered here or on the timeline).
    pub highlighted: bool,
}

/// `—`, what an empty field shows.
fn none() -> Html {
    html! { <span class="muted">{ "\u{2014}" }</span> }
}

/// An ID in code type with its copy button; `tag` (a resource type) goes before it.
fn id_with_copy(lang: Lang, id: &str, tag: &str, what: Key) -> Html {
    html! {
        <span class="id-with-copy">
            if !tag.is_empty() {
                <span class="tag">{ tag.to_owned() }</span>
            }
            <code class="id" title={id.to_owned()}>{ id.to_owned() }</code>
            { row_copy_button(lang, id, what) }
        </span>
    }
}

/// The row of `task`: one cell per column of `COLUMNS`, in order. `now_ms` for running durations
/// and relative times.
pub(crate) fn task_row(lang: Lang, task: &TaskRow, now_ms: f64, place: RowPlace) -> Html {
    let class = classes!(
        "task-row",
        place.selected.then_some("task-row--selected"),
        task.status.is_failure().then_some("task-row--failed"),
        place.highlighted.then_some("task-row--highlighted"),
    );
    let name = match task.backup_name.as_str() {
        "" => none(),
        // Two lines at most (rows have a fixed height); the whole name in its tooltip.
        name => {
            html! { <span class="cell-name__text" title={name.to_owned()}>{ name.to_owned() }</span> }
        }
    };
    let resource = match task.resource_id.as_str() {
        "" => none(),
        id => id_with_copy(lang, id, &task.resource_type, Key::WhatResourceId),
    };
    let duration = duration_cell(lang, task, now_ms);
    html! {
        <tr key={place.key} {class} tabindex={if place.tab_stop { "0" } else { "-1" }}
            data-job-id={task.id.clone()} data-index={place.index.to_string()}
            aria-rowindex={(place.index + 2).to_string()}
            aria-label={format!("{} {}", lang.t(Key::TaskWord), task.id)}>
            <td class="cell-status">{ status_badge(lang, &task.status) }</td>
            <td class="cell-id">{ id_with_copy(lang, &task.id, "", Key::WhatJobId) }</td>
            <td class="cell-name">{ name }</td>
            <td class="cell-resource">{ resource }</td>
            <td class="cell-time">{ time_text(lang, Some(task.created_at), now_ms) }</td>
            <td class="cell-time">{ time_text(lang, task.ended_at, now_ms) }</td>
            <td class="cell-duration">{ duration }</td>
        </tr>
    }
}

/// A task's duration: ticking while it runs.
fn duration_cell(lang: Lang, task: &TaskRow, now_ms: f64) -> Html {
    match task_duration(lang, task, now_ms) {
        Some((text, true)) => {
            html! { <span class="ticking" title={lang.t(Key::RunningHint)}>{ text }</span> }
        }
        Some((text, false)) => html! { { text } },
        None => none(),
    }
}

/// A CBR resource type as a row has it: `volume` is the VBS form of `OS::Cinder::Volume`.
pub(crate) fn cbr_resource_type(task: &TaskRow) -> ResourceType {
    match task.resource_type.as_str() {
        "volume" => ResourceType::Volume,
        other => ResourceType::from_wire(other),
    }
}

/// A running task's progress: a bar with its percentage for assistive technology.
pub(crate) fn progress_bar(lang: Lang, percent: u8) -> Html {
    html! {
        <span class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100"
              aria-valuenow={percent.to_string()} aria-label={progress_label(lang, percent)}
              title={progress_label(lang, percent)}>
            <span class="progress__bar" style={format!("width: {percent}%")}></span>
        </span>
    }
}

/// The row of a CBR `task`: one cell per column of `CBR_COLUMNS`, in order.
pub(crate) fn cbr_task_row(lang: Lang, task: &TaskRow, now_ms: f64, place: RowPlace) -> Html {
    let class = classes!(
        "task-row",
        "task-row--cbr",
        place.selected.then_some("task-row--selected"),
        task.status.is_failure().then_some("task-row--failed"),
        place.highlighted.then_some("task-row--highlighted"),
    );
    let wire = cbr_status(&task.status).unwrap_or_else(|| task.status.as_str().to_owned());
    let progress = task
        .progress
        .filter(|_| task.status == TaskStatus::Running)
        .map(|percent| progress_bar(lang, percent));
    let operation = match &task.operation {
        Some(operation) => html! {
            <span class="operation" data-operation={operation.as_str().to_owned()}>
                { operation_label(lang, operation).to_owned() }
            </span>
        },
        None => none(),
    };
    let resource = if task.resource_id.is_empty() {
        none()
    } else {
        let name = task.resource_name.clone().filter(|name| !name.is_empty());
        html! {
            <span class="resource" data-resource-id={task.resource_id.clone()}>
                <span class="resource__name" title={task.resource_id.clone()}>
                    { name.unwrap_or_else(|| task.resource_id.clone()) }
                </span>
                <span class="tag">{ resource_type_label(lang, &cbr_resource_type(task)).to_owned() }</span>
            </span>
        }
    };
    let vault = match (&task.vault_name, &task.vault_id) {
        (Some(name), id) if !name.is_empty() => html! {
            <span class="vault" title={id.clone().unwrap_or_default()}>{ name.clone() }</span>
        },
        (_, Some(id)) => html! { <span class="vault" title={id.clone()}>{ id.clone() }</span> },
        _ => none(),
    };
    html! {
        <tr key={place.key} {class} tabindex={if place.tab_stop { "0" } else { "-1" }}
            data-job-id={task.id.clone()} data-index={place.index.to_string()}
            data-vault-id={task.vault_id.clone().unwrap_or_default()}
            aria-rowindex={(place.index + 2).to_string()}
            aria-label={format!("{} {}", lang.t(Key::TaskWord), task.id)}>
            <td class="cell-status">
                { status_badge_as(lang, &task.status, &wire) }
                { for progress }
            </td>
            <td class="cell-operation">{ operation }</td>
            <td class="cell-resource">{ resource }</td>
            <td class="cell-vault">{ vault }</td>
            <td class="cell-time">{ time_text(lang, Some(task.created_at), now_ms) }</td>
            <td class="cell-time">{ time_text(lang, task.ended_at, now_ms) }</td>
            <td class="cell-duration">{ duration_cell(lang, task, now_ms) }</td>
        </tr>
    }
}

/// A placeholder row while the view loads (hidden from assistive technology: the table says it
/// is busy).
pub(crate) fn skeleton_row(index: u32) -> Html {
    // A NUL, which no job ID has, keeps these keys apart from the rows'.
    html! {
        <tr key={format!("\0skeleton{index}")} class="skeleton-row" aria-hidden="true">
            { for COLUMNS.iter().map(|_| html! { <td><span class="skeleton"></span></td> }) }
        </tr>
    }
}

/// An empty row as tall as the `rows` rows it stands for, `pitch` px each; `ordinal` tells the
/// body's spacers apart (the first is kept when the window moves).
pub(crate) fn spacer_row(ordinal: usize, rows: usize, pitch: f64) -> Html {
    let height = format!("height: {}px", fixed(rows as f64 * pitch, 2));
    html! {
        <tr key={format!("\0spacer{ordinal}")} class="spacer-row" aria-hidden="true" style={height}>
            <td colspan={COLUMNS.len().to_string()}></td>
        </tr>
    }
}
