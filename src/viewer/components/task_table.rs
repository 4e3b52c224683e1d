//! The task table: header cells (a contract), one body row per task, or skeleton rows while the
//! view loads.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, EventTarget, HtmlElement};
use yew::prelude::*;

use crate::core::model::{Task, TaskPage};

use crate::viewer::i18n::{Key, Lang};

use super::copy_button::copy_from;
use super::task_row::{SharedPage, TaskRow};

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

/// The row an event happened in (Yew delegates events to the app root, so the row is found from
/// the event's target), and its index in the page.
fn row_of(target: Option<EventTarget>) -> Option<(HtmlElement, usize)> {
    let row = target?
        .dyn_into::<Element>()
        .ok()?
        .closest("tr.task-row")
        .ok()??
        .dyn_into::<HtmlElement>()
        .ok()?;
    let index = row.get_attribute("data-index")?.parse().ok()?;
    Some((row, index))
}

fn task_at(page: &Option<Rc<TaskPage>>, index: usize) -> Option<&Task> {
    page.as_ref().and_then(|page| page.tasks.get(index))
}

/// Moves focus from `row` to another row of the same body, for the arrow, Home and End keys.
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

/// The column names as CSS custom properties (`--col-1: "Status"; …`), which label the fields of a
/// row shown as a card on narrow screens (`styles/table.css`): set once on the table rather than
/// as an attribute on every cell of every row.
fn column_labels(lang: Lang) -> String {
    let mut style = String::new();
    for (index, name) in COLUMNS.iter().enumerate() {
        let label = lang.t(*name).replace('\\', "\\\\").replace('"', "\\\"");
        style.push_str(&format!("--col-{}: \"{label}\"; ", index + 1));
    }
    style
}

#[function_component]
pub(crate) fn TaskTable(props: &TaskTableProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let tab_stop = use_state(|| 0_usize);
    // Built when the language changes, not on every render (the clock re-renders the table).
    let labels = use_memo(lang, |lang| AttrValue::from(column_labels(*lang)));
    // One listener of each kind for the whole body: click or Enter opens a row's details, the
    // arrow keys move between rows, focus moves the tab stop, the pointer highlights.
    let onclick = {
        let (onopen, page) = (props.onopen.clone(), props.page.clone());
        Callback::from(move |event: MouseEvent| {
            // A row's copy button copies; it does not also open the details.
            if copy_from(event.target(), lang) {
                return;
            }
            if let Some(task) = row_of(event.target()).and_then(|(_, index)| task_at(&page, index))
            {
                onopen.emit(task.clone());
            }
        })
    };
    let onkeydown = {
        let (onopen, page) = (props.onopen.clone(), props.page.clone());
        Callback::from(move |event: KeyboardEvent| {
            let Some((row, index)) = row_of(event.target()) else {
                return;
            };
            // Keys on a copy button (focused by a click) are the button's.
            if !event
                .target()
                .is_some_and(|target| row.is_same_node(target.dyn_ref::<web_sys::Node>()))
            {
                return;
            }
            let key = event.key();
            if key == "Enter" || key == " " {
                event.prevent_default();
                if let Some(task) = task_at(&page, index) {
                    onopen.emit(task.clone());
                }
            } else if focus_row(&row, &key) {
                event.prevent_default();
            }
        })
    };
    let onfocusin = {
        let tab_stop = tab_stop.clone();
        Callback::from(move |event: FocusEvent| {
            if let Some((_, index)) = row_of(event.target()) {
                tab_stop.set(index);
            }
        })
    };
    let onmouseover = {
        let (onhover, highlighted, page) = (
            props.onhover.clone(),
            props.highlighted.clone(),
            props.page.clone(),
        );
        Callback::from(move |event: MouseEvent| {
            let hovered = row_of(event.target())
                .and_then(|(_, index)| task_at(&page, index))
                .map(|task| task.job_id.clone());
            if hovered.as_deref() != highlighted.as_deref() {
                onhover.emit(hovered);
            }
        })
    };
    let onmouseleave = {
        let onhover = props.onhover.clone();
        Callback::from(move |_: MouseEvent| onhover.emit(None))
    };
    let rows = match &props.page {
        Some(page) => {
            let shared = SharedPage(page.clone());
            let tab_stop_index = (*tab_stop).min(page.tasks.len().saturating_sub(1));
            page.tasks
                .iter()
                .enumerate()
                .map(|(index, task)| {
                    html! {
                        <TaskRow key={task.job_id.clone()} page={shared.clone()} {index} now_ms={props.now_ms}
                                 tab_stop={index == tab_stop_index}
                                 selected={props.selected.as_deref() == Some(task.job_id.as_str())}
                                 highlighted={props.highlighted.as_deref() == Some(task.job_id.as_str())} />
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
            <table class="tasks" style={(*labels).clone()} aria-busy={if loading || props.busy { "true" } else { "false" }}>
                <caption class="visually-hidden">{ lang.t(Key::TableCaption) }</caption>
                <thead>
                    <tr>{ for COLUMNS.iter().map(|name| html! { <th scope="col">{ lang.t(*name) }</th> }) }</tr>
                </thead>
                <tbody {onclick} {onkeydown} {onfocusin} {onmouseover} {onmouseleave}>{ rows }</tbody>
            </table>
        </div>
    }
}
