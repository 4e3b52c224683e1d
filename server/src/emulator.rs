//! The emulated API: answers the two GETs from the seeded dataset with the contract's semantics.
//!
//! The query is read by the core's `TaskQuery` (the same rules the clients validate with), and the
//! answer is the core's `TaskPage`: nothing about the wire is defined here a second time.

use std::collections::HashMap;

use time::OffsetDateTime;
use vbs_tasks::{PolicyList, SortDir, Task, TaskPage, TaskQuery, Timestamp};

use crate::api_error::ApiError;
use crate::dataset::{Dataset, PlannedTask, PolicyData};

/// The successor service's (and so the emulator's) largest page.
pub const MAX_LIMIT: u32 = 1000;

/// The emulator's data and clock.
#[derive(Debug)]
pub struct Emulator {
    project_id: String,
    dataset: Dataset,
    by_policy: HashMap<String, usize>,
    /// job_id → (policy_id, position in that policy's task list), for markers.
    job_index: HashMap<String, (String, usize)>,
    clock: Clock,
}

/// Where "now" is: frozen at the anchor, or moving with the wall clock.
#[derive(Debug, Clone, Copy)]
pub enum Clock {
    /// Always this instant (`--no-live`).
    Frozen(OffsetDateTime),
    /// The wall clock.
    Live,
}

impl Clock {
    /// The current instant of the emulated service, at millisecond precision like the API.
    pub fn now(&self) -> Timestamp {
        let now = match self {
            Clock::Frozen(at) => *at,
            Clock::Live => OffsetDateTime::now_utc(),
        };
        let millis = (now.unix_timestamp_nanos() / 1_000_000) as i64;
        Timestamp::from_unix_millis(millis).unwrap_or_else(|| Timestamp::from(now))
    }
}

impl Emulator {
    /// An emulator serving `dataset` as project `project_id`.
    pub fn new(project_id: String, dataset: Dataset, clock: Clock) -> Self {
        let by_policy = dataset
            .policies
            .iter()
            .enumerate()
            .map(|(index, data)| (data.policy.id.clone(), index))
            .collect();
        let job_index = dataset
            .policies
            .iter()
            .flat_map(|data| {
                data.tasks.iter().enumerate().map(|(position, planned)| {
                    (
                        planned.end.job_id.clone(),
                        (data.policy.id.clone(), position),
                    )
                })
            })
            .collect();
        Emulator {
            project_id,
            dataset,
            by_policy,
            job_index,
            clock,
        }
    }

    /// The project served.
    pub fn project_id(&self) -> &str {
        &self.project_id
    }

    /// The policies, for the start-up banner and tests.
    pub fn dataset(&self) -> &Dataset {
        &self.dataset
    }

    /// How many of the policy's tasks exist now (what an unfiltered `count` says).
    pub fn visible_count(&self, data: &PolicyData) -> usize {
        let now = self.clock.now();
        data.tasks
            .partition_point(|planned| planned.is_visible_at(now))
    }

    /// The emulated service's "now" while its clock is frozen (`--no-live`); `None` when live.
    pub fn frozen_now(&self) -> Option<Timestamp> {
        matches!(self.clock, Clock::Frozen(_)).then(|| self.clock.now())
    }

    /// Whether the clock moves.
    pub fn is_live(&self) -> bool {
        matches!(self.clock, Clock::Live)
    }

    fn check_project(&self, project_id: &str) -> Result<(), ApiError> {
        if project_id == self.project_id {
            Ok(())
        } else {
            Err(ApiError::unknown_project(project_id))
        }
    }

    /// `GET /v2/{project_id}/backuppolicy`.
    pub fn list_policies(&self, project_id: &str) -> Result<PolicyList, ApiError> {
        self.check_project(project_id)?;
        Ok(PolicyList::new(
            self.dataset
                .policies
                .iter()
                .map(|data| data.policy.clone())
                .collect(),
        ))
    }

    /// The policy's data, when the project and policy exist.
    pub fn policy(&self, project_id: &str, policy_id: &str) -> Result<&PolicyData, ApiError> {
        self.check_project(project_id)?;
        self.by_policy
            .get(policy_id)
            .map(|&index| &self.dataset.policies[index])
            .ok_or_else(|| ApiError::unknown_policy(policy_id))
    }

    /// `GET /v2/{project_id}/backuppolicy/{policy_id}/backuptasks?{raw_query}`.
    ///
    /// `ignore_paging` answers the first page whatever the offset or marker (a fault for tests).
    pub fn list_tasks(
        &self,
        project_id: &str,
        policy_id: &str,
        raw_query: &str,
        ignore_paging: bool,
    ) -> Result<TaskPage, ApiError> {
        let data = self.policy(project_id, policy_id)?;
        let mut query =
            TaskQuery::from_query_str(raw_query).map_err(ApiError::invalid_parameter)?;
        if query.get_limit() > MAX_LIMIT {
            return Err(ApiError::invalid_parameter(format!(
                "limit must be from 1 to {MAX_LIMIT}, got {}",
                query.get_limit()
            )));
        }
        if ignore_paging {
            query = query.first_page();
        }
        let now = self.clock.now();
        // Tasks are sorted by (created_at, job_id): those that exist now are a prefix.
        let visible = &data.tasks[..data
            .tasks
            .partition_point(|planned| planned.is_visible_at(now))];
        let marker_at = match query.get_marker() {
            None => None,
            Some(marker) => Some(
                self.job_index
                    .get(marker)
                    .filter(|(policy, position)| *policy == policy_id && *position < visible.len())
                    .map(|(_, position)| *position)
                    .ok_or_else(|| ApiError::unknown_marker(marker))?,
            ),
        };
        Ok(page(visible, &query, marker_at, now))
    }
}

/// One page of `tasks` (the visible ones, ascending) as they stand at `now`; `marker_at` is the
/// marker task's position: the page starts with the task after it in the requested order.
fn page(
    tasks: &[PlannedTask],
    query: &TaskQuery,
    marker_at: Option<usize>,
    now: Timestamp,
) -> TaskPage {
    let matches = |index: &usize| {
        let planned = &tasks[*index];
        query.get_job_id().is_none_or(|id| planned.end.job_id == id)
            && query
                .get_status()
                .is_none_or(|status| planned.status_at(now) == *status)
    };
    let count = if query.get_job_id().is_none() && query.get_status().is_none() {
        tasks.len()
    } else {
        (0..tasks.len()).filter(matches).count()
    };
    // The positions in the requested order, starting after the marker when there is one.
    let ordered: Box<dyn Iterator<Item = usize>> = match (query.get_sort_dir(), marker_at) {
        (SortDir::Asc, None) => Box::new(0..tasks.len()),
        (SortDir::Asc, Some(at)) => Box::new(at + 1..tasks.len()),
        (_, None) => Box::new((0..tasks.len()).rev()),
        (_, Some(at)) => Box::new((0..at).rev()),
    };
    let page: Vec<Task> = ordered
        .filter(matches)
        .skip(usize::try_from(query.get_offset()).unwrap_or(usize::MAX))
        .take(query.get_limit() as usize)
        .map(|index| tasks[index].at(now))
        .collect();
    TaskPage::new(count as u64, page)
}
