//! The view state, the [`Action`]s that change it and the pure [`reduce`] function.
//!
//! Everything that decides what the page shows lives here, free of the browser: which request is
//! current (a *ticket* that every change of view bumps, so a late answer to an older request is
//! recognised and dropped), when the URL gets a new history entry, when auto-refresh is due, and
//! what the table area shows (skeleton, rows, empty, error). The hooks only perform the effects the
//! state asks for and report back with actions.

use std::fmt;
use std::rc::Rc;

use serde::Serialize;

use crate::core::error::Error;
use crate::core::model::{Policy, Task, TaskPage, TaskStatus};
use crate::core::query::{SortDir, TaskQuery, MAX_LIMIT};
use crate::core::read::read_body;
use crate::core::time::Timestamp;
use crate::insights::stats::{DurationStats, StatusCounts};

use super::i18n::Lang;
use super::route::View;

/// How long a shown page with running or waiting tasks stays before it refreshes itself.
pub const AUTO_REFRESH_MS: f64 = 5_000.0;

/// The `id` of the JSON data block in which `vbs-server` writes its config into the viewer's page
/// (`server/src/page.rs`); the viewer reads it there before it would fetch `/viewer-config.json`.
pub const CONFIG_ELEMENT_ID: &str = "viewer-config";

/// What `GET /viewer-config.json` tells the viewer (served by `vbs-server`; also in its page, see
/// [`CONFIG_ELEMENT_ID`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ServerConfig {
    /// `emulator` or `proxy`.
    pub mode: String,
    /// The API endpoint; `""` means the page's own origin.
    pub endpoint: String,
    /// The project the server answers for.
    pub project_id: String,
    /// Whether the server signs requests itself (no credentials needed in the page).
    pub server_auth: bool,
    /// Whether the emulator's clock moves.
    pub live: bool,
    /// A frozen emulator's current time (`2026-11-20T08:00:00.000`, UTC); `None` when live.
    pub now: Option<String>,
}

impl ServerConfig {
    /// Reads the body of `/viewer-config.json`; `None` for anything else (e.g. the `index.html`
    /// a static host's fallback answers with), which means "no server config".
    pub fn from_json(body: &[u8]) -> Option<ServerConfig> {
        const FIELDS: [&str; 6] = ["mode", "endpoint", "projectId", "serverAuth", "live", "now"];
        let mut config = ServerConfig::default();
        let text = std::str::from_utf8(body).ok()?;
        read_body(text, |reader| {
            reader.members("the viewer config", &FIELDS, |reader, field| {
                match field {
                    0 => config.mode = reader.text()?,
                    1 => config.endpoint = reader.text()?,
                    2 => config.project_id = reader.text()?,
                    3 => config.server_auth = reader.boolean()?,
                    4 => config.live = reader.boolean()?,
                    _ => config.now = reader.or_null(|reader| reader.text())?,
                }
                Ok(())
            })
        })
        .ok()?;
        Some(config)
    }

    /// How far the server's clock is ahead of the browser's (ms): the server's `now` minus
    /// `browser_now_ms`; 0 when the server names no time (or an unreadable one).
    pub fn clock_offset_ms(&self, browser_now_ms: f64) -> f64 {
        self.now
            .as_deref()
            .and_then(|now| Timestamp::parse(now).ok())
            .map_or(0.0, |now| now.unix_millis() as f64 - browser_now_ms)
    }
}

/// Which file an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    /// RFC 4180 CSV with a BOM (`insights::export::to_csv`).
    Csv,
    /// JSON in the API's field names (`insights::export::to_json`).
    Json,
}

impl ExportFormat {
    /// The file extension: `csv`, `json`.
    pub fn extension(&self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
        }
    }

    /// The name on its button: `CSV`, `JSON`.
    pub fn label(&self) -> &'static str {
        match self {
            ExportFormat::Csv => "CSV",
            ExportFormat::Json => "JSON",
        }
    }

    /// The MIME type of the file.
    pub fn mime(&self) -> &'static str {
        match self {
            ExportFormat::Csv => "text/csv;charset=utf-8",
            ExportFormat::Json => "application/json;charset=utf-8",
        }
    }
}

/// An export under way: it walks every page of the filter it was started on.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportJob {
    /// Its number; progress reports for another number are stale.
    pub id: u64,
    /// The file it writes.
    pub format: ExportFormat,
    /// The view it exports (its filter and order; the page is ignored).
    pub view: View,
    /// Pages received so far.
    pub pages: u64,
    /// Tasks received so far.
    pub tasks: u64,
    /// Tasks matching the filter (`count`), once the first page has said.
    pub total: Option<u64>,
}

impl ExportJob {
    /// How far it is, 0 to 100, once the total is known.
    pub fn percent(&self) -> Option<u8> {
        let total = self.total?;
        if total == 0 {
            return Some(100);
        }
        Some((self.tasks.min(total) * 100 / total) as u8)
    }
}

/// What a finished export reports.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportSummary {
    /// The file downloaded.
    pub file_name: String,
    /// Tasks in it.
    pub tasks: u64,
    /// Duration statistics over its tasks.
    pub stats: Option<DurationStats>,
}

/// How the last export ended.
#[derive(Debug, Clone, PartialEq)]
pub enum ExportOutcome {
    /// Downloaded.
    Done(ExportSummary),
    /// Stopped by the user: nothing downloaded.
    Cancelled,
    /// Failed: nothing downloaded.
    Failed(Error),
}

/// What the export hook must run.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRequest {
    /// The export's number (see [`ExportJob::id`]).
    pub id: u64,
    /// The file it writes.
    pub format: ExportFormat,
    /// Where to send the requests.
    pub connection: Connection,
    /// The project.
    pub project_id: String,
    /// The policy.
    pub policy_id: String,
    /// The policy's name, for the file name (its ID when the list has no name).
    pub policy_name: String,
    /// The filter's words for the file name and the JSON (`EXECUTE_FAIL`, `all`).
    pub filter: String,
    /// The query of the first page: the filter and order, [`EXPORT_PAGE_SIZE`] per page.
    pub query: TaskQuery,
}

/// Tasks per request while exporting (the contract's largest page).
pub const EXPORT_PAGE_SIZE: u32 = MAX_LIMIT;

/// The per-status counts of a policy (the status overview), from `count` of one `limit=1`
/// request per status.
#[derive(Debug, Clone, PartialEq)]
pub struct Overview {
    /// The policy counted.
    pub policy_id: String,
    /// Bumped for each new round of requests; an answer for another round is dropped.
    pub generation: u64,
    /// The counts, once a round has answered (kept while the next round loads).
    pub counts: Option<StatusCounts>,
    /// Why the last round failed.
    pub error: Option<Error>,
    /// A round is under way.
    pub loading: bool,
    /// When the counts arrived (ms since the epoch, browser clock).
    pub at_ms: f64,
}

/// One policy's line in "Policies at a glance": its latest task and its counts per status.
#[derive(Debug, Clone, PartialEq)]
pub struct GlanceRow {
    /// The newest task (`None`: the policy has none).
    pub latest: Option<Task>,
    /// Tasks per status, from `count`.
    pub counts: StatusCounts,
}

/// "Policies at a glance": a line per policy of the project, filled in as answers arrive.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Glance {
    /// The round of requests; answers for another round are dropped.
    pub generation: u64,
    /// The answers so far, by policy ID (an error for a policy that failed), in arrival order:
    /// a project has a few dozen policies at most, a scan finds one.
    rows: Vec<(String, Result<GlanceRow, Error>)>,
}

impl Glance {
    /// A new round with no answers yet.
    pub fn new(generation: u64) -> Self {
        Glance {
            generation,
            rows: Vec::new(),
        }
    }

    /// The answer for `policy_id`, if it came.
    pub fn row(&self, policy_id: &str) -> Option<&Result<GlanceRow, Error>> {
        self.rows
            .iter()
            .find(|(id, _)| id == policy_id)
            .map(|(_, row)| row)
    }

    /// Keeps the answer for `policy_id` (a later one replaces an earlier one).
    pub fn set_row(&mut self, policy_id: String, answer: Result<GlanceRow, Error>) {
        match self.rows.iter_mut().find(|(id, _)| *id == policy_id) {
            Some((_, row)) => *row = answer,
            None => self.rows.push((policy_id, answer)),
        }
    }

    /// How many policies have answered.
    pub fn answered(&self) -> usize {
        self.rows.len()
    }

    /// The policies in the order to show them: those whose latest task failed or timed out
    /// first, then those still loading or in error, then the rest; each group in list order.
    pub fn order<'a>(&self, policies: &'a [Policy]) -> Vec<&'a Policy> {
        let rank = |policy: &Policy| match self.row(&policy.id) {
            Some(Ok(row)) if row.latest.as_ref().is_some_and(|t| t.status.is_failure()) => 0,
            Some(Err(_)) => 1,
            None => 2,
            Some(Ok(_)) => 3,
        };
        // Group by group, each in list order: what a stable sort by rank gives, without
        // shipping a stable sort (~3.5 KB of wasm) for a handful of policies.
        (0..4)
            .flat_map(|group| policies.iter().filter(move |policy| rank(policy) == group))
            .collect()
    }
}

/// A watched task that ended on screen (it was running or waiting, and a refresh shows it done).
#[derive(Debug, Clone, PartialEq)]
pub struct Ended {
    /// Its number (toasts are dismissed by it).
    pub id: u64,
    /// The task.
    pub job_id: String,
    /// How it ended.
    pub status: TaskStatus,
}

/// The most in-page notices kept; older ones drop off.
pub const MAX_ENDED: usize = 5;

/// What the glance hook must request.
#[derive(Debug, Clone, PartialEq)]
pub struct GlanceRequest {
    /// The round.
    pub generation: u64,
    /// Where to send the requests.
    pub connection: Connection,
    /// The project.
    pub project_id: String,
    /// The policies to look at.
    pub policy_ids: Vec<String>,
}

/// What the overview hook must request.
#[derive(Debug, Clone, PartialEq)]
pub struct OverviewRequest {
    /// The round (see [`Overview::generation`]).
    pub generation: u64,
    /// Where to send the requests.
    pub connection: Connection,
    /// The project.
    pub project_id: String,
    /// The policy.
    pub policy_id: String,
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
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct StoredSettings {
    /// The endpoint.
    pub endpoint: String,
    /// The project.
    pub project_id: String,
    /// `none`, `token` or `aksk`.
    pub auth_mode: String,
    /// The access key of AK/SK (the secret key is stored apart).
    pub access_key: String,
    /// Whether the secret is kept in `localStorage` (else `sessionStorage`).
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
        const FIELDS: [&str; 5] = [
            "endpoint",
            "project_id",
            "auth_mode",
            "access_key",
            "remember",
        ];
        let mut settings = StoredSettings::default();
        read_body(text, |reader| {
            reader.members("the stored settings", &FIELDS, |reader, field| {
                match field {
                    0 => settings.endpoint = reader.text()?,
                    1 => settings.project_id = reader.text()?,
                    2 => settings.auth_mode = reader.text()?,
                    3 => settings.access_key = reader.text()?,
                    _ => settings.remember = reader.boolean()?,
                }
                Ok(())
            })
        })
        .ok()?;
        Some(settings)
    }

    /// Whether [`StoredSettings::auth`] uses a secret, i.e. whether to look one up at all.
    pub fn needs_secret(&self) -> bool {
        matches!(self.auth_mode.as_str(), "token" | "aksk")
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

/// Why the last refresh of the shown rows failed, and when.
#[derive(Debug, Clone, PartialEq)]
pub struct RefreshFailure {
    /// What went wrong.
    pub error: Error,
    /// When (ms since the epoch): auto-refresh waits its interval from here before trying again.
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
    /// A refresh of the shown page failed: the rows stay, with this notice beside them, until a
    /// refresh succeeds or the view changes.
    pub refresh_failure: Option<RefreshFailure>,
    /// The task whose details are open.
    pub details: Option<Task>,
    /// Refresh by itself while running or waiting tasks are shown.
    pub auto_refresh: bool,
    /// The settings panel is open.
    pub settings_open: bool,
    /// The page's clock (ms since the epoch), moved by [`Action::Tick`].
    pub now_ms: f64,
    /// How far the server's clock is ahead of the page's (a frozen emulator's), in ms: task
    /// times are measured against `now_ms + clock_offset_ms` ([`State::data_now_ms`]).
    pub clock_offset_ms: f64,
    /// The export under way.
    pub export: Option<ExportJob>,
    /// The number of the last export started.
    pub export_seq: u64,
    /// How the last export ended (shown until the next starts).
    pub export_outcome: Option<(View, ExportOutcome)>,
    /// The status overview of the shown policy.
    pub overview: Option<Overview>,
    /// The keyboard shortcuts' help is open.
    pub shortcuts_open: bool,
    /// The task under the pointer or focus, in the table or the timeline (both highlight it).
    pub highlighted: Option<String>,
    /// The language of the page (`Language`).
    pub lang: Lang,
    /// "Policies at a glance", while it is shown (instead of the table).
    pub glance: Option<Glance>,
    /// The number of the last glance round.
    pub glance_seq: u64,
    /// "Watch": tell when a running or waiting task on screen ends.
    pub watch: bool,
    /// Tasks that ended under watch, not yet notified or dismissed (newest last).
    pub ended: Vec<Ended>,
    /// The number of the last [`Ended`].
    pub ended_seq: u64,
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
            refresh_failure: None,
            details: None,
            auto_refresh: true,
            settings_open: false,
            now_ms,
            clock_offset_ms: 0.0,
            export: None,
            export_seq: 0,
            export_outcome: None,
            overview: None,
            shortcuts_open: false,
            highlighted: None,
            lang: Lang::En,
            glance: None,
            glance_seq: 0,
            watch: false,
            ended: Vec::new(),
            ended_seq: 0,
        }
    }

    /// The glance round the hook must run, while the glance is shown and the list is in.
    pub fn glance_request(&self) -> Option<GlanceRequest> {
        let glance = self.glance.as_ref()?;
        let connection = self.connection.clone()?;
        let Load::Ready(list) = &self.policies else {
            return None;
        };
        if self.view.project_id.is_empty() {
            return None;
        }
        Some(GlanceRequest {
            generation: glance.generation,
            connection,
            project_id: self.view.project_id.clone(),
            policy_ids: list.iter().map(|policy| policy.id.clone()).collect(),
        })
    }

    /// "Now" for the task times shown (relative times, running durations, the timeline): the
    /// page's clock moved by the server's offset.
    pub fn data_now_ms(&self) -> f64 {
        self.now_ms + self.clock_offset_ms
    }

    /// The number of tasks matching the current filter, also while another page of the same
    /// filter loads (so the pager keeps its shape).
    pub fn count(&self) -> Option<u64> {
        if let Some(page) = self.current_page() {
            return Some(page.count);
        }
        let loaded = self.loaded.as_ref()?;
        let same_filter = View {
            page: self.view.page,
            ..loaded.view.clone()
        } == self.view;
        match &loaded.outcome {
            Ok(page) if same_filter => Some(page.count),
            _ => None,
        }
    }

    /// The export the hook must run, while one is under way.
    pub fn export_request(&self) -> Option<ExportRequest> {
        let job = self.export.as_ref()?;
        let connection = self.connection.clone()?;
        let policy_id = job.view.policy_id.clone()?;
        let policy_name = match &self.policies {
            Load::Ready(list) => list
                .iter()
                .find(|policy| policy.id == policy_id && !policy.name.is_empty())
                .map(|policy| policy.name.clone()),
            _ => None,
        }
        .unwrap_or_else(|| policy_id.clone());
        let filter = export_filter(&job.view);
        let query = View {
            page: 1,
            page_size: EXPORT_PAGE_SIZE,
            ..job.view.clone()
        }
        .task_query()
        .first_page();
        Some(ExportRequest {
            id: job.id,
            format: job.format,
            connection,
            project_id: job.view.project_id.clone(),
            policy_id,
            policy_name,
            filter,
            query,
        })
    }

    /// How the last export ended, while its policy is the one shown: another policy's "Export
    /// failed" beside this one's buttons would read as this one's.
    pub fn export_note(&self) -> Option<&ExportOutcome> {
        match &self.export_outcome {
            Some((view, outcome)) if same_policy(view, &self.view) => Some(outcome),
            _ => None,
        }
    }

    /// The duration statistics of the last export's walk, if it covered the current filter.
    pub fn walk_stats(&self) -> Option<(u64, DurationStats)> {
        match &self.export_outcome {
            Some((view, ExportOutcome::Done(summary))) if same_filter(view, &self.view) => {
                summary.stats.map(|stats| (summary.tasks, stats))
            }
            _ => None,
        }
    }

    /// The overview round the hook must request.
    pub fn overview_request(&self) -> Option<OverviewRequest> {
        let overview = self.overview.as_ref()?;
        let connection = self.connection.clone()?;
        if self.view.policy_id.as_deref() != Some(overview.policy_id.as_str())
            || self.view.project_id.is_empty()
        {
            return None;
        }
        Some(OverviewRequest {
            generation: overview.generation,
            connection,
            project_id: self.view.project_id.clone(),
            policy_id: overview.policy_id.clone(),
        })
    }

    /// Starts a round of overview requests when the policy changed, or when the counts are older
    /// than the refresh interval (they are cached that long).
    fn refresh_overview(mut self) -> Self {
        let Some(policy_id) = self.view.policy_id.clone() else {
            return self;
        };
        if self.connection.is_none() || self.view.project_id.is_empty() {
            return self;
        }
        let now_ms = self.now_ms;
        match &mut self.overview {
            Some(overview) if overview.policy_id == policy_id => {
                if !overview.loading && now_ms - overview.at_ms >= AUTO_REFRESH_MS {
                    overview.generation += 1;
                    overview.loading = true;
                }
            }
            other => {
                let generation = other.as_ref().map_or(1, |o| o.generation + 1);
                *other = Some(Overview {
                    policy_id,
                    generation,
                    counts: None,
                    error: None,
                    loading: true,
                    at_ms: now_ms,
                });
            }
        }
        self
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

    /// Whether the current view's request failed in a way that may pass (no answer, 429, 5xx):
    /// auto-refresh tries it again, so that a server that comes back is picked up.
    pub fn failed_for_now(&self) -> bool {
        matches!(&self.loaded, Some(Loaded { view, outcome: Err(error), .. })
            if *view == self.view && error.is_retryable())
    }

    /// Whether the shown page holds a running or waiting task (so it is worth refreshing).
    pub fn shows_active_tasks(&self) -> bool {
        self.current_page()
            .is_some_and(|page| page.tasks.iter().any(|task| task.status.is_active()))
    }

    /// The policies at a glance and the policies they are of, when the glance replaces the
    /// tasks: it was asked for and the policies are in.
    pub fn shown_glance(&self) -> Option<(&Glance, &Rc<Vec<Policy>>)> {
        match (&self.glance, &self.policies) {
            (Some(glance), Load::Ready(list)) => Some((glance, list)),
            _ => None,
        }
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
            self.refresh_failure = None;
        }
        self.view = view;
        self.url_write = url_write;
        self.new_request()
    }

    /// Starts a round of "Policies at a glance", every line loading.
    fn new_glance(&mut self) {
        self.glance_seq += 1;
        self.glance = Some(Glance::new(self.glance_seq));
    }

    fn new_request(mut self) -> Self {
        self.ticket += 1;
        self.loading = self.task_request().is_some();
        self.refresh_overview()
    }

    fn filtered(self, change: impl FnOnce(&mut View)) -> Self {
        let mut view = self.view.clone();
        change(&mut view);
        view.page = 1;
        self.with_view(view, UrlWrite::Push)
    }
}

/// Whether two views show the same policy of the same project.
pub fn same_policy(a: &View, b: &View) -> bool {
    a.project_id == b.project_id && a.policy_id == b.policy_id
}

/// Whether two views show the same set of tasks (project, policy, status, job ID).
pub fn same_filter(a: &View, b: &View) -> bool {
    same_policy(a, b) && a.status == b.status && a.job_id == b.job_id
}

/// The filter's words for an export's file name: `EXECUTE_FAIL`, `job-…`, `all`.
pub fn export_filter(view: &View) -> String {
    match (&view.status, &view.job_id) {
        (None, None) => "all".to_owned(),
        (Some(status), None) => status.as_str().to_owned(),
        (None, Some(job_id)) => format!("job-{job_id}"),
        (Some(status), Some(job_id)) => format!("{}_job-{job_id}", status.as_str()),
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
    /// Ask for the current view again, keeping the rows shown meanwhile; and for the policies at
    /// a glance while they are shown (their lines that failed are asked for again).
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
    /// The server's clock is this far ahead of the page's (ms; see [`State::clock_offset_ms`]).
    SetClockOffset(f64),
    /// "Export CSV" / "Export JSON": export every task of the current filter.
    StartExport(ExportFormat),
    /// An export received a page.
    ExportProgressed {
        /// The export.
        id: u64,
        /// Pages so far.
        pages: u64,
        /// Tasks so far.
        tasks: u64,
        /// The filter's `count`.
        total: u64,
    },
    /// An export ended (downloaded, or failed).
    ExportFinished {
        /// The export.
        id: u64,
        /// What was downloaded, or why nothing was.
        result: Result<ExportSummary, Error>,
    },
    /// "Cancel": stop the export (its requests are aborted, nothing is downloaded).
    CancelExport,
    /// A round of overview requests answered.
    OverviewLoaded {
        /// The policy counted.
        policy_id: String,
        /// The round.
        generation: u64,
        /// The counts per status, or why there are none.
        result: Result<StatusCounts, Error>,
        /// When (ms since the epoch, page clock).
        at_ms: f64,
    },
    /// Move by pages from the current one (`[` and `]`), within the first and the last page.
    StepPage(i64),
    /// Open or close the keyboard shortcuts' help (`?`).
    ShowShortcuts(bool),
    /// The pointer or focus is on this task's row or timeline bar (`None`: on none).
    Highlight(Option<String>),
    /// The `Language` control (or the remembered choice, or the browser's language at start).
    SetLang(Lang),
    /// Show "Policies at a glance" (a new round of requests), or go back to the tasks.
    ShowGlance(bool),
    /// A policy's line of the glance arrived.
    GlanceLoaded {
        /// The round.
        generation: u64,
        /// The policy.
        policy_id: String,
        /// Its latest task and counts, or why there are none.
        result: Result<GlanceRow, Error>,
    },
    /// A policy was picked in the glance: show its tasks.
    OpenPolicy(String),
    /// Turn "Watch" on or off.
    SetWatch(bool),
    /// An ended task was notified (desktop) or its notice dismissed.
    DismissEnded(u64),
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
        Action::Refresh => {
            let mut next = current.new_request();
            if next.glance.is_some() {
                next.new_glance();
            }
            next
        }
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
            let outcome = match result {
                // A failed refresh of rows on screen keeps them: an operator watching running
                // backups should not lose the table to one dropped request.
                Err(error) if state.current_page().is_some() => {
                    next.refresh_failure = Some(RefreshFailure { error, at_ms });
                    return Rc::new(next);
                }
                result => result.map(Rc::new),
            };
            next.refresh_failure = None;
            if let (
                true,
                Some(Loaded {
                    outcome: Ok(before),
                    ..
                }),
                Ok(after),
            ) = (next.watch, &state.loaded, &outcome)
            {
                for task in &after.tasks {
                    let was_active = before
                        .tasks
                        .iter()
                        .any(|old| old.job_id == task.job_id && old.status.is_active());
                    if was_active && !task.status.is_active() {
                        next.ended_seq += 1;
                        next.ended.push(Ended {
                            id: next.ended_seq,
                            job_id: task.job_id.clone(),
                            status: task.status.clone(),
                        });
                    }
                }
                let excess = next.ended.len().saturating_sub(MAX_ENDED);
                next.ended.drain(..excess);
            }
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
            // After a failed refresh the interval counts from the failure, not from the data.
            let last_try = next.updated_at().map(|at| {
                next.refresh_failure
                    .as_ref()
                    .map_or(at, |failure| at.max(failure.at_ms))
            });
            let due = next.auto_refresh
                && visible
                && !next.loading
                && (next.shows_active_tasks() || next.failed_for_now())
                && last_try.is_some_and(|at| now_ms - at >= AUTO_REFRESH_MS);
            if due {
                next.new_request()
            } else {
                next
            }
        }
        Action::SetClockOffset(offset) => {
            if !offset.is_finite() || state.clock_offset_ms == offset {
                return state;
            }
            State {
                clock_offset_ms: offset,
                ..current
            }
        }
        Action::StartExport(format) => {
            if state.export.is_some() || state.task_request().is_none() {
                return state;
            }
            let mut next = current;
            next.export_seq += 1;
            next.export = Some(ExportJob {
                id: next.export_seq,
                format,
                view: View {
                    page: 1,
                    ..next.view.clone()
                },
                pages: 0,
                tasks: 0,
                total: None,
            });
            next.export_outcome = None;
            next
        }
        Action::ExportProgressed {
            id,
            pages,
            tasks,
            total,
        } => {
            let mut next = current;
            match &mut next.export {
                Some(job) if job.id == id => {
                    job.pages = pages;
                    job.tasks = tasks;
                    job.total = Some(total);
                }
                _ => return state,
            }
            next
        }
        Action::ExportFinished { id, result } => {
            let Some(job) = state.export.as_ref().filter(|job| job.id == id) else {
                return state; // cancelled, or another export's
            };
            let view = job.view.clone();
            let outcome = match result {
                Ok(summary) => ExportOutcome::Done(summary),
                Err(error) if error.is_aborted() => ExportOutcome::Cancelled,
                Err(error) => ExportOutcome::Failed(error),
            };
            State {
                export: None,
                export_outcome: Some((view, outcome)),
                ..current
            }
        }
        Action::CancelExport => {
            let Some(job) = &state.export else {
                return state;
            };
            let view = job.view.clone();
            State {
                export: None,
                export_outcome: Some((view, ExportOutcome::Cancelled)),
                ..current
            }
        }
        Action::OverviewLoaded {
            policy_id,
            generation,
            result,
            at_ms,
        } => {
            let current_round = state
                .overview
                .as_ref()
                .is_some_and(|o| o.policy_id == policy_id && o.generation == generation);
            if !current_round || result.as_ref().is_err_and(Error::is_aborted) {
                return state;
            }
            let mut next = current;
            if let Some(overview) = &mut next.overview {
                overview.loading = false;
                overview.at_ms = at_ms;
                match result {
                    Ok(counts) => {
                        overview.counts = Some(counts);
                        overview.error = None;
                    }
                    Err(error) => overview.error = Some(error),
                }
            }
            next
        }
        Action::StepPage(step) => {
            let last = state
                .count()
                .map(|count| super::format::last_page(count, state.view.page_size));
            let wanted = if step < 0 {
                state.view.page.saturating_sub(step.unsigned_abs()).max(1)
            } else {
                state.view.page.saturating_add(step as u64)
            };
            let page = match last {
                Some(last) => wanted.min(last),
                None if step > 0 => return state, // the end is not known yet
                None => wanted,
            };
            return reduce(state, Action::GoToPage(page));
        }
        Action::ShowShortcuts(open) => {
            if state.shortcuts_open == open {
                return state;
            }
            State {
                shortcuts_open: open,
                ..current
            }
        }
        Action::Highlight(job_id) => {
            if state.highlighted == job_id {
                return state;
            }
            State {
                highlighted: job_id,
                ..current
            }
        }
        Action::SetLang(lang) => {
            if state.lang == lang {
                return state;
            }
            State { lang, ..current }
        }
        Action::ShowGlance(open) => {
            if state.glance.is_some() == open {
                return state;
            }
            let mut next = current;
            if open {
                next.new_glance();
                next.details = None;
            } else {
                next.glance = None;
            }
            next
        }
        Action::GlanceLoaded {
            generation,
            policy_id,
            result,
        } => {
            let current_round = state
                .glance
                .as_ref()
                .is_some_and(|glance| glance.generation == generation);
            if !current_round || result.as_ref().is_err_and(Error::is_aborted) {
                return state;
            }
            let mut next = current;
            if let Some(glance) = &mut next.glance {
                glance.set_row(policy_id, result);
            }
            next
        }
        Action::SetWatch(on) => {
            if state.watch == on {
                return state;
            }
            State {
                watch: on,
                ended: if on { current.ended } else { Vec::new() },
                ..current
            }
        }
        Action::DismissEnded(id) => {
            if !state.ended.iter().any(|ended| ended.id == id) {
                return state;
            }
            let mut next = current;
            next.ended.retain(|ended| ended.id != id);
            next
        }
        Action::OpenPolicy(policy_id) => {
            let mut next = (*reduce(state, Action::SelectPolicy(policy_id))).clone();
            next.glance = None;
            next
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
    if state.connection.as_ref() != Some(&connection) {
        state.overview = None; // counted through another connection: count again
    }
    state.connection = Some(connection);
    state.loaded = None;
    state.refresh_failure = None;
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
            Remedy::ServerDown => {
                "This page's server did not answer: it may have stopped. Once it runs again, Auto-refresh picks it up."
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
    use crate::core::error::CORS_HINT;
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

    /// A clock tick at `now_ms` with the page visible.
    fn tick(state: &Rc<State>, now_ms: f64) -> Rc<State> {
        reduce(
            state.clone(),
            Action::Tick {
                now_ms,
                visible: true,
            },
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
    fn a_failed_refresh_keeps_the_rows_and_says_so_until_one_succeeds() {
        let shown = loaded(
            ready(),
            Ok(page(1, vec![task("r", TaskStatus::Running)])),
            1_000.0,
        );
        let failed = loaded(
            reduce(shown.clone(), Action::Refresh),
            Err(Error::http(503, None, None)),
            7_000.0,
        );
        assert!(!failed.loading);
        assert!(matches!(failed.display(), Display::Rows(page) if page.tasks[0].job_id == "r"));
        assert_eq!(
            failed.updated_at(),
            Some(1_000.0),
            "the rows' own time stays"
        );
        let failure = failed
            .refresh_failure
            .as_ref()
            .expect("the failure is kept");
        assert_eq!(
            (failure.error.status(), failure.at_ms),
            (Some(503), 7_000.0)
        );
        // Auto-refresh tries again an interval after the failure, not at every tick.
        assert!(!tick(&failed, 8_000.0).loading);
        let retry = tick(&failed, 7_000.0 + AUTO_REFRESH_MS);
        assert!(retry.loading);
        let recovered = loaded(
            retry,
            Ok(page(1, vec![task("r", TaskStatus::ExecuteSuccess)])),
            12_500.0,
        );
        assert_eq!(recovered.refresh_failure, None);
        assert_eq!(recovered.updated_at(), Some(12_500.0));
        // New settings start afresh: their failure is the error panel's, not a notice's.
        let reconnected = reduce(
            failed.clone(),
            Action::Connect {
                connection: connection(),
                policy_id: None,
            },
        );
        assert_eq!(reconnected.refresh_failure, None);
        // Another view that fails shows the error itself, and leaves no stale notice.
        let moved = reduce(failed, Action::SetStatus(Some(TaskStatus::Skip)));
        assert_eq!(moved.refresh_failure, None);
        let moved = loaded(moved, Err(Error::http(503, None, None)), 9_000.0);
        assert!(matches!(moved.display(), Display::Error(_)));
        assert_eq!(moved.refresh_failure, None);
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
    fn auto_refresh_tries_a_failed_load_again_if_it_may_pass() {
        // The server stopped: no answer. Once it is back, the next try shows the page.
        let down = loaded(
            ready(),
            Err(Error::network("Failed to fetch", None)),
            1_000.0,
        );
        assert!(down.failed_for_now());
        assert!(!tick(&down, 3_000.0,).loading, "not due yet");
        assert!(tick(&down, 1_000.0 + AUTO_REFRESH_MS).loading);
        let off = reduce(down.clone(), Action::SetAutoRefresh(false));
        assert!(!tick(&off, 60_000.0).loading, "turned off");
        // What will not pass by itself is left to the user.
        let gone = loaded(ready(), Err(Error::http(404, None, None)), 1_000.0);
        assert!(!gone.failed_for_now());
        assert!(!tick(&gone, 60_000.0).loading);
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
        // A field of the wrong kind, or twice, makes the whole config unreadable.
        assert!(ServerConfig::from_json(br#"{"mode":"emulator","live":"yes"}"#).is_none());
        assert!(ServerConfig::from_json(br#"{"mode":"a","mode":"b"}"#).is_none());
        let odd = ServerConfig::from_json(br#"{"serverAuth":true,"extra":[{}]}"#).unwrap();
        assert!(odd.server_auth && odd.mode.is_empty() && odd.now.is_none());
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
        assert_eq!(back, StoredSettings::from_connection(&connection));
        assert_eq!(back.auth_mode, "aksk");
        assert_eq!(back.access_key, "AKID");
        assert!(back.remember);
        assert!(!format!("{connection:?}").contains("very-secret-key"));
    }
    #[test]
    fn the_server_clock_offset_moves_task_times_but_not_the_page_clock() {
        let config = ServerConfig::from_json(
            br#"{"mode":"emulator","projectId":"p","live":false,"now":"2026-11-20T08:00:00.000"}"#,
        )
        .unwrap();
        let server_ms = Timestamp::parse("2026-11-20T08:00:00")
            .unwrap()
            .unix_millis() as f64;
        let browser_ms = server_ms + 7.0 * 86_400_000.0;
        let offset = config.clock_offset_ms(browser_ms);
        assert_eq!(offset, -7.0 * 86_400_000.0);
        let live = ServerConfig::from_json(br#"{"mode":"emulator","now":null}"#).unwrap();
        assert_eq!(live.clock_offset_ms(browser_ms), 0.0);
        let bad = ServerConfig::from_json(br#"{"now":"yesterday"}"#).unwrap();
        assert_eq!(bad.clock_offset_ms(browser_ms), 0.0);

        let state = reduce(
            Rc::new(State::new(View::default(), browser_ms)),
            Action::SetClockOffset(offset),
        );
        assert_eq!(state.data_now_ms(), server_ms);
        let later = reduce(
            state.clone(),
            Action::Tick {
                now_ms: browser_ms + 3_000.0,
                visible: true,
            },
        );
        assert_eq!(
            later.now_ms,
            browser_ms + 3_000.0,
            "updated-ago counts real time"
        );
        assert_eq!(later.data_now_ms(), server_ms + 3_000.0);
        assert!(Rc::ptr_eq(
            &reduce(state.clone(), Action::SetClockOffset(offset)),
            &state
        ));
        assert!(Rc::ptr_eq(
            &reduce(state.clone(), Action::SetClockOffset(f64::NAN)),
            &state
        ));
    }

    #[test]
    fn an_export_walks_the_current_filter_and_reports_progress() {
        let filtered = run(
            ready(),
            vec![
                Action::SetStatus(Some(TaskStatus::ExecuteFail)),
                Action::GoToPage(3),
            ],
        );
        assert!(filtered.export_request().is_none());
        let started = reduce(filtered.clone(), Action::StartExport(ExportFormat::Csv));
        let request = started.export_request().unwrap();
        assert_eq!(request.policy_id, "daily");
        assert_eq!(request.filter, "EXECUTE_FAIL");
        assert_eq!(request.query.get_limit(), EXPORT_PAGE_SIZE);
        assert_eq!(
            request.query.get_offset(),
            0,
            "from the first page, not the shown one"
        );
        assert_eq!(request.query.get_status(), Some(&TaskStatus::ExecuteFail));
        assert_eq!(request.format.extension(), "csv");
        // A second click while one runs changes nothing.
        let again = reduce(started.clone(), Action::StartExport(ExportFormat::Json));
        assert!(Rc::ptr_eq(&again, &started));
        let id = request.id;
        let progressed = reduce(
            started.clone(),
            Action::ExportProgressed {
                id,
                pages: 3,
                tasks: 3_000,
                total: 10_317,
            },
        );
        let job = progressed.export.as_ref().unwrap();
        assert_eq!((job.pages, job.tasks, job.percent()), (3, 3_000, Some(29)));
        assert_eq!(
            progressed.export_request(),
            started.export_request(),
            "progress does not restart the walk"
        );
        let stale = reduce(
            progressed.clone(),
            Action::ExportProgressed {
                id: id + 7,
                pages: 9,
                tasks: 9,
                total: 9,
            },
        );
        assert!(Rc::ptr_eq(&stale, &progressed));
        // Changing the view meanwhile does not change what is exported.
        let moved = reduce(progressed, Action::SetStatus(Some(TaskStatus::Skip)));
        assert_eq!(moved.export_request().unwrap().filter, "EXECUTE_FAIL");
        let stats = DurationStats {
            finished: 2,
            median_s: 60.0,
            p95_s: 90.0,
        };
        let done = reduce(
            moved,
            Action::ExportFinished {
                id,
                result: Ok(ExportSummary {
                    file_name: "f.csv".into(),
                    tasks: 10_317,
                    stats: Some(stats),
                }),
            },
        );
        assert!(done.export.is_none() && done.export_request().is_none());
        assert!(matches!(
            done.export_outcome,
            Some((_, ExportOutcome::Done(_)))
        ));
        assert_eq!(done.walk_stats(), None, "the walk was of another filter");
        let back = reduce(done, Action::SetStatus(Some(TaskStatus::ExecuteFail)));
        assert_eq!(back.walk_stats(), Some((10_317, stats)));
    }

    #[test]
    fn cancel_ends_an_export_and_its_late_answers_are_dropped() {
        let started = reduce(ready(), Action::StartExport(ExportFormat::Json));
        let id = started.export.as_ref().unwrap().id;
        let cancelled = reduce(started, Action::CancelExport);
        assert!(cancelled.export.is_none());
        assert!(
            cancelled.export_request().is_none(),
            "the hook aborts the walk"
        );
        assert!(matches!(
            cancelled.export_outcome,
            Some((_, ExportOutcome::Cancelled))
        ));
        let late = reduce(
            cancelled.clone(),
            Action::ExportFinished {
                id,
                result: Ok(ExportSummary {
                    file_name: "x".into(),
                    tasks: 1,
                    stats: None,
                }),
            },
        );
        assert!(Rc::ptr_eq(&late, &cancelled));
        assert!(Rc::ptr_eq(
            &reduce(cancelled.clone(), Action::CancelExport),
            &cancelled
        ));
        // A failure is kept to be shown; the next export gets a new number.
        let again = reduce(cancelled, Action::StartExport(ExportFormat::Csv));
        let second = again.export.as_ref().unwrap().id;
        assert!(second > id);
        let failed = reduce(
            again,
            Action::ExportFinished {
                id: second,
                result: Err(Error::http(503, None, None)),
            },
        );
        assert!(matches!(
            failed.export_note(),
            Some(ExportOutcome::Failed(_))
        ));
        // The note stays with its policy: kept through another filter of it, not shown beside
        // another policy's buttons, and there again on the way back.
        let filtered = reduce(failed, Action::SetStatus(Some(TaskStatus::Skip)));
        assert!(filtered.export_note().is_some());
        let other = reduce(filtered, Action::OpenPolicy("weekly".into()));
        assert_eq!(other.export_note(), None);
        let back = reduce(other, Action::OpenPolicy("daily".into()));
        assert!(back.export_note().is_some());
        // Without a policy there is nothing to export.
        let idle = Rc::new(State::new(View::default(), 0.0));
        assert!(Rc::ptr_eq(
            &reduce(idle.clone(), Action::StartExport(ExportFormat::Csv)),
            &idle
        ));
    }

    #[test]
    fn export_filters_name_the_file() {
        let mut view = View::default();
        assert_eq!(export_filter(&view), "all");
        view.status = Some(TaskStatus::Skip);
        assert_eq!(export_filter(&view), "SKIP");
        view.job_id = Some("j1".into());
        assert_eq!(export_filter(&view), "SKIP_job-j1");
        let only_job = View {
            status: None,
            ..view.clone()
        };
        assert_eq!(export_filter(&only_job), "job-j1");
        let mut paged = view.clone();
        paged.page = 4;
        paged.page_size = 50;
        assert!(same_filter(&view, &paged));
        paged.status = None;
        assert!(!same_filter(&view, &paged));
    }

    fn counts(pairs: &[(TaskStatus, u64)]) -> StatusCounts {
        let mut counts = StatusCounts::default();
        for (status, n) in pairs {
            counts.add(status, *n);
        }
        counts
    }

    #[test]
    fn the_overview_counts_each_policy_once_per_refresh_interval() {
        let state = ready();
        let request = state.overview_request().unwrap();
        assert_eq!(request.policy_id, "daily");
        let generation = request.generation;
        let loaded = reduce(
            state,
            Action::OverviewLoaded {
                policy_id: "daily".into(),
                generation,
                result: Ok(counts(&[
                    (TaskStatus::ExecuteSuccess, 9),
                    (TaskStatus::ExecuteFail, 1),
                ])),
                at_ms: 1_000.0,
            },
        );
        let overview = loaded.overview.as_ref().unwrap();
        assert!(!overview.loading);
        assert_eq!(overview.counts.as_ref().unwrap().success_rate(), Some(0.9));
        // Filtering within the interval keeps the cached counts (no new round).
        let filtered = reduce(loaded.clone(), Action::SetStatus(Some(TaskStatus::Skip)));
        assert_eq!(filtered.overview_request(), loaded.overview_request());
        // A refresh after the interval asks again, keeping the counts meanwhile.
        let later = reduce(
            loaded,
            Action::Tick {
                now_ms: 1_000.0 + AUTO_REFRESH_MS,
                visible: true,
            },
        );
        let refreshed = reduce(later, Action::Refresh);
        let overview = refreshed.overview.as_ref().unwrap();
        assert!(overview.loading && overview.counts.is_some());
        assert!(overview.generation > generation);
        // An answer for an older round, or another policy, is dropped.
        let stale = reduce(
            refreshed.clone(),
            Action::OverviewLoaded {
                policy_id: "daily".into(),
                generation,
                result: Ok(StatusCounts::default()),
                at_ms: 2.0,
            },
        );
        assert!(Rc::ptr_eq(&stale, &refreshed));
        // Another policy starts afresh.
        let weekly = reduce(refreshed, Action::SelectPolicy("weekly".into()));
        let overview = weekly.overview.as_ref().unwrap();
        assert_eq!(overview.policy_id, "weekly");
        assert!(overview.counts.is_none() && overview.loading);
        let failed = reduce(
            weekly.clone(),
            Action::OverviewLoaded {
                policy_id: "weekly".into(),
                generation: overview.generation,
                result: Err(Error::http(503, None, None)),
                at_ms: 3.0,
            },
        );
        assert!(failed.overview.as_ref().unwrap().error.is_some());
        let aborted = reduce(
            weekly.clone(),
            Action::OverviewLoaded {
                policy_id: "weekly".into(),
                generation: overview.generation,
                result: Err(Error::aborted()),
                at_ms: 3.0,
            },
        );
        assert!(Rc::ptr_eq(&aborted, &weekly));
    }

    #[test]
    fn bracket_keys_step_within_the_pages() {
        let state = ready();
        assert!(
            Rc::ptr_eq(&reduce(state.clone(), Action::StepPage(1)), &state),
            "no step forward before the count is known"
        );
        let first = loaded(state, Ok(page(45, vec![task("a", TaskStatus::Skip)])), 1.0);
        let back = reduce(first.clone(), Action::StepPage(-1));
        assert!(Rc::ptr_eq(&back, &first), "page 1 is the first");
        let second = reduce(first, Action::StepPage(1));
        assert_eq!(second.view.page, 2);
        assert_eq!(second.url_write, UrlWrite::Push);
        let third = loaded(second, Ok(page(45, vec![task("b", TaskStatus::Skip)])), 2.0);
        let third = reduce(third, Action::StepPage(1));
        assert_eq!(third.view.page, 3);
        let end = loaded(third, Ok(page(45, vec![task("c", TaskStatus::Skip)])), 3.0);
        assert!(
            Rc::ptr_eq(&reduce(end.clone(), Action::StepPage(1)), &end),
            "3 is the last"
        );
        assert_eq!(reduce(end, Action::StepPage(-1)).view.page, 2);
    }

    #[test]
    fn the_shortcuts_help_opens_and_closes() {
        let state = ready();
        let open = reduce(state.clone(), Action::ShowShortcuts(true));
        assert!(open.shortcuts_open);
        assert!(Rc::ptr_eq(
            &reduce(open.clone(), Action::ShowShortcuts(true)),
            &open
        ));
        assert!(!reduce(open, Action::ShowShortcuts(false)).shortcuts_open);
    }

    #[test]
    fn hovering_a_bar_or_a_row_highlights_the_task_in_both() {
        let state = ready();
        let on = reduce(state.clone(), Action::Highlight(Some("a".into())));
        assert_eq!(on.highlighted.as_deref(), Some("a"));
        assert!(Rc::ptr_eq(
            &reduce(on.clone(), Action::Highlight(Some("a".into()))),
            &on
        ));
        let off = reduce(on, Action::Highlight(None));
        assert_eq!(off.highlighted, None);
    }

    #[test]
    fn the_language_changes_the_words_not_the_view() {
        let state = ready();
        let zh = reduce(state.clone(), Action::SetLang(Lang::ZhCn));
        assert_eq!(zh.lang, Lang::ZhCn);
        assert_eq!(zh.view, state.view);
        assert_eq!(zh.ticket, state.ticket, "no new request");
        assert!(Rc::ptr_eq(
            &reduce(zh.clone(), Action::SetLang(Lang::ZhCn)),
            &zh
        ));
    }

    fn glance_row(latest: Option<TaskStatus>, ok: u64) -> GlanceRow {
        let mut counts = StatusCounts::default();
        counts.add(&TaskStatus::ExecuteSuccess, ok);
        GlanceRow {
            latest: latest.map(|status| task("t", status)),
            counts,
        }
    }

    #[test]
    fn the_glance_fills_in_as_answers_arrive_and_puts_failures_first() {
        let state = ready();
        assert!(state.glance_request().is_none());
        assert!(state.shown_glance().is_none());
        let open = reduce(state.clone(), Action::ShowGlance(true));
        // It replaces the tasks once it is asked for and the policies are in.
        let (_, shown) = open.shown_glance().expect("the glance is shown");
        assert_eq!(shown.len(), 2);
        let request = open.glance_request().unwrap();
        assert_eq!(
            request.policy_ids,
            vec!["daily".to_owned(), "weekly".to_owned()]
        );
        assert!(Rc::ptr_eq(
            &reduce(open.clone(), Action::ShowGlance(true)),
            &open
        ));
        let generation = request.generation;
        let daily = reduce(
            open,
            Action::GlanceLoaded {
                generation,
                policy_id: "daily".into(),
                result: Ok(glance_row(Some(TaskStatus::ExecuteSuccess), 5)),
            },
        );
        let glance = daily.glance.as_ref().unwrap();
        assert_eq!(glance.answered(), 1);
        let policies = vec![policy("daily"), policy("weekly"), policy("nightly")];
        let ids = |glance: &Glance| {
            glance
                .order(&policies)
                .into_iter()
                .map(|p| p.id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            ids(glance),
            ["weekly", "nightly", "daily"],
            "loading before settled"
        );
        let both = reduce(
            daily,
            Action::GlanceLoaded {
                generation,
                policy_id: "nightly".into(),
                result: Ok(glance_row(Some(TaskStatus::ExecuteTimeout), 1)),
            },
        );
        let both = reduce(
            both,
            Action::GlanceLoaded {
                generation,
                policy_id: "weekly".into(),
                result: Ok(glance_row(None, 0)),
            },
        );
        assert_eq!(
            ids(both.glance.as_ref().unwrap()),
            ["nightly", "daily", "weekly"]
        );
        // A late answer of an earlier round is dropped.
        let stale = reduce(
            both.clone(),
            Action::GlanceLoaded {
                generation: generation - 1,
                policy_id: "daily".into(),
                result: Err(Error::http(503, None, None)),
            },
        );
        assert!(Rc::ptr_eq(&stale, &both));
        // Refresh asks for every line again (a failed one is not stuck), in a new round.
        let failed = reduce(
            both.clone(),
            Action::GlanceLoaded {
                generation,
                policy_id: "daily".into(),
                result: Err(Error::http(503, None, None)),
            },
        );
        let refreshed = reduce(failed, Action::Refresh);
        let round = refreshed.glance_request().expect("the glance asks again");
        assert!(round.generation > generation);
        assert_eq!(round.policy_ids, ["daily", "weekly"]);
        assert_eq!(refreshed.glance.as_ref().unwrap().answered(), 0);
        // Opening a policy shows its tasks.
        let opened = reduce(both, Action::OpenPolicy("weekly".into()));
        assert!(opened.glance.is_none());
        assert_eq!(opened.view.policy_id.as_deref(), Some("weekly"));
        assert!(opened.loading);
        // Showing it again starts a new round.
        let again = reduce(opened, Action::ShowGlance(true));
        assert!(again.glance_request().unwrap().generation > generation);
        assert!(reduce(again, Action::ShowGlance(false)).glance.is_none());
    }

    #[test]
    fn watch_tells_when_a_running_or_waiting_task_on_screen_ends() {
        let running = page(
            3,
            vec![
                task("r", TaskStatus::Running),
                task("w", TaskStatus::Waiting),
                task("s", TaskStatus::ExecuteSuccess),
            ],
        );
        let mut done = running.clone();
        done.tasks[0].status = TaskStatus::ExecuteFail;
        done.tasks[1].status = TaskStatus::Running;
        // Unwatched: nothing is told.
        let shown = loaded(ready(), Ok(running.clone()), 1.0);
        let unwatched = loaded(
            reduce(shown.clone(), Action::Refresh),
            Ok(done.clone()),
            2.0,
        );
        assert!(unwatched.ended.is_empty());
        // Watched: the running task that failed is told; the waiting one that started is not.
        let watched = reduce(shown, Action::SetWatch(true));
        let after = loaded(reduce(watched, Action::Refresh), Ok(done.clone()), 2.0);
        assert_eq!(after.ended.len(), 1);
        assert_eq!(after.ended[0].job_id, "r");
        assert_eq!(after.ended[0].status, TaskStatus::ExecuteFail);
        // Another refresh with the same answer tells nothing new.
        let again = loaded(reduce(after.clone(), Action::Refresh), Ok(done), 3.0);
        assert_eq!(again.ended.len(), 1);
        let id = after.ended[0].id;
        let dismissed = reduce(after.clone(), Action::DismissEnded(id));
        assert!(dismissed.ended.is_empty());
        assert!(Rc::ptr_eq(
            &reduce(dismissed.clone(), Action::DismissEnded(id)),
            &dismissed
        ));
        let off = reduce(after, Action::SetWatch(false));
        assert!(!off.watch && off.ended.is_empty());
    }

    #[test]
    fn watch_keeps_only_the_latest_notices() {
        let many: Vec<Task> = (0..8)
            .map(|i| task(&format!("r{i}"), TaskStatus::Running))
            .collect();
        let shown = reduce(
            loaded(ready(), Ok(page(8, many.clone())), 1.0),
            Action::SetWatch(true),
        );
        let finished: Vec<Task> = many
            .into_iter()
            .map(|mut t| {
                t.status = TaskStatus::ExecuteSuccess;
                t
            })
            .collect();
        let after = loaded(reduce(shown, Action::Refresh), Ok(page(8, finished)), 2.0);
        assert_eq!(after.ended.len(), MAX_ENDED);
        assert_eq!(after.ended.last().map(|e| e.job_id.as_str()), Some("r7"));
    }
}
