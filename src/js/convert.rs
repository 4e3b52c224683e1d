//! Tasks, pages and policies as plain JavaScript objects: camelCase keys, `Date`s for times,
//! optional fields left out when absent, an unknown status kept as its string.

use js_sys::{Array, Date, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::core::model::{Policy, Schedule, Task, TaskPage};
use crate::core::time::Timestamp;

/// Property names, made into JavaScript strings once (a page of 1000 tasks sets 10 000 of them).
struct Keys {
    status: JsValue,
    job_id: JsValue,
    created_at: JsValue,
    finished_at: JsValue,
    backup_name: JsValue,
    resource_id: JsValue,
    resource_type: JsValue,
    vbs_job_id: JsValue,
    message: JsValue,
    code: JsValue,
}

thread_local! {
    static KEYS: Keys = Keys {
        status: "status".into(),
        job_id: "jobId".into(),
        created_at: "createdAt".into(),
        finished_at: "finishedAt".into(),
        backup_name: "backupName".into(),
        resource_id: "resourceId".into(),
        resource_type: "resourceType".into(),
        vbs_job_id: "vbsJobId".into(),
        message: "message".into(),
        code: "code".into(),
    };
}

fn put(target: &Object, key: &JsValue, value: &JsValue) {
    // Defining a data property on a fresh plain object cannot fail.
    let _ = Reflect::set(target, key, value);
}

fn put_str(target: &Object, key: &str, value: &str) {
    put(target, &JsValue::from_str(key), &JsValue::from_str(value));
}

fn date(at: &Timestamp) -> JsValue {
    // f64 holds every millisecond count a `Date` can represent exactly.
    Date::new(&JsValue::from_f64(at.unix_millis() as f64)).into()
}

/// One task: `{ status, jobId, createdAt, finishedAt?, backupName, resourceId, resourceType,
/// vbsJobId?, message?, code? }`.
pub(crate) fn task(task: &Task) -> JsValue {
    let object = Object::new();
    KEYS.with(|keys| {
        put(&object, &keys.status, &task.status.as_str().into());
        put(&object, &keys.job_id, &task.job_id.as_str().into());
        put(&object, &keys.created_at, &date(&task.created_at));
        if let Some(finished_at) = &task.finished_at {
            put(&object, &keys.finished_at, &date(finished_at));
        }
        put(
            &object,
            &keys.backup_name,
            &task.backup_name.as_str().into(),
        );
        put(
            &object,
            &keys.resource_id,
            &task.resource_id.as_str().into(),
        );
        put(
            &object,
            &keys.resource_type,
            &task.resource_type.as_str().into(),
        );
        for (key, value) in [
            (&keys.vbs_job_id, &task.vbs_job_id),
            (&keys.message, &task.message),
            (&keys.code, &task.code),
        ] {
            if let Some(value) = value {
                put(&object, key, &value.as_str().into());
            }
        }
    });
    object.into()
}

/// One page: `{ count, tasks }`.
pub(crate) fn page(page: &TaskPage) -> JsValue {
    let object = Object::new();
    // Counts beyond 2^53 do not occur; a JavaScript number is what callers expect.
    put(
        &object,
        &"count".into(),
        &JsValue::from_f64(page.count as f64),
    );
    let tasks: Array = page.tasks.iter().map(task).collect();
    put(&object, &"tasks".into(), &tasks);
    object.into()
}

fn schedule(schedule: &Schedule) -> JsValue {
    let object = Object::new();
    if let Some(start_time) = &schedule.start_time {
        put_str(&object, "startTime", start_time);
    }
    for (key, value) in [
        ("frequency", schedule.frequency),
        ("retentionNum", schedule.retention_num),
        ("retentionDay", schedule.retention_day),
    ] {
        if let Some(value) = value {
            put(&object, &key.into(), &JsValue::from(value));
        }
    }
    let week: Array = schedule
        .week_frequency
        .iter()
        .map(|day| JsValue::from_str(day))
        .collect();
    put(&object, &"weekFrequency".into(), &week);
    if let Some(remain) = &schedule.remain_first_backup_of_cur_month {
        put_str(&object, "remainFirstBackupOfCurMonth", remain);
    }
    put_str(&object, "status", &schedule.status);
    object.into()
}

/// The policies: `[{ id, name, resourceCount, schedule }]`.
pub(crate) fn policies(policies: &[Policy]) -> JsValue {
    policies
        .iter()
        .map(|policy| {
            let object = Object::new();
            put_str(&object, "id", &policy.id);
            put_str(&object, "name", &policy.name);
            put(
                &object,
                &"resourceCount".into(),
                &JsValue::from_f64(policy.resource_count as f64),
            );
            put(&object, &"schedule".into(), &schedule(&policy.schedule));
            JsValue::from(object)
        })
        .collect::<Array>()
        .into()
}
