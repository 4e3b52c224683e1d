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

#[cfg(test)]
mod tests {
    use super::*;
    use vbs_tasks::core::model::Task;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse(text).unwrap()
    }

    #[test]
    fn statuses_read_as_words_and_unknown_ones_as_sent() {
        assert_eq!(status_label(&TaskStatus::ExecuteFail), "Failed");
        assert_eq!(status_label(&TaskStatus::ExecuteTimeout), "Timed out");
        let odd = TaskStatus::Unknown("EXECUTE_PARTIAL".into());
        assert_eq!(status_label(&odd), "EXECUTE_PARTIAL");
        assert_eq!(status_tone(&odd), "unknown");
        for status in TaskStatus::KNOWN {
            assert_ne!(status_tone(&status), "unknown", "{status}");
        }
    }

    #[test]
    fn counts_get_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(10_317), "10,317");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn the_summary_names_the_rows_shown() {
        assert_eq!(page_summary(2, 20, 10_317, 20), "21–40 of 10,317");
        assert_eq!(page_summary(1, 20, 5, 5), "1–5 of 5");
        assert_eq!(page_summary(516, 20, 10_317, 17), "10,301–10,317 of 10,317");
        assert_eq!(page_summary(1, 20, 0, 0), "No tasks");
        assert_eq!(page_summary(900, 20, 10_317, 0), "0 of 10,317");
    }

    #[test]
    fn shares_and_second_counts_read_as_words() {
        assert_eq!(percent(0.9412), "94.1%");
        assert_eq!(percent(1.0), "100.0%");
        assert_eq!(percent(0.0), "0.0%");
        assert_eq!(percent(0.33333), "33.3%");
    }

    #[test]
    fn fixed_points_round_and_pad() {
        assert_eq!(fixed(12.34567, 3), "12.346");
        assert_eq!(fixed(0.5, 2), "0.50");
        assert_eq!(fixed(-1.25, 1), "-1.3");
        assert_eq!(fixed(-0.0001, 2), "0.00");
        assert_eq!(fixed(7.0, 0), "7");
        assert_eq!(fixed(f64::NAN, 3), "0");
        assert_eq!(fixed(f64::INFINITY, 3), "0");
        for value in [0.0, 0.001, 1.5, 99.999, 12_345.678_9, -4.567_89] {
            for decimals in 0..5 {
                let expected = format!("{value:.prec$}", prec = decimals as usize);
                let ours = fixed(value, decimals);
                let (a, b): (f64, f64) = (expected.parse().unwrap(), ours.parse().unwrap());
                assert!(
                    (a - b).abs() <= 10f64.powi(-(decimals as i32)) * 1.000_001,
                    "{value} {decimals}: {ours} vs {expected}"
                );
            }
        }
        assert_eq!(seconds(192.4), "3 min 12 s");
        assert_eq!(seconds(0.25), "250 ms");
    }

    #[test]
    fn the_last_page_rounds_up_and_is_at_least_one() {
        assert_eq!(last_page(10_317, 20), 516);
        assert_eq!(last_page(10_300, 20), 515);
        assert_eq!(last_page(0, 20), 1);
        assert_eq!(last_page(5, 0), 5);
    }

    #[test]
    fn page_links_keep_first_last_and_neighbours() {
        use PageLink::{Gap, Page};
        assert_eq!(page_links(1, 1), vec![Page(1)]);
        assert_eq!(page_links(1, 3), vec![Page(1), Page(2), Page(3)]);
        assert_eq!(
            page_links(1, 516),
            vec![Page(1), Page(2), Page(3), Gap, Page(516)]
        );
        assert_eq!(
            page_links(10, 516),
            vec![
                Page(1),
                Gap,
                Page(8),
                Page(9),
                Page(10),
                Page(11),
                Page(12),
                Gap,
                Page(516)
            ]
        );
        assert_eq!(
            page_links(516, 516),
            vec![Page(1), Gap, Page(514), Page(515), Page(516)]
        );
        // No gap stands for a single page: it is shown instead.
        assert_eq!(page_links(4, 7), (1..=7).map(Page).collect::<Vec<_>>());
        assert_eq!(page_links(99, 3).last(), Some(&Page(3)));
    }

    #[test]
    fn the_zone_label_names_the_offsets_of_the_local_times() {
        assert_eq!(zone_label(&[0]), "UTC+00:00");
        assert_eq!(zone_label(&[8 * 60]), "UTC+08:00");
        assert_eq!(zone_label(&[-7 * 60]), "UTC-07:00");
        assert_eq!(zone_label(&[5 * 60 + 45]), "UTC+05:45");
        assert_eq!(zone_label(&[-(3 * 60 + 30)]), "UTC-03:30");
        assert_eq!(zone_label(&[14 * 60]), "UTC+14:00");
        // Both sides of a daylight-saving change.
        assert_eq!(zone_label(&[60, 120]), "UTC+01:00/+02:00");
        assert_eq!(zone_label(&[-210, -150]), "UTC-03:30/-02:30");
    }

    #[test]
    fn times_read_in_the_local_zone_with_utc_exact() {
        let created = at("2026-11-27T06:03:12.706");
        assert_eq!(local_time(created, 0), "2026-11-27 06:03:12");
        assert_eq!(local_time(created, 8 * 60), "2026-11-27 14:03:12");
        assert_eq!(local_time(created, -7 * 60), "2026-11-26 23:03:12");
        assert_eq!(utc_time(created), "2026-11-27 06:03:12.706 UTC");
    }

    #[test]
    fn relative_times_pick_one_unit() {
        let now = 1_000_000_000_000.0;
        assert_eq!(relative(now, now - 2_000.0), "just now");
        assert_eq!(relative(now, now - 12_000.0), "12 s ago");
        assert_eq!(relative(now, now - 5.0 * 60_000.0), "5 min ago");
        assert_eq!(relative(now, now - 3.0 * 3_600_000.0), "3 h ago");
        assert_eq!(relative(now, now - 49.0 * 3_600_000.0), "2 d ago");
        assert_eq!(relative(now, now + 5.0 * 60_000.0), "in 5 min");
        assert_eq!(updated_ago(now, now - 3_400.0), "updated 3 s ago");
        assert_eq!(updated_ago(now, now - 120_000.0), "updated 2 min ago");
    }

    #[test]
    fn durations_use_two_units_at_most() {
        assert_eq!(duration(Duration::milliseconds(850)), "850 ms");
        assert_eq!(duration(Duration::milliseconds(999)), "999 ms");
        assert_eq!(duration(Duration::milliseconds(1_000)), "1 s");
        assert_eq!(duration(Duration::milliseconds(-500)), "0 ms");
        assert_eq!(duration(Duration::seconds(45)), "45 s");
        assert_eq!(duration(Duration::seconds(192)), "3 min 12 s");
        assert_eq!(
            duration(Duration::seconds(2 * 3600 + 5 * 60 + 9)),
            "2 h 05 min"
        );
        assert_eq!(duration(Duration::hours(76)), "3 d 4 h");
        assert_eq!(duration(Duration::seconds(-5)), "0 ms");
    }

    #[test]
    fn running_tasks_tick_and_finished_ones_do_not() {
        let created = at("2026-01-01T00:00:00");
        let now = created.unix_millis() as f64 + 90_000.0;
        let running = TaskRow::from(&Task::new("r", TaskStatus::Running, created));
        assert_eq!(
            task_duration(&running, now),
            Some(("1 min 30 s".into(), true))
        );
        let mut done = Task::new("d", TaskStatus::ExecuteSuccess, created);
        done.finished_at = Some(at("2026-01-01T00:00:45"));
        let done = TaskRow::from(&done);
        assert_eq!(task_duration(&done, now), Some(("45 s".into(), false)));
        let waiting = TaskRow::from(&Task::new("w", TaskStatus::Waiting, created));
        assert_eq!(task_duration(&waiting, now), None);
    }

    #[test]
    fn a_cbr_task_runs_from_its_start_not_its_creation() {
        use vbs_tasks::core::cbr::{OpLogStatus, OperationLog};
        let created = at("2026-01-01T00:00:00");
        let mut log = OperationLog::new("l", OpLogStatus::Running, created);
        log.started_at = Some(at("2026-01-01T00:01:00"));
        let now = created.unix_millis() as f64 + 90_000.0;
        assert_eq!(
            task_duration(&TaskRow::from(&log), now),
            Some(("30 s".into(), true))
        );
        log.status = OpLogStatus::Success;
        log.ended_at = Some(at("2026-01-01T00:03:00"));
        assert_eq!(
            task_duration(&TaskRow::from(&log), now),
            Some(("2 min 0 s".into(), false)),
            "start to end"
        );
    }

    #[test]
    fn a_target_reads_as_its_name_then_where_it_is_when_known() {
        let mut target = TargetInfo {
            name: "prod-cn4".into(),
            cloud: "huawei".into(),
            region: "cn-north-4".into(),
            ..TargetInfo::default()
        };
        assert_eq!(target_label(&target), "prod-cn4 — huawei cn-north-4");
        target.cloud.clear();
        assert_eq!(target_label(&target), "prod-cn4 — cn-north-4");
        target.region.clear();
        assert_eq!(target_label(&target), "prod-cn4");
    }
}
