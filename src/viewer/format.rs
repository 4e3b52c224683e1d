//! How values read on screen: status labels, counts, page summaries, times and durations.
//!
//! Pure functions of their inputs (the browser's clock and time-zone offset are passed in), so the
//! wording is unit-tested natively and the components stay thin.

use time::{Duration, UtcOffset};

use vbs_tasks::core::model::TaskStatus;
use vbs_tasks::core::taskrow::TaskRow;
use vbs_tasks::core::time::Timestamp;
use vbs_tasks::viewer_config::TargetInfo;

/// The words for a status (`Failed`); an unknown value is shown as the service sent it.
pub fn status_label(status: &TaskStatus) -> &str {
    match status {
        TaskStatus::Running => "Running",
        TaskStatus::ExecuteTimeout => "Timed out",
        TaskStatus::Waiting => "Waiting",
        TaskStatus::ExecuteFail => "Failed",
        TaskStatus::ExecuteSuccess => "Succeeded",
        TaskStatus::Skip => "Skipped",
        other => other.as_str(),
    }
}

/// The colour family of a status badge (a CSS modifier); unknown values are grey (`unknown`).
pub fn status_tone(status: &TaskStatus) -> &'static str {
    match status {
        TaskStatus::Running => "running",
        TaskStatus::ExecuteTimeout => "timeout",
        TaskStatus::Waiting => "waiting",
        TaskStatus::ExecuteFail => "fail",
        TaskStatus::ExecuteSuccess => "success",
        TaskStatus::Skip => "skip",
        _ => "unknown",
    }
}

/// A count with thousands separators: `10,317`.
pub fn thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// A share as a percentage with one decimal: `94.1%`.
pub fn percent(share: f64) -> String {
    let mut out = fixed(share * 100.0, 1);
    out.push('%');
    out
}

/// `value` with `decimals` digits after the point (at most six), rounded half away from zero;
/// `0` for what is not finite. For SVG coordinates and shares: Rust's own float formatting
/// (`{:.3}`) is 10 KB of the viewer's wasm.
pub fn fixed(value: f64, decimals: u32) -> String {
    let decimals = decimals.min(6);
    let scale = 10u64.pow(decimals);
    let scaled = (value.abs() * scale as f64).round();
    if !scaled.is_finite() || scaled >= 1e18 {
        return String::from("0");
    }
    let scaled = scaled as u64;
    let sign = if value < 0.0 && scaled != 0 { "-" } else { "" };
    let whole = scaled / scale;
    if decimals == 0 {
        return format!("{sign}{whole}");
    }
    let width = decimals as usize;
    format!("{sign}{whole}.{:0width$}", scaled % scale)
}

/// A duration in seconds, in the words of [`duration`] (statistics: median, p95).
pub fn seconds(secs: f64) -> String {
    duration(Duration::milliseconds((secs * 1000.0).round() as i64))
}

/// The last page number for `count` tasks at `page_size` per page; 1 when there are none.
pub fn last_page(count: u64, page_size: u32) -> u64 {
    let size = u64::from(page_size.max(1));
    count.div_ceil(size).max(1)
}

/// The 1-based numbers of the first and last task a page of `shown` rows holds (`shown` ≥ 1);
/// every language words the same range.
pub fn shown_range(page: u64, page_size: u32, shown: usize) -> (u64, u64) {
    let first = page
        .saturating_sub(1)
        .saturating_mul(u64::from(page_size))
        .saturating_add(1);
    (
        first,
        first.saturating_add((shown as u64).saturating_sub(1)),
    )
}

/// The summary of a page: `21–40 of 10,317` (`shown` is the number of rows the page holds).
pub fn page_summary(page: u64, page_size: u32, count: u64, shown: usize) -> String {
    if shown == 0 {
        return if count == 0 {
            "No tasks".to_owned()
        } else {
            format!("0 of {}", thousands(count))
        };
    }
    let (first, last) = shown_range(page, page_size, shown);
    format!(
        "{}–{} of {}",
        thousands(first),
        thousands(last),
        thousands(count)
    )
}

/// One entry of the pager's row of page numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageLink {
    /// A page number button.
    Page(u64),
    /// Pages left out (`…`).
    Gap,
}

/// A few page numbers around `current`, always with the first and the last: `1 … 4 5 6 … 516`.
pub fn page_links(current: u64, last: u64) -> Vec<PageLink> {
    let last = last.max(1);
    let current = current.clamp(1, last);
    let (from, to) = (current.saturating_sub(2).max(1), (current + 2).min(last));
    let mut links = Vec::new();
    if from > 1 {
        links.push(PageLink::Page(1));
        if from > 2 {
            links.push(PageLink::Gap);
        }
    }
    links.extend((from..=to).map(PageLink::Page));
    if to < last {
        if to + 1 < last {
            links.push(PageLink::Gap);
        }
        links.push(PageLink::Page(last));
    }
    links
}

/// A time in the browser's zone (`offset_minutes` east of UTC): `2026-11-27 14:03:12`.
pub fn local_time(at: Timestamp, offset_minutes: i32) -> String {
    let offset =
        UtcOffset::from_whole_seconds(offset_minutes.saturating_mul(60)).unwrap_or(UtcOffset::UTC);
    let local = at.as_offset_date_time().to_offset(offset);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        local.year(),
        u8::from(local.month()),
        local.day(),
        local.hour(),
        local.minute(),
        local.second()
    )
}

/// The zone of the local times shown, from their offsets east of UTC in minutes (ascending):
/// `UTC+08:00`, `UTC-03:30`; `UTC+01:00/+02:00` when the times fall on both sides of a
/// daylight-saving change, as a page of older tasks may.
pub fn zone_label(offsets_minutes: &[i32]) -> String {
    let mut label = String::from("UTC");
    for (index, offset) in offsets_minutes.iter().enumerate() {
        let minutes = offset.unsigned_abs();
        let sign = if *offset < 0 { '-' } else { '+' };
        let separator = if index > 0 { "/" } else { "" };
        label.push_str(&format!(
            "{separator}{sign}{:02}:{:02}",
            minutes / 60,
            minutes % 60
        ));
    }
    label
}

/// The exact UTC time, for a tooltip: `2026-11-27 06:03:12.706 UTC`.
pub fn utc_time(at: Timestamp) -> String {
    format!("{} UTC", at.to_api_string().replace('T', " "))
}

/// The unit of a relative time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeUnit {
    /// Seconds.
    Seconds,
    /// Minutes.
    Minutes,
    /// Hours.
    Hours,
    /// Days.
    Days,
}

/// How far `then_ms` is from `now_ms` (both since the epoch), in one unit: `None` within 5 s
/// ("just now"), else the whole amount, its unit, and whether `then` lies ahead of the clock.
/// Every language words these same parts.
pub fn relative_parts(now_ms: f64, then_ms: f64) -> Option<(u64, TimeUnit, bool)> {
    let delta_secs = ((now_ms - then_ms) / 1000.0).round();
    let ahead = delta_secs < 0.0;
    let secs = delta_secs.abs() as u64;
    let (amount, unit) = match secs {
        0..5 => return None,
        5..60 => (secs, TimeUnit::Seconds),
        60..3600 => (secs / 60, TimeUnit::Minutes),
        3600..86_400 => (secs / 3600, TimeUnit::Hours),
        _ => (secs / 86_400, TimeUnit::Days),
    };
    Some((amount, unit, ahead))
}

/// How long ago `then_ms` was at `now_ms`, in English: `just now`, `12 s ago`, `5 min ago`,
/// `3 h ago`, `2 d ago`; a time ahead of the clock reads `in 5 min`.
pub fn relative(now_ms: f64, then_ms: f64) -> String {
    let Some((amount, unit, ahead)) = relative_parts(now_ms, then_ms) else {
        return "just now".to_owned();
    };
    let unit = match unit {
        TimeUnit::Seconds => "s",
        TimeUnit::Minutes => "min",
        TimeUnit::Hours => "h",
        TimeUnit::Days => "d",
    };
    if ahead {
        format!("in {amount} {unit}")
    } else {
        format!("{amount} {unit} ago")
    }
}

/// "updated 3 s ago" for the refresh bar: seconds first, then the coarser units of [`relative`].
pub fn updated_ago(now_ms: f64, then_ms: f64) -> String {
    let secs = ((now_ms - then_ms) / 1000.0).max(0.0).floor() as u64;
    if secs < 60 {
        format!("updated {secs} s ago")
    } else {
        format!("updated {}", relative(now_ms, then_ms))
    }
}

/// A duration split into its two largest units; every language words these same parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DurationParts {
    /// Under a second.
    Millis(u32),
    /// Under a minute.
    Secs(u64),
    /// Minutes and seconds.
    MinSecs(u64, u64),
    /// Hours and minutes.
    HourMins(u64, u64),
    /// Days and hours.
    DayHours(u64, u64),
}

/// Splits `span` (negative reads as zero) into [`DurationParts`].
pub fn duration_parts(span: Duration) -> DurationParts {
    // Whole seconds and the millisecond part: `whole_milliseconds` is an i128, whose division
    // and formatting are 2.6 KB of wasm.
    if span.is_negative() {
        return DurationParts::Millis(0);
    }
    let secs = span.whole_seconds().unsigned_abs();
    match secs {
        0 => DurationParts::Millis(u32::from(span.subsec_milliseconds().unsigned_abs())),
        1..=59 => DurationParts::Secs(secs),
        60..=3599 => DurationParts::MinSecs(secs / 60, secs % 60),
        3600..=86_399 => DurationParts::HourMins(secs / 3600, (secs % 3600) / 60),
        _ => DurationParts::DayHours(secs / 86_400, (secs % 86_400) / 3600),
    }
}

/// A duration in two units at most: `850 ms`, `45 s`, `3 min 12 s`, `2 h 05 min`, `3 d 4 h`.
pub fn duration(span: Duration) -> String {
    match duration_parts(span) {
        DurationParts::Millis(ms) => format!("{ms} ms"),
        DurationParts::Secs(s) => format!("{s} s"),
        DurationParts::MinSecs(m, s) => format!("{m} min {s} s"),
        DurationParts::HourMins(h, m) => format!("{h} h {m:02} min"),
        DurationParts::DayHours(d, h) => format!("{d} d {h} h"),
    }
}

/// How long a task has taken, and whether it is still running: finished → its duration;
/// running → the time since it started (CBR says when; a VBS task, since it was created), ticking
/// with `now_ms`; waiting or unknown without an end → `None`.
pub fn task_span(task: &TaskRow, now_ms: f64) -> Option<(Duration, bool)> {
    if let Some(span) = task.duration() {
        return Some((span, false));
    }
    if task.status == TaskStatus::Running {
        let start = task.started_at.unwrap_or(task.created_at);
        let elapsed_ms = (now_ms as i64).saturating_sub(start.unix_millis());
        return Some((Duration::milliseconds(elapsed_ms.max(0)), true));
    }
    None
}

/// [`task_span`] in words (see [`duration`]).
pub fn task_duration(task: &TaskRow, now_ms: f64) -> Option<(String, bool)> {
    task_span(task, now_ms).map(|(span, running)| (duration(span), running))
}

/// A target as the picker and the glance's headings name it: its name, and its cloud and region
/// when the server names them (`prod-cn4 — huawei cn-north-4`, `dev — eu-de`, `local`).
pub fn target_label(target: &TargetInfo) -> String {
    let place: Vec<&str> = [target.cloud.as_str(), target.region.as_str()]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect();
    if place.is_empty() {
        target.name.clone()
    } else {
        format!("{} — {}", target.name, place.join(" "))
    }
}

/// A datetime-local field's value for `at` in the browser's zone (`offset_minutes` east of UTC
/// at that instant): `2026-11-27T14:03`, to the minute, as the field shows it.
pub fn input_time(at: Timestamp, offset_minutes: i32) -> String {
    let offset =
        UtcOffset::from_whole_seconds(offset_minutes.saturating_mul(60)).unwrap_or(UtcOffset::UTC);
    let local = at.as_offset_date_time().to_offset(offset);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        local.year(),
        u8::from(local.month()),
        local.day(),
        local.hour(),
        local.minute()
    )
}

/// The instant a datetime-local field's value (`2026-11-27T14:03`, seconds optional) means in the
/// browser's zone, whose offset east of UTC at an instant (ms) `offset_at` says; `None` for
/// anything else (an empty field). Near a daylight-saving change the offset is the one in force
/// at the result, found by asking twice.
pub fn read_input_time(text: &str, offset_at: impl Fn(f64) -> i32) -> Option<Timestamp> {
    let text = text.trim();
    let with_seconds = match text.len() {
        16 => format!("{text}:00"),
        19 => text.to_owned(),
        _ => return None,
    };
    // The API's own form, read as if it were UTC, then moved by the zone's offset.
    let civil = Timestamp::parse_filter_time(&format!("{with_seconds}Z"))?;
    let civil_ms = civil.unix_millis();
    let shift = |offset: i32| civil_ms.saturating_sub(i64::from(offset).saturating_mul(60_000));
    let guess = shift(offset_at(civil_ms as f64));
    Timestamp::from_unix_millis(shift(offset_at(guess as f64)))
}

#[cfg(test)]
mod tests;
