//! What to tell the user about an error, and what they can do about it: the [`Remedy`] an error
//! calls for, and its advice in both languages.

use vbs_tasks::core::error::Error;

use super::Lang;

/// What the user can do about an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Remedy {
    /// The server behind a login asks for a sign-in (the session has ended): sign in again.
    SignIn,
    /// Credentials refused or expired: enter them again in the settings.
    ReenterCredentials,
    /// No answer from another origin (network or CORS): check the endpoint, or use the proxy.
    UseProxy,
    /// No answer from the page's own server: it has stopped; auto-refresh picks it up again.
    ServerDown,
    /// The policy does not exist: pick another.
    PickAnotherPolicy,
    /// The project does not exist: check the project ID.
    CheckProject,
    /// A temporary failure: try again.
    TryAgain,
    /// The server answered something that is not the API: check the endpoint.
    CheckEndpoint,
}

impl Remedy {
    /// The remedy for an error: by the API's code where it names one, else by the kind of
    /// failure.
    pub fn for_error(error: &Error) -> Remedy {
        let code = error.code().unwrap_or_default();
        match code {
            crate::sign_in::SIGN_IN_CODE => return Remedy::SignIn,
            "AutoBackup.0002" | "AutoBackup.0003" | "AutoBackup.0213" | "APIGW.0301"
            | "APIGW.0307" => return Remedy::ReenterCredentials,
            "AutoBackup.0205" | "AutoBackup.1100" => return Remedy::PickAnotherPolicy,
            "common.0011" => return Remedy::CheckProject,
            _ => {}
        }
        if error.is_auth() {
            Remedy::ReenterCredentials
        } else if error.is_network() {
            // The transport gives the CORS hint only to a call to another origin.
            if error.hint().is_some() {
                Remedy::UseProxy
            } else {
                Remedy::ServerDown
            }
        } else if error.is_decode() || error.status() == Some(404) {
            Remedy::CheckEndpoint
        } else {
            Remedy::TryAgain
        }
    }
}

/// What to do about an error, in a sentence or two.
pub fn advice(lang: Lang, remedy: Remedy) -> &'static str {
    let (en, zh) = match remedy {
        Remedy::SignIn => (
            "This server asks for a sign-in: your session has ended or was signed out. Sign in again with your access token.",
            "此服务器需要登录：您的会话已结束或已退出。请用访问令牌重新登录。",
        ),
        Remedy::ReenterCredentials => (
            "The credentials were refused or have expired: open Settings and enter a new token (IAM tokens last 24 hours) or AK/SK.",
            "凭据被拒绝或已过期：打开设置，输入新的令牌（IAM 令牌有效期 24 小时）或 AK/SK。",
        ),
        Remedy::UseProxy => (
            "The endpoint did not answer. If it is on another origin, the browser blocks it: the VBS API sends no CORS headers. Serve this page with the bundled proxy (vbs-server --upstream https://vbs.<region>.myhuaweicloud.com) and use its address as the endpoint.",
            "终端节点没有响应。如果它在另一个源上，浏览器会拦截请求：VBS API 不发送 CORS 头。请用随附的代理（vbs-server --upstream https://vbs.<region>.myhuaweicloud.com）提供本页面，并把它的地址用作终端节点。",
        ),
        Remedy::PickAnotherPolicy => (
            "This backup policy does not exist in the project: pick another one in the Policy list.",
            "此项目中不存在该备份策略：请在“策略”列表中选择其他策略。",
        ),
        Remedy::CheckProject => (
            "The project is unknown to the service: check the project ID in Settings.",
            "服务不认识该项目：请在设置中检查项目 ID。",
        ),
        Remedy::ServerDown => (
            "This page's server did not answer: it may have stopped, or the network between this browser and it is down. Once it answers again, Auto-refresh (when it is on) loads the tasks by itself; Try again asks at once.",
            "本页面的服务器没有响应：它可能已停止，或者此浏览器与它之间的网络中断了。它恢复响应后，自动刷新（开启时）会自动重新加载任务；按“重试”可立即再次请求。",
        ),
        Remedy::TryAgain => (
            "This may be temporary: press Refresh to try again.",
            "这可能是暂时的：请按“刷新”重试。",
        ),
        Remedy::CheckEndpoint => (
            "The answer is not the VBS API's: check the endpoint in Settings.",
            "返回的不是 VBS API 的应答：请在设置中检查终端节点。",
        ),
    };
    match lang {
        Lang::En => en,
        Lang::ZhCn => zh,
    }
}

#[cfg(test)]
mod tests {
    use vbs_tasks::core::error::CORS_HINT;

    use super::*;

    #[test]
    fn remedies_follow_the_error() {
        let http = |status, code: &str| Error::http(status, Some(code.into()), None);
        assert_eq!(
            Remedy::for_error(&http(401, "AutoBackup.0003")),
            Remedy::ReenterCredentials
        );
        assert_eq!(
            Remedy::for_error(&http(401, "APIGW.0301")),
            Remedy::ReenterCredentials
        );
        // A server behind a login asks for its own sign-in, not the API's credentials.
        assert_eq!(
            Remedy::for_error(&http(401, "VbsServer.0401")),
            Remedy::SignIn
        );
        assert_eq!(
            Remedy::for_error(&http(403, "X.1")),
            Remedy::ReenterCredentials
        );
        assert_eq!(
            Remedy::for_error(&http(404, "AutoBackup.1100")),
            Remedy::PickAnotherPolicy
        );
        assert_eq!(
            Remedy::for_error(&http(404, "common.0011")),
            Remedy::CheckProject
        );
        assert_eq!(
            Remedy::for_error(&http(503, "VolumeBackup.0900")),
            Remedy::TryAgain
        );
        assert_eq!(
            Remedy::for_error(&Error::network("Failed to fetch", Some(CORS_HINT))),
            Remedy::UseProxy
        );
        // Without the hint the call was to the page's own origin: its server has stopped.
        assert_eq!(
            Remedy::for_error(&Error::network("Failed to fetch", None)),
            Remedy::ServerDown
        );
        assert_eq!(
            Remedy::for_error(&Error::decode("tasks", "bad")),
            Remedy::CheckEndpoint
        );
        assert!(advice(Lang::En, Remedy::UseProxy).contains("proxy"));
    }

    #[test]
    fn every_remedy_has_advice_in_both_languages() {
        for remedy in [
            Remedy::SignIn,
            Remedy::ReenterCredentials,
            Remedy::UseProxy,
            Remedy::ServerDown,
            Remedy::PickAnotherPolicy,
            Remedy::CheckProject,
            Remedy::TryAgain,
            Remedy::CheckEndpoint,
        ] {
            let (en, zh) = (advice(Lang::En, remedy), advice(Lang::ZhCn, remedy));
            assert!(!en.trim().is_empty() && en.is_ascii(), "{remedy:?}: {en}");
            assert!(!zh.is_ascii(), "{remedy:?}");
        }
        // The stopped server's advice says what happened and both ways back.
        let down = advice(Lang::En, Remedy::ServerDown);
        assert!(
            down.starts_with("This page's server did not answer"),
            "{down}"
        );
        assert!(
            down.contains("Auto-refresh") && down.contains("Try again"),
            "{down}"
        );
    }
}
