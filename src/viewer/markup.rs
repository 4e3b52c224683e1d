//! The task rows as HTML text: status badge, IDs with their copy buttons, times and durations.
//!
//! A table of 100 rows is ~3,000 DOM nodes. Built node by node from wasm, each element, attribute
//! and text costs calls across the wasm/JS boundary (the cost the render benchmark measured);
//! built as one string, the browser's HTML parser makes them in one call. Every value that came
//! from outside goes through [`escape`]: a name like `<img onerror=…>` is text, never markup.
//!
//! Pure functions of their inputs (the browser's time-zone offset is passed in), so the markup is
//! unit-tested natively; `components/keyed_children.rs` puts the rows into the page.

use vbs_tasks::core::model::{Task, TaskStatus};
use vbs_tasks::core::time::Timestamp;

use super::format::{status_tone, utc_time};
use super::i18n::{local_time, relative, status_label, task_duration, Key, Lang};

/// Appends `text` to `out` with `& < > " '` escaped: safe as element text and as a quoted
/// attribute value.
pub fn escape(out: &mut String, text: &str) {
    let mut rest = text;
    // A byte scan: these five are ASCII, and an ASCII byte is never part of a longer UTF-8
    // character, so `at` is a character boundary (a `char` pattern decodes every character).
    while let Some(at) = rest
        .bytes()
        .position(|byte| matches!(byte, b'&' | b'<' | b'>' | b'"' | b'\''))
    {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

/// Appends ` name="value"`, the value escaped.
fn attr(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    escape(out, value);
    out.push('"');
}

/// The icons of the sprite in `styles/app.css` (`--icon-at`), by what they show.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum IconName {
    /// Succeeded.
    Check,
    /// Failed.
    Cross,
    /// Timed out.
    Clock,
    /// Waiting.
    Pause,
    /// Skipped.
    Skip,
    /// A status this viewer does not know.
    Question,
    /// Copy to the clipboard.
    Copy,
    /// Settings.
    Gear,
    /// Refresh.
    Refresh,
}

impl IconName {
    /// The icon's classes.
    pub fn class(self) -> &'static str {
        match self {
            IconName::Check => "icon icon--check",
            IconName::Cross => "icon icon--cross",
            IconName::Clock => "icon icon--clock",
            IconName::Pause => "icon icon--pause",
            IconName::Skip => "icon icon--skip",
            IconName::Question => "icon icon--question",
            IconName::Copy => "icon icon--copy",
            IconName::Gear => "icon icon--gear",
            IconName::Refresh => "icon icon--refresh",
        }
    }

    /// The icon of a status's badge.
    pub fn of_status(status: &TaskStatus) -> IconName {
        match status {
            TaskStatus::ExecuteSuccess => IconName::Check,
            TaskStatus::ExecuteFail => IconName::Cross,
            TaskStatus::ExecuteTimeout => IconName::Clock,
            TaskStatus::Waiting => IconName::Pause,
            TaskStatus::Skip => IconName::Skip,
            _ => IconName::Question,
        }
    }
}

/// Appends a decorative icon (hidden from assistive technology).
pub fn icon(out: &mut String, name: IconName) {
    out.push_str("<span class=\"");
    out.push_str(name.class());
    out.push_str("\" aria-hidden=\"true\"></span>");
}

/// Appends a status badge: icon (or spinner while running), label, and the API's value as title.
pub fn status_badge(out: &mut String, lang: Lang, status: &TaskStatus) {
    out.push_str("<span class=\"badge badge--");
    out.push_str(status_tone(status));
    out.push('"');
    attr(out, "title", status.as_str());
    attr(out, "data-status", status.as_str());
    out.push('>');
    if *status == TaskStatus::Running {
        out.push_str("<span class=\"spinner\" aria-hidden=\"true\"></span>");
    } else {
        out.push_str("<span class=\"badge__icon\">");
        icon(out, IconName::of_status(status));
        out.push_str("</span>");
    }
    out.push_str("<span class=\"badge__text\">");
    escape(out, status_label(lang, status));
    out.push_str("</span></span>");
}

/// What a copy button says: `Copy job ID`, for `what` = `job ID`.
pub fn copy_label(lang: Lang, what: &str) -> String {
    format!("{} {}", lang.t(Key::Copy), what)
}

/// Appends a copy button with no handler of its own (out of the tab order: the row is the tab
/// stop): whoever shows it listens for clicks on `button.copy[data-copy]` and copies `data-copy`.
pub fn copy_button(out: &mut String, lang: Lang, text: &str, what: Key) {
    let label = copy_label(lang, lang.t(what));
    out.push_str("<button type=\"button\" class=\"copy\"");
    attr(out, "data-copy", text);
    attr(out, "aria-label", &label);
    attr(out, "title", &label);
    out.push_str(" tabindex=\"-1\">");
    icon(out, IconName::Copy);
    out.push_str("</button>");
}

/// Appends `—`, what an empty field shows.
fn none(out: &mut String) {
    out.push_str("<span class=\"muted\">\u{2014}</span>");
}

/// Appends a time: local time in `lang`, the exact UTC time as its title, and how long ago; `—`
/// when there is none. `zone` gives the browser's offset east of UTC, in minutes, at an instant
/// (ms since the epoch).
pub fn time(
    out: &mut String,
    lang: Lang,
    at: Option<Timestamp>,
    zone: impl Fn(f64) -> i32,
    now_ms: f64,
) {
    let Some(at) = at else {
        return none(out);
    };
    let offset_minutes = zone(at.unix_millis() as f64);
    out.push_str("<span class=\"time\"><time");
    attr(out, "datetime", &format!("{}Z", at.to_api_string()));
    attr(out, "title", &utc_time(at));
    out.push('>');
    escape(out, &local_time(lang, at, offset_minutes));
    out.push_str("</time><span class=\"time__relative\">");
    escape(out, &relative(lang, now_ms, at.unix_millis() as f64));
    out.push_str("</span></span>");
}

/// Appends an ID in code type with its copy button; `tag` (a resource type) goes before it.
fn id_with_copy(out: &mut String, lang: Lang, id: &str, tag: &str, what: Key) {
    out.push_str("<span class=\"id-with-copy\">");
    if !tag.is_empty() {
        out.push_str("<span class=\"tag\">");
        escape(out, tag);
        out.push_str("</span>");
    }
    out.push_str("<code class=\"id\"");
    attr(out, "title", id);
    out.push('>');
    escape(out, id);
    out.push_str("</code>");
    copy_button(out, lang, id, what);
    out.push_str("</span>");
}

/// The cells of a task's row, one `<td>…</td>` each, in the order of the table's columns.
/// `zone` gives the browser's offset east of UTC, in minutes, at an instant (ms since the epoch).
pub fn task_cells(lang: Lang, task: &Task, now_ms: f64, zone: impl Fn(f64) -> i32) -> [String; 7] {
    let cell = |class: &str, fill: &dyn Fn(&mut String)| {
        let mut out = String::with_capacity(160);
        out.push_str("<td class=\"");
        out.push_str(class);
        out.push_str("\">");
        fill(&mut out);
        out.push_str("</td>");
        out
    };
    let time_cell =
        |at: Option<Timestamp>| cell("cell-time", &|out| time(out, lang, at, &zone, now_ms));
    [
        cell("cell-status", &|out| status_badge(out, lang, &task.status)),
        cell("cell-id", &|out| {
            id_with_copy(out, lang, &task.job_id, "", Key::WhatJobId)
        }),
        cell("cell-name", &|out| match task.backup_name.as_str() {
            "" => none(out),
            name => escape(out, name),
        }),
        cell("cell-resource", &|out| match task.resource_id.as_str() {
            "" => none(out),
            id => id_with_copy(out, lang, id, &task.resource_type, Key::WhatResourceId),
        }),
        time_cell(Some(task.created_at)),
        time_cell(task.finished_at),
        cell(
            "cell-duration",
            &|out| match task_duration(lang, task, now_ms) {
                Some((text, true)) => {
                    out.push_str("<span class=\"ticking\"");
                    attr(out, "title", lang.t(Key::RunningHint));
                    out.push('>');
                    escape(out, &text);
                    out.push_str("</span>");
                }
                Some((text, false)) => escape(out, &text),
                None => none(out),
            },
        ),
    ]
}

/// The attributes of a task's `<tr>`: its classes, roving tab index, job ID, index in the page
/// (the table's listeners find the task by it) and accessible name.
pub fn task_row_attrs(
    lang: Lang,
    task: &Task,
    index: usize,
    tab_stop: bool,
    selected: bool,
    highlighted: bool,
) -> Vec<(&'static str, String)> {
    let mut class = String::from("task-row");
    for (on, modifier) in [
        (selected, " task-row--selected"),
        (task.status.is_failure(), " task-row--failed"),
        (highlighted, " task-row--highlighted"),
    ] {
        if on {
            class.push_str(modifier);
        }
    }
    vec![
        ("class", class),
        ("tabindex", if tab_stop { "0" } else { "-1" }.to_owned()),
        ("data-job-id", task.job_id.clone()),
        ("data-index", index.to_string()),
        (
            "aria-label",
            format!("{} {}", lang.t(Key::TaskWord), task.job_id),
        ),
    ]
}

/// Appends a whole element: `<tag` with `attrs`, its `inner` markup, `</tag>`.
pub fn element(out: &mut String, tag: &str, attrs: &[(&'static str, String)], inner: &[String]) {
    out.push('<');
    out.push_str(tag);
    for (name, value) in attrs {
        attr(out, name, value);
    }
    out.push('>');
    for part in inner {
        out.push_str(part);
    }
    out.push_str("</");
    out.push_str(tag);
    out.push('>');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse(text).expect("a valid timestamp")
    }

    fn escaped(text: &str) -> String {
        let mut out = String::new();
        escape(&mut out, text);
        out
    }

    #[test]
    fn escape_leaves_no_markup_character_and_keeps_the_rest() {
        assert_eq!(escaped("plain 中文 text"), "plain 中文 text");
        assert_eq!(
            escaped(r#"<img src=x onerror="alert('1')">&amp;"#),
            "&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;amp;"
        );
        assert_eq!(escaped(""), "");
        assert_eq!(escaped("&&"), "&amp;&amp;");
        // Multi-byte characters next to the escaped ones stay whole.
        for text in ["中<文>&\"'é", "é&", "&é", "\u{1F600}'\u{1F600}", "'"] {
            let reference = text
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;")
                .replace('\'', "&#39;");
            assert_eq!(escaped(text), reference, "{text}");
        }
    }

    #[test]
    fn hostile_fields_end_up_as_text_in_every_cell() {
        let mut task = Task::new(
            "\"><script>alert(1)</script>",
            TaskStatus::Unknown("<b>NEW</b>".into()),
            at("2026-11-27T06:03:12.706"),
        );
        task.backup_name = "<img src=x onerror=alert(2)>".into();
        task.resource_id = "r\"1".into();
        task.resource_type = "<i>".into();
        let cells = task_cells(Lang::En, &task, 0.0, |_| 0);
        let mut html = String::new();
        element(
            &mut html,
            "tr",
            &task_row_attrs(Lang::En, &task, 3, true, false, false),
            &cells,
        );
        for forbidden in ["<script", "<img", "<b>", "<i>"] {
            assert!(!html.contains(forbidden), "{forbidden} in {html}");
        }
        assert!(
            html.contains("&lt;img src=x onerror=alert(2)&gt;"),
            "{html}"
        );
        assert!(html.contains("data-copy=\"r&quot;1\""), "{html}");
    }

    #[test]
    fn a_row_has_the_table_contract_markup() {
        let mut task = Task::new(
            "job-1",
            TaskStatus::ExecuteFail,
            at("2026-11-27T06:03:12.706"),
        );
        task.finished_at = Some(at("2026-11-27T06:05:12.706"));
        task.backup_name = "nightly".into();
        task.resource_id = "vol-1".into();
        task.resource_type = "EVS".into();
        let cells = task_cells(Lang::En, &task, 0.0, |_| 60);
        assert_eq!(
            cells[0],
            "<td class=\"cell-status\"><span class=\"badge badge--fail\" title=\"EXECUTE_FAIL\" \
             data-status=\"EXECUTE_FAIL\"><span class=\"badge__icon\"><span class=\"icon icon--cross\" \
             aria-hidden=\"true\"></span></span><span class=\"badge__text\">Failed</span></span></td>"
        );
        assert_eq!(
            cells[1],
            "<td class=\"cell-id\"><span class=\"id-with-copy\"><code class=\"id\" title=\"job-1\">job-1</code>\
             <button type=\"button\" class=\"copy\" data-copy=\"job-1\" aria-label=\"Copy job ID\" \
             title=\"Copy job ID\" tabindex=\"-1\"><span class=\"icon icon--copy\" aria-hidden=\"true\"></span>\
             </button></span></td>"
        );
        assert_eq!(cells[2], "<td class=\"cell-name\">nightly</td>");
        assert!(cells[3].contains(
            "<span class=\"tag\">EVS</span><code class=\"id\" title=\"vol-1\">vol-1</code>"
        ));
        // Local time one hour east of UTC; the title keeps the exact UTC time.
        assert!(cells[4].starts_with(
            "<td class=\"cell-time\"><span class=\"time\"><time datetime=\"2026-11-27T06:03:12.706Z\" \
             title=\"2026-11-27 06:03:12.706 UTC\">2026-11-27 07:03:12</time>"
        ), "{}", cells[4]);
        assert!(
            cells[5].contains(">2026-11-27 07:05:12</time>"),
            "{}",
            cells[5]
        );
        assert_eq!(cells[6], "<td class=\"cell-duration\">2 min 0 s</td>");
        let attrs = task_row_attrs(Lang::En, &task, 7, false, true, true);
        assert_eq!(
            attrs[0].1,
            "task-row task-row--selected task-row--failed task-row--highlighted"
        );
        assert_eq!(attrs[1].1, "-1");
        assert_eq!(attrs[3].1, "7");
        assert_eq!(attrs[4].1, "Task job-1");
    }

    #[test]
    fn empty_fields_show_a_dash_and_a_running_task_ticks() {
        let task = Task::new("job-2", TaskStatus::Running, at("2026-11-27T06:00:00"));
        let now = at("2026-11-27T06:01:30").unix_millis() as f64;
        let cells = task_cells(Lang::En, &task, now, |_| 0);
        assert!(cells[0].contains("<span class=\"spinner\" aria-hidden=\"true\"></span>"));
        assert_eq!(
            cells[2],
            "<td class=\"cell-name\"><span class=\"muted\">\u{2014}</span></td>"
        );
        assert_eq!(
            cells[3],
            "<td class=\"cell-resource\"><span class=\"muted\">\u{2014}</span></td>"
        );
        assert_eq!(
            cells[5],
            "<td class=\"cell-time\"><span class=\"muted\">\u{2014}</span></td>"
        );
        assert!(
            cells[6].starts_with("<td class=\"cell-duration\"><span class=\"ticking\" title=\""),
            "{}",
            cells[6]
        );
        assert!(
            cells[6].ends_with(">1 min 30 s</span></td>"),
            "{}",
            cells[6]
        );
    }
}
