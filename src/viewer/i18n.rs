//! The viewer's words in English and Simplified Chinese, in one place: every [`Key`] has both
//! (the `words` match has one arm per key with a pair, and a test checks that neither is empty),
//! plus the wording that takes values: status names, page summaries, relative times, durations
//! and dates.
//!
//! The English wording is [`super::format`]'s; this module only adds the Chinese.

use time::Duration;

use crate::core::error::Error;
use crate::core::model::TaskStatus;
use crate::core::time::Timestamp;

use super::format;
use super::state::Remedy;

/// A language of the viewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// English (`en`).
    #[default]
    En,
    /// Simplified Chinese (`zh-CN`).
    ZhCn,
}

impl Lang {
    /// Every language, in the order the `Language` control lists them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhCn];

    /// Its code: the `Language` control's value, `<html lang>`, and what is stored.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// Its name in itself, for the `Language` control.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::ZhCn => "中文",
        }
    }

    /// Reads a code as stored or as the control's value; `None` for anything else.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.code() == code)
    }

    /// The language for the browser's `navigator.language`: Chinese for any `zh…`, else English.
    pub fn from_browser(language: &str) -> Lang {
        if language.trim().to_ascii_lowercase().starts_with("zh") {
            Lang::ZhCn
        } else {
            Lang::En
        }
    }

    /// The language to start with: the remembered choice, else the browser's.
    pub fn initial(stored: Option<&str>, browser: &str) -> Lang {
        stored
            .and_then(Lang::from_code)
            .unwrap_or_else(|| Lang::from_browser(browser))
    }

    /// The words for a key.
    pub fn t(self, key: Key) -> &'static str {
        let (en, zh) = words(key);
        match self {
            Lang::En => en,
            Lang::ZhCn => zh,
        }
    }
}

macro_rules! keys {
    ($($key:ident => ($en:expr, $zh:expr),)*) => {
        /// A fixed piece of text on the page.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Key {
            $(
                #[allow(missing_docs)]
                $key,
            )*
        }

        impl Key {
            /// Every key.
            pub const ALL: &'static [Key] = &[$(Key::$key,)*];
        }

        fn words(key: Key) -> (&'static str, &'static str) {
            match key {
                $(Key::$key => ($en, $zh),)*
            }
        }
    };
}

keys! {
    Language => ("Language", "语言"),
    AppTitle => ("Backup tasks", "备份任务"),
    AppSubtitle => ("Volume Backup Service · backup policy tasks", "云硬盘备份 · 备份策略任务"),
    Settings => ("Settings", "设置"),
    SkipToTasks => ("Skip to tasks", "跳到任务列表"),
    SkipToGlance => ("Skip to the policies", "跳到策略概览"),
    Policy => ("Policy", "策略"),
    Status => ("Status", "状态"),
    JobId => ("Job ID", "任务 ID"),
    JobIdPlaceholder => ("exact job ID, Enter to apply", "完整任务 ID，按回车应用"),
    Order => ("Order", "排序"),
    NewestFirst => ("Newest first", "最新在前"),
    OldestFirst => ("Oldest first", "最早在前"),
    PageSize => ("Page size", "每页条数"),
    AllStatuses => ("All statuses", "全部状态"),
    ClearFilters => ("Clear filters", "清除筛选"),
    Filters => ("Filters", "筛选"),
    BackupName => ("Backup name", "备份名称"),
    Resource => ("Resource", "资源"),
    Created => ("Created", "创建时间"),
    Finished => ("Finished", "结束时间"),
    Duration => ("Duration", "耗时"),
    Tasks => ("Tasks", "任务"),
    TableCaption => ("Backup tasks of the selected policy. Press Enter on a row for its details.", "所选策略的备份任务。在一行上按回车查看详情。"),
    Refresh => ("Refresh", "刷新"),
    AutoRefresh => ("Auto-refresh", "自动刷新"),
    RefreshingLive => ("Refreshing automatically", "正在自动刷新"),
    AutoRefreshHint => ("Refresh every few seconds while running or waiting tasks are shown (paused while the tab is hidden)", "显示执行中或等待中的任务时每隔几秒刷新（标签页隐藏时暂停）"),
    Updating => ("updating…", "更新中…"),
    RefreshFailed => ("refresh failed", "刷新失败"),
    Loading => ("Loading…", "加载中…"),
    Pages => ("Pages", "分页"),
    FirstPage => ("First page", "第一页"),
    PreviousPage => ("Previous page", "上一页"),
    NextPage => ("Next page", "下一页"),
    LastPage => ("Last page", "最后一页"),
    LoadingPolicies => ("Loading policies…", "正在加载策略…"),
    NoPoliciesShort => ("No policies", "没有策略"),
    PoliciesFailed => ("Could not list policies", "无法列出策略"),
    Schedule => ("Schedule", "调度"),
    NoMatchTitle => ("No tasks match these filters", "没有符合筛选条件的任务"),
    NoMatchText => ("No task of this policy has this status or job ID.", "此策略没有该状态或任务 ID 的任务。"),
    NoTasksTitle => ("No backup tasks yet", "还没有备份任务"),
    NoTasksText => ("This policy has not run any backup task.", "此策略尚未运行任何备份任务。"),
    PastEndTitle => ("This page is past the end", "此页超出了末页"),
    GoToLastPage => ("Go to the last page", "转到最后一页"),
    NoPoliciesTitle => ("No backup policies", "没有备份策略"),
    NoPoliciesText => ("This project has no backup policy yet.", "此项目还没有备份策略。"),
    NotConnectedTitle => ("Not connected", "未连接"),
    NotConnectedText => ("Enter the endpoint and project to see backup tasks.", "输入终端节点和项目以查看备份任务。"),
    OpenSettings => ("Open settings", "打开设置"),
    TaskDetails => ("Task details", "任务详情"),
    Close => ("Close", "关闭"),
    ResourceId => ("Resource ID", "资源 ID"),
    ResourceType => ("Resource type", "资源类型"),
    Code => ("Code", "错误码"),
    Message => ("Message", "消息"),
    Insights => ("Insights", "概览"),
    StatusOverview => ("Status overview", "状态概览"),
    SuccessRate => ("Success rate", "成功率"),
    ShowAllStatuses => ("Show all statuses", "显示全部状态"),
    ShowOnly => ("Show only", "只显示"),
    CountsUnavailable => ("Counts unavailable", "无法获取统计"),
    DurationOfFinished => ("Duration of finished tasks", "已结束任务的耗时"),
    ThisPage => ("this page", "本页"),
    Median => ("median", "中位数"),
    P95 => ("p95", "p95"),
    Export => ("Export", "导出"),
    ExportHint => ("Every task of the current filter, all pages", "当前筛选的全部任务（所有页）"),
    ExportProgress => ("Export progress", "导出进度"),
    Cancel => ("Cancel", "取消"),
    ExportCancelled => ("Export cancelled: nothing was downloaded.", "导出已取消：未下载任何文件。"),
    ExportFailed => ("Export failed", "导出失败"),
    Timeline => ("Timeline of this page", "本页时间线"),
    NotStarted => ("not started", "未开始"),
    KeyboardShortcuts => ("Keyboard shortcuts", "键盘快捷键"),
    ShortcutFocusJobId => ("Focus the Job ID filter", "聚焦任务 ID 筛选框"),
    ShortcutHelp => ("Show or hide this list", "显示或隐藏此列表"),
    RunningHint => ("Running: time since it started", "执行中：自开始以来的时间"),
    TaskWord => ("Task", "任务"),
    Watch => ("Watch", "关注"),
    WatchHint => ("Tell me when a running or waiting task shown here ends (desktop notification if allowed)", "显示中的执行中或等待中任务结束时通知我（如允许则用桌面通知）"),
    TaskEnded => ("A backup task you were watching has ended.", "你关注的备份任务已结束。"),
    Dismiss => ("Dismiss", "关闭"),
    Notices => ("Notices", "通知"),
    PoliciesAtAGlance => ("Policies at a glance", "策略一览"),
    BackToTasks => ("Back to the tasks", "返回任务列表"),
    LatestTask => ("Latest task", "最近任务"),
    ThisServer => ("this server", "本服务器"),
    Endpoint => ("Endpoint", "终端节点"),
    ProjectId => ("Project ID", "项目 ID"),
    ProjectWord => ("project", "项目"),
    PolicyDetails => ("Policy details", "策略详情"),
    ScheduleOn => ("● Schedule ON", "● 调度已开启"),
    On => ("ON", "开启"),
    Off => ("OFF", "关闭"),
    ScheduleOff => ("○ Schedule OFF", "○ 调度已关闭"),
    PolicyId => ("Policy ID", "策略 ID"),
    NotInProject => ("not in this project", "不在此项目中"),
    Copy => ("Copy", "复制"),
    Copied => ("Copied", "已复制"),
    CopyFailed => ("Copy failed", "复制失败"),
    WhatJobId => ("job ID", "任务 ID"),
    WhatResourceId => ("resource ID", "资源 ID"),
    WhatPolicyId => ("policy ID", "策略 ID"),
    WhatVbsJobId => ("VBS job ID", "VBS 任务 ID"),
    CloseDetails => ("Close details", "关闭详情"),
    CloseEsc => ("Close (Esc)", "关闭（Esc）"),
    Failure => ("Failure", "失败原因"),
    NoMessage => ("No message", "无消息"),
    RequestFailed => ("The request failed", "请求失败"),
    RequestId => ("Request ID", "请求 ID"),
    TryAgain => ("Try again", "重试"),
    PickAnotherPolicy => ("Pick another policy", "选择其他策略"),
    ConnectionSettings => ("Connection settings", "连接设置"),
    NoServerConfig => ("No server configuration was found: say where the VBS API (or the bundled proxy) is.", "未找到服务器配置：请填写 VBS API（或随附代理）的地址。"),
    EndpointPlaceholder => ("empty = this page's server, or https://proxy.example.com", "留空 = 本页面的服务器，或 https://proxy.example.com"),
    CorsHint => ("The VBS API sends no CORS headers: from a browser, use a same-origin proxy such as vbs-server --upstream.", "VBS API 不发送 CORS 头：在浏览器中请使用同源代理，例如 vbs-server --upstream。"),
    PolicyIdPlaceholder => ("optional: the first policy opens", "可选：默认打开第一个策略"),
    Authentication => ("Authentication", "认证"),
    AuthNone => (" None (server or proxy signs)", " 无（由服务器或代理签名）"),
    AuthToken => (" IAM token", " IAM 令牌"),
    AuthAkSk => (" AK/SK", " AK/SK（访问密钥）"),
    Token => ("Token", "令牌"),
    AccessKey => ("Access key", "访问密钥 ID"),
    SecretKey => ("Secret key", "私有访问密钥"),
    SecretKeyHint => ("Signed in this page: anyone using this browser can read it. Prefer a proxy that signs.", "在本页面内签名：使用此浏览器的任何人都能读取它。建议使用负责签名的代理。"),
    Remember => (" Remember on this device (otherwise kept for this tab only)", " 在此设备上记住（否则仅在此标签页保留）"),
    Connect => ("Connect", "连接"),
    NeedProject => ("Enter the project ID.", "请输入项目 ID。"),
    NeedToken => ("Enter a token, or choose no auth.", "请输入令牌，或选择无认证。"),
    NeedAkSk => ("Enter both the access key and the secret key.", "请同时输入访问密钥 ID 和私有访问密钥。"),
}

/// What to do about an error ([`Remedy::advice`] in English).
pub fn advice(lang: Lang, remedy: Remedy) -> &'static str {
    match lang {
        Lang::En => remedy.advice(),
        Lang::ZhCn => match remedy {
            Remedy::ReenterCredentials => "凭据被拒绝或已过期：打开设置，输入新的令牌（IAM 令牌有效期 24 小时）或 AK/SK。",
            Remedy::UseProxy => "终端节点没有响应。如果它在另一个源上，浏览器会拦截请求：VBS API 不发送 CORS 头。请用随附的代理（vbs-server --upstream https://vbs.<region>.myhuaweicloud.com）提供本页面，并把它的地址用作终端节点。",
            Remedy::PickAnotherPolicy => "此项目中不存在该备份策略：请在“策略”列表中选择其他策略。",
            Remedy::CheckProject => "服务不认识该项目：请在设置中检查项目 ID。",
            Remedy::ServerDown => "本页面的服务器没有响应，可能已停止。它恢复运行后，自动刷新会重新加载。",
            Remedy::TryAgain => "这可能是暂时的：请按“刷新”重试。",
            Remedy::CheckEndpoint => "返回的不是 VBS API 的应答：请在设置中检查终端节点。",
        },
    }
}

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
    duration(lang, Duration::milliseconds((secs * 1000.0).round() as i64))
}

/// How long a task has taken (see [`format::task_duration`]), in `lang`.
pub fn task_duration(
    lang: Lang,
    task: &crate::core::model::Task,
    now_ms: f64,
) -> Option<(String, bool)> {
    if let Some(span) = task.duration() {
        return Some((duration(lang, span), false));
    }
    if task.status == TaskStatus::Running {
        let elapsed_ms = (now_ms as i64).saturating_sub(task.created_at.unix_millis());
        return Some((
            duration(lang, Duration::milliseconds(elapsed_ms.max(0))),
            true,
        ));
    }
    None
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_without_an_api_message_still_says_what_failed() {
        let page = Error::from_response(500, b"<html><h1>Internal Server Error</h1></html>");
        assert_eq!(
            failure_note(Lang::En, &page),
            "The request failed (HTTP 500)"
        );
        let api = Error::from_response(
            404,
            br#"{"error":{"code":"AutoBackup.0205","message":"The backup policy nope does not exist."}}"#,
        );
        assert_eq!(
            failure_note(Lang::En, &api),
            "The backup policy nope does not exist."
        );
        let code_only = Error::from_response(400, br#"{"error":{"code":"AutoBackup.0005"}}"#);
        assert_eq!(failure_note(Lang::En, &code_only), "AutoBackup.0005");
        assert_eq!(
            failure_detail(Lang::En, &api),
            "The request failed (HTTP 404): The backup policy nope does not exist."
        );
        assert_eq!(
            failure_detail(Lang::En, &page),
            "The request failed (HTTP 500)"
        );
        let network = Error::network("fetch failed", None);
        assert_eq!(
            failure_note(Lang::En, &network),
            "The request failed (network)"
        );
        assert!(failure_note(Lang::ZhCn, &page).ends_with("(HTTP 500)"));
        assert_ne!(
            failure_note(Lang::ZhCn, &page),
            failure_note(Lang::En, &page)
        );
    }

    #[test]
    fn every_key_has_both_languages() {
        assert!(Key::ALL.len() > 50);
        for key in Key::ALL {
            let (en, zh) = words(*key);
            assert!(!en.trim().is_empty(), "{key:?} has no English");
            assert!(!zh.trim().is_empty(), "{key:?} has no Chinese");
            assert_eq!(Lang::En.t(*key), en);
            assert_eq!(Lang::ZhCn.t(*key), zh);
            if !matches!(key, Key::P95) {
                assert_ne!(en, zh, "{key:?} is not translated");
            }
            // The table writes column names into CSS strings unescaped (task_table.rs).
            for text in [en, zh] {
                assert!(
                    !text.contains(['"', '\\']),
                    "{key:?} has a quote or a backslash"
                );
            }
        }
    }

    #[test]
    fn the_language_follows_the_choice_then_the_browser() {
        assert_eq!(Lang::from_code("zh-CN"), Some(Lang::ZhCn));
        assert_eq!(Lang::from_code("en"), Some(Lang::En));
        assert_eq!(Lang::from_code("fr"), None);
        assert_eq!(Lang::from_browser("zh-CN"), Lang::ZhCn);
        assert_eq!(Lang::from_browser("zh"), Lang::ZhCn);
        assert_eq!(Lang::from_browser("en-US"), Lang::En);
        assert_eq!(Lang::from_browser("de-DE"), Lang::En);
        assert_eq!(Lang::initial(Some("en"), "zh-CN"), Lang::En);
        assert_eq!(Lang::initial(Some("bogus"), "zh-CN"), Lang::ZhCn);
        assert_eq!(Lang::initial(None, "en-GB"), Lang::En);
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
    }

    #[test]
    fn every_remedy_has_advice_in_both_languages() {
        for remedy in [
            Remedy::ReenterCredentials,
            Remedy::UseProxy,
            Remedy::ServerDown,
            Remedy::PickAnotherPolicy,
            Remedy::CheckProject,
            Remedy::TryAgain,
            Remedy::CheckEndpoint,
        ] {
            assert_eq!(advice(Lang::En, remedy), remedy.advice());
            assert!(!advice(Lang::ZhCn, remedy).is_ascii(), "{remedy:?}");
        }
        assert_eq!(resources(Lang::En, 1), "1 resource");
        assert_eq!(resources(Lang::En, 24), "24 resources");
        assert_eq!(resources(Lang::ZhCn, 24), "24 个资源");
    }

    #[test]
    fn every_status_has_a_chinese_name() {
        for status in TaskStatus::KNOWN {
            let zh = status_label(Lang::ZhCn, &status);
            assert!(!zh.is_ascii(), "{status}: {zh}");
            assert_eq!(
                status_label(Lang::En, &status),
                format::status_label(&status)
            );
        }
        let odd = TaskStatus::Unknown("NEW".into());
        assert_eq!(status_label(Lang::ZhCn, &odd), "NEW");
    }

    #[test]
    fn numbers_times_and_dates_read_in_chinese() {
        let now = 1_000_000_000_000.0;
        assert_eq!(relative(Lang::ZhCn, now, now - 5.0 * 60_000.0), "5 分钟前");
        assert_eq!(relative(Lang::ZhCn, now, now - 1_000.0), "刚刚");
        assert_eq!(
            relative(Lang::ZhCn, now, now + 2.0 * 3_600_000.0),
            "2 小时后"
        );
        assert_eq!(relative(Lang::En, now, now - 5.0 * 60_000.0), "5 min ago");
        assert_eq!(updated_ago(Lang::ZhCn, now, now - 3_400.0), "3 秒前更新");
        assert_eq!(duration(Lang::ZhCn, Duration::seconds(192)), "3 分 12 秒");
        assert_eq!(duration(Lang::ZhCn, Duration::seconds(45)), "45 秒");
        assert_eq!(
            duration(Lang::ZhCn, Duration::seconds(2 * 3600 + 5 * 60)),
            "2 小时 05 分"
        );
        assert_eq!(duration(Lang::ZhCn, Duration::hours(76)), "3 天 4 小时");
        assert_eq!(
            duration(Lang::ZhCn, Duration::milliseconds(860)),
            "860 毫秒"
        );
        assert_eq!(seconds(Lang::En, 192.0), "3 min 12 s");
        assert_eq!(
            page_summary(Lang::ZhCn, 2, 20, 10_317, 20),
            "第 21–40 条，共 10,317 条"
        );
        assert_eq!(page_summary(Lang::ZhCn, 1, 20, 0, 0), "没有任务");
        assert_eq!(page_summary(Lang::En, 2, 20, 10_317, 20), "21–40 of 10,317");
        let at = Timestamp::parse("2026-11-27T06:03:12.706").unwrap();
        assert_eq!(
            local_time(Lang::ZhCn, at, 8 * 60),
            "2026年11月27日 14:03:12"
        );
        assert_eq!(local_time(Lang::En, at, 0), "2026-11-27 06:03:12");
        assert_eq!(
            export_progress(Lang::ZhCn, "CSV", 3, 3_000, Some(10_317), 29),
            "正在导出 CSV：第 3 页，3,000 / 10,317 个任务（29%）"
        );
        assert_eq!(task_count(Lang::ZhCn, 10_317), "10,317 个任务");
    }
}
