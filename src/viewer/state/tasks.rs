//! The task view: the view the URL describes (service, policy, filters, order, page), the request
//! for its page, the answer, and when to ask again (Refresh, auto-refresh).
//!
//! A CBR view's time range counts back from the moment its request is issued (the data clock
//! then, [`TaskView::anchor_ms`]): the request stays the same until the view asks again, and the
//! page fetched ahead is of the same window. A CBR view with a `Policy` filter is paged here: its
//! answer is every row of the filter, cut into pages that all go into the page cache
//! (`tasks/cbr.rs`).
//!
//! A change of view issues a new request ([`super::latest`]); an answer is taken only for the
//! latest one. What a change means for the other concerns (the details close, the overview counts
//! again, a watched task that ended is told) is said by the [`TaskChange`] this reducer returns,
//! and done by [`super::reduce`].

use std::rc::Rc;

use vbs_tasks::core::error::Error;

use super::cache::PageCache;
use super::connection::Connection;
use super::fetch::{instant, Fetch};
use super::latest::{Latest, RequestId};
use crate::format::last_page;
use crate::route::View;
use crate::rows::RowPage;

mod actions;
mod cbr;

pub use actions::*;

/// How long a shown page with running or waiting tasks stays before it refreshes itself.
pub const AUTO_REFRESH_MS: f64 = 5_000.0;

/// The task view's state.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskView {
    /// The view, as the URL has it.
    pub view: View,
    /// How the next URL write is made.
    pub url_write: UrlWrite,
    /// The requests for the view's page.
    requests: Latest,
    /// The latest request is under way.
    pub loading: bool,
    /// The last answer that was taken (for the current view, or an earlier one while loading).
    pub loaded: Option<Loaded>,
    /// A refresh of the shown page failed: the rows stay, with this notice beside them, until a
    /// refresh succeeds or the view changes.
    pub refresh_failure: Option<RefreshFailure>,
    /// Refresh by itself while running or waiting tasks are shown.
    pub auto_refresh: bool,
    /// The pages already shown or fetched ahead, of this connection, project, service and policy.
    pub cache: PageCache,
    /// The data clock (ms since the epoch: the server's, see `State::data_now_ms`), kept
    /// current by the state.
    pub clock_ms: f64,
    /// [`TaskView::clock_ms`] when the latest request was issued: "now" for its time range.
    pub anchor_ms: f64,
}

impl TaskView {
    /// The view read from the URL, nothing asked yet.
    pub fn new(view: View) -> Self {
        TaskView {
            view,
            url_write: UrlWrite::Replace,
            requests: Latest::default(),
            loading: false,
            loaded: None,
            refresh_failure: None,
            auto_refresh: true,
            cache: PageCache::default(),
            clock_ms: 0.0,
            anchor_ms: 0.0,
        }
    }

    /// The id of the latest request (answers with another id are dropped; the hooks have it
    /// from [`TaskView::request`]).
    #[cfg(test)]
    pub fn request_id(&self) -> RequestId {
        self.requests.id()
    }

    /// Whether the view can be asked for: a connection, a project and (VBS) a policy.
    fn can_request(&self, connected: bool) -> bool {
        connected
            && (self.view.policy_id.is_some() || self.view.is_cbr())
            && !self.view.project_id.is_empty()
    }

    /// The request the current view needs, if it can be made. The fetch hook runs it whenever
    /// this changes (a new id included).
    pub fn request(&self, connection: Option<&Connection>) -> Option<TaskRequest> {
        let connection = connection?.clone();
        if self.view.project_id.is_empty() {
            return None;
        }
        Some(TaskRequest {
            id: self.requests.id(),
            connection,
            project_id: self.view.project_id.clone(),
            fetch: Fetch::of_view(&self.view, instant(self.anchor_ms))?,
        })
    }

    /// The next page to fetch ahead: the shown page is in and not being asked for, a next page
    /// exists, and it is not kept already.
    pub fn prefetch_request(&self, connection: Option<&Connection>) -> Option<PrefetchRequest> {
        let count = self.current_page().filter(|_| !self.loading)?.count;
        if self.view.page >= last_page(count, self.view.page_size) {
            return None;
        }
        let view = View {
            page: self.view.page + 1,
            ..self.view.clone()
        };
        if self.cache.get(&view).is_some() {
            return None;
        }
        Some(PrefetchRequest {
            generation: self.cache.generation(),
            connection: connection?.clone(),
            fetch: Fetch::of_view(&view, instant(self.anchor_ms))?,
            view,
        })
    }

    /// The page of the current view, once it has arrived.
    pub fn current_page(&self) -> Option<&Rc<RowPage>> {
        match &self.loaded {
            Some(Loaded {
                view,
                outcome: Ok(page),
                ..
            }) if *view == self.view => Some(page),
            _ => None,
        }
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
            .is_some_and(|page| page.rows.iter().any(|row| row.status.is_active()))
    }

    /// Asks for the current view again (the rows stay shown meanwhile).
    pub fn ask_again(&mut self, connected: bool) -> TaskChange {
        self.requests.issue();
        self.anchor_ms = self.clock_ms;
        self.loading = self.can_request(connected);
        TaskChange::Requested {
            moved: false,
            project_changed: false,
        }
    }

    /// Shows `view` (a new request, aborting the older one); a view that is another one drops
    /// the failed refresh's notice of the old one. A page kept for it is shown by
    /// [`TasksAction::ShowKept`] once the request has left (and the URL names the view), and the
    /// request revalidates it.
    pub fn show(&mut self, view: View, url_write: UrlWrite, connected: bool) -> TaskChange {
        let moved = view != self.view;
        let project_changed = view.project_id != self.view.project_id;
        if project_changed
            || view.policy_id != self.view.policy_id
            || view.target != self.view.target
            || view.service != self.view.service
        {
            self.cache.clear();
        }
        if moved {
            self.refresh_failure = None;
        }
        self.view = view;
        self.url_write = url_write;
        self.ask_again(connected);
        TaskChange::Requested {
            moved,
            project_changed,
        }
    }

    /// The view to show through a new connection to `project_id`. At boot (`settings` is `None`)
    /// the view keeps a project named by the link and otherwise takes the connection's
    /// (completing the view: no history entry). From the settings panel (`Some(policy named
    /// there)`), another project or a named policy opens a fresh view (a new history entry).
    pub fn connected_view(
        &self,
        project_id: &str,
        settings: Option<Option<String>>,
    ) -> (View, UrlWrite) {
        let mut view = self.view.clone();
        match settings {
            None => {
                if view.project_id.is_empty() {
                    view.project_id = project_id.to_owned();
                }
                (view, UrlWrite::Replace)
            }
            Some(policy_id) => {
                let policy_id = policy_id.filter(|id| !id.trim().is_empty());
                let project_changed = view.project_id != project_id;
                let policy_changed = policy_id.is_some() && policy_id != view.policy_id;
                if project_changed || policy_changed {
                    let fresh = View {
                        project_id: project_id.to_owned(),
                        policy_id,
                        ..View::default()
                    };
                    (fresh, UrlWrite::Push)
                } else {
                    (view, UrlWrite::Replace)
                }
            }
        }
    }

    /// Forgets every answer (new settings start afresh: their failure is the error panel's), the
    /// kept pages too.
    pub fn forget_answers(&mut self) {
        self.loaded = None;
        self.refresh_failure = None;
        self.cache.clear();
    }

    /// The clock moved to `now_ms`: asks again when auto-refresh is due (running or waiting tasks
    /// shown, or a load that may pass failed, an interval ago, the page visible).
    pub fn tick(&mut self, now_ms: f64, visible: bool, connected: bool) -> Option<TaskChange> {
        // After a failed refresh the interval counts from the failure, not from the data.
        let last_try = self.updated_at().map(|at| {
            self.refresh_failure
                .as_ref()
                .map_or(at, |failure| at.max(failure.at_ms))
        });
        let due = self.auto_refresh
            && visible
            && !self.loading
            && (self.shows_active_tasks() || self.failed_for_now())
            && last_try.is_some_and(|at| now_ms - at >= AUTO_REFRESH_MS);
        due.then(|| self.ask_again(connected))
    }

    /// Applies `action`; `None` when it changes nothing.
    pub fn reduce(&mut self, action: TasksAction, connected: bool) -> Option<TaskChange> {
        match action {
            TasksAction::SelectPolicy(policy_id) => {
                if self.view.policy_id.as_deref() == Some(policy_id.as_str()) {
                    return None;
                }
                // Filters belong to a policy's tasks; a new policy starts unfiltered.
                let view = View {
                    target: self.view.target.clone(),
                    project_id: self.view.project_id.clone(),
                    policy_id: Some(policy_id),
                    order: self.view.order,
                    page_size: self.view.page_size,
                    ..View::default()
                };
                Some(self.show(view, UrlWrite::Push, connected))
            }
            TasksAction::SetStatus(status) => (self.view.status != status)
                .then(|| self.filtered(connected, |v| v.status = status)),
            TasksAction::SetJobId(job_id) => {
                let job_id = Some(job_id.trim().to_owned()).filter(|id| !id.is_empty());
                (self.view.job_id != job_id)
                    .then(|| self.filtered(connected, |v| v.job_id = job_id))
            }
            TasksAction::SetOrder(order) => {
                (self.view.order != order).then(|| self.filtered(connected, |v| v.order = order))
            }
            TasksAction::SetPageSize(size) => (self.view.page_size != size && size != 0)
                .then(|| self.filtered(connected, |v| v.page_size = size)),
            TasksAction::SetOperation(operation) => {
                let changed = self.view.is_cbr() && self.view.cbr.operation != operation;
                changed.then(|| self.filtered(connected, |v| v.cbr.operation = operation))
            }
            TasksAction::SetVault(vault) => {
                let changed = self.view.is_cbr() && self.view.cbr.vault_id != vault;
                changed.then(|| self.filtered(connected, |v| v.cbr.vault_id = vault))
            }
            TasksAction::SetCbrPolicy(policy) => {
                let changed = self.view.is_cbr() && self.view.cbr.policy_id != policy;
                changed.then(|| self.filtered(connected, |v| v.cbr.policy_id = policy))
            }
            TasksAction::SetResourceId(resource) => {
                let resource = Some(resource.trim().to_owned()).filter(|id| !id.is_empty());
                let changed = self.view.is_cbr() && self.view.cbr.resource_id != resource;
                changed.then(|| self.filtered(connected, |v| v.cbr.resource_id = resource))
            }
            TasksAction::SetRange(range) => {
                let changed = self.view.is_cbr() && self.view.cbr.range != range;
                changed.then(|| self.filtered(connected, |v| v.cbr.range = range))
            }
            TasksAction::ClearFilters => self.view.has_filters().then(|| {
                self.filtered(connected, |view| {
                    view.status = None;
                    view.job_id = None;
                    view.cbr = Default::default();
                })
            }),
            TasksAction::GoToPage(page) => self.go_to_page(page, connected),
            TasksAction::StepPage(step) => {
                let last = self
                    .count()
                    .map(|count| last_page(count, self.view.page_size));
                let wanted = if step < 0 {
                    self.view.page.saturating_sub(step.unsigned_abs()).max(1)
                } else {
                    self.view.page.saturating_add(step as u64)
                };
                let page = match last {
                    Some(last) => wanted.min(last),
                    None if step > 0 => return None, // the end is not known yet
                    None => wanted,
                };
                self.go_to_page(page, connected)
            }
            TasksAction::Navigate(mut view) => {
                if view.project_id.is_empty() {
                    view.project_id = self.view.project_id.clone();
                }
                (view != self.view).then(|| self.show(view, UrlWrite::Replace, connected))
            }
            TasksAction::Loaded { id, result, at_ms } => self.answered(id, result, at_ms),
            TasksAction::Prefetched {
                generation,
                view,
                result,
                at_ms,
            } => self.fetched_ahead(generation, view, result, at_ms),
            TasksAction::ShowKept { id } => self.show_kept(id),
            TasksAction::SetAutoRefresh(on) => {
                if self.auto_refresh == on {
                    return None;
                }
                self.auto_refresh = on;
                Some(TaskChange::Own)
            }
        }
    }

    fn go_to_page(&mut self, page: u64, connected: bool) -> Option<TaskChange> {
        let page = page.max(1);
        if self.view.page == page {
            return None;
        }
        let view = View {
            page,
            ..self.view.clone()
        };
        Some(self.show(view, UrlWrite::Push, connected))
    }

    /// A filter changed: back to page one, with a new history entry.
    fn filtered(&mut self, connected: bool, change: impl FnOnce(&mut View)) -> TaskChange {
        let mut view = self.view.clone();
        change(&mut view);
        view.page = 1;
        self.show(view, UrlWrite::Push, connected)
    }

    fn answered(
        &mut self,
        id: RequestId,
        result: Result<RowPage, Error>,
        at_ms: f64,
    ) -> Option<TaskChange> {
        if !self.requests.accepts(id) {
            return None; // stale: a newer request has replaced this one
        }
        if result.as_ref().is_err_and(Error::is_aborted) {
            return None;
        }
        self.loading = false;
        let before = match &self.loaded {
            Some(Loaded {
                outcome: Ok(page), ..
            }) => Some(page.clone()),
            _ => None,
        };
        let outcome = match result {
            // A failed refresh of rows on screen keeps them: an operator watching running
            // backups should not lose the table to one dropped request.
            Err(error) if self.current_page().is_some() => {
                self.refresh_failure = Some(RefreshFailure { error, at_ms });
                return Some(TaskChange::Answered {
                    at_ms,
                    before,
                    page: None,
                });
            }
            // Every row of a filter paged here: the view's page, the others kept.
            Ok(whole) if self.view.pages_locally() => {
                Ok(Rc::new(cbr::cut(&self.view, whole, &mut self.cache, at_ms)))
            }
            result => result.map(Rc::new),
        };
        self.refresh_failure = None;
        // The same rows as the kept page on screen: that page stays (nothing is drawn again).
        let outcome = match (outcome, self.current_page()) {
            (Ok(page), Some(shown)) if *page == **shown => Ok(shown.clone()),
            (outcome, _) => outcome,
        };
        if let Ok(page) = &outcome {
            self.cache.put(self.view.clone(), page.clone(), at_ms);
        }
        let page = outcome.as_ref().ok().cloned();
        self.loaded = Some(Loaded {
            view: self.view.clone(),
            outcome,
            at_ms,
        });
        Some(TaskChange::Answered {
            at_ms,
            before,
            page,
        })
    }
    /// Shows the page kept for the view of request `id`, while that request is the latest, still
    /// on its way, and nothing of the view is shown yet.
    fn show_kept(&mut self, id: RequestId) -> Option<TaskChange> {
        if !self.requests.accepts(id) || !self.loading || self.current_page().is_some() {
            return None;
        }
        let cached = self.cache.get(&self.view)?;
        self.loaded = Some(Loaded {
            view: self.view.clone(),
            outcome: Ok(cached.page.clone()),
            at_ms: cached.at_ms,
        });
        Some(TaskChange::Own)
    }

    /// Keeps a page fetched ahead; if the view it answers is already shown and still waiting
    /// for its own request, its rows are shown now (the request still revalidates them).
    fn fetched_ahead(
        &mut self,
        generation: u64,
        view: View,
        result: Result<RowPage, Error>,
        at_ms: f64,
    ) -> Option<TaskChange> {
        if generation != self.cache.generation() {
            return None; // fetched for a cache since dropped
        }
        let page = match result.ok()? {
            whole if view.pages_locally() => cbr::cut(&view, whole, &mut self.cache, at_ms),
            page => page,
        };
        let page = Rc::new(page);
        self.cache.put(view.clone(), page.clone(), at_ms);
        if view != self.view || !self.loading || self.current_page().is_some() {
            return Some(TaskChange::Own);
        }
        let before = match &self.loaded {
            Some(Loaded {
                outcome: Ok(page), ..
            }) => Some(page.clone()),
            _ => None,
        };
        self.loaded = Some(Loaded {
            view,
            outcome: Ok(page.clone()),
            at_ms,
        });
        Some(TaskChange::Answered {
            at_ms,
            before,
            page: Some(page),
        })
    }
}

#[cfg(test)]
mod tests;
