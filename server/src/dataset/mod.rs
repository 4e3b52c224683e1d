//! The emulator's seeded data: a project with policies of very different sizes and their tasks.
//!
//! Every task is *planned* over its whole life (created, started, finished), so the emulator can show
//! it as it stands at any instant: in live mode the clock moves and tasks start, finish and appear;
//! with `--no-live` the clock stands still at the anchor and answers never change.

use std::collections::HashSet;

use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use time::{OffsetDateTime, UtcOffset};
use vbs_tasks::{Policy, Task, TaskStatus, Timestamp};

use generator::Generator;
use plans::plans;

pub mod cbr;
mod generator;
mod plans;
#[cfg(test)]
mod tests;

/// The project ID the emulator serves unless `--project-id` says otherwise.
pub const DEFAULT_PROJECT_ID: &str = "0605767e9a80d5f52f8cc00f94d4e2fb";

/// The instant `--no-live` freezes the clock at, so that tests see the same data on every run.
pub fn frozen_anchor() -> OffsetDateTime {
    time::macros::datetime!(2026-11-20 08:00:00 UTC)
}

/// One project's worth of data.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// The policies, in the order the list-policies call returns them.
    pub policies: Vec<PolicyData>,
    /// The CBR side: vaults, CBR policies and operation logs (see [`cbr`]).
    pub cbr: cbr::CbrDataset,
}

/// A policy and every task it will ever have.
#[derive(Debug, Clone)]
pub struct PolicyData {
    /// The policy as the list-policies call returns it.
    pub policy: Policy,
    /// Its tasks sorted by `(created_at, job_id)` ascending, including tasks planned after the
    /// anchor (visible in live mode only once their `created_at` has passed).
    pub tasks: Vec<PlannedTask>,
}

/// A task over its whole life.
#[derive(Debug, Clone)]
pub struct PlannedTask {
    /// The task as it ends: final status (never RUNNING or WAITING unless it never ends),
    /// `finished_at` set, and `code`/`message` for failures.
    pub end: Task,
    /// When it leaves WAITING for RUNNING (between `created_at` and `finished_at`).
    pub started_at: Timestamp,
}

impl PlannedTask {
    /// Whether the task exists yet at `now`.
    pub fn is_visible_at(&self, now: Timestamp) -> bool {
        self.end.created_at <= now
    }

    /// The status the task has at `now` (assumes it is visible).
    pub fn status_at(&self, now: Timestamp) -> TaskStatus {
        match self.end.finished_at {
            Some(finished) if finished <= now => self.end.status.clone(),
            _ if self.started_at <= now => TaskStatus::Running,
            _ => TaskStatus::Waiting,
        }
    }

    /// The task as the API shows it at `now`: no end time, code or message before it ends.
    pub fn at(&self, now: Timestamp) -> Task {
        let status = self.status_at(now);
        if status.is_active() {
            let mut task = self.end.clone();
            task.status = status;
            task.finished_at = None;
            task.code = None;
            task.message = None;
            task
        } else {
            self.end.clone()
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------------

/// The six policies [`generate`] creates, in list order.
pub const POLICY_NAMES: [&str; 6] = [
    "daily-volumes",
    "weekly-database",
    "nightly-small",
    "empty-policy",
    "每日备份-中文",
    "<img src=x onerror=alert(1)>",
];

/// Tasks of `daily-volumes` visible at the anchor.
pub const DAILY_VOLUMES_VISIBLE: usize = 10_317;
/// Tasks of `weekly-database` visible at the anchor.
pub const WEEKLY_DATABASE_VISIBLE: usize = 350;
/// Tasks of `nightly-small` visible at the anchor.
pub const NIGHTLY_SMALL_VISIBLE: usize = 5;
/// Tasks of the Chinese-named policy visible at the anchor.
pub const CHINESE_VISIBLE: usize = 40;
/// Tasks of the markup-named policy visible at the anchor.
pub const MARKUP_VISIBLE: usize = 12;

/// How far past the anchor tasks are planned (they appear in live mode as the clock passes).
pub const FUTURE_DAYS: i64 = 7;

/// Builds the emulator's project: the six [`POLICY_NAMES`] and their tasks, all relative to `anchor`
/// (the dataset's "now"). The same `seed` and `anchor` always give the same dataset.
///
/// At the anchor, `daily-volumes` has exactly [`DAILY_VOLUMES_VISIBLE`] tasks (every status among
/// them, including at least two RUNNING and two WAITING from the run that started minutes before),
/// `nightly-small` has [`NIGHTLY_SMALL_VISIBLE`] with exactly one RUNNING that ends 3 to 10 minutes
/// after the anchor, and `empty-policy` none. Every policy with tasks also has tasks planned on its
/// schedule for the [`FUTURE_DAYS`] after the anchor, invisible until their creation time passes.
pub fn generate(seed: u64, anchor: OffsetDateTime) -> Dataset {
    let anchor = anchor.to_offset(UtcOffset::UTC);
    let mut root = ChaCha8Rng::seed_from_u64(seed);
    let mut job_ids = HashSet::new();
    let policies = plans(anchor)
        .iter()
        .map(|plan| Generator::new(root.next_u64(), &mut job_ids, anchor).policy(plan))
        .collect::<Vec<_>>();
    let cbr = cbr::generate(seed, anchor, &policies);
    Dataset { policies, cbr }
}
