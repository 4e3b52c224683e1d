//! The shown page as an SVG timeline: each task from `created_at` to `finished_at` (running ones
//! open-ended to now), coloured by status, with its job ID and duration on hover and focus.
//!
//! The clock ticks every second, and the bars of running tasks end at "now": laid out again on
//! each tick, a page of 1,000 bars would be drawn again each second (and, when running tasks end
//! the axis, every bar would move). So the bars are laid out on the chart's own clock
//! ([`chart_clock_ms`]), which moves by about a thousandth of the axis (less than a pixel), and
//! each bar is a component that renders again only when what it shows changes: its place, its
//! highlight, or its label (a running task's duration, each second).

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;
use yew::virtual_dom::Key as ListKey;

use crate::format::{fixed, status_tone, utc_time};
use crate::i18n::{status_label, task_duration, Key, Lang};
use crate::insights::chart::timeline;
use crate::windowing::{repeated_ids, row_key};
use vbs_tasks::core::taskrow::TaskRow;

use crate::rows::RowPage;
use vbs_tasks::core::time::Timestamp;

#[derive(Properties, PartialEq)]
pub(crate) struct TimelineProps {
    pub page: Rc<RowPage>,
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

/// "Now" for the bars' geometry: `now_ms` rounded up to a step of about a thousandth of the
/// axis (the span from the first task's start to now; a power of two of seconds, so the step
/// changes only when the span doubles). Only tasks without an end depend on it.
pub(crate) fn chart_clock_ms(tasks: &[TaskRow], now_ms: f64) -> f64 {
    if !now_ms.is_finite() || tasks.iter().all(|task| task.ended_at.is_some()) {
        return now_ms;
    }
    let first = tasks
        .iter()
        .map(|task| task.created_at.unix_millis() as f64)
        .fold(now_ms, f64::min);
    let mut step = 1_000.0;
    while step * 1_000.0 < now_ms - first {
        step *= 2.0;
    }
    (now_ms / step).ceil() * step
}

/// A bar, laid out: what does not change until the chart's clock moves.
struct LaidBar {
    key: ListKey,
    job_id: AttrValue,
    tone: &'static str,
    open: bool,
    x: AttrValue,
    y: AttrValue,
    width: AttrValue,
    /// The label of a task that has ended (a running task's changes with the clock).
    label: Option<AttrValue>,
}

/// The axis's ends and the bars of `tasks` laid out with "now" at `clock_ms`.
fn lay_out(lang: Lang, tasks: &[TaskRow], clock_ms: f64) -> Option<(Timestamp, Vec<LaidBar>)> {
    let (start, _, bars) =
        Timestamp::from_unix_millis(clock_ms as i64).and_then(|now| timeline(tasks, now))?;
    let repeated = repeated_ids(bars.iter().map(|bar| bar.job_id.as_str()));
    let laid = bars
        .into_iter()
        .zip(tasks)
        .enumerate()
        .map(|(index, (bar, task))| LaidBar {
            key: ListKey::from(row_key(
                &bar.job_id,
                index,
                repeated.get(index).copied().unwrap_or(false),
            )),
            tone: status_tone(&task.status),
            open: bar.open,
            x: fixed(bar.x, 3).into(),
            y: fixed(index as f64 * ROW + 0.6, 2).into(),
            width: fixed(bar.width, 3).into(),
            label: (!bar.open).then(|| bar_label(lang, task, clock_ms)),
            job_id: bar.job_id.into(),
        })
        .collect();
    Some((start, laid))
}

/// What a bar says: `job ID · status · duration`.
fn bar_label(lang: Lang, task: &TaskRow, now_ms: f64) -> AttrValue {
    let duration = task_duration(lang, task, now_ms)
        .map(|(text, _)| text)
        .unwrap_or_else(|| lang.t(Key::NotStarted).to_owned());
    format!(
        "{} · {} · {}",
        task.id,
        status_label(lang, &task.status),
        duration
    )
    .into()
}

/// The end of the axis as the caption says it: the latest end, running tasks ending now.
fn axis_end(tasks: &[TaskRow], now_ms: f64) -> Option<Timestamp> {
    let now = Timestamp::from_unix_millis(now_ms as i64)?;
    tasks
        .iter()
        .map(|task| task.ended_at.unwrap_or(now).max(task.created_at))
        .max()
}

/// A page, equal only to itself: memoising on it must not compare pages task by task.
#[derive(Clone)]
struct SamePage(Rc<RowPage>);

impl PartialEq for SamePage {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[function_component]
pub(crate) fn Timeline(props: &TimelineProps) -> Html {
    let lang = use_context::<Lang>().unwrap_or_default();
    let tasks = &props.page.rows;
    let clock_ms = chart_clock_ms(tasks, props.now_ms);
    // The clock by its bits: a NaN (no clock yet) must equal itself, or the memo would lay out
    // again on every render.
    let laid_out = use_memo(
        (SamePage(props.page.clone()), lang, clock_ms.to_bits()),
        |(page, lang, clock)| lay_out(*lang, &page.0.rows, f64::from_bits(*clock)),
    );
    let (Some((start, bars)), Some(end)) = (laid_out.as_ref(), axis_end(tasks, props.now_ms))
    else {
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
    let rects = bars.iter().zip(tasks).map(|(bar, task)| {
        let label = match &bar.label {
            Some(label) => label.clone(),
            None => bar_label(lang, task, props.now_ms),
        };
        html! {
            <Bar key={bar.key.clone()} job_id={bar.job_id.clone()} tone={bar.tone} open={bar.open}
                 highlighted={props.highlighted.as_deref() == Some(task.id.as_str())}
                 x={bar.x.clone()} y={bar.y.clone()} width={bar.width.clone()} {label} />
        }
    });
    html! {
        <figure class="timeline">
            <figcaption class="timeline__axis">
                <span>{ utc_time(*start) }</span>
                <span>{ lang.t(Key::Timeline) }</span>
                <span>{ utc_time(end) }</span>
            </figcaption>
            <svg class="timeline__chart" viewBox={format!("0 0 100 {}", fixed(height, 2))} preserveAspectRatio="none"
                 style={format!("height: {chart_px}px")}
                 role="list" aria-label={lang.t(Key::Timeline)} {onmouseover} {onmouseleave} {onfocusin} {onfocusout}>
                <g>{ for rects }</g>
            </svg>
        </figure>
    }
}

#[derive(Properties, PartialEq)]
struct BarProps {
    job_id: AttrValue,
    /// Its status's colour (`seg--…`).
    tone: &'static str,
    /// Still running: open-ended.
    open: bool,
    highlighted: bool,
    x: AttrValue,
    y: AttrValue,
    width: AttrValue,
    label: AttrValue,
}

/// A bar: a `<rect>` with its label as its `<title>`.
#[function_component]
fn Bar(props: &BarProps) -> Html {
    let class = classes!(
        "tl-bar",
        format!("seg--{}", props.tone),
        props.open.then_some("tl-bar--open"),
        props.highlighted.then_some("tl-bar--highlighted"),
    );
    html! {
        <rect {class} role="listitem" tabindex="0" aria-label={props.label.clone()}
              data-job-id={props.job_id.clone()} x={props.x.clone()} y={props.y.clone()}
              width={props.width.clone()} height={fixed(ROW - 1.2, 2)}>
            <title>{ props.label.clone() }</title>
        </rect>
    }
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
    use crate::browser;
    use vbs_tasks::core::model::{Task, TaskPage, TaskStatus};

    wasm_bindgen_test_configure!(run_in_browser);

    fn at(text: &str) -> Timestamp {
        Timestamp::parse(text).expect("a valid timestamp")
    }

    #[wasm_bindgen_test]
    async fn bars_are_svg_with_their_labels_as_text_one_per_task() {
        let root = browser::test_root();
        let created = at("2026-11-27T06:00:00");
        let hostile = "<img src=x onerror=alert(1)>";
        // A repeated job ID still gets its own bar.
        let tasks = vec![
            Task::new(hostile, TaskStatus::Waiting, created),
            Task::new("a", TaskStatus::Running, created),
            Task::new("a", TaskStatus::Running, created),
        ];
        let props = TimelineProps {
            page: Rc::new(RowPage::from(TaskPage::new(3, tasks))),
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

    #[wasm_bindgen_test]
    fn the_chart_clock_moves_by_a_thousandth_of_the_axis() {
        let created = at("2026-11-27T06:00:00");
        let now = created.unix_millis() as f64;
        let mut done = Task::new("done", TaskStatus::ExecuteSuccess, created);
        done.finished_at = Some(at("2026-11-27T06:05:00"));
        let done = TaskRow::from(&done);
        // Nothing runs: the clock is not used, and is left as it is.
        assert_eq!(
            chart_clock_ms(std::slice::from_ref(&done), now + 123.0),
            now + 123.0
        );
        let running = TaskRow::from(&Task::new("running", TaskStatus::Running, created));
        let tasks = [done, running];
        // Ten minutes in: a step of a second.
        let ten_minutes = now + 600_000.0;
        assert_eq!(
            chart_clock_ms(&tasks, ten_minutes + 1.0),
            ten_minutes + 1_000.0
        );
        assert_eq!(chart_clock_ms(&tasks, ten_minutes), ten_minutes);
        // Ten days in: 1,024 s (2¹⁰ s ≥ a thousandth of ten days), the same all through a step.
        let ten_days = now + 864_000_000.0;
        let step = 1_024_000.0;
        let clock = chart_clock_ms(&tasks, ten_days);
        assert!(clock >= ten_days && clock < ten_days + step, "{clock}");
        assert_eq!(clock % step, 0.0);
        for within in [clock - step + 1.0, clock - step / 2.0, clock] {
            assert_eq!(chart_clock_ms(&tasks, within), clock, "at {within}");
        }
        assert_eq!(chart_clock_ms(&tasks, clock + 1.0), clock + step);
        assert!(chart_clock_ms(&tasks, f64::NAN).is_nan());
    }
}
