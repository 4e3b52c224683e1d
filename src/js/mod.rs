//! The `wasm-bindgen` façade published to npm as `vbs-tasks` (wasm32 with feature `js` only).
//!
//! Thin on purpose: nothing here decides what the API means. Options objects are deserialized with
//! serde through serde-wasm-bindgen, then set on the core's [`crate::TaskQuery`] with
//! [`crate::TaskQuery::set`] and [`crate::TaskQuery::validate`] (the rules the emulator reads
//! queries with); calls, retries, timeouts, abort and paging are the [`Client`]'s; results are
//! serialized through serde-wasm-bindgen into plain JavaScript objects with camelCase keys and
//! `Date`s (`convert.rs`); every failure becomes a `VbsError` (`error.rs`).
//!
//! | file | concern |
//! |---|---|
//! | `mod.rs` | the `VbsClient` class, its VBS calls and the TypeScript declarations of their types |
//! | `cbr.rs` | the CBR calls (`listOperationLogs`, `operationLogs`, …) and their declarations |
//! | `options.rs` | reading the constructor's and the calls' options objects (`options/cbr.rs`: CBR's) |
//! | `convert.rs` | tasks, pages, policies, error inits and iterator steps as JavaScript values (`convert/cbr.rs`: CBR's) |
//! | `iter.rs` | the async iterators behind `tasks()`, `pages()` and `operationLogs()` |
//! | `error.rs` | `Error` → `VbsError` (the class is defined by the npm entry and registered here) |
//!
//! `scripts/build-npm` builds the package; `npm/` holds its hand-written entry files.

#[cfg(feature = "bench")]
mod bench;
mod cbr;
mod convert;
mod error;
mod iter;
mod options;
#[cfg(feature = "bench")]
mod packed;

use std::future::Future;

use futures::{FutureExt, StreamExt};
use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::core::error::Error;
use crate::core::query::TaskQuery;
use crate::transport::{Client, Paging, RequestOptions};

pub use error::install;
pub use iter::VbsIterator;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** The six task statuses the API documents (what a `status` filter accepts). */
export type KnownTaskStatus =
  | "RUNNING"
  | "EXECUTE_TIMEOUT"
  | "WAITING"
  | "EXECUTE_FAIL"
  | "EXECUTE_SUCCESS"
  | "SKIP";

/** A task's status: one of the six documented values, or a newer value kept as the server sent it. */
export type TaskStatus = KnownTaskStatus | (string & {});

/** Newest first (`"desc"`, the default) or oldest first. */
export type SortDir = "asc" | "desc";

/** What tasks are sorted by: only `"created_at"` exists. */
export type SortKey = "created_at";

/** How `tasks()` and `pages()` move from one page to the next. */
export type Paging = "offset" | "marker";

/** What kind of failure a `VbsError` is. */
export type VbsErrorKind = "invalid_input" | "http" | "network" | "timeout" | "aborted" | "decode";

/** Options of `new VbsClient(…)`. */
export interface VbsClientOptions {
  /**
   * Base URL (`https://vbs.cn-north-1.myhuaweicloud.com` for the VBS calls, `https://cbr.cn-north-1.myhuaweicloud.com`
   * for the CBR calls), or a proxy that serves both (`vbs-server`; `/vbs`, `""` in a page).
   */
  endpoint: string;
  /** The project ID. */
  projectId: string;
  /** An IAM token, sent as `X-Auth-Token`. Not together with `accessKey`. */
  token?: string | undefined;
  /** AK/SK signing (`SDK-HMAC-SHA256`): the access key. Needs `secretKey`. Trusted code only. */
  accessKey?: string | undefined;
  /** AK/SK signing: the secret key. */
  secretKey?: string | undefined;
  /** AK/SK signing with temporary credentials: the security token. */
  securityToken?: string | undefined;
  /** Budget of one whole call, retries included, in milliseconds (default 30000; `Infinity` for none). */
  timeoutMs?: number | undefined;
  /** How many times a failed call (429, 502, 503, 504, network) is sent again (default 2; 0 for none). */
  retries?: number | undefined;
}

/** Options of `listTasks()`: the API's query parameters, and an `AbortSignal`. */
export interface ListTasksOptions {
  /** Only tasks with this status. */
  status?: KnownTaskStatus | undefined;
  /** Only the task with this ID. */
  jobId?: string | undefined;
  /** Sort order (default `"desc"`, newest first). */
  sortDir?: SortDir | undefined;
  /** Sort key (only `"created_at"`). */
  sortKey?: SortKey | undefined;
  /** Page size, at least 1 (default 20). The emulator serves at most 1000 and answers more with a 400. */
  limit?: number | undefined;
  /** Tasks to skip (not together with `marker`). */
  offset?: number | undefined;
  /** Start after the task with this ID (not together with `offset`). */
  marker?: string | undefined;
  /** Aborting it ends the call with a `VbsError` of kind `"aborted"`. */
  signal?: AbortSignal | undefined;
}

/** Options of `tasks()` and `pages()`. */
export interface IterateOptions {
  /** Only tasks with this status. */
  status?: KnownTaskStatus | undefined;
  /** Only the task with this ID. */
  jobId?: string | undefined;
  /** Sort order (default `"desc"`, newest first). */
  sortDir?: SortDir | undefined;
  /** Sort key (only `"created_at"`). */
  sortKey?: SortKey | undefined;
  /** Tasks per request, at least 1 (default 100; the emulator serves at most 1000). */
  pageSize?: number | undefined;
  /** Page by offset (the default) or by marker. */
  paging?: Paging | undefined;
  /** Aborting it ends the iteration with a `VbsError` of kind `"aborted"`. */
  signal?: AbortSignal | undefined;
}

/** Options of `listPolicies()`. */
export interface ListPoliciesOptions {
  /** Aborting it ends the call with a `VbsError` of kind `"aborted"`. */
  signal?: AbortSignal | undefined;
}

/** One backup task. Times are UTC instants. */
export interface Task {
  status: TaskStatus;
  jobId: string;
  createdAt: Date;
  /** Absent while the task runs or waits. */
  finishedAt?: Date;
  backupName: string;
  resourceId: string;
  resourceType: string;
  vbsJobId?: string;
  /** Why the task failed, when it did. */
  message?: string;
  /** The error code of a failure, e.g. `VolumeBackup.0900`. */
  code?: string;
}

/** One page of tasks. */
export interface TaskPage {
  /** How many tasks match the filter, over all pages. */
  count: number;
  tasks: Task[];
}

/** When a policy runs (the API's `scheduled_policy`, misspellings fixed). */
export interface Schedule {
  /** Time of day the backups start, e.g. `"12:00"` (UTC). */
  startTime?: string;
  /** Every how many days, when it runs by day. */
  frequency?: number;
  /** Weekdays (`"MON"` … `"SUN"`), when it runs by week. */
  weekFrequency: string[];
  /** How many backups are kept. */
  retentionNum?: number;
  /** How many days backups are kept. */
  retentionDay?: number;
  /** `"Y"` or `"N"`: whether the month's first backup is kept beyond retention. */
  remainFirstBackupOfCurMonth?: string;
  /** `"ON"` or `"OFF"`. */
  status: string;
}

/** A backup policy. */
export interface Policy {
  id: string;
  name: string;
  resourceCount: number;
  schedule: Schedule;
}
"#;

/// A client for the VBS backup-tasks API and CBR's task list (JavaScript: `new VbsClient(options)`);
/// the CBR calls are in `cbr.rs`.
#[wasm_bindgen]
pub struct VbsClient {
    client: Client,
}

#[wasm_bindgen]
impl VbsClient {
    /// A client for one project at one endpoint. Invalid options throw a `VbsError` of kind
    /// `"invalid_input"`, the endpoint included (a relative one, e.g. `"/vbs"`, is resolved and
    /// checked by the first call, in the page); nothing is sent until a call is made.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "VbsClientOptions")] options: JsValue,
    ) -> Result<VbsClient, JsValue> {
        options::client(&options)
            .map(|client| VbsClient { client })
            .map_err(|error| error::to_js(&error))
    }

    /// One page of a policy's backup tasks
    /// (`GET /v2/{project_id}/backuppolicy/{policy_id}/backuptasks`).
    #[wasm_bindgen(js_name = listTasks, unchecked_return_type = "Promise<TaskPage>")]
    pub fn list_tasks(
        &self,
        #[wasm_bindgen(js_name = policyId, unchecked_param_type = "string")] policy_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ListTasksOptions")] options: JsValue,
    ) -> Promise {
        self.list_tasks_as(&policy_id, &options, convert::page)
    }

    /// Every task of a policy across all pages, as an async iterator (`for await … of`).
    /// Invalid options throw at once; a failed request rejects the iterator's `next()`.
    #[wasm_bindgen(unchecked_return_type = "AsyncIterableIterator<Task>")]
    pub fn tasks(
        &self,
        #[wasm_bindgen(js_name = policyId, unchecked_param_type = "string")] policy_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "IterateOptions")] options: JsValue,
    ) -> Result<VbsIterator, JsValue> {
        let (policy_id, query, paging, request, signal) = iterate_args(&policy_id, &options)?;
        let stream = self
            .client
            .tasks_with(&policy_id, &query, paging, request)
            .map(|task| task.and_then(|task| convert::task(&task)));
        Ok(VbsIterator::new(stream.boxed_local(), signal))
    }

    /// Every page of a policy's tasks, as an async iterator (`for await … of`).
    #[wasm_bindgen(unchecked_return_type = "AsyncIterableIterator<TaskPage>")]
    pub fn pages(
        &self,
        #[wasm_bindgen(js_name = policyId, unchecked_param_type = "string")] policy_id: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "IterateOptions")] options: JsValue,
    ) -> Result<VbsIterator, JsValue> {
        let (policy_id, query, paging, request, signal) = iterate_args(&policy_id, &options)?;
        let stream = self
            .client
            .pages_with(&policy_id, &query, paging, request)
            .map(|page| page.and_then(|page| convert::page(&page)));
        Ok(VbsIterator::new(stream.boxed_local(), signal))
    }

    /// The project's backup policies (`GET /v2/{project_id}/backuppolicy`).
    #[wasm_bindgen(js_name = listPolicies, unchecked_return_type = "Promise<Policy[]>")]
    pub fn list_policies(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ListPoliciesOptions")] options: JsValue,
    ) -> Promise {
        let request = match options::signal_only(&options) {
            Ok(request) => request,
            Err(error) => return reject(&error),
        };
        let client = self.client.clone();
        promise(async move {
            client
                .list_policies_with(&request)
                .await
                .and_then(|policies| convert::policies(&policies))
                .map_err(|error| error::to_js(&error))
        })
    }
}

impl VbsClient {
    /// `listTasks`, its page handed to JavaScript by `hand_off`.
    fn list_tasks_as(
        &self,
        policy_id: &JsValue,
        options: &JsValue,
        hand_off: fn(&crate::TaskPage) -> Result<JsValue, Error>,
    ) -> Promise {
        let prepared =
            options::policy_id(policy_id).and_then(|id| Ok((id, options::list_tasks(options)?)));
        let (policy_id, (query, request)) = match prepared {
            Ok(prepared) => prepared,
            Err(error) => return reject(&error),
        };
        let client = self.client.clone();
        promise(async move {
            client
                .list_tasks_with(&policy_id, &query, &request)
                .await
                .and_then(|page| hand_off(&page))
                .map_err(|error| error::to_js(&error))
        })
    }
}

/// The promise of `future`. Boxed, so that every method shares one instance of wasm-bindgen's
/// `future_to_promise` and its closures (one per future type otherwise, ~2.5 KB of wasm each).
pub(crate) fn promise(future: impl Future<Output = Result<JsValue, JsValue>> + 'static) -> Promise {
    future_to_promise(future.boxed_local())
}

/// A promise already rejected with `error` (invalid input: nothing was sent).
fn reject(error: &Error) -> Promise {
    Promise::reject(&error::to_js(error))
}

/// The arguments `tasks()` and `pages()` share, read and checked before any request; the signal is
/// kept apart so the iterator can see an abort between pages.
#[allow(clippy::type_complexity)]
fn iterate_args(
    policy_id: &JsValue,
    options: &JsValue,
) -> Result<
    (
        String,
        TaskQuery,
        Paging,
        RequestOptions,
        Option<web_sys::AbortSignal>,
    ),
    JsValue,
> {
    let (policy_id, (query, paging, request)) = options::policy_id(policy_id)
        .and_then(|id| Ok((id, options::iterate(options)?)))
        .map_err(|error| error::to_js(&error))?;
    let signal = request.get_signal().cloned();
    Ok((policy_id, query, paging, request, signal))
}
