//! The status overview of the shown policy: its tasks per status, from `count` of one `limit=1`
//! request per status, cached for the refresh interval.
//!
//! A round starts when the view names another policy, or when the task view asks again after the
//! counts are an interval old (`State::after_task_change` in `state/mod.rs` calls
//! [`OverviewState::refresh`]); another connection forgets them ([`OverviewState::forget`]).

use vbs_tasks::core::error::Error;

use super::connection::Connection;
use super::latest::{Latest, RequestId};
use super::tasks::AUTO_REFRESH_MS;
use crate::insights::stats::StatusCounts;
use crate::route::View;

/// The per-status counts of a policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Overview {
    /// The policy counted.
    pub policy_id: String,
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
    /// The policy.
    pub policy_id: String,
}

/// The overview and its rounds of requests.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OverviewState {
    /// The overview of the shown policy (or of the last one, until the view's policy is counted).
    pub current: Option<Overview>,
    requests: Latest,
}

/// What changes the overview.
#[derive(Debug, Clone)]
pub enum OverviewAction {
    /// A round of requests answered.
    Loaded {
        /// The policy counted.
        policy_id: String,
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
        if view.policy_id.as_deref() != Some(overview.policy_id.as_str())
            || view.project_id.is_empty()
        {
            return None;
        }
        Some(OverviewRequest {
            id: overview.id,
            connection,
            project_id: view.project_id.clone(),
            policy_id: overview.policy_id.clone(),
        })
    }

    /// Starts a round when `view`'s policy is not the one counted, or when the counts are older
    /// than the refresh interval (they are cached that long). Nothing without a connection, a
    /// project or a policy.
    pub fn refresh(&mut self, view: &View, connected: bool, now_ms: f64) {
        let Some(policy_id) = view.policy_id.clone() else {
            return;
        };
        if !connected || view.project_id.is_empty() {
            return;
        }
        match &mut self.current {
            Some(overview) if overview.policy_id == policy_id => {
                if !overview.loading && now_ms - overview.at_ms >= AUTO_REFRESH_MS {
                    overview.id = self.requests.issue();
                    overview.loading = true;
                }
            }
            other => {
                *other = Some(Overview {
                    policy_id,
                    id: self.requests.issue(),
                    counts: None,
                    error: None,
                    loading: true,
                    at_ms: now_ms,
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
            policy_id,
            id,
            result,
            at_ms,
        } = action;
        let Some(overview) = self
            .current
            .as_mut()
            .filter(|o| o.policy_id == policy_id && self.requests.accepts(id))
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
