//! One task as a table row (a card on narrow screens). The row has no event handlers of its own,
//! nor have its copy buttons: the table listens once for all rows (see `task_table.rs`), so a
//! render allocates no closure per row, and a row whose page, index and flags are unchanged is
//! not rendered again.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::model::TaskPage;
use crate::viewer::i18n::{task_duration, Key, Lang};

use super::copy_button::delegated_copy_button;
use super::status_badge::status_badge;
use super::time_cell::time_text;

/// A page shared by its rows, equal only to itself: comparing rows' props must not compare pages
/// task by task.
#[derive(Clone)]
pub(crate) struct SharedPage(pub Rc<TaskPage>);

impl PartialEq for SharedPage {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
pub(crate) struct TaskRowProps {
    /// The page the row's task is on, and where.
    pub page: SharedPage,
    pub index: usize,
    pub now_ms: f64,
    /// Whether the row is the one Tab lands on (roving tab index).
    pub tab_stop: bool,
    /// Whether its details are open.
    pub selected: bool,
    /// Its bar in the timeline is hovered or focused (or the row itself is).
    #[prop_or_default]
    pub highlighted: bool,
}

#[function_component]
pub(crate) fn TaskRow(props: &TaskRowProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let Some(task) = props.page.0.tasks.get(props.index) else {
        return Html::default();
    };
    let duration = task_duration(lang, task, props.now_ms);
    let failed = task.status.is_failure();
    html! {
        <tr class={classes!("task-row", props.selected.then_some("task-row--selected"), failed.then_some("task-row--failed"), props.highlighted.then_some("task-row--highlighted"))}
            tabindex={if props.tab_stop { "0" } else { "-1" }}
            data-job-id={task.job_id.clone()}
            data-index={props.index.to_string()}
            aria-label={format!("{} {}", lang.t(Key::TaskWord), task.job_id)}>
            <td class="cell-status">{ status_badge(lang, &task.status) }</td>
            <td class="cell-id">
                <span class="id-with-copy">
                    <code class="id" title={task.job_id.clone()}>{ task.job_id.clone() }</code>
                    { delegated_copy_button(lang, &task.job_id, Key::WhatJobId) }
                </span>
            </td>
            <td class="cell-name">
                if task.backup_name.is_empty() { <span class="muted">{ "—" }</span> } else { { task.backup_name.clone() } }
            </td>
            <td class="cell-resource">
                if task.resource_id.is_empty() {
                    <span class="muted">{ "—" }</span>
                } else {
                    <span class="id-with-copy">
                        if !task.resource_type.is_empty() { <span class="tag">{ task.resource_type.clone() }</span> }
                        <code class="id" title={task.resource_id.clone()}>{ task.resource_id.clone() }</code>
                        { delegated_copy_button(lang, &task.resource_id, Key::WhatResourceId) }
                    </span>
                }
            </td>
            <td class="cell-time">{ time_text(lang, Some(task.created_at), props.now_ms) }</td>
            <td class="cell-time">{ time_text(lang, task.finished_at, props.now_ms) }</td>
            <td class="cell-duration">
                { match duration {
                    Some((text, true)) => html! { <span class="ticking" title={lang.t(Key::RunningHint)}>{ text }</span> },
                    Some((text, false)) => html! { { text } },
                    None => html! { <span class="muted">{ "—" }</span> },
                } }
            </td>
        </tr>
    }
}
