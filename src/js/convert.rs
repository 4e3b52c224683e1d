//! What the façade hands to JavaScript — tasks, pages, policies, the init of a `VbsError`, an
//! iterator's `{ value, done }` — serialized by serde through serde-wasm-bindgen: camelCase keys,
//! `Date`s for times, optional fields left out when absent (not `null`, not `undefined`), an
//! unknown status kept as its string.

pub(crate) mod cbr;
pub(crate) mod vaults;

use serde::{Serialize, Serializer};
use wasm_bindgen::JsValue;

use crate::core::error::Error;
use crate::core::model::{Policy, Schedule, Task, TaskPage};
use crate::core::time::Timestamp;

/// `value` as a JavaScript value.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, Error> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::new())
        // The shapes below hold strings, small numbers and JavaScript values only; should one
        // ever be refused, the call fails with an error instead of handing out half a value.
        .map_err(|error| {
            Error::decode(
                ".",
                format!("the result could not be handed to JavaScript: {error}"),
            )
        })
}

/// A `Date` of the instant (serde-wasm-bindgen hands the object over as it is).
fn date<S: Serializer>(at: &Timestamp, serializer: S) -> Result<S::Ok, S::Error> {
    // f64 holds every millisecond count a `Date` can represent exactly.
    let date = js_sys::Date::new(&JsValue::from_f64(at.unix_millis() as f64));
    serde_wasm_bindgen::preserve::serialize(&date, serializer)
}

fn optional_date<S: Serializer>(at: &Option<Timestamp>, serializer: S) -> Result<S::Ok, S::Error> {
    match at {
        Some(at) => date(at, serializer),
        None => serializer.serialize_none(),
    }
}

/// A task: `{ status, jobId, createdAt, finishedAt?, backupName, resourceId, resourceType,
/// vbsJobId?, message?, code? }`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TaskValue<'a> {
    status: &'a str,
    job_id: &'a str,
    #[serde(serialize_with = "date")]
    created_at: Timestamp,
    #[serde(
        serialize_with = "optional_date",
        skip_serializing_if = "Option::is_none"
    )]
    finished_at: Option<Timestamp>,
    backup_name: &'a str,
    resource_id: &'a str,
    resource_type: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    vbs_job_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'a str>,
}

impl<'a> From<&'a Task> for TaskValue<'a> {
    fn from(task: &'a Task) -> Self {
        TaskValue {
            status: task.status.as_str(),
            job_id: &task.job_id,
            created_at: task.created_at,
            finished_at: task.finished_at,
            backup_name: &task.backup_name,
            resource_id: &task.resource_id,
            resource_type: &task.resource_type,
            vbs_job_id: task.vbs_job_id.as_deref(),
            message: task.message.as_deref(),
            code: task.code.as_deref(),
        }
    }
}

/// A page: `{ count, tasks }`.
#[derive(Serialize)]
struct PageValue<'a> {
    /// Counts beyond 2^53 do not occur; a JavaScript number is what callers expect (serde's `u64`
    /// would refuse one that did).
    count: f64,
    tasks: Vec<TaskValue<'a>>,
}

/// One task (what `tasks()` yields).
pub(crate) fn task(task: &Task) -> Result<JsValue, Error> {
    to_js(&TaskValue::from(task))
}

/// One page: `{ count, tasks }`.
pub(crate) fn page(page: &TaskPage) -> Result<JsValue, Error> {
    to_js(&PageValue {
        count: page.count as f64,
        tasks: page.tasks.iter().map(TaskValue::from).collect(),
    })
}

/// A policy's schedule: `{ startTime?, frequency?, weekFrequency, retentionNum?, retentionDay?,
/// remainFirstBackupOfCurMonth?, status }`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ScheduleValue<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    start_time: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    frequency: Option<u32>,
    week_frequency: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    retention_num: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    retention_day: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    remain_first_backup_of_cur_month: Option<&'a str>,
    status: &'a str,
}

impl<'a> From<&'a Schedule> for ScheduleValue<'a> {
    fn from(schedule: &'a Schedule) -> Self {
        ScheduleValue {
            start_time: schedule.start_time.as_deref(),
            frequency: schedule.frequency,
            week_frequency: &schedule.week_frequency,
            retention_num: schedule.retention_num,
            retention_day: schedule.retention_day,
            remain_first_backup_of_cur_month: schedule.remain_first_backup_of_cur_month.as_deref(),
            status: &schedule.status,
        }
    }
}

/// A policy: `{ id, name, resourceCount, schedule }`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PolicyValue<'a> {
    id: &'a str,
    name: &'a str,
    /// A JavaScript number, as `count`.
    resource_count: f64,
    schedule: ScheduleValue<'a>,
}

/// The policies: `[{ id, name, resourceCount, schedule }]`.
pub(crate) fn policies(policies: &[Policy]) -> Result<JsValue, Error> {
    let values: Vec<PolicyValue<'_>> = policies
        .iter()
        .map(|policy| PolicyValue {
            id: &policy.id,
            name: &policy.name,
            resource_count: policy.resource_count as f64,
            schedule: ScheduleValue::from(&policy.schedule),
        })
        .collect();
    to_js(&values)
}

/// What a `VbsError` is made from: `{ kind, message, status?, code?, requestId? }`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorInit<'a> {
    kind: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    request_id: Option<&'a str>,
}

/// The init of the `VbsError` for `error`, and its message.
pub(crate) fn error_init(error: &Error) -> (JsValue, String) {
    let message = error.to_string();
    let init = ErrorInit {
        kind: error.kind().as_str(),
        message: &message,
        status: error.status(),
        code: error.code(),
        request_id: error.request_id(),
    };
    // Strings and a small number only: serializing it cannot fail; the caller still has the
    // message if it ever did.
    let init = to_js(&init).unwrap_or(JsValue::UNDEFINED);
    (init, message)
}

/// An iterator's step: `{ value, done }`.
#[derive(Serialize)]
struct Step<'a> {
    #[serde(serialize_with = "as_it_is")]
    value: &'a JsValue,
    done: bool,
}

/// A JavaScript value handed over as it is.
fn as_it_is<S: Serializer>(value: &&JsValue, serializer: S) -> Result<S::Ok, S::Error> {
    serde_wasm_bindgen::preserve::serialize(*value, serializer)
}

/// `{ value, done }` (`value` as it is, `undefined` at the end).
pub(crate) fn step(value: &JsValue, done: bool) -> JsValue {
    // A JavaScript value and a boolean: serializing them cannot fail.
    to_js(&Step { value, done }).unwrap_or(JsValue::UNDEFINED)
}
