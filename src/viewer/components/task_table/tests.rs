//! The task table in a real DOM (headless Chromium): what its rows say, that a service's text is
//! text wherever it lands, and that a long page is windowed and still reachable by the keyboard.
//! The layout with the real stylesheet (scrolling, sticky header, widths) is tested end to end
//! (`e2e/`).

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use super::*;
use vbs_tasks::core::model::{Task, TaskPage, TaskStatus};
use vbs_tasks::core::time::Timestamp;

wasm_bindgen_test_configure!(run_in_browser);

fn at(text: &str) -> Timestamp {
    Timestamp::parse(text).expect("a valid timestamp")
}

/// Yew renders and runs effects from its scheduler: give it a turn.
async fn settle() {
    TimeoutFuture::new(30).await;
}

/// Waits until `done` holds (Yew renders in turns of its scheduler, and a render of many rows in
/// a debug build takes a few), for 5 s at most.
async fn until(done: impl Fn() -> bool) {
    for _ in 0..500 {
        if done() {
            return;
        }
        TimeoutFuture::new(10).await;
    }
}

thread_local! {
    static OPENED: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// The props of a table showing `page`: VBS tasks, as rows.
fn table_props(
    page: TaskPage,
    now_ms: f64,
    selected: Option<&str>,
    highlighted: Option<&str>,
) -> TaskTableProps {
    TaskTableProps {
        page: Some(Rc::new(RowPage::from(page))),
        skeleton_rows: 0,
        now_ms,
        selected: selected.map(|id| AttrValue::from(id.to_owned())),
        onopen: Callback::from(|task: TaskRow| {
            OPENED.with(|opened| opened.borrow_mut().push(task.id))
        }),
        service: Service::Vbs,
        busy: false,
        highlighted: highlighted.map(|id| AttrValue::from(id.to_owned())),
        onhover: Callback::noop(),
    }
}

async fn render(props: TaskTableProps) -> (Element, yew::AppHandle<TaskTable>) {
    let root = browser::test_root();
    let app = yew::Renderer::<TaskTable>::with_root_and_props(root.clone(), props).render();
    until(|| count(&root, "tbody tr.task-row") > 0).await;
    // And the effects after that render.
    settle().await;
    (root, app)
}

fn select(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .expect("a valid selector")
        .unwrap_or_else(|| panic!("no {selector}"))
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector)
        .expect("a valid selector")
        .length()
}

fn text(element: &Element) -> String {
    element.text_content().unwrap_or_default()
}

fn attr(element: &Element, name: &str) -> Option<String> {
    element.get_attribute(name)
}

/// The browser's offset east of UTC at `at`, as the table uses it.
fn offset_at(at: Timestamp) -> i32 {
    browser::zone_offset_minutes(at.unix_millis() as f64)
}

#[wasm_bindgen_test]
async fn hostile_fields_end_up_as_text_in_every_cell() {
    let mut task = Task::new(
        "\"><script>alert(1)</script>",
        TaskStatus::Unknown("<b>NEW</b>".into()),
        at("2026-11-27T06:03:12.706"),
    );
    task.backup_name = "<img src=x onerror=alert(2)>".into();
    task.resource_id = "r\"1".into();
    task.resource_type = "<i>".into();
    let (root, app) = render(table_props(
        TaskPage::new(1, vec![task.clone()]),
        0.0,
        None,
        None,
    ))
    .await;
    for forbidden in ["script", "img", "b", "i", "[onerror]"] {
        assert_eq!(
            count(&root, &format!("tbody {forbidden}")),
            0,
            "{forbidden} in {}",
            root.outer_html()
        );
    }
    let row = select(&root, "tr.task-row");
    assert_eq!(
        attr(&row, "data-job-id").as_deref(),
        Some(task.job_id.as_str())
    );
    assert_eq!(text(&select(&row, ".cell-name")), task.backup_name);
    assert_eq!(text(&select(&row, ".badge__text")), "<b>NEW</b>");
    assert_eq!(text(&select(&row, ".cell-resource .tag")), "<i>");
    assert_eq!(text(&select(&row, ".cell-id code")), task.job_id);
    let copy = select(&row, ".cell-resource button.copy");
    assert_eq!(attr(&copy, "data-copy").as_deref(), Some("r\"1"));
    app.destroy();
}

#[wasm_bindgen_test]
async fn a_row_has_the_table_contract_markup() {
    let mut task = Task::new(
        "job-1",
        TaskStatus::ExecuteFail,
        at("2026-11-27T06:03:12.706"),
    );
    task.finished_at = Some(at("2026-11-27T06:05:12.706"));
    task.backup_name = "nightly".into();
    task.resource_id = "vol-1".into();
    task.resource_type = "EVS".into();
    let other = Task::new(
        "job-2",
        TaskStatus::ExecuteSuccess,
        at("2026-11-27T06:00:00"),
    );
    let page = TaskPage::new(2, vec![other, task.clone()]);
    let (root, app) = render(table_props(page, 0.0, Some("job-1"), Some("job-1"))).await;

    let headers: Vec<String> = (0..7)
        .map(|n| text(&select(&root, &format!("thead th:nth-child({})", n + 1))))
        .collect();
    assert_eq!(
        headers,
        [
            "Status",
            "Job ID",
            "Backup name",
            "Resource",
            "Created",
            "Finished",
            "Duration"
        ]
    );
    assert_eq!(
        attr(&select(&root, "table"), "aria-rowcount").as_deref(),
        Some("3")
    );
    assert_eq!(
        attr(&select(&root, "thead tr"), "aria-rowindex").as_deref(),
        Some("1")
    );

    let row = select(&root, "tr.task-row[data-job-id=\"job-1\"]");
    assert_eq!(
        attr(&row, "class").as_deref(),
        Some("task-row task-row--selected task-row--failed task-row--highlighted")
    );
    assert_eq!(
        attr(&row, "tabindex").as_deref(),
        Some("-1"),
        "the first row is the tab stop"
    );
    assert_eq!(attr(&row, "data-index").as_deref(), Some("1"));
    assert_eq!(attr(&row, "aria-rowindex").as_deref(), Some("3"));
    assert_eq!(attr(&row, "aria-label").as_deref(), Some("Task job-1"));
    let first = select(&root, "tr.task-row[data-job-id=\"job-2\"]");
    assert_eq!(attr(&first, "tabindex").as_deref(), Some("0"));
    assert_eq!(attr(&first, "class").as_deref(), Some("task-row"));

    let cells: Vec<Option<String>> = (1..=7)
        .map(|n| attr(&select(&row, &format!("td:nth-child({n})")), "class"))
        .collect();
    let classes = [
        "cell-status",
        "cell-id",
        "cell-name",
        "cell-resource",
        "cell-time",
        "cell-time",
        "cell-duration",
    ];
    assert_eq!(cells, classes.map(|class| Some(class.to_owned())));

    let badge = select(&row, ".cell-status .badge");
    assert_eq!(attr(&badge, "class").as_deref(), Some("badge badge--fail"));
    assert_eq!(attr(&badge, "title").as_deref(), Some("EXECUTE_FAIL"));
    assert_eq!(attr(&badge, "data-status").as_deref(), Some("EXECUTE_FAIL"));
    let icon = select(&badge, ".badge__icon > span");
    assert_eq!(attr(&icon, "class").as_deref(), Some("icon icon--cross"));
    assert_eq!(attr(&icon, "aria-hidden").as_deref(), Some("true"));
    assert_eq!(text(&select(&badge, ".badge__text")), "Failed");

    let id = select(&row, ".cell-id .id-with-copy code.id");
    assert_eq!(
        (text(&id), attr(&id, "title")),
        ("job-1".to_owned(), Some("job-1".to_owned()))
    );
    let copy = select(&row, ".cell-id button.copy");
    for (name, value) in [
        ("type", "button"),
        ("data-copy", "job-1"),
        ("aria-label", "Copy job ID"),
        ("title", "Copy job ID"),
        ("tabindex", "-1"),
    ] {
        assert_eq!(
            attr(&copy, name).as_deref(),
            Some(value),
            "copy button {name}"
        );
    }
    assert_eq!(
        count(&copy, "span.icon.icon--copy[aria-hidden=\"true\"]"),
        1
    );

    assert_eq!(text(&select(&row, ".cell-name")), "nightly");
    assert_eq!(text(&select(&row, ".cell-resource .tag")), "EVS");
    let resource = select(&row, ".cell-resource code.id");
    assert_eq!(
        (text(&resource), attr(&resource, "title")),
        ("vol-1".to_owned(), Some("vol-1".to_owned()))
    );
    assert_eq!(
        attr(&select(&row, ".cell-resource button.copy"), "aria-label").as_deref(),
        Some("Copy resource ID")
    );

    // Local times at the browser's offset; the title keeps the exact UTC time.
    let created = select(&row, "td:nth-child(5) .time time");
    assert_eq!(
        attr(&created, "datetime").as_deref(),
        Some("2026-11-27T06:03:12.706Z")
    );
    assert_eq!(
        attr(&created, "title").as_deref(),
        Some("2026-11-27 06:03:12.706 UTC")
    );
    let created_at = at("2026-11-27T06:03:12.706");
    assert_eq!(
        text(&created),
        crate::format::local_time(created_at, offset_at(created_at))
    );
    let finished_at = at("2026-11-27T06:05:12.706");
    assert_eq!(
        text(&select(&row, "td:nth-child(6) time")),
        crate::format::local_time(finished_at, offset_at(finished_at))
    );
    assert_eq!(count(&row, "td:nth-child(5) .time__relative"), 1);
    assert_eq!(text(&select(&row, ".cell-duration")), "2 min 0 s");
    app.destroy();
}

#[wasm_bindgen_test]
async fn empty_fields_show_a_dash_and_a_running_task_ticks() {
    let task = Task::new("job-2", TaskStatus::Running, at("2026-11-27T06:00:00"));
    let now = at("2026-11-27T06:01:30").unix_millis() as f64;
    let (root, app) = render(table_props(TaskPage::new(1, vec![task]), now, None, None)).await;
    let row = select(&root, "tr.task-row");
    assert_eq!(
        count(&row, ".cell-status .spinner[aria-hidden=\"true\"]"),
        1
    );
    for cell in [".cell-name", ".cell-resource", "td:nth-child(6)"] {
        let dash = select(&row, &format!("{cell} > span.muted"));
        assert_eq!(text(&dash), "\u{2014}", "{cell}");
    }
    let ticking = select(&row, ".cell-duration > span.ticking");
    assert_eq!(text(&ticking), "1 min 30 s");
    assert_eq!(
        attr(&ticking, "title").as_deref(),
        Some("Running: time since it started")
    );
    app.destroy();
}

/// A page of `n` tasks, newest first.
fn long_page(n: usize) -> TaskPage {
    let tasks = (0..n)
        .map(|index| {
            let created = Timestamp::from_unix_millis(1_795_000_000_000 - index as i64 * 60_000)
                .expect("a valid instant");
            let mut task = Task::new(format!("job-{index}"), TaskStatus::ExecuteSuccess, created);
            task.finished_at = Timestamp::from_unix_millis(created.unix_millis() + 860);
            task
        })
        .collect();
    TaskPage::new(n as u64, tasks)
}

/// Dispatches a `keydown` of `key` on `target`, as a key press does (built through `Reflect`, so
/// that the tests need no web-sys feature the viewer does not).
fn key(target: &Element, key: &str) {
    use js_sys::{Array, Function, Object, Reflect};
    let init = Object::new();
    for (name, value) in [
        ("key", JsValue::from_str(key)),
        ("bubbles", JsValue::TRUE),
        ("cancelable", JsValue::TRUE),
    ] {
        Reflect::set(&init, &JsValue::from_str(name), &value).expect("set");
    }
    let constructor: Function =
        Reflect::get(&js_sys::global(), &JsValue::from_str("KeyboardEvent"))
            .expect("KeyboardEvent")
            .unchecked_into();
    let event = Reflect::construct(
        &constructor,
        &Array::of2(&JsValue::from_str("keydown"), &init),
    )
    .expect("an event");
    target
        .dispatch_event(event.unchecked_ref())
        .expect("dispatched");
}

fn focus(element: &Element) {
    element
        .clone()
        .dyn_into::<HtmlElement>()
        .expect("an HTML element")
        .focus()
        .expect("focused");
}

fn focused_row_index() -> Option<String> {
    browser::document()
        .and_then(|document| document.active_element())
        .and_then(|element| element.get_attribute("aria-rowindex"))
}

#[wasm_bindgen_test]
async fn a_long_page_is_windowed_and_its_last_row_is_a_key_away() {
    OPENED.with(|opened| opened.borrow_mut().clear());
    let (root, app) = render(table_props(long_page(1000), 0.0, None, None)).await;
    assert_eq!(
        attr(&select(&root, "table"), "aria-rowcount").as_deref(),
        Some("1001")
    );
    let rows = count(&root, "tr.task-row");
    assert!((1..100).contains(&rows), "{rows} rows in the DOM");
    // The rows left out stand as spacers, hidden from assistive technology.
    assert!(count(&root, "tr.spacer-row[aria-hidden=\"true\"]") >= 1);
    // Each row says where it is in the whole page.
    let first = select(&root, "tr.task-row");
    assert_eq!(attr(&first, "aria-rowindex").as_deref(), Some("2"));
    assert_eq!(attr(&first, "data-job-id").as_deref(), Some("job-0"));
    assert_eq!(count(&root, "tr.task-row[aria-rowindex=\"1001\"]"), 0);

    // End on the first row: the last row is rendered and focused.
    focus(&first);
    key(&first, "End");
    until(|| focused_row_index().as_deref() == Some("1001")).await;
    assert_eq!(focused_row_index().as_deref(), Some("1001"));
    let last = select(&root, "tr.task-row[aria-rowindex=\"1001\"]");
    assert_eq!(attr(&last, "data-job-id").as_deref(), Some("job-999"));
    assert_eq!(
        attr(&last, "tabindex").as_deref(),
        Some("0"),
        "the tab stop follows"
    );
    assert!(
        count(&root, "tr.task-row") < 100,
        "still windowed at the end"
    );
    // Arrow up moves within the rows there; Enter opens the focused row's details.
    key(&last, "ArrowUp");
    until(|| focused_row_index().as_deref() == Some("1000")).await;
    assert_eq!(focused_row_index().as_deref(), Some("1000"));
    let focused = select(&root, "tr.task-row[aria-rowindex=\"1000\"]");
    key(&focused, "Enter");
    until(|| OPENED.with(|opened| !opened.borrow().is_empty())).await;
    assert_eq!(OPENED.with(|opened| opened.borrow().clone()), ["job-998"]);
    // Home goes back to the first.
    key(&focused, "Home");
    until(|| focused_row_index().as_deref() == Some("2")).await;
    assert_eq!(focused_row_index().as_deref(), Some("2"));
    app.destroy();
}

#[wasm_bindgen_test]
async fn keys_that_come_before_their_row_renders_go_on_from_it_on_the_table() {
    let (root, app) = render(table_props(long_page(1000), 0.0, None, None)).await;
    let table = select(&root, "table");
    let first = select(&root, "tr.task-row");
    focus(&first);
    // End, then ArrowUp before the last row is rendered: the table holds the focus meanwhile,
    // and the second key goes on from the row the first moved to.
    key(&first, "End");
    let active_is_table = browser::document()
        .and_then(|document| document.active_element())
        .is_some_and(|active| active.is_same_node(Some(&table)));
    assert!(
        active_is_table,
        "the table holds the focus while the row renders"
    );
    key(&table, "ArrowUp");
    until(|| focused_row_index().as_deref() == Some("1000")).await;
    assert_eq!(focused_row_index().as_deref(), Some("1000"));
    // The table focused with no move pending: keys go on from the tab stop.
    focus(&table);
    key(&table, "ArrowDown");
    until(|| focused_row_index().as_deref() == Some("1001")).await;
    assert_eq!(focused_row_index().as_deref(), Some("1001"));
    app.destroy();
}

#[wasm_bindgen_test]
async fn a_repeated_job_id_still_gets_its_own_row() {
    let created = at("2026-11-27T06:00:00");
    let tasks = vec![
        Task::new("a", TaskStatus::Waiting, created),
        Task::new("a", TaskStatus::Waiting, created),
        Task::new("b", TaskStatus::Waiting, created),
    ];
    let (root, app) = render(table_props(TaskPage::new(3, tasks), 0.0, None, None)).await;
    assert_eq!(count(&root, "tr.task-row"), 3);
    assert_eq!(count(&root, "tr.task-row[data-job-id=\"a\"]"), 2);
    app.destroy();
}

#[wasm_bindgen_test]
async fn rows_are_kept_moved_added_and_removed_by_job_id_and_a_kept_row_keeps_focus() {
    let created = at("2026-11-27T06:00:00");
    let task = |id: &str| Task::new(id, TaskStatus::Running, created);
    let (root, mut app) = render(table_props(
        TaskPage::new(3, vec![task("a"), task("b"), task("c")]),
        0.0,
        None,
        None,
    ))
    .await;
    let row = |id: &str| select(&root, &format!("tr.task-row[data-job-id=\"{id}\"]"));
    let (a, b, c) = (row("a"), row("b"), row("c"));
    focus(&b);

    // A clock tick and a selection: the same elements, the focus where it was.
    let ticked = at("2026-11-27T06:01:30").unix_millis() as f64;
    app.update(table_props(
        TaskPage::new(3, vec![task("a"), task("b"), task("c")]),
        ticked,
        Some("a"),
        None,
    ));
    until(|| text(&select(&root, "tr.task-row .ticking")) == "1 min 30 s").await;
    assert!(
        row("a") == a && row("b") == b && row("c") == c,
        "rows were rebuilt"
    );
    assert_eq!(
        attr(&a, "class").as_deref(),
        Some("task-row task-row--selected")
    );
    assert_eq!(
        focused_row_index().as_deref(),
        Some("3"),
        "b kept the focus"
    );

    // A refresh: d is new on top, c is gone, a and b move down and stay the same elements,
    // and the focus stays on b.
    app.update(table_props(
        TaskPage::new(3, vec![task("d"), task("a"), task("b")]),
        ticked,
        None,
        None,
    ));
    until(|| count(&root, "tr.task-row[data-job-id=\"d\"]") == 1).await;
    let order = || -> Vec<Option<String>> {
        (1..=3)
            .map(|n| {
                attr(
                    &select(&root, &format!("tbody tr:nth-child({n})")),
                    "data-job-id",
                )
            })
            .collect()
    };
    assert_eq!(order(), ["d", "a", "b"].map(|id| Some(id.to_owned())));
    assert!(row("a") == a && row("b") == b, "kept rows were rebuilt");
    assert!(!c.is_connected(), "the row of c is still in the page");
    assert_eq!(attr(&b, "aria-rowindex").as_deref(), Some("4"));
    assert_eq!(
        browser::document().and_then(|document| document.active_element()),
        Some(b.clone()),
        "b kept the focus"
    );

    // Rows in another order are moved, not rebuilt.
    app.update(table_props(
        TaskPage::new(3, vec![task("b"), task("d"), task("a")]),
        ticked,
        None,
        None,
    ));
    until(|| order() == ["b", "d", "a"].map(|id| Some(id.to_owned()))).await;
    assert_eq!(order(), ["b", "d", "a"].map(|id| Some(id.to_owned())));
    assert!(row("a") == a && row("b") == b, "moved rows were rebuilt");
    app.destroy();
}
