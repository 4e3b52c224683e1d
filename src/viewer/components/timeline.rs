//! The shown page as an SVG timeline: each task from `created_at` to `finished_at` (running ones
//! open-ended to now), coloured by status, with its job ID and duration on hover and focus.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::core::model::{TaskPage, TaskStatus};
use crate::core::time::Timestamp;
use crate::insights::chart::{timeline, TimelineBar};
use crate::viewer::format::{fixed, status_tone, utc_time};
use crate::viewer::i18n::{status_label, task_duration, Key, Lang};
use crate::viewer::windowing::{repeated_ids, row_key};

#[derive(Properties, PartialEq)]
pub(crate) struct TimelineProps {
    pub page: Rc<TaskPage>,
    /// "Now" for running tasks (ms since the epoch, server clock).
    pub now_ms: f64,
    /// The task highlighted (its row is hovered, or its bar).
    #[prop_or_default]
    pub highlighted: Option<AttrValue>,
    /// A bar was hovered or focused (`Some(job ID)`), or left (`None`).
    #[prop_or_default]
    pub onhover: Callback<Option<String>>,
}

const ROW: f64 = 4.0;

#[function_component]
pub(crate) fn Timeline(props: &TimelineProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let tasks = &props.page.tasks;
    let laid_out =
        Timestamp::from_unix_millis(props.now_ms as i64).and_then(|now| timeline(tasks, now));
    let Some((start, end, bars)) = laid_out else {
        return html! {};
    };
    let bars_count = bars.len();
    let height = ROW * bars_count as f64;
    // 9 px a lane, but a page of 1,000 tasks stays an overview: 900 px at most.
    let chart_px = (bars_count * 9).clamp(24, 900);
    // The chart listens for all its bars (a bar's task is its `data-job-id`), as the table does
    // for its rows: a render allocates no closures per bar.
    let onmouseover = {
        let (onhover, highlighted) = (props.onhover.clone(), props.highlighted.clone());
        Callback::from(move |event: MouseEvent| {
            let hovered = bar_job_id(event.target());
            if hovered.as_deref() != highlighted.as_deref() {
                onhover.emit(hovered);
            }
        })
    };
    let onmouseleave = {
        let onhover = props.onhover.clone();
        Callback::from(move |_: MouseEvent| onhover.emit(None))
    };
    let onfocusin = {
        let onhover = props.onhover.clone();
        Callback::from(move |event: FocusEvent| {
            if let Some(job_id) = bar_job_id(event.target()) {
                onhover.emit(Some(job_id));
            }
        })
    };
    let onfocusout = {
        let onhover = props.onhover.clone();
        Callback::from(move |_: FocusEvent| onhover.emit(None))
    };
    html! {
        <figure class="timeline">
            <figcaption class="timeline__axis">
                <span>{ utc_time(start) }</span>
                <span>{ lang.t(Key::Timeline) }</span>
                <span>{ utc_time(end) }</span>
            </figcaption>
            <svg class="timeline__chart" viewBox={format!("0 0 100 {}", fixed(height, 2))} preserveAspectRatio="none"
                 style={format!("height: {chart_px}px")}
                 role="list" aria-label={lang.t(Key::Timeline)} {onmouseover} {onmouseleave} {onfocusin} {onfocusout}>
                <g>{ bar_rects(lang, props, &bars) }</g>
            </svg>
        </figure>
    }
}

/// The bars, keyed by job ID: each a `<rect>` with its label as its `<title>`.
fn bar_rects(lang: Lang, props: &TimelineProps, bars: &[TimelineBar]) -> Html {
    let repeated = repeated_ids(bars.iter().map(|bar| bar.job_id.as_str()));
    let rects = bars
        .iter()
        .zip(props.page.tasks.iter())
        .enumerate()
        .map(|(index, (bar, task))| {
            let duration = task_duration(lang, task, props.now_ms)
                .map(|(text, _)| text)
                .unwrap_or_else(|| lang.t(Key::NotStarted).to_owned());
            let label = format!(
                "{} · {} · {}",
                task.job_id,
                status_label(lang, &task.status),
                duration
            );
            let highlighted = props.highlighted.as_deref() == Some(task.job_id.as_str());
            let key = row_key(&bar.job_id, index, repeated.get(index).copied().unwrap_or(false));
            html! {
                <rect key={key} class={bar_class(&task.status, bar.open, highlighted)} role="listitem"
                      tabindex="0" aria-label={label.clone()} data-job-id={bar.job_id.clone()}
                      x={fixed(bar.x, 3)} y={fixed(index as f64 * ROW + 0.6, 2)}
                      width={fixed(bar.width, 3)} height={fixed(ROW - 1.2, 2)}>
                    <title>{ label }</title>
                </rect>
            }
        });
    rects.collect::<Html>()
}

/// The classes of a bar: its status's colour, open-ended (running), highlighted.
fn bar_class(status: &TaskStatus, open: bool, highlighted: bool) -> String {
    let mut class = format!("tl-bar seg--{}", status_tone(status));
    if open {
        class.push_str(" tl-bar--open");
    }
    if highlighted {
        class.push_str(" tl-bar--highlighted");
    }
    class
}

/// The job ID of the bar an event happened on, if it happened on one.
fn bar_job_id(target: Option<web_sys::EventTarget>) -> Option<String> {
    target?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest("rect[data-job-id]")
        .ok()??
        .get_attribute("data-job-id")
}

#[cfg(test)]
mod tests {
    use gloo_timers::future::TimeoutFuture;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    use super::*;
    use crate::core::model::Task;
    use crate::viewer::browser;

    wasm_bindgen_test_configure!(run_in_browser);

    fn at(text: &str) -> Timestamp {
        Timestamp::parse(text).expect("a valid timestamp")
    }

    #[wasm_bindgen_test]
    async fn bars_are_svg_with_their_labels_as_text_one_per_task() {
        let document = browser::document().expect("a document");
        let root = document.create_element("div").expect("a div");
        document
            .body()
            .expect("a body")
            .append_child(&root)
            .expect("in the page");
        let created = at("2026-11-27T06:00:00");
        let hostile = "<img src=x onerror=alert(1)>";
        // A repeated job ID still gets its own bar.
        let tasks = vec![
            Task::new(hostile, TaskStatus::Waiting, created),
            Task::new("a", TaskStatus::Running, created),
            Task::new("a", TaskStatus::Running, created),
        ];
        let props = TimelineProps {
            page: Rc::new(TaskPage::new(3, tasks)),
            now_ms: at("2026-11-27T06:01:30").unix_millis() as f64,
            highlighted: Some("a".into()),
            onhover: Callback::noop(),
        };
        let app = yew::Renderer::<Timeline>::with_root_and_props(root.clone(), props).render();
        // Yew renders from its scheduler: wait for it (5 s at most).
        for _ in 0..500 {
            if root.query_selector("rect").ok().flatten().is_some() {
                break;
            }
            TimeoutFuture::new(10).await;
        }
        let bars = root
            .query_selector_all("svg rect.tl-bar")
            .expect("a valid selector");
        assert_eq!(bars.length(), 3);
        assert_eq!(
            root.query_selector_all("img, [onerror]")
                .expect("a valid selector")
                .length(),
            0
        );
        let first = root
            .query_selector("rect.tl-bar")
            .expect("a valid selector")
            .expect("a bar");
        assert_eq!(first.get_attribute("data-job-id").as_deref(), Some(hostile));
        let label = format!("{hostile} · Waiting · not started");
        assert_eq!(
            first.get_attribute("aria-label").as_deref(),
            Some(label.as_str())
        );
        let title = first
            .query_selector("title")
            .expect("a valid selector")
            .expect("a title");
        assert_eq!(title.text_content().as_deref(), Some(label.as_str()));
        for element in [&first, &title] {
            assert_eq!(
                element.namespace_uri().as_deref(),
                Some("http://www.w3.org/2000/svg"),
                "{} is an SVG element",
                element.local_name()
            );
        }
        let running = root
            .query_selector_all("rect.tl-bar.tl-bar--open.tl-bar--highlighted[data-job-id=\"a\"]")
            .expect("a valid selector");
        assert_eq!(running.length(), 2);
        app.destroy();
    }
}
