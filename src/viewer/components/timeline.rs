//! The shown page as an SVG timeline: each task from `created_at` to `finished_at` (running ones
//! open-ended to now), coloured by status, with its job ID and duration on hover and focus.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;
use yew::virtual_dom::vtag::SVG_NAMESPACE;

use crate::format::{fixed, status_tone, utc_time};
use crate::i18n::{status_label, task_duration, Key, Lang};
use crate::insights::chart::{timeline, TimelineBar};
use crate::markup;
use vbs_tasks::core::model::{TaskPage, TaskStatus};
use vbs_tasks::core::time::Timestamp;

use super::keyed_children::{use_keyed_children, ChildSpec};

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
    let specs = laid_out
        .as_ref()
        .map(|(_, _, bars)| bar_specs(lang, props, bars))
        .unwrap_or_default();
    let bars_group = use_keyed_children(Some(SVG_NAMESPACE), "g", "rect", specs);
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
                { bars_group }
            </svg>
        </figure>
    }
}

/// The bars as the chart's children: each a `<rect>` with its label as its `<title>`.
fn bar_specs(lang: Lang, props: &TimelineProps, bars: &[TimelineBar]) -> Vec<ChildSpec> {
    bars.iter()
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
            let mut title = String::from("<title>");
            markup::escape(&mut title, &label);
            title.push_str("</title>");
            ChildSpec {
                key: Rc::from(bar.job_id.as_str()),
                attrs: vec![
                    ("class", bar_class(&task.status, bar.open, highlighted)),
                    ("role", "listitem".to_owned()),
                    ("tabindex", "0".to_owned()),
                    ("aria-label", label),
                    ("data-job-id", bar.job_id.clone()),
                    ("x", fixed(bar.x, 3)),
                    ("y", fixed(index as f64 * ROW + 0.6, 2)),
                    ("width", fixed(bar.width, 3)),
                    ("height", fixed(ROW - 1.2, 2)),
                ],
                parts: Rc::from([title]),
            }
        })
        .collect()
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
