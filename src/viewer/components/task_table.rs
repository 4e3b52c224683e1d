//! The task table: header cells (a contract), one body row per task, or skeleton rows while the
//! view loads.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::model::{Task, TaskPage};

use crate::viewer::i18n::{Key, Lang};

use super::task_row::TaskRow;

/// The header cells, in order: a contract the tests rely on (in English).
pub(crate) const COLUMNS: [Key; 7] = [
    Key::Status,
    Key::JobId,
    Key::BackupName,
    Key::Resource,
    Key::Created,
    Key::Finished,
    Key::Duration,
];

#[derive(Properties, PartialEq)]
pub(crate) struct TaskTableProps {
    /// The page to show; `None` shows skeleton rows.
    pub page: Option<Rc<TaskPage>>,
    /// How many skeleton rows stand in while loading.
    pub skeleton_rows: u32,
    pub now_ms: f64,
    pub selected: Option<AttrValue>,
    pub onopen: Callback<Task>,
    /// A refresh is under way (the rows stay, dimmed slightly).
    #[prop_or_default]
    pub busy: bool,
    /// The task highlighted from the timeline (or by the pointer on its row).
    #[prop_or_default]
    pub highlighted: Option<AttrValue>,
    #[prop_or_default]
    pub onhover: Callback<Option<String>>,
}

#[function_component]
pub(crate) fn TaskTable(props: &TaskTableProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let tab_stop = use_state(|| 0_usize);
    let rows = match &props.page {
        Some(page) => {
            let tab_stop_index = (*tab_stop).min(page.tasks.len().saturating_sub(1));
            page.tasks
                .iter()
                .enumerate()
                .map(|(index, task)| {
                    let onfocus = {
                        let tab_stop = tab_stop.clone();
                        Callback::from(move |()| tab_stop.set(index))
                    };
                    html! {
                        <TaskRow key={task.job_id.clone()} task={task.clone()} now_ms={props.now_ms}
                                 tab_stop={index == tab_stop_index}
                                 selected={props.selected.as_deref() == Some(task.job_id.as_str())}
                                 highlighted={props.highlighted.as_deref() == Some(task.job_id.as_str())}
                                 onhover={props.onhover.clone()}
                                 onopen={props.onopen.clone()} {onfocus} />
                    }
                })
                .collect::<Html>()
        }
        None => (0..props.skeleton_rows)
            .map(|_| {
                html! {
                    <tr class="skeleton-row" aria-hidden="true">
                        { for COLUMNS.iter().map(|_| html! { <td><span class="skeleton"></span></td> }) }
                    </tr>
                }
            })
            .collect::<Html>(),
    };
    let loading = props.page.is_none();
    html! {
        <div class={classes!("table-wrap", props.busy.then_some("table-wrap--busy"))}>
            <table class="tasks" aria-busy={if loading || props.busy { "true" } else { "false" }}>
                <caption class="visually-hidden">{ lang.t(Key::TableCaption) }</caption>
                <thead>
                    <tr>{ for COLUMNS.iter().map(|name| html! { <th scope="col">{ lang.t(*name) }</th> }) }</tr>
                </thead>
                <tbody>{ rows }</tbody>
            </table>
        </div>
    }
}
