//! The packed hand-off of a page of tasks (feature `bench` only, for the list measure of
//! `scripts/bench-browser`): the same objects as `convert.rs` makes, handed over as one string, one
//! length per field and two times per task, and built in JavaScript by `bench/unpack.js`.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsValue;

use crate::core::model::{Task, TaskPage};

#[wasm_bindgen(module = "/bench/unpack.js")]
extern "C" {
    /// Builds the tasks from the packed form [`tasks`] writes (see `bench/unpack.js`).
    #[wasm_bindgen(js_name = unpackTasks)]
    fn unpack_tasks(text: &str, lengths: &[u32], times: &[f64]) -> Array;
}

/// The length `bench/unpack.js` reads as "field absent".
const ABSENT: u32 = u32::MAX;

fn put(target: &Object, key: &JsValue, value: &JsValue) {
    // Defining a data property on a fresh plain object cannot fail.
    let _ = Reflect::set(target, key, value);
}

/// Tasks as `{ status, jobId, createdAt, finishedAt?, backupName, resourceId, resourceType,
/// vbsJobId?, message?, code? }`, handed over packed: one string, one length per field, two times
/// per task — three crossings of the boundary for a whole page instead of ten per task.
pub(crate) fn tasks(tasks: &[Task]) -> Array {
    let mut text = String::with_capacity(tasks.len() * 160);
    let mut lengths = Vec::with_capacity(tasks.len() * 8);
    let mut times = Vec::with_capacity(tasks.len() * 2);
    for task in tasks {
        // The order `bench/unpack.js` reads them in.
        for field in [
            Some(task.status.as_str()),
            Some(task.job_id.as_str()),
            Some(task.backup_name.as_str()),
            Some(task.resource_id.as_str()),
            Some(task.resource_type.as_str()),
            task.vbs_job_id.as_deref(),
            task.message.as_deref(),
            task.code.as_deref(),
        ] {
            lengths.push(match field {
                Some(value) => {
                    text.push_str(value);
                    utf16_len(value)
                }
                None => ABSENT,
            });
        }
        // f64 holds every millisecond count a `Date` can represent exactly.
        times.push(task.created_at.unix_millis() as f64);
        times.push(
            task.finished_at
                .map_or(f64::NAN, |at| at.unix_millis() as f64),
        );
    }
    unpack_tasks(&text, &lengths, &times)
}

/// The length JavaScript sees: UTF-16 code units.
fn utf16_len(value: &str) -> u32 {
    let units = if value.is_ascii() {
        value.len()
    } else {
        value.encode_utf16().count()
    };
    // A field over 4 GiB cannot come out of a decoded response body.
    u32::try_from(units).unwrap_or(ABSENT - 1)
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
    put(&object, &"tasks".into(), &tasks(&page.tasks));
    object.into()
}
