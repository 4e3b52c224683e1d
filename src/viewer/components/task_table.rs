//! The task table: header cells (a contract), one body row per task, or skeleton rows while the
//! view loads. The body's rows are HTML text (`viewer::markup`) kept in the page by
//! `keyed_children.rs`; the rows have no handlers of their own, nor have their copy buttons: the
//! table listens once for all of them.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, EventTarget, HtmlElement};
use yew::prelude::*;

use crate::browser;
use crate::format::zone_label;
use crate::i18n::{Key, Lang};
use crate::markup::{task_cells, task_row_attrs};
use vbs_tasks::core::model::{Task, TaskPage};

use super::copy_button::copy_from;
use super::keyed_children::{use_keyed_children, ChildSpec};

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

/// A page, equal only to itself: memoising on it must not compare pages task by task.
#[derive(Clone)]
struct SamePage(Option<Rc<TaskPage>>);

impl PartialEq for SamePage {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (a, b) => a.is_none() && b.is_none(),
        }
    }
}

/// The cells of every row: the page's tasks, or `skeleton_rows` placeholders; and the table's
/// column labels, with the offsets from UTC of the times in those cells (the offset at `now_ms`
/// when none is shown).
fn body_cells(
    page: &Option<Rc<TaskPage>>,
    skeleton_rows: u32,
    lang: Lang,
    now_ms: f64,
) -> (Vec<Rc<[String]>>, AttrValue) {
    // Each time is shown at its own offset: a page of older tasks can span a daylight-saving
    // change, and the column names must then name both offsets, not only today's.
    let offsets = RefCell::new(Vec::new());
    let zone = |at_ms| {
        let offset = browser::zone_offset_minutes(at_ms);
        let mut seen = offsets.borrow_mut();
        if let Err(at) = seen.binary_search(&offset) {
            seen.insert(at, offset);
        }
        offset
    };
    let cells = match page {
        Some(page) => page
            .tasks
            .iter()
            .map(|task| Rc::from(task_cells(lang, task, now_ms, zone)))
            .collect(),
        None => {
            let skeleton: Rc<[String]> = COLUMNS
                .iter()
                .map(|_| "<td><span class=\"skeleton\"></span></td>".to_owned())
                .collect();
            (0..skeleton_rows).map(|_| skeleton.clone()).collect()
        }
    };
    if offsets.borrow().is_empty() {
        zone(now_ms);
    }
    let labels = column_labels(lang, &zone_label(&offsets.borrow()));
    (cells, labels.into())
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
/// as an attribute on every cell of every row. `--zone` names the zone of the local times, shown
/// beside the time columns' names without changing the header cells' text.
fn column_labels(lang: Lang, zone: &str) -> String {
    let mut style = format!("--zone: \"{zone}\"; ");
    for (index, name) in COLUMNS.iter().enumerate() {
        // No column name has a quote or a backslash to escape (a test in i18n.rs checks).
        style.push_str(&format!("--col-{}: \"{}\"; ", index + 1, lang.t(*name)));
    }
    style
}

#[function_component]
pub(crate) fn TaskTable(props: &TaskTableProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let tab_stop = use_state(|| 0_usize);
    // One listener of each kind on the table for all rows: click or Enter opens a row's details,
    // the arrow keys move between rows, focus moves the tab stop, the pointer highlights.
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
    // The cells (and the column labels) change with the page, the language and the clock; the
    // rows' attributes also with the selection, the highlight and the tab stop, which cost no
    // cell.
    let cells = use_memo(
        (
            SamePage(props.page.clone()),
            props.skeleton_rows,
            lang,
            props.now_ms,
        ),
        |(page, skeleton_rows, lang, now_ms)| body_cells(&page.0, *skeleton_rows, *lang, *now_ms),
    );
    let specs: Vec<ChildSpec> = match &props.page {
        Some(page) => {
            let tab_stop_index = (*tab_stop).min(page.tasks.len().saturating_sub(1));
            page.tasks
                .iter()
                .zip(cells.0.iter())
                .enumerate()
                .map(|(index, (task, cells))| ChildSpec {
                    key: Rc::from(task.job_id.as_str()),
                    attrs: task_row_attrs(
                        lang,
                        task,
                        index,
                        index == tab_stop_index,
                        props.selected.as_deref() == Some(task.job_id.as_str()),
                        props.highlighted.as_deref() == Some(task.job_id.as_str()),
                    ),
                    parts: cells.clone(),
                })
                .collect()
        }
        // Keys with a NUL, which no real job ID has; a clash would only rewrite the row.
        None => cells
            .0
            .iter()
            .enumerate()
            .map(|(index, cells)| ChildSpec {
                key: Rc::from(format!("\0skeleton{index}")),
                attrs: vec![
                    ("class", "skeleton-row".to_owned()),
                    ("aria-hidden", "true".to_owned()),
                ],
                parts: cells.clone(),
            })
            .collect(),
    };
    let body = use_keyed_children(None, "tbody", "tr", specs);
    let loading = props.page.is_none();
    html! {
        <div class={classes!("table-wrap", props.busy.then_some("table-wrap--busy"))}>
            <table class="tasks" style={cells.1.clone()} aria-busy={if loading || props.busy { "true" } else { "false" }}
                   {onclick} {onkeydown} {onfocusin} {onmouseover} {onmouseleave}>
                <caption class="visually-hidden">{ lang.t(Key::TableCaption) }</caption>
                <thead>
                    <tr>{ for COLUMNS.iter().map(|name| html! { <th scope="col">{ lang.t(*name) }</th> }) }</tr>
                </thead>
                { body }
            </table>
        </div>
    }
}
