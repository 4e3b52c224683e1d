//! The task table: header cells (a contract), the rows of the page that are in view, or skeleton
//! rows while the view loads.
//!
//! Long pages are windowed (`viewer::windowing`): the table scrolls in its own box under a
//! sticky header, only the rows in view and a margin are rendered, and spacer rows stand for the
//! others, so the scroll height is right. `aria-rowcount` and each row's `aria-rowindex` tell
//! assistive technology where a row is in the whole page. The keyboard's tab stop and the open
//! task's row stay rendered wherever the scroll is. The rows have no handlers of their own, nor
//! have their copy buttons: the table listens once for all of them.

use std::ops::Range;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, EventTarget, HtmlElement};
use yew::prelude::*;

use crate::browser::{self, Listener};
use crate::format::zone_label;
use crate::i18n::{Key, Lang};
use crate::windowing::{
    body_parts, first_window, next_window, repeated_ids, row_key, visible_rows, window_around,
    Part, DEFAULT_PITCH,
};
use vbs_tasks::core::taskrow::TaskRow;

use crate::rows::RowPage;

use super::copy_button::copy_from;
use super::task_row::{cbr_task_row, skeleton_row, spacer_row, task_row, RowPlace};
use vbs_tasks::core::taskrow::Service;

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

/// The header cells of a CBR table, in order (as many as [`COLUMNS`]: the layout is the same).
pub(crate) const CBR_COLUMNS: [Key; 7] = [
    Key::Status,
    Key::Operation,
    Key::Resource,
    Key::Vault,
    Key::Created,
    Key::Ended,
    Key::Duration,
];

/// The header cells of a table of `service`'s tasks.
pub(crate) fn columns(service: Service) -> &'static [Key; 7] {
    match service {
        Service::Cbr => &CBR_COLUMNS,
        _ => &COLUMNS,
    }
}

#[derive(Properties, PartialEq)]
pub(crate) struct TaskTableProps {
    /// The page to show; `None` shows skeleton rows.
    pub page: Option<Rc<RowPage>>,
    /// How many skeleton rows stand in while loading.
    pub skeleton_rows: u32,
    pub now_ms: f64,
    pub selected: Option<AttrValue>,
    pub onopen: Callback<TaskRow>,
    /// Whose tasks: the columns and rows follow.
    #[prop_or(Service::Vbs)]
    pub service: Service,
    /// A refresh is under way (the rows stay, dimmed slightly).
    #[prop_or_default]
    pub busy: bool,
    /// The task highlighted from the timeline (or by the pointer on its row).
    #[prop_or_default]
    pub highlighted: Option<AttrValue>,
    #[prop_or_default]
    pub onhover: Callback<Option<String>>,
}

/// The rows rendered and the pitch (px from one row's top to the next) the spacers assume.
#[derive(Clone, PartialEq)]
struct Windowing {
    rows: Range<usize>,
    pitch: f64,
}

impl Windowing {
    /// Before anything is measured: the rows the browser's viewport can show from the top (for
    /// a page of any length: the window is clamped to the page where it is used).
    fn first() -> Self {
        let view_px = browser::window()
            .and_then(|window| window.inner_height().ok())
            .and_then(|height| height.as_f64())
            .unwrap_or(0.0);
        Windowing {
            rows: first_window(view_px, usize::MAX),
            pitch: DEFAULT_PITCH,
        }
    }
}

/// What the scroll listeners need of the last render (they outlive it).
struct Shown {
    len: usize,
    windowing: Windowing,
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

/// The rendered row of the task at `index`, if it is in the body.
fn rendered_row(body: &Element, index: usize) -> Option<HtmlElement> {
    body.query_selector(&format!("tr.task-row[data-index=\"{index}\"]"))
        .ok()??
        .dyn_into::<HtmlElement>()
        .ok()
}

/// A page, equal only to itself: memoising on it must not compare pages task by task.
#[derive(Clone)]
struct SamePage(Option<Rc<RowPage>>);

impl PartialEq for SamePage {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (a, b) => a.is_none() && b.is_none(),
        }
    }
}

/// The column names as CSS custom properties (`--col-1: "Status"; …`), which label the fields of a
/// row shown as a card on narrow screens (`styles/table.css`): set once on the table rather than
/// as an attribute on every cell of every row. `--zone` names the zone of the local times, shown
/// beside the time columns' names without changing the header cells' text: the offsets from UTC
/// of every time of the page (a page of older tasks can span a daylight-saving change), or the
/// offset at `now_ms` when it shows none.
fn column_labels(lang: Lang, service: Service, page: Option<&RowPage>, now_ms: f64) -> AttrValue {
    let mut offsets: Vec<i32> = Vec::new();
    let note = |offsets: &mut Vec<i32>, at_ms: f64| {
        let offset = browser::zone_offset_minutes(at_ms);
        if let Err(at) = offsets.binary_search(&offset) {
            offsets.insert(at, offset);
        }
    };
    for task in page.map_or(&[][..], |page| &page.rows[..]) {
        note(&mut offsets, task.created_at.unix_millis() as f64);
        if let Some(finished) = task.ended_at {
            note(&mut offsets, finished.unix_millis() as f64);
        }
    }
    if offsets.is_empty() {
        note(&mut offsets, now_ms);
    }
    let mut style = format!("--zone: \"{}\"; ", zone_label(&offsets));
    for (index, name) in columns(service).iter().enumerate() {
        // No column name has a quote or a backslash to escape (a test in i18n.rs checks).
        style.push_str(&format!("--col-{}: \"{}\"; ", index + 1, lang.t(*name)));
    }
    style.into()
}

/// The rows' band in view, in px below the first row's top (the part of the body inside both
/// the scroll box, below its sticky header, and the browser's viewport), and the rows' pitch
/// measured on two rendered neighbours (`None` when fewer than two are rendered).
fn measure(wrap: &Element, body: &Element) -> Option<(f64, f64, Option<f64>)> {
    let view_bottom = browser::window()?.inner_height().ok()?.as_f64()?;
    let wrap_box = wrap.get_bounding_client_rect();
    let body_top = body.get_bounding_client_rect().top();
    let header = wrap
        .query_selector("thead")
        .ok()
        .flatten()
        .map_or(0.0, |head| head.get_bounding_client_rect().height());
    let top = (wrap_box.top() + header).max(0.0) - body_top;
    let bottom = wrap_box.bottom().min(view_bottom) - body_top;
    let pitch = body
        .query_selector("tr.task-row")
        .ok()
        .flatten()
        .and_then(|first| {
            let next = first.next_element_sibling()?;
            let index = |row: &Element| row.get_attribute("data-index")?.parse::<usize>().ok();
            (index(&next)? == index(&first)? + 1).then(|| {
                next.get_bounding_client_rect().top() - first.get_bounding_client_rect().top()
            })
        })
        .filter(|pitch| *pitch > 1.0 && pitch.is_finite());
    Some((top, bottom, pitch))
}

/// Renders the rows the view needs now: measures the box and the rows, and moves the window
/// when the rows in view are not all rendered (or the pitch was wrong).
fn sync_window(wrap: &NodeRef, body: &NodeRef, shown: &Shown, set: &UseStateSetter<Windowing>) {
    let (Some(wrap), Some(body)) = (wrap.cast::<Element>(), body.cast::<Element>()) else {
        return;
    };
    let Some((top, bottom, measured)) = measure(&wrap, &body) else {
        return;
    };
    let was = &shown.windowing;
    // Sub-pixel differences are rounding, not another layout: they must not re-render.
    let pitch = measured
        .filter(|pitch| (pitch - was.pitch).abs() > 0.25)
        .unwrap_or(was.pitch);
    let visible = visible_rows(top, bottom, pitch, shown.len);
    let next = Windowing {
        rows: next_window(&was.rows, visible, shown.len),
        pitch,
    };
    if next != *was {
        set.set(next);
    }
}

/// The row the arrow, Home and End keys move to from row `index` of `len`.
fn key_target(key: &str, index: usize, len: usize) -> Option<usize> {
    let last = len.checked_sub(1)?;
    match key {
        "ArrowDown" => Some((index + 1).min(last)),
        "ArrowUp" => Some(index.saturating_sub(1)),
        "Home" => Some(0),
        "End" => Some(last),
        _ => None,
    }
}

#[function_component]
pub(crate) fn TaskTable(props: &TaskTableProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let len = props.page.as_ref().map_or(0, |page| page.rows.len());
    let tab_stop = use_state_eq(|| 0_usize);
    let windowing = use_state_eq(Windowing::first);
    let wrap_ref = use_node_ref();
    let body_ref = use_node_ref();
    let table_ref = use_node_ref();
    // A row the keyboard moved to before it was rendered: focused once it is.
    let pending_focus = use_mut_ref(|| None::<usize>);
    let shown = use_mut_ref(|| Shown {
        len,
        windowing: (*windowing).clone(),
    });
    *shown.borrow_mut() = Shown {
        len,
        windowing: (*windowing).clone(),
    };

    // The page's scroll and size move the table's box in the viewport; the box's own scroll is
    // `onscroll` below.
    {
        let (wrap_ref, body_ref, shown) = (wrap_ref.clone(), body_ref.clone(), shown.clone());
        let set = windowing.setter();
        use_effect_with((), move |_| {
            let listeners = browser::window().map(|window| {
                let sync = Rc::new(move |_: web_sys::Event| {
                    sync_window(&wrap_ref, &body_ref, &shown.borrow(), &set)
                });
                let on_resize = sync.clone();
                (
                    Listener::new(window.unchecked_ref(), "scroll", move |event| sync(event)),
                    Listener::new(window.unchecked_ref(), "resize", move |event| {
                        on_resize(event)
                    }),
                )
            });
            move || drop(listeners)
        });
    }
    // A new page: measure the rows once they are in; back to the top while the view loads (the
    // box holds only the skeleton rows then, so its scroll is back at the top too).
    {
        let (wrap_ref, body_ref, shown) = (wrap_ref.clone(), body_ref.clone(), shown.clone());
        let set = windowing.setter();
        use_effect_with(SamePage(props.page.clone()), move |page| match &page.0 {
            Some(_) => sync_window(&wrap_ref, &body_ref, &shown.borrow(), &set),
            None => set.set(Windowing::first()),
        });
    }
    {
        let (body_ref, pending_focus) = (body_ref.clone(), pending_focus.clone());
        use_effect(move || {
            // A move past the end of the page now shown (another page came meanwhile) is over.
            if pending_focus.borrow().is_some_and(|target| target >= len) {
                pending_focus.borrow_mut().take();
            }
            let target = *pending_focus.borrow();
            if let (Some(target), Some(body)) = (target, body_ref.cast::<Element>()) {
                if let Some(row) = rendered_row(&body, target) {
                    pending_focus.borrow_mut().take();
                    // Focus scrolls the row into view, and that scroll moves the window.
                    let _ = row.focus();
                }
            }
        });
    }

    let onscroll = {
        let (wrap_ref, body_ref, shown) = (wrap_ref.clone(), body_ref.clone(), shown.clone());
        let set = windowing.setter();
        Callback::from(move |_: Event| sync_window(&wrap_ref, &body_ref, &shown.borrow(), &set))
    };
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
        let (body_ref, wrap_ref, table_ref, pending_focus, tab_stop) = (
            body_ref.clone(),
            wrap_ref.clone(),
            table_ref.clone(),
            pending_focus.clone(),
            tab_stop.clone(),
        );
        let (set, pitch) = (windowing.setter(), windowing.pitch);
        Callback::from(move |event: KeyboardEvent| {
            // (Yew delegates events: the current target is not the table, its ref is.)
            let table = table_ref.cast::<HtmlElement>();
            let is = |element: &HtmlElement| {
                event
                    .target()
                    .is_some_and(|target| element.is_same_node(target.dyn_ref::<web_sys::Node>()))
            };
            let pending = *pending_focus.borrow();
            // The row the keys move from: the focused row, or, while the table holds the focus
            // for a row not rendered yet, that row (so no press is lost however late it renders);
            // the tab stop if the table has the focus and no move is pending.
            let from = match (row_of(event.target()), pending) {
                // Keys on a copy button (focused by a click) are the button's.
                (Some((row, _)), _) if !is(&row) => return,
                (Some((_, index)), pending) => pending.unwrap_or(index),
                (None, pending) if table.as_ref().is_some_and(is) => pending.unwrap_or(*tab_stop),
                (None, _) => return,
            };
            let len = page.as_ref().map_or(0, |page| page.rows.len());
            let from = from.min(len.saturating_sub(1));
            let key = event.key();
            if key == "Enter" || key == " " {
                event.prevent_default();
                if let Some(task) = task_at(&page, from) {
                    onopen.emit(task.clone());
                }
                return;
            }
            let Some(target) = key_target(&key, from, len) else {
                return;
            };
            event.prevent_default();
            let Some(body) = body_ref.cast::<Element>() else {
                return;
            };
            if let Some(row) = rendered_row(&body, target) {
                pending_focus.borrow_mut().take();
                let _ = row.focus();
                return;
            }
            // Not rendered: render the rows around it, then focus it (`pending_focus`). The view
            // is the box, or the part of it the viewport shows.
            let viewport = browser::window()
                .and_then(|window| window.inner_height().ok())
                .and_then(|height| height.as_f64())
                .unwrap_or(0.0);
            let view_px = wrap_ref
                .cast::<Element>()
                .map_or(0.0, |wrap| f64::from(wrap.client_height()))
                .min(viewport);
            let view_rows = (view_px / pitch).ceil().max(1.0) as usize;
            // Until the row is rendered and focused, the table holds the focus: the row that had
            // it may be moved or dropped by the render, which would blur it and send the next
            // keys to the page.
            *pending_focus.borrow_mut() = Some(target);
            tab_stop.set(target);
            if let Some(table) = table {
                let _ = table.focus();
            }
            set.set(Windowing {
                rows: window_around(target, view_rows, len),
                pitch,
            });
        })
    };
    let onfocusin = {
        let (tab_stop, pending_focus) = (tab_stop.clone(), pending_focus.clone());
        Callback::from(move |event: FocusEvent| {
            if let Some((_, index)) = row_of(event.target()) {
                // Focus that lands on a row (a click, or the pending move itself) is where the
                // keys go on from.
                pending_focus.borrow_mut().take();
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
                .map(|task| task.id.clone());
            if hovered.as_deref() != highlighted.as_deref() {
                onhover.emit(hovered);
            }
        })
    };
    let onmouseleave = {
        let onhover = props.onhover.clone();
        Callback::from(move |_: MouseEvent| onhover.emit(None))
    };

    // Per page: which rows repeat a job ID (their keys must differ), and the column labels with
    // the zones of the page's times; these do not change with the clock.
    let repeated = use_memo(SamePage(props.page.clone()), |page| {
        page.0.as_ref().map_or_else(Vec::new, |page| {
            repeated_ids(page.rows.iter().map(|task| task.id.as_str()))
        })
    });
    let now_ms = props.now_ms;
    let service = props.service;
    let labels = use_memo(
        (SamePage(props.page.clone()), lang, service),
        move |(page, lang, service)| column_labels(*lang, *service, page.0.as_deref(), now_ms),
    );

    let body = match &props.page {
        Some(page) => {
            let tab_stop_index = (*tab_stop).min(len.saturating_sub(1));
            let selected_index = props
                .selected
                .as_deref()
                .and_then(|selected| page.rows.iter().position(|task| task.id == selected));
            let pinned: Vec<usize> = std::iter::once(tab_stop_index)
                .chain(selected_index)
                .collect();
            let parts = body_parts(len, &windowing.rows, &pinned);
            let mut gaps = 0;
            let rows = parts.into_iter().flat_map(|part| match part {
                Part::Rows(rows) => rows
                    .filter_map(|index| {
                        let task = page.rows.get(index)?;
                        let place = RowPlace {
                            key: row_key(
                                &task.id,
                                index,
                                repeated.get(index).copied().unwrap_or(false),
                            ),
                            index,
                            tab_stop: index == tab_stop_index,
                            selected: selected_index == Some(index),
                            highlighted: props.highlighted.as_deref() == Some(task.id.as_str()),
                        };
                        Some(match service {
                            Service::Cbr => cbr_task_row(lang, task, props.now_ms, place),
                            _ => task_row(lang, task, props.now_ms, place),
                        })
                    })
                    .collect::<Vec<_>>(),
                Part::Gap(count) => {
                    gaps += 1;
                    vec![spacer_row(gaps, count, windowing.pitch)]
                }
            });
            rows.collect::<Html>()
        }
        None => (0..props.skeleton_rows).map(skeleton_row).collect::<Html>(),
    };
    let loading = props.page.is_none();
    html! {
        <div class={classes!("table-wrap", "table-wrap--tasks", props.busy.then_some("table-wrap--busy"))}
             ref={wrap_ref} {onscroll}>
            <table class={classes!("tasks", "task-table", (service == Service::Cbr).then_some("task-table--cbr"))} style={(*labels).clone()} tabindex="-1" ref={table_ref} aria-busy={if loading || props.busy { "true" } else { "false" }}
                   aria-rowcount={props.page.as_ref().map(|page| (page.rows.len() + 1).to_string())}
                   {onclick} {onkeydown} {onfocusin} {onmouseover} {onmouseleave}>
                <caption class="visually-hidden">{ lang.t(if service == Service::Cbr { Key::CbrTableCaption } else { Key::TableCaption }) }</caption>
                <thead>
                    <tr aria-rowindex="1">{ for columns(service).iter().map(|name| html! { <th scope="col">{ lang.t(*name) }</th> }) }</tr>
                </thead>
                <tbody ref={body_ref}>{ body }</tbody>
            </table>
        </div>
    }
}

fn task_at(page: &Option<Rc<RowPage>>, index: usize) -> Option<&TaskRow> {
    page.as_ref().and_then(|page| page.rows.get(index))
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_cbr;
