//! What a request of the task view, the overview or the export asks of the API: a VBS policy's
//! page, or CBR tasks. The hooks turn a [`Fetch`] into the client's calls (`hooks/requests.rs`).

use vbs_tasks::core::cbr::OpLogQuery;
use vbs_tasks::core::query::TaskQuery;
use vbs_tasks::core::time::Timestamp;

use crate::route::View;

/// What to ask the API for.
#[derive(Debug, Clone, PartialEq)]
pub enum Fetch {
    /// Tasks of a VBS policy (`GET /v2/{project}/backuppolicy/{policy}/backuptasks`).
    Vbs {
        /// The policy.
        policy_id: String,
        /// The query (filters, order, page size, offset).
        query: TaskQuery,
    },
    /// CBR tasks (`GET /v3/{project}/operation-logs`): one page of `query`, or, with a `Policy`
    /// filter, every task of that policy's vaults that the policy started (contract §8), each
    /// vault read with `query`'s filters, every page of it.
    Cbr {
        /// The query (filters, and the page when the API pages).
        query: OpLogQuery,
        /// The `Policy` filter: read whole, kept here.
        policy_id: Option<String>,
    },
}

impl Fetch {
    /// What `view` shows (its page, or, cut here, its whole filter) with "now" at `now` (a time
    /// range counts back from it); `None` for a VBS view without a policy.
    pub fn of_view(view: &View, now: Timestamp) -> Option<Fetch> {
        if view.is_cbr() {
            return Some(Fetch::Cbr {
                query: view.cbr_query(now),
                policy_id: view.cbr.policy_id.clone(),
            });
        }
        Some(Fetch::Vbs {
            policy_id: view.policy_id.clone()?,
            query: view.task_query(),
        })
    }
}

/// The instant `ms` (since the epoch) as a timestamp; the epoch for what no timestamp can be.
pub fn instant(ms: f64) -> Timestamp {
    Timestamp::from_unix_millis(ms as i64)
        .unwrap_or_else(|| Timestamp::from(time::OffsetDateTime::UNIX_EPOCH))
}

#[cfg(test)]
impl Fetch {
    /// The VBS policy (tests only: a CBR fetch has none).
    pub fn policy_id(&self) -> &str {
        match self {
            Fetch::Vbs { policy_id, .. } => policy_id,
            Fetch::Cbr { .. } => panic!("a CBR fetch"),
        }
    }

    /// The VBS query (tests only).
    pub fn query(&self) -> &TaskQuery {
        match self {
            Fetch::Vbs { query, .. } => query,
            Fetch::Cbr { .. } => panic!("a CBR fetch"),
        }
    }

    /// The CBR query (tests only).
    pub fn cbr_query(&self) -> &OpLogQuery {
        match self {
            Fetch::Cbr { query, .. } => query,
            Fetch::Vbs { .. } => panic!("a VBS fetch"),
        }
    }
}
