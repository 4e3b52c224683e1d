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
fn utf8(body: &[u8]) -> Result<&str, Error> {
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
mod tests {
    use super::*;
    use crate::core::error::ErrorKind;

    #[test]
    fn quoted_values_read_as_debug_quotes_them() {
        for value in [
            "",
            "RUNNING",
            "say \"hi\" \\ bye",
            "tab\tline\nreturn\r nul\0",
            "escape \u{1b}[31m, delete \u{7f}, next line \u{85}",
            "备份策略 café 🙂 …",
        ] {
            assert_eq!(Quoted(value).to_string(), format!("{value:?}"));
        }
    }

    const SPEC_SAMPLE: &str = r#"{
      "tasks": [
        {"status": "RUNNING", "job_id": "0781095c-b8ab-4ce5-99f3-4c5f6ff75319",
         "created_at": "2016-12-03T06:24:34.467", "backup_name": "autobk_a61d",
         "resource_id": "f47a4ab5-11f5-4509-97f5-80ce0dd74e37", "resource_type": "volume"},
        {"status": "EXECUTE_SUCCESS", "job_id": "c11b5a18-4559-4731-b7b3-58e2bd89cdb9",
         "created_at": "2016-12-02T09:06:46.706", "finished_at": "2016-12-02T13:00:00.121",
         "backup_name": "autobk_e6d2", "resource_id": "f47a4ab5-11f5-4509-97f5-80ce0dd74e37",
         "resource_type": "volume"}
      ],
      "count": 2
    }"#;

    #[test]
    fn decodes_the_spec_sample() {
        let page = TaskPage::from_json(SPEC_SAMPLE.as_bytes()).unwrap();
        assert_eq!(page.count, 2);
        assert_eq!(page.tasks.len(), 2);
        let running = &page.tasks[0];
        assert_eq!(running.status, TaskStatus::Running);
        assert_eq!(running.job_id, "0781095c-b8ab-4ce5-99f3-4c5f6ff75319");
        assert_eq!(running.finished_at, None);
        assert_eq!(running.duration(), None);
        assert_eq!(running.backup_name, "autobk_a61d");
        assert_eq!(running.resource_type, "volume");
        let done = &page.tasks[1];
        assert_eq!(done.status, TaskStatus::ExecuteSuccess);
        assert_eq!(
            done.finished_at.unwrap().to_api_string(),
            "2016-12-02T13:00:00.121"
        );
        assert_eq!(done.duration().unwrap().whole_milliseconds(), 13_993_415);
    }

    #[test]
    fn keeps_an_unknown_status_as_sent() {
        let body = r#"{"count":1,"tasks":[{"status":"EXECUTE_PARTIAL","job_id":"j","created_at":"2020-01-01T00:00:00"}]}"#;
        let page = TaskPage::from_json(body.as_bytes()).unwrap();
        assert_eq!(
            page.tasks[0].status,
            TaskStatus::Unknown("EXECUTE_PARTIAL".into())
        );
        assert_eq!(page.tasks[0].status.as_str(), "EXECUTE_PARTIAL");
        assert!(!page.tasks[0].status.is_known());
    }

    #[test]
    fn every_known_status_round_trips_its_wire_value() {
        for status in TaskStatus::KNOWN {
            assert_eq!(TaskStatus::from_wire(status.as_str()), status);
            assert_eq!(status.as_str().parse::<TaskStatus>().unwrap(), status);
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(serde_json::from_str::<TaskStatus>(&json).unwrap(), status);
        }
        assert!("running".parse::<TaskStatus>().is_err());
        assert_eq!(
            "BOGUS".parse::<TaskStatus>().unwrap_err().kind(),
            ErrorKind::InvalidInput
        );
    }

    #[test]
    fn optional_fields_may_be_missing_or_null() {
        let body = r#"{"count":1,"tasks":[{"status":"EXECUTE_FAIL","job_id":"j","created_at":"2020-01-01T00:00:00",
            "finished_at":null,"backup_name":null,"resource_id":null,"vbs_job_id":null,"message":null,"code":null}]}"#;
        let task = &TaskPage::from_json(body.as_bytes()).unwrap().tasks[0];
        assert_eq!(task.finished_at, None);
        assert_eq!(task.backup_name, "");
        assert_eq!(task.resource_id, "");
        assert_eq!(task.resource_type, "");
        assert_eq!(task.vbs_job_id, None);
        assert_eq!(task.message, None);
    }

    #[test]
    fn failure_fields_are_read() {
        let body = r#"{"count":1,"tasks":[{"status":"EXECUTE_FAIL","job_id":"j","created_at":"2020-01-01T00:00:00",
            "finished_at":"2020-01-01T00:05:00.5","vbs_job_id":"v1","message":"backup failed","code":"VolumeBackup.0900"}]}"#;
        let task = &TaskPage::from_json(body.as_bytes()).unwrap().tasks[0];
        assert!(task.status.is_failure());
        assert_eq!(task.code.as_deref(), Some("VolumeBackup.0900"));
        assert_eq!(task.message.as_deref(), Some("backup failed"));
        assert_eq!(task.vbs_job_id.as_deref(), Some("v1"));
    }

    fn decode_error(body: &str) -> Error {
        let err = TaskPage::from_json(body.as_bytes()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Decode, "{err}");
        err
    }

    #[test]
    fn a_bad_timestamp_is_a_decode_error_naming_the_field() {
        let err = decode_error(
            r#"{"count":2,"tasks":[{"status":"SKIP","job_id":"a","created_at":"2020-01-01T00:00:00"},
            {"status":"SKIP","job_id":"b","created_at":"2020-01-01T00:00:00","finished_at":"yesterday"}]}"#,
        );
        assert_eq!(err.field(), Some("tasks[1].finished_at"));
        assert!(err.to_string().contains("tasks[1].finished_at"), "{err}");
        assert!(err.to_string().contains("\"yesterday\""), "{err}");
    }

    #[test]
    fn required_fields_and_types_are_checked() {
        assert!(decode_error(r#"{"count":1}"#).to_string().contains("tasks"));
        assert!(decode_error(r#"{"tasks":[]}"#)
            .to_string()
            .contains("count"));
        assert_eq!(
            decode_error(r#"{"count":-1,"tasks":[]}"#).field(),
            Some("count")
        );
        assert_eq!(
            decode_error(r#"{"count":"2","tasks":[]}"#).field(),
            Some("count")
        );
        assert_eq!(
            decode_error(r#"{"count":1e40,"tasks":[]}"#).field(),
            Some("count")
        );
        assert_eq!(
            decode_error(
                r#"{"count":1,"tasks":[{"status":"SKIP","created_at":"2020-01-01T00:00:00"}]}"#
            )
            .field(),
            Some("tasks[0]")
        );
        assert_eq!(
            decode_error(r#"{"count":1,"tasks":[{"status":null,"job_id":"a","created_at":"2020-01-01T00:00:00"}]}"#)
                .field(),
            Some("tasks[0].status")
        );
        assert_eq!(
            decode_error(r#"{"count":1,"tasks":null}"#).field(),
            Some("tasks")
        );
        assert_eq!(
            decode_error(r#"{"count":1,"tasks":[7]}"#).field(),
            Some("tasks[0]")
        );
    }

    #[test]
    fn a_body_that_is_not_utf8_names_where_it_breaks() {
        let mut body = br#"{"count":1,"tasks":[{"job_id":"ab"#.to_vec();
        body.extend_from_slice(b"\xff\"}]}");
        let err = TaskPage::from_json(&body).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Decode, "{err}");
        assert_eq!(err.field(), Some("tasks[0].job_id"));
        assert!(err.to_string().contains("not UTF-8"), "{err}");
    }

    #[test]
    fn malformed_json_is_a_decode_error() {
        for body in [
            "",
            "{",
            "<html><body>502 Bad Gateway</body></html>",
            "null",
            "[]",
            r#"{"count":1,"tasks":[]} trailing"#,
        ] {
            decode_error(body);
        }
    }

    #[test]
    fn invalid_utf8_is_a_decode_error() {
        let err =
            TaskPage::from_json(b"{\"count\":1,\"tasks\":[{\"job_id\":\"\xff\"}]}").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Decode);
    }

    #[test]
    fn decodes_the_policy_list_with_the_api_spellings() {
        let body = r#"{"backup_policies":[{"backup_policy_id":"p1","backup_policy_name":"daily",
            "policy_resource_count":3,"scheduled_policy":{"start_time":"12:00","frequency":1,
            "rentention_num":7,"rentention_day":null,"remain_first_backup_of_curMonth":"Y","status":"ON"}},
            {"backup_policy_id":"p2","backup_policy_name":"weekly","policy_resource_count":0,
            "scheduled_policy":{"start_time":"02:00","week_frequency":["MON","THU"],"status":"OFF"}}]}"#;
        let list = PolicyList::from_json(body.as_bytes()).unwrap();
        let p1 = &list.backup_policies[0];
        assert_eq!(
            (p1.id.as_str(), p1.name.as_str(), p1.resource_count),
            ("p1", "daily", 3)
        );
        assert_eq!(p1.schedule.retention_num, Some(7));
        assert_eq!(p1.schedule.retention_day, None);
        assert_eq!(
            p1.schedule.remain_first_backup_of_cur_month.as_deref(),
            Some("Y")
        );
        assert!(p1.schedule.is_on());
        let p2 = &list.backup_policies[1];
        assert_eq!(p2.schedule.week_frequency, ["MON", "THU"]);
        assert!(!p2.schedule.is_on());
        let again = serde_json::to_string(&list).unwrap();
        assert!(again.contains("\"rentention_num\":7"));
        assert_eq!(PolicyList::from_json(again.as_bytes()).unwrap(), list);
    }

    #[test]
    fn a_page_round_trips_through_the_wire_form() {
        let page = TaskPage::from_json(SPEC_SAMPLE.as_bytes()).unwrap();
        let json = serde_json::to_vec(&page).unwrap();
        assert!(!String::from_utf8_lossy(&json).contains("finished_at\":null"));
        assert_eq!(TaskPage::from_json(&json).unwrap(), page);
    }
}
