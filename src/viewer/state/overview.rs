//! The status overview of the shown policy (VBS) or filter (CBR: every filter but the status):
//! its tasks per status, from `count` of one `limit=1` request per status, cached for the refresh
//! interval. (A CBR filter with a `Policy` is counted from its rows, read whole: see
//! `hooks/counts.rs`.)
//!
//! A round starts when the view names another policy or filter, or when the task view asks again
//! after the counts are an interval old (`State::after_task_change` in `state/mod.rs` calls
//! [`OverviewState::refresh`]); another connection forgets them ([`OverviewState::forget`]).

use vbs_tasks::core::error::Error;
use vbs_tasks::core::query::TaskQuery;

use super::connection::Connection;
use super::fetch::{instant, Fetch};
use super::latest::{Latest, RequestId};
use super::tasks::AUTO_REFRESH_MS;
use crate::insights::stats::StatusCounts;
use crate::route::{CbrFilter, View};

/// What an overview counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The tasks of a VBS policy.
    Policy(String),
    /// The CBR tasks of a filter (its time range counted back from the round's start).
    Cbr(CbrFilter),
}

impl Scope {
    /// What the overview of `view` counts; `None` for a VBS view without a policy.
    pub fn of_view(view: &View) -> Option<Scope> {
        if view.is_cbr() {
            return Some(Scope::Cbr(view.cbr.clone()));
        }
        view.policy_id.clone().map(Scope::Policy)
    }
}

/// The per-status counts of a policy or filter.
#[derive(Debug, Clone, PartialEq)]
pub struct Overview {
    /// What is counted.
    pub scope: Scope,
    /// The round of requests under way or last answered.
    pub id: RequestId,
    /// The counts, once a round has answered (kept while the next round loads).
    pub counts: Option<StatusCounts>,
    /// Why the last round failed.
    pub error: Option<Error>,
    /// A round is under way.
    pub loading: bool,
    /// When the counts arrived (ms since the epoch, browser clock).
    pub at_ms: f64,
    /// "Now" of the round's time range (ms since the epoch, data clock; CBR).
    pub anchor_ms: f64,
}

/// What the overview hook must request.
#[derive(Debug, Clone, PartialEq)]
pub struct OverviewRequest {
    /// The round (see [`super::latest`]).
    pub id: RequestId,
    /// Where to send the requests.
    pub connection: Connection,
    /// The project.
    pub project_id: String,
    /// What is counted, reported back with the counts.
    pub scope: Scope,
    /// The tasks to count (the hook adds each status and `limit=1`).
    pub counted: Fetch,
}

/// The overview and its rounds of requests.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OverviewState {
    /// The overview of the shown policy or filter (or of the last one, until the view's is
    /// counted).
    pub current: Option<Overview>,
    requests: Latest,
}

/// What changes the overview.
#[derive(Debug, Clone)]
pub enum OverviewAction {
    /// A round of requests answered.
    Loaded {
        /// What was counted.
        scope: Scope,
        /// The round.
        id: RequestId,
        /// The counts per status, or why there are none.
        result: Result<StatusCounts, Error>,
        /// When (ms since the epoch, page clock).
        at_ms: f64,
    },
}

impl OverviewState {
    /// The round the hook must request, for the policy `view` shows.
    pub fn request(&self, view: &View, connection: Option<&Connection>) -> Option<OverviewRequest> {
        let overview = self.current.as_ref()?;
        let connection = connection?.clone();
        if Scope::of_view(view).as_ref() != Some(&overview.scope) || view.project_id.is_empty() {
            return None;
        }
        let counted = match &overview.scope {
            Scope::Policy(policy_id) => Fetch::Vbs {
                policy_id: policy_id.clone(),
                query: TaskQuery::new(),
            },
            Scope::Cbr(filter) => Fetch::Cbr {
                query: filter.query(None, instant(overview.anchor_ms)),
                policy_id: filter.policy_id.clone(),
            },
        };
        Some(OverviewRequest {
            id: overview.id,
            connection,
            project_id: view.project_id.clone(),
            scope: overview.scope.clone(),
            counted,
        })
    }

    /// Starts a round when `view`'s policy or filter is not the one counted, or when the counts
    /// are older than the refresh interval (they are cached that long); `anchor_ms` is "now" for
    /// a time range. Nothing without a connection, a project or (VBS) a policy.
    pub fn refresh(&mut self, view: &View, connected: bool, now_ms: f64, anchor_ms: f64) {
        let Some(scope) = Scope::of_view(view) else {
            return;
        };
        if !connected || view.project_id.is_empty() {
            return;
        }
        match &mut self.current {
            Some(overview) if overview.scope == scope => {
                if !overview.loading && now_ms - overview.at_ms >= AUTO_REFRESH_MS {
                    overview.id = self.requests.issue();
                    overview.loading = true;
                    overview.anchor_ms = anchor_ms;
                }
            }
            other => {
                *other = Some(Overview {
                    scope,
                    id: self.requests.issue(),
                    counts: None,
                    error: None,
                    loading: true,
                    at_ms: now_ms,
                    anchor_ms,
                });
            }
        }
    }

    /// Forgets the counts (they were counted through another connection); the next round has a
    /// new id, so an answer of a round under way is dropped.
    pub fn forget(&mut self) {
        self.current = None;
    }

    /// Applies `action`; `false` when it changes nothing (an answer for an older round, or for
    /// another policy, or an aborted one).
    pub fn reduce(&mut self, action: OverviewAction) -> bool {
        let OverviewAction::Loaded {
            scope,
            id,
            result,
            at_ms,
        } = action;
        let Some(overview) = self
            .current
            .as_mut()
            .filter(|o| o.scope == scope && self.requests.accepts(id))
        else {
            return false;
        };
        if result.as_ref().is_err_and(Error::is_aborted) {
            return false;
        }
        overview.loading = false;
        overview.at_ms = at_ms;
        match result {
            Ok(counts) => {
                overview.counts = Some(counts);
                overview.error = None;
            }
            Err(error) => overview.error = Some(error),
        }
        true
    }
}

#[cfg(test)]
mod tests;
