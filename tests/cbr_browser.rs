//! The CBR calls of the browser client against the emulator, in headless Chromium: the same two
//! emulators as `transport_browser.rs` (`VBS_TEST_ENDPOINT` open, `VBS_TEST_AUTH_ENDPOINT` with
//! `--require-auth`), frozen clock.
//!
//! Fault scripts for CBR are keyed by the vault ID for a list filtered by `vault_id`, and by
//! `"cbr"` for every other CBR request (server/README.md); each test clears them when it ends.
#![cfg(target_arch = "wasm32")]

use std::collections::HashSet;

use futures::StreamExt;
use gloo_timers::future::TimeoutFuture;
use serde_json::json;
use vbs_tasks::transport::{Client, RequestOptions};
use vbs_tasks::{CbrPolicyQuery, ErrorKind, OpLogQuery, OpLogStatus, OperationType, VaultQuery};
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
const DEAD_ENDPOINT: &str = "http://127.0.0.1:9";

fn client() -> Client {
    Client::new(ENDPOINT, PROJECT)
}

async fn post_faults(plan: serde_json::Value) {
    let response = gloo_net::http::Request::post(&format!("{ENDPOINT}/__emulator/faults"))
        .header("Content-Type", "application/json")
        .body(plan.to_string())
        .expect("fault plan body")
        .send()
        .await
        .expect("POST /__emulator/faults");
    assert_eq!(response.status(), 204, "POST /__emulator/faults");
}

async fn clear_faults() {
    let response = gloo_net::http::Request::delete(&format!("{ENDPOINT}/__emulator/faults"))
        .send()
        .await
        .expect("DELETE /__emulator/faults");
    assert_eq!(response.status(), 204, "DELETE /__emulator/faults");
}

/// The vault with the most logs, and how many it has.
async fn biggest_vault() -> (String, u64) {
    let vaults = client()
        .list_vaults(&VaultQuery::new())
        .await
        .expect("list vaults");
    assert!(
        vaults.vaults.len() >= 2,
        "the emulator has a vault per policy"
    );
    let mut biggest = (String::new(), 0);
    for vault in vaults.vaults {
        let page = client()
            .list_operation_logs(&OpLogQuery::new().vault_id(vault.id.clone()).limit(1))
            .await
            .expect("one log of a vault");
        if page.count > biggest.1 {
            biggest = (vault.id, page.count);
        }
    }
    biggest
}

/// Every log of a vault by the stream, as IDs, failing on any error.
async fn stream_ids(client: Client, vault: &str, limit: u32) -> Vec<String> {
    client
        .operation_logs(&OpLogQuery::new().vault_id(vault).limit(limit))
        .map(|log| log.expect("a log").id)
        .collect()
        .await
}

fn assert_each_once(ids: &[String], count: u64) {
    let distinct: HashSet<&String> = ids.iter().collect();
    assert_eq!(distinct.len(), ids.len(), "a log came twice");
    assert_eq!(ids.len() as u64, count, "every log of the vault");
}

#[wasm_bindgen_test]
async fn every_log_of_the_biggest_vault_comes_once_by_the_stream_and_by_offset() {
    let (vault, count) = biggest_vault().await;
    assert!(
        count > 100,
        "the biggest vault spans several pages ({count})"
    );
    let streamed = stream_ids(client(), &vault, 97).await;
    assert_each_once(&streamed, count);
    // The same logs, in the same order, page by page.
    let mut paged = Vec::new();
    let mut pages =
        client().operation_log_pages(&OpLogQuery::new().vault_id(vault.as_str()).limit(250));
    while let Some(page) = pages.next().await {
        let page = page.expect("a page");
        assert_eq!(page.count, count);
        paged.extend(page.operation_logs.into_iter().map(|log| log.id));
    }
    assert_eq!(paged, streamed);
    // Newest first, as the contract's emulator orders them.
    let page = client()
        .list_operation_logs(&OpLogQuery::new().vault_id(vault.as_str()).limit(50))
        .await
        .expect("a page");
    assert!(page
        .operation_logs
        .windows(2)
        .all(|pair| pair[0].created_at >= pair[1].created_at));
}

#[wasm_bindgen_test]
async fn under_injected_faults_every_log_still_comes_once() {
    let (vault, count) = biggest_vault().await;
    let unavailable = json!({"status": 503, "retry_after": 0});
    post_faults(json!({"policy_id": vault, "script": [
        unavailable, {"status": 502}, {"delay_ms": 50}, unavailable, {"drop": true}, unavailable
    ]}))
    .await;
    let streamed = stream_ids(client().attempts(4), &vault, 100).await;
    assert_each_once(&streamed, count);
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn a_server_that_ignores_the_offset_ends_the_stream_with_an_error() {
    let (vault, _) = biggest_vault().await;
    post_faults(json!({"policy_id": vault, "script": [], "repeat_page": true})).await;
    let items: Vec<_> = client()
        .operation_logs(&OpLogQuery::new().vault_id(vault.as_str()).limit(10))
        .collect()
        .await;
    // The first page's 10 logs, one error, the end: no loop, no log twice.
    assert_eq!(items.len(), 11);
    let err = items[10].as_ref().expect_err("the loop guard");
    assert_eq!(err.kind(), ErrorKind::Decode, "{err}");
    assert_eq!(err.field(), Some("operation_logs"), "{err}");
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn aborting_mid_stream_ends_the_stream_as_aborted() {
    let (vault, _) = biggest_vault().await;
    post_faults(json!({"policy_id": vault, "script": [{"delay_ms": 0}, {"delay_ms": 5000}]})).await;
    let controller = AbortController::new().expect("AbortController");
    let mut pages = client().operation_log_pages_with(
        &OpLogQuery::new().vault_id(vault.as_str()).limit(50),
        RequestOptions::new().signal(controller.signal()),
    );
    let first = pages.next().await.expect("a page").expect("the first page");
    assert_eq!(first.operation_logs.len(), 50);
    let abort = controller.clone();
    wasm_bindgen_futures::spawn_local(async move {
        TimeoutFuture::new(100).await;
        abort.abort();
    });
    let err = pages.next().await.expect("an item").expect_err("aborted");
    assert_eq!(err.kind(), ErrorKind::Aborted, "{err}");
    assert!(
        pages.next().await.is_none(),
        "the stream ends after its error"
    );
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn invalid_queries_fail_before_any_request() {
    // Against an endpoint nothing listens on: a request would be a network error.
    let dead = Client::new(DEAD_ENDPOINT, PROJECT);
    let cases = [
        (OpLogQuery::new().limit(0), "limit"),
        (OpLogQuery::new().limit(1001), "limit"),
        (
            OpLogQuery::new().start_time("2026-11-20 08:00:00"),
            "start_time",
        ),
        (
            OpLogQuery::new()
                .start_time("2026-11-20T08:00:00Z")
                .end_time("2026-11-19T08:00:00Z"),
            "start_time",
        ),
        (
            OpLogQuery::new().status(OpLogStatus::from_wire("finished")),
            "status",
        ),
        (OpLogQuery::new().vault_id(""), "vault_id"),
    ];
    for (query, field) in cases {
        let err = dead.list_operation_logs(&query).await.expect_err("invalid");
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{query}: {err}");
        assert_eq!(err.field(), Some(field), "{query}: {err}");
        let streamed: Vec<_> = dead.operation_logs(&query).collect().await;
        assert_eq!(streamed.len(), 1, "one error, nothing sent");
        assert_eq!(
            streamed[0].as_ref().map(drop).unwrap_err().kind(),
            ErrorKind::InvalidInput
        );
    }
    let err = dead
        .list_vaults(&VaultQuery::new().limit(0))
        .await
        .expect_err("invalid");
    assert_eq!(err.field(), Some("limit"));
    let err = dead
        .list_cbr_policies(&CbrPolicyQuery::new().operation_type("restore"))
        .await
        .expect_err("invalid");
    assert_eq!(err.field(), Some("operation_type"));
}

#[wasm_bindgen_test]
async fn the_service_errors_are_typed_with_their_codes() {
    let unknown = client()
        .show_operation_log("no-such-log")
        .await
        .expect_err("unknown log");
    assert_eq!(unknown.status(), Some(404));
    assert_eq!(unknown.code(), Some("BackupService.6500"), "{unknown}");
    let anonymous = Client::new(AUTH_ENDPOINT, PROJECT)
        .attempts(1)
        .list_operation_logs(&OpLogQuery::new().limit(1))
        .await
        .expect_err("no token");
    assert_eq!(anonymous.status(), Some(401));
    assert_eq!(anonymous.code(), Some("APIGW.0301"), "{anonymous}");
    assert!(anonymous.is_auth());
    let secret = "wrong-token-1234567890";
    let wrong = Client::new(AUTH_ENDPOINT, PROJECT)
        .token(secret)
        .list_vaults(&VaultQuery::new())
        .await
        .expect_err("wrong token");
    assert_eq!(wrong.status(), Some(401));
    assert!(
        !format!("{wrong} {wrong:?}").contains(secret),
        "the token leaked"
    );
    let authorised = Client::new(AUTH_ENDPOINT, PROJECT)
        .token("emulator-token")
        .list_operation_logs(&OpLogQuery::new().limit(1))
        .await
        .expect("the emulator's token");
    assert_eq!(authorised.operation_logs.len(), 1);
    // An HTML error page in place of a list is a decode error, not a crash.
    post_faults(json!({"policy_id": "cbr", "script": [
        {"status": 200, "content_type": "text/html", "body": "<html><body>502 Bad Gateway</body></html>"}
    ]}))
    .await;
    let html = client()
        .attempts(1)
        .list_vaults(&VaultQuery::new())
        .await
        .expect_err("html");
    assert_eq!(html.kind(), ErrorKind::Decode, "{html}");
    clear_faults().await;
}

#[wasm_bindgen_test]
async fn a_policy_leads_to_its_vault_and_its_tasks() {
    let policies = client()
        .list_cbr_policies(&CbrPolicyQuery::new().operation_type("backup"))
        .await
        .expect("policies");
    assert!(policies
        .policies
        .iter()
        .all(|p| p.operation_type == "backup"));
    let policy = policies
        .policies
        .iter()
        .find(|p| p.name == "daily-volumes")
        .expect("the VBS policy's CBR twin");
    let vaults = client()
        .list_vaults(&VaultQuery::new().policy_id(policy.id.as_str()))
        .await
        .expect("its vaults");
    assert_eq!(vaults.vaults.len(), 1);
    let vault = &vaults.vaults[0];
    assert_eq!(policy.associated_vaults[0].vault_id, vault.id);
    let back = client()
        .list_cbr_policies(&CbrPolicyQuery::new().vault_id(vault.id.as_str()))
        .await
        .expect("the vault's policies");
    assert!(back.policies.iter().any(|p| p.id == policy.id));
    // Its failed backups, each shown alike by the one-log call.
    let failed = client()
        .list_operation_logs(
            &OpLogQuery::new()
                .vault_id(vault.id.as_str())
                .operation_type(OperationType::Backup)
                .status(OpLogStatus::Failed)
                .limit(5),
        )
        .await
        .expect("failed backups");
    assert!(!failed.operation_logs.is_empty());
    for log in &failed.operation_logs {
        assert_eq!(log.status, OpLogStatus::Failed);
        assert_eq!(log.policy_id.as_deref(), Some(policy.id.as_str()));
        assert!(!log.error_info.code.is_empty(), "a failure says why");
        let one = client().show_operation_log(&log.id).await.expect("one log");
        assert_eq!(&one, log);
    }
}
