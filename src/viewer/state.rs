//! The view state, the [`Action`]s that change it and the pure [`reduce`] function.
//!
//! Everything that decides what the page shows lives here, free of the browser: which request is
//! current (a *ticket* that every change of view bumps, so a late answer to an older request is
//! recognised and dropped), when the URL gets a new history entry, when auto-refresh is due, and
//! what the table area shows (skeleton, rows, empty, error). The hooks only perform the effects the
//! state asks for and report back with actions.

use std::fmt;
use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::core::error::Error;
use crate::core::model::{Policy, Task, TaskPage, TaskStatus};
use crate::core::query::{SortDir, TaskQuery};

use super::route::View;

/// How long a shown page with running or waiting tasks stays before it refreshes itself.
pub const AUTO_REFRESH_MS: f64 = 5_000.0;

/// What `GET /viewer-config.json` tells the viewer (served by `vbs-server`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerConfig {
    /// `emulator` or `proxy`.
    #[serde(default)]
    pub mode: String,
    /// The API endpoint; `""` means the page's own origin.
    #[serde(default)]
    pub endpoint: String,
    /// The project the server answers for.
    #[serde(default)]
    pub project_id: String,
    /// Whether the server signs requests itself (no credentials needed in the page).
    #[serde(default)]
    pub server_auth: bool,
    /// Whether the emulator's clock moves.
    #[serde(default)]
    pub live: bool,
}

impl ServerConfig {
    /// Reads the body of `/viewer-config.json`; `None` for anything else (e.g. the `index.html`
    /// a static host's fallback answers with), which means "no server config".
    pub fn from_json(body: &[u8]) -> Option<ServerConfig> {
        serde_json::from_slice(body).ok()
    }
}

/// A credential: shown nowhere, logged nowhere (its `Debug` is redacted).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(pub String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_empty() {
            "Secret(empty)"
        } else {
            "Secret([redacted])"
        })
    }
}

/// How the viewer authenticates.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum AuthSettings {
    /// No credentials: the server or a same-origin proxy adds them.
    #[default]
    None,
    /// An IAM token sent as `X-Auth-Token`.
    Token(Secret),
    /// AK/SK, signed in the page (trusted pages only).
    AkSk {
        /// The access key (not secret on its own).
        access_key: String,
        /// The secret key.
        secret_key: Secret,
    },
}

impl AuthSettings {
    /// The mode's name as stored and as the settings form's radio values: `none`, `token`, `aksk`.
    pub fn mode(&self) -> &'static str {
        match self {
            AuthSettings::None => "none",
            AuthSettings::Token(_) => "token",
            AuthSettings::AkSk { .. } => "aksk",
        }
    }
}

/// Where the viewer sends its requests, and as whom.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Connection {
    /// The endpoint; `""` is the page's origin.
    pub endpoint: String,
    /// The default project (a link may name another).
    pub project_id: String,
    /// The credentials.
    pub auth: AuthSettings,
    /// Keep the credentials across browser sessions (`localStorage`) instead of this tab only.
    pub remember: bool,
    /// Set when the connection came from the server's `/viewer-config.json`.
    pub server_mode: Option<String>,
}

/// What the viewer keeps in `localStorage` between visits: never a secret (those are stored apart,
/// per the "remember" choice).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StoredSettings {
    /// The endpoint.
    #[serde(default)]
    pub endpoint: String,
    /// The project.
    #[serde(default)]
    pub project_id: String,
    /// `none`, `token` or `aksk`.
    #[serde(default)]
    pub auth_mode: String,
    /// The access key of AK/SK (the secret key is stored apart).
    #[serde(default)]
    pub access_key: String,
    /// Whether the secret is kept in `localStorage` (else `sessionStorage`).
    #[serde(default)]
    pub remember: bool,
}

impl StoredSettings {
    /// What to store for a connection (without its secret).
    pub fn from_connection(connection: &Connection) -> Self {
        StoredSettings {
            endpoint: connection.endpoint.clone(),
            project_id: connection.project_id.clone(),
            auth_mode: connection.auth.mode().to_owned(),
            access_key: match &connection.auth {
                AuthSettings::AkSk { access_key, .. } => access_key.clone(),
                _ => String::new(),
            },
            remember: connection.remember,
        }
    }

    /// The secret-free JSON to store.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads what was stored; `None` when absent or unreadable.
    pub fn from_json(text: &str) -> Option<Self> {
        serde_json::from_str(text).ok()
    }

    /// The auth these settings describe, with the secret found in storage (if any).
    pub fn auth(&self, secret: Option<String>) -> AuthSettings {
        match (self.auth_mode.as_str(), secret) {
            ("token", Some(token)) if !token.is_empty() => AuthSettings::Token(Secret(token)),
            ("aksk", Some(secret_key)) if !secret_key.is_empty() => AuthSettings::AkSk {
                access_key: self.access_key.clone(),
                secret_key: Secret(secret_key),
            },
            _ => AuthSettings::None,
        }
    }
}

/// The connection to start with: the server's config if there is one (with the stored credentials,
/// if any), else stored settings that name a project, else none (the settings panel asks).
pub fn initial_connection(
    config: Option<&ServerConfig>,
    stored: Option<&StoredSettings>,
    secret: Option<String>,
) -> Option<Connection> {
    let auth = stored.map(|s| s.auth(secret)).unwrap_or_default();
    let remember = stored.is_some_and(|s| s.remember);
    if let Some(config) = config {
        return Some(Connection {
            endpoint: config.endpoint.clone(),
            project_id: config.project_id.clone(),
            auth,
            remember,
            server_mode: Some(config.mode.clone()),
        });
    }
    let stored = stored?;
    (!stored.project_id.is_empty()).then(|| Connection {
        endpoint: stored.endpoint.clone(),
        project_id: stored.project_id.clone(),
        auth,
        remember,
        server_mode: None,
    })
}

/// Something that is loaded over the network.
#[derive(Debug, Clone, PartialEq)]
pub enum Load<T> {
    /// Not asked for yet.
    Idle,
    /// On its way.
    Loading,
    /// Here.
    Ready(T),
    /// Failed.
    Failed(Error),
}

/// How the app should write the view into the address bar after a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlWrite {
    /// A new history entry: the user changed the view (Back returns to the previous one).
    Push,
    /// Rewrite the current entry: the view was completed or corrected (defaults filled in), or it
    /// came from the URL itself (Back/Forward).
    Replace,
}

/// The answer to the current view's request.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    /// The view it answers.
    pub view: View,
    /// The page, or why there is none.
    pub outcome: Result<Rc<TaskPage>, Error>,
    /// When it arrived (ms since the epoch).
    pub at_ms: f64,
}

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// Whether the startup config has been read (until then nothing is asked).
    pub booted: bool,
    /// Where requests go; `None` until the server config or the settings panel gives one.
    pub connection: Option<Connection>,
    /// The view, as the URL has it.
    pub view: View,
    /// How the next URL write is made.
    pub url_write: UrlWrite,
    /// The project's policies, for the `Policy` control.
    pub policies: Load<Rc<Vec<Policy>>>,
    /// The current request's ticket; an answer with another ticket is stale and dropped.
    pub ticket: u64,
    /// A request for the current ticket is under way.
    pub loading: bool,
    /// The last answer that was accepted (for the current view, or an earlier one while loading).
    pub loaded: Option<Loaded>,
    /// The task whose details are open.
    pub details: Option<Task>,
    /// Refresh by itself while running or waiting tasks are shown.
    pub auto_refresh: bool,
    /// The settings panel is open.
    pub settings_open: bool,
    /// The page's clock (ms since the epoch), moved by [`Action::Tick`].
    pub now_ms: f64,
}

impl State {
    /// The state before anything is known, with the view read from the URL.
    pub fn new(view: View, now_ms: f64) -> Self {
        State {
            booted: false,
            connection: None,
            view,
            url_write: UrlWrite::Replace,
            policies: Load::Idle,
            ticket: 0,
            loading: false,
            loaded: None,
            details: None,
            auto_refresh: true,
            settings_open: false,
            now_ms,
        }
    }

    /// The request the current view needs, if it can be made (connected, project and policy
    /// known). The fetch hook runs it whenever this or the ticket changes.
    pub fn task_request(&self) -> Option<TaskRequest> {
        let connection = self.connection.clone()?;
        let policy_id = self.view.policy_id.clone()?;
        if self.view.project_id.is_empty() {
            return None;
        }
        Some(TaskRequest {
            ticket: self.ticket,
            connection,
            project_id: self.view.project_id.clone(),
            policy_id,
            query: self.view.task_query(),
        })
    }

    /// The request for the policy list, if it can be made.
    pub fn policy_request(&self) -> Option<(Connection, String)> {
        let connection = self.connection.clone()?;
        (!self.view.project_id.is_empty()).then(|| (connection, self.view.project_id.clone()))
    }

    /// The page of the current view, once it has arrived.
    pub fn current_page(&self) -> Option<&Rc<TaskPage>> {
        match &self.loaded {
            Some(Loaded {
                view,
                outcome: Ok(page),
                ..
            }) if *view == self.view => Some(page),
            _ => None,
        }
    }

    /// When the shown data arrived.
    pub fn updated_at(&self) -> Option<f64> {
        self.loaded
            .as_ref()
            .filter(|l| l.view == self.view)
            .map(|l| l.at_ms)
    }

    /// Whether the shown page holds a running or waiting task (so it is worth refreshing).
    pub fn shows_active_tasks(&self) -> bool {
        self.current_page()
            .is_some_and(|page| page.tasks.iter().any(|task| task.status.is_active()))
    }

    /// What the table area shows.
    pub fn display(&self) -> Display<'_> {
        if self.connection.is_none() {
            return if self.booted {
                Display::NotConnected
            } else {
                Display::Skeleton
            };
        }
        if self.view.policy_id.is_none() {
            return match &self.policies {
                Load::Failed(error) => Display::Error(error),
                Load::Ready(list) if list.is_empty() => Display::NoPolicies,
                _ => Display::Skeleton,
            };
        }
        match &self.loaded {
            Some(loaded) if loaded.view == self.view => match &loaded.outcome {
                Err(error) => Display::Error(error),
                Ok(page) if !page.tasks.is_empty() => Display::Rows(page),
                Ok(page) if page.count > 0 => Display::PastTheEnd {
                    last_page: super::format::last_page(page.count, self.view.page_size),
                },
                Ok(_) if self.view.has_filters() => Display::NoMatch,
                Ok(_) => Display::NoTasks,
            },
            _ => Display::Skeleton,
        }
    }

    /// A changed view: a new request (aborting the older one), details closed.
    fn with_view(mut self, view: View, url_write: UrlWrite) -> Self {
        if view != self.view {
            self.details = None;
        }
        self.view = view;
        self.url_write = url_write;
        self.new_request()
    }

    fn new_request(mut self) -> Self {
        self.ticket += 1;
        self.loading = self.task_request().is_some();
        self
    }

    fn filtered(self, change: impl FnOnce(&mut View)) -> Self {
        let mut view = self.view.clone();
        change(&mut view);
        view.page = 1;
        self.with_view(view, UrlWrite::Push)
    }
}

/// What the fetch hook must request, with the ticket to report back with.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskRequest {
    /// The ticket of the request (see [`State::ticket`]).
    pub ticket: u64,
    /// Where to send it.
    pub connection: Connection,
    /// The project.
    pub project_id: String,
    /// The policy.
    pub policy_id: String,
    /// The query (filters, order, page size, offset).
    pub query: TaskQuery,
}

/// What the table area shows.
#[derive(Debug, PartialEq)]
pub enum Display<'a> {
    /// Loading: placeholder rows.
    Skeleton,
    /// No connection yet: the settings panel asks for one.
    NotConnected,
    /// The project has no policies.
    NoPolicies,
    /// The rows of the current page.
    Rows(&'a TaskPage),
    /// The filters match nothing.
    NoMatch,
    /// The policy has no tasks at all.
    NoTasks,
    /// The page number is past the last page.
    PastTheEnd {
        /// The last page there is.
        last_page: u64,
    },
    /// The request failed.
    Error(&'a Error),
}

/// Everything that changes the state.
#[derive(Debug, Clone)]
pub enum Action {
    /// The startup config was read: connect with this (or ask, with `None`).
    Boot(Option<Connection>),
    /// The settings panel was saved: connect with this, and open this project/policy if given.
    Connect {
        /// The new connection.
        connection: Connection,
        /// The policy the settings named, if any.
        policy_id: Option<String>,
    },
    /// Open or close the settings panel.
    ShowSettings(bool),
    /// The policy list arrived (for this project).
    PoliciesLoaded {
        /// The project it lists.
        project_id: String,
        /// The list, or why there is none.
        result: Result<Vec<Policy>, Error>,
    },
    /// The user picked a policy.
    SelectPolicy(String),
    /// The `Status` filter (`None` for all).
    SetStatus(Option<TaskStatus>),
    /// The `Job ID` filter (blank for none).
    SetJobId(String),
    /// The `Order`.
    SetOrder(SortDir),
    /// The `Page size`.
    SetPageSize(u32),
    /// "Clear filters": status and job ID.
    ClearFilters,
    /// Go to a page (clamped to 1 and up).
    GoToPage(u64),
    /// The URL changed under the page (Back/Forward): show that view.
    Navigate(View),
    /// Ask for the current view again, keeping the rows shown meanwhile.
    Refresh,
    /// An answer arrived for the request with this ticket.
    TasksLoaded {
        /// The request's ticket.
        ticket: u64,
        /// The page, or why there is none.
        result: Result<TaskPage, Error>,
        /// When it arrived (ms since the epoch).
        at_ms: f64,
    },
    /// Open a task's details.
    OpenDetails(Task),
    /// Close the details.
    CloseDetails,
    /// Turn auto-refresh on or off.
    SetAutoRefresh(bool),
    /// The clock moved; `visible` is false while the tab is hidden (no auto-refresh then).
    Tick {
        /// Now (ms since the epoch).
        now_ms: f64,
        /// Whether the page is visible.
        visible: bool,
    },
}

/// The one place the state changes. Returns the same `Rc` when nothing changed (no re-render).
pub fn reduce(state: Rc<State>, action: Action) -> Rc<State> {
    let current = (*state).clone();
    let next = match action {
        Action::Boot(connection) => {
            let mut next = current;
            next.booted = true;
            match connection {
                Some(connection) => connect(next, connection, None),
                None => {
                    next.settings_open = true;
                    next
                }
            }
        }
        Action::Connect {
            connection,
            policy_id,
        } => {
            let mut next = current;
            next.settings_open = false;
            connect(next, connection, Some(policy_id))
        }
        Action::ShowSettings(open) => {
            if state.settings_open == open {
                return state;
            }
            State {
                settings_open: open,
                ..current
            }
        }
        Action::PoliciesLoaded { project_id, result } => {
            if project_id != state.view.project_id {
                return state; // an answer for a project no longer shown
            }
            let mut next = current;
            match result {
                Ok(list) => {
                    let first = list.first().map(|policy| policy.id.clone());
                    next.policies = Load::Ready(Rc::new(list));
                    match (next.view.policy_id.is_none(), first) {
                        (true, Some(first)) => {
                            // Opening the first policy completes the view: no new history entry.
                            let view = View {
                                policy_id: Some(first),
                                ..next.view.clone()
                            };
                            next.with_view(view, UrlWrite::Replace)
                        }
                        _ => next,
                    }
                }
                Err(error) if error.is_aborted() => return state,
                Err(error) => {
                    next.policies = Load::Failed(error);
                    next
                }
            }
        }
        Action::SelectPolicy(policy_id) => {
            if state.view.policy_id.as_deref() == Some(policy_id.as_str()) {
                return state;
            }
            // Filters belong to a policy's tasks; a new policy starts unfiltered.
            let view = View {
                project_id: state.view.project_id.clone(),
                policy_id: Some(policy_id),
                order: state.view.order,
                page_size: state.view.page_size,
                ..View::default()
            };
            current.with_view(view, UrlWrite::Push)
        }
        Action::SetStatus(status) => {
            if state.view.status == status {
                return state;
            }
            current.filtered(|view| view.status = status)
        }
        Action::SetJobId(job_id) => {
            let job_id = Some(job_id.trim().to_owned()).filter(|id| !id.is_empty());
            if state.view.job_id == job_id {
                return state;
            }
            current.filtered(|view| view.job_id = job_id)
        }
        Action::SetOrder(order) => {
            if state.view.order == order {
                return state;
            }
            current.filtered(|view| view.order = order)
        }
        Action::SetPageSize(size) => {
            if state.view.page_size == size || size == 0 {
                return state;
            }
            current.filtered(|view| view.page_size = size)
        }
        Action::ClearFilters => {
            if !state.view.has_filters() {
                return state;
            }
            current.filtered(|view| {
                view.status = None;
                view.job_id = None;
            })
        }
        Action::GoToPage(page) => {
            let page = page.max(1);
            if state.view.page == page {
                return state;
            }
            let view = View {
                page,
                ..state.view.clone()
            };
            current.with_view(view, UrlWrite::Push)
        }
        Action::Navigate(mut view) => {
            if view.project_id.is_empty() {
                view.project_id = state.view.project_id.clone();
            }
            if view == state.view {
                return state;
            }
            let project_changed = view.project_id != state.view.project_id;
            let mut next = current.with_view(view, UrlWrite::Replace);
            if project_changed {
                next.policies = Load::Loading;
            }
            next
        }
        Action::Refresh => current.new_request(),
        Action::TasksLoaded {
            ticket,
            result,
            at_ms,
        } => {
            if ticket != state.ticket {
                return state; // stale: a newer request has replaced this one
            }
            if result.as_ref().is_err_and(Error::is_aborted) {
                return state;
            }
            let mut next = current;
            next.loading = false;
            next.now_ms = next.now_ms.max(at_ms);
            let outcome = result.map(Rc::new);
            if let (Some(open), Ok(page)) = (&next.details, &outcome) {
                // Keep open details current (a running task finishes under the reader's eyes).
                if let Some(fresh) = page.tasks.iter().find(|task| task.job_id == open.job_id) {
                    next.details = Some(fresh.clone());
                }
            }
            next.loaded = Some(Loaded {
                view: next.view.clone(),
                outcome,
                at_ms,
            });
            next
        }
        Action::OpenDetails(task) => State {
            details: Some(task),
            ..current
        },
        Action::CloseDetails => {
            if state.details.is_none() {
                return state;
            }
            State {
                details: None,
                ..current
            }
        }
        Action::SetAutoRefresh(on) => {
            if state.auto_refresh == on {
                return state;
            }
            State {
                auto_refresh: on,
                ..current
            }
        }
        Action::Tick { now_ms, visible } => {
            let mut next = current;
            next.now_ms = now_ms;
            let due = next.auto_refresh
                && visible
                && !next.loading
                && next.shows_active_tasks()
                && next
                    .updated_at()
                    .is_some_and(|at| now_ms - at >= AUTO_REFRESH_MS);
            if due {
                next.new_request()
            } else {
                next
            }
        }
    };
    Rc::new(next)
}

/// Connects and asks for the policy list. At boot the view keeps a project named by the link and
/// otherwise takes the connection's (completing the view: no history entry). From the settings
/// panel, another project or a named policy opens a fresh view (a new history entry).
fn connect(mut state: State, connection: Connection, settings: Option<Option<String>>) -> State {
    let mut view = state.view.clone();
    let mut url_write = UrlWrite::Replace;
    match settings {
        None => {
            if view.project_id.is_empty() {
                view.project_id = connection.project_id.clone();
            }
        }
        Some(policy_id) => {
            let policy_id = policy_id.filter(|id| !id.trim().is_empty());
            let project_changed = view.project_id != connection.project_id;
            let policy_changed = policy_id.is_some() && policy_id != view.policy_id;
            if project_changed || policy_changed {
                view = View {
                    project_id: connection.project_id.clone(),
                    policy_id,
                    ..View::default()
                };
                url_write = UrlWrite::Push;
            }
        }
    }
    let policies_before = state.policy_request();
    state.connection = Some(connection);
    state.loaded = None;
    let mut next = state.with_view(view, url_write);
    // The list is asked for again only if where it comes from changed (the fetch hook runs on
    // that change); otherwise the list in hand stays.
    if next.policy_request() != policies_before || matches!(next.policies, Load::Idle) {
        next.policies = Load::Loading;
    }
    next
}

#[cfg(all(target_arch = "wasm32", feature = "viewer"))]
impl yew::Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        reduce(self, action)
    }
}

/// What to tell the user about an error, and what they can do about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Remedy {
    /// Credentials refused or expired: enter them again in the settings.
    ReenterCredentials,
    /// No answer (network or CORS): check the endpoint, or use the bundled proxy.
    UseProxy,
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
    /// The advice for an error.
    pub fn for_error(error: &Error) -> Remedy {
        let code = error.code().unwrap_or_default();
        match code {
            "AutoBackup.0002" | "AutoBackup.0003" | "AutoBackup.0213" | "APIGW.0301"
            | "APIGW.0307" => return Remedy::ReenterCredentials,
            "AutoBackup.0205" | "AutoBackup.1100" => return Remedy::PickAnotherPolicy,
            "common.0011" => return Remedy::CheckProject,
            _ => {}
        }
        if error.is_auth() {
            Remedy::ReenterCredentials
        } else if error.is_network() {
            Remedy::UseProxy
        } else if error.is_decode() || error.status() == Some(404) {
            Remedy::CheckEndpoint
        } else {
            Remedy::TryAgain
        }
    }

    /// One sentence on what to do.
    pub fn advice(&self) -> &'static str {
        match self {
            Remedy::ReenterCredentials => {
                "The credentials were refused or have expired: open Settings and enter a new token (IAM tokens last 24 hours) or AK/SK."
            }
            Remedy::UseProxy => {
                "The endpoint did not answer. If it is on another origin, the browser blocks it: the VBS API sends no CORS headers. Serve this page with the bundled proxy (vbs-server --upstream https://vbs.<region>.myhuaweicloud.com) and use its address as the endpoint."
            }
            Remedy::PickAnotherPolicy => {
                "This backup policy does not exist in the project: pick another one in the Policy list."
            }
            Remedy::CheckProject => {
                "The project is unknown to the service: check the project ID in Settings."
            }
            Remedy::TryAgain => "This may be temporary: press Refresh to try again.",
            Remedy::CheckEndpoint => {
                "The answer is not the VBS API's: check the endpoint in Settings."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::time::Timestamp;

    const PROJECT: &str = "0605767e9a80d5f52f8cc00f94d4e2fb";

    fn connection() -> Connection {
        Connection {
            endpoint: String::new(),
            project_id: PROJECT.into(),
            server_mode: Some("emulator".into()),
            ..Connection::default()
        }
    }

    fn policy(id: &str) -> Policy {
        Policy::new(id, id, 1, crate::core::model::Schedule::new("ON"))
    }

    fn task(id: &str, status: TaskStatus) -> Task {
        Task::new(id, status, Timestamp::parse("2026-01-01T00:00:00").unwrap())
    }

    fn page(count: u64, tasks: Vec<Task>) -> TaskPage {
        TaskPage::new(count, tasks)
    }

    fn run(state: Rc<State>, actions: Vec<Action>) -> Rc<State> {
        actions.into_iter().fold(state, reduce)
    }

    /// Booted, connected, policy list in, first policy open.
    fn ready() -> Rc<State> {
        run(
            Rc::new(State::new(View::default(), 0.0)),
            vec![
                Action::Boot(Some(connection())),
                Action::PoliciesLoaded {
                    project_id: PROJECT.into(),
                    result: Ok(vec![policy("daily"), policy("weekly")]),
                },
            ],
        )
    }

    fn loaded(state: Rc<State>, result: Result<TaskPage, Error>, at_ms: f64) -> Rc<State> {
        let ticket = state.ticket;
        reduce(
            state,
            Action::TasksLoaded {
                ticket,
                result,
                at_ms,
            },
        )
    }

    #[test]
    fn without_server_config_or_settings_the_settings_panel_asks() {
        let state = reduce(
            Rc::new(State::new(View::default(), 0.0)),
            Action::Boot(None),
        );
        assert!(state.settings_open);
        assert_eq!(state.display(), Display::NotConnected);
        assert!(state.task_request().is_none());
        assert!(state.policy_request().is_none());
    }

    #[test]
    fn booting_with_the_server_config_takes_its_project_and_opens_the_first_policy() {
        let booted = reduce(
            Rc::new(State::new(View::default(), 0.0)),
            Action::Boot(Some(connection())),
        );
        assert_eq!(booted.view.project_id, PROJECT);
        assert_eq!(
            booted.policy_request().map(|(_, p)| p),
            Some(PROJECT.into())
        );
        assert!(booted.task_request().is_none(), "no policy yet");
        assert_eq!(booted.display(), Display::Skeleton);

        let state = ready();
        assert_eq!(state.view.policy_id.as_deref(), Some("daily"));
        assert_eq!(
            state.url_write,
            UrlWrite::Replace,
            "completing the view adds no history entry"
        );
        let request = state.task_request().unwrap();
        assert_eq!(request.policy_id, "daily");
        assert_eq!(
            request.query.to_query_string(),
            "sort_dir=desc&limit=20&offset=0"
        );
        assert!(state.loading);
        assert_eq!(state.display(), Display::Skeleton);
    }

    #[test]
    fn a_policy_in_the_link_is_kept_when_the_list_arrives() {
        let view = View::from_query("policy=weekly&page=3");
        let state = run(
            Rc::new(State::new(view, 0.0)),
            vec![
                Action::Boot(Some(connection())),
                Action::PoliciesLoaded {
                    project_id: PROJECT.into(),
                    result: Ok(vec![policy("daily")]),
                },
            ],
        );
        assert_eq!(state.view.policy_id.as_deref(), Some("weekly"));
        assert_eq!(state.view.page, 3);
        assert_eq!(state.task_request().unwrap().query.get_offset(), 40);
    }

    #[test]
    fn rows_show_once_the_current_request_answers() {
        let state = loaded(
            ready(),
            Ok(page(2, vec![task("a", TaskStatus::Skip)])),
            10.0,
        );
        assert!(!state.loading);
        assert!(matches!(state.display(), Display::Rows(p) if p.tasks[0].job_id == "a"));
        assert_eq!(state.updated_at(), Some(10.0));
    }

    #[test]
    fn a_stale_answer_never_overwrites_a_newer_view() {
        let state = ready();
        let old_ticket = state.ticket;
        let state = reduce(state, Action::SetStatus(Some(TaskStatus::Skip)));
        assert!(state.ticket > old_ticket);
        let late = reduce(
            state.clone(),
            Action::TasksLoaded {
                ticket: old_ticket,
                result: Ok(page(1, vec![task("old", TaskStatus::ExecuteFail)])),
                at_ms: 5.0,
            },
        );
        assert!(Rc::ptr_eq(&late, &state), "a stale answer changes nothing");
        assert_eq!(late.display(), Display::Skeleton);
        let fresh = loaded(late, Ok(page(1, vec![task("new", TaskStatus::Skip)])), 6.0);
        assert!(matches!(fresh.display(), Display::Rows(p) if p.tasks[0].job_id == "new"));
    }

    #[test]
    fn an_aborted_answer_is_ignored() {
        let state = ready();
        let after = loaded(state.clone(), Err(Error::aborted()), 1.0);
        assert!(Rc::ptr_eq(&after, &state));
        assert!(after.loading);
    }

    #[test]
    fn each_filter_goes_back_to_page_one_with_a_new_history_entry() {
        let on_page_4 = reduce(ready(), Action::GoToPage(4));
        assert_eq!(on_page_4.view.page, 4);
        assert_eq!(on_page_4.url_write, UrlWrite::Push);
        let cases: Vec<(Action, &str)> = vec![
            (
                Action::SetStatus(Some(TaskStatus::ExecuteFail)),
                "status=EXECUTE_FAIL",
            ),
            (Action::SetJobId("  j-1 ".into()), "job_id=j-1"),
            (Action::SetOrder(SortDir::Asc), "order=asc"),
            (Action::SetPageSize(50), "page_size=50"),
        ];
        for (action, expected) in cases {
            let state = reduce(on_page_4.clone(), action);
            assert_eq!(state.view.page, 1);
            assert_eq!(state.url_write, UrlWrite::Push);
            assert!(state.ticket > on_page_4.ticket);
            assert_eq!(
                state.view.to_query(),
                format!("project={PROJECT}&policy=daily&{expected}")
            );
        }
    }

    #[test]
    fn setting_a_filter_to_its_current_value_changes_nothing() {
        let state = ready();
        for action in [
            Action::SetStatus(None),
            Action::SetJobId("   ".into()),
            Action::SetOrder(SortDir::Desc),
            Action::SetPageSize(20),
            Action::ClearFilters,
            Action::GoToPage(1),
            Action::SelectPolicy("daily".into()),
        ] {
            let after = reduce(state.clone(), action.clone());
            assert!(Rc::ptr_eq(&after, &state), "{action:?}");
        }
    }

    #[test]
    fn clear_filters_drops_status_and_job_id_only() {
        let state = run(
            ready(),
            vec![
                Action::SetOrder(SortDir::Asc),
                Action::SetStatus(Some(TaskStatus::ExecuteFail)),
                Action::SetJobId("j".into()),
                Action::ClearFilters,
            ],
        );
        assert!(!state.view.has_filters());
        assert_eq!(state.view.order, SortDir::Asc);
    }

    #[test]
    fn empty_results_say_why() {
        let empty = page(0, vec![]);
        assert_eq!(
            loaded(ready(), Ok(empty.clone()), 1.0).display(),
            Display::NoTasks
        );
        let filtered = reduce(ready(), Action::SetStatus(Some(TaskStatus::Skip)));
        assert_eq!(loaded(filtered, Ok(empty), 1.0).display(), Display::NoMatch);
        let far = reduce(ready(), Action::GoToPage(9_999));
        assert_eq!(
            loaded(far, Ok(page(10_317, vec![])), 1.0).display(),
            Display::PastTheEnd { last_page: 516 }
        );
        let none = run(
            Rc::new(State::new(View::default(), 0.0)),
            vec![
                Action::Boot(Some(connection())),
                Action::PoliciesLoaded {
                    project_id: PROJECT.into(),
                    result: Ok(vec![]),
                },
            ],
        );
        assert_eq!(none.display(), Display::NoPolicies);
    }

    #[test]
    fn an_error_is_shown_with_its_code_and_advice() {
        let error = Error::http(
            404,
            Some("AutoBackup.0205".into()),
            Some("policy not found".into()),
        );
        let state = loaded(ready(), Err(error.clone()), 1.0);
        match state.display() {
            Display::Error(shown) => {
                assert_eq!(shown.code(), Some("AutoBackup.0205"));
                assert_eq!(Remedy::for_error(shown), Remedy::PickAnotherPolicy);
            }
            other => panic!("expected an error, got {other:?}"),
        }
    }

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
            Remedy::for_error(&Error::network("Failed to fetch", None)),
            Remedy::UseProxy
        );
        assert_eq!(
            Remedy::for_error(&Error::decode("tasks", "bad")),
            Remedy::CheckEndpoint
        );
        assert!(Remedy::UseProxy.advice().contains("proxy"));
    }

    #[test]
    fn a_refresh_keeps_the_rows_while_it_loads() {
        let state = loaded(ready(), Ok(page(1, vec![task("a", TaskStatus::Skip)])), 1.0);
        let refreshing = reduce(state.clone(), Action::Refresh);
        assert!(refreshing.loading);
        assert!(refreshing.ticket > state.ticket);
        assert!(matches!(refreshing.display(), Display::Rows(_)));
    }

    #[test]
    fn auto_refresh_runs_only_while_active_tasks_are_shown_and_the_page_is_visible() {
        let active = loaded(
            ready(),
            Ok(page(1, vec![task("r", TaskStatus::Running)])),
            1_000.0,
        );
        let tick = |state: &Rc<State>, now_ms, visible| {
            reduce(state.clone(), Action::Tick { now_ms, visible })
        };
        assert!(!tick(&active, 3_000.0, true).loading, "not due yet");
        let due = tick(&active, 1_000.0 + AUTO_REFRESH_MS, true);
        assert!(due.loading);
        assert!(due.ticket > active.ticket);
        assert!(
            !tick(&active, 60_000.0, false).loading,
            "paused while hidden"
        );
        let off = reduce(active.clone(), Action::SetAutoRefresh(false));
        assert!(!tick(&off, 60_000.0, true).loading, "turned off");
        let idle = loaded(
            ready(),
            Ok(page(1, vec![task("s", TaskStatus::ExecuteSuccess)])),
            1_000.0,
        );
        assert!(!tick(&idle, 60_000.0, true).loading, "nothing running");
        assert_eq!(
            tick(&idle, 60_000.0, true).now_ms,
            60_000.0,
            "the clock still moves"
        );
    }

    #[test]
    fn back_and_forward_show_the_url_view_without_a_new_entry() {
        let state = reduce(ready(), Action::SetStatus(Some(TaskStatus::Skip)));
        let back = reduce(
            state.clone(),
            Action::Navigate(View::from_query(&format!("project={PROJECT}&policy=daily"))),
        );
        assert_eq!(back.view.status, None);
        assert_eq!(back.url_write, UrlWrite::Replace);
        assert!(back.ticket > state.ticket);
        // A URL without project keeps the current one rather than losing it.
        let bare = reduce(state, Action::Navigate(View::from_query("policy=weekly")));
        assert_eq!(bare.view.project_id, PROJECT);
    }

    #[test]
    fn details_open_close_and_follow_a_refresh() {
        let running = task("r", TaskStatus::Running);
        let state = loaded(ready(), Ok(page(1, vec![running.clone()])), 1.0);
        let open = reduce(state, Action::OpenDetails(running));
        assert_eq!(open.details.as_ref().map(|t| t.job_id.as_str()), Some("r"));
        let mut finished = task("r", TaskStatus::ExecuteFail);
        finished.code = Some("VolumeBackup.0900".into());
        let refreshed = loaded(
            reduce(open, Action::Refresh),
            Ok(page(1, vec![finished])),
            2.0,
        );
        assert_eq!(
            refreshed.details.as_ref().and_then(|t| t.code.as_deref()),
            Some("VolumeBackup.0900")
        );
        let closed = reduce(refreshed.clone(), Action::CloseDetails);
        assert!(closed.details.is_none());
        let moved = reduce(refreshed, Action::SetStatus(Some(TaskStatus::Skip)));
        assert!(moved.details.is_none(), "a new view closes the details");
    }

    #[test]
    fn selecting_a_policy_resets_filters_but_keeps_order_and_page_size() {
        let state = run(
            ready(),
            vec![
                Action::SetPageSize(50),
                Action::SetStatus(Some(TaskStatus::Skip)),
                Action::GoToPage(3),
                Action::SelectPolicy("weekly".into()),
            ],
        );
        assert_eq!(
            state.view.to_query(),
            format!("project={PROJECT}&policy=weekly&page_size=50")
        );
        assert_eq!(state.url_write, UrlWrite::Push);
    }

    #[test]
    fn reconnecting_unchanged_keeps_the_policy_list() {
        let state = ready();
        let again = reduce(
            state.clone(),
            Action::Connect {
                connection: connection(),
                policy_id: None,
            },
        );
        assert!(matches!(again.policies, Load::Ready(ref list) if list.len() == 2));
        assert_eq!(again.view, state.view);
        let other = reduce(
            state,
            Action::Connect {
                connection: Connection {
                    endpoint: "https://proxy.example".into(),
                    ..connection()
                },
                policy_id: None,
            },
        );
        assert_eq!(other.policies, Load::Loading, "a new endpoint lists again");
    }

    #[test]
    fn a_policy_list_for_another_project_is_ignored() {
        let state = ready();
        let after = reduce(
            state.clone(),
            Action::PoliciesLoaded {
                project_id: "other".into(),
                result: Ok(vec![]),
            },
        );
        assert!(Rc::ptr_eq(&after, &state));
    }

    #[test]
    fn settings_connect_to_a_named_policy_with_a_new_entry() {
        let state = reduce(
            ready(),
            Action::Connect {
                connection: Connection {
                    project_id: "p2".into(),
                    ..connection()
                },
                policy_id: Some("nightly".into()),
            },
        );
        assert_eq!(state.view.to_query(), "project=p2&policy=nightly");
        assert_eq!(state.url_write, UrlWrite::Push);
        assert!(!state.settings_open);
        assert_eq!(state.policies, Load::Loading);
    }

    #[test]
    fn the_server_config_is_read_and_anything_else_is_none() {
        let body = br#"{"mode":"emulator","endpoint":"","projectId":"0605767e9a80d5f52f8cc00f94d4e2fb","serverAuth":false,"live":false}"#;
        let config = ServerConfig::from_json(body).unwrap();
        assert_eq!(config.project_id, PROJECT);
        assert_eq!(config.mode, "emulator");
        assert!(ServerConfig::from_json(b"<!doctype html><html></html>").is_none());
        assert!(ServerConfig::from_json(b"").is_none());
    }

    #[test]
    fn the_initial_connection_prefers_the_server_then_stored_settings() {
        let config =
            ServerConfig::from_json(br#"{"mode":"emulator","endpoint":"","projectId":"p1"}"#)
                .unwrap();
        let stored = StoredSettings {
            endpoint: "https://proxy.example".into(),
            project_id: "p9".into(),
            auth_mode: "token".into(),
            access_key: String::new(),
            remember: false,
        };
        let from_server =
            initial_connection(Some(&config), Some(&stored), Some("tok".into())).unwrap();
        assert_eq!(from_server.project_id, "p1");
        assert_eq!(from_server.auth, AuthSettings::Token(Secret("tok".into())));
        let from_stored = initial_connection(None, Some(&stored), None).unwrap();
        assert_eq!(from_stored.endpoint, "https://proxy.example");
        assert_eq!(
            from_stored.auth,
            AuthSettings::None,
            "a token mode without a token is no auth"
        );
        assert!(initial_connection(None, None, None).is_none());
        let no_project = StoredSettings {
            project_id: String::new(),
            ..stored
        };
        assert!(initial_connection(None, Some(&no_project), None).is_none());
    }

    #[test]
    fn stored_settings_never_hold_a_secret() {
        let connection = Connection {
            auth: AuthSettings::AkSk {
                access_key: "AKID".into(),
                secret_key: Secret("very-secret-key".into()),
            },
            remember: true,
            ..connection()
        };
        let json = StoredSettings::from_connection(&connection).to_json();
        assert!(!json.contains("very-secret-key"), "{json}");
        let back = StoredSettings::from_json(&json).unwrap();
        assert_eq!(back.auth_mode, "aksk");
        assert_eq!(back.access_key, "AKID");
        assert!(back.remember);
        assert!(!format!("{connection:?}").contains("very-secret-key"));
    }
}
