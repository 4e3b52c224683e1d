//! The view state: everything that decides what the page shows, free of the browser.
//!
//! It is split by what it serves, one module per concern, each with its own state, its own
//! `Action` enum and its own tests:
//!
//! | module | concern |
//! |---|---|
//! | [`connection`] | where requests go, as whom, the server's targets, and the project's policy list |
//! | [`cbr_lists`] | the project's vaults and CBR policies, for the CBR view's filters |
//! | [`tasks`] | the task view: the URL's view, its page's request and answer, auto-refresh |
//! | [`details`] | the open task's details, the highlighted task |
//! | [`export`] | the export under way, and how the last one ended |
//! | [`overview`] | the shown policy's counts per status |
//! | [`glance`] | "Policies at a glance" |
//! | [`watch`] | tasks that ended under "Watch" |
//! | [`settings`] | the language, the open panels, the settings form, what is stored |
//!
//! Every concern that sends requests drops stale answers by one rule, [`latest`].
//!
//! [`State`] holds the concerns, and [`reduce`] routes each [`Action`] to its concern. Where an
//! action touches more than one, this module says so in one place: a connection completes or
//! replaces the view and may forget the overview ([`State::connect`]); a new request of the task
//! view closes the details of a view left and may start an overview round, and its answer moves
//! the watch and the open details ([`State::after_task_change`]); Refresh, the clock's tick, and
//! opening a policy from the glance are actions of their own here. Another of the server's
//! targets replaces the connection and the view and keeps nothing of the other target's answers:
//! that is `targets.rs`, beside this module. The hooks only perform the effects the state asks
//! for (the `*_request` methods) and report back with actions.

pub mod cache;
pub mod cbr_lists;
pub mod connection;
pub mod details;
pub mod export;
pub mod fetch;
pub mod glance;
pub mod latest;
pub mod overview;
pub mod settings;
pub mod tasks;
pub mod watch;

mod display;
mod services;
#[cfg(test)]
mod target_tests;
mod targets;
#[cfg(test)]
mod testing;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_cache;
#[cfg(test)]
mod tests_cbr;

use std::rc::Rc;

use vbs_tasks::core::error::Error;
use vbs_tasks::core::model::Policy;

use crate::insights::stats::DurationStats;
use crate::route::View;
use vbs_tasks::core::taskrow::Service;

pub use cbr_lists::{CbrLists, CbrListsRequest, CbrListsState};
pub use connection::{
    initial_connection, AuthSettings, Connection, ConnectionAction, ConnectionState, Load,
    PolicyRequest,
};
pub use details::{Details, DetailsAction};
pub use display::Display;
pub use export::{
    ExportAction, ExportFormat, ExportJob, ExportOutcome, ExportRequest, ExportState,
    ExportSummary, EXPORT_PAGE_SIZE,
};
pub use fetch::Fetch;
pub use glance::{Glance, GlanceAction, GlanceRequest, GlanceRow, GlanceSection, GlanceState};
pub use latest::RequestId;
#[cfg(test)]
pub use overview::Scope;
pub use overview::{Overview, OverviewAction, OverviewRequest, OverviewState};
pub use settings::{Settings, SettingsAction, SettingsForm, StoredSettings, StoredValue};
pub use tasks::{PrefetchRequest, TaskChange, TaskRequest, TaskView, TasksAction, UrlWrite};
pub use watch::{Ended, Watch, WatchAction};

/// The page's clock, and the server's.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Clock {
    /// The page's clock (ms since the epoch), moved by [`Action::Tick`] and by answers.
    pub now_ms: f64,
    /// How far the server's clock is ahead of the page's (a frozen emulator's), in ms: task times
    /// are measured against `now_ms + offset_ms` ([`State::data_now_ms`]).
    pub offset_ms: f64,
}

/// Everything the page shows, by concern.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// Where requests go, and the policy list.
    pub connection: ConnectionState,
    /// The vaults and CBR policies, for a CBR view.
    pub cbr_lists: CbrListsState,
    /// The language and the open panels.
    pub settings: Settings,
    /// The task view.
    pub tasks: TaskView,
    /// The open details and the highlight.
    pub details: Details,
    /// The export.
    pub export: ExportState,
    /// The status overview.
    pub overview: OverviewState,
    /// "Policies at a glance".
    pub glance: GlanceState,
    /// "Watch".
    pub watch: Watch,
    /// The clocks.
    pub clock: Clock,
}

/// Everything that changes the state: an action of one concern, or one of the few that touch
/// several (handled here, each saying which).
#[derive(Debug, Clone)]
pub enum Action {
    /// The connection ([`connection`]; each also moves the task view, see [`State::connect`]).
    Connection(ConnectionAction),
    /// The language and the panels ([`settings`]).
    Settings(SettingsAction),
    /// The task view ([`tasks`]; see [`State::after_task_change`] for what follows).
    Tasks(TasksAction),
    /// The details and the highlight ([`details`]).
    Details(DetailsAction),
    /// The export ([`export`]).
    Export(ExportAction),
    /// The status overview ([`overview`]).
    Overview(OverviewAction),
    /// The glance ([`glance`]; opening it closes the details).
    Glance(GlanceAction),
    /// The watch ([`watch`]).
    Watch(WatchAction),
    /// Ask for the current view again, keeping the rows shown meanwhile (the overview counts
    /// again if its counts are an interval old); and for the policies at a glance while they are
    /// shown (their lines that failed are asked for again).
    Refresh,
    /// Another service was picked in the `Service` control: show its tasks of the same target
    /// (nothing of the other service's stays).
    SelectService(Service),
    /// A policy was picked in the `Policy` control or the glance: show its tasks (the glance
    /// closes).
    OpenPolicy(String),
    /// A vault of a target was picked in the CBR glance: show the CBR view filtered by it,
    /// through that target if it is another (the glance closes). A `target` of `""` is the
    /// shown one.
    OpenTargetVault {
        /// The target's name.
        target: String,
        /// The vault.
        vault_id: String,
    },
    /// A policy of a target was picked in the glance across targets: show its tasks, through
    /// that target if it is another (the glance closes). A `target` of `""` is the shown one.
    OpenTargetPolicy {
        /// The target's name.
        target: String,
        /// The policy.
        policy_id: String,
    },
    /// The clock moved; `visible` is false while the tab is hidden (no auto-refresh then). An
    /// auto-refresh that is due asks for the view again.
    Tick {
        /// Now (ms since the epoch).
        now_ms: f64,
        /// Whether the page is visible.
        visible: bool,
    },
    /// The server's clock is this far ahead of the page's (ms; see [`Clock::offset_ms`]).
    SetClockOffset(f64),
}

/// The one place the state changes. Returns the same `Rc` when nothing changed (no re-render).
pub fn reduce(state: Rc<State>, action: Action) -> Rc<State> {
    let mut next = (*state).clone();
    if next.apply(action) {
        Rc::new(next)
    } else {
        state
    }
}

#[cfg(all(target_arch = "wasm32", feature = "viewer"))]
impl yew::Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        reduce(self, action)
    }
}

impl State {
    /// The state before anything is known, with the view read from the URL.
    pub fn new(view: View, now_ms: f64) -> Self {
        State {
            connection: ConnectionState::default(),
            cbr_lists: CbrListsState::default(),
            settings: Settings::default(),
            tasks: TaskView::new(view),
            details: Details::default(),
            export: ExportState::default(),
            overview: OverviewState::default(),
            glance: GlanceState::default(),
            watch: Watch::default(),
            clock: Clock {
                now_ms,
                offset_ms: 0.0,
            },
        }
    }

    /// Applies `action`; `false` when it changes nothing.
    fn apply(&mut self, action: Action) -> bool {
        let connected = self.connected();
        // The task view's time range counts back from the data clock.
        self.tasks.clock_ms = self.data_now_ms();
        match action {
            Action::Connection(ConnectionAction::Boot {
                connection,
                targets,
            }) => {
                self.connection.booted = true;
                self.connection.targets = Rc::new(targets);
                match connection {
                    Some(connection) => self.boot_connect(connection),
                    None => self.settings.panel_open = true,
                }
                true
            }
            Action::Connection(ConnectionAction::Connect {
                connection,
                policy_id,
            }) => {
                self.settings.panel_open = false;
                let target = self
                    .connection
                    .target_at(&connection.endpoint)
                    .map(|target| target.name.clone());
                self.connect(connection, Some(policy_id), target);
                true
            }
            Action::Connection(ConnectionAction::SelectTarget(name)) => {
                self.switch_target(&name, None)
            }
            Action::Connection(ConnectionAction::PoliciesLoaded { request, result }) => {
                self.policies_loaded(request, result)
            }
            Action::Connection(ConnectionAction::CbrListsLoaded { id, result }) => {
                self.cbr_lists.loaded(id, result)
            }
            Action::SelectService(service) => self.select_service(service),
            Action::Tasks(TasksAction::Navigate(view)) => self.navigate(view),
            Action::Settings(action) => self.settings.reduce(action),
            Action::Tasks(action) => match self.tasks.reduce(action, connected) {
                Some(change) => {
                    self.after_task_change(change);
                    true
                }
                None => false,
            },
            Action::Details(action) => {
                let opened = matches!(action, DetailsAction::Open(_));
                let changed = self.details.reduce(action);
                // A CBR task's log comes with its row from the page shown.
                if let Some(page) = self.tasks.current_page().filter(|_| opened) {
                    self.details.follow(page);
                }
                changed
            }
            Action::Export(action) => {
                let can_request = self.task_request().is_some();
                let shown_count = self.tasks.count();
                let started = matches!(action, ExportAction::Start(_));
                let changed =
                    self.export
                        .reduce(action, &self.tasks.view, can_request, shown_count);
                if let Some(job) = self.export.job.as_mut().filter(|_| changed && started) {
                    job.anchor_ms = self.tasks.anchor_ms;
                }
                changed
            }
            Action::Overview(action) => self.overview.reduce(action),
            Action::Glance(action) => {
                let opening = matches!(action, GlanceAction::Show(true));
                let changed = self.glance.reduce(action);
                if changed && opening {
                    // The glance replaces the tasks: their details go.
                    self.details.close();
                }
                changed
            }
            Action::Watch(action) => self.watch.reduce(action),
            Action::Refresh => {
                let change = self.tasks.ask_again(connected);
                self.after_task_change(change);
                if self.tasks.view.is_cbr() {
                    self.cbr_lists.retry();
                }
                if self.glance.is_open() {
                    self.glance.new_round();
                }
                true
            }
            Action::OpenPolicy(policy_id) => {
                self.open_policy(policy_id);
                true
            }
            Action::OpenTargetVault { target, vault_id } => self.open_vault(&target, vault_id),
            Action::OpenTargetPolicy { target, policy_id } => {
                if target.is_empty() || self.tasks.view.target.as_deref() == Some(target.as_str()) {
                    self.open_policy(policy_id);
                    true
                } else {
                    self.switch_target(&target, Some(policy_id))
                }
            }
            Action::Tick { now_ms, visible } => {
                self.clock.now_ms = now_ms;
                self.tasks.clock_ms = self.data_now_ms();
                if let Some(change) = self.tasks.tick(now_ms, visible, connected) {
                    self.after_task_change(change);
                }
                true
            }
            Action::SetClockOffset(offset) => {
                if !offset.is_finite() || self.clock.offset_ms == offset {
                    return false;
                }
                self.clock.offset_ms = offset;
                true
            }
        }
    }

    /// What a change of the task view means for the other concerns: a view left closes its
    /// details; another project lists its policies again; a new request may start a round of
    /// the overview (another policy, or counts an interval old); a page taken moves the clock,
    /// tells the watch what ended, and keeps the open details current.
    pub(super) fn after_task_change(&mut self, change: TaskChange) {
        match change {
            TaskChange::Own => {}
            TaskChange::Requested {
                moved,
                project_changed,
            } => {
                if moved {
                    self.details.close();
                }
                if project_changed {
                    self.connection.policies = Load::Loading;
                }
                self.want_cbr_lists();
                let connected = self.connected();
                self.overview.refresh(
                    &self.tasks.view,
                    connected,
                    self.clock.now_ms,
                    self.tasks.anchor_ms,
                );
            }
            TaskChange::Answered {
                at_ms,
                before,
                page,
            } => {
                self.clock.now_ms = self.clock.now_ms.max(at_ms);
                if let Some(page) = &page {
                    if let Some(before) = &before {
                        self.watch.observe(before, page);
                    }
                    self.details.follow(page);
                }
            }
        }
    }

    /// Shows `policy_id` of the shown target (the glance closes).
    pub(super) fn open_policy(&mut self, policy_id: String) {
        let connected = self.connected();
        if let Some(change) = self
            .tasks
            .reduce(TasksAction::SelectPolicy(policy_id), connected)
        {
            self.after_task_change(change);
        }
        self.glance.close();
    }

    /// Connects and asks for the policy list: the view is completed (at boot) or replaced (from
    /// the settings panel, `settings` naming the policy it gave), shows `target` (the server's
    /// target the connection points at, when it answers for several), answers through the old
    /// connection are forgotten, and so are the overview's counts if the connection changed. The
    /// list is asked for again only if where it comes from changed (the fetch hook runs on that
    /// change); otherwise the list in hand stays.
    pub(super) fn connect(
        &mut self,
        connection: Connection,
        settings: Option<Option<String>>,
        target: Option<String>,
    ) {
        let (mut view, url_write) = self.tasks.connected_view(&connection.project_id, settings);
        view.target = target;
        self.fit_service(&mut view, &connection);
        let policies_before = self.policy_request();
        if self.connection.connection.as_ref() != Some(&connection) {
            self.overview.forget(); // counted through another connection: count again
        }
        self.connection.connection = Some(connection);
        self.tasks.forget_answers();
        let change = self.tasks.show(view, url_write, true);
        self.after_task_change(change);
        if self.policy_request() != policies_before
            || matches!(self.connection.policies, Load::Idle)
        {
            self.connection.policies = Load::Loading;
        }
    }

    /// Takes the policy list asked for the shown connection and project (an answer to another
    /// request, e.g. of a target or project no longer shown, is dropped); a view without a
    /// policy opens the first one, which completes it (no history entry).
    fn policies_loaded(
        &mut self,
        request: PolicyRequest,
        result: Result<Vec<Policy>, Error>,
    ) -> bool {
        if self.policy_request().as_ref() != Some(&request) {
            return false; // an answer for a list no longer shown
        }
        let list = match result {
            Err(error) if error.is_aborted() => return false,
            Err(error) => {
                self.connection.policies = Load::Failed(error);
                return true;
            }
            Ok(list) => list,
        };
        let first = list.first().map(|policy| policy.id.clone());
        self.connection.policies = Load::Ready(Rc::new(list));
        if let (None, Some(first), false) =
            (&self.tasks.view.policy_id, first, self.tasks.view.is_cbr())
        {
            let view = View {
                policy_id: Some(first),
                ..self.tasks.view.clone()
            };
            let change = self.tasks.show(view, UrlWrite::Replace, self.connected());
            self.after_task_change(change);
        }
        true
    }

    pub(super) fn connected(&self) -> bool {
        self.connection.connection.is_some()
    }

    /// "Now" for the task times shown (relative times, running durations, the timeline): the
    /// page's clock moved by the server's offset.
    pub fn data_now_ms(&self) -> f64 {
        self.clock.now_ms + self.clock.offset_ms
    }

    /// The request the current view needs, if it can be made (connected, project and policy
    /// known). The fetch hook runs it whenever it changes.
    pub fn task_request(&self) -> Option<TaskRequest> {
        self.tasks.request(self.connection.connection.as_ref())
    }

    /// The next page to fetch ahead, if there is one to fetch (see [`cache`]).
    pub fn prefetch_request(&self) -> Option<PrefetchRequest> {
        self.tasks
            .prefetch_request(self.connection.connection.as_ref())
    }

    /// The request for the policy list, if it can be made.
    pub fn policy_request(&self) -> Option<PolicyRequest> {
        self.connection.policy_request(&self.tasks.view.project_id)
    }

    /// The overview round the hook must request.
    pub fn overview_request(&self) -> Option<OverviewRequest> {
        self.overview
            .request(&self.tasks.view, self.connection.connection.as_ref())
    }

    /// The glance round the hook must run, while the glance is shown: across every target when
    /// one of several is shown, else for the shown project once its list is in.
    pub fn glance_request(&self) -> Option<GlanceRequest> {
        if self.tasks.view.is_cbr() {
            return self.vault_glance_request();
        }
        if self.glance_across_targets() {
            return self.glance.request_across(
                self.connection.connection.as_ref(),
                &self.connection.targets,
            );
        }
        self.glance.request(
            self.connection.connection.as_ref(),
            &self.tasks.view.project_id,
            self.connection.policy_list(),
        )
    }

    /// Whether the glance covers every target: one of several targets is shown.
    pub fn glance_across_targets(&self) -> bool {
        self.tasks.view.target.is_some() && self.connection.has_several_targets()
    }

    /// Whether "Policies at a glance" can be opened: across targets once connected, else once
    /// the shown project's policies are in.
    pub fn glance_available(&self) -> bool {
        if self.tasks.view.is_cbr() && !self.glance_across_targets() {
            return self.shown_vaults().is_some();
        }
        if self.glance_across_targets() {
            self.connected()
        } else {
            self.connection.policy_list().is_some()
        }
    }

    /// The export the hook must run, while one is under way.
    pub fn export_request(&self) -> Option<ExportRequest> {
        self.export.request(
            self.connection.connection.as_ref(),
            self.connection.policy_list().map(|list| list.as_slice()),
            self.cbr_lists
                .ready(self.policy_request().as_ref())
                .map(|lists| &**lists),
        )
    }

    /// How the last export ended, while its policy is the one shown.
    pub fn export_note(&self) -> Option<&ExportOutcome> {
        self.export.note(&self.tasks.view)
    }

    /// The duration statistics of the last export's walk, if it covered the current filter.
    pub fn walk_stats(&self) -> Option<(u64, DurationStats)> {
        self.export.walk_stats(&self.tasks.view)
    }

    /// The policies at a glance and the sections they are shown in, when the glance replaces
    /// the tasks: it was asked for, and across targets at once (each target's section fills in),
    /// else once the shown project's policies are in (one section, no heading).
    pub fn shown_glance(&self) -> Option<(&Glance, Vec<GlanceSection>)> {
        let round = self.glance.round.as_ref()?;
        if self.tasks.view.is_cbr() {
            return Some((round, self.vault_sections(round)?));
        }
        if self.glance_across_targets() {
            return Some((round, round.sections(&self.connection.targets)));
        }
        let list = self.connection.policy_list()?;
        let section = GlanceSection {
            target: None,
            vaults: None,
            policies: Some(Ok(list.clone())),
        };
        Some((round, vec![section]))
    }
}
