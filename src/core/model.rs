//! The response model: what `GET …/backuptasks` and `GET …/backuppolicy` return.
//!
//! Decoding is strict where a wrong value would mislead (a task with no id, status or creation time,
//! a negative `count`) and tolerant where the service is known to vary (a status this client does not
//! know is kept as-is; optional text fields may be missing or `null`).
//!
//! `from_json` reads a body with the readers of `core::read`. The derived `Deserialize` impls stay
//! for Rust callers who decode with serde, and they are the reference the readers are held to
//! (`fuzz/checks.rs`): the same value, or both refuse the body.

use std::fmt::{self, Write as _};
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::error::Error;
use super::json_path;
use super::read::{policies, tasks};
use super::time::Timestamp;

/// The state of one backup task.
///
/// The six documented values have variants; anything else the service sends is kept in
/// [`TaskStatus::Unknown`] so that a newer service never breaks an older client.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum TaskStatus {
    /// `RUNNING`: the backup is being taken.
    Running,
    /// `EXECUTE_TIMEOUT`: the backup did not finish in time.
    ExecuteTimeout,
    /// `WAITING`: queued behind other work.
    Waiting,
    /// `EXECUTE_FAIL`: the backup failed; `code` and `message` say why.
    ExecuteFail,
    /// `EXECUTE_SUCCESS`: the backup was taken.
    ExecuteSuccess,
    /// `SKIP`: the scheduler skipped this run.
    Skip,
    /// A value this client does not know, exactly as the service sent it.
    Unknown(String),
}

impl TaskStatus {
    /// The six documented statuses, in the order the API reference lists them.
    pub const KNOWN: [TaskStatus; 6] = [
        TaskStatus::Running,
        TaskStatus::ExecuteTimeout,
        TaskStatus::Waiting,
        TaskStatus::ExecuteFail,
        TaskStatus::ExecuteSuccess,
        TaskStatus::Skip,
    ];

    /// The wire value (`"EXECUTE_FAIL"`), or the unknown value as it was received.
    pub fn as_str(&self) -> &str {
        match self {
            TaskStatus::Running => "RUNNING",
            TaskStatus::ExecuteTimeout => "EXECUTE_TIMEOUT",
            TaskStatus::Waiting => "WAITING",
            TaskStatus::ExecuteFail => "EXECUTE_FAIL",
            TaskStatus::ExecuteSuccess => "EXECUTE_SUCCESS",
            TaskStatus::Skip => "SKIP",
            TaskStatus::Unknown(value) => value,
        }
    }

    /// Reads a wire value; unknown values are kept, never refused.
    pub fn from_wire(value: &str) -> Self {
        match value {
            "RUNNING" => TaskStatus::Running,
            "EXECUTE_TIMEOUT" => TaskStatus::ExecuteTimeout,
            "WAITING" => TaskStatus::Waiting,
            "EXECUTE_FAIL" => TaskStatus::ExecuteFail,
            "EXECUTE_SUCCESS" => TaskStatus::ExecuteSuccess,
            "SKIP" => TaskStatus::Skip,
            _ => TaskStatus::Unknown(value.to_owned()),
        }
    }

    /// Whether this is one of the six documented values.
    pub fn is_known(&self) -> bool {
        !matches!(self, TaskStatus::Unknown(_))
    }

    /// The task is still going (running or queued), so its view should refresh.
    pub fn is_active(&self) -> bool {
        matches!(self, TaskStatus::Running | TaskStatus::Waiting)
    }

    /// The task ended badly (failed or timed out).
    pub fn is_failure(&self) -> bool {
        matches!(self, TaskStatus::ExecuteFail | TaskStatus::ExecuteTimeout)
    }
}

impl fmt::Display for TaskStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Strict parse for *queries*: filtering by a status the API does not document is refused.
impl FromStr for TaskStatus {
    type Err = Error;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match TaskStatus::from_wire(value) {
            TaskStatus::Unknown(_) => Err(Error::invalid_input(
                "status",
                format!(
                    "{} is not a task status; expected one of RUNNING, EXECUTE_TIMEOUT, WAITING, EXECUTE_FAIL, EXECUTE_SUCCESS, SKIP",
                    Quoted(&excerpt(value, 40))
                ),
            )),
            known => Ok(known),
        }
    }
}

impl Serialize for TaskStatus {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for TaskStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Ok(TaskStatus::from_wire(&value))
    }
}

/// One backup task of a policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Task {
    /// The backup task ID (also what a `marker` names).
    pub job_id: String,
    /// Where the task stands.
    pub status: TaskStatus,
    /// When the task was created (UTC).
    pub created_at: Timestamp,
    /// When the task ended (UTC); `None` while it runs or waits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<Timestamp>,
    /// The backup's name, e.g. `autobk_a61d`; empty when the service leaves it out.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub backup_name: String,
    /// The backed-up resource's ID; empty when the service leaves it out.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub resource_id: String,
    /// The backed-up resource's type, e.g. `volume`; empty when the service leaves it out.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub resource_type: String,
    /// The VBS-side backup job ID, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vbs_job_id: Option<String>,
    /// Why the task failed, when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The error code of a failure, e.g. `VolumeBackup.0900`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

impl Task {
    /// A task with the three fields every task has; the rest empty. For servers, fixtures and tests.
    pub fn new(job_id: impl Into<String>, status: TaskStatus, created_at: Timestamp) -> Self {
        Task {
            job_id: job_id.into(),
            status,
            created_at,
            finished_at: None,
            backup_name: String::new(),
            resource_id: String::new(),
            resource_type: String::new(),
            vbs_job_id: None,
            message: None,
            code: None,
        }
    }

    /// How long the task ran, when it has finished (never negative).
    pub fn duration(&self) -> Option<time::Duration> {
        self.finished_at.map(|end| {
            (end.as_offset_date_time() - self.created_at.as_offset_date_time())
                .max(time::Duration::ZERO)
        })
    }
}

/// One page of tasks, and how many tasks match the filter in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TaskPage {
    /// The number of tasks that match the filter, over all pages.
    pub count: u64,
    /// The tasks of this page, in the requested order.
    pub tasks: Vec<Task>,
}

impl TaskPage {
    /// A page; for servers, fixtures and tests.
    pub fn new(count: u64, tasks: Vec<Task>) -> Self {
        TaskPage { count, tasks }
    }

    /// Decodes a 200 response body. A wrong field is a decode error naming it (`tasks[3].created_at`).
    pub fn from_json(body: &[u8]) -> Result<Self, Error> {
        tasks::read_page(utf8(body)?)
    }
}

/// The schedule of a backup policy (`scheduled_policy`); the API's own misspellings stay on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Schedule {
    /// Time of day the backups start, e.g. `12:00` (UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    /// Every how many days the policy runs, when it runs by day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency: Option<u32>,
    /// The weekdays it runs on (`MON` … `SUN`), when it runs by week.
    #[serde(
        default,
        deserialize_with = "null_as_empty",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub week_frequency: Vec<String>,
    /// How many backups are kept (`rentention_num` on the wire).
    #[serde(
        rename = "rentention_num",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub retention_num: Option<u32>,
    /// How many days backups are kept (`rentention_day` on the wire).
    #[serde(
        rename = "rentention_day",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub retention_day: Option<u32>,
    /// `Y` or `N`: whether the month's first backup is kept beyond retention.
    #[serde(
        rename = "remain_first_backup_of_curMonth",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub remain_first_backup_of_cur_month: Option<String>,
    /// `ON` or `OFF`.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub status: String,
}

impl Schedule {
    /// Whether the schedule is switched on.
    pub fn is_on(&self) -> bool {
        self.status.eq_ignore_ascii_case("ON")
    }
}

/// A backup policy, as `GET /v2/{project_id}/backuppolicy` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Policy {
    /// The policy ID (`backup_policy_id`).
    #[serde(rename = "backup_policy_id")]
    pub id: String,
    /// The policy name (`backup_policy_name`).
    #[serde(
        rename = "backup_policy_name",
        default,
        deserialize_with = "null_as_empty"
    )]
    pub name: String,
    /// How many resources the policy covers (`policy_resource_count`).
    #[serde(rename = "policy_resource_count", default)]
    pub resource_count: u64,
    /// When it runs (`scheduled_policy`).
    #[serde(
        rename = "scheduled_policy",
        default,
        deserialize_with = "null_as_empty"
    )]
    pub schedule: Schedule,
}

impl Policy {
    /// A policy; for servers, fixtures and tests.
    pub fn new(
        id: impl Into<String>,
        name: impl Into<String>,
        resource_count: u64,
        schedule: Schedule,
    ) -> Self {
        Policy {
            id: id.into(),
            name: name.into(),
            resource_count,
            schedule,
        }
    }
}

impl Schedule {
    /// A schedule; for servers, fixtures and tests.
    pub fn new(status: impl Into<String>) -> Self {
        Schedule {
            status: status.into(),
            ..Schedule::default()
        }
    }

    /// The same schedule, starting at `start_time`, every `frequency` days.
    pub fn daily(mut self, start_time: impl Into<String>, frequency: u32) -> Self {
        self.start_time = Some(start_time.into());
        self.frequency = Some(frequency);
        self
    }

    /// The same schedule, keeping `num` backups.
    pub fn keeping(mut self, num: u32) -> Self {
        self.retention_num = Some(num);
        self
    }
}

/// The body of `GET /v2/{project_id}/backuppolicy`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PolicyList {
    /// The project's policies.
    pub backup_policies: Vec<Policy>,
}

impl PolicyList {
    /// A list; for servers, fixtures and tests.
    pub fn new(backup_policies: Vec<Policy>) -> Self {
        PolicyList { backup_policies }
    }

    /// Decodes a 200 response body of the list-policies call.
    pub fn from_json(body: &[u8]) -> Result<Self, Error> {
        policies::read_policies(utf8(body)?)
    }
}

/// The body as text, checked once (the readers of `core::read` work on text, and borrow their
/// strings from it). Not UTF-8 is a decode error naming the field where it breaks.
pub(crate) fn utf8(body: &[u8]) -> Result<&str, Error> {
    std::str::from_utf8(body).map_err(|err| {
        let valid = std::str::from_utf8(&body[..err.valid_up_to()]).unwrap_or_default();
        Error::decode(
            json_path::path_at(valid, valid.len()),
            format!("the body is not UTF-8 (byte {})", err.valid_up_to()),
        )
    })
}

fn null_as_empty<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// An outside value in double quotes, for error messages: `"`, `\` and control characters
/// escaped as `{:?}` escapes them, everything else (CJK, accents) as it is. Written by hand
/// because `str`'s `Debug` ships Unicode printability tables in every wasm build that formats a
/// value with it.
pub(crate) struct Quoted<'a>(pub &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('"')?;
        for c in self.0.chars() {
            match c {
                '"' => f.write_str("\\\"")?,
                '\\' => f.write_str("\\\\")?,
                '\n' => f.write_str("\\n")?,
                '\r' => f.write_str("\\r")?,
                '\t' => f.write_str("\\t")?,
                '\0' => f.write_str("\\0")?,
                c if c.is_control() => write!(f, "\\u{{{:x}}}", u32::from(c))?,
                c => f.write_char(c)?,
            }
        }
        f.write_char('"')
    }
}

/// At most `max` characters of an outside value, for error messages.
pub(crate) fn excerpt(value: &str, max: usize) -> String {
    let mut out: String = value.chars().take(max).collect();
    if value.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests;
