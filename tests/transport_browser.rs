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
//!
//! One test binary (each wasm test binary links the whole crate); its tests stand by theme in
//! `transport_browser/`: single requests, paging, retries and time budgets, aborts and a
//! misbehaving `fetch`, auth, and hostile responses. This file holds the helpers they share.
#![cfg(target_arch = "wasm32")]

#[path = "transport_browser/aborts.rs"]
mod aborts;
#[path = "transport_browser/auth.rs"]
mod auth;
#[path = "transport_browser/hostile.rs"]
mod hostile;
#[path = "transport_browser/paging.rs"]
mod paging;
#[path = "transport_browser/requests.rs"]
mod requests;
#[path = "transport_browser/retries.rs"]
mod retries;

use gloo_timers::future::TimeoutFuture;
use serde_json::json;
use vbs_tasks::transport::Client;
use wasm_bindgen_test::*;

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
