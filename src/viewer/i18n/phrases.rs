//! The wording that takes values, in both languages: status names, counts, page summaries,
//! relative times, durations, dates, export progress, failures and notifications.

use time::Duration;

use vbs_tasks::core::error::Error;
use vbs_tasks::core::model::TaskStatus;
use vbs_tasks::core::taskrow::TaskRow;
use vbs_tasks::core::time::Timestamp;

use super::{Key, Lang};
use crate::format;

/// "N resources" / "N 个资源".
pub fn resources(lang: Lang, count: u64) -> String {
    match lang {
        Lang::En => format!("{count} resource{}", if count == 1 { "" } else { "s" }),
        Lang::ZhCn => format!("{count} 个资源"),
    }
}

/// A status's name; an unknown value is shown as the service sent it.
pub fn status_label(lang: Lang, status: &TaskStatus) -> &str {
    match lang {
        Lang::En => format::status_label(status),
        Lang::ZhCn => match status {
            TaskStatus::Running => "执行中",
            TaskStatus::ExecuteTimeout => "超时",
            TaskStatus::Waiting => "等待中",
            TaskStatus::ExecuteFail => "失败",
            TaskStatus::ExecuteSuccess => "成功",
            TaskStatus::Skip => "已跳过",
            other => other.as_str(),
        },
    }
}

/// The page summary: `21–40 of 10,317` / `第 21–40 条，共 10,317 条`.
pub fn page_summary(lang: Lang, page: u64, page_size: u32, count: u64, shown: usize) -> String {
    match lang {
        Lang::En => format::page_summary(page, page_size, count, shown),
        Lang::ZhCn => {
            if shown == 0 {
                return if count == 0 {
                    "没有任务".to_owned()
                } else {
                    format!("0 条，共 {} 条", format::thousands(count))
                };
            }
            let (first, last) = format::shown_range(page, page_size, shown);
            format!(
                "第 {}–{} 条，共 {} 条",
                format::thousands(first),
                format::thousands(last),
                format::thousands(count)
            )
        }
    }
}

/// "There are N pages of tasks."
pub fn pages_of_tasks(lang: Lang, pages: u64) -> String {
    match lang {
        Lang::En => format!("There are {} pages of tasks.", format::thousands(pages)),
        Lang::ZhCn => format!("共有 {} 页任务。", format::thousands(pages)),
    }
}

/// How long ago: `5 min ago` / `5 分钟前`.
pub fn relative(lang: Lang, now_ms: f64, then_ms: f64) -> String {
    match lang {
        Lang::En => format::relative(now_ms, then_ms),
        Lang::ZhCn => {
            let Some((amount, unit, ahead)) = format::relative_parts(now_ms, then_ms) else {
                return "刚刚".to_owned();
            };
            let unit = match unit {
                format::TimeUnit::Seconds => "秒",
                format::TimeUnit::Minutes => "分钟",
                format::TimeUnit::Hours => "小时",
                format::TimeUnit::Days => "天",
            };
            if ahead {
                format!("{amount} {unit}后")
            } else {
                format!("{amount} {unit}前")
            }
        }
    }
}

/// "updated 3 s ago" / "3 秒前更新".
pub fn updated_ago(lang: Lang, now_ms: f64, then_ms: f64) -> String {
    match lang {
        Lang::En => format::updated_ago(now_ms, then_ms),
        Lang::ZhCn => {
            let secs = ((now_ms - then_ms) / 1000.0).max(0.0).floor() as u64;
            if secs < 60 {
                format!("{secs} 秒前更新")
            } else {
                format!("{}更新", relative(lang, now_ms, then_ms))
            }
        }
    }
}

/// A duration in two units at most: `3 min 12 s` / `3 分 12 秒`.
pub fn duration(lang: Lang, span: Duration) -> String {
    match lang {
        Lang::En => format::duration(span),
        Lang::ZhCn => match format::duration_parts(span) {
            format::DurationParts::Millis(ms) => format!("{ms} 毫秒"),
            format::DurationParts::Secs(s) => format!("{s} 秒"),
            format::DurationParts::MinSecs(m, s) => format!("{m} 分 {s} 秒"),
            format::DurationParts::HourMins(h, m) => format!("{h} 小时 {m:02} 分"),
            format::DurationParts::DayHours(d, h) => format!("{d} 天 {h} 小时"),
        },
    }
}

/// A duration in seconds (median, p95).
pub fn seconds(lang: Lang, secs: f64) -> String {
    match lang {
        Lang::En => format::seconds(secs),
        Lang::ZhCn => duration(lang, Duration::milliseconds((secs * 1000.0).round() as i64)),
    }
}

/// How long a task has taken (see [`format::task_span`]), in `lang`, and whether it is still
/// running.
pub fn task_duration(lang: Lang, task: &TaskRow, now_ms: f64) -> Option<(String, bool)> {
    match lang {
        Lang::En => format::task_duration(task, now_ms),
        Lang::ZhCn => {
            format::task_span(task, now_ms).map(|(span, running)| (duration(lang, span), running))
        }
    }
}

/// A time in the browser's zone: `2026-11-27 14:03:12` / `2026年11月27日 14:03:12`.
pub fn local_time(lang: Lang, at: Timestamp, offset_minutes: i32) -> String {
    let text = format::local_time(at, offset_minutes);
    match lang {
        Lang::En => text,
        Lang::ZhCn => {
            // `YYYY-MM-DD hh:mm:ss` → `YYYY年MM月DD日 hh:mm:ss`
            let (date, clock) = text.split_once(' ').unwrap_or((text.as_str(), ""));
            let mut parts = date.splitn(3, '-');
            match (parts.next(), parts.next(), parts.next()) {
                (Some(y), Some(m), Some(d)) => format!("{y}年{m}月{d}日 {clock}"),
                _ => text.clone(),
            }
        }
    }
}

/// A share as a percentage: `94.1%` (the same in both languages).
pub fn percent(share: f64) -> String {
    format::percent(share)
}

/// "N tasks" / "N 个任务".
pub fn task_count(lang: Lang, count: u64) -> String {
    match lang {
        Lang::En => format!("{} tasks", format::thousands(count)),
        Lang::ZhCn => format!("{} 个任务", format::thousands(count)),
    }
}

/// The export's progress line.
pub fn export_progress(
    lang: Lang,
    format_label: &str,
    pages: u64,
    tasks: u64,
    total: Option<u64>,
    percent: u8,
) -> String {
    let t = format::thousands;
    match (lang, total) {
        (Lang::En, Some(total)) => format!(
            "Exporting {format_label}: page {}, {} of {} tasks ({percent}%)",
            t(pages),
            t(tasks),
            t(total)
        ),
        (Lang::En, None) => format!("Exporting {format_label}: starting…"),
        (Lang::ZhCn, Some(total)) => format!(
            "正在导出 {format_label}：第 {} 页，{} / {} 个任务（{percent}%）",
            t(pages),
            t(tasks),
            t(total)
        ),
        (Lang::ZhCn, None) => format!("正在导出 {format_label}：开始中…"),
    }
}

/// "Downloaded FILE (N tasks)".
pub fn export_done(lang: Lang, file_name: &str, tasks: u64) -> String {
    match lang {
        Lang::En => format!(
            "Downloaded {file_name} ({} tasks)",
            format::thousands(tasks)
        ),
        Lang::ZhCn => format!("已下载 {file_name}（{} 个任务）", format::thousands(tasks)),
    }
}

/// "all N of this filter" (the export walk's statistics).
pub fn whole_filter(lang: Lang, tasks: u64) -> String {
    match lang {
        Lang::En => format!("all {} of this filter", format::thousands(tasks)),
        Lang::ZhCn => format!("此筛选的全部 {} 个", format::thousands(tasks)),
    }
}

/// What failed, as a title: "The request failed (HTTP 500)", or the kind of failure when there
/// was no answer ("… (network)").
pub fn request_failed(lang: Lang, error: &Error) -> String {
    match error.status() {
        Some(status) => format!("{} (HTTP {status})", lang.t(Key::RequestFailed)),
        None => format!("{} ({})", lang.t(Key::RequestFailed), error.kind()),
    }
}

/// A failure in a few words, for a note: the API's message, else its code, else
/// [`request_failed`] (an HTML error page or a network failure carries neither).
pub fn failure_note(lang: Lang, error: &Error) -> String {
    match error.message().or(error.code()) {
        Some(words) => words.to_owned(),
        None => request_failed(lang, error),
    }
}

/// A failure in full, for a tooltip: [`request_failed`], and the API's message when it sent one.
pub fn failure_detail(lang: Lang, error: &Error) -> String {
    let title = request_failed(lang, error);
    match error.message() {
        Some(message) => format!("{title}: {message}"),
        None => title,
    }
}

/// A desktop notification that a watched task ended: its title (`Backup task ended: Failed`) and
/// its body (which task, and where to see it).
pub fn task_ended_notification(lang: Lang, status: &TaskStatus, job_id: &str) -> (String, String) {
    let title = format!(
        "{}{}{}",
        lang.t(Key::TaskEndedTitle),
        match lang {
            Lang::En => ": ",
            Lang::ZhCn => "：",
        },
        status_label(lang, status)
    );
    let body = match lang {
        Lang::En => format!(
            "The backup task {job_id}, which you were watching, has ended. Its details are in the viewer's table."
        ),
        Lang::ZhCn => format!("你关注的备份任务 {job_id} 已结束，可在查看器的表格中查看详情。"),
    };
    (title, body)
}
