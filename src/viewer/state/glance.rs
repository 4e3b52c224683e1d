//! "Policies at a glance": a line per policy of the project (its latest task and its counts per
//! status), shown instead of the tasks and filled in as answers arrive.
//!
//! Refresh starts a new round while it is shown, opening it closes the details, and opening a
//! policy from it shows that policy's tasks: those touch other concerns and are done by
//! [`super::reduce`].

use std::rc::Rc;

use vbs_tasks::core::error::Error;
use vbs_tasks::core::model::{Policy, Task};

use super::connection::Connection;
use super::latest::{Latest, RequestId};
use crate::insights::stats::StatusCounts;

/// One policy's line: its latest task and its counts per status.
#[derive(Debug, Clone, PartialEq)]
pub struct GlanceRow {
    /// The newest task (`None`: the policy has none).
    pub latest: Option<Task>,
    /// Tasks per status, from `count`.
    pub counts: StatusCounts,
}

/// A round of the glance: the answers so far.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Glance {
    /// The round of requests; answers for another round are dropped.
    pub id: RequestId,
    /// The answers so far, by policy ID (an error for a policy that failed), in arrival order:
    /// a project has a few dozen policies at most, a scan finds one.
    rows: Vec<(String, Result<GlanceRow, Error>)>,
}

impl Glance {
    /// A new round with no answers yet.
    pub fn new(id: RequestId) -> Self {
        Glance {
            id,
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
    #[cfg(test)]
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

/// What the glance hook must request.
#[derive(Debug, Clone, PartialEq)]
pub struct GlanceRequest {
    /// The round.
    pub id: RequestId,
    /// Where to send the requests.
    pub connection: Connection,
    /// The project.
    pub project_id: String,
    /// The policies to look at.
    pub policy_ids: Vec<String>,
}

/// The glance, while it is shown, and its rounds of requests.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GlanceState {
    /// The round shown; `None` while the tasks are shown instead.
    pub round: Option<Glance>,
    requests: Latest,
}

/// What changes the glance.
#[derive(Debug, Clone)]
pub enum GlanceAction {
    /// Show "Policies at a glance" (a new round of requests), or go back to the tasks.
    Show(bool),
    /// A policy's line arrived.
    Loaded {
        /// The round.
        id: RequestId,
        /// The policy.
        policy_id: String,
        /// Its latest task and counts, or why there are none.
        result: Result<GlanceRow, Error>,
    },
}

impl GlanceState {
    /// Whether the glance is shown (asked for; see [`super::State::shown_glance`] for whether
    /// it replaces the tasks yet).
    pub fn is_open(&self) -> bool {
        self.round.is_some()
    }

    /// Starts a round, every line loading.
    pub fn new_round(&mut self) {
        self.round = Some(Glance::new(self.requests.issue()));
    }

    /// Goes back to the tasks.
    pub fn close(&mut self) {
        self.round = None;
    }

    /// The round the hook must run: while the glance is shown, through a connection, for the
    /// project's policies once they are in.
    pub fn request(
        &self,
        connection: Option<&Connection>,
        project_id: &str,
        policies: Option<&Rc<Vec<Policy>>>,
    ) -> Option<GlanceRequest> {
        let round = self.round.as_ref()?;
        let connection = connection?.clone();
        let list = policies?;
        if project_id.is_empty() {
            return None;
        }
        Some(GlanceRequest {
            id: round.id,
            connection,
            project_id: project_id.to_owned(),
            policy_ids: list.iter().map(|policy| policy.id.clone()).collect(),
        })
    }

    /// Applies `action`; `false` when it changes nothing.
    pub fn reduce(&mut self, action: GlanceAction) -> bool {
        match action {
            GlanceAction::Show(open) => {
                if self.is_open() == open {
                    return false;
                }
                if open {
                    self.new_round();
                } else {
                    self.close();
                }
                true
            }
            GlanceAction::Loaded {
                id,
                policy_id,
                result,
            } => {
                if !self.requests.accepts(id) || result.as_ref().is_err_and(Error::is_aborted) {
                    return false;
                }
                match &mut self.round {
                    Some(round) => {
                        round.set_row(policy_id, result);
                        true
                    }
                    None => false,
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
