//! The emulated API: answers the two GETs from the seeded dataset with the contract's semantics.
//!
//! The query is read by the core's `TaskQuery` (the same rules the clients validate with), and the
//! answer is the core's `TaskPage`: nothing about the wire is defined here a second time.

use std::collections::HashMap;

use time::OffsetDateTime;
use vbs_tasks::core::query::MAX_LIMIT;
use vbs_tasks::{PolicyList, SortDir, Task, TaskPage, TaskQuery, TaskStatus, Timestamp};

use crate::api_error::ApiError;
use crate::dataset::{Dataset, PlannedTask, PolicyData};

/// The emulator's data and clock.
#[derive(Debug)]
pub struct Emulator {
    project_id: String,
    dataset: Dataset,
    by_policy: HashMap<String, usize>,
    /// job_id → (policy_id, position in that policy's task list), for markers.
    job_index: HashMap<String, (String, usize)>,
    /// Per policy (same order as the dataset): what filtered pages are served from.
    indexes: Vec<PolicyIndex>,
    clock: Clock,
}

/// A policy's tasks by final status, so a filtered page is a few binary searches, not a scan.
#[derive(Debug, Default)]
struct PolicyIndex {
    /// Positions (ascending) of the tasks that end with each status.
    by_end_status: HashMap<TaskStatus, Vec<usize>>,
    /// Positions of tasks that never end: they are in flight at any instant.
    never_ending: Vec<usize>,
    /// The longest created → finished span in the policy: a task created longer ago than this
    /// before `now` has ended, so only the tasks after that point can be in flight.
    longest_life: time::Duration,
}

impl PolicyIndex {
    fn new(data: &PolicyData) -> Self {
        let mut index = PolicyIndex::default();
        for (position, planned) in data.tasks.iter().enumerate() {
            match planned.end.finished_at {
                Some(finished) => {
                    let life = finished.as_offset_date_time()
                        - planned.end.created_at.as_offset_date_time();
                    index.longest_life = index.longest_life.max(life);
                    index
                        .by_end_status
                        .entry(planned.end.status.clone())
                        .or_default()
                        .push(position);
                }
                None => index.never_ending.push(position),
            }
        }
        index
    }
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
        let indexes = dataset.policies.iter().map(PolicyIndex::new).collect();
        Emulator {
            project_id,
            dataset,
            by_policy,
            job_index,
            indexes,
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

    /// The emulated service's "now".
    pub fn now(&self) -> Timestamp {
        self.clock.now()
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
        let position = self.policy_position(project_id, policy_id)?;
        Ok(&self.dataset.policies[position])
    }

    /// Where the policy stands in the dataset (and in `indexes`), when the project and policy exist.
    fn policy_position(&self, project_id: &str, policy_id: &str) -> Result<usize, ApiError> {
        self.check_project(project_id)?;
        self.by_policy
            .get(policy_id)
            .copied()
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
        let position = self.policy_position(project_id, policy_id)?;
        let (data, index) = (&self.dataset.policies[position], &self.indexes[position]);
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
        let candidates = self.candidates(policy_id, index, visible, &query, now);
        Ok(page(visible, &candidates, &query, marker_at, now))
    }

    /// The positions (ascending) of the visible tasks that match the query's filters.
    fn candidates(
        &self,
        policy_id: &str,
        index: &PolicyIndex,
        visible: &[PlannedTask],
        query: &TaskQuery,
        now: Timestamp,
    ) -> Candidates {
        let matches_status = |position: usize| {
            query
                .get_status()
                .is_none_or(|status| visible[position].status_at(now) == *status)
        };
        if let Some(job_id) = query.get_job_id() {
            let found = self
                .job_index
                .get(job_id)
                .filter(|(policy, position)| policy == policy_id && *position < visible.len())
                .map(|(_, position)| *position)
                .filter(|&position| matches_status(position));
            return Candidates::Listed(found.into_iter().collect());
        }
        let Some(status) = query.get_status() else {
            return Candidates::All(visible.len());
        };
        // Tasks created before `settled` have ended by `now`; only later ones can be in flight.
        let settled = Timestamp::from(now.as_offset_date_time() - index.longest_life);
        let in_flight_from = visible.partition_point(|planned| planned.end.created_at < settled);
        let mut positions: Vec<usize> = if status.is_active() {
            (in_flight_from..visible.len())
                .chain(
                    index
                        .never_ending
                        .iter()
                        .copied()
                        .filter(|&p| p < in_flight_from),
                )
                .filter(|&p| matches_status(p))
                .collect()
        } else {
            let ending = index
                .by_end_status
                .get(status)
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            let settled_end = ending.partition_point(|&p| p < in_flight_from);
            let visible_end = ending.partition_point(|&p| p < visible.len());
            ending[..settled_end]
                .iter()
                .copied()
                .chain(
                    ending[settled_end..visible_end]
                        .iter()
                        .copied()
                        .filter(|&p| matches_status(p)),
                )
                .collect()
        };
        positions.sort_unstable();
        Candidates::Listed(positions)
    }
}

/// The visible tasks a query can show, as ascending positions.
enum Candidates {
    /// Every visible task: positions `0..n`.
    All(usize),
    /// These positions.
    Listed(Vec<usize>),
}

impl Candidates {
    fn len(&self) -> usize {
        match self {
            Candidates::All(n) => *n,
            Candidates::Listed(list) => list.len(),
        }
    }

    /// The `i`-th position, ascending.
    fn get(&self, i: usize) -> usize {
        match self {
            Candidates::All(_) => i,
            Candidates::Listed(list) => list[i],
        }
    }

    /// How many candidates come before `position`.
    fn before(&self, position: usize) -> usize {
        match self {
            Candidates::All(n) => position.min(*n),
            Candidates::Listed(list) => list.partition_point(|&p| p < position),
        }
    }
}

/// One page of the `candidates` among `tasks` (the visible ones, ascending) as they stand at `now`;
/// `marker_at` is the marker task's position: the page starts with the task after it in the
/// requested order. Work is proportional to the page, not to the policy.
fn page(
    tasks: &[PlannedTask],
    candidates: &Candidates,
    query: &TaskQuery,
    marker_at: Option<usize>,
    now: Timestamp,
) -> TaskPage {
    let count = candidates.len();
    let offset = usize::try_from(query.get_offset()).unwrap_or(usize::MAX);
    let limit = query.get_limit() as usize;
    // The candidate indices the page may draw from, after the marker in the requested order.
    let indices: Box<dyn Iterator<Item = usize>> = match query.get_sort_dir() {
        SortDir::Asc => {
            let start = marker_at.map_or(0, |at| candidates.before(at + 1));
            Box::new((start..count).skip(offset))
        }
        _ => {
            let end = marker_at.map_or(count, |at| candidates.before(at));
            Box::new((0..end).rev().skip(offset))
        }
    };
    let page: Vec<Task> = indices
        .take(limit)
        .map(|i| tasks[candidates.get(i)].at(now))
        .collect();
    TaskPage::new(count as u64, page)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset;

    /// The plain scan the indexes replace: the reference for what a page must be.
    fn scan_page(
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
        let count = (0..tasks.len()).filter(matches).count();
        let ordered: Box<dyn Iterator<Item = usize>> = match (query.get_sort_dir(), marker_at) {
            (SortDir::Asc, None) => Box::new(0..tasks.len()),
            (SortDir::Asc, Some(at)) => Box::new(at + 1..tasks.len()),
            (_, None) => Box::new((0..tasks.len()).rev()),
            (_, Some(at)) => Box::new((0..at).rev()),
        };
        let page = ordered
            .filter(matches)
            .skip(query.get_offset() as usize)
            .take(query.get_limit() as usize)
            .map(|index| tasks[index].at(now))
            .collect();
        TaskPage::new(count as u64, page)
    }

    #[test]
    fn indexed_pages_equal_the_plain_scan_at_any_instant() {
        let anchor = dataset::frozen_anchor();
        let data = dataset::generate(42, anchor);
        // Instants around the anchor, where tasks start, finish and appear (as in live mode).
        let instants = [-600, -30, 0, 7, 45, 300, 1_440, 6_000]
            .map(|minutes| anchor + time::Duration::minutes(minutes));
        for at in instants {
            let emulator = Emulator::new("p".into(), data.clone(), Clock::Frozen(at));
            let now = emulator.clock.now();
            for (policy_number, policy) in data.policies.iter().enumerate() {
                let visible =
                    &policy.tasks[..policy.tasks.partition_point(|t| t.is_visible_at(now))];
                let some_job = visible.get(visible.len() / 3).map(|t| t.end.job_id.clone());
                let mut queries: Vec<String> =
                    vec!["".into(), "sort_dir=asc&limit=7&offset=3".into()];
                for status in TaskStatus::KNOWN {
                    queries.push(format!("status={status}&limit=50"));
                    queries.push(format!("status={status}&sort_dir=asc&limit=13&offset=2"));
                    if let Some(job) = &some_job {
                        queries.push(format!("status={status}&marker={job}&limit=9"));
                        queries.push(format!("status={status}&sort_dir=asc&marker={job}&limit=9"));
                    }
                }
                if let Some(job) = &some_job {
                    queries.push(format!("job_id={job}"));
                    queries.push(format!("marker={job}&limit=11"));
                    queries.push(format!("sort_dir=asc&marker={job}&limit=11"));
                }
                for raw in &queries {
                    let query = TaskQuery::from_query_str(raw).unwrap();
                    let marker_at = query
                        .get_marker()
                        .map(|m| visible.iter().position(|t| t.end.job_id == m).unwrap());
                    let index = &emulator.indexes[policy_number];
                    let candidates =
                        emulator.candidates(&policy.policy.id, index, visible, &query, now);
                    assert_eq!(
                        page(visible, &candidates, &query, marker_at, now),
                        scan_page(visible, &query, marker_at, now),
                        "{} at {at}: {raw}",
                        policy.policy.name
                    );
                }
            }
        }
    }
}
