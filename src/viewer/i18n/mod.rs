//! The viewer's words in English and Simplified Chinese, in one place: every fixed text is a
//! [`Key`] with both (the `words` match has one arm per key with a pair, and a test checks that
//! neither is empty); [`phrases`] words what takes values (status names, page summaries, relative
//! times, durations, dates, notifications); [`advice`] says what to do about an error.
//!
//! The English wording of values is [`crate::format`]'s; [`phrases`] adds the Chinese.

pub mod advice;
pub mod cbr;
pub mod phrases;

#[cfg(test)]
mod tests;

pub use advice::{advice, Remedy};
pub use cbr::*;
pub use phrases::*;

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
        // `AccessKey` and `SecretKey` are the labels of the fields of those names.
        #[allow(clippy::enum_variant_names)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Key {
            $(
                #[allow(missing_docs)]
                $key,
            )*
        }

        impl Key {
            /// Every key (the tests check each).
            #[cfg(test)]
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
    SignInTitle => ("Sign in", "登录"),
    SignInWhy => ("This vbs-server asks for an access token before it shows any backup tasks. Ask its administrator for one.", "此 vbs-server 需要访问令牌才会显示备份任务。请向其管理员索取。"),
    AccessToken => ("Access token", "访问令牌"),
    SignIn => ("Sign in", "登录"),
    SignInFailed => ("That access token was not accepted: check it and try again.", "该访问令牌未被接受：请检查后重试。"),
    SignInWait => ("Too many failed sign-ins from this address: wait a minute, then try again.", "此地址登录失败次数过多：请等待一分钟后再试。"),
    SignInAgain => ("Sign in again", "重新登录"),
    AppTitle => ("Backup tasks", "备份任务"),
    AppSubtitle => ("Volume Backup Service · backup policy tasks", "云硬盘备份 · 备份策略任务"),
    Settings => ("Settings", "设置"),
    SkipToTasks => ("Skip to tasks", "跳到任务列表"),
    SkipToGlance => ("Skip to the policies", "跳到策略概览"),
    Policy => ("Policy", "策略"),
    Target => ("Target", "目标"),
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
    ShortcutFocusResourceId => ("Focus the Resource ID filter", "聚焦资源 ID 筛选框"),
    ShortcutHelp => ("Show or hide this list", "显示或隐藏此列表"),
    RunningHint => ("Running: time since it started", "执行中：自开始以来的时间"),
    TaskWord => ("Task", "任务"),
    Watch => ("Watch", "关注"),
    WatchHint => ("Tell me when a running or waiting task shown here ends (desktop notification if allowed)", "显示中的执行中或等待中任务结束时通知我（如允许则用桌面通知）"),
    TaskEnded => ("A backup task you were watching has ended.", "你关注的备份任务已结束。"),
    TaskEndedTitle => ("Backup task ended", "备份任务已结束"),
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
    CopyFailed => ("Copy failed: this browser did not let the page use the clipboard", "复制失败：此浏览器不允许本页面使用剪贴板"),
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
    EndpointNotHttp => ("The endpoint must be an http:// or https:// address, or empty for this page's own server.", "终端节点必须是 http:// 或 https:// 地址，或留空以使用本页面自己的服务器。"),
    NeedToken => ("Enter a token, or choose no auth.", "请输入令牌，或选择无认证。"),
    NeedAkSk => ("Enter both the access key and the secret key.", "请同时输入访问密钥 ID 和私有访问密钥。"),
    AppSubtitleCbr => ("Cloud Backup and Recovery · task list", "云备份 · 任务列表"),
    Service => ("Service", "服务"),
    Operation => ("Operation", "操作类型"),
    AllOperations => ("All operations", "全部操作类型"),
    Vault => ("Vault", "存储库"),
    AllVaults => ("All vaults", "全部存储库"),
    AllPolicies => ("All policies", "全部策略"),
    LoadingLists => ("Loading…", "加载中…"),
    ListsFailed => ("Could not list vaults and policies", "无法列出存储库和策略"),
    ResourceIdPlaceholder => ("exact resource ID, Enter to apply", "完整资源 ID，按回车应用"),
    TimeRange => ("Time range", "时间范围"),
    From => ("From", "开始于"),
    To => ("To", "截至"),
    ToHint => ("Empty: up to now", "留空：截至现在"),
    FromHint => ("Empty: from the first task", "留空：从第一个任务起"),
    Last24Hours => ("Last 24 hours", "最近 24 小时"),
    Last7Days => ("Last 7 days", "最近 7 天"),
    Last30Days => ("Last 30 days", "最近 30 天"),
    Ended => ("Ended", "完成时间"),
    Started => ("Started", "开始时间"),
    Updated => ("Updated", "更新时间"),
    Progress => ("Progress", "进度"),
    CbrTableCaption => ("CBR tasks of this project. Press Enter on a row for its details.", "此项目的 CBR 任务。在一行上按回车查看详情。"),
    NoCbrTasksTitle => ("No tasks in this time range", "此时间范围内没有任务"),
    NoCbrTasksText => ("No CBR task of this project started in this time range.", "此项目在此时间范围内没有开始的 CBR 任务。"),
    NoCbrMatchText => ("No task of this time range matches these filters.", "此时间范围内没有符合这些筛选条件的任务。"),
    TaskId => ("Task ID", "任务编号"),
    WhatTaskId => ("task ID", "任务编号"),
    WhatSubTaskId => ("backup task ID", "备份任务编号"),
    WhatVaultId => ("vault ID", "存储库 ID"),
    VaultId => ("Vault ID", "存储库 ID"),
    CbrPolicyId => ("Policy ID", "策略编号"),
    RestorePoint => ("Restore point", "还原点"),
    Provider => ("Backup provider", "备份提供方"),
    ProjectIdShort => ("Project", "项目"),
    ExtraInfo => ("Details by kind of task", "按任务类型的详细信息"),
    ExtraCommon => ("Progress and request", "进度与请求"),
    ExtraResource => ("Resource", "资源信息"),
    ExtraBackup => ("Backup", "备份"),
    ExtraRestore => ("Restore", "恢复"),
    ExtraReplication => ("Replication", "复制"),
    ExtraDelete => ("Backup deletion", "备份删除"),
    ExtraSync => ("Synchronization", "同步"),
    ExtraRemoveResources => ("Removed resources", "移除的资源"),
    ExtraVaultDelete => ("Vault deletion", "存储库删除"),
    NoExtraInfo => ("The service sent no details for this task.", "服务未发送此任务的详细信息。"),
    VaultsAtAGlance => ("Vaults at a glance", "存储库一览"),
    NoVaultsShort => ("No vaults", "没有存储库"),
    SkipToVaults => ("Skip to the vaults", "跳到存储库一览"),
}
