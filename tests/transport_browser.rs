//! The browser transport against the emulator, in headless Chromium.
//!
//! Needs two emulators (see the crate README / CI):
//!
//! ```text
//! vbs-server --no-live --port 18080 --cors-origin '*'
//! vbs-server --no-live --port 18081 --cors-origin '*' --require-auth
//! ```
//!
//! (`VBS_TEST_ENDPOINT` / `VBS_TEST_AUTH_ENDPOINT` at compile time point elsewhere.) Run with
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test --target
//! wasm32-unknown-unknown --test transport_browser`.
//!
//! wasm-bindgen-test runs one test at a time, so tests that inject faults may clear them all
//! (`DELETE /__emulator/faults`) when they end. Where a test does not need a real policy, its
//! faults go on a policy ID of its own (the emulator then answers 404 once the script is spent).
#![cfg(target_arch = "wasm32")]

use std::collections::HashSet;
use std::time::Duration;

use futures::future::{self, Either};
use futures::StreamExt;
use gloo_timers::future::TimeoutFuture;
use serde_json::json;
use vbs_tasks::transport::{Client, Paging, RequestOptions, RetryPolicy};
use vbs_tasks::{ErrorKind, SortDir, SortKey, Task, TaskQuery, TaskStatus};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use web_sys::AbortController;

wasm_bindgen_test_configure!(run_in_browser);

const ENDPOINT: &str = match option_env!("VBS_TEST_ENDPOINT") {
    Some(endpoint) => endpoint,
    None => "http://127.0.0.1:18080",
};
const AUTH_ENDPOINT: &str = match option_env!("VBS_TEST_AUTH_ENDPOINT") {
    Some(endpoint) => endpoint,
    None => "http://127.0.0.1:18081",
};
const PROJECT: &str = "0605767e9a80d5f52f8cc00f94d4e2fb";
/// Nothing listens there.
const DEAD_ENDPOINT: &str = "http://127.0.0.1:9";
const DAILY_VOLUMES_TASKS: usize = 10_317;

fn client() -> Client {
    Client::new(ENDPOINT, PROJECT)
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

async fn sleep_ms(ms: u32) {
    TimeoutFuture::new(ms).await;
}

/// The ID of the policy with this name.
async fn policy_id(name: &str) -> String {
    let policies = client().list_policies().await.expect("list policies");
    policies
        .into_iter()
        .find(|policy| policy.name == name)
        .unwrap_or_else(|| panic!("the emulator has no policy named {name:?}"))
        .id
}

/// A policy ID of a test's own, unknown to the emulator: its faults touch no other test.
fn own_policy(test: &str) -> String {
    format!("fault-{test}-{}", now_ms() as u64)
}

async fn add_faults(plan: serde_json::Value) {
    let response = gloo_net::http::Request::post(&format!("{ENDPOINT}/__emulator/faults"))
        .header("Content-Type", "application/json")
        .body(plan.to_string())
        .expect("fault plan body")
        .send()
        .await
        .expect("POST /__emulator/faults");
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    assert_eq!(
        status, 204,
        "POST /__emulator/faults answered {status}: {text}"
    );
}

async fn clear_faults() {
    let response = gloo_net::http::Request::delete(&format!("{ENDPOINT}/__emulator/faults"))
        .send()
        .await
        .expect("DELETE /__emulator/faults");
    assert_eq!(response.status(), 204, "DELETE /__emulator/faults");
}

/// Starts from a clean fault table, then adds `plan`.
async fn set_faults(plan: serde_json::Value) {
    clear_faults().await;
    add_faults(plan).await;
}

fn unavailable(retry_after: Option<u64>) -> serde_json::Value {
    match retry_after {
        Some(secs) => json!({"status": 503, "retry_after": secs}),
        None => json!({"status": 503}),
    }
}

// ---------------------------------------------------------------------------------------------
// Configuration and plain calls
// ---------------------------------------------------------------------------------------------

#[wasm_bindgen_test]
fn defaults_are_a_30_s_budget_and_3_attempts() {
    let client = Client::new("", PROJECT);
    assert_eq!(client.get_timeout(), Some(Duration::from_secs(30)));
    assert_eq!(client.get_retry_policy().get_attempts(), 3);
    let client = client.attempts(1).no_timeout().token("secret-token-value");
    assert_eq!(client.get_timeout(), None);
    assert_eq!(client.get_retry_policy().get_attempts(), 1);
    let shown = format!("{client:?}");
    assert!(!shown.contains("secret-token-value"), "{shown}");
    let shown = format!(
        "{:?}",
        Client::new("", PROJECT).ak_sk("AK-1", "SK-very-secret")
    );
    assert!(
        shown.contains("AK-1") && !shown.contains("SK-very-secret"),
        "{shown}"
    );
}

#[wasm_bindgen_test]
async fn lists_the_emulator_policies() {
    let policies = client().list_policies().await.expect("list policies");
    let names: HashSet<&str> = policies.iter().map(|p| p.name.as_str()).collect();
    for name in [
        "daily-volumes",
        "weekly-database",
        "nightly-small",
        "empty-policy",
        "每日备份-中文",
        "<img src=x onerror=alert(1)>",
    ] {
        assert!(names.contains(name), "missing {name:?} in {names:?}");
    }
    assert!(policies.iter().all(|p| !p.id.is_empty()));
}

#[wasm_bindgen_test]
async fn policies_with_unusual_names_page_like_any_other() {
    let client = client();
    for (name, expected) in [
        ("每日备份-中文", 40),
        ("<img src=x onerror=alert(1)>", 12),
        ("nightly-small", 5),
    ] {
        let id = policy_id(name).await;
        let page = client
            .list_tasks(&id, &TaskQuery::new().limit(1000))
            .await
            .expect(name);
        assert_eq!(page.count, expected, "{name}");
        assert_eq!(page.tasks.len(), expected as usize, "{name}");
    }
    let empty = policy_id("empty-policy").await;
    let page = client
        .list_tasks(&empty, &TaskQuery::new())
        .await
        .expect("empty");
    assert_eq!(page.count, 0);
    assert!(page.tasks.is_empty());
}

#[wasm_bindgen_test]
async fn a_page_with_every_filter() {
    let client = client();
    let id = policy_id("weekly-database").await;
    // Oldest first, successes only, by creation time.
    let base = TaskQuery::new()
        .status(TaskStatus::ExecuteSuccess)
        .sort_dir(SortDir::Asc)
        .sort_key(SortKey::CreatedAt);
    let first = client
        .list_tasks(&id, &base.clone().limit(10))
        .await
        .expect("first page");
    assert_eq!(first.tasks.len(), 10);
    assert!(first.count >= 10, "count {}", first.count);
    assert!(first
        .tasks
        .iter()
        .all(|t| t.status == TaskStatus::ExecuteSuccess));
    assert!(
        first
            .tasks
            .windows(2)
            .all(|w| w[0].created_at <= w[1].created_at),
        "not oldest first"
    );
    // The offset moves within the same filtered order.
    let shifted = client
        .list_tasks(&id, &base.clone().limit(5).offset(3))
        .await
        .expect("offset page");
    assert_eq!(shifted.count, first.count);
    assert_eq!(shifted.tasks[0].job_id, first.tasks[3].job_id);
    assert_eq!(shifted.tasks[4].job_id, first.tasks[7].job_id);
    // The marker starts after the named task.
    let after = client
        .list_tasks(
            &id,
            &base.clone().limit(2).marker(first.tasks[5].job_id.clone()),
        )
        .await
        .expect("marker page");
    let after_ids: Vec<&str> = after.tasks.iter().map(|t| t.job_id.as_str()).collect();
    assert_eq!(
        after_ids,
        [
            first.tasks[6].job_id.as_str(),
            first.tasks[7].job_id.as_str()
        ]
    );
    // job_id narrows to exactly one task, with every other filter set too.
    let wanted = &first.tasks[4];
    let one = client
        .list_tasks(
            &id,
            &base
                .clone()
                .job_id(wanted.job_id.clone())
                .limit(10)
                .offset(0),
        )
        .await
        .expect("job_id page");
    assert_eq!(one.count, 1);
    assert_eq!(one.tasks.len(), 1);
    assert_eq!(&one.tasks[0], wanted);
    // Newest first is the reverse order.
    let newest = client
        .list_tasks(
            &id,
            &TaskQuery::new()
                .status(TaskStatus::ExecuteSuccess)
                .limit(10),
        )
        .await
        .expect("newest first");
    assert_eq!(newest.count, first.count);
    assert!(newest
        .tasks
        .windows(2)
        .all(|w| w[0].created_at >= w[1].created_at));
}

#[wasm_bindgen_test]
async fn every_status_filter_returns_only_that_status() {
    let client = client();
    let id = policy_id("daily-volumes").await;
    let mut total = 0;
    for status in TaskStatus::KNOWN {
        let page = client
            .list_tasks(&id, &TaskQuery::new().status(status.clone()).limit(50))
            .await
            .expect("filtered page");
        assert!(page.count > 0, "daily-volumes has no {status} task");
        assert!(page.tasks.iter().all(|t| t.status == status), "{status}");
        total += page.count;
    }
    assert_eq!(total, DAILY_VOLUMES_TASKS as u64);
}

#[wasm_bindgen_test]
async fn an_unknown_policy_is_a_404_with_the_api_code_and_message() {
    let err = client()
        .list_tasks("no-such-policy", &TaskQuery::new())
        .await
        .expect_err("404");
    assert_eq!(err.kind(), ErrorKind::Http);
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.code(), Some("AutoBackup.0205"));
    assert!(err.message().is_some_and(|m| !m.is_empty()), "{err}");
    assert!(!err.is_retryable());
    assert!(err.to_string().contains("AutoBackup.0205"), "{err}");
}

#[wasm_bindgen_test]
async fn the_server_refuses_what_only_it_can_check() {
    let client = client();
    let id = policy_id("nightly-small").await;
    let err = client
        .list_tasks(&id, &TaskQuery::new().limit(1001))
        .await
        .expect_err("limit over 1000");
    assert_eq!(err.status(), Some(400), "{err}");
    let err = client
        .list_tasks(&id, &TaskQuery::new().marker("no-such-task"))
        .await
        .expect_err("unknown marker");
    assert_eq!(err.status(), Some(400), "{err}");
}

#[wasm_bindgen_test]
async fn invalid_input_fails_before_any_request() {
    // Nothing listens on the dead endpoint: a request would be a network error.
    let dead = Client::new(DEAD_ENDPOINT, PROJECT).attempts(1);
    let cases = [
        ("p", TaskQuery::new().limit(0), "limit"),
        ("p", TaskQuery::new().offset(1).marker("m"), "offset"),
        ("p", TaskQuery::new().job_id(" "), "job_id"),
        ("", TaskQuery::new(), "policy_id"),
    ];
    for (policy, query, field) in cases {
        let err = dead.list_tasks(policy, &query).await.expect_err(field);
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{field}: {err}");
        assert_eq!(err.field(), Some(field), "{err}");
    }
    let err = Client::new(DEAD_ENDPOINT, "")
        .list_policies()
        .await
        .expect_err("empty project");
    assert_eq!(err.field(), Some("project_id"));
    for endpoint in [
        "ftp://127.0.0.1:9",
        "http://127.0.0.1:9/?x=1",
        "http://[bad",
        "http://user:pw-in-url-1234@127.0.0.1:9",
    ] {
        let client = Client::new(endpoint, PROJECT);
        // `check` refuses it before any call, and each call the same way.
        let checked = client.check().expect_err(endpoint);
        let err = client.list_policies().await.expect_err(endpoint);
        assert_eq!(err, checked);
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{endpoint}: {err}");
        assert_eq!(err.field(), Some("endpoint"));
        // fetch's own refusal of a URL with a password quotes the URL whole.
        assert!(!format!("{err} {err:?}").contains("pw-in-url"), "{err}");
    }
    client().check().expect("a good endpoint passes the check");
    let err = Client::new(DEAD_ENDPOINT, PROJECT)
        .token("")
        .list_policies()
        .await
        .expect_err("empty token");
    assert_eq!(err.field(), Some("token"));
    for (client, field) in [
        (Client::new(DEAD_ENDPOINT, PROJECT).token("MIIE…"), "token"),
        (Client::new(DEAD_ENDPOINT, PROJECT).token("a b"), "token"),
        (
            Client::new(DEAD_ENDPOINT, PROJECT).ak_sk("", "sk"),
            "access_key",
        ),
        (
            Client::new(DEAD_ENDPOINT, PROJECT).ak_sk("AK", ""),
            "secret_key",
        ),
    ] {
        let err = client.list_policies().await.expect_err(field);
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{field}: {err}");
        assert_eq!(err.field(), Some(field), "{err}");
    }
    // A paging stream refuses the same way, with one error and nothing sent.
    let mut pages = dead.pages("p", &TaskQuery::new().limit(0), Paging::Offset);
    let err = pages.next().await.expect("one item").expect_err("invalid");
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(pages.next().await.is_none());
    let mut pages = dead.pages("p", &TaskQuery::new().marker("m"), Paging::Offset);
    let err = pages
        .next()
        .await
        .expect("one item")
        .expect_err("mode clash");
    assert_eq!(err.field(), Some("marker"));
}

#[wasm_bindgen_test]
async fn a_network_failure_is_kind_network_with_the_cors_hint() {
    let started = now_ms();
    let err = Client::new(DEAD_ENDPOINT, PROJECT)
        .attempts(1)
        .list_tasks("p", &TaskQuery::new())
        .await
        .expect_err("nothing listens");
    assert_eq!(err.kind(), ErrorKind::Network, "{err}");
    assert!(err.is_retryable());
    let text = err.to_string();
    assert!(text.contains("CORS") && text.contains("proxy"), "{text}");
    assert!(now_ms() - started < 5_000.0);
    // With retries it is sent again, then still fails as a network error.
    let err = Client::new(DEAD_ENDPOINT, PROJECT)
        .retry_policy(
            RetryPolicy::new()
                .attempts(2)
                .base_delay(Duration::from_millis(10)),
        )
        .list_policies()
        .await
        .expect_err("still nothing");
    assert_eq!(err.kind(), ErrorKind::Network);
}

/// The example of `Client`'s documentation, against the emulator.
#[wasm_bindgen_test]
async fn the_documented_example_runs() {
    let client = Client::new(ENDPOINT, PROJECT)
        .token("emulator-token")
        .timeout(Duration::from_secs(10))
        .attempts(2);
    let policies = client.list_policies().await.expect("policies");
    let policy = policies
        .iter()
        .find(|p| p.name == "weekly-database")
        .expect("weekly-database");
    let page = client
        .list_tasks(
            &policy.id,
            &TaskQuery::new().status(TaskStatus::ExecuteFail).limit(50),
        )
        .await
        .expect("failed tasks");
    assert!(page
        .tasks
        .iter()
        .all(|t| t.status == TaskStatus::ExecuteFail));
    let mut tasks = client.tasks(&policy.id, &TaskQuery::new().limit(1000), Paging::Marker);
    let mut n = 0;
    while let Some(task) = tasks.next().await {
        task.expect("task");
        n += 1;
    }
    let all = client
        .list_tasks(&policy.id, &TaskQuery::new().limit(1))
        .await
        .expect("count");
    assert_eq!(n as u64, all.count);
}

// ---------------------------------------------------------------------------------------------
// Paging
// ---------------------------------------------------------------------------------------------

async fn walk_all(paging: Paging) -> Vec<Task> {
    let id = policy_id("daily-volumes").await;
    let mut stream = client().tasks(&id, &TaskQuery::new().limit(1000), paging);
    let mut tasks = Vec::with_capacity(DAILY_VOLUMES_TASKS);
    while let Some(task) = stream.next().await {
        tasks.push(task.expect("task"));
    }
    tasks
}

fn assert_complete(tasks: &[Task]) {
    assert_eq!(tasks.len(), DAILY_VOLUMES_TASKS);
    let ids: HashSet<&str> = tasks.iter().map(|t| t.job_id.as_str()).collect();
    assert_eq!(ids.len(), DAILY_VOLUMES_TASKS, "duplicates in the walk");
    assert!(
        tasks.windows(2).all(|w| w[0].created_at >= w[1].created_at),
        "not newest first"
    );
    let statuses: HashSet<&str> = tasks.iter().map(|t| t.status.as_str()).collect();
    for status in TaskStatus::KNOWN {
        assert!(statuses.contains(status.as_str()), "no {status} task");
    }
}

#[wasm_bindgen_test]
async fn every_task_of_daily_volumes_by_offset() {
    let tasks = walk_all(Paging::Offset).await;
    assert_complete(&tasks);
}

#[wasm_bindgen_test]
async fn every_task_of_daily_volumes_by_marker() {
    let tasks = walk_all(Paging::Marker).await;
    assert_complete(&tasks);
}

#[wasm_bindgen_test]
async fn offset_and_marker_walks_agree_page_by_page() {
    let id = policy_id("weekly-database").await;
    let client = client();
    let query = TaskQuery::new().limit(100);
    let offset_pages: Vec<_> = client
        .pages(&id, &query, Paging::Offset)
        .map(|page| page.expect("page"))
        .collect()
        .await;
    let marker_pages: Vec<_> = client
        .pages(&id, &query, Paging::Marker)
        .map(|page| page.expect("page"))
        .collect()
        .await;
    let total = offset_pages[0].count as usize;
    assert!(total > 300, "weekly-database has {total} tasks");
    assert_eq!(offset_pages.len(), total.div_ceil(100));
    assert_eq!(offset_pages, marker_pages);
    let all: Vec<&str> = offset_pages
        .iter()
        .flat_map(|p| p.tasks.iter().map(|t| t.job_id.as_str()))
        .collect();
    assert_eq!(all.len(), total);
    assert_eq!(all.iter().collect::<HashSet<_>>().len(), total);
}

#[wasm_bindgen_test]
async fn a_walk_starts_where_the_query_starts() {
    let id = policy_id("weekly-database").await;
    let client = client();
    let head = client
        .list_tasks(&id, &TaskQuery::new().limit(30))
        .await
        .expect("head");
    let from_offset: Vec<Task> = client
        .tasks(&id, &TaskQuery::new().limit(100).offset(20), Paging::Offset)
        .map(|t| t.expect("task"))
        .collect()
        .await;
    assert_eq!(from_offset.len() as u64, head.count - 20);
    assert_eq!(from_offset[0].job_id, head.tasks[20].job_id);
    let from_marker: Vec<Task> = client
        .tasks(
            &id,
            &TaskQuery::new()
                .limit(100)
                .marker(head.tasks[19].job_id.clone()),
            Paging::Marker,
        )
        .map(|t| t.expect("task"))
        .collect()
        .await;
    assert_eq!(from_offset, from_marker);
}

#[wasm_bindgen_test]
async fn an_empty_policy_gives_one_empty_page() {
    let id = policy_id("empty-policy").await;
    for paging in [Paging::Offset, Paging::Marker] {
        let pages: Vec<_> = client()
            .pages(&id, &TaskQuery::new().limit(10), paging)
            .collect()
            .await;
        assert_eq!(pages.len(), 1, "{paging:?}");
        let page = pages[0].as_ref().expect("page");
        assert_eq!(page.count, 0);
        assert!(page.tasks.is_empty());
    }
}

#[wasm_bindgen_test]
async fn a_server_that_repeats_its_page_stops_the_stream_with_an_error() {
    let id = policy_id("每日备份-中文").await;
    set_faults(json!({"policy_id": id, "script": [], "repeat_page": true})).await;
    for paging in [Paging::Offset, Paging::Marker] {
        let items: Vec<_> = client()
            .tasks(&id, &TaskQuery::new().limit(10), paging)
            .collect()
            .await;
        // The first page's 10 tasks, then one error, then the end: no loop, no duplicate.
        assert_eq!(items.len(), 11, "{paging:?}");
        let ids: HashSet<&str> = items[..10]
            .iter()
            .map(|t| t.as_ref().expect("task").job_id.as_str())
            .collect();
        assert_eq!(ids.len(), 10);
        let err = items[10].as_ref().expect_err("loop guard");
        assert_eq!(err.kind(), ErrorKind::Decode, "{err}");
        assert_eq!(err.field(), Some("tasks"), "{err}");
    }
    clear_faults().await;
    // Cleared: the same walk now completes.
    let all: Vec<_> = client()
        .tasks(&id, &TaskQuery::new().limit(10), Paging::Marker)
        .map(|t| t.expect("task"))
        .collect()
        .await;
    assert_eq!(all.len(), 40);
}

// ---------------------------------------------------------------------------------------------
// Retries
// ---------------------------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn a_retry_succeeds_after_two_injected_503s() {
    let id = policy_id("nightly-small").await;
    set_faults(json!({"policy_id": id, "script": [unavailable(Some(0)), unavailable(Some(0))]}))
        .await;
    let page = client()
        .attempts(3)
        .list_tasks(&id, &TaskQuery::new())
        .await
        .expect("third attempt succeeds");
    assert_eq!(page.count, 5);
    // Both 503s were used up by the one call: a call without retries now succeeds.
    let page = client()
        .attempts(1)
        .list_tasks(&id, &TaskQuery::new())
        .await
        .expect("no fault left");
    assert_eq!(page.count, 5);
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn a_retry_gives_up_after_the_configured_attempts() {
    let id = own_policy("give-up");
    set_faults(json!({"policy_id": id, "script": [
        unavailable(Some(0)), unavailable(Some(0)), unavailable(Some(0))
    ]}))
    .await;
    let err = client()
        .attempts(2)
        .list_tasks(&id, &TaskQuery::new())
        .await
        .expect_err("two 503s with two attempts");
    assert_eq!(err.status(), Some(503), "{err}");
    assert!(err.is_retryable());
    // Exactly two were used: the third 503 is still there for the next request, then the
    // script is spent and the emulator answers normally (404: this policy does not exist).
    let err = client()
        .attempts(1)
        .list_tasks(&id, &TaskQuery::new())
        .await
        .expect_err("third 503");
    assert_eq!(err.status(), Some(503), "{err}");
    let err = client()
        .attempts(1)
        .list_tasks(&id, &TaskQuery::new())
        .await
        .expect_err("spent");
    assert_eq!(err.status(), Some(404), "{err}");
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn retries_are_off_with_one_attempt() {
    let id = own_policy("no-retry");
    set_faults(json!({"policy_id": id, "script": [unavailable(Some(0))]})).await;
    let err = client()
        .attempts(1)
        .list_tasks(&id, &TaskQuery::new())
        .await
        .expect_err("503");
    assert_eq!(err.status(), Some(503));
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn retry_after_is_read_and_honoured() {
    let id = policy_id("empty-policy").await;
    set_faults(json!({"policy_id": id, "script": [unavailable(Some(1))]})).await;
    let started = now_ms();
    let page = client()
        .retry_policy(
            RetryPolicy::new()
                .attempts(2)
                .base_delay(Duration::from_millis(10)),
        )
        .list_tasks(&id, &TaskQuery::new())
        .await
        .expect("second attempt");
    let elapsed = now_ms() - started;
    assert_eq!(page.count, 0);
    assert!(
        elapsed >= 950.0,
        "waited {elapsed} ms, Retry-After said 1 s"
    );
    assert!(elapsed < 5_000.0, "waited {elapsed} ms");
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn without_retry_after_the_backoff_grows() {
    let id = policy_id("empty-policy").await;
    set_faults(json!({"policy_id": id, "script": [unavailable(None), unavailable(None)]})).await;
    let started = now_ms();
    client()
        .retry_policy(
            RetryPolicy::new()
                .attempts(3)
                .base_delay(Duration::from_millis(200))
                .max_delay(Duration::from_secs(2)),
        )
        .list_tasks(&id, &TaskQuery::new())
        .await
        .expect("third attempt");
    let elapsed = now_ms() - started;
    // At least half of 200 ms, then half of 400 ms; at most 200 + 400 ms plus the requests.
    assert!(elapsed >= 290.0, "waited only {elapsed} ms");
    assert!(elapsed < 3_000.0, "waited {elapsed} ms");
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn a_dropped_connection_is_a_network_error_and_is_retried() {
    let id = policy_id("nightly-small").await;
    set_faults(json!({"policy_id": id, "script": [{"drop": true}, {"drop": true}]})).await;
    let err = client()
        .attempts(1)
        .list_tasks(&id, &TaskQuery::new())
        .await
        .expect_err("dropped");
    assert_eq!(err.kind(), ErrorKind::Network, "{err}");
    let page = client()
        .retry_policy(
            RetryPolicy::new()
                .attempts(2)
                .base_delay(Duration::from_millis(10)),
        )
        .list_tasks(&id, &TaskQuery::new())
        .await
        .expect("retried after the drop");
    assert_eq!(page.count, 5);
    clear_faults().await;
}

// ---------------------------------------------------------------------------------------------
// Timeout and abort
// ---------------------------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn a_slow_answer_times_out() {
    let id = own_policy("timeout");
    set_faults(json!({"policy_id": id, "script": [{"delay_ms": 3000}]})).await;
    let started = now_ms();
    let err = client()
        .timeout(Duration::from_millis(500))
        .list_tasks(&id, &TaskQuery::new())
        .await
        .expect_err("timeout");
    let elapsed = now_ms() - started;
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    assert!(!err.is_retryable());
    assert!((450.0..2_500.0).contains(&elapsed), "took {elapsed} ms");
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn a_budget_past_a_timers_range_is_no_budget_not_an_instant_timeout() {
    // setTimeout reads its delay as a 32-bit signed integer: 2^31 ms would fire at once.
    let page = client()
        .timeout(Duration::from_millis(1 << 31))
        .list_tasks(&policy_id("nightly-small").await, &TaskQuery::new())
        .await
        .expect("no timeout");
    assert_eq!(page.count, 5);
}

#[wasm_bindgen_test]
async fn the_budget_covers_the_retries() {
    // Retry-After 1 s fits once in a 1.6 s budget, not twice: the second 503 is returned as is,
    // before the budget ends, instead of waiting into a timeout.
    let id = own_policy("budget");
    set_faults(json!({"policy_id": id, "script": [
        unavailable(Some(1)), unavailable(Some(1)), unavailable(Some(1))
    ]}))
    .await;
    let started = now_ms();
    let err = client()
        .timeout(Duration::from_millis(1600))
        .attempts(5)
        .list_tasks(&id, &TaskQuery::new())
        .await
        .expect_err("503");
    let elapsed = now_ms() - started;
    assert_eq!(err.status(), Some(503), "{err}");
    assert!((950.0..1_600.0).contains(&elapsed), "took {elapsed} ms");
    // A slow answer after a retry is a timeout of the whole call.
    clear_faults().await;
    add_faults(json!({"policy_id": id, "script": [unavailable(Some(0)), {"delay_ms": 3000}]}))
        .await;
    let started = now_ms();
    let err = client()
        .timeout(Duration::from_millis(700))
        .attempts(3)
        .list_tasks(&id, &TaskQuery::new())
        .await
        .expect_err("timeout");
    let elapsed = now_ms() - started;
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    assert!(elapsed < 2_000.0, "took {elapsed} ms");
    clear_faults().await;
}

/// An HTTP date `secs` seconds from the page's clock, as a server writes it (IMF-fixdate).
fn http_date_in(secs: f64) -> String {
    String::from(js_sys::Date::new(&JsValue::from_f64(now_ms() + secs * 1000.0)).to_utc_string())
}

/// `Retry-After` as an HTTP date: the wait is the date minus the page's clock, capped, and none
/// for a date past. Each case is told apart by the budget rule (a retry whose wait would not fit
/// is not made), not by timing.
#[wasm_bindgen_test]
async fn retry_after_as_an_http_date_is_honoured() {
    let id = policy_id("nightly-small").await;
    // 5 s ahead does not fit a 2 s budget: no retry, the 503 is returned. (Read as no
    // Retry-After, the computed backoff of a few hundred ms would retry, and succeed.)
    set_faults(json!({"policy_id": id, "script": [
        {"status": 503, "retry_after": http_date_in(5.0)}
    ]}))
    .await;
    let err = client()
        .timeout(Duration::from_secs(2))
        .attempts(3)
        .list_tasks(&id, &TaskQuery::new())
        .await
        .expect_err("the date is past the budget");
    assert_eq!(err.status(), Some(503), "{err}");
    assert!(
        err.retry_after_secs()
            .is_some_and(|secs| (3..=5).contains(&secs)),
        "{err:?}: {:?}",
        err.retry_after_secs()
    );
    // A date already past: retried at once. (The computed backoff, 30 s and more here, would not
    // fit the budget.)
    let slow_backoff = RetryPolicy::new()
        .attempts(2)
        .base_delay(Duration::from_secs(60))
        .max_delay(Duration::from_secs(60));
    add_faults(json!({"policy_id": id, "script": [
        {"status": 503, "retry_after": http_date_in(-60.0)}
    ]}))
    .await;
    let page = client()
        .timeout(Duration::from_secs(5))
        .retry_policy(slow_backoff)
        .list_tasks(&id, &TaskQuery::new())
        .await
        .expect("retried at once");
    assert_eq!(page.count, 5);
    // A date an hour ahead is capped like seconds are: retried after the cap.
    add_faults(json!({"policy_id": id, "script": [
        {"status": 503, "retry_after": http_date_in(3600.0)}
    ]}))
    .await;
    let page = client()
        .timeout(Duration::from_secs(10))
        .retry_policy(slow_backoff.max_retry_after(Duration::from_millis(100)))
        .list_tasks(&id, &TaskQuery::new())
        .await
        .expect("retried after the cap");
    assert_eq!(page.count, 5);
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn aborting_the_signal_ends_the_call() {
    let id = own_policy("abort");
    set_faults(json!({"policy_id": id, "script": [{"delay_ms": 3000}]})).await;
    let controller = AbortController::new().expect("AbortController");
    let options = RequestOptions::new().signal(controller.signal());
    let abort = controller.clone();
    wasm_bindgen_futures::spawn_local(async move {
        sleep_ms(200).await;
        abort.abort();
    });
    let started = now_ms();
    let err = client()
        .list_tasks_with(&id, &TaskQuery::new(), &options)
        .await
        .expect_err("aborted");
    let elapsed = now_ms() - started;
    assert_eq!(err.kind(), ErrorKind::Aborted, "{err}");
    assert!(!err.is_retryable());
    assert!((150.0..2_000.0).contains(&elapsed), "took {elapsed} ms");
    // An already aborted signal fails at once, and sends nothing (a request would be a
    // network error here).
    let err = Client::new(DEAD_ENDPOINT, PROJECT)
        .list_policies_with(&options)
        .await
        .expect_err("aborted before");
    assert_eq!(err.kind(), ErrorKind::Aborted, "{err}");
    clear_faults().await;
}

/// A caller's signal aborted with any value — a string, `undefined`, `null`, an object, an
/// `Error`, a number — ends the call, and a stream, as `Aborted`, and the module keeps working. The
/// signal is only watched, never handed to `fetch`, and each attempt's own controller aborts
/// without a reason: `controller.abort("…")` on a signal given to fetch would make it reject with
/// the plain string, and a transport that assumed an Error (gloo-net 0.7's `send` does) would
/// panic and take the whole module down.
#[wasm_bindgen_test]
async fn aborting_with_any_value_is_an_aborted_error_not_a_panic() {
    let id = own_policy("abort-reason");
    let reasons: Vec<(&str, JsValue)> = vec![
        ("a string", JsValue::from_str("user cancelled")),
        ("undefined", JsValue::UNDEFINED),
        ("null", JsValue::NULL),
        ("an object", js_sys::Object::new().into()),
        ("an Error", js_sys::Error::new("stop").into()),
        ("a number", JsValue::from_f64(7.0)),
    ];
    let delayed: Vec<_> = reasons
        .iter()
        .flat_map(|_| [json!({"delay_ms": 3000}), json!({"delay_ms": 3000})])
        .collect();
    set_faults(json!({"policy_id": id, "script": delayed})).await;
    for (what, reason) in reasons {
        // During the call.
        let controller = AbortController::new().expect("AbortController");
        let options = RequestOptions::new().signal(controller.signal());
        let abort = controller.clone();
        let value = reason.clone();
        wasm_bindgen_futures::spawn_local(async move {
            sleep_ms(200).await;
            abort.abort_with_reason(&value);
        });
        let err = client()
            .list_tasks_with(&id, &TaskQuery::new(), &options)
            .await
            .expect_err(what);
        assert_eq!(err.kind(), ErrorKind::Aborted, "{what}: {err}");
        // Already aborted: fails at once, and sends nothing (a request would be a network error).
        let err = Client::new(DEAD_ENDPOINT, PROJECT)
            .list_policies_with(&options)
            .await
            .expect_err(what);
        assert_eq!(err.kind(), ErrorKind::Aborted, "{what}: {err}");
        // A stream whose page is in flight.
        let controller = AbortController::new().expect("AbortController");
        let mut pages = client().pages_with(
            &id,
            &TaskQuery::new(),
            Paging::Offset,
            RequestOptions::new().signal(controller.signal()),
        );
        let abort = controller.clone();
        wasm_bindgen_futures::spawn_local(async move {
            sleep_ms(200).await;
            abort.abort_with_reason(&reason);
        });
        let err = pages.next().await.expect("an item").expect_err(what);
        assert_eq!(err.kind(), ErrorKind::Aborted, "{what}: {err}");
        assert!(pages.next().await.is_none(), "{what}: the stream ends");
    }
    clear_faults().await;
    // The module is alive: the next call works.
    assert!(!client()
        .list_policies()
        .await
        .expect("still works")
        .is_empty());
}

#[wasm_bindgen(inline_js = r#"
let realFetch;
export function stubFetch(kind) {
  realFetch = realFetch || globalThis.fetch;
  const stubs = {
    missing: undefined,
    throws: () => { throw "no fetch today"; },
    rejectsWithAString: () => Promise.reject("refused with a string"),
    notAResponse: () => Promise.resolve({ status: 200 }),
    notAPromise: () => 42,
    bodyRejectsWithAString: () => {
      const response = new Response("{}");
      response.arrayBuffer = () => Promise.reject("cut short");
      return Promise.resolve(response);
    },
    bodyStreamErrors: () =>
      Promise.resolve(new Response(new ReadableStream({ start(c) { c.error("cut short"); } }))),
  };
  globalThis.fetch = stubs[kind];
}
export function restoreFetch() {
  if (realFetch) globalThis.fetch = realFetch;
}
"#)]
extern "C" {
    /// Replaces the page's `fetch` with a stub that misbehaves in the way `kind` names.
    #[wasm_bindgen(js_name = stubFetch)]
    fn stub_fetch(kind: &str);
    /// Puts the page's own `fetch` back.
    #[wasm_bindgen(js_name = restoreFetch)]
    fn restore_fetch();
}

/// Why the transport sends and reads the body itself instead of through gloo-net 0.7's `send` and
/// `binary`: each of these `fetch`es would make them panic (or throw through the wasm), which kills
/// the module. Here each is a network error saying what happened, and the module keeps working.
#[wasm_bindgen_test]
async fn a_fetch_that_misbehaves_is_a_network_error_not_a_panic() {
    let client = client().attempts(1);
    for (kind, says) in [
        ("missing", "has no global fetch"),
        ("throws", "no fetch today"),
        ("rejectsWithAString", "refused with a string"),
        ("notAResponse", "not a Response"),
        ("notAPromise", "not a Response"),
        (
            "bodyRejectsWithAString",
            "while reading the body: cut short",
        ),
        ("bodyStreamErrors", "while reading the body"),
    ] {
        stub_fetch(kind);
        let outcome = client.list_policies().await;
        restore_fetch();
        let err = outcome.expect_err(kind);
        assert_eq!(err.kind(), ErrorKind::Network, "{kind}: {err}");
        assert!(err.to_string().contains(says), "{kind}: {err}");
    }
    assert!(!client
        .list_policies()
        .await
        .expect("still works")
        .is_empty());
}

#[wasm_bindgen_test]
async fn aborting_the_signal_mid_stream_ends_the_stream() {
    let id = policy_id("weekly-database").await;
    set_faults(json!({"policy_id": id, "script": [{"delay_ms": 0}, {"delay_ms": 3000}]})).await;
    let controller = AbortController::new().expect("AbortController");
    let mut pages = client().pages_with(
        &id,
        &TaskQuery::new().limit(100),
        Paging::Offset,
        RequestOptions::new().signal(controller.signal()),
    );
    let first = pages.next().await.expect("a page").expect("first page");
    assert_eq!(first.tasks.len(), 100);
    let abort = controller.clone();
    wasm_bindgen_futures::spawn_local(async move {
        sleep_ms(200).await;
        abort.abort();
    });
    let started = now_ms();
    let err = pages.next().await.expect("an item").expect_err("aborted");
    assert_eq!(err.kind(), ErrorKind::Aborted, "{err}");
    assert!(now_ms() - started < 2_000.0);
    assert!(
        pages.next().await.is_none(),
        "the stream ends after its error"
    );
    clear_faults().await;
}

/// Chromium opens at most 6 HTTP/1.1 connections per host. Six requests that are *not* aborted
/// would hold them all for the injected delay, and a seventh request would wait for it.
const CONNECTIONS_PER_HOST: usize = 6;

/// After `count` held requests were dropped, a fresh request to the same server must not wait.
async fn assert_connections_were_freed(what: &str) {
    let started = now_ms();
    client()
        .attempts(1)
        .list_policies()
        .await
        .expect("fresh request");
    let elapsed = now_ms() - started;
    assert!(
        elapsed < 3_000.0,
        "a fresh request waited {elapsed} ms: the {what} kept their connections (not aborted)"
    );
}

#[wasm_bindgen_test]
async fn dropping_a_stream_mid_walk_aborts_its_request() {
    let id = policy_id("<img src=x onerror=alert(1)>").await;
    let mut script = Vec::new();
    for _ in 0..CONNECTIONS_PER_HOST {
        script.push(json!({"delay_ms": 0}));
        script.push(json!({"delay_ms": 8000}));
    }
    set_faults(json!({"policy_id": id, "script": script})).await;
    let client = client().attempts(1);
    let mut streams = Vec::new();
    for _ in 0..CONNECTIONS_PER_HOST {
        let mut pages = client.pages(&id, &TaskQuery::new().limit(5), Paging::Offset);
        let first = pages.next().await.expect("a page").expect("first page");
        assert_eq!(first.tasks.len(), 5);
        // Start the second page, and leave it in flight.
        match future::select(pages.next(), Box::pin(sleep_ms(300))).await {
            Either::Left((item, _)) => panic!("the delayed page came early: {item:?}"),
            Either::Right(((), _)) => {}
        }
        streams.push(pages);
    }
    drop(streams);
    assert_connections_were_freed("dropped streams").await;
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn dropping_a_call_aborts_its_request() {
    let id = own_policy("drop-call");
    let script: Vec<_> = (0..CONNECTIONS_PER_HOST)
        .map(|_| json!({"delay_ms": 8000}))
        .collect();
    set_faults(json!({"policy_id": id, "script": script})).await;
    let client = client().attempts(1);
    let query = TaskQuery::new();
    let mut calls = Vec::new();
    for _ in 0..CONNECTIONS_PER_HOST {
        let mut call = Box::pin(client.list_tasks(&id, &query));
        match future::select(call.as_mut(), Box::pin(sleep_ms(200))).await {
            Either::Left((result, _)) => panic!("the delayed call came early: {result:?}"),
            Either::Right(((), _)) => {}
        }
        calls.push(call);
    }
    drop(calls);
    assert_connections_were_freed("dropped calls").await;
    clear_faults().await;
}

// ---------------------------------------------------------------------------------------------
// Authentication (the second emulator, started with --require-auth)
// ---------------------------------------------------------------------------------------------

fn auth_client() -> Client {
    Client::new(AUTH_ENDPOINT, PROJECT).attempts(1)
}

async fn auth_policy_id(client: &Client, name: &str) -> String {
    client
        .list_policies()
        .await
        .expect("list policies")
        .into_iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no policy {name:?}"))
        .id
}

#[wasm_bindgen_test]
async fn without_credentials_the_auth_emulator_refuses() {
    let err = auth_client().list_policies().await.expect_err("401");
    assert_eq!(err.status(), Some(401), "{err}");
    assert!(err.is_auth());
}

#[wasm_bindgen_test]
async fn a_token_is_accepted() {
    let client = auth_client().token("emulator-token");
    let id = auth_policy_id(&client, "nightly-small").await;
    let page = client
        .list_tasks(&id, &TaskQuery::new().limit(3))
        .await
        .expect("tasks with a token");
    assert_eq!(page.count, 5);
    assert_eq!(page.tasks.len(), 3);
}

#[wasm_bindgen_test]
async fn an_expired_token_is_refused_without_echoing_it() {
    let err = auth_client()
        .token("expired-token")
        .list_policies()
        .await
        .expect_err("401");
    assert_eq!(err.status(), Some(401), "{err}");
    assert!(err.is_auth());
    assert!(!format!("{err} {err:?}").contains("expired-token"), "{err}");
}

#[wasm_bindgen_test]
async fn ak_sk_signed_requests_are_accepted() {
    let client = auth_client().ak_sk("EMULATORAK0000000001", "emulator-secret-key");
    let id = auth_policy_id(&client, "weekly-database").await;
    // Every query parameter goes into the signature's canonical query.
    let query = TaskQuery::new()
        .status(TaskStatus::ExecuteSuccess)
        .sort_dir(SortDir::Asc)
        .sort_key(SortKey::CreatedAt)
        .limit(7)
        .offset(2);
    let page = client.list_tasks(&id, &query).await.expect("signed tasks");
    assert_eq!(page.tasks.len(), 7);
    let next = client
        .list_tasks(
            &id,
            &TaskQuery::new()
                .limit(3)
                .marker(page.tasks[6].job_id.clone()),
        )
        .await
        .expect("signed marker page");
    assert_eq!(next.tasks.len(), 3);
    // A query with characters a URL's serializer could rewrite: the emulator verifies the
    // signature against the URL it received, so one byte changed on the way would be a 401.
    let odd = client
        .list_tasks(&id, &TaskQuery::new().job_id("a b&c=d/é~*'()+%41").limit(1))
        .await
        .expect("a signed query with odd characters");
    assert_eq!(odd.count, 0);
    // A walk is many signed requests, each with a fresh date and its own marker.
    let all: Vec<_> = client
        .tasks(&id, &TaskQuery::new().limit(100), Paging::Marker)
        .map(|t| t.expect("signed walk"))
        .collect()
        .await;
    assert!(all.len() > 300);
}

#[wasm_bindgen_test]
async fn a_wrong_secret_key_is_refused_with_the_gateway_error() {
    let secret = "not-the-emulator-secret";
    let err = auth_client()
        .ak_sk("EMULATORAK0000000001", secret)
        .list_policies()
        .await
        .expect_err("401");
    assert_eq!(err.status(), Some(401), "{err}");
    assert_eq!(err.code(), Some("APIGW.0301"), "{err}");
    assert!(err.request_id().is_some(), "{err}");
    assert!(!format!("{err} {err:?}").contains(secret));
}

/// The hostile-response corpus (tests/hostile/cases.json, also checked natively) served by the
/// emulator's fault script to the real transport: each gives its documented outcome, no response
/// panics the module, and the client works normally afterwards.
#[wasm_bindgen_test]
async fn every_hostile_response_gives_its_documented_outcome_and_the_module_survives() {
    let corpus: serde_json::Value =
        serde_json::from_str(include_str!("hostile/cases.json")).expect("the corpus reads");
    let cases = corpus["cases"].as_array().expect("cases");
    assert!(cases.len() >= 30);
    let policy = own_policy("hostile");
    let script: Vec<serde_json::Value> = cases
        .iter()
        .map(|case| {
            let mut step = json!({"status": case["status"], "content_type": case["content_type"]});
            for key in ["body", "body_base64"] {
                if !case[key].is_null() {
                    step[key] = case[key].clone();
                }
            }
            step
        })
        .collect();
    // One plan per case keeps each POST under the server's 64 KiB body limit.
    clear_faults().await;
    for step in script {
        add_faults(json!({"policy_id": policy, "script": [step]})).await;
    }
    // One attempt each: a retried 502/503 would consume the next case's scripted answer.
    let client = client().attempts(1);
    for case in cases {
        let name = case["name"].as_str().unwrap_or("?");
        let expect = &case["expect"];
        let outcome = client.list_tasks(&policy, &TaskQuery::new()).await;
        match (expect["kind"].as_str(), outcome) {
            (Some("ok"), Ok(page)) => {
                assert_eq!(Some(page.count), expect["count"].as_u64(), "{name}");
                if let Some(status) = expect["first_status"].as_str() {
                    assert_eq!(page.tasks[0].status.as_str(), status, "{name}");
                }
            }
            (Some("decode"), Err(err)) => {
                assert_eq!(err.kind(), ErrorKind::Decode, "{name}: {err}");
                if let Some(field) = expect["field"].as_str() {
                    assert_eq!(err.field(), Some(field), "{name}: {err}");
                }
            }
            (Some("http"), Err(err)) => {
                assert_eq!(err.kind(), ErrorKind::Http, "{name}: {err}");
                assert_eq!(
                    err.status().map(u64::from),
                    expect["status"].as_u64(),
                    "{name}: {err}"
                );
                assert_eq!(err.code(), expect["code"].as_str(), "{name}: {err}");
            }
            (kind, other) => panic!("{name}: expected {kind:?}, got {other:?}"),
        }
    }
    clear_faults().await;
    let policies = client
        .list_policies()
        .await
        .expect("the module still works");
    assert_eq!(policies.len(), 6);
}
