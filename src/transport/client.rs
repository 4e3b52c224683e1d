//! The browser client: configuration (builder style) and the two VBS calls (the CBR calls are
//! in `cbr.rs`).

use std::fmt;
use std::time::Duration;

use web_sys::AbortSignal;

use crate::core::error::Error;
use crate::core::model::{Policy, PolicyList, TaskPage};
use crate::core::query::{ApiPath, TaskQuery};
use crate::core::sign::{is_header_safe, Signer};

use super::cancel::run_until_stopped;
use super::fetch::{unresolvable_yet, Target};
use super::retry::with_retries;
use super::retry_policy::RetryPolicy;

/// How requests are authenticated.
#[derive(Clone, Default)]
#[non_exhaustive]
pub enum Auth {
    /// No credentials: a same-origin proxy (e.g. `vbs-server --upstream …`) adds them.
    #[default]
    None,
    /// An IAM token, sent as `X-Auth-Token`.
    Token(String),
    /// AK/SK: each request is signed in the page with `SDK-HMAC-SHA256` (signed headers `host` —
    /// the host the browser sends — and `x-sdk-date`, plus `x-security-token` for temporary
    /// credentials).
    ///
    /// **For trusted pages only**: the secret key is in the page, where its user and any script
    /// it runs can read it. A page that other people use should call a same-origin proxy that
    /// signs for it, with [`Auth::None`].
    AkSk(Signer),
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::None => f.write_str("None"),
            Auth::Token(_) => f.write_str("Token([redacted])"),
            Auth::AkSk(signer) => f.debug_tuple("AkSk").field(signer).finish(),
        }
    }
}

impl Auth {
    /// The secrets this auth holds, for [`Error::redact`].
    fn secrets(&self) -> Vec<&str> {
        match self {
            Auth::None => Vec::new(),
            Auth::Token(token) => vec![token.as_str()],
            Auth::AkSk(signer) => signer.secrets(),
        }
    }

    /// Refuses credentials that cannot be sent, before any request.
    fn check(&self) -> Result<(), Error> {
        /// Header values must be printable ASCII (a browser refuses anything else).
        fn header_safe(field: &'static str, value: &str) -> Result<(), Error> {
            if value.trim().is_empty() {
                Err(Error::invalid_input(field, "must not be empty"))
            } else if !is_header_safe(value) {
                Err(Error::invalid_input(
                    field,
                    "must be printable ASCII without spaces: it is sent in a header",
                ))
            } else {
                Ok(())
            }
        }
        match self {
            Auth::None => Ok(()),
            Auth::Token(token) => header_safe("token", token),
            Auth::AkSk(signer) => {
                header_safe("access_key", signer.access_key())?;
                let secrets = signer.secrets();
                if secrets.first().is_none_or(|sk| sk.is_empty()) {
                    return Err(Error::invalid_input("secret_key", "must not be empty"));
                }
                match secrets.get(1) {
                    Some(token) => header_safe("security_token", token),
                    None => Ok(()),
                }
            }
        }
    }
}

/// Per-call options: for now, a caller's `AbortSignal`.
///
/// Aborting the signal ends the call with [`crate::ErrorKind::Aborted`] and aborts its HTTP
/// request; a signal that is already aborted fails the call before anything is sent. One signal
/// may serve many calls (and a whole stream).
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    signal: Option<AbortSignal>,
}

impl RequestOptions {
    /// No options.
    pub fn new() -> Self {
        Self::default()
    }

    /// Cancel the call when this signal aborts (e.g. `AbortController::signal()`).
    pub fn signal(mut self, signal: AbortSignal) -> Self {
        self.signal = Some(signal);
        self
    }

    /// The signal, if one was given.
    pub fn get_signal(&self) -> Option<&AbortSignal> {
        self.signal.as_ref()
    }
}

/// A VBS client for the browser (and web workers, Node), over `fetch` through gloo-net.
///
/// Built in builder style — every method takes and returns `self` and nothing can fail until a
/// call is made; only the calls return [`crate::Result`]. Cloning is cheap enough to do per
/// stream (a few strings).
///
/// - **Endpoint**: a base URL (`https://vbs.cn-north-1.myhuaweicloud.com`), a path on the page's
///   own origin (`/vbs`), or `""` for the page's origin. The VBS API sends no CORS headers, so a
///   page on another origin needs a same-origin proxy (`vbs-server --upstream …`).
/// - **Auth**: none (the proxy adds it), a token, or AK/SK signed in the page (trusted pages only:
///   see [`Auth::AkSk`]).
/// - **Timeout** (default 30 s, [`Client::DEFAULT_TIMEOUT`]): the budget of a *whole call*,
///   retries and the waits between them included; when it passes the call ends with
///   [`crate::ErrorKind::Timeout`] and its request is aborted. A retry whose wait would not fit in
///   what is left is not made (the server's error is returned instead). In a stream, each page is
///   one call with its own budget.
/// - **Retries** (default 3 attempts in all): 429, 502, 503, 504 and network failures are sent
///   again after an exponential, jittered wait, honouring `Retry-After` in seconds or as an HTTP
///   date (capped); see [`RetryPolicy`]. `attempts(1)` turns retries off.
/// - **Abort**: pass an `AbortSignal` in [`RequestOptions`] (aborted with any reason, or none);
///   dropping a call's future (or a stream) also aborts its request.
///
/// Every error is passed through [`Error::redact`] with the token / secret key / security token
/// before it is returned, so a server that echoes a credential cannot leak it into a message.
///
/// ```no_run
/// # async fn example(iam_token: String) -> vbs_tasks::Result<()> {
/// use futures::StreamExt;
/// use vbs_tasks::transport::{Client, Paging};
/// use vbs_tasks::{TaskQuery, TaskStatus};
///
/// let client = Client::new("https://vbs-proxy.example.com", "0605767e9a80d5f52f8cc00f94d4e2fb")
///     .token(iam_token)
///     .timeout(std::time::Duration::from_secs(10))
///     .attempts(2);
/// let policies = client.list_policies().await?;
/// let Some(policy) = policies.first() else { return Ok(()) };
/// // One page of failed tasks, newest first.
/// let page = client
///     .list_tasks(&policy.id, &TaskQuery::new().status(TaskStatus::ExecuteFail).limit(50))
///     .await?;
/// println!("{} failed tasks in all", page.count);
/// // Every task of the policy, 1000 per request.
/// let mut tasks = client.tasks(&policy.id, &TaskQuery::new().limit(1000), Paging::Marker);
/// while let Some(task) = tasks.next().await {
///     let task = task?;
///     println!("{} {}", task.job_id, task.status);
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    endpoint: String,
    project_id: String,
    auth: Auth,
    timeout: Option<Duration>,
    retry: RetryPolicy,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &self.endpoint)
            .field("project_id", &self.project_id)
            .field("auth", &self.auth)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .finish()
    }
}

impl Client {
    /// The default budget of one call, retries included.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

    /// A client for `project_id` at `endpoint` (see the type's docs), without credentials,
    /// a 30 s timeout and 3 attempts.
    pub fn new(endpoint: impl Into<String>, project_id: impl Into<String>) -> Self {
        Client {
            endpoint: endpoint.into(),
            project_id: project_id.into(),
            auth: Auth::None,
            timeout: Some(Self::DEFAULT_TIMEOUT),
            retry: RetryPolicy::new(),
        }
    }

    /// Sets how requests are authenticated.
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = auth;
        self
    }

    /// Authenticates with an IAM token (`X-Auth-Token`).
    pub fn token(self, token: impl Into<String>) -> Self {
        self.auth(Auth::Token(token.into()))
    }

    /// Signs every request with this access key and secret key. Trusted pages only: see
    /// [`Auth::AkSk`].
    pub fn ak_sk(self, access_key: impl Into<String>, secret_key: impl Into<String>) -> Self {
        self.auth(Auth::AkSk(Signer::new(access_key, secret_key)))
    }

    /// Signs every request with this signer (e.g. temporary credentials with a security token).
    /// Trusted pages only: see [`Auth::AkSk`].
    pub fn signer(self, signer: Signer) -> Self {
        self.auth(Auth::AkSk(signer))
    }

    /// The budget of one whole call, retries included (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// No time budget: a call ends when the server answers, the retries are spent, or it is
    /// aborted.
    pub fn no_timeout(mut self) -> Self {
        self.timeout = None;
        self
    }

    /// Attempts per call, the first included (default 3; 1 turns retries off; 0 reads as 1).
    pub fn attempts(mut self, attempts: u32) -> Self {
        self.retry = self.retry.attempts(attempts);
        self
    }

    /// The whole retry policy (attempts, delays, `Retry-After` cap).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Refuses, before any call, what no call could be sent with: credentials that cannot go in
    /// a header, an endpoint that is not an http(s) base URL or carries a password. A relative
    /// endpoint where there is no page yet (server-side rendering) is left to the first call.
    pub fn check(&self) -> crate::Result<()> {
        self.auth.check()?;
        if unresolvable_yet(&self.endpoint) {
            return Ok(());
        }
        Target::new(
            &self.endpoint,
            &ApiPath::policies(&self.project_id)?.to_path(),
            &[],
        )
        .map(drop)
    }

    /// The endpoint as configured.
    pub fn get_endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The project ID.
    pub fn get_project_id(&self) -> &str {
        &self.project_id
    }

    /// The authentication.
    pub fn get_auth(&self) -> &Auth {
        &self.auth
    }

    /// The budget of one call, `None` for none.
    pub fn get_timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// The retry policy.
    pub fn get_retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    /// One page of a policy's backup tasks:
    /// `GET /v2/{project_id}/backuppolicy/{policy_id}/backuptasks?{query}`.
    ///
    /// The query is validated first ([`TaskQuery::validate`]): invalid input fails before any
    /// request is sent.
    pub async fn list_tasks(&self, policy_id: &str, query: &TaskQuery) -> crate::Result<TaskPage> {
        self.list_tasks_with(policy_id, query, &RequestOptions::default())
            .await
    }

    /// [`Client::list_tasks`] with per-call options (an `AbortSignal`).
    pub async fn list_tasks_with(
        &self,
        policy_id: &str,
        query: &TaskQuery,
        options: &RequestOptions,
    ) -> crate::Result<TaskPage> {
        self.fetch_tasks(policy_id, query, options)
            .await
            .map_err(|error| self.redact(error))
    }

    /// The project's backup policies: `GET /v2/{project_id}/backuppolicy`.
    pub async fn list_policies(&self) -> crate::Result<Vec<Policy>> {
        self.list_policies_with(&RequestOptions::default()).await
    }

    /// [`Client::list_policies`] with per-call options (an `AbortSignal`).
    pub async fn list_policies_with(&self, options: &RequestOptions) -> crate::Result<Vec<Policy>> {
        let result = async {
            let path = ApiPath::policies(&self.project_id)?;
            let body = self.get(&path.to_path(), &[], options).await?;
            Ok(PolicyList::from_json(&body)?.backup_policies)
        }
        .await;
        result.map_err(|error| self.redact(error))
    }

    /// `list_tasks` without the redaction (the streams redact what they hand out).
    pub(crate) async fn fetch_tasks(
        &self,
        policy_id: &str,
        query: &TaskQuery,
        options: &RequestOptions,
    ) -> crate::Result<TaskPage> {
        query.validate()?;
        let path = ApiPath::tasks(&self.project_id, policy_id)?;
        let body = self
            .get(&path.to_path(), &query.to_pairs(), options)
            .await?;
        TaskPage::from_json(&body)
    }

    /// The same error with this client's secrets scrubbed out.
    pub(crate) fn redact(&self, error: Error) -> Error {
        error.redact(&self.auth.secrets())
    }

    /// One GET of an encoded API path with these (unencoded) query parameters: checks what can
    /// be checked, then attempts within the budget and the signal.
    pub(crate) async fn get(
        &self,
        path: &str,
        pairs: &[(&'static str, String)],
        options: &RequestOptions,
    ) -> crate::Result<Vec<u8>> {
        self.auth.check()?;
        let target = Target::new(&self.endpoint, path, pairs)?;
        run_until_stopped(
            with_retries(&target, &self.auth, &self.retry, self.timeout),
            options.get_signal(),
            self.timeout,
        )
        .await
    }
}
